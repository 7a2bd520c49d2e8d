namespace AssetForge.Pipeline.Benchmarks;

using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

/// <summary>
/// One UNet session alone, the guided batch (uncond and cond rows) called step after step as
/// the pipeline calls it: how fast a model folder's UNet graph is on ONNX Runtime, for comparing
/// AssetForge's compiled graph with the converter's export of the same weights.
/// </summary>
internal static class UnetStepRun
{
    public static void Measure(string model, string provider, int size, int steps, int batch)
    {
        var loading = Stopwatch.StartNew();
        using var options = BenchmarkSessionOptions.Create(provider);
        using var unet = new InferenceSession(Path.Combine(model, "unet", "model.onnx"), options);
        var loadSeconds = loading.Elapsed.TotalSeconds;
        var latent = size / 8;
        var rows = 2 * batch;
        var hidden = unet.InputMetadata["encoder_hidden_states"].Dimensions[2] is > 0 and var width ? width : 768;
        var timestepInput = unet.InputMetadata["timestep"];
        long[] timestepShape = timestepInput.Dimensions.Length == 0 ? [] : [rows];
        var timestepCount = timestepShape.Length == 0 ? 1 : rows;
        using var sample = OrtValue.CreateTensorValueFromMemory(Filled(rows * 4 * latent * latent, 1), [rows, 4, latent, latent]);
        using var timestep = timestepInput.ElementDataType == TensorElementType.Int64
            ? OrtValue.CreateTensorValueFromMemory(new long[timestepCount], timestepShape)
            : OrtValue.CreateTensorValueFromMemory(new float[timestepCount], timestepShape);
        using var context = OrtValue.CreateTensorValueFromMemory(Filled(rows * 77 * hidden, 2), [rows, 77, hidden]);
        using var prediction = OrtValue.CreateTensorValueFromMemory(new float[rows * 4 * latent * latent], [rows, 4, latent, latent]);
        using var run = new RunOptions();
        var times = new double[steps];
        for (var step = 0; step < steps; step++)
        {
            var clock = Stopwatch.StartNew();
            unet.Run(run, ["sample", "timestep", "encoder_hidden_states"], [sample, timestep, context], ["out_sample"], [prediction]);
            times[step] = clock.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"step {step}{(step == 0 ? " (first call, not counted)" : "")}: {times[step]:F2} s, load {LoadAverage.Read()}"));
        }

        var later = times.AsSpan(1).ToArray();
        Array.Sort(later);
        var median = later.Length == 0 ? double.NaN : later.Length % 2 == 1 ? later[later.Length / 2] : (later[(later.Length / 2) - 1] + later[later.Length / 2]) / 2;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"unet {model}: {size}x{size}, batch {batch} ({rows} rows): session {loadSeconds:F1} s, first call {times[0]:F2} s, median later step {median:F2} s"));
    }

    // Deterministic inputs of the scale the pipeline feeds (latents ~N(0,1), embeddings ~±1).
    private static float[] Filled(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }
}
