#!/usr/bin/python3
"""The tiny SDXL of make_reference.py as a diffusers-format folder of safetensors (what AssetForge's
graph builders compile), SDXL LoRAs for it, and an LCM-LoRA case on the SD 1.x-shaped checkpoint.

make_reference.py builds the tiny SDXL (random weights, the real architecture) and exports it to
ONNX; its pipeline.json holds diffusers' StableDiffusionXLPipeline pixels for it. This script builds
the same models (same seeds) and writes, next to itself:
  diffusers/        model_index.json (StableDiffusionXLPipeline), unet/ vae/ (config.json +
                    diffusion_pytorch_model.safetensors), text_encoder/ (CLIPTextModel) and
                    text_encoder_2/ (CLIPTextModelWithProjection: text_projection.weight, no bias)
                    with config.json + model.safetensors, tokenizer/ tokenizer_2/, scheduler/.
                    Every case of pipeline.json is run again through diffusers' pipelines on models
                    loaded back from these files (and lcm-unet/) and must give pipeline.json's pixels
                    (within 1/255: turbo_4_steps differs by 1 in one value, rounding, the rest exactly).
  lcm-unet/         the LCM-distilled UNet of make_reference.py's lcm/ export (time_cond_proj_dim: it takes
                    timestep_cond) as config.json + diffusion_pytorch_model.safetensors: with diffusers/'s
                    other components and lcm/'s scheduler it is an LCM-SDXL diffusers folder, whose
                    pixels are pipeline.json's lcm cases (the tests assemble it)
  lora/kohya.safetensors   kohya-ss keys: lora_unet_<diffusers module with _>, lora_te1_, lora_te2_,
                    .lora_down/.lora_up/.alpha, including a 3x3 conv (LoCon) and add_embedding
  lora/peft.safetensors    diffusers/PEFT keys: unet., text_encoder., text_encoder_2. with lora_A/lora_B
  lora/kohya_sgm.safetensors  kohya.safetensors' UNet (but add_embedding) and text encoder modules, and
                    resnet, downsampler and upsampler modules (SGM_EXTRA_TARGETS), under the names kohya-ss'
                    sd-scripts gives SDXL LoRAs, after the original blocks (lora_unet_input_blocks_3_1_...,
                    input_blocks_1_0_in_layers_2, _emb_layers_1, _out_layers_3, _skip_connection,
                    input_blocks_2_0_op, middle_block_0/1/2, output_blocks_N_0_..., output_blocks_1_2_conv);
                    diffusers' own _maybe_map_sgm_blocks_to_diffusers and _convert_kohya_lora_to_diffusers must
                    map them back to the diffusers modules they were made for (checked here)
  lcm_lora.safetensors     an ordinary kohya LoRA (UNet only, as LCM-LoRAs are) for
                    tests/reference/checkpoints/sd1
  lcm_lora_sdxl.safetensors  the same kind of LoRA for the tiny SDXL (diffusers/): attention, resnet and
                    conv_out modules under kohya's diffusers-path names
  checkpoint.json   sdxl_lora: per LoRA and scale (kohya and peft at 1.0 and 0.5, kohya_sgm at 1.0) diffusers'
                    StableDiffusionXLPipeline pixels for pipeline.json's "negative" and "prompt_2"
                    cases with the LoRA merged; lcm_lora: StableDiffusionPipeline with LCMScheduler
                    (4 steps, cfg 1) on sd1 with lcm_lora.safetensors merged at 1.0, and without it;
                    lcm_lora_sdxl: StableDiffusionXLPipeline with LCMScheduler made from the model's own
                    scheduler config (LCMScheduler.from_config(pipe.scheduler.config), as LCM-LoRA's users do;
                    original_inference_steps 40), 4 steps, cfg 1 (the SDXL pipeline then runs one UNet branch:
                    do_classifier_free_guidance needs cfg > 1, and an ordinary UNet gets no timestep_cond),
                    with lcm_lora_sdxl.safetensors merged at 1.0, and without it.

The merge: diffusers' load_lora_weights needs peft, which is not installed here (and does not run on
torch 1.13), so the LoRAs are merged in this script the way diffusers' fuse_lora does it,
W + scale * (alpha / rank) * up @ down (over the flattened input axes for convolutions; alpha = rank
for PEFT files without alpha), on the modules each key was generated for; never by parsing key names.

Run as make_reference.py says (Debian's python3, DIFFUSERS_SRC=<diffusers v0.25.1>/src).
"""
import contextlib
import importlib.util
import json
import os
import shutil
import sys
import types

