namespace AssetForge.Core.Tests.Specs;

using System.Diagnostics;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Specs;
using AssetForge.Core.Specs.Inputs;

/// <summary>Only regular files inside the project are read, with size limits; init images are checked from their header.</summary>
public sealed class InputFileTests
{
    private const string Ok = "prompt: red potion\nseed: 1\n";

    [Test]
    public void A_fifo_named_like_a_spec_is_an_error_not_a_hang()
    {
        using var project = BadSpecTests.NewProject();
        var fifo = MakeFifo(project, "pipe.yaml");

        var result = LoadWithin(project, TimeSpan.FromSeconds(20));

        Assert.That(result.Diagnostics.Single(d => d.Location?.Path == fifo).Severity, Is.EqualTo(DiagnosticSeverity.Error));
        Assert.That(result.Assets.Select(a => a.Id), Is.EqualTo(new[] { "good" }));
    }

    [Test]
    public void An_init_image_that_is_a_fifo_is_an_error_not_a_hang()
    {
        using var project = BadSpecTests.NewProject();
        MakeFifo(project, "sketch.png");
        project.Write("bad.yaml", Ok + "init_image: sketch.png\n");

        var error = LoadWithin(project, TimeSpan.FromSeconds(20)).Diagnostics.Single(d => d.Code == DiagnosticCodes.InvalidInitImage);

        Assert.That(error.Message, Does.Contain("not a regular file"));
    }

    [Test]
    public void An_init_image_linked_to_an_endless_device_is_refused_without_reading_it()
    {
        using var project = BadSpecTests.NewProject();
        File.CreateSymbolicLink(project.Path("noise.png"), "/dev/urandom");
        project.Write("bad.yaml", Ok + "init_image: noise.png\n");

        var error = LoadWithin(project, TimeSpan.FromSeconds(20)).Diagnostics.Single(d => d.Code == DiagnosticCodes.InvalidInitImage);

        Assert.That((error.Location!.Value.Line, error.Location.Value.Column), Is.EqualTo((3, 13)));
    }

    [Test]
    public void An_init_image_whose_header_declares_too_many_pixels_is_refused_before_decoding()
    {
        using var project = BadSpecTests.NewProject();
        var bomb = project.Write("bomb.png", TestPng.DeclaringSize(20000, 20000));
        project.Write("bad.yaml", Ok + "init_image: bomb.png\n");

        var error = project.LoadAll().Diagnostics.Single(d => d.Code == DiagnosticCodes.InvalidInitImage);

        Assert.That(new FileInfo(bomb).Length, Is.LessThan(200));
        Assert.That(error.Message, Does.Contain("20000x20000").And.Contain("4096x4096"));
    }

    [Test]
    public void A_truncated_init_image_is_an_error()
    {
        using var project = BadSpecTests.NewProject();
        var png = TestPng.Encode(64, 64);
        project.Write("cut.png", png[..(png.Length / 2)]);
        project.Write("bad.yaml", Ok + "init_image: cut.png\n");

        var error = project.LoadAll().Diagnostics.Single(d => d.Code == DiagnosticCodes.InvalidInitImage);

        Assert.That(error.Message, Does.Contain("truncated"));
    }

    [Test]
    public void A_complete_png_init_image_is_accepted()
    {
        using var project = BadSpecTests.NewProject();
        var sketch = project.Write("sketch.png", TestPng.Encode(64, 64));
        project.Write("img2img.yaml", Ok + "init_image: sketch.png\n");

        var result = project.LoadAll();

        Assert.That(result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error), Is.Empty);
        Assert.That(result.Assets.Single(a => a.Id == "img2img").InitImage, Is.EqualTo(sketch));
    }

    [TestCase("/etc/passwd")]
    [TestCase("../../outside.png")]
    public void An_init_image_outside_the_project_is_refused_by_the_path_rule(string path)
    {
        using var project = BadSpecTests.NewProject();
        project.Write("bad.yaml", Ok + $"init_image: {path}\n");

        var error = project.LoadAll().Diagnostics.Single(d => d.Code == DiagnosticCodes.PathOutsideProject);

        Assert.That((error.Location!.Value.Line, error.Location.Value.Column), Is.EqualTo((3, 13)));
    }

    [Test]
    public void A_listed_spec_file_outside_the_project_is_refused_by_the_path_rule()
    {
        using var project = BadSpecTests.NewProject();
        using var elsewhere = new TempProject();
        var outside = elsewhere.Write("stray.yaml", Ok);
        var config = project.Config() with { SpecFiles = [project.Path("good.yaml"), outside] };

        var result = new SpecLoader(config, TempProject.Known).LoadAll(CancellationToken.None);

        Assert.That(result.Diagnostics.Single(d => d.Location?.Path == outside).Code, Is.EqualTo(DiagnosticCodes.PathOutsideProject));
        Assert.That(result.Assets.Select(a => a.Id), Is.EqualTo(new[] { "good" }));
    }

    [Test]
    public void A_jpeg_without_its_end_marker_is_truncated()
    {
        // SOI, a baseline frame header of 640x480, a scan header, two bytes of scan data, no EOI.
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xC0, 0, 11, 8, 0x01, 0xE0, 0x02, 0x80, 1, 1, 0x11, 0, 0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 63, 0, 0x12, 0x34];

        var header = ImageHeader.Read(jpeg);

        Assert.That((header.Width, header.Height, header.Problem), Is.EqualTo((640L, 480L, "the JPEG is truncated (no end-of-image marker)")));
    }

    [Test]
    public void A_webp_shorter_than_its_riff_size_is_truncated()
    {
        byte[] webp = [.. "RIFF"u8, 100, 0, 0, 0, .. "WEBPVP8L"u8, 10, 0, 0, 0, 0x2F, 0, 0, 0, 0];

        Assert.That(ImageHeader.Read(webp).Problem, Does.Contain("truncated"));
    }

    private static SpecLoadResult LoadWithin(TempProject project, TimeSpan limit)
    {
        var load = Task.Run(() => project.LoadAll());
        Assert.That(load.Wait(limit), Is.True, $"loading did not finish in {limit}");
        return load.Result;
    }

    private static string MakeFifo(TempProject project, string name)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            Assert.Ignore("FIFOs are a Unix file type");
        }

        var path = project.Path(name);
        using var mkfifo = Process.Start("mkfifo", path);
        mkfifo.WaitForExit();
        Assert.That(mkfifo.ExitCode, Is.EqualTo(0), "mkfifo failed");
        return path;
    }
}
