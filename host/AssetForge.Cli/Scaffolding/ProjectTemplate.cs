namespace AssetForge.Cli.Scaffolding;

/// <summary>
/// What <c>assetforge init</c> writes: a commented assetforge.yaml and one sample spec, small
/// enough (builtin:icons, 64×64, 20 steps) that the first <c>assetforge build</c> takes seconds on
/// any machine.
/// </summary>
public static class ProjectTemplate
{
    /// <summary>The sample spec's path, relative to the project folder.</summary>
    public const string SampleSpecPath = "props/crate.yaml";

    /// <summary>The output the sample spec produces, relative to the output root.</summary>
    public const string SampleOutputPath = "props/crate.png";

    /// <summary>Where init writes the JSON Schemas, relative to the project folder.</summary>
    public const string SchemaDirectory = "schemas";

    /// <summary>The project config.</summary>
    public const string Config = """
        # yaml-language-server: $schema=schemas/assetforge-config.schema.json
        # AssetForge project: `assetforge build` (in this folder) turns every *.yaml spec below it
        # into an image under out/, generating only what changed since the last build.
        # Every key is optional; unknown keys are errors with a "did you mean".

        # Models: a name -> a folder with a diffusers/Optimum ONNX export of Stable Diffusion 1.5
        # (model_index.json, text_encoder/, unet/, vae_decoder/, tokenizer/, scheduler/), relative
        # to this file. Uncomment, point it at your export, and write `model: sd15` in a spec (or
        # under defaults: below) to get real art.
        #
        # models:
        #   sd15: ../models/stable-diffusion-v1-5-onnx

        # Every spec starts from these values and may override any of them. builtin:icons is the
        # small model that ships with AssetForge: it runs anywhere in seconds and draws 64x64 game
        # icons (potions, swords, shields, keys, gems, coins, chests, barrels, crates, mushrooms,
        # trees, rocks in ten colours, and grass/stone/sand/water ground), nothing else.
        # With sd15, use 512x512, 25-30 steps and cfg 7-7.5.
        defaults:
          model: builtin:icons
          scheduler: euler
          steps: 20
          cfg: 5
          width: 64
          height: 64

        # Outputs, and the local content-addressed cache (relative to this file). Keep both out of
        # version control; commit assetforge.lock.json, which `assetforge status --check` reads on CI.
        output: out
        cache: .assetforge/cache

        # auto picks CUDA or DirectML when present, else the CPU.
        execution_provider: auto

        """;

    /// <summary>The sample spec.</summary>
    public const string SampleSpec = """
        # yaml-language-server: $schema=../schemas/assetforge-spec.schema.json
        # One asset: an image at out/props/crate.png. The file's path (props/crate) is its id.
        # `assetforge status` shows whether it is current; edit a field and build again to regenerate it.
        output: props/crate.png
        prompt: "a green wooden crate, game icon"
        seed: 1234

        """;
}
