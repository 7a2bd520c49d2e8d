namespace AssetForge.Onnx.Checkpoints;

/// <summary>What a path named in assetforge.yaml's <c>models:</c> holds, told apart by its files.</summary>
internal enum ModelSourceKind
{
    /// <summary>Neither kind below; opened as an ONNX export folder, which reports what it lacks.</summary>
    OnnxExport,

    /// <summary>A diffusers-format folder: model_index.json, unet/ vae/ text_encoder/ with config.json and .safetensors weights.</summary>
    DiffusersFolder,

    /// <summary>One .safetensors file in the original (CompVis/LDM) key layout, optionally with model.yaml and tokenizer/ beside it.</summary>
    SingleFile,
}
