#!/usr/bin/python3
"""A tiny Stable Diffusion XL with random weights, exported to ONNX in Optimum's SDXL layout, and
diffusers' own StableDiffusionXLPipeline / StableDiffusionXLImg2ImgPipeline outputs for it.

The architecture is SDXL's: a UNet2DConditionModel with addition_embed_type "text_time" (pooled text
embeddings and six time ids), two CLIP text encoders (CLIPTextModel, and CLIPTextModelWithProjection
whose projected pooled output is the pooled embedding), the penultimate hidden state of each
concatenated as the cross-attention context, tokenizer_2 padding with "!", an AutoencoderKL with
SDXL's scaling factor, and SDXL's EulerDiscreteScheduler config (leading spacing, steps_offset 1).
Only the widths are tiny.

Written next to this script:
  lcm/              an LCM-distilled variant (float timestep): its UNet also takes timestep_cond, and its
                    scheduler is LCMScheduler
  int64-timestep/   an older Optimum export: unet timestep int64 [batch], text encoders' input_ids int32
  float-timestep/   a newer one: unet timestep a float scalar, input_ids int64
      each: model_index.json (force_zeros_for_empty_prompt), text_encoder/ text_encoder_2/ (outputs
      last_hidden_state, pooler_output or text_embeds, hidden_states.0..N), tokenizer/ tokenizer_2/,
      unet/ (inputs sample, timestep, encoder_hidden_states, text_embeds, time_ids; weights in the
      external data file model.onnx_data), vae_decoder/, vae_encoder/ (latent_parameters: mean and
      log-variance), scheduler/ -- the same weights in both
  init.png          img2img's init image
  sd_turbo.json     SD-Turbo's settings (an SD 2.1 architecture) on tests/reference/checkpoints/sd2, through
                    diffusers' StableDiffusionPipeline: the pixels for 1 step at cfg 0 and 4 steps at cfg 1
  pipeline.json     per case: the arguments, diffusers' uint8 pixels, its per-step latents and
                    timesteps, the pooled embeddings and time ids the UNet saw (negative rows first,
                    diffusers' order), and for the LCM cases the guidance embedding (timestep_cond)

img2img: AssetForge encodes the init image to the VAE posterior's mean (InitImageEncoder), where
diffusers' default draws a sample from the generator; so the init latents are encoded here with
diffusers' AutoencoderKL (mean x scaling factor) and handed to diffusers' img2img pipeline as
latents, which it then noises and denoises itself.

transformers cannot be imported here (tests/reference/checkpoints/make_reference.py says why): the
text encoders are that script's transcription of CLIPTextTransformer, wrapped to answer as
transformers' models do, and the tokenizers its merge-free byte vocabulary. Run with Debian's
interpreter (python3-torch 1.13, onnx) and diffusers v0.25.1's source, which is not committed:
    git --git-dir=/work/.mirror/huggingface+diffusers/repo archive v0.25.1 src | tar -x -C DIR
    DIFFUSERS_SRC=DIR/src /usr/bin/python3 tests/reference/sdxl/make_reference.py
"""
import contextlib
import importlib.abc
import importlib.machinery
import json
import os
import shutil
import struct
import sys
import types
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
# Packages the SDXL pipeline modules import but these runs never use.
EXTRA_STUBBED = ("transformers", "accelerate", "peft", "omegaconf")


