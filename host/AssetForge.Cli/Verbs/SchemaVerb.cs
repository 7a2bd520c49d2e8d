namespace AssetForge.Cli.Verbs;

using System.Text;
using AssetForge.Cli.CommandLine;
using AssetForge.Cli.Output;
using AssetForge.Core.Caching;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Specs.Schema;
using Microsoft.Extensions.Options;

/// <summary>
/// <c>assetforge schema [--out DIR]</c>: writes the JSON Schemas of spec files and assetforge.yaml
/// that this version of the tool validates against, for editors (VS Code, Rider) to complete
/// fields and flag mistakes; without <c>--out</c> it prints the spec schema.
/// </summary>
public sealed class SchemaVerb
{
    private readonly CliConsole _console;
    private readonly OutputOptions _output;

    /// <summary>Creates the verb.</summary>
    public SchemaVerb(CliConsole console, IOptions<OutputOptions> output)
    {
        _console = console;
        _output = output.Value;
    }

    /// <summary>Writes or prints the schemas and returns the exit code.</summary>
    public int Run(string? outDirectory)
    {
        if (outDirectory is null)
        {
            _console.Out.Write(SpecJsonSchema.Spec());
            return ExitCodes.Success;
        }

        try
        {
            foreach (var path in Write(Path.GetFullPath(outDirectory)))
            {
                if (_output.Verbosity >= Verbosity.Minimal)
                {
                    _console.Out.WriteLine($"wrote {path}");
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            new DiagnosticWriter(_console.Error, _output.Verbosity).Write(Diagnostic.Error(CliDiagnosticCodes.BadUsage, $"Could not write the schemas to '{outDirectory}': {e.Message}"));
            return ExitCodes.Failed;
        }

        return ExitCodes.Success;
    }

    /// <summary>Writes both schema files into <paramref name="directory"/> (created if missing) and returns their paths.</summary>
    public static IReadOnlyList<string> Write(string directory)
    {
        Directory.CreateDirectory(directory);
        var spec = Path.Combine(directory, SpecJsonSchema.SpecFileName);
        var config = Path.Combine(directory, SpecJsonSchema.ConfigFileName);
        AtomicFile.Write(spec, Encoding.UTF8.GetBytes(SpecJsonSchema.Spec()));
        AtomicFile.Write(config, Encoding.UTF8.GetBytes(SpecJsonSchema.Config()));
        return [spec, config];
    }
}
