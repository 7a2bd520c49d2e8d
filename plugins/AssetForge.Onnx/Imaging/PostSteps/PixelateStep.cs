namespace AssetForge.Onnx.Imaging.PostSteps;

using System.Globalization;
using System.Text;
using AssetForge.Abstractions.PostProcessing;

/// <summary>
/// <c>pixelate</c>: reduces the image to a pixel grid, one output pixel per cell (<c>grid: WxH</c>
/// cells, or <c>cell: N</c> source pixels per cell), each cell's colour its <c>method</c>:
/// <c>mode</c> (default: the most common colour, at 4 bits per channel, averaged within that bin)
/// or <c>median</c> (per channel), never a blur. <c>palette</c>: <c>none</c> (default),
/// <c>pico8</c>, <c>db16</c>, <c>auto:K</c> (2 to 256 colours by seeded k-means in Oklab), a
/// quoted list of #rrggbb colours, or a GIMP <c>.gpl</c> or Lospec <c>.hex</c> palette file
/// (relative to the spec; the host passes its text, so the key covers the colours); cells map to the perceptually nearest palette colour,
/// optionally with <c>dither: ordered</c> (4×4 Bayer). Alpha becomes binary: a cell is opaque when
/// its mean alpha reaches <c>alpha_threshold</c> (0 to 255, default 128). <c>outline: #rrggbb</c>
/// draws a 1-pixel outline on the transparent cells that touch an opaque one. Follow with
/// <c>resize</c> and <c>filter: nearest</c> to scale the pixels back up.
/// </summary>
public sealed class PixelateStep : IFileParameterPostStep
{
    private static readonly string[] Methods = ["mode", "median"];
    private static readonly string[] Dithers = ["none", "ordered"];

    /// <inheritdoc />
    public string Id => "pixelate";

    /// <inheritdoc />
    public string Version => "1.0.0";

    /// <inheritdoc />
    public string? ShorthandParameter => "grid";

    /// <inheritdoc />
    public bool NamesFile(string parameter, string value) =>
        parameter == "palette" && IsPaletteFileName(value);

    /// <inheritdoc />
    public PostStepParameters Validate(PostStepParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        PostStepImage.RequireKnown(Id, parameters, "grid", "cell", "method", "palette", "dither", "alpha_threshold", "outline");
        var values = new List<KeyValuePair<string, string>>();
        var grid = parameters.Get("grid");
        var cell = parameters.Get("cell");
        if ((grid is null) == (cell is null))
        {
            throw new PostStepParameterException(grid is null ? string.Empty : "cell", "The pixelate step needs exactly one of 'grid' (cells across and down, e.g. 32x32) or 'cell' (source pixels per cell, e.g. 4).");
        }

        if (grid is not null)
        {
            var (width, height) = PostStepImage.ParseSize("grid", grid);
            values.Add(new("grid", PostStepImage.Text(width) + "x" + PostStepImage.Text(height)));
        }
        else
        {
            values.Add(new("cell", PostStepImage.Text(PostStepImage.ParseInt("cell", cell!, 1, 256))));
        }

        var palette = CanonicalPalette(parameters.Get("palette") ?? "none");
        var dither = PostStepImage.ParseChoice("dither", parameters.Get("dither") ?? "none", Dithers);
        if (dither != "none" && palette == "none")
        {
            throw new PostStepParameterException("dither", "'dither' needs a 'palette' to dither between, e.g. palette: pico8.");
        }

        var outline = PostStepImage.ParseRgbOr("outline", parameters.Get("outline") ?? "none", "none");
        values.Add(new("method", PostStepImage.ParseChoice("method", parameters.Get("method") ?? "mode", Methods)));
        values.Add(new("palette", palette));
        values.Add(new("dither", dither));
        values.Add(new("alpha_threshold", PostStepImage.Text(PostStepImage.ParseInt("alpha_threshold", parameters.Get("alpha_threshold") ?? "128", 0, 255))));
        values.Add(new("outline", outline));
        return new PostStepParameters(values);
    }

    /// <inheritdoc />
    public string OutputFormat(PostStepParameters parameters) => "png";

    /// <inheritdoc />
    public byte[] Apply(byte[] input, PostStepParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        using var source = PostStepImage.Decode(input);
        var pixels = PostStepImage.Pixels(source);
        var (columns, rows) = GridOf(parameters, source.Width, source.Height);
        var reduction = new CellReduction(parameters.Get("method") == "median", Parse(parameters.Get("alpha_threshold")!));
        var cells = reduction.Reduce(pixels, source.Width, source.Height, columns, rows, cancellationToken);
        var palette = parameters.Get("palette")!;
        if (palette != "none")
        {
            var colors = palette.StartsWith("auto:", StringComparison.Ordinal)
                ? PaletteKMeans.Choose(OpaqueColors(cells), Parse(palette[5..]), cancellationToken)
                : ParseColors(NamedPalettes.Find(palette) ?? palette);
            new PaletteMapping(colors, parameters.Get("dither") == "ordered").Apply(cells, columns, rows);
        }

        if (parameters.Get("outline") is { } outline && outline != "none")
        {
            DrawOutline(cells, columns, rows, PostStepImage.ParseColor("outline", outline));
        }

        using var result = PostStepImage.FromPixels(columns, rows, cells);
        return PostStepImage.Encode(result, "png", 100);
    }

