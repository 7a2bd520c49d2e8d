namespace AssetForge.Cli.Tests;

using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Text.Json;
using AssetForge.Cli.Tests.Infrastructure;

/// <summary>
/// A tiny SDXL exported in Optimum's layout (tests/reference/sdxl: two text encoders, a text_time
/// UNet, SDXL's Euler config) builds through <c>assetforge build</c> with the pixels diffusers' own
/// StableDiffusionXLPipeline and StableDiffusionXLImg2ImgPipeline give: guidance on and off, a
/// negative prompt, an absent and an explicitly empty one, prompt_2 and negative_prompt_2, a
/// two-image batch with one generator each, a non-square size with size and crop conditioning,
/// img2img, and SDXL-Turbo's settings (Euler ancestral, trailing timesteps, cfg 0, 1 and 4 steps).
/// Both export generations: an int64 [batch] timestep with int32 ids, and a float scalar timestep
/// with int64 ids. And an LCM-distilled SDXL (its UNet takes timestep_cond) at 4 LCM steps, and
/// SD-Turbo's settings on the SD 2.x-shaped checkpoint of tests/reference/checkpoints (SD-Turbo is
/// an SD 2.1 architecture), compiled by AssetForge, against diffusers' StableDiffusionPipeline.
/// The same tiny SDXL as a diffusers folder of safetensors (tests/reference/sdxl/diffusers, made by
/// make_checkpoint_reference.py), compiled by AssetForge's graph builders, gives the same pixels,
/// with and without SDXL LoRAs (kohya lora_unet_/lora_te1_/lora_te2_, also with sd-scripts'
/// original block names, and PEFT unet./text_encoder./text_encoder_2.); and an LCM-LoRA's use (an ordinary LoRA on the SD 1.x-shaped checkpoint, and on the
/// tiny SDXL folder, with lcm, 4 steps, cfg 1) matches diffusers' StableDiffusionPipeline / StableDiffusionXLPipeline with LCMScheduler. An SDXL
/// single file in the SGM key layout (tests/reference/sdxl/single, make_single_file_reference.py)
/// compiles and gives its diffusers pixels (single.json) for the same cases, with a kohya LoRA too,
/// and one without its second text encoder fails with one AF3203 line naming the tensor.
/// </summary>
[Category("Slow")]
public sealed class SdxlBuildTests
{
    private static readonly string ReferenceDirectory = Path.Combine(
        typeof(SdxlBuildTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!,
        "tests", "reference", "sdxl");

    private static readonly string[] Exports = ["int64-timestep", "float-timestep"];

    [TestCaseSource(nameof(Exports))]
    public async Task An_sdxl_export_builds_every_case_with_the_pixels_of_diffusers_pipeline(string export)
    {
        using var project = SdxlProject(export);
        var cases = ReferenceCases().Where(c => !c.TryGetProperty("model", out _)).ToList();
        project.Write("assets.yaml", Specs(cases));

        var build = await project.RunAsync("build", "--max-batch", "4");

        AssertPixels(project, build, export, cases);
    }

    [Test]
    public async Task An_lcm_distilled_sdxl_builds_4_lcm_steps_with_the_pixels_of_diffusers_pipeline()
    {
        using var project = SdxlProject("lcm");
        var cases = ReferenceCases().Where(c => c.TryGetProperty("model", out var model) && model.GetString() == "lcm").ToList();
        project.Write("assets.yaml", Specs(cases));

        var build = await project.RunAsync("build");

        AssertPixels(project, build, "lcm", cases);
    }

    /// <summary>
    /// The diffusers folder holds pipeline.json's model; the single file (single/model.safetensors, SGM
    /// keys, made by make_single_file_reference.py) its architecture at widths GroupNorm's 32 groups
    /// allow, with its own diffusers pixels for the same cases in single.json.
    /// </summary>
    [TestCase("diffusers", "pipeline.json")]
    [TestCase("single/model.safetensors", "single.json")]
    public async Task An_sdxl_checkpoint_compiled_by_assetforge_builds_every_case_with_the_pixels_of_diffusers_pipeline(string model, string reference)
    {
        using var project = SdxlProject(model);
        var cases = ReferenceCases(reference).Where(c => !c.TryGetProperty("model", out _) && !c.TryGetProperty("lora", out _)).ToList();
        project.Write("assets.yaml", Specs(cases));

        var build = await project.RunAsync("build", "--max-batch", "4");

        Assert.That(cases, Has.Count.GreaterThanOrEqualTo(10));
        AssertPixels(project, build, model, cases);
        var compiled = Directory.GetDirectories(project.PathOf(".assetforge/cache/models"), "compiled-*").Single();
        Assert.That(File.Exists(Path.Combine(compiled, "text_encoder_2", "model.onnx")) && File.Exists(Path.Combine(compiled, "tokenizer_2", "vocab.json")), "Optimum's SDXL layout");
    }

    [Test]
    public async Task An_lcm_distilled_sdxl_diffusers_folder_compiled_by_assetforge_takes_timestep_cond_and_gives_diffusers_pixels()
    {
        using var project = TestProject.Create();
        var folder = project.PathOf("lcm-sdxl");
        CopyTree(Path.Combine(ReferenceDirectory, "diffusers"), folder);
        CopyTree(Path.Combine(ReferenceDirectory, "lcm-unet"), Path.Combine(folder, "unet"));
        CopyTree(Path.Combine(ReferenceDirectory, "lcm", "scheduler"), Path.Combine(folder, "scheduler"));
        project.Write("assetforge.yaml", $"""
            output: out
            cache: .assetforge/cache
            models:
              lcm: {folder}
            defaults:
              model: lcm
            """);
        var cases = ReferenceCases().Where(c => c.TryGetProperty("model", out var model) && model.GetString() == "lcm").ToList();
        project.Write("assets.yaml", Specs(cases));

        var build = await project.RunAsync("build");

        AssertPixels(project, build, "lcm diffusers", cases);
    }

    [TestCase("kohya", "1.0")]
    [TestCase("kohya", "0.5")]
    [TestCase("peft", "1.0")]
    [TestCase("peft", "0.5")]
    [TestCase("kohya_sgm", "1.0")]
    public async Task An_sdxl_lora_on_a_compiled_diffusers_folder_gives_the_pixels_of_diffusers_pipeline_with_it_merged(string format, string scale)
    {
        var styled = CheckpointReference("sdxl_lora").Where(c => c.GetProperty("lora").GetString() == format && c.GetProperty("scale").GetDouble().ToString("0.0", CultureInfo.InvariantCulture) == scale).ToList();
        await AssertLoraPixels("diffusers", Path.Combine(ReferenceDirectory, "lora", format + ".safetensors"), scale, styled, ReferenceCases(), $"{format} {scale}");
    }

    /// <summary>kohya: diffusers module names; kohya_sgm: sd-scripts' original block names, with resnets and samplers (how SDXL LoRAs for single files come).</summary>
    [TestCase("kohya")]
    [TestCase("kohya_sgm")]
    public async Task A_kohya_lora_on_a_compiled_sdxl_single_file_gives_the_pixels_of_diffusers_pipeline_with_it_merged(string format)
    {
        var references = ReferenceCases("single.json");
        var styled = references.Where(c => c.TryGetProperty("lora", out var lora) && lora.GetString() == format).ToList();
        await AssertLoraPixels("single/model.safetensors", Path.Combine(ReferenceDirectory, "single", $"lora_{format}.safetensors"), "1.0", styled, references.Where(c => !c.TryGetProperty("lora", out _)).ToList(), $"single {format} 1.0");
    }

    private static async Task AssertLoraPixels(string model, string lora, string scale, List<JsonElement> styled, List<JsonElement> references, string label)
    {
        using var project = SdxlProject(model, modelLoras: $"[ {{ file: {lora}, scale: {scale} }} ]");
        var cases = references.Where(c => styled.Any(s => s.GetProperty("case").GetString() == c.GetProperty("name").GetString())).ToList();
        project.Write("assets.yaml", Specs(cases));

        var build = await project.RunAsync("build");

        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError + build.StandardOutput);
        Assert.That(styled, Has.Count.EqualTo(2));
        Assert.Multiple(() =>
        {
            foreach (var reference in styled)
            {
                var output = reference.GetProperty("case").GetString() + ".png";
                var expected = reference.GetProperty("rgb")[0].EnumerateArray().Select(v => v.GetInt32()).ToArray();
                var worst = MaxDifference(PngPixels.Read(project.OutputOf(output)).Rgb, expected);
                TestContext.Out.WriteLine($"{label} {output}: max |assetforge - diffusers| = {worst}/255");
                Assert.That(worst, Is.LessThanOrEqualTo(1), output);
            }
        });
    }

