namespace AssetForge.Cli.Output;

using System.Collections.Concurrent;
using System.Text.Json;
using AssetForge.Abstractions.Models;
using AssetForge.Core.Build;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.NoOp;
using AssetForge.Core.Specs;

/// <summary>
/// <c>assetforge build --format jsonl</c>: one JSON object per line on stdout, for hosts that run
/// the CLI as a child process (the MSBuild task). Each object has a <c>type</c>:
/// <c>diagnostic</c> (severity, code, message, file, line, column), <c>asset</c> (id, outcome,
/// output), <c>inputs</c> (config, plugin and model folders the build read: files a host should
/// watch besides the specs), <c>model</c> (name, executionProvider, loadMs: a model's sessions were
/// opened) and, last, <c>summary</c> (exitCode, counts, peakWorkingSetBytes). A generated asset's
/// line has <c>timings</c> when the backend measured them: textEncoderMs, unetStepMs (one per step),
/// vaeMs, pngMs and sharedBy (images sharing the text encoder and UNet calls).
/// </summary>
/// <remarks>Diagnostics are written once each, however often the engine reports them. Lines never interleave.</remarks>
public sealed class JsonLinesBuildObserver : IBuildObserver
{
    private readonly TextWriter _out;
    private readonly HashSet<Diagnostic> _written = [];
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, GenerationTimings> _timings = new(StringComparer.Ordinal);

    /// <summary>Creates an observer writing to <paramref name="output"/>.</summary>
    public JsonLinesBuildObserver(TextWriter output) => _out = output;

    /// <inheritdoc />
    public void OnPlanned(int assetCount, int toGenerate) =>
        WriteLine(writer =>
        {
            writer.WriteString("type", "planned");
            writer.WriteNumber("assets", assetCount);
            writer.WriteNumber("toGenerate", toGenerate);
        });

    /// <inheritdoc />
    public void OnGenerationStarted(string assetId, int totalSteps)
    {
    }

    /// <inheritdoc />
    public void OnGenerationStep(string assetId, int step, int totalSteps)
    {
    }

    /// <inheritdoc />
    public void OnAssetFinished(AssetOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        foreach (var diagnostic in outcome.Diagnostics)
        {
            OnDiagnostic(diagnostic);
        }

        WriteLine(writer =>
        {
            writer.WriteString("type", "asset");
            writer.WriteString("id", outcome.AssetId);
            writer.WriteString("outcome", OutcomeName(outcome.Kind));
            if (outcome.OutputPath is { } output)
            {
                writer.WriteString("output", output);
            }

            if (_timings.TryRemove(outcome.AssetId, out var timings))
            {
                WriteTimings(writer, timings);
            }
        });
    }

    /// <inheritdoc />
    public void OnModelOpened(string model, string executionProvider, TimeSpan loadTime) =>
        WriteLine(writer =>
        {
            writer.WriteString("type", "model");
            writer.WriteString("name", model);
            writer.WriteString("executionProvider", executionProvider);
            writer.WriteNumber("loadMs", Math.Round(loadTime.TotalMilliseconds, 1));
        });

    /// <inheritdoc />
    public void OnModelCompiled(string model, string key, bool fromRemoteCache, TimeSpan elapsed) =>
        WriteLine(writer =>
        {
            writer.WriteString("type", "compiledModel");
            writer.WriteString("name", model);
            writer.WriteString("key", key);
            writer.WriteString("origin", fromRemoteCache ? "remote" : "compiled");
            writer.WriteNumber("compileMs", Math.Round(elapsed.TotalMilliseconds, 1));
        });

    /// <inheritdoc />
    public void OnGenerationTimed(string assetId, GenerationTimings timings) => _timings[assetId] = timings;

    /// <inheritdoc />
    public void OnDiagnostic(Diagnostic diagnostic)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        lock (_gate)
        {
            if (!_written.Add(diagnostic))
            {
                return;
            }
        }

