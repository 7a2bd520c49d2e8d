namespace AssetForge.Core.Tests.Build;

using AssetForge.Core.Build;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Specs;

public sealed class SpecExpanderTests
{
    private static AssetSpec Spec() => new()
    {
        Id = "props/crate",
        Output = "props/crate.png",
        Model = "builtin:tiny",
        Prompt = "crate",
        Seed = 1,
        Steps = 5,
        Cfg = 7,
        Scheduler = "euler",
        Width = 64,
        Height = 64,
        Location = new SourceLocation("crate.yaml", 1, 1),
    };

    [Test]
    public void Variants_are_named_after_their_seed()
    {
        var (images, sheet) = SpecExpander.Expand(Spec() with { Variants = [7, 8] });

        Assert.That(sheet, Is.Null);
        Assert.That(images.Select(i => (i.Spec.Id, i.Spec.Output, i.Spec.Seed)), Is.EqualTo(new[] { ("props/crate:s7", "props/crate_s7.png", 7UL), ("props/crate:s8", "props/crate_s8.png", 8UL) }));
    }

    [Test]
    public void Sweep_cells_are_row_major_with_the_first_axis_as_columns()
    {
        var (images, sheet) = SpecExpander.Expand(Spec() with { Sweep = [new SweepAxis("cfg", ["6", "7.5"]), new SweepAxis("prompt_suffix", [", day", ", night"])] });

        Assert.That(images.Select(i => i.Spec.Output), Is.EqualTo(new[]
        {
            "props/crate_cfg6_prompt0.png", "props/crate_cfg7.5_prompt0.png", "props/crate_cfg6_prompt1.png", "props/crate_cfg7.5_prompt1.png",
        }));
        Assert.That(images[3].Spec.Prompt, Is.EqualTo("crate, night"));
        Assert.That(images[3].Spec.Cfg, Is.EqualTo(7.5));
        Assert.That(sheet!.ColumnLabels, Is.EqualTo(new[] { "6", "7.5" }));
        Assert.That(sheet.RowLabels, Is.EqualTo(new[] { "\", day\"", "\", night\"" }));
        Assert.That(sheet.CellIds, Is.EqualTo(images.Select(i => i.Spec.Id)));
    }
}
