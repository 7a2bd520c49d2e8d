namespace AssetForge.Core.Tests.Specs;

using AssetForge.Core.Specs;

public sealed class SpecDefaultsTests
{
    [Test]
    public void A_minimal_spec_gets_the_builtin_defaults()
    {
        using var project = new TempProject();
        project.Write("potion.yaml", "prompt: red potion\nseed: 7\n");

        var asset = project.LoadAll().Assets.Single();

        Assert.Multiple(() =>
        {
            Assert.That(asset.Model, Is.EqualTo("builtin:icons"));
            Assert.That(asset.Steps, Is.EqualTo(20));
            Assert.That(asset.Cfg, Is.EqualTo(7.5));
            Assert.That(asset.Scheduler, Is.EqualTo("euler"));
            Assert.That((asset.Width, asset.Height), Is.EqualTo((512, 512)));
            Assert.That(asset.NegativePrompt, Is.Empty);
            Assert.That(asset.Rng, Is.EqualTo("torch"));
            Assert.That(asset.SchedulerOptions.Values, Is.Empty);
        });
    }

    [Test]
    public void Config_defaults_fill_what_the_spec_leaves_out()
    {
        using var project = new TempProject();
        project.Write(ProjectConfigLoader.FileName, """
            defaults:
              negative_prompt: blurry
              seed: 42
              steps: 30
              cfg: 6
              scheduler: ddim
              width: 256
              height: 768
              rng: torch-avx2
            """);
        project.Write("potion.yaml", "prompt: red potion\n");

        var asset = project.LoadAll().Assets.Single();

        Assert.Multiple(() =>
        {
            Assert.That(asset.NegativePrompt, Is.EqualTo("blurry"));
            Assert.That(asset.Seed, Is.EqualTo(42UL));
            Assert.That(asset.Steps, Is.EqualTo(30));
            Assert.That(asset.Cfg, Is.EqualTo(6.0));
            Assert.That(asset.Scheduler, Is.EqualTo("ddim"));
            Assert.That((asset.Width, asset.Height), Is.EqualTo((256, 768)));
            Assert.That(asset.Rng, Is.EqualTo("torch-avx2"));
        });
    }

    [Test]
    public void A_field_written_in_the_spec_wins_over_the_default()
    {
        using var project = new TempProject();
        project.Write(ProjectConfigLoader.FileName, "defaults:\n  steps: 30\n  seed: 42\n");
        project.Write("potion.yaml", "prompt: red potion\nsteps: 12\nseed: 0\n");

        var asset = project.LoadAll().Assets.Single();

        Assert.That((asset.Steps, asset.Seed), Is.EqualTo((12, 0UL)));
    }

    [Test]
    public void Field_locations_name_only_the_fields_written_in_the_spec()
    {
        using var project = new TempProject();
        project.Write(ProjectConfigLoader.FileName, "defaults:\n  steps: 30\n");
        var file = project.Write("potion.yaml", "prompt: red potion\nseed: 3\n");

        var asset = project.LoadAll().Assets.Single();

        Assert.Multiple(() =>
        {
            Assert.That(asset.FieldLocations.Keys, Is.EquivalentTo(new[] { "prompt", "seed" }));
            Assert.That(asset.LocationOf("seed").ToString(), Is.EqualTo($"{file}(2,7)"));
            Assert.That(asset.LocationOf("steps"), Is.EqualTo(asset.Location));
        });
    }

    [Test]
    public void Spec_scheduler_options_replace_the_default_options_rather_than_merge()
    {
        using var project = new TempProject();
        project.Write(ProjectConfigLoader.FileName, "defaults:\n  scheduler_options: { eta: 1.0, steps_offset: 1 }\n");
        project.Write("potion.yaml", "prompt: red potion\nseed: 3\nscheduler_options: { timestep_spacing: trailing }\n");

        var asset = project.LoadAll().Assets.Single();

        Assert.That(asset.SchedulerOptions.Values.Keys, Is.EqualTo(new[] { "timestep_spacing" }));
    }

    [Test]
    public void Default_scheduler_options_apply_when_the_spec_has_none()
    {
        using var project = new TempProject();
        project.Write(ProjectConfigLoader.FileName, "defaults:\n  scheduler_options: { eta: 1.0 }\n");
        project.Write("potion.yaml", "prompt: red potion\nseed: 3\n");

        var asset = project.LoadAll().Assets.Single();

        Assert.That(asset.SchedulerOptions.Values["eta"].GetDouble(), Is.EqualTo(1.0));
    }

    [Test]
    public void An_unknown_default_model_fails_each_asset_and_says_it_came_from_defaults()
    {
        using var project = new TempProject();
        var config = project.Write(ProjectConfigLoader.FileName, "defaults:\n  model: sd51\n");
        var spec = project.Write("potion.yaml", "prompt: red potion\nseed: 3\n");

        var result = project.LoadAll();

        var error = result.Diagnostics.Single();
        Assert.Multiple(() =>
        {
            Assert.That(result.Assets, Is.Empty);
            Assert.That(error.Code, Is.EqualTo("AF1110"));
            Assert.That(error.Location, Is.EqualTo(new AssetForge.Core.Diagnostics.SourceLocation(spec, 1, 1)));
            Assert.That(error.Message, Does.Contain($"from 'defaults:' at {config}(2,10)"));
        });
    }

    [Test]
    public void Rng_kinds_are_accepted_in_any_case_and_normalised()
    {
        using var project = new TempProject();
        project.Write("potion.yaml", "prompt: red potion\nseed: 3\nrng: NumPy\n");

        Assert.That(project.LoadAll().Assets.Single().Rng, Is.EqualTo("numpy"));
    }

    [Test]
    public void Scheduler_names_match_case_insensitively_and_stay_as_written()
    {
        using var project = new TempProject();
        project.Write("potion.yaml", "prompt: red potion\nseed: 3\nscheduler: DDIM\n");

        Assert.That(project.LoadAll().Assets.Single().Scheduler, Is.EqualTo("DDIM"));
    }

    [Test]
    public void Text_fields_take_scalars_as_written()
    {
        using var project = new TempProject();
        project.Write("potion.yaml", "prompt: no\nnegative_prompt: 1.50\nseed: 3\n");

        var asset = project.LoadAll().Assets.Single();

        Assert.That((asset.Prompt, asset.NegativePrompt), Is.EqualTo(("no", "1.50")));
    }

    [Test]
    public void Seeds_cover_the_whole_64_bit_range()
    {
        using var project = new TempProject();
        project.Write("max.yaml", "prompt: red potion\nseed: 18446744073709551615\n");
        project.Write("hex.yaml", "prompt: red potion\nseed: 0xFF\n");

        var seeds = project.LoadAll().Assets.ToDictionary(a => a.Id, a => a.Seed);

        Assert.That(seeds, Is.EqualTo(new Dictionary<string, ulong> { ["hex"] = 255, ["max"] = ulong.MaxValue }));
    }

    [Test]
    public void A_multi_line_prompt_keeps_its_folded_text()
    {
        using var project = new TempProject();
        project.Write("potion.yaml", "prompt: >\n  red potion,\n  game icon\nseed: 3\n");

        Assert.That(project.LoadAll().Assets.Single().Prompt, Is.EqualTo("red potion, game icon\n"));
    }
}
