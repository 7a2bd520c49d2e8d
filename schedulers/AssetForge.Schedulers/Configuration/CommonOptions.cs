namespace AssetForge.Schedulers.Configuration;

using AssetForge.Abstractions.Scheduling;

/// <summary>
/// The options several schedulers share, with diffusers' names and defaults. Each factory lists
/// the ones its diffusers counterpart reads; defaults that differ per scheduler are given there.
/// </summary>
internal static class CommonOptions
{
    public static OptionSpec NumTrainTimesteps { get; } = new(
        Option("num_train_timesteps", SchedulerOptionKind.Integer, "1000", "Number of diffusion steps the model was trained with."),
        Minimum: 2);

    public static OptionSpec BetaStart { get; } = new(
        Option("beta_start", SchedulerOptionKind.Number, "0.0001", "First beta of the training noise schedule."),
        Minimum: 0, Maximum: 1);

    public static OptionSpec BetaEnd { get; } = new(
        Option("beta_end", SchedulerOptionKind.Number, "0.02", "Last beta of the training noise schedule."),
        Minimum: 0, Maximum: 1);

    public static OptionSpec BetaSchedule { get; } = new(
        Option("beta_schedule", SchedulerOptionKind.String, "\"linear\"", "How betas go from beta_start to beta_end.",
            "linear", "scaled_linear", "squaredcos_cap_v2"));

    public static OptionSpec TrainedBetas { get; } = new(
        Option("trained_betas", SchedulerOptionKind.NumberList, "null", "Explicit betas, one per training step; replaces beta_start/beta_end/beta_schedule."),
        Minimum: 0, Maximum: 1, Nullable: true);

    public static OptionSpec PredictionType { get; } = new(
        Option("prediction_type", SchedulerOptionKind.String, "\"epsilon\"", "What the model predicts.",
            "epsilon", "v_prediction", "sample"));

    public static OptionSpec StepsOffset { get; } = new(
        Option("steps_offset", SchedulerOptionKind.Integer, "0", "Added to every timestep with leading spacing (SD 1.x uses 1)."),
        Minimum: 0);

    public static OptionSpec RescaleBetasZeroSnr { get; } = new(
        Option("rescale_betas_zero_snr", SchedulerOptionKind.Boolean, "false", "Rescale betas to zero terminal SNR (for models trained that way)."));

    public static OptionSpec UseKarrasSigmas { get; } = new(
        Option("use_karras_sigmas", SchedulerOptionKind.Boolean, "false",
            "Use Karras et al.'s noise levels instead of the training sigmas at the spaced timesteps."));

    /// <summary>Dynamic thresholding (Imagen) and its two parameters, as diffusers names them.</summary>
    public static IReadOnlyList<OptionSpec> Thresholding { get; } =
    [
        new(Option("thresholding", SchedulerOptionKind.Boolean, "false",
            "Imagen's dynamic thresholding of the predicted clean sample (pixel-space models).")),
        new(Option("dynamic_thresholding_ratio", SchedulerOptionKind.Number, "0.995",
            "Quantile of |x0| used as the threshold."), Minimum: 0, Maximum: 1),
        new(Option("sample_max_value", SchedulerOptionKind.Number, "1.0",
            "Largest threshold for dynamic thresholding."), Minimum: 1),
    ];

    public static OptionSpec TimestepSpacing(string defaultValue) => new(
        Option("timestep_spacing", SchedulerOptionKind.String, $"\"{defaultValue}\"", "How inference timesteps are spread over the training steps.",
            "leading", "trailing", "linspace"));

    /// <summary>Creates a public option description.</summary>
    public static SchedulerOption Option(string name, SchedulerOptionKind kind, string defaultValue, string description, params string[] allowed) =>
        new(name, kind, defaultValue, description, allowed);
}
