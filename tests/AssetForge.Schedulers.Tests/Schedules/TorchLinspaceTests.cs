namespace AssetForge.Schedulers.Tests.Schedules;

using System.Text.Json;
using AssetForge.Schedulers.Schedules;
using AssetForge.Schedulers.Tests.Parity;

/// <summary>
/// The training betas come from torch.linspace; its float32 results are compared bit for bit
/// (tests/reference/schedulers/torch_linspace.json, written by make_reference.py).
/// </summary>
public sealed class TorchLinspaceTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(ReferenceCase.Folder, "torch_linspace.json")));
        foreach (var c in document.RootElement.GetProperty("cases").EnumerateArray())
        {
            var start = c.GetProperty("start").GetDouble();
            var end = c.GetProperty("end").GetDouble();
            var steps = c.GetProperty("steps").GetInt32();
            var bits = c.GetProperty("bits").EnumerateArray().Select(b => b.GetUInt32()).ToArray();
            yield return new TestCaseData(start, end, steps, bits).SetArgDisplayNames($"{start:R}..{end:R}x{steps}");
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Linspace_equals_torch_bit_for_bit(double start, double end, int steps, uint[] expectedBits)
    {
        var values = TrainingSchedule.TorchLinspace(start, end, steps);

        var bits = values.Select(BitConverter.SingleToUInt32Bits).ToArray();
        Assert.That(bits, Is.EqualTo(expectedBits));
    }
}
