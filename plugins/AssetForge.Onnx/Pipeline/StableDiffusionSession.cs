namespace AssetForge.Onnx.Pipeline;

using System.Diagnostics;
using System.Numerics.Tensors;
using AssetForge.Abstractions.Models;
using AssetForge.Abstractions.Plugins;
using AssetForge.Onnx.Imaging;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

/// <summary>
/// Stable Diffusion text-to-image on ONNX Runtime: text encoder, UNet loop with classifier-free
/// guidance, VAE decoder. It runs exactly the same code for <c>builtin:tiny</c> as for a real
/// export; everything model-specific (names, element types, fixed or dynamic axes) comes from the
/// sessions' metadata.
/// </summary>
internal sealed class StableDiffusionSession : IModelSession
{
    // A dynamic-batch UNet gets at most this many rows (images × guidance branches) per call.
    private const int MaxRowsPerCall = 8;

    private readonly ModelFolder _folder;
    private readonly PromptTokenizer _tokenize;
    private readonly SessionOptions _sessionOptions;
    private readonly RunOptions _runOptions = new();
    private readonly OnnxSubModel _textEncoder;
    private readonly OnnxSubModel _unet;
    private readonly OnnxSubModel _vaeDecoder;
    private readonly bool _hasVaeEncoder;
    private readonly TensorSignature _inputIds;
    private readonly TensorSignature _hiddenState;
    private readonly TensorSignature _sample;
    private readonly TensorSignature _timestep;
    private readonly TensorSignature _context;
    private readonly TensorSignature _noisePrediction;
    private readonly TensorSignature _latentInput;
    private readonly TensorSignature _image;
    private readonly int _sequenceLength;

    // SDXL: the second text encoder's conditioning and the UNet's two extra inputs; null otherwise.
    private readonly SdxlPromptEncoder? _sdxl;
    private readonly TensorSignature? _textEmbeds;
    private readonly TensorSignature? _timeIds;

    // An LCM-distilled UNet's guidance embedding input; null for other UNets.
    private readonly TensorSignature? _timestepCond;
    private readonly PngImageEncoder _pngEncoder = new();
    private readonly Func<SessionOptions> _createOptions;

    // The VAE encoder, loaded on the first img2img job: txt2img never runs it, and for an SD 1.5
    // export it costs 0.6-1.9 s and 0.35-0.5 GiB to load (issue #13's measurements).
    private OnnxSubModel? _vaeEncoder;
    private InitImageEncoder? _initImageEncoder;

    // The UNet and VAE decoder rewritten to wrap around each tiling mode asked for so far, loaded
    // on first use: one opened model serves tiling and ordinary jobs (the text encoder is shared).
    private readonly Dictionary<TilingAxes, (OnnxSubModel Unet, OnnxSubModel VaeDecoder)> _tiled = [];

