namespace AssetForge.Onnx.Tests.Pipeline;

using AssetForge.Abstractions.Models;
using AssetForge.Abstractions.Plugins;
using AssetForge.Onnx.Builtin;
using AssetForge.Onnx.Tests.Support;
using SkiaSharp;

public sealed class GenerationTests
{
    private IModelSession _session = null!;

    [OneTimeSetUp]
    public void OpenTinyModel() =>
        _session = new OnnxModelBackend().Open(new ModelSessionOptions(TinyModelFixture.Directory, "cpu"));

    [OneTimeTearDown]
    public void CloseTinyModel() => _session.Dispose();

    [Test]
    public void The_session_describes_the_tiny_model()
    {
        Assert.That(_session.Info, Is.EqualTo(new ModelSessionInfo("cpu", DynamicBatch: true, "float32", LatentChannels: 4, VaeScaleFactor: 8) { SupportsTiling = true }));
    }

    [Test]
    public async Task Generating_twice_gives_byte_identical_pngs()
    {
        var first = await GenerateAsync(TinyModelFixture.Job());
        var second = await GenerateAsync(TinyModelFixture.Job());
        Assert.That(second.Png, Is.EqualTo(first.Png));
    }

    [Test]
    public async Task The_image_is_a_png_of_the_requested_size()
    {
        var image = await GenerateAsync(TinyModelFixture.Job(size: 128) with { Width = 128, Height = 64 });
        using var bitmap = SKBitmap.Decode(image.Png);
        Assert.That((image.Width, image.Height, bitmap.Width, bitmap.Height), Is.EqualTo((128, 64, 128, 64)));
    }

    [Test]
    public async Task The_image_is_not_flat()
    {
        var pixels = Pixels((await GenerateAsync(TinyModelFixture.Job())).Png);
        Assert.That(pixels.Distinct().Count(), Is.GreaterThan(256));
    }

    [TestCase("prompt")]
    [TestCase("negative prompt")]
    [TestCase("seed")]
    [TestCase("steps")]
    [TestCase("cfg")]
    public async Task Changing_an_input_changes_the_image(string input)
    {
        var baseline = TinyModelFixture.Job(prompt: "red potion icon", negativePrompt: "blurry", seed: 42, steps: 8, cfg: 7.5);
        var changed = input switch
        {
            "prompt" => TinyModelFixture.Job(prompt: "blue sword icon", negativePrompt: "blurry", seed: 42, steps: 8, cfg: 7.5),
            "negative prompt" => TinyModelFixture.Job(prompt: "red potion icon", negativePrompt: "dark", seed: 42, steps: 8, cfg: 7.5),
            "seed" => TinyModelFixture.Job(prompt: "red potion icon", negativePrompt: "blurry", seed: 43, steps: 8, cfg: 7.5),
            "steps" => TinyModelFixture.Job(prompt: "red potion icon", negativePrompt: "blurry", seed: 42, steps: 9, cfg: 7.5),
            _ => TinyModelFixture.Job(prompt: "red potion icon", negativePrompt: "blurry", seed: 42, steps: 8, cfg: 5),
        };

        var a = Pixels((await GenerateAsync(baseline)).Png);
        var b = Pixels((await GenerateAsync(changed)).Png);

        Assert.That(MeanAbsoluteDifference(a, b), Is.GreaterThan(1.0), "mean absolute difference per channel, 0-255");
    }

    [Test]
    public async Task Guidance_of_one_ignores_the_negative_prompt()
    {
        var a = await GenerateAsync(TinyModelFixture.Job(negativePrompt: "blurry", cfg: 1));
        var b = await GenerateAsync(TinyModelFixture.Job(negativePrompt: "dark", cfg: 1));
        Assert.That(b.Png, Is.EqualTo(a.Png));
    }

