namespace AssetForge.Core.Tests.Build;

using AssetForge.Core.Build;

/// <summary>
/// Two scheduler names that compute the same pixels key the same (contract 1.2's
/// ISchedulerKeyIdentity, implemented by the built-in schedulers plugin).
/// </summary>
[Category("Slow")]
public sealed class SchedulerKeyIdentityTests
{
    private const string Spec = """
        id: potion
        output: props/potion.png
        prompt: "red potion"
        seed: 7
        steps: 3
        width: 64
        height: 64

        """;

    private EngineProject _project = null!;

    [SetUp]
    public void SetUp() => _project = new EngineProject();

    [TearDown]
    public void TearDown() => _project.Dispose();

    [Test]
    public async Task Dpmpp_2m_with_karras_sigmas_is_served_from_the_cache_entry_of_dpmpp_2m_karras()
    {
        _project.Write("specs/potion.yaml", Spec + "scheduler: dpmpp_2m_karras\n");
        var first = await _project.BuildAsync();
        Assert.That(first.Generated, Is.EqualTo(1), () => string.Join("\n", first.Diagnostics));

        _project.Write("specs/potion.yaml", Spec + "scheduler: dpmpp_2m\nscheduler_options: { use_karras_sigmas: true }\n");
        var status = await _project.StatusAsync();

        Assert.That(status.Entries.Single(e => e.AssetId == "potion").State, Is.EqualTo(AssetState.Current));
    }

    [Test]
    public async Task Dpmpp_2m_karras_with_karras_sigmas_turned_off_is_keyed_as_dpmpp_2m()
    {
        _project.Write("specs/potion.yaml", Spec + "scheduler: dpmpp_2m\n");
        var first = await _project.BuildAsync();
        Assert.That(first.Generated, Is.EqualTo(1), () => string.Join("\n", first.Diagnostics));

        _project.Write("specs/potion.yaml", Spec + "scheduler: dpmpp_2m_karras\nscheduler_options: { use_karras_sigmas: false }\n");
        var status = await _project.StatusAsync();

        Assert.That(status.Entries.Single(e => e.AssetId == "potion").State, Is.EqualTo(AssetState.Current));
    }

    [Test]
    public async Task Dpmpp_2m_without_karras_sigmas_keeps_a_key_of_its_own()
    {
        _project.Write("specs/potion.yaml", Spec + "scheduler: dpmpp_2m_karras\n");
        await _project.BuildAsync();

        _project.Write("specs/potion.yaml", Spec + "scheduler: dpmpp_2m\n");
        var status = await _project.StatusAsync();

        Assert.That(status.Entries.Single(e => e.AssetId == "potion").State, Is.EqualTo(AssetState.Stale));
    }
}
