namespace AssetForge.Onnx.Pipeline;

using AssetForge.Abstractions.Models;
using AssetForge.Abstractions.Plugins;
using AssetForge.Onnx.Graph;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

/// <summary>One ONNX file of a model folder with its session, created once per opened model.</summary>
internal sealed class OnnxSubModel : IDisposable
{
    // ONNX Runtime's session config key for where a model given as bytes finds its external data
    // (without it, relative locations resolve against the process's current directory).
    private const string ExternalDataFolderKey = "session.model_external_initializers_file_folder_path";

    private SessionOptions? _ownedOptions;

    private OnnxSubModel(string displayName, InferenceSession session)
    {
        DisplayName = displayName;
        Session = session;
        Inputs = [.. session.InputNames.Select(n => TensorSignature.From(n, session.InputMetadata[n]))];
        Outputs = [.. session.OutputNames.Select(n => TensorSignature.From(n, session.OutputMetadata[n]))];
    }

    /// <summary>The sub-folder name, e.g. <c>unet</c>, for messages.</summary>
    public string DisplayName { get; }

    public InferenceSession Session { get; }

    public IReadOnlyList<TensorSignature> Inputs { get; }

    public IReadOnlyList<TensorSignature> Outputs { get; }

    public static OnnxSubModel Load(string modelPath, string displayName, SessionOptions options)
    {
        try
        {
            return new OnnxSubModel(displayName, new InferenceSession(modelPath, options));
        }
        catch (OnnxRuntimeException exception)
        {
            throw new PluginException(DiagnosticCode.UnsupportedModelGraph, $"{modelPath}: ONNX Runtime cannot load the {displayName} model: {exception.Message}", exception);
        }
    }

    /// <summary>
    /// Loads <paramref name="modelPath"/> with its convolutions rewritten to pad circularly along
    /// <paramref name="tiling"/> (<see cref="CircularPaddingRewrite"/>). The graph is rewritten in
    /// memory; external weights stay where they are and are read from the model's folder.
    /// </summary>
    /// <param name="modelPath">The model file.</param>
    /// <param name="displayName">The sub-folder name, for messages.</param>
    /// <param name="tiling">The axes to wrap.</param>
    /// <param name="createOptions">Makes fresh session options (the session owns them: each model needs its own external data folder).</param>
    /// <exception cref="PluginException">AF3003: the model cannot be read or loaded; AF3006: it has Convs that cannot be made to wrap.</exception>
    public static OnnxSubModel LoadTiled(string modelPath, string displayName, TilingAxes tiling, Func<SessionOptions> createOptions)
    {
        CircularPaddingRewrite.Result rewrite;
        try
        {
            rewrite = CircularPaddingRewrite.Apply(OnnxModelReader.ReadFile(modelPath), tiling);
        }
        catch (InvalidDataException exception)
        {
            throw new PluginException(DiagnosticCode.UnsupportedModelGraph, $"{modelPath}: cannot read the {displayName} model's graph to make it tile: {exception.Message}", exception);
        }

        if (rewrite.Skipped.Count > 0)
        {
            throw new PluginException(DiagnosticCode.TilingUnsupported, $"{modelPath}: tiling needs every padded convolution of the {displayName} model to wrap, but {rewrite.Skipped.Count} cannot be rewritten (strided auto_pad=SAME or unknown kernel size): {string.Join(", ", rewrite.Skipped.Take(5))}.");
        }

        var bytes = rewrite.Model.ToByteArray();
        var options = createOptions();
        try
        {
            options.AddSessionConfigEntry(ExternalDataFolderKey, Path.GetDirectoryName(Path.GetFullPath(modelPath))!);
            var subModel = new OnnxSubModel(displayName, new InferenceSession(bytes, options)) { _ownedOptions = options };
            return subModel;
        }
        catch (OnnxRuntimeException exception)
        {
            options.Dispose();
            throw new PluginException(DiagnosticCode.UnsupportedModelGraph, $"{modelPath}: ONNX Runtime cannot load the {displayName} model rewritten for tiling: {exception.Message}", exception);
        }
        catch
        {
            options.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Finds an input by its usual export name, else the only input that fits <paramref name="fits"/>;
    /// a model without a matching input is refused with a message naming what it has.
    /// </summary>
    public TensorSignature Input(string preferredName, Func<TensorSignature, bool> fits) =>
        Find(Inputs, "input", preferredName, fits);

    public TensorSignature Output(string preferredName, Func<TensorSignature, bool> fits) =>
        Find(Outputs, "output", preferredName, fits);

    private TensorSignature Find(IReadOnlyList<TensorSignature> candidates, string kind, string preferredName, Func<TensorSignature, bool> fits)
    {
        foreach (var candidate in candidates)
        {
            if (candidate.Name == preferredName && fits(candidate))
            {
                return candidate;
            }
        }

        var matches = candidates.Where(fits).ToList();
        if (matches.Count == 1)
        {
            return matches[0];
        }

        var found = string.Join(", ", candidates.Select(c => $"{c.Name} {c.ElementTypeName}[{string.Join(',', c.Dimensions)}]"));
        throw new PluginException(DiagnosticCode.UnsupportedModelGraph, $"The {DisplayName} model has no usable '{preferredName}' {kind} (it has: {found}).");
    }

    public void Dispose()
    {
        Session.Dispose();
        _ownedOptions?.Dispose();
    }
}
