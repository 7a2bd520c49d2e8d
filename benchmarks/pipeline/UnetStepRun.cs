namespace AssetForge.Pipeline.Benchmarks;

using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

/// <summary>
/// UNet sessions alone, the guided batch (uncond and cond rows) called step after step as the
/// pipeline calls it: how fast a model folder's UNet graph is on ONNX Runtime, for comparing
/// AssetForge's compiled graph with the converter's export of the same weights. With several
/// models their steps alternate (A, B, A, B, ...), so every arm sees the same machine load.
/// </summary>
internal static class UnetStepRun
{
    public static void Measure(IReadOnlyList<string> models, string provider, int size, int steps, int batch)
    {
        var arms = new List<UnetArm>();
        try
        {
            foreach (var model in models)
            {
                arms.Add(new UnetArm(model, provider, size, batch));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"session {model}: {arms[^1].LoadSeconds:F1} s"));
            }

            var times = new double[arms.Count][];
            for (var a = 0; a < arms.Count; a++)
            {
                times[a] = new double[steps];
            }

            for (var step = 0; step < steps; step++)
            {
                for (var a = 0; a < arms.Count; a++)
                {
                    times[a][step] = arms[a].Step();
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"step {step}{(step == 0 ? " (first call, not counted)" : "")} {arms[a].Model}: {times[a][step]:F2} s, load {LoadAverage.Read()}"));
                }
            }

            for (var a = 0; a < arms.Count; a++)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"unet {arms[a].Model}: {size}x{size}, batch {batch} ({2 * batch} rows): first call {times[a][0]:F2} s, median later step {Median(times[a].AsSpan(1)):F2} s"));
            }

            for (var a = 1; a < arms.Count; a++)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio {arms[a].Model} / {arms[0].Model}: {Median(times[a].AsSpan(1)) / Median(times[0].AsSpan(1)):F3}x per step"));
            }
        }
        finally
        {
            foreach (var arm in arms)
            {
                arm.Dispose();
            }
        }
    }

    private static double Median(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            return double.NaN;
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>One model's UNet session with its inputs and output allocated once.</summary>
    private sealed class UnetArm : IDisposable
    {
        private readonly SessionOptions _options;
        private readonly InferenceSession _unet;
        private readonly RunOptions _run = new();
        private readonly OrtValue[] _inputs;
        private readonly OrtValue _prediction;

        public UnetArm(string model, string provider, int size, int batch)
        {
            Model = model;
            var loading = Stopwatch.StartNew();
            _options = BenchmarkSessionOptions.Create(provider);
            _unet = new InferenceSession(Path.Combine(model, "unet", "model.onnx"), _options);
            LoadSeconds = loading.Elapsed.TotalSeconds;
            var latent = size / 8;
            var rows = 2 * batch;
            var hidden = _unet.InputMetadata["encoder_hidden_states"].Dimensions[2] is > 0 and var width ? width : 768;
            var timestepInput = _unet.InputMetadata["timestep"];
            long[] timestepShape = timestepInput.Dimensions.Length == 0 ? [] : [rows];
            var timestepCount = timestepShape.Length == 0 ? 1 : rows;
            _inputs =
            [
                OrtValue.CreateTensorValueFromMemory(Filled(rows * 4 * latent * latent, 1), [rows, 4, latent, latent]),
                timestepInput.ElementDataType == TensorElementType.Int64
                    ? OrtValue.CreateTensorValueFromMemory(new long[timestepCount], timestepShape)
                    : OrtValue.CreateTensorValueFromMemory(new float[timestepCount], timestepShape),
                OrtValue.CreateTensorValueFromMemory(Filled(rows * 77 * hidden, 2), [rows, 77, hidden]),
            ];
            _prediction = OrtValue.CreateTensorValueFromMemory(new float[rows * 4 * latent * latent], [rows, 4, latent, latent]);
        }

        public string Model { get; }

        public double LoadSeconds { get; }

        public double Step()
        {
            var clock = Stopwatch.StartNew();
            _unet.Run(_run, ["sample", "timestep", "encoder_hidden_states"], _inputs, ["out_sample"], [_prediction]);
            return clock.Elapsed.TotalSeconds;
        }

        public void Dispose()
        {
            foreach (var input in _inputs)
            {
                input.Dispose();
            }

            _prediction.Dispose();
            _run.Dispose();
            _unet.Dispose();
            _options.Dispose();
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
}