    private StableDiffusionSession(ModelFolder folder, string provider, SessionOptions sessionOptions, Func<SessionOptions> createOptions, PromptTokenizer tokenize, PromptTokenizer? tokenize2)
    {
        _folder = folder;
        _createOptions = createOptions;
        _tokenize = tokenize;
        _sessionOptions = sessionOptions;
        var loaded = new List<IDisposable>();
        try
        {
            _textEncoder = Track(OnnxSubModel.Load(folder.TextEncoderPath, "text_encoder", sessionOptions));
            _unet = Track(OnnxSubModel.Load(folder.UnetPath, "unet", sessionOptions));
            _vaeDecoder = Track(OnnxSubModel.Load(folder.VaeDecoderPath, "vae_decoder", sessionOptions));
            _hasVaeEncoder = File.Exists(folder.VaeEncoderPath);

            _inputIds = _textEncoder.Input("input_ids", s => s.Rank == 2 && s.ElementType is TensorElementType.Int32 or TensorElementType.Int64);
            _hiddenState = _textEncoder.Output("last_hidden_state", s => s.Rank == 3 && s.IsFloatingPoint);
            _sample = _unet.Input("sample", s => s.Rank == 4 && s.IsFloatingPoint);
            _timestep = _unet.Input("timestep", s => s.Rank <= 1 && s.ElementType is TensorElementType.Float or TensorElementType.Float16 or TensorElementType.Double or TensorElementType.Int64 or TensorElementType.Int32);
            _context = _unet.Input("encoder_hidden_states", s => s.Rank == 3 && s.IsFloatingPoint);
            _noisePrediction = _unet.Output("out_sample", s => s.Rank == 4 && s.IsFloatingPoint);
            _latentInput = _vaeDecoder.Input("latent_sample", s => s.Rank == 4 && s.IsFloatingPoint);
            _image = _vaeDecoder.Output("sample", s => s.Rank == 4 && s.IsFloatingPoint);
            _sequenceLength = _inputIds.IsDynamic(1) ? folder.TokenizerMaxLength : _inputIds.Dimensions[1];
            if (folder.HasSecondTextEncoder && tokenize2 is not null)
            {
                _sdxl = Track(SdxlPromptEncoder.Open(folder, _textEncoder, tokenize, tokenize2, _sequenceLength, sessionOptions, _runOptions));
                _textEmbeds = _unet.Input("text_embeds", s => s.Rank == 2 && s.IsFloatingPoint);
                _timeIds = _unet.Input("time_ids", s => s.Rank == 2 && s.IsFloatingPoint);
            }

            if (_unet.Inputs.Any(i => i.Name == "timestep_cond"))
            {
                _timestepCond = _unet.Input("timestep_cond", s => s.Rank == 2 && s.IsFloatingPoint && !s.IsDynamic(1));
            }

            if (_unet.Inputs.Count != (_sdxl is null ? 3 : 5) + (_timestepCond is null ? 0 : 1))
            {
                throw new PluginException(DiagnosticCode.UnsupportedModelGraph, $"{folder.UnetPath}: the UNet takes {_unet.Inputs.Count} inputs; only Stable Diffusion 1.x/2.x UNets (sample, timestep, encoder_hidden_states) and SDXL UNets (those and text_embeds, time_ids, with text_encoder_2/), each optionally with an LCM guidance embedding (timestep_cond), are supported.");
            }

            var latentChannels = _sample.IsDynamic(1) ? folder.LatentChannels : _sample.Dimensions[1];
            Info = new ModelSessionInfo(provider, _sample.IsDynamic(0), _sample.ElementTypeName, latentChannels, folder.VaeScaleFactor) { SupportsTiling = true };
        }
        catch
        {
            foreach (var item in loaded)
            {
                item.Dispose();
            }

            _runOptions.Dispose();
            throw;
        }

        T Track<T>(T item)
            where T : IDisposable
        {
            loaded.Add(item);
            return item;
        }
    }

    public ModelSessionInfo Info { get; }

    /// <summary>Whether the VAE encoder's session exists (it is opened by the first img2img job).</summary>
    internal bool VaeEncoderLoaded => _vaeEncoder is not null;

    /// <summary>Opens the model's sessions (once; they are reused for every image).</summary>
    /// <param name="folder">The model folder.</param>
    /// <param name="provider">The resolved execution provider.</param>
    /// <param name="intraOpThreads">ONNX Runtime's intra-op threads; 0 for its default.</param>
    /// <param name="tokenize">The tokenizer of tokenizer/.</param>
    /// <param name="tokenize2">SDXL's tokenizer_2/; null for a model with one text encoder.</param>
    public static StableDiffusionSession Open(ModelFolder folder, string provider, int intraOpThreads, PromptTokenizer tokenize, PromptTokenizer? tokenize2 = null)
    {
        SessionOptions CreateOptions()
        {
            var options = new SessionOptions
            {
                ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,

                // The memory pattern plans one arena block per input shape from the first Run; on an
                // SD 1.5 UNet that planning costs seconds on the second call and gigabytes of peak
                // memory, and it changes only where tensors live, never a value (README, "Speed").
                EnableMemoryPattern = false,
                LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
            };
            if (intraOpThreads > 0)
            {
                options.IntraOpNumThreads = intraOpThreads;
            }

            try
            {
                ExecutionProviders.Configure(options, provider);
                return options;
            }
            catch
            {
                options.Dispose();
                throw;
            }
        }

        var shared = CreateOptions();
        try
        {
            return new StableDiffusionSession(folder, provider, shared, CreateOptions, tokenize, tokenize2);
        }
        catch
        {
            shared.Dispose();
            throw;
        }
    }

