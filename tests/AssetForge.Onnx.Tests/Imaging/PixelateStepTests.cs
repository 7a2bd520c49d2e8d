namespace AssetForge.Onnx.Tests.Imaging;

using AssetForge.Abstractions.PostProcessing;
using AssetForge.Onnx.Imaging.PostSteps;
using static AssetForge.Onnx.Tests.Imaging.StepImages;

/// <summary>pixelate: grid reduction, palettes, dithering, binary alpha and outlines.</summary>
public sealed class PixelateStepTests
{
    [Test]
    public void A_grid_gives_one_pixel_per_cell()
    {
        var output = Run(new PixelateStep(), Checker(64, 48), ("grid", "16x12"));

        Assert.That((output.Width, output.Height), Is.EqualTo((16, 12)));
    }

    [Test]
    public void A_cell_size_rounds_the_grid_up()
    {
        var output = Run(new PixelateStep(), Checker(30, 17), ("cell", "4"));

        Assert.That((output.Width, output.Height), Is.EqualTo((8, 5)));
    }

    [Test]
    public void Mode_takes_the_majority_colour_not_a_blend()
    {
        var image = Solid(8, 8, 250, 10, 10, 255);
        Fill(image, 0, 0, 3, 8, 10, 10, 250); // 24 blue pixels against 40 red ones

        var output = Run(new PixelateStep(), image, ("grid", "1x1"));

        Assert.That(At(output, 0, 0), Is.EqualTo(new byte[] { 250, 10, 10, 255 }));
    }

    [Test]
    public void Median_takes_each_channel_s_middle_value()
    {
        var image = Solid(3, 1, 10, 100, 200, 255);
        Set(image, 1, 0, 20, 50, 210);
        Set(image, 2, 0, 250, 60, 0);

        var output = Run(new PixelateStep(), image, ("grid", "1x1"), ("method", "median"));

        Assert.That(At(output, 0, 0), Is.EqualTo(new byte[] { 20, 60, 200, 255 }));
    }

    [Test]
    public void Alpha_becomes_binary_at_the_threshold()
    {
        var image = Solid(4, 2, 90, 90, 90, 255);
        Fill(image, 2, 0, 2, 2, 90, 90, 90, 100);

        var output = Run(new PixelateStep(), image, ("grid", "2x1"), ("alpha_threshold", "128"));

        Assert.That(At(output, 0, 0)[3], Is.EqualTo(255));
        Assert.That(At(output, 1, 0), Is.EqualTo(new byte[] { 0, 0, 0, 0 }));
    }

    [Test]
    public void A_named_palette_maps_every_cell_to_one_of_its_colours()
    {
        var output = Run(new PixelateStep(), TilingNoise(32, 32, 3), ("grid", "16x16"), ("palette", "pico8"));

        var allowed = NamedPalettes.Pico8.Split(' ').ToHashSet();
        for (var i = 0; i < output.Pixels.Length; i += 4)
        {
            Assert.That(allowed, Does.Contain($"#{output.Pixels[i]:x2}{output.Pixels[i + 1]:x2}{output.Pixels[i + 2]:x2}"), $"pixel {i / 4}");
        }
    }

