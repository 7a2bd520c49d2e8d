namespace AssetForge.Schedulers.Tests.Parity;

using AssetForge.Abstractions.Randomness;
using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Ddim;
using AssetForge.Schedulers.Ddpm;
using AssetForge.Schedulers.Deis;
using AssetForge.Schedulers.Edm;
using AssetForge.Schedulers.DpmSolver;
using AssetForge.Schedulers.DpmSolverSde;
using AssetForge.Schedulers.DpmSolverSinglestep;
using AssetForge.Schedulers.Euler;
using AssetForge.Schedulers.Heun;
using AssetForge.Schedulers.KDpm2;
using AssetForge.Schedulers.Lcm;
using AssetForge.Schedulers.Lms;
using AssetForge.Schedulers.Pndm;
using AssetForge.Schedulers.Tcd;
using AssetForge.Schedulers.UniPc;

/// <summary>
/// Runs every case recorded from diffusers (tests/reference/schedulers/*.json) through the same
/// loop as the pipeline and compares timesteps, the initial sigma and the final sample.
/// </summary>
public sealed class SchedulerParityTests
{
    private const double Tolerance = 1e-5;

    /// <summary>
    /// The issue's tolerance (1e-4 relative per element), for the schedulers that do not reach our
    /// 1e-5 default: KDPM2, whose midpoint sigmas come from torch's vectorised float32 log/exp
    /// (measured up to 2.2e-5), and dpmpp_sde (see below; up to 7.4e-5).
    /// </summary>
    private const double SensitiveTolerance = 1e-4;

    /// <remarks>
    /// dpmpp_sde: its Brownian tree, seeds and float32 exp/log are bit-exact
    /// (BrownianNoiseReferenceTests), but the tree's 256-element torch.randn draws come from the
    /// host's portable torch kernel while the reference machine's PyTorch uses its AVX2 kernel
    /// (different float32 log/sincos), so the noise differs by a few ulps (up to 7.4e-5 measured).
    /// </remarks>
    private static readonly HashSet<string> Sensitive =
        ["kdpm2", "kdpm2_ancestral", "dpmpp_sde", "dpmpp_sde_karras"];

    private static readonly Dictionary<string, ISchedulerFactory> Factories = new()
    {
        ["euler"] = new EulerDiscreteSchedulerFactory(),
        ["ddim"] = new DdimSchedulerFactory(),
        ["euler_ancestral"] = new EulerAncestralDiscreteSchedulerFactory(),
        ["heun"] = new HeunDiscreteSchedulerFactory(),
        ["lms"] = new LmsDiscreteSchedulerFactory(),
        ["dpmpp_2m"] = new DpmSolverMultistepSchedulerFactory(),
        ["dpmpp_2m_karras"] = new DpmSolverMultistepKarrasSchedulerFactory(),
        ["dpmpp_2m_sde"] = new DpmSolverMultistepSdeSchedulerFactory(),
        ["dpmpp_2m_sde_karras"] = new DpmSolverMultistepSdeKarrasSchedulerFactory(),
        ["ddpm"] = new DdpmSchedulerFactory(),
        ["pndm"] = new PndmSchedulerFactory(),
        ["lcm"] = new LcmSchedulerFactory(),
        ["kdpm2"] = new KDpm2DiscreteSchedulerFactory(),
        ["kdpm2_ancestral"] = new KDpm2AncestralDiscreteSchedulerFactory(),
        ["unipc"] = new UniPcMultistepSchedulerFactory(),
        ["dpmpp_sde"] = new DpmSolverSdeSchedulerFactory(),
        ["dpmpp_sde_karras"] = new DpmSolverSdeKarrasSchedulerFactory(),
        ["dpmpp_2s"] = new DpmSolverSinglestepSchedulerFactory(),
        ["dpmpp_2s_karras"] = new DpmSolverSinglestepKarrasSchedulerFactory(),
        ["dpmpp_3s"] = new DpmSolverSinglestepThirdOrderSchedulerFactory(),
        ["dpmpp_3s_karras"] = new DpmSolverSinglestepThirdOrderKarrasSchedulerFactory(),
        ["deis"] = new DeisMultistepSchedulerFactory(),
        ["edm_euler"] = new EdmEulerSchedulerFactory(),
        ["edm_dpmpp_2m"] = new EdmDpmSolverMultistepSchedulerFactory(),
        ["tcd"] = new TcdSchedulerFactory(),
    };

    private static IEnumerable<TestCaseData> EulerCases() => ReferenceCase.All("euler");

