namespace AssetForge.Abstractions.Scheduling;

/// <summary>The kind of value a scheduler option takes.</summary>
public enum SchedulerOptionKind
{
    /// <summary>true or false.</summary>
    Boolean,

    /// <summary>A whole number.</summary>
    Integer,

    /// <summary>A real number.</summary>
    Number,

    /// <summary>A string, often from a fixed set.</summary>
    String,

    /// <summary>A list of real numbers (e.g. trained_betas).</summary>
    NumberList,
}
