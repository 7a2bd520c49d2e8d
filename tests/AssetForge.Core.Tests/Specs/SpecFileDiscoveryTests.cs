namespace AssetForge.Core.Tests.Specs;

using AssetForge.Core.Diagnostics;
using AssetForge.Core.Specs;

public sealed class SpecFileDiscoveryTests
{
    private const string Spec = "prompt: red potion\nseed: 1\n";

    [Test]
    public void The_config_hidden_folders_and_the_output_and_cache_folders_are_never_specs()
    {
        using var project = new TempProject();
        project.Write(ProjectConfigLoader.FileName, "output: art\n");
        project.Write("props/potion.yaml", Spec);
        project.Write("props/shield.yml", Spec);
        project.Write(".git/config.yaml", Spec);
        project.Write("props/.draft.yaml", Spec);
        project.Write("art/leftover.yaml", Spec);
        project.Write(".assetforge/cache/actions/x.yaml", Spec);
        project.Write("notes.txt", Spec);

        var result = project.LoadAll();

        Assert.That(result.Assets.Select(a => a.Id), Is.EqualTo(new[] { "props/potion", "props/shield" }));
    }

    [Test]
    public void Spec_globs_select_the_files()
    {
        using var project = new TempProject();
        project.Write(ProjectConfigLoader.FileName, "specs: ['specs/**/*.yaml', 'extra/?.asset']\n");
        project.Write("specs/a.yaml", Spec);
        project.Write("specs/deep/b.yaml", Spec);
        project.Write("specs/deep/c.yml", Spec);
        project.Write("extra/d.asset", Spec);
        project.Write("extra/ee.asset", Spec);
        project.Write("other.yaml", Spec);

        var result = project.LoadAll();

        Assert.That(result.Assets.Select(a => a.Id), Is.EqualTo(new[] { "extra/d", "specs/a", "specs/deep/b" }));
    }

    [TestCase("**/*.yaml", "a.yaml", true)]
    [TestCase("**/*.yaml", "x/y/a.yaml", true)]
    [TestCase("**/*.yaml", "a.yml", false)]
    [TestCase("specs/**", "specs/a/b.yaml", true)]
    [TestCase("specs/*.yaml", "specs/a/b.yaml", false)]
    [TestCase("specs/**/icons/*.yaml", "specs/icons/a.yaml", true)]
    [TestCase("specs/**/icons/*.yaml", "specs/x/y/icons/a.yaml", true)]
    [TestCase("*.YAML", "A.yaml", true)]
    [TestCase("a?c.yaml", "abc.yaml", true)]
    [TestCase("a*b*c.yaml", "axxbyyc.yaml", true)]
    [TestCase("a*b*c.yaml", "axxbyy.yaml", false)]
    [TestCase(".\\specs\\*.yaml", "specs/a.yaml", true)]
    public void Globs_match_like_gitignore_style_paths(string pattern, string path, bool expected) =>
        Assert.That(SpecGlob.TryParse(pattern, out _)!.IsMatch(path), Is.EqualTo(expected));

    [Test]
    public void A_project_without_specs_gets_a_warning()
    {
        using var project = new TempProject();

        var result = project.LoadAll();

        Assert.Multiple(() =>
        {
            Assert.That(result.Assets, Is.Empty);
            Assert.That(result.Diagnostics.Single().Code, Is.EqualTo(DiagnosticCodes.NoSpecFiles));
            Assert.That(result.Diagnostics.Single().Severity, Is.EqualTo(DiagnosticSeverity.Warning));
        });
    }

    [Test]
    public void Files_load_in_ordinal_path_order()
    {
        using var project = new TempProject();
        foreach (var name in new[] { "b.yaml", "a/z.yaml", "B.yaml", "a.yaml" })
        {
            project.Write(name, Spec.Replace("red potion", name));
        }

        // Distinct outputs on case-insensitive comparison: give each its own.
        var result = project.LoadAll();

        Assert.That(result.Assets.Select(a => a.Id).Concat(result.Diagnostics.Select(d => Path.GetFileName(d.Location!.Value.Path))),
            Is.EqualTo(new[] { "a", "a/z", "B.yaml", "b.yaml" }));
    }
}
