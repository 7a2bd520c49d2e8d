namespace AssetForge.Onnx.Tests.Checkpoints;

using System.Text.Json;
using AssetForge.Abstractions.Models;
using AssetForge.Abstractions.Randomness;
using AssetForge.Abstractions.Scheduling;
using AssetForge.Core.Randomness;
using AssetForge.Onnx.Checkpoints;
using AssetForge.Onnx.Tests.Graph.Builders;
using AssetForge.Onnx.Tests.Support;
using AssetForge.Schedulers.Ddim;
using AssetForge.Schedulers.Euler;

/// <summary>
/// The latents after every scheduler step, for each text-to-image case of
/// tests/reference/checkpoints/pipeline.json (Euler and DDIM, with and without guidance, with a
/// negative prompt), against those diffusers' pipeline loop had at the same point: the SD 1.x and
/// SD 2.x diffusers folders and the SD 1.x and SD 2.x single files, each compiled by AssetForge.
/// The session is observed through the scheduler it is given, as BatchIndependenceTests observes
/// the noise through the noise source.
/// </summary>
[Category("Slow")]
public sealed class CheckpointStepLatentsTests
{
    // Of the step's largest latent. Measured: at most 6.8e-7 over every step of every case (5.96e-6
    // absolute; float32 round-off through the text encoder and UNet, compounded over the steps), so
    // 15 times that; the smallest change any one step makes in these references is 5.2e-4 of the
    // largest latent (DDIM's last step), 50 times the tolerance, so a step done wrong or skipped fails.
    private const float RelativeTolerance = 1e-5f;

    private static readonly string[] Checkpoints = ["sd1", "sd2", "ldm", "ldm2"];

    [TestCaseSource(nameof(Checkpoints))]
    public async Task Every_steps_latents_match_diffusers_for_every_pipeline_case(string checkpoint)
    {
        var folder = TestFolders.NewFolder();
        var source = checkpoint.StartsWith("ldm", StringComparison.Ordinal) ? Path.Combine(DiffusersComponentReferenceTests.CaseFolder(checkpoint), "model.safetensors") : DiffusersComponentReferenceTests.CaseFolder(checkpoint);
        if (checkpoint.StartsWith("ldm", StringComparison.Ordinal))
        {
            SingleFileCompiler.Compile(source, [], ModelPrecision.Fp32, folder, CancellationToken.None);
        }
        else
        {
            DiffusersFolderCompiler.Compile(source, [], ModelPrecision.Fp32, folder, CancellationToken.None);
        }

        var modelConfig = SchedulerConfig.Parse(File.ReadAllText(Path.Combine(folder, "scheduler", "scheduler_config.json")));
        using var session = new OnnxModelBackend().Open(new ModelSessionOptions(folder, "cpu"));
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(DiffusersComponentReferenceTests.CaseFolder(checkpoint), "..", "pipeline.json")));

        var cases = document.RootElement.GetProperty(checkpoint).EnumerateArray().ToList();
        Assert.That(cases, Has.Count.EqualTo(4));
        foreach (var reference in cases)
        {
            var name = reference.GetProperty("name").GetString()!;
            ISchedulerFactory factory = reference.GetProperty("scheduler").GetString() == "ddim" ? new DdimSchedulerFactory() : new EulerDiscreteSchedulerFactory();
            var scheduler = new RecordingScheduler(factory.Create(factory.Resolve(modelConfig, SchedulerConfig.Empty), reference.GetProperty("steps").GetInt32()));
            var size = reference.GetProperty("width").GetInt32();
            var job = new ImageJob(
                reference.GetProperty("prompt").GetString()!, reference.GetProperty("negative_prompt").GetString()!, size, size,
                reference.GetProperty("cfg").GetDouble(), scheduler, NoiseSources.Create("torch", (ulong)reference.GetProperty("seed").GetInt32()));

            await session.GenerateAsync([job], null, CancellationToken.None);

            var expected = reference.GetProperty("latents").EnumerateArray().Select(step => step.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToList();
            Assert.That(scheduler.Latents, Has.Count.EqualTo(expected.Count), name);
            for (var step = 0; step < expected.Count; step++)
            {
                var (worst, scale) = Difference(scheduler.Latents[step], expected[step]);
                TestContext.Out.WriteLine($"{checkpoint} {name} step {step}: max |assetforge - diffusers| = {worst:E2}, {worst / scale:E2} of max |latent| {scale:F3}");
                Assert.That(worst, Is.LessThanOrEqualTo(RelativeTolerance * scale), $"{name} step {step}");
            }
        }
    }

    private static (float Worst, float Scale) Difference(float[] actual, float[] expected)
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length));
        var worst = 0f;
        var scale = 0f;
        for (var i = 0; i < actual.Length; i++)
        {
            worst = MathF.Max(worst, MathF.Abs(actual[i] - expected[i]));
            scale = MathF.Max(scale, MathF.Abs(expected[i]));
        }

        return (worst, scale);
    }

    /// <summary>Passes every call through and keeps a copy of the sample after each step.</summary>
    private sealed class RecordingScheduler(IScheduler inner) : IScheduler
    {
        public List<float[]> Latents { get; } = [];

        public ReadOnlySpan<float> Timesteps => inner.Timesteps;

        public float InitNoiseSigma => inner.InitNoiseSigma;

        public void ScaleModelInput(Span<float> sample, int stepIndex) => inner.ScaleModelInput(sample, stepIndex);

        public void Step(ReadOnlySpan<float> modelOutput, int stepIndex, Span<float> sample, INoiseSource noise)
        {
            inner.Step(modelOutput, stepIndex, sample, noise);
            Latents.Add(sample.ToArray());
        }

        public void AddNoise(Span<float> sample, ReadOnlySpan<float> noise, int stepIndex) => inner.AddNoise(sample, noise, stepIndex);
    }
}
