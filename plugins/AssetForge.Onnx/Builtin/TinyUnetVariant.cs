namespace AssetForge.Onnx.Builtin;

/// <summary>
/// How the tiny UNet's interface is declared. The default matches a diffusers export (dynamic
/// batch, float32); the others exist so tests can prove the pipeline reads shapes and element
/// types from the model instead of assuming them.
/// </summary>
/// <param name="FixedBatch">0 for a symbolic <c>batch</c> dimension, else that fixed batch size.</param>
/// <param name="Float16">Whether the UNet's inputs and outputs are float16 (weights stay float32 inside, behind Cast nodes).</param>
/// <param name="Int64Timestep">Whether the timestep is int64 (as in Optimum exports) instead of float (diffusers' convert script).</param>
internal sealed record TinyUnetVariant(int FixedBatch = 0, bool Float16 = false, bool Int64Timestep = false)
{
    public static TinyUnetVariant Default { get; } = new();
}