    [Test]
    public async Task An_image_is_the_same_alone_or_in_a_batch()
    {
        var alone = await GenerateAsync(TinyModelFixture.Job(prompt: "green forest", seed: 7));
        var batch = await _session.GenerateAsync(
            [TinyModelFixture.Job(prompt: "gold coin", seed: 6), TinyModelFixture.Job(prompt: "green forest", seed: 7), TinyModelFixture.Job(prompt: "fire", seed: 8)],
            null,
            CancellationToken.None);
        Assert.That(batch[1].Png, Is.EqualTo(alone.Png));
    }

    [Test]
    public async Task A_fixed_batch_unet_gives_the_same_pixels_as_the_dynamic_one()
    {
        var folder = TinyModelFixture.CopyTo("fixed-batch");
        TinyModelWriter.WriteUnet(Path.Combine(folder, "unet"), new TinyUnetVariant(FixedBatch: 1));
        using var fixedSession = new OnnxModelBackend().Open(new ModelSessionOptions(folder, "cpu"));
        Job[] jobs = [new("gold coin", 6), new("green forest", 7)];

        var dynamicImages = await _session.GenerateAsync([.. jobs.Select(j => TinyModelFixture.Job(prompt: j.Prompt, seed: j.Seed))], null, CancellationToken.None);
        var fixedImages = await fixedSession.GenerateAsync([.. jobs.Select(j => TinyModelFixture.Job(prompt: j.Prompt, seed: j.Seed))], null, CancellationToken.None);

        Assert.That(fixedSession.Info.DynamicBatch, Is.False);
        Assert.That(Pixels(fixedImages[0].Png), Is.EqualTo(Pixels(dynamicImages[0].Png)));
        Assert.That(Pixels(fixedImages[1].Png), Is.EqualTo(Pixels(dynamicImages[1].Png)));
    }

    [Test]
    public async Task A_float16_unet_runs_and_gives_nearly_the_same_image()
    {
        var folder = TinyModelFixture.CopyTo("float16");
        TinyModelWriter.WriteUnet(Path.Combine(folder, "unet"), new TinyUnetVariant(Float16: true));
        using var halfSession = new OnnxModelBackend().Open(new ModelSessionOptions(folder, "cpu"));

        var half = await halfSession.GenerateAsync([TinyModelFixture.Job()], null, CancellationToken.None);
        var full = await GenerateAsync(TinyModelFixture.Job());

        Assert.That(halfSession.Info.Precision, Is.EqualTo("float16"));
        Assert.That(MeanAbsoluteDifference(Pixels(half[0].Png), Pixels(full.Png)), Is.LessThan(4.0));
    }

    [Test]
    public async Task An_int64_timestep_unet_is_fed_truncated_timesteps()
    {
        var folder = TinyModelFixture.CopyTo("int64-timestep");
        TinyModelWriter.WriteUnet(Path.Combine(folder, "unet"), new TinyUnetVariant(Int64Timestep: true));
        using var intSession = new OnnxModelBackend().Open(new ModelSessionOptions(folder, "cpu"));

        // With one step the only timestep is 999, an integer, so the float model must agree exactly.
        var integer = await intSession.GenerateAsync([TinyModelFixture.Job(steps: 1)], null, CancellationToken.None);
        var full = await GenerateAsync(TinyModelFixture.Job(steps: 1));

        Assert.That(Pixels(integer[0].Png), Is.EqualTo(Pixels(full.Png)));
    }

    [Test]
    public async Task Progress_is_reported_after_every_step()
    {
        var reports = new List<GenerationProgress>();
        await _session.GenerateAsync([TinyModelFixture.Job(steps: 5)], new SynchronousProgress(reports.Add), CancellationToken.None);
        Assert.That(reports.Select(r => r.Step), Is.EqualTo(new[] { 1, 2, 3, 4, 5 }));
        Assert.That(reports.All(r => r is { JobIndex: 0, JobCount: 1, TotalSteps: 5 }), Is.True);
    }

