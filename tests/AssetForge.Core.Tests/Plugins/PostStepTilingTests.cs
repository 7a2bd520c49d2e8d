namespace AssetForge.Core.Tests.Plugins;

using AssetForge.Abstractions.Models;
using AssetForge.Abstractions.PostProcessing;
using AssetForge.Core.Plugins;

/// <summary>The host sets a tiling-aware step's tiling parameter from the asset's <c>tiling:</c>.</summary>
public sealed class PostStepTilingTests
{
    [TestCase(TilingAxes.X, "x")]
    [TestCase(TilingAxes.Y, "y")]
    [TestCase(TilingAxes.Both, "xy")]
    public void A_tiling_asset_sets_the_parameter_to_its_axes(TilingAxes tiling, string expected)
    {
        var parameters = PostStepTiling.WithTiling(new EdgeStep(), Written(("size", "8x8")), tiling);

        Assert.That(parameters.Get("edges"), Is.EqualTo(expected));
        Assert.That(parameters.Get("size"), Is.EqualTo("8x8"));
    }

    [Test]
    public void An_ordinary_asset_adds_nothing() =>
        Assert.That(PostStepTiling.WithTiling(new EdgeStep(), Written(("size", "8x8")), TilingAxes.None).Values.Keys, Is.EqualTo(new[] { "size" }));

    [Test]
    public void A_value_written_in_the_spec_wins() =>
        Assert.That(PostStepTiling.WithTiling(new EdgeStep(), Written(("edges", "none")), TilingAxes.Both).Get("edges"), Is.EqualTo("none"));

    [Test]
    public void A_step_that_is_not_tiling_aware_is_left_alone() =>
        Assert.That(PostStepTiling.WithTiling(new PlainStep(), Written(("size", "8x8")), TilingAxes.Both).Values.Keys, Is.EqualTo(new[] { "size" }));

    private static PostStepParameters Written(params (string Name, string Value)[] values) =>
        new(values.Select(v => new KeyValuePair<string, string>(v.Name, v.Value)));

    // A minimal third-party step: what a plugin built against contract 1.2 would write.
    private class PlainStep : IPostStep
    {
        public string Id => "plain";

        public string Version => "1.0.0";

        public string? ShorthandParameter => null;

        public PostStepParameters Validate(PostStepParameters parameters) => parameters;

        public string OutputFormat(PostStepParameters parameters) => "png";

        public byte[] Apply(byte[] input, PostStepParameters parameters, CancellationToken cancellationToken) => input;
    }

    private sealed class EdgeStep : PlainStep, ITilingAwarePostStep
    {
        public string TilingParameter => "edges";
    }
}
