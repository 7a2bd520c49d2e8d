namespace AssetForge.Core.Graph;

/// <summary>
/// What a node's runner needs to produce its outputs (the planned asset, the post step, the sheet
/// layout). Opaque to the graph and the executor, which only see keys, inputs and outputs.
/// </summary>
internal abstract record NodeWork;
