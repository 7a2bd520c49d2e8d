namespace AssetForge.Onnx.Tests.Pipeline;

using System.Text.Json;
using AssetForge.Onnx.Pipeline;
using AssetForge.Onnx.Tests.Text;

/// <summary>The LCM guidance embedding against diffusers' get_guidance_scale_embedding (tests/reference/sdxl/pipeline.json).</summary>
public sealed class GuidanceEmbeddingTests
{
    [TestCase("lcm_4_steps")]
    [TestCase("lcm_cfg_2")]
    public void The_guidance_embedding_is_the_one_diffusers_feeds_an_lcm_unet(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(ClipTokenizerFolder.RepoRoot, "tests", "reference", "sdxl", "pipeline.json")));
        var reference = document.RootElement.GetProperty(name);
        var expected = reference.GetProperty("timestep_cond").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        var actual = new float[expected.Length];

        GuidanceEmbedding.Write(reference.GetProperty("guidance_scale").GetDouble(), actual);

        // torch's float32 exp is one ulp below the correctly rounded 10000^(-1/3) used here, and at
        // w·1000 = 7000 that ulp moves an angle of 325 radians by 3e-5: its sine by as much.
        Assert.That(actual, Is.EqualTo(expected).Within(3e-5f));
    }

    [Test]
    public void An_odd_width_ends_with_a_zero()
    {
        var embedding = new float[7];

        GuidanceEmbedding.Write(8.0, embedding);

        Assert.That(embedding[^1], Is.Zero);
        Assert.That(embedding[0], Is.Not.Zero);
    }
}
