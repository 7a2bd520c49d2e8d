namespace AssetForge.Onnx.Checkpoints;

/// <summary>The precision a checkpoint is compiled in (a model entry's <c>precision:</c>).</summary>
internal enum ModelPrecision
{
    /// <summary>float32 throughout, as the checkpoint's diffusers pipeline computes on a CPU.</summary>
    Fp32,

    /// <summary>float16 weights and arithmetic, float32 inputs, outputs and sensitive operators (<see cref="Graph.Float16Conversion.Mixed"/>).</summary>
    Fp16,
}
