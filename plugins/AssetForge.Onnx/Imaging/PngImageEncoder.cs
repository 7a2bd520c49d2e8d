namespace AssetForge.Onnx.Imaging;

using System.Numerics.Tensors;
using SkiaSharp;

/// <summary>
/// Turns a VAE output (planar RGB in [-1, 1]) into PNG bytes: clamp(x/2 + 0.5) × 255 rounded half
/// to even (diffusers' numpy conversion), encoded by SkiaSharp (deterministic: no time chunk), then
/// the job's text chunks.
/// </summary>
internal sealed class PngImageEncoder
{
    private float[] _plane = [];
    private byte[] _pixels = [];

    /// <param name="planarRgb">3 × height × width values.</param>
    public byte[] Encode(ReadOnlySpan<float> planarRgb, int width, int height, IReadOnlyList<KeyValuePair<string, string>> texts)
    {
        var area = width * height;
        if (planarRgb.Length != 3 * area)
        {
            throw new ArgumentException("The image has the wrong number of values.", nameof(planarRgb));
        }

        if (_plane.Length < area)
        {
            _plane = new float[area];
        }

        if (_pixels.Length < 4 * area)
        {
            _pixels = new byte[4 * area];
        }

        var plane = _plane.AsSpan(0, area);
        var pixels = _pixels.AsSpan(0, 4 * area);
        for (var channel = 0; channel < 3; channel++)
        {
            var source = planarRgb.Slice(channel * area, area);
            TensorPrimitives.Multiply(source, 0.5f, plane);
            TensorPrimitives.Add(plane, 0.5f, plane);
            TensorPrimitives.Max(plane, 0f, plane);
            TensorPrimitives.Min(plane, 1f, plane);
            TensorPrimitives.Multiply(plane, 255f, plane);
            TensorPrimitives.Round(plane, MidpointRounding.ToEven, plane);
            for (var i = 0; i < area; i++)
            {
                pixels[(4 * i) + channel] = (byte)plane[i];
            }
        }

        for (var i = 0; i < area; i++)
        {
            pixels[(4 * i) + 3] = 255;
        }

        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        byte[] png;
        unsafe
        {
            fixed (byte* address = _pixels)
            {
                using var pinned = new SKPixmap(info, (IntPtr)address, info.RowBytes);
                using var data = pinned.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, zLibLevel: 6));
                png = data?.ToArray() ?? throw new InvalidOperationException("SkiaSharp could not encode the PNG.");
            }
        }

        return texts.Count == 0 ? png : PngTextChunks.Insert(png, texts);
    }
}
