namespace AssetForge.Abstractions.Diagnostics;

using System.Reflection;

/// <summary>
/// A diagnostic code: its id (<c>AF1234</c>), the severity it is normally reported with, and what it
/// means. The static members are the one registry every part of AssetForge reports from, plugins
/// included (they compile only against this assembly), so that a code never means two things: IDEs,
/// MSBuild and CI scripts match on these ids. Ranges: AF00xx the command line and the MSBuild task,
/// AF10xx reading YAML, AF11xx asset fields, AF12xx the project's specs together, AF13xx
/// assetforge.yaml, AF2xxx schedulers, AF30xx model backends, AF31xx plugin loading, AF40xx the
/// cache and build state, AF41xx images, post steps and sheets. New codes are added here, never
/// reused; a code that is retired stays retired.
/// </summary>
/// <param name="Id">The code as users see it, e.g. <c>AF1101</c>.</param>
/// <param name="Severity">The severity it is normally reported with (some warnings become errors where they stop an asset).</param>
/// <param name="Meaning">One sentence: the kind of mistake or failure the code names.</param>
public sealed record DiagnosticCode(string Id, DiagnosticSeverity Severity, string Meaning)
{
    // ---- Command line (AF00xx) ----

    /// <summary>AF0001: The command line could not be parsed: an unknown verb or option, or a bad value.</summary>
    public static readonly DiagnosticCode BadUsage = new("AF0001", DiagnosticSeverity.Error, "The command line could not be parsed: an unknown verb or option, or a bad value.");

    /// <summary>AF0002: The project folder does not exist.</summary>
    public static readonly DiagnosticCode ProjectNotFound = new("AF0002", DiagnosticSeverity.Error, "The project folder does not exist.");

    /// <summary>AF0004: The folder holds no assetforge.yaml, so it is not a project; nothing is read or written.</summary>
    public static readonly DiagnosticCode ProjectConfigNotFound = new("AF0004", DiagnosticSeverity.Error, "The folder holds no assetforge.yaml, so it is not a project; nothing is read or written.");

    /// <summary>AF0005: assetforge init found a project already there, or could not write its files.</summary>
    public static readonly DiagnosticCode InitFailed = new("AF0005", DiagnosticSeverity.Error, "assetforge init found a project already there, or could not write its files.");

    /// <summary>AF0099: A bug in AssetForge or a plugin: an exception nobody turned into a diagnostic.</summary>
    public static readonly DiagnosticCode InternalError = new("AF0099", DiagnosticSeverity.Error, "A bug in AssetForge or a plugin: an exception nobody turned into a diagnostic.");

    /// <summary>AF0100: The MSBuild task cannot find the assetforge CLI in its package.</summary>
    public static readonly DiagnosticCode MSBuildCliMissing = new("AF0100", DiagnosticSeverity.Error, "The MSBuild task cannot find the assetforge CLI in its package.");

    /// <summary>AF0101: The MSBuild task's assetforge run exited with an unexpected code.</summary>
    public static readonly DiagnosticCode MSBuildCliFailed = new("AF0101", DiagnosticSeverity.Error, "The MSBuild task's assetforge run exited with an unexpected code.");

    // ---- Reading a YAML file (AF10xx) ----

    /// <summary>AF1001: The text is not valid YAML.</summary>
    public static readonly DiagnosticCode YamlSyntax = new("AF1001", DiagnosticSeverity.Error, "The text is not valid YAML.");

    /// <summary>AF1002: A tab in indentation; YAML allows only spaces there.</summary>
    public static readonly DiagnosticCode TabIndentation = new("AF1002", DiagnosticSeverity.Error, "A tab in indentation; YAML allows only spaces there.");

    /// <summary>AF1003: The file is not UTF-8 text (invalid UTF-8, NUL or other control characters).</summary>
    public static readonly DiagnosticCode NotText = new("AF1003", DiagnosticSeverity.Error, "The file is not UTF-8 text (invalid UTF-8, NUL or other control characters).");

