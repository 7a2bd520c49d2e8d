namespace AssetForge.Schedulers.Schedules;

using AssetForge.Abstractions.Plugins;
using AssetForge.Abstractions.Scheduling;

/// <summary>
/// The timesteps of diffusers' consistency-distilled schedulers (LCM, TCD): the distillation
/// timesteps k-1, 2k-1, ..., original·k-1 (k = training steps / original steps), descending,
/// sampled evenly (<c>floor(linspace(0, original, steps, endpoint=False))</c>).
/// </summary>
internal static class DistillationTimesteps
{
    /// <param name="scheduler">The scheduler's id, for messages.</param>
    /// <param name="train">num_train_timesteps.</param>
    /// <param name="original">original_inference_steps.</param>
    /// <param name="inferenceSteps">The full schedule's steps.</param>
    /// <param name="firstStep">The first step run (img2img).</param>
    /// <returns>The timesteps from <paramref name="firstStep"/> on.</returns>
    public static float[] Compute(string scheduler, int train, int original, int inferenceSteps, int firstStep)
    {
        if (original > train)
        {
            throw new SchedulerConfigException(
                "original_inference_steps",
                $"{scheduler}'s original_inference_steps ({original}) may not exceed num_train_timesteps ({train}).");
        }

        if (inferenceSteps > original)
        {
            throw new PluginException(
                DiagnosticCode.UnschedulableSteps,
                $"{scheduler} cannot run {inferenceSteps} steps: the model was distilled with original_inference_steps {original}.");
        }

        var k = train / original;
        var timesteps = new float[inferenceSteps - firstStep];
        var step = (double)original / inferenceSteps;
        for (var i = firstStep; i < inferenceSteps; i++)
        {
            var index = (int)Math.Floor(i * step);
            timesteps[i - firstStep] = ((original - index) * k) - 1;
        }

        return timesteps;
    }
}
