namespace AssetForge.Cli.Output;

using Spectre.Console;

/// <summary>
/// Where a verb writes: plain text to <see cref="Out"/> and diagnostics to <see cref="Error"/>,
/// and, on an interactive terminal only, Spectre.Console's live progress and tables.
/// </summary>
public sealed class CliConsole
{
    private readonly Lazy<IAnsiConsole> _ansi;

    /// <summary>Creates a console over the given writers.</summary>
    /// <param name="output">Standard output: progress, results, the summary line.</param>
    /// <param name="error">Standard error: diagnostics and logs.</param>
    /// <param name="interactive">Whether <paramref name="output"/> is an interactive terminal.</param>
    public CliConsole(TextWriter output, TextWriter error, bool interactive)
    {
        Out = output;
        Error = error;
        Interactive = interactive;
        _ansi = new Lazy<IAnsiConsole>(
            () => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) }),
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Standard output.</summary>
    public TextWriter Out { get; }

    /// <summary>Standard error.</summary>
    public TextWriter Error { get; }

    /// <summary>Whether live progress and tables may be drawn.</summary>
    public bool Interactive { get; }

    /// <summary>The Spectre console over <see cref="Out"/>; created on first use, so plain runs never pay for it.</summary>
    public IAnsiConsole Ansi => _ansi.Value;

    /// <summary>
    /// Whether the process's stdout is a terminal a person watches. Redirected output and CI
    /// (Spectre recognises the usual CI variables) get plain text.
    /// </summary>
    public static bool IsStandardOutputInteractive() =>
        !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
}
