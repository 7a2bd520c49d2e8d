namespace AssetForge.Cli.Tests;

using AssetForge.Cli.Tests.Infrastructure;

/// <summary>
/// builtin:icons, the trained model the sample uses, draws the colour a prompt names: the same
/// seed asked for a red and a blue potion gives a reddish and a bluish subject. Untrained weights
/// (builtin:tiny) fail this; it checks the shipped weights and the checkpoint compile together.
/// </summary>
[Category("Slow")]
public sealed class BuiltinIconsTests
{
    [TestCase("red", 0)]
    [TestCase("blue", 2)]
    [TestCase("green", 1)]
    public async Task A_potion_comes_out_in_the_colour_the_prompt_names(string colour, int channel)
    {
        using var project = TestProject.Create();
        project.Edit("assetforge.yaml", "model: builtin:tiny", "model: builtin:icons");
        project.Edit("assetforge.yaml", "steps: 3", "steps: 20");
        project.Edit("assetforge.yaml", "cfg: 5", "cfg: 3");
        project.Write("potion.yaml", $"output: potion.png\nprompt: \"a {colour} potion, game icon\"\nseed: 909090\n");

        var build = await project.RunAsync("build");

        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError);
        var subject = SubjectColour(PngPixels.Read(project.OutputOf("potion.png")));
        TestContext.Out.WriteLine($"{colour} potion: subject mean RGB {subject[0]:F0},{subject[1]:F0},{subject[2]:F0}");
        for (var other = 0; other < 3; other++)
        {
            if (other != channel)
            {
                Assert.That(subject[channel], Is.GreaterThan(subject[other] + 30), $"channel {channel} against {other}");
            }
        }
    }

    // The mean colour of the pixels that differ most from the border's mean (the background):
    // the 15% farthest from it, which is the subject's body on the icons' plain backgrounds.
    private static double[] SubjectColour(PngPixels image)
    {
        int w = image.Width, h = image.Height;
        var border = new double[3];
        var count = 0;
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                if (x == 0 || y == 0 || x == w - 1 || y == h - 1)
                {
                    for (var c = 0; c < 3; c++)
                    {
                        border[c] += image.Rgb[(((y * w) + x) * 3) + c];
                    }

                    count++;
                }
            }
        }

        for (var c = 0; c < 3; c++)
        {
            border[c] /= count;
        }

        var distances = new (double Distance, int Index)[w * h];
        for (var i = 0; i < w * h; i++)
        {
            double d = 0;
            for (var c = 0; c < 3; c++)
            {
                d += Math.Abs(image.Rgb[(i * 3) + c] - border[c]);
            }

            distances[i] = (d, i);
        }

        Array.Sort(distances, (a, b) => b.Distance.CompareTo(a.Distance));
        var take = w * h * 15 / 100;
        var mean = new double[3];
        for (var k = 0; k < take; k++)
        {
            for (var c = 0; c < 3; c++)
            {
                mean[c] += image.Rgb[(distances[k].Index * 3) + c];
            }
        }

        for (var c = 0; c < 3; c++)
        {
            mean[c] /= take;
        }

        return mean;
    }
}
