namespace AssetForge.Schedulers.Edm;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;

/// <summary>
/// <c>edm_dpmpp_2m</c>: diffusers' <c>EDMDPMSolverMultistepScheduler</c> (<c>algorithm_type:
/// dpmsolver++</c>; <c>solver_order</c> 2 by default, 1 to 3 allowed) for models trained with
/// EDM's preconditioning; see <see cref="EdmEulerSchedulerFactory"/>.
/// </summary>
public sealed class EdmDpmSolverMultistepSchedulerFactory : SchedulerFactory
{
    private static readonly OptionSpec[] OptionSpecs =
    [
        .. EdmEulerSchedulerFactory.OptionSpecs,
        new(CommonOptions.Option("solver_order", SchedulerOptionKind.Integer, "2",
            "How many past predictions each step uses (2 for guided sampling, 3 for unconditional)."), Minimum: 1, Maximum: 3),
        new(CommonOptions.Option("solver_type", SchedulerOptionKind.String, "\"midpoint\"",
            "How the second-order term is formed.", "midpoint", "heun")),
        new(CommonOptions.Option("lower_order_final", SchedulerOptionKind.Boolean, "true",
            "Use lower-order steps at the end of schedules shorter than 15 steps.")),
        new(CommonOptions.Option("euler_at_final", SchedulerOptionKind.Boolean, "false",
            "Make the last step first order whatever the schedule length.")),
    ];

    private static readonly SchedulerDescriptor Descriptor = new(
        "edm_dpmpp_2m", "1.0.0", ["EDM DPM++ 2M", "EDMDPMSolverMultistepScheduler"], OptionSpecs);

    public EdmDpmSolverMultistepSchedulerFactory()
        : base(Descriptor)
    {
    }

    private protected override IScheduler Create(SchedulerConfig resolved, int inferenceSteps, int firstStep)
    {
        var options = new OptionReader(resolved);
        var schedule = EdmSchedule.Build(options, inferenceSteps, dpmSolverRules: true);
        var sigmaMax = options.GetDouble("sigma_max");
        var settings = new EdmDpmSolverSettings(
            options.GetInt32("solver_order"),
            options.GetString("solver_type") == "heun",
            options.GetBoolean("lower_order_final"),
            options.GetBoolean("euler_at_final"),
            options.GetString("final_sigmas_type") == "zero",
            EdmEulerSchedulerFactory.Preconditioning(options));
        return new EdmDpmSolverMultistepScheduler(
            schedule.Timesteps[firstStep..], schedule.Sigmas, firstStep, (float)Math.Sqrt((sigmaMax * sigmaMax) + 1), settings);
    }
}
