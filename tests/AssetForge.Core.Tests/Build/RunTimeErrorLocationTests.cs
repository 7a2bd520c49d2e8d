namespace AssetForge.Core.Tests.Build;

using AssetForge.Core.Build;

[Category("Slow")]
public sealed class RunTimeErrorLocationTests
{
    private EngineProject _project = null!;

    [SetUp]
    public void SetUp() => _project = new EngineProject();

    [TearDown]
    public void TearDown() => _project.Dispose();

    [Test]
    public async Task A_schedule_the_scheduler_cannot_make_is_reported_at_the_steps_line()
    {
        _project.Write("specs/fox.yaml", """
            id: fox
            output: fox.png
            prompt: "fox"
            seed: 1
            scheduler: pndm
            scheduler_options: { skip_prk_steps: false }
            steps: 2

            """);

        var summary = await _project.BuildAsync();

        var error = summary.Diagnostics.Single(d => d.Code == DiagnosticCode.UnschedulableSteps.Id);
        Assert.That(error.Location?.Line, Is.EqualTo(7), error.ToString());
    }

    [Test]
    public async Task An_output_that_cannot_be_written_is_reported_at_the_output_line()
    {
        _project.Write("specs/fox.yaml", """
            id: fox
            prompt: "fox"
            seed: 1
            output: blocked/fox.png

            """);

        // A file where the output's folder must go: creating the folder fails.
        _project.Write("out/blocked", "not a folder");

        var summary = await _project.BuildAsync();

        var error = summary.Diagnostics.Single(d => d.Code == EngineCodes.WriteFailed);
        Assert.That(error.Location?.Line, Is.EqualTo(4), error.ToString());
    }

    [Test]
    public async Task An_unavailable_execution_provider_is_reported_at_the_model_default_when_the_spec_names_no_model()
    {
        _project.Write("specs/fox.yaml", EngineProject.Spec("fox", "fox"));

        var summary = await _project.BuildAsync(new BuildOptions { ExecutionProvider = "cuda" });

        var error = summary.Diagnostics.Single(d => d.Code == DiagnosticCode.ModelUnavailable.Id);
        Assert.That(error.Location?.Path, Is.EqualTo(_project.Path("assetforge.yaml")), error.ToString());
        Assert.That(error.Location?.Line, Is.EqualTo(2), error.ToString());
    }
}
