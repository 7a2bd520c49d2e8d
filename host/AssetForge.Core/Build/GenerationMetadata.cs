namespace AssetForge.Core.Build;

using System.Globalization;
using System.Text;
using System.Text.Json;
using AssetForge.Core.Hashing;

/// <summary>
/// The text chunks every generated PNG carries: <c>parameters</c> in the format AUTOMATIC1111's web
/// UI writes (and many tools read), and <c>assetforge</c>, the key and its canonical inputs.
/// </summary>
/// <remarks>
/// Both are functions of the key's inputs only: nothing time-, path- or id-dependent, so one cache
/// entry serves every asset with that key and a PNG's bytes never change when its asset is renamed
/// or moved.
/// </remarks>
public static class GenerationMetadata
{
    /// <summary>The A1111-style chunk's keyword.</summary>
    public const string ParametersKeyword = "parameters";

    /// <summary>AssetForge's chunk's keyword.</summary>
    public const string AssetForgeKeyword = "assetforge";

    /// <summary>The chunks of one generated image (or contact sheet) with these key fields.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> For(ActionKey key, IReadOnlyDictionary<string, string> fields, string? parameters) =>
        parameters is null
            ? [new(AssetForgeKeyword, AssetForgeText(key, fields))]
            : [new(ParametersKeyword, parameters), new(AssetForgeKeyword, AssetForgeText(key, fields))];

    /// <summary>The <c>assetforge</c> chunk: <c>{"key_schema":N,"key":"...","fields":{...}}</c>, canonical JSON.</summary>
    public static string AssetForgeText(ActionKey key, IReadOnlyDictionary<string, string> fields) =>
        CanonicalJson.Object(
        [
            new(ActionKeyInputs.SchemaField, CanonicalJson.Number(ActionKeyInputs.SchemaVersion)),
            new("key", CanonicalJson.String(key.Hex)),
            new("fields", CanonicalJson.Object(fields)),
        ]);

    /// <summary>
    /// The A1111 <c>parameters</c> text: the prompt, <c>Negative prompt: ...</c> (when there is one),
    /// then <c>Steps: N, Sampler: X, CFG scale: Y, Seed: Z, Size: WxH, Model hash: H</c> (+ <c>Denoising strength</c> for img2img,
    /// + <c>Tiling: x|y|xy</c> for a tiling image).
    /// </summary>
    public static string Parameters(
        string prompt, string negativePrompt, int steps, string schedulerId, double cfg, ulong seed, int width, int height, string modelFingerprint, double? strength, string? tiling = null)
    {
        var text = new StringBuilder(prompt.Length + negativePrompt.Length + 160);
        text.Append(prompt).Append('\n');
        if (negativePrompt.Length > 0)
        {
            text.Append("Negative prompt: ").Append(negativePrompt).Append('\n');
        }

        var inv = CultureInfo.InvariantCulture;
        text.Append(inv, $"Steps: {steps}, Sampler: {SamplerName(schedulerId)}, CFG scale: {cfg.ToString("R", inv)}, Seed: {seed}, Size: {width}x{height}, Model hash: {modelFingerprint[..Math.Min(10, modelFingerprint.Length)]}");
        if (strength is { } s)
        {
            text.Append(inv, $", Denoising strength: {s.ToString("R", inv)}");
        }

        if (tiling is not null)
        {
            text.Append(", Tiling: ").Append(tiling);
        }

        return text.ToString();
    }

    /// <summary>A1111's name of a scheduler (its "sampler"); unknown ids as they are.</summary>
    public static string SamplerName(string schedulerId) => schedulerId switch
    {
        "euler" => "Euler",
        "euler_ancestral" => "Euler a",
        "ddim" => "DDIM",
        "heun" => "Heun",
        "lms" => "LMS",
        "dpmpp_2m" => "DPM++ 2M",
        "dpmpp_2m_karras" => "DPM++ 2M Karras",
        _ => schedulerId,
    };

    /// <summary>Reads an <c>assetforge</c> chunk back: the key and the fields (canonical JSON values); null when malformed.</summary>
    public static (string Key, IReadOnlyDictionary<string, string> Fields)? ParseAssetForgeText(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (!root.TryGetProperty("key", out var key) || key.ValueKind != JsonValueKind.String ||
                !root.TryGetProperty("fields", out var fields) || fields.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in fields.EnumerateObject())
            {
                map[property.Name] = CanonicalJson.Element(property.Value);
            }

            return (key.GetString()!, map);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
