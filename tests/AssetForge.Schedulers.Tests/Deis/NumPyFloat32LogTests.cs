namespace AssetForge.Schedulers.Tests.Deis;

using System.Text.Json;
using AssetForge.Schedulers.Deis;

/// <summary>The port of NumPy's float32 SIMD log against np.log (tests/reference/schedulers/numpy_log.json).</summary>
public sealed class NumPyFloat32LogTests
{
    [Test]
    public void Log_matches_numpy_bit_for_bit_on_the_reference_inputs()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "reference", "schedulers", "numpy_log.json")));
        var inputs = document.RootElement.GetProperty("x").EnumerateArray().Select(e => e.GetUInt32()).ToArray();
        var expected = document.RootElement.GetProperty("log").EnumerateArray().Select(e => e.GetUInt32()).ToArray();

        var mismatches = new List<string>();
        for (var i = 0; i < inputs.Length; i++)
        {
            var x = BitConverter.UInt32BitsToSingle(inputs[i]);
            var actual = BitConverter.SingleToUInt32Bits(NumPyFloat32Log.Log(x));
            if (actual != expected[i])
            {
                mismatches.Add($"log({x:R}) = {actual:x8}, numpy {expected[i]:x8}");
            }
        }

        Assert.That(mismatches, Is.Empty);
    }

    [Test]
    public void Log_differs_from_the_platform_log_on_some_inputs()
    {
        // Why the port exists: NumPy's log is not correctly rounded.
        var differing = 0;
        for (var i = 1; i <= 10000; i++)
        {
            var x = i * 0.0137f;
            if (NumPyFloat32Log.Log(x) != MathF.Log(x))
            {
                differing++;
            }
        }

        Assert.That(differing, Is.GreaterThan(0));
    }
}
