namespace AssetForge.Onnx.Pipeline;

using AssetForge.Abstractions.Plugins;
using Microsoft.ML.OnnxRuntime;

/// <summary>One ONNX file of a model folder with its session, created once per opened model.</summary>
internal sealed class OnnxSubModel : IDisposable
{
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
            throw new PluginException("AF3003", $"{modelPath}: ONNX Runtime cannot load the {displayName} model: {exception.Message}", exception);
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
        throw new PluginException("AF3003", $"The {DisplayName} model has no usable '{preferredName}' {kind} (it has: {found}).");
    }

    public void Dispose() => Session.Dispose();
}
