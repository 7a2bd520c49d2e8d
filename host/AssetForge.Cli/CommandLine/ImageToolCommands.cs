namespace AssetForge.Cli.CommandLine;

using System.CommandLine;
using AssetForge.Cli.Hosting;
using AssetForge.Cli.Output;
using AssetForge.Cli.Verbs;

/// <summary>The verbs that compare and trace images: diff, verify, explain, report; and build's --max-batch.</summary>
internal static class ImageToolCommands
{
    public static Option<int> MaxBatchOption()
    {
        var maxBatch = new Option<int>("--max-batch")
        {
            Description = "At most this many images per model call when the model's batch dimension is dynamic (variants, sweep cells). 1 turns batching off; pixels are the same either way. Default: 4.",
            DefaultValueFactory = _ => 4,
        };
        maxBatch.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--max-batch must be at least 1.");
            }
        });
        return maxBatch;
    }

    public static Command CreateDiff(Func<ParseResult, OutputOptions> output, Func<OutputOptions, CliConsole> console)
    {
        var first = new Argument<string>("a") { Description = "The first image." };
        var second = new Argument<string>("b") { Description = "The second image (same size)." };
        var outPath = new Option<string?>("--out", "-o") { Description = "Write the absolute-difference image here (PNG)." };
        var command = new Command("diff", "Compare two images: max/mean absolute difference, PSNR, bounding box of changed pixels. Exit 0 identical, 1 different, 2 unreadable or different sizes.")
        {
            first, second, outPath,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var options = output(parse);
            return CliHost.RunAsync<DiffVerb>(options, console(options), (verb, token) => verb.RunAsync(parse.GetValue(first)!, parse.GetValue(second)!, parse.GetValue(outPath), token), cancellationToken);
        });
        return command;
    }

    public static Command CreateVerify(Func<ParseResult, OutputOptions> output, Func<OutputOptions, CliConsole> console)
    {
        var project = AssetForgeCommandLine.ProjectArgument();
        var assets = new Option<string[]>("--asset", "-a") { Description = "Verify only this asset id or spec id (repeatable). Default: every asset.", AllowMultipleArgumentsPerToken = false };
        var tolerance = new Option<int>("--tolerance", "-t") { Description = "Largest per-channel difference (0-255) still counted as a match. Default: 0 (exact).", DefaultValueFactory = _ => 0 };
        tolerance.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 255)
            {
                result.AddError("--tolerance must be from 0 to 255.");
            }
        });
        var executionProvider = new Option<string?>("--execution-provider") { Description = "Regenerate on this execution provider: auto, cpu, dml or cuda." };
        executionProvider.AcceptOnlyFromAmong("auto", "cpu", "dml", "cuda");
        var command = new Command("verify", "Regenerate assets without touching the cache and compare each with its cached image. Exit 0 when all match (within --tolerance), 1 otherwise.")
        {
            project, assets, tolerance, executionProvider,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var options = output(parse);
            var ids = parse.GetValue(assets) is { Length: > 0 } a ? a : null;
            return CliHost.RunAsync<VerifyVerb>(options, console(options), (verb, token) => verb.RunAsync(parse.GetValue(project)!, ids, parse.GetValue(tolerance), parse.GetValue(executionProvider), token), cancellationToken);
        });
        return command;
    }

    public static Command CreateExplain(Func<ParseResult, OutputOptions> output, Func<OutputOptions, CliConsole> console)
    {
        var image = new Argument<string>("image") { Description = "A PNG AssetForge generated." };
        var project = AssetForgeCommandLine.ProjectArgument();
        var command = new Command("explain", "Print an image's generation parameters and key, and whether the project's current specs still produce that key. Exit 0 current, 1 stale.")
        {
            image, project,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var options = output(parse);
            return CliHost.RunAsync<ExplainVerb>(options, console(options), (verb, token) => verb.RunAsync(parse.GetValue(image)!, parse.GetValue(project)!, token), cancellationToken);
        });
        return command;
    }

    public static Command CreateReport(Func<ParseResult, OutputOptions> output, Func<OutputOptions, CliConsole> console)
    {
        var project = AssetForgeCommandLine.ProjectArgument();
        var outDirectory = new Option<string?>("--out", "-o") { Description = "The folder to write index.html to. Default: report/ in the project." };
        var command = new Command("report", "Write a static HTML page of the project's assets: parameters, sweeps as grids, variants side by side, stale assets marked.")
        {
            project, outDirectory,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var options = output(parse);
            return CliHost.RunAsync<ReportVerb>(options, console(options), (verb, token) => verb.RunAsync(parse.GetValue(project)!, parse.GetValue(outDirectory), token), cancellationToken);
        });
        return command;
    }
}
