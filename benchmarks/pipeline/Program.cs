// AssetForge vs bare ONNX Runtime sessions, interleaved rounds in one process, each including
// session creation (the model's files are in the page cache after the warm-up round).
// Usage: dotnet run --project benchmarks/pipeline -c Release -- --model DIR [--provider cpu]
//        [--size 256] [--steps 10] [--batch 1] [--rounds 3] [--memory-pattern-arm]
using System.Globalization;
using AssetForge.Pipeline.Benchmarks;

var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i + 1 < args.Length; i += 2)
{
    arguments[args[i].TrimStart('-')] = args[i + 1];
}

string Arg(string name, string fallback) => arguments.TryGetValue(name, out var value) ? value : fallback;
var model = Arg("model", "") is { Length: > 0 } m ? m : throw new ArgumentException("--model DIR is required");
var provider = Arg("provider", "cpu");
var size = int.Parse(Arg("size", "256"), CultureInfo.InvariantCulture);
var steps = int.Parse(Arg("steps", "10"), CultureInfo.InvariantCulture);
var batch = int.Parse(Arg("batch", "1"), CultureInfo.InvariantCulture);
var rounds = int.Parse(Arg("rounds", "3"), CultureInfo.InvariantCulture);
var patternArm = Arg("memory-pattern-arm", "no") == "yes";

var assetForge = new AssetForgeSessions(model, provider);
var bare = new BareSessions(model, provider, memoryPattern: false);
var bareWithPattern = new BareSessions(model, provider, memoryPattern: true);
Console.WriteLine($"model {model}, {provider}, {size}x{size}, {steps} steps, batch {batch}, {rounds} rounds (+1 warm-up)");
double af = 0, b = 0, bp = 0;
for (var round = 0; round <= rounds; round++)
{
    // Alternate which arm goes first, so neither always runs on a warmer machine.
    var first = round % 2 == 0;
    var tb1 = first ? TimeSpan.Zero : bare.Run(size, steps, batch);
    var ta = await assetForge.RunAsync(size, steps, batch, CancellationToken.None);
    var tb = first ? bare.Run(size, steps, batch) : tb1;
    var tp = patternArm ? bareWithPattern.Run(size, steps, batch) : TimeSpan.Zero;
    var peak = Environment.WorkingSet / (1024.0 * 1024 * 1024);
    Console.WriteLine($"round {round}{(round == 0 ? " (warm-up, not counted)" : "")}: assetforge {ta.TotalSeconds:F2} s, bare {tb.TotalSeconds:F2} s{(patternArm ? $", bare+memory pattern {tp.TotalSeconds:F2} s" : "")}, working set {peak:F2} GiB");
    if (round > 0)
    {
        af += ta.TotalSeconds;
        b += tb.TotalSeconds;
        bp += tp.TotalSeconds;
    }
}

Console.WriteLine($"ratio {af / b:F3}x (assetforge {af / rounds:F2} s / bare ORT {b / rounds:F2} s per run; goal <= 1.03x)");
if (patternArm)
{
    Console.WriteLine($"memory pattern on / off (bare): {bp / b:F3}x");
}

Console.WriteLine($"peak working set {System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024 * 1024):F2} GiB");
