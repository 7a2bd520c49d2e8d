namespace AssetForge.Onnx.Tests.Pipeline;

using AssetForge.Abstractions.Models;
using AssetForge.Abstractions.Scheduling;
using AssetForge.Core.Randomness;
using AssetForge.Onnx.Tests.Support;
using AssetForge.Schedulers.Ddim;
using AssetForge.Schedulers.Euler;

/// <summary>The pipeline with the real schedulers (configured from the model's scheduler_config.json) and the torch RNG.</summary>
public sealed class RealSchedulerTests
{
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

    [TestCase("euler")]
    [TestCase("euler_ancestral")]
    [TestCase("ddim")]
    public async Task Generating_twice_with_a_real_scheduler_and_torch_noise_gives_identical_pngs(string scheduler)
    {
        var first = await GenerateAsync(Job(scheduler, 20, 128));
        var second = await GenerateAsync(Job(scheduler, 20, 128));
        Assert.That(second.Png, Is.EqualTo(first.Png));
    }

    [TestCase("euler_ancestral", 1.0)]
    [TestCase("ddim", 0.1)] // DDIM and Euler solve the same ODE, so their images are close but not equal
    public async Task Changing_the_scheduler_changes_the_image(string other, double minimumDifference)
    {
        var euler = GenerationTests.Pixels((await GenerateAsync(Job("euler", 20, 64))).Png);
        var changed = GenerationTests.Pixels((await GenerateAsync(Job(other, 20, 64))).Png);
        Assert.That(GenerationTests.MeanAbsoluteDifference(euler, changed), Is.GreaterThan(minimumDifference));
    }

    private ImageJob Job(string scheduler, int steps, int size)
    {
        ISchedulerFactory factory = scheduler switch
        {
            "euler" => new EulerDiscreteSchedulerFactory(),
            "euler_ancestral" => new EulerAncestralDiscreteSchedulerFactory(),
            _ => new DdimSchedulerFactory(),
        };
        var resolved = factory.Resolve(_modelConfig, SchedulerConfig.Empty);
        return new ImageJob("red potion icon", "blurry", size, size, 7.5, factory.Create(resolved, steps), NoiseSources.Create("torch", 909090));
    }

    private async Task<GeneratedImage> GenerateAsync(ImageJob job) =>
        (await _session.GenerateAsync([job], null, CancellationToken.None))[0];
}
