namespace AssetForge.Onnx.Graph;

using System.Runtime.InteropServices;
using System.Numerics.Tensors;

/// <summary>
/// Rewrites a float32 graph to compute in float16, keeping its float32 inputs and outputs (so the
/// pipeline feeds and reads it as before): weights are stored as float16, a Cast at each float
/// input and output crosses over, and the operators in <see cref="Options.Float32Operators"/>
/// (the numerically sensitive ones) compute in float32 between Casts, as mixed-precision
/// inference does. Values that must be exact stay float32 end to end: integers cast to float
/// (token ids above 2048 are not float16 numbers) and whatever a <see cref="Options.Float32Inputs"/>
/// input (the UNet's timestep) flows into before it reaches a matrix product, which is how
/// diffusers computes the timestep embedding in float32 under fp16.
/// </summary>
internal static class Float16Conversion
{
    /// <summary>What stays float32.</summary>
    /// <param name="Float32Operators">Operator types that compute in float32 (their float inputs are cast up, their outputs down).</param>
    /// <param name="Float32Inputs">Graph inputs whose values keep float32 until a matrix product or convolution consumes them.</param>
    public sealed record Options(IReadOnlySet<string> Float32Operators, IReadOnlySet<string> Float32Inputs);

    /// <summary>
    /// Mixed precision as GPU fp16 inference does it: softmax and the normalisations (group norm is
    /// InstanceNormalization over groups, layer norm, ReduceMean) in float32, and the timestep.
    /// </summary>
    public static Options Mixed { get; } = new(
        new HashSet<string>(StringComparer.Ordinal) { "Softmax", "InstanceNormalization", "LayerNormalization", "ReduceMean", "Sin", "Cos", "ArgMax" },
        new HashSet<string>(StringComparer.Ordinal) { "timestep" });

    // Consumers that end a float32 chain from Float32Inputs: they take the value cast down.
    private static readonly HashSet<string> Products = new(StringComparer.Ordinal) { "MatMul", "Gemm", "Conv" };

    public static OnnxModel Convert(OnnxModel model, Options options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        var graph = model.Graph;
        var types = new Dictionary<string, OnnxElementType>(StringComparer.Ordinal);
        foreach (var input in graph.Inputs)
        {
            types[input.Name] = input.ElementType;
        }

        foreach (var tensor in graph.Initializers)
        {
            types[tensor.Name] = tensor.ElementType;
        }

        // Pass 1: each node's precision, and in which precisions each initializer is read.
        var pinned = new HashSet<string>(options.Float32Inputs, StringComparer.Ordinal);
        var inHalf = new bool[graph.Nodes.Count];
        var readAsHalf = new HashSet<string>(StringComparer.Ordinal);
        var readAsFloat = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < graph.Nodes.Count; index++)
        {
            var node = graph.Nodes[index];
            var fromPinned = false;
            foreach (var input in node.Inputs)
            {
                fromPinned |= input.Length > 0 && pinned.Contains(input);
            }

            var exactCast = node.OpType == "Cast" && CastTarget(node) == OnnxElementType.Float && TypeOf(types, node.Inputs[0]) is not (OnnxElementType.Float or OnnxElementType.Float16);
            var half = !(options.Float32Operators.Contains(node.OpType) || exactCast || (fromPinned && !Products.Contains(node.OpType)));
            inHalf[index] = half;
            for (var i = 0; i < node.Inputs.Count; i++)
            {
                var input = node.Inputs[i];
                if (input.Length > 0 && TypeOf(types, input) == OnnxElementType.Float)
                {
                    (half && !StaysFloat(node, i) ? readAsHalf : readAsFloat).Add(input);
                }
            }

            var outputType = OutputType(node, types);
            foreach (var output in node.Outputs)
            {
                types[output] = outputType;
                if (!half && (exactCast || fromPinned) && outputType == OnnxElementType.Float)
                {
                    pinned.Add(output);
                }
            }
        }

        // Pass 2: the graph, with a Cast wherever a value is read in the other precision.
        var available = new Dictionary<(string Name, bool Half), string>();
        var initializers = new List<OnnxTensor>(graph.Initializers.Count);
        foreach (var tensor in graph.Initializers)
        {
            if (tensor.ElementType != OnnxElementType.Float || !readAsHalf.Contains(tensor.Name))
            {
                initializers.Add(tensor);
                available[(tensor.Name, false)] = tensor.Name;
                continue;
            }

            var both = readAsFloat.Contains(tensor.Name);
            var halfName = both ? tensor.Name + "/fp16" : tensor.Name;
            if (both)
            {
                initializers.Add(tensor);
                available[(tensor.Name, false)] = tensor.Name;
            }

            initializers.Add(ToHalf(tensor, halfName));
            available[(tensor.Name, true)] = halfName;
        }

        foreach (var input in graph.Inputs)
        {
            available[(input.Name, false)] = input.Name;
        }