class _InertModule(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return type(name, (), {})


class _ExtraFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in EXTRA_STUBBED:
            return importlib.machinery.ModuleSpec(name, self, is_package=True)
        return None

    def create_module(self, spec):
        return _InertModule(spec.name)

    def exec_module(self, module):
        module.__path__ = []
        module.__version__ = "0.0"


sys.meta_path.insert(0, _ExtraFinder())
sys.path.insert(0, os.path.join(HERE, "..", "checkpoints"))
import make_reference as checkpoints  # noqa: E402  (installs its own stubs and diffusers' path)

import numpy as np  # noqa: E402
import onnx  # noqa: E402
import torch  # noqa: E402
import diffusers.loaders  # noqa: E402
from diffusers.loaders.ip_adapter import IPAdapterMixin  # noqa: E402
from diffusers.loaders.lora import LoraLoaderMixin, StableDiffusionXLLoraLoaderMixin  # noqa: E402
from diffusers.loaders.single_file import FromSingleFileMixin  # noqa: E402
from diffusers.loaders.textual_inversion import TextualInversionLoaderMixin  # noqa: E402

# diffusers lists the SDXL pipelines' mixins only where transformers is installed (it is not: the
# stand-ins below take its place), so they are handed to the lazy module by name.
for mixin in (IPAdapterMixin, LoraLoaderMixin, StableDiffusionXLLoraLoaderMixin, FromSingleFileMixin, TextualInversionLoaderMixin):
    setattr(diffusers.loaders, mixin.__name__, mixin)
from diffusers.models.autoencoders.autoencoder_kl import AutoencoderKL  # noqa: E402
from diffusers.models.unet_2d_condition import UNet2DConditionModel  # noqa: E402
from diffusers.pipelines.stable_diffusion.pipeline_stable_diffusion import StableDiffusionPipeline  # noqa: E402
from diffusers.pipelines.stable_diffusion_xl.pipeline_stable_diffusion_xl import StableDiffusionXLPipeline  # noqa: E402
from diffusers.pipelines.stable_diffusion_xl.pipeline_stable_diffusion_xl_img2img import StableDiffusionXLImg2ImgPipeline  # noqa: E402
from diffusers.schedulers import EulerAncestralDiscreteScheduler, EulerDiscreteScheduler, LCMScheduler  # noqa: E402

TIME_EMBED = 8
PROJECTION = 12
CLIP_1 = dict(checkpoints.CLIPS["sd1"], hidden_size=16, intermediate_size=32, num_hidden_layers=2, num_attention_heads=2)
CLIP_2 = dict(checkpoints.CLIPS["sd2"], hidden_size=24, intermediate_size=48, num_hidden_layers=3, num_attention_heads=2)
UNET = dict(sample_size=8, in_channels=4, out_channels=4, block_out_channels=(16, 32), layers_per_block=1,
            down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"), up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
            cross_attention_dim=CLIP_1["hidden_size"] + CLIP_2["hidden_size"], attention_head_dim=(2, 4),
            transformer_layers_per_block=(1, 2), use_linear_projection=True, norm_num_groups=4,
            addition_embed_type="text_time", addition_time_embed_dim=TIME_EMBED,
            projection_class_embeddings_input_dim=6 * TIME_EMBED + PROJECTION)
VAE = dict(checkpoints.VAE, scaling_factor=0.13025, force_upcast=True)
SCHEDULER_CONFIG = {"_class_name": "EulerDiscreteScheduler", "beta_start": 0.00085, "beta_end": 0.012,
                    "beta_schedule": "scaled_linear", "num_train_timesteps": 1000, "steps_offset": 1,
                    "prediction_type": "epsilon", "timestep_spacing": "leading", "interpolation_type": "linear",
                    "use_karras_sigmas": False, "sample_max_value": 1.0, "set_alpha_to_one": False,
                    "skip_prk_steps": True, "clip_sample": False}
PAD_2 = "!"
# An LCM-distilled SDXL UNet: the same architecture with the guidance embedding input timestep_cond.
GUIDANCE_EMBED = 8
LCM_UNET = dict(UNET, time_cond_proj_dim=GUIDANCE_EMBED)
GUIDANCE_GAIN = 40.0
OUTPUT_GAIN = 5.0
# LCM-SDXL's scheduler config. original_inference_steps 40 (the real one says 50): diffusers v0.25.1
# spaces LCM timesteps by len // steps, later versions (which AssetForge's lcm follows) by floored
# linspace; at 4 of 40 both give 999, 749, 499, 249, so this reference holds for both.
LCM_SCHEDULER_CONFIG = dict(SCHEDULER_CONFIG, _class_name="LCMScheduler", original_inference_steps=40, timestep_scaling=10.0,
                            clip_sample=False, set_alpha_to_one=True, thresholding=False, rescale_betas_zero_snr=False)
for key in ("interpolation_type", "use_karras_sigmas", "skip_prk_steps"):
    LCM_SCHEDULER_CONFIG.pop(key)
# SDXL-Turbo's scheduler: Euler ancestral with trailing timesteps, guidance off (cfg 0), 1-4 steps.
TURBO = dict(scheduler="euler_ancestral", scheduler_options={"timestep_spacing": "trailing"})
# Weight gains on the UNet's paths from the text and time conditioning, so that each conditioning
# difference the cases exercise (empty vs absent negative prompt, prompt_2, time ids) moves the
# pixels by several levels, beyond the tests' 1/255 tolerance.
GAINS = {"attn2.to_v": 4.0, "attn2.to_out": 4.0, "add_embedding": 3.0}
DECODER_GAIN = 5.0  # the random VAE decoder is otherwise so flat that whole latents change pixels by a level or two

# name -> the pipeline's arguments (sizes are diffusers' (height, width)); seeds: one generator per image.
CASES = {
    "negative": dict(prompt="red potion", negative_prompt="blurry", guidance_scale=5.0, steps=4, seeds=[42], width=16, height=16),
    "absent_negative": dict(prompt="red potion", guidance_scale=5.0, steps=4, seeds=[42], width=16, height=16),
    "empty_negative": dict(prompt="red potion", negative_prompt="", guidance_scale=5.0, steps=4, seeds=[42], width=16, height=16),
    "unguided": dict(prompt="green sword", guidance_scale=1.0, steps=3, seeds=[7], width=16, height=16),
    "prompt_2": dict(prompt="red potion", prompt_2="gold coin", negative_prompt="blurry", negative_prompt_2="dark",
                     guidance_scale=5.0, steps=4, seeds=[42], width=16, height=16),
    "batch": dict(prompt="blue stone", negative_prompt="sky", guidance_scale=4.0, steps=3, seeds=[5, 6], width=16, height=16),
    "sizes": dict(prompt="dark forest", negative_prompt="sky", guidance_scale=3.0, steps=3, seeds=[99], width=24, height=16,
                  original_size=(40, 56), crops_coords_top_left=(4, 2), target_size=(32, 48)),
    "img2img": dict(prompt="red potion", negative_prompt="blurry", guidance_scale=5.0, steps=5, seeds=[11], width=16, height=16,
                    strength=0.6, init_image="init.png"),
    "turbo_1_step": dict(TURBO, prompt="red potion", guidance_scale=0.0, steps=1, seeds=[3], width=16, height=16),
    "turbo_4_steps": dict(TURBO, prompt="red potion", guidance_scale=0.0, steps=4, seeds=[3], width=16, height=16),
    # model "lcm": the LCM-distilled UNet; guidance is its timestep_cond embedding of w = cfg - 1, one UNet branch.
    "lcm_4_steps": dict(model="lcm", scheduler="lcm", prompt="red potion", guidance_scale=8.0, steps=4, seeds=[21], width=16, height=16),
    "lcm_cfg_2": dict(model="lcm", scheduler="lcm", prompt="red potion", guidance_scale=2.0, steps=4, seeds=[21], width=16, height=16),
}


def byte_tokenizer_files(folder, pad):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "vocab.json"), "w", encoding="utf-8") as f:
        json.dump(checkpoints.vocabulary(), f, ensure_ascii=False)
    with open(os.path.join(folder, "merges.txt"), "w", encoding="utf-8") as f:
        f.write("#version: 0.2\n")
    special = {"bos_token": "<|startoftext|>", "eos_token": "<|endoftext|>", "unk_token": "<|endoftext|>", "pad_token": pad}
    with open(os.path.join(folder, "special_tokens_map.json"), "w") as f:
        json.dump(special, f, indent=2)
    with open(os.path.join(folder, "tokenizer_config.json"), "w") as f:
        json.dump(dict(special, model_max_length=77, tokenizer_class="CLIPTokenizer", do_lower_case=True), f, indent=2)