    private static (int Columns, int Rows) GridOf(PostStepParameters parameters, int width, int height)
    {
        if (parameters.Get("grid") is { } grid)
        {
            var (columns, rows) = PostStepImage.ParseSize("grid", grid);
            if (columns > width || rows > height)
            {
                throw new PostStepParameterException("grid", $"the grid {grid} has more cells than the {width}x{height} image has pixels.");
            }

            return (columns, rows);
        }

        var cell = Parse(parameters.Get("cell")!);
        return ((width + cell - 1) / cell, (height + cell - 1) / cell);
    }

    private static string CanonicalPalette(string text)
    {
        if (text is "none" || NamedPalettes.Find(text) is not null)
        {
            return text;
        }

        if (text.StartsWith("auto:", StringComparison.Ordinal))
        {
            return "auto:" + PostStepImage.Text(PostStepImage.ParseInt("palette", text[5..], 2, 256));
        }

        if (IsPaletteFileName(text))
        {
            throw new PostStepParameterException("palette", $"the palette file '{text}' was not read: palette files need an AssetForge host with plugin contract 1.2 or later.");
        }

        var colors = text.StartsWith("GIMP Palette", StringComparison.Ordinal) ? ParseGimpPalette(text)
            : text.StartsWith('#') ? ParseColors(text)
            : text.Contains('\n', StringComparison.Ordinal) || (text.Length == 6 && uint.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out _)) ? ParseHexLines(text)
            : throw new PostStepParameterException("palette", $"'palette' must be none, pico8, db16, auto:K (2 to 256 colours), a quoted list of #rrggbb colours or a .gpl/.hex file; got '{text}'.");
        var canonical = new StringBuilder();
        foreach (var color in colors)
        {
            canonical.Append(canonical.Length == 0 ? "#" : " #").Append(color.ToString("x6", CultureInfo.InvariantCulture));
        }

        return canonical.ToString();
    }

    private static bool IsPaletteFileName(string value) =>
        value.EndsWith(".gpl", StringComparison.OrdinalIgnoreCase) || value.EndsWith(".hex", StringComparison.OrdinalIgnoreCase);

    // GIMP's format: a "GIMP Palette" line, optional "Name:"/"Columns:" lines and # comments, then "R G B [name]" per colour.
    private static int[] ParseGimpPalette(string text)
    {
        var colors = new List<int>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#' || line.StartsWith("GIMP Palette", StringComparison.Ordinal) || line.StartsWith("Name:", StringComparison.Ordinal) || line.StartsWith("Columns:", StringComparison.Ordinal))
            {
                continue;
            }

            var parts = line.Split([' ', '\t'], 4, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 3 ||
                !byte.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var r) ||
                !byte.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var g) ||
                !byte.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var b))
            {
                throw new PostStepParameterException("palette", $"the .gpl palette has a line that is not 'R G B [name]' (0 to 255 each): '{line}'.");
            }

            colors.Add((r << 16) | (g << 8) | b);
        }

        return CheckCount(colors);
    }

    // Lospec's .hex: one rrggbb per line, no '#'.
    private static int[] ParseHexLines(string text)
    {
        var colors = new List<int>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.Length != 6 || !int.TryParse(line, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var color))
            {
                throw new PostStepParameterException("palette", $"the .hex palette has a line that is not rrggbb: '{line}'.");
            }

            colors.Add(color);
        }

        return CheckCount(colors);
    }

    private static int[] CheckCount(List<int> colors) =>
        colors.Count is >= 1 and <= 256 ? [.. colors] : throw new PostStepParameterException("palette", $"a palette needs 1 to 256 colours; the file has {colors.Count}.");

    private static int[] ParseColors(string text)
    {
        var parts = text.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is 0 or > 256)
        {
            throw new PostStepParameterException("palette", $"a palette list needs 1 to 256 colours; got {parts.Length}.");
        }

        var colors = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length != 7)
            {
                throw new PostStepParameterException("palette", $"palette colours must be #rrggbb; got '{parts[i]}'.");
            }

            var color = PostStepImage.ParseColor("palette", parts[i]);
            colors[i] = (color.Red << 16) | (color.Green << 8) | color.Blue;
        }

        return colors;
    }

    private static int[] OpaqueColors(byte[] cells)
    {
        var opaque = 0;
        for (var i = 3; i < cells.Length; i += 4)
        {
            opaque += cells[i] != 0 ? 1 : 0;
        }

        var colors = new int[opaque];
        for (int i = 0, n = 0; i < cells.Length; i += 4)
        {
            if (cells[i + 3] != 0)
            {
                colors[n++] = (cells[i] << 16) | (cells[i + 1] << 8) | cells[i + 2];
            }
        }

        return colors;
    }

    // Outline cells are decided from the alpha before any is drawn, so the outline is exactly one pixel wide.
    private static void DrawOutline(byte[] cells, int columns, int rows, SkiaSharp.SKColor color)
    {
        var opaque = new bool[columns * rows];
        for (var i = 0; i < opaque.Length; i++)
        {
            opaque[i] = cells[(i * 4) + 3] != 0;
        }

        for (var y = 0; y < rows; y++)
        {
            for (var x = 0; x < columns; x++)
            {
                var i = (y * columns) + x;
                if (!opaque[i] &&
                    ((x > 0 && opaque[i - 1]) || (x < columns - 1 && opaque[i + 1]) || (y > 0 && opaque[i - columns]) || (y < rows - 1 && opaque[i + columns])))
                {
                    (cells[i * 4], cells[(i * 4) + 1], cells[(i * 4) + 2], cells[(i * 4) + 3]) = (color.Red, color.Green, color.Blue, 255);
                }
            }
        }
    }

    private static int Parse(string text) => int.Parse(text, CultureInfo.InvariantCulture);
}
