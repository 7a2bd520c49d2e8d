namespace AssetForge.Onnx.Safetensors;

using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

/// <summary>
/// A safetensors file opened read-only and memory-mapped: the header is validated up front (see
/// <see cref="SafetensorsHeader"/>), and a tensor's bytes are only touched when it is read, so a
/// multi-gigabyte checkpoint costs no more memory than the tensors in use.
/// </summary>
internal sealed unsafe class SafetensorsFile : IDisposable
{
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _data;
    private bool _disposed;

    private SafetensorsFile(string path, MemoryMappedFile map, MemoryMappedViewAccessor view, byte* data, SafetensorsHeader header)
    {
        Path = path;
        _map = map;
        _view = view;
        _data = data;
        Header = header;
    }

    public string Path { get; }

    public SafetensorsHeader Header { get; }

    public IReadOnlyDictionary<string, SafetensorsTensorInfo> Tensors => Header.Tensors;

    /// <exception cref="SafetensorsFormatException">The file is not a well-formed safetensors file.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static SafetensorsFile Open(string path)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Reading safetensors needs a little-endian machine.");
        }

        var length = new FileInfo(path).Length;
        if (length < 8)
        {
            throw new SafetensorsFormatException(path, $"the file has {length} bytes, fewer than the 8-byte header length");
        }

        var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, mapName: null, 0, MemoryMappedFileAccess.Read);
        MemoryMappedViewAccessor? view = null;
        var acquired = false;
        try
        {
            view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            byte* start = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
            acquired = true;
            start += view.PointerOffset;

            var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(new ReadOnlySpan<byte>(start, 8));
            if (headerLength > (ulong)SafetensorsHeader.MaxHeaderBytes)
            {
                throw new SafetensorsFormatException(path, $"the header claims {headerLength} bytes; more than {SafetensorsHeader.MaxHeaderBytes} is refused");
            }

            if ((long)headerLength > length - 8)
            {
                throw new SafetensorsFormatException(path, $"the header claims {headerLength} bytes but the file has only {length - 8} after the length");
            }

            var header = SafetensorsHeader.Parse(path, new ReadOnlySpan<byte>(start + 8, (int)headerLength), length - 8 - (long)headerLength);
            return new SafetensorsFile(path, map, view, start + 8 + (long)headerLength, header);
        }
        catch
        {
            if (acquired)
            {
                view!.SafeMemoryMappedViewHandle.ReleasePointer();
            }

            view?.Dispose();
            map.Dispose();
            throw;
        }
    }

    /// <summary>The tensor's raw little-endian bytes, valid until this file is disposed.</summary>
    /// <exception cref="KeyNotFoundException">There is no such tensor.</exception>
    public ReadOnlySpan<byte> Bytes(string name) => Bytes(Info(name));

    public ReadOnlySpan<byte> Bytes(SafetensorsTensorInfo tensor)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (tensor.Length > int.MaxValue)
        {
            throw new SafetensorsFormatException(Path, $"tensor '{tensor.Name}' has {tensor.Length} bytes; tensors over 2 GiB are not supported");
        }

        return new ReadOnlySpan<byte>(_data + tensor.Offset, (int)tensor.Length);
    }

    public SafetensorsTensorInfo Info(string name) =>
        Tensors.TryGetValue(name, out var tensor) ? tensor : throw new KeyNotFoundException($"{Path}: no tensor '{name}'.");

    /// <summary>Converts a floating-point tensor to float32 (F32 copied, F16 and BF16 widened exactly, F64 rounded).</summary>
    /// <exception cref="SafetensorsFormatException">The tensor holds integers, not weights.</exception>
    public float[] ReadFloats(string name)
    {
        var tensor = Info(name);
        var values = new float[checked((int)tensor.ElementCount)];
        ReadFloats(tensor, values);
        return values;
    }

    public void ReadFloats(SafetensorsTensorInfo tensor, Span<float> destination)
    {
        if (destination.Length != tensor.ElementCount)
        {
            throw new ArgumentException($"Tensor '{tensor.Name}' has {tensor.ElementCount} elements, the destination {destination.Length}.", nameof(destination));
        }

        var bytes = Bytes(tensor);
        switch (tensor.DataType)
        {
            case SafetensorsDataType.F32:
                MemoryMarshal.Cast<byte, float>(bytes).CopyTo(destination);
                break;
            case SafetensorsDataType.F16:
                TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(bytes), destination);
                break;
            case SafetensorsDataType.BF16:
                // bfloat16 is the top half of a float32: widening is a shift, exact for every value.
                var halves = MemoryMarshal.Cast<byte, ushort>(bytes);
                var widened = MemoryMarshal.Cast<float, uint>(destination);
                for (var i = 0; i < halves.Length; i++)
                {
                    widened[i] = (uint)halves[i] << 16;
                }

                break;
            case SafetensorsDataType.F64:
                var doubles = MemoryMarshal.Cast<byte, double>(bytes);
                for (var i = 0; i < doubles.Length; i++)
                {
                    destination[i] = (float)doubles[i];
                }

                break;
            default:
                throw new SafetensorsFormatException(Path, $"tensor '{tensor.Name}' is {SafetensorsDataTypes.Name(tensor.DataType)}, not a floating-point weight");
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }
}
