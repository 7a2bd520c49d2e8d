namespace AssetForge.Onnx.Graph;

using System.Globalization;
using System.Runtime.InteropServices;
using AssetForge.Abstractions.Models;
using AssetForge.Onnx.Graph.Proto;

/// <summary>
/// Makes a model's 2-D convolutions pad circularly along the tiling axes, the way AUTOMATIC1111's
/// and InvokeAI's "seamless" options switch PyTorch's Conv2d to <c>padding_mode='circular'</c>,
/// but on the ONNX graph: before every Conv whose padding touches a wrapped axis it inserts a node
/// that pads that axis with the opposite edge of the input, and it removes that axis's padding
/// from the Conv (the Conv keeps padding the other axis with zeros).
/// </summary>
/// <remarks>
/// <para>It works on the ModelProto as read (<see cref="OnnxModelReader"/>), so every field of
/// the export it does not touch is written back as it was.</para>
/// <para>Axis x is the last dimension (width), y the one before it (height), of NCHW inputs.</para>
/// <para>At opset 19 and later the wrap is one <c>Pad</c> node with <c>mode = "wrap"</c>; below, where
/// Pad has no wrap mode, it is a <c>Slice</c> of each edge and a <c>Concat</c>, which means the same
/// at every opset (Slice with its bounds as inputs from opset 10, as attributes before).</para>
/// <para>Convs with <c>auto_pad = SAME_*</c> get explicit pads first when their strides are 1 (the
/// padding then does not depend on the input size); a strided SAME Conv or one whose kernel size
/// is unknown is left alone and reported in <see cref="Result.Skipped"/>. Exports of Stable
/// Diffusion (torch.onnx) always write explicit pads.</para>
/// <para>Interpolating upsamplers wrap too: a <c>Resize</c> in <c>linear</c> (or <c>cubic</c>) mode
/// with half-pixel coordinates and constant integer scales reads one (two) pixels beyond the edge,
/// which it would otherwise clamp; it gets the input wrapped by that much and its output cropped
/// by scale × that much, which is exactly a circular interpolation. Stable Diffusion's own
/// upsamplers are nearest-neighbour (periodic already); <c>builtin:tiny</c>'s colour field is
/// bilinear. A Resize in any other form is left as it is.</para>
/// </remarks>
internal static class CircularPaddingRewrite
{
    /// <summary>The opset from which Pad has <c>mode = "wrap"</c>.</summary>
    public const long PadWrapOpset = 19;

    private const string Prefix = "/assetforge_tiling";

    /// <summary>What a rewrite did.</summary>
    /// <param name="Model">The rewritten model, a copy (the input itself, unchanged, when nothing needed a change).</param>
    /// <param name="Rewritten">How many Convs now pad circularly.</param>
    /// <param name="Skipped">Names of padded Convs that could not be rewritten (and still pad with zeros).</param>
    public sealed record Result(ModelProto Model, int Rewritten, IReadOnlyList<string> Skipped);

    public static Result Apply(ModelProto model, TilingAxes axes)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (axes == TilingAxes.None)
        {
            return new Result(model, 0, []);
        }

        var graph = model.Graph;
        var weights = new Dictionary<string, TensorProto>(StringComparer.Ordinal);
        foreach (var initializer in graph.Initializer)
        {
            weights.TryAdd(initializer.Name, initializer);
        }

