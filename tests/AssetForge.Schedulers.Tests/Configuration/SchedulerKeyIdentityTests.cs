namespace AssetForge.Schedulers.Tests.Configuration;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Core.Randomness;
using AssetForge.Schedulers.Configuration;
using AssetForge.Schedulers.DpmSolver;
using AssetForge.Schedulers.DpmSolverSde;
using AssetForge.Schedulers.DpmSolverSinglestep;
using AssetForge.Schedulers.Euler;
using AssetForge.Schedulers.Tests.Parity;

/// <summary>X and X_karras key the same whenever they compute the same (SchedulerDescriptor.KeyIdentity).</summary>
public sealed class SchedulerKeyIdentityTests
{
    private static readonly SchedulerConfig Sd15 = SchedulerConfig.Parse(
        """{"beta_start": 0.00085, "beta_end": 0.012, "beta_schedule": "scaled_linear", "steps_offset": 1}""");

    private static readonly SchedulerConfig KarrasOn = SchedulerConfig.Parse("""{"use_karras_sigmas": true}""");

    private static readonly SchedulerConfig KarrasOff = SchedulerConfig.Parse("""{"use_karras_sigmas": false}""");

    private static IEnumerable<TestCaseData> Families()
    {
        yield return Family(new DpmSolverMultistepSchedulerFactory(), new DpmSolverMultistepKarrasSchedulerFactory());
        yield return Family(new DpmSolverMultistepSdeSchedulerFactory(), new DpmSolverMultistepSdeKarrasSchedulerFactory());
        yield return Family(new DpmSolverSinglestepSchedulerFactory(), new DpmSolverSinglestepKarrasSchedulerFactory());
        yield return Family(new DpmSolverSinglestepThirdOrderSchedulerFactory(), new DpmSolverSinglestepThirdOrderKarrasSchedulerFactory());
        yield return Family(new DpmSolverSdeSchedulerFactory(), new DpmSolverSdeKarrasSchedulerFactory());
    }

    [TestCaseSource(nameof(Families))]
    public void The_plain_name_with_karras_sigmas_resolves_and_keys_as_the_karras_name(SchedulerFactory plain, SchedulerFactory karras)
    {
        var plainResolved = plain.Resolve(Sd15, KarrasOn);
        var karrasResolved = karras.Resolve(Sd15, SchedulerConfig.Empty);

        Assert.That(plainResolved.Values, Is.EquivalentTo(karrasResolved.Values).Using<KeyValuePair<string, System.Text.Json.JsonElement>>(SameOption));
        Assert.That(plain.KeyIdentity(plainResolved), Is.EqualTo(new SchedulerKeyIdentity(karras.Id, karras.Version)));
        Assert.That(karras.KeyIdentity(karrasResolved), Is.EqualTo(new SchedulerKeyIdentity(karras.Id, karras.Version)));
    }

    [TestCaseSource(nameof(Families))]
    public void The_karras_name_with_karras_sigmas_off_keys_as_the_plain_name(SchedulerFactory plain, SchedulerFactory karras)
    {
        var resolved = karras.Resolve(Sd15, KarrasOff);

        Assert.That(karras.KeyIdentity(resolved), Is.EqualTo(new SchedulerKeyIdentity(plain.Id, plain.Version)));
        Assert.That(plain.KeyIdentity(plain.Resolve(Sd15, SchedulerConfig.Empty)), Is.EqualTo(new SchedulerKeyIdentity(plain.Id, plain.Version)));
    }

    [TestCaseSource(nameof(Families))]
    public void Both_names_of_a_family_give_the_same_pixels(SchedulerFactory plain, SchedulerFactory karras)
    {
        var reference = new ReferenceCase(
            plain.Id, "identity", Sd15, KarrasOn, 12, 1.0, Latents(), null, null, [], 1f, [], []);

        var fromPlain = SchedulerParityTests.Run(reference, plain.Create(plain.Resolve(Sd15, KarrasOn), 12), NoiseSources.Create(NoiseSources.Torch, 5));
        var fromKarras = SchedulerParityTests.Run(reference, karras.Create(karras.Resolve(Sd15, SchedulerConfig.Empty), 12), NoiseSources.Create(NoiseSources.Torch, 5));

        Assert.That(fromPlain, Is.EqualTo(fromKarras));
    }

    [Test]
    public void A_scheduler_without_a_karras_name_keys_as_itself_with_karras_sigmas_on()
    {
        var euler = new EulerDiscreteSchedulerFactory();

        Assert.That(euler.KeyIdentity(euler.Resolve(Sd15, KarrasOn)), Is.EqualTo(new SchedulerKeyIdentity("euler", euler.Version)));
    }

    private static TestCaseData Family(SchedulerFactory plain, SchedulerFactory karras) =>
        new TestCaseData(plain, karras).SetArgDisplayNames(plain.Id, karras.Id);

    private static bool SameOption(KeyValuePair<string, System.Text.Json.JsonElement> a, KeyValuePair<string, System.Text.Json.JsonElement> b) =>
        a.Key == b.Key && a.Value.GetRawText() == b.Value.GetRawText();

    private static float[] Latents()
    {
        var latents = new float[4 * 8 * 8];
        for (var i = 0; i < latents.Length; i++)
        {
            latents[i] = MathF.Sin(i * 0.37f);
        }

        return latents;
    }
}