    [Test]
    public void Cancelling_stops_between_steps()
    {
        using var cancellation = new CancellationTokenSource();
        var progress = new SynchronousProgress(r =>
        {
            if (r.Step == 2)
            {
                cancellation.Cancel();
            }
        });
        Assert.That(async () => await _session.GenerateAsync([TinyModelFixture.Job(steps: 20)], progress, cancellation.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void A_size_that_is_not_a_multiple_of_eight_is_refused()
    {
        var exception = Assert.ThrowsAsync<PluginException>(async () => await GenerateAsync(TinyModelFixture.Job() with { Width = 60 }));
        Assert.That(exception!.Code, Is.EqualTo("AF3005"));
    }

    [Test]
    public async Task An_image_has_one_unet_time_per_step_and_its_own_vae_and_png_times()
    {
        var timings = (await GenerateAsync(TinyModelFixture.Job(steps: 6))).Timings!;
        Assert.That(timings.UnetSteps, Has.Count.EqualTo(6).And.All.GreaterThan(TimeSpan.Zero));
        Assert.That((timings.TextEncoder > TimeSpan.Zero, timings.VaeDecode > TimeSpan.Zero, timings.PngEncode > TimeSpan.Zero, timings.SharedBy), Is.EqualTo((true, true, true, 1)));
    }

    [Test]
    public async Task Images_generated_together_say_they_shared_the_unet_calls()
    {
        var images = await _session.GenerateAsync([TinyModelFixture.Job(seed: 1), TinyModelFixture.Job(seed: 2)], null, CancellationToken.None);
        Assert.That(images.Select(i => i.Timings!.SharedBy), Is.EqualTo(new[] { 2, 2 }));
    }

    [TestCase("dml", "DirectML")]
    [TestCase("cuda", "CUDA")]
    [TestCase("tpu", "not an execution provider name")]
    public void An_unavailable_execution_provider_is_refused_with_a_clear_message(string provider, string explanation)
    {
        var exception = Assert.Throws<PluginException>(() => new OnnxModelBackend().Open(new ModelSessionOptions(TinyModelFixture.Directory, provider)));
        Assert.That(exception!.Code, Is.EqualTo("AF3001"));
        Assert.That(exception.Message, Does.Contain(explanation).And.Contain("Available here: cpu"));
    }

    [Test]
    public void The_cpu_provider_is_available_and_auto_picks_it_here()
    {
        var backend = new OnnxModelBackend();
        using var session = backend.Open(new ModelSessionOptions(TinyModelFixture.Directory, "auto"));
        Assert.That(backend.AvailableExecutionProviders, Does.Contain("cpu"));
        Assert.That(session.Info.ExecutionProvider, Is.EqualTo(backend.AvailableExecutionProviders[0]));
    }

    [Test]
    public void A_folder_without_a_unet_is_refused()
    {
        var folder = TinyModelFixture.CopyTo("no-unet");
        File.Delete(Path.Combine(folder, "unet", "model.onnx"));
        var exception = Assert.Throws<PluginException>(() => new OnnxModelBackend().Open(new ModelSessionOptions(folder, "cpu")));
        Assert.That(exception!.Code, Is.EqualTo("AF3009"));
        Assert.That(exception.Message, Does.Contain("unet"));
    }

    private async Task<GeneratedImage> GenerateAsync(ImageJob job) =>
        (await _session.GenerateAsync([job], null, CancellationToken.None))[0];

    internal static uint[] Pixels(byte[] png)
    {
        using var bitmap = SKBitmap.Decode(png);
        return [.. bitmap.Pixels.Select(p => (uint)p)];
    }

    internal static double MeanAbsoluteDifference(uint[] a, uint[] b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            for (var shift = 0; shift < 24; shift += 8)
            {
                sum += Math.Abs((int)((a[i] >> shift) & 0xFF) - (int)((b[i] >> shift) & 0xFF));
            }
        }

        return sum / (a.Length * 3);
    }

    private sealed record Job(string Prompt, ulong Seed);

    private sealed class SynchronousProgress(Action<GenerationProgress> report) : IProgress<GenerationProgress>
    {
        public void Report(GenerationProgress value) => report(value);
    }
}
