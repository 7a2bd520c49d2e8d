namespace AssetForge.Schedulers.Pndm;

using AssetForge.Abstractions.Plugins;
using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;
using AssetForge.Schedulers.Schedules;

/// <summary>
/// <c>pndm</c>: diffusers' <c>PNDMScheduler</c> (PLMS), the scheduler Stable Diffusion 1.x ships
/// with (<c>skip_prk_steps: true</c> in its scheduler_config.json). With <c>skip_prk_steps: false</c>
/// (diffusers' default) the first three steps are Runge-Kutta steps of four evaluations each, so
/// <c>steps: n</c> means n + 9 model evaluations; that needs at least 4 steps.
/// </summary>
public sealed class PndmSchedulerFactory : SchedulerFactory
{
    private const int PndmOrder = 4;

    private static readonly OptionSpec[] OptionSpecs =
    [
        .. BetaScheduleSettings.OptionsWith("0.0001", "0.02", rescaleBetasZeroSnr: false),
        new(CommonOptions.Option("skip_prk_steps", SchedulerOptionKind.Boolean, "false",
            "Start the multistep method with two plain evaluations instead of Runge-Kutta steps (Stable Diffusion's setting).")),
        new(CommonOptions.Option("set_alpha_to_one", SchedulerOptionKind.Boolean, "false",
            "Use alpha_bar = 1 after the last step (else the first training step's alpha_bar).")),
        new(CommonOptions.Option("prediction_type", SchedulerOptionKind.String, "\"epsilon\"", "What the model predicts.",
            "epsilon", "v_prediction")),
        CommonOptions.TimestepSpacing(TimestepSpacing.Leading),
        CommonOptions.StepsOffset,
    ];

    private static readonly SchedulerDescriptor Descriptor = new(
        "pndm", "1.0.0", ["PNDM", "PLMS", "plms", "PNDMScheduler"], OptionSpecs);

    public PndmSchedulerFactory()
        : base(Descriptor)
    {
    }

    private protected override IScheduler Create(SchedulerConfig resolved, int inferenceSteps, int firstStep)
    {
        var settings = BetaScheduleSettings.From(resolved);
        var options = new OptionReader(resolved);
        var train = settings.NumTrainTimesteps;
        InferenceWindow.ThrowIfMoreThanTrained("pndm", inferenceSteps, train);

        var skipPrk = options.GetBoolean("skip_prk_steps");
        if (!skipPrk && inferenceSteps < PndmOrder)
        {
            throw new PluginException(DiagnosticCode.UnschedulableSteps, $"pndm with Runge-Kutta start (skip_prk_steps: false) needs at least {PndmOrder} steps, not {inferenceSteps}.");
        }

        // Ascending, as diffusers builds them before reversing.
        var ascending = TimestepSpacing.Compute(options.GetString("timestep_spacing"), train, inferenceSteps, options.GetInt32("steps_offset"), roundLinspace: true);
        Array.Reverse(ascending);
        var n = ascending.Length;
        var ratio = train / inferenceSteps;

        int[] prk;
        var full = new List<float>();
        if (skipPrk)
        {
            prk = [];

            // diffusers lists [..., t_{n-2}, t_{n-1}] reversed: t_{n-1}, t_{n-2}, t_{n-2}, t_{n-3}, ...
            var list = new List<double>();
            list.AddRange(ascending[..^1]);
            if (n >= 2)
            {
                list.Add(ascending[n - 2]);
            }

            list.Add(ascending[n - 1]);
            list.Reverse();
            foreach (var t in list)
            {
                full.Add((float)t);
            }
        }
        else
        {
            // The last four spaced timesteps, each followed by its midpoint, each used twice.
            var half = ratio / 2;
            var pairs = new List<int>();
            for (var i = n - PndmOrder; i < n; i++)
            {
                pairs.Add((int)ascending[i]);
                pairs.Add((int)ascending[i] + half);
            }

            pairs.RemoveAt(pairs.Count - 1);
            var doubled = new List<int>();
            foreach (var t in pairs)
            {
                doubled.Add(t);
                doubled.Add(t);
            }

            prk = [.. doubled.GetRange(1, doubled.Count - 2)];
            Array.Reverse(prk);
            foreach (var t in prk)
            {
                full.Add(t);
            }

            for (var i = n - 4; i >= 0; i--)
            {
                full.Add((float)ascending[i]);
            }
        }

        var alphasCumprod = TrainingSchedule.AlphasCumprod(TrainingSchedule.Betas(settings));
        var finalAlphaCumprod = options.GetBoolean("set_alpha_to_one") ? 1f : alphasCumprod[0];
        return new PndmScheduler(
            [.. full.GetRange(firstStep, full.Count - firstStep)],
            prk,
            alphasCumprod,
            finalAlphaCumprod,
            ratio,
            skipPrk,
            options.GetString("prediction_type") == "v_prediction");
    }
}
