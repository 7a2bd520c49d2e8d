namespace AssetForge.Cli.CommandLine;

using System.CommandLine;
using AssetForge.Cli.Hosting;
using AssetForge.Cli.Output;
using AssetForge.Cli.Verbs;
using AssetForge.Core.Build;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Specs.Inputs;

/// <summary>
/// The <c>assetforge</c> command line: verbs, options, and usage errors as exit code 2.
/// </summary>
public static class AssetForgeCommandLine
{
    /// <summary>Parses <paramref name="args"/>, runs the verb and returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var verbosity = new Option<string>("--verbosity", "-v")
        {
            Description = "How much to print: quiet, minimal, normal, detailed.",
            DefaultValueFactory = _ => "normal",
            Recursive = true,
        };
        verbosity.AcceptOnlyFromAmong("quiet", "minimal", "normal", "detailed", "q", "m", "n", "d");

        var root = new RootCommand("AssetForge: builds game art from YAML asset specs with Stable Diffusion on ONNX Runtime, incrementally and reproducibly.")
        {
            verbosity,
        };

        OutputOptions Output(ParseResult parse) => new()
        {
            Verbosity = ParseVerbosity(parse.GetValue(verbosity)),
            Interactive = CliConsole.IsStandardOutputInteractive(),
        };

        CliConsole Console(OutputOptions options) => new(output, error, options.Interactive);