    [Test]
    public async Task An_sdxl_single_file_without_its_second_text_encoder_fails_its_assets_with_one_af3203_line_naming_the_tensor()
    {
        using var project = TestProject.Create();
        var folder = project.PathOf("broken");
        CopyTree(Path.Combine(ReferenceDirectory, "single", "tokenizer"), Path.Combine(folder, "tokenizer"));
        CopyTree(Path.Combine(ReferenceDirectory, "single", "tokenizer_2"), Path.Combine(folder, "tokenizer_2"));
        var checkpoint = Path.Combine(folder, "model.safetensors");
        WithoutTensors(Path.Combine(ReferenceDirectory, "single", "model.safetensors"), checkpoint, key => key.StartsWith("conditioner.embedders.1.model.transformer.", StringComparison.Ordinal) || key == "conditioner.embedders.1.model.token_embedding.weight");
        project.Write("assetforge.yaml", $"""
            output: out
            cache: .assetforge/cache
            models:
              sdxl: {checkpoint}
            defaults:
              model: sdxl
            """);
        project.Write("assets.yaml", Specs(ReferenceCases("single.json").Where(c => c.GetProperty("name").GetString() == "negative" && !c.TryGetProperty("lora", out _))));

        var build = await project.RunAsync("build");

        Assert.That(build.ExitCode, Is.EqualTo(1), build.StandardOutput + build.StandardError);
        var errors = build.ErrorLines.Where(l => l.Contains("error AF3203:", StringComparison.Ordinal)).ToList();
        Assert.That(errors, Has.Count.EqualTo(1), build.StandardError);
        Assert.That(errors[0], Does.Contain("no second text encoder ('conditioner.embedders.1.model.transformer.resblocks.0.attn.in_proj_weight' not found)"));
    }

