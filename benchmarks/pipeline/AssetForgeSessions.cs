namespace AssetForge.Pipeline.Benchmarks;

using System.Diagnostics;
using AssetForge.Abstractions.Models;
using AssetForge.Abstractions.Scheduling;
using AssetForge.Core.Randomness;
using AssetForge.Onnx;
using AssetForge.Schedulers.Euler;

/// <summary>AssetForge's model backend opening the model and generating the same job (Euler, cfg 7.5, PNG included).</summary>
internal sealed class AssetForgeSessions(string model, string provider)
{
    public async Task<TimeSpan> RunAsync(int size, int steps, int batch, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var session = new OnnxModelBackend().Open(new ModelSessionOptions(model, provider));
        var factory = new EulerDiscreteSchedulerFactory();
        var config = factory.Resolve(SchedulerConfig.Parse(File.ReadAllText(Path.Combine(model, "scheduler", "scheduler_config.json"))), SchedulerConfig.Empty);
        var jobs = new ImageJob[batch];
        for (var i = 0; i < batch; i++)
        {
            jobs[i] = new ImageJob("a red potion, game icon", "blurry", size, size, 7.5, factory.Create(config, steps), NoiseSources.Create("torch", (ulong)(42 + i)));
        }

        await session.GenerateAsync(jobs, null, cancellationToken).ConfigureAwait(false);
        return clock.Elapsed;
    }
}