HERE = os.path.dirname(os.path.abspath(__file__))
# Loaded under another name: it imports tests/reference/checkpoints/make_reference.py as make_reference.
_spec = importlib.util.spec_from_file_location("sdxl_make_reference", os.path.join(HERE, "make_reference.py"))
sdxl = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sdxl)  # installs the stubs and diffusers' path

checkpoints = sdxl.checkpoints
import torch  # noqa: E402
from diffusers.models.autoencoders.autoencoder_kl import AutoencoderKL  # noqa: E402
from diffusers.models.unet_2d_condition import UNet2DConditionModel  # noqa: E402
from diffusers.pipelines.stable_diffusion.pipeline_stable_diffusion import StableDiffusionPipeline  # noqa: E402
from diffusers.schedulers import LCMScheduler  # noqa: E402

FOLDER = os.path.join(HERE, "diffusers")
LCM_UNET_FOLDER = os.path.join(HERE, "lcm-unet")
# Large enough that each LoRA, and each scale, moves the tiny model's pixels by many levels.
LORA_SIZE = 1.0
LCM_LORA_SIZE = 1.5
KOHYA_TARGETS = [  # (component, diffusers module, 3x3 conv); te1's penultimate state is its layer 0's output
    ("unet", "down_blocks.1.attentions.0.transformer_blocks.1.attn1.to_q", False),
    ("unet", "mid_block.attentions.0.transformer_blocks.0.attn2.to_k", False),
    ("unet", "up_blocks.0.attentions.1.proj_in", False),
    ("unet", "add_embedding.linear_1", False),
    ("unet", "down_blocks.0.resnets.0.conv1", True),
    ("te1", "text_model.encoder.layers.0.self_attn.q_proj", False),
    ("te2", "text_model.encoder.layers.1.mlp.fc1", False),
    ("te2", "text_model.encoder.layers.2.self_attn.v_proj", False),  # reaches only the pooled text_embeds
]
PEFT_TARGETS = [
    ("unet", "down_blocks.1.attentions.0.transformer_blocks.0.attn2.to_v"),
    ("unet", "up_blocks.0.attentions.0.transformer_blocks.1.ff.net.2"),
    ("te1", "text_model.encoder.layers.0.self_attn.k_proj"),
    ("te2", "text_model.encoder.layers.0.self_attn.out_proj"),
]
KOHYA_PREFIX = {"unet": "lora_unet_", "te1": "lora_te1_", "te2": "lora_te2_"}
PEFT_PREFIX = {"unet": "unet.", "te1": "text_encoder.", "te2": "text_encoder_2."}
LORA_CASES = ["negative", "prompt_2"]
LCM_LORA_TARGETS = ["down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q", "down_blocks.0.attentions.0.proj_in",
                    "up_blocks.1.attentions.0.transformer_blocks.0.attn2.to_out.0", "mid_block.attentions.0.transformer_blocks.0.ff.net.0.proj",
                    "up_blocks.1.resnets.1.conv2", "conv_out"]
# LCM with original_inference_steps 40: diffusers v0.25.1 and later versions (AssetForge's lcm) space
# 4 of 40 the same way (999, 749, 499, 249); the case's spec passes it as a scheduler option.
LCM_LORA_CASE = dict(prompt="red potion", guidance_scale=1.0, steps=4, seeds=[21], width=16, height=16,
                     scheduler="lcm", scheduler_options={"original_inference_steps": 40})


def write_clip(folder, config, weights, projection=None):
    os.makedirs(folder, exist_ok=True)
    full = dict(config, architectures=["CLIPTextModel" if projection is None else "CLIPTextModelWithProjection"],
                model_type="clip_text_model", torch_dtype="float32", bos_token_id=checkpoints.START_ID,
                eos_token_id=checkpoints.END_ID, pad_token_id=1)
    tensors = dict(weights)
    if projection is not None:
        full["projection_dim"] = projection.shape[0]
        tensors["text_projection.weight"] = projection
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(full, f, indent=2, sort_keys=True)
    checkpoints.write_safetensors(os.path.join(folder, "model.safetensors"), tensors)


