namespace AssetForge.Cli.Verbs;

using AssetForge.Cli.CommandLine;
using AssetForge.Cli.Output;
using AssetForge.Core.Build;
using AssetForge.Core.Imaging;
using Microsoft.Extensions.Options;

/// <summary>
/// <c>assetforge verify [project-dir] [--asset ID]… [--tolerance N]</c>: regenerates assets without
/// touching the cache or the outputs and compares each with its cached image, like Unity's
/// <c>-consistencyCheck</c>. Per asset: identical, within tolerance (no channel off by more than N),
/// or different, with the figures. Exit 0 when all are identical or within tolerance, 1 otherwise.
/// </summary>
public sealed class VerifyVerb
{
    private readonly BuildEngine _engine;
    private readonly CliConsole _console;
    private readonly OutputOptions _output;

    /// <summary>Creates the verb.</summary>
    public VerifyVerb(BuildEngine engine, CliConsole console, IOptions<OutputOptions> output)
    {
        _engine = engine;
        _console = console;
        _output = output.Value;
    }

    /// <summary>Verifies and returns the exit code.</summary>
    public async Task<int> RunAsync(string projectDirectory, IReadOnlyList<string>? assetIds, int tolerance, string? executionProvider, CancellationToken cancellationToken)
    {
        var diagnostics = new DiagnosticWriter(_console.Error, _output.Verbosity);
        if (ProjectDirectory.ResolveProject(projectDirectory, diagnostics) is not { } project)
        {
            return ExitCodes.BadUsage;
        }

        var (assets, problems, exitCode) = await _engine.RegenerateAsync(project, assetIds, executionProvider, cancellationToken).ConfigureAwait(false);
        diagnostics.WriteAll(problems);
        if (exitCode == ExitCodes.BadUsage)
        {
            return ExitCodes.BadUsage;
        }

        var toolkit = _engine.FindImageToolkit(project);
        int identical = 0, within = 0, different = 0, failed = 0;
        foreach (var asset in assets)
        {
            if (asset.Cached is null || asset.Regenerated is null || toolkit is null)
            {
                failed++;
                _console.Out.WriteLine($"failed    {asset.Id}: {asset.Problem?.Message ?? "no image toolkit to compare with"}");
                continue;
            }

            var comparison = ImageComparer.Compare(toolkit.Decode(asset.Cached), toolkit.Decode(asset.Regenerated));
            string state;
            if (comparison.Identical)
            {
                identical++;
                state = "identical";
            }
            else if (comparison.WithinTolerance(tolerance))
            {
                within++;
                state = "within-tolerance";
            }
            else
            {
                different++;
                state = "different";
            }

            var figures = comparison.Identical ? string.Empty : $" ({ComparisonText.Format(comparison)})";
            _console.Out.WriteLine($"{state,-9} {asset.Id}{figures}");
        }

        if (_output.Verbosity > Verbosity.Quiet)
        {
            _console.Out.WriteLine($"{identical} identical, {within} within tolerance {tolerance}, {different} different, {failed} failed");
        }

        return different + failed == 0 ? ExitCodes.Success : ExitCodes.Failed;
    }
}
