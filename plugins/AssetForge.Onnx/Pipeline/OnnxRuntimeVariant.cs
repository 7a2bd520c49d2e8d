namespace AssetForge.Onnx.Pipeline;

using System.Reflection;

/// <summary>
/// Which native ONNX Runtime build this copy of the plugin was built with (the build property
/// <c>AssetForgeOnnxRuntime</c>: <c>cpu</c>, <c>cuda-linux</c>, <c>cuda-windows</c> or
/// <c>directml</c>), and what a user installs to get a provider this build lacks.
/// </summary>
internal static class OnnxRuntimeVariant
{
    /// <summary>The variant, from the plugin assembly's metadata (<c>cpu</c> if it has none).</summary>
    public static string Current { get; } =
        typeof(OnnxRuntimeVariant).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "AssetForge.OnnxRuntimeVariant")?.Value ?? "cpu";

    /// <summary>What the CUDA provider needs on the machine, for ONNX Runtime's GPU packages of the version referenced.</summary>
    public const string CudaRequirements =
        "an NVIDIA GPU and driver, the CUDA 13 runtime libraries (cudart, cuBLAS, cuBLASLt, cuRAND, cuFFT) and cuDNN 9 for CUDA 13, on the library path (LD_LIBRARY_PATH on Linux, PATH on Windows)";

    /// <summary>The AssetForge variant to install for a provider this build does not have.</summary>
    public static string InstallAdvice(string provider) => provider switch
    {
        ExecutionProviders.Cuda =>
            $"this AssetForge is the '{Current}' build; CUDA is in the CUDA variants: the dotnet tool AssetForge.Cli.Cuda.Linux or AssetForge.Cli.Cuda.Windows, or the package AssetForge.MSBuild.Cuda.Linux or AssetForge.MSBuild.Cuda.Windows, which need {CudaRequirements}",
        ExecutionProviders.DirectML =>
            $"this AssetForge is the '{Current}' build; DirectML is in the Windows variants AssetForge.Cli.DirectML and AssetForge.MSBuild.DirectML",
        _ => $"this AssetForge is the '{Current}' build",
    };
}
