namespace AssetForge.Core.Tests.Specs;

using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Specs;
using AssetForge.Core.Specs.Schema;

/// <summary>The editors' JSON Schemas say what the validator says: same fields, same limits, and the shipped files are current.</summary>
public sealed class SpecJsonSchemaTests
{
    private const string Ok = "prompt: red potion\nseed: 1\n";

    private static JsonObject SpecSchema => JsonNode.Parse(SpecJsonSchema.Spec())!.AsObject();

    private static JsonObject ConfigSchema => JsonNode.Parse(SpecJsonSchema.Config())!.AsObject();

    private static JsonObject AssetProperties => SpecSchema["definitions"]!["asset"]!["properties"]!.AsObject();

    private static string RepoRoot =>
        typeof(SpecJsonSchemaTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

    [Test]
    public void The_spec_schema_has_exactly_the_fields_the_validator_accepts() =>
        Assert.That(AssetProperties.Select(p => p.Key), Is.EqualTo(AssetFields.All));

    [Test]
    public void The_config_schema_has_exactly_the_keys_the_config_loader_accepts()
    {
        Assert.That(ConfigSchema["properties"]!.AsObject().Select(p => p.Key), Is.EquivalentTo(ProjectConfigLoader.Keys));
        Assert.That(ConfigSchema["properties"]!["defaults"]!["properties"]!.AsObject().Select(p => p.Key), Is.EqualTo(AssetFields.Defaultable));
    }

    [TestCase("steps")]
    [TestCase("width")]
    [TestCase("height")]
    [TestCase("cfg")]
    public void The_validator_accepts_the_schema_bounds_and_refuses_just_beyond(string field)
    {
        var schema = AssetProperties[field]!;
        var minimum = schema["minimum"]!.GetValue<double>();
        var maximum = schema["maximum"]!.GetValue<double>();
        var step = schema["multipleOf"]?.GetValue<double>() ?? 1;

        Assert.Multiple(() =>
        {
            Assert.That(Errors($"{field}: {Number(minimum)}\n"), Is.Empty, $"{field} at the schema's minimum");
            Assert.That(Errors($"{field}: {Number(maximum)}\n"), Is.Empty, $"{field} at the schema's maximum");
            Assert.That(Errors($"{field}: {Number(minimum - step)}\n"), Is.Not.Empty, $"{field} below the schema's minimum");
            Assert.That(Errors($"{field}: {Number(maximum + step)}\n"), Is.Not.Empty, $"{field} above the schema's maximum");
        });
    }

    [Test]
    public void The_validator_accepts_every_rng_and_tiling_value_the_schema_lists()
    {
        foreach (var field in new[] { "rng", "tiling" })
        {
            foreach (var value in AssetProperties[field]!["enum"]!.AsArray())
            {
                Assert.That(Errors($"{field}: {value!.ToJsonString().Trim('"')}\n"), Is.Empty, $"{field}: {value}");
            }
        }
    }

    [Test]
    public void The_variants_count_limit_is_the_validators()
    {
        var maximum = AssetProperties["variants"]!["properties"]!["count"]!["maximum"]!.GetValue<int>();

        Assert.That(Errors($"variants: {{ count: {maximum} }}\n"), Is.Empty);
        Assert.That(Errors($"variants: {{ count: {maximum + 1} }}\n").Select(d => d.Code), Does.Contain(DiagnosticCodes.OutOfRange));
    }

    [Test]
    public void The_config_loader_accepts_every_execution_provider_the_schema_lists()
    {
        foreach (var provider in ConfigSchema["properties"]!["execution_provider"]!["enum"]!.AsArray())
        {
            using var project = new TempProject();
            project.Write(ProjectConfigLoader.FileName, $"execution_provider: {provider}\n");

            Assert.That(project.LoadConfig().Config, Is.Not.Null, provider!.ToString());
        }
    }

    [TestCase(SpecJsonSchema.SpecFileName)]
    [TestCase(SpecJsonSchema.ConfigFileName)]
    public void The_sample_projects_schema_files_are_what_the_tool_generates(string name)
    {
        var committed = Path.Combine(RepoRoot, "assetspecs", "schemas", name);
        var generated = name == SpecJsonSchema.SpecFileName ? SpecJsonSchema.Spec() : SpecJsonSchema.Config();

        Assert.That(File.ReadAllText(committed), Is.EqualTo(generated), $"run 'assetforge schema --out assetspecs/schemas' to update {committed}");
    }

    [Test]
    public void Every_sample_file_names_its_schema_on_its_first_line()
    {
        var project = Path.Combine(RepoRoot, "assetspecs");
        foreach (var file in Directory.EnumerateFiles(project, "*.yaml", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}out{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var first = File.ReadLines(file).First();
            var expected = Path.GetFileName(file) == ProjectConfigLoader.FileName ? SpecJsonSchema.ConfigFileName : SpecJsonSchema.SpecFileName;
            Assert.That(first, Does.StartWith("# yaml-language-server: $schema=").And.EndWith(expected), file);
            var target = Path.GetFullPath(first["# yaml-language-server: $schema=".Length..], Path.GetDirectoryName(file)!);
            Assert.That(File.Exists(target), Is.True, $"{file} names {target}");
        }
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static List<Diagnostic> Errors(string fields)
    {
        using var project = new TempProject();
        project.Write("a.yaml", Ok + fields);
        return [.. project.LoadAll().Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)];
    }
}
