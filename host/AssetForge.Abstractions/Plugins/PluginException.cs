namespace AssetForge.Abstractions.Plugins;

/// <summary>
/// A failure a plugin reports with a message meant for the user (bad option, missing model file,
/// unavailable execution provider). The host prints the message without a stack trace.
/// </summary>
public class PluginException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">A diagnostic code such as <c>AF3001</c>.</param>
    /// <param name="message">A message for the user.</param>
    /// <param name="innerException">The cause, if any.</param>
    public PluginException(string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
    }

    /// <summary>The diagnostic code, e.g. <c>AF3001</c>.</summary>
    public string Code { get; }
}
