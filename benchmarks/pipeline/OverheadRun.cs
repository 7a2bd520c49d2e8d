namespace AssetForge.Pipeline.Benchmarks;

using System.Globalization;

/// <summary>AssetForge vs bare ONNX Runtime sessions, interleaved rounds in one process (the model's files are in the page cache after the warm-up round).</summary>
internal static class OverheadRun
{
    public static async Task MeasureAsync(string model, string provider, int size, int steps, int batch, int rounds, string arms)
    {
        var assetForge = new AssetForgeSessions(model, provider);
        var bare = new BareSessions(model, provider);
        var runAssetForge = arms is "both" or "assetforge";
        var runBare = arms is "both" or "bare";
        Console.WriteLine($"model {model}, {provider}, {size}x{size}, {steps} steps, batch {batch}, {rounds} rounds (+1 warm-up), arms {arms}");
        var af = new List<double>();
        var b = new List<double>();
        for (var round = 0; round <= rounds; round++)
        {
            // Alternate which arm goes first, so neither always runs on a warmer machine.
            var bareFirst = round % 2 == 1;
            double? tb = runBare && bareFirst ? bare.Run(size, steps, batch).TotalSeconds : null;
            double? ta = runAssetForge ? (await assetForge.RunAsync(size, steps, batch, CancellationToken.None).ConfigureAwait(false)).TotalSeconds : null;
            tb ??= runBare ? bare.Run(size, steps, batch).TotalSeconds : null;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round}{(round == 0 ? " (warm-up, not counted)" : "")}: assetforge {Seconds(ta)}, bare {Seconds(tb)}, load {LoadAverage.Read()}"));
            if (round > 0)
            {
                if (ta is { } a)
                {
                    af.Add(a);
                }

                if (tb is { } t)
                {
                    b.Add(t);
                }
            }
        }

        if (af.Count > 0 && b.Count > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio {Median(af) / Median(b):F3}x (medians: assetforge {Median(af):F2} s / bare ORT {Median(b):F2} s per run; goal <= 1.03x)"));
        }
        else if (af.Count + b.Count > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median {Median(af.Count > 0 ? af : b):F2} s per run ({arms})"));
        }
    }

    private static string Seconds(double? value) => value is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v:F2} s") : "-";

    private static double Median(List<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
