namespace AssetForge.Core.Build;

/// <summary>One asset as <c>explain</c> and <c>report</c> see it: where it comes from, its key and inputs, and its state.</summary>
/// <param name="Id">The asset id (for variants and sweep cells, <c>spec-id:suffix</c>).</param>
/// <param name="Origin">Its spec, role and coordinates.</param>
/// <param name="OutputPath">The output's absolute path.</param>
/// <param name="Key">The key the current spec gives.</param>
/// <param name="Fields">The key's inputs (canonical JSON values).</param>
/// <param name="State">Current, stale or missing.</param>
/// <param name="ChangedFields">For stale assets, what changed since the output was built.</param>
/// <param name="Parameters">The A1111-style parameters line (null for contact sheets).</param>
/// <param name="Sheet">For a contact sheet: column/row axes and labels, and the cell ids row-major.</param>
/// <param name="CompiledModel">For an image of a checkpoint: the compile-model node its generation reads.</param>
public sealed record AssetOverview(
    string Id,
    AssetOrigin Origin,
    string OutputPath,
    string Key,
    IReadOnlyDictionary<string, string> Fields,
    AssetState State,
    IReadOnlyList<string> ChangedFields,
    string? Parameters,
    SheetLayout? Sheet,
    CompiledModelOverview? CompiledModel = null);

/// <summary>A compile-model node as <c>explain</c> shows it.</summary>
/// <param name="Model">The model's name in the config.</param>
/// <param name="Source">The checkpoint (folder or file).</param>
/// <param name="Key">The node's key (the generation's <c>model</c> input).</param>
/// <param name="Fields">The key's inputs (field → canonical JSON).</param>
/// <param name="Cached">Whether the local cache holds the compiled model.</param>
public sealed record CompiledModelOverview(string Model, string Source, string Key, IReadOnlyDictionary<string, string> Fields, bool Cached);

/// <summary>The layout of a contact sheet, as the report draws it.</summary>
/// <param name="ColumnAxis">The column axis's field.</param>
/// <param name="ColumnLabels">Column labels.</param>
/// <param name="RowAxis">The row axes' fields.</param>
/// <param name="RowLabels">Row labels.</param>
/// <param name="CellIds">Cell asset ids, row-major.</param>
public sealed record SheetLayout(string ColumnAxis, IReadOnlyList<string> ColumnLabels, string RowAxis, IReadOnlyList<string> RowLabels, IReadOnlyList<string> CellIds);
