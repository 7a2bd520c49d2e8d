namespace AssetForge.Core.Tests.Specs;

using AssetForge.Abstractions.Models;
using AssetForge.Core.Specs;

/// <summary>SDXL's spec fields, and a negative prompt that is absent kept apart from an empty one, also through defaults.</summary>
public sealed class SdxlSpecTests
{
    [TestCase("prompt: red\nseed: 1\n", "", true)]
    [TestCase("prompt: red\nseed: 1\nnegative_prompt: \"\"\n", "", false)]
    [TestCase("prompt: red\nseed: 1\nnegative_prompt:\n", "", false)]
    [TestCase("prompt: red\nseed: 1\nnegative_prompt: blurry\n", "blurry", false)]
    public void A_negative_prompt_is_absent_only_when_not_written(string spec, string negative, bool absent)
    {
        using var project = new TempProject();
        project.Write("potion.yaml", spec);

        var asset = project.LoadAll().Assets.Single();

        Assert.That((asset.NegativePrompt, asset.NegativePromptAbsent), Is.EqualTo((negative, absent)));
    }

    [TestCase("negative_prompt: \"\"", "", false)]
    [TestCase("negative_prompt: blurry", "blurry", false)]
    [TestCase("steps: 3", "", true)]
    public void A_default_negative_prompt_counts_as_written_even_when_empty(string defaults, string negative, bool absent)
    {
        using var project = new TempProject();
        project.Write(ProjectConfigLoader.FileName, $"defaults:\n  {defaults}\n");
        project.Write("potion.yaml", "prompt: red\nseed: 1\n");

        var asset = project.LoadAll().Assets.Single();

        Assert.That((asset.NegativePrompt, asset.NegativePromptAbsent), Is.EqualTo((negative, absent)));
    }

    [Test]
    public void Sdxl_fields_read_as_written_with_sizes_width_first_and_the_crop_top_first()
    {
        using var project = new TempProject();
        project.Write("potion.yaml", "prompt: red\nseed: 1\nprompt_2: gold coin\nnegative_prompt_2: dark\noriginal_size: 1024x768\ncrop_top_left: [16, 32]\ntarget_size: 896x1152\n");

        var asset = project.LoadAll().Assets.Single();

        Assert.That(asset.Prompt2, Is.EqualTo("gold coin"));
        Assert.That(asset.NegativePrompt2, Is.EqualTo("dark"));
        Assert.That(asset.OriginalSize, Is.EqualTo(new PixelSize(1024, 768)));
        Assert.That(asset.CropTopLeft, Is.EqualTo(new CropOffset(16, 32)));
        Assert.That(asset.TargetSize, Is.EqualTo(new PixelSize(896, 1152)));
    }

    [Test]
    public void Sdxl_fields_left_out_are_null_for_the_pipeline_defaults()
    {
        using var project = new TempProject();
        project.Write("potion.yaml", "prompt: red\nseed: 1\n");

        var asset = project.LoadAll().Assets.Single();

        Assert.That(new object?[] { asset.Prompt2, asset.NegativePrompt2, asset.OriginalSize, asset.CropTopLeft, asset.TargetSize }, Is.All.Null);
    }

    [Test]
    public void Size_conditioning_defaults_apply_until_a_spec_writes_its_own()
    {
        using var project = new TempProject();
        project.Write(ProjectConfigLoader.FileName, "defaults:\n  original_size: 2048x2048\n  crop_top_left: [0, 8]\n  negative_prompt_2: ugly\n");
        project.Write("a.yaml", "prompt: red\nseed: 1\n");
        project.Write("b.yaml", "prompt: red\nseed: 1\noriginal_size: 512x512\n");

        var assets = project.LoadAll().Assets.OrderBy(a => a.Id, StringComparer.Ordinal).ToList();

        Assert.That(assets.Select(a => a.OriginalSize), Is.EqualTo(new PixelSize?[] { new(2048, 2048), new(512, 512) }));
        Assert.That(assets.Select(a => a.CropTopLeft), Is.All.EqualTo(new CropOffset(0, 8)));
        Assert.That(assets.Select(a => a.NegativePrompt2), Is.All.EqualTo("ugly"));
    }
}
