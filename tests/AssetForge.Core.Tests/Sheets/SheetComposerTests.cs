namespace AssetForge.Core.Tests.Sheets;

using System.Text.Json;
using AssetForge.Abstractions.Imaging;
using AssetForge.Core.Sheets;

/// <summary>Composing a sheet: trimming, rotation, power-of-two sizes and the TexturePacker JSON (Hash) fields.</summary>
public sealed class SheetComposerTests
{
    private static readonly SheetLayout Trimmed = SheetLayout.Default with { Trim = true, Padding = 1 };

    [Test]
    public void Alpha_bounds_are_the_smallest_rectangle_around_visible_pixels()
    {
        var image = Blank(10, 8);
        Dot(image, 2, 3, 255);
        Dot(image, 6, 5, 1);

        Assert.That(AlphaBounds.Of(image), Is.EqualTo(new PixelRect(2, 3, 5, 3)));
    }

    [Test]
    public void A_fully_transparent_frame_keeps_one_pixel() =>
        Assert.That(AlphaBounds.Of(Blank(5, 5)), Is.EqualTo(new PixelRect(0, 0, 1, 1)));

    [Test]
    public void A_trimmed_frame_records_its_offset_and_source_size_as_texturepacker_does()
    {
        var icon = Blank(16, 12);
        for (var y = 4; y < 9; y++)
        {
            for (var x = 3; x < 10; x++)
            {
                Dot(icon, x, y, 255);
            }
        }

        var (sheet, error) = SheetComposer.Compose(["icons/a"], [icon], Trimmed, "icons.png", "icons");

        Assert.That(error, Is.Null);
        using var json = JsonDocument.Parse(sheet!.Map);
        var frame = json.RootElement.GetProperty("frames").GetProperty("icons/a");
        Assert.That(Rect(frame.GetProperty("frame")), Is.EqualTo((1, 1, 7, 5)));
        Assert.That(frame.GetProperty("rotated").GetBoolean(), Is.False);
        Assert.That(frame.GetProperty("trimmed").GetBoolean(), Is.True);
        Assert.That(Rect(frame.GetProperty("spriteSourceSize")), Is.EqualTo((3, 4, 7, 5)));
        Assert.That(frame.GetProperty("sourceSize").GetProperty("w").GetInt32(), Is.EqualTo(16));
        Assert.That(frame.GetProperty("sourceSize").GetProperty("h").GetInt32(), Is.EqualTo(12));
        Assert.That((sheet.Atlas.Width, sheet.Atlas.Height), Is.EqualTo((9, 7)));
    }

    [Test]
    public void An_untrimmed_frame_says_trimmed_false_with_the_full_source_rectangle()
    {
        var (sheet, _) = SheetComposer.Compose(["a"], [Solid(6, 4)], SheetLayout.Default, "s.png", "s");

        using var json = JsonDocument.Parse(sheet!.Map);
        var frame = json.RootElement.GetProperty("frames").GetProperty("a");
        Assert.That(frame.GetProperty("trimmed").GetBoolean(), Is.False);
        Assert.That(Rect(frame.GetProperty("spriteSourceSize")), Is.EqualTo((0, 0, 6, 4)));
    }

    [Test]
    public void The_meta_block_has_texturepacker_s_fields()
    {
        var (sheet, _) = SheetComposer.Compose(["a"], [Solid(6, 4)], SheetLayout.Default, "s.png", "s");

        using var json = JsonDocument.Parse(sheet!.Map);
        var meta = json.RootElement.GetProperty("meta");
        Assert.That(meta.GetProperty("image").GetString(), Is.EqualTo("s.png"));
        Assert.That(meta.GetProperty("format").GetString(), Is.EqualTo("RGBA8888"));
        Assert.That(meta.GetProperty("scale").GetString(), Is.EqualTo("1"));
        Assert.That(meta.GetProperty("size").GetProperty("w").GetInt32(), Is.EqualTo(sheet.Atlas.Width));
        Assert.That(meta.GetProperty("size").GetProperty("h").GetInt32(), Is.EqualTo(sheet.Atlas.Height));
        Assert.That(meta.GetProperty("app").GetString(), Is.Not.Empty);
        Assert.That(meta.GetProperty("version").GetString(), Is.Not.Empty);
    }

