namespace AssetForge.Core.Tests.Specs;

using AssetForge.Core.Diagnostics;
using AssetForge.Core.Specs;

public sealed class ProjectConfigLoaderTests
{
    [Test]
    public void A_project_without_config_gets_the_defaults()
    {
        using var project = new TempProject();

        var result = project.LoadConfig();

        var config = result.Config!;
        Assert.Multiple(() =>
        {
            Assert.That(result.Diagnostics, Is.Empty);
            Assert.That(config.ConfigPath, Is.Null);
            Assert.That(config.ProjectDirectory, Is.EqualTo(project.Directory));
            Assert.That(config.OutputDirectory, Is.EqualTo(project.Path("out")));
            Assert.That(config.CacheDirectory, Is.EqualTo(project.Path(".assetforge/cache")));
            Assert.That(config.ExecutionProvider, Is.EqualTo("auto"));
            Assert.That(config.Models, Is.Empty);
            Assert.That(config.SpecGlobs, Is.EqualTo(new[] { "**/*.yaml", "**/*.yml" }));
            Assert.That(config.Defaults, Is.SameAs(AssetDefaults.None));
        });
    }

    [Test]
    public void An_empty_config_file_means_all_defaults()
    {
        using var project = new TempProject();
        var path = project.Write(ProjectConfigLoader.FileName, "# nothing yet\n");

        var result = project.LoadConfig();

        Assert.That((result.Config?.ConfigPath, result.Diagnostics.Count), Is.EqualTo((path, 0)));
    }

    [Test]
    public void Every_setting_is_read_and_paths_are_resolved_against_the_project()
    {
        using var project = new TempProject();
        project.CreateFolder("models/sd15");
        project.CreateFolder("plugins/mine");
        project.Write(ProjectConfigLoader.FileName, """
            models:
              sd15: models\sd15
            defaults:
              model: sd15
              steps: 30
            output: build/art
            cache: ../shared-cache
            plugins: [plugins/mine]
            execution_provider: CUDA
            specs: [specs/**/*.yaml]
            """);

        var config = project.Config();

        Assert.Multiple(() =>
        {
            Assert.That(config.Models, Is.EqualTo(new Dictionary<string, string> { ["sd15"] = project.Path("models/sd15") }));
            Assert.That((config.Defaults.Model, config.Defaults.Steps), Is.EqualTo(("sd15", (int?)30)));
            Assert.That(config.OutputDirectory, Is.EqualTo(project.Path("build/art")));
            Assert.That(config.CacheDirectory, Is.EqualTo(Path.GetFullPath(Path.Combine(project.Directory, "..", "shared-cache"))));
            Assert.That(config.PluginDirectories, Is.EqualTo(new[] { project.Path("plugins/mine") }));
            Assert.That(config.ExecutionProvider, Is.EqualTo("cuda"));
            Assert.That(config.SpecGlobs, Is.EqualTo(new[] { "specs/**/*.yaml" }));
        });
    }

    [Test]
    public void The_cache_environment_variable_overrides_the_config()
    {
        using var project = new TempProject();
        project.Write(ProjectConfigLoader.FileName, "cache: local-cache\n");
        var shared = Path.Combine(Path.GetTempPath(), "assetforge-ci-cache");

        var config = ProjectConfigLoader.Load(project.Directory, name => name == "ASSETFORGE_CACHE" ? shared : null).Config!;

        Assert.That(config.CacheDirectory, Is.EqualTo(shared));
    }

    [Test]
    public void An_unknown_key_is_an_error_with_a_suggestion_and_no_config()
    {
        using var project = new TempProject();
        var path = project.Write(ProjectConfigLoader.FileName, "output: out\nmodles:\n  sd15: models/sd15\n");

        var result = project.LoadConfig();

        Assert.Multiple(() =>
        {
            Assert.That(result.Config, Is.Null);
            Assert.That(result.Diagnostics.Single().ToString(), Is.EqualTo($"{path}(2,1): error AF1101: Unknown key 'modles' in assetforge.yaml. Did you mean 'models'?"));
        });
    }

    [Test]
    public void An_asset_field_at_the_top_level_points_to_defaults()
    {
        using var project = new TempProject();
        project.Write(ProjectConfigLoader.FileName, "steps: 30\n");

        var result = project.LoadConfig();

        Assert.That(result.Diagnostics.Single().Message, Does.Contain("put it under 'defaults:'"));
    }

    [Test]
    public void A_missing_model_folder_is_a_warning_at_load()
    {
        using var project = new TempProject();
        var path = project.Write(ProjectConfigLoader.FileName, "models:\n  sd15: models/sd15\n");

        var result = project.LoadConfig();

        var warning = result.Diagnostics.Single();
        Assert.Multiple(() =>
        {
            Assert.That(result.Config, Is.Not.Null);
            Assert.That(warning.Severity, Is.EqualTo(DiagnosticSeverity.Warning));
            Assert.That(warning.ToString(), Does.StartWith($"{path}(2,9): warning AF1304:"));
        });
    }

