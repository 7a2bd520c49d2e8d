namespace AssetForge.Cli.Verbs;

using AssetForge.Cli.CommandLine;
using AssetForge.Cli.Output;
using AssetForge.Core.Build;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Plugins;
using Microsoft.Extensions.Options;
using Spectre.Console;

/// <summary>
/// <c>assetforge plugins [project-dir]</c>: the components the built-in and the project's plugins
/// contribute, and the plugins that failed to load with the reason.
/// </summary>
public sealed class PluginsVerb
{
    private readonly BuildEngine _engine;
    private readonly CliConsole _console;
    private readonly OutputOptions _output;

    /// <summary>Creates the verb.</summary>
    public PluginsVerb(BuildEngine engine, CliConsole console, IOptions<OutputOptions> output)
    {
        _engine = engine;
        _console = console;
        _output = output.Value;
    }

    /// <summary>Lists the plugins and returns the exit code: 1 when any plugin failed to load.</summary>
    public int Run(string projectDirectory)
    {
        var diagnostics = new DiagnosticWriter(_console.Error, _output.Verbosity);
        if (ProjectDirectory.Resolve(projectDirectory, diagnostics) is not { } project)
        {
            return ExitCodes.BadUsage;
        }

        var report = _engine.ListPlugins(project);
        if (_output.Verbosity > Verbosity.Quiet)
        {
            if (_console.Interactive)
            {
                WriteTable(report.Components);
            }
            else
            {
                WriteLines(report.Components);
            }
        }

        foreach (var failure in report.Failures)
        {
            diagnostics.Write(Diagnostic.Error(
                CliDiagnosticCodes.PluginLoadFailed,
                $"The plugin did not load: {failure.Reason}",
                SourceLocation.FileOnly(failure.PluginPath)));
        }

        return report.Failures.Count == 0 ? ExitCodes.Success : ExitCodes.Failed;
    }

    private void WriteLines(IReadOnlyList<PluginComponentInfo> components)
    {
        foreach (var component in components)
        {
            var aliases = component.Aliases.Count > 0 ? $" aliases: {string.Join(", ", component.Aliases)}" : string.Empty;
            _console.Out.WriteLine($"{component.Kind,-14} {component.Id,-16} {component.Version,-8} plugin: {component.PluginName}{aliases}");
        }
    }

    private void WriteTable(IReadOnlyList<PluginComponentInfo> components)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("Kind", "Id", "Version", "Aliases", "Plugin");
        foreach (var component in components)
        {
            table.AddRow(
                Markup.Escape(component.Kind),
                Markup.Escape(component.Id),
                Markup.Escape(component.Version),
                Markup.Escape(string.Join(", ", component.Aliases)),
                Markup.Escape(component.PluginName));
        }

        _console.Ansi.Write(table);
    }
}
