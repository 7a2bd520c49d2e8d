namespace AssetForge.Onnx.Tests.Graph;

using AssetForge.Abstractions.Models;
using AssetForge.Onnx.Graph;
using AssetForge.Onnx.Graph.Proto;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

public sealed class CircularPaddingRewriteTests
{
    private const int Channels = 2, Height = 5, Width = 7, OutChannels = 3;

    // Opset 17: Slice + Concat; opset 19: Pad with mode "wrap".
    [TestCase(17, TilingAxes.Both)]
    [TestCase(17, TilingAxes.X)]
    [TestCase(17, TilingAxes.Y)]
    [TestCase(19, TilingAxes.Both)]
    [TestCase(19, TilingAxes.X)]
    [TestCase(19, TilingAxes.Y)]
    public void A_rewritten_conv_equals_a_conv_over_the_circularly_padded_input(long opset, TilingAxes axes)
    {
        var (input, weight, bias) = RandomValues();
        var rewrite = CircularPaddingRewrite.Apply(SingleConv(opset, weight, bias), axes);

        var actual = Run(rewrite.Model, input);

        Assert.That(rewrite.Rewritten, Is.EqualTo(1));
        Assert.That(actual, Is.EqualTo(ConvByHand(input, weight, bias, axes)).Within(1e-5f));
    }

    [Test]
    public void Without_tiling_the_model_is_left_as_it_is()
    {
        var (_, weight, bias) = RandomValues();
        var model = SingleConv(17, weight, bias);
        Assert.That(CircularPaddingRewrite.Apply(model, TilingAxes.None).Model, Is.SameAs(model));
    }

    [Test]
    public void The_hand_computed_reference_differs_between_wrapping_and_zero_padding()
    {
        // Guards the test above against a reference that would not notice a missing rewrite.
        var (input, weight, bias) = RandomValues();
        var zeros = ConvByHand(input, weight, bias, TilingAxes.None);
        Assert.That(Run(SingleConv(17, weight, bias), input), Is.EqualTo(zeros).Within(1e-5f));
        Assert.That(ConvByHand(input, weight, bias, TilingAxes.Both), Is.Not.EqualTo(zeros).Within(1e-3f));
    }

    [Test]
    public void A_same_padded_conv_with_unit_strides_is_rewritten()
    {
        var (input, weight, bias) = RandomValues();
        var g = new OnnxGraphBuilder("same");
        var x = g.Input("x", OnnxElementType.Float, 1, Channels, Height, Width);
        g.Node("Conv", [x, g.Initializer("w", weight, OutChannels, Channels, 3, 3), g.Initializer("b", bias, OutChannels)], [OnnxAttribute.String("auto_pad", "SAME_UPPER")], "y");
        g.Output("y", OnnxElementType.Float, 1, OutChannels, Height, Width);
        var rewrite = CircularPaddingRewrite.Apply(OnnxModelWriter.ToProto(new OnnxModel(g.Build())), TilingAxes.Both);

        Assert.That(Run(rewrite.Model, input), Is.EqualTo(ConvByHand(input, weight, bias, TilingAxes.Both)).Within(1e-5f));
    }

    [Test]
    public void A_strided_same_padded_conv_is_reported_not_rewritten()
    {
        var (_, weight, bias) = RandomValues();
        var g = new OnnxGraphBuilder("same_strided");
        var x = g.Input("x", OnnxElementType.Float, 1, Channels, Height, Width);
        g.Node("Conv", [x, g.Initializer("w", weight, OutChannels, Channels, 3, 3), g.Initializer("b", bias, OutChannels)], [OnnxAttribute.String("auto_pad", "SAME_UPPER"), OnnxAttribute.IntList("strides", 2, 2)], "y");
        g.Output("y", OnnxElementType.Float, 1, OutChannels, 3, 4);
        var rewrite = CircularPaddingRewrite.Apply(OnnxModelWriter.ToProto(new OnnxModel(g.Build())), TilingAxes.Both);

        Assert.That((rewrite.Rewritten, rewrite.Skipped.Count), Is.EqualTo((0, 1)));
    }

    [TestCase(TilingAxes.Both)]
    [TestCase(TilingAxes.X)]
    [TestCase(TilingAxes.Y)]
    public void A_rewritten_bilinear_resize_interpolates_across_the_wrapped_edges(TilingAxes axes)
    {
        const int Scale = 4;
        var (input, _, _) = RandomValues();
        var g = new OnnxGraphBuilder("single_resize");
        var x = g.Input("x", OnnxElementType.Float, 1, Channels, Height, Width);
        g.Node("Resize", [x, "", g.Initializer("scales", [1f, 1f, Scale, Scale], 4)], [
            OnnxAttribute.String("mode", "linear"),
            OnnxAttribute.String("coordinate_transformation_mode", "half_pixel"),
        ], "y");
        g.Output("y", OnnxElementType.Float, 1, Channels, Height * Scale, Width * Scale);
        var rewrite = CircularPaddingRewrite.Apply(OnnxModelWriter.ToProto(new OnnxModel(g.Build())), axes);

        using var session = new InferenceSession(rewrite.Model.ToByteArray());
        using var outputs = session.Run([NamedOnnxValue.CreateFromTensor("x", new DenseTensor<float>(input, new[] { 1, Channels, Height, Width }))]);

        Assert.That(outputs[0].AsTensor<float>().ToArray(), Is.EqualTo(BilinearByHand(input, Scale, axes)).Within(1e-5f));
    }

