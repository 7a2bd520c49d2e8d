namespace AssetForge.Cli.Output;

using System.Globalization;
using AssetForge.Abstractions.Models;

/// <summary>The text <c>build --timings</c> prints after the summary: per asset, per model, and the process's peak memory.</summary>
public static class TimingsTable
{
    /// <summary>Writes the table.</summary>
    /// <param name="output">Where to.</param>
    /// <param name="timings">What the build measured.</param>
    /// <param name="peakWorkingSetBytes">The process's peak working set.</param>
    public static void Write(TextWriter output, TimingsBuildObserver timings, long peakWorkingSetBytes)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(timings);
        foreach (var (model, provider, load) in timings.Models)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"model {model} on {provider}: loaded in {load.TotalMilliseconds:F0} ms"));
        }

        if (timings.Assets.Count > 0)
        {
            var width = Math.Max(5, timings.Assets.Max(a => a.AssetId.Length));
            output.WriteLine($"{"asset".PadRight(width)}  text-enc ms  unet ms (steps × mean)  vae ms  png ms  batch");
            foreach (var (id, t) in timings.Assets)
            {
                output.WriteLine(Row(id.PadRight(width), t));
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak memory (working set): {peakWorkingSetBytes / (1024.0 * 1024 * 1024):F2} GiB"));
    }

    private static string Row(string id, GenerationTimings t)
    {
        var unet = TimeSpan.Zero;
        foreach (var step in t.UnetSteps)
        {
            unet += step;
        }

        var mean = t.UnetSteps.Count > 0 ? unet.TotalMilliseconds / t.UnetSteps.Count : 0;
        var steps = string.Create(CultureInfo.InvariantCulture, $"{unet.TotalMilliseconds:F1} ({t.UnetSteps.Count} × {mean:F1})");
        return string.Create(CultureInfo.InvariantCulture, $"{id}  {t.TextEncoder.TotalMilliseconds,11:F1}  {steps,-22}  {t.VaeDecode.TotalMilliseconds,6:F1}  {t.PngEncode.TotalMilliseconds,6:F1}  {t.SharedBy,5}");
    }
}
