namespace AssetForge.Core.Actions;

using AssetForge.Core.Build;
using AssetForge.Core.Graph;

/// <summary>A generation node's work: the planned image with its generation key and fields only (no post chain), so its PNG's metadata names exactly that key.</summary>
/// <param name="Asset">The image to generate.</param>
internal sealed record GenerateImageWork(PlannedAsset Asset) : NodeWork;
