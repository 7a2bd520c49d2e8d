namespace AssetForge.Schedulers.Edm;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;

/// <summary>
/// <c>edm_euler</c>: diffusers' <c>EDMEulerScheduler</c>, for models trained with EDM's
/// preconditioning (e.g. Playground v2.5); its timesteps are EDM's <c>c_noise</c>, not training
/// step numbers, so it does not suit ordinary Stable Diffusion checkpoints. No churn (diffusers'
/// default), so it draws no noise.
/// </summary>
public sealed class EdmEulerSchedulerFactory : SchedulerFactory
{
    internal static readonly OptionSpec[] OptionSpecs =
    [
        .. EdmSchedule.Options,
        new(CommonOptions.Option("prediction_type", SchedulerOptionKind.String, "\"epsilon\"", "What the model predicts.",
            "epsilon", "v_prediction")),
    ];

    private static readonly SchedulerDescriptor Descriptor = new(
        "edm_euler", "1.0.0", ["EDM Euler", "EDMEulerScheduler"], OptionSpecs);

    public EdmEulerSchedulerFactory()
        : base(Descriptor)
    {
    }

    private protected override IScheduler Create(SchedulerConfig resolved, int inferenceSteps, int firstStep)
    {
        var options = new OptionReader(resolved);
        var schedule = EdmSchedule.Build(options, inferenceSteps);
        var sigmaMax = options.GetDouble("sigma_max");
        return new EdmEulerScheduler(
            schedule.Timesteps[firstStep..],
            schedule.Sigmas,
            firstStep,
            (float)Math.Sqrt((sigmaMax * sigmaMax) + 1),
            Preconditioning(options));
    }

    internal static EdmPreconditioning Preconditioning(OptionReader options) =>
        EdmPreconditioning.From(options.GetDouble("sigma_data"), options.GetString("prediction_type") == "v_prediction");
}
