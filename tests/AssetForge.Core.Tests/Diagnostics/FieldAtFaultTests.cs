namespace AssetForge.Core.Tests.Diagnostics;

using AssetForge.Abstractions.Plugins;
using AssetForge.Core.Diagnostics;

public sealed class FieldAtFaultTests
{
    [Test]
    public void A_field_the_plugin_names_wins_over_the_one_the_code_implies()
    {
        var exception = new PluginException(DiagnosticCode.UnsupportedModelGraph, "no") { Field = "init_image" };

        Assert.That(FieldAtFault.Of(exception), Is.EqualTo("init_image"));
    }

    [TestCase("AF3001", "model")]
    [TestCase("AF3006", "tiling")]
    [TestCase("AF3004", "init_image")]
    [TestCase("AF2102", "steps")]
    [TestCase("AF4005", "output")]
    public void Without_a_named_field_the_code_decides(string code, string field)
    {
        Assert.That(FieldAtFault.Of(new PluginException(code, "no")), Is.EqualTo(field));
    }

    [Test]
    public void A_code_about_no_one_field_gives_none()
    {
        Assert.That(FieldAtFault.OfCode(DiagnosticCode.PluginCrashed), Is.Null);
    }
}
