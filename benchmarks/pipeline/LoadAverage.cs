namespace AssetForge.Pipeline.Benchmarks;

/// <summary>The machine's 1-minute load average (Linux), printed with every figure: a shared machine's timings mean little without it.</summary>
internal static class LoadAverage
{
    public static string Read() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
