namespace AssetForge.Cli.Tests;

using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using AssetForge.Cli.Tests.Infrastructure;

/// <summary>
/// A diffusers-format folder of .safetensors weights, or one single-file checkpoint in the original
/// (LDM) key layout (SD 1.x's CLIP or SD 2.x's OpenCLIP text encoder), builds through <c>assetforge build</c> with
/// the pixels diffusers' own pipeline gives (tests/reference/checkpoints: tiny SD 1.x- and SD
/// 2.x-layout checkpoints with random weights, Euler and DDIM, with and without guidance and a
/// negative prompt), and is compiled once: a later build finds the compiled graphs in the cache.
/// </summary>
[Category("Slow")]
public sealed class CheckpointBuildTests
{
    private static readonly string ReferenceDirectory = Path.Combine(
        typeof(CheckpointBuildTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!,
        "tests", "reference", "checkpoints");

    // Two diffusers folders (SD 1.x and 2.x layouts) and two single LDM-layout files, F16, with model.yaml: SD 1.x-shaped
    // (CLIP ViT-L keys) and SD 2.x-shaped (OpenCLIP keys, linear projections, v-prediction from model.yaml).
    private static readonly string[] Checkpoints = ["sd1", "sd2", "ldm", "ldm2"];

    [TestCaseSource(nameof(Checkpoints))]
    public async Task A_checkpoint_builds_with_the_pixels_of_diffusers_pipeline(string checkpoint)
    {
        using var project = CheckpointProject(checkpoint);
        var cases = PipelineCases(checkpoint);
        project.Write("assets.yaml", Specs(cases, promptSuffix: ""));

        var build = await project.RunAsync("build");

        AssertDiffusersPixels(project, build, cases, checkpoint);
    }

    [TestCaseSource(nameof(Checkpoints))]
    public async Task An_fp16_checkpoint_builds_within_one_level_of_diffusers_float32_pixels_on_the_cpu(string checkpoint)
    {
        // ONNX Runtime's CPU provider runs the fp16 graph with float32 arithmetic where it has no
        // float16 kernel, so this measures float16 weights and activations, not a GPU's fp16 math.
        using var project = CheckpointProject(checkpoint, precision: "fp16");
        var cases = PipelineCases(checkpoint);
        project.Write("assets.yaml", Specs(cases, promptSuffix: ""));

        var build = await project.RunAsync("build");

        AssertDiffusersPixels(project, build, cases, checkpoint + " fp16");
    }

    [Test]
    public async Task Fp16_and_fp32_entries_of_one_checkpoint_are_two_compiled_models_the_fp16_one_with_half_size_weights()
    {
        using var project = CheckpointProject("sd1", extraModels: $"half: {{ path: {Path.Combine(ReferenceDirectory, "sd1")}, precision: fp16 }}");
        var first = PipelineCases("sd1")[0];
        project.Write("assets.yaml", Specs([first], promptSuffix: "") + Specs([first], promptSuffix: "").Replace("- id: ", "- id: half-", StringComparison.Ordinal).Replace("output: ", "output: half-", StringComparison.Ordinal).Replace("  prompt:", "  model: half\n  prompt:", StringComparison.Ordinal));

        var build = await project.RunAsync("build");

        Assert.That((build.ExitCode, build.Summary.Generated), Is.EqualTo((0, 2)), build.StandardError + build.StandardOutput);
        var compiled = Directory.GetDirectories(project.PathOf(".assetforge/cache/models"), "compiled-*").Select(d => new FileInfo(Path.Combine(d, "unet", "model.onnx_data")).Length).Order().ToArray();
        Assert.That(compiled, Has.Length.EqualTo(2));
        Assert.That((double)compiled[0] / compiled[1], Is.InRange(0.45, 0.55));
    }

    [Test]
    public async Task Precision_fp16_on_an_onnx_export_fails_its_assets_with_AF1309()
    {
        using var project = CheckpointProject("sd1");
        project.Write("assets.yaml", Specs(PipelineCases("sd1").Take(1), promptSuffix: ""));
        Assert.That((await project.RunAsync("build")).ExitCode, Is.EqualTo(0));
        var compiled = Directory.GetDirectories(project.PathOf(".assetforge/cache/models"), "compiled-*").Single();
        project.Write("assetforge.yaml", $$"""
            output: out
            cache: .assetforge/cache
            models:
              export: { path: {{compiled}}, precision: fp16 }
            defaults:
              model: export
            """);

        var build = await project.RunAsync("build");

        Assert.That(build.ExitCode, Is.EqualTo(1));
        Assert.That(build.StandardOutput + build.StandardError, Does.Contain("error AF1309:").And.Contain("an ONNX export has the precision it was exported with"));
    }

    [Test]
    public async Task A_kohya_lora_on_a_model_entry_gives_diffusers_pixels_and_a_changed_scale_regenerates_with_the_new_ones()
    {
        using var project = LoraProject("""[ { file: LORA/kohya.safetensors, scale: 1.0 } ]""");
        project.Write("assets.yaml", Specs(PipelineCases("sd1").Take(1), promptSuffix: ""));

        var first = await project.RunAsync("build");
        AssertPixels(project, first, "kohya_1.0");

        project.Write("assetforge.yaml", File.ReadAllText(project.PathOf("assetforge.yaml")).Replace("scale: 1.0", "scale: 0.5", StringComparison.Ordinal));
        var second = await project.RunAsync("build");
        Assert.That(second.Summary.Generated, Is.EqualTo(1));
        AssertPixels(project, second, "kohya_0.5");
    }

    [TestCase("peft_1.0", """[ { file: LORA/peft.safetensors, scale: 1.0 } ]""")]
    [TestCase("stacked", """[ { file: LORA/kohya.safetensors, scale: 0.8 }, { file: LORA/peft.safetensors, scale: 0.5 } ]""")]
    public async Task Loras_on_a_model_entry_give_diffusers_pixels(string reference, string loras)
    {
        using var project = LoraProject(loras);
        project.Write("assets.yaml", Specs(PipelineCases("sd1").Take(1), promptSuffix: ""));

        AssertPixels(project, await project.RunAsync("build"), reference);
    }

    [TestCase("peft_1.0", """[ { file: loras/peft.safetensors, scale: 1.0 } ]""")]
    [TestCase("kohya_0.5", """[ { file: loras/kohya.safetensors, scale: 0.5 } ]""")]
    public async Task Loras_in_a_spec_give_diffusers_pixels(string reference, string loras)
    {
        using var project = CheckpointProject("sd1");
        CopyLorasInto(project);
        project.Write("assets.yaml", Specs(PipelineCases("sd1").Take(1), promptSuffix: "", loras));

        AssertPixels(project, await project.RunAsync("build"), reference);
    }

    [Test]
    public async Task A_spec_lora_stacks_after_the_model_entry_lora()
    {
        using var project = LoraProject("""[ { file: LORA/kohya.safetensors, scale: 0.8 } ]""");
        CopyLorasInto(project);
        project.Write("assets.yaml", Specs(PipelineCases("sd1").Take(1), promptSuffix: "", """[ { file: loras/peft.safetensors, scale: 0.5 } ]"""));

        AssertPixels(project, await project.RunAsync("build"), "stacked");
    }

    [Test]
    public async Task A_default_lora_gives_diffusers_pixels_and_a_changed_scale_regenerates_exactly_its_assets()
    {
        using var project = CheckpointProject("sd1", defaults: "loras: [ { file: loras/kohya.safetensors, scale: 1.0 } ]");
        CopyLorasInto(project);
        var inked = PipelineCases("sd1").Take(1);
        project.Write("assets.yaml", Specs(inked, promptSuffix: "") + Specs(PipelineCases("sd1").Skip(1).Take(1), promptSuffix: "", "[]"));

        var first = await project.RunAsync("build");
        AssertPixels(project, first, "kohya_1.0");
        Assert.That(first.Summary.Generated, Is.EqualTo(2));

        project.Write("assetforge.yaml", File.ReadAllText(project.PathOf("assetforge.yaml")).Replace("scale: 1.0", "scale: 0.5", StringComparison.Ordinal));
        var second = await project.RunAsync("build");
        Assert.That(second.Summary.Generated, Is.EqualTo(1), "only the asset that uses the default LoRA");
        AssertPixels(project, second, "kohya_0.5");
    }

    [Test]
    public async Task A_second_build_with_a_changed_prompt_reuses_the_compiled_model()
    {
        using var project = CheckpointProject("sd1");
        var cases = PipelineCases("sd1").Take(1).ToList();
        project.Write("assets.yaml", Specs(cases, promptSuffix: ""));
        var first = await project.RunAsync("build");
        Assert.That(first.ExitCode, Is.EqualTo(0), first.StandardError);
        var compiled = Directory.GetDirectories(project.PathOf(".assetforge/cache/models"), "compiled-*").Single();
        var stamp = Directory.GetLastWriteTimeUtc(Path.Combine(compiled, "unet"));

        project.Write("assets.yaml", Specs(cases, promptSuffix: " glowing"));
        var second = await project.RunAsync("build");

        Assert.That(second.ExitCode, Is.EqualTo(0), second.StandardError);
        Assert.That(second.Summary.Generated, Is.EqualTo(1));
        Assert.That(Directory.GetDirectories(project.PathOf(".assetforge/cache/models"), "compiled-*").Single(), Is.EqualTo(compiled));
        Assert.That(Directory.GetLastWriteTimeUtc(Path.Combine(compiled, "unet")), Is.EqualTo(stamp));
        Assert.That(first.StandardOutput, Does.Contain("compiled model sd1 in "));
        Assert.That(second.StandardOutput, Does.Not.Contain("compiled model"));
        TestContext.Out.WriteLine($"first build (compiles) {first.Elapsed.TotalSeconds:F2}s, second build (cache hit, new prompt) {second.Elapsed.TotalSeconds:F2}s");
    }

    [Test]
    public async Task A_corrupted_checkpoint_fails_its_assets_with_one_clear_error_and_the_others_build()
    {
        using var project = CheckpointProject("sd1", extraModels: "broken: broken.safetensors");
        File.WriteAllBytes(project.PathOf("broken.safetensors"), [0x10, 0, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'"']);
        var cases = PipelineCases("sd1").Take(1).ToList();
        project.Write("assets.yaml", Specs(cases, promptSuffix: "") + """
            - id: broken
              output: broken.png
              model: broken
              prompt: "red potion"
              seed: 1
              width: 16
              height: 16
              steps: 2

            """);

        var build = await project.RunAsync("build");

        Assert.That(build.ExitCode, Is.EqualTo(1));
        Assert.That(build.Summary.Generated, Is.EqualTo(1));
        Assert.That(build.Summary.Failed, Is.EqualTo(1));
        var errors = (build.StandardOutput + build.StandardError).Split('\n').Where(l => l.Contains("AF3201", StringComparison.Ordinal)).ToList();
        Assert.That(errors, Has.Count.EqualTo(1), build.StandardOutput + build.StandardError);
        Assert.That(errors[0], Does.Contain("broken.safetensors: not a valid safetensors file: the header claims 16 bytes but the file has only 2"));
        Assert.That(build.StandardError + build.StandardOutput, Does.Not.Contain("   at "));
    }

    private static TestProject LoraProject(string loras)
    {
        var project = TestProject.Create();
        project.Write("assetforge.yaml", $"""
            output: out
            cache: .assetforge/cache
            models:
              styled:
                path: {Path.Combine(ReferenceDirectory, "sd1")}
                loras: {loras.Replace("LORA/", Path.Combine(ReferenceDirectory, "lora") + "/", StringComparison.Ordinal)}
            defaults:
              model: styled
            """);
        return project;
    }

    // Every case's image within 1/255 of diffusers' float32 pixels.
    private static void AssertDiffusersPixels(TestProject project, CliResult build, IEnumerable<JsonElement> cases, string label)
    {
        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError + build.StandardOutput);
        foreach (var reference in cases)
        {
            var name = reference.GetProperty("name").GetString()!;
            var actual = PngPixels.Read(project.OutputOf(name + ".png"));
            var expected = reference.GetProperty("rgb").EnumerateArray().Select(v => v.GetInt32()).ToArray();
            Assert.That(actual.Rgb, Has.Length.EqualTo(expected.Length), name);
            var worst = actual.Rgb.Select((v, i) => Math.Abs(v - expected[i])).Max();
            TestContext.Out.WriteLine($"{label} {name}: max |assetforge - diffusers fp32| = {worst}/255");
            Assert.That(worst, Is.LessThanOrEqualTo(1), name);
        }
    }

