#!/usr/bin/env python3
"""Writes an SD 1.5-sized Stable Diffusion model with random weights (fp32) in two forms with the SAME
weights, for the pipeline and checkpoint benchmarks and benchmarks/gpu/check.sh: no download,
nothing in the repo.

(b) OUT_DIR: an ONNX export following diffusers' converter recipe
    (scripts/convert_stable_diffusion_checkpoint_to_onnx.py): UNet2DConditionModel and AutoencoderKL
    from SD 1.5's configs (random weights: torch.manual_seed), torch.onnx.export at opset 14 with the
    converter's input/output names and dynamic axes, the UNet's weights collected into one external
    file (weights.pb).
(a) --diffusers-out DIR (optional): the same weights as a diffusers-format folder (model_index.json,
    unet/ vae/ text_encoder/ with config.json + *.safetensors, tokenizer/, scheduler/), which
    AssetForge compiles itself. The safetensors files are written by hand (a JSON header and raw
    little-endian bytes): the python package is not installed here.

CLIPTextModel lives in `transformers`, which is not installed here, so the text encoder is a
module written here with CLIP ViT-L/14's text tower's architecture and sizes (12 pre-LN layers,
width 768, 12 heads, quick_gelu, causal mask, transformers' weight names) and random weights; both
forms get those weights. The tokenizer is taken from builtin:tiny's folder (pass --tokenizer),
whose ids fit CLIP's 49408-entry vocabulary.

Usage: /usr/bin/python3 make_sd15_random.py OUT_DIR --diffusers-src DIR --tokenizer TOKENIZER_DIR
           [--diffusers-out DIR] [--seed 0] [--only text_encoder,unet,vae_decoder]
  DIR is diffusers' src/ folder (v0.25.x runs on torch 1.13), kept outside the repo.
"""
import argparse
import json
import os
import shutil
import struct
import sys
import types


def stub_modules():
    # diffusers v0.25 imports huggingface_hub and safetensors at import time; the model classes
    # used here call neither. Stand-ins answer any attribute with an inert placeholder.
    def placeholder_module(name):
        module = types.ModuleType(name)
        module.__path__ = []

        def attribute(attr):
            if attr.startswith("__"):
                raise AttributeError(attr)
            if attr.isupper():
                return "/nonexistent" if "CACHE" in attr or "HOME" in attr or "PATH" in attr else False
            return type(attr, (Exception,), {"__init__": lambda self, *a, **k: None, "__call__": lambda self, *a, **k: None})

        module.__getattr__ = attribute
        return module

    class Finder:
        # Any submodule of the stubbed packages is a placeholder too.
        def find_module(self, fullname, path=None):
            return self if fullname.split(".")[0] in ("huggingface_hub", "safetensors") else None

        def load_module(self, fullname):
            module = sys.modules.setdefault(fullname, placeholder_module(fullname))
            module.__loader__ = self
            return module

    hub = placeholder_module("huggingface_hub")
    hub.__version__ = "0.20.2"
    hub.utils = placeholder_module("huggingface_hub.utils")
    hub.utils.validate_hf_hub_args = lambda f: f
    sys.modules.update({"huggingface_hub": hub, "huggingface_hub.utils": hub.utils})
    sys.meta_path.insert(0, Finder())
    import importlib.metadata as metadata
    real_version = metadata.version
    metadata.version = lambda name: {"huggingface-hub": "0.20.2", "huggingface_hub": "0.20.2", "safetensors": "0.4.1"}.get(name) or real_version(name)


UNET_CONFIG = dict(sample_size=64, in_channels=4, out_channels=4, layers_per_block=2,
                   block_out_channels=(320, 640, 1280, 1280),
                   down_block_types=("CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"),
                   up_block_types=("UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"),
                   cross_attention_dim=768, attention_head_dim=8)
VAE_CONFIG = dict(in_channels=3, out_channels=3, latent_channels=4, layers_per_block=2, sample_size=512,
                  block_out_channels=(128, 256, 512, 512),
                  down_block_types=("DownEncoderBlock2D",) * 4, up_block_types=("UpDecoderBlock2D",) * 4)


CLIP_CONFIG = dict(vocab_size=49408, hidden_size=768, intermediate_size=3072, num_hidden_layers=12,
                   num_attention_heads=12, max_position_embeddings=77, hidden_act="quick_gelu", layer_norm_eps=1e-5,
                   projection_dim=768, bos_token_id=49406, eos_token_id=49407, pad_token_id=1)
