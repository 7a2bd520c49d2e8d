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

    /// <summary>The diagnostic code, e.g. <c>AF3001</c> (one of <see cref="Diagnostics.DiagnosticCode"/>'s).</summary>
    public string Code { get; }

    /// <summary>
    /// The spec field at fault (e.g. <c>init_image</c>, <c>tiling</c>, <c>steps</c>), when the plugin
    /// knows it better than the code says; the host reports the error at that field's line. Null
    /// leaves the choice to the host, which picks the field from the code (contract 1.3).
    /// </summary>
    public string? Field { get; init; }
}
