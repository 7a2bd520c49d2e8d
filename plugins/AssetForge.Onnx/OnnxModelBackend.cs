namespace AssetForge.Onnx;

using AssetForge.Abstractions.Imaging;
using AssetForge.Abstractions.Models;
using AssetForge.Abstractions.Plugins;
using AssetForge.Onnx.Builtin;
using AssetForge.Onnx.Checkpoints;
using AssetForge.Onnx.Imaging;
using AssetForge.Onnx.Pipeline;
using AssetForge.Onnx.Text;

/// <summary>
/// Stable Diffusion (1.x/2.x and XL) on ONNX Runtime, for model folders in the diffusers/Optimum ONNX
/// export layout and for checkpoints it compiles, plus the built-in models: <c>icons</c> (trained on
/// procedural game art, the sample's default) and <c>tiny</c> (abstract images, a few kilobytes, for tests).
/// It is also the host's <see cref="IImageToolkit"/> (SkiaSharp ships with it).
/// </summary>
public sealed class OnnxModelBackend : IModelBackend, ICheckpointCompiler, IRandomCheckpointWriter, IImageToolkit
{
    // Created on first use: constructing it loads SkiaSharp, which a build that draws nothing
    // (a no-op, a status) must not pay for (#14).
    private SkiaImageToolkit? _imaging;

    /// <inheritdoc />
    public string Id => "onnx";

    /// <inheritdoc />
    public string Version => "1.1.0";

    /// <inheritdoc />
    public string ToolkitVersion => "onnx-skia 1";

    /// <inheritdoc />
    public IReadOnlyList<string> BuiltinModels { get; } = ["icons", "tiny", "tiny-v"];

    private SkiaImageToolkit Imaging => LazyInitializer.EnsureInitialized(ref _imaging);

    /// <inheritdoc />
    public IReadOnlyList<string> AvailableExecutionProviders => ExecutionProviders.Available();

    /// <inheritdoc />
    public string EnsureBuiltinModel(string name, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(directory);
        return name switch
        {
            "icons" => IconsModel.Ensure(directory, cancellationToken),
            "tiny" or "tiny-v" => TinyModelWriter.Ensure(directory, cancellationToken, vPrediction: name == "tiny-v"),
            _ => throw new PluginException(DiagnosticCode.InvalidModelFolder, $"There is no built-in model '{name}'; the onnx backend has: {string.Join(", ", BuiltinModels)}."),
        };
    }

    /// <inheritdoc />
    public string CompilerVersion => CompiledModelCache.BuilderVersion;

    /// <inheritdoc />
    public bool IsCheckpoint(string path) => ModelSource.Detect(path) != ModelSourceKind.OnnxExport;

    /// <inheritdoc />
    public IReadOnlyList<string> SourceFiles(string path) => ModelSource.SourceFiles(path);

    /// <inheritdoc />
    public IReadOnlyList<string> Precisions { get; } = ["fp32", "fp16"];

    /// <inheritdoc />
    public string? SchedulerConfigJson(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return CompiledModelCache.SchedulerConfigJson(source);
    }

    /// <inheritdoc />
    public long? Opset => CompiledModelCache.Opset;

    /// <inheritdoc />
    public string EnsureCompiled(string source, string sourceFingerprint, IReadOnlyList<CheckpointLora> loras, string directory, CancellationToken cancellationToken) =>
        EnsureCompiled(source, sourceFingerprint, loras, "fp32", directory, cancellationToken);

    /// <inheritdoc />
    public string EnsureCompiled(string source, string sourceFingerprint, IReadOnlyList<CheckpointLora> loras, string precision, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(sourceFingerprint);
        ArgumentNullException.ThrowIfNull(loras);
        ArgumentNullException.ThrowIfNull(directory);
        var compiled = precision switch
        {
            "fp32" => ModelPrecision.Fp32,
            "fp16" => ModelPrecision.Fp16,
            _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "The onnx backend compiles fp32 and fp16."),
        };
        return CompiledModelCache.Ensure(source, sourceFingerprint, [.. loras.Select(l => new Lora.LoraReference(l.Path, (float)l.Scale))], compiled, directory, cancellationToken);
    }

    /// <inheritdoc />
    public IReadOnlyList<string> RandomCheckpointKinds => RandomCheckpoint.Kinds;

    /// <inheritdoc />
    public void WriteRandomCheckpoint(string like, string directory, ulong seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(like);
        ArgumentNullException.ThrowIfNull(directory);
        RandomCheckpoint.Write(like, directory, seed, cancellationToken);
    }

    /// <inheritdoc />
    public IModelSession Open(ModelSessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var provider = ExecutionProviders.Resolve(options.ExecutionProvider, ExecutionProviders.Available(), ExecutionProviderProbe.Start);
        var folder = ModelFolder.Load(options.ModelDirectory);
        var tokenizer = ClipTokenizer.FromDirectory(folder.TokenizerDirectory);
        var tokenizer2 = folder.HasSecondTextEncoder ? ClipTokenizer.FromDirectory(folder.Tokenizer2Directory) : null;
        return StableDiffusionSession.Open(folder, provider, options.IntraOpThreads, tokenizer.Encode, tokenizer2 is null ? null : tokenizer2.Encode);
    }

    /// <inheritdoc />
    public RgbaImage Decode(ReadOnlySpan<byte> encoded) => Imaging.Decode(encoded);

    /// <inheritdoc />
    public byte[] EncodePng(RgbaImage image, IReadOnlyList<KeyValuePair<string, string>> texts)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(texts);
        return Imaging.EncodePng(image, texts);
    }

    /// <inheritdoc />
    public byte[] RenderContactSheet(ContactSheetRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Imaging.RenderContactSheet(request);
    }
}
