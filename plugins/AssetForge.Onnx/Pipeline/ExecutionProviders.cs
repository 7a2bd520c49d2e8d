namespace AssetForge.Onnx.Pipeline;

using AssetForge.Abstractions.Plugins;
using Microsoft.ML.OnnxRuntime;

/// <summary>
/// Maps AssetForge's execution provider names (<c>cpu</c>, <c>cuda</c>, <c>dml</c>, <c>auto</c>)
/// to ONNX Runtime's, and configures sessions for them.
/// </summary>
internal static class ExecutionProviders
{
    public const string Cpu = "cpu";
    public const string Cuda = "cuda";
    public const string DirectML = "dml";
    public const string Auto = "auto";

    /// <summary>The names users may write, in the order <c>auto</c> prefers them.</summary>
    private static readonly (string Name, string OrtName)[] Known =
    [
        (Cuda, "CUDAExecutionProvider"),
        (DirectML, "DmlExecutionProvider"),
        (Cpu, "CPUExecutionProvider"),
    ];

    /// <summary>The providers in this build, in <c>auto</c>'s order of preference.</summary>
    public static IReadOnlyList<string> Available()
    {
        var ort = OrtEnv.Instance().GetAvailableProviders();
        var result = new List<string>(Known.Length);
        foreach (var (name, ortName) in Known)
        {
            if (Array.IndexOf(ort, ortName) >= 0 && IsCompiledIn(name))
            {
                result.Add(name);
            }
        }

        return result;
    }

    /// <summary>Resolves a requested name to an available provider.</summary>
    /// <exception cref="PluginException">AF3001: the name is unknown or the provider is not in this build.</exception>
    public static string Resolve(string requested, IReadOnlyList<string> available)
    {
        var name = requested.Trim().ToLowerInvariant();
        if (name == Auto)
        {
            return available.Count > 0 ? available[0] : Cpu;
        }

        if (available.Contains(name))
        {
            return name;
        }

        var list = string.Join(", ", available);
        var why = name switch
        {
            Cuda => "CUDA needs the Microsoft.ML.OnnxRuntime.Gpu package (and the CUDA and cuDNN libraries) instead of the CPU package this build uses",
            DirectML => "DirectML is only in Windows builds of AssetForge (the Microsoft.ML.OnnxRuntime.DirectML package)",
            Cpu => "this ONNX Runtime build has no CPU provider",
            _ => $"'{requested}' is not an execution provider name; use auto, cpu, cuda or dml",
        };
        throw new PluginException(DiagnosticCode.ModelUnavailable, $"Execution provider '{requested}' is not available: {why}. Available here: {list} (or auto).");
    }

    /// <summary>Adds the provider to <paramref name="options"/> (the CPU provider is always there as a fallback).</summary>
    public static void Configure(SessionOptions options, string provider)
    {
        switch (provider)
        {
            case Cuda:
                options.AppendExecutionProvider_CUDA(0);
                break;
#if ASSETFORGE_DIRECTML
            case DirectML:
                // DirectML requires these two settings (ONNX Runtime's DirectML documentation).
                options.EnableMemoryPattern = false;
                options.ExecutionMode = ExecutionMode.ORT_SEQUENTIAL;
                options.AppendExecutionProvider_DML(0);
                break;
#endif
            case Cpu:
                break;
            default:
                throw new PluginException(DiagnosticCode.ModelUnavailable, $"Execution provider '{provider}' is not available in this build.");
        }
    }

    private static bool IsCompiledIn(string name) =>
#if ASSETFORGE_DIRECTML
        true;
#else
        name != DirectML;
#endif
}
