namespace AssetForge.Schedulers.Tests.DpmSolverSde;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.DpmSolverSde;

public sealed class DpmSolverSdeSchedulerTests
{
    [Test]
    public void The_karras_name_implies_karras_sigmas()
    {
        var factory = new DpmSolverSdeKarrasSchedulerFactory();

        var resolved = factory.Resolve(SchedulerConfig.Empty, SchedulerConfig.Empty);

        Assert.That(resolved.Values["use_karras_sigmas"].GetBoolean(), Is.True);
        Assert.That(factory.Aliases, Does.Contain("DPM++ SDE Karras"));
    }

    [Test]
    public void Each_step_evaluates_the_model_twice_but_the_last()
    {
        var factory = new DpmSolverSdeSchedulerFactory();

        var scheduler = factory.Create(factory.Resolve(SchedulerConfig.Empty, SchedulerConfig.Empty), 25);

        Assert.That(scheduler.Timesteps.Length, Is.EqualTo(49));
    }

    [Test]
    public void The_same_entropy_draw_gives_the_same_sample()
    {
        Assert.That(Denoise(0.25f), Is.EqualTo(Denoise(0.25f)));
        Assert.That(Denoise(0.25f), Is.Not.EqualTo(Denoise(0.5f)));
    }

    private static float[] Denoise(float entropyDraw)
    {
        var factory = new DpmSolverSdeSchedulerFactory();
        var scheduler = factory.Create(factory.Resolve(SchedulerConfig.Empty, SchedulerConfig.Empty), 4);
        var sample = Enumerable.Range(0, 32).Select(i => MathF.Sin(i) * scheduler.InitNoiseSigma).ToArray();
        var output = new float[sample.Length];
        var noise = new ConstantNoiseSource(entropyDraw);
        for (var step = 0; step < scheduler.Timesteps.Length; step++)
        {
            for (var i = 0; i < output.Length; i++)
            {
                output[i] = 0.1f * sample[i];
            }

            scheduler.Step(output, step, sample, noise);
        }

        return sample;
    }

    private sealed class ConstantNoiseSource(float value) : AssetForge.Abstractions.Randomness.INoiseSource
    {
        public void NextStandardNormal(Span<float> destination) => destination.Fill(value);
    }
}
