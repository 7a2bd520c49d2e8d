namespace AssetForge.Onnx;

using AssetForge.Abstractions.Imaging;
using AssetForge.Abstractions.Models;
using AssetForge.Abstractions.Plugins;
using AssetForge.Onnx.Builtin;
using AssetForge.Onnx.Imaging;
using AssetForge.Onnx.Pipeline;
using AssetForge.Onnx.Text;

/// <summary>
/// Stable Diffusion (1.x/2.x) on ONNX Runtime, for model folders in the diffusers/Optimum ONNX
/// export layout, plus the built-in <c>tiny</c> model (abstract images, for tests and samples).
/// It is also the host's <see cref="IImageToolkit"/> (SkiaSharp ships with it).
/// </summary>
public sealed class OnnxModelBackend : IModelBackend, IImageToolkit
{
    private readonly SkiaImageToolkit _imaging = new();

    /// <inheritdoc />
    public string Id => "onnx";

    /// <inheritdoc />
    public string Version => "1.1.0";

    /// <inheritdoc />
    public string ToolkitVersion => "onnx-skia 1";

    /// <inheritdoc />
    public IReadOnlyList<string> BuiltinModels { get; } = ["tiny", "tiny-v"];

    /// <inheritdoc />
    public IReadOnlyList<string> AvailableExecutionProviders => ExecutionProviders.Available();

    /// <inheritdoc />
    public string EnsureBuiltinModel(string name, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(directory);
        if (name is not ("tiny" or "tiny-v"))
        {
            throw new PluginException(DiagnosticCode.InvalidModelFolder, $"There is no built-in model '{name}'; the onnx backend has: {string.Join(", ", BuiltinModels)}.");
        }

        return TinyModelWriter.Ensure(directory, cancellationToken, vPrediction: name == "tiny-v");
    }

    /// <inheritdoc />
    public IModelSession Open(ModelSessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var provider = ExecutionProviders.Resolve(options.ExecutionProvider, ExecutionProviders.Available());
        var folder = ModelFolder.Load(options.ModelDirectory);
        var tokenizer = ClipTokenizer.FromDirectory(folder.TokenizerDirectory);
        return StableDiffusionSession.Open(folder, provider, options.IntraOpThreads, tokenizer.Encode);
    }

    /// <inheritdoc />
    public RgbaImage Decode(ReadOnlySpan<byte> encoded) => _imaging.Decode(encoded);

    /// <inheritdoc />
    public byte[] EncodePng(RgbaImage image, IReadOnlyList<KeyValuePair<string, string>> texts)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(texts);
        return _imaging.EncodePng(image, texts);
    }

    /// <inheritdoc />
    public byte[] RenderContactSheet(ContactSheetRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _imaging.RenderContactSheet(request);
    }
}
