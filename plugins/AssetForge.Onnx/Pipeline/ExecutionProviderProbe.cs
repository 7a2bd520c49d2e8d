namespace AssetForge.Onnx.Pipeline;

using AssetForge.Onnx.Graph;
using Microsoft.ML.OnnxRuntime;

/// <summary>
/// Starts an execution provider on a one-node model, which is what shows whether it works on this
/// machine: ONNX Runtime lists a provider that is compiled in (the CUDA build always lists CUDA)
/// even where its libraries or its device are missing, and reports those only when a session
/// appends or creates the provider.
/// </summary>
internal static class ExecutionProviderProbe
{
    private static readonly byte[] OneNodeModel = CreateModel();

    /// <summary>Null if <paramref name="provider"/> starts here, else why not (ONNX Runtime's reason, shortened).</summary>
    public static string? Start(string provider)
    {
        try
        {
            using var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
            ExecutionProviders.Configure(options, provider);
            using var session = new InferenceSession(OneNodeModel, options);
            return null;
        }
        catch (OnnxRuntimeException exception)
        {
            return Reason(exception.Message);
        }
        catch (EntryPointNotFoundException exception)
        {
            // The managed API has every provider's entry point; a native build without it lacks the provider.
            return exception.Message;
        }
    }

    /// <summary>The useful end of ONNX Runtime's message: the failing library or device, without source paths.</summary>
    internal static string Reason(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        const string marker = "with error: ";
        var at = line.LastIndexOf(marker, StringComparison.Ordinal);
        if (at >= 0)
        {
            return line[(at + marker.Length)..].Trim();
        }

        var colon = line.LastIndexOf("] ", StringComparison.Ordinal);
        return colon >= 0 ? line[(colon + 2)..].Trim() : line;
    }

    private static byte[] CreateModel()
    {
        var g = new OnnxGraphBuilder("assetforge_provider_probe");
        var x = g.Input("x", OnnxElementType.Float, 1);
        g.Node("Relu", [x], outputName: "y");
        g.Output("y", OnnxElementType.Float, 1);
        return OnnxModelWriter.Serialize(new OnnxModel(g.Build()));
    }
}
