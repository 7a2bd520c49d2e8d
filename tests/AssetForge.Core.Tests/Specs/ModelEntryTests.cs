namespace AssetForge.Core.Tests.Specs;

using AssetForge.Core.Specs;

/// <summary>The long form of a models: entry: a checkpoint path with LoRAs merged in at given scales.</summary>
public sealed class ModelEntryTests
{
    [Test]
    public void A_model_entry_with_loras_gives_the_path_and_the_loras_in_order_with_their_scales()
    {
        using var project = new TempProject();
        project.CreateFolder("models/base");
        project.Write(ProjectConfigLoader.FileName, """
            models:
              styled:
                path: models/base
                loras:
                  - { file: loras/ink.safetensors, scale: 0.8 }
                  - { file: loras/paper.safetensors }
            """);

        var config = project.Config();

        Assert.That(config.Models["styled"], Is.EqualTo(Path.Combine(project.Directory, "models", "base")));
        Assert.That(config.ModelLoras["styled"].Select(l => (Path.GetFileName(l.Path), l.Scale)), Is.EqualTo(new[] { ("ink.safetensors", 0.8), ("paper.safetensors", 1.0) }));
        Assert.That(config.ModelLoras["styled"][0].Path, Is.EqualTo(Path.Combine(project.Directory, "loras", "ink.safetensors")));
    }

    [Test]
    public void A_misspelled_key_in_a_lora_is_an_error_with_a_suggestion()
    {
        using var project = new TempProject();
        project.Write(ProjectConfigLoader.FileName, "models:\n  styled:\n    path: models/base\n    loras: [ { file: a.safetensors, scal: 0.5 } ]\n");

        var result = project.LoadConfig();

        Assert.That(result.Config, Is.Null);
        Assert.That(result.Diagnostics.Select(d => d.ToString()), Has.Some.Contains("error AF1101: Unknown key 'scal' in 'models.styled.loras'. Did you mean 'scale'?"));
    }

    [Test]
    public void A_model_entry_without_a_path_is_an_error()
    {
        using var project = new TempProject();
        project.Write(ProjectConfigLoader.FileName, "models:\n  styled:\n    loras: []\n");

        var result = project.LoadConfig();

        Assert.That(result.Diagnostics.Select(d => d.ToString()), Has.Some.Contains("error AF1104: 'models.styled' needs a 'path'"));
    }

    [Test]
    public void A_model_entry_with_precision_fp16_is_recorded_for_that_model_only()
    {
        using var project = new TempProject();
        project.CreateFolder("models/base");
        project.Write(ProjectConfigLoader.FileName, "models:\n  half: { path: models/base, precision: fp16 }\n  full: { path: models/base, precision: fp32 }\n  plain: models/base\n");

        var config = project.Config();

        Assert.That(config.ModelPrecisions, Is.EqualTo(new Dictionary<string, string> { ["half"] = "fp16" }));
    }

    [Test]
    public void A_precision_other_than_fp32_or_fp16_is_an_error_at_its_value()
    {
        using var project = new TempProject();
        project.Write(ProjectConfigLoader.FileName, "models:\n  half:\n    path: models/base\n    precision: fp8\n");

        var result = project.LoadConfig();

        Assert.That(result.Config, Is.Null);
        Assert.That(result.Diagnostics.Select(d => d.ToString()), Has.Some.EndsWith("(4,16): error AF1309: 'models.half.precision' must be fp32 or fp16."));
    }

    [Test]
    public void A_model_entry_with_a_prediction_type_records_it_for_that_model_only()
    {
        using var project = new TempProject();
        project.CreateFolder("models/base");
        project.Write(ProjectConfigLoader.FileName, "models:\n  v: { path: models/base, prediction_type: v_prediction }\n  plain: models/base\n");

        var config = project.Config();

        Assert.That(config.ModelPredictionTypes, Is.EqualTo(new Dictionary<string, string> { ["v"] = "v_prediction" }));
    }

    [Test]
    public void A_prediction_type_other_than_epsilon_or_v_prediction_is_an_error_at_its_value()
    {
        using var project = new TempProject();
        project.Write(ProjectConfigLoader.FileName, "models:\n  v:\n    path: models/base\n    prediction_type: sample\n");

        var result = project.LoadConfig();

        Assert.That(result.Config, Is.Null);
        Assert.That(result.Diagnostics.Select(d => d.ToString()), Has.Some.EndsWith("(4,22): error AF1310: 'models.v.prediction_type' must be epsilon or v_prediction."));
    }
}
