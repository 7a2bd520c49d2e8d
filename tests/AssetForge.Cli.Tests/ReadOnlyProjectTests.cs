namespace AssetForge.Cli.Tests;

using System.Diagnostics;
using AssetForge.Cli.Tests.Infrastructure;
using AssetForge.Core.Tests.Caching;

/// <summary>A project (and its cache) on a read-only file system: the build fails its assets and exits, never waits on a lock it cannot create.</summary>
[Category("Slow")]
public sealed class ReadOnlyProjectTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    [TestCase("build")]
    [TestCase("build", "--force")]
    public async Task A_build_of_a_read_only_project_exits_with_an_error_instead_of_spinning_on_a_lock(params string[] args)
    {
        using var project = TestProject.CreateWithTwoIcons();
        var first = await project.RunAsync("build");
        Assume.That(first.ExitCode, Is.EqualTo(0), first.StandardError);
        File.Delete(project.OutputOf("icons/potion_red.png"));
        using var readOnly = ReadOnlyFolder.Make(project.Directory);

        string[] arguments = [.. args.Take(1), project.Directory, .. args.Skip(1)];
        using var process = Cli.Start(project.Directory, arguments);
        var result = await Cli.FinishAsync(process, process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync(), Stopwatch.StartNew(), arguments, Limit);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.StandardError);
        Assert.That(result.StandardError, Does.Contain("error AF4005"));
    }
}