class ByteTokenizer:
    """Answers as transformers' CLIPTokenizer does for the calls the SDXL pipeline makes."""

    model_max_length = 77
    added_tokens_encoder = {}

    def __init__(self, pad):
        self.vocab = checkpoints.vocabulary()
        self.pad_id = self.vocab[pad]

    def tokenize(self, text):
        return []

    def ids(self, text):
        ids = checkpoints.tokenize(text, self.vocab)
        used = ids.index(checkpoints.END_ID) + 1
        return ids[:used] + [self.pad_id] * (len(ids) - used)

    def __call__(self, text, padding=None, max_length=None, truncation=None, return_tensors=None):
        texts = [text] if isinstance(text, str) else list(text)
        rows = [self.ids(t) for t in texts]
        if padding == "longest":  # only compared with the padded ids to warn of truncation
            longest = max(r.index(checkpoints.END_ID) + 1 for r in rows)
            rows = [r[:longest] for r in rows]
        return types.SimpleNamespace(input_ids=torch.tensor(rows, dtype=torch.int64))


class ClipOutput(dict):
    def __getitem__(self, key):
        return list(self.values())[key] if isinstance(key, int) else dict.__getitem__(self, key)

    def __getattr__(self, name):
        return self[name]


class ClipText(torch.nn.Module):
    """CLIPTextModel (projection None) or CLIPTextModelWithProjection, on the transcribed forward."""

    def __init__(self, config, weights, projection=None):
        super().__init__()
        self.clip_config, self.names = config, sorted(weights)
        for i, name in enumerate(self.names):
            self.register_buffer("w%d" % i, weights[name])
        self.projection = None if projection is None else torch.nn.Parameter(projection, requires_grad=False)
        self.config = types.SimpleNamespace(projection_dim=None if projection is None else projection.shape[0])

    @property
    def dtype(self):
        return torch.float32

    @property
    def device(self):
        return torch.device("cpu")

    def weights(self):
        return {name: getattr(self, "w%d" % i) for i, name in enumerate(self.names)}

    def forward(self, input_ids, output_hidden_states=False, attention_mask=None):
        hidden = []
        last, pooled = checkpoints.clip_text_forward(self.clip_config, self.weights(), input_ids.to(torch.int64), hidden)
        if self.projection is None:
            return ClipOutput(last_hidden_state=last, pooler_output=pooled, hidden_states=tuple(hidden))
        return ClipOutput(text_embeds=pooled @ self.projection.t(), last_hidden_state=last, hidden_states=tuple(hidden))