def save_folder(models):
    unet, vae, text_encoder, text_encoder_2, lcm_unet = models
    shutil.rmtree(FOLDER, ignore_errors=True)
    shutil.rmtree(LCM_UNET_FOLDER, ignore_errors=True)
    checkpoints.save_component(LCM_UNET_FOLDER, lcm_unet, torch.float32)
    checkpoints.save_component(os.path.join(FOLDER, "unet"), unet, torch.float32)
    checkpoints.save_component(os.path.join(FOLDER, "vae"), vae, torch.float32)
    write_clip(os.path.join(FOLDER, "text_encoder"), sdxl.CLIP_1, text_encoder.weights())
    write_clip(os.path.join(FOLDER, "text_encoder_2"), sdxl.CLIP_2, text_encoder_2.weights(), text_encoder_2.projection.detach())
    sdxl.byte_tokenizer_files(os.path.join(FOLDER, "tokenizer"), "<|endoftext|>")
    sdxl.byte_tokenizer_files(os.path.join(FOLDER, "tokenizer_2"), sdxl.PAD_2)
    os.makedirs(os.path.join(FOLDER, "scheduler"))
    with open(os.path.join(FOLDER, "scheduler", "scheduler_config.json"), "w") as f:
        json.dump(sdxl.SCHEDULER_CONFIG, f, indent=2, sort_keys=True)
    with open(os.path.join(FOLDER, "model_index.json"), "w") as f:
        json.dump({"_class_name": "StableDiffusionXLPipeline", "_diffusers_version": "0.25.1", "force_zeros_for_empty_prompt": True,
                   "scheduler": ["diffusers", "EulerDiscreteScheduler"], "text_encoder": ["transformers", "CLIPTextModel"],
                   "text_encoder_2": ["transformers", "CLIPTextModelWithProjection"], "tokenizer": ["transformers", "CLIPTokenizer"],
                   "tokenizer_2": ["transformers", "CLIPTokenizer"], "unet": ["diffusers", "UNet2DConditionModel"],
                   "vae": ["diffusers", "AutoencoderKL"]}, f, indent=2, sort_keys=True)


def load_folder():
    """The folder's files loaded back into diffusers' classes and the text encoder stand-ins."""
    unet = UNet2DConditionModel(**sdxl.UNET).eval()
    unet.load_state_dict(sdxl.read_safetensors(os.path.join(FOLDER, "unet", "diffusion_pytorch_model.safetensors")))
    vae = AutoencoderKL(**sdxl.VAE).eval()
    vae.load_state_dict(sdxl.read_safetensors(os.path.join(FOLDER, "vae", "diffusion_pytorch_model.safetensors")))
    te1 = sdxl.read_safetensors(os.path.join(FOLDER, "text_encoder", "model.safetensors"))
    te2 = sdxl.read_safetensors(os.path.join(FOLDER, "text_encoder_2", "model.safetensors"))
    projection = te2.pop("text_projection.weight")
    return {"unet": dict(unet.state_dict()), "te1": te1, "te2": te2}, projection, vae


def assemble(weights, projection, vae):
    unet = UNet2DConditionModel(**sdxl.UNET).eval()
    unet.load_state_dict(weights["unet"])
    text_encoder = sdxl.ClipText(sdxl.CLIP_1, weights["te1"]).eval()
    text_encoder_2 = sdxl.ClipText(sdxl.CLIP_2, weights["te2"], projection).eval()
    return unet, vae, text_encoder, text_encoder_2, None


def lora_pair(w, rank, conv, generator, size=LORA_SIZE):
    if conv:
        down = torch.randn((rank, w.shape[1], 3, 3), generator=generator) * size
        up = torch.randn((w.shape[0], rank, 1, 1), generator=generator) * size
    else:
        down = torch.randn((rank, w.shape[1]), generator=generator) * size
        up = torch.randn((w.shape[0], rank), generator=generator) * size
    return down, up


