namespace AssetForge.Core.Specs;

using AssetForge.Abstractions.Models;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.NoOp;
using AssetForge.Core.Specs.Inputs;
using AssetForge.Core.Specs.Yaml;

/// <summary>
/// Reads and validates a project's assetforge.yaml. Any error makes the whole configuration
/// unusable (<see cref="ConfigLoadResult.Config"/> is null, exit code 2); warnings (a model or
/// plugin folder that does not exist yet) come back with a usable configuration.
/// </summary>
/// <remarks>
/// Keys: <c>models</c> (name → folder), <c>defaults</c> (asset fields but id, output, prompt),
/// <c>output</c> (default <c>out</c>), <c>cache</c> (default <c>.assetforge/cache</c>; the
/// <c>ASSETFORGE_CACHE</c> environment variable overrides it), <c>plugins</c> (folders),
/// <c>execution_provider</c> (<c>auto|cpu|dml|cuda</c>), <c>specs</c> (globs). Relative paths
/// are relative to the project folder; backslashes are taken as separators.
/// </remarks>
public static class ProjectConfigLoader
{
    /// <summary>The config file name at a project's root.</summary>
    public const string FileName = "assetforge.yaml";

    /// <summary>A name people will try; refused with a clear error rather than read as a spec.</summary>
    public const string MisnamedFileName = "assetforge.yml";

    /// <summary>The environment variable that overrides the cache folder (e.g. for CI).</summary>
    public const string CacheEnvironmentVariable = "ASSETFORGE_CACHE";

    /// <summary>The largest assetforge.yaml accepted.</summary>
    public const long MaxFileBytes = 1 << 20;

    /// <summary>The execution providers <c>execution_provider</c> accepts.</summary>
    public static IReadOnlyList<string> ExecutionProviders { get; } = ["auto", "cpu", "dml", "cuda"];

    /// <summary>The keys of assetforge.yaml (also the JSON Schema's).</summary>
    internal static readonly string[] Keys = ["models", "defaults", "output", "cache", "plugins", "execution_provider", "specs", RemoteCacheSettingReader.Key];

    /// <summary>Loads <paramref name="projectDirectory"/>/assetforge.yaml (defaults when absent).</summary>
    public static ConfigLoadResult Load(string projectDirectory) =>
        Load(projectDirectory, Environment.GetEnvironmentVariable);

