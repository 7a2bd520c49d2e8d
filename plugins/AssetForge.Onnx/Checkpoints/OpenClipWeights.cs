namespace AssetForge.Onnx.Checkpoints;

using AssetForge.Abstractions.Plugins;
using AssetForge.Onnx.Graph.Builders;
using AssetForge.Onnx.Safetensors;

/// <summary>
/// An OpenCLIP text encoder inside a single-file checkpoint, under transformers' CLIPTextModel
/// names (see <see cref="OpenClipKeyMap"/>): q, k and v are row thirds of the stacked input projection;
/// SDXL's text_projection is read transposed.
/// </summary>
internal sealed class OpenClipWeights(string source, SafetensorsFile file, IReadOnlyDictionary<string, OpenClipTensor> names) : IModelWeights
{
    public string Source { get; } = source;

    public IEnumerable<string> Names => names.Keys;

    public bool Contains(string name) => names.ContainsKey(name);

    public IReadOnlyList<long> Shape(string name)
    {
        var tensor = Tensor(name);
        var shape = file.Tensors[tensor.Key].Shape;
        if (tensor.Transposed)
        {
            Matrix(tensor, shape);
            return [shape[1], shape[0]];
        }

        return tensor.Third is null ? shape : [Rows(tensor, shape), .. shape.Skip(1)];
    }

    public float[] Floats(string name)
    {
        var tensor = Tensor(name);
        var values = file.ReadFloats(tensor.Key);
        if (tensor.Transposed)
        {
            var shape = file.Tensors[tensor.Key].Shape;
            Matrix(tensor, shape);
            var (rows, columns) = ((int)shape[0], (int)shape[1]);
            var transposed = new float[values.Length];
            for (var row = 0; row < rows; row++)
            {
                for (var column = 0; column < columns; column++)
                {
                    transposed[(column * rows) + row] = values[(row * columns) + column];
                }
            }

            return transposed;
        }

        if (tensor.Third is not { } third)
        {
            return values;
        }

        _ = Rows(tensor, file.Tensors[tensor.Key].Shape);
        var length = values.Length / 3;
        return values.AsSpan(third * length, length).ToArray();
    }

    private long Rows(OpenClipTensor tensor, IReadOnlyList<long> shape)
    {
        if (shape.Count == 0 || shape[0] % 3 != 0)
        {
            throw new PluginException(ComponentConfig.ErrorCode, $"{Source}: '{tensor.Key}' has shape [{string.Join(", ", shape)}]; a stacked q/k/v projection has 3×C rows.");
        }

        return shape[0] / 3;
    }

    private void Matrix(OpenClipTensor tensor, IReadOnlyList<long> shape)
    {
        if (shape.Count != 2)
        {
            throw new PluginException(ComponentConfig.ErrorCode, $"{Source}: '{tensor.Key}' has shape [{string.Join(", ", shape)}]; a text projection is a [width, projection] matrix.");
        }
    }

    private OpenClipTensor Tensor(string name) => names.TryGetValue(name, out var tensor) ? tensor : throw new MissingWeightException(Source, name);
}
