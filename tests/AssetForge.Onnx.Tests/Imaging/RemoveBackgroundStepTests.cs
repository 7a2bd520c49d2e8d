namespace AssetForge.Onnx.Tests.Imaging;

using AssetForge.Abstractions.PostProcessing;
using AssetForge.Onnx.Imaging.PostSteps;
using static AssetForge.Onnx.Tests.Imaging.StepImages;

/// <summary>remove_background on synthetic icons: a subject on a plain background.</summary>
public sealed class RemoveBackgroundStepTests
{
    [Test]
    public void The_background_becomes_transparent_and_the_subject_stays_opaque()
    {
        var icon = Solid(24, 24, 240, 240, 235, 255);
        Fill(icon, 8, 8, 8, 8, 200, 30, 30);

        var output = Run(new RemoveBackgroundStep(), icon);

        Assert.That(At(output, 0, 0), Is.EqualTo(new byte[] { 0, 0, 0, 0 }));
        Assert.That(At(output, 23, 12)[3], Is.EqualTo(0));
        Assert.That(At(output, 12, 12), Is.EqualTo(new byte[] { 200, 30, 30, 255 }));
    }

    [Test]
    public void Background_coloured_pixels_inside_the_subject_stay_opaque_unlike_a_colour_key()
    {
        var icon = Solid(24, 24, 255, 255, 255, 255);
        Fill(icon, 6, 6, 12, 12, 20, 20, 120);
        Fill(icon, 10, 10, 4, 4, 255, 255, 255); // a white window enclosed by the subject

        var removed = Run(new RemoveBackgroundStep(), icon);
        var keyed = Run(new ColorKeyStep(), icon, ("color", "#ffffff"));

        Assert.That(At(removed, 12, 12)[3], Is.EqualTo(255));
        Assert.That(At(keyed, 12, 12)[3], Is.EqualTo(0));
    }

    [Test]
    public void An_anti_aliased_edge_gets_partial_alpha_and_loses_the_background_colour()
    {
        var icon = Solid(24, 24, 255, 255, 255, 255);
        Fill(icon, 8, 8, 8, 8, 200, 0, 0);
        Fill(icon, 7, 8, 1, 8, 228, 128, 128); // half red, half white

        var output = Run(new RemoveBackgroundStep(), icon);

        var edge = At(output, 7, 12);
        Assert.That(edge[3], Is.InRange(90, 165), "about half covered");
        Assert.That(edge[0], Is.InRange(185, 215), "the subject's red");
        Assert.That(edge[1], Is.LessThanOrEqualTo(30), "no white halo left in green");
        Assert.That(edge[2], Is.LessThanOrEqualTo(30), "no white halo left in blue");
    }

    [Test]
    public void Keep_largest_drops_specks()
    {
        var icon = Solid(32, 32, 250, 250, 250, 255);
        Fill(icon, 10, 10, 12, 12, 30, 90, 30);
        Fill(icon, 2, 28, 2, 2, 30, 90, 30);

        var kept = Run(new RemoveBackgroundStep(), icon, ("keep_largest", "true"));
        var all = Run(new RemoveBackgroundStep(), icon);

        Assert.That(At(all, 2, 28)[3], Is.EqualTo(255));
        Assert.That(At(kept, 2, 28)[3], Is.EqualTo(0));
        Assert.That(At(kept, 15, 15)[3], Is.EqualTo(255));
    }

    [Test]
    public void A_given_colour_is_used_instead_of_the_border_median()
    {
        var icon = Solid(16, 16, 0, 200, 0, 255);
        Fill(icon, 4, 4, 8, 8, 0, 0, 200);

        var output = Run(new RemoveBackgroundStep(), icon, ("color", "#0000c8"));

        Assert.That(At(output, 0, 0)[3], Is.EqualTo(255), "the green border is not the given background");
    }

    [Test]
    public void The_same_input_gives_the_same_bytes()
    {
        var icon = TilingNoise(40, 40, 5);
        Fill(icon, 0, 0, 40, 6, 250, 250, 250);

        var first = RunEncoded(new RemoveBackgroundStep(), icon, ("tolerance", "30"), ("keep_largest", "true"));
        var second = RunEncoded(new RemoveBackgroundStep(), icon, ("tolerance", "30"), ("keep_largest", "true"));

        Assert.That(first, Is.EqualTo(second));
    }

    [Test]
    public void Writing_the_defaults_gives_the_same_parameters()
    {
        var step = new RemoveBackgroundStep();

        var bare = step.Validate(PostStepParameters.Empty);
        var written = step.Validate(Parameters(("color", "auto"), ("tolerance", "12"), ("edge", "2"), ("keep_largest", "false")));

        Assert.That(written.Values, Is.EqualTo(bare.Values));
    }

    [TestCase("tolerance", "101")]
    [TestCase("edge", "-1")]
    [TestCase("keep_largest", "yes please")]
    [TestCase("color", "red")]
    public void A_bad_parameter_names_itself(string name, string value)
    {
        var error = Assert.Throws<PostStepParameterException>(() => new RemoveBackgroundStep().Validate(Parameters((name, value))));

        Assert.That(error!.ParameterName, Is.EqualTo(name));
    }
}
