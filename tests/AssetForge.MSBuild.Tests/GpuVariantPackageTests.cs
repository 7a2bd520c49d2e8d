namespace AssetForge.MSBuild.Tests;

using System.IO.Compression;
using System.Reflection;
using AssetForge.MSBuild.Tests.Infrastructure;

/// <summary>
/// The CUDA variants (<c>-p:AssetForgeOnnxRuntime=cuda-linux</c>) pack on a machine without a GPU:
/// the dotnet tool AssetForge.Cli.Cuda.Linux and the package AssetForge.MSBuild.Cuda.Linux, each
/// with ONNX Runtime's CUDA provider; the packed tool, asked for CUDA where CUDA is missing, fails
/// with AF3001 naming what to install, never a stack trace.
/// </summary>
[Category("Slow")]
public sealed class GpuVariantPackageTests
{
    private const string CudaProvider = "plugins/AssetForge.Onnx/runtimes/linux-x64/native/libonnxruntime_providers_cuda.so";
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(15);
    private string _feed = null!;
    private string _repoRoot = null!;

    [OneTimeSetUp]
    public async Task PackTheCudaVariants()
    {
        _repoRoot = typeof(GpuVariantPackageTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;
        _feed = Path.Combine(Path.GetTempPath(), $"assetforge-cuda-pack-{Guid.NewGuid():N}");
        foreach (var project in new[] { "host/AssetForge.Cli/AssetForge.Cli.csproj", "host/AssetForge.MSBuild/AssetForge.MSBuild.csproj" })
        {
            var result = await DotnetCommand.RunAsync(_repoRoot, new Dictionary<string, string>(), PackTimeout, "pack", Path.Combine(_repoRoot, project), "-c", "Release", "-p:AssetForgeOnnxRuntime=cuda-linux", "-o", _feed, "-nodeReuse:false");
            Assert.That(result.ExitCode, Is.EqualTo(0), result.Output);
        }
    }

    [OneTimeTearDown]
    public void DeleteFeed() => Directory.Delete(_feed, recursive: true);

    [Test]
    public void The_cuda_tool_package_carries_onnx_runtimes_cuda_provider_next_to_the_cli()
    {
        using var package = ZipFile.OpenRead(Package("AssetForge.Cli.Cuda.Linux"));
        var entries = package.Entries.Select(e => e.FullName).ToList();
        Assert.That(entries, Does.Contain($"tools/net10.0/any/{CudaProvider}").And.Contain("tools/net10.0/any/assetforge.dll"));
        Assert.That(entries.Where(e => e.Contains("/runtimes/win-", StringComparison.Ordinal)), Is.Empty, "a Linux variant carries no Windows natives");
    }

    [Test]
    public void The_cuda_msbuild_package_carries_the_provider_and_props_named_for_its_id()
    {
        using var package = ZipFile.OpenRead(Package("AssetForge.MSBuild.Cuda.Linux"));
        var entries = package.Entries.Select(e => e.FullName).ToList();
        Assert.That(entries, Does.Contain($"tools/cli/{CudaProvider}").And.Contain("build/AssetForge.MSBuild.Cuda.Linux.props").And.Contain("build/AssetForge.MSBuild.Cuda.Linux.targets"));
    }

    [Test]
    public async Task The_packed_cuda_tool_asked_for_cuda_without_cuda_fails_with_AF3001_and_no_stack_trace()
    {
        if (File.Exists("/dev/nvidiactl"))
        {
            Assert.Ignore("This machine has an NVIDIA driver: benchmarks/gpu/check.sh checks the CUDA variant there.");
        }

        var tool = Path.Combine(_feed, "tool");
        ZipFile.ExtractToDirectory(Package("AssetForge.Cli.Cuda.Linux"), tool);
        var project = Path.Combine(_feed, "game");
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "assetforge.yaml"), "output: out\ncache: .assetforge/cache\ndefaults: { model: 'builtin:tiny', steps: 2, width: 64, height: 64 }\n");
        File.WriteAllText(Path.Combine(project, "icon.yaml"), "output: icon.png\nprompt: \"red potion\"\nseed: 1\n");

        var result = await DotnetCommand.RunAsync(project, new Dictionary<string, string>(), Path.Combine(tool, "tools", "net10.0", "any", "assetforge.dll"), "build", project, "--execution-provider", "cuda");

        Assert.That(result.ExitCode, Is.EqualTo(1), result.Output);
        // The asset takes its model from defaults:, so the error points at that model: field.
        Assert.That(result.Output, Does.Contain("assetforge.yaml(3,20): error AF3001: Execution provider 'cuda' cannot start on this machine").And.Contain("cuDNN 9"));
        Assert.That(result.Output, Does.Not.Contain("   at "), "no stack trace");
        Assert.That(File.Exists(Path.Combine(project, "out", "icon.png")), Is.False, "no silent fall-back to the CPU");
    }

    private string Package(string id) => Directory.GetFiles(_feed, $"{id}.0.*.nupkg").Single();
}
