namespace AssetForge.Core.Specs.Inputs;

/// <summary>
/// What an init image must be before a build hashes or decodes it: a regular file of at most
/// <see cref="MaxBytes"/>, a complete PNG, JPEG or WebP whose header declares at most
/// <see cref="MaxPixels"/> pixels. The pixel limit is the largest image a spec can make
/// (4096×4096, <see cref="BuiltinAssetDefaults.MaxSize"/>): the pipeline resizes the init image
/// to the asset's size, so more pixels only cost memory (a 1.2 MB PNG of 20000×20000 took 3.2 GB).
/// </summary>
public static class InitImageCheck
{
    /// <summary>The largest init image file accepted.</summary>
    public const long MaxBytes = 64L << 20;

    /// <summary>The most pixels an init image's header may declare.</summary>
    public const long MaxPixels = (long)BuiltinAssetDefaults.MaxSize * BuiltinAssetDefaults.MaxSize;

    /// <summary>Why <paramref name="path"/> cannot be an init image, or null when it can.</summary>
    public static string? ProblemWith(string path)
    {
        var content = RegularFile.Read(path, MaxBytes);
        if (content.Problem != InputFileProblem.None)
        {
            return content.Message;
        }

        if (content.Bytes.Length == 0)
        {
            return "it is empty, or not a regular file (a pipe or a device)";
        }

        var header = ImageHeader.Read(content.Bytes);
        if (header.Problem is { } problem)
        {
            return problem;
        }

        return header.Pixels > MaxPixels
            ? $"its header declares {header.Width}x{header.Height} pixels; at most {MaxPixels:N0} ({BuiltinAssetDefaults.MaxSize}x{BuiltinAssetDefaults.MaxSize}) are accepted"
            : null;
    }
}
