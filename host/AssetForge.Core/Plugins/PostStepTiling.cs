namespace AssetForge.Core.Plugins;

using AssetForge.Abstractions.Models;
using AssetForge.Abstractions.PostProcessing;

/// <summary>Tells tiling-aware post steps (contract 1.2) that their asset tiles.</summary>
internal static class PostStepTiling
{
    /// <summary>
    /// <paramref name="written"/> plus the step's tiling parameter set to the asset's axes, when the
    /// step is tiling-aware, the asset tiles and the spec does not set the parameter itself.
    /// </summary>
    public static PostStepParameters WithTiling(IPostStep step, PostStepParameters written, TilingAxes tiling)
    {
        if (step is not ITilingAwarePostStep aware || tiling == TilingAxes.None || written.Get(aware.TilingParameter) is not null)
        {
            return written;
        }

        var axes = tiling switch
        {
            TilingAxes.X => "x",
            TilingAxes.Y => "y",
            _ => "xy",
        };
        return new PostStepParameters([.. written.Values, new(aware.TilingParameter, axes)]);
    }
}
