namespace AssetForge.Core.Caching;

using System.Text.Json.Serialization;

/// <summary>Who made an action's outputs: for diagnosis (<c>assetforge verify</c>, cache forensics), never for keys.</summary>
/// <param name="Backend">Model backend id and version, e.g. <c>onnx 1.0.0</c>.</param>
/// <param name="Scheduler">Scheduler id and version.</param>
/// <param name="ExecutionProvider">The execution provider actually used.</param>
/// <param name="Precision">The model's precision as the session reported it.</param>
/// <param name="Machine">The machine name.</param>
/// <param name="HostVersion">The AssetForge host version.</param>
/// <param name="ContractVersion">The plugin contract version of the host.</param>
public sealed record ActionProducer(
    [property: JsonPropertyName("backend")] string Backend,
    [property: JsonPropertyName("scheduler")] string Scheduler,
    [property: JsonPropertyName("execution_provider")] string ExecutionProvider,
    [property: JsonPropertyName("precision")] string Precision,
    [property: JsonPropertyName("machine")] string Machine,
    [property: JsonPropertyName("host_version")] string HostVersion,
    [property: JsonPropertyName("contract_version")] string ContractVersion);
