namespace AssetForge.Abstractions.PostProcessing;

using AssetForge.Abstractions.Plugins;

/// <summary>A post step's parameter is unknown, missing or invalid (error AF1130).</summary>
public sealed class PostStepParameterException : PluginException
{
    /// <summary>The error code the host reports (<see cref="AssetForge.Abstractions.Diagnostics.DiagnosticCode.InvalidPostStepParameter"/>; a constant since contract 1.0).</summary>
    public const string ErrorCode = "AF1130";

    /// <summary>Creates the exception.</summary>
    /// <param name="parameterName">The parameter at fault (empty when it is about the step as a whole).</param>
    /// <param name="message">What is wrong and what would be right.</param>
    public PostStepParameterException(string parameterName, string message)
        : base(ErrorCode, message) => ParameterName = parameterName;

    /// <summary>The parameter at fault, or empty.</summary>
    public string ParameterName { get; }
}
