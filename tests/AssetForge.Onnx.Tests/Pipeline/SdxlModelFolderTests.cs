namespace AssetForge.Onnx.Tests.Pipeline;

using AssetForge.Abstractions.Diagnostics;
using AssetForge.Abstractions.Plugins;
using AssetForge.Onnx.Pipeline;
using AssetForge.Onnx.Tests.Support;
using AssetForge.Onnx.Tests.Text;

/// <summary>How an SDXL export folder (tests/reference/sdxl) is recognised and checked.</summary>
public sealed class SdxlModelFolderTests
{
    private static readonly string Export = Path.Combine(ClipTokenizerFolder.RepoRoot, "tests", "reference", "sdxl", "float-timestep");

    [Test]
    public void A_folder_with_text_encoder_2_is_an_sdxl_export_that_forces_zeros_as_its_model_index_says()
    {
        var folder = ModelFolder.Load(Export);

        Assert.That(folder.HasSecondTextEncoder, Is.True);
        Assert.That(folder.ForceZerosForEmptyPrompt, Is.True);
        Assert.That(folder.ScalingFactor, Is.EqualTo(0.13025f));
    }

    [Test]
    public void Force_zeros_false_in_model_index_is_read()
    {
        var copy = CopyOfExport();
        var index = Path.Combine(copy, "model_index.json");
        File.WriteAllText(index, File.ReadAllText(index).Replace("\"force_zeros_for_empty_prompt\": true", "\"force_zeros_for_empty_prompt\": false", StringComparison.Ordinal));

        Assert.That(ModelFolder.Load(copy).ForceZerosForEmptyPrompt, Is.False);
    }

    [Test]
    public void An_sdxl_export_without_tokenizer_2_is_refused_naming_the_missing_files()
    {
        var copy = CopyOfExport();
        Directory.Delete(Path.Combine(copy, "tokenizer_2"), recursive: true);

        var error = Assert.Throws<PluginException>(() => ModelFolder.Load(copy))!;

        Assert.That(error.Code, Is.EqualTo(DiagnosticCode.InvalidModelFolder.Id));
        Assert.That(error.Message, Does.Contain(Path.Combine("tokenizer_2", "vocab.json")).And.Contain(Path.Combine("tokenizer_2", "merges.txt")));
    }

    private static string CopyOfExport()
    {
        var copy = TestFolders.NewFolder();
        foreach (var file in Directory.GetFiles(Export, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(Export, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return copy;
    }
}
