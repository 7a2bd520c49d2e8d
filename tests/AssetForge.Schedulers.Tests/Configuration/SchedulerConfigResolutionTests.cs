namespace AssetForge.Schedulers.Tests.Configuration;

using System.Text.Json;
using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Ddim;
using AssetForge.Schedulers.DpmSolver;
using AssetForge.Schedulers.Euler;

public sealed class SchedulerConfigResolutionTests
{
    private const string Sd15Config = """
        {"_class_name": "PNDMScheduler", "_diffusers_version": "0.6.0", "beta_end": 0.012,
         "beta_schedule": "scaled_linear", "beta_start": 0.00085, "num_train_timesteps": 1000,
         "set_alpha_to_one": false, "skip_prk_steps": true, "steps_offset": 1,
         "trained_betas": null, "clip_sample": false}
        """;

    private static SchedulerConfig Options(string json) => SchedulerConfig.Parse(json);

    [Test]
    public void Defaults_are_those_of_diffusers()
    {
        var resolved = new DdimSchedulerFactory().Resolve(SchedulerConfig.Empty, SchedulerConfig.Empty);

        Assert.That(resolved.Values["beta_schedule"].GetString(), Is.EqualTo("linear"));
        Assert.That(resolved.Values["clip_sample"].GetBoolean(), Is.True);
        Assert.That(resolved.Values["timestep_spacing"].GetString(), Is.EqualTo("leading"));
        Assert.That(resolved.Values["beta_end"].GetDouble(), Is.EqualTo(0.02));
    }

    [Test]
    public void Model_config_overrides_defaults()
    {
        var resolved = new EulerDiscreteSchedulerFactory().Resolve(Options(Sd15Config), SchedulerConfig.Empty);

        Assert.That(resolved.Values["beta_schedule"].GetString(), Is.EqualTo("scaled_linear"));
        Assert.That(resolved.Values["steps_offset"].GetInt32(), Is.EqualTo(1));
        Assert.That(resolved.Values["timestep_spacing"].GetString(), Is.EqualTo("linspace"));
    }

    [Test]
    public void Model_keys_the_scheduler_does_not_read_are_ignored()
    {
        var resolved = new EulerDiscreteSchedulerFactory().Resolve(Options(Sd15Config), SchedulerConfig.Empty);

        Assert.That(resolved.Values.Keys, Has.None.EqualTo("skip_prk_steps").And.None.EqualTo("_class_name").And.None.EqualTo("set_alpha_to_one"));
    }

    [Test]
    public void Spec_options_override_the_model_config()
    {
        var resolved = new EulerDiscreteSchedulerFactory().Resolve(Options(Sd15Config), Options("""{"beta_schedule": "linear"}"""));

        Assert.That(resolved.Values["beta_schedule"].GetString(), Is.EqualTo("linear"));
    }

    [TestCaseSource(nameof(Factories))]
    public void Resolved_config_holds_exactly_the_options_the_scheduler_reads(ISchedulerFactory factory)
    {
        var resolved = factory.Resolve(Options(Sd15Config), SchedulerConfig.Empty);

        Assert.That(resolved.Values.Keys, Is.EquivalentTo(factory.Options.Select(o => o.Name)));
    }

    [Test]
    public void Numbers_written_differently_resolve_to_the_same_config()
    {
        var factory = new DdimSchedulerFactory();

        var a = factory.Resolve(SchedulerConfig.Empty, Options("""{"beta_end": 1e-2, "num_train_timesteps": 1000.0}"""));
        var b = factory.Resolve(SchedulerConfig.Empty, Options("""{"beta_end": 0.010, "num_train_timesteps": 1000}"""));

        Assert.That(Canonical(a), Is.EqualTo(Canonical(b)));
    }

    [Test]
    public void An_unknown_option_is_refused_with_a_suggestion()
    {
        var error = Assert.Throws<SchedulerConfigException>(() =>
            new EulerDiscreteSchedulerFactory().Resolve(SchedulerConfig.Empty, Options("""{"use_karras_sigma": true}""")));

        Assert.That(error!.OptionName, Is.EqualTo("use_karras_sigma"));
        Assert.That(error.Message, Does.Contain("Did you mean 'use_karras_sigmas'?"));
    }

    [Test]
    public void An_option_of_another_scheduler_is_refused()
    {
        var error = Assert.Throws<SchedulerConfigException>(() =>
            new EulerDiscreteSchedulerFactory().Resolve(SchedulerConfig.Empty, Options("""{"eta": 0.5}""")));

        Assert.That(error!.OptionName, Is.EqualTo("eta"));
    }