    private static IEnumerable<TestCaseData> DdimCases() => ReferenceCase.All("ddim");

    private static IEnumerable<TestCaseData> EulerAncestralCases() => ReferenceCase.All("euler_ancestral");

    private static IEnumerable<TestCaseData> HeunCases() => ReferenceCase.All("heun");

    private static IEnumerable<TestCaseData> LmsCases() => ReferenceCase.All("lms");

    private static IEnumerable<TestCaseData> DpmSolverCases() =>
        ReferenceCase.All("dpmpp_2m").Concat(ReferenceCase.All("dpmpp_2m_karras"));

    private static IEnumerable<TestCaseData> DpmSolverSdeCases() =>
        ReferenceCase.All("dpmpp_2m_sde").Concat(ReferenceCase.All("dpmpp_2m_sde_karras"));

    private static IEnumerable<TestCaseData> DdpmCases() => ReferenceCase.All("ddpm");

    private static IEnumerable<TestCaseData> PndmCases() => ReferenceCase.All("pndm");

    private static IEnumerable<TestCaseData> LcmCases() => ReferenceCase.All("lcm");

    private static IEnumerable<TestCaseData> KDpm2Cases() =>
        ReferenceCase.All("kdpm2").Concat(ReferenceCase.All("kdpm2_ancestral"));

    private static IEnumerable<TestCaseData> UniPcCases() => ReferenceCase.All("unipc");

    private static IEnumerable<TestCaseData> DpmSolverSdeBrownianCases() =>
        ReferenceCase.All("dpmpp_sde").Concat(ReferenceCase.All("dpmpp_sde_karras"));

    private static IEnumerable<TestCaseData> DpmSolverSinglestepCases() =>
        ReferenceCase.All("dpmpp_2s").Concat(ReferenceCase.All("dpmpp_2s_karras"))
            .Concat(ReferenceCase.All("dpmpp_3s")).Concat(ReferenceCase.All("dpmpp_3s_karras"));

    private static IEnumerable<TestCaseData> DeisCases() => ReferenceCase.All("deis");

    private static IEnumerable<TestCaseData> EdmCases() => ReferenceCase.All("edm_euler").Concat(ReferenceCase.All("edm_dpmpp_2m"));

    private static IEnumerable<TestCaseData> TcdCases() => ReferenceCase.All("tcd");

    private static IEnumerable<TestCaseData> Img2ImgCases() =>
        Factories.Keys.SelectMany(name => ReferenceCase.All(name, img2imgOnly: true));

    [TestCaseSource(nameof(EulerCases))]
    [TestCaseSource(nameof(DdimCases))]
    [TestCaseSource(nameof(EulerAncestralCases))]
    [TestCaseSource(nameof(HeunCases))]
    [TestCaseSource(nameof(LmsCases))]
    [TestCaseSource(nameof(DpmSolverCases))]
    [TestCaseSource(nameof(DpmSolverSdeCases))]
    [TestCaseSource(nameof(DdpmCases))]
    [TestCaseSource(nameof(PndmCases))]
    [TestCaseSource(nameof(LcmCases))]
    [TestCaseSource(nameof(KDpm2Cases))]
    [TestCaseSource(nameof(UniPcCases))]
    [TestCaseSource(nameof(DpmSolverSdeBrownianCases))]
    [TestCaseSource(nameof(DpmSolverSinglestepCases))]
    [TestCaseSource(nameof(DeisCases))]
    [TestCaseSource(nameof(EdmCases))]
    [TestCaseSource(nameof(TcdCases))]
    public void Timesteps_match_diffusers(object reference)
    {
        var c = (ReferenceCase)reference;
        var scheduler = Create(c);

        Assert.That(scheduler.Timesteps.Length, Is.EqualTo(c.Timesteps.Length), "number of timesteps");
        Assert.That(
            Comparison.MaxRelativeError(scheduler.Timesteps, c.Timesteps),
            Is.LessThanOrEqualTo(Tolerance),
            () => $"timesteps [{string.Join(", ", scheduler.Timesteps.ToArray())}], diffusers [{string.Join(", ", c.Timesteps)}]");
    }

