namespace AssetForge.Onnx.Imaging;

using System.Runtime.InteropServices;
using AssetForge.Abstractions.Imaging;
using AssetForge.Abstractions.Plugins;
using SkiaSharp;

/// <summary>
/// <see cref="IImageToolkit"/> on SkiaSharp: decoding for img2img and <c>assetforge diff</c>, PNG
/// encoding, and contact sheets drawn on the CPU raster backend with the embedded DejaVu Sans
/// (never a system font, so a sheet looks the same on every machine that has this plugin).
/// </summary>
internal sealed class SkiaImageToolkit
{
    // Cells smaller than this (builtin:tiny's 64×64) are enlarged, nearest neighbour, so labels fit.
    private const int MinCellSide = 128;
    private const int Pad = 8;
    private const float FontSize = 14f;
    private const int LineHeight = 20;

    private readonly Lazy<SKTypeface> _typeface = new(LoadTypeface);

    public RgbaImage Decode(ReadOnlySpan<byte> encoded)
    {
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data) ?? throw new PluginException(DiagnosticCode.UnreadableImage, "Not an image SkiaSharp can read (PNG, JPEG, WebP, GIF, BMP).");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var pixels = new byte[info.BytesSize];
        var handle = GCHandle.Alloc(pixels, GCHandleType.Pinned);
        try
        {
            var result = codec.GetPixels(info, handle.AddrOfPinnedObject());
            if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
            {
                throw new PluginException(DiagnosticCode.UnreadableImage, $"The image could not be decoded: {result}.");
            }
        }
        finally
        {
            handle.Free();
        }

