namespace AssetForge.Core.Tests.Plugins;

using AssetForge.Abstractions.Plugins;
using AssetForge.Core.Plugins;
using AssetForge.Core.Tests.Caching;
using Microsoft.Extensions.Logging.Abstractions;

public sealed class PluginCatalogLoaderTests
{
    private TemporaryDirectory _temp = null!;

    /// <summary>The built-in plugins, copied next to the tests by Directory.Build.targets.</summary>
    public static string BuiltinPlugins => Path.Combine(TestContext.CurrentContext.TestDirectory, "plugins");

    [SetUp]
    public void SetUp() => _temp = new TemporaryDirectory();

    [TearDown]
    public void TearDown() => _temp.Dispose();

    [Test]
    public void The_builtin_plugins_load_with_their_schedulers_and_backend()
    {
        using var catalog = Load(BuiltinPlugins);

        Assert.That(catalog.Report.Failures, Is.Empty, () => string.Join(Environment.NewLine, catalog.Report.Failures));
        Assert.That(catalog.Schedulers.Select(s => s.Id), Is.SupersetOf(new[] { "euler", "ddim" }));
        Assert.That(catalog.Backends.Select(b => b.Id), Does.Contain("onnx"));
        Assert.That(catalog.FindBuiltinModelBackend("tiny"), Is.Not.Null);
        Assert.That(catalog.Report.Components.First(c => c.Id == "euler").PluginName, Is.EqualTo("AssetForge.Schedulers"));
    }

    [Test]
    public void Builtin_plugins_share_only_the_contract_assembly_with_the_host()
    {
        using var catalog = Load(BuiltinPlugins);
        var scheduler = catalog.Schedulers.First(s => s.Id == "euler");

        Assert.That(scheduler, Is.InstanceOf<AssetForge.Abstractions.Scheduling.ISchedulerFactory>());
        Assert.That(System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(scheduler.GetType().Assembly), Is.Not.SameAs(System.Runtime.Loader.AssemblyLoadContext.Default));
    }

    [TestCase("euler")]
    [TestCase("EULER")]
    [TestCase("Euler")]
    public void Schedulers_are_found_by_id_ignoring_case(string name)
    {
        using var catalog = Load(BuiltinPlugins);

        Assert.That(catalog.TryGetScheduler(name, out var scheduler), Is.True);
        Assert.That(scheduler!.Id, Is.EqualTo("euler"));
    }

    [Test]
    public void Schedulers_are_found_by_alias()
    {
        using var catalog = Load(BuiltinPlugins);
        var withAlias = catalog.Schedulers.FirstOrDefault(s => s.Aliases.Count > 0);
        Assume.That(withAlias, Is.Not.Null, "no built-in scheduler has an alias");

        Assert.That(catalog.TryGetScheduler(withAlias!.Aliases[0].ToUpperInvariant(), out var found), Is.True);
        Assert.That(found, Is.SameAs(withAlias));
    }

    [Test]
    public void An_emitted_plugin_loads_in_its_own_context()
    {
        EmittedPlugin.Write(_temp.Path, "Emitted.Good", "good");

        using var catalog = Load(_temp.Path);

        Assert.That(catalog.Report.Failures, Is.Empty, () => string.Join(Environment.NewLine, catalog.Report.Failures));
        Assert.That(catalog.TryGetScheduler("GOOD", out var scheduler), Is.True);
        Assert.That(scheduler!.Version, Is.EqualTo("9.9.9"));
    }

    [Test]
    public void A_broken_dll_is_reported_by_name_and_the_others_still_load()
    {
        var folder = Directory.CreateDirectory(_temp.Combine("Broken"));
        File.WriteAllText(Path.Combine(folder.FullName, "Broken.dll"), "MZ this is not an assembly");
        EmittedPlugin.Write(_temp.Path, "Emitted.Good", "good");

        using var catalog = Load(_temp.Path);

        var failure = catalog.Report.Failures.Single();
        Assert.That(failure.Reason, Does.Contain("'Broken'").And.Contain("not a valid .NET assembly"));
        Assert.That(catalog.TryGetScheduler("good", out _), Is.True);
        Assert.That(catalog.Diagnostics.Single().Code, Is.EqualTo(PluginCatalogLoader.LoadFailedCode));
    }

