namespace AssetForge.Cli.CommandLine;

using System.CommandLine;
using AssetForge.Cli.Hosting;
using AssetForge.Cli.Output;
using AssetForge.Cli.Verbs;
using AssetForge.Core.Caching.Maintenance;

/// <summary><c>assetforge cache ls | verify | gc</c>.</summary>
internal static class CacheCommand
{
    public static Command Create(Func<ParseResult, OutputOptions> output, Func<OutputOptions, CliConsole> console, Func<Argument<string>> projectArgument)
    {
        var command = new Command("cache", "Inspect and maintain the local cache: ls, verify, gc.");

        var listProject = projectArgument();
        var list = new Command("ls", "List cached actions, most recently used first.") { listProject };
        list.SetAction((parse, cancellationToken) => Run(parse, output, console, (verb, token) => verb.ListAsync(parse.GetValue(listProject)!, token), cancellationToken));

        var verifyProject = projectArgument();
        var verify = new Command("verify", "Hash every blob and check every record; exit 1 when something is corrupt.") { verifyProject };
        verify.SetAction((parse, cancellationToken) => Run(parse, output, console, (verb, token) => verb.VerifyAsync(parse.GetValue(verifyProject)!, token), cancellationToken));

        var gcProject = projectArgument();
        var maxSize = new Option<string>("--max-size")
        {
            Description = "The size to shrink the cache to, e.g. 500MB, 20G (powers of 1024). Least recently used entries go first.",
            Required = true,
        };
        maxSize.Validators.Add(result =>
        {
            if (!ByteSize.TryParse(result.GetValueOrDefault<string>(), out _))
            {
                result.AddError($"--max-size '{result.GetValueOrDefault<string>()}' is not a size; write e.g. 500MB or 20G.");
            }
        });
        var keepCurrent = new Option<bool>("--keep-current")
        {
            Description = "Never remove an entry the project's current specs need, even if the cache stays over size.",
        };
        var gc = new Command("gc", "Remove least recently used entries until the cache fits --max-size.") { gcProject, maxSize, keepCurrent };
        gc.SetAction((parse, cancellationToken) =>
        {
            ByteSize.TryParse(parse.GetValue(maxSize), out var bytes);
            return Run(parse, output, console, (verb, token) => verb.CollectAsync(parse.GetValue(gcProject)!, bytes, parse.GetValue(keepCurrent), token), cancellationToken);
        });

        command.Subcommands.Add(list);
        command.Subcommands.Add(verify);
        command.Subcommands.Add(gc);
        return command;
    }

    private static Task<int> Run(ParseResult parse, Func<ParseResult, OutputOptions> output, Func<OutputOptions, CliConsole> console, Func<CacheVerb, CancellationToken, Task<int>> run, CancellationToken cancellationToken)
    {
        var options = output(parse);
        return CliHost.RunAsync(options, console(options), run, cancellationToken);
    }
}
