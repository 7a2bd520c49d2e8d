namespace AssetForge.Core.Caching;

using System.Text.Json.Serialization;

/// <summary>
/// What the cache knows about one action (<c>actions/&lt;key&gt;.json</c>): its outputs, and who made
/// them. The time lives only here, never in an output, so outputs stay byte-reproducible.
/// </summary>
/// <param name="Schema">The record format's version (<see cref="CurrentSchema"/>).</param>
/// <param name="Key">The action key (hex), repeated so a misplaced record is detected.</param>
/// <param name="Outputs">The outputs, at least one.</param>
/// <param name="Producer">Who made them.</param>
/// <param name="CreatedUtc">When (UTC).</param>
public sealed record ActionRecord(
    [property: JsonPropertyName("schema")] int Schema,
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("outputs")] IReadOnlyList<ActionOutput> Outputs,
    [property: JsonPropertyName("producer")] ActionProducer Producer,
    [property: JsonPropertyName("created_utc")] DateTimeOffset CreatedUtc)
{
    /// <summary>The format version this host writes and reads.</summary>
    public const int CurrentSchema = 1;

    /// <summary>The name of a generation's image output.</summary>
    public const string ImageOutput = "image";

    /// <summary>The output named <paramref name="name"/>, or null.</summary>
    public ActionOutput? Output(string name)
    {
        foreach (var output in Outputs)
        {
            if (output.Name == name)
            {
                return output;
            }
        }

        return null;
    }
}
