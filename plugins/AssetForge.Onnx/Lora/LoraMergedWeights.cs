namespace AssetForge.Onnx.Lora;

using System.Numerics.Tensors;
using AssetForge.Onnx.Graph.Builders;
using AssetForge.Onnx.Safetensors;

/// <summary>
/// A component's weights with LoRAs merged in as they are read: W + Σ scale·(alpha/rank)·up·down,
/// with up [out, rank(,1,1)] and down [rank, in(,kh,kw)] multiplied over their flattened axes, so
/// linear layers, 1×1 and k×k convolutions (LoCon) all merge the same way. Several LoRAs stack in
/// the order given.
/// </summary>
internal sealed class LoraMergedWeights(IModelWeights inner, IReadOnlyList<(SafetensorsFile File, LoraModule Module, float Scale)> updates) : IModelWeights
{
    private readonly ILookup<string, (SafetensorsFile File, LoraModule Module, float Scale)> _byTarget = updates.ToLookup(u => u.Module.Target, StringComparer.Ordinal);

    public string Source => inner.Source;

    public IEnumerable<string> Names => inner.Names;

    public bool Contains(string name) => inner.Contains(name);

    public IReadOnlyList<long> Shape(string name) => inner.Shape(name);

    public float[] Floats(string name)
    {
        var weight = inner.Floats(name);
        foreach (var (file, module, scale) in _byTarget[name])
        {
            Merge(file, module, scale, weight);
        }

        return weight;
    }

    private static void Merge(SafetensorsFile file, LoraModule module, float scale, float[] weight)
    {
        var down = file.ReadFloats(module.DownKey);
        var up = file.ReadFloats(module.UpKey);
        var rank = (int)file.Tensors[module.DownKey].Shape[0];
        var outputs = (int)file.Tensors[module.UpKey].Shape[0];
        var inputs = rank == 0 ? 0 : down.Length / rank;
        if (rank == 0 || up.Length != outputs * rank || (long)outputs * inputs != weight.Length)
        {
            throw new LoraException(file.Path, $"LoRA module '{module.DownKey}' ([{string.Join(", ", file.Tensors[module.UpKey].Shape)}] × [{string.Join(", ", file.Tensors[module.DownKey].Shape)}]) does not fit the weight '{module.Target}' ({weight.Length} values).");
        }

        var alpha = module.AlphaKey is null ? rank : file.ReadFloats(module.AlphaKey)[0];
        var factor = scale * alpha / rank;
        var delta = weight.AsSpan();
        for (var o = 0; o < outputs; o++)
        {
            var row = delta.Slice(o * inputs, inputs);
            for (var k = 0; k < rank; k++)
            {
                TensorPrimitives.MultiplyAdd(down.AsSpan(k * inputs, inputs), factor * up[(o * rank) + k], row, row);
            }
        }
    }
}
