namespace AssetForge.Core.Tests.Plugins;

using AssetForge.Abstractions.PostProcessing;
using AssetForge.Core.Plugins;

/// <summary>The host reads files that post step parameters name, relative to the spec.</summary>
public sealed class PostStepFilesTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "assetforge-poststepfiles-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(_folder, "items", "palettes"));
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void A_named_file_is_read_relative_to_the_spec_and_passed_as_text()
    {
        File.WriteAllText(Path.Combine(_folder, "items", "palettes", "ui.hex"), "ff0000\n");

        var parameters = PostStepFiles.WithContents(new PaletteStep(), Written(("palette", "palettes/ui.hex"), ("cell", "4")), Path.Combine(_folder, "items", "gem.yaml"));

        Assert.That(parameters.Get("palette"), Is.EqualTo("ff0000\n"));
        Assert.That(parameters.Get("cell"), Is.EqualTo("4"));
    }

    [Test]
    public void A_missing_file_is_a_parameter_error_naming_the_parameter()
    {
        var error = Assert.Throws<PostStepParameterException>(() => PostStepFiles.WithContents(new PaletteStep(), Written(("palette", "nope.hex")), Path.Combine(_folder, "items", "gem.yaml")));

        Assert.That(error!.ParameterName, Is.EqualTo("palette"));
        Assert.That(error.Message, Does.Contain("does not exist"));
    }

    [Test]
    public void Values_that_name_no_file_are_left_alone() =>
        Assert.That(PostStepFiles.WithContents(new PaletteStep(), Written(("palette", "pico8")), Path.Combine(_folder, "gem.yaml")).Get("palette"), Is.EqualTo("pico8"));

    private static PostStepParameters Written(params (string Name, string Value)[] values) =>
        new(values.Select(v => new KeyValuePair<string, string>(v.Name, v.Value)));

    // A minimal third-party step that takes a palette file, as a plugin built against contract 1.2 would.
    private sealed class PaletteStep : IFileParameterPostStep
    {
        public string Id => "palette";

        public string Version => "1.0.0";

        public string? ShorthandParameter => null;

        public bool NamesFile(string parameter, string value) => parameter == "palette" && value.EndsWith(".hex", StringComparison.Ordinal);

        public PostStepParameters Validate(PostStepParameters parameters) => parameters;

        public string OutputFormat(PostStepParameters parameters) => "png";

        public byte[] Apply(byte[] input, PostStepParameters parameters, CancellationToken cancellationToken) => input;
    }
}
