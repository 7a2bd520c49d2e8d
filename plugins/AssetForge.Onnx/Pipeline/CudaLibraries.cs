namespace AssetForge.Onnx.Pipeline;

using System.Runtime.InteropServices;

/// <summary>
/// The libraries ONNX Runtime's CUDA provider (1.32, built for CUDA 13) needs from the machine:
/// its provider library's dynamic dependencies plus cuDNN, which it opens itself. ONNX Runtime
/// reports only that its provider library did not load; naming the missing ones tells the user
/// what to install.
/// </summary>
internal static class CudaLibraries
{
    private static readonly string[] Linux = ["libcuda.so.1", "libcudart.so.13", "libcublas.so.13", "libcublasLt.so.13", "libcurand.so.10", "libcufft.so.12", "libcudnn.so.9"];

    private static readonly string[] Windows = ["nvcuda.dll", "cudart64_13.dll", "cublas64_13.dll", "cublasLt64_13.dll", "curand64_10.dll", "cufft64_12.dll", "cudnn64_9.dll"];

    /// <summary>The required libraries that the system's loader cannot find here (empty when all load).</summary>
    public static IReadOnlyList<string> Missing()
    {
        var names = OperatingSystem.IsWindows() ? Windows : Linux;
        var missing = new List<string>();
        foreach (var name in names)
        {
            if (NativeLibrary.TryLoad(name, out var handle))
            {
                NativeLibrary.Free(handle);
            }
            else
            {
                missing.Add(name);
            }
        }

        return missing;
    }
}
