#!/usr/bin/env python3
"""Writes an SD 1.5-sized Stable Diffusion ONNX export with random weights (fp32), for the pipeline
benchmark and benchmarks/gpu/check.sh: no download, nothing in the repo.

It follows diffusers' converter recipe (scripts/convert_stable_diffusion_checkpoint_to_onnx.py):
UNet2DConditionModel and AutoencoderKL from SD 1.5's configs (random weights: torch.manual_seed),
torch.onnx.export at opset 14 with the converter's input/output names and dynamic axes, the UNet's
weights collected into one external file (weights.pb). CLIPTextModel lives in `transformers`, which
is not installed here, so the text encoder is a stand-in of CLIP ViT-L/14's text tower's size and
I/O (12 pre-LN layers, width 768, causal mask; input_ids int32 [batch,77] -> last_hidden_state
[batch,77,768]): same cost, not the same architecture. The tokenizer is taken from builtin:tiny's
folder (pass --tokenizer), whose ids fit CLIP's 49408-entry vocabulary.

Usage: /usr/bin/python3 make_sd15_random.py OUT_DIR --diffusers-src DIR --tokenizer TOKENIZER_DIR [--seed 0]
  DIR is diffusers' src/ folder (v0.25.x runs on torch 1.13), kept outside the repo.
"""
import argparse
import json
import os
import shutil
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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--diffusers-src", required=True)
    parser.add_argument("--tokenizer", required=True, help="a CLIP tokenizer folder (vocab.json, merges.txt)")
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
        print(f"wrote {sub}", flush=True)

    if "text_encoder" in parts:
        encoder = ClipShapedTextEncoder(torch).eval()
        export(encoder, (torch.zeros(1, 77, dtype=torch.int32),), "text_encoder", ["input_ids"],
               ["last_hidden_state", "pooler_output"], {"input_ids": {0: "batch"}})
    if "unet" in parts:
        unet = UNet2DConditionModel(**UNET_CONFIG).eval()
        # Traced at a 16x16 latent (128x128 pixels), not the converter's 64x64: the same graph with
        # dynamic height/width, at a sixteenth of the tracing compute.
        export(unet, (torch.randn(2, 4, 16, 16), torch.tensor([1.0, 1.0]), torch.randn(2, 77, 768), False), "unet",
               ["sample", "timestep", "encoder_hidden_states", "return_dict"], ["out_sample"],
               {"sample": {0: "batch", 2: "height", 3: "width"}, "timestep": {0: "batch"},
                "encoder_hidden_states": {0: "batch", 1: "sequence"}}, external=True)
        del unet
    if "vae_decoder" in parts:
        vae = AutoencoderKL(**VAE_CONFIG).eval()
        vae.forward = lambda latent_sample, return_dict: vae.decode(latent_sample, return_dict)[0]
        export(vae, (torch.randn(1, 4, 16, 16), False), "vae_decoder", ["latent_sample", "return_dict"], ["sample"],
               {"latent_sample": {0: "batch", 1: "channels", 2: "height", 3: "width"}})
    write_metadata(out, args.tokenizer)


def ClipShapedTextEncoder(torch):
    nn = torch.nn

    class Encoder(nn.Module):
        # CLIP ViT-L/14's text tower sizes: 12 pre-LN layers, width 768, 12 heads, causal mask.
        def __init__(self):
            super().__init__()
            self.token = nn.Embedding(49408, 768)
            self.position = nn.Parameter(torch.randn(77, 768) * 0.01)
            layer = nn.TransformerEncoderLayer(768, 12, 3072, dropout=0.0, activation="gelu", batch_first=True, norm_first=True)
            self.layers = nn.TransformerEncoder(layer, 12)
            self.norm = nn.LayerNorm(768)
            self.register_buffer("mask", torch.triu(torch.full((77, 77), float("-inf")), 1))

        def forward(self, input_ids):
            x = self.token(input_ids.long()) + self.position
            x = self.norm(self.layers(x, mask=self.mask))
            return x, x[:, -1]

    return Encoder()


def write_metadata(out, tokenizer_source):
    tokenizer = os.path.join(out, "tokenizer")
    os.makedirs(tokenizer, exist_ok=True)
    for name in os.listdir(tokenizer_source):
        shutil.copy(os.path.join(tokenizer_source, name), os.path.join(tokenizer, name))
    os.makedirs(os.path.join(out, "scheduler"), exist_ok=True)
    with open(os.path.join(out, "scheduler", "scheduler_config.json"), "w") as f:
        json.dump({"_class_name": "PNDMScheduler", "beta_start": 0.00085, "beta_end": 0.012,
                   "beta_schedule": "scaled_linear", "num_train_timesteps": 1000, "set_alpha_to_one": False,
                   "skip_prk_steps": True, "steps_offset": 1, "prediction_type": "epsilon"}, f)
    with open(os.path.join(out, "model_index.json"), "w") as f:
        json.dump({"_class_name": "OnnxStableDiffusionPipeline", "_diffusers_version": "0.25.1",
                   "text_encoder": ["diffusers", "OnnxRuntimeModel"], "unet": ["diffusers", "OnnxRuntimeModel"],
                   "vae_decoder": ["diffusers", "OnnxRuntimeModel"], "tokenizer": ["transformers", "CLIPTokenizer"],
                   "scheduler": ["diffusers", "PNDMScheduler"]}, f)


if __name__ == "__main__":
    main()
