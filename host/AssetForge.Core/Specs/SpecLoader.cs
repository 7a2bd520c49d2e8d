namespace AssetForge.Core.Specs;

using AssetForge.Abstractions.Models;
using AssetForge.Abstractions.Scheduling;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.NoOp;
using AssetForge.Core.Specs.Inputs;
using AssetForge.Core.Specs.Yaml;

/// <summary>
/// Finds, parses and validates a project's spec files. A file holds one asset (a mapping) or a
/// list of assets; each is checked on its own, so a bad asset fails alone (like <c>make -k</c>)
/// and its neighbours still load.
/// </summary>
/// <remarks>
/// <para>Ids: a single-asset file's id defaults to its path under the project without the
/// extension, with forward slashes (<c>props/potion.yaml</c> → <c>props/potion</c>). Items of a
/// list must each have an id: the path default would give them all the same one, and an index
/// would change when items are reordered.</para>
/// <para>Outputs default to <c>&lt;id&gt;.png</c>. Two assets with the same id, or writing the same
/// output (compared ignoring case, as Windows and macOS would), both fail with an error at each.</para>
/// <para>Values come from the spec, then assetforge.yaml's <c>defaults:</c>, then
/// <see cref="BuiltinAssetDefaults"/>. <see cref="AssetSpec.FieldLocations"/> holds the fields
/// written in the spec (and <c>scheduler_options.NAME</c> for each option written there).</para>
/// </remarks>
public sealed class SpecLoader
{
    /// <summary>The largest spec file accepted; bigger files are refused from their size alone.</summary>
    public const long MaxFileBytes = 1 << 20;

    private readonly ProjectConfig _config;
    private readonly KnownNames _known;
    private readonly HashSet<string> _schedulers;
    private readonly HashSet<string> _models;
    private readonly List<string> _modelCandidates;

    /// <summary>Creates a loader for a project.</summary>
    public SpecLoader(ProjectConfig config, KnownNames known)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(known);
        _config = config;
        _known = known;
        _schedulers = new HashSet<string>(known.Schedulers, StringComparer.OrdinalIgnoreCase);

