namespace AssetForge.Core.Tests.Specs;

using AssetForge.Core.Diagnostics;
using AssetForge.Core.Specs;

public sealed class ExpansionSpecTests
{
    [Test]
    public void Variants_count_means_the_seed_and_the_next_ones()
    {
        using var project = new TempProject();
        project.Write("potion.yaml", "prompt: red potion\nseed: 41\nvariants: { count: 3 }\n");

        var asset = project.LoadAll().Assets.Single();

        Assert.That(asset.Variants, Is.EqualTo(new ulong[] { 41, 42, 43 }));
    }

    [Test]
    public void Variants_count_that_would_run_past_the_largest_seed_is_an_error_at_the_seed()
    {
        using var project = new TempProject();
        project.Write("potion.yaml", "prompt: red potion\nseed: 18446744073709551614\nvariants: { count: 4 }\n");

        var result = project.LoadAll();

        Assert.That(result.Assets, Is.Empty);
        var error = result.Diagnostics.Single(d => d.Code == DiagnosticCodes.OutOfRange);
        Assert.That((error.Location!.Value.Line, error.Location.Value.Column), Is.EqualTo((2, 7)));
        Assert.That(error.Message, Does.Contain("18446744073709551612"));
    }

    [Test]
    public void Variants_count_that_ends_exactly_at_the_largest_seed_is_accepted()
    {
        using var project = new TempProject();
        project.Write("potion.yaml", "prompt: red potion\nseed: 18446744073709551613\nvariants: { count: 3 }\n");

        Assert.That(project.LoadAll().Assets.Single().Variants, Has.Count.EqualTo(3));
    }

    [Test]
    public void Variants_seeds_are_kept_in_the_order_written()
    {
        using var project = new TempProject();
        project.Write("potion.yaml", "prompt: red potion\nseed: 1\nvariants: { seeds: [9, 3, 5] }\n");

        Assert.That(project.LoadAll().Assets.Single().Variants, Is.EqualTo(new ulong[] { 9, 3, 5 }));
    }

    [Test]
    public void A_seed_listed_twice_in_variants_is_an_error()
    {
        using var project = new TempProject();
        project.Write("potion.yaml", "prompt: red potion\nseed: 1\nvariants: { seeds: [3, 3] }\n");

        var result = project.LoadAll();

        Assert.That(result.Diagnostics.Select(d => d.Code), Does.Contain(DiagnosticCodes.InvalidVariants));
    }

    [Test]
    public void A_sweep_keeps_its_axes_in_the_order_written_with_canonical_values()
    {
        using var project = new TempProject();
        project.Write("crate.yaml", "prompt: crate\nseed: 1\nsweep: { steps: [10, 20], cfg: [6, 7.5], prompt_suffix: [\", night\", \"\"] }\n");

        var sweep = project.LoadAll().Assets.Single().Sweep!;

        Assert.That(sweep.Select(a => a.Field), Is.EqualTo(new[] { "steps", "cfg", "prompt_suffix" }));
        Assert.That(sweep[1].Values, Is.EqualTo(new[] { "6", "7.5" }));
        Assert.That(sweep[2].Values, Is.EqualTo(new[] { ", night", string.Empty }));
    }

    [Test]
    public void A_sweep_over_a_field_it_cannot_vary_is_an_error_with_a_suggestion()
    {
        using var project = new TempProject();
        project.Write("crate.yaml", "prompt: crate\nseed: 1\nsweep: { cgf: [6, 7] }\n");

        var error = project.LoadAll().Diagnostics.Single(d => d.Code == DiagnosticCodes.InvalidSweep);

        Assert.That(error.Message, Does.Contain("'cgf'").And.Contain("cfg"));
    }

    [Test]
    public void A_sweep_value_out_of_range_is_reported_where_it_is()
    {
        using var project = new TempProject();
        project.Write("crate.yaml", "prompt: crate\nseed: 1\nsweep: { steps: [10, 0] }\n");

        var error = project.LoadAll().Diagnostics.Single(d => d.Code == DiagnosticCodes.OutOfRange);

        Assert.That(error.Location!.Value.Line, Is.EqualTo(3));
    }

    [Test]
    public void Variants_and_sweep_together_are_refused()
    {
        using var project = new TempProject();
        project.Write("crate.yaml", "prompt: crate\nseed: 1\nvariants: { count: 2 }\nsweep: { cfg: [6, 7] }\n");

        Assert.That(project.LoadAll().Diagnostics.Select(d => d.Code), Does.Contain(DiagnosticCodes.InvalidVariants));
    }

    [Test]
    public void Strength_without_an_init_image_is_an_error()
    {
        using var project = new TempProject();
        project.Write("crate.yaml", "prompt: crate\nseed: 1\nstrength: 0.5\n");

        Assert.That(project.LoadAll().Diagnostics.Select(d => d.Code), Does.Contain(DiagnosticCodes.InvalidStrength));
    }

    [Test]
    public void An_init_image_is_found_next_to_the_spec_and_defaults_to_strength_0_8()
    {
        using var project = new TempProject();
        var sketch = project.Write("props/sketch.png", TestPng.Encode(8, 8));
        project.Write("props/crate.yaml", "prompt: crate\nseed: 1\ninit_image: sketch.png\n");

        var asset = project.LoadAll().Assets.Single();

        Assert.That(asset.InitImage, Is.EqualTo(sketch));
        Assert.That(asset.Strength, Is.EqualTo(0.8));
    }

    [Test]
    public void A_missing_init_image_is_an_error_naming_where_it_was_looked_for()
    {
        using var project = new TempProject();
        project.Write("props/crate.yaml", "prompt: crate\nseed: 1\ninit_image: nowhere.png\n");

        var error = project.LoadAll().Diagnostics.Single(d => d.Code == DiagnosticCodes.InitImageNotFound);

        Assert.That(error.Message, Does.Contain("nowhere.png"));
    }
}