    [Test]
    public void A_value_of_the_wrong_type_is_refused_naming_the_option()
    {
        var error = Assert.Throws<SchedulerConfigException>(() =>
            new DdimSchedulerFactory().Resolve(SchedulerConfig.Empty, Options("""{"clip_sample": "yes"}""")));

        Assert.That(error!.OptionName, Is.EqualTo("clip_sample"));
        Assert.That(error.Message, Does.Contain("true or false"));
    }

    [Test]
    public void A_misspelt_choice_is_refused_with_a_suggestion()
    {
        var error = Assert.Throws<SchedulerConfigException>(() =>
            new DdimSchedulerFactory().Resolve(SchedulerConfig.Empty, Options("""{"prediction_type": "v-prediction"}""")));

        Assert.That(error!.OptionName, Is.EqualTo("prediction_type"));
        Assert.That(error.Message, Does.Contain("'v_prediction'"));
    }

    [Test]
    public void A_fractional_integer_is_refused()
    {
        var error = Assert.Throws<SchedulerConfigException>(() =>
            new DdimSchedulerFactory().Resolve(SchedulerConfig.Empty, Options("""{"steps_offset": 1.5}""")));

        Assert.That(error!.OptionName, Is.EqualTo("steps_offset"));
    }

    [Test]
    public void A_negative_eta_is_refused()
    {
        var error = Assert.Throws<SchedulerConfigException>(() =>
            new DdimSchedulerFactory().Resolve(SchedulerConfig.Empty, Options("""{"eta": -1}""")));

        Assert.That(error!.OptionName, Is.EqualTo("eta"));
    }

    [Test]
    public void Trained_betas_of_the_wrong_length_are_refused_when_creating()
    {
        var factory = new EulerDiscreteSchedulerFactory();
        var resolved = factory.Resolve(SchedulerConfig.Empty, Options("""{"trained_betas": [0.1, 0.2]}"""));

        var error = Assert.Throws<SchedulerConfigException>(() => factory.Create(resolved, 10));

        Assert.That(error!.OptionName, Is.EqualTo("trained_betas"));
    }

    [Test]
    public void A_bad_value_in_the_model_config_names_its_source()
    {
        var error = Assert.Throws<SchedulerConfigException>(() =>
            new EulerDiscreteSchedulerFactory().Resolve(Options("""{"beta_schedule": "cosine"}"""), SchedulerConfig.Empty));

        Assert.That(error!.Message, Does.Contain("scheduler_config.json"));
    }

    [Test]
    public void A_name_that_implies_options_puts_them_in_the_resolved_config()
    {
        var resolved = new DpmSolverMultistepKarrasSchedulerFactory().Resolve(Options(Sd15Config), SchedulerConfig.Empty);

        Assert.That(resolved.Values["use_karras_sigmas"].GetBoolean(), Is.True);
    }

    [Test]
    public void Spec_options_override_what_a_name_implies()
    {
        var resolved = new DpmSolverMultistepKarrasSchedulerFactory().Resolve(Options(Sd15Config), Options("""{"use_karras_sigmas": false}"""));

        Assert.That(resolved.Values["use_karras_sigmas"].GetBoolean(), Is.False);
    }

    [TestCaseSource(nameof(Factories))]
    public void Factories_can_be_created_by_the_host(ISchedulerFactory factory)
    {
        var type = factory.GetType();

        Assert.That(type.IsPublic && type.IsSealed && type.GetConstructor(Type.EmptyTypes) is not null, Is.True);
        Assert.That(factory.Version, Does.Match(@"^\d+\.\d+\.\d+$"));
    }

    [Test]
    public void No_two_factories_in_the_plugin_answer_to_the_same_name()
    {
        var names = typeof(EulerDiscreteSchedulerFactory).Assembly.GetExportedTypes()
            .Where(t => !t.IsAbstract && typeof(ISchedulerFactory).IsAssignableFrom(t))
            .Select(t => (ISchedulerFactory)Activator.CreateInstance(t)!)
            .SelectMany(f => f.Aliases.Prepend(f.Id).Select(n => n.ToLowerInvariant()).Distinct())
            .ToList();

        Assert.That(names, Is.Unique);
        Assert.That(names, Does.Contain("k_euler").And.Contain("ddim").And.Contain("euler").And.Contain("dpm++ 2m karras").And.Contain("k_lms").And.Contain("k_heun"));
    }

    private static IEnumerable<ISchedulerFactory> Factories() =>
        typeof(EulerDiscreteSchedulerFactory).Assembly.GetExportedTypes()
            .Where(t => !t.IsAbstract && typeof(ISchedulerFactory).IsAssignableFrom(t))
            .Select(t => (ISchedulerFactory)Activator.CreateInstance(t)!);

    private static string Canonical(SchedulerConfig config) =>
        JsonSerializer.Serialize(config.Values.ToDictionary(p => p.Key, p => p.Value));
}
