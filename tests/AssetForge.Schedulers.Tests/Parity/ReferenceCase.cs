namespace AssetForge.Schedulers.Tests.Parity;

using System.Text.Json;
using AssetForge.Abstractions.Scheduling;

/// <summary>One denoising run recorded from diffusers by tests/reference/schedulers/make_reference.py.</summary>
internal sealed record ReferenceCase(
    string Scheduler,
    string Name,
    SchedulerConfig ModelConfig,
    SchedulerConfig Options,
    int Steps,
    double Strength,
    float[] InitialLatents,
    float[]? AddNoiseNoise,
    float[]? NoisedLatents,
    float[] Timesteps,
    float InitNoiseSigma,
    IReadOnlyList<float[]> Noise,
    float[] Final)
{
    /// <summary>
    /// The committed reference data, or the folder named by <c>ASSETFORGE_SCHEDULER_REFERENCE</c>
    /// (cases written by make_reference.py's ad-hoc flags; schedulers without a file there are skipped).
    /// </summary>
    public static string Folder => Environment.GetEnvironmentVariable("ASSETFORGE_SCHEDULER_REFERENCE") is { Length: > 0 } folder
        ? folder
        : Path.Combine(AppContext.BaseDirectory, "reference", "schedulers");

    public static IEnumerable<TestCaseData> All(string scheduler, bool img2imgOnly = false)
    {
        var path = Path.Combine(Folder, scheduler + ".json");
        if (!File.Exists(path) && Environment.GetEnvironmentVariable("ASSETFORGE_SCHEDULER_REFERENCE") is { Length: > 0 })
        {
            yield break;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        foreach (var element in document.RootElement.GetProperty("cases").EnumerateArray())
        {
            var reference = Parse(element);
            if (img2imgOnly && reference.NoisedLatents is null)
            {
                continue;
            }

            yield return new TestCaseData(reference).SetArgDisplayNames($"{reference.Scheduler}/{reference.Name}");
        }
    }

    public override string ToString() => $"{Scheduler}/{Name}";

    private static ReferenceCase Parse(JsonElement e) => new(
        e.GetProperty("scheduler").GetString()!,
        e.GetProperty("name").GetString()!,
        SchedulerConfig.Parse(e.GetProperty("model_config").GetRawText()),
        SchedulerConfig.Parse(e.GetProperty("options").GetRawText()),
        e.GetProperty("steps").GetInt32(),
        e.GetProperty("strength").GetDouble(),
        Floats(e.GetProperty("initial_latents")),
        e.TryGetProperty("add_noise_noise", out var n) ? Floats(n) : null,
        e.TryGetProperty("noised_latents", out var l) ? Floats(l) : null,
        Floats(e.GetProperty("timesteps")),
        e.GetProperty("init_noise_sigma").GetSingle(),
        e.GetProperty("noise").EnumerateArray().Select(Floats).ToArray(),
        Floats(e.GetProperty("final")));

    private static float[] Floats(JsonElement array)
    {
        var result = new float[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            result[i++] = item.GetSingle();
        }

        return result;
    }
}
