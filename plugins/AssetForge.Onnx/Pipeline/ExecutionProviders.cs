namespace AssetForge.Onnx.Pipeline;

using AssetForge.Abstractions.Plugins;
using Microsoft.ML.OnnxRuntime;

/// <summary>
/// Maps AssetForge's execution provider names (<c>cpu</c>, <c>cuda</c>, <c>dml</c>, <c>auto</c>)
/// to ONNX Runtime's, chooses one, and configures sessions for it. The same code runs in every
/// native variant (<see cref="OnnxRuntimeVariant"/>): what a variant has is asked of ONNX Runtime.
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

    /// <summary>The providers compiled into this ONNX Runtime build, in <c>auto</c>'s order of preference (whether they start on this machine is <see cref="ExecutionProviderProbe"/>'s question).</summary>
    public static IReadOnlyList<string> Available()
    {
        var ort = OrtEnv.Instance().GetAvailableProviders();
        var result = new List<string>(Known.Length);
        foreach (var (name, ortName) in Known)
        {
            if (Array.IndexOf(ort, ortName) >= 0)
            {
                result.Add(name);
            }
        }

        return result;
    }

    /// <summary>
    /// Resolves a requested name to a provider that starts here. <c>auto</c> takes the first of
    /// <paramref name="available"/> that <paramref name="start"/> accepts, else <c>cpu</c> (the
    /// provider chosen is recorded with every image it makes); a provider asked for by name is
    /// used or refused, never replaced.
    /// </summary>
    /// <param name="requested">What the user wrote.</param>
    /// <param name="available">The providers in this build (<see cref="Available"/>).</param>
    /// <param name="start">Null if a provider starts here, else why not (<see cref="ExecutionProviderProbe.Start"/>).</param>
    /// <exception cref="PluginException">AF3001: the name is unknown, the provider is not in this build, or it does not start here.</exception>
    public static string Resolve(string requested, IReadOnlyList<string> available, Func<string, string?> start)
    {
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentNullException.ThrowIfNull(available);
        ArgumentNullException.ThrowIfNull(start);
        var name = requested.Trim().ToLowerInvariant();
        if (name == Auto)
        {
            foreach (var candidate in available)
            {
                // The CPU provider needs no probe: it is in every build and has no libraries of its own.
                if (candidate == Cpu || start(candidate) is null)
                {
                    return candidate;
                }
            }

            return Cpu;
        }

        var list = string.Join(", ", available);
        if (!available.Contains(name))
        {
            var why = name switch
            {
                Cuda or DirectML => OnnxRuntimeVariant.InstallAdvice(name),
                Cpu => "this ONNX Runtime build has no CPU provider",
                _ => $"'{requested}' is not an execution provider name; use auto, cpu, cuda or dml",
            };
            throw new PluginException(DiagnosticCode.ModelUnavailable, $"Execution provider '{requested}' is not available: {why}. Available here: {list} (or auto).");
        }

        if (name != Cpu && start(name) is { } reason)
        {
            var needs = name == Cuda ? $"CUDA needs {OnnxRuntimeVariant.CudaRequirements}" : "DirectML needs Windows 10 1903 or later with a DirectX 12 GPU";
            if (name == Cuda && CudaLibraries.Missing() is { Count: > 0 } missing)
            {
                reason = $"{string.Join(", ", missing)} not found";
            }

            throw new PluginException(DiagnosticCode.ModelUnavailable, $"Execution provider '{requested}' cannot start on this machine: {reason}. {needs}; or choose --execution-provider cpu (execution_provider: cpu in assetforge.yaml).");
        }

        return name;
    }

    /// <summary>Adds the provider to <paramref name="options"/> (the CPU provider is always there as a fallback for operators the provider lacks).</summary>
    /// <exception cref="OnnxRuntimeException">The provider's libraries cannot be loaded.</exception>
    public static void Configure(SessionOptions options, string provider)
    {
        switch (provider)
        {
            case Cuda:
                AppendCuda(options);
                break;
            case DirectML:
                // DirectML requires these two settings (ONNX Runtime's DirectML documentation).
                options.EnableMemoryPattern = false;
                options.ExecutionMode = ExecutionMode.ORT_SEQUENTIAL;
                options.AppendExecutionProvider_DML(0);
                break;
            case Cpu:
                break;
            default:
                throw new PluginException(DiagnosticCode.ModelUnavailable, $"Execution provider '{provider}' is not available in this build.");
        }
    }

    private static void AppendCuda(SessionOptions options)
    {
        using var cuda = new OrtCUDAProviderOptions();

        // HEURISTIC, not ONNX Runtime's default EXHAUSTIVE: exhaustive search times every cuDNN
        // algorithm on the first run of each shape and keeps the fastest, which can differ between
        // processes (timing noise), and with it the rounding; the same spec on the same machine must
        // give the same bytes (DESIGN §5). Not measured here (no GPU): benchmarks/gpu/check.sh
        // checks CUDA-vs-CUDA bytes and times the result.
        //
        // kSameAsRequested, not the default kNextPowerOfTwo: the arena grows by what a step asks
        // for instead of doubling, and an SD UNet's large activations would otherwise reserve up
        // to twice their size; where a tensor lives never changes its value.
        //
        // Not enabled, and why: CUDA graph capture (enable_cuda_graph) replays one recorded step,
        // which needs every input and output bound to fixed device addresses and every node on
        // the CUDA provider; the latents make a host round trip every step (guidance and the
        // scheduler are host code, UnetBinding), and the compiled graphs are not checked for
        // CPU-placed nodes.
        //
        // use_tf32 off: ONNX Runtime's CUDA provider enables TF32 by default, which
        // rounds float32 matrix products to 10 mantissa bits on Ampere and later GPUs: faster, but
        // a float32 model would no longer compute in float32, and the CUDA-vs-CPU tolerance
        // (benchmarks/gpu/check.sh) is for float32 arithmetic. Speed on a GPU comes from fp16 models.
        cuda.UpdateOptions(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["device_id"] = "0",
            ["cudnn_conv_algo_search"] = "HEURISTIC",
            ["arena_extend_strategy"] = "kSameAsRequested",
            ["use_tf32"] = "0",
        });
        options.AppendExecutionProvider_CUDA(cuda);
    }
}