SCHEDULER_CONFIG = {"_class_name": "PNDMScheduler", "beta_start": 0.00085, "beta_end": 0.012,
                    "beta_schedule": "scaled_linear", "num_train_timesteps": 1000, "set_alpha_to_one": False,
                    "skip_prk_steps": True, "steps_offset": 1, "prediction_type": "epsilon"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--diffusers-src", required=True)
    parser.add_argument("--tokenizer", required=True, help="a CLIP tokenizer folder (vocab.json, merges.txt)")
    parser.add_argument("--diffusers-out", help="also write the same weights as a diffusers-format folder here")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", default="text_encoder,unet,vae_decoder")
    args = parser.parse_args()
    stub_modules()
    sys.path.insert(0, args.diffusers_src)
    import torch
    from diffusers.models.unet_2d_condition import UNet2DConditionModel
    from diffusers.models.autoencoders.autoencoder_kl import AutoencoderKL
    import onnx

    torch.manual_seed(args.seed)
    torch.set_grad_enabled(False)
    out = args.out
    parts = set(args.only.split(","))
    os.makedirs(out, exist_ok=True)
    folder_out = args.diffusers_out
    if folder_out:
        os.makedirs(folder_out, exist_ok=True)

    def export(model, inputs, sub, input_names, output_names, axes, external=False):
        folder = os.path.join(out, sub)
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, "model.onnx")
        torch.onnx.export(model, inputs, path, input_names=input_names, output_names=output_names,
                          dynamic_axes=axes, opset_version=14, do_constant_folding=True)
        if external:
            # diffusers' recipe: one weights.pb beside model.onnx instead of a file per tensor.
            proto = onnx.load(path)
            for name in os.listdir(folder):
                if name != "model.onnx":
                    os.remove(os.path.join(folder, name))
            onnx.save_model(proto, path, save_as_external_data=True, all_tensors_to_one_file=True,
                            location="weights.pb", convert_attribute=False)
            del proto
        print(f"wrote {sub}", flush=True)

    if "text_encoder" in parts:
        encoder = ClipTextModel(torch, CLIP_CONFIG).eval()
        if folder_out:
            save_folder_component(folder_out, "text_encoder", "model.safetensors", encoder.state_dict(),
                                  dict(CLIP_CONFIG, architectures=["CLIPTextModel"], model_type="clip_text_model", torch_dtype="float32"))
        # The converter's text encoder: int32 ids in, last_hidden_state and pooler_output out.
        export(encoder, (torch.zeros(1, 77, dtype=torch.int32),), "text_encoder", ["input_ids"],
               ["last_hidden_state", "pooler_output"], {"input_ids": {0: "batch", 1: "sequence"}})
        del encoder
    if "unet" in parts:
        unet = UNet2DConditionModel(**UNET_CONFIG).eval()
        if folder_out:
            save_folder_component(folder_out, "unet", "diffusion_pytorch_model.safetensors", unet.state_dict(), diffusers_config(unet))
        # Traced at a 16x16 latent (128x128 pixels), not the converter's 64x64: the same graph with
        # dynamic height/width, at a sixteenth of the tracing compute.
        export(unet, (torch.randn(2, 4, 16, 16), torch.tensor([1.0, 1.0]), torch.randn(2, 77, 768), False), "unet",
               ["sample", "timestep", "encoder_hidden_states", "return_dict"], ["out_sample"],
               {"sample": {0: "batch", 2: "height", 3: "width"}, "timestep": {0: "batch"},
                "encoder_hidden_states": {0: "batch", 1: "sequence"}}, external=True)
        del unet
    if "vae_decoder" in parts:
        vae = AutoencoderKL(**VAE_CONFIG).eval()
        if folder_out:
            save_folder_component(folder_out, "vae", "diffusion_pytorch_model.safetensors", vae.state_dict(), diffusers_config(vae))
        vae.forward = lambda latent_sample, return_dict: vae.decode(latent_sample, return_dict)[0]
        export(vae, (torch.randn(1, 4, 16, 16), False), "vae_decoder", ["latent_sample", "return_dict"], ["sample"],
               {"latent_sample": {0: "batch", 1: "channels", 2: "height", 3: "width"}})
    write_metadata(out, args.tokenizer, onnx_layout=True)
    if folder_out:
        write_metadata(folder_out, args.tokenizer, onnx_layout=False)


def diffusers_config(model):
    config = {k: v for k, v in dict(model.config).items() if not k.startswith("_")}
    config["_class_name"] = type(model).__name__
    config["_diffusers_version"] = "0.25.1"
    return config


def save_folder_component(root, component, file_name, state, config):
    folder = os.path.join(root, component)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(config, f, indent=2, sort_keys=True, default=list)
    write_safetensors(os.path.join(folder, file_name), state)
    print(f"wrote {component} (diffusers folder)", flush=True)


