namespace AssetForge.Onnx.Pipeline;

using AssetForge.Abstractions.Models;

/// <summary>
/// SDXL's micro-conditioning <c>add_time_ids</c>, as diffusers' _get_add_time_ids lays it out:
/// original size, crop top-left, target size, each height before width (top before left). The
/// sizes default to the image's own and the crop to (0, 0); the negative rows get the same ids
/// (diffusers' negative_* arguments default to these).
/// </summary>
internal static class SdxlTimeIds
{
    /// <summary>The number of time ids SDXL's base UNet takes (without an aesthetic score).</summary>
    public const int Count = 6;

    public static void Write(ImageJob job, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(job);
        var original = job.OriginalSize ?? new PixelSize(job.Width, job.Height);
        var crop = job.CropTopLeft ?? new CropOffset(0, 0);
        var target = job.TargetSize ?? new PixelSize(job.Width, job.Height);
        destination[0] = original.Height;
        destination[1] = original.Width;
        destination[2] = crop.Top;
        destination[3] = crop.Left;
        destination[4] = target.Height;
        destination[5] = target.Width;
    }
}