    /// <summary>AF1004: The file is larger than the loader accepts; it is refused without parsing.</summary>
    public static readonly DiagnosticCode FileTooLarge = new("AF1004", DiagnosticSeverity.Error, "The file is larger than the loader accepts; it is refused without parsing.");

    /// <summary>AF1005: The file holds no asset: empty, only comments, null, or an empty list.</summary>
    public static readonly DiagnosticCode EmptyFile = new("AF1005", DiagnosticSeverity.Error, "The file holds no asset: empty, only comments, null, or an empty list.");

    /// <summary>AF1006: YAML anchors, aliases and merge keys are refused.</summary>
    public static readonly DiagnosticCode AnchorsNotSupported = new("AF1006", DiagnosticSeverity.Error, "YAML anchors, aliases and merge keys are refused.");

    /// <summary>AF1007: An explicit YAML tag other than !!str or !.</summary>
    public static readonly DiagnosticCode TagNotSupported = new("AF1007", DiagnosticSeverity.Error, "An explicit YAML tag other than !!str or !.");

    /// <summary>AF1008: More than one YAML document (---) in one file.</summary>
    public static readonly DiagnosticCode MultipleDocuments = new("AF1008", DiagnosticSeverity.Error, "More than one YAML document (---) in one file.");

    /// <summary>AF1009: Values nested deeper than any spec needs.</summary>
    public static readonly DiagnosticCode NestingTooDeep = new("AF1009", DiagnosticSeverity.Error, "Values nested deeper than any spec needs.");

    /// <summary>AF1010: The same key twice in one mapping.</summary>
    public static readonly DiagnosticCode DuplicateKey = new("AF1010", DiagnosticSeverity.Error, "The same key twice in one mapping.");

    /// <summary>AF1011: A mapping key that is not a plain name (a list, a mapping, an empty key).</summary>
    public static readonly DiagnosticCode InvalidKey = new("AF1011", DiagnosticSeverity.Error, "A mapping key that is not a plain name (a list, a mapping, an empty key).");

    /// <summary>AF1012: The file could not be read (I/O error, permission denied, vanished).</summary>
    public static readonly DiagnosticCode FileUnreadable = new("AF1012", DiagnosticSeverity.Error, "The file could not be read (I/O error, permission denied, vanished).");

    /// <summary>AF1013: The top level (or a list item) is not a mapping of fields.</summary>
    public static readonly DiagnosticCode NotAMapping = new("AF1013", DiagnosticSeverity.Error, "The top level (or a list item) is not a mapping of fields.");

    /// <summary>AF1014: A pipe, a device or another file that is not a regular file; never read.</summary>
    public static readonly DiagnosticCode NotARegularFile = new("AF1014", DiagnosticSeverity.Error, "A pipe, a device or another file that is not a regular file; never read.");

    // ---- Asset fields (AF11xx) ----

    /// <summary>AF1101: A key that is not a field; the message suggests the closest field name.</summary>
    public static readonly DiagnosticCode UnknownKey = new("AF1101", DiagnosticSeverity.Error, "A key that is not a field; the message suggests the closest field name.");

    /// <summary>AF1102: A field of the design that this version does not implement yet.</summary>
    public static readonly DiagnosticCode NotSupportedYet = new("AF1102", DiagnosticSeverity.Error, "A field of the design that this version does not implement yet.");

    /// <summary>AF1103: A value of the wrong type (text where a number is expected, 20.5 steps, ...).</summary>
    public static readonly DiagnosticCode WrongType = new("AF1103", DiagnosticSeverity.Error, "A value of the wrong type (text where a number is expected, 20.5 steps, ...).");

    /// <summary>AF1104: A required field (prompt, seed) is absent and has no default.</summary>
    public static readonly DiagnosticCode MissingField = new("AF1104", DiagnosticSeverity.Error, "A required field (prompt, seed) is absent and has no default.");

