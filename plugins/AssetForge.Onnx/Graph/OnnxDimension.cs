namespace AssetForge.Onnx.Graph;

/// <summary>One dimension of a value's shape: a fixed size or a symbolic name such as <c>batch</c>.</summary>
internal readonly record struct OnnxDimension(long? Value, string? Parameter)
{
    public static OnnxDimension Fixed(long value) => new(value, null);

    public static OnnxDimension Symbolic(string name) => new(null, name);

    public static implicit operator OnnxDimension(long value) => Fixed(value);

    public static implicit operator OnnxDimension(string name) => Symbolic(name);
}
