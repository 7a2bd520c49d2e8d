namespace AssetForge.Core.Tests.Hashing;

using System.Text.Json;
using AssetForge.Abstractions.Models;
using AssetForge.Abstractions.Scheduling;
using AssetForge.Core.Hashing;

public sealed class ActionKeyTests
{
    private static readonly ActionKeyInputs Baseline = new(
        Prompt: "red health potion, game icon",
        NegativePrompt: "blurry",
        Seed: 909090,
        Steps: 30,
        Cfg: 7.5,
        Width: 512,
        Height: 512,
        Rng: "torch",
        ModelFingerprint: new string('a', 64),
        SchedulerId: "euler",
        SchedulerVersion: "1.0.0",
        SchedulerConfig: SchedulerConfig.Parse("""{"beta_end":0.012,"beta_schedule":"scaled_linear","num_train_timesteps":1000}"""),
        BackendId: "onnx",
        BackendVersion: "1.0.0");

    public static IEnumerable<TestCaseData> Changes()
    {
        yield return new TestCaseData(Baseline with { Prompt = "blue health potion, game icon" }, "prompt").SetName("Changing_the_prompt_changes_the_key");
        yield return new TestCaseData(Baseline with { NegativePrompt = "" }, "negative_prompt").SetName("Changing_the_negative_prompt_changes_the_key");
        yield return new TestCaseData(Baseline with { Seed = 909091 }, "seed").SetName("Changing_the_seed_changes_the_key");
        yield return new TestCaseData(Baseline with { Steps = 31 }, "steps").SetName("Changing_the_steps_changes_the_key");
        yield return new TestCaseData(Baseline with { Cfg = 7.0 }, "cfg").SetName("Changing_the_cfg_changes_the_key");
        yield return new TestCaseData(Baseline with { SchedulerId = "ddim" }, "scheduler").SetName("Changing_the_scheduler_changes_the_key");
        yield return new TestCaseData(Baseline with { SchedulerConfig = SchedulerConfig.Parse("""{"beta_end":0.012,"beta_schedule":"linear","num_train_timesteps":1000}""") }, "scheduler_options").SetName("Changing_a_scheduler_option_changes_the_key");
        yield return new TestCaseData(Baseline with { Width = 768 }, "width").SetName("Changing_the_width_changes_the_key");
        yield return new TestCaseData(Baseline with { Height = 256 }, "height").SetName("Changing_the_height_changes_the_key");
        yield return new TestCaseData(Baseline with { Rng = "numpy" }, "rng").SetName("Changing_the_rng_changes_the_key");
        yield return new TestCaseData(Baseline with { ModelFingerprint = new string('b', 64) }, "model").SetName("Changing_the_model_fingerprint_changes_the_key");
        yield return new TestCaseData(Baseline with { SchedulerVersion = "1.0.1" }, "plugin_version").SetName("Changing_the_scheduler_version_changes_the_key");
        yield return new TestCaseData(Baseline with { BackendVersion = "1.1.0" }, "plugin_version").SetName("Changing_the_backend_version_changes_the_key");
        yield return new TestCaseData(Baseline with { Precision = "float16" }, "precision").SetName("Changing_the_precision_changes_the_key");
        yield return new TestCaseData(Baseline with { Tiling = TilingAxes.Both }, "tiling").SetName("Turning_tiling_on_changes_the_key");
        yield return new TestCaseData(Baseline with { Tiling = TilingAxes.X }, "tiling").SetName("Tiling_one_axis_changes_the_key");
        yield return new TestCaseData(Baseline with { Sdxl = SdxlKeyInputs.None with { Prompt2 = "gold coin" } }, "prompt_2").SetName("Setting_prompt_2_changes_the_key");
        yield return new TestCaseData(Baseline with { Sdxl = SdxlKeyInputs.None with { NegativePrompt2 = "" } }, "negative_prompt_2").SetName("Setting_negative_prompt_2_changes_the_key");
        yield return new TestCaseData(Baseline with { Sdxl = SdxlKeyInputs.None with { OriginalSize = new PixelSize(1024, 1024) } }, "original_size").SetName("Setting_original_size_changes_the_key");
        yield return new TestCaseData(Baseline with { Sdxl = SdxlKeyInputs.None with { CropTopLeft = new CropOffset(0, 0) } }, "crop_top_left").SetName("Setting_crop_top_left_changes_the_key");
        yield return new TestCaseData(Baseline with { Sdxl = SdxlKeyInputs.None with { TargetSize = new PixelSize(512, 512) } }, "target_size").SetName("Setting_target_size_changes_the_key");
    }

    [TestCaseSource(nameof(Changes))]
    public void A_changed_input_changes_the_key_and_is_named(ActionKeyInputs changed, string field)
    {
        Assert.That(changed.ComputeKey(), Is.Not.EqualTo(Baseline.ComputeKey()));
        Assert.That(ActionKeyInputs.ChangedFields(Baseline.ToFields(), changed.ToFields()), Is.EqualTo(new[] { field }));
    }

