namespace AssetForge.Core.Tests.Build;

using AssetForge.Abstractions.PostProcessing;
using AssetForge.Core.Build;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Plugins;
using AssetForge.Core.Specs;
using AssetForge.Core.Tests.Graph;

/// <summary>Planning post chains whose steps write named extra outputs (contract 1.3): formats, keys, declared names.</summary>
public sealed class PostChainExtrasTests
{
    [Test]
    public void A_pass_through_extra_step_keeps_the_format_the_chain_had_before_it()
    {
        var asset = WithChain("ground.webp", "to_webp", "maps");

        var (planned, error) = PostChainPlanner.Plan(Catalog(), asset);

        Assert.That(error, Is.Null);
        Assert.That(planned!.PostStages[1].PassesImageThrough, Is.True);
        Assert.That(planned.PostStages[1].Extras, Is.EqualTo(new[] { new PostStepExtraOutput("normal", "_n", "png") }));
    }

    [Test]
    public void Two_steps_of_one_chain_writing_one_extra_name_fail_at_the_second_with_the_duplicate_output_error()
    {
        var asset = WithChain("ground.png", "maps", "maps");

        var (planned, error) = PostChainPlanner.Plan(Catalog(), asset);

        Assert.That(planned, Is.Null);
        Assert.That(error!.Code, Is.EqualTo(DiagnosticCodes.DuplicateOutput));
        Assert.That(error.Location, Is.EqualTo(new SourceLocation("ground.yaml", 11, 5)));
    }

    [TestCase("image", "_x")]
    [TestCase("Normal", "_n")]
    [TestCase("normal", "")]
    [TestCase("normal", "/../n")]
    public void An_extra_a_plugin_declares_with_an_unusable_name_or_suffix_is_a_plugin_error(string name, string suffix)
    {
        var asset = WithChain("ground.png", "bad");

        var (_, error) = PostChainPlanner.Plan(Catalog(new ExtraStep("bad", name, suffix)), asset);

        Assert.That(error!.Code, Is.EqualTo(EngineCodes.PluginCrashed));
    }

    private static PluginCatalog Catalog(params IPostStep[] more) =>
        new([], [], [], new PluginReport([], []), [], []) { PostSteps = [new WebpStep(), new ExtraStep("maps", "normal", "_n"), .. more] };

    private static PlannedAsset WithChain(string output, params string[] steps)
    {
        var image = PlannedAssets.Image("ground", "cobblestone", output: output);
        var post = steps.Select((step, i) => new PostStepSpec(step, null, [], new SourceLocation("ground.yaml", 10 + i, 5), new Dictionary<string, SourceLocation>())).ToList();
        return image with { Spec = image.Spec with { Post = post } };
    }

    private sealed class WebpStep : IPostStep
    {
        public string Id => "to_webp";

        public string Version => "1";

        public string? ShorthandParameter => null;

        public PostStepParameters Validate(PostStepParameters parameters) => parameters;

        public string OutputFormat(PostStepParameters parameters) => "webp";

        public byte[] Apply(byte[] input, PostStepParameters parameters, CancellationToken cancellationToken) => throw new NotSupportedException("planning applies no step");
    }

    // Declares a pass-through image and one extra; planning never applies it.
    private sealed class ExtraStep(string id, string extraName, string suffix) : IExtraOutputPostStep
    {
        public string Id => id;

        public string Version => "1";

        public string? ShorthandParameter => null;

        public PostStepParameters Validate(PostStepParameters parameters) => parameters;

        public string OutputFormat(PostStepParameters parameters) => "png";

        public IReadOnlyList<PostStepExtraOutput> ExtraOutputs(PostStepParameters parameters) => [new(extraName, suffix, "png")];

        public bool PassesImageThrough(PostStepParameters parameters) => true;

        public byte[] Apply(byte[] input, PostStepParameters parameters, CancellationToken cancellationToken) => throw new NotSupportedException("planning applies no step");

        public PostStepResult ApplyWithExtras(byte[] input, PostStepParameters parameters, CancellationToken cancellationToken) => throw new NotSupportedException("planning applies no step");
    }
}
