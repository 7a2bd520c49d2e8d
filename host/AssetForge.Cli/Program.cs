using AssetForge.Cli.CommandLine;

return await AssetForgeCommandLine.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
