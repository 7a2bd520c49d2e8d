namespace AssetForge.Cli.CommandLine;

using System.CommandLine;
using AssetForge.Cli.Hosting;
using AssetForge.Cli.Output;
using AssetForge.Cli.Verbs;

/// <summary><c>assetforge model random --like sd15|sd21 [--seed N] DIR</c>.</summary>
internal static class ModelCommand
{
    public static Command Create(Func<ParseResult, OutputOptions> output, Func<OutputOptions, CliConsole> console)
    {
        var command = new Command("model", "Make model folders: random writes a random-weight checkpoint of a real architecture.");

        var like = new Option<string>("--like")
        {
            Description = "The architecture: sd15 (Stable Diffusion 1.5) or sd21 (2.1, 768 px, v-prediction).",
            Required = true,
        };
        var seed = new Option<ulong>("--seed") { Description = "The weights' seed (default 0): the same seed always writes the same files.", DefaultValueFactory = _ => 0 };
        var directory = new Argument<string>("directory") { Description = "The folder to write the diffusers-format checkpoint into (new or empty)." };
        var random = new Command("random", "Write a diffusers folder (safetensors, configs, tokenizer) with random weights and a real model's architecture, for benchmarks and GPU checks; no download. Its images are noise.")
        {
            like, seed, directory,
        };
        random.SetAction((parse, cancellationToken) =>
        {
            var options = output(parse);
            return CliHost.RunAsync<ModelVerb>(
                options,
                console(options),
                (verb, token) => Task.FromResult(verb.Random(parse.GetValue(like)!, parse.GetValue(seed), parse.GetValue(directory)!, token)),
                cancellationToken);
        });

        command.Subcommands.Add(random);
        return command;
    }
}