        WriteLine(writer =>
        {
            writer.WriteString("type", "diagnostic");
            writer.WriteString("severity", diagnostic.Severity switch
            {
                DiagnosticSeverity.Error => "error",
                DiagnosticSeverity.Warning => "warning",
                _ => "info",
            });
            writer.WriteString("code", diagnostic.Code);
            writer.WriteString("message", diagnostic.Message);
            if (diagnostic.Location is { } location)
            {
                writer.WriteString("file", location.Path);
                writer.WriteNumber("line", location.Line);
                writer.WriteNumber("column", location.Line > 0 ? Math.Max(location.Column, 1) : 0);
            }
        });
    }

    /// <summary>Writes the folders the build depends on besides its specs (the config, plugin and model folders).</summary>
    public void WriteInputs(ProjectConfig config) => WriteInputs(NoOpProjectLayout.Of(config));

    /// <summary>Writes the <c>inputs</c> line from a project's layout (the no-op fast path has no config loaded).</summary>
    public void WriteInputs(NoOpProjectLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        WriteLine(writer =>
        {
            writer.WriteString("type", "inputs");
            if (layout.ConfigPath is { } path)
            {
                writer.WriteString("config", path);
            }

            writer.WriteString("output", layout.OutputDirectory);
            writer.WriteStartArray("pluginDirectories");
            foreach (var directory in layout.PluginDirectories)
            {
                writer.WriteStringValue(directory);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("modelDirectories");
            foreach (var directory in layout.ModelDirectories)
            {
                writer.WriteStringValue(directory);
            }

            writer.WriteEndArray();
        });
    }

    /// <summary>Writes the last line: the exit code and what the build did.</summary>
    public void WriteSummary(BuildSummary summary, int exitCode)
    {
        ArgumentNullException.ThrowIfNull(summary);
        foreach (var diagnostic in summary.Diagnostics)
        {
            OnDiagnostic(diagnostic);
        }

        WriteLine(writer =>
        {
            writer.WriteString("type", "summary");
            writer.WriteNumber("exitCode", exitCode);
            writer.WriteNumber("generated", summary.Generated);
            writer.WriteNumber("fromCache", summary.FromCache);
            writer.WriteNumber("upToDate", summary.UpToDate);
            writer.WriteNumber("failed", summary.Failed);
            writer.WriteNumber("postStagesRun", summary.PostStagesRun);
            writer.WriteNumber("spriteSheetsPacked", summary.SpriteSheetsPacked);
            writer.WriteNumber("contactSheetsDrawn", summary.ContactSheetsDrawn);
            writer.WriteNumber("deferred", summary.Deferred);
            writer.WriteNumber("elapsedMs", (long)summary.Elapsed.TotalMilliseconds);
            writer.WriteNumber("peakWorkingSetBytes", System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64);
        });
    }

    private static void WriteTimings(Utf8JsonWriter writer, GenerationTimings timings)
    {
        writer.WriteStartObject("timings");
        writer.WriteNumber("textEncoderMs", Math.Round(timings.TextEncoder.TotalMilliseconds, 2));
        writer.WriteStartArray("unetStepMs");
        foreach (var step in timings.UnetSteps)
        {
            writer.WriteNumberValue(Math.Round(step.TotalMilliseconds, 2));
        }

        writer.WriteEndArray();
        writer.WriteNumber("vaeMs", Math.Round(timings.VaeDecode.TotalMilliseconds, 2));
        writer.WriteNumber("pngMs", Math.Round(timings.PngEncode.TotalMilliseconds, 2));
        writer.WriteNumber("sharedBy", timings.SharedBy);
        writer.WriteEndObject();
    }

    private static string OutcomeName(AssetOutcomeKind kind) => kind switch
    {
        AssetOutcomeKind.UpToDate => "upToDate",
        AssetOutcomeKind.FromCache => "fromCache",
        AssetOutcomeKind.Generated => "generated",
        AssetOutcomeKind.Failed => "failed",
        _ => "cancelled",
    };

    private void WriteLine(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        var line = System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        lock (_gate)
        {
            _out.WriteLine(line);
            _out.Flush();
        }
    }
}
