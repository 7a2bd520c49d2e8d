namespace AssetForge.Cli.Verbs;

using System.Diagnostics;
using AssetForge.Abstractions.Models;
using AssetForge.Abstractions.Plugins;
using AssetForge.Cli.CommandLine;
using AssetForge.Cli.Output;
using AssetForge.Core.Build;
using AssetForge.Core.Diagnostics;
using Microsoft.Extensions.Options;

/// <summary>
/// <c>assetforge model random --like sd15 DIR</c>: asks the built-in model backend to write a
/// random-weight checkpoint of a real architecture, which a <c>models:</c> entry then names like
/// any diffusers folder (compiled on first use).
/// </summary>
public sealed class ModelVerb
{
    private readonly BuildEngine _engine;
    private readonly CliConsole _console;
    private readonly OutputOptions _output;

    /// <summary>Creates the verb.</summary>
    public ModelVerb(BuildEngine engine, CliConsole console, IOptions<OutputOptions> output)
    {
        _engine = engine;
        _console = console;
        _output = output.Value;
    }

    /// <summary>Writes the checkpoint and returns the exit code.</summary>
    public int Random(string like, ulong seed, string directory, CancellationToken cancellationToken)
    {
        var diagnostics = new DiagnosticWriter(_console.Error, _output.Verbosity);
        if (_engine.FindBuiltinBackend<IRandomCheckpointWriter>() is not { } writer)
        {
            diagnostics.Write(Diagnostic.Error(CliDiagnosticCodes.BadUsage, "No loaded model backend writes random checkpoints (the built-in onnx plugin does)."));
            return ExitCodes.Failed;
        }

        if (!writer.RandomCheckpointKinds.Contains(like, StringComparer.Ordinal))
        {
            diagnostics.Write(Diagnostic.Error(CliDiagnosticCodes.BadUsage, $"--like '{like}' is not an architecture it writes; use one of: {string.Join(", ", writer.RandomCheckpointKinds)}."));
            return ExitCodes.BadUsage;
        }

        var target = Path.GetFullPath(directory);
        var clock = Stopwatch.StartNew();
        try
        {
            writer.WriteRandomCheckpoint(like, target, seed, cancellationToken);
        }
        catch (PluginException e)
        {
            diagnostics.Write(Diagnostic.Error(e.Code, e.Message));
            return ExitCodes.Failed;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Write(Diagnostic.Error(CliDiagnosticCodes.BadUsage, $"Could not write '{target}': {e.Message}"));
            return ExitCodes.Failed;
        }

        if (_output.Verbosity >= Verbosity.Minimal)
        {
            _console.Out.WriteLine($"wrote a random {like} checkpoint (seed {seed}) to {target} in {clock.Elapsed.TotalSeconds:F1}s");
        }

        return ExitCodes.Success;
    }
}
