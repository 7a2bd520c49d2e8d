namespace AssetForge.Cli.Hosting;

using AssetForge.Cli.CommandLine;
using AssetForge.Cli.Output;
using AssetForge.Cli.Verbs;
using AssetForge.Core.Build;
using AssetForge.Core.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

/// <summary>
/// Runs one verb inside a generic host: DI, logging to stderr, and Ctrl+C/SIGTERM turned into a
/// cancellation token by the host's console lifetime.
/// </summary>
public static class CliHost
{
    /// <summary>The folder of built-in plugins: <c>plugins/</c> next to the CLI.</summary>
    public static string BuiltinPluginDirectory => Path.Combine(AppContext.BaseDirectory, "plugins");

    /// <summary>Builds the host. The empty builder reads no appsettings or environment: startup stays cheap.</summary>
    public static IHost Create(OutputOptions output, CliConsole console)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "assetforge" });

        builder.Logging.SetMinimumLevel(output.Verbosity switch
        {
            Verbosity.Quiet => LogLevel.Error,
            Verbosity.Detailed => LogLevel.Debug,
            _ => LogLevel.Warning,
        });
        // The host's own lifecycle chatter is noise for a command line tool.
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddSimpleConsole(formatter =>
        {
            formatter.SingleLine = true;
            formatter.ColorBehavior = Console.IsErrorRedirected ? LoggerColorBehavior.Disabled : LoggerColorBehavior.Default;
        });

        // stdout carries results and progress; every log line goes to stderr.
        builder.Services.Configure<ConsoleLoggerOptions>(logger => logger.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);

        builder.Services.AddSingleton(console);
        builder.Services.AddSingleton(Options.Create(output));
        builder.Services.AddSingleton(services => new BuildEngine(services.GetRequiredService<ILoggerFactory>(), [BuiltinPluginDirectory]));
        builder.Services.AddTransient<BuildVerb>();
        builder.Services.AddTransient<StatusVerb>();
        builder.Services.AddTransient<CleanVerb>();
        builder.Services.AddTransient<PluginsVerb>();
        builder.Services.AddTransient<DiffVerb>();
        builder.Services.AddTransient<VerifyVerb>();
        builder.Services.AddTransient<ExplainVerb>();
        builder.Services.AddTransient<ReportVerb>();
        builder.Services.AddTransient<CacheVerb>();
        builder.Services.AddTransient<SchedulersVerb>();
        builder.Services.AddTransient<InitVerb>();
        builder.Services.AddTransient<SchemaVerb>();
        builder.Services.AddTransient<ModelVerb>();
        return builder.Build();
    }

    /// <summary>
    /// Starts a host, runs <paramref name="run"/> with a token that Ctrl+C cancels, stops the host
    /// (flushing logs) and returns the exit code. An exception nobody turned into a diagnostic is
    /// a bug: it is reported in one line (the stack trace only with <c>-v detailed</c>).
    /// </summary>
    public static async Task<int> RunAsync<TVerb>(
        OutputOptions output,
        CliConsole console,
        Func<TVerb, CancellationToken, Task<int>> run,
        CancellationToken cancellationToken)
        where TVerb : notnull
    {
        using var host = Create(output, console);
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);

        int exitCode;
        try
        {
            exitCode = await run(host.Services.GetRequiredService<TVerb>(), stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await console.Error.WriteLineAsync("assetforge: cancelled").ConfigureAwait(false);
            exitCode = ExitCodes.Cancelled;
        }
#pragma warning disable CA1031 // The last line of defence: one line for the user instead of a crash dump.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            var message = $"internal error: {exception.GetType().Name}: {exception.Message}";
            await console.Error.WriteLineAsync(Diagnostic.Error(CliDiagnosticCodes.InternalError, message).ToString()).ConfigureAwait(false);
            if (output.Verbosity >= Verbosity.Detailed)
            {
                await console.Error.WriteLineAsync(exception.ToString()).ConfigureAwait(false);
            }

            exitCode = ExitCodes.Failed;
        }

        await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        return exitCode;
    }
}