    // Half-pixel bilinear upsampling; outside samples wrap along the tiling axes, clamp along the others.
    private static float[] BilinearByHand(float[] input, int scale, TilingAxes axes)
    {
        int outHeight = Height * scale, outWidth = Width * scale;
        var output = new float[Channels * outHeight * outWidth];
        static (int Low, int High, double T) Sample(int j, int scale, int size, bool wrap)
        {
            var position = ((j + 0.5) / scale) - 0.5;
            var low = (int)Math.Floor(position);
            var t = position - low;
            int Index(int i) => wrap ? ((i % size) + size) % size : Math.Clamp(i, 0, size - 1);
            return (Index(low), Index(low + 1), t);
        }

        for (var c = 0; c < Channels; c++)
        {
            for (var oy = 0; oy < outHeight; oy++)
            {
                var (y0, y1, ty) = Sample(oy, scale, Height, axes.HasFlag(TilingAxes.Y));
                for (var ox = 0; ox < outWidth; ox++)
                {
                    var (x0, x1, tx) = Sample(ox, scale, Width, axes.HasFlag(TilingAxes.X));
                    double At(int yy, int xx) => input[(((c * Height) + yy) * Width) + xx];
                    var top = ((1 - tx) * At(y0, x0)) + (tx * At(y0, x1));
                    var bottom = ((1 - tx) * At(y1, x0)) + (tx * At(y1, x1));
                    output[(((c * outHeight) + oy) * outWidth) + ox] = (float)(((1 - ty) * top) + (ty * bottom));
                }
            }
        }

        return output;
    }

    private static ModelProto SingleConv(long opset, float[] weight, float[] bias)
    {
        var g = new OnnxGraphBuilder("single_conv");
        var x = g.Input("x", OnnxElementType.Float, 1, Channels, Height, Width);
        g.Node("Conv", [x, g.Initializer("w", weight, OutChannels, Channels, 3, 3), g.Initializer("b", bias, OutChannels)], [
            OnnxAttribute.IntList("kernel_shape", 3, 3),
            OnnxAttribute.IntList("pads", 1, 1, 1, 1),
        ], "y");
        g.Output("y", OnnxElementType.Float, 1, OutChannels, Height, Width);
        return OnnxModelWriter.ToProto(new OnnxModel(g.Build()) { OpsetVersion = opset });
    }

    private static (float[] Input, float[] Weight, float[] Bias) RandomValues()
    {
        var random = new Random(1234);
        float Next() => (float)(random.NextDouble() * 2 - 1);
        return ([.. Enumerable.Range(0, Channels * Height * Width).Select(_ => Next())],
                [.. Enumerable.Range(0, OutChannels * Channels * 9).Select(_ => Next())],
                [.. Enumerable.Range(0, OutChannels).Select(_ => Next())]);
    }

    private static float[] Run(ModelProto model, float[] input)
    {
        using var session = new InferenceSession(model.ToByteArray());
        using var outputs = session.Run([NamedOnnxValue.CreateFromTensor("x", new DenseTensor<float>(input, new[] { 1, Channels, Height, Width }))]);
        return outputs[0].AsTensor<float>().ToArray();
    }

    // A 3×3 convolution with padding 1, reading outside pixels from the opposite edge along the
    // wrapped axes and as zeros along the others: what PyTorch's padding_mode='circular' does.
    private static float[] ConvByHand(float[] input, float[] weight, float[] bias, TilingAxes axes)
    {
        var output = new float[OutChannels * Height * Width];
        for (var o = 0; o < OutChannels; o++)
        {
            for (var y = 0; y < Height; y++)
            {
                for (var x = 0; x < Width; x++)
                {
                    double sum = bias[o];
                    for (var c = 0; c < Channels; c++)
                    {
                        for (var ky = 0; ky < 3; ky++)
                        {
                            for (var kx = 0; kx < 3; kx++)
                            {
                                var sy = y + ky - 1;
                                var sx = x + kx - 1;
                                if (axes.HasFlag(TilingAxes.Y))
                                {
                                    sy = (sy + Height) % Height;
                                }

                                if (axes.HasFlag(TilingAxes.X))
                                {
                                    sx = (sx + Width) % Width;
                                }

                                if (sy < 0 || sy >= Height || sx < 0 || sx >= Width)
                                {
                                    continue;
                                }

                                sum += weight[(((o * Channels) + c) * 9) + (ky * 3) + kx] * input[(((c * Height) + sy) * Width) + sx];
                            }
                        }
                    }

                    output[(((o * Height) + y) * Width) + x] = (float)sum;
                }
            }
        }

        return output;
    }
}