        root.Subcommands.Add(CreateInit(Output, Console));
        root.Subcommands.Add(CreateBuild(Output, Console));
        root.Subcommands.Add(CreateStatus(Output, Console));
        root.Subcommands.Add(CreateClean(Output, Console));
        root.Subcommands.Add(CreatePlugins(Output, Console));
        root.Subcommands.Add(ImageToolCommands.CreateDiff(Output, Console));
        root.Subcommands.Add(ImageToolCommands.CreateVerify(Output, Console));
        root.Subcommands.Add(ImageToolCommands.CreateExplain(Output, Console));
        root.Subcommands.Add(ImageToolCommands.CreateReport(Output, Console));
        root.Subcommands.Add(CacheCommand.Create(Output, Console, ProjectArgument));
        root.Subcommands.Add(CreateSchedulers(Output, Console));
        root.Subcommands.Add(CreateSchema(Output, Console));
        root.Subcommands.Add(ModelCommand.Create(Output, Console));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var parseError in parse.Errors)
            {
                await error.WriteLineAsync(Diagnostic.Error(CliDiagnosticCodes.BadUsage, parseError.Message).ToString()).ConfigureAwait(false);
            }

            await error.WriteLineAsync("Run 'assetforge --help' for usage.").ConfigureAwait(false);
            return ExitCodes.BadUsage;
        }

        // Ctrl+C belongs to the host's console lifetime (CliHost); System.CommandLine must not also trap it.
        var invocation = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            ProcessTerminationTimeout = null,
            EnableDefaultExceptionHandler = false,
        };
        return await parse.InvokeAsync(invocation).ConfigureAwait(false);
    }

    internal static Argument<string> ProjectArgument()
    {
        var project = new Argument<string>("project-dir")
        {
            Description = "The project folder (the one with assetforge.yaml). Default: the current folder.",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => ".",
        };

        // System.CommandLine hands an unknown option to a free argument; say what it is instead of
        // "project folder '--forse' does not exist". A folder named like an option is written ./-name.
        project.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (token.Value.StartsWith('-'))
                {
                    result.AddError($"Unrecognized option '{token.Value}'.");
                }
            }
        });
        return project;
    }

    private static Command CreateBuild(Func<ParseResult, OutputOptions> output, Func<OutputOptions, CliConsole> console)
    {
        var project = ProjectArgument();
        var force = new Option<bool>("--force", "-f")
        {
            Description = "Regenerate every asset even when cached; the cache is overwritten with the new results.",
        };
        var jobs = new Option<int>("--jobs", "-j")
        {
            Description = "How many assets to materialise or prepare at once (generation itself runs one model call at a time). Default: the number of cores.",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        jobs.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--jobs must be at least 1.");
            }
        });
        var executionProvider = new Option<string?>("--execution-provider")
        {
            Description = "Overrides assetforge.yaml's execution provider: auto, cpu, dml (DirectML, Windows) or cuda.",
        };
        executionProvider.AcceptOnlyFromAmong("auto", "cpu", "dml", "cuda");

        var assets = new Option<string[]>("--asset", "-a")
        {
            Description = "Build only this asset id (repeatable). Default: every asset.",
            AllowMultipleArgumentsPerToken = false,
        };

        var maxBatch = ImageToolCommands.MaxBatchOption();
        var (remoteCache, shard) = BuildTeamOptions.Create();
        var noGenerate = new Option<bool>("--no-generate")
        {
            Description = "Never generate: serve every asset from the cache, and fail the assets that are not in it (for CI machines that only consume a shared cache).",
        };
        var specsFrom = new Option<FileInfo>("--specs-from")
        {
            Description = "Build exactly the spec files listed in this file (one path per line, relative to the project folder or absolute) instead of the config's 'specs:' globs.",
        };
        var format = new Option<string>("--format")
        {
            Description = "Output format: text (for people) or jsonl (one JSON object per line on stdout, for tools such as the MSBuild task).",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "jsonl");
        specsFrom.AcceptExistingOnly();
        var timings = new Option<bool>("--timings")
        {
            Description = "After the summary, print where generation time went: model load, and per asset the text encoder, UNet (per step), VAE and PNG-encode times; and the peak memory. (--format jsonl always has these fields.)",
        };

        var command = new Command("build", "Generate the assets whose specs changed; serve the rest from the cache.")
        {
            project, force, jobs, executionProvider, assets, maxBatch, remoteCache, shard, noGenerate, specsFrom, format, timings,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            List<string>? specFiles = null;
            if (parse.GetValue(specsFrom) is { } list && (specFiles = ReadSpecList(list, console(output(parse)).Error)) is null)
            {
                return Task.FromResult(ExitCodes.BadUsage);
            }

            var options = new BuildOptions
            {
                Force = parse.GetValue(force),
                Jobs = parse.GetValue(jobs),
                ExecutionProvider = parse.GetValue(executionProvider),
                AssetIds = parse.GetValue(assets) is { Length: > 0 } ids ? ids : null,
                MaxBatch = parse.GetValue(maxBatch),
                RemoteCache = parse.GetValue(remoteCache),
                Shard = BuildTeamOptions.ParseShard(parse.GetValue(shard)),
                NoGenerate = parse.GetValue(noGenerate),
                SpecFiles = specFiles,
            };
            var jsonLines = parse.GetValue(format) == "jsonl";
            var outputOptions = jsonLines ? output(parse) with { Interactive = false } : output(parse);
            return CliHost.RunAsync<BuildVerb>(
                outputOptions,
                console(outputOptions),
                (verb, token) => jsonLines
                    ? verb.RunJsonLinesAsync(parse.GetValue(project)!, options, token)
                    : verb.RunAsync(parse.GetValue(project)!, options, token, parse.GetValue(timings)),
                cancellationToken);
        });
        return command;
    }

    /// <summary>The largest --specs-from list accepted (a million spec paths).</summary>
    private const long MaxSpecListBytes = 64L << 20;

    // One path per line; blank lines are skipped. Relative paths are resolved by the engine against
    // the project folder. Only a regular file is read (a FIFO would block the build before it starts).
    internal static List<string>? ReadSpecList(FileInfo list, TextWriter error)
    {
        var content = RegularFile.Read(list.FullName, MaxSpecListBytes);
        if (content.Problem != InputFileProblem.None)
        {
            error.WriteLine(Diagnostic.Error(CliDiagnosticCodes.BadUsage, $"--specs-from '{list.FullName}' cannot be read: {content.Message}.").ToString());
            return null;
        }

        var files = new List<string>();
        using var reader = new StringReader(System.Text.Encoding.UTF8.GetString(content.Bytes));
        while (reader.ReadLine() is { } line)
        {
            var path = line.Trim();
            if (path.Length > 0)
            {
                files.Add(path);
            }
        }

        return files;
    }

    private static Command CreateStatus(Func<ParseResult, OutputOptions> output, Func<OutputOptions, CliConsole> console)
    {
        var project = ProjectArgument();
        var check = new Option<bool>("--check")
        {
            Description = "Exit with 1 when any asset is not current (for CI).",
        };
        var command = new Command("status", "Show each asset's state (current, stale and what changed, missing, invalid) without building.")
        {
            project, check,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var outputOptions = output(parse);
            return CliHost.RunAsync<StatusVerb>(
                outputOptions,
                console(outputOptions),
                (verb, token) => verb.RunAsync(parse.GetValue(project)!, parse.GetValue(check), token),
                cancellationToken);
        });
        return command;
    }

    private static Command CreateClean(Func<ParseResult, OutputOptions> output, Func<OutputOptions, CliConsole> console)
    {
        var project = ProjectArgument();
        var command = new Command("clean", "Remove the project's outputs and build state (the cache is kept).") { project };
        command.SetAction((parse, cancellationToken) =>
        {
            var outputOptions = output(parse);
            return CliHost.RunAsync<CleanVerb>(
                outputOptions,
                console(outputOptions),
                (verb, token) => verb.RunAsync(parse.GetValue(project)!, token),
                cancellationToken);
        });
        return command;
    }

    private static Command CreatePlugins(Func<ParseResult, OutputOptions> output, Func<OutputOptions, CliConsole> console)
    {
        var project = ProjectArgument();
        var command = new Command("plugins", "List the loaded plugin components (schedulers, model backends) and plugins that failed to load.") { project };
        command.SetAction((parse, cancellationToken) =>
        {
            var outputOptions = output(parse);
            return CliHost.RunAsync<PluginsVerb>(
                outputOptions,
                console(outputOptions),
                (verb, _) => Task.FromResult(verb.Run(parse.GetValue(project)!)),
                cancellationToken);
        });
        return command;
    }

    private static Command CreateInit(Func<ParseResult, OutputOptions> output, Func<OutputOptions, CliConsole> console)
    {
        var project = ProjectArgument();
        project.Description = "The folder to make a project (created if missing). Default: the current folder.";
        var command = new Command("init", "Make a folder an AssetForge project: write a commented assetforge.yaml and one sample spec.") { project };
        command.SetAction((parse, cancellationToken) =>
        {
            var outputOptions = output(parse);
            return CliHost.RunAsync<InitVerb>(
                outputOptions,
                console(outputOptions),
                (verb, _) => Task.FromResult(verb.Run(parse.GetValue(project)!)),
                cancellationToken);
        });
        return command;
    }

    private static Command CreateSchema(Func<ParseResult, OutputOptions> output, Func<OutputOptions, CliConsole> console)
    {
        var outDirectory = new Option<string?>("--out", "-o") { Description = "Write assetforge-spec.schema.json and assetforge-config.schema.json into this folder. Default: print the spec schema." };
        var command = new Command("schema", "The JSON Schemas of spec files and assetforge.yaml, for editors (VS Code, Rider: '# yaml-language-server: $schema=...').") { outDirectory };
        command.SetAction((parse, cancellationToken) =>
        {
            var outputOptions = output(parse);
            return CliHost.RunAsync<SchemaVerb>(
                outputOptions,
                console(outputOptions),
                (verb, _) => Task.FromResult(verb.Run(parse.GetValue(outDirectory))),
                cancellationToken);
        });
        return command;
    }

    private static Command CreateSchedulers(Func<ParseResult, OutputOptions> output, Func<OutputOptions, CliConsole> console)
    {
        var project = ProjectArgument();
        var command = new Command("schedulers", "List the schedulers with their aliases, versions and options (name, kind, default, allowed values).") { project };
        command.SetAction((parse, cancellationToken) =>
        {
            var outputOptions = output(parse);
            return CliHost.RunAsync<SchedulersVerb>(
                outputOptions,
                console(outputOptions),
                (verb, _) => Task.FromResult(verb.Run(parse.GetValue(project)!)),
                cancellationToken);
        });
        return command;
    }

    private static Verbosity ParseVerbosity(string? value) => value switch
    {
        "quiet" or "q" => Verbosity.Quiet,
        "minimal" or "m" => Verbosity.Minimal,
        "detailed" or "d" => Verbosity.Detailed,
        _ => Verbosity.Normal,
    };
}