    /// <summary>AF1105: A text field that must not be empty is empty or only whitespace.</summary>
    public static readonly DiagnosticCode EmptyValue = new("AF1105", DiagnosticSeverity.Error, "A text field that must not be empty is empty or only whitespace.");

    /// <summary>AF1106: A number outside its range, or an option its other settings rule out.</summary>
    public static readonly DiagnosticCode OutOfRange = new("AF1106", DiagnosticSeverity.Error, "A number outside its range, or an option its other settings rule out.");

    /// <summary>AF1107: Width or height is not a multiple of 8.</summary>
    public static readonly DiagnosticCode NotMultipleOf8 = new("AF1107", DiagnosticSeverity.Error, "Width or height is not a multiple of 8.");

    /// <summary>AF1108: A number that is NaN or infinite.</summary>
    public static readonly DiagnosticCode NotFinite = new("AF1108", DiagnosticSeverity.Error, "A number that is NaN or infinite.");

    /// <summary>AF1109: seed: random is refused: builds must be reproducible.</summary>
    public static readonly DiagnosticCode RandomSeed = new("AF1109", DiagnosticSeverity.Error, "seed: random is refused: builds must be reproducible.");

    /// <summary>AF1110: A model name that is neither in assetforge.yaml's models: nor a built-in model.</summary>
    public static readonly DiagnosticCode UnknownModel = new("AF1110", DiagnosticSeverity.Error, "A model name that is neither in assetforge.yaml's models: nor a built-in model.");

    /// <summary>AF1111: The asset's model is declared in assetforge.yaml but its folder does not exist.</summary>
    public static readonly DiagnosticCode ModelFolderMissing = new("AF1111", DiagnosticSeverity.Error, "The asset's model is declared in assetforge.yaml but its folder does not exist.");

    /// <summary>AF1112: A scheduler that no loaded plugin provides.</summary>
    public static readonly DiagnosticCode UnknownScheduler = new("AF1112", DiagnosticSeverity.Error, "A scheduler that no loaded plugin provides.");

    /// <summary>AF1113: An RNG kind other than torch, torch-avx2 or numpy.</summary>
    public static readonly DiagnosticCode UnknownRng = new("AF1113", DiagnosticSeverity.Error, "An RNG kind other than torch, torch-avx2 or numpy.");

    /// <summary>AF1114: An output path that leaves the output root (.., absolute, drive letter, UNC).</summary>
    public static readonly DiagnosticCode OutputEscapesRoot = new("AF1114", DiagnosticSeverity.Error, "An output path that leaves the output root (.., absolute, drive letter, UNC).");

    /// <summary>AF1115: An output path whose file name does not end in .png.</summary>
    public static readonly DiagnosticCode OutputNotPng = new("AF1115", DiagnosticSeverity.Error, "An output path whose file name does not end in .png.");

    /// <summary>AF1116: An output path that is not portable (characters Windows forbids, reserved names, trailing dot or space).</summary>
    public static readonly DiagnosticCode InvalidOutputPath = new("AF1116", DiagnosticSeverity.Error, "An output path that is not portable (characters Windows forbids, reserved names, trailing dot or space).");

    /// <summary>AF1117: An id that is unusable (control characters, leading or trailing whitespace).</summary>
    public static readonly DiagnosticCode InvalidId = new("AF1117", DiagnosticSeverity.Error, "An id that is unusable (control characters, leading or trailing whitespace).");

    /// <summary>AF1118: A scheduler_options entry that cannot be represented as JSON (.inf, .nan).</summary>
    public static readonly DiagnosticCode InvalidSchedulerOption = new("AF1118", DiagnosticSeverity.Error, "A scheduler_options entry that cannot be represented as JSON (.inf, .nan).");

    /// <summary>AF1119: The init_image file does not exist.</summary>
    public static readonly DiagnosticCode InitImageNotFound = new("AF1119", DiagnosticSeverity.Error, "The init_image file does not exist.");

