#!/usr/bin/python3
"""A tiny SDXL as a single-file checkpoint in the original (SGM) key layout, the form A1111 and
ComfyUI users download, and diffusers' StableDiffusionXLPipeline pixels for it.

Why not make_reference.py's tiny SDXL itself: the original code hard-codes GroupNorm's 32 groups
(sgm's normalization()), and diffusers' single-file loader builds every UNet and VAE with 32 groups,
so a file whose model normalises over 4 groups is not one any loader reads correctly. This model is
make_reference.py's architecture (DownBlock2D then CrossAttnDownBlock2D, transformer depth 1 and 2,
linear projections, text_time conditioning) at widths that 32 groups allow, with text encoders of
64-channel heads (ViT-L's and bigG's head width, from which a single-file loader infers the head
count) and SDXL's addition_time_embed_dim of 256, which diffusers' converter hard-codes for SDXL.
The same weight gains as make_reference.py make each conditioning difference move the pixels.

Written next to this script:
  single/model.safetensors  F16; model.diffusion_model.* (input_blocks/middle_block/output_blocks,
                    label_emb.0.0/0.2 = add_embedding), conditioner.embedders.0.transformer.text_model.*
                    (CLIP ViT-L, transformers' names, int64 position_ids),
                    conditioner.embedders.1.model.* (OpenCLIP: stacked in_proj, text_projection [width, proj],
                    logit_scale), first_stage_model.* (VAE, attention as 1x1 convolutions)
  single/model.yaml  sd_xl_base.yaml's shape (network_config, num_head_channels, transformer_depth,
                    adm_in_channels, scale_factor 0.13025) at these widths
  single/tokenizer/ single/tokenizer_2/  (tokenizer_2 pads with "!")
  single/lora_kohya.safetensors   a kohya LoRA for it: lora_unet_ (diffusers module names, a 3x3 LoCon and
                    add_embedding), lora_te1_, lora_te2_, as make_checkpoint_reference.py makes them
  single/lora_kohya_sgm.safetensors  the same under sd-scripts' SGM names plus resnet, downsampler and
                    upsampler modules (make_checkpoint_reference.py's make_sgm_lora, checked there against
                    diffusers' own mapping back)
  single.json       per case of make_reference.py (all but the LCM-UNet ones): diffusers' pixels for the
                    model loaded back from the file; and "lora_kohya_<case>", "lora_kohya_sgm_<case>" for
                    the negative and prompt_2 cases with that LoRA merged at 1.0

The file is made with the inverse of diffusers' conversion, and diffusers' own convert_from_ckpt
functions (convert_ldm_unet_checkpoint, convert_ldm_vae_checkpoint, convert_ldm_clip_checkpoint, and
convert_open_clip_checkpoint called as download_from_original_stable_diffusion_ckpt calls it for SDXL:
prefix conditioner.embedders.1.model., has_projection, so every resblock is kept and text_projection
becomes text_projection.weight, transposed) must load it back to exactly the weights the pipeline
runs on (checked here). The pipeline's scheduler is the one that loader makes for SDXL (Euler,
leading spacing, steps_offset 1: make_reference.py's SCHEDULER_CONFIG).

Run as make_reference.py says (Debian's python3, DIFFUSERS_SRC=<diffusers v0.25.1>/src).
"""
import ast
import contextlib
import importlib.util
import json
import logging
import os
import re
import shutil
import types

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("sdxl_make_checkpoint_reference", os.path.join(HERE, "make_checkpoint_reference.py"))
ckpt = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ckpt)  # loads make_reference.py, which installs the stubs and diffusers' path
sdxl, checkpoints = ckpt.sdxl, ckpt.checkpoints

import torch  # noqa: E402
from diffusers.models.autoencoders.autoencoder_kl import AutoencoderKL  # noqa: E402
from diffusers.models.unet_2d_condition import UNet2DConditionModel  # noqa: E402

