namespace AssetForge.Schedulers.KDpm2;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;
using AssetForge.Schedulers.Schedules;

/// <summary>
/// <c>kdpm2</c>: diffusers' <c>KDPM2DiscreteScheduler</c> ("DPM2" in A1111 and ComfyUI). It
/// evaluates the model twice per step, so <c>steps: 25</c> means 49 model evaluations, as in diffusers.
/// </summary>
public sealed class KDpm2DiscreteSchedulerFactory : SchedulerFactory
{
    private static readonly SchedulerDescriptor Descriptor = new(
        "kdpm2", "1.0.0", ["DPM2", "k_dpm_2", "dpm_2", "KDPM2DiscreteScheduler"], [.. KDpm2Schedule.Options]);

    public KDpm2DiscreteSchedulerFactory()
        : base(Descriptor)
    {
    }

    private protected override IScheduler Create(SchedulerConfig resolved, int inferenceSteps, int firstStep)
    {
        var schedule = KDpm2Schedule.Build(resolved, inferenceSteps);
        var sigmas = schedule.Sigmas;
        var n = sigmas.Length - 1;

        // The second evaluation of step j is at the geometric midpoint of sigma_j and sigma_{j+1}.
        var midpoints = new float[n];
        for (var j = 0; j < n; j++)
        {
            midpoints[j] = KDpm2Schedule.LogMidpoint(sigmas[j + 1], sigmas[j]);
        }

        return new KDpm2DiscreteScheduler(
            Interleave(schedule, midpoints, firstStep),
            2 * firstStep,
            sigmas,
            midpoints,
            sigmasUp: null,
            sigmasDown: null,
            schedule.InitNoiseSigma,
            new OptionReader(resolved).GetString("prediction_type") == "v_prediction");
    }

    /// <summary>
    /// Timesteps as diffusers lists them, t0, m0, t1, m1, ..., t_{n-1} (m_j the midpoint's timestep),
    /// from evaluation 2·<paramref name="firstStep"/> on.
    /// </summary>
    internal static float[] Interleave(KDpm2Schedule schedule, float[] midpoints, int firstStep)
    {
        var n = schedule.Timesteps.Length;
        var all = new float[(2 * n) - 1];
        for (var j = 0; j < n; j++)
        {
            all[2 * j] = schedule.Timesteps[j];
            if (j < n - 1)
            {
                all[(2 * j) + 1] = schedule.TimestepOf(midpoints[j]);
            }
        }

        return all[(2 * firstStep)..];
    }
}
