namespace AssetForge.Cli.Verbs;

using AssetForge.Abstractions.Imaging;
using AssetForge.Abstractions.Plugins;
using AssetForge.Cli.CommandLine;
using AssetForge.Cli.Output;
using AssetForge.Core.Build;
using AssetForge.Core.Caching;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Imaging;
using Microsoft.Extensions.Options;

/// <summary>
/// <c>assetforge diff A B [--out diff.png]</c>: compares two images pixel by pixel. Exit 0 when the
/// pixels are identical, 1 when they differ, 2 when a file is unreadable or the sizes differ.
/// Images are decoded by the onnx plugin's toolkit (SkiaSharp), so the CLI carries no imaging library.
/// </summary>
public sealed class DiffVerb
{
    private readonly BuildEngine _engine;
    private readonly CliConsole _console;
    private readonly OutputOptions _output;

    /// <summary>Creates the verb.</summary>
    public DiffVerb(BuildEngine engine, CliConsole console, IOptions<OutputOptions> output)
    {
        _engine = engine;
        _console = console;
        _output = output.Value;
    }

    /// <summary>Compares and returns the exit code.</summary>
    public async Task<int> RunAsync(string first, string second, string? outPath, CancellationToken cancellationToken)
    {
        var diagnostics = new DiagnosticWriter(_console.Error, _output.Verbosity);
        if (_engine.FindImageToolkit(null) is not { } toolkit)
        {
            diagnostics.Write(Diagnostic.Error(ImagingCodes.NoImageToolkit, "No loaded plugin can decode images (the onnx plugin is missing from the plugins folder)."));
            return ExitCodes.BadUsage;
        }

        var a = await ReadAsync(toolkit, first, diagnostics, cancellationToken).ConfigureAwait(false);
        var b = await ReadAsync(toolkit, second, diagnostics, cancellationToken).ConfigureAwait(false);
        if (a is null || b is null)
        {
            return ExitCodes.BadUsage;
        }

        if (a.Width != b.Width || a.Height != b.Height)
        {
            diagnostics.Write(Diagnostic.Error(ImagingCodes.SizeMismatch, $"The images differ in size: {first} is {a.Width}x{a.Height}, {second} is {b.Width}x{b.Height}; only images of one size can be compared.", SourceLocation.FileOnly(second)));
            return ExitCodes.BadUsage;
        }

        var comparison = ImageComparer.Compare(a, b);
        _console.Out.WriteLine($"{(comparison.Identical ? "identical" : "different")}: {ComparisonText.Format(comparison)}");
        if (outPath is not null)
        {
            var png = toolkit.EncodePng(new RgbaImage(comparison.Width, comparison.Height, comparison.Difference), []);
            await AtomicFile.WriteAsync(Path.GetFullPath(outPath), png, cancellationToken).ConfigureAwait(false);
            _console.Out.WriteLine($"difference image: {outPath}");
        }

        return comparison.Identical ? ExitCodes.Success : ExitCodes.Failed;
    }

    private static async Task<RgbaImage?> ReadAsync(IImageToolkit toolkit, string path, DiagnosticWriter diagnostics, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Write(Diagnostic.Error(ImagingCodes.UnreadableImage, $"Cannot read the file: {e.Message}", SourceLocation.FileOnly(path)));
            return null;
        }

        try
        {
            return toolkit.Decode(bytes);
        }
        catch (PluginException e)
        {
            diagnostics.Write(Diagnostic.Error(ImagingCodes.UnreadableImage, $"Not a readable image: {e.Message}", SourceLocation.FileOnly(path)));
            return null;
        }
    }
}