        var graphOutputs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var output in graph.Outputs)
        {
            if (output.ElementType == OnnxElementType.Float)
            {
                graphOutputs.Add(output.Name);
            }
        }

        var nodes = new List<OnnxNode>(graph.Nodes.Count + 64);
        for (var index = 0; index < graph.Nodes.Count; index++)
        {
            var node = graph.Nodes[index];
            var half = inHalf[index];
            var inputs = new List<string>(node.Inputs.Count);
            for (var i = 0; i < node.Inputs.Count; i++)
            {
                var input = node.Inputs[i];
                var isFloat = input.Length > 0 && TypeOf(types, input) == OnnxElementType.Float;
                inputs.Add(isFloat ? Read(nodes, available, input, half && !StaysFloat(node, i)) : input);
            }

            var outputs = new List<string>(node.Outputs.Count);
            var outputCasts = new List<OnnxNode>();
            foreach (var output in node.Outputs)
            {
                var isFloat = types[output] == OnnxElementType.Float;
                var name = output;
                if (isFloat && half && graphOutputs.Contains(output))
                {
                    // The graph's output keeps its name and type: the node writes a float16 twin, cast up at once.
                    name = output + "/fp16";
                    outputCasts.Add(Cast(name, output, OnnxElementType.Float));
                    available[(output, false)] = output;
                }

                outputs.Add(name);
                if (isFloat)
                {
                    available[(output, half)] = name;
                }
            }

            nodes.Add(node with { Inputs = inputs, Outputs = outputs, Attributes = half ? HalfAttributes(node) : node.Attributes });
            nodes.AddRange(outputCasts);
        }

        return model with { Graph = graph with { Nodes = nodes, Initializers = initializers } };
    }

    // The value in the wanted precision, adding the Cast that makes it the first time it is needed.
    private static string Read(List<OnnxNode> nodes, Dictionary<(string Name, bool Half), string> available, string value, bool half)
    {
        if (available.TryGetValue((value, half), out var name))
        {
            return name;
        }

        var source = available[(value, !half)];
        name = value + (half ? "/to_fp16" : "/to_fp32");
        nodes.Add(Cast(source, name, half ? OnnxElementType.Float16 : OnnxElementType.Float));
        available[(value, half)] = name;
        return name;
    }

    private static OnnxNode Cast(string input, string output, OnnxElementType to) =>
        new("Cast", [input], [output], output + "/Cast", [OnnxAttribute.Int("to", (long)to)]);

    // Inputs the operator defines as float32 whatever its data's type (Resize's roi and scales).
    private static bool StaysFloat(OnnxNode node, int input) => node.OpType == "Resize" && input is 1 or 2;

    private static IReadOnlyList<OnnxAttribute> HalfAttributes(OnnxNode node)
    {
        var attributes = new List<OnnxAttribute>(node.Attributes.Count);
        foreach (var attribute in node.Attributes)
        {
            attributes.Add(attribute switch
            {
                { Name: "to", Type: OnnxAttributeType.Int } when node.OpType == "Cast" && attribute.IntValue == (long)OnnxElementType.Float => OnnxAttribute.Int("to", (long)OnnxElementType.Float16),
                { Type: OnnxAttributeType.Tensor, TensorValue: { ElementType: OnnxElementType.Float } tensor } => OnnxAttribute.Tensor(attribute.Name, ToHalf(tensor, tensor.Name)),
                _ => attribute,
            });
        }

        return attributes;
    }

    private static OnnxTensor ToHalf(OnnxTensor tensor, string name)
    {
        var floats = MemoryMarshal.Cast<byte, float>(tensor.RawData.Span);
        var bytes = new byte[floats.Length * 2];
        TensorPrimitives.ConvertToHalf(floats, MemoryMarshal.Cast<byte, Half>(bytes.AsSpan()));
        return new OnnxTensor(name, OnnxElementType.Float16, tensor.Dimensions, bytes);
    }

    private static OnnxElementType? CastTarget(OnnxNode node)
    {
        foreach (var attribute in node.Attributes)
        {
            if (attribute.Name == "to")
            {
                return (OnnxElementType)attribute.IntValue;
            }
        }

        return null;
    }

    private static OnnxElementType TypeOf(Dictionary<string, OnnxElementType> types, string value) =>
        types.TryGetValue(value, out var type) ? type : throw new InvalidOperationException($"Float16 conversion: '{value}' is read before it is written.");

    // The output's element type, for the operators graph builders emit (data-preserving ones take their data input's).
    private static OnnxElementType OutputType(OnnxNode node, Dictionary<string, OnnxElementType> types) => node.OpType switch
    {
        "Cast" => CastTarget(node) ?? OnnxElementType.Float,
        "Shape" or "Size" or "ArgMax" or "ArgMin" or "NonZero" => OnnxElementType.Int64,
        "Equal" or "Less" or "Greater" or "LessOrEqual" or "GreaterOrEqual" or "And" or "Or" or "Not" or "IsNaN" => OnnxElementType.Bool,
        "ConstantOfShape" or "Constant" => node.Attributes.FirstOrDefault(a => a.Type == OnnxAttributeType.Tensor)?.TensorValue?.ElementType ?? OnnxElementType.Float,
        "Where" => TypeOf(types, node.Inputs[1]),
        _ => TypeOf(types, node.Inputs[0]),
    };
}