    /// <summary>AF1120: strength without init_image, or out of (0, 1].</summary>
    public static readonly DiagnosticCode InvalidStrength = new("AF1120", DiagnosticSeverity.Error, "strength without init_image, or out of (0, 1].");

    /// <summary>AF1121: A malformed variants: mapping.</summary>
    public static readonly DiagnosticCode InvalidVariants = new("AF1121", DiagnosticSeverity.Error, "A malformed variants: mapping.");

    /// <summary>AF1122: A malformed sweep: mapping.</summary>
    public static readonly DiagnosticCode InvalidSweep = new("AF1122", DiagnosticSeverity.Error, "A malformed sweep: mapping.");

    /// <summary>AF1123: A tiling: value other than true, false, x or y.</summary>
    public static readonly DiagnosticCode InvalidTiling = new("AF1123", DiagnosticSeverity.Error, "A tiling: value other than true, false, x or y.");

    /// <summary>AF1124: An init_image that cannot be used: not a regular file, too large, not PNG/JPEG/WebP, or truncated.</summary>
    public static readonly DiagnosticCode InvalidInitImage = new("AF1124", DiagnosticSeverity.Error, "An init_image that cannot be used: not a regular file, too large, not PNG/JPEG/WebP, or truncated.");

    /// <summary>AF1125: A path a spec or the command line names resolves outside the project folder.</summary>
    public static readonly DiagnosticCode PathOutsideProject = new("AF1125", DiagnosticSeverity.Error, "A path a spec or the command line names resolves outside the project folder.");

    /// <summary>AF1126: A loras: file (in a spec or defaults:) that does not exist, or is not a regular file.</summary>
    public static readonly DiagnosticCode LoraFileUnusable = new("AF1126", DiagnosticSeverity.Error, "A loras: file (in a spec or defaults:) that does not exist, or is not a regular file.");

    /// <summary>AF1130: A post step's parameter is unknown, missing or invalid.</summary>
    public static readonly DiagnosticCode InvalidPostStepParameter = new("AF1130", DiagnosticSeverity.Error, "A post step's parameter is unknown, missing or invalid.");

    /// <summary>AF1131: A post step that no loaded plugin provides.</summary>
    public static readonly DiagnosticCode UnknownPostStep = new("AF1131", DiagnosticSeverity.Error, "A post step that no loaded plugin provides.");

    /// <summary>AF1132: The output's extension does not match the format the post chain ends in.</summary>
    public static readonly DiagnosticCode OutputFormatMismatch = new("AF1132", DiagnosticSeverity.Error, "The output's extension does not match the format the post chain ends in.");

    /// <summary>AF1133: A sprite sheet's member pattern matches no asset.</summary>
    public static readonly DiagnosticCode SheetMemberNotFound = new("AF1133", DiagnosticSeverity.Error, "A sprite sheet's member pattern matches no asset.");

    // ---- The project's specs together (AF12xx) ----

    /// <summary>AF1201: Two targets write the same output file (after expanding variants, sweep cells and sheet maps); reported at both.</summary>
    public static readonly DiagnosticCode DuplicateOutput = new("AF1201", DiagnosticSeverity.Error, "Two targets write the same output file (after expanding variants, sweep cells and sheet maps); reported at both.");

    /// <summary>AF1202: Two assets have the same id; reported at both.</summary>
    public static readonly DiagnosticCode DuplicateId = new("AF1202", DiagnosticSeverity.Error, "Two assets have the same id; reported at both.");

    /// <summary>AF1203: An item of a list of assets has no id.</summary>
    public static readonly DiagnosticCode ListItemWithoutId = new("AF1203", DiagnosticSeverity.Error, "An item of a list of assets has no id.");

    /// <summary>AF1204: No spec file matched the config's specs: globs.</summary>
    public static readonly DiagnosticCode NoSpecFiles = new("AF1204", DiagnosticSeverity.Warning, "No spec file matched the config's specs: globs.");

