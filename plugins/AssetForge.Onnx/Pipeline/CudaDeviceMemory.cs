namespace AssetForge.Onnx.Pipeline;

using Microsoft.ML.OnnxRuntime;

/// <summary>The CUDA device's allocator of a session, for inputs that stay on the device.</summary>
internal sealed class CudaDeviceMemory : IDisposable
{
    private readonly OrtMemoryInfo _info;
    private readonly OrtAllocator _allocator;

    private CudaDeviceMemory(OrtMemoryInfo info, OrtAllocator allocator)
    {
        _info = info;
        _allocator = allocator;
    }

    public static CudaDeviceMemory? Create(InferenceSession session)
    {
        var info = new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA, OrtAllocatorType.DeviceAllocator, 0, OrtMemType.Default);
        try
        {
            return new CudaDeviceMemory(info, new OrtAllocator(session, info));
        }
        catch (OnnxRuntimeException)
        {
            // No CUDA allocator in this session: every input stays bound to host memory.
            info.Dispose();
            return null;
        }
    }

    /// <summary>A device copy of <paramref name="host"/>'s values, or null where ONNX Runtime cannot copy between the two (the host value is bound instead: same values, copied per call).</summary>
    public OrtValue? Copy(HostTensor host)
    {
        var device = OrtValue.CreateAllocatedTensorValue(_allocator, host.ElementType, host.Shape);
        try
        {
            OrtEnv.Instance().CopyTensors([host.Value], [device], null);
            return device;
        }
        catch (OnnxRuntimeException)
        {
            device.Dispose();
            return null;
        }
    }

    public void Dispose()
    {
        _allocator.Dispose();
        _info.Dispose();
    }
}
