namespace AssetForge.Cli.Verbs;

using AssetForge.Cli.CommandLine;
using AssetForge.Cli.Output;
using AssetForge.Core.Build;
using Microsoft.Extensions.Options;

/// <summary><c>assetforge clean [project-dir]</c>: removes outputs and build state, never the cache's blobs.</summary>
public sealed class CleanVerb
{
    private readonly BuildEngine _engine;
    private readonly CliConsole _console;
    private readonly OutputOptions _output;

    /// <summary>Creates the verb.</summary>
    public CleanVerb(BuildEngine engine, CliConsole console, IOptions<OutputOptions> output)
    {
        _engine = engine;
        _console = console;
        _output = output.Value;
    }

    /// <summary>Cleans the project and returns the exit code.</summary>
    public async Task<int> RunAsync(string projectDirectory, CancellationToken cancellationToken)
    {
        var diagnostics = new DiagnosticWriter(_console.Error, _output.Verbosity);
        if (ProjectDirectory.ResolveProject(projectDirectory, diagnostics) is not { } project)
        {
            return ExitCodes.BadUsage;
        }

        var removed = await _engine.CleanAsync(project, cancellationToken).ConfigureAwait(false);
        if (_output.Verbosity >= Verbosity.Minimal)
        {
            _console.Out.WriteLine($"removed {removed} files; the cache is kept");
        }

        return ExitCodes.Success;
    }
}