def write_safetensors(path, state):
    """safetensors by hand: u64 header length, JSON header (dtype, shape, data_offsets), raw
    little-endian F32 bytes; tensors are written one at a time, so a 3.4 GB UNet needs no second copy."""
    header, offset = {}, 0
    names = sorted(state)
    for name in names:
        size = state[name].numel() * 4
        header[name] = {"dtype": "F32", "shape": list(state[name].shape), "data_offsets": [offset, offset + size]}
        offset += size
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for name in names:
            f.write(state[name].detach().contiguous().float().numpy().tobytes())


def ClipTextModel(torch, config):
    nn = torch.nn
    hidden, heads, eps = config["hidden_size"], config["num_attention_heads"], config["layer_norm_eps"]

    class Layer(nn.Module):
        def __init__(self):
            super().__init__()
            self.self_attn = nn.Module()
            for name in ("q_proj", "k_proj", "v_proj", "out_proj"):
                setattr(self.self_attn, name, nn.Linear(hidden, hidden))
            self.layer_norm1 = nn.LayerNorm(hidden, eps=eps)
            self.mlp = nn.Module()
            self.mlp.fc1 = nn.Linear(hidden, config["intermediate_size"])
            self.mlp.fc2 = nn.Linear(config["intermediate_size"], hidden)
            self.layer_norm2 = nn.LayerNorm(hidden, eps=eps)

        def forward(self, h, causal):
            batch, length = h.shape[0], h.shape[1]
            head_dim = hidden // heads
            x = self.layer_norm1(h)
            split = lambda t: t.reshape(batch, length, heads, head_dim).transpose(1, 2)  # noqa: E731
            q = split(self.self_attn.q_proj(x) * head_dim ** -0.5)
            k, v = split(self.self_attn.k_proj(x)), split(self.self_attn.v_proj(x))
            attended = (torch.softmax(q @ k.transpose(-1, -2) + causal, dim=-1) @ v).transpose(1, 2).reshape(batch, length, hidden)
            h = h + self.self_attn.out_proj(attended)
            fc1 = self.mlp.fc1(self.layer_norm2(h))
            return h + self.mlp.fc2(fc1 * torch.sigmoid(1.702 * fc1))

    class Model(nn.Module):
        # transformers' CLIPTextModel: the weight names under text_model., the same computation.
        def __init__(self):
            super().__init__()
            self.text_model = nn.Module()
            self.text_model.embeddings = nn.Module()
            self.text_model.embeddings.token_embedding = nn.Embedding(config["vocab_size"], hidden)
            self.text_model.embeddings.position_embedding = nn.Embedding(config["max_position_embeddings"], hidden)
            self.text_model.encoder = nn.Module()
            self.text_model.encoder.layers = nn.ModuleList([Layer() for _ in range(config["num_hidden_layers"])])
            self.text_model.final_layer_norm = nn.LayerNorm(hidden, eps=eps)

        def forward(self, input_ids):
            ids = input_ids.long()
            length = ids.shape[1]
            embeddings = self.text_model.embeddings
            h = embeddings.token_embedding(ids) + embeddings.position_embedding.weight[:length]
            causal = torch.full((length, length), torch.finfo(torch.float32).min).triu(1)
            for layer in self.text_model.encoder.layers:
                h = layer(h, causal)
            last = self.text_model.final_layer_norm(h)
            pooled = last[torch.arange(last.shape[0]), ids.argmax(dim=-1)]
            return last, pooled

    return Model()


def write_metadata(out, tokenizer_source, onnx_layout):
    tokenizer = os.path.join(out, "tokenizer")
    os.makedirs(tokenizer, exist_ok=True)
    for name in os.listdir(tokenizer_source):
        shutil.copy(os.path.join(tokenizer_source, name), os.path.join(tokenizer, name))
    os.makedirs(os.path.join(out, "scheduler"), exist_ok=True)
    with open(os.path.join(out, "scheduler", "scheduler_config.json"), "w") as f:
        json.dump(SCHEDULER_CONFIG, f)
    if onnx_layout:
        index = {"_class_name": "OnnxStableDiffusionPipeline", "text_encoder": ["diffusers", "OnnxRuntimeModel"],
                 "unet": ["diffusers", "OnnxRuntimeModel"], "vae_decoder": ["diffusers", "OnnxRuntimeModel"]}
    else:
        index = {"_class_name": "StableDiffusionPipeline", "text_encoder": ["transformers", "CLIPTextModel"],
                 "unet": ["diffusers", "UNet2DConditionModel"], "vae": ["diffusers", "AutoencoderKL"]}
    index.update({"_diffusers_version": "0.25.1", "tokenizer": ["transformers", "CLIPTokenizer"],
                  "scheduler": ["diffusers", "PNDMScheduler"]})
    with open(os.path.join(out, "model_index.json"), "w") as f:
        json.dump(index, f)


if __name__ == "__main__":
    main()