    public Task<IReadOnlyList<GeneratedImage>> GenerateAsync(IReadOnlyList<ImageJob> jobs, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        foreach (var job in jobs)
        {
            Validate(job);
        }

        return Task.Run<IReadOnlyList<GeneratedImage>>(() => Generate(jobs, progress, cancellationToken), cancellationToken);
    }

    public void Dispose()
    {
        _textEncoder.Dispose();
        _sdxl?.Dispose();
        _unet.Dispose();
        _vaeDecoder.Dispose();
        _vaeEncoder?.Dispose();
        foreach (var (unet, vaeDecoder) in _tiled.Values)
        {
            unet.Dispose();
            vaeDecoder.Dispose();
        }

        _runOptions.Dispose();
        _sessionOptions.Dispose();
    }

    private GeneratedImage[] Generate(IReadOnlyList<ImageJob> jobs, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        var results = new GeneratedImage[jobs.Count];
        var embeddings = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var first = 0;
        while (first < jobs.Count)
        {
            // Consecutive jobs that can share UNet calls: same size, guidance and timesteps.
            var count = 1;
            while (first + count < jobs.Count && CanShareCalls(jobs[first], jobs[first + count]))
            {
                count++;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var group = new ImageJob[count];
            for (var i = 0; i < count; i++)
            {
                group[i] = jobs[first + i];
            }

            RunGroup(group, first, embeddings, results, progress, cancellationToken);
            first += count;
        }

        return results;
    }

    private void RunGroup(ImageJob[] jobs, int firstIndex, Dictionary<string, float[]> embeddings, GeneratedImage[] results, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        var n = jobs.Length;
        var reference = jobs[0];
        var channels = Info.LatentChannels;
        var latentHeight = reference.Height / Info.VaeScaleFactor;
        var latentWidth = reference.Width / Info.VaeScaleFactor;
        var latentSize = channels * latentHeight * latentWidth;
        // An LCM-distilled UNet has guidance built in (timestep_cond): one branch, as in diffusers.
        var guided = reference.GuidanceScale > 1.0 && _timestepCond is null;
        var cfg = (float)reference.GuidanceScale;
        var steps = reference.Scheduler.Timesteps.Length;
        var (unet, vaeDecoder) = ModelsFor(reference.Tiling);

        // Rows of the UNet batch: [uncond of every image; cond of every image], diffusers' order.
        var rows = guided ? 2 * n : n;
        var rowEmbeddings = new float[rows][];
        var rowPooled = new float[_sdxl is null ? 0 : rows][];
        var sdxlCache = new Dictionary<(string, string), SdxlConditioning>();
        var encoding = Stopwatch.GetTimestamp();
        for (var row = 0; row < rows; row++)
        {
            var job = jobs[row % n];
            var unconditional = guided && row < n;
            if (_sdxl is not null)
            {
                (rowEmbeddings[row], rowPooled[row]) = _sdxl.Encode(job, unconditional, sdxlCache);
                continue;
            }

            rowEmbeddings[row] = Embed(unconditional ? job.NegativePrompt : job.Prompt, embeddings);
        }

        var textEncoderTime = Stopwatch.GetElapsedTime(encoding);

        var hiddenSize = rowEmbeddings[0].Length / _sequenceLength;
        if (!_context.IsDynamic(2) && _context.Dimensions[2] != hiddenSize)
        {
            throw new PluginException(DiagnosticCode.UnsupportedModelGraph, $"{_folder.Directory}: the text encoder gives {hiddenSize}-wide embeddings but the UNet expects {_context.Dimensions[2]}.");
        }

        var rowsPerCall = _sample.IsDynamic(0) ? Math.Min(rows, MaxRowsPerCall) : _sample.Dimensions[0];
        var calls = (rows + rowsPerCall - 1) / rowsPerCall;
        var chunks = new UnetCall[calls];
        var timeIdRow = new float[SdxlTimeIds.Count];
        var guidanceRow = new float[_timestepCond is null ? 0 : _timestepCond.Dimensions[1]];
        var bindings = new UnetBinding[calls];
        try
        {
            for (var c = 0; c < calls; c++)
            {
                chunks[c] = CreateCall(rowsPerCall, channels, latentHeight, latentWidth, hiddenSize, _sdxl is null ? 0 : rowPooled[0].Length);
                for (var slot = 0; slot < rowsPerCall; slot++)
                {
                    var row = Math.Min((c * rowsPerCall) + slot, rows - 1);
                    chunks[c].Context.Write(slot * rowEmbeddings[row].Length, rowEmbeddings[row]);
                    if (chunks[c].TimestepCond is { } timestepCond)
                    {
                        GuidanceEmbedding.Write(reference.GuidanceScale, guidanceRow);
                        timestepCond.Write(slot * guidanceRow.Length, guidanceRow);
                    }

                    if (chunks[c].TextEmbeds is { } textEmbeds && chunks[c].TimeIds is { } timeIds)
                    {
                        SdxlTimeIds.Write(jobs[row % n], timeIdRow);
                        textEmbeds.Write(slot * rowPooled[row].Length, rowPooled[row]);
                        timeIds.Write(slot * SdxlTimeIds.Count, timeIdRow);
                    }
                }

                bindings[c] = Bind(unet, chunks[c]);
            }

            // Initial latents: one draw of the whole latent per image from its own generator;
            // for img2img, that draw noises the encoded init image to the first timestep.
            var latents = new float[n * latentSize];
            for (var k = 0; k < n; k++)
            {
                var latent = latents.AsSpan(k * latentSize, latentSize);
                if (jobs[k].InitImage is { } initImage)
                {
                    var noise = new float[latentSize];
                    InitImageEncoderLoaded().Encode(initImage, jobs[k].Width, jobs[k].Height, latent);
                    jobs[k].Noise.NextStandardNormal(noise);
                    jobs[k].Scheduler.AddNoise(latent, noise, 0);
                    continue;
                }

                jobs[k].Noise.NextStandardNormal(latent);
                TensorPrimitives.Multiply(latent, jobs[k].Scheduler.InitNoiseSigma, latent);
            }

            var scaled = new float[n * latentSize];
            var predictions = new float[rows * latentSize];
            var guidedNoise = new float[guided ? latentSize : 0];
            var unetTimes = new TimeSpan[steps];

            for (var step = 0; step < steps; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                latents.AsSpan().CopyTo(scaled);
                for (var k = 0; k < n; k++)
                {
                    jobs[k].Scheduler.ScaleModelInput(scaled.AsSpan(k * latentSize, latentSize), step);
                }

                var timestep = reference.Scheduler.Timesteps[step];
                var unetStart = Stopwatch.GetTimestamp();
                for (var c = 0; c < calls; c++)
                {
                    var call = chunks[c];
                    for (var slot = 0; slot < rowsPerCall; slot++)
                    {
                        var row = Math.Min((c * rowsPerCall) + slot, rows - 1);
                        call.Sample.Write(slot * latentSize, scaled.AsSpan((row % n) * latentSize, latentSize));
                    }

                    call.Timestep.Fill(0, call.Timestep.Length, timestep);
                    bindings[c].Run(_runOptions);
                    var valid = Math.Min(rowsPerCall, rows - (c * rowsPerCall));
                    call.Output.Read(0, predictions.AsSpan(c * rowsPerCall * latentSize, valid * latentSize));
                }

                unetTimes[step] = Stopwatch.GetElapsedTime(unetStart);

                for (var k = 0; k < n; k++)
                {
                    ReadOnlySpan<float> noise;
                    if (guided)
                    {
                        // noise = uncond + cfg · (cond − uncond)
                        var uncond = predictions.AsSpan(k * latentSize, latentSize);
                        var cond = predictions.AsSpan((n + k) * latentSize, latentSize);
                        TensorPrimitives.Subtract(cond, uncond, guidedNoise);
                        TensorPrimitives.MultiplyAdd(guidedNoise, cfg, uncond, guidedNoise);
                        noise = guidedNoise;
                    }
                    else
                    {
                        noise = predictions.AsSpan(k * latentSize, latentSize);
                    }

                    jobs[k].Scheduler.Step(noise, step, latents.AsSpan(k * latentSize, latentSize), jobs[k].Noise);
                }

                progress?.Report(new GenerationProgress(firstIndex, n, step + 1, steps));
            }

            cancellationToken.ThrowIfCancellationRequested();
            Decode(vaeDecoder, jobs, latents, latentSize, latentHeight, latentWidth, firstIndex, results, (textEncoderTime, unetTimes));
        }
        finally
        {
            foreach (var binding in bindings)
            {
                binding?.Dispose();
            }

            foreach (var call in chunks)
            {
                call?.Dispose();
            }
        }
    }

    private InitImageEncoder InitImageEncoderLoaded()
    {
        if (_initImageEncoder is null)
        {
            _vaeEncoder = OnnxSubModel.Load(_folder.VaeEncoderPath, "vae_encoder", _sessionOptions);
            _initImageEncoder = new InitImageEncoder(_vaeEncoder, _runOptions, _folder.ScalingFactor);
        }

        return _initImageEncoder;
    }

    /// <summary>The UNet and VAE decoder for a tiling mode: the loaded ones for none, rewritten copies (made once) otherwise.</summary>
    private (OnnxSubModel Unet, OnnxSubModel VaeDecoder) ModelsFor(TilingAxes tiling)
    {
        if (tiling == TilingAxes.None)
        {
            return (_unet, _vaeDecoder);
        }

        if (!_tiled.TryGetValue(tiling, out var models))
        {
            // Only these two: the text encoder has no images, and the VAE encoder (img2img) reads
            // the init image as it is.
            var unet = OnnxSubModel.LoadTiled(_folder.UnetPath, "unet", tiling, _createOptions);
            try
            {
                models = (unet, OnnxSubModel.LoadTiled(_folder.VaeDecoderPath, "vae_decoder", tiling, _createOptions));
            }
            catch
            {
                unet.Dispose();
                throw;
            }

            _tiled.Add(tiling, models);
        }

        return models;
    }

    private void Decode(OnnxSubModel vaeDecoder, ImageJob[] jobs, float[] latents, int latentSize, int latentHeight, int latentWidth, int firstIndex, GeneratedImage[] results, (TimeSpan TextEncoder, TimeSpan[] UnetSteps) shared)
    {
        var batch = _latentInput.IsDynamic(0) ? 1 : _latentInput.Dimensions[0];
        using var input = new HostTensor(_latentInput.ElementType, [batch, Info.LatentChannels, latentHeight, latentWidth]);
        var unscaled = new float[latentSize];
        var inverseScale = (float)(1.0 / _folder.ScalingFactor);
        float[] pixels = [];
        for (var k = 0; k < jobs.Length; k++)
        {
            TensorPrimitives.Multiply(latents.AsSpan(k * latentSize, latentSize), inverseScale, unscaled);
            for (var slot = 0; slot < batch; slot++)
            {
                input.Write(slot * latentSize, unscaled);
            }

            var decoding = Stopwatch.GetTimestamp();
            using var outputs = vaeDecoder.Session.Run(_runOptions, [_latentInput.Name], [input.Value], [_image.Name]);
            var vaeTime = Stopwatch.GetElapsedTime(decoding);
            var image = outputs[0];
            var shape = image.GetTensorTypeAndShape().Shape;
            var job = jobs[k];
            if (shape.Length != 4 || shape[1] != 3 || shape[2] != job.Height || shape[3] != job.Width)
            {
                throw new PluginException(DiagnosticCode.UnsupportedModelGraph, $"{_folder.VaeDecoderPath}: the VAE decoder returned shape [{string.Join(',', shape)}] for a {job.Width}x{job.Height} image; expected [{batch},3,{job.Height},{job.Width}].");
            }

            var size = 3 * job.Height * job.Width;
            if (pixels.Length != size)
            {
                pixels = new float[size];
            }

            HostTensor.ReadFloats(image, _image.ElementType, 0, pixels);
            var encodingPng = Stopwatch.GetTimestamp();
            var png = _pngEncoder.Encode(pixels, job.Width, job.Height, job.PngText);
            results[firstIndex + k] = new GeneratedImage(job.Width, job.Height, png)
            {
                Timings = new GenerationTimings(shared.TextEncoder, shared.UnetSteps, vaeTime, Stopwatch.GetElapsedTime(encodingPng), jobs.Length),
            };
        }
    }

    private UnetCall CreateCall(int rowsPerCall, int channels, int latentHeight, int latentWidth, int hiddenSize, int pooledSize)
    {
        long[] timestepShape = _timestep.Rank == 0 ? [] : [_timestep.IsDynamic(0) ? rowsPerCall : _timestep.Dimensions[0]];
        return new UnetCall(
            new HostTensor(_sample.ElementType, [rowsPerCall, channels, latentHeight, latentWidth]),
            new HostTensor(_timestep.ElementType, timestepShape),
            new HostTensor(_context.ElementType, [rowsPerCall, _sequenceLength, hiddenSize]),
            new HostTensor(_noisePrediction.ElementType, [rowsPerCall, channels, latentHeight, latentWidth]))
        {
            TextEmbeds = _textEmbeds is null ? null : new HostTensor(_textEmbeds.ElementType, [rowsPerCall, pooledSize]),
            TimeIds = _timeIds is null ? null : new HostTensor(_timeIds.ElementType, [rowsPerCall, SdxlTimeIds.Count]),
            TimestepCond = _timestepCond is null ? null : new HostTensor(_timestepCond.ElementType, [rowsPerCall, _timestepCond.Dimensions[1]]),
        };
    }

    /// <summary>
    /// Binds one call's tensors to the UNet's inputs and output once. Everything but the latents and
    /// the timestep (the text embeddings, SDXL's pooled embeddings and time ids, an LCM UNet's
    /// guidance embedding) is final by then; the latents and timestep are rewritten every step.
    /// </summary>
    private UnetBinding Bind(OnnxSubModel unet, UnetCall call)
    {
        var inputs = new Dictionary<string, HostTensor>(StringComparer.Ordinal) { [_sample.Name] = call.Sample, [_timestep.Name] = call.Timestep, [_context.Name] = call.Context };
        var constant = new HashSet<string>(StringComparer.Ordinal) { _context.Name };
        if (_textEmbeds is not null && _timeIds is not null && call.TextEmbeds is { } textEmbeds && call.TimeIds is { } timeIds)
        {
            inputs[_textEmbeds.Name] = textEmbeds;
            inputs[_timeIds.Name] = timeIds;
            constant.Add(_textEmbeds.Name);
            constant.Add(_timeIds.Name);
        }

        if (_timestepCond is not null && call.TimestepCond is { } timestepCond)
        {
            inputs[_timestepCond.Name] = timestepCond;
            constant.Add(_timestepCond.Name);
        }

        return new UnetBinding(unet, Info.ExecutionProvider, inputs, constant, new Dictionary<string, HostTensor>(StringComparer.Ordinal) { [_noisePrediction.Name] = call.Output });
    }

    /// <summary>The text encoder's last hidden state (sequence × hidden) for a prompt, computed once per call of GenerateAsync.</summary>
    private float[] Embed(string text, Dictionary<string, float[]> cache)
    {
        if (cache.TryGetValue(text, out var cached))
        {
            return cached;
        }

        var ids = _tokenize(text, _sequenceLength);
        var embedding = EncodeTokens(ids);
        cache[text] = embedding;
        return embedding;
    }

    /// <summary>Runs the text encoder on exactly <c>sequence length</c> token ids.</summary>
    internal float[] EncodeTokens(ReadOnlySpan<int> ids)
    {
        if (ids.Length != _sequenceLength)
        {
            throw new ArgumentException($"Expected {_sequenceLength} token ids, got {ids.Length}.", nameof(ids));
        }

        var batch = _inputIds.IsDynamic(0) ? 1 : _inputIds.Dimensions[0];
        using var input = new HostTensor(_inputIds.ElementType, [batch, _sequenceLength]);
        for (var row = 0; row < batch; row++)
        {
            input.WriteIds(row * _sequenceLength, ids);
        }

        using var outputs = _textEncoder.Session.Run(_runOptions, [_inputIds.Name], [input.Value], [_hiddenState.Name]);
        var shape = outputs[0].GetTensorTypeAndShape().Shape;
        if (shape.Length != 3 || shape[1] != _sequenceLength)
        {
            throw new PluginException(DiagnosticCode.UnsupportedModelGraph, $"{_folder.TextEncoderPath}: the text encoder returned shape [{string.Join(',', shape)}]; expected [batch,{_sequenceLength},hidden].");
        }

        var embedding = new float[checked((int)(shape[1] * shape[2]))];
        HostTensor.ReadFloats(outputs[0], _hiddenState.ElementType, 0, embedding);
        return embedding;
    }

    private void Validate(ImageJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.InitImage is not null && !_hasVaeEncoder)
        {
            throw new PluginException(DiagnosticCode.ModelLacksVaeEncoder, $"{_folder.Directory}: img2img (init_image) needs the model's vae_encoder/model.onnx, which this model folder lacks.");
        }

        var factor = Info.VaeScaleFactor;
        if (job.Width < factor || job.Height < factor || job.Width % factor != 0 || job.Height % factor != 0)
        {
            throw new PluginException(DiagnosticCode.InvalidImageJob, $"Image size {job.Width}x{job.Height} is not a positive multiple of {factor} (the model's VAE scale factor).");
        }

        if (job.Scheduler.Timesteps.Length == 0)
        {
            throw new PluginException(DiagnosticCode.InvalidImageJob, "The scheduler has no timesteps.");
        }
    }

