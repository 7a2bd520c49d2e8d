namespace AssetForge.Core.Specs.Schema;

using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using AssetForge.Core.Randomness;

/// <summary>
/// JSON Schemas (draft-07) for asset spec files and assetforge.yaml, for editors: VS Code's and
/// Rider's YAML support complete fields and flag mistakes while typing when a file starts with
/// <c># yaml-language-server: $schema=…</c>. Built from the validator's own field lists
/// (<see cref="AssetFields.All"/>, <see cref="AssetFields.Defaultable"/>, the config's keys) and
/// limits (<see cref="BuiltinAssetDefaults"/>, …), so a field or range added there appears here;
/// tests fail when the two disagree or when the committed schema files are not what this writes.
/// </summary>
/// <remarks>
/// The schema is a help, not the rule: the loader still validates everything (and says more,
/// e.g. "did you mean"). What a schema cannot say (a model name from assetforge.yaml, a scheduler
/// from a plugin) is plain text here.
/// </remarks>
public static class SpecJsonSchema
{
    /// <summary>The spec schema's file name.</summary>
    public const string SpecFileName = "assetforge-spec.schema.json";

    /// <summary>The config schema's file name.</summary>
    public const string ConfigFileName = "assetforge-config.schema.json";

    private const string Draft = "http://json-schema.org/draft-07/schema#";