    [Test]
    public void An_auto_palette_has_at_most_k_colours_and_is_the_same_every_run()
    {
        var noise = TilingNoise(48, 48, 11);

        var first = RunEncoded(new PixelateStep(), noise, ("cell", "2"), ("palette", "auto:6"));
        var second = RunEncoded(new PixelateStep(), noise, ("cell", "2"), ("palette", "auto:6"));

        Assert.That(DistinctColours(new AssetForge.Onnx.Imaging.SkiaImageToolkit().Decode(first)), Is.InRange(2, 6));
        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void Ordered_dithering_alternates_between_palette_colours_on_a_flat_midtone()
    {
        var grey = Solid(8, 8, 100, 100, 100, 255); // just above the perceptual midpoint (Oklab L 50) of black and white

        var flat = Run(new PixelateStep(), grey, ("cell", "1"), ("palette", "#000000 #ffffff"));
        var dithered = Run(new PixelateStep(), grey, ("cell", "1"), ("palette", "#000000 #ffffff"), ("dither", "ordered"));

        Assert.That(DistinctColours(flat), Is.EqualTo(1));
        Assert.That(DistinctColours(dithered), Is.EqualTo(2));
    }

    [Test]
    public void An_outline_surrounds_the_opaque_cells_by_one_pixel()
    {
        var image = Solid(5, 5, 0, 0, 0, 0);
        Set(image, 2, 2, 200, 200, 0);

        var output = Run(new PixelateStep(), image, ("cell", "1"), ("outline", "#102030"));

        Assert.That(At(output, 2, 1), Is.EqualTo(new byte[] { 0x10, 0x20, 0x30, 255 }));
        Assert.That(At(output, 1, 2), Is.EqualTo(new byte[] { 0x10, 0x20, 0x30, 255 }));
        Assert.That(At(output, 1, 1)[3], Is.EqualTo(0), "diagonal neighbours stay clear");
        Assert.That(At(output, 2, 2), Is.EqualTo(new byte[] { 200, 200, 0, 255 }));
    }

    [Test]
    public void Writing_the_defaults_gives_the_same_parameters()
    {
        var step = new PixelateStep();

        var bare = step.Validate(Parameters(("grid", "32x32")));
        var written = step.Validate(Parameters(("grid", "32x32"), ("method", "mode"), ("palette", "none"), ("dither", "none"), ("alpha_threshold", "128"), ("outline", "none")));

        Assert.That(written.Values, Is.EqualTo(bare.Values));
    }

    [Test]
    public void A_palette_list_is_canonicalised()
    {
        var step = new PixelateStep();

        var written = step.Validate(Parameters(("cell", "4"), ("palette", "#FF0000,  #00ff00")));

        Assert.That(written.Get("palette"), Is.EqualTo("#ff0000 #00ff00"));
    }

    [Test]
    public void A_gimp_palette_s_text_becomes_its_colour_list()
    {
        const string Gpl = "GIMP Palette\nName: two\nColumns: 2\n#\n255   0   0\tRed\n  0  16 255 Blue\n";

        var written = new PixelateStep().Validate(Parameters(("cell", "4"), ("palette", Gpl)));

        Assert.That(written.Get("palette"), Is.EqualTo("#ff0000 #0010ff"));
    }

    [Test]
    public void A_lospec_hex_palette_s_text_becomes_its_colour_list()
    {
        var written = new PixelateStep().Validate(Parameters(("cell", "4"), ("palette", "FF0000\r\n00ff00\r\n")));

        Assert.That(written.Get("palette"), Is.EqualTo("#ff0000 #00ff00"));
    }

    [Test]
    public void Palette_file_names_are_for_the_host_to_read()
    {
        var step = new PixelateStep();

        Assert.That(step.NamesFile("palette", "palettes/ui.gpl"), Is.True);
        Assert.That(step.NamesFile("palette", "sweetie16.HEX"), Is.True);
        Assert.That(step.NamesFile("palette", "pico8"), Is.False);
        Assert.That(step.NamesFile("outline", "a.gpl"), Is.False);
        Assert.That(() => step.Validate(Parameters(("cell", "4"), ("palette", "ui.gpl"))), Throws.InstanceOf<PostStepParameterException>().With.Message.Contains("contract 1.2"));
    }

    [TestCase("palette", "pico9")]
    [TestCase("palette", "auto:1")]
    [TestCase("method", "mean")]
    [TestCase("cell", "0")]
    [TestCase("dither", "ordered")]
    [TestCase("outline", "black")]
    public void A_bad_parameter_names_itself(string name, string value)
    {
        var error = Assert.Throws<PostStepParameterException>(() => new PixelateStep().Validate(Parameters(("cell", "4"), (name, value))));

        Assert.That(error!.ParameterName, Is.EqualTo(name));
    }

    [Test]
    public void Grid_and_cell_together_are_refused()
    {
        Assert.Throws<PostStepParameterException>(() => new PixelateStep().Validate(Parameters(("cell", "4"), ("grid", "8x8"))));
    }

    private static int DistinctColours(Abstractions.Imaging.RgbaImage image)
    {
        var colours = new HashSet<int>();
        for (var i = 0; i < image.Pixels.Length; i += 4)
        {
            colours.Add((image.Pixels[i] << 16) | (image.Pixels[i + 1] << 8) | image.Pixels[i + 2]);
        }

        return colours.Count;
    }
}
