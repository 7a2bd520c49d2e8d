namespace AssetForge.Onnx.Tests.Pipeline;

using AssetForge.Abstractions.Plugins;
using AssetForge.Onnx.Pipeline;

/// <summary>
/// How a requested provider becomes the one used. The start check is passed in so that a GPU
/// provider that starts, and one that does not, can both be chosen between on this CPU machine;
/// the real check (<see cref="ExecutionProviderProbe"/>) is tested on the CPU provider.
/// </summary>
public sealed class ExecutionProviderChoiceTests
{
    private static readonly string[] CudaBuild = ["cuda", "cpu"];

    [Test]
    public void Auto_takes_the_gpu_provider_when_it_starts()
    {
        Assert.That(ExecutionProviders.Resolve("auto", CudaBuild, _ => null), Is.EqualTo("cuda"));
    }

    [Test]
    public void Auto_takes_the_cpu_provider_when_the_gpu_provider_does_not_start()
    {
        Assert.That(ExecutionProviders.Resolve("auto", CudaBuild, _ => "libcudart.so.13 not found"), Is.EqualTo("cpu"));
    }

    [Test]
    public void A_named_provider_that_starts_is_used()
    {
        Assert.That(ExecutionProviders.Resolve("CUDA", CudaBuild, _ => null), Is.EqualTo("cuda"));
    }

    [Test]
    public void A_named_provider_that_does_not_start_is_refused_naming_what_to_install_and_never_replaced()
    {
        var exception = Assert.Throws<PluginException>(() => ExecutionProviders.Resolve("cuda", CudaBuild, _ => "libcudnn.so.9 not found"));
        Assert.That(exception!.Code, Is.EqualTo("AF3001"));
        Assert.That(exception.Message, Does.Contain("libcudnn.so.9 not found").And.Contain("CUDA 13").And.Contain("cuDNN 9").And.Contain("--execution-provider cpu"));
    }

    [Test]
    public void Cuda_in_the_cpu_build_names_the_cuda_variants_to_install()
    {
        var exception = Assert.Throws<PluginException>(() => ExecutionProviders.Resolve("cuda", ["cpu"], _ => null));
        Assert.That(exception!.Message, Does.Contain("AssetForge.Cli.Cuda.Linux").And.Contain("AssetForge.MSBuild.Cuda.Windows"));
    }

    [Test]
    public void The_cpu_provider_starts_on_the_probe_model()
    {
        Assert.That(ExecutionProviderProbe.Start("cpu"), Is.Null);
    }

    [Test]
    public void The_probe_keeps_only_the_failing_library_of_onnx_runtimes_message()
    {
        const string message = "[ErrorCode:Fail] /onnxruntime_src/onnxruntime/core/session/provider_bridge_ort.cc:2059 onnxruntime::ProviderLibrary::Get() [ONNXRuntimeError] : 1 : FAIL : Failed to load library /x/libonnxruntime_providers_cuda.so with error: libcublasLt.so.13: cannot open shared object file: No such file or directory";
        Assert.That(ExecutionProviderProbe.Reason(message), Is.EqualTo("libcublasLt.so.13: cannot open shared object file: No such file or directory"));
    }

    [Test]
    public void This_build_is_the_cpu_variant()
    {
        Assert.That(OnnxRuntimeVariant.Current, Is.EqualTo("cpu"));
    }
}
