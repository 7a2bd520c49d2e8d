namespace AssetForge.Core.Tests.Randomness;

using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;

/// <summary>Reads the vectors tests/reference/rng/make_reference.py wrote from torch and numpy.</summary>
internal static class RngReference
{
    private static readonly Lazy<JsonDocument> Vectors = new(() => Load("rng_reference.json"));
    private static readonly Lazy<JsonDocument> Properties = new(() => Load("rng_property.json"));
    private static readonly Lazy<JsonDocument> LibmDigests = new(() => Load("libm_digest.json"));

    public static string Directory
    {
        get
        {
            string root = typeof(RngReference).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "RepoRoot").Value!;
            return Path.Combine(root, "tests", "reference", "rng");
        }
    }

    public static IEnumerable<TestCaseData> Cases(string kind) => Cases(kind, "cases");

    /// <summary>The 2^25-element draws (torch kinds): most inputs of every float32 function the kernel calls.</summary>
    public static IEnumerable<TestCaseData> LargeCases(string kind) => Cases(kind, "large");

    private static IEnumerable<TestCaseData> Cases(string kind, string section)
    {
        foreach (JsonElement c in Vectors.Value.RootElement.GetProperty(kind).GetProperty(section).EnumerateArray())
        {
            ulong seed = ulong.Parse(c.GetProperty("seed").GetString()!, CultureInfo.InvariantCulture);
            var draws = c.GetProperty("draws").EnumerateArray().Select(ExpectedDraw.From).ToArray();
            string sizes = string.Join("+", draws.Select(d => d.Length));
            yield return new TestCaseData(seed, draws).SetArgDisplayNames($"seed {seed}", $"n {sizes}");
        }
    }

    public static IEnumerable<(ulong Seed, int[] Sizes, string Sha256)> PropertyCases(string kind)
    {
        foreach (JsonElement c in Properties.Value.RootElement.GetProperty(kind).GetProperty("cases").EnumerateArray())
        {
            yield return (
                ulong.Parse(c.GetProperty("seed").GetString()!, CultureInfo.InvariantCulture),
                c.GetProperty("sizes").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
                c.GetProperty("sha256").GetString()!);
        }
    }

    public static string LibmDigest(string function) =>
        LibmDigests.Value.RootElement.GetProperty(function).GetString()!;

    public static string Sha256(ReadOnlySpan<float> values)
    {
        byte[] bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    private static JsonDocument Load(string name) =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Directory, name)));
}

/// <summary>One expected draw: all its bits, or a digest plus its first and last elements.</summary>
public sealed record ExpectedDraw(int Length, uint[]? Bits, string? Sha256, uint[] Head, uint[] Tail)
{
    public static ExpectedDraw From(JsonElement e)
    {
        int n = e.GetProperty("n").GetInt32();
        if (e.TryGetProperty("bits", out JsonElement bits))
        {
            uint[] all = Hex(bits);
            return new ExpectedDraw(n, all, null, [], []);
        }

        return new ExpectedDraw(n, null, e.GetProperty("sha256").GetString(), Hex(e.GetProperty("head")), Hex(e.GetProperty("tail")));
    }

    public override string ToString() => $"randn({Length})";

    private static uint[] Hex(JsonElement array) =>
        array.EnumerateArray().Select(x => uint.Parse(x.GetString()!, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();
}
