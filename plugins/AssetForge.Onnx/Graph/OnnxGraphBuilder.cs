namespace AssetForge.Onnx.Graph;

using System.Globalization;

/// <summary>
/// Builds an <see cref="OnnxGraph"/> node by node, naming intermediate values itself, so graph
/// code reads like the computation it describes.
/// </summary>
internal sealed class OnnxGraphBuilder(string name)
{
    private readonly List<OnnxNode> _nodes = [];
    private readonly List<OnnxTensor> _initializers = [];
    private readonly List<OnnxValueInfo> _inputs = [];
    private readonly List<OnnxValueInfo> _outputs = [];
    private int _counter;

    public string Input(string inputName, OnnxElementType elementType, params OnnxDimension[] shape)
    {
        _inputs.Add(new OnnxValueInfo(inputName, elementType, shape));
        return inputName;
    }

    public void Output(string outputName, OnnxElementType elementType, params OnnxDimension[] shape) =>
        _outputs.Add(new OnnxValueInfo(outputName, elementType, shape));

    public string Initializer(string tensorName, ReadOnlySpan<float> values, params long[] dimensions)
    {
        _initializers.Add(OnnxTensor.FromFloats(tensorName, values, dimensions));
        return tensorName;
    }

    public string Initializer(string tensorName, ReadOnlySpan<long> values, params long[] dimensions)
    {
        _initializers.Add(OnnxTensor.FromInt64s(tensorName, values, dimensions));
        return tensorName;
    }

    /// <summary>Adds a node with one output, named automatically unless <paramref name="outputName"/> is given.</summary>
    public string Node(string opType, IReadOnlyList<string> inputs, IReadOnlyList<OnnxAttribute>? attributes = null, string? outputName = null)
    {
        var index = _counter++;
        var output = outputName ?? string.Create(CultureInfo.InvariantCulture, $"/{opType}_{index}_output_0");
        _nodes.Add(new OnnxNode(opType, inputs, [output], string.Create(CultureInfo.InvariantCulture, $"/{opType}_{index}"), attributes ?? []));
        return output;
    }

    /// <summary>Adds a node of an operator set other than ONNX's own (e.g. ONNX Runtime's <c>com.microsoft</c> fused operators); the model must import that domain.</summary>
    public string NodeInDomain(string domain, string opType, IReadOnlyList<string> inputs, IReadOnlyList<OnnxAttribute>? attributes = null)
    {
        var index = _counter++;
        var output = string.Create(CultureInfo.InvariantCulture, $"/{opType}_{index}_output_0");
        _nodes.Add(new OnnxNode(opType, inputs, [output], string.Create(CultureInfo.InvariantCulture, $"/{opType}_{index}"), attributes ?? []) { Domain = domain });
        return output;
    }

    public OnnxGraph Build() => new(name, [.. _nodes], [.. _initializers], [.. _inputs], [.. _outputs]);
}