    /// <summary>AF1205: The requested targets' nodes depend on each other in a cycle.</summary>
    public static readonly DiagnosticCode DependencyCycle = new("AF1205", DiagnosticSeverity.Error, "The requested targets' nodes depend on each other in a cycle.");

    // ---- assetforge.yaml (AF13xx) ----

    /// <summary>AF1301: The config file is named assetforge.yml; it must be assetforge.yaml.</summary>
    public static readonly DiagnosticCode ConfigFileMisnamed = new("AF1301", DiagnosticSeverity.Error, "The config file is named assetforge.yml; it must be assetforge.yaml.");

    /// <summary>AF1302: An execution provider other than auto, cpu, dml or cuda.</summary>
    public static readonly DiagnosticCode UnknownExecutionProvider = new("AF1302", DiagnosticSeverity.Error, "An execution provider other than auto, cpu, dml or cuda.");

    /// <summary>AF1303: A model name that cannot be declared (reserved builtin: prefix, characters outside [A-Za-z0-9._-]).</summary>
    public static readonly DiagnosticCode InvalidModelName = new("AF1303", DiagnosticSeverity.Error, "A model name that cannot be declared (reserved builtin: prefix, characters outside [A-Za-z0-9._-]).");

    /// <summary>AF1304: A declared model folder does not exist (specs that use it fail with AF1111).</summary>
    public static readonly DiagnosticCode ModelFolderNotFound = new("AF1304", DiagnosticSeverity.Warning, "A declared model folder does not exist (specs that use it fail with AF1111).");

    /// <summary>AF1305: A field that cannot have a default under defaults: (id, output, prompt).</summary>
    public static readonly DiagnosticCode FieldHasNoDefault = new("AF1305", DiagnosticSeverity.Error, "A field that cannot have a default under defaults: (id, output, prompt).");

    /// <summary>AF1306: A spec glob that is empty, absolute or climbs out of the project.</summary>
    public static readonly DiagnosticCode InvalidGlob = new("AF1306", DiagnosticSeverity.Error, "A spec glob that is empty, absolute or climbs out of the project.");

    /// <summary>AF1307: A plugin folder that does not exist.</summary>
    public static readonly DiagnosticCode PluginFolderNotFound = new("AF1307", DiagnosticSeverity.Warning, "A plugin folder that does not exist.");

    /// <summary>AF1308: An output or cache folder that cannot be used (empty, the project folder, output and cache the same).</summary>
    public static readonly DiagnosticCode InvalidDirectory = new("AF1308", DiagnosticSeverity.Error, "An output or cache folder that cannot be used (empty, the project folder, output and cache the same).");

    /// <summary>AF1309: A model entry's precision other than fp32 or fp16, or one its model cannot be compiled in (an ONNX export has the precision it was exported with).</summary>
    public static readonly DiagnosticCode InvalidPrecision = new("AF1309", DiagnosticSeverity.Error, "A model entry's precision other than fp32 or fp16, or one its model cannot be compiled in (an ONNX export has the precision it was exported with).");

    /// <summary>AF1310: A model entry's prediction_type other than epsilon or v_prediction.</summary>
    public static readonly DiagnosticCode InvalidPredictionType = new("AF1310", DiagnosticSeverity.Error, "A model entry's prediction_type other than epsilon or v_prediction.");

    // ---- Schedulers (AF2xxx) ----

    /// <summary>AF2101: A scheduler option is unknown or has a bad value.</summary>
    public static readonly DiagnosticCode InvalidSchedulerConfig = new("AF2101", DiagnosticSeverity.Error, "A scheduler option is unknown or has a bad value.");

    /// <summary>AF2102: The scheduler cannot make a schedule for these settings (too few or too many steps for its options).</summary>
    public static readonly DiagnosticCode UnschedulableSteps = new("AF2102", DiagnosticSeverity.Error, "The scheduler cannot make a schedule for these settings (too few or too many steps for its options).");

