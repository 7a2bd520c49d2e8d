namespace AssetForge.Schedulers.Tests.Parity;

using AssetForge.Abstractions.Randomness;

/// <summary>
/// Replays the noise draws diffusers made with a torch CPU generator, in order, and fails if a
/// scheduler asks for a draw of another size, or for more or fewer draws than diffusers made.
/// </summary>
internal sealed class ReplayingNoiseSource(IReadOnlyList<float[]> draws) : INoiseSource
{
    private int _next;

    public int Remaining => draws.Count - _next;

    public void NextStandardNormal(Span<float> destination)
    {
        if (_next >= draws.Count)
        {
            Assert.Fail($"The scheduler drew noise {_next + 1} times; diffusers drew {draws.Count} times.");
        }

        var draw = draws[_next];
        if (draw.Length != destination.Length)
        {
            Assert.Fail($"Noise draw {_next} has {destination.Length} elements; diffusers drew {draw.Length}.");
        }

        draw.CopyTo(destination);
        _next++;
    }
}
