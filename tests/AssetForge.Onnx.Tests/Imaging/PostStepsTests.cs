namespace AssetForge.Onnx.Tests.Imaging;

using AssetForge.Abstractions.PostProcessing;
using AssetForge.Onnx.Imaging.PostSteps;
using static AssetForge.Onnx.Tests.Imaging.StepImages;

/// <summary>The built-in post steps on small synthetic images.</summary>
public sealed class PostStepsTests
{
    [Test]
    public void Resize_exact_gives_the_requested_size()
    {
        var output = Run(new ResizeStep(), Checker(40, 30), ("size", "20x10"));

        Assert.That((output.Width, output.Height), Is.EqualTo((20, 10)));
    }

    [Test]
    public void Resize_fit_keeps_the_aspect_ratio_inside_the_size()
    {
        var output = Run(new ResizeStep(), Checker(40, 20), ("size", "16x16"), ("mode", "fit"));

        Assert.That((output.Width, output.Height), Is.EqualTo((16, 8)));
    }

    [Test]
    public void Resize_fill_covers_the_size_exactly()
    {
        var output = Run(new ResizeStep(), Checker(40, 20), ("size", "16x16"), ("mode", "fill"), ("filter", "nearest"));

        Assert.That((output.Width, output.Height), Is.EqualTo((16, 16)));
    }

    [Test]
    public void Resize_is_deterministic()
    {
        var step = new ResizeStep();
        var parameters = step.Validate(new PostStepParameters([new("size", "17x13"), new("filter", "catmull_rom")]));
        var input = Encode(Checker(40, 30));

        Assert.That(step.Apply(input, parameters, CancellationToken.None), Is.EqualTo(step.Apply(input, parameters, CancellationToken.None)));
    }

    [Test]
    public void Lanczos_keeps_a_flat_colour_flat()
    {
        var output = Run(new ResizeStep(), Solid(37, 23, 120, 60, 30, 255), ("size", "16x11"), ("filter", "lanczos"));

        Assert.That((output.Width, output.Height), Is.EqualTo((16, 11)));
        for (var i = 0; i < output.Pixels.Length; i += 4)
        {
            Assert.That(output.Pixels.AsSpan(i, 4).ToArray(), Is.EqualTo(new byte[] { 120, 60, 30, 255 }), $"pixel {i / 4}");
        }
    }

    [Test]
    public void Lanczos_does_not_bleed_the_colour_of_transparent_pixels()
    {
        var input = Solid(16, 16, 255, 0, 0, 0); // invisible red
        for (var i = 0; i < 16 * 8 * 4; i += 4)
        {
            (input.Pixels[i], input.Pixels[i + 1], input.Pixels[i + 2], input.Pixels[i + 3]) = (0, 0, 255, 255); // top half opaque blue
        }

        var output = Run(new ResizeStep(), input, ("size", "8x8"), ("filter", "lanczos"));

        var edge = ((3 * 8) + 4) * 4; // the last opaque row, next to the transparent half
        Assert.That(output.Pixels[edge], Is.LessThanOrEqualTo(1), "no red");
        Assert.That(output.Pixels[edge + 2], Is.GreaterThanOrEqualTo(250));
    }

    [Test]
    public void Lanczos_fill_covers_the_size_exactly()
    {
        var output = Run(new ResizeStep(), Checker(40, 20), ("size", "16x16"), ("mode", "fill"), ("filter", "lanczos"));

        Assert.That((output.Width, output.Height), Is.EqualTo((16, 16)));
    }

    [Test]
    public void Validation_fills_defaults_so_writing_them_does_not_change_the_parameters()
    {
        var step = new ResizeStep();

        var shortForm = step.Validate(new PostStepParameters([new("size", "64x64")]));
        var longForm = step.Validate(new PostStepParameters([new("size", "64x64"), new("mode", "exact"), new("filter", "mitchell")]));

        Assert.That(shortForm.Values, Is.EqualTo(longForm.Values));
    }

    [Test]
    public void An_unknown_parameter_names_the_known_ones()
    {
        var error = Assert.Throws<PostStepParameterException>(() => new PadStep().Validate(new PostStepParameters([new("size", "pow2"), new("colour", "#ffffff")])));

        Assert.That(error!.ParameterName, Is.EqualTo("colour"));
        Assert.That(error.Message, Does.Contain("size, color"));
    }

    [Test]
    public void Pad_to_pow2_centres_the_image_on_a_transparent_canvas()
    {
        var output = Run(new PadStep(), Solid(5, 3, 200, 10, 10, 255), ("size", "pow2"));

        Assert.That((output.Width, output.Height), Is.EqualTo((8, 4)));
        Assert.That(output.Pixels[3], Is.EqualTo(0), "corner is transparent");
        Assert.That(output.Pixels[((1 * 8) + 2) * 4], Is.EqualTo(200), "the image starts at (1,0) + (0,1) offsets");
    }

    [Test]
    public void Crop_takes_the_centre_by_default()
    {
        var input = Solid(6, 6, 0, 0, 0, 255);
        input.Pixels[((2 * 6) + 2) * 4] = 99;

        var output = Run(new CropStep(), input, ("size", "2x2"));

        Assert.That((output.Width, output.Height), Is.EqualTo((2, 2)));
        Assert.That(output.Pixels[0], Is.EqualTo(99));
    }

    [Test]
    public void Color_key_makes_the_background_transparent_and_keeps_the_rest()
    {
        var input = Solid(4, 4, 255, 0, 255, 255);
        input.Pixels[((1 * 4) + 1) * 4] = 10;
        input.Pixels[(((1 * 4) + 1) * 4) + 2] = 10;

        var output = Run(new ColorKeyStep(), input, ("color", "#ff00ff"), ("tolerance", "8"));

        Assert.That(output.Pixels[3], Is.EqualTo(0));
        Assert.That(output.Pixels[(((1 * 4) + 1) * 4) + 3], Is.EqualTo(255));
    }

    [Test]
    public void Format_jpeg_writes_a_jpeg()
    {
        var step = new FormatStep();
        var parameters = step.Validate(new PostStepParameters([new("format", "jpg"), new("quality", "80")]));

        var bytes = step.Apply(Encode(Checker(16, 16)), parameters, CancellationToken.None);

        Assert.That(step.OutputFormat(parameters), Is.EqualTo("jpeg"));
        Assert.That(bytes[..3], Is.EqualTo(new byte[] { 0xFF, 0xD8, 0xFF }));
    }
}
