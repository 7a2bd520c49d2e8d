namespace AssetForge.Core.Tests.Specs;

using AssetForge.Abstractions.Models;
using AssetForge.Core.Specs;

public sealed class TilingSpecTests
{
    [TestCase("true", TilingAxes.Both)]
    [TestCase("x", TilingAxes.X)]
    [TestCase("Y", TilingAxes.Y)]
    [TestCase("false", TilingAxes.None)]
    public void Tiling_reads_as_the_axes_it_names(string written, TilingAxes expected)
    {
        using var project = new TempProject();
        project.Write("ground.yaml", $"prompt: grass\nseed: 7\ntiling: {written}\n");

        Assert.That(project.LoadAll().Assets.Single().Tiling, Is.EqualTo(expected));
    }

    [Test]
    public void A_spec_without_tiling_does_not_tile()
    {
        using var project = new TempProject();
        project.Write("potion.yaml", "prompt: red potion\nseed: 7\n");

        Assert.That(project.LoadAll().Assets.Single().Tiling, Is.EqualTo(TilingAxes.None));
    }

    [Test]
    public void Tiling_can_be_a_default_that_a_spec_turns_off()
    {
        using var project = new TempProject();
        project.Write(ProjectConfigLoader.FileName, "defaults:\n  tiling: true\n");
        project.Write("ground.yaml", "prompt: grass\nseed: 7\n");
        project.Write("potion.yaml", "prompt: red potion\nseed: 7\ntiling: false\n");

        var assets = project.LoadAll().Assets.OrderBy(a => a.Id, StringComparer.Ordinal).ToList();

        Assert.That(assets.Select(a => (a.Id, a.Tiling)), Is.EqualTo(new[] { ("ground", TilingAxes.Both), ("potion", TilingAxes.None) }));
    }
}
