namespace AssetForge.Schedulers.Tests.Parity;

/// <summary>
/// The deterministic "UNet" the reference script uses: 0.3·x + float32(0.1·sin(t/37 + i)),
/// with the same float32 rounding as its torch code.
/// </summary>
internal static class StandInModel
{
    public static void Evaluate(ReadOnlySpan<float> input, float timestep, Span<float> output)
    {
        for (var i = 0; i < input.Length; i++)
        {
            output[i] = (0.3f * input[i]) + (float)(0.1 * Math.Sin((timestep / 37.0) + i));
        }
    }
}
