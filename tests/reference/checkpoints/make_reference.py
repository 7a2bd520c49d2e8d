#!/usr/bin/python3
"""Tiny Stable Diffusion components with random weights, and diffusers' own outputs for them.

AssetForge's graph builders (plugins/AssetForge.Onnx/Graph/Builders) must compute what diffusers'
UNet2DConditionModel and AutoencoderKL compute. This script builds those classes from diffusers'
source with tiny configurations of the real architectures, fills them with random weights, and
writes, next to itself, for each case:
  <case>/<component>/config.json + diffusion_pytorch_model.safetensors   (a diffusers folder)
  <case>/text_encoder/config.json + model.safetensors                   (transformers' CLIPTextModel layout)
  <case>/tokenizer/ scheduler/ model_index.json                       (the rest of a diffusers folder)
  <case>/reference.safetensors   inputs and diffusers' float32 CPU outputs for them
  pipeline.json                  text-to-image cases, the uint8 pixels diffusers' loop gives for them and
                                 its latents after each scheduler step (float32, 9 significant digits)
  lora/kohya.safetensors, lora/peft.safetensors, lora/reference.safetensors
                                 two LoRAs for sd1 (kohya-ss lora_unet_/lora_te_ with .alpha, including a
                                 3x3 conv LoCon; diffusers/PEFT lora_A/lora_B without alpha), merged weights
                                 W + scale*alpha/rank*up@down for two layers at several scales and stacked,
                                 and the UNet's and text encoder's outputs with both stacked (kohya 0.8,
                                 peft 0.5), from diffusers' UNet with the merged weights loaded
  ldm/model.safetensors + model.yaml + tokenizer/   one single-file checkpoint in the original
                                 (CompVis/LDM) key layout, SD 1.x-shaped (GroupNorm 32, as LDM hard-codes),
                                 F16, VAE attention as 1x1 convolutions, int64 position_ids; diffusers'
                                 own convert_ldm_unet_checkpoint / convert_ldm_vae_checkpoint must map it
                                 back to the diffusers weights exactly (checked here)
  ldm2/model.safetensors + model.yaml + reference.safetensors + tokenizer/
                                 the SD 2.x form of a single file: OpenCLIP text encoder keys
                                 (cond_stage_model.model.*, in_proj [3C, C], 24 resblocks, text_projection,
                                 logit_scale), linear UNet projections, 16-channel heads and v-prediction
                                 from model.yaml, F16; diffusers' convert_open_clip_checkpoint (called as the
                                 single-file loader calls it for SD 2.x: a 23-layer config, so the last
                                 resblock and text_projection are dropped) must give back the 23 layers the
                                 reference uses; reference.safetensors holds that text encoder's outputs

transformers itself cannot be brought onto this machine (its repository snapshot is over the size
limit of the source mirror), so the CLIP text encoder's reference is clip_text_forward below: a
line-by-line transcription of transformers' CLIPTextTransformer (modeling_clip.py, v4.36), in torch.

Run with Debian's interpreter (python3-torch 1.13, numpy) and diffusers v0.25.1's source, which
is not committed:
    git --git-dir=/work/.mirror/huggingface+diffusers/repo archive v0.25.1 src | tar -x -C DIR
    DIFFUSERS_SRC=DIR/src /usr/bin/python3 tests/reference/checkpoints/make_reference.py
huggingface_hub, safetensors and tqdm are replaced by inert modules: nothing here downloads,
and the safetensors files are written by this script (the format is a JSON header and raw bytes).
"""
import importlib.abc
import importlib.machinery
import json
import os
import shutil
import struct
import sys
import types

HERE = os.path.dirname(os.path.abspath(__file__))
STUBBED = ("huggingface_hub", "safetensors", "tqdm")


class _Inert:
    def __init__(self, *args, **kwargs):
        pass

    def __call__(self, *args, **kwargs):
        return _Inert()

    def __getattr__(self, name):
        return _Inert()

    def __mro_entries__(self, bases):
        return (object,)


