namespace AssetForge.Onnx.Pipeline;

/// <summary>
/// The guidance-scale embedding an LCM-distilled UNet takes as <c>timestep_cond</c>, as diffusers'
/// pipelines compute it (get_guidance_scale_embedding, in float32): w = cfg − 1, scaled by 1000,
/// then the sines and the cosines of w times log-spaced frequencies 10000^(−i/(half−1)); an odd
/// width ends with a zero. Such a UNet has guidance distilled in, so it runs one branch.
/// </summary>
internal static class GuidanceEmbedding
{
    public static void Write(double guidanceScale, Span<float> destination)
    {
        var half = destination.Length / 2;
        // float32 as torch computes it, each function in double and rounded once (torch's float32
        // kernels are within an ulp of that). The angles reach thousands of radians, where an ulp
        // of a frequency moves a sine by ~1e-5: far below what moves a pixel.
        var w = (float)(guidanceScale - 1.0) * 1000f;
        var step = (float)Math.Log(10000.0) / (half - 1);
        for (var i = 0; i < half; i++)
        {
            var angle = w * (float)Math.Exp(i * -step);
            destination[i] = (float)Math.Sin(angle);
            destination[half + i] = (float)Math.Cos(angle);
        }

        if (destination.Length % 2 == 1)
        {
            destination[^1] = 0f;
        }
    }
}
