namespace AssetForge.Schedulers.Tests.DpmSolverSde;

using System.Globalization;
using System.Text.Json;
using AssetForge.Schedulers.DpmSolverSde;

/// <summary>
/// The parts of dpmpp_sde's noise against the real libraries, bit for bit
/// (tests/reference/schedulers/brownian_interval.json, from make_brownian_reference.py).
/// </summary>
public sealed class BrownianNoiseReferenceTests
{
    private static readonly Lazy<JsonDocument> Reference = new(() => JsonDocument.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "reference", "schedulers", "brownian_interval.json"))));

    private static JsonElement Root => Reference.Value.RootElement;

    [Test]
    public void Brownian_increments_match_torchsde_bit_for_bit()
    {
        foreach (var interval in Root.GetProperty("brownian_intervals").EnumerateArray())
        {
            var size = interval.GetProperty("size").GetInt32();
            var tree = new BrownianInterval(
                interval.GetProperty("t0").GetDouble(),
                interval.GetProperty("t1").GetDouble(),
                size,
                ulong.Parse(interval.GetProperty("entropy").GetString()!, CultureInfo.InvariantCulture),
                tolerance: 1e-6,
                poolSize: 24);
            var actual = new float[size];
            foreach (var query in interval.GetProperty("queries").EnumerateArray())
            {
                tree.Increment(query.GetProperty("ta").GetDouble(), query.GetProperty("tb").GetDouble(), actual);
                var expected = query.GetProperty("w").EnumerateArray().Select(e => e.GetInt32()).ToArray();
                Assert.That(actual.Select(BitConverter.SingleToInt32Bits).ToArray(), Is.EqualTo(expected), query.GetRawText());
            }
        }
    }

    [Test]
    public void Seed_sequences_match_numpy()
    {
        foreach (var c in Root.GetProperty("seed_sequences").EnumerateArray())
        {
            var key = c.GetProperty("spawn_key").EnumerateArray().Select(e => ulong.Parse(e.GetString()!, CultureInfo.InvariantCulture)).ToArray();
            var state = new uint[4];

            NumPySeedSequence.GenerateState(
                ulong.Parse(c.GetProperty("entropy").GetString()!, CultureInfo.InvariantCulture), key, c.GetProperty("pool_size").GetInt32(), state);

            Assert.That(state, Is.EqualTo(c.GetProperty("state").EnumerateArray().Select(e => e.GetUInt32()).ToArray()), c.GetRawText());
        }
    }

    [Test]
    public void Rounding_to_six_decimals_matches_python()
    {
        foreach (var c in Root.GetProperty("rounding").EnumerateArray())
        {
            var x = c.GetProperty("x").GetDouble();
            Assert.That(DecimalRounding.Round(x, 6), Is.EqualTo(c.GetProperty("rounded").GetDouble()), x.ToString("R", CultureInfo.InvariantCulture));
        }
    }

    [Test]
    public void Float32_exp_matches_torch_bit_for_bit() => AssertMatchesTorch("exp", TorchFloat32Math.Exp);

    [Test]
    public void Float32_log_matches_torch_bit_for_bit() => AssertMatchesTorch("log", TorchFloat32Math.Log);

    private static void AssertMatchesTorch(string name, Func<float, float> function)
    {
        var mismatches = new List<string>();
        foreach (var pair in Root.GetProperty(name).EnumerateArray())
        {
            var x = BitConverter.Int32BitsToSingle(pair[0].GetInt32());
            var expected = pair[1].GetInt32();
            if (BitConverter.SingleToInt32Bits(function(x)) != expected)
            {
                mismatches.Add($"{name}({x:R}) = {function(x):R}, torch {BitConverter.Int32BitsToSingle(expected):R}");
            }
        }

        Assert.That(mismatches, Is.Empty);
    }
}