    /// <summary>An LCM-LoRA's use: an ordinary LoRA on an ordinary model, lcm, 4 steps, cfg 1 (one UNet branch), against diffusers' pipeline with LCMScheduler; and the model without it, which the LoRA moves by many levels.</summary>
    [TestCase("../checkpoints/sd1", "lcm_lora.safetensors", "lcm_lora")]
    [TestCase("diffusers", "lcm_lora_sdxl.safetensors", "lcm_lora_sdxl")]
    public async Task An_lcm_lora_builds_4_lcm_steps_with_the_pixels_of_diffusers_pipeline_with_lcm_scheduler(string model, string loraFile, string group)
    {
        using var project = TestProject.Create();
        var folder = Path.GetFullPath(Path.Combine(ReferenceDirectory, model));
        var lora = Path.Combine(ReferenceDirectory, loraFile);
        project.Write("assetforge.yaml", $$"""
            output: out
            cache: .assetforge/cache
            models:
              plain: {{folder}}
              styled:
                path: {{folder}}
                loras: [ { file: {{lora}}, scale: 1.0 } ]
            """);
        var cases = CheckpointReference(group);
        var specs = Specs(cases);
        foreach (var c in cases)
        {
            var name = c.GetProperty("name").GetString();
            specs = specs.Replace($"- id: {name}\n", $"- id: {name}\n  model: {(c.GetProperty("lora").GetBoolean() ? "styled" : "plain")}\n", StringComparison.Ordinal);
        }

        project.Write("assets.yaml", specs);

        var build = await project.RunAsync("build");

        Assert.That(cases, Has.Count.EqualTo(2));
        AssertPixels(project, build, group, cases);
    }

