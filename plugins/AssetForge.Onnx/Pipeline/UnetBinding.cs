namespace AssetForge.Onnx.Pipeline;

using AssetForge.Abstractions.Plugins;
using Microsoft.ML.OnnxRuntime;

/// <summary>
/// The UNet's inputs and outputs bound once per batch (<see cref="OrtIoBinding"/>) and reused for
/// every denoising step: each step only rewrites the host buffers the binding points at and runs.
/// Which inputs exist is the session's metadata, not this class's: every input the UNet declares
/// must be given a tensor (an SDXL UNet's extra inputs are bound the same way as SD 1.x's three).
/// </summary>
/// <remarks>
/// On CPU every value is a <see cref="HostTensor"/>, managed memory pinned for the binding's
/// lifetime, so ONNX Runtime reads inputs and writes the output in place, without the per-call
/// name lookup and output allocation of <c>Run(names, values)</c>. On CUDA the inputs that do not
/// change between steps (the text embeddings) are copied to device memory once and stay there;
/// the latents and timestep go host-to-device and the prediction device-to-host on every step,
/// because guidance, the scheduler step and noise are the CPU's host code in every variant (the
/// same bytes on every provider for the same latents). Either way only where tensors live
/// changes, never a value. Not run on a GPU here: benchmarks/gpu/check.sh checks it.
/// </remarks>
internal sealed class UnetBinding : IDisposable
{
    private readonly InferenceSession _session;
    private readonly OrtIoBinding _binding;
    private readonly List<IDisposable> _owned = [];

    /// <param name="unet">The UNet sub-model (its input list is what is bound).</param>
    /// <param name="provider">The execution provider the session runs on (<see cref="ExecutionProviders"/>).</param>
    /// <param name="inputs">A tensor for every input the UNet declares, by name.</param>
    /// <param name="constantInputs">Names among <paramref name="inputs"/> whose content is final when the binding is made.</param>
    /// <param name="outputs">The outputs to fetch, by name; the UNet's other outputs are not fetched.</param>
    /// <exception cref="PluginException">AF3003: the UNet declares an input no tensor was given for.</exception>
    public UnetBinding(OnnxSubModel unet, string provider, IReadOnlyDictionary<string, HostTensor> inputs, IReadOnlySet<string> constantInputs, IReadOnlyDictionary<string, HostTensor> outputs)
    {
        ArgumentNullException.ThrowIfNull(unet);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(constantInputs);
        ArgumentNullException.ThrowIfNull(outputs);
        _session = unet.Session;
        _binding = _session.CreateIoBinding();
        try
        {
            var device = provider == ExecutionProviders.Cuda ? CudaDeviceMemory.Create(_session) : null;
            if (device is not null)
            {
                _owned.Add(device);
            }

            foreach (var input in unet.Inputs)
            {
                if (!inputs.TryGetValue(input.Name, out var tensor))
                {
                    throw new PluginException(DiagnosticCode.UnsupportedModelGraph, $"The {unet.DisplayName} model takes an input '{input.Name}' that this pipeline does not provide.");
                }

                var value = constantInputs.Contains(input.Name) && device?.Copy(tensor) is { } onDevice ? Own(onDevice) : tensor.Value;
                _binding.BindInput(input.Name, value);
            }

            foreach (var (name, tensor) in outputs)
            {
                _binding.BindOutput(name, tensor.Value);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Runs the UNet once on the bound tensors; the outputs' host buffers hold the result when it returns.</summary>
    public void Run(RunOptions runOptions) => _session.RunWithBinding(runOptions, _binding);

    public void Dispose()
    {
        _binding.Dispose();
        foreach (var item in _owned)
        {
            item.Dispose();
        }

        _owned.Clear();
    }

    private OrtValue Own(OrtValue value)
    {
        _owned.Add(value);
        return value;
    }
}
