using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AssetForge.Onnx.Tests.Text;

/// <summary>
/// One prompt with the ids an independent CLIP tokenizer (Hugging Face transformers.js) gave it,
/// from tests/reference/tokenizer/clip_reference_ids.json (made by make_reference.mjs there).
/// </summary>
public sealed record ClipReferenceCase(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("tokens")] int[] Tokens,
    [property: JsonPropertyName("sd1")] int[] Sd1,
    [property: JsonPropertyName("sd2")] int[] Sd2,
    [property: JsonPropertyName("needsNfc")] bool NeedsNfc = false)
{
    /// <summary>All reference cases, each named after its text for readable test names.</summary>
    public static IEnumerable<TestCaseData> All()
    {
        string path = Path.Combine(ClipTokenizerFolder.RepoRoot, "tests", "reference", "tokenizer", "clip_reference_ids.json");
        using FileStream stream = File.OpenRead(path);
        ReferenceFile file = JsonSerializer.Deserialize<ReferenceFile>(stream)
            ?? throw new InvalidDataException($"{path} is empty.");
        foreach (ClipReferenceCase c in file.Cases)
        {
            var data = new TestCaseData(c).SetArgDisplayNames(Describe(c.Text));
            if (c.NeedsNfc && !NormalizationWorks)
            {
                // With InvariantGlobalization (the repository's setting) .NET has no ICU and string.Normalize does nothing.
                data.Ignore("needs NFC composition, which .NET lacks under InvariantGlobalization");
            }

            yield return data;
        }
    }

    private static bool NormalizationWorks => "e\u0301".Normalize(NormalizationForm.FormC) == "\u00E9";

    private static string Describe(string text)
    {
        string shown = text.Length > 40 ? text[..40] + "…" : text;
        return JsonSerializer.Serialize(shown);
    }

    private sealed record ReferenceFile([property: JsonPropertyName("cases")] ClipReferenceCase[] Cases);
}