def build_models():
    generator = torch.Generator().manual_seed(2023)
    unet = UNet2DConditionModel(**UNET).eval()
    checkpoints.randomize(unet, generator, torch.float32)
    with torch.no_grad():
        for name, p in unet.named_parameters():
            if any(part in name for part in GAINS):
                p.mul_(GAINS[next(part for part in GAINS if part in name)])
    vae = AutoencoderKL(**VAE).eval()
    checkpoints.randomize(vae, generator, torch.float32)
    with torch.no_grad():
        vae.decoder.conv_out.weight.mul_(DECODER_GAIN)
    text_encoder = ClipText(CLIP_1, checkpoints.random_clip(CLIP_1, generator, torch.float32)).eval()
    projection = torch.randn((PROJECTION, CLIP_2["hidden_size"]), generator=generator) / CLIP_2["hidden_size"] ** 0.5
    text_encoder_2 = ClipText(CLIP_2, checkpoints.random_clip(CLIP_2, generator, torch.float32), projection).eval()
    lcm_unet = UNet2DConditionModel(**LCM_UNET).eval()
    checkpoints.randomize(lcm_unet, generator, torch.float32)
    with torch.no_grad():
        # The guidance embedding is sines of w x 1000 and small: this gain lets cfg move the pixels.
        lcm_unet.time_embedding.cond_proj.weight.mul_(GUIDANCE_GAIN)
        # Its noise prediction would otherwise be a fifth of unit scale, too small for LCM's x0 to depend on.
        lcm_unet.conv_out.weight.mul_(OUTPUT_GAIN)
        for name, p in lcm_unet.named_parameters():
            if any(part in name for part in GAINS):
                p.mul_(GAINS[next(part for part in GAINS if part in name)])
    return unet, vae, text_encoder, text_encoder_2, lcm_unet


