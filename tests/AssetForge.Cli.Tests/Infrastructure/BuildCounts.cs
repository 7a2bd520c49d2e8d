namespace AssetForge.Cli.Tests.Infrastructure;

using System.Globalization;
using System.Text.RegularExpressions;

/// <summary>The counts of a build's summary line: <c>N generated, N from cache, N up to date, N failed in X.XXs</c>.</summary>
public sealed partial record BuildCounts(int Generated, int FromCache, int UpToDate, int Failed)
{
    /// <summary>Parses the last summary line of <paramref name="output"/>.</summary>
    public static BuildCounts Parse(string output)
    {
        var matches = SummaryLine().Matches(output);
        Assert.That(matches, Is.Not.Empty, $"no summary line in:\n{output}");
        var last = matches[^1];
        return new BuildCounts(Number(last, 1), Number(last, 2), Number(last, 3), Number(last, 4));
    }

    private static int Number(Match match, int group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(\d+) generated, (\d+) from cache, (\d+) up to date, (\d+) failed in \d+\.\d\ds", RegexOptions.Multiline)]
    private static partial Regex SummaryLine();
}