    private static void AssertPixels(TestProject project, CliResult build, string reference)
    {
        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError + build.StandardOutput);
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(ReferenceDirectory, "pipeline.json")));
        var expected = document.RootElement.GetProperty("sd1_lora").GetProperty(reference).GetProperty("rgb").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        var actual = PngPixels.Read(project.OutputOf(PipelineCases("sd1")[0].GetProperty("name").GetString() + ".png"));
        var worst = actual.Rgb.Select((v, i) => Math.Abs(v - expected[i])).Max();
        TestContext.Out.WriteLine($"sd1 + {reference}: max |assetforge - diffusers| = {worst}/255");
        Assert.That(worst, Is.LessThanOrEqualTo(1), reference);
    }

    private static void CopyLorasInto(TestProject project)
    {
        foreach (var name in new[] { "kohya.safetensors", "peft.safetensors" })
        {
            project.Write("loras/" + name, string.Empty);
            File.Copy(Path.Combine(ReferenceDirectory, "lora", name), project.PathOf("loras/" + name), overwrite: true);
        }
    }

    private static TestProject CheckpointProject(string checkpoint, string extraModels = "", string defaults = "", string precision = "fp32")
    {
        var project = TestProject.Create();
        var path = checkpoint.StartsWith("ldm", StringComparison.Ordinal) ? Path.Combine(ReferenceDirectory, checkpoint, "model.safetensors") : Path.Combine(ReferenceDirectory, checkpoint);
        var entry = precision == "fp32" ? path : $"{{ path: {path}, precision: {precision} }}";
        project.Write("assetforge.yaml", $"""
            output: out
            cache: .assetforge/cache
            models:
              {checkpoint}: {entry}
              {extraModels}
            defaults:
              model: {checkpoint}
              {defaults}
            """);
        return project;
    }

    private static List<JsonElement> PipelineCases(string checkpoint)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(ReferenceDirectory, "pipeline.json")));
        return document.RootElement.GetProperty(checkpoint).EnumerateArray().Select(e => e.Clone()).ToList();
    }

    private static string Specs(IEnumerable<JsonElement> cases, string promptSuffix, string loras = "")
    {
        var text = new StringBuilder();
        foreach (var c in cases)
        {
            var name = c.GetProperty("name").GetString();
            text.Append(CultureInfo.InvariantCulture, $"""
                - id: {name}
                  output: {name}.png
                  prompt: "{c.GetProperty("prompt").GetString()}{promptSuffix}"
                  negative_prompt: "{c.GetProperty("negative_prompt").GetString()}"
                  scheduler: {c.GetProperty("scheduler").GetString()}
                  cfg: {c.GetProperty("cfg").GetDouble().ToString(CultureInfo.InvariantCulture)}
                  steps: {c.GetProperty("steps").GetInt32()}
                  seed: {c.GetProperty("seed").GetInt32()}
                  width: {c.GetProperty("width").GetInt32()}
                  height: {c.GetProperty("height").GetInt32()}

                """);
            if (loras.Length > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"  loras: {loras}\n");
            }
        }

        return text.ToString();
    }
}
