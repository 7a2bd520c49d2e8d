namespace AssetForge.Onnx.Tests.Pipeline;

using AssetForge.Abstractions.Models;
using AssetForge.Abstractions.Randomness;
using AssetForge.Abstractions.Scheduling;
using AssetForge.Core.Randomness;
using AssetForge.Onnx.Tests.Support;
using AssetForge.Schedulers.DpmSolver;
using AssetForge.Schedulers.Euler;
using AssetForge.Schedulers.KDpm2;

/// <summary>
/// One generator per image: an image's initial latents and every step's noise, and so its PNG,
/// are the same whether it is generated alone or as one element of a batch (the session batches
/// consecutive jobs of the same size and guidance into one UNet call).
/// </summary>
public sealed class BatchIndependenceTests
{
    private const ulong Seed = 424242;

    private IModelSession _session = null!;
    private SchedulerConfig _modelConfig = null!;

    [OneTimeSetUp]
    public void OpenTinyModel()
    {
        _session = new OnnxModelBackend().Open(new ModelSessionOptions(TinyModelFixture.Directory, "cpu"));
        _modelConfig = SchedulerConfig.Parse(File.ReadAllText(Path.Combine(TinyModelFixture.Directory, "scheduler", "scheduler_config.json")));
    }

    [OneTimeTearDown]
    public void CloseTinyModel() => _session.Dispose();

    [TestCase("euler_ancestral")]
    [TestCase("kdpm2_ancestral")]
    [TestCase("dpmpp_2m_sde")]
    public async Task An_image_is_the_same_alone_and_in_the_middle_of_a_batch(string scheduler)
    {
        var (aloneJob, aloneNoise) = Job(scheduler, Seed, "red potion icon");
        var alone = (await _session.GenerateAsync([aloneJob], null, CancellationToken.None))[0];

        var (batchedJob, batchedNoise) = Job(scheduler, Seed, "red potion icon");
        var batch = await _session.GenerateAsync(
            [Job(scheduler, 1, "blue mana potion").Job, batchedJob, Job(scheduler, 2, "green slime").Job], null, CancellationToken.None);

        Assert.That(batchedNoise.Draws, Has.Count.EqualTo(aloneNoise.Draws.Count).And.Count.GreaterThan(1), "the latents and each step's noise");
        for (var i = 0; i < aloneNoise.Draws.Count; i++)
        {
            Assert.That(batchedNoise.Draws[i], Is.EqualTo(aloneNoise.Draws[i]), $"draw {i}");
        }

        Assert.That(batch[1].Png, Is.EqualTo(alone.Png));
    }

    private (ImageJob Job, RecordingNoiseSource Noise) Job(string scheduler, ulong seed, string prompt)
    {
        ISchedulerFactory factory = scheduler switch
        {
            "euler_ancestral" => new EulerAncestralDiscreteSchedulerFactory(),
            "kdpm2_ancestral" => new KDpm2AncestralDiscreteSchedulerFactory(),
            _ => new DpmSolverMultistepSdeSchedulerFactory(),
        };
        var noise = new RecordingNoiseSource(NoiseSources.Create("torch", seed));
        var resolved = factory.Resolve(_modelConfig, SchedulerConfig.Empty);
        return (new ImageJob(prompt, "blurry", 64, 64, 7.5, factory.Create(resolved, 6), noise), noise);
    }

    /// <summary>Passes draws through and keeps a copy of each.</summary>
    private sealed class RecordingNoiseSource(INoiseSource inner) : INoiseSource
    {
        public List<float[]> Draws { get; } = [];

        public void NextStandardNormal(Span<float> destination)
        {
            inner.NextStandardNormal(destination);
            Draws.Add(destination.ToArray());
        }
    }
}
