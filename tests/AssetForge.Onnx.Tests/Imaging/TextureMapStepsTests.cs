namespace AssetForge.Onnx.Tests.Imaging;

using AssetForge.Abstractions.Imaging;
using AssetForge.Abstractions.PostProcessing;
using AssetForge.Onnx.Imaging.PostSteps;
using AssetForge.Onnx.Tests.Support;
using static AssetForge.Onnx.Tests.Imaging.StepImages;

/// <summary>normal_map, height_map and roughness: conventions, wrap-around at tiling edges, key rules.</summary>
public sealed class TextureMapStepsTests
{
    [Test]
    public void A_flat_image_gives_the_flat_normal()
    {
        var output = Run(new NormalMapStep(), Solid(8, 8, 90, 90, 90, 255));

        Assert.That(At(output, 3, 3), Is.EqualTo(new byte[] { 128, 128, 255, 255 }));
    }

    [Test]
    public void Height_rising_to_the_right_tilts_the_normal_left()
    {
        var output = Run(new NormalMapStep(), Ramp(16, 16, horizontal: true), ("blur", "0"));

        var normal = At(output, 8, 8);
        Assert.That(normal[0], Is.LessThan(120));
        Assert.That(normal[1], Is.InRange(127, 129));
    }

    [Test]
    public void Directx_flips_green_against_opengl()
    {
        var ramp = Ramp(16, 16, horizontal: false); // brighter downwards
        var opengl = At(Run(new NormalMapStep(), ramp, ("blur", "0")), 8, 8);
        var directx = At(Run(new NormalMapStep(), ramp, ("blur", "0"), ("convention", "directx")), 8, 8);

        Assert.That(opengl[1], Is.GreaterThan(136));
        Assert.That(directx[1], Is.LessThan(120));
        Assert.That(opengl[1] + directx[1], Is.InRange(254, 256), "mirror images about 127.5");
    }

    [Test]
    public void A_wrapped_normal_map_of_a_tile_is_the_centre_of_the_normal_map_of_its_tiling()
    {
        var tile = TilingNoise(20, 20, 4);

        var wrapped = Run(new NormalMapStep(), tile, ("wrap", "xy"));
        var large = Run(new NormalMapStep(), ThreeByThree(tile));

        Assert.That(Centre(large, 20), Is.EqualTo(wrapped.Pixels));
    }

    [Test]
    public void A_wrapped_normal_map_shows_no_seam_where_a_clamped_one_does()
    {
        var tile = TilingNoise(32, 32, 8);

        var wrapped = SeamMeasure.Of(RunEncoded(new NormalMapStep(), tile, ("wrap", "xy")));
        var clamped = SeamMeasure.Of(RunEncoded(new NormalMapStep(), tile));

        TestContext.Out.WriteLine($"normal map, wrap: {wrapped}; clamped: {clamped}");
        Assert.That(wrapped.EdgeX, Is.LessThanOrEqualTo(1.5 * wrapped.InteriorX));
        Assert.That(wrapped.EdgeY, Is.LessThanOrEqualTo(1.5 * wrapped.InteriorY));
        Assert.That(clamped.EdgeX, Is.GreaterThan(wrapped.EdgeX));
    }

    [Test]
    public void The_height_map_is_the_luminance_and_invert_turns_it_over()
    {
        var image = Solid(4, 4, 255, 0, 0, 255);

        var height = At(Run(new HeightMapStep(), image), 1, 1);
        var inverted = At(Run(new HeightMapStep(), image, ("invert", "true")), 1, 1);

        Assert.That(height, Is.EqualTo(new byte[] { 54, 54, 54, 255 }), "0.2126 of full red");
        Assert.That(inverted[0], Is.EqualTo(201));
    }

    [Test]
    public void A_wrapped_blurred_height_map_of_a_tile_is_the_centre_of_its_tiling_s()
    {
        var tile = TilingNoise(20, 20, 6);

        var wrapped = Run(new HeightMapStep(), tile, ("blur", "3"), ("wrap", "xy"));
        var large = Run(new HeightMapStep(), ThreeByThree(tile), ("blur", "3"));

        Assert.That(Centre(large, 20), Is.EqualTo(wrapped.Pixels));
    }

    [Test]
    public void Roughness_reads_detail_as_rough_and_flat_as_smooth()
    {
        var image = TilingNoise(32, 32, 2);
        Fill(image, 0, 0, 16, 32, 120, 120, 120); // left half flat

        var output = Run(new RoughnessStep(), image);

        Assert.That(At(output, 4, 16)[0], Is.LessThan(At(output, 28, 16)[0]));
    }

    [Test]
    public void The_texture_steps_fill_wrap_from_tiling_and_leave_none_out_of_the_key()
    {
        foreach (var step in new ITilingAwarePostStep[] { new NormalMapStep(), new HeightMapStep(), new RoughnessStep() })
        {
            Assert.That(step.TilingParameter, Is.EqualTo("wrap"), step.Id);
            Assert.That(step.Validate(Parameters(("wrap", "none"))).Values, Is.EqualTo(step.Validate(PostStepParameters.Empty).Values), step.Id);
        }
    }

