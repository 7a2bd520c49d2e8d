namespace AssetForge.Schedulers.Edm;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;
using AssetForge.Schedulers.DpmSolverSde;
using AssetForge.Schedulers.Schedules;

/// <summary>
/// The noise levels of diffusers' EDM schedulers (Karras et al. 2022): sigmas from
/// <c>sigma_max</c> down to <c>sigma_min</c>, Karras-spaced (in float64, then rounded) or
/// log-linear (torch's float32 linspace and exp), the model's timesteps
/// <c>c_noise = log(sigma) / 4</c>, then the final sigma.
/// </summary>
/// <param name="Timesteps">The full schedule's timesteps.</param>
/// <param name="Sigmas">One sigma per timestep, then the final sigma.</param>
internal sealed record EdmSchedule(float[] Timesteps, float[] Sigmas)
{
    public static IReadOnlyList<OptionSpec> Options { get; } =
    [
        new(CommonOptions.Option("sigma_min", SchedulerOptionKind.Number, "0.002", "The smallest noise level."), Minimum: 0),
        new(CommonOptions.Option("sigma_max", SchedulerOptionKind.Number, "80.0", "The largest noise level."), Minimum: 0),
        new(CommonOptions.Option("sigma_data", SchedulerOptionKind.Number, "0.5", "The standard deviation of the training data (EDM preconditioning)."), Minimum: 0),
        new(CommonOptions.Option("sigma_schedule", SchedulerOptionKind.String, "\"karras\"", "How the noise levels are spaced.", "karras", "exponential")),
        new(CommonOptions.Option("rho", SchedulerOptionKind.Number, "7.0", "The Karras schedule's exponent."), Minimum: 0),
        new(CommonOptions.Option("final_sigmas_type", SchedulerOptionKind.String, "\"zero\"",
            "The sigma after the last step.", "zero", "sigma_min")),
    ];

    /// <param name="options">The resolved options.</param>
    /// <param name="inferenceSteps">The number of inference steps.</param>
    /// <param name="dpmSolverRules">
    /// EDMDPMSolverMultistepScheduler's variant of the same code: its Karras ramp and formula are
    /// float32 (EDMEulerScheduler's float64), and <c>final_sigmas_type: sigma_min</c> appends the
    /// configured <c>sigma_min</c> rather than repeating the last sigma.
    /// </param>
    public static EdmSchedule Build(OptionReader options, int inferenceSteps, bool dpmSolverRules = false)
    {
        var sigmaMin = options.GetDouble("sigma_min");
        var sigmaMax = options.GetDouble("sigma_max");
        var sigmas = new float[inferenceSteps + 1];
        if (options.GetString("sigma_schedule") == "karras")
        {
            var rho = options.GetDouble("rho");
            var minInvRho = Math.Pow(sigmaMin, 1 / rho);
            var maxInvRho = Math.Pow(sigmaMax, 1 / rho);
            if (dpmSolverRules)
            {
                // Python floats meet a float32 tensor: each becomes a float32 scalar. torch's float32
                // pow is SLEEF's powf here, within an ulp of the double result rounded.
                var ramp = TrainingSchedule.TorchLinspace(0, 1, inferenceSteps);
                var span = (float)(minInvRho - maxInvRho);
                for (var i = 0; i < inferenceSteps; i++)
                {
                    sigmas[i] = (float)Math.Pow((float)maxInvRho + (ramp[i] * span), (float)rho);
                }
            }
            else
            {
                var ramp = NumpyRanges.Linspace(0, 1, inferenceSteps);
                for (var i = 0; i < inferenceSteps; i++)
                {
                    sigmas[i] = (float)Math.Pow(maxInvRho + (ramp[i] * (minInvRho - maxInvRho)), rho);
                }
            }
        }
        else
        {
            // torch.linspace(log min, log max, n) in float32, exp, flipped.
            var logs = TrainingSchedule.TorchLinspace(Math.Log(sigmaMin), Math.Log(sigmaMax), inferenceSteps);
            for (var i = 0; i < inferenceSteps; i++)
            {
                sigmas[i] = TorchFloat32Math.Exp(logs[inferenceSteps - 1 - i]);
            }
        }

        sigmas[^1] = options.GetString("final_sigmas_type") != "sigma_min" ? 0f
            : dpmSolverRules ? (float)sigmaMin
            : sigmas[^2];
        var timesteps = new float[inferenceSteps];
        for (var i = 0; i < inferenceSteps; i++)
        {
            timesteps[i] = 0.25f * TorchFloat32Math.Log(sigmas[i]);
        }

        return new EdmSchedule(timesteps, sigmas);
    }
}