def make_loras(weights, generator):
    """kohya (rank 2, alpha 1) and PEFT (rank 3, no alpha) files, and each one's W deltas at scale 1."""
    kohya, kohya_deltas = {}, {}
    for component, module, conv in KOHYA_TARGETS:
        w = weights[component][module + ".weight"]
        rank, alpha = 2, 1.0
        down, up = lora_pair(w, rank, conv, generator)
        name = KOHYA_PREFIX[component] + module.replace(".", "_")
        kohya[name + ".lora_down.weight"], kohya[name + ".lora_up.weight"], kohya[name + ".alpha"] = down, up, torch.tensor(alpha)
        kohya_deltas[(component, module + ".weight")] = (alpha / rank) * checkpoints.lora_delta(up, down).reshape(w.shape)
    peft, peft_deltas = {}, {}
    for component, module in PEFT_TARGETS:
        w = weights[component][module + ".weight"]
        down, up = lora_pair(w, 3, False, generator)
        peft[PEFT_PREFIX[component] + module + ".lora_A.weight"], peft[PEFT_PREFIX[component] + module + ".lora_B.weight"] = down, up
        peft_deltas[(component, module + ".weight")] = checkpoints.lora_delta(up, down).reshape(w.shape)
    return kohya, kohya_deltas, peft, peft_deltas


# Resnet, downsampler and upsampler modules only kohya_sgm.safetensors has (3x3 convolutions as LoCon,
# 1x1 shortcuts, time embedding linears), so kohya.safetensors and its pixels stay as they were.
SGM_EXTRA_TARGETS = [  # (diffusers module, 3x3 conv)
    ("down_blocks.0.resnets.0.time_emb_proj", False),
    ("down_blocks.1.resnets.0.conv2", True),
    ("down_blocks.1.resnets.0.conv_shortcut", False),
    ("down_blocks.0.downsamplers.0.conv", True),
    ("mid_block.resnets.0.conv1", True),
    ("mid_block.resnets.1.time_emb_proj", False),
    ("up_blocks.0.resnets.1.conv1", True),
    ("up_blocks.0.resnets.0.conv_shortcut", False),
    ("up_blocks.0.upsamplers.0.conv", True),
]
RESNET_TO_SGM = [("conv1", "in_layers.2"), ("conv2", "out_layers.3"), ("time_emb_proj", "emb_layers.1"), ("conv_shortcut", "skip_connection")]


def sgm_name(module, layers, up_attends):
    """The original block path of a diffusers UNet module, as sd-scripts names SDXL LoRAs: transformer
    modules keep their inner names, resnets take the original's (in_layers.2 ...), a down level's
    downsampler is its last input block's op, an up level's upsampler the conv after its last
    resnet (slot 2 after an attention, else 1)."""
    parts = module.split(".")
    if parts[0] == "mid_block":
        block = {"resnets.0": 0, "attentions.0": 1, "resnets.1": 2}[parts[1] + "." + parts[2]]
        rest = ".".join(parts[3:])
        return "middle_block.%d.%s" % (block, dict(RESNET_TO_SGM).get(rest, rest) if parts[1] == "resnets" else rest)
    level, kind, layer, rest = int(parts[1]), parts[2], int(parts[3]), ".".join(parts[4:])
    down = parts[0] == "down_blocks"
    if kind in ("downsamplers", "upsamplers"):
        block = (1 if down else 0) + level * (layers + 1) + layers
        return "input_blocks.%d.0.op" % block if down else "output_blocks.%d.%d.conv" % (block, 2 if up_attends(level) else 1)
    block = (1 if down else 0) + level * (layers + 1) + layer
    if kind == "resnets":
        return "%s.%d.0.%s" % ("input_blocks" if down else "output_blocks", block, dict(RESNET_TO_SGM)[rest])
    assert kind == "attentions", module
    return "%s.%d.1.%s" % ("input_blocks" if down else "output_blocks", block, rest)