    [Test]
    public void A_rotated_frame_is_stored_turned_clockwise_with_its_unrotated_size_in_the_map()
    {
        // 1x3 column: red on top, green, blue at the bottom; turned clockwise it is a 3x1 row blue, green, red.
        var column = Blank(1, 3);
        Colour(column, 0, 0, 255, 0, 0);
        Colour(column, 0, 1, 0, 255, 0);
        Colour(column, 0, 2, 0, 0, 255);
        var wide = Solid(3, 1);
        var layout = SheetLayout.Default with { Padding = 0, MaxWidth = 3, Rotate = true };

        var (sheet, error) = SheetComposer.Compose(["col", "row"], [column, wide], layout, "s.png", "s");

        Assert.That(error, Is.Null);
        var frame = sheet!.Frames[0];
        Assert.That(frame.Rotated, Is.True);
        Assert.That((frame.Frame.Width, frame.Frame.Height), Is.EqualTo((1, 3)));
        var x = frame.Frame.X;
        var y = frame.Frame.Y;
        Assert.That(Pixel(sheet.Atlas, x, y)[..3], Is.EqualTo(new byte[] { 0, 0, 255 }));
        Assert.That(Pixel(sheet.Atlas, x + 2, y)[..3], Is.EqualTo(new byte[] { 255, 0, 0 }));
        using var json = JsonDocument.Parse(sheet.Map);
        Assert.That(json.RootElement.GetProperty("frames").GetProperty("col").GetProperty("rotated").GetBoolean(), Is.True);
        Assert.That(Rect(json.RootElement.GetProperty("frames").GetProperty("col").GetProperty("frame")), Is.EqualTo((x, y, 1, 3)));
    }

    [Test]
    public void Power_of_two_rounds_both_sides_up()
    {
        var (sheet, _) = SheetComposer.Compose(["a", "b"], [Solid(20, 9), Solid(7, 30)], SheetLayout.Default with { PowerOfTwo = true }, "s.png", "s");

        Assert.That(sheet!.Atlas.Width & (sheet.Atlas.Width - 1), Is.Zero, $"width {sheet.Atlas.Width}");
        Assert.That(sheet.Atlas.Height & (sheet.Atlas.Height - 1), Is.Zero, $"height {sheet.Atlas.Height}");
    }

    [Test]
    public void Trimming_packs_a_set_of_padded_icons_smaller()
    {
        var icons = new List<RgbaImage>();
        for (var i = 0; i < 8; i++)
        {
            var icon = Blank(32, 32);
            for (var y = 8; y < 24; y++)
            {
                for (var x = 6 + i; x < 20 + i; x++)
                {
                    Dot(icon, x, y, 255);
                }
            }

            icons.Add(icon);
        }

        var names = Enumerable.Range(0, 8).Select(i => $"icon{i}").ToList();
        var (full, _) = SheetComposer.Compose(names, icons, SheetLayout.Default with { MaxWidth = 128 }, "s.png", "s");
        var (trimmed, _) = SheetComposer.Compose(names, icons, SheetLayout.Default with { MaxWidth = 128, Trim = true }, "s.png", "s");

        TestContext.Out.WriteLine($"untrimmed {full!.Atlas.Width}x{full.Atlas.Height}, trimmed {trimmed!.Atlas.Width}x{trimmed.Atlas.Height}");
        Assert.That(trimmed.Atlas.Width * trimmed.Atlas.Height, Is.LessThan(full.Atlas.Width * full.Atlas.Height / 2));
    }

    internal static RgbaImage Blank(int width, int height) => new(width, height, new byte[width * height * 4]);

    internal static RgbaImage Solid(int width, int height)
    {
        var image = Blank(width, height);
        Array.Fill(image.Pixels, (byte)200);
        return image;
    }

    private static void Dot(RgbaImage image, int x, int y, byte alpha) => image.Pixels[(((y * image.Width) + x) * 4) + 3] = alpha;

    private static void Colour(RgbaImage image, int x, int y, byte r, byte g, byte b)
    {
        var i = ((y * image.Width) + x) * 4;
        (image.Pixels[i], image.Pixels[i + 1], image.Pixels[i + 2], image.Pixels[i + 3]) = (r, g, b, 255);
    }

    private static byte[] Pixel(RgbaImage image, int x, int y) => image.Pixels.AsSpan(((y * image.Width) + x) * 4, 4).ToArray();

    private static (int X, int Y, int W, int H) Rect(JsonElement rect) =>
        (rect.GetProperty("x").GetInt32(), rect.GetProperty("y").GetInt32(), rect.GetProperty("w").GetInt32(), rect.GetProperty("h").GetInt32());
}
