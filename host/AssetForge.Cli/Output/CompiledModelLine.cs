namespace AssetForge.Cli.Output;

using System.Globalization;

/// <summary>The build log's line for a compile-model node, shared by the plain and live output.</summary>
internal static class CompiledModelLine
{
    public static string Of(string model, string key, bool fromRemoteCache, TimeSpan elapsed) =>
        fromRemoteCache
            ? $"downloaded compiled model {model} from the remote cache (key {key[..12]})"
            : string.Create(CultureInfo.InvariantCulture, $"compiled model {model} in {elapsed.TotalSeconds:F1}s (key {key[..12]})");
}