def make_sgm_lora(kohya, kohya_deltas, weights, generator):
    """kohya.safetensors' UNet modules (but add_embedding, which has no block) and SGM_EXTRA_TARGETS under
    sd-scripts' SDXL names (text encoders unchanged), checked against diffusers' own mapping back:
    _maybe_map_sgm_blocks_to_diffusers, then _convert_kohya_lora_to_diffusers."""
    from diffusers.loaders.lora_conversion_utils import _convert_kohya_lora_to_diffusers, _maybe_map_sgm_blocks_to_diffusers
    layers = sdxl.UNET["layers_per_block"]
    up_attends = lambda level: ("up_blocks.%d.attentions.0.norm.weight" % level) in weights["unet"]  # noqa: E731
    sgm, deltas = {}, {}
    kohya, kohya_deltas = dict(kohya), dict(kohya_deltas)  # the extra modules join only the SGM file
    targets = [(c, m) for c, m, _ in KOHYA_TARGETS if not m.startswith("add_embedding")]
    for module, conv in SGM_EXTRA_TARGETS:
        if module + ".weight" not in weights["unet"]:  # a model of other widths may lack a shortcut
            continue
        w = weights["unet"][module + ".weight"]
        rank, alpha = 2, 1.0
        down, up = lora_pair(w, rank, conv, generator)
        if w.dim() == 4 and not conv:  # a 1x1 convolution: kohya stores its pair as 1x1 kernels too
            down, up = down[:, :, None, None], up[:, :, None, None]
        name = "lora_unet_" + module.replace(".", "_")
        kohya[name + ".lora_down.weight"], kohya[name + ".lora_up.weight"], kohya[name + ".alpha"] = down, up, torch.tensor(alpha)
        kohya_deltas[("unet", module + ".weight")] = (alpha / rank) * checkpoints.lora_delta(up, down).reshape(w.shape)
        targets.append(("unet", module))
    for component, module in targets:
        name = KOHYA_PREFIX[component] + module.replace(".", "_")
        renamed = name if component != "unet" else "lora_unet_" + sgm_name(module, layers, up_attends).replace(".", "_")
        for suffix in (".lora_down.weight", ".lora_up.weight", ".alpha"):
            sgm[renamed + suffix] = kohya[name + suffix]
        deltas[(component, module + ".weight")] = kohya_deltas[(component, module + ".weight")]
    back = _maybe_map_sgm_blocks_to_diffusers(dict(sgm), types.SimpleNamespace(layers_per_block=layers))
    converted, _ = _convert_kohya_lora_to_diffusers(dict(back))
    # diffusers' attention names gain .processor and to_q_lora; its other UNet modules keep theirs, plus .lora.down.weight.
    unet_back = {k[len("unet."):-len(".lora.down.weight")] for k in converted
                 if k.startswith("unet.") and k.endswith(".lora.down.weight") and ".attentions." not in k}
    plain = {module for component, module in targets if component == "unet" and ".attentions." not in module}
    assert unet_back == plain, sorted(unet_back ^ plain)
    attention_back = set()
    for key in back:
        if key.startswith("lora_unet_") and key.endswith(".lora_down.weight") and "_attentions_" in key:
            for old, new in (("input_blocks", "down_blocks"), ("middle_block", "mid_block"), ("output_blocks", "up_blocks")):
                key = key.replace(old, new)
            attention_back.add(key[:-len(".lora_down.weight")])
    attention_plain = {"lora_unet_" + m.replace(".", "_") for c, m in targets if c == "unet" and ".attentions." in m}
    assert attention_back == attention_plain, sorted(attention_back ^ attention_plain)
    for prefix in ("input_blocks", "middle_block", "output_blocks"):
        assert any(k.startswith("lora_unet_" + prefix) for k in sgm), prefix
    for part in ("_in_layers_2", "_out_layers_3", "_emb_layers_1", "_skip_connection", "_0_op", "_2_conv", "middle_block_0_", "middle_block_2_"):
        assert any(part in k for k in sgm), part
    return sgm, deltas


def merged(weights, deltas, scale):
    out = {c: dict(w) for c, w in weights.items()}
    for (component, name), delta in deltas.items():
        out[component][name] = out[component][name] + scale * delta
    return out


