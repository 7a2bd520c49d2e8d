namespace AssetForge.Onnx.Tests.Graph;

using AssetForge.Abstractions.Models;
using AssetForge.Onnx.Builtin;
using AssetForge.Onnx.Graph;
using AssetForge.Onnx.Graph.Protobuf;
using AssetForge.Onnx.Pipeline;
using AssetForge.Onnx.Tests.Support;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

public sealed class OnnxModelReaderTests
{
    private static readonly string[] ModelFiles =
        ["text_encoder/model.onnx", "unet/model.onnx", "vae_decoder/model.onnx", "vae_encoder/model.onnx"];

    [TestCaseSource(nameof(ModelFiles))]
    public void Reading_and_writing_a_tiny_model_file_gives_the_same_bytes(string file)
    {
        var original = File.ReadAllBytes(Path.Combine(TinyModelFixture.Directory, file));
        var model = OnnxModelReader.Read(original);
        Assert.That(OnnxModelWriter.Serialize(model), Is.EqualTo(original));
    }

    [Test]
    public void The_unet_read_back_keeps_its_external_weights_as_references()
    {
        var model = OnnxModelReader.Read(File.ReadAllBytes(Path.Combine(TinyModelFixture.Directory, "unet", "model.onnx")));
        var external = model.Graph.Initializers.Where(t => t.ExternalData is not null).ToList();
        Assert.That(external, Is.Not.Empty);
        Assert.That(external.All(t => t.RawData.IsEmpty && t.ExternalData!.Any(e => e is { Key: "location", Value: TinyModelWriter.UnetWeightsFileName })), Is.True);
    }

    [Test]
    public void Fields_the_reader_does_not_interpret_survive_a_round_trip()
    {
        // A node with a doc_string (6), a graph with a value_info (13) and a model with
        // metadata_props (14): none of them is modelled, all must come back as they were.
        var node = new ProtobufWriter();
        node.WriteStringField(1, "x");
        node.WriteStringField(2, "y");
        node.WriteStringField(3, "relu");
        node.WriteStringField(4, "Relu");
        node.WriteStringField(6, "a node's documentation");
        var valueInfo = new ProtobufWriter();
        valueInfo.WriteStringField(1, "y");
        var metadata = new ProtobufWriter();
        metadata.WriteStringField(1, "author");
        metadata.WriteStringField(2, "someone");
        var graph = new ProtobufWriter();
        graph.WriteBytesField(1, node.WrittenSpan);
        graph.WriteStringField(2, "g");
        graph.WriteBytesField(13, valueInfo.WrittenSpan);
        var model = new ProtobufWriter();
        model.WriteInt64Field(1, 8);
        model.WriteStringField(2, "test");
        model.WriteBytesField(7, graph.WrittenSpan);
        var opset = new ProtobufWriter();
        opset.WriteStringField(1, "");
        opset.WriteInt64Field(2, 17);
        model.WriteBytesField(8, opset.WrittenSpan);
        model.WriteBytesField(14, metadata.WrittenSpan);
        var bytes = model.WrittenSpan.ToArray();

        var read = OnnxModelReader.Read(bytes);

        Assert.That(OnnxModelWriter.Serialize(read), Is.EqualTo(bytes));
    }

    [Test]
    public void A_truncated_model_is_refused_as_invalid_data()
    {
        var original = File.ReadAllBytes(Path.Combine(TinyModelFixture.Directory, "vae_decoder", "model.onnx"));
        Assert.That(() => OnnxModelReader.Read(original.AsMemory(0, original.Length / 2)), Throws.InstanceOf<InvalidDataException>());
    }

    [Test]
    public void The_re_encoded_unet_loads_from_memory_with_its_external_weights_and_computes_the_same()
    {
        var path = Path.Combine(TinyModelFixture.Directory, "unet", "model.onnx");
        using var fromFile = new InferenceSession(path);
        using var fromBytes = OnnxSubModel.LoadTiled(path, "unet", TilingAxes.None, () => new SessionOptions());

        var random = new Random(7);
        var sample = new DenseTensor<float>(Enumerable.Range(0, 2 * 4 * 8 * 8).Select(_ => (float)random.NextDouble() - 0.5f).ToArray(), new[] { 2, 4, 8, 8 });
        var timestep = new DenseTensor<float>(new[] { 500f, 500f }, new[] { 2 });
        var context = new DenseTensor<float>(Enumerable.Range(0, 2 * 77 * TinyModelGraphs.HiddenSize).Select(_ => (float)random.NextDouble()).ToArray(), new[] { 2, 77, TinyModelGraphs.HiddenSize });
        NamedOnnxValue[] inputs =
        [
            NamedOnnxValue.CreateFromTensor("sample", sample),
            NamedOnnxValue.CreateFromTensor("timestep", timestep),
            NamedOnnxValue.CreateFromTensor("encoder_hidden_states", context),
        ];

        using var expected = fromFile.Run(inputs);
        using var actual = fromBytes.Session.Run(inputs);

        Assert.That(actual[0].AsTensor<float>().ToArray(), Is.EqualTo(expected[0].AsTensor<float>().ToArray()));
    }
}
