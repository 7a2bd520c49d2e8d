namespace AssetForge.Onnx.Checkpoints;

using AssetForge.Onnx.Graph.Builders;
using AssetForge.Onnx.Safetensors;

/// <summary>One component's weights inside a single-file checkpoint, under diffusers' names (see <see cref="LdmKeyMap"/>).</summary>
internal sealed class MappedWeights(string source, SafetensorsFile file, IReadOnlyDictionary<string, string> names) : IModelWeights
{
    public string Source { get; } = source;

    public IEnumerable<string> Names => names.Keys;

    public bool Contains(string name) => names.ContainsKey(name);

    public IReadOnlyList<long> Shape(string name) => file.Tensors[Key(name)].Shape;

    public float[] Floats(string name) => file.ReadFloats(Key(name));

    /// <summary>The file's key of the weight called <paramref name="name"/>, for errors that name the tensor as the user's file does.</summary>
    public string Key(string name) => names.TryGetValue(name, out var key) ? key : throw new MissingWeightException(Source, name);
}
