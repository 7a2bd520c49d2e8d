namespace AssetForge.Abstractions.Imaging;

/// <summary>A contact sheet (an X/Y plot) to draw.</summary>
/// <param name="Title">A line above the grid (e.g. the prompt); may be empty.</param>
/// <param name="ColumnAxis">What varies along a row, e.g. <c>cfg</c>; empty when there is one column.</param>
/// <param name="ColumnLabels">One label per column, e.g. <c>6</c>, <c>7</c>.</param>
/// <param name="RowAxis">What varies down a column, e.g. <c>steps</c>; empty when there is one row.</param>
/// <param name="RowLabels">One label per row.</param>
/// <param name="Cells">The encoded cell images, row-major (row 0's columns first).</param>
public sealed record ContactSheetRequest(
    string Title,
    string ColumnAxis,
    IReadOnlyList<string> ColumnLabels,
    string RowAxis,
    IReadOnlyList<string> RowLabels,
    IReadOnlyList<byte[]> Cells)
{
    /// <summary>PNG text chunks for the sheet.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> PngText { get; init; } = [];
}
