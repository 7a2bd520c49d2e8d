namespace AssetForge.Core.Tests.Specs;

using System.Diagnostics;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Specs;

public sealed class HostileSpecTests
{
    [Test]
    public void A_10_MB_file_is_refused_from_its_size_without_being_read()
    {
        using var project = BadSpecTests.NewProject();
        var big = project.Path("big.yaml");
        using (var stream = File.Create(big))
        {
            // All zero bytes: had the loader read it, it would report NUL characters (AF1003) instead.
            stream.SetLength(10_000_000);
        }

        var result = project.LoadAll();

        var error = result.Diagnostics.Single(d => d.Location?.Path == big);
        Assert.Multiple(() =>
        {
            Assert.That(error.Code, Is.EqualTo(DiagnosticCodes.FileTooLarge));
            Assert.That(error.Message, Does.Contain("10,000,000 bytes"));
            Assert.That(result.Assets.Select(a => a.Id), Is.EqualTo(new[] { "good" }));
        });
    }

    [Test]
    public void Pathological_nesting_is_refused_without_deep_recursion()
    {
        using var project = BadSpecTests.NewProject();
        var deep = project.Write("deep.yaml", "prompt: " + new string('[', 500_000));

        var result = project.LoadAll();

        Assert.That(result.Diagnostics.Single(d => d.Location?.Path == deep).Code, Is.EqualTo(DiagnosticCodes.NestingTooDeep));
    }

    [Test]
    public void A_file_that_is_only_a_byte_order_mark_is_empty()
    {
        using var project = BadSpecTests.NewProject();
        var bom = project.Write("bom.yaml", [0xEF, 0xBB, 0xBF]);

        var result = project.LoadAll();

        Assert.That(result.Diagnostics.Single(d => d.Location?.Path == bom).Code, Is.EqualTo(DiagnosticCodes.EmptyFile));
    }

    [Test]
    public void A_byte_order_mark_before_a_spec_is_ignored()
    {
        using var project = new TempProject();
        project.Write("potion.yaml", [0xEF, 0xBB, 0xBF, .. "prompt: red potion\nseed: 1\n"u8]);

        Assert.That(project.LoadAll().Assets.Single().Prompt, Is.EqualTo("red potion"));
    }

    [Test]
    public void Crlf_line_endings_give_the_same_positions()
    {
        using var project = new TempProject();
        var file = project.Write("potion.yaml", "prompt: red potion\r\nseed: 1\r\nsteps: 0\r\n");

        var error = project.LoadAll().Diagnostics.Single();

        Assert.That(error.ToString(), Does.StartWith($"{file}(3,8): error AF1106:"));
    }

    [Test]
    [Category("Slow")]
    public void A_thousand_small_specs_load_together()
    {
        using var project = new TempProject();
        for (var i = 0; i < 1000; i++)
        {
            project.Write($"specs/group{i % 10}/asset{i:D4}.yaml", $"prompt: red potion number {i}, game icon, painterly\nnegative_prompt: blurry\nseed: {i}\nsteps: 25\ncfg: 7.5\nscheduler: euler\nwidth: 512\nheight: 512\n");
        }

        var loader = new SpecLoader(project.Config(), TempProject.Known);
        var clock = Stopwatch.StartNew();
        loader.LoadAll(CancellationToken.None);
        var cold = clock.Elapsed;
        clock.Restart();
        var result = loader.LoadAll(CancellationToken.None);
        var warm = clock.Elapsed;

        // No timed assertion (machines vary); the numbers are for the report.
        TestContext.Out.WriteLine($"Loaded {result.Assets.Count} specs: first load {cold.TotalMilliseconds:F1} ms (JIT included), second {warm.TotalMilliseconds:F1} ms.");
        Assert.That((result.Assets.Count, result.Diagnostics.Count), Is.EqualTo((1000, 0)));
    }
}