class TextEncoderExport(torch.nn.Module):
    def __init__(self, encoder):
        super().__init__()
        self.encoder = encoder

    def forward(self, input_ids):
        out = self.encoder(input_ids, output_hidden_states=True)
        first = [out["text_embeds"]] if "text_embeds" in out else []
        pooled = [] if first else [out["pooler_output"]]
        return tuple(first + [out["last_hidden_state"]] + pooled + list(out["hidden_states"]))


class UnetExport(torch.nn.Module):
    def __init__(self, unet):
        super().__init__()
        self.unet = unet

    def forward(self, sample, timestep, encoder_hidden_states, text_embeds, time_ids, timestep_cond=None):
        return self.unet(sample, timestep, encoder_hidden_states, timestep_cond=timestep_cond,
                         added_cond_kwargs={"text_embeds": text_embeds, "time_ids": time_ids}).sample


class VaeDecoderExport(torch.nn.Module):
    def __init__(self, vae):
        super().__init__()
        self.vae = vae

    def forward(self, latent_sample):
        return self.vae.decode(latent_sample).sample


class VaeEncoderExport(torch.nn.Module):
    def __init__(self, vae):
        super().__init__()
        self.vae = vae

    def forward(self, sample):
        return self.vae.encode(sample).latent_dist.parameters


def export(module, args, path, inputs, outputs, dynamic, external=False):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with torch.no_grad():
        torch.onnx.export(module, args, path, input_names=inputs, output_names=outputs, dynamic_axes=dynamic,
                          opset_version=14, do_constant_folding=True)
    if external:
        model = onnx.load(path)
        onnx.save_model(model, path, save_as_external_data=True, all_tensors_to_one_file=True,
                        location="model.onnx_data", size_threshold=0)


def save_config(folder, model, class_name):
    config = {k: v for k, v in dict(model.config).items() if not k.startswith("_")}
    config.update({"_class_name": class_name, "_diffusers_version": "0.25.1"})
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(config, f, indent=2, sort_keys=True)


