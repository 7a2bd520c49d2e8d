namespace AssetForge.Onnx.Pipeline;

using AssetForge.Abstractions.Models;
using AssetForge.Abstractions.Plugins;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

/// <summary>
/// SDXL's text conditioning, as diffusers' StableDiffusionXLPipeline.encode_prompt computes it:
/// each prompt goes through both tokenizers and text encoders; the context is the penultimate
/// hidden state of the first encoder concatenated with that of the second along the channel axis
/// (768 + 1280 in the real model), and the pooled embedding is the second encoder's projected
/// output (<c>text_embeds</c>). The second encoder reads <c>prompt_2</c> (default: the prompt). An
/// absent negative prompt gives zero embeddings when the model forces zeros for empty prompts; an
/// empty one is encoded.
/// </summary>
internal sealed class SdxlPromptEncoder : IDisposable
{
    private const string HiddenStatePrefix = "hidden_states.";

    private readonly OnnxSubModel _textEncoder;
    private readonly OnnxSubModel _textEncoder2;
    private readonly PromptTokenizer _tokenize;
    private readonly PromptTokenizer _tokenize2;
    private readonly RunOptions _runOptions;
    private readonly bool _forceZerosForEmptyPrompt;
    private readonly int _sequenceLength;
    private readonly TensorSignature _inputIds;
    private readonly TensorSignature _inputIds2;
    private readonly TensorSignature _penultimate;
    private readonly TensorSignature _penultimate2;
    private readonly TensorSignature _pooled;

    private SdxlPromptEncoder(OnnxSubModel textEncoder, OnnxSubModel textEncoder2, PromptTokenizer tokenize, PromptTokenizer tokenize2, int sequenceLength, bool forceZerosForEmptyPrompt, RunOptions runOptions)
    {
        _textEncoder = textEncoder;
        _textEncoder2 = textEncoder2;
        _tokenize = tokenize;
        _tokenize2 = tokenize2;
        _sequenceLength = sequenceLength;
        _forceZerosForEmptyPrompt = forceZerosForEmptyPrompt;
        _runOptions = runOptions;
        _inputIds = IdsOf(textEncoder);
        _inputIds2 = IdsOf(textEncoder2);
        _penultimate = PenultimateHiddenState(textEncoder);
        _penultimate2 = PenultimateHiddenState(textEncoder2);
        _pooled = textEncoder2.Output("text_embeds", s => s.Rank == 2 && s.IsFloatingPoint);
    }