        var opset = OnnxModelReader.DefaultOpset(model);
        var context = new RewriteContext(opset);
        var nodes = new List<NodeProto>(graph.Node.Count * 2);
        var skipped = new List<string>();
        var rewritten = 0;
        for (var index = 0; index < graph.Node.Count; index++)
        {
            var node = graph.Node[index];
            if (node.OpType == "Resize" && node.Domain is "" or "ai.onnx" && opset >= 11 && ResizeWrap.Of(node, weights) is { } resize)
            {
                var prefix = string.Create(CultureInfo.InvariantCulture, $"{Prefix}/{index}");
                var wrapY = axes.HasFlag(TilingAxes.Y) ? resize.Margin : 0;
                var wrapX = axes.HasFlag(TilingAxes.X) ? resize.Margin : 0;
                var wrapped = context.Wrap(nodes, prefix, node.Input[0], (wrapY, wrapY), (wrapX, wrapX));
                var resized = prefix + "/Resize_output_0";
                var copy = node.Clone();
                copy.Input[0] = wrapped;
                copy.Output.Clear();
                copy.Output.Add(resized);
                nodes.Add(copy);
                context.Crop(nodes, prefix, resized, node.Output[0], wrapY * resize.ScaleY, wrapX * resize.ScaleX);
                rewritten++;
                continue;
            }

            if (node.OpType != "Conv" || node.Domain is not ("" or "ai.onnx") || node.Input.Count < 2)
            {
                nodes.Add(node);
                continue;
            }

            switch (ConvPadding.Of(node, weights))
            {
                case null:
                    nodes.Add(node);
                    break;
                case { IsKnown: false }:
                    skipped.Add(node.Name.Length > 0 ? node.Name : node.Output[0]);
                    nodes.Add(node);
                    break;
                case { } padding:
                    var (top, left, bottom, right) = padding.Pads;
                    var wrapY = axes.HasFlag(TilingAxes.Y) && (top > 0 || bottom > 0);
                    var wrapX = axes.HasFlag(TilingAxes.X) && (left > 0 || right > 0);
                    if (!wrapX && !wrapY)
                    {
                        nodes.Add(node);
                        break;
                    }

                    var prefix = string.Create(CultureInfo.InvariantCulture, $"{Prefix}/{index}");
                    var wrapped = context.Wrap(
                        nodes,
                        prefix,
                        node.Input[0],
                        wrapY ? (top, bottom) : (0, 0),
                        wrapX ? (left, right) : (0, 0));
                    var remaining = new long[] { wrapY ? 0 : top, wrapX ? 0 : left, wrapY ? 0 : bottom, wrapX ? 0 : right };
                    nodes.Add(WithInputAndPads(node, wrapped, remaining));
                    rewritten++;
                    break;
            }
        }

        if (rewritten == 0)
        {
            return new Result(model, 0, skipped);
        }