        return new RgbaImage(info.Width, info.Height, pixels);
    }

    public byte[] EncodePng(RgbaImage image, IReadOnlyList<KeyValuePair<string, string>> texts)
    {
        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var handle = GCHandle.Alloc(image.Pixels, GCHandleType.Pinned);
        try
        {
            using var pixmap = new SKPixmap(info, handle.AddrOfPinnedObject(), info.RowBytes);
            using var data = pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, zLibLevel: 6));
            var png = data?.ToArray() ?? throw new InvalidOperationException("SkiaSharp could not encode the PNG.");
            return texts.Count == 0 ? png : PngTextChunks.Insert(png, texts);
        }
        finally
        {
            handle.Free();
        }
    }

    public byte[] RenderContactSheet(ContactSheetRequest request)
    {
        var columns = Math.Max(1, request.ColumnLabels.Count);
        var rows = Math.Max(1, request.RowLabels.Count);
        if (request.Cells.Count != columns * rows)
        {
            throw new PluginException(DiagnosticCode.InvalidContactSheet, $"A {columns}x{rows} contact sheet needs {columns * rows} cells, got {request.Cells.Count}.");
        }

        var cells = new SKBitmap[request.Cells.Count];
        try
        {
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = SKBitmap.Decode(request.Cells[i]) ?? throw new PluginException(DiagnosticCode.UnreadableImage, $"Cell {i + 1} of the contact sheet is not a readable image.");
            }

            return Draw(request, cells, columns, rows);
        }
        finally
        {
            foreach (var cell in cells)
            {
                cell?.Dispose();
            }
        }
    }

    private byte[] Draw(ContactSheetRequest request, SKBitmap[] cells, int columns, int rows)
    {
        var scale = Math.Max(1, (MinCellSide + Math.Min(cells[0].Width, cells[0].Height) - 1) / Math.Min(cells[0].Width, cells[0].Height));
        var cellWidth = cells[0].Width * scale;
        var cellHeight = cells[0].Height * scale;

        using var font = new SKFont(_typeface.Value, FontSize) { Edging = SKFontEdging.Antialias, Subpixel = false, Hinting = SKFontHinting.None };
        using var bold = new SKFont(_typeface.Value, FontSize) { Edging = SKFontEdging.Antialias, Subpixel = false, Hinting = SKFontHinting.None, Embolden = true };
        var rowLabelWidth = 0f;
        foreach (var label in request.RowLabels)
        {
            rowLabelWidth = Math.Max(rowLabelWidth, font.MeasureText(label));
        }

        rowLabelWidth = Math.Max(rowLabelWidth, request.RowAxis.Length > 0 ? bold.MeasureText(request.RowAxis) : 0);
        var left = Pad + (rowLabelWidth > 0 ? (int)Math.Ceiling(rowLabelWidth) + Pad : 0);
        var top = Pad + (LineHeight * 3);
        var width = left + (columns * (cellWidth + Pad));
        var height = top + (rows * (cellHeight + Pad));

        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var surface = SKSurface.Create(info) ?? throw new InvalidOperationException("SkiaSharp could not create a raster surface.");
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var grey = new SKPaint { Color = new SKColor(90, 90, 90), IsAntialias = true };

        canvas.DrawText(Fit(request.Title, width - (2 * Pad), font), Pad, Pad + FontSize, SKTextAlign.Left, font, grey);
        var axisLine = Pad + LineHeight + FontSize;
        if (request.ColumnAxis.Length > 0)
        {
            canvas.DrawText(request.ColumnAxis + " \u2192", left, axisLine, SKTextAlign.Left, bold, ink);
        }

        if (request.RowAxis.Length > 0)
        {
            canvas.DrawText(request.RowAxis + " \u2193", Pad, axisLine + LineHeight, SKTextAlign.Left, bold, ink);
        }

        for (var c = 0; c < request.ColumnLabels.Count; c++)
        {
            var centre = left + (c * (cellWidth + Pad)) + (cellWidth / 2f);
            canvas.DrawText(Fit(request.ColumnLabels[c], cellWidth, font), centre, axisLine + LineHeight, SKTextAlign.Center, font, ink);
        }

        using var sampling = new SKPaint();
        for (var r = 0; r < rows; r++)
        {
            var y = top + (r * (cellHeight + Pad));
            if (r < request.RowLabels.Count)
            {
                canvas.DrawText(request.RowLabels[r], Pad, y + (cellHeight / 2f) + (FontSize / 2f), SKTextAlign.Left, font, ink);
            }

            for (var c = 0; c < columns; c++)
            {
                var x = left + (c * (cellWidth + Pad));
                using var image = SKImage.FromBitmap(cells[(r * columns) + c]);
                canvas.DrawImage(image, new SKRect(x, y, x + cellWidth, y + cellHeight), new SKSamplingOptions(SKFilterMode.Nearest), sampling);
            }
        }

        canvas.Flush();
        var pixels = new byte[info.BytesSize];
        var handle = GCHandle.Alloc(pixels, GCHandleType.Pinned);
        try
        {
            if (!surface.ReadPixels(info, handle.AddrOfPinnedObject(), info.RowBytes, 0, 0))
            {
                throw new InvalidOperationException("SkiaSharp could not read the contact sheet's pixels.");
            }
        }
        finally
        {
            handle.Free();
        }

        return EncodePng(new RgbaImage(width, height, pixels), request.PngText);
    }

    private static string Fit(string text, float width, SKFont font)
    {
        if (font.MeasureText(text) <= width)
        {
            return text;
        }

        var length = text.Length;
        while (length > 0 && font.MeasureText(string.Concat(text.AsSpan(0, length), "\u2026")) > width)
        {
            length--;
        }

        return string.Concat(text.AsSpan(0, length), "\u2026");
    }

    private static SKTypeface LoadTypeface()
    {
        var assembly = typeof(SkiaImageToolkit).Assembly;
        using var stream = assembly.GetManifestResourceStream("AssetForge.Onnx.Imaging.Fonts.DejaVuSans.ttf")
            ?? throw new InvalidOperationException("The embedded font DejaVuSans.ttf is missing from the onnx plugin.");
        return SKTypeface.FromStream(stream) ?? throw new InvalidOperationException("SkiaSharp could not load the embedded DejaVu Sans font.");
    }
}