    // Relaxed escaping: the files are read by editors, never embedded in HTML, and "don't" reads better than "don\u0027t".
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The schema of a spec file: one asset, or a list of assets each with an id.</summary>
    public static string Spec()
    {
        var asset = AssetObject(AssetFields.All, forDefaults: false);
        var withId = new JsonObject { ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = "#/definitions/asset" }, new JsonObject { ["required"] = new JsonArray("id") }) };
        var schema = new JsonObject
        {
            ["$schema"] = Draft,
            ["title"] = "AssetForge asset spec",
            ["description"] = "One asset (a mapping) or several (a list of mappings, each with an id). See the README's spec reference.",
            ["definitions"] = new JsonObject { ["asset"] = asset },
            ["anyOf"] = new JsonArray(
                new JsonObject { ["$ref"] = "#/definitions/asset" },
                new JsonObject { ["type"] = "array", ["minItems"] = 1, ["items"] = withId }),
        };
        return Write(schema);
    }

    /// <summary>The schema of assetforge.yaml.</summary>
    public static string Config()
    {
        var properties = new JsonObject();
        foreach (var key in ProjectConfigLoader.Keys)
        {
            properties[key] = ConfigField(key);
        }

        var schema = new JsonObject
        {
            ["$schema"] = Draft,
            ["title"] = "AssetForge project config (assetforge.yaml)",
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["properties"] = properties,
        };
        return Write(schema);
    }

    /// <summary>The schema (a JSON object) for one asset field.</summary>
    internal static JsonObject AssetField(string field) => field switch
    {
        AssetFields.Id => Text("The asset's id; default: the file's path under the project without extension.", minLength: 1),
        AssetFields.Output => Text("Output path under the output root, '/' separators (.png; .webp/.jpg when post ends in a format step).", minLength: 1),
        AssetFields.Model => Text($"A name from 'models:' in assetforge.yaml, or {BuiltinAssetDefaults.Model}.", minLength: 1),
        AssetFields.Prompt => Text("The text prompt.", minLength: 1),
        AssetFields.NegativePrompt => new JsonObject { ["description"] = "What to steer away from.", ["type"] = new JsonArray("string", "null") },
        AssetFields.Seed => Seed(),
        AssetFields.Steps => Integer($"Denoising steps (default {BuiltinAssetDefaults.Steps}).", BuiltinAssetDefaults.MinSteps, BuiltinAssetDefaults.MaxSteps),
        AssetFields.Cfg => new JsonObject { ["description"] = $"Classifier-free guidance scale (default {BuiltinAssetDefaults.Cfg}).", ["type"] = "number", ["minimum"] = BuiltinAssetDefaults.MinCfg, ["maximum"] = BuiltinAssetDefaults.MaxCfg },
        AssetFields.Scheduler => Text($"A scheduler id or alias (default {BuiltinAssetDefaults.Scheduler}); 'assetforge schedulers' lists them.", minLength: 1),
        AssetFields.SchedulerOptions => new JsonObject { ["description"] = "Overrides of the model's scheduler_config.json; 'assetforge schedulers' lists each scheduler's options.", ["type"] = "object" },
        AssetFields.Width or AssetFields.Height => Size(field),
        AssetFields.Rng => Enum($"The random generator (default {BuiltinAssetDefaults.Rng}).", NoiseSources.Kinds),
        AssetFields.InitImage => Text("img2img: a PNG/JPEG/WebP inside the project, next to the spec or from the project root.", minLength: 1),
        AssetFields.Strength => new JsonObject { ["description"] = "img2img: the fraction of the schedule run (default 0.8).", ["type"] = "number", ["exclusiveMinimum"] = 0, ["maximum"] = 1 },
        AssetFields.Variants => Variants(),
        AssetFields.Sweep => Sweep(),
        AssetFields.Tiling => new JsonObject { ["description"] = "true: wrap both axes (seamless texture); x or y: one axis; false: off.", ["enum"] = new JsonArray(true, false, "x", "y") },
        AssetFields.Loras => Loras("LoRAs merged into the (checkpoint) model after its entry's own; a spec's list replaces the default one. Files inside the project, next to the spec or from the project root."),
        AssetFields.Post => new JsonObject
        {
            ["description"] = "Post steps, each a cached stage: resize, crop, pad, color_key, format.",
            ["type"] = "array",
            ["items"] = new JsonObject { ["type"] = "object", ["minProperties"] = 1, ["maxProperties"] = 1 },
        },
        AssetFields.Sheet => SpriteSheet(),
        AssetFields.Prompt2 => Text("SDXL: the prompt for the second text encoder (default: prompt).", minLength: 1),
        AssetFields.NegativePrompt2 => new JsonObject { ["description"] = "SDXL: the negative prompt for the second text encoder (default: negative_prompt).", ["type"] = new JsonArray("string", "null") },
        AssetFields.OriginalSize => SizeConditioning("SDXL size conditioning: the original image size the model is told of, WIDTHxHEIGHT (default: width x height)."),
        AssetFields.TargetSize => SizeConditioning("SDXL size conditioning: the target size, WIDTHxHEIGHT (default: width x height)."),
        AssetFields.CropTopLeft => new JsonObject
        {
            ["description"] = "SDXL crop conditioning: [top, left] in pixels (default [0, 0]).",
            ["type"] = "array",
            ["items"] = new JsonObject { ["type"] = "integer", ["minimum"] = 0, ["maximum"] = SizeConditioningParser.MaxPixels },
            ["minItems"] = 2,
            ["maxItems"] = 2,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "a field the schema does not describe"),
    };

    private static JsonObject SizeConditioning(string description) => new()
    {
        ["description"] = description,
        ["type"] = "string",
        ["pattern"] = "^\\s*[0-9]+x[0-9]+\\s*$",
    };

    private static JsonObject ModelEntry()
    {
        var properties = new JsonObject();
        foreach (var key in ModelEntryParser.EntryKeys)
        {
            properties[key] = key switch
            {
                "path" => Text("The model's folder or .safetensors file, relative to assetforge.yaml.", minLength: 1),
                "prediction_type" => new JsonObject { ["description"] = "What the model predicts, when its scheduler config does not say it right (v_prediction for SD 2.x 768 models); replaces the folder's.", ["enum"] = new JsonArray([.. ModelEntryParser.PredictionTypes.Select(p => (JsonNode)p)]) },
                "precision" => new JsonObject { ["description"] = "The precision a checkpoint is compiled in (fp32 by default); inputs and outputs stay float32.", ["enum"] = new JsonArray([.. ModelEntryParser.Precisions.Select(p => (JsonNode)p)]) },
                _ => Loras("LoRAs merged into this checkpoint when it is compiled, in order."),
            };
        }

        return new JsonObject
        {
            ["oneOf"] = new JsonArray(
                Text("The model's folder or .safetensors file, relative to assetforge.yaml.", minLength: 1),
                new JsonObject { ["type"] = "object", ["additionalProperties"] = false, ["required"] = new JsonArray("path"), ["properties"] = properties }),
        };
    }

    private static JsonObject Loras(string description) => new()
    {
        ["description"] = description,
        ["type"] = "array",
        ["items"] = new JsonObject
        {
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["required"] = new JsonArray("file"),
            ["properties"] = new JsonObject
            {
                ["file"] = Text("A LoRA .safetensors file (kohya-ss or diffusers/PEFT).", minLength: 1),
                ["scale"] = new JsonObject { ["description"] = "The LoRA's strength (default 1).", ["type"] = "number" },
            },
        },
    };

    private static JsonObject AssetObject(IReadOnlyList<string> fields, bool forDefaults)
    {
        var properties = new JsonObject();
        foreach (var field in fields)
        {
            properties[field] = AssetField(field);
        }

        return new JsonObject
        {
            ["description"] = forDefaults ? "Defaults for every asset's fields (not id, output or prompt)." : "An asset: a generated image (prompt, seed, ...) or a sprite sheet (sheet).",
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["properties"] = properties,
        };
    }

    private static JsonObject ConfigField(string key) => key switch
    {
        "models" => new JsonObject { ["description"] = "Model name -> an ONNX export folder, a diffusers folder or a .safetensors checkpoint (relative to this file), or { path, loras }.", ["type"] = "object", ["additionalProperties"] = ModelEntry() },
        "defaults" => AssetObject(AssetFields.Defaultable, forDefaults: true),
        "output" => Text("The output root (default out).", minLength: 1),
        "cache" => Text("The local cache folder (default .assetforge/cache; ASSETFORGE_CACHE overrides it).", minLength: 1),
        "plugins" => new JsonObject { ["description"] = "Extra plugin folders.", ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
        "execution_provider" => Enum("auto picks CUDA or DirectML when present, else the CPU.", ProjectConfigLoader.ExecutionProviders),
        "specs" => new JsonObject { ["description"] = "Spec file globs (default: every .yaml/.yml but assetforge.yaml).", ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
        RemoteCacheSettingReader.Key => RemoteCache(),
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "a config key the schema does not describe"),
    };

    private static JsonObject RemoteCache()
    {
        var properties = new JsonObject();
        foreach (var field in RemoteCacheSettingReader.Fields)
        {
            properties[field] = field switch
            {
                "url" => Text("The Bazel HTTP cache URL.", minLength: 1),
                "upload" => new JsonObject { ["type"] = "boolean", ["description"] = "Upload generated results (false: read-only consumer)." },
                "auth_header_env" => Text("The environment variable holding the Authorization header value.", minLength: 1),
                _ => Integer("Seconds before the remote counts as unavailable.", 1, RemoteCacheSettingReader.MaxTimeoutSeconds),
            };
        }

        return new JsonObject
        {
            ["description"] = "A shared cache: a URL, or a mapping.",
            ["anyOf"] = new JsonArray(
                new JsonObject { ["type"] = "string" },
                new JsonObject { ["type"] = "object", ["additionalProperties"] = false, ["required"] = new JsonArray("url"), ["properties"] = properties }),
        };
    }

    private static JsonObject Seed() => new()
    {
        ["description"] = "0 to 2^64-1; 'random' is refused (builds must be reproducible).",
        ["type"] = "integer",
        ["minimum"] = 0,
        ["maximum"] = ulong.MaxValue,
    };

    private static JsonObject Size(string field) => new()
    {
        ["description"] = $"Image {field} in pixels, a multiple of {BuiltinAssetDefaults.SizeMultiple} (default {BuiltinAssetDefaults.Width}).",
        ["type"] = "integer",
        ["minimum"] = BuiltinAssetDefaults.MinSize,
        ["maximum"] = BuiltinAssetDefaults.MaxSize,
        ["multipleOf"] = BuiltinAssetDefaults.SizeMultiple,
    };

    private static JsonObject Variants() => new()
    {
        ["description"] = "One asset per seed: { seeds: [1, 2, 3] } or { count: N } (seed .. seed+N-1).",
        ["type"] = "object",
        ["additionalProperties"] = false,
        ["minProperties"] = 1,
        ["maxProperties"] = 1,
        ["properties"] = new JsonObject
        {
            ["seeds"] = new JsonObject { ["type"] = "array", ["minItems"] = 1, ["maxItems"] = ExpansionFieldParser.MaxVariants, ["uniqueItems"] = true, ["items"] = Seed() },
            ["count"] = Integer("How many seeds, from 'seed' on.", 1, ExpansionFieldParser.MaxVariants),
        },
    };

    private static JsonObject Sweep()
    {
        var properties = new JsonObject();
        foreach (var field in SweepAxis.Fields)
        {
            var value = field == SweepAxis.PromptSuffix ? new JsonObject { ["type"] = "string" } : AssetField(field);
            properties[field] = new JsonObject { ["anyOf"] = new JsonArray(value.DeepClone(), new JsonObject { ["type"] = "array", ["minItems"] = 1, ["items"] = value }) };
        }

        return new JsonObject
        {
            ["description"] = $"A matrix of at most {SweepAxis.MaxCells} cells over cfg, steps, scheduler, seed and prompt_suffix; the spec's output becomes the contact sheet.",
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["minProperties"] = 1,
            ["properties"] = properties,
        };
    }

    private static JsonObject SpriteSheet()
    {
        var properties = new JsonObject();
        foreach (var key in SheetFieldParser.Keys)
        {
            properties[key] = key switch
            {
                "members" => new JsonObject { ["description"] = "Asset ids or globs (icons/*) packed into the atlas.", ["type"] = "array", ["minItems"] = 1, ["items"] = new JsonObject { ["type"] = "string" } },
                "padding" => Integer($"Pixels between frames (default {SpriteSheetSpec.DefaultPadding}).", 0, SpriteSheetSpec.MaxPadding),
                "max_width" => Integer($"The atlas's maximum width (default {SpriteSheetSpec.DefaultMaxWidth}).", 1, SpriteSheetSpec.MaxMaxWidth),
                "packer" => Enum("How frames are placed: maxrects (default, tightest) or shelf (rows in id order).", SheetFieldParser.Packers),
                "format" => Enum("The map's format: texturepacker (JSON Hash, default), godot (.tres SpriteFrames) or unity (.meta slicing).", SheetFieldParser.Formats),
                "trim" => new JsonObject { ["type"] = "boolean", ["description"] = "Crop frames to their alpha bounds; the map records the offsets (default false)." },
                "rotate" => new JsonObject { ["type"] = "boolean", ["description"] = "Let max-rects store frames turned 90 degrees where that packs tighter (texturepacker maps only; default false)." },
                _ => new JsonObject { ["type"] = "boolean", ["description"] = "Round the atlas's sides up to powers of two (default false)." },
            };
        }

        return new JsonObject
        {
            ["description"] = "Makes the asset a sprite sheet of other assets, with a map (TexturePacker JSON, Godot or Unity) beside it.",
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["required"] = new JsonArray("members"),
            ["properties"] = properties,
        };
    }

    private static JsonObject Text(string description, int minLength) => new() { ["description"] = description, ["type"] = "string", ["minLength"] = minLength };

    private static JsonObject Integer(string description, long minimum, long maximum) => new() { ["description"] = description, ["type"] = "integer", ["minimum"] = minimum, ["maximum"] = maximum };

    private static JsonObject Enum(string description, IEnumerable<string> values)
    {
        var array = new JsonArray();
        foreach (var value in values)
        {
            array.Add(value);
        }

        return new JsonObject { ["description"] = description, ["enum"] = array };
    }

    private static string Write(JsonObject schema) => schema.ToJsonString(Indented).ReplaceLineEndings("\n") + "\n";
}
