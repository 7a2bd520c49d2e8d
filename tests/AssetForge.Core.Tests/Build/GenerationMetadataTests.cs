namespace AssetForge.Core.Tests.Build;

using AssetForge.Core.Build;
using AssetForge.Core.Hashing;

public sealed class GenerationMetadataTests
{
    [Test]
    public void Parameters_follow_the_a1111_format()
    {
        var text = GenerationMetadata.Parameters("red potion", "blurry", 20, "euler_ancestral", 7.5, 909090, 512, 768, "0123456789abcdef", null);

        Assert.That(text, Is.EqualTo("red potion\nNegative prompt: blurry\nSteps: 20, Sampler: Euler a, CFG scale: 7.5, Seed: 909090, Size: 512x768, Model hash: 0123456789"));
    }

    [Test]
    public void Parameters_of_img2img_name_the_denoising_strength_and_omit_an_empty_negative_prompt()
    {
        var text = GenerationMetadata.Parameters("red potion", string.Empty, 20, "ddim", 7, 1, 64, 64, "ffffffffffff", 0.6);

        Assert.That(text, Is.EqualTo("red potion\nSteps: 20, Sampler: DDIM, CFG scale: 7, Seed: 1, Size: 64x64, Model hash: ffffffffff, Denoising strength: 0.6"));
    }

    [Test]
    public void The_assetforge_chunk_round_trips_the_key_and_fields()
    {
        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["prompt"] = "\"x\"", ["seed"] = "3" };
        var key = ActionKeyInputs.ComputeKey(fields);

        var parsed = GenerationMetadata.ParseAssetForgeText(GenerationMetadata.AssetForgeText(key, fields));

        Assert.That(parsed!.Value.Key, Is.EqualTo(key.Hex));
        Assert.That(parsed.Value.Fields, Is.EqualTo(fields));
    }
}