    [TestCaseSource(nameof(EulerCases))]
    [TestCaseSource(nameof(DdimCases))]
    [TestCaseSource(nameof(EulerAncestralCases))]
    [TestCaseSource(nameof(HeunCases))]
    [TestCaseSource(nameof(LmsCases))]
    [TestCaseSource(nameof(DpmSolverCases))]
    [TestCaseSource(nameof(DpmSolverSdeCases))]
    [TestCaseSource(nameof(DdpmCases))]
    [TestCaseSource(nameof(PndmCases))]
    [TestCaseSource(nameof(LcmCases))]
    [TestCaseSource(nameof(KDpm2Cases))]
    [TestCaseSource(nameof(UniPcCases))]
    [TestCaseSource(nameof(DpmSolverSdeBrownianCases))]
    [TestCaseSource(nameof(DpmSolverSinglestepCases))]
    [TestCaseSource(nameof(DeisCases))]
    [TestCaseSource(nameof(EdmCases))]
    [TestCaseSource(nameof(TcdCases))]
    public void Initial_noise_sigma_matches_diffusers(object reference)
    {
        var c = (ReferenceCase)reference;
        var scheduler = Create(c);

        Assert.That(scheduler.InitNoiseSigma, Is.EqualTo(c.InitNoiseSigma).Within(Tolerance).Percent);
    }

    [TestCaseSource(nameof(EulerCases))]
    [TestCaseSource(nameof(DdimCases))]
    [TestCaseSource(nameof(EulerAncestralCases))]
    [TestCaseSource(nameof(HeunCases))]
    [TestCaseSource(nameof(LmsCases))]
    [TestCaseSource(nameof(DpmSolverCases))]
    [TestCaseSource(nameof(DpmSolverSdeCases))]
    [TestCaseSource(nameof(DdpmCases))]
    [TestCaseSource(nameof(PndmCases))]
    [TestCaseSource(nameof(LcmCases))]
    [TestCaseSource(nameof(KDpm2Cases))]
    [TestCaseSource(nameof(UniPcCases))]
    [TestCaseSource(nameof(DpmSolverSdeBrownianCases))]
    [TestCaseSource(nameof(DpmSolverSinglestepCases))]
    [TestCaseSource(nameof(DeisCases))]
    [TestCaseSource(nameof(EdmCases))]
    [TestCaseSource(nameof(TcdCases))]
    public void Denoising_loop_matches_diffusers(object reference)
    {
        var c = (ReferenceCase)reference;
        var scheduler = Create(c);
        var noise = new ReplayingNoiseSource(c.Noise);

        var final = Run(c, scheduler, noise);

        var error = Comparison.MaxRelativeError(final, c.Final);
        TestContext.Out.WriteLine($"{c}: max relative error {error:E2}");
        Assert.That(error, Is.LessThanOrEqualTo(Sensitive.Contains(c.Scheduler) ? SensitiveTolerance : Tolerance));
        Assert.That(noise.Remaining, Is.Zero, "noise draws left unused");
    }

    [TestCaseSource(nameof(Img2ImgCases))]
    public void Add_noise_matches_diffusers(object reference)
    {
        var c = (ReferenceCase)reference;
        var scheduler = Create(c);
        var latents = (float[])c.InitialLatents.Clone();

        scheduler.AddNoise(latents, c.AddNoiseNoise!, 0);

        Assert.That(Comparison.MaxRelativeError(latents, c.NoisedLatents!), Is.LessThanOrEqualTo(Tolerance));
    }

    /// <summary>The pipeline's loop: scale a copy of the sample, evaluate the model, step.</summary>
    internal static float[] Run(ReferenceCase c, IScheduler scheduler, INoiseSource noise)
    {
        var latents = (float[])c.InitialLatents.Clone();
        if (c.AddNoiseNoise is not null)
        {
            scheduler.AddNoise(latents, c.AddNoiseNoise, 0);
        }
        else
        {
            for (var i = 0; i < latents.Length; i++)
            {
                latents[i] *= scheduler.InitNoiseSigma;
            }
        }

        var modelInput = new float[latents.Length];
        var modelOutput = new float[latents.Length];
        for (var step = 0; step < scheduler.Timesteps.Length; step++)
        {
            latents.CopyTo(modelInput, 0);
            scheduler.ScaleModelInput(modelInput, step);
            StandInModel.Evaluate(modelInput, scheduler.Timesteps[step], modelOutput);
            scheduler.Step(modelOutput, step, latents, noise);
        }

        return latents;
    }

    internal static IScheduler Create(ReferenceCase c)
    {
        var factory = Factories[c.Scheduler];
        var resolved = factory.Resolve(c.ModelConfig, c.Options);
        return factory.Create(resolved, c.Steps, c.Strength);
    }
}