    [Test]
    public async Task Sd_turbo_settings_on_an_sd2_checkpoint_give_the_pixels_of_diffusers_pipeline()
    {
        using var project = TestProject.Create();
        project.Write("assetforge.yaml", $"""
            output: out
            cache: .assetforge/cache
            models:
              sd2: {Path.Combine(ReferenceDirectory, "..", "checkpoints", "sd2")}
            defaults:
              model: sd2
            """);
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(ReferenceDirectory, "sd_turbo.json")));
        var cases = document.RootElement.EnumerateObject().Select(p => p.Value.Clone()).ToList();
        project.Write("assets.yaml", Specs(cases));

        var build = await project.RunAsync("build");

        AssertPixels(project, build, "sd2", cases);
    }

    [Test]
    public async Task Verify_status_and_explain_work_on_an_sdxl_build_and_explain_names_a_changed_size_conditioning()
    {
        using var project = SdxlProject("float-timestep");
        project.Write("assets.yaml", Specs(ReferenceCases().Where(c => c.GetProperty("name").GetString() is "sizes" or "prompt_2")));
        var build = await project.RunAsync("build");
        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError + build.StandardOutput);

        var verify = await project.RunAsync("verify");
        var status = await project.RunAsync("status", "--check");
        project.Edit("assets.yaml", "original_size: 56x40", "original_size: 64x40");
        var explain = await Cli.RunAsync(project.Directory, ["explain", project.OutputOf("sizes.png"), project.Directory]);

        Assert.That(verify.ExitCode, Is.EqualTo(0), verify.StandardOutput + verify.StandardError);
        Assert.That(verify.OutputLines, Has.Some.Match(@"^identical\s+sizes$"));
        Assert.That(verify.OutputLines, Has.Some.Match(@"^identical\s+prompt_2$"));
        Assert.That(status.ExitCode, Is.EqualTo(0), status.StandardOutput + status.StandardError);
        Assert.That(explain.StandardOutput, Does.Contain("stale: asset sizes now produces key").And.Contain("(changed: original_size)"));
    }

    /// <summary>
    /// status, explain and verify on images of an SDXL checkpoint compiled by AssetForge: explain
    /// names the compile node the generation key reads (its source hash, builder, LoRAs), verify
    /// regenerates identically; an altered output PNG is stale for status, and an altered cached PNG
    /// is reported corrupt and fails verify.
    /// </summary>
    [TestCase("diffusers")]
    [TestCase("single/model.safetensors")]
    public async Task Status_explain_and_verify_work_on_images_of_a_compiled_sdxl_checkpoint(string model)
    {
        using var project = SdxlProject(model);
        var source = Path.Combine(ReferenceDirectory, model);
        project.Write("assets.yaml", Specs(ReferenceCases().Where(c => c.GetProperty("name").GetString() is "negative" or "sizes")));
        var build = await project.RunAsync("build");
        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError + build.StandardOutput);
        var compileKey = Regex.Match(build.StandardOutput, @"compiled model sdxl in [0-9.]+s \(key ([0-9a-f]{12})\)").Groups[1].Value;

        var status = await project.RunAsync("status");
        var explain = await Cli.RunAsync(project.Directory, ["explain", project.OutputOf("negative.png"), project.Directory]);
        var verify = await project.RunAsync("verify");

        Assert.That(compileKey, Has.Length.EqualTo(12), build.StandardOutput);
        Assert.That(status.ExitCode, Is.EqualTo(0), status.StandardOutput + status.StandardError);
        Assert.That(status.OutputLines, Has.Some.Match(@"^current\s+negative$").And.Some.Match(@"^current\s+sizes$"));
        Assert.That(status.OutputLines, Has.Some.StartsWith("2 current, 0 stale, 0 missing"));
        Assert.That(explain.ExitCode, Is.EqualTo(0), explain.StandardOutput + explain.StandardError);
        Assert.That(explain.OutputLines, Has.Some.Match($"^model: \"{compileKey}[0-9a-f]{{52}}\"$"), "the generation key's model input is the compile node's key");
        Assert.That(explain.StandardOutput, Does.Contain($"model: compile node {compileKey} of 'sdxl' ({source}), in the local cache"));
        Assert.That(explain.StandardOutput, Does.Contain("  action: \"compile-model\"").And.Contain("  loras: []").And.Contain("  builder_version: "));
        Assert.That(explain.StandardOutput, Does.Contain("current: the project's spec still produces this key (negative)"));
        Assert.That(verify.ExitCode, Is.EqualTo(0), verify.StandardOutput + verify.StandardError);
        Assert.That(verify.OutputLines, Has.Some.Match(@"^identical\s+negative$").And.Some.Match(@"^identical\s+sizes$"));

        var output = project.OutputOf("negative.png");
        var blob = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(output)));
        Flip(output, 100);
        var statusAfter = await project.RunAsync("status");
        var cached = Path.Combine(project.PathOf(".assetforge/cache/objects"), blob[..2], blob);
        File.SetAttributes(cached, FileAttributes.Normal);
        Flip(cached, 100);
        var verifyAfter = await project.RunAsync("verify");

        Assert.That(statusAfter.OutputLines, Has.Some.Match(@"^stale\s+negative \(output\)$"), statusAfter.StandardOutput);
        Assert.That(verifyAfter.ExitCode, Is.EqualTo(1), verifyAfter.StandardOutput + verifyAfter.StandardError);
        Assert.That(verifyAfter.StandardError, Does.Contain("warning AF4001: Cache blob " + blob + " is corrupt"));
        Assert.That(verifyAfter.OutputLines, Has.Some.StartsWith("failed    negative").And.Some.Match(@"^identical\s+sizes$"));
    }

    private static void Flip(string path, int offset)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[offset] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
    }

    private static void AssertPixels(TestProject project, CliResult build, string export, IReadOnlyList<JsonElement> cases)
    {
        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError + build.StandardOutput);
        Assert.Multiple(() =>
        {
            foreach (var reference in cases)
            {
                var name = reference.GetProperty("name").GetString()!;
                var seeds = reference.GetProperty("seeds").EnumerateArray().Select(s => s.GetInt32()).ToArray();
                for (var i = 0; i < seeds.Length; i++)
                {
                    var output = seeds.Length == 1 ? name + ".png" : $"{name}_s{seeds[i]}.png";
                    var expected = reference.GetProperty("rgb")[i].EnumerateArray().Select(v => v.GetInt32()).ToArray();
                    var worst = MaxDifference(PngPixels.Read(project.OutputOf(output)).Rgb, expected);
                    TestContext.Out.WriteLine($"{export} {output}: max |assetforge - diffusers| = {worst}/255");
                    Assert.That(worst, Is.LessThanOrEqualTo(1), output);
                }
            }
        });
    }

    [Test]
    public async Task An_absent_negative_prompt_through_defaults_stays_absent_and_an_empty_default_is_encoded()
    {
        var cases = ReferenceCases().Where(c => c.GetProperty("name").GetString() is "absent_negative" or "empty_negative").ToList();
        foreach (var (defaults, reference) in new[] { ("", "absent_negative"), ("negative_prompt: \"\"", "empty_negative") })
        {
            using var project = SdxlProject("float-timestep", defaults);
            var spec = Specs(cases.Where(c => c.GetProperty("name").GetString() == "absent_negative"));
            project.Write("assets.yaml", spec);

            var build = await project.RunAsync("build");

            Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError + build.StandardOutput);
            var expected = cases.Single(c => c.GetProperty("name").GetString() == reference).GetProperty("rgb")[0].EnumerateArray().Select(v => v.GetInt32()).ToArray();
            var worst = MaxDifference(PngPixels.Read(project.OutputOf("absent_negative.png")).Rgb, expected);
            TestContext.Out.WriteLine($"defaults '{defaults}': max |assetforge - diffusers {reference}| = {worst}/255");
            Assert.That(worst, Is.LessThanOrEqualTo(1), reference);
        }
    }

    private static int MaxDifference(byte[] actual, int[] expected)
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length));
        var worst = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(actual[i] - expected[i]));
        }

        return worst;
    }

    private static TestProject SdxlProject(string export, string defaults = "", string? modelLoras = null)
    {
        var project = TestProject.Create();
        var model = modelLoras is null
            ? Path.Combine(ReferenceDirectory, export)
            : $"\n    path: {Path.Combine(ReferenceDirectory, export)}\n    loras: {modelLoras}";
        project.Write("assetforge.yaml", $"""
            output: out
            cache: .assetforge/cache
            models:
              sdxl: {model}
            defaults:
              model: sdxl
              scheduler: euler
              {defaults}
            """);
        project.Write("init.png", string.Empty);
        File.Copy(Path.Combine(ReferenceDirectory, "init.png"), project.PathOf("init.png"), overwrite: true);
        return project;
    }

    private static List<JsonElement> ReferenceCases(string file = "pipeline.json")
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(ReferenceDirectory, file)));
        return document.RootElement.EnumerateObject().Select(p => p.Value.Clone()).ToList();
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    /// <summary>A copy of a safetensors file without the tensors <paramref name="drop"/> selects (the format: an 8-byte header length, a JSON header of offsets, the data).</summary>
    private static void WithoutTensors(string from, string to, Func<string, bool> drop)
    {
        var bytes = File.ReadAllBytes(from);
        var length = (int)BitConverter.ToUInt64(bytes, 0);
        using var header = JsonDocument.Parse(bytes.AsMemory(8, length));
        var kept = new Dictionary<string, object>();
        using var data = new MemoryStream();
        foreach (var tensor in header.RootElement.EnumerateObject().Where(t => t.Name != "__metadata__" && !drop(t.Name)))
        {
            var offsets = tensor.Value.GetProperty("data_offsets");
            var (start, end) = (offsets[0].GetInt64(), offsets[1].GetInt64());
            var position = data.Position;
            data.Write(bytes, (int)(8 + length + start), (int)(end - start));
            kept[tensor.Name] = new { dtype = tensor.Value.GetProperty("dtype").GetString(), shape = tensor.Value.GetProperty("shape"), data_offsets = new[] { position, data.Position } };
        }

        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(kept));
        var padded = json.Length + ((8 - (json.Length % 8)) % 8);
        using var output = File.Create(to);
        output.Write(BitConverter.GetBytes((ulong)padded));
        output.Write(json);
        output.Write(Enumerable.Repeat((byte)' ', padded - json.Length).ToArray());
        data.Position = 0;
        data.CopyTo(output);
    }

    private static List<JsonElement> CheckpointReference(string group)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(ReferenceDirectory, "checkpoint.json")));
        return document.RootElement.GetProperty(group).EnumerateObject().Select(p => p.Value.Clone()).ToList();
    }

    /// <summary>Each case as a spec: diffusers' (height, width) tuples become WIDTHxHEIGHT, its crop stays [top, left].</summary>
    private static string Specs(IEnumerable<JsonElement> cases)
    {
        var text = new StringBuilder();
        foreach (var c in cases)
        {
            var name = c.GetProperty("name").GetString();
            var seeds = c.GetProperty("seeds").EnumerateArray().Select(s => s.GetInt32()).ToArray();
            text.Append(CultureInfo.InvariantCulture, $"""
                - id: {name}
                  output: {name}.png
                  prompt: "{c.GetProperty("prompt").GetString()}"
                  cfg: {c.GetProperty("guidance_scale").GetDouble().ToString(CultureInfo.InvariantCulture)}
                  steps: {c.GetProperty("steps").GetInt32()}
                  seed: {seeds[0]}
                  width: {c.GetProperty("width").GetInt32()}
                  height: {c.GetProperty("height").GetInt32()}

                """);
            if (c.TryGetProperty("scheduler", out var scheduler))
            {
                text.Append(CultureInfo.InvariantCulture, $"  scheduler: {scheduler.GetString()}\n");
            }

            if (c.TryGetProperty("scheduler_options", out var options))
            {
                text.Append(CultureInfo.InvariantCulture, $"  scheduler_options: {options.GetRawText()}\n");
            }

            foreach (var field in new[] { "prompt_2", "negative_prompt", "negative_prompt_2" })
            {
                if (c.TryGetProperty(field, out var value))
                {
                    text.Append(CultureInfo.InvariantCulture, $"  {field}: \"{value.GetString()}\"\n");
                }
            }

            if (seeds.Length > 1)
            {
                text.Append(CultureInfo.InvariantCulture, $"  variants: {{ seeds: [{string.Join(", ", seeds)}] }}\n");
            }

            foreach (var (field, spec) in new[] { ("original_size", "original_size"), ("target_size", "target_size") })
            {
                if (c.TryGetProperty(field, out var size))
                {
                    text.Append(CultureInfo.InvariantCulture, $"  {spec}: {size[1].GetInt32()}x{size[0].GetInt32()}\n");
                }
            }

            if (c.TryGetProperty("crops_coords_top_left", out var crop))
            {
                text.Append(CultureInfo.InvariantCulture, $"  crop_top_left: [{crop[0].GetInt32()}, {crop[1].GetInt32()}]\n");
            }

            if (c.TryGetProperty("init_image", out var init))
            {
                text.Append(CultureInfo.InvariantCulture, $"  init_image: {init.GetString()}\n  strength: {c.GetProperty("strength").GetDouble().ToString(CultureInfo.InvariantCulture)}\n");
            }
        }

        return text.ToString();
    }
}