    [Test]
    public void A_plugin_built_against_another_major_contract_is_refused()
    {
        EmittedPlugin.Write(_temp.Path, "Emitted.Future", "future", contract: (ContractVersion.Major + 1, 0));

        using var catalog = Load(_temp.Path);

        Assert.That(catalog.Schedulers, Is.Empty);
        Assert.That(catalog.Report.Failures.Single().Reason, Does.Contain("'Emitted.Future'").And.Contain($"plugin contract {ContractVersion.Major + 1}.0"));
    }

    [Test]
    public void A_plugin_needing_a_newer_minor_contract_is_refused()
    {
        EmittedPlugin.Write(_temp.Path, "Emitted.Newer", "newer", contract: (ContractVersion.Major, ContractVersion.Minor + 1));

        using var catalog = Load(_temp.Path);

        Assert.That(catalog.Schedulers, Is.Empty);
        Assert.That(catalog.Report.Failures.Single().Reason, Does.Contain("'Emitted.Newer'").And.Contain("update AssetForge"));
    }

    [Test]
    public void A_plugin_declaring_the_current_contract_loads()
    {
        EmittedPlugin.Write(_temp.Path, "Emitted.Current", "current", contract: (ContractVersion.Major, ContractVersion.Minor));

        using var catalog = Load(_temp.Path);

        Assert.That(catalog.TryGetScheduler("current", out _), Is.True);
    }

    [Test]
    public void A_plugin_that_does_not_reference_the_contracts_is_reported()
    {
        EmittedPlugin.Write(_temp.Path, "Emitted.Empty", schedulerId: null);

        using var catalog = Load(_temp.Path);

        Assert.That(catalog.Report.Failures.Single().Reason, Does.Contain("'Emitted.Empty'").And.Contain("does not reference AssetForge.Abstractions"));
    }

    [Test]
    public void A_plugin_that_references_the_contracts_but_has_no_components_is_reported()
    {
        EmittedPlugin.Write(_temp.Path, "Emitted.Hollow", schedulerId: null, contract: (ContractVersion.Major, ContractVersion.Minor));

        using var catalog = Load(_temp.Path);

        Assert.That(catalog.Report.Failures.Single().Reason, Does.Contain("'Emitted.Hollow'").And.Contain("contributes no scheduler or model backend"));
    }

    [Test]
    public void A_plugin_whose_constructor_throws_is_reported_and_skipped()
    {
        EmittedPlugin.Write(_temp.Path, "Emitted.Throws", "throws", constructorThrows: true);

        using var catalog = Load(_temp.Path);

        Assert.That(catalog.Schedulers, Is.Empty);
        Assert.That(catalog.Report.Failures.Single().Reason, Does.Contain("'Emitted.Throws'").And.Contain("the emitted plugin refuses to start"));
    }

    [Test]
    public void A_duplicate_scheduler_id_keeps_the_first_and_warns()
    {
        EmittedPlugin.Write(_temp.Path, "Emitted.Euler", "euler");

        using var catalog = Load(BuiltinPlugins, _temp.Path);

        Assert.That(catalog.Schedulers.Count(s => s.Id == "euler"), Is.EqualTo(1));
        Assert.That(catalog.TryGetScheduler("euler", out var euler), Is.True);
        Assert.That(euler!.Version, Is.Not.EqualTo("9.9.9"));
        var warning = catalog.Diagnostics.Single(d => d.Code == PluginCatalogLoader.DuplicateIdCode);
        Assert.That(warning.Message, Does.Contain("'Emitted.Euler'").And.Contain("'AssetForge.Schedulers'"));
    }

    [Test]
    public void A_folder_without_its_named_assembly_is_reported()
    {
        var folder = Directory.CreateDirectory(_temp.Combine("Misnamed"));
        File.WriteAllBytes(Path.Combine(folder.FullName, "Other.dll"), [0]);

        var (assemblies, failures) = PluginCatalogLoader.Discover([_temp.Path]);

        Assert.That(assemblies, Is.Empty);
        Assert.That(failures.Single().Reason, Does.Contain("Misnamed.dll"));
    }

    [Test]
    public void Folders_that_do_not_exist_are_skipped() =>
        Assert.That(PluginCatalogLoader.Discover([_temp.Combine("nowhere")]).Assemblies, Is.Empty);

    private static PluginCatalog Load(params string[] directories) =>
        PluginCatalogLoader.Load(directories, NullLogger.Instance);
}