    // ---- Model backends (AF30xx) ----

    /// <summary>AF3001: The model cannot run here: no backend provides it, or the execution provider is not available.</summary>
    public static readonly DiagnosticCode ModelUnavailable = new("AF3001", DiagnosticSeverity.Error, "The model cannot run here: no backend provides it, or the execution provider is not available.");

    /// <summary>AF3002: A plugin failed with an unexpected exception instead of a diagnostic.</summary>
    public static readonly DiagnosticCode PluginCrashed = new("AF3002", DiagnosticSeverity.Error, "A plugin failed with an unexpected exception instead of a diagnostic.");

    /// <summary>AF3003: A model file cannot be loaded by ONNX Runtime, or its graph is not one the backend supports.</summary>
    public static readonly DiagnosticCode UnsupportedModelGraph = new("AF3003", DiagnosticSeverity.Error, "A model file cannot be loaded by ONNX Runtime, or its graph is not one the backend supports.");

    /// <summary>AF3004: img2img (init_image) needs the model's VAE encoder, which the model folder lacks.</summary>
    public static readonly DiagnosticCode ModelLacksVaeEncoder = new("AF3004", DiagnosticSeverity.Error, "img2img (init_image) needs the model's VAE encoder, which the model folder lacks.");

    /// <summary>AF3005: The model cannot generate this job (a size that is not a multiple of the VAE scale, no timesteps).</summary>
    public static readonly DiagnosticCode InvalidImageJob = new("AF3005", DiagnosticSeverity.Error, "The model cannot generate this job (a size that is not a multiple of the VAE scale, no timesteps).");

    /// <summary>AF3006: The model (or its backend) cannot generate tiling images.</summary>
    public static readonly DiagnosticCode TilingUnsupported = new("AF3006", DiagnosticSeverity.Error, "The model (or its backend) cannot generate tiling images.");

    /// <summary>AF3007: A contact sheet request whose cells do not fill its grid.</summary>
    public static readonly DiagnosticCode InvalidContactSheet = new("AF3007", DiagnosticSeverity.Error, "A contact sheet request whose cells do not fill its grid.");

    /// <summary>AF3008: The model's tokenizer files are missing or malformed.</summary>
    public static readonly DiagnosticCode InvalidTokenizer = new("AF3008", DiagnosticSeverity.Error, "The model's tokenizer files are missing or malformed.");

    /// <summary>AF3009: The model folder does not exist, is not an ONNX export in the diffusers/Optimum layout, or names no built-in model.</summary>
    public static readonly DiagnosticCode InvalidModelFolder = new("AF3009", DiagnosticSeverity.Error, "The model folder does not exist, is not an ONNX export in the diffusers/Optimum layout, or names no built-in model.");

    /// <summary>AF3010: A model's scheduler/scheduler_config.json cannot be read.</summary>
    public static readonly DiagnosticCode BadModelSchedulerConfig = new("AF3010", DiagnosticSeverity.Error, "A model's scheduler/scheduler_config.json cannot be read.");

    // ---- Checkpoints compiled by the onnx plugin (AF32xx) ----

    /// <summary>AF3201: A .safetensors file that is not well-formed: truncated, or a lying header (offsets past the end, overlaps, unknown dtype, huge header).</summary>
    public static readonly DiagnosticCode SafetensorsMalformed = new("AF3201", DiagnosticSeverity.Error, "A .safetensors file that is not well-formed: truncated, or a lying header (offsets past the end, overlaps, unknown dtype, huge header).");

    /// <summary>AF3202: A checkpoint lacks a weight its configuration needs, or has it in an unusable shape.</summary>
    public static readonly DiagnosticCode CheckpointWeightMissing = new("AF3202", DiagnosticSeverity.Error, "A checkpoint lacks a weight its configuration needs, or has it in an unusable shape.");

