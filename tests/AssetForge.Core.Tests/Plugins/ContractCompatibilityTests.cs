namespace AssetForge.Core.Tests.Plugins;

using AssetForge.Abstractions.Plugins;
using AssetForge.Core.Plugins;

public sealed class ContractCompatibilityTests
{
    [Test]
    public void The_hosts_own_version_is_compatible() =>
        Assert.That(ContractCompatibility.Check(ContractVersion.Major, ContractVersion.Minor), Is.Null);

    [Test]
    public void An_older_minor_is_compatible() =>
        Assert.That(ContractCompatibility.Check(ContractVersion.Major, ContractVersion.Minor - 1), Is.Null);

    [Test]
    public void Another_major_is_not() =>
        Assert.That(ContractCompatibility.Check(ContractVersion.Major - 1, null), Does.Contain("built against plugin contract"));
}