FOLDER = os.path.join(HERE, "single")
DTYPE = torch.float16
TIME_EMBED = 256
PROJECTION = 32
HEAD_CHANNELS = 16
CLIP_1 = dict(sdxl.CLIP_1, hidden_size=64, intermediate_size=128, num_attention_heads=1)
CLIP_2 = dict(sdxl.CLIP_2, hidden_size=64, intermediate_size=128, num_attention_heads=1)
UNET = dict(sdxl.UNET, block_out_channels=(32, 32), attention_head_dim=(32 // HEAD_CHANNELS, 32 // HEAD_CHANNELS), norm_num_groups=32,
            cross_attention_dim=CLIP_1["hidden_size"] + CLIP_2["hidden_size"], addition_time_embed_dim=TIME_EMBED,
            projection_class_embeddings_input_dim=6 * TIME_EMBED + PROJECTION)
VAE = dict(checkpoints.LDM_VAE, scaling_factor=0.13025, force_upcast=True)
YAML = """model:
  target: sgm.models.diffusion.DiffusionEngine
  params:
    scale_factor: 0.13025
    disable_first_stage_autocast: True
    network_config:
      target: sgm.modules.diffusionmodules.openaimodel.UNetModel
      params:
        adm_in_channels: %(adm)d
        num_classes: sequential
        use_checkpoint: True
        in_channels: 4
        out_channels: 4
        model_channels: 32
        attention_resolutions: [2]
        num_res_blocks: 1
        channel_mult: [1, 1]
        num_head_channels: %(head)d
        use_linear_in_transformer: True
        transformer_depth: [0, 2]
        context_dim: %(context)d
        spatial_transformer_attn_type: softmax-xformers
    conditioner_config:
      target: sgm.modules.GeneralConditioner
      params:
        emb_models:
          - is_trainable: False
            input_key: txt
            target: sgm.modules.encoders.modules.FrozenCLIPEmbedder
            params:
              layer: hidden
              layer_idx: 11
          - is_trainable: False
            input_key: txt
            target: sgm.modules.encoders.modules.FrozenOpenCLIPEmbedder2
            params:
              arch: ViT-bigG-14
              version: laion2b_s39b_b160k
              freeze: True
              layer: penultimate
              always_return_pooled: True
              legacy: False
    first_stage_config:
      target: sgm.models.autoencoder.AutoencoderKLInferenceWrapper
      params:
        embed_dim: 4
        ddconfig:
          z_channels: 4
          resolution: 16
          in_channels: 3
          out_ch: 3
          ch: 32
          ch_mult: [1, 1]
          num_res_blocks: 1
""" % dict(adm=6 * TIME_EMBED + PROJECTION, head=HEAD_CHANNELS, context=CLIP_1["hidden_size"] + CLIP_2["hidden_size"])
UNET_PREFIX, CLIP_PREFIX, OPEN_CLIP_PREFIX = "model.diffusion_model.", "conditioner.embedders.0.transformer.", "conditioner.embedders.1.model."
CASES = {name: case for name, case in sdxl.CASES.items() if case.get("model") != "lcm"}


def rounded(tensor):
    return tensor.to(DTYPE).to(torch.float32)


def build_models(generator):
    """Random weights as make_reference.py draws them (with its gains), rounded through F16 last, so the
    pipeline runs on exactly the weights on disk."""
    unet = UNet2DConditionModel(**UNET).eval()
    checkpoints.randomize(unet, generator, DTYPE)
    vae = AutoencoderKL(**VAE).eval()
    checkpoints.randomize(vae, generator, DTYPE)
    with torch.no_grad():
        for name, p in unet.named_parameters():
            gain = next((g for part, g in sdxl.GAINS.items() if part in name), 1.0)
            p.copy_(rounded(p * gain))
        vae.decoder.conv_out.weight.copy_(rounded(vae.decoder.conv_out.weight * sdxl.DECODER_GAIN))
    te1 = checkpoints.random_clip(CLIP_1, generator, DTYPE)
    te2 = checkpoints.random_clip(CLIP_2, generator, DTYPE)
    projection = rounded(torch.randn((PROJECTION, CLIP_2["hidden_size"]), generator=generator) / CLIP_2["hidden_size"] ** 0.5)
    return unet, vae, te1, te2, projection


def to_single_file(unet, vae, te1, te2, projection):
    """The inverse of diffusers' conversion: every component under its original key."""
    state = dict(unet.state_dict())
    label = {"model.diffusion_model.label_emb.0.%d.%s" % (0 if linear == "linear_1" else 2, kind): state.pop("add_embedding.%s.%s" % (linear, kind))
             for linear in ("linear_1", "linear_2") for kind in ("weight", "bias")}
    tensors = checkpoints.unet_to_ldm(state, UNET["layers_per_block"])
    tensors.update(label)
    tensors.update(checkpoints.vae_to_ldm(vae.state_dict()))
    tensors.update({CLIP_PREFIX + k: v for k, v in te1.items()})
    tensors.update({OPEN_CLIP_PREFIX + k: v for k, v in checkpoints.clip_to_open_clip(te2, CLIP_2["num_hidden_layers"]).items()})
    tensors[OPEN_CLIP_PREFIX + "text_projection"] = projection.t().contiguous()  # OpenCLIP multiplies x @ text_projection
    tensors[OPEN_CLIP_PREFIX + "logit_scale"] = torch.tensor(4.6052)
    return tensors


def diffusers_clip_converters():
    """convert_ldm_clip_checkpoint and convert_open_clip_checkpoint (with its key tables) from diffusers'
    convert_from_ckpt.py, without importing that module (its imports need transformers)."""
    path = os.path.join(checkpoints.sys.path[0], "diffusers", "pipelines", "stable_diffusion", "convert_from_ckpt.py")
    tree = ast.parse(open(path).read())
    tables = {"textenc_conversion_lst", "textenc_conversion_map", "textenc_transformer_conversion_lst", "protected", "textenc_pattern"}
    body = [n for n in tree.body if (isinstance(n, ast.FunctionDef) and n.name in ("convert_ldm_clip_checkpoint", "convert_open_clip_checkpoint"))
            or (isinstance(n, ast.Assign) and any(isinstance(t, ast.Name) and t.id in tables for t in n.targets))]
    bigg = types.SimpleNamespace(num_hidden_layers=CLIP_2["num_hidden_layers"])
    namespace = {"torch": torch, "re": re, "nullcontext": contextlib.nullcontext, "is_accelerate_available": lambda: False,
                 "logger": logging.getLogger("convert_from_ckpt"),
                 "CLIPTextConfig": types.SimpleNamespace(from_pretrained=lambda *a, **k: bigg),
                 "CLIPTextModel": checkpoints._StateDictOnly, "CLIPTextModelWithProjection": checkpoints._StateDictOnly}
    exec(compile(ast.Module(body=body, type_ignores=[]), path, "exec"), namespace)

    def clip(checkpoint):
        return namespace["convert_ldm_clip_checkpoint"](checkpoint, text_encoder=checkpoints._StateDictOnly(None)).loaded

    def open_clip(checkpoint):  # as download_from_original_stable_diffusion_ckpt calls it for SDXL (v0.25.1)
        return namespace["convert_open_clip_checkpoint"](checkpoint, "laion/CLIP-ViT-bigG-14-laion2B-39B-b160k", prefix=OPEN_CLIP_PREFIX,
                                                         has_projection=True, projection_dim=PROJECTION).loaded
    return clip, open_clip


def load_back(path):
    """The file read back through diffusers' own converters."""
    checkpoint = sdxl.read_safetensors(path)
    convert_unet, convert_vae = checkpoints.diffusers_converters()
    convert_clip, convert_open_clip = diffusers_clip_converters()
    config = dict(UNET, class_embed_type=None)
    unet = convert_unet(dict(checkpoint), config)
    vae = convert_vae(dict(checkpoint), dict(VAE))
    te1 = convert_clip(dict(checkpoint))
    te2 = convert_open_clip(dict(checkpoint))
    return unet, vae, te1, te2


def check_round_trip(originals, back):
    unet, vae, te1, te2, projection = originals
    te2 = dict(te2, **{"text_projection.weight": projection})
    for name, original, loaded in (("unet", unet.state_dict(), back[0]), ("vae", vae.state_dict(), back[1]), ("te1", te1, back[2]), ("te2", te2, back[3])):
        loaded = {k: v for k, v in loaded.items() if k != "text_model.embeddings.position_ids"}
        original = {k: v for k, v in original.items() if k != "text_model.embeddings.position_ids"}
        assert set(original) == set(loaded), (name, sorted(set(original) ^ set(loaded)))
        for key in original:
            assert torch.equal(original[key], loaded[key].reshape(original[key].shape)), (name, key)
        print("  %s: %d tensors loaded back exactly by diffusers' converter" % (name, len(original)))


def assemble(unet_state, vae_state, te1, te2):
    unet = UNet2DConditionModel(**UNET).eval()
    unet.load_state_dict(unet_state)
    vae = AutoencoderKL(**VAE).eval()
    vae.load_state_dict(vae_state)
    te1 = {k: v for k, v in te1.items() if k != "text_model.embeddings.position_ids"}
    te2 = {k: v for k, v in te2.items() if k != "text_model.embeddings.position_ids"}
    projection = te2.pop("text_projection.weight")
    return unet, vae, sdxl.ClipText(CLIP_1, te1).eval(), sdxl.ClipText(CLIP_2, te2, projection).eval(), None


def main():
    torch.manual_seed(0)
    originals = build_models(torch.Generator().manual_seed(2024))
    tensors = to_single_file(*originals)
    shutil.rmtree(FOLDER, ignore_errors=True)
    os.makedirs(FOLDER)
    path = os.path.join(FOLDER, "model.safetensors")
    checkpoints.write_safetensors(path, tensors, DTYPE, extra={CLIP_PREFIX + "text_model.embeddings.position_ids": torch.arange(77)[None]})
    with open(os.path.join(FOLDER, "model.yaml"), "w") as f:
        f.write(YAML)
    sdxl.byte_tokenizer_files(os.path.join(FOLDER, "tokenizer"), "<|endoftext|>")
    sdxl.byte_tokenizer_files(os.path.join(FOLDER, "tokenizer_2"), sdxl.PAD_2)

    back = load_back(path)
    check_round_trip(originals, back)
    models = assemble(*back)
    init = sdxl.init_image()
    results = {}
    for name, case in CASES.items():
        results[name] = sdxl.run(models, name, case, init)
    for a, b in (("absent_negative", "empty_negative"), ("negative", "prompt_2"), ("negative", "absent_negative")):
        moved = max(abs(x - y) for x, y in zip(results[a]["rgb"][0], results[b]["rgb"][0]))
        print("  max |%s - %s| = %d/255" % (a, b, moved))
        assert moved > 2, "the cases must tell %s and %s apart" % (a, b)

    weights = {"unet": dict(models[0].state_dict()), "te1": models[2].weights(), "te2": models[3].weights()}
    kohya, kohya_deltas, _, _ = ckpt.make_loras(weights, torch.Generator().manual_seed(1313))
    checkpoints.write_safetensors(os.path.join(FOLDER, "lora_kohya.safetensors"), kohya)
    # The same modules and resnet/sampler ones under sd-scripts' SGM names: how SDXL LoRAs for single files come.
    sgm, sgm_deltas = ckpt.make_sgm_lora(kohya, kohya_deltas, weights, torch.Generator().manual_seed(1515))
    checkpoints.write_safetensors(os.path.join(FOLDER, "lora_kohya_sgm.safetensors"), sgm)
    for lora, deltas in (("kohya", kohya_deltas), ("kohya_sgm", sgm_deltas)):
        styled_weights = ckpt.merged(weights, deltas, 1.0)
        unet = UNet2DConditionModel(**UNET).eval()
        unet.load_state_dict(styled_weights["unet"])
        styled = (unet, models[1], sdxl.ClipText(CLIP_1, styled_weights["te1"]).eval(),
                  sdxl.ClipText(CLIP_2, styled_weights["te2"], models[3].projection.detach()).eval(), None)
        for name in ckpt.LORA_CASES:
            result = sdxl.run(styled, name, CASES[name], init)
            moved = max(abs(a - b) for a, b in zip(result["rgb"][0], results[name]["rgb"][0]))
            print("  %s 1.0 %s: max |lora - base| = %d/255" % (lora, name, moved))
            results["lora_%s_%s" % (lora, name)] = dict(result, case=name, lora=lora, scale=1.0)
    with open(os.path.join(HERE, "single.json"), "w") as f:
        json.dump(results, f, separators=(",", ":"))
        f.write("\n")
    print("model.safetensors: %d tensors, %d bytes" % (len(tensors) + 1, os.path.getsize(path)))


if __name__ == "__main__":
    main()