class _InertModule(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _Inert()


class _InertFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in STUBBED:
            return importlib.machinery.ModuleSpec(name, self, is_package=True)
        return None

    def create_module(self, spec):
        return _InertModule(spec.name)

    def exec_module(self, module):
        module.__path__ = []
        module.__version__ = "0.0"
        module.HF_HOME = module.HF_HUB_CACHE = module.HUGGINGFACE_HUB_CACHE = "/nonexistent/hf"


sys.meta_path.insert(0, _InertFinder())
sys.path.insert(0, os.environ.get("DIFFUSERS_SRC", os.path.join(HERE, "..", "..", "..", "..", "ckpt-py", "src")))

import numpy as np  # noqa: E402
import torch  # noqa: E402
from diffusers.models.autoencoders.autoencoder_kl import AutoencoderKL  # noqa: E402
from diffusers.models.unet_2d_condition import UNet2DConditionModel  # noqa: E402
from diffusers.schedulers import DDIMScheduler, EulerDiscreteScheduler  # noqa: E402

DTYPES = {torch.float32: ("F32", np.float32), torch.float16: ("F16", np.float16)}


def write_safetensors(path, tensors, dtype=torch.float32, extra=None):
    """tensors: name -> torch tensor, stored as dtype (F32 or F16); extra: int64 tensors stored as I64."""
    name, numpy_type = DTYPES[dtype]
    header, blobs, offset = {}, [], 0
    extra = extra or {}
    for key in sorted(list(tensors) + list(extra)):
        if key in extra:
            data, stored = extra[key].numpy().astype(np.int64).tobytes(), "I64"
            shape = list(extra[key].shape)
        else:
            data, stored = tensors[key].detach().to(torch.float32).numpy().astype(numpy_type).tobytes(), name
            shape = list(tensors[key].shape)
        header[key] = {"dtype": stored, "shape": shape, "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def randomize(model, generator, dtype):
    """Random weights of a trained model's scale; norms near 1 so that every weight matters.
    Rounded through the stored dtype, so the reference sees exactly the weights on disk."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("norm.weight") or ".norm" in name and name.endswith(".weight") and p.dim() == 1:
                values = 1 + 0.2 * torch.randn(p.shape, generator=generator)
            elif p.dim() == 1:
                values = 0.1 * torch.randn(p.shape, generator=generator)
            else:
                fan_in = p[0].numel()
                values = torch.randn(p.shape, generator=generator) / fan_in ** 0.5
            p.copy_(values.to(dtype).to(torch.float32))


def save_component(folder, model, dtype):
    os.makedirs(folder, exist_ok=True)
    config = {k: v for k, v in dict(model.config).items() if not k.startswith("_")}
    config["_class_name"] = type(model).__name__
    config["_diffusers_version"] = "0.25.1"
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(config, f, indent=2, sort_keys=True)
    write_safetensors(os.path.join(folder, "diffusion_pytorch_model.safetensors"), model.state_dict(), dtype)


UNETS = {
    # SD 1.x layout: conv projections, one head count for every level.
    "sd1": dict(sample_size=8, in_channels=4, out_channels=4, block_out_channels=(16, 32), layers_per_block=1,
                down_block_types=("CrossAttnDownBlock2D", "DownBlock2D"), up_block_types=("UpBlock2D", "CrossAttnUpBlock2D"),
                cross_attention_dim=24, attention_head_dim=2, norm_num_groups=4),
    # SD 2.x layout: linear projections, per-level head counts, three levels, two layers per block.
    "sd2": dict(sample_size=8, in_channels=4, out_channels=4, block_out_channels=(16, 16, 32), layers_per_block=2,
                down_block_types=("CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"),
                up_block_types=("UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"),
                cross_attention_dim=20, attention_head_dim=(2, 4, 4), use_linear_projection=True, norm_num_groups=4),
}
# A byte-level CLIP vocabulary without merges: ids 0-255 the byte symbols, 256-511 the same ending a
# word (</w>), then start and end of text. A lower-case ASCII word tokenizes to its letters.
START_ID, END_ID, VOCAB_SIZE = 512, 513, 514
SCHEDULER_CONFIG = {"_class_name": "EulerDiscreteScheduler", "beta_start": 0.00085, "beta_end": 0.012,
                    "beta_schedule": "scaled_linear", "num_train_timesteps": 1000, "steps_offset": 1,
                    "prediction_type": "epsilon", "timestep_spacing": "leading", "clip_sample": False,
                    "set_alpha_to_one": False, "interpolation_type": "linear", "use_karras_sigmas": False}
PIPELINE_CASES = [
    # name, scheduler, prompt, negative prompt, cfg, steps, seed, size
    ("euler_guided_negative", "euler", "red potion", "blurry", 7.5, 4, 42, 16),
    ("euler_unguided", "euler", "green sword", "", 1.0, 3, 7, 16),
    ("ddim_guided", "ddim", "blue stone", "", 5.0, 4, 1234, 16),
    ("ddim_guided_negative", "ddim", "dark forest", "sky", 3.0, 3, 99, 16),
]


def byte_symbols():
    """CLIP's bytes_to_unicode: printable bytes map to themselves, the rest to 256 and up."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    chars, extra = {}, 0
    for b in range(256):
        if b in printable:
            chars[b] = chr(b)
        else:
            chars[b] = chr(256 + extra)
            extra += 1
    return [chars[b] for b in range(256)]


def vocabulary():
    symbols = byte_symbols()
    vocab = {s: i for i, s in enumerate(symbols)}
    vocab.update({s + "</w>": 256 + i for i, s in enumerate(symbols)})
    vocab["<|startoftext|>"], vocab["<|endoftext|>"] = START_ID, END_ID
    return vocab


def tokenize(text, vocab):
    """Lower-case ASCII words only: with no merges, each word is its letters, the last one ending the word."""
    ids = [START_ID]
    for word in text.lower().split():
        ids += [vocab[c] for c in word[:-1]] + [vocab[word[-1] + "</w>"]]
    ids = ids[:76] + [END_ID]
    return ids + [END_ID] * (77 - len(ids))


def save_pipeline_files(root):
    os.makedirs(os.path.join(root, "tokenizer"), exist_ok=True)
    with open(os.path.join(root, "tokenizer", "vocab.json"), "w", encoding="utf-8") as f:
        json.dump(vocabulary(), f, ensure_ascii=False)
    with open(os.path.join(root, "tokenizer", "merges.txt"), "w", encoding="utf-8") as f:
        f.write("#version: 0.2\n")
    os.makedirs(os.path.join(root, "scheduler"), exist_ok=True)
    with open(os.path.join(root, "scheduler", "scheduler_config.json"), "w") as f:
        json.dump(SCHEDULER_CONFIG, f, indent=2, sort_keys=True)
    with open(os.path.join(root, "model_index.json"), "w") as f:
        json.dump({"_class_name": "StableDiffusionPipeline", "_diffusers_version": "0.25.1",
                   "scheduler": ["diffusers", "EulerDiscreteScheduler"], "text_encoder": ["transformers", "CLIPTextModel"],
                   "tokenizer": ["transformers", "CLIPTokenizer"], "unet": ["diffusers", "UNet2DConditionModel"],
                   "vae": ["diffusers", "AutoencoderKL"]}, f, indent=2, sort_keys=True)


def float32_list(tensor):
    """A float32 tensor's values, each printed with the 9 significant digits that round-trip a float32."""
    return [float("%.9g" % v) for v in tensor.flatten().tolist()]


def run_pipeline(unet, vae, clip_config, clip_weights, case, scheduler_config=SCHEDULER_CONFIG):
    """StableDiffusionPipeline.__call__ (v0.25.1) for one prompt, float32 on the CPU, written out
    because the pipeline class needs transformers' tokenizer; every numeric step is diffusers' own.
    The latents after each scheduler step are recorded where the pipeline's callback_on_step_end
    sees them (after scheduler.step, before the next step's scale_model_input)."""
    name, scheduler_name, prompt, negative, cfg, steps, seed, size = case
    scheduler_class = {"euler": EulerDiscreteScheduler, "ddim": DDIMScheduler}[scheduler_name]
    scheduler = scheduler_class.from_config(scheduler_config)
    step_latents = []
    vocab = vocabulary()
    guided = cfg > 1.0
    ids = [tokenize(negative, vocab), tokenize(prompt, vocab)] if guided else [tokenize(prompt, vocab)]
    with torch.no_grad():
        embeddings, _ = clip_text_forward(clip_config, clip_weights, torch.tensor(ids))
        scale = 2 ** (len(vae.config.block_out_channels) - 1)
        generator = torch.Generator().manual_seed(seed)
        latents = torch.randn((1, unet.config.in_channels, size // scale, size // scale), generator=generator)
        scheduler.set_timesteps(steps)
        latents = latents * scheduler.init_noise_sigma
        for t in scheduler.timesteps:
            model_input = torch.cat([latents] * 2) if guided else latents
            model_input = scheduler.scale_model_input(model_input, t)
            noise = unet(model_input, t, encoder_hidden_states=embeddings).sample
            if guided:
                uncond, text = noise.chunk(2)
                noise = uncond + cfg * (text - uncond)
            latents = scheduler.step(noise, t, latents).prev_sample
            step_latents.append(float32_list(latents))
        image = vae.decode(latents / vae.config.scaling_factor).sample
        image = (image / 2 + 0.5).clamp(0, 1)
        pixels = (image[0].permute(1, 2, 0) * 255).round().to(torch.uint8)
    return {"name": name, "scheduler": scheduler_name, "prompt": prompt, "negative_prompt": negative, "cfg": cfg,
            "steps": steps, "seed": seed, "width": size, "height": size, "rgb": pixels.flatten().tolist(),
            "latents": step_latents}


CLIPS = {
    # SD 1.x: OpenAI ViT-L's layout (quick_gelu); SD 2.x: OpenCLIP ViT-H's (gelu), other widths and depth.
    "sd1": dict(vocab_size=VOCAB_SIZE, hidden_size=24, intermediate_size=48, num_hidden_layers=2, num_attention_heads=2,
                max_position_embeddings=77, hidden_act="quick_gelu", layer_norm_eps=1e-5),
    "sd2": dict(vocab_size=VOCAB_SIZE, hidden_size=20, intermediate_size=40, num_hidden_layers=3, num_attention_heads=4,
                max_position_embeddings=77, hidden_act="gelu", layer_norm_eps=1e-5),
}
VAE = dict(in_channels=3, out_channels=3, latent_channels=4, block_out_channels=(8, 16), layers_per_block=1,
           down_block_types=("DownEncoderBlock2D",) * 2, up_block_types=("UpDecoderBlock2D",) * 2, norm_num_groups=4, sample_size=16)


def random_clip(config, generator, dtype):
    hidden, inner, vocab = config["hidden_size"], config["intermediate_size"], config["vocab_size"]

    def rnd(*shape, scale=None):
        scale = scale if scale is not None else (1 / shape[-1] ** 0.5 if len(shape) > 1 else 0.1)
        return (torch.randn(shape, generator=generator) * scale).to(dtype).to(torch.float32)

    def norm(prefix):
        return {prefix + ".weight": (1 + rnd(hidden, scale=0.2)), prefix + ".bias": rnd(hidden)}

    w = {"text_model.embeddings.token_embedding.weight": rnd(vocab, hidden, scale=1.0),
         "text_model.embeddings.position_embedding.weight": rnd(config["max_position_embeddings"], hidden, scale=0.5)}
    for layer in range(config["num_hidden_layers"]):
        p = "text_model.encoder.layers.%d." % layer
        for proj in ("q_proj", "k_proj", "v_proj", "out_proj"):
            w[p + "self_attn." + proj + ".weight"] = rnd(hidden, hidden)
            w[p + "self_attn." + proj + ".bias"] = rnd(hidden)
        w.update(norm(p + "layer_norm1"))
        w.update(norm(p + "layer_norm2"))
        w[p + "mlp.fc1.weight"], w[p + "mlp.fc1.bias"] = rnd(inner, hidden), rnd(inner)
        w[p + "mlp.fc2.weight"], w[p + "mlp.fc2.bias"] = rnd(hidden, inner), rnd(hidden)
    w.update(norm("text_model.final_layer_norm"))
    # Rounded through the stored dtype last (1 + x is not an F16 value when x is), so the reference sees the weights on disk.
    return {k: v.to(dtype).to(torch.float32) for k, v in w.items()}


def clip_text_forward(config, w, input_ids, hidden_states=None):
    """transformers' CLIPTextTransformer.forward (no attention mask, as Stable Diffusion calls it).
    A list given as hidden_states receives transformers' output_hidden_states tuple: the embeddings,
    then each layer's output (before the final layer norm)."""
    import torch.nn.functional as F
    hidden, heads, eps = config["hidden_size"], config["num_attention_heads"], config["layer_norm_eps"]
    head_dim = hidden // heads
    batch, length = input_ids.shape
    lin = lambda x, p: F.linear(x, w[p + ".weight"], w[p + ".bias"])  # noqa: E731
    ln = lambda x, p: F.layer_norm(x, (hidden,), w[p + ".weight"], w[p + ".bias"], eps)  # noqa: E731
    h = F.embedding(input_ids, w["text_model.embeddings.token_embedding.weight"]) + w["text_model.embeddings.position_embedding.weight"][:length]
    causal = torch.full((length, length), torch.finfo(torch.float32).min).triu(1)
    act = {"quick_gelu": lambda x: x * torch.sigmoid(1.702 * x), "gelu": F.gelu}[config["hidden_act"]]
    for layer in range(config["num_hidden_layers"]):
        if hidden_states is not None:
            hidden_states.append(h)
        p = "text_model.encoder.layers.%d." % layer
        x = ln(h, p + "layer_norm1")
        shape = lambda t: t.view(batch, length, heads, head_dim).transpose(1, 2)  # noqa: E731
        q = shape(lin(x, p + "self_attn.q_proj") * head_dim ** -0.5)
        k, v = shape(lin(x, p + "self_attn.k_proj")), shape(lin(x, p + "self_attn.v_proj"))
        scores = torch.softmax(q @ k.transpose(-1, -2) + causal, dim=-1)
        attended = (scores @ v).transpose(1, 2).reshape(batch, length, hidden)
        h = h + lin(attended, p + "self_attn.out_proj")
        h = h + lin(act(lin(ln(h, p + "layer_norm2"), p + "mlp.fc1")), p + "mlp.fc2")
    if hidden_states is not None:
        hidden_states.append(h)
    last = ln(h, "text_model.final_layer_norm")
    pooled = last[torch.arange(batch), input_ids.to(torch.int).argmax(dim=-1)]
    return last, pooled


def save_clip(folder, config, weights, dtype):
    os.makedirs(folder, exist_ok=True)
    full = dict(config, architectures=["CLIPTextModel"], model_type="clip_text_model", torch_dtype="float32",
                bos_token_id=START_ID, eos_token_id=END_ID, pad_token_id=1)
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(full, f, indent=2, sort_keys=True)
    write_safetensors(os.path.join(folder, "model.safetensors"), weights, dtype)


def diffusers_converters():
    """diffusers' own LDM-to-diffusers functions, taken from its convert_from_ckpt.py without
    importing that module (its imports need transformers)."""
    import ast
    import logging
    path = os.path.join(sys.path[0], "diffusers", "pipelines", "stable_diffusion", "convert_from_ckpt.py")
    tree = ast.parse(open(path).read())
    wanted = {"shave_segments", "renew_resnet_paths", "renew_vae_resnet_paths", "renew_attention_paths", "renew_vae_attention_paths",
              "assign_to_checkpoint", "conv_attn_to_linear", "convert_ldm_unet_checkpoint", "convert_ldm_vae_checkpoint"}
    module = ast.Module(body=[n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name in wanted], type_ignores=[])
    namespace = {"torch": torch, "logger": logging.getLogger("convert_from_ckpt")}
    exec(compile(module, path, "exec"), namespace)
    return namespace["convert_ldm_unet_checkpoint"], namespace["convert_ldm_vae_checkpoint"]


class _StateDictOnly:
    """Stands in for transformers' CLIPTextModel in convert_open_clip_checkpoint: keeps what it is loaded with."""

    def __init__(self, config):
        self.text_model = types.SimpleNamespace(embeddings=types.SimpleNamespace(get_buffer=lambda name: torch.arange(77)[None]))
        self.loaded = None

    def load_state_dict(self, state):
        self.loaded = state


def diffusers_open_clip_converter():
    """diffusers' convert_open_clip_checkpoint (with its module-level key tables), as the single-file
    loader calls it for an SD 2.x file: config_name "stabilityai/stable-diffusion-2", whose text
    encoder config has 23 layers (so the file's 24th resblock and text_projection are dropped)."""
    import ast
    import contextlib
    import re
    path = os.path.join(sys.path[0], "diffusers", "pipelines", "stable_diffusion", "convert_from_ckpt.py")
    tree = ast.parse(open(path).read())
    tables = {"textenc_conversion_lst", "textenc_conversion_map", "textenc_transformer_conversion_lst", "protected", "textenc_pattern"}
    body = [n for n in tree.body if (isinstance(n, ast.FunctionDef) and n.name == "convert_open_clip_checkpoint")
            or (isinstance(n, ast.Assign) and any(isinstance(t, ast.Name) and t.id in tables for t in n.targets))]
    sd2_text_config = types.SimpleNamespace(num_hidden_layers=23)
    namespace = {"torch": torch, "re": re, "nullcontext": contextlib.nullcontext, "is_accelerate_available": lambda: False,
                 "CLIPTextConfig": types.SimpleNamespace(from_pretrained=lambda *a, **k: sd2_text_config),
                 "CLIPTextModel": _StateDictOnly, "CLIPTextModelWithProjection": _StateDictOnly}
    exec(compile(ast.Module(body=body, type_ignores=[]), path, "exec"), namespace)
    return lambda checkpoint: namespace["convert_open_clip_checkpoint"](checkpoint, "stabilityai/stable-diffusion-2").loaded


RESNET_TO_LDM = [("norm1", "in_layers.0"), ("conv1", "in_layers.2"), ("norm2", "out_layers.0"), ("conv2", "out_layers.3"),
                 ("time_emb_proj", "emb_layers.1"), ("conv_shortcut", "skip_connection")]


def unet_to_ldm(state, layers):
    """diffusers UNet names to the original layout (model.diffusion_model.*)."""
    out = {}
    for key, value in state.items():
        parts = key.split(".")
        if parts[0] == "time_embedding":
            new = "time_embed.%d.%s" % ({"linear_1": 0, "linear_2": 2}[parts[1]], parts[2])
        elif parts[0] == "conv_in":
            new = "input_blocks.0.0." + parts[1]
        elif parts[0] == "conv_norm_out":
            new = "out.0." + parts[1]
        elif parts[0] == "conv_out":
            new = "out.2." + parts[1]
        elif parts[0] in ("down_blocks", "up_blocks"):
            level, kind, index, rest = int(parts[1]), parts[2], int(parts[3]), ".".join(parts[4:])
            if parts[0] == "down_blocks":
                block = 1 + level * (layers + 1) + (layers if kind == "downsamplers" else index)
                slot = {"resnets": "0", "attentions": "1", "downsamplers": "0.op"}[kind]
                if kind == "downsamplers":
                    rest = rest[len("conv."):]
            else:
                block = level * (layers + 1) + (layers if kind == "upsamplers" else index)
                has_attention = ("up_blocks.%d.attentions.0.norm.weight" % level) in state
                slot = {"resnets": "0", "attentions": "1", "upsamplers": "2" if has_attention else "1"}[kind]
            if kind == "resnets":
                for old, ldm in RESNET_TO_LDM:
                    rest = rest.replace(old + ".", ldm + ".") if rest.startswith(old + ".") else rest
            new = "%s.%d.%s.%s" % ("input_blocks" if parts[0] == "down_blocks" else "output_blocks", block, slot, rest)
        elif parts[0] == "mid_block":
            block = {"resnets.0": 0, "attentions.0": 1, "resnets.1": 2}[parts[1] + "." + parts[2]]
            rest = ".".join(parts[3:])
            if parts[1] == "resnets":
                for old, ldm in RESNET_TO_LDM:
                    rest = rest.replace(old + ".", ldm + ".") if rest.startswith(old + ".") else rest
            new = "middle_block.%d.%s" % (block, rest)
        else:
            raise KeyError(key)
        out["model.diffusion_model." + new] = value
    return out


def vae_to_ldm(state):
    """diffusers AutoencoderKL names to the original layout (first_stage_model.*), attention as 1x1 convolutions."""
    out = {}
    levels = 1 + max(int(k.split(".")[2]) for k in state if k.startswith("decoder.up_blocks."))
    for key, value in state.items():
        new = key.replace("conv_norm_out", "norm_out").replace("conv_shortcut", "nin_shortcut")
        new = new.replace("mid_block.resnets.0", "mid.block_1").replace("mid_block.resnets.1", "mid.block_2")
        if "mid_block.attentions.0" in new:
            new = new.replace("mid_block.attentions.0", "mid.attn_1")
            for old, ldm in (("group_norm", "norm"), ("to_q", "q"), ("to_k", "k"), ("to_v", "v"), ("to_out.0", "proj_out")):
                new = new.replace("attn_1." + old + ".", "attn_1." + ldm + ".")
            if value.dim() == 2:
                value = value[:, :, None, None]
        parts = new.split(".")
        if parts[1] == "down_blocks":
            rest = ".".join(parts[4:])
            new = "encoder.down.%s.%s" % (parts[2], ("downsample." + rest[len("0."):]) if parts[3] == "downsamplers" else ("block." + rest))
        elif parts[1] == "up_blocks":
            rest = ".".join(parts[4:])
            ldm_level = levels - 1 - int(parts[2])
            new = "decoder.up.%d.%s" % (ldm_level, ("upsample." + rest[len("0."):]) if parts[3] == "upsamplers" else ("block." + rest))
        out["first_stage_model." + new] = value
    return out


LDM_UNET = dict(sample_size=8, in_channels=4, out_channels=4, block_out_channels=(32, 32), layers_per_block=1,
                down_block_types=("CrossAttnDownBlock2D", "DownBlock2D"), up_block_types=("UpBlock2D", "CrossAttnUpBlock2D"),
                cross_attention_dim=64, attention_head_dim=2, norm_num_groups=32)
LDM_VAE = dict(VAE, block_out_channels=(32, 32), norm_num_groups=32)
# One head of 64 channels: CLIP ViT-L's head width, from which a single-file loader infers the head count.
LDM_CLIP = dict(CLIPS["sd1"], hidden_size=64, intermediate_size=128, num_attention_heads=1)
LDM_YAML = """model:
  target: ldm.models.diffusion.ddpm.LatentDiffusion
  params:
    linear_start: 0.00085
    linear_end: 0.0120
    timesteps: 1000
    unet_config:
      target: ldm.modules.diffusionmodules.openaimodel.UNetModel
      params:
        in_channels: 4
        out_channels: 4
        model_channels: 32
        attention_resolutions: [ 1 ]
        num_res_blocks: 1
        channel_mult: [ 1, 1 ]
        num_heads: 2
        use_spatial_transformer: True
        transformer_depth: 1
        context_dim: 64
    first_stage_config:
      target: ldm.models.autoencoder.AutoencoderKL
      params:
        embed_dim: 4
        ddconfig:
          z_channels: 4
          resolution: 16
          in_channels: 3
          out_ch: 3
          ch: 32
          ch_mult: [ 1, 1 ]
          num_res_blocks: 1
    cond_stage_config:
      target: ldm.modules.encoders.modules.FrozenCLIPEmbedder
"""


def make_single_file(generator):
    """The ldm case: diffusers models with random weights, written as one LDM-layout file."""
    dtype = torch.float16
    unet = UNet2DConditionModel(**LDM_UNET).eval()
    randomize(unet, generator, dtype)
    vae = AutoencoderKL(**LDM_VAE).eval()
    randomize(vae, generator, dtype)
    clip_weights = random_clip(LDM_CLIP, generator, dtype)
    ldm_unet, ldm_vae = unet_to_ldm(unet.state_dict(), LDM_UNET["layers_per_block"]), vae_to_ldm(vae.state_dict())

    convert_unet, convert_vae = diffusers_converters()
    config = dict(LDM_UNET, class_embed_type=None, addition_embed_type=None)
    back_unet = convert_unet(dict(ldm_unet), config)
    back_vae = convert_vae(dict(ldm_vae), dict(LDM_VAE))
    for name, original, back in (("unet", unet.state_dict(), back_unet), ("vae", vae.state_dict(), back_vae)):
        assert set(original) == set(back), (name, set(original) ^ set(back))
        for key in original:
            assert torch.equal(original[key], back[key].reshape(original[key].shape)), (name, key)

    tensors = dict(ldm_unet)
    tensors.update(ldm_vae)
    tensors.update({"cond_stage_model.transformer." + k: v for k, v in clip_weights.items()})
    root = os.path.join(HERE, "ldm")
    os.makedirs(root, exist_ok=True)
    write_safetensors(os.path.join(root, "model.safetensors"), tensors, dtype,
                      extra={"cond_stage_model.transformer.text_model.embeddings.position_ids": torch.arange(77)[None]})
    with open(os.path.join(root, "model.yaml"), "w") as f:
        f.write(LDM_YAML)
    save_pipeline_files(root)
    os.remove(os.path.join(root, "model_index.json"))
    shutil.rmtree(os.path.join(root, "scheduler"))
    return [run_pipeline(unet, vae, LDM_CLIP, clip_weights, c) for c in PIPELINE_CASES]


def clip_to_open_clip(w, layers):
    """transformers' CLIP text names to OpenCLIP's (cond_stage_model.model.*): q/k/v stacked into in_proj [3C, C]."""
    out = {"token_embedding.weight": w["text_model.embeddings.token_embedding.weight"],
           "positional_embedding": w["text_model.embeddings.position_embedding.weight"],
           "ln_final.weight": w["text_model.final_layer_norm.weight"], "ln_final.bias": w["text_model.final_layer_norm.bias"]}
    for layer in range(layers):
        p, o = "text_model.encoder.layers.%d." % layer, "transformer.resblocks.%d." % layer
        for kind in ("weight", "bias"):
            out[o + "attn.in_proj_" + kind] = torch.cat([w[p + "self_attn.%s_proj.%s" % (x, kind)] for x in "qkv"])
            for old, new in (("self_attn.out_proj", "attn.out_proj"), ("layer_norm1", "ln_1"), ("layer_norm2", "ln_2"),
                             ("mlp.fc1", "mlp.c_fc"), ("mlp.fc2", "mlp.c_proj")):
                out[o + new + "." + kind] = w[p + old + "." + kind]
    return out


# SD 2.x-shaped: linear projections, 16-channel heads (from model.yaml), v-prediction (from model.yaml),
# context from the OpenCLIP text encoder; 24 resblocks as in ViT-H, of which SD 2.x uses 23.
LDM2_UNET = dict(LDM_UNET, down_block_types=("CrossAttnDownBlock2D", "DownBlock2D"), up_block_types=("UpBlock2D", "CrossAttnUpBlock2D"),
                 use_linear_projection=True, attention_head_dim=2, cross_attention_dim=64)
LDM2_CLIP_FILE = dict(CLIPS["sd2"], hidden_size=64, intermediate_size=128, num_hidden_layers=24, num_attention_heads=1)
LDM2_CLIP = dict(LDM2_CLIP_FILE, num_hidden_layers=23)
LDM2_SCHEDULER_CONFIG = dict(SCHEDULER_CONFIG, prediction_type="v_prediction")
LDM2_YAML = """model:
  target: ldm.models.diffusion.ddpm.LatentDiffusion
  params:
    parameterization: "v"
    linear_start: 0.00085
    linear_end: 0.0120
    timesteps: 1000
    unet_config:
      target: ldm.modules.diffusionmodules.openaimodel.UNetModel
      params:
        in_channels: 4
        out_channels: 4
        model_channels: 32
        attention_resolutions: [ 1 ]
        num_res_blocks: 1
        channel_mult: [ 1, 1 ]
        num_head_channels: 16
        use_spatial_transformer: True
        use_linear_in_transformer: True
        transformer_depth: 1
        context_dim: 64
    first_stage_config:
      target: ldm.models.autoencoder.AutoencoderKL
      params:
        embed_dim: 4
        ddconfig:
          z_channels: 4
          resolution: 16
          in_channels: 3
          out_ch: 3
          ch: 32
          ch_mult: [ 1, 1 ]
          num_res_blocks: 1
    cond_stage_config:
      target: ldm.modules.encoders.modules.FrozenOpenCLIPEmbedder
      params:
        freeze: True
        layer: "penultimate"
"""


def make_single_file_sd2(generator):
    """The ldm2 case: an SD 2.x-layout single file (OpenCLIP text encoder, linear projections,
    v-prediction from model.yaml), F16; diffusers' own converters must map every part back exactly."""
    dtype = torch.float16
    unet = UNet2DConditionModel(**LDM2_UNET).eval()
    randomize(unet, generator, dtype)
    vae = AutoencoderKL(**LDM_VAE).eval()
    randomize(vae, generator, dtype)
    file_clip = random_clip(LDM2_CLIP_FILE, generator, dtype)
    open_clip = {"cond_stage_model.model." + k: v for k, v in clip_to_open_clip(file_clip, LDM2_CLIP_FILE["num_hidden_layers"]).items()}
    open_clip["cond_stage_model.model.text_projection"] = (torch.randn((64, 32), generator=generator) / 8).to(dtype).to(torch.float32)
    open_clip["cond_stage_model.model.logit_scale"] = torch.tensor(4.6052)
    ldm_unet, ldm_vae = unet_to_ldm(unet.state_dict(), LDM2_UNET["layers_per_block"]), vae_to_ldm(vae.state_dict())

    convert_unet, convert_vae = diffusers_converters()
    back_unet = convert_unet(dict(ldm_unet), dict(LDM2_UNET, class_embed_type=None, addition_embed_type=None))
    back_vae = convert_vae(dict(ldm_vae), dict(LDM_VAE))
    # What SD 2.x's text encoder is: the first 23 of the file's 24 layers, then ln_final.
    clip_weights = {k: v for k, v in file_clip.items() if not k.startswith("text_model.encoder.layers.23.")}
    back_clip = diffusers_open_clip_converter()(dict(open_clip))
    for name, original, back in (("unet", unet.state_dict(), back_unet), ("vae", vae.state_dict(), back_vae), ("clip", clip_weights, back_clip)):
        assert set(original) == set(back), (name, set(original) ^ set(back))
        for key in original:
            assert torch.equal(original[key], back[key].reshape(original[key].shape)), (name, key)

    tensors = dict(ldm_unet)
    tensors.update(ldm_vae)
    tensors.update(open_clip)
    root = os.path.join(HERE, "ldm2")
    os.makedirs(root, exist_ok=True)
    write_safetensors(os.path.join(root, "model.safetensors"), tensors, dtype)
    with open(os.path.join(root, "model.yaml"), "w") as f:
        f.write(LDM2_YAML)
    save_pipeline_files(root)
    os.remove(os.path.join(root, "model_index.json"))
    shutil.rmtree(os.path.join(root, "scheduler"))

    # The text encoder's outputs for SD 2.x's tokenization of two prompts (end-of-text padding, as the tokenizer/ here does).
    vocab = vocabulary()
    input_ids = torch.tensor([tokenize("red potion", vocab), tokenize("a dark green forest with sky", vocab)])
    with torch.no_grad():
        last_hidden_state, pooler_output = clip_text_forward(LDM2_CLIP, clip_weights, input_ids)
    write_safetensors(os.path.join(root, "reference.safetensors"), {
        "text_encoder.input_ids": input_ids.to(torch.float32), "text_encoder.last_hidden_state": last_hidden_state,
        "text_encoder.pooler_output": pooler_output})
    return [run_pipeline(unet, vae, LDM2_CLIP, clip_weights, c, LDM2_SCHEDULER_CONFIG) for c in PIPELINE_CASES]


# Large enough that each LoRA, and each scale, visibly changes the pixels of the tiny model.
LORA_SIZE = 1.0
KOHYA_TARGETS = [  # (component, diffusers module, is 3x3 conv)
    ("unet", "down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q", False),
    ("unet", "up_blocks.1.attentions.1.transformer_blocks.0.attn2.to_k", False),
    ("unet", "mid_block.attentions.0.transformer_blocks.0.ff.net.2", False),
    ("unet", "down_blocks.0.attentions.0.proj_in", False),
    ("unet", "down_blocks.1.resnets.0.conv1", True),
    ("unet", "conv_out", True),
    ("te", "text_model.encoder.layers.0.self_attn.q_proj", False),
    ("te", "text_model.encoder.layers.1.mlp.fc1", False),
]
PEFT_TARGETS = [
    ("unet", "down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q"),
    ("unet", "up_blocks.1.attentions.0.transformer_blocks.0.attn1.to_v"),
    ("te", "text_model.encoder.layers.0.self_attn.q_proj"),
    ("te", "text_model.encoder.layers.1.self_attn.k_proj"),
]
CHECKED = ["unet:down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q.weight",
           "te:text_model.encoder.layers.0.self_attn.q_proj.weight", "unet:down_blocks.1.resnets.0.conv1.weight"]


def lora_delta(up, down):
    """up @ down over the flattened input axes, in the weight's shape (linear, 1x1 or 3x3 conv)."""
    return (up.reshape(up.shape[0], -1) @ down.reshape(down.shape[0], -1))


def make_loras(unet_state, clip_weights, generator):
    weights = {"unet": unet_state, "te": clip_weights}
    kohya, kohya_deltas = {}, {}
    for component, module, conv in KOHYA_TARGETS:
        w = weights[component][module + ".weight"]
        rank, alpha = 2, 1.0
        if conv:
            down = torch.randn((rank, w.shape[1], 3, 3), generator=generator) * LORA_SIZE
            up = torch.randn((w.shape[0], rank, 1, 1), generator=generator) * LORA_SIZE
        elif w.dim() == 4:
            down = torch.randn((rank, w.shape[1], 1, 1), generator=generator) * LORA_SIZE
            up = torch.randn((w.shape[0], rank, 1, 1), generator=generator) * LORA_SIZE
        else:
            down = torch.randn((rank, w.shape[1]), generator=generator) * LORA_SIZE
            up = torch.randn((w.shape[0], rank), generator=generator) * LORA_SIZE
        name = ("lora_unet_" if component == "unet" else "lora_te_") + module.replace(".", "_")
        kohya[name + ".lora_down.weight"], kohya[name + ".lora_up.weight"] = down, up
        kohya[name + ".alpha"] = torch.tensor(alpha)
        kohya_deltas[component + ":" + module + ".weight"] = (alpha / rank) * lora_delta(up, down).reshape(w.shape)
    peft, peft_deltas = {}, {}
    for component, module in PEFT_TARGETS:
        w = weights[component][module + ".weight"]
        rank = 3
        a = torch.randn((rank, w.shape[1]), generator=generator) * LORA_SIZE
        b = torch.randn((w.shape[0], rank), generator=generator) * LORA_SIZE
        prefix = "unet." if component == "unet" else "text_encoder."
        peft[prefix + module + ".lora_A.weight"], peft[prefix + module + ".lora_B.weight"] = a, b
        peft_deltas[component + ":" + module + ".weight"] = lora_delta(b, a).reshape(w.shape)  # alpha = rank
    return kohya, kohya_deltas, peft, peft_deltas


def merged(weights, deltas_and_scales):
    out = {c: dict(w) for c, w in weights.items()}
    for deltas, scale in deltas_and_scales:
        for key, delta in deltas.items():
            component, name = key.split(":", 1)
            out[component][name] = out[component][name] + scale * delta
    return out


LORA_PIPELINES = {  # name -> the LoRAs (file, scale) a model entry stacks
    "kohya_1.0": [("kohya", 1.0)], "kohya_0.5": [("kohya", 0.5)], "peft_1.0": [("peft", 1.0)],
    "stacked": [("kohya", 0.8), ("peft", 0.5)],
}


def make_lora_reference(unet, vae, clip_config, clip_weights, generator, sample, timestep, context, input_ids):
    root = os.path.join(HERE, "lora")
    os.makedirs(root, exist_ok=True)
    base = {"unet": {k: v.clone() for k, v in unet.state_dict().items()}, "te": clip_weights}
    kohya, kohya_deltas, peft, peft_deltas = make_loras(base["unet"], clip_weights, generator)
    write_safetensors(os.path.join(root, "kohya.safetensors"), kohya)
    write_safetensors(os.path.join(root, "peft.safetensors"), peft)
    cases = {"kohya_1.0": [(kohya_deltas, 1.0)], "kohya_0.5": [(kohya_deltas, 0.5)], "peft_1.0": [(peft_deltas, 1.0)],
             "peft_0.5": [(peft_deltas, 0.5)], "stacked": [(kohya_deltas, 0.8), (peft_deltas, 0.5)]}
    reference = {}
    for case, deltas in cases.items():
        m = merged(base, deltas)
        for key in CHECKED:
            component, name = key.split(":", 1)
            reference["%s.%s.%s" % (case, component, name)] = m[component][name]
    stacked = merged(base, cases["stacked"])
    with torch.no_grad():
        styled = UNet2DConditionModel(**UNETS["sd1"]).eval()
        styled.load_state_dict(stacked["unet"])
        reference["stacked.unet.out_sample"] = styled(sample, timestep, encoder_hidden_states=context).sample
        reference["stacked.text_encoder.last_hidden_state"] = clip_text_forward(clip_config, stacked["te"], input_ids)[0]
    write_safetensors(os.path.join(root, "reference.safetensors"), reference)

    # Text-to-image with each model entry's LoRAs merged: the first pipeline case (Euler, guidance, negative prompt).
    deltas = {"kohya": kohya_deltas, "peft": peft_deltas}
    pipelines = {}
    for name, loras in LORA_PIPELINES.items():
        m = merged(base, [(deltas[f], scale) for f, scale in loras])
        styled = UNet2DConditionModel(**UNETS["sd1"]).eval()
        styled.load_state_dict(m["unet"])
        result = run_pipeline(styled, vae, clip_config, m["te"], PIPELINE_CASES[0])
        result["loras"] = [{"file": f, "scale": scale} for f, scale in loras]
        del result["latents"]  # the LoRA cases are checked by their pixels
        pipelines[name] = result
    return pipelines


def main():
    torch.manual_seed(0)
    pipeline = {}
    for case, unet_config in UNETS.items():
        generator = torch.Generator().manual_seed(len(case) * 1000 + sum(map(ord, case)))
        dtype = torch.float32 if case == "sd1" else torch.float16
        root = os.path.join(HERE, case)
        unet = UNet2DConditionModel(**unet_config).eval()
        randomize(unet, generator, dtype)
        save_component(os.path.join(root, "unet"), unet, dtype)
        vae = AutoencoderKL(**VAE).eval()
        randomize(vae, generator, dtype)
        save_component(os.path.join(root, "vae"), vae, dtype)

        clip_config = CLIPS[case]
        clip_weights = random_clip(clip_config, generator, dtype)
        save_clip(os.path.join(root, "text_encoder"), clip_config, clip_weights, dtype)
        vocab = clip_config["vocab_size"]
        # Start token, a few words, end token, then padding with the end token (SD 1.x's tokenizer pads so).
        input_ids = torch.full((2, 77), vocab - 1, dtype=torch.int64)
        input_ids[:, 0] = vocab - 2
        input_ids[0, 1:6] = torch.randint(0, vocab - 2, (5,), generator=generator)
        input_ids[1, 1:12] = torch.randint(0, vocab - 2, (11,), generator=generator)

        context_width = unet_config["cross_attention_dim"]
        sample = torch.randn((2, 4, 8, 8), generator=generator)
        timestep = torch.tensor([999.0, 1.0])
        context = torch.randn((2, 7, context_width), generator=generator)
        image = torch.rand((1, 3, 16, 16), generator=generator) * 2 - 1
        latent = torch.randn((1, 4, 4, 4), generator=generator)
        with torch.no_grad():
            out_sample = unet(sample, timestep, encoder_hidden_states=context).sample
            decoded = vae.decode(latent).sample
            encoded_mean = vae.encode(image).latent_dist.mean
            last_hidden_state, pooler_output = clip_text_forward(clip_config, clip_weights, input_ids)
        write_safetensors(os.path.join(root, "reference.safetensors"), {
            "unet.sample": sample, "unet.timestep": timestep, "unet.encoder_hidden_states": context, "unet.out_sample": out_sample,
            "vae_decoder.latent_sample": latent, "vae_decoder.sample": decoded,
            "vae_encoder.sample": image, "vae_encoder.latent_sample": encoded_mean,
            "text_encoder.input_ids": input_ids.to(torch.float32), "text_encoder.last_hidden_state": last_hidden_state,
            "text_encoder.pooler_output": pooler_output,
        })
        save_pipeline_files(root)
        if case == "sd1":
            pipeline["sd1_lora"] = make_lora_reference(unet, vae, clip_config, clip_weights, torch.Generator().manual_seed(77), sample, timestep, context, input_ids)
        pipeline[case] = [run_pipeline(unet, vae, clip_config, clip_weights, c) for c in PIPELINE_CASES]
        print(case, "unet |out| mean", float(out_sample.abs().mean()), "decoded", float(decoded.abs().mean()), "mean", float(encoded_mean.abs().mean()))

    with open(os.path.join(HERE, "pipeline.json"), "w") as f:
        pipeline["ldm"] = make_single_file(torch.Generator().manual_seed(2024))
        pipeline["ldm2"] = make_single_file_sd2(torch.Generator().manual_seed(2025))
        json.dump(pipeline, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
