namespace AssetForge.Onnx.Tests.Pipeline;

using System.Text.Json;
using AssetForge.Abstractions.Models;
using AssetForge.Onnx.Pipeline;
using AssetForge.Onnx.Tests.Support;
using AssetForge.Onnx.Tests.Text;
using AssetForge.Onnx.Text;
using Microsoft.ML.OnnxRuntime;

/// <summary>
/// The pooled embeddings and time ids AssetForge gives SDXL's UNet against those diffusers'
/// StableDiffusionXLPipeline gave it (tests/reference/sdxl/pipeline.json: add_text_embeds and
/// add_time_ids, negative rows first).
/// </summary>
public sealed class SdxlConditioningTests : IDisposable
{
    private static readonly string Reference = Path.Combine(ClipTokenizerFolder.RepoRoot, "tests", "reference", "sdxl");
    private readonly SessionOptions _options = new();
    private readonly RunOptions _runOptions = new();
    private readonly OnnxSubModel _textEncoder;
    private readonly SdxlPromptEncoder _encoder;
    private readonly JsonDocument _cases;

    public SdxlConditioningTests()
    {
        var folder = ModelFolder.Load(Path.Combine(Reference, "int64-timestep"));
        _textEncoder = OnnxSubModel.Load(folder.TextEncoderPath, "text_encoder", _options);
        _encoder = SdxlPromptEncoder.Open(folder, _textEncoder, ClipTokenizer.FromDirectory(folder.TokenizerDirectory).Encode, ClipTokenizer.FromDirectory(folder.Tokenizer2Directory).Encode, 77, _options, _runOptions);
        _cases = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Reference, "pipeline.json")));
    }

    [TestCase("negative")]
    [TestCase("absent_negative")]
    [TestCase("empty_negative")]
    [TestCase("prompt_2")]
    public void The_pooled_embeddings_of_both_rows_are_diffusers_add_text_embeds(string name)
    {
        var reference = _cases.RootElement.GetProperty(name);
        var expected = reference.GetProperty("add_text_embeds").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        var job = JobOf(reference);
        var cache = new Dictionary<(string, string), SdxlConditioning>();

        var pooled = _encoder.Encode(job, unconditional: true, cache).Pooled.Concat(_encoder.Encode(job, unconditional: false, cache).Pooled).ToArray();

        Assert.That(pooled, Is.EqualTo(expected).Within(1e-5f));
    }

    [TestCase("negative")]
    [TestCase("sizes")]
    public void The_time_ids_are_diffusers_add_time_ids(string name)
    {
        var reference = _cases.RootElement.GetProperty(name);
        var expected = reference.GetProperty("add_time_ids").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        var ids = new float[SdxlTimeIds.Count];

        SdxlTimeIds.Write(JobOf(reference), ids);

        Assert.That(ids.Concat(ids), Is.EqualTo(expected), "the negative row's ids equal the positive row's");
    }

    public void Dispose()
    {
        _encoder.Dispose();
        _textEncoder.Dispose();
        _runOptions.Dispose();
        _options.Dispose();
        _cases.Dispose();
    }

    private static ImageJob JobOf(JsonElement reference)
    {
        string? Text(string field) => reference.TryGetProperty(field, out var value) ? value.GetString() : null;
        PixelSize? Size(string field) => reference.TryGetProperty(field, out var value) ? new PixelSize(value[1].GetInt32(), value[0].GetInt32()) : null;
        var negative = Text("negative_prompt");
        return new ImageJob(Text("prompt")!, negative ?? string.Empty, reference.GetProperty("width").GetInt32(), reference.GetProperty("height").GetInt32(), reference.GetProperty("guidance_scale").GetDouble(), new TestEulerScheduler(1), new TestNoiseSource(1))
        {
            NegativePromptAbsent = negative is null,
            Prompt2 = Text("prompt_2"),
            NegativePrompt2 = Text("negative_prompt_2"),
            OriginalSize = Size("original_size"),
            TargetSize = Size("target_size"),
            CropTopLeft = reference.TryGetProperty("crops_coords_top_left", out var crop) ? new CropOffset(crop[0].GetInt32(), crop[1].GetInt32()) : null,
        };
    }
}