    /// <summary>AF3203: A component configuration that cannot be read, or asks for what the graph builders do not support.</summary>
    public static readonly DiagnosticCode ComponentConfigUnsupported = new("AF3203", DiagnosticSeverity.Error, "A component configuration that cannot be read, or asks for what the graph builders do not support.");

    /// <summary>AF3204: A LoRA that cannot be merged: a key matching no weight, half of a pair missing, shapes that do not fit, or a model that is not a compiled checkpoint.</summary>
    public static readonly DiagnosticCode LoraUnmatched = new("AF3204", DiagnosticSeverity.Error, "A LoRA that cannot be merged: a key matching no weight, half of a pair missing, shapes that do not fit, or a model that is not a compiled checkpoint.");

    // ---- Plugins (AF31xx) ----

    /// <summary>AF3100: A plugin failed to load (bad assembly, incompatible contract version).</summary>
    public static readonly DiagnosticCode PluginLoadFailed = new("AF3100", DiagnosticSeverity.Warning, "A plugin failed to load (bad assembly, incompatible contract version).");

    /// <summary>AF3101: Two plugins provide a component with the same id; the first one loaded is used.</summary>
    public static readonly DiagnosticCode DuplicateComponentId = new("AF3101", DiagnosticSeverity.Warning, "Two plugins provide a component with the same id; the first one loaded is used.");

    // ---- Cache and build state (AF40xx) ----

    /// <summary>AF4001: A cache blob's content does not match its hash; it is deleted and rebuilt.</summary>
    public static readonly DiagnosticCode CorruptBlob = new("AF4001", DiagnosticSeverity.Warning, "A cache blob's content does not match its hash; it is deleted and rebuilt.");

    /// <summary>AF4002: A cache action record is corrupt; it is deleted and rebuilt.</summary>
    public static readonly DiagnosticCode CorruptActionRecord = new("AF4002", DiagnosticSeverity.Warning, "A cache action record is corrupt; it is deleted and rebuilt.");

    /// <summary>AF4003: A cache action record names a blob that is missing; the asset is rebuilt.</summary>
    public static readonly DiagnosticCode MissingBlob = new("AF4003", DiagnosticSeverity.Warning, "A cache action record names a blob that is missing; the asset is rebuilt.");

    /// <summary>AF4004: The project's build state could not be read; it is rebuilt from the cache.</summary>
    public static readonly DiagnosticCode BadBuildState = new("AF4004", DiagnosticSeverity.Warning, "The project's build state could not be read; it is rebuilt from the cache.");

    /// <summary>AF4005: An output, cache entry or build state file could not be written.</summary>
    public static readonly DiagnosticCode WriteFailed = new("AF4005", DiagnosticSeverity.Error, "An output, cache entry or build state file could not be written.");

    /// <summary>AF4006: A build was asked for an asset id no spec defines.</summary>
    public static readonly DiagnosticCode UnknownAssetId = new("AF4006", DiagnosticSeverity.Error, "A build was asked for an asset id no spec defines.");

    /// <summary>AF4007: A model AssetForge derived into the cache is damaged; it is rebuilt.</summary>
    public static readonly DiagnosticCode CorruptModel = new("AF4007", DiagnosticSeverity.Warning, "A model AssetForge derived into the cache is damaged; it is rebuilt.");

    /// <summary>AF4020: The remote cache is down, too slow, or refused a request; it is not used for the rest of the build.</summary>
    public static readonly DiagnosticCode RemoteUnavailable = new("AF4020", DiagnosticSeverity.Warning, "The remote cache is down, too slow, or refused a request; it is not used for the rest of the build.");

    /// <summary>AF4021: The remote cache sent a bad record, or bytes of the wrong hash or size.</summary>
    public static readonly DiagnosticCode RemoteCorruptDownload = new("AF4021", DiagnosticSeverity.Warning, "The remote cache sent a bad record, or bytes of the wrong hash or size.");

    /// <summary>AF4022: The remote cache refused an upload; uploads stop for the rest of the build.</summary>
    public static readonly DiagnosticCode RemoteUploadRefused = new("AF4022", DiagnosticSeverity.Warning, "The remote cache refused an upload; uploads stop for the rest of the build.");

