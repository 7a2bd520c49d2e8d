namespace AssetForge.Schedulers.KDpm2;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;
using AssetForge.Schedulers.Schedules;

/// <summary>
/// <c>kdpm2_ancestral</c>: diffusers' <c>KDPM2AncestralDiscreteScheduler</c> ("DPM2 a"). Its noise
/// comes from the image's generator (one draw per step but the last), so it is as reproducible as
/// the deterministic schedulers.
/// </summary>
public sealed class KDpm2AncestralDiscreteSchedulerFactory : SchedulerFactory
{
    private static readonly SchedulerDescriptor Descriptor = new(
        "kdpm2_ancestral", "1.0.0", ["DPM2 a", "k_dpm_2_a", "dpm_2_ancestral", "dpm2_a", "KDPM2AncestralDiscreteScheduler"], [.. KDpm2Schedule.Options]);

    public KDpm2AncestralDiscreteSchedulerFactory()
        : base(Descriptor)
    {
    }

    private protected override IScheduler Create(SchedulerConfig resolved, int inferenceSteps, int firstStep)
    {
        var schedule = KDpm2Schedule.Build(resolved, inferenceSteps);
        var sigmas = schedule.Sigmas;
        var n = sigmas.Length - 1;

        // Each step lands on sigma_down and adds sigma_up of noise (k-diffusion's get_ancestral_step,
        // in float32 as diffusers computes it); its second evaluation is at the geometric midpoint
        // of sigma_j and sigma_down_j, and the last step is a plain Euler step to 0.
        var up = new float[n];
        var down = new float[n];
        var midpoints = new float[n];
        for (var j = 0; j < n; j++)
        {
            var next = sigmas[j + 1];
            var s2 = sigmas[j] * sigmas[j];
            var next2 = next * next;
            up[j] = MathF.Sqrt(next2 * (s2 - next2) / s2);
            down[j] = MathF.Sqrt(next2 - (up[j] * up[j]));
            midpoints[j] = j < n - 1 ? KDpm2Schedule.LogMidpoint(sigmas[j], down[j]) : 0f;
        }

        return new KDpm2DiscreteScheduler(
            KDpm2DiscreteSchedulerFactory.Interleave(schedule, midpoints, firstStep),
            2 * firstStep,
            sigmas,
            midpoints,
            up,
            down,
            schedule.InitNoiseSigma,
            new OptionReader(resolved).GetString("prediction_type") == "v_prediction");
    }
}
