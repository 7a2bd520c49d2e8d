namespace AssetForge.Core.Build;

using AssetForge.Core.Specs;

/// <summary>
/// How a sweep's contact sheet is laid out: the first axis runs along the columns, every
/// combination of the others down the rows, cells row-major.
/// </summary>
/// <param name="CellIds">The cells' asset ids, row-major.</param>
/// <param name="ColumnAxis">The column axis's field (empty for none).</param>
/// <param name="ColumnLabels">Column labels.</param>
/// <param name="RowAxis">The row axes' fields joined with ", " (empty for none).</param>
/// <param name="RowLabels">Row labels.</param>
/// <param name="Title">The line above the grid.</param>
internal sealed record ContactSheetPlan(
    IReadOnlyList<string> CellIds,
    string ColumnAxis,
    IReadOnlyList<string> ColumnLabels,
    string RowAxis,
    IReadOnlyList<string> RowLabels,
    string Title)
{
    /// <summary>Bump when the drawing changes (margins, font, label format): it is part of the sheet's key.</summary>
    public const int LayoutVersion = 1;

    /// <summary>The label of one axis value as drawn (prompt suffixes are quoted so an empty one shows).</summary>
    public static string Label(string field, string value) =>
        field == SweepAxis.PromptSuffix ? $"\"{value}\"" : value;
}
