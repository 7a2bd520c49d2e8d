namespace AssetForge.Benchmarks.Scheduling;

using AssetForge.Abstractions.Randomness;
using AssetForge.Abstractions.Scheduling;
using AssetForge.Core.Randomness;
using AssetForge.Schedulers.Euler;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

/// <summary>
/// The cost of one model evaluation's worth of scheduler work (ScaleModelInput on a copy of the
/// sample, then Step) for each built-in scheduler on a 1×4×64×64 latent (a 512×512 image), with
/// the pipeline's reused buffers. The model output is a fixed tensor, so only the scheduler is
/// measured; stochastic schedulers include their torch-RNG draw. Schedulers hold per-image state,
/// so each iteration gets a fresh one for a 30-step schedule, whose first evaluation (which
/// allocates the reused buffers) runs in the setup; the iteration then measures evaluations
/// 1..29, and MemoryDiagnoser shows that they allocate nothing.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 15, invocationCount: Steps - 1)]
public class SchedulerStepBenchmarks
{
    private const int Length = 4 * 64 * 64;
    private const int Steps = 30;

    private readonly float[] _initial = new float[Length];
    private readonly float[] _sample = new float[Length];
    private readonly float[] _modelInput = new float[Length];
    private readonly float[] _modelOutput = new float[Length];
    private ISchedulerFactory _factory = null!;
    private SchedulerConfig _resolved = null!;
    private IScheduler _scheduler = null!;
    private INoiseSource _noise = null!;
    private int _index;

    /// <summary>Every built-in scheduler id.</summary>
    public static IEnumerable<string> Ids() =>
        Factories().Select(f => f.Id).Order(StringComparer.Ordinal);

    [ParamsSource(nameof(Ids))]
    public string Scheduler { get; set; } = "euler";

    [GlobalSetup]
    public void Setup()
    {
        _factory = Factories().Single(f => f.Id == Scheduler);
        var sd15 = SchedulerConfig.Parse("""
            {"beta_end": 0.012, "beta_schedule": "scaled_linear", "beta_start": 0.00085, "clip_sample": false,
             "set_alpha_to_one": false, "skip_prk_steps": true, "steps_offset": 1, "timestep_spacing": "leading"}
            """);
        _resolved = _factory.Resolve(sd15, SchedulerConfig.Empty);
        _scheduler = _factory.Create(_resolved, Steps);
        _noise = NoiseSources.Create("torch", 1234);
        _noise.NextStandardNormal(_initial);
        for (var i = 0; i < Length; i++)
        {
            _initial[i] *= _scheduler.InitNoiseSigma;
            _modelOutput[i] = 0.1f * MathF.Sin(i);
        }
    }

    [IterationSetup]
    public void FreshScheduler()
    {
        _scheduler = _factory.Create(_resolved, Steps);
        _initial.CopyTo(_sample, 0);
        _index = 0;
        Step();
    }

    [Benchmark]
    public void Step()
    {
        _sample.CopyTo(_modelInput, 0);
        _scheduler.ScaleModelInput(_modelInput, _index);
        _scheduler.Step(_modelOutput, _index, _sample, _noise);
        _index++;
    }

    private static IEnumerable<ISchedulerFactory> Factories() =>
        typeof(EulerDiscreteSchedulerFactory).Assembly.GetTypes()
            .Where(t => t is { IsPublic: true, IsAbstract: false } && typeof(ISchedulerFactory).IsAssignableFrom(t))
            .Select(t => (ISchedulerFactory)Activator.CreateInstance(t)!);
}