    private static bool CanShareCalls(ImageJob a, ImageJob b) =>
        a.Width == b.Width && a.Height == b.Height && a.GuidanceScale.Equals(b.GuidanceScale) && a.Tiling == b.Tiling &&
        a.Scheduler.Timesteps.SequenceEqual(b.Scheduler.Timesteps);

    /// <summary>The tensors of one UNet call, created once per batch and reused for every step.</summary>
    private sealed record UnetCall(HostTensor Sample, HostTensor Timestep, HostTensor Context, HostTensor Output) : IDisposable
    {
        /// <summary>SDXL's pooled text embeddings, one row per UNet row; null for other models.</summary>
        public HostTensor? TextEmbeds { get; init; }

        /// <summary>SDXL's add_time_ids, one row per UNet row; null for other models.</summary>
        public HostTensor? TimeIds { get; init; }

        /// <summary>An LCM-distilled UNet's guidance embedding, one row per UNet row; null for other models.</summary>
        public HostTensor? TimestepCond { get; init; }

        public void Dispose()
        {
            Sample.Dispose();
            Timestep.Dispose();
            Context.Dispose();
            Output.Dispose();
            TextEmbeds?.Dispose();
            TimeIds?.Dispose();
            TimestepCond?.Dispose();
        }
    }
}
