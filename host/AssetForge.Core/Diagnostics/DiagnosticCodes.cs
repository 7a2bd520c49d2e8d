namespace AssetForge.Core.Diagnostics;

/// <summary>
/// The spec and config loaders' names for their codes. Every value is a code of the one registry,
/// <see cref="DiagnosticCode"/>, which says what it means; these are constants so that they work
/// in attributes and switch labels, and a test checks each against the registry. AF10xx: reading
/// a YAML file; AF11xx: asset fields; AF12xx: the project as a whole (ids, outputs, files);
/// AF13xx: assetforge.yaml. A code names a kind of mistake, not a file: the same mistake in a spec
/// and in assetforge.yaml has the same code (a config error still fails the whole build, a spec
/// error only its asset).
/// </summary>
public static class DiagnosticCodes
{
    // ---- AF10xx: reading a YAML file ----

    /// <summary>The text is not valid YAML (YamlDotNet's message and position).</summary>
    public const string YamlSyntax = "AF1001";

    /// <summary>A tab in indentation; YAML allows only spaces there.</summary>
    public const string TabIndentation = "AF1002";

    /// <summary>The file is not UTF-8 text: invalid UTF-8, NUL or other control characters (binary data).</summary>
    public const string NotText = "AF1003";

    /// <summary>The file is larger than the loader accepts; refused without parsing it.</summary>
    public const string FileTooLarge = "AF1004";

    /// <summary>The file holds no asset: empty, only comments, null, or an empty list.</summary>
    public const string EmptyFile = "AF1005";

    /// <summary>YAML anchors, aliases and merge keys are refused (they make alias bombs possible and hide values).</summary>
    public const string AnchorsNotSupported = "AF1006";

    /// <summary>An explicit YAML tag other than <c>!!str</c> or <c>!</c>.</summary>
    public const string TagNotSupported = "AF1007";

    /// <summary>More than one YAML document (<c>---</c>) in one file.</summary>
    public const string MultipleDocuments = "AF1008";

    /// <summary>Values nested deeper than any spec needs.</summary>
    public const string NestingTooDeep = "AF1009";

    /// <summary>The same key twice in one mapping.</summary>
    public const string DuplicateKey = "AF1010";

    /// <summary>A mapping key that is not a plain name (a list, a mapping, an empty key).</summary>
    public const string InvalidKey = "AF1011";

    /// <summary>The file could not be read (I/O error, permission denied, vanished).</summary>
    public const string FileUnreadable = "AF1012";

    /// <summary>The top level (or a list item) is not a mapping of fields, e.g. a bare scalar.</summary>
    public const string NotAMapping = "AF1013";

    /// <summary>A pipe, a device or another file that is not a regular file: never read (it could block or never end).</summary>
    public const string NotARegularFile = "AF1014";

    // ---- AF11xx: asset fields ----

    /// <summary>A key that is not a field; the message suggests the closest field name.</summary>
    public const string UnknownKey = "AF1101";

    /// <summary>A field of DESIGN §3 that this version does not implement yet (now only post).</summary>
    public const string NotSupportedYet = "AF1102";

    /// <summary>A value of the wrong type (text where a number is expected, a list where text is expected, 20.5 steps...).</summary>
    public const string WrongType = "AF1103";

    /// <summary>A required field (prompt, seed) is absent and has no default.</summary>
    public const string MissingField = "AF1104";

    /// <summary>A text field that must not be empty is empty or only whitespace (prompt, id, model...).</summary>
    public const string EmptyValue = "AF1105";

    /// <summary>A number outside its range (steps 1..1000, cfg 0..50, width/height 8..4096, seed 0..2^64-1).</summary>
    public const string OutOfRange = "AF1106";

    /// <summary>Width or height not a multiple of 8.</summary>
    public const string NotMultipleOf8 = "AF1107";

    /// <summary>A number that is NaN or infinite.</summary>
    public const string NotFinite = "AF1108";

    /// <summary><c>seed: random</c>: builds must be reproducible, so a seed must be written down.</summary>
    public const string RandomSeed = "AF1109";

    /// <summary>A model name that is neither in assetforge.yaml's <c>models:</c> nor a built-in model.</summary>
    public const string UnknownModel = "AF1110";

    /// <summary>The asset's model is declared in assetforge.yaml but its folder does not exist.</summary>
    public const string ModelFolderMissing = "AF1111";

    /// <summary>A scheduler that no loaded plugin provides.</summary>
    public const string UnknownScheduler = "AF1112";

    /// <summary>An RNG kind other than torch, torch-avx2 or numpy.</summary>
    public const string UnknownRng = "AF1113";

    /// <summary>An output path that leaves the output root: <c>..</c>, an absolute path, a drive letter, a UNC path.</summary>
    public const string OutputEscapesRoot = "AF1114";

    /// <summary>An output path whose file name does not end in <c>.png</c>.</summary>
    public const string OutputNotPng = "AF1115";

