namespace AssetForge.Core.Actions;

using AssetForge.Core.Build;
using AssetForge.Core.Graph;

/// <summary>A contact sheet node's work: the sweep's layout; its inputs are the cells, row-major.</summary>
/// <param name="Sheet">The planned contact sheet (its <see cref="PlannedAsset.Sheet"/> is the layout).</param>
internal sealed record ContactSheetWork(PlannedAsset Sheet) : NodeWork;