def sdxl_references(models):
    with open(os.path.join(HERE, "pipeline.json")) as f:
        expected = json.load(f)
    weights, projection, vae = load_folder()
    init = sdxl.init_image()
    loaded = assemble(weights, projection, vae)
    for name, case in sdxl.CASES.items():
        if case.get("model") == "lcm":
            lcm_unet = UNet2DConditionModel(**sdxl.LCM_UNET).eval()
            lcm_unet.load_state_dict(sdxl.read_safetensors(os.path.join(LCM_UNET_FOLDER, "diffusion_pytorch_model.safetensors")))
            result = sdxl.run(loaded[:4] + (lcm_unet,), name, case, init)
        else:
            result = sdxl.run(loaded, name, case, init)
        worst = max(abs(a - b) for r, e in zip(result["rgb"], expected[name]["rgb"]) for a, b in zip(r, e))
        print("  %s: max |folder - pipeline.json| = %d/255" % (name, worst))
        assert worst <= 1, name + ": the folder's weights do not give pipeline.json's pixels"

    kohya, kohya_deltas, peft, peft_deltas = make_loras(weights, torch.Generator().manual_seed(1212))
    os.makedirs(os.path.join(HERE, "lora"), exist_ok=True)
    checkpoints.write_safetensors(os.path.join(HERE, "lora", "kohya.safetensors"), kohya)
    checkpoints.write_safetensors(os.path.join(HERE, "lora", "peft.safetensors"), peft)
    sgm, sgm_deltas = make_sgm_lora(kohya, kohya_deltas, weights, torch.Generator().manual_seed(1414))
    checkpoints.write_safetensors(os.path.join(HERE, "lora", "kohya_sgm.safetensors"), sgm)
    results = {}
    for file, deltas, scales in (("kohya", kohya_deltas, (1.0, 0.5)), ("peft", peft_deltas, (1.0, 0.5)), ("kohya_sgm", sgm_deltas, (1.0,))):
        for scale in scales:
            styled = assemble(merged(weights, deltas, scale), projection, vae)
            for name in LORA_CASES:
                result = sdxl.run(styled, name, sdxl.CASES[name], init)
                base = expected[name]["rgb"][0]
                moved = max(abs(a - b) for a, b in zip(result["rgb"][0], base))
                print("  %s %.1f %s: max |lora - base| = %d/255" % (file, scale, name, moved))
                results["%s_%.1f_%s" % (file, scale, name)] = dict(case=name, lora=file, scale=scale, rgb=result["rgb"], timesteps=result["timesteps"])
    return results


def lcm_lora_reference():
    """StableDiffusionPipeline with LCMScheduler on sd1 with an ordinary LoRA merged (an LCM-LoRA's use)."""
    root = os.path.join(HERE, "..", "checkpoints", "sd1")
    state = sdxl.read_safetensors(os.path.join(root, "unet", "diffusion_pytorch_model.safetensors"))
    vae = AutoencoderKL(**checkpoints.VAE).eval()
    vae.load_state_dict(sdxl.read_safetensors(os.path.join(root, "vae", "diffusion_pytorch_model.safetensors")))
    text_encoder = sdxl.ClipText(checkpoints.CLIPS["sd1"], sdxl.read_safetensors(os.path.join(root, "text_encoder", "model.safetensors"))).eval()
    with open(os.path.join(root, "scheduler", "scheduler_config.json")) as f:
        config = json.load(f)

    generator = torch.Generator().manual_seed(4040)
    lora, styled_state = {}, dict(state)
    for module in LCM_LORA_TARGETS:
        w = state[module + ".weight"]
        rank, alpha = 4, 2.0
        down, up = lora_pair(w, rank, w.dim() == 4 and w.shape[-1] == 3, generator, LCM_LORA_SIZE)
        if w.dim() == 4 and w.shape[-1] == 1:
            down, up = down[:, :, None, None], up[:, :, None, None]
        name = "lora_unet_" + module.replace(".", "_")
        lora[name + ".lora_down.weight"], lora[name + ".lora_up.weight"], lora[name + ".alpha"] = down, up, torch.tensor(alpha)
        styled_state[module + ".weight"] = w + (alpha / rank) * checkpoints.lora_delta(up, down).reshape(w.shape)
    checkpoints.write_safetensors(os.path.join(HERE, "lcm_lora.safetensors"), lora)

    case, results = LCM_LORA_CASE, {}
    for name, unet_state in (("lcm_lora_4_steps", styled_state), ("lcm_no_lora_4_steps", state)):
        unet = UNet2DConditionModel(**checkpoints.UNETS["sd1"]).eval()
        unet.load_state_dict(unet_state)
        scheduler = LCMScheduler.from_config(config, **case["scheduler_options"])
        pipe = StableDiffusionPipeline(vae=vae, text_encoder=text_encoder, tokenizer=sdxl.ByteTokenizer("<|endoftext|>"), unet=unet,
                                       scheduler=scheduler, safety_checker=None, feature_extractor=None, requires_safety_checker=False)
        pipe.progress_bar = lambda **kwargs: contextlib.nullcontext(types.SimpleNamespace(update=lambda: None))
        with torch.no_grad():
            images = pipe(case["prompt"], height=case["height"], width=case["width"], num_inference_steps=case["steps"],
                          guidance_scale=case["guidance_scale"], output_type="pt",
                          generator=[torch.Generator().manual_seed(s) for s in case["seeds"]]).images
        pixels = (images.permute(0, 2, 3, 1) * 255).round().to(torch.uint8)
        results[name] = dict(case, name=name, lora=name == "lcm_lora_4_steps", timesteps=[float(t) for t in scheduler.timesteps],
                             rgb=[p.flatten().tolist() for p in pixels])
        print(name, "timesteps", results[name]["timesteps"], "mean pixel", float(pixels.float().mean()))
    moved = max(abs(a - b) for a, b in zip(results["lcm_lora_4_steps"]["rgb"][0], results["lcm_no_lora_4_steps"]["rgb"][0]))
    print("  lcm lora: max |lora - base| = %d/255" % moved)
    return results


