namespace AssetForge.Pipeline.Benchmarks;

using System.Diagnostics;
using AssetForge.Onnx;

/// <summary>AssetForge's compiler on a checkpoint, timed (the host's content hash is stood in for by the path: the benchmark compiles once per folder).</summary>
internal static class CompileRun
{
    public static void Compile(string source, string into)
    {
        var clock = Stopwatch.StartNew();
        var compiled = new OnnxModelBackend().EnsureCompiled(source, "benchmark:" + Path.GetFullPath(source), [], into, CancellationToken.None);
        Console.WriteLine($"compiled {source} into {compiled} in {clock.Elapsed.TotalSeconds:F1} s");
    }
}
