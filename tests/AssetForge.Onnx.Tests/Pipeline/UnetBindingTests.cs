namespace AssetForge.Onnx.Tests.Pipeline;

using AssetForge.Abstractions.Plugins;
using AssetForge.Onnx.Pipeline;
using AssetForge.Onnx.Tests.Support;
using Microsoft.ML.OnnxRuntime;

/// <summary>The UNet's IO binding: bound once, rewritten in place, the same values as named Run calls.</summary>
public sealed class UnetBindingTests
{
    private OnnxSubModel _unet = null!;
    private SessionOptions _options = null!;

    [OneTimeSetUp]
    public void OpenTinyUnet()
    {
        _options = new SessionOptions { EnableMemoryPattern = false };
        _unet = OnnxSubModel.Load(Path.Combine(TinyModelFixture.Directory, "unet", "model.onnx"), "unet", _options);
    }

    [OneTimeTearDown]
    public void CloseTinyUnet()
    {
        _unet.Dispose();
        _options.Dispose();
    }

    [Test]
    public void Bound_steps_give_the_bytes_of_named_run_calls_after_the_inputs_are_rewritten_in_place()
    {
        using var tensors = new Tensors(_unet);
        using var binding = new UnetBinding(_unet, ExecutionProviders.Cpu, tensors.Inputs, new HashSet<string>(StringComparer.Ordinal) { "encoder_hidden_states" }, tensors.Outputs);
        using var run = new RunOptions();
        var bound = new List<float[]>();
        var named = new List<float[]>();
        for (var step = 0; step < 2; step++)
        {
            // A new sample and timestep each step, written into the buffers the binding points at.
            tensors.Fill("sample", step + 1);
            tensors.Inputs["timestep"].Fill(0, tensors.Inputs["timestep"].Length, 900 - (400 * step));
            binding.Run(run);
            bound.Add(tensors.ReadOutput());

            using var expected = new HostTensor(tensors.Output.ElementType, tensors.Output.Shape);
            var names = _unet.Inputs.Select(i => i.Name).ToArray();
            _unet.Session.Run(run, names, [.. names.Select(n => tensors.Inputs[n].Value)], [_unet.Outputs[0].Name], [expected.Value]);
            var values = new float[expected.Length];
            expected.Read(0, values);
            named.Add(values);
        }

        Assert.That(bound[0], Is.Not.EqualTo(bound[1]), "the second step saw the rewritten inputs");
        Assert.That(bound[0], Is.EqualTo(named[0]));
        Assert.That(bound[1], Is.EqualTo(named[1]));
    }

    [Test]
    public void A_unet_input_without_a_tensor_is_refused_by_name()
    {
        using var tensors = new Tensors(_unet);
        var missing = new Dictionary<string, HostTensor>(tensors.Inputs, StringComparer.Ordinal);
        missing.Remove("timestep");

        var error = Assert.Throws<PluginException>(() => new UnetBinding(_unet, ExecutionProviders.Cpu, missing, new HashSet<string>(StringComparer.Ordinal), tensors.Outputs).Dispose());

        Assert.That(error!.Code, Is.EqualTo("AF3003"));
        Assert.That(error.Message, Does.Contain("'timestep'"));
    }

    /// <summary>A tensor for every input and the output of the tiny UNet, batch 2 at a 16×16 latent.</summary>
    private sealed class Tensors : IDisposable
    {
        public Tensors(OnnxSubModel unet)
        {
            foreach (var input in unet.Inputs)
            {
                long[] shape = input.Rank switch
                {
                    0 => [],
                    1 => [2],
                    3 => [2, Fixed(input, 1, 77), Fixed(input, 2, 32)],
                    _ => [2, Fixed(input, 1, 4), 16, 16],
                };
                Inputs[input.Name] = new HostTensor(input.ElementType, shape);
            }

            Fill("encoder_hidden_states", 7);
            Output = new HostTensor(unet.Outputs[0].ElementType, Inputs["sample"].Shape);
            Outputs = new Dictionary<string, HostTensor>(StringComparer.Ordinal) { [unet.Outputs[0].Name] = Output };
        }

        public Dictionary<string, HostTensor> Inputs { get; } = new(StringComparer.Ordinal);

        public HostTensor Output { get; }

        public Dictionary<string, HostTensor> Outputs { get; }

        public void Fill(string name, int seed)
        {
            var random = new Random(seed);
            var values = new float[Inputs[name].Length];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = (float)((random.NextDouble() * 2) - 1);
            }

            Inputs[name].Write(0, values);
        }

        public float[] ReadOutput()
        {
            var values = new float[Output.Length];
            Output.Read(0, values);
            return values;
        }

        public void Dispose()
        {
            foreach (var tensor in Inputs.Values)
            {
                tensor.Dispose();
            }

            Output.Dispose();
        }

        private static long Fixed(TensorSignature signature, int axis, long fallback) =>
            signature.IsDynamic(axis) ? fallback : signature.Dimensions[axis];
    }
}
