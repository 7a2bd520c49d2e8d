namespace AssetForge.Onnx.Graph;

/// <summary>A node attribute (ONNX AttributeProto). Exactly one of the value members is set, as <see cref="Type"/> says.</summary>
internal sealed record OnnxAttribute
{
    private OnnxAttribute(string name, OnnxAttributeType type) => (Name, Type) = (name, type);

    public string Name { get; }

    public OnnxAttributeType Type { get; }

    public float FloatValue { get; private init; }

    public long IntValue { get; private init; }

    public string? StringValue { get; private init; }

    public OnnxTensor? TensorValue { get; private init; }

    public IReadOnlyList<float> Floats { get; private init; } = [];

    public IReadOnlyList<long> Ints { get; private init; } = [];

    public static OnnxAttribute Float(string name, float value) => new(name, OnnxAttributeType.Float) { FloatValue = value };

    public static OnnxAttribute Int(string name, long value) => new(name, OnnxAttributeType.Int) { IntValue = value };

    public static OnnxAttribute String(string name, string value) => new(name, OnnxAttributeType.String) { StringValue = value };

    public static OnnxAttribute Tensor(string name, OnnxTensor value) => new(name, OnnxAttributeType.Tensor) { TensorValue = value };

    public static OnnxAttribute FloatList(string name, params float[] values) => new(name, OnnxAttributeType.Floats) { Floats = values };

    public static OnnxAttribute IntList(string name, params long[] values) => new(name, OnnxAttributeType.Ints) { Ints = values };
}