        // The copy shares the weights' bytes with the input (ByteStrings are immutable), so it costs the graph's structure only.
        var result = model.Clone();
        result.Graph.Node.Clear();
        result.Graph.Node.AddRange(nodes);
        result.Graph.Initializer.AddRange(context.Initializers);
        return new Result(result, rewritten, skipped);
    }

    private static NodeProto WithInputAndPads(NodeProto node, string input, long[] pads)
    {
        var copy = node.Clone();
        for (var i = copy.Attribute.Count - 1; i >= 0; i--)
        {
            if (copy.Attribute[i].Name is "pads" or "auto_pad")
            {
                copy.Attribute.RemoveAt(i);
            }
        }

        copy.Attribute.Add(OnnxModelWriter.ToProto(OnnxAttribute.IntList("pads", pads)));
        copy.Input[0] = input;
        return copy;
    }

    private static NodeProto Node(string opType, IEnumerable<string> inputs, string output, string name, params OnnxAttribute[] attributes)
    {
        var node = new NodeProto { Name = name, OpType = opType };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        foreach (var attribute in attributes)
        {
            node.Attribute.Add(OnnxModelWriter.ToProto(attribute));
        }

        return node;
    }

    private static string? StringValue(AttributeProto attribute) =>
        attribute.Type == AttributeProto.Types.AttributeType.String && attribute.HasS ? attribute.S.ToStringUtf8() : null;

    /// <summary>An interpolating Resize that can be made circular: how many input pixels it reads beyond an edge, and its integer scales.</summary>
    private readonly record struct ResizeWrap(long Margin, long ScaleY, long ScaleX)
    {
        public static ResizeWrap? Of(NodeProto resize, Dictionary<string, TensorProto> weights)
        {
            string mode = "nearest", coordinates = "half_pixel";
            foreach (var attribute in resize.Attribute)
            {
                switch (attribute.Name)
                {
                    case "mode":
                        mode = StringValue(attribute) ?? "";
                        break;
                    case "coordinate_transformation_mode":
                        coordinates = StringValue(attribute) ?? "";
                        break;
                    case "antialias" when attribute.I != 0:
                    case "axes":
                        return null;
                }
            }

            var margin = mode switch { "linear" => 1, "cubic" => 2, _ => 0 };
            if (margin == 0 || coordinates is not ("half_pixel" or "pytorch_half_pixel") || resize.Input.Count < 3 ||
                (resize.Input.Count > 3 && resize.Input[3].Length > 0) ||
                !weights.TryGetValue(resize.Input[2], out var scales) ||
                scales.DataType != (int)OnnxElementType.Float || scales.ExternalData.Count > 0 || scales.RawData.Length != 16)
            {
                return null;
            }

            var values = MemoryMarshal.Cast<byte, float>(scales.RawData.Span);
            if (values[0] != 1 || values[1] != 1 || values[2] < 1 || values[3] < 1 || values[2] != MathF.Floor(values[2]) || values[3] != MathF.Floor(values[3]))
            {
                return null;
            }

            return new ResizeWrap(margin, (long)values[2], (long)values[3]);
        }
    }

    /// <summary>A Conv's spatial padding as [top, left, bottom, right], or unknown (strided SAME, unknown kernel).</summary>
    private readonly record struct ConvPadding(bool IsKnown, (long Top, long Left, long Bottom, long Right) Pads)
    {
        /// <summary>Null when the Conv is not 2-D or has no padding.</summary>
        public static ConvPadding? Of(NodeProto conv, Dictionary<string, TensorProto> weights)
        {
            IReadOnlyList<long>? pads = null, kernel = null, strides = null, dilations = null;
            string autoPad = "NOTSET";
            foreach (var attribute in conv.Attribute)
            {
                var isInts = attribute.Type == AttributeProto.Types.AttributeType.Ints;
                switch (attribute.Name)
                {
                    case "pads" when isInts:
                        pads = attribute.Ints;
                        break;
                    case "kernel_shape" when isInts:
                        kernel = attribute.Ints;
                        break;
                    case "strides" when isInts:
                        strides = attribute.Ints;
                        break;
                    case "dilations" when isInts:
                        dilations = attribute.Ints;
                        break;
                    case "auto_pad" when StringValue(attribute) is { } text:
                        autoPad = text;
                        break;
                }
            }

            if (kernel is null && weights.TryGetValue(conv.Input[1], out var weight))
            {
                kernel = weight.Dims.Count >= 2 ? [.. weight.Dims.Skip(2)] : null;
            }

            if (autoPad is "SAME_UPPER" or "SAME_LOWER")
            {
                if (kernel is not { Count: 2 })
                {
                    return kernel is null ? new ConvPadding(false, default) : null;
                }

                if (strides is not null && (strides[0] != 1 || strides[1] != 1))
                {
                    return new ConvPadding(false, default);
                }

                var totalY = (kernel[0] - 1) * (dilations?[0] ?? 1);
                var totalX = (kernel[1] - 1) * (dilations?[1] ?? 1);
                var upper = autoPad == "SAME_UPPER";
                (long Begin, long End) Split(long total) => upper ? (total / 2, total - (total / 2)) : (total - (total / 2), total / 2);
                var (top, bottom) = Split(totalY);
                var (left, right) = Split(totalX);
                return top + bottom + left + right == 0 ? null : new ConvPadding(true, (top, left, bottom, right));
            }

            if (autoPad != "NOTSET" || pads is not { Count: 4 } || (kernel is not null && kernel.Count != 2))
            {
                return null; // VALID, not 2-D, or no pads
            }

            return pads[0] + pads[1] + pads[2] + pads[3] == 0 ? null : new ConvPadding(true, (pads[0], pads[1], pads[2], pads[3]));
        }
    }

    /// <summary>Adds the wrapping nodes and the constants they share.</summary>
    private sealed class RewriteContext(long opset)
    {
        private readonly Dictionary<string, string> _constants = new(StringComparer.Ordinal);

        /// <summary>The constants the new nodes need, to be appended to the graph's initializers.</summary>
        public List<TensorProto> Initializers { get; } = [];

        /// <summary>Returns the name of <paramref name="input"/> padded circularly by (begin, end) along height and width.</summary>
        public string Wrap(List<NodeProto> nodes, string prefix, string input, (long Begin, long End) height, (long Begin, long End) width)
        {
            if (opset >= PadWrapOpset)
            {
                var pads = Constant([0, 0, height.Begin, width.Begin, 0, 0, height.End, width.End]);
                var output = prefix + "/Pad_output_0";
                nodes.Add(Node("Pad", [input, pads], output, prefix + "/Pad", OnnxAttribute.String("mode", "wrap")));
                return output;
            }

            // Height first, then width of the height-padded tensor: the corners come from the
            // diagonally opposite corner, as on a torus.
            var x = WrapAxis(nodes, prefix + "/y", input, 2, height);
            return WrapAxis(nodes, prefix + "/x", x, 3, width);
        }

        /// <summary>Removes <paramref name="height"/> rows and <paramref name="width"/> columns from each side of <paramref name="input"/>, writing <paramref name="output"/>.</summary>
        public void Crop(List<NodeProto> nodes, string prefix, string input, string output, long height, long width)
        {
            var x = input;
            if (height > 0)
            {
                x = Slice(nodes, prefix + "/crop_y", x, 2, height, -height, width == 0 ? output : null);
            }

            if (width > 0)
            {
                Slice(nodes, prefix + "/crop_x", x, 3, width, -width, output);
            }
        }

        private string WrapAxis(List<NodeProto> nodes, string prefix, string input, long axis, (long Begin, long End) pad)
        {
            if (pad.Begin == 0 && pad.End == 0)
            {
                return input;
            }

            var parts = new List<string>(3);
            if (pad.Begin > 0)
            {
                parts.Add(Slice(nodes, prefix + "/begin", input, axis, -pad.Begin, long.MaxValue));
            }

            parts.Add(input);
            if (pad.End > 0)
            {
                parts.Add(Slice(nodes, prefix + "/end", input, axis, 0, pad.End));
            }

            var output = prefix + "/Concat_output_0";
            nodes.Add(Node("Concat", parts, output, prefix + "/Concat", OnnxAttribute.Int("axis", axis)));
            return output;
        }

        // The last |start| elements (start < 0) or the first `end` ones (start = 0) along the axis.
        private string Slice(List<NodeProto> nodes, string prefix, string input, long axis, long start, long end, string? outputName = null)
        {
            var output = outputName ?? prefix + "/Slice_output_0";
            if (opset >= 10)
            {
                nodes.Add(Node("Slice", [input, Constant([start]), Constant([end]), Constant([axis])], output, prefix + "/Slice"));
            }
            else
            {
                nodes.Add(Node(
                    "Slice",
                    [input],
                    output,
                    prefix + "/Slice",
                    OnnxAttribute.IntList("starts", start),
                    OnnxAttribute.IntList("ends", end),
                    OnnxAttribute.IntList("axes", axis)));
            }

            return output;
        }

        private string Constant(long[] values)
        {
            var key = string.Join(',', values);
            if (!_constants.TryGetValue(key, out var name))
            {
                name = string.Create(CultureInfo.InvariantCulture, $"{Prefix}/const_{_constants.Count}");
                _constants.Add(key, name);
                Initializers.Add(OnnxModelWriter.ToProto(OnnxTensor.FromInt64s(name, values, values.Length)));
            }

            return name;
        }
    }
}