def export_folder(root, models, timestep_kind, lcm=False):
    unet, vae, text_encoder, text_encoder_2, lcm_unet = models
    unet = lcm_unet if lcm else unet
    shutil.rmtree(root, ignore_errors=True)
    ids_type = torch.int32 if timestep_kind == "int64" else torch.int64
    ids = torch.zeros((1, 77), dtype=ids_type)
    for name, encoder, config in (("text_encoder", text_encoder, CLIP_1), ("text_encoder_2", text_encoder_2, CLIP_2)):
        hidden = ["hidden_states.%d" % i for i in range(config["num_hidden_layers"] + 1)]
        head = ["text_embeds", "last_hidden_state"] if encoder.projection is not None else ["last_hidden_state", "pooler_output"]
        dynamic = {"input_ids": {0: "batch_size"}}
        dynamic.update({o: {0: "batch_size"} for o in head + hidden})
        export(TextEncoderExport(encoder), (ids,), os.path.join(root, name, "model.onnx"), ["input_ids"], head + hidden, dynamic,
               external=name == "text_encoder_2")
        full = dict(config, architectures=["CLIPTextModel" if encoder.projection is None else "CLIPTextModelWithProjection"],
                    model_type="clip_text_model", bos_token_id=checkpoints.START_ID, eos_token_id=checkpoints.END_ID, pad_token_id=1,
                    projection_dim=encoder.config.projection_dim or PROJECTION)
        with open(os.path.join(root, name, "config.json"), "w") as f:
            json.dump(full, f, indent=2, sort_keys=True)

    sample = torch.zeros((2, 4, 8, 8))
    timestep = torch.tensor([999, 999], dtype=torch.int64) if timestep_kind == "int64" else torch.tensor(999.0)
    context = torch.zeros((2, 77, UNET["cross_attention_dim"]))
    text_embeds, time_ids = torch.zeros((2, PROJECTION)), torch.zeros((2, 6))
    dynamic = {"sample": {0: "batch_size", 2: "height", 3: "width"}, "encoder_hidden_states": {0: "batch_size"},
               "text_embeds": {0: "batch_size"}, "time_ids": {0: "batch_size"}, "out_sample": {0: "batch_size", 2: "height", 3: "width"}}
    if timestep_kind == "int64":
        dynamic["timestep"] = {0: "batch_size"}
    args, names = (sample, timestep, context, text_embeds, time_ids), ["sample", "timestep", "encoder_hidden_states", "text_embeds", "time_ids"]
    if lcm:
        args, names = args + (torch.zeros((2, GUIDANCE_EMBED)),), names + ["timestep_cond"]
        dynamic["timestep_cond"] = {0: "batch_size"}
    export(UnetExport(unet), args, os.path.join(root, "unet", "model.onnx"), names, ["out_sample"], dynamic, external=True)
    save_config(os.path.join(root, "unet"), unet, "UNet2DConditionModel")

    export(VaeDecoderExport(vae), (torch.zeros((1, 4, 8, 8)),), os.path.join(root, "vae_decoder", "model.onnx"), ["latent_sample"], ["sample"],
           {"latent_sample": {0: "batch_size", 2: "height", 3: "width"}, "sample": {0: "batch_size", 2: "height", 3: "width"}})
    save_config(os.path.join(root, "vae_decoder"), vae, "AutoencoderKL")
    export(VaeEncoderExport(vae), (torch.zeros((1, 3, 16, 16)),), os.path.join(root, "vae_encoder", "model.onnx"), ["sample"], ["latent_parameters"],
           {"sample": {0: "batch_size", 2: "height", 3: "width"}, "latent_parameters": {0: "batch_size", 2: "height", 3: "width"}})
    save_config(os.path.join(root, "vae_encoder"), vae, "AutoencoderKL")

    byte_tokenizer_files(os.path.join(root, "tokenizer"), "<|endoftext|>")
    byte_tokenizer_files(os.path.join(root, "tokenizer_2"), PAD_2)
    os.makedirs(os.path.join(root, "scheduler"))
    with open(os.path.join(root, "scheduler", "scheduler_config.json"), "w") as f:
        json.dump(LCM_SCHEDULER_CONFIG if lcm else SCHEDULER_CONFIG, f, indent=2, sort_keys=True)
    with open(os.path.join(root, "model_index.json"), "w") as f:
        json.dump({"_class_name": "StableDiffusionXLPipeline", "_diffusers_version": "0.25.1", "force_zeros_for_empty_prompt": True,
                   "scheduler": ["diffusers", "LCMScheduler" if lcm else "EulerDiscreteScheduler"], "text_encoder": ["transformers", "CLIPTextModel"],
                   "text_encoder_2": ["transformers", "CLIPTextModelWithProjection"], "tokenizer": ["transformers", "CLIPTokenizer"],
                   "tokenizer_2": ["transformers", "CLIPTokenizer"], "unet": ["diffusers", "UNet2DConditionModel"],
                   "vae": ["diffusers", "AutoencoderKL"]}, f, indent=2, sort_keys=True)


