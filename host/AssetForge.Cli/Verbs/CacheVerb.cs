namespace AssetForge.Cli.Verbs;

using System.Globalization;
using AssetForge.Cli.CommandLine;
using AssetForge.Cli.Output;
using AssetForge.Core.Build;
using AssetForge.Core.Caching;
using AssetForge.Core.Caching.Maintenance;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Specs;
using Microsoft.Extensions.Options;

/// <summary>
/// <c>assetforge cache ls | verify | gc [project-dir]</c>: the project's local cache (the folder
/// assetforge.yaml's <c>cache:</c> or <c>ASSETFORGE_CACHE</c> names).
/// </summary>
public sealed class CacheVerb
{
    private readonly BuildEngine _engine;
    private readonly CliConsole _console;
    private readonly OutputOptions _output;

    /// <summary>Creates the verb.</summary>
    public CacheVerb(BuildEngine engine, CliConsole console, IOptions<OutputOptions> output)
    {
        _engine = engine;
        _console = console;
        _output = output.Value;
    }

    /// <summary>Lists the cached actions, most recently used first: key, size, last use, what made them.</summary>
    public Task<int> ListAsync(string projectDirectory, CancellationToken cancellationToken)
    {
        if (Open(projectDirectory, out var diagnostics) is not { } store)
        {
            return Task.FromResult(ExitCodes.BadUsage);
        }

        var entries = new CacheMaintenance(store).List(cancellationToken);
        long total = 0;
        foreach (var entry in entries)
        {
            total += entry.Size;
            if (_output.Verbosity > Verbosity.Quiet)
            {
                var producer = entry.Record.Producer;
                _console.Out.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{entry.Key}  {ByteSize.Format(entry.Size),10}  {entry.LastUsedUtc:yyyy-MM-dd HH:mm:ss}Z  {producer.Backend}, {producer.Scheduler}, {producer.ExecutionProvider}, {producer.Machine}"));
            }
        }

        _console.Out.WriteLine($"{entries.Count} actions, {ByteSize.Format(total)} in {DisplayPath.Of(store.Root)}");
        return Task.FromResult(ExitCodes.Success);
    }

    /// <summary>Hashes every blob and checks every record; exit code 1 when something is corrupt.</summary>
    public async Task<int> VerifyAsync(string projectDirectory, CancellationToken cancellationToken)
    {
        if (Open(projectDirectory, out var diagnostics) is not { } store)
        {
            return ExitCodes.BadUsage;
        }

        var result = await new CacheMaintenance(store).VerifyAsync(cancellationToken).ConfigureAwait(false);
        diagnostics.WriteAll(result.Problems);
        _console.Out.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{result.Actions} actions, {result.Blobs} blobs ({ByteSize.Format(result.Bytes)}), {result.Temporaries} leftover temporary files, {result.Problems.Count} problems"));
        if (!result.IsHealthy)
        {
            _console.Error.WriteLine("assetforge: the cache has corrupt entries; builds never serve them (they are deleted and rebuilt when read), 'assetforge cache gc' removes them now.");
        }

        return result.IsHealthy ? ExitCodes.Success : ExitCodes.Failed;
    }

    /// <summary>Deletes least recently used actions until the cache fits <paramref name="maxBytes"/>.</summary>
    public async Task<int> CollectAsync(string projectDirectory, long maxBytes, bool keepCurrent, CancellationToken cancellationToken)
    {
        if (Open(projectDirectory, out var diagnostics) is not { } store)
        {
            return ExitCodes.BadUsage;
        }

        IReadOnlySet<string> keep = new HashSet<string>(StringComparer.Ordinal);
        if (keepCurrent)
        {
            var project = ProjectDirectory.ResolveProject(projectDirectory, diagnostics)!;
            if (await _engine.CurrentKeysAsync(project, diagnostics.Write, cancellationToken).ConfigureAwait(false) is not { } current)
            {
                return ExitCodes.BadUsage;
            }

            keep = current;
        }

        var result = new CacheMaintenance(store).Collect(maxBytes, keep, cancellationToken);
        _console.Out.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"removed {result.ActionsRemoved} actions, {result.BlobsRemoved} blobs, {result.TemporariesRemoved} temporary files; {ByteSize.Format(result.BytesBefore)} -> {ByteSize.Format(result.BytesAfter)}"));
        if (result.BytesAfter > maxBytes)
        {
            var why = result.ActionsKept > 0 ? $"{result.ActionsKept} actions the current project needs were kept (--keep-current)" : "some entries could not be deleted";
            _console.Error.WriteLine($"assetforge: the cache is still over {ByteSize.Format(maxBytes)}: {why}.");
        }

        return ExitCodes.Success;
    }

    private ContentStore? Open(string projectDirectory, out DiagnosticWriter diagnostics)
    {
        diagnostics = new DiagnosticWriter(_console.Error, _output.Verbosity);
        if (ProjectDirectory.ResolveProject(projectDirectory, diagnostics) is not { } project)
        {
            return null;
        }

        var config = ProjectConfigLoader.Load(project);
        diagnostics.WriteAll(config.Diagnostics);
        if (config.Config is null || config.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            return null;
        }

        return new ContentStore(config.Config.CacheDirectory);
    }
}
