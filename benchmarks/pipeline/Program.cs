// Pipeline benchmarks on an SD 1.5-sized model (README, "Pipeline benchmarks"); each mode is one
// process, so /usr/bin/time -v gives each arm's own peak memory.
//
//   overhead (default): AssetForge vs bare ONNX Runtime sessions doing the same Run calls,
//       interleaved rounds in one process, each including session creation; medians and ratio.
//       --model DIR [--provider cpu] [--size 256] [--steps 10] [--batch 1] [--rounds 3] [--arms both|assetforge|bare]
//   unet: UNet sessions alone (AssetForge's session options), --steps calls on the guided batch
//       (2 rows per image); seconds per step after the first call. --versus DIR[,DIR] adds models
//       whose steps alternate with --model's in the same process (same load; not for peak memory).
//       --mode unet --model DIR [--versus DIR] [--size 256] [--steps 3] [--batch 1]
//   compile: AssetForge compiles a diffusers folder or .safetensors checkpoint into --into DIR.
//       --mode compile --model SOURCE --into DIR
using System.Globalization;
using AssetForge.Pipeline.Benchmarks;

var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i + 1 < args.Length; i += 2)
{
    arguments[args[i].TrimStart('-')] = args[i + 1];
}

string Arg(string name, string fallback) => arguments.TryGetValue(name, out var value) ? value : fallback;
int Int(string name, int fallback) => int.Parse(Arg(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
var model = Arg("model", "") is { Length: > 0 } m ? m : throw new ArgumentException("--model DIR is required");
var provider = Arg("provider", "cpu");
var size = Int("size", 256);
var batch = Int("batch", 1);

switch (Arg("mode", "overhead"))
{
    case "compile":
        CompileRun.Compile(model, Arg("into", "") is { Length: > 0 } into ? into : throw new ArgumentException("--into DIR is required"));
        break;
    case "unet":
        UnetStepRun.Measure([model, .. Arg("versus", "").Split(',', StringSplitOptions.RemoveEmptyEntries)], provider, size, Int("steps", 3), batch);
        break;
    default:
        await OverheadRun.MeasureAsync(model, provider, size, Int("steps", 10), batch, Int("rounds", 3), Arg("arms", "both"));
        break;
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set {System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024 * 1024):F2} GiB, load average {LoadAverage.Read()}"));