def write_png(path, rgb):
    """An 8-bit RGB PNG (filter 0 on every row)."""
    height, width, _ = rgb.shape
    raw = b"".join(b"\x00" + rgb[y].tobytes() for y in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def init_image():
    generator = torch.Generator().manual_seed(5)
    coarse = torch.rand((1, 3, 4, 4), generator=generator)
    smooth = torch.nn.functional.interpolate(coarse, size=(16, 16), mode="bilinear", align_corners=False)
    rgb = (smooth[0].permute(1, 2, 0) * 255).round().to(torch.uint8).numpy()
    write_png(os.path.join(HERE, "init.png"), rgb)
    return torch.from_numpy(rgb.astype(np.float32)).permute(2, 0, 1)[None] / 255 * 2 - 1


def run(models, name, case, init):
    unet, vae, text_encoder, text_encoder_2, lcm_unet = models
    scheduler = {"euler": lambda: EulerDiscreteScheduler.from_config(SCHEDULER_CONFIG),
                 "euler_ancestral": lambda: EulerAncestralDiscreteScheduler.from_config(SCHEDULER_CONFIG, **case["scheduler_options"]),
                 # "scheduler_config": "model": LCM from the model's own Euler config, as an LCM-LoRA is used.
                 "lcm": lambda: LCMScheduler.from_config(SCHEDULER_CONFIG if case.get("scheduler_config") == "model" else LCM_SCHEDULER_CONFIG,
                                                         **case.get("scheduler_options", {}))}[case.get("scheduler", "euler")]()
    unet = lcm_unet if case.get("model") == "lcm" else unet
    parts = dict(vae=vae, text_encoder=text_encoder, text_encoder_2=text_encoder_2, tokenizer=ByteTokenizer("<|endoftext|>"),
                 tokenizer_2=ByteTokenizer(PAD_2), unet=unet, scheduler=scheduler)
    img2img = "init_image" in case
    if img2img:
        pipe = StableDiffusionXLImg2ImgPipeline(**parts, requires_aesthetics_score=False, force_zeros_for_empty_prompt=True, add_watermarker=False)
    else:
        pipe = StableDiffusionXLPipeline(**parts, force_zeros_for_empty_prompt=True, add_watermarker=False)
    pipe.progress_bar = lambda **kwargs: contextlib.nullcontext(types.SimpleNamespace(update=lambda: None))
    seen = {"latents": []}

    def on_step(pipeline, step, timestep, tensors):
        seen["latents"].append(tensors["latents"].flatten().tolist())
        seen["add_text_embeds"] = tensors["add_text_embeds"].flatten().tolist()
        seen["add_time_ids"] = tensors["add_time_ids"].flatten().tolist()
        return tensors

    n = len(case["seeds"])
    arguments = {k: case[k] for k in ("prompt", "prompt_2", "negative_prompt", "negative_prompt_2", "guidance_scale",
                                      "original_size", "crops_coords_top_left", "target_size") if k in case}
    arguments.update(num_inference_steps=case["steps"], num_images_per_prompt=n, output_type="pt",
                     generator=[torch.Generator().manual_seed(s) for s in case["seeds"]], callback_on_step_end=on_step,
                     callback_on_step_end_tensor_inputs=["latents", "add_text_embeds", "add_time_ids"])
    with torch.no_grad():
        if img2img:
            latents = vae.encode(init).latent_dist.mean * vae.config.scaling_factor
            images = pipe(image=latents.repeat(n, 1, 1, 1), strength=case["strength"], **arguments).images
        else:
            images = pipe(height=case["height"], width=case["width"], **arguments).images
    pixels = (images.permute(0, 2, 3, 1) * 255).round().to(torch.uint8)
    seen["timesteps"] = [float(t) for t in scheduler.timesteps]
    if unet.config.time_cond_proj_dim is not None:  # what the pipeline fed the UNet's timestep_cond, from its own function
        w = torch.tensor(case["guidance_scale"] - 1).repeat(n)
        seen["timestep_cond"] = pipe.get_guidance_scale_embedding(w, embedding_dim=unet.config.time_cond_proj_dim).flatten().tolist()
    print(name, "timesteps", seen["timesteps"], "steps", len(seen["latents"]), "mean pixel", float(pixels.float().mean()), "time ids", seen["add_time_ids"][:6])
    return dict(case, name=name, rgb=[p.flatten().tolist() for p in pixels], **seen)


# SD-Turbo is an SD 2.1 architecture: its settings on the SD 2.x-shaped checkpoint of
# tests/reference/checkpoints (which AssetForge compiles with its graph builders).
SD_TURBO_CASES = {
    "sd_turbo_1_step": dict(TURBO, prompt="red potion", guidance_scale=0.0, steps=1, seeds=[3], width=16, height=16),
    "sd_turbo_4_steps": dict(TURBO, prompt="red potion", guidance_scale=1.0, steps=4, seeds=[3], width=16, height=16),
}


def read_safetensors(path):
    with open(path, "rb") as f:
        length = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(length))
        data = f.read()
    types_ = {"F32": np.float32, "F16": np.float16, "I64": np.int64}
    return {name: torch.from_numpy(np.frombuffer(data[v["data_offsets"][0]:v["data_offsets"][1]], dtype=types_[v["dtype"]])
                                   .astype(np.float32).reshape(v["shape"]).copy())
            for name, v in header.items() if name != "__metadata__"}