    /// <summary>An output path that is not portable: characters Windows forbids, reserved names, segments ending in a dot or space.</summary>
    public const string InvalidOutputPath = "AF1116";

    /// <summary>An id that is unusable: control characters, leading/trailing whitespace.</summary>
    public const string InvalidId = "AF1117";

    /// <summary>A scheduler_options entry that cannot be represented as JSON (e.g. <c>.inf</c>, <c>.nan</c>).</summary>
    public const string InvalidSchedulerOption = "AF1118";

    /// <summary>The init_image file does not exist (next to the spec or in the project).</summary>
    public const string InitImageNotFound = "AF1119";

    /// <summary>strength without init_image, or out of (0, 1].</summary>
    public const string InvalidStrength = "AF1120";

    /// <summary>A malformed variants: mapping.</summary>
    public const string InvalidVariants = "AF1121";

    /// <summary>A malformed sweep: mapping.</summary>
    public const string InvalidSweep = "AF1122";

    /// <summary>A tiling: value other than true, false, x or y.</summary>
    public const string InvalidTiling = "AF1123";

    /// <summary>An init_image that cannot be used: not a regular file, too large (bytes or pixels, from its header), not a PNG/JPEG/WebP, or truncated.</summary>
    public const string InvalidInitImage = "AF1124";

    /// <summary>A path a spec or the command line names (init_image, a --specs-from entry) that resolves outside the project folder.</summary>
    public const string PathOutsideProject = "AF1125";

    /// <summary>A <c>loras:</c> file (in a spec or <c>defaults:</c>) that does not exist, or is not a regular file.</summary>
    public const string LoraFileUnusable = "AF1126";

    // ---- AF12xx: the project's specs as a whole ----

    /// <summary>Two assets write the same output file (compared case-insensitively: the same file on Windows and macOS). Reported at both.</summary>
    public const string DuplicateOutput = "AF1201";

    /// <summary>Two assets have the same id. Reported at both.</summary>
    public const string DuplicateId = "AF1202";

    /// <summary>An item of a list of assets has no id (the file-path default would give every item the same id).</summary>
    public const string ListItemWithoutId = "AF1203";

    /// <summary>No spec file matched the config's <c>specs:</c> globs (warning).</summary>
    public const string NoSpecFiles = "AF1204";

    /// <summary>The requested targets' nodes depend on each other in a cycle.</summary>
    public const string DependencyCycle = "AF1205";

    // ---- AF13xx: assetforge.yaml ----

    /// <summary>The config file is named assetforge.yml; it must be assetforge.yaml.</summary>
    public const string ConfigFileMisnamed = "AF1301";

    /// <summary>An execution provider other than auto, cpu, dml or cuda.</summary>
    public const string UnknownExecutionProvider = "AF1302";

    /// <summary>A model name that cannot be declared (reserved <c>builtin:</c> prefix, characters outside [A-Za-z0-9._-]).</summary>
    public const string InvalidModelName = "AF1303";

    /// <summary>A model folder that does not exist at load time (warning; specs that use the model fail with <see cref="ModelFolderMissing"/>).</summary>
    public const string ModelFolderNotFound = "AF1304";

    /// <summary>A field that cannot have a default under <c>defaults:</c> (id, output, prompt: they are per asset).</summary>
    public const string FieldHasNoDefault = "AF1305";

    /// <summary>A spec glob that is empty, absolute or climbs out of the project with <c>..</c>.</summary>
    public const string InvalidGlob = "AF1306";

    /// <summary>A plugin folder that does not exist (warning; the plugin loader reports what it cannot load).</summary>
    public const string PluginFolderNotFound = "AF1307";

    /// <summary>An output or cache folder that cannot be used (empty, the project folder itself, output and cache the same).</summary>
    public const string InvalidDirectory = "AF1308";

    /// <summary>A model entry's <c>precision:</c> other than fp32 or fp16, or one its model cannot be compiled in (an ONNX export, a backend that compiles fp32 only).</summary>
    public const string InvalidPrecision = "AF1309";

    /// <summary>A model entry's <c>prediction_type:</c> other than epsilon or v_prediction.</summary>
    public const string InvalidPredictionType = "AF1310";

    // ---- AF32xx: model checkpoints compiled by the onnx plugin (it raises them; listed here so no code is reused) ----

    /// <summary>A .safetensors file that is not well-formed: truncated, a lying header (offsets past the end, overlaps, unknown dtype, huge header).</summary>
    public const string SafetensorsMalformed = "AF3201";

    /// <summary>A checkpoint lacks a weight its configuration needs (or has it in an unusable shape).</summary>
    public const string CheckpointWeightMissing = "AF3202";

    /// <summary>A component config.json that cannot be read, or asks for something the graph builders do not support (SDXL conditioning, other block types...).</summary>
    public const string ComponentConfigUnsupported = "AF3203";

    /// <summary>A LoRA that cannot be merged: a key matching no weight (with a "did you mean"), a missing half of a pair, shapes that do not fit.</summary>
    public const string LoraUnmatched = "AF3204";
}
