namespace AssetForge.Schedulers.Schedules;

using AssetForge.Abstractions.Plugins;

/// <summary>
/// Which part of a full schedule an image runs: all of it for text-to-image; for img2img with
/// strength <c>s</c>, the last <c>floor(steps·s)</c> steps, as diffusers' img2img pipelines choose.
/// </summary>
internal static class InferenceWindow
{
    /// <summary>The first step of the full schedule that is run.</summary>
    /// <exception cref="PluginException">The strength leaves no step to run.</exception>
    public static int FirstStep(int inferenceSteps, double strength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inferenceSteps, 1);
        if (!(strength > 0 && strength <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(strength), strength, "Strength must be in (0, 1].");
        }

        var initSteps = Math.Min((int)(inferenceSteps * strength), inferenceSteps);
        if (initSteps < 1)
        {
            throw new PluginException(
                DiagnosticCode.UnschedulableSteps,
                $"strength {strength} with {inferenceSteps} steps leaves no denoising step; raise steps or strength.");
        }

        return inferenceSteps - initSteps;
    }

    /// <summary>Refuses more inference steps than the model has training timesteps.</summary>
    /// <param name="scheduler">The scheduler's name as the message shows it.</param>
    /// <exception cref="PluginException">There are more inference steps than training timesteps.</exception>
    public static void ThrowIfMoreThanTrained(string scheduler, int inferenceSteps, int numTrainTimesteps)
    {
        if (inferenceSteps > numTrainTimesteps)
        {
            throw new PluginException(
                DiagnosticCode.UnschedulableSteps,
                $"{scheduler} cannot run {inferenceSteps} steps: the model was trained with {numTrainTimesteps} timesteps.");
        }
    }
}
