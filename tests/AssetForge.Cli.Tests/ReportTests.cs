namespace AssetForge.Cli.Tests;

using System.Diagnostics;
using System.Text.RegularExpressions;
using AssetForge.Cli.Tests.Infrastructure;

/// <summary>assetforge report: a static page, checked in headless Chromium opened from file://.</summary>
[Category("Slow")]
public sealed partial class ReportTests
{
    private const string ChromiumPath = "/usr/bin/chromium";

    [Test]
    public async Task The_report_shows_every_image_and_the_sweep_grid_in_headless_chromium()
    {
        if (!File.Exists(ChromiumPath))
        {
            Assert.Ignore($"{ChromiumPath} is not installed (Debian package 'chromium'; .ci/run installs it): the report cannot be checked in a browser here.");
        }

        using var project = TestProject.CreateWithTwoIcons();
        project.Write("items/potion.yaml", "output: items/potion.png\nprompt: \"red potion\"\nseed: 5\nvariants: { count: 2 }\n");
        project.Write("props/crate.yaml", "output: props/crate.png\nprompt: \"wooden crate\"\nseed: 7\nsweep: { cfg: [6, 8], steps: [3, 5] }\n");
        project.Write("ui/icon-sheet.yaml", "output: ui/icon_sheet.png\nsheet: { members: [\"icons/*\"], padding: 2 }\n");
        var build = await project.RunAsync("build");
        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError);
        project.Edit("icons/potion-blue.yaml", "blue mana potion", "deep blue mana potion");

        var reportDirectory = project.PathOf("site");
        var report = await project.RunAsync("report", "--out", reportDirectory);
        Assert.That(report.ExitCode, Is.EqualTo(0), report.StandardError);
        var page = Path.Combine(reportDirectory, "index.html");

        var dom = await RunChromiumAsync("--dump-dom", new Uri(page).AbsoluteUri);
        var screenshot = Path.Combine(TestContext.CurrentContext.WorkDirectory, "report-screenshot.png");
        File.Delete(screenshot);
        await RunChromiumAsync($"--screenshot={screenshot}", "--window-size=1200,1600", new Uri(page).AbsoluteUri);

        var body = BodyAttributes().Match(dom);
        Assert.That(body.Success, Is.True, $"the page's load script did not run:\n{dom[..Math.Min(dom.Length, 2000)]}");
        var loaded = int.Parse(body.Groups["loaded"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var total = int.Parse(body.Groups["total"].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(total, Is.EqualTo(2 + 2 + 4 + 1 + 1), "two icons, two variants, four cells, a contact sheet and a sprite sheet atlas");
        Assert.That(loaded, Is.EqualTo(total), "every image loaded from file:// (none shows as broken)");
        Assert.That(dom, Does.Contain("class=\"file\" href=\"../out/ui/icon_sheet.json\""), "the sprite sheet's map is a link, not an image");
        Assert.That(dom, Does.Not.Contain(project.Directory), "the page does not show the absolute project path");
        Assert.That(DetailsBlocks().Count(dom), Is.EqualTo(2 + 4), "each variant and sweep cell carries its own parameters");
        Assert.That(body.Groups["grids"].Value, Is.EqualTo("1"), "the sweep shows as a grid");
        Assert.That(dom, Does.Contain("stale"), "the edited asset is marked stale");
        Assert.That(File.Exists(screenshot), Is.True, "chromium saved a screenshot");
        TestContext.AddTestAttachment(screenshot, "The report in headless Chromium");
    }

    private static async Task<string> RunChromiumAsync(params string[] args)
    {
        var profile = Path.Combine(Path.GetTempPath(), "assetforge-chromium-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(profile);
        try
        {
            var start = new ProcessStartInfo(ChromiumPath)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var flag in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--allow-file-access-from-files", $"--user-data-dir={profile}" })
            {
                start.ArgumentList.Add(flag);
            }

            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);
            Assert.That(process.ExitCode, Is.EqualTo(0), await stderr);
            return await stdout;
        }
        finally
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    [GeneratedRegex("<details>")]
    private static partial Regex DetailsBlocks();

    [GeneratedRegex("<body[^>]*data-images-loaded=\"(?<loaded>\\d+)\"[^>]*data-images-total=\"(?<total>\\d+)\"[^>]*data-grids=\"(?<grids>\\d+)\"")]
    private static partial Regex BodyAttributes();
}
