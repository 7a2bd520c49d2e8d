namespace AssetForge.Onnx.Pipeline;

using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

/// <summary>
/// A tensor in managed memory of whatever element type a model declares, wrapped once in an
/// <see cref="OrtValue"/> that reuses the memory on every call: the denoising loop writes into it
/// and reads from it as float32 without allocating.
/// </summary>
internal sealed class HostTensor : IDisposable
{
    private readonly float[]? _float32;
    private readonly Float16[]? _float16;
    private readonly long[]? _int64;
    private readonly int[]? _int32;
    private readonly double[]? _float64;

    public HostTensor(TensorElementType elementType, long[] shape)
    {
        ElementType = elementType;
        Shape = shape;
        var length = checked((int)ShapeLength(shape));
        Length = length;
        switch (elementType)
        {
            case TensorElementType.Float:
                _float32 = new float[length];
                Value = OrtValue.CreateTensorValueFromMemory(_float32, shape);
                break;
            case TensorElementType.Float16:
                _float16 = new Float16[length];
                Value = OrtValue.CreateTensorValueFromMemory(_float16, shape);
                break;
            case TensorElementType.Int64:
                _int64 = new long[length];
                Value = OrtValue.CreateTensorValueFromMemory(_int64, shape);
                break;
            case TensorElementType.Int32:
                _int32 = new int[length];
                Value = OrtValue.CreateTensorValueFromMemory(_int32, shape);
                break;
            case TensorElementType.Double:
                _float64 = new double[length];
                Value = OrtValue.CreateTensorValueFromMemory(_float64, shape);
                break;
            default:
                throw new NotSupportedException($"Element type {elementType} is not supported.");
        }
    }

    public TensorElementType ElementType { get; }

    public long[] Shape { get; }

    public int Length { get; }

    public OrtValue Value { get; }

    public static long ShapeLength(ReadOnlySpan<long> shape)
    {
        long length = 1;
        foreach (var dimension in shape)
        {
            length *= dimension;
        }

        return length;
    }

    /// <summary>
    /// Writes float values at <paramref name="offset"/>, converting to the element type: float16 by
    /// round-to-nearest-even, integers by truncation toward zero (as numpy's astype does for
    /// diffusers' integer timesteps).
    /// </summary>
    public void Write(int offset, ReadOnlySpan<float> values)
    {
        switch (ElementType)
        {
            case TensorElementType.Float:
                values.CopyTo(_float32.AsSpan(offset, values.Length));
                break;
            case TensorElementType.Float16:
                TensorPrimitives.ConvertToHalf(values, MemoryMarshal.Cast<Float16, Half>(_float16.AsSpan(offset, values.Length)));
                break;
            case TensorElementType.Int64:
                for (var i = 0; i < values.Length; i++)
                {
                    _int64![offset + i] = (long)values[i];
                }

                break;
            case TensorElementType.Int32:
                for (var i = 0; i < values.Length; i++)
                {
                    _int32![offset + i] = (int)values[i];
                }

                break;
            case TensorElementType.Double:
                for (var i = 0; i < values.Length; i++)
                {
                    _float64![offset + i] = values[i];
                }

                break;
            default:
                throw new NotSupportedException($"Element type {ElementType} is not supported.");
        }
    }

    /// <summary>Fills <paramref name="count"/> elements at <paramref name="offset"/> with one value.</summary>
    public void Fill(int offset, int count, float value)
    {
        Span<float> one = [value];
        for (var i = 0; i < count; i++)
        {
            Write(offset + i, one);
        }
    }

    /// <summary>Writes token ids (int32 or int64 tensors).</summary>
    public void WriteIds(int offset, ReadOnlySpan<int> ids)
    {
        switch (ElementType)
        {
            case TensorElementType.Int32:
                ids.CopyTo(_int32.AsSpan(offset, ids.Length));
                break;
            case TensorElementType.Int64:
                for (var i = 0; i < ids.Length; i++)
                {
                    _int64![offset + i] = ids[i];
                }

                break;
            default:
                throw new NotSupportedException($"Token ids cannot be fed as {ElementType}.");
        }
    }

    /// <summary>Reads float values at <paramref name="offset"/> (float32 or float16 tensors).</summary>
    public void Read(int offset, Span<float> destination) => ReadFloats(Value, ElementType, offset, destination);

    /// <summary>Reads float values from any float32 or float16 ORT tensor, e.g. an output ORT allocated.</summary>
    public static void ReadFloats(OrtValue value, TensorElementType elementType, int offset, Span<float> destination)
    {
        switch (elementType)
        {
            case TensorElementType.Float:
                value.GetTensorDataAsSpan<float>().Slice(offset, destination.Length).CopyTo(destination);
                break;
            case TensorElementType.Float16:
                TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<Float16, Half>(value.GetTensorDataAsSpan<Float16>().Slice(offset, destination.Length)), destination);
                break;
            default:
                throw new NotSupportedException($"Element type {elementType} cannot be read as float.");
        }
    }

    public void Dispose() => Value.Dispose();
}
