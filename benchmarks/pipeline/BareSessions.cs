namespace AssetForge.Pipeline.Benchmarks;

using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

/// <summary>
/// The baseline: ONNX Runtime sessions for the text encoder, UNet and VAE decoder, doing only the
/// Run calls AssetForge makes for one guided txt2img job (two text encodings, one UNet call per
/// step on the [uncond; cond] batch, one decode per image), with inputs allocated once.
/// </summary>
internal sealed class BareSessions(string model, string provider)
{
    public TimeSpan Run(int size, int steps, int batch)
    {
        var clock = Stopwatch.StartNew();
        using var options = BenchmarkSessionOptions.Create(provider);
        using var text = new InferenceSession(Path.Combine(model, "text_encoder", "model.onnx"), options);
        using var unet = new InferenceSession(Path.Combine(model, "unet", "model.onnx"), options);
        using var vae = new InferenceSession(Path.Combine(model, "vae_decoder", "model.onnx"), options);
        var latent = size / 8;
        var rows = 2 * batch;
        // The hidden size and the token ids' type come from the sessions, as AssetForge reads them.
        var hidden = unet.InputMetadata["encoder_hidden_states"].Dimensions[2] is > 0 and var width ? width : 768;
        using var ids = text.InputMetadata["input_ids"].ElementDataType == TensorElementType.Int64
            ? OrtValue.CreateTensorValueFromMemory(new long[77], [1, 77])
            : OrtValue.CreateTensorValueFromMemory(new int[77], [1, 77]);
        using var sample = OrtValue.CreateTensorValueFromMemory(new float[rows * 4 * latent * latent], [rows, 4, latent, latent]);
        var timestepInput = unet.InputMetadata["timestep"];
        long[] timestepShape = timestepInput.Dimensions.Length == 0 ? [] : [rows];
        var timestepCount = timestepShape.Length == 0 ? 1 : rows;
        using var timestep = timestepInput.ElementDataType == TensorElementType.Int64
            ? OrtValue.CreateTensorValueFromMemory(new long[timestepCount], timestepShape)
            : OrtValue.CreateTensorValueFromMemory(new float[timestepCount], timestepShape);
        using var context = OrtValue.CreateTensorValueFromMemory(new float[rows * 77 * hidden], [rows, 77, hidden]);
        using var prediction = OrtValue.CreateTensorValueFromMemory(new float[rows * 4 * latent * latent], [rows, 4, latent, latent]);
        using var latents = OrtValue.CreateTensorValueFromMemory(new float[4 * latent * latent], [1, 4, latent, latent]);
        using var run = new RunOptions();
        for (var prompt = 0; prompt < 2; prompt++)
        {
            using var encoded = text.Run(run, ["input_ids"], [ids], ["last_hidden_state"]);
        }

        for (var step = 0; step < steps; step++)
        {
            unet.Run(run, ["sample", "timestep", "encoder_hidden_states"], [sample, timestep, context], ["out_sample"], [prediction]);
        }

        for (var image = 0; image < batch; image++)
        {
            using var decoded = vae.Run(run, ["latent_sample"], [latents], ["sample"]);
        }

        return clock.Elapsed;
    }
}