    /// <summary>Loads <paramref name="projectDirectory"/>/assetforge.yaml, reading environment variables through <paramref name="environment"/>.</summary>
    /// <param name="projectDirectory">The project folder.</param>
    /// <param name="environment">Returns an environment variable's value, or null (lets tests and hosts supply their own environment).</param>
    public static ConfigLoadResult Load(string projectDirectory, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(projectDirectory);
        ArgumentNullException.ThrowIfNull(environment);
        var project = Path.TrimEndingDirectorySeparator(Path.GetFullPath(projectDirectory));
        var cacheOverride = environment(CacheEnvironmentVariable);
        var path = Path.Combine(project, FileName);
        if (!File.Exists(path))
        {
            var misnamed = Path.Combine(project, MisnamedFileName);
            if (File.Exists(misnamed))
            {
                return new ConfigLoadResult(null, [Diagnostic.Error(
                    DiagnosticCodes.ConfigFileMisnamed,
                    $"The project config must be named '{FileName}'; rename '{MisnamedFileName}'.",
                    SourceLocation.FileOnly(misnamed))]);
            }

            var environmentDiagnostics = new List<Diagnostic>();
            var remote = RemoteCacheSettingReader.ApplyEnvironment(null, environment, environmentDiagnostics);
            return new ConfigLoadResult(ProjectConfig.CreateDefault(project, cacheOverride) with { RemoteCache = remote }, environmentDiagnostics);
        }

        var document = YamlFileReader.ReadFile(path, MaxFileBytes);
        if (document.FatalError is { } fatal)
        {
            return new ConfigLoadResult(null, [fatal]);
        }

        var diagnostics = new List<Diagnostic>();
        foreach (var problem in document.Problems)
        {
            diagnostics.Add(problem.Diagnostic);
        }

        var builder = new ConfigBuilder(project, path, diagnostics, environment);
        switch (document.Root)
        {
            case null:
            case SpecScalar { Kind: ScalarKind.Null }:
                break;
            case SpecMapping mapping:
                builder.Read(mapping);
                break;
            default:
                diagnostics.Add(Diagnostic.Error(
                    DiagnosticCodes.NotAMapping,
                    $"{FileName} must be a mapping of settings (models:, defaults:, output:, ...), but is {document.Root.Describe()}.",
                    document.Root.Location));
                break;
        }

        var config = builder.Build(cacheOverride);
        config = config with { RemoteCache = RemoteCacheSettingReader.ApplyEnvironment(config.RemoteCache, environment, diagnostics) };
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Severity == DiagnosticSeverity.Error)
            {
                return new ConfigLoadResult(null, diagnostics);
            }
        }

        return new ConfigLoadResult(config, diagnostics);
    }

    /// <summary>Reads the settings of one assetforge.yaml.</summary>
    private sealed class ConfigBuilder(string project, string path, List<Diagnostic> diagnostics, Func<string, string?> environment)
    {
        private Caching.Remote.RemoteCacheOptions? _remoteCache;
        private readonly Dictionary<string, string> _models = new(StringComparer.Ordinal);
        private readonly Dictionary<string, IReadOnlyList<CheckpointLora>> _modelLoras = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _modelPrecisions = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _modelPredictionTypes = new(StringComparer.Ordinal);
        private readonly List<string> _plugins = [];
        private AssetDefaults _defaults = AssetDefaults.None;
        private (string Path, SourceLocation Location)? _output;
        private (string Path, SourceLocation Location)? _cache;
        private string _executionProvider = "auto";
        private List<string>? _specGlobs;

        public void Read(SpecMapping root)
        {
            foreach (var (key, value) in root.Entries)
            {
                switch (key.Value)
                {
                    case "models":
                        ReadModels(value);
                        break;
                    case "defaults":
                        ReadDefaults(value);
                        break;
                    case "output":
                        _output = ReadPath(value, "output") is { } output ? (output, value.Location) : null;
                        break;
                    case "cache":
                        _cache = ReadPath(value, "cache") is { } cache ? (cache, value.Location) : null;
                        break;
                    case "plugins":
                        ReadPlugins(value);
                        break;
                    case "execution_provider":
                        ReadExecutionProvider(value);
                        break;
                    case "specs":
                        ReadSpecs(value);
                        break;
                    case RemoteCacheSettingReader.Key:
                        _remoteCache = RemoteCacheSettingReader.Read(value, environment, diagnostics);
                        break;
                    default:
                        diagnostics.Add(UnknownKey(key));
                        break;
                }
            }
        }

        public ProjectConfig Build(string? cacheOverride)
        {
            var defaults = ProjectConfig.CreateDefault(project, cacheOverride);
            var output = _output?.Path ?? defaults.OutputDirectory;
            var cache = string.IsNullOrEmpty(cacheOverride) ? _cache?.Path ?? defaults.CacheDirectory : defaults.CacheDirectory;
            var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            if (_output is { } written && written.Path.Equals(project, comparison))
            {
                diagnostics.Add(Diagnostic.Error(DiagnosticCodes.InvalidDirectory, "'output' is the project folder itself; use a folder inside it, e.g. 'out'.", written.Location));
            }

            if (output.Equals(cache, comparison))
            {
                var location = _cache?.Location ?? _output?.Location ?? new SourceLocation(path, 1, 1);
                diagnostics.Add(Diagnostic.Error(DiagnosticCodes.InvalidDirectory, $"The output and cache folders are the same ('{output}'); 'assetforge clean' would delete the cache. Use two folders.", location));
            }

            return new ProjectConfig
            {
                ProjectDirectory = project,
                ConfigPath = path,
                OutputDirectory = output,
                CacheDirectory = cache,
                PluginDirectories = _plugins,
                ExecutionProvider = _executionProvider,
                Models = _models,
                ModelLoras = _modelLoras,
                ModelPrecisions = _modelPrecisions,
                ModelPredictionTypes = _modelPredictionTypes,
                SpecGlobs = _specGlobs ?? defaults.SpecGlobs,
                Defaults = _defaults,
                RemoteCache = _remoteCache,
            };
        }

        private Diagnostic UnknownKey(SpecScalar key)
        {
            var name = key.Value;
            foreach (var field in AssetFields.All)
            {
                if (field == name)
                {
                    return Diagnostic.Error(DiagnosticCodes.UnknownKey, $"Unknown key '{name}' in {FileName}: '{name}' is an asset field; to give every asset a default, put it under 'defaults:'.", key.Location);
                }
            }

            var suggestion = SpellingSuggestion.Closest(name, Keys);
            var message = suggestion is not null
                ? $"Unknown key '{name}' in {FileName}. Did you mean '{suggestion}'?"
                : $"Unknown key '{name}' in {FileName}. The settings are: {string.Join(", ", Keys)}.";
            return Diagnostic.Error(DiagnosticCodes.UnknownKey, message, key.Location);
        }

        private void ReadModels(SpecNode node)
        {
            if (node is SpecScalar { Kind: ScalarKind.Null })
            {
                return;
            }

            if (node is not SpecMapping mapping)
            {
                diagnostics.Add(Diagnostic.Error(DiagnosticCodes.WrongType, $"'models' must be a mapping of model names to folders (e.g. 'sd15: models/sd15'), but is {node.Describe()}.", node.Location));
                return;
            }

            foreach (var (key, value) in mapping.Entries)
            {
                var name = key.Value;
                if (!IsValidModelName(name, out var reason))
                {
                    diagnostics.Add(Diagnostic.Error(DiagnosticCodes.InvalidModelName, $"The model name '{name}' {reason}", key.Location));
                    continue;
                }

                var entry = value;
                if (value is SpecMapping form)
                {
                    if (ModelEntryParser.Read(form, name, diagnostics) is not { } read)
                    {
                        continue;
                    }

                    var (path, loras, precision, predictionType) = read;
                    if (precision != "fp32")
                    {
                        _modelPrecisions[name] = precision;
                    }

                    if (predictionType is not null)
                    {
                        _modelPredictionTypes[name] = predictionType;
                    }

                    entry = path;
                    _modelLoras[name] = [.. loras.Select(l => new CheckpointLora(Path.GetFullPath(Path.Combine(project, l.File.Replace('\\', '/'))), l.Scale))];
                }

                if (ReadPath(entry, $"models.{name}") is not { } folder)
                {
                    continue;
                }

                // A single-file checkpoint (model.safetensors) is a file, not a folder.
                InputFileLog.NoteFile(folder);
                if (!Directory.Exists(folder) && !File.Exists(folder))
                {
                    diagnostics.Add(Diagnostic.Warning(
                        DiagnosticCodes.ModelFolderNotFound,
                        $"The folder of model '{name}' does not exist: '{folder}'. Assets that use '{name}' will fail until it does.",
                        value.Location));
                }

                _models[name] = folder;
            }
        }

        private static bool IsValidModelName(string name, out string reason)
        {
            if (name.StartsWith("builtin:", StringComparison.Ordinal))
            {
                reason = "uses the reserved prefix 'builtin:'; built-in models need no declaration. Choose another name.";
                return false;
            }

            foreach (var c in name)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
                {
                    reason = $"contains '{c}'; model names may use letters, digits, '.', '_' and '-'.";
                    return false;
                }
            }

            reason = string.Empty;
            return true;
        }

        private void ReadDefaults(SpecNode node)
        {
            if (node is SpecScalar { Kind: ScalarKind.Null })
            {
                return;
            }

            if (node is not SpecMapping mapping)
            {
                diagnostics.Add(Diagnostic.Error(DiagnosticCodes.WrongType, $"'defaults' must be a mapping of asset fields (e.g. 'steps: 30'), but is {node.Describe()}.", node.Location));
                return;
            }

            var values = new AssetFieldValues();
            AssetFieldParser.Parse(mapping, values, forDefaults: true, diagnostics);
            _defaults = values.ToDefaults() with
            {
                Loras = values.Loras is { } loras ? LoraFiles.Resolve(loras, specFile: null, project, diagnostics) : null,
            };
        }

        private void ReadPlugins(SpecNode node)
        {
            foreach (var item in ReadList(node, "plugins", "plugin folders"))
            {
                if (ReadPath(item, "plugins") is not { } folder)
                {
                    continue;
                }

                // A single-file checkpoint (model.safetensors) is a file, not a folder.
                InputFileLog.NoteFile(folder);
                if (!Directory.Exists(folder) && !File.Exists(folder))
                {
                    diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.PluginFolderNotFound, $"The plugin folder '{folder}' does not exist; no plugin will be loaded from it.", item.Location));
                }

                _plugins.Add(folder);
            }
        }

        private void ReadExecutionProvider(SpecNode node)
        {
            if (AssetFieldParser.ReadText(node, "execution_provider", allowEmpty: false, diagnostics) is not { } text)
            {
                return;
            }

            foreach (var provider in ExecutionProviders)
            {
                if (string.Equals(provider, text, StringComparison.OrdinalIgnoreCase))
                {
                    _executionProvider = provider;
                    return;
                }
            }

            diagnostics.Add(Diagnostic.Error(
                DiagnosticCodes.UnknownExecutionProvider,
                $"Unknown execution_provider '{text}'.{SpellingSuggestion.DidYouMean(text, ExecutionProviders, ignoreCase: true)} Use one of: {string.Join(", ", ExecutionProviders)}.",
                node.Location));
        }

        private void ReadSpecs(SpecNode node)
        {
            var globs = new List<string>();
            foreach (var item in ReadList(node, "specs", "globs such as 'specs/**/*.yaml'"))
            {
                if (AssetFieldParser.ReadText(item, "specs", allowEmpty: false, diagnostics) is not { } pattern)
                {
                    continue;
                }

                if (SpecGlob.TryParse(pattern, out var error) is null)
                {
                    diagnostics.Add(Diagnostic.Error(DiagnosticCodes.InvalidGlob, $"The spec glob '{pattern}' {error}.", item.Location));
                    continue;
                }

                globs.Add(pattern);
            }

            _specGlobs = globs;
        }

        // A list, or a single scalar standing for a one-item list.
        private IReadOnlyList<SpecNode> ReadList(SpecNode node, string key, string what)
        {
            switch (node)
            {
                case SpecSequence sequence:
                    return sequence.Items;
                case SpecScalar { Kind: ScalarKind.Null }:
                    return [];
                case SpecScalar scalar:
                    return [scalar];
                default:
                    diagnostics.Add(Diagnostic.Error(DiagnosticCodes.WrongType, $"'{key}' must be a list of {what}, but is {node.Describe()}.", node.Location));
                    return [];
            }
        }

        // A folder path relative to the project (or absolute), backslashes as separators.
        private string? ReadPath(SpecNode node, string key)
        {
            if (AssetFieldParser.ReadText(node, key, allowEmpty: false, diagnostics) is not { } text)
            {
                return null;
            }

            var normalized = text.Trim().Replace('\\', '/');
            try
            {
                return Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(project, normalized)));
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
            {
                diagnostics.Add(Diagnostic.Error(DiagnosticCodes.InvalidDirectory, $"'{key}' is not a usable path ('{text}'): {e.Message}", node.Location));
                return null;
            }
        }
    }
}
