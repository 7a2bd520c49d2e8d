#!/usr/bin/python3
"""Judges a training state in seconds, in Python: the held-out pairs of evaluate.py, sampled here.

    DIFFUSERS_SRC=DIR/src /usr/bin/python3 tools/icons/probe.py WORK [--state unet.state] [--cfg 5] [--steps 20]
    DIFFUSERS_SRC=DIR/src /usr/bin/python3 tools/icons/probe.py --folder plugins/AssetForge.Onnx/Builtin/Icons

evaluate.py is the measurement the README reports (AssetForge generates, the classifier judges);
it needs an exported folder and a build. This is the quick look while training runs: it loads the
UNet and text encoder from a saved state (WORK/unet.state, or a copy of one taken mid-run), the
autoencoder from WORK/vae.state, samples evaluate.py's 200 held-out captions with plain Euler
(diffusers' EulerDiscreteScheduler with the model's config: leading spacing, steps_offset 1, the
first noise scaled by sqrt(sigma_max^2 + 1)) and prints the classifier's kind and colour accuracy.
Its noise comes from its own generator, not AssetForge's, so its numbers are close to evaluate.py's
but not the same images; use it to compare states with each other, evaluate.py to report.
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import numpy as np  # noqa: E402
import torch  # noqa: E402

import train  # noqa: E402  (installs the import stubs diffusers needs)
from evaluate import accuracy, held_out_pairs, load_classifier, read_safetensors  # noqa: E402
from vocabulary import Tokenizer  # noqa: E402


def euler_sigmas(steps):
    """Euler's timesteps and sigmas for SCHEDULER_CONFIG (leading spacing), sigma 0 appended."""
    config = train.SCHEDULER_CONFIG
    ratio = config["num_train_timesteps"] // steps
    timesteps = (np.arange(0, steps) * ratio).round()[::-1].astype(np.float64) + config["steps_offset"]
    cumprod = train.alphas_cumprod().double().numpy()
    all_sigmas = ((1 - cumprod) / cumprod) ** 0.5
    sigmas = np.interp(timesteps, np.arange(len(all_sigmas)), all_sigmas)
    return timesteps, np.concatenate([sigmas, [0.0]])


def sample(unet, text, vae, captions, seeds, cfg, steps, scaling_factor, v_prediction):
    tokenizer = Tokenizer.from_grammar()
    ids = torch.tensor([tokenizer.encode(c) for c in captions])
    empty = torch.tensor([tokenizer.encode("")] * len(captions))
    timesteps, sigmas = euler_sigmas(steps)
    shape = (unet.config.in_channels, unet.config.sample_size, unet.config.sample_size)
    x = torch.stack([torch.randn(shape, generator=torch.Generator().manual_seed(s)) for s in seeds])
    x = x * float((sigmas[0] ** 2 + 1) ** 0.5)
    with torch.no_grad():
        condition = text(torch.cat([empty, ids]))
        for i, t in enumerate(timesteps):
            sigma = float(sigmas[i])
            scaled = x / (sigma ** 2 + 1) ** 0.5
            out = unet(torch.cat([scaled, scaled]), torch.full((2 * len(captions),), float(t)), condition).sample
            uncond, cond = out.chunk(2)
            out = uncond + cfg * (cond - uncond)
            if v_prediction:
                denoised = out * (-sigma / (sigma ** 2 + 1) ** 0.5) + x / (sigma ** 2 + 1)
            else:
                denoised = x - sigma * out
            x = x + (x - denoised) / sigma * (float(sigmas[i + 1]) - sigma)
        pixels = vae.decode(x / scaling_factor).sample
    return ((pixels.clamp(-1, 1) + 1) * 127.5).round().permute(0, 2, 3, 1).to(torch.uint8).numpy()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("work")
    parser.add_argument("--state", default="unet.state", help="the UNet state file in WORK (or a path)")
    parser.add_argument("--cfg", type=float, default=5.0)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--classifier", default=os.path.join(HERE, "classifier.safetensors"))
    parser.add_argument("--folder", action="store_true", help="WORK is an exported diffusers folder, not a training folder")
    parser.add_argument("--save", help="write the 200 images here as one PNG grid")
    args = parser.parse_args()
    torch.set_num_threads(1)
    unet = train.make_unet()
    text = train.ClipTextModel(train.TEXT_CONFIG, len(Tokenizer.from_grammar().vocab))
    vae = train.make_vae()
    if args.folder:
        # an exported (or shipped) folder: its fp16 weights, its own scaling factor and prediction type
        folder = args.work
        unet.load_state_dict(read_safetensors(os.path.join(folder, "unet", "diffusion_pytorch_model.safetensors")))
        text.load_state_dict(read_safetensors(os.path.join(folder, "text_encoder", "model.safetensors")))
        vae.load_state_dict(read_safetensors(os.path.join(folder, "vae", "diffusion_pytorch_model.safetensors")))
        scale = json.load(open(os.path.join(folder, "vae", "config.json")))["scaling_factor"]
        prediction = json.load(open(os.path.join(folder, "scheduler", "scheduler_config.json")))["prediction_type"]
        step = "folder"
    else:
        work = train.Work(args.work)
        state = torch.load(args.state if os.path.isabs(args.state) else work.path(args.state))
        unet.load_state_dict(state["modules"]["unet"])
        text.load_state_dict(state["modules"]["text"])
        vae.load_state_dict(work.load("vae.state")["modules"]["vae"])
        scale = work.load("latents.pt")["scaling_factor"]
        prediction = train.SCHEDULER_CONFIG["prediction_type"]
        step = f"step {state['step']}"
    unet.eval(), text.eval(), vae.eval()
    pairs = held_out_pairs()
    images = sample(unet, text, vae, [p[0] for p in pairs], [p[3] for p in pairs], args.cfg, args.steps, scale, prediction == "v_prediction")
    kind, colour = accuracy(load_classifier(args.classifier), images, [p[1] for p in pairs], [p[2] for p in pairs])
    print(f"{step}: kind {kind * 100:.1f} %  colour {colour * 100:.1f} %  (cfg {args.cfg}, {args.steps} steps)")
    if args.save:
        from PIL import Image
        grid = images[:200].reshape(10, 20, 64, 64, 3).transpose(0, 2, 1, 3, 4).reshape(640, 1280, 3)
        Image.fromarray(grid).save(args.save)


if __name__ == "__main__":
    main()
