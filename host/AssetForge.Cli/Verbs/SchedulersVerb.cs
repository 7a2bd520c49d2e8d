namespace AssetForge.Cli.Verbs;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Cli.CommandLine;
using AssetForge.Cli.Output;
using AssetForge.Core.Build;
using AssetForge.Core.Diagnostics;
using Microsoft.Extensions.Options;
using Spectre.Console;

/// <summary>
/// <c>assetforge schedulers [project-dir]</c>: every scheduler the loaded plugins provide, with the
/// names a spec may use for it (id and aliases), its version (part of every cache key it makes),
/// and the <c>scheduler_options</c> it accepts with their kinds, defaults and allowed values.
/// A table on a terminal; plain lines otherwise, one per scheduler and one per option, for scripts.
/// </summary>
public sealed class SchedulersVerb
{
    private readonly BuildEngine _engine;
    private readonly CliConsole _console;
    private readonly OutputOptions _output;

    /// <summary>Creates the verb.</summary>
    public SchedulersVerb(BuildEngine engine, CliConsole console, IOptions<OutputOptions> output)
    {
        _engine = engine;
        _console = console;
        _output = output.Value;
    }

    /// <summary>Lists the schedulers and returns the exit code.</summary>
    public int Run(string projectDirectory)
    {
        var diagnostics = new DiagnosticWriter(_console.Error, _output.Verbosity);
        if (ProjectDirectory.Resolve(projectDirectory, diagnostics) is not { } project)
        {
            return ExitCodes.BadUsage;
        }

        var schedulers = _engine.ListSchedulers(project);
        if (_output.Verbosity > Verbosity.Quiet)
        {
            if (_console.Interactive)
            {
                WriteTable(schedulers);
            }
            else
            {
                WriteLines(schedulers);
            }
        }

        return ExitCodes.Success;
    }

    private void WriteLines(IReadOnlyList<SchedulerListing> schedulers)
    {
        foreach (var (scheduler, plugin) in schedulers)
        {
            var aliases = scheduler.Aliases.Count > 0 ? $" aliases: {string.Join(", ", scheduler.Aliases)}" : string.Empty;
            _console.Out.WriteLine($"scheduler {scheduler.Id} {scheduler.Version} plugin: {plugin}{aliases}");
            foreach (var option in scheduler.Options)
            {
                var allowed = option.AllowedValues.Count > 0 ? $" values: {string.Join("|", option.AllowedValues)}" : string.Empty;
                _console.Out.WriteLine($"  option {option.Name} {KindName(option.Kind)} default: {option.DefaultValue}{allowed}");
            }
        }
    }

    private void WriteTable(IReadOnlyList<SchedulerListing> schedulers)
    {
        foreach (var (scheduler, plugin) in schedulers)
        {
            var title = $"[bold]{Markup.Escape(scheduler.Id)}[/] {Markup.Escape(scheduler.Version)} ({Markup.Escape(plugin)})";
            if (scheduler.Aliases.Count > 0)
            {
                title += $"  aka {Markup.Escape(string.Join(", ", scheduler.Aliases))}";
            }

            var table = new Table().Border(TableBorder.Rounded).Title(title).AddColumns("Option", "Kind", "Default", "Allowed", "Description");
            foreach (var option in scheduler.Options)
            {
                table.AddRow(
                    Markup.Escape(option.Name),
                    Markup.Escape(KindName(option.Kind)),
                    Markup.Escape(option.DefaultValue),
                    Markup.Escape(string.Join(", ", option.AllowedValues)),
                    Markup.Escape(option.Description));
            }

            _console.Ansi.Write(table);
        }
    }

    private static string KindName(SchedulerOptionKind kind) => kind switch
    {
        SchedulerOptionKind.Boolean => "bool",
        SchedulerOptionKind.Integer => "int",
        SchedulerOptionKind.Number => "number",
        SchedulerOptionKind.String => "string",
        SchedulerOptionKind.NumberList => "number[]",
        _ => kind.ToString(),
    };
}
