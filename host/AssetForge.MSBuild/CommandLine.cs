namespace AssetForge.MSBuild;

using System.Text;

/// <summary>
/// Joins arguments into one command line that the .NET runtime splits back into the same
/// arguments: the CommandLineToArgvW rules, which .NET applies to <see cref="System.Diagnostics.ProcessStartInfo.Arguments"/>
/// on Unix too. Needed because netstandard2.0 has no <c>ProcessStartInfo.ArgumentList</c>.
/// </summary>
internal static class CommandLine
{
    /// <summary>The arguments, quoted where needed, separated by spaces.</summary>
    public static string Join(IEnumerable<string> arguments)
    {
        var line = new StringBuilder();
        foreach (var argument in arguments)
        {
            if (line.Length > 0)
            {
                line.Append(' ');
            }

            Append(line, argument);
        }

        return line.ToString();
    }

    private static void Append(StringBuilder line, string argument)
    {
        if (argument.Length > 0 && argument.IndexOfAny([' ', '\t', '\n', '\v', '"']) < 0)
        {
            line.Append(argument);
            return;
        }

        line.Append('"');
        var backslashes = 0;
        foreach (var c in argument)
        {
            if (c == '\\')
            {
                backslashes++;
                continue;
            }

            // Backslashes are literal unless a quote follows: then each is doubled, and the quote escaped.
            line.Append('\\', c == '"' ? (backslashes * 2) + 1 : backslashes);
            backslashes = 0;
            line.Append(c);
        }

        // Before the closing quote, backslashes are doubled so it stays a closing quote.
        line.Append('\\', backslashes * 2);
        line.Append('"');
    }
}