    /// <summary>AF4023: The remote cache setting is not usable (bad URL, unset auth variable).</summary>
    public static readonly DiagnosticCode RemoteBadSetting = new("AF4023", DiagnosticSeverity.Warning, "The remote cache setting is not usable (bad URL, unset auth variable).");

    /// <summary>AF4050: A generation is in neither cache and the build may not generate (--no-generate).</summary>
    public static readonly DiagnosticCode CacheMissWithGenerationOff = new("AF4050", DiagnosticSeverity.Error, "A generation is in neither cache and the build may not generate (--no-generate).");

    // ---- Images, post steps and sheets (AF41xx) ----

    /// <summary>AF4101: A contact sheet could not be made because some of its cells failed.</summary>
    public static readonly DiagnosticCode SheetCellFailed = new("AF4101", DiagnosticSeverity.Error, "A contact sheet could not be made because some of its cells failed.");

    /// <summary>AF4102: No loaded plugin offers an image toolkit.</summary>
    public static readonly DiagnosticCode NoImageToolkit = new("AF4102", DiagnosticSeverity.Error, "No loaded plugin offers an image toolkit.");

    /// <summary>AF4103: An image could not be read, decoded or resized.</summary>
    public static readonly DiagnosticCode UnreadableImage = new("AF4103", DiagnosticSeverity.Error, "An image could not be read, decoded or resized.");

    /// <summary>AF4104: Two images to compare have different sizes.</summary>
    public static readonly DiagnosticCode SizeMismatch = new("AF4104", DiagnosticSeverity.Error, "Two images to compare have different sizes.");

    /// <summary>AF4105: verify: the cache has no entry for the asset's current key.</summary>
    public static readonly DiagnosticCode NotCached = new("AF4105", DiagnosticSeverity.Warning, "verify: the cache has no entry for the asset's current key.");

    /// <summary>AF4110: A post step failed on its input (a crop larger than the image).</summary>
    public static readonly DiagnosticCode PostStepFailed = new("AF4110", DiagnosticSeverity.Error, "A post step failed on its input (a crop larger than the image).");

    /// <summary>AF4111: A sprite sheet could not be packed (a member failed, a frame wider than max_width).</summary>
    public static readonly DiagnosticCode SheetPackFailed = new("AF4111", DiagnosticSeverity.Error, "A sprite sheet could not be packed (a member failed, a frame wider than max_width).");

    // Declared after every code: static fields initialise in textual order.
    private static readonly DiagnosticCode[] Registered = Collect();

    /// <summary>Every registered code, in id order.</summary>
    public static IReadOnlyList<DiagnosticCode> All => Registered;

    /// <summary>The registered code with this id, or null.</summary>
    /// <param name="id">A code such as <c>AF1101</c>.</param>
    public static DiagnosticCode? Find(string id)
    {
        foreach (var code in Registered)
        {
            if (string.Equals(code.Id, id, StringComparison.Ordinal))
            {
                return code;
            }
        }

        return null;
    }

    /// <summary>The id, so a code can be passed where the id text is expected.</summary>
    /// <param name="code">The code.</param>
    public static implicit operator string(DiagnosticCode code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return code.Id;
    }

    /// <inheritdoc />
    public override string ToString() => Id;

    private static DiagnosticCode[] Collect()
    {
        var fields = typeof(DiagnosticCode).GetFields(BindingFlags.Public | BindingFlags.Static);
        var codes = new List<DiagnosticCode>(fields.Length);
        foreach (var field in fields)
        {
            if (field.FieldType == typeof(DiagnosticCode) && field.GetValue(null) is DiagnosticCode code)
            {
                codes.Add(code);
            }
        }

        codes.Sort(static (a, b) => string.CompareOrdinal(a.Id, b.Id));
        return [.. codes];
    }
}
