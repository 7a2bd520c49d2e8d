namespace AssetForge.Cli.Verbs;

using AssetForge.Cli.CommandLine;
using AssetForge.Cli.Output;
using AssetForge.Core.Build;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Hashing;
using AssetForge.Core.Imaging;
using Microsoft.Extensions.Options;

/// <summary>
/// <c>assetforge explain image.png [project-dir]</c>: prints the PNG's <c>parameters</c> and
/// <c>assetforge</c> chunks and says whether the project's current specs still produce its key.
/// Exit 0 when some asset produces it, 1 when none does (stale or unknown), 2 when the file
/// cannot be read or carries no AssetForge metadata.
/// </summary>
public sealed class ExplainVerb
{
    private readonly BuildEngine _engine;
    private readonly CliConsole _console;
    private readonly OutputOptions _output;

    /// <summary>Creates the verb.</summary>
    public ExplainVerb(BuildEngine engine, CliConsole console, IOptions<OutputOptions> output)
    {
        _engine = engine;
        _console = console;
        _output = output.Value;
    }

    /// <summary>Explains the image and returns the exit code.</summary>
    public async Task<int> RunAsync(string imagePath, string projectDirectory, CancellationToken cancellationToken)
    {
        var diagnostics = new DiagnosticWriter(_console.Error, _output.Verbosity);
        byte[] png;
        try
        {
            png = await File.ReadAllBytesAsync(imagePath, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Write(Diagnostic.Error(ImagingCodes.UnreadableImage, $"Cannot read the file: {e.Message}", SourceLocation.FileOnly(imagePath)));
            return ExitCodes.BadUsage;
        }

        var texts = PngTextReader.Read(png);
        var chunk = texts?.FirstOrDefault(t => t.Key == GenerationMetadata.AssetForgeKeyword).Value;
        if (texts is null || chunk is null || GenerationMetadata.ParseAssetForgeText(chunk) is not { } metadata)
        {
            diagnostics.Write(Diagnostic.Error(ImagingCodes.UnreadableImage, texts is null ? "Not a PNG file." : "The PNG carries no AssetForge metadata (an 'assetforge' text chunk).", SourceLocation.FileOnly(imagePath)));
            return ExitCodes.BadUsage;
        }

        if (texts.FirstOrDefault(t => t.Key == GenerationMetadata.ParametersKeyword).Value is { } parameters)
        {
            _console.Out.WriteLine("parameters:");
            foreach (var line in parameters.Split('\n'))
            {
                _console.Out.WriteLine("  " + line);
            }
        }

        _console.Out.WriteLine($"key: {metadata.Key}");
        _console.Out.WriteLine("inputs:");
        foreach (var (field, value) in metadata.Fields)
        {
            _console.Out.WriteLine($"  {field}: {value}");
        }

        var project = Path.GetFullPath(projectDirectory);
        if (!File.Exists(Path.Combine(project, "assetforge.yaml")))
        {
            _console.Out.WriteLine($"project: {project} has no assetforge.yaml; cannot say whether the key is current.");
            return ExitCodes.Success;
        }

        var overview = await _engine.DescribeAsync(project, cancellationToken).ConfigureAwait(false);
        diagnostics.WriteAll(overview.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        WriteCompiledModel(overview, metadata.Fields);
        var producers = overview.Assets.Where(a => a.Key == metadata.Key).Select(a => a.Id).ToList();
        if (producers.Count > 0)
        {
            _console.Out.WriteLine($"current: the project's spec still produces this key ({string.Join(", ", producers)})");
            return ExitCodes.Success;
        }

        var full = Path.GetFullPath(imagePath);
        if (overview.Assets.FirstOrDefault(a => string.Equals(a.OutputPath, full, StringComparison.Ordinal)) is { } owner)
        {
            var changed = ActionKeyInputs.ChangedFields(metadata.Fields, owner.Fields);
            _console.Out.WriteLine($"stale: asset {owner.Id} now produces key {owner.Key} (changed: {(changed.Count > 0 ? string.Join(", ", changed) : "key schema")})");
            return ExitCodes.Failed;
        }

        _console.Out.WriteLine("stale: no asset of the project produces this key any more");
        return ExitCodes.Failed;
    }

    // A checkpoint's image names its compile node's key as its model: say what that node is, as for any input.
    private void WriteCompiledModel(ProjectOverview overview, IReadOnlyDictionary<string, string> fields)
    {
        if (!fields.TryGetValue("model", out var model))
        {
            return;
        }

        foreach (var asset in overview.Assets)
        {
            if (asset.CompiledModel is { } compiled && model == $"\"{compiled.Key}\"")
            {
                _console.Out.WriteLine($"model: compile node {compiled.Key[..12]} of '{compiled.Model}' ({compiled.Source}), {(compiled.Cached ? "in the local cache" : "not in the local cache: the next build that generates with it compiles it or fetches it from the remote cache")}");
                foreach (var (field, value) in compiled.Fields)
                {
                    _console.Out.WriteLine($"  {field}: {value}");
                }

                return;
            }
        }
    }
}
