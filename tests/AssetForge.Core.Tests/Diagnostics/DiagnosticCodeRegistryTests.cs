namespace AssetForge.Core.Tests.Diagnostics;

using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using AssetForge.Abstractions.PostProcessing;
using AssetForge.Core.Build;
using AssetForge.Core.Caching;
using AssetForge.Core.Caching.Remote;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Plugins;

public sealed partial class DiagnosticCodeRegistryTests
{
    private static string RepoRoot =>
        typeof(DiagnosticCodeRegistryTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

    // The registry's members, read by reflection so that a code declared twice is seen twice.
    private static IEnumerable<(string Name, DiagnosticCode Code)> Members() =>
        typeof(DiagnosticCode).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticCode))
            .Select(f => (f.Name, (DiagnosticCode)f.GetValue(null)!));

    [Test]
    public void No_code_is_registered_with_two_meanings()
    {
        var reused = Members().GroupBy(m => m.Code.Id).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Name))}").ToList();

        Assert.That(reused, Is.Empty);
    }

    [Test]
    public void Every_code_is_AF_and_four_digits_with_a_meaning()
    {
        var bad = Members().Where(m => !CodePattern().IsMatch(m.Code.Id) || string.IsNullOrWhiteSpace(m.Code.Meaning) || m.Code.Severity == DiagnosticSeverity.Info)
            .Select(m => m.Name).ToList();

        Assert.That(bad, Is.Empty);
    }

    [Test]
    public void All_lists_every_registered_code_once_in_id_order()
    {
        var ids = DiagnosticCode.All.Select(c => c.Id).ToList();

        Assert.That(ids, Is.EquivalentTo(Members().Select(m => m.Code.Id)));
        Assert.That(ids, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
    }

    [TestCase(typeof(DiagnosticCodes))]
    [TestCase(typeof(EngineCodes))]
    [TestCase(typeof(ImagingCodes))]
    [TestCase(typeof(RemoteCacheCodes))]
    [TestCase(typeof(ContentStore))]
    [TestCase(typeof(PluginCatalogLoader))]
    [TestCase(typeof(PostStepParameterException))]
    public void The_engine_code_names_name_registered_codes_of_the_same_meaning(Type holder)
    {
        var codes = holder.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(string))
            .Select(f => (f.Name, Id: (string)f.GetValue(null)!))
            .Where(f => f.Id.StartsWith("AF", StringComparison.Ordinal))
            .ToList();

        // A name that points at another meaning's code is as wrong as an unregistered one.
        var wrong = codes.Where(c => DiagnosticCode.Find(c.Id) is not { } registered || !SameMeaning(c.Name, RegisteredName(registered)))
            .Select(c => $"{holder.Name}.{c.Name} = {c.Id}").ToList();

        Assert.That(codes, Is.Not.Empty);
        Assert.That(wrong, Is.Empty);
    }

    [Test]
    public void A_view_name_pointing_at_another_meaning_is_caught()
    {
        Assert.That(SameMeaning(nameof(EngineCodes.BadModelSchedulerConfig), RegisteredName(DiagnosticCode.UnsupportedModelGraph)), Is.False);
    }

    private static string RegisteredName(DiagnosticCode code) => Members().Single(m => ReferenceEquals(m.Code, code)).Name;

    // The views keep the names callers already use; these few differ from the registry's.
    private static bool SameMeaning(string viewName, string registryName) =>
        viewName == registryName || "Remote" + viewName == registryName || viewName == registryName + "Code" ||
        (viewName, registryName) is ("CorruptActionCode", "CorruptActionRecord") or ("LoadFailedCode", "PluginLoadFailed") or
            ("DuplicateIdCode", "DuplicateComponentId") or ("ErrorCode", "InvalidPostStepParameter");

    [Test]
    public void Every_code_literal_in_the_source_is_registered()
    {
        var unregistered = new List<string>();
        foreach (var folder in new[] { "host", "plugins", "schedulers" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoRoot, folder), "*.cs", SearchOption.AllDirectories))
            {
                if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ||
                    file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                {
                    continue;
                }

                var lines = File.ReadAllLines(file);
                for (var i = 0; i < lines.Length; i++)
                {
                    foreach (Match literal in CodeLiteral().Matches(lines[i]))
                    {
                        if (DiagnosticCode.Find(literal.Groups[1].Value) is null)
                        {
                            unregistered.Add($"{Path.GetRelativePath(RepoRoot, file)}({i + 1}): {literal.Value}");
                        }
                    }
                }
            }
        }

        Assert.That(unregistered, Is.Empty, "Register new codes in host/AssetForge.Abstractions/Diagnostics/DiagnosticCode.cs.");
    }

    [Test]
    public void The_README_code_table_matches_the_registry()
    {
        var readme = File.ReadAllLines(Path.Combine(RepoRoot, "README.md"));
        var rows = readme.Where(l => ReadmeRow().IsMatch(l)).ToList();

        var expected = DiagnosticCode.All.Select(Row).ToList();

        Assert.That(rows, Is.EqualTo(expected), () => "The README's table should read:\n" + string.Join("\n", expected));
    }

    private static string Row(DiagnosticCode code)
    {
        var severity = code.Severity == DiagnosticSeverity.Warning ? "warning" : "error";
        return new StringBuilder().Append("| ").Append(code.Id).Append(" | ").Append(severity).Append(" | ").Append(code.Meaning).Append(" |").ToString();
    }

    [GeneratedRegex("^AF[0-9]{4}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex("\"(AF[0-9]{4})\"")]
    private static partial Regex CodeLiteral();

    [GeneratedRegex(@"^\| AF[0-9]{4} \|")]
    private static partial Regex ReadmeRow();
}