LCM_LORA_SDXL_TARGETS = ["down_blocks.1.attentions.0.transformer_blocks.0.attn1.to_q", "down_blocks.1.attentions.0.proj_in",
                         "mid_block.attentions.0.transformer_blocks.1.ff.net.0.proj", "up_blocks.0.attentions.1.transformer_blocks.0.attn2.to_out.0",
                         "down_blocks.0.resnets.0.conv1", "up_blocks.1.resnets.1.conv2", "conv_out"]
LCM_LORA_SDXL_CASE = dict(LCM_LORA_CASE, scheduler_config="model")


def lcm_lora_sdxl_reference():
    """StableDiffusionXLPipeline with LCMScheduler on the tiny SDXL with an ordinary kohya LoRA merged (an LCM-LoRA's use)."""
    weights, projection, vae = load_folder()
    generator = torch.Generator().manual_seed(5050)
    lora, styled = {}, {c: dict(w) for c, w in weights.items()}
    for module in LCM_LORA_SDXL_TARGETS:
        w = weights["unet"][module + ".weight"]
        rank, alpha = 4, 2.0
        down, up = lora_pair(w, rank, w.dim() == 4 and w.shape[-1] == 3, generator, LCM_LORA_SIZE)
        name = "lora_unet_" + module.replace(".", "_")
        lora[name + ".lora_down.weight"], lora[name + ".lora_up.weight"], lora[name + ".alpha"] = down, up, torch.tensor(alpha)
        styled["unet"][module + ".weight"] = w + (alpha / rank) * checkpoints.lora_delta(up, down).reshape(w.shape)
    checkpoints.write_safetensors(os.path.join(HERE, "lcm_lora_sdxl.safetensors"), lora)
    init, results = sdxl.init_image(), {}
    for name, state in (("sdxl_lcm_lora_4_steps", styled), ("sdxl_lcm_no_lora_4_steps", weights)):
        result = sdxl.run(assemble(state, projection, vae), name, LCM_LORA_SDXL_CASE, init)
        results[name] = dict(result, lora=name == "sdxl_lcm_lora_4_steps")
    moved = max(abs(a - b) for a, b in zip(results["sdxl_lcm_lora_4_steps"]["rgb"][0], results["sdxl_lcm_no_lora_4_steps"]["rgb"][0]))
    print("  sdxl lcm lora: max |lora - base| = %d/255" % moved)
    assert moved > 2
    return results


def main():
    torch.manual_seed(0)
    models = sdxl.build_models()
    save_folder(models)
    results = {"sdxl_lora": sdxl_references(models), "lcm_lora": lcm_lora_reference(), "lcm_lora_sdxl": lcm_lora_sdxl_reference()}
    with open(os.path.join(HERE, "checkpoint.json"), "w") as f:
        json.dump(results, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