    [Test]
    public void A_spec_without_sdxl_fields_keeps_the_golden_key_whether_its_negative_prompt_is_written_or_not()
    {
        Assert.That((Baseline with { NegativePromptGiven = true }).ComputeKey().Hex, Is.EqualTo(GoldenKey));
        Assert.That((Baseline with { NegativePromptGiven = false }).ComputeKey().Hex, Is.EqualTo(GoldenKey));
    }

    [Test]
    public void An_absent_negative_prompt_keeps_its_earlier_key_and_an_explicit_empty_one_gets_another()
    {
        var absent = Baseline with { NegativePrompt = "", NegativePromptGiven = false };
        var empty = Baseline with { NegativePrompt = "", NegativePromptGiven = true };

        Assert.That(absent.ToFields().ContainsKey("negative_prompt_empty"), Is.False);
        Assert.That(empty.ComputeKey(), Is.Not.EqualTo(absent.ComputeKey()));
        Assert.That(ActionKeyInputs.ChangedFields(absent.ToFields(), empty.ToFields()), Is.EqualTo(new[] { "negative_prompt" }));
    }

    [Test]
    public void Each_sdxl_size_is_keyed_by_its_value()
    {
        var wide = Baseline with { Sdxl = SdxlKeyInputs.None with { OriginalSize = new PixelSize(1024, 768) } };
        var tall = Baseline with { Sdxl = SdxlKeyInputs.None with { OriginalSize = new PixelSize(768, 1024) } };
        var cropTop = Baseline with { Sdxl = SdxlKeyInputs.None with { CropTopLeft = new CropOffset(8, 0) } };
        var cropLeft = Baseline with { Sdxl = SdxlKeyInputs.None with { CropTopLeft = new CropOffset(0, 8) } };

        Assert.That(wide.ComputeKey(), Is.Not.EqualTo(tall.ComputeKey()));
        Assert.That(cropTop.ComputeKey(), Is.Not.EqualTo(cropLeft.ComputeKey()));
    }

    [Test]
    public void Tiling_x_and_tiling_y_have_different_keys() =>
        Assert.That((Baseline with { Tiling = TilingAxes.X }).ComputeKey(), Is.Not.EqualTo((Baseline with { Tiling = TilingAxes.Y }).ComputeKey()));

    [Test]
    public void Tiling_off_adds_no_field_so_earlier_keys_stay_valid() =>
        Assert.That((Baseline with { Tiling = TilingAxes.None }).ToFields().ContainsKey("tiling"), Is.False);

    [Test]
    public void Equal_inputs_give_equal_keys() =>
        Assert.That((Baseline with { }).ComputeKey(), Is.EqualTo(Baseline.ComputeKey()));

    [Test]
    public void Scheduler_option_order_and_number_spelling_do_not_change_the_key()
    {
        var reordered = Baseline with
        {
            SchedulerConfig = SchedulerConfig.Parse("""{ "num_train_timesteps": 1000.0, "beta_schedule": "scaled_linear", "beta_end": 1.2e-2 }"""),
        };

        Assert.That(reordered.ComputeKey(), Is.EqualTo(Baseline.ComputeKey()));
    }

    [Test]
    public void Cfg_written_as_an_integer_or_a_double_gives_one_key() =>
        Assert.That((Baseline with { Cfg = 7 }).ComputeKey(), Is.EqualTo((Baseline with { Cfg = 7.0 }).ComputeKey()));

    [Test]
    public void The_key_of_fixed_inputs_never_changes_unnoticed()
    {
        // A golden value: if this changes, old caches silently stop matching. Bump
        // ActionKeyInputs.SchemaVersion on purpose, then update this value.
        Assert.That(Baseline.ComputeKey().Hex, Is.EqualTo(GoldenKey));
    }

    [Test]
    public void The_key_is_the_sha256_of_the_canonical_encoding_with_the_schema_version()
    {
        var fields = Baseline.ToFields();
        var canonical = CanonicalJson.Object([new(ActionKeyInputs.SchemaField, "3"), .. fields]);

        Assert.That(Baseline.ComputeKey().Hex, Is.EqualTo(ContentHash.Of(System.Text.Encoding.UTF8.GetBytes(canonical))));
        Assert.That(canonical, Does.StartWith("""{"backend":"onnx","backend_version":"1.0.0","cfg":7.5,"""));
    }

    [Test]
    public void Several_changes_are_named_in_the_order_users_think_of_them()
    {
        var changed = Baseline with { Seed = 1, Prompt = "x", ModelFingerprint = new string('c', 64) };

        Assert.That(ActionKeyInputs.ChangedFields(Baseline.ToFields(), changed.ToFields()), Is.EqualTo(new[] { "prompt", "seed", "model" }));
    }

    [Test]
    public void A_key_parses_back_from_its_text()
    {
        var key = Baseline.ComputeKey();

        Assert.That(ActionKey.TryParse(key.ToString(), out var parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(key));
        Assert.That(ActionKey.TryParse("../../etc/passwd", out _), Is.False);
    }

    // Cross-checked independently: Python json.dumps(fields + {"key_schema": 3}, sort_keys=True,
    // separators=(",", ":"), ensure_ascii=False), UTF-8, SHA-256 gives the same digest.
    private const string GoldenKey = "b0d9f44063c8c34bd303fec2870961ddae18eda47f752f46e0da9a8f860f6359";
}
