namespace AssetForge.Onnx.Tests.Pipeline;

using System.Diagnostics;
using AssetForge.Abstractions.Models;
using AssetForge.Onnx.Tests.Support;

/// <summary>Writes sample images for people to look at and times them; run by name, never in CI.</summary>
[Explicit("writes sample PNGs for inspection")]
public sealed class TinySampleImages
{
    [Test]
    public async Task Write_samples()
    {
        var output = Environment.GetEnvironmentVariable("ASSETFORGE_SAMPLES") ?? Path.Combine(Path.GetTempPath(), "assetforge-tiny-samples");
        Directory.CreateDirectory(output);
        using var session = new OnnxModelBackend().Open(new ModelSessionOptions(TinyModelFixture.Directory, "cpu"));
        string[] prompts = ["red potion icon", "blue sword", "green forest at night", "gold coin"];
        foreach (var size in new[] { 64, 128 })
        {
            for (var p = 0; p < prompts.Length; p++)
            {
                for (ulong seed = 1; seed <= 2; seed++)
                {
                    var watch = Stopwatch.StartNew();
                    var image = (await session.GenerateAsync([TinyModelFixture.Job(prompt: prompts[p], seed: seed, steps: 20, size: size)], null, CancellationToken.None))[0];
                    TestContext.Out.WriteLine($"{size}x{size} '{prompts[p]}' seed {seed}: {watch.Elapsed.TotalMilliseconds:F0} ms");
                    await File.WriteAllBytesAsync(Path.Combine(output, $"{size}-p{p}-s{seed}.png"), image.Png);
                }
            }
        }
    }
}
