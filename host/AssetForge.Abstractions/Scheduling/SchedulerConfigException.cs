namespace AssetForge.Abstractions.Scheduling;

using AssetForge.Abstractions.Diagnostics;
using AssetForge.Abstractions.Plugins;

/// <summary>A scheduler option is unknown or has a bad value.</summary>
public sealed class SchedulerConfigException : PluginException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="optionName">The offending option, so the host can point at its line in the spec.</param>
    /// <param name="message">A message for the user.</param>
    public SchedulerConfigException(string optionName, string message)
        : base(DiagnosticCode.InvalidSchedulerConfig, message)
    {
        OptionName = optionName;
    }

    /// <summary>The offending option name.</summary>
    public string OptionName { get; }
}
