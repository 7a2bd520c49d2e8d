namespace AssetForge.Core.Tests.Specs;

using System.Text.Json;
using AssetForge.Core.Specs;

public sealed class SchedulerOptionsTests
{
    private static AssetSpec Load(string options, out string file)
    {
        using var project = new TempProject();
        file = project.Write("potion.yaml", "prompt: red potion\nseed: 1\nscheduler_options:\n" + options);
        var result = project.LoadAll();
        Assert.That(result.Diagnostics, Is.Empty, () => string.Join(Environment.NewLine, result.Diagnostics));
        return result.Assets.Single();
    }

    private static string Json(AssetSpec asset, string name) => asset.SchedulerOptions.Values[name].GetRawText();

    [Test]
    public void Values_are_typed_by_the_yaml_core_schema()
    {
        var asset = Load("""
              use_karras_sigmas: true
              steps_offset: 1
              beta_start: 0.00085
              timestep_spacing: trailing
              quoted_number: "1"
              quoted_bool: 'true'
              nothing: ~
              hex: 0x10
              exponent: 1e3
              betas: [0.1, 2, x]
              nested: { a: false }
            """, out _);

        Assert.Multiple(() =>
        {
            Assert.That(Json(asset, "use_karras_sigmas"), Is.EqualTo("true"));
            Assert.That(Json(asset, "steps_offset"), Is.EqualTo("1"));
            Assert.That(asset.SchedulerOptions.Values["beta_start"].GetDouble(), Is.EqualTo(0.00085));
            Assert.That(Json(asset, "timestep_spacing"), Is.EqualTo("\"trailing\""));
            Assert.That(Json(asset, "quoted_number"), Is.EqualTo("\"1\""));
            Assert.That(Json(asset, "quoted_bool"), Is.EqualTo("\"true\""));
            Assert.That(asset.SchedulerOptions.Values["nothing"].ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(Json(asset, "hex"), Is.EqualTo("16"));
            Assert.That(asset.SchedulerOptions.Values["exponent"].GetDouble(), Is.EqualTo(1000.0));
            Assert.That(Json(asset, "betas"), Is.EqualTo("[0.1,2,\"x\"]"));
            Assert.That(Json(asset, "nested"), Is.EqualTo("{\"a\":false}"));
        });
    }

    [Test]
    public void Yaml_1_1_booleans_stay_strings()
    {
        var asset = Load("  flag: yes\n", out _);

        Assert.That(Json(asset, "flag"), Is.EqualTo("\"yes\""));
    }

    [Test]
    public void Each_option_key_has_its_own_location()
    {
        var asset = Load("  eta: 1.0\n  steps_offset: 1\n", out var file);

        Assert.Multiple(() =>
        {
            Assert.That(asset.LocationOf("scheduler_options.eta").ToString(), Is.EqualTo($"{file}(4,3)"));
            Assert.That(asset.LocationOf("scheduler_options.steps_offset").ToString(), Is.EqualTo($"{file}(5,3)"));
            Assert.That(asset.LocationOf("scheduler_options").ToString(), Is.EqualTo($"{file}(4,3)"));
        });
    }

    [Test]
    public void Empty_options_give_an_empty_config()
    {
        var asset = Load("  {}\n", out _);

        Assert.That(asset.SchedulerOptions.Values, Is.Empty);
    }
}
