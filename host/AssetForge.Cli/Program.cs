using System.Text;
using AssetForge.Cli.CommandLine;

// An unchanged project is the common case: answer it before hosting, DI or the parser load (#14).
var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false };
int? noOp;
try
{
    noOp = NoOpShortcut.TryRun(args, stdout, Console.Error, !Console.IsOutputRedirected);
}
finally
{
    stdout.Flush();
}

return noOp ?? await AssetForgeCommandLine.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