    /// <summary>
    /// Opens text_encoder_2 beside the already opened first text encoder (which the caller keeps
    /// owning) and checks both export the hidden states SDXL reads.
    /// </summary>
    /// <exception cref="PluginException">AF3003: an encoder lacks input_ids, hidden_states.N or text_embeds.</exception>
    public static SdxlPromptEncoder Open(ModelFolder folder, OnnxSubModel textEncoder, PromptTokenizer tokenize, PromptTokenizer tokenize2, int sequenceLength, SessionOptions options, RunOptions runOptions)
    {
        var textEncoder2 = OnnxSubModel.Load(folder.TextEncoder2Path, "text_encoder_2", options);
        try
        {
            return new SdxlPromptEncoder(textEncoder, textEncoder2, tokenize, tokenize2, sequenceLength, folder.ForceZerosForEmptyPrompt, runOptions);
        }
        catch
        {
            textEncoder2.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The conditioning of one UNet row: the job's prompts, or for <paramref name="unconditional"/>
    /// its negative prompts (zeros where absent and the model forces zeros), computed once per pair
    /// of texts in <paramref name="cache"/>.
    /// </summary>
    public SdxlConditioning Encode(ImageJob job, bool unconditional, Dictionary<(string First, string Second), SdxlConditioning> cache)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (unconditional && job.NegativePromptAbsent && _forceZerosForEmptyPrompt)
        {
            // diffusers' torch.zeros_like of the prompt's embeddings: the same widths, all zero.
            var conditional = Encode(job, unconditional: false, cache);
            return new SdxlConditioning(new float[conditional.Context.Length], new float[conditional.Pooled.Length]);
        }

        // diffusers' `prompt_2 = prompt_2 or prompt`: an empty second prompt is the first one.
        var first = unconditional ? job.NegativePrompt : job.Prompt;
        var second = unconditional ? job.NegativePrompt2 : job.Prompt2;
        var key = (first, string.IsNullOrEmpty(second) ? first : second);
        if (!cache.TryGetValue(key, out var conditioning))
        {
            conditioning = EncodePair(key.Item1, key.Item2);
            cache[key] = conditioning;
        }

        return conditioning;
    }

    public void Dispose() => _textEncoder2.Dispose();

    private SdxlConditioning EncodePair(string first, string second)
    {
        var (hidden, _) = Run(_textEncoder, _inputIds, _tokenize(first, _sequenceLength), _penultimate, null);
        var (hidden2, pooled) = Run(_textEncoder2, _inputIds2, _tokenize2(second, _sequenceLength), _penultimate2, _pooled);
        var width = hidden.Length / _sequenceLength;
        var width2 = hidden2.Length / _sequenceLength;
        var context = new float[_sequenceLength * (width + width2)];
        for (var token = 0; token < _sequenceLength; token++)
        {
            var row = context.AsSpan(token * (width + width2), width + width2);
            hidden.AsSpan(token * width, width).CopyTo(row);
            hidden2.AsSpan(token * width2, width2).CopyTo(row[width..]);
        }

        return new SdxlConditioning(context, pooled);
    }

    /// <summary>Runs one encoder on exactly sequence-length ids; the first row of each output asked for.</summary>
    private (float[] Hidden, float[] Pooled) Run(OnnxSubModel encoder, TensorSignature ids, int[] tokens, TensorSignature hidden, TensorSignature? pooled)
    {
        var batch = ids.IsDynamic(0) ? 1 : ids.Dimensions[0];
        using var input = new HostTensor(ids.ElementType, [batch, _sequenceLength]);
        for (var row = 0; row < batch; row++)
        {
            input.WriteIds(row * _sequenceLength, tokens);
        }

        string[] names = pooled is null ? [hidden.Name] : [hidden.Name, pooled.Name];
        using var outputs = encoder.Session.Run(_runOptions, [ids.Name], [input.Value], names);
        var shape = outputs[0].GetTensorTypeAndShape().Shape;
        if (shape.Length != 3 || shape[1] != _sequenceLength)
        {
            throw new PluginException(DiagnosticCode.UnsupportedModelGraph, $"The {encoder.DisplayName} model returned {hidden.Name} of shape [{string.Join(',', shape)}]; expected [batch,{_sequenceLength},hidden].");
        }

        var hiddenValues = new float[checked((int)(shape[1] * shape[2]))];
        HostTensor.ReadFloats(outputs[0], hidden.ElementType, 0, hiddenValues);
        if (pooled is null)
        {
            return (hiddenValues, []);
        }

        var pooledShape = outputs[1].GetTensorTypeAndShape().Shape;
        var pooledValues = new float[checked((int)pooledShape[^1])];
        HostTensor.ReadFloats(outputs[1], pooled.ElementType, 0, pooledValues);
        return (hiddenValues, pooledValues);
    }

    private static TensorSignature IdsOf(OnnxSubModel encoder) =>
        encoder.Input("input_ids", s => s.Rank == 2 && s.ElementType is TensorElementType.Int32 or TensorElementType.Int64);

    /// <summary>
    /// <c>hidden_states[-2]</c>: of the outputs hidden_states.0 (the embeddings) … hidden_states.N
    /// (the last layer, before the final layer norm), the one before the last.
    /// </summary>
    private static TensorSignature PenultimateHiddenState(OnnxSubModel encoder)
    {
        var states = new SortedList<int, TensorSignature>();
        foreach (var output in encoder.Outputs)
        {
            if (output.Name.StartsWith(HiddenStatePrefix, StringComparison.Ordinal) &&
                int.TryParse(output.Name.AsSpan(HiddenStatePrefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) &&
                output.Rank == 3 && output.IsFloatingPoint)
            {
                states[index] = output;
            }
        }

        if (states.Count < 2 || states.Keys[^1] != states.Count - 1)
        {
            var found = string.Join(", ", encoder.Outputs.Select(o => o.Name));
            throw new PluginException(DiagnosticCode.UnsupportedModelGraph, $"The {encoder.DisplayName} model of this SDXL export has no hidden_states.0 … hidden_states.N outputs (it has: {found}); SDXL reads the penultimate hidden state: export the text encoders with their hidden states (Optimum does).");
        }

        return states.Values[^2];
    }
}