        // Models declared in assetforge.yaml are known whether or not the caller listed them.
        _models = new HashSet<string>(known.Models, StringComparer.Ordinal);
        _models.UnionWith(config.Models.Keys);
        _modelCandidates = [.. _models];
        _modelCandidates.Sort(StringComparer.Ordinal);
    }

    /// <summary>Loads every spec file of the project.</summary>
    public SpecLoadResult LoadAll(CancellationToken cancellationToken)
    {
        var files = SpecFileFinder.Find(_config, cancellationToken);
        var result = Load(files, cancellationToken);
        if (files.Count > 0)
        {
            return result;
        }

        var where = _config.ConfigPath is { } configPath ? SourceLocation.FileOnly(configPath) : SourceLocation.FileOnly(_config.ProjectDirectory);
        var diagnostics = new List<Diagnostic>(result.Diagnostics)
        {
            Diagnostic.Warning(
                DiagnosticCodes.NoSpecFiles,
                $"No spec files found under '{_config.ProjectDirectory}' (globs: {string.Join(", ", _config.SpecGlobs)}).",
                where),
        };
        return result with { Diagnostics = diagnostics };
    }

    /// <summary>Loads the given spec files only (absolute paths).</summary>
    public SpecLoadResult Load(IEnumerable<string> specFiles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(specFiles);
        var run = new LoadRun(this);
        foreach (var file in specFiles)
        {
            cancellationToken.ThrowIfCancellationRequested();
            run.LoadFile(file);
        }

        return run.Finish();
    }

    /// <summary>The default id of a single-asset file: its project-relative path without extension, forward slashes.</summary>
    internal string DefaultId(string file)
    {
        var relative = Path.GetRelativePath(_config.ProjectDirectory, file);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            // A file outside the project (only possible through Load): its name is all we can use.
            relative = Path.GetFileName(file);
        }

        var extension = Path.GetExtension(relative);
        return relative[..^extension.Length].Replace('\\', '/');
    }

    /// <summary>One asset seen by a load: what duplicate checks need, and the spec if it validated.</summary>
    private sealed class Candidate
    {
        public required SourceLocation Location { get; init; }

        public string? Id { get; set; }

        public SourceLocation IdLocation { get; set; }

        public string? Output { get; set; }

        public SourceLocation OutputLocation { get; set; }

        public AssetSpec? Spec { get; set; }

        public bool Failed { get; set; }
    }

    /// <summary>The state of one <see cref="Load"/> call.</summary>
    private sealed class LoadRun(SpecLoader loader)
    {
        private readonly List<Candidate> _candidates = [];
        private readonly List<Diagnostic> _diagnostics = [];
        private readonly Dictionary<string, bool> _modelFolderExists = new(StringComparer.Ordinal);
        private int _unreadableFiles;

        private ProjectConfig Config => loader._config;

        private AssetDefaults Defaults => loader._config.Defaults;

        public void LoadFile(string file)
        {
            // Globs only find files inside the project; an explicit list (--specs-from) follows the same rule.
            if (!ProjectPath.IsInside(file, Config.ProjectDirectory))
            {
                _diagnostics.Add(Diagnostic.Error(
                    DiagnosticCodes.PathOutsideProject,
                    $"The spec file is outside the project folder {Config.ProjectDirectory}; spec files must be inside it.",
                    SourceLocation.FileOnly(file)));
                _unreadableFiles++;
                return;
            }

            var document = YamlFileReader.ReadFile(file, MaxFileBytes);
            if (document.FatalError is { } fatal)
            {
                _diagnostics.Add(fatal);
                _unreadableFiles++;
                return;
            }

            switch (document.Root)
            {
                case null:
                case SpecScalar { Kind: ScalarKind.Null }:
                    FileFails(Diagnostic.Error(
                        DiagnosticCodes.EmptyFile,
                        "The spec file is empty. Write an asset (e.g. 'prompt: ...' and 'seed: 1'), or delete the file.",
                        document.Root?.Location ?? new SourceLocation(file, 1, 1)));
                    return;
                case SpecMapping mapping:
                    LoadAsset(mapping, file, isListItem: false, document.Problems, itemIndex: -1);
                    return;
                case SpecSequence sequence:
                    LoadList(sequence, file, document.Problems);
                    return;
                default:
                    FileFails(Diagnostic.Error(
                        DiagnosticCodes.NotAMapping,
                        $"A spec file must hold an asset (a mapping such as 'prompt: ...') or a list of them, but this one holds {document.Root.Describe()}.",
                        document.Root.Location));
                    return;
            }
        }

        private void LoadList(SpecSequence sequence, string file, IReadOnlyList<YamlProblem> problems)
        {
            // Problems outside any item (e.g. an anchor on the list itself) fail the whole file.
            foreach (var problem in problems)
            {
                if (problem.RootItemIndex < 0)
                {
                    _diagnostics.Add(problem.Diagnostic);
                    _unreadableFiles++;
                    return;
                }
            }

            if (sequence.Items.Count == 0)
            {
                FileFails(Diagnostic.Error(DiagnosticCodes.EmptyFile, "The spec file holds an empty list; add assets to it, or delete the file.", sequence.Location));
                return;
            }

            for (var i = 0; i < sequence.Items.Count; i++)
            {
                if (sequence.Items[i] is SpecMapping item)
                {
                    LoadAsset(item, file, isListItem: true, problems, i);
                    continue;
                }

                var node = sequence.Items[i];
                ReportProblems(problems, i);
                _diagnostics.Add(Diagnostic.Error(
                    DiagnosticCodes.NotAMapping,
                    $"Item {i + 1} of the list must be an asset (a mapping such as 'id: ...' and 'prompt: ...'), but is {node.Describe()}.",
                    node.Location));
                _candidates.Add(new Candidate { Location = node.Location, Failed = true });
            }
        }

        private bool ReportProblems(IReadOnlyList<YamlProblem> problems, int itemIndex)
        {
            var any = false;
            foreach (var problem in problems)
            {
                if (problem.RootItemIndex == itemIndex)
                {
                    _diagnostics.Add(problem.Diagnostic);
                    any = true;
                }
            }

            return any;
        }

        private void FileFails(Diagnostic error)
        {
            _diagnostics.Add(error);
            _unreadableFiles++;
        }

        private void LoadAsset(SpecMapping mapping, string file, bool isListItem, IReadOnlyList<YamlProblem> problems, int itemIndex)
        {
            var errorsBefore = _diagnostics.Count;
            ReportProblems(problems, itemIndex);
            var candidate = new Candidate { Location = mapping.Location };
            _candidates.Add(candidate);
            var values = new AssetFieldValues();
            AssetFieldParser.Parse(mapping, values, forDefaults: false, _diagnostics);

            ResolveId(candidate, values, file, isListItem);
            ResolveOutput(candidate, values);
            if (values.Locations.ContainsKey(AssetFields.Sheet))
            {
                LoadSpriteSheet(candidate, values, mapping, errorsBefore);
                return;
            }

            var model = ResolveModel(values, mapping.Location);
            var scheduler = ResolveScheduler(values, mapping.Location);

            if (values.Prompt is null && !values.Locations.ContainsKey(AssetFields.Prompt))
            {
                _diagnostics.Add(Diagnostic.Error(
                    DiagnosticCodes.MissingField,
                    $"{Describe(candidate)} has no prompt. Add 'prompt: \"what to draw\"'.",
                    mapping.Location));
            }

            var seed = values.Seed ?? Defaults.Seed;
            if (seed is null && !values.Locations.ContainsKey(AssetFields.Seed))
            {
                _diagnostics.Add(Diagnostic.Error(
                    DiagnosticCodes.MissingField,
                    $"{Describe(candidate)} has no seed, and assetforge.yaml's 'defaults:' gives none. Add e.g. 'seed: 12345': a build must give the same image every time.",
                    mapping.Location));
            }

            var (initImage, strength, variants) = ExpansionFieldResolver.Resolve(values, file, Config.ProjectDirectory, seed, _diagnostics);
            var loras = values.Loras is { } written ? LoraFiles.Resolve(written, file, Config.ProjectDirectory, _diagnostics) : Defaults.Loras;

            // Every diagnostic added while reading this asset is an error.
            if (_diagnostics.Count != errorsBefore)
            {
                candidate.Failed = true;
                return;
            }

            candidate.Spec = new AssetSpec
            {
                Id = candidate.Id!,
                Output = candidate.Output!,
                Model = model!,
                Prompt = values.Prompt!,
                NegativePrompt = values.NegativePrompt ?? Defaults.NegativePrompt ?? string.Empty,
                NegativePromptAbsent = values.NegativePrompt is null && Defaults.NegativePrompt is null,
                Prompt2 = values.Prompt2,
                NegativePrompt2 = values.NegativePrompt2 ?? Defaults.NegativePrompt2,
                OriginalSize = values.OriginalSize ?? Defaults.OriginalSize,
                CropTopLeft = values.CropTopLeft ?? Defaults.CropTopLeft,
                TargetSize = values.TargetSize ?? Defaults.TargetSize,
                Seed = seed!.Value,
                Steps = values.Steps ?? Defaults.Steps ?? BuiltinAssetDefaults.Steps,
                Cfg = values.Cfg ?? Defaults.Cfg ?? BuiltinAssetDefaults.Cfg,
                Scheduler = scheduler!,
                SchedulerOptions = values.SchedulerOptions ?? Defaults.SchedulerOptions ?? SchedulerConfig.Empty,
                Width = values.Width ?? Defaults.Width ?? BuiltinAssetDefaults.Width,
                Height = values.Height ?? Defaults.Height ?? BuiltinAssetDefaults.Height,
                Rng = values.Rng ?? Defaults.Rng ?? BuiltinAssetDefaults.Rng,
                InitImage = initImage,
                Strength = strength,
                Variants = variants,
                Sweep = values.Sweep,
                Tiling = values.Tiling ?? Defaults.Tiling ?? TilingAxes.None,
                Loras = loras ?? [],
                Post = values.Post ?? [],
                Location = mapping.Location,
                FieldLocations = values.Locations,
            };
        }

        // A sheet is drawn from other assets: it has no generation fields of its own.
        private void LoadSpriteSheet(Candidate candidate, AssetFieldValues values, SpecMapping mapping, int errorsBefore)
        {
            foreach (var field in values.Locations.Keys)
            {
                if (field is not (AssetFields.Id or AssetFields.Output or AssetFields.Sheet))
                {
                    _diagnostics.Add(Diagnostic.Error(
                        DiagnosticCodes.UnknownKey,
                        $"'{field}' does not apply to a sprite sheet: a 'sheet:' asset takes only id, output and sheet.",
                        values.Locations[field]));
                }
            }

            if (_diagnostics.Count != errorsBefore || values.Sheet is null)
            {
                candidate.Failed = true;
                return;
            }

            candidate.Spec = new AssetSpec
            {
                Id = candidate.Id!,
                Output = candidate.Output!,
                Model = string.Empty,
                Prompt = string.Empty,
                Seed = 0,
                Steps = 1,
                Cfg = 0,
                Scheduler = string.Empty,
                Width = 0,
                Height = 0,
                Sheet = values.Sheet,
                Location = mapping.Location,
                FieldLocations = values.Locations,
            };
        }

        private static string Describe(Candidate candidate) => candidate.Id is { } id ? $"Asset '{id}'" : "This asset";

        private void ResolveId(Candidate candidate, AssetFieldValues values, string file, bool isListItem)
        {
            if (values.Locations.TryGetValue(AssetFields.Id, out var idLocation))
            {
                if (values.Id is not { } written)
                {
                    return; // already reported (empty, wrong type)
                }

                if (!IsValidId(written, out var reason))
                {
                    _diagnostics.Add(Diagnostic.Error(DiagnosticCodes.InvalidId, $"The id '{written}' {reason}", idLocation));
                    return;
                }

                candidate.Id = written;
                candidate.IdLocation = idLocation;
                return;
            }

            if (isListItem)
            {
                _diagnostics.Add(Diagnostic.Error(
                    DiagnosticCodes.ListItemWithoutId,
                    "Every asset in a list needs an 'id' (the file path can only name one asset). Add e.g. 'id: props/potion-red'.",
                    candidate.Location));
                return;
            }

            var id = loader.DefaultId(file);
            if (!IsValidId(id, out var defaultReason))
            {
                _diagnostics.Add(Diagnostic.Error(DiagnosticCodes.InvalidId, $"The id '{id}' (the default, from the file path) {defaultReason} Rename the file or set 'id:'.", candidate.Location));
                return;
            }

            candidate.Id = id;
            candidate.IdLocation = candidate.Location;
        }

        private static bool IsValidId(string id, out string reason)
        {
            if (id.Length > 0 && (char.IsWhiteSpace(id[0]) || char.IsWhiteSpace(id[^1])))
            {
                reason = "starts or ends with whitespace; remove it.";
                return false;
            }

            foreach (var c in id)
            {
                if (char.IsControl(c))
                {
                    reason = $"contains the control character U+{(int)c:X4}; ids must be printable.";
                    return false;
                }
            }

            reason = string.Empty;
            return true;
        }

        private void ResolveOutput(Candidate candidate, AssetFieldValues values)
        {
            string raw;
            SourceLocation location;
            string origin;
            if (values.Locations.TryGetValue(AssetFields.Output, out var outputLocation))
            {
                if (values.Output is not { } written)
                {
                    return;
                }

                raw = written;
                location = outputLocation;
                origin = string.Empty;
            }
            else
            {
                if (candidate.Id is not { } id)
                {
                    return; // the id's error says it all
                }

                raw = id + ".png";
                location = candidate.IdLocation;
                origin = " (the default, '<id>.png')";
            }

            if (!OutputPath.TryNormalize(raw, values.Post is { Count: > 0 }, out var normalized, out var code, out var reason))
            {
                var fix = origin.Length > 0 ? " Set 'output:' or change the id." : string.Empty;
                _diagnostics.Add(Diagnostic.Error(code, $"The output '{raw}'{origin} {reason}{fix}", location));
                return;
            }

            candidate.Output = normalized;
            candidate.OutputLocation = location;
        }

        private string? ResolveModel(AssetFieldValues values, SourceLocation assetLocation)
        {
            var written = values.Locations.TryGetValue(AssetFields.Model, out var location);
            if (written && values.Model is null)
            {
                return null;
            }

            var model = values.Model ?? Defaults.Model ?? BuiltinAssetDefaults.Model;
            var origin = written ? string.Empty : Origin(AssetFields.Model, builtin: Defaults.Model is null);
            if (!written)
            {
                location = assetLocation;
            }

            if (!loader._models.Contains(model))
            {
                var declared = Config.Models.Count == 0 ? "declares no models" : $"declares {string.Join(", ", SortedKeys(Config.Models))}";
                _diagnostics.Add(Diagnostic.Error(
                    DiagnosticCodes.UnknownModel,
                    $"Unknown model '{model}'{origin}.{SpellingSuggestion.DidYouMean(model, loader._modelCandidates)} Models are declared under 'models:' in {ProjectConfigLoader.FileName} (which {declared}), or built in (e.g. '{BuiltinAssetDefaults.Model}').",
                    location));
                return null;
            }

            if (Config.Models.TryGetValue(model, out var folder))
            {
                if (!_modelFolderExists.TryGetValue(folder, out var exists))
                {
                    InputFileLog.NoteFile(folder);
                    exists = Directory.Exists(folder) || File.Exists(folder); // a file: a single-file checkpoint
                    _modelFolderExists[folder] = exists;
                }

                if (!exists)
                {
                    _diagnostics.Add(Diagnostic.Error(
                        DiagnosticCodes.ModelFolderMissing,
                        $"The folder of model '{model}'{origin} does not exist: '{folder}'. Put the model there or fix its path under 'models:' in {ProjectConfigLoader.FileName}.",
                        location));
                    return null;
                }
            }

            return model;
        }

        private string? ResolveScheduler(AssetFieldValues values, SourceLocation assetLocation)
        {
            var written = values.Locations.TryGetValue(AssetFields.Scheduler, out var location);
            if (written && values.Scheduler is null)
            {
                return null;
            }

            var scheduler = values.Scheduler ?? Defaults.Scheduler ?? BuiltinAssetDefaults.Scheduler;
            if (loader._schedulers.Contains(scheduler))
            {
                return scheduler;
            }

            var origin = written ? string.Empty : Origin(AssetFields.Scheduler, builtin: Defaults.Scheduler is null);
            var known = new List<string>(loader._known.Schedulers);
            known.Sort(StringComparer.OrdinalIgnoreCase);
            // Listing every id and alias made a line of over a thousand characters: name the
            // nearest few and leave the full list to `assetforge schedulers`.
            var suggestion = SpellingSuggestion.DidYouMean(scheduler, known, ignoreCase: true);
            var available = known.Count == 0
                ? " No scheduler plugin is loaded."
                : suggestion.Length > 0
                    ? $" 'assetforge schedulers' lists all {known.Count} names."
                    : $" Nearest: {string.Join(", ", Nearest(scheduler, known, 3))}; 'assetforge schedulers' lists all {known.Count} names.";
            _diagnostics.Add(Diagnostic.Error(
                DiagnosticCodes.UnknownScheduler,
                $"Unknown scheduler '{scheduler}'{origin}.{suggestion}{available}",
                written ? location : assetLocation));
            return null;
        }

        private static List<string> Nearest(string input, List<string> names, int count)
        {
            var ranked = new List<(int Distance, string Name)>(names.Count);
            foreach (var name in names)
            {
                ranked.Add((EditDistance.Between(input, name, ignoreCase: true), name));
            }

            ranked.Sort(static (a, b) => a.Distance != b.Distance ? a.Distance.CompareTo(b.Distance) : StringComparer.OrdinalIgnoreCase.Compare(a.Name, b.Name));
            var nearest = new List<string>(count);
            for (var i = 0; i < ranked.Count && i < count; i++)
            {
                nearest.Add(ranked[i].Name);
            }

            return nearest;
        }

        // " (from 'defaults:' in assetforge.yaml(3,10))" or " (the built-in default)".
        private string Origin(string field, bool builtin)
        {
            if (builtin)
            {
                return " (the built-in default)";
            }

            return Defaults.FieldLocations.TryGetValue(field, out var at)
                ? $" (from 'defaults:' at {at})"
                : " (from 'defaults:')";
        }

        private static List<string> SortedKeys(IReadOnlyDictionary<string, string> map)
        {
            var keys = new List<string>(map.Count);
            foreach (var key in map.Keys)
            {
                keys.Add(key);
            }

            keys.Sort(StringComparer.Ordinal);
            return keys;
        }

        public SpecLoadResult Finish()
        {
            ReportDuplicates(static c => c.Id, static c => c.IdLocation, StringComparer.Ordinal, DiagnosticCodes.DuplicateId, "The id '{0}' is also used by the asset at {1}; ids must be unique.");
            ReportDuplicates(static c => c.Output, static c => c.OutputLocation, StringComparer.OrdinalIgnoreCase, DiagnosticCodes.DuplicateOutput, "The output '{0}' is also written by the asset at {1} (output paths are compared ignoring case); give each asset its own output.");

            var assets = new List<AssetSpec>(_candidates.Count);
            var failed = _unreadableFiles;
            foreach (var candidate in _candidates)
            {
                if (candidate.Failed || candidate.Spec is null)
                {
                    failed++;
                }
                else
                {
                    assets.Add(candidate.Spec);
                }
            }

            return new SpecLoadResult(assets, _diagnostics, failed);
        }

        // Every asset that shares a key with another fails, with an error at its own location
        // naming one other location: the result does not depend on which file was read first.
        private void ReportDuplicates(
            Func<Candidate, string?> key,
            Func<Candidate, SourceLocation> locationOf,
            StringComparer comparer,
            string code,
            string format)
        {
            var first = new Dictionary<string, int>(_candidates.Count, comparer);
            List<(int A, int B)>? pairs = null;
            for (var i = 0; i < _candidates.Count; i++)
            {
                if (key(_candidates[i]) is not { } value)
                {
                    continue;
                }

                if (first.TryGetValue(value, out var earlier))
                {
                    (pairs ??= []).Add((earlier, i));
                }
                else
                {
                    first[value] = i;
                }
            }

            if (pairs is null)
            {
                return;
            }

            var reportedFirst = new HashSet<int>();
            foreach (var (a, b) in pairs)
            {
                var original = _candidates[a];
                var duplicate = _candidates[b];
                if (reportedFirst.Add(a))
                {
                    _diagnostics.Add(Diagnostic.Error(code, string.Format(System.Globalization.CultureInfo.InvariantCulture, format, key(original), locationOf(duplicate)), locationOf(original)));
                    original.Failed = true;
                }

                _diagnostics.Add(Diagnostic.Error(code, string.Format(System.Globalization.CultureInfo.InvariantCulture, format, key(duplicate), locationOf(original)), locationOf(duplicate)));
                duplicate.Failed = true;
            }
        }
    }
}
