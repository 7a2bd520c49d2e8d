namespace AssetForge.Core.Actions;

using AssetForge.Core.Build;
using AssetForge.Core.Graph;

/// <summary>A post stage node's work: one validated step applied to its one input image.</summary>
/// <param name="Stage">The stage.</param>
internal sealed record PostStepWork(PostStagePlan Stage) : NodeWork;
