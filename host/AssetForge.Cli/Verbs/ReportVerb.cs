namespace AssetForge.Cli.Verbs;

using AssetForge.Cli.CommandLine;
using AssetForge.Cli.Output;
using AssetForge.Cli.Report;
using AssetForge.Core.Build;
using AssetForge.Core.Caching;
using Microsoft.Extensions.Options;

/// <summary>
/// <c>assetforge report [project-dir] [--out dir]</c>: writes <c>index.html</c>, a static page of
/// the project's assets (see <see cref="ReportPage"/>), to <c>--out</c> (default: <c>report/</c>
/// in the project). It opens no model and builds nothing: stale and missing assets are marked.
/// </summary>
public sealed class ReportVerb
{
    private readonly BuildEngine _engine;
    private readonly CliConsole _console;
    private readonly OutputOptions _output;

    /// <summary>Creates the verb.</summary>
    public ReportVerb(BuildEngine engine, CliConsole console, IOptions<OutputOptions> output)
    {
        _engine = engine;
        _console = console;
        _output = output.Value;
    }

    /// <summary>Writes the report and returns the exit code (0, or 2 for an unusable project).</summary>
    public async Task<int> RunAsync(string projectDirectory, string? outDirectory, CancellationToken cancellationToken)
    {
        var diagnostics = new DiagnosticWriter(_console.Error, _output.Verbosity);
        if (ProjectDirectory.ResolveProject(projectDirectory, diagnostics) is not { } project)
        {
            return ExitCodes.BadUsage;
        }

        var overview = await _engine.DescribeAsync(project, cancellationToken).ConfigureAwait(false);
        diagnostics.WriteAll(overview.Diagnostics);
        if (overview.ExitCode == ExitCodes.BadUsage)
        {
            return ExitCodes.BadUsage;
        }

        var directory = Path.GetFullPath(outDirectory ?? Path.Combine(project, "report"));
        Directory.CreateDirectory(directory);
        var page = Path.Combine(directory, "index.html");
        await AtomicFile.WriteAsync(page, System.Text.Encoding.UTF8.GetBytes(ReportPage.Render(overview, directory)), cancellationToken).ConfigureAwait(false);
        _console.Out.WriteLine($"report: {page} ({overview.Assets.Count} assets)");
        return ExitCodes.Success;
    }
}
