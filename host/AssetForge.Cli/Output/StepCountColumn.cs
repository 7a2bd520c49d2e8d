namespace AssetForge.Cli.Output;

using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

/// <summary>A progress column showing <c>value/max</c>: denoising steps for an asset, assets for the build.</summary>
public sealed class StepCountColumn : ProgressColumn
{
    /// <inheritdoc />
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        new Text(string.Create(CultureInfo.InvariantCulture, $"{task.Value:0}/{task.MaxValue:0}"), new Style(Color.Grey));
}
