namespace AssetForge.Onnx.Graph.Builders;

using AssetForge.Onnx.Safetensors;

/// <summary>
/// The weights of one diffusers component (<c>unet/</c>, <c>vae/</c>, ...): every tensor of its
/// safetensors files (one, or the shards of a large model), names taken as they are.
/// </summary>
internal sealed class SafetensorsWeights : IModelWeights, IDisposable
{
    private readonly List<SafetensorsFile> _files = [];
    private readonly Dictionary<string, SafetensorsFile> _owners = new(StringComparer.Ordinal);

    /// <exception cref="SafetensorsFormatException">A file is malformed, or two shards hold the same tensor.</exception>
    public SafetensorsWeights(string source, IReadOnlyList<string> paths)
    {
        Source = source;
        try
        {
            foreach (var path in paths)
            {
                var file = SafetensorsFile.Open(path);
                _files.Add(file);
                foreach (var name in file.Tensors.Keys)
                {
                    if (!_owners.TryAdd(name, file))
                    {
                        throw new SafetensorsFormatException(path, $"tensor '{name}' is also in {_owners[name].Path}");
                    }
                }
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Source { get; }

    public IEnumerable<string> Names => _owners.Keys;

    public bool Contains(string name) => _owners.ContainsKey(name);

    public IReadOnlyList<long> Shape(string name) => Owner(name).Tensors[name].Shape;

    public float[] Floats(string name) => Owner(name).ReadFloats(name);

    public void Dispose()
    {
        foreach (var file in _files)
        {
            file.Dispose();
        }

        _files.Clear();
    }

    private SafetensorsFile Owner(string name) =>
        _owners.TryGetValue(name, out var file) ? file : throw new MissingWeightException(Source, name);
}