    [Test]
    public void A_missing_model_folder_fails_only_the_specs_that_use_it()
    {
        using var project = new TempProject();
        project.Write(ProjectConfigLoader.FileName, "models:\n  sd15: models/sd15\n");
        var uses = project.Write("uses.yaml", "prompt: red potion\nseed: 1\nmodel: sd15\n");
        project.Write("builtin.yaml", "prompt: blue potion\nseed: 1\n");

        var result = project.LoadAll();

        Assert.Multiple(() =>
        {
            Assert.That(result.Assets.Select(a => a.Id), Is.EqualTo(new[] { "builtin" }));
            Assert.That(result.Diagnostics.Single().ToString(), Does.StartWith($"{uses}(3,8): error AF1111: The folder of model 'sd15' does not exist"));
        });
    }

    [TestCase("execution_provider: cdua\n", DiagnosticCodes.UnknownExecutionProvider, 1, 21, "Did you mean 'cuda'?")]
    [TestCase("models:\n  builtin:mine: models/mine\n", DiagnosticCodes.InvalidModelName, 2, 3, "reserved prefix")]
    [TestCase("models:\n  my model: models/mine\n", DiagnosticCodes.InvalidModelName, 2, 3, "contains ' '")]
    [TestCase("models: [sd15]\n", DiagnosticCodes.WrongType, 1, 9, "mapping of model names to folders")]
    [TestCase("defaults:\n  prompt: red\n", DiagnosticCodes.FieldHasNoDefault, 2, 3, "'prompt' cannot have a default")]
    [TestCase("defaults:\n  prompt_2: red\n", DiagnosticCodes.FieldHasNoDefault, 2, 3, "'prompt_2' cannot have a default")]
    [TestCase("defaults:\n  target_size: 1024\n", DiagnosticCodes.WrongType, 2, 16, "WIDTHxHEIGHT")]
    [TestCase("defaults:\n  stpes: 3\n", DiagnosticCodes.UnknownKey, 2, 3, "Did you mean 'steps'?")]
    [TestCase("defaults:\n  steps: 0\n", DiagnosticCodes.OutOfRange, 2, 10, "from 1 to 1000")]
    [TestCase("defaults:\n  seed: random\n", DiagnosticCodes.RandomSeed, 2, 9, "refused")]
    [TestCase("specs: [../other/*.yaml]\n", DiagnosticCodes.InvalidGlob, 1, 9, "contains '..'")]
    [TestCase("specs: [/abs/*.yaml]\n", DiagnosticCodes.InvalidGlob, 1, 9, "is absolute")]
    [TestCase("output: .\n", DiagnosticCodes.InvalidDirectory, 1, 9, "the project folder itself")]
    [TestCase("output: art\ncache: art\n", DiagnosticCodes.InvalidDirectory, 2, 8, "are the same")]
    [TestCase("plugins: { a: b }\n", DiagnosticCodes.WrongType, 1, 10, "list of plugin folders")]
    [TestCase("- output: out\n", DiagnosticCodes.NotAMapping, 1, 1, "must be a mapping of settings")]
    [TestCase("output: [out\n", DiagnosticCodes.YamlSyntax, 1, 9, "never closed")]
    [TestCase("output: out\noutput: art\n", DiagnosticCodes.DuplicateKey, 2, 1, "appears twice")]
    public void A_config_mistake_is_an_error_at_its_place_and_gives_no_config(string text, string code, int line, int column, string fragment)
    {
        using var project = new TempProject();
        var path = project.Write(ProjectConfigLoader.FileName, text);

        var result = project.LoadConfig();

        var error = result.Diagnostics.First(d => d.Severity == DiagnosticSeverity.Error);
        Assert.Multiple(() =>
        {
            Assert.That(result.Config, Is.Null);
            Assert.That(error.ToString(), Does.StartWith($"{path}({line},{column}): error {code}: "));
            Assert.That(error.Message, Does.Contain(fragment));
        });
    }

    [Test]
    public void A_config_named_yml_is_refused_with_the_right_name()
    {
        using var project = new TempProject();
        project.Write("assetforge.yml", "output: out\n");

        var result = project.LoadConfig();

        Assert.Multiple(() =>
        {
            Assert.That(result.Config, Is.Null);
            Assert.That(result.Diagnostics.Single().Code, Is.EqualTo(DiagnosticCodes.ConfigFileMisnamed));
        });
    }

    [Test]
    public void A_missing_plugin_folder_is_a_warning()
    {
        using var project = new TempProject();
        project.Write(ProjectConfigLoader.FileName, "plugins: mine\n");

        var result = project.LoadConfig();

        Assert.Multiple(() =>
        {
            Assert.That(result.Config!.PluginDirectories, Is.EqualTo(new[] { project.Path("mine") }));
            Assert.That(result.Diagnostics.Single().Code, Is.EqualTo(DiagnosticCodes.PluginFolderNotFound));
        });
    }
}