    [Test]
    public void Writing_the_normal_map_defaults_gives_the_same_parameters()
    {
        var step = new NormalMapStep();

        Assert.That(step.Validate(Parameters(("strength", "2.0"), ("convention", "opengl"), ("blur", "1"))).Values, Is.EqualTo(step.Validate(PostStepParameters.Empty).Values));
    }

    [TestCase("strength", "0")]
    [TestCase("strength", "strong")]
    [TestCase("convention", "vulkan")]
    [TestCase("blur", "17")]
    [TestCase("wrap", "z")]
    public void A_bad_normal_map_parameter_names_itself(string name, string value)
    {
        var error = Assert.Throws<PostStepParameterException>(() => new NormalMapStep().Validate(Parameters((name, value))));

        Assert.That(error!.ParameterName, Is.EqualTo(name));
    }

    [Test]
    public void The_texture_steps_give_the_same_bytes_every_run()
    {
        var tile = TilingNoise(24, 24, 12);
        foreach (var step in new IPostStep[] { new NormalMapStep(), new HeightMapStep(), new RoughnessStep() })
        {
            Assert.That(RunEncoded(step, tile, ("wrap", "xy")), Is.EqualTo(RunEncoded(step, tile, ("wrap", "xy"))), step.Id);
        }
    }

    [Test]
    public void The_texture_steps_pass_the_colour_image_through_and_write_their_map_as_a_named_extra()
    {
        var tile = Encode(TilingNoise(16, 16, 6));
        var expected = new (TextureMapStep Step, string Name, string Suffix)[] { (new NormalMapStep(), "normal", "_n"), (new HeightMapStep(), "height", "_h"), (new RoughnessStep(), "roughness", "_r") };
        foreach (var (step, name, suffix) in expected)
        {
            var parameters = step.Validate(PostStepParameters.Empty);

            var result = step.ApplyWithExtras(tile, parameters, CancellationToken.None);

            Assert.That(step.ExtraOutputs(parameters), Is.EqualTo(new[] { new PostStepExtraOutput(name, suffix, "png") }), step.Id);
            Assert.That(step.PassesImageThrough(parameters), Is.True, step.Id);
            Assert.That(result.Image, Is.EqualTo(tile), step.Id);
            Assert.That(result.Extras.Keys, Is.EqualTo(new[] { name }), step.Id);
        }
    }

    [Test]
    public void Replace_true_makes_the_map_the_image_with_no_extra_and_the_same_bytes()
    {
        var tile = Encode(TilingNoise(16, 16, 6));
        foreach (var step in new TextureMapStep[] { new NormalMapStep(), new HeightMapStep(), new RoughnessStep() })
        {
            var extra = step.Validate(PostStepParameters.Empty);
            var replace = step.Validate(Parameters(("replace", "true")));

            var replaced = step.ApplyWithExtras(tile, replace, CancellationToken.None);

            Assert.That(step.ExtraOutputs(replace), Is.Empty, step.Id);
            Assert.That(step.PassesImageThrough(replace), Is.False, step.Id);
            Assert.That(replaced.Extras, Is.Empty, step.Id);
            Assert.That(replaced.Image, Is.EqualTo(step.ApplyWithExtras(tile, extra, CancellationToken.None).Extras.Single().Value), step.Id);
            Assert.That(step.Apply(tile, replace, CancellationToken.None), Is.EqualTo(replaced.Image), step.Id);
        }
    }

    [Test]
    public void Writing_replace_false_changes_no_parameters_and_replace_true_does()
    {
        foreach (var step in new TextureMapStep[] { new NormalMapStep(), new HeightMapStep(), new RoughnessStep() })
        {
            Assert.That(step.Validate(Parameters(("replace", "false"))).Values, Is.EqualTo(step.Validate(PostStepParameters.Empty).Values), step.Id);
            Assert.That(step.Validate(Parameters(("replace", "true"))).Values, Is.Not.EqualTo(step.Validate(PostStepParameters.Empty).Values), step.Id);
        }
    }

    [Test]
    public void A_bad_replace_value_names_itself()
    {
        var error = Assert.Throws<PostStepParameterException>(() => new HeightMapStep().Validate(Parameters(("replace", "yes"))));

        Assert.That(error!.ParameterName, Is.EqualTo("replace"));
    }

    private static RgbaImage Ramp(int width, int height, bool horizontal)
    {
        var image = Solid(width, height, 0, 0, 0, 255);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var v = (byte)((horizontal ? x : y) * 12);
                Set(image, x, y, v, v, v);
            }
        }

        return image;
    }

    private static RgbaImage ThreeByThree(RgbaImage tile)
    {
        int w = tile.Width, h = tile.Height;
        var large = Solid(3 * w, 3 * h, 0, 0, 0, 255);
        for (var y = 0; y < 3 * h; y++)
        {
            for (var copy = 0; copy < 3; copy++)
            {
                tile.Pixels.AsSpan((y % h) * w * 4, w * 4).CopyTo(large.Pixels.AsSpan(((y * 3 * w) + (copy * w)) * 4));
            }
        }

        return large;
    }

    private static byte[] Centre(RgbaImage large, int size)
    {
        var centre = new byte[size * size * 4];
        for (var y = 0; y < size; y++)
        {
            large.Pixels.AsSpan((((y + size) * large.Width) + size) * 4, size * 4).CopyTo(centre.AsSpan(y * size * 4));
        }

        return centre;
    }
}