def sd_turbo_reference():
    root = os.path.join(HERE, "..", "checkpoints", "sd2")
    unet = UNet2DConditionModel(**checkpoints.UNETS["sd2"]).eval()
    unet.load_state_dict(read_safetensors(os.path.join(root, "unet", "diffusion_pytorch_model.safetensors")))
    vae = AutoencoderKL(**checkpoints.VAE).eval()
    vae.load_state_dict(read_safetensors(os.path.join(root, "vae", "diffusion_pytorch_model.safetensors")))
    text_encoder = ClipText(checkpoints.CLIPS["sd2"], read_safetensors(os.path.join(root, "text_encoder", "model.safetensors"))).eval()
    with open(os.path.join(root, "scheduler", "scheduler_config.json")) as f:
        config = json.load(f)
    results = {}
    for name, case in SD_TURBO_CASES.items():
        scheduler = EulerAncestralDiscreteScheduler.from_config(config, **case["scheduler_options"])
        pipe = StableDiffusionPipeline(vae=vae, text_encoder=text_encoder, tokenizer=ByteTokenizer("<|endoftext|>"), unet=unet, scheduler=scheduler,
                                       safety_checker=None, feature_extractor=None, requires_safety_checker=False)
        pipe.progress_bar = lambda **kwargs: contextlib.nullcontext(types.SimpleNamespace(update=lambda: None))
        with torch.no_grad():
            images = pipe(case["prompt"], height=case["height"], width=case["width"], num_inference_steps=case["steps"],
                          guidance_scale=case["guidance_scale"], output_type="pt",
                          generator=[torch.Generator().manual_seed(s) for s in case["seeds"]]).images
        pixels = (images.permute(0, 2, 3, 1) * 255).round().to(torch.uint8)
        results[name] = dict(case, name=name, timesteps=[float(t) for t in scheduler.timesteps], rgb=[p.flatten().tolist() for p in pixels])
        print(name, "timesteps", results[name]["timesteps"], "mean pixel", float(pixels.float().mean()))
    return results


def main():
    torch.manual_seed(0)
    models = build_models()
    for folder, kind in (("int64-timestep", "int64"), ("float-timestep", "float")):
        export_folder(os.path.join(HERE, folder), models, kind)
    export_folder(os.path.join(HERE, "lcm"), models, "float", lcm=True)
    init = init_image()
    results = {name: run(models, name, case, init) for name, case in CASES.items()}
    with open(os.path.join(HERE, "pipeline.json"), "w") as f:
        json.dump(results, f, separators=(",", ":"))
        f.write("\n")
    with open(os.path.join(HERE, "sd_turbo.json"), "w") as f:
        json.dump(sd_turbo_reference(), f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
