namespace AssetForge.Onnx.Tests.Graph;

using AssetForge.Abstractions.Models;
using AssetForge.Onnx.Builtin;
using AssetForge.Onnx.Graph;
using AssetForge.Onnx.Graph.Builders;
using AssetForge.Onnx.Graph.Proto;
using AssetForge.Onnx.Pipeline;
using AssetForge.Onnx.Tests.Graph.Builders;
using AssetForge.Onnx.Tests.Support;
using AssetForge.Onnx.Tests.Text;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

public sealed class OnnxModelReaderTests
{
    private static readonly string[] ModelFiles =
        ["text_encoder/model.onnx", "unet/model.onnx", "vae_decoder/model.onnx", "vae_encoder/model.onnx"];

    private static readonly string[] CompiledComponents = ["unet", "vae", "text_encoder"];

    private static string TorchExport => Path.Combine(ClipTokenizerFolder.RepoRoot, "tests", "reference", "onnx", "torch_export.onnx");

    [TestCaseSource(nameof(ModelFiles))]
    public void Reading_and_writing_a_tiny_model_file_gives_the_same_bytes(string file)
    {
        var original = File.ReadAllBytes(Path.Combine(TinyModelFixture.Directory, file));
        Assert.That(OnnxModelReader.Read(original).ToByteArray(), Is.EqualTo(original));
    }

    [Test]
    public void Reading_and_writing_a_torch_export_gives_the_same_bytes()
    {
        // Written by torch.onnx (tests/reference/onnx/make_export.py), not by this code.
        var original = File.ReadAllBytes(TorchExport);
        var model = OnnxModelReader.Read(original);

        Assert.That(model.ToByteArray(), Is.EqualTo(original));
        Assert.That(model.Graph.Node.Select(n => n.OpType), Does.Contain("Conv").And.Contain("Softmax").And.Contain("Resize"));
    }

    [Test]
    public void A_torch_export_leaves_no_field_undeclared_by_the_schema()
    {
        // Every field torch writes is in Graph/Proto/onnx-ir.proto: a typo in a field number would show up here as an unknown field.
        var model = OnnxModelReader.Read(File.ReadAllBytes(TorchExport));
        Assert.That(UnknownFieldCount(model), Is.Zero);
    }

    [TestCaseSource(nameof(CompiledComponents))]
    public void A_compiled_checkpoint_component_reads_back_with_the_same_bytes(string component)
    {
        var path = CompiledComponent(component);
        var original = File.ReadAllBytes(path);
        var model = OnnxModelReader.Read(original);

        Assert.That(model.ToByteArray(), Is.EqualTo(original));
        Assert.That(UnknownFieldCount(model), Is.Zero);
    }

    [Test]
    public void The_unet_read_back_keeps_its_external_weights_as_references()
    {
        var model = OnnxModelReader.Read(File.ReadAllBytes(Path.Combine(TinyModelFixture.Directory, "unet", "model.onnx")));
        var external = model.Graph.Initializer.Where(t => t.ExternalData.Count > 0).ToList();
        Assert.That(external, Is.Not.Empty);
        Assert.That(external.All(t => t.RawData.IsEmpty && t.DataLocation == TensorProto.Types.DataLocation.External && t.ExternalData.Any(e => e is { Key: "location", Value: TinyModelWriter.UnetWeightsFileName })), Is.True);
    }

    [Test]
    public void Fields_the_schema_does_not_declare_survive_a_round_trip()
    {
        // A node with a field 10 (device configurations, IR 11) and a model with training_info (20)
        // and functions (25): none is in the schema subset, all must come back where they were.
        var node = Encode(o =>
        {
            String(o, 1, "x");
            String(o, 2, "y");
            String(o, 3, "relu");
            String(o, 4, "Relu");
            Message(o, 10, Encode(d => String(d, 1, "cpu")));
        });
        var graph = Encode(o =>
        {
            Message(o, 1, node);
            String(o, 2, "g");
        });
        var bytes = Encode(o =>
        {
            o.WriteTag(1, WireFormat.WireType.Varint);
            o.WriteInt64(8);
            String(o, 2, "test");
            Message(o, 7, graph);
            Message(o, 8, Encode(d => { String(d, 1, ""); d.WriteTag(2, WireFormat.WireType.Varint); d.WriteInt64(17); }));
            Message(o, 20, Encode(d => Message(d, 1, Encode(g => String(g, 2, "init")))));
            Message(o, 25, Encode(d => String(d, 1, "f")));
        });

        var read = OnnxModelReader.Read(bytes);

        Assert.That(read.ToByteArray(), Is.EqualTo(bytes));
        Assert.That(UnknownFieldCount(read), Is.EqualTo(3));
    }

    [Test]
    public void A_truncated_model_is_refused_as_invalid_data()
    {
        var original = File.ReadAllBytes(Path.Combine(TinyModelFixture.Directory, "vae_decoder", "model.onnx"));
        Assert.That(() => OnnxModelReader.Read(original.AsMemory(0, original.Length / 2)), Throws.InstanceOf<InvalidDataException>());
    }

    [Test]
    public void External_data_without_the_external_location_is_refused()
    {
        var tensor = new TensorProto { Name = "w", DataType = 1 };
        tensor.Dims.Add(1);
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = "weights.bin" });
        var model = new ModelProto { IrVersion = 8, Graph = new GraphProto { Name = "g" } };
        model.Graph.Initializer.Add(tensor);

        Assert.That(() => OnnxModelReader.Read(model.ToByteArray()), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("'w'"));
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

    private static string CompiledComponent(string component)
    {
        var folder = DiffusersComponentReferenceTests.CaseFolder("sd1");
        var file = component == "text_encoder" ? "model.safetensors" : "diffusion_pytorch_model.safetensors";
        using var weights = new SafetensorsWeights(component, [Path.Combine(folder, component, file)]);
        var config = ComponentConfig.Load(Path.Combine(folder, component, "config.json"));
        var model = component switch
        {
            "unet" => UnetGraph.Build(config, weights),
            "vae" => VaeGraphs.Decoder(config, weights),
            _ => ClipTextGraph.Build(config, weights),
        };
        var output = TestFolders.NewFolder();
        Directory.CreateDirectory(output);
        var path = Path.Combine(output, "model.onnx");
        OnnxModelWriter.Write(model, path, "model.onnx_data");
        return path;
    }

    // The fields of the message and of every message in it whose number the schema does not declare (kept as unknown fields).
    private static int UnknownFieldCount(IMessage message)
    {
        var count = 0;
        var input = new CodedInputStream(message.ToByteArray());
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (message.Descriptor.FindFieldByNumber(WireFormat.GetTagFieldNumber(tag)) is null)
            {
                count++;
            }

            input.SkipLastField();
        }

        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.FieldType != Google.Protobuf.Reflection.FieldType.Message)
            {
                continue;
            }

            var value = field.Accessor.GetValue(message);
            if (field.IsRepeated)
            {
                foreach (IMessage element in (System.Collections.IEnumerable)value)
                {
                    count += UnknownFieldCount(element);
                }
            }
            else if (value is IMessage child)
            {
                count += UnknownFieldCount(child);
            }
        }

        return count;
    }

    private static byte[] Encode(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        write(output);
        output.Flush();
        return buffer.ToArray();
    }

    private static void String(CodedOutputStream output, int field, string value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteString(value);
    }

    private static void Message(CodedOutputStream output, int field, byte[] message)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(message));
    }
}
