#!/usr/bin/python3
"""Trains builtin:icons, a tiny Stable Diffusion model that draws the procedural game-art set.

Real architectures throughout, so AssetForge compiles the result like any checkpoint: diffusers'
AutoencoderKL and UNet2DConditionModel (from diffusers' source, not installed: DIFFUSERS_SRC), and
a CLIP text transformer with transformers' CLIPTextModel names (transformers cannot be brought onto
the development machine; the module below computes what CLIPTextTransformer computes).

    DIFFUSERS_SRC=DIR/src /usr/bin/python3 tools/icons/train.py WORK [--stage all|dataset|vae|latents|unet|classifier|export]

Debian's python3-torch links the generic libblas.so.3; install an optimised one first
(`apt-get install libopenblas0-openmp`, which takes over the alternative): measured on the 2-core
development machine, one UNet training step (batch 64, 16x16 latents, widths 64/128/192) took 28 s
with the reference BLAS and 4.8 s with OpenBLAS.

Budgets are steps, never minutes, and training uses one thread: the weights are a function of the
script alone (two runs side by side gave the same weight fingerprint at every saved step, and the
same files), not of how busy the machine was. Measured on the development machine with one
engineer's builds beside it: the autoencoder at about 0.73 s per step (batch 16), the UNet and text
encoder at about 1.7 s per step (batch 64); see tools/icons/README.md for the run this model came from.

What did not work (kept here so nobody retries it): 8x8x4 latents decoded from posterior samples,
a learning rate of 4e-4 and widths 32/64/64/64 gave grey silhouettes after 12 minutes and colour
only in part after 27 (the posterior's initial std of 1 buried the colour); decoding the mean and
16 latent channels (8x8x16, the same 1,024 numbers as 16x16x4 but a UNet a quarter the cost) gave
the colours within 500 steps. The first shipped model (2026-12-03: an RGB reconstruction loss,
GroupNorm with one channel per group in the autoencoder and two in the UNet, epsilon prediction)
drew the kinds but few of the colours asked for (34.5 %): its autoencoder alone gave back only 40 %
of the colours of held-out renders (cyan came back blue, yellow orange, purple grey). Group norm
over single channels normalises away each channel's amplitude, so colour has to travel in which
channels fire rather than how strongly; four groups in the autoencoder and eight in the UNet, and a
loss with the chroma weighed up (see to_luma_chroma), gave back 98.9 % of the colours after the
same 1,600 steps. v-prediction replaced epsilon (see stage_unet).

Every stage writes its state into WORK and resumes from it: run the same command again after an
interruption and it continues from the last saved state (every SAVE_EVERY steps and at the end of
each stage), with the same result as an uninterrupted run (the optimiser, EMA and RNG states are
saved too). Seeds are fixed; the data order of each epoch comes from (seed, epoch).
Stages and their budgets (--*-steps to change):
  dataset     the procedural set (tools/icons/dataset.py), 24,000 images
  vae         the autoencoder, 1,600 steps: 64x64x3 <-> 8x8x16 (SD's factor 8, 16 latent channels), L1 + MSE
              in a luma/chroma space with chroma weighed 3x, + a 1e-6 KL term
  latents     the set's latent means, scaled to unit variance (the scale goes into vae/config.json)
  unet        the UNet and the text encoder together, 1,600 steps: v-prediction on SD's noise
              schedule, 10% of captions dropped for classifier-free guidance, an EMA of the weights kept
  classifier  a small CNN naming kind and colour, 500 steps, for tools/icons/evaluate.py
  export      a diffusers folder (fp16 safetensors + configs + tokenizer + .SHA256SUMS) and the classifier's weights
"""
import argparse
import hashlib
import importlib.abc
import importlib.machinery
import json
import math
import os
import struct
import sys
import time
import types

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


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
    """diffusers imports these at module level; training never calls them (nothing downloads)."""
    STUBBED = ("huggingface_hub", "safetensors", "tqdm")

    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in self.STUBBED:
            return importlib.machinery.ModuleSpec(name, self, is_package=True)
        return None

    def create_module(self, spec):
        return _InertModule(spec.name)

    def exec_module(self, module):
        module.__path__ = []
        module.__version__ = "0.0"
        module.HF_HOME = module.HF_HUB_CACHE = module.HUGGINGFACE_HUB_CACHE = os.path.join(HERE, ".no-hub")


sys.meta_path.insert(0, _InertFinder())
if "DIFFUSERS_SRC" in os.environ:
    sys.path.insert(0, os.environ["DIFFUSERS_SRC"])

# OpenMP's default busy-waiting costs several times over when anything else runs on the 2 cores
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch import nn  # noqa: E402

import dataset  # noqa: E402
from vocabulary import Tokenizer  # noqa: E402

SEED = 20261203
THREADS = 1                # one thread: a run is reproducible bit for bit, and two runs fit side by side on 2 cores
SAVE_EVERY = 200           # steps between saved states (about 1-3 minutes of a 2-core CPU)

VAE_CONFIG = {
    "in_channels": 3, "out_channels": 3, "latent_channels": 16, "sample_size": 64,
    "down_block_types": ["DownEncoderBlock2D"] * 4, "up_block_types": ["UpDecoderBlock2D"] * 4,
    "block_out_channels": [16, 32, 64, 64], "layers_per_block": 1, "norm_num_groups": 4, "act_fn": "silu",
}
TEXT_CONFIG = {
    "hidden_size": 128, "intermediate_size": 512, "num_hidden_layers": 2, "num_attention_heads": 4,
    "max_position_embeddings": 77, "hidden_act": "quick_gelu", "layer_norm_eps": 1e-5,
}
UNET_CONFIG = {
    "sample_size": 8, "in_channels": 16, "out_channels": 16, "layers_per_block": 1,
    "block_out_channels": [64, 128, 192],
    "down_block_types": ["CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"],
    "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"],
    "cross_attention_dim": 128, "attention_head_dim": 4, "norm_num_groups": 8,
}
SCHEDULER_CONFIG = {
    "_class_name": "EulerDiscreteScheduler", "beta_start": 0.00085, "beta_end": 0.012, "beta_schedule": "scaled_linear",
    "num_train_timesteps": 1000, "steps_offset": 1, "prediction_type": "v_prediction", "timestep_spacing": "leading",
    "clip_sample": False, "set_alpha_to_one": False, "interpolation_type": "linear", "use_karras_sigmas": False,
}


# ----------------------------------------------------------------------------- the text encoder

class ClipTextModel(nn.Module):
    """transformers' CLIPTextModel (pre-norm transformer, causal mask, quick_gelu), with its parameter names."""

    def __init__(self, config, vocab_size):
        super().__init__()
        hidden = config["hidden_size"]
        self.heads = config["num_attention_heads"]
        self.text_model = nn.Module()
        self.text_model.embeddings = nn.Module()
        self.text_model.embeddings.token_embedding = nn.Embedding(vocab_size, hidden)
        self.text_model.embeddings.position_embedding = nn.Embedding(config["max_position_embeddings"], hidden)
        self.text_model.encoder = nn.Module()
        self.text_model.encoder.layers = nn.ModuleList()
        for _ in range(config["num_hidden_layers"]):
            layer = nn.Module()
            layer.self_attn = nn.Module()
            for name in ("q_proj", "k_proj", "v_proj", "out_proj"):
                setattr(layer.self_attn, name, nn.Linear(hidden, hidden))
            layer.layer_norm1 = nn.LayerNorm(hidden, eps=config["layer_norm_eps"])
            layer.layer_norm2 = nn.LayerNorm(hidden, eps=config["layer_norm_eps"])
            layer.mlp = nn.Module()
            layer.mlp.fc1 = nn.Linear(hidden, config["intermediate_size"])
            layer.mlp.fc2 = nn.Linear(config["intermediate_size"], hidden)
            self.text_model.encoder.layers.append(layer)
        self.text_model.final_layer_norm = nn.LayerNorm(hidden, eps=config["layer_norm_eps"])
        nn.init.normal_(self.text_model.embeddings.token_embedding.weight, std=0.02)
        nn.init.normal_(self.text_model.embeddings.position_embedding.weight, std=0.01)

    def forward(self, ids):
        tm = self.text_model
        batch, length = ids.shape
        hidden = tm.embeddings.token_embedding.weight.shape[1]
        head_dim = hidden // self.heads
        h = tm.embeddings.token_embedding(ids) + tm.embeddings.position_embedding.weight[:length]
        causal = torch.full((length, length), torch.finfo(torch.float32).min).triu(1)
        for layer in tm.encoder.layers:
            x = layer.layer_norm1(h)
            shape = lambda t: t.view(batch, length, self.heads, head_dim).transpose(1, 2)  # noqa: E731
            q = shape(layer.self_attn.q_proj(x) * head_dim ** -0.5)
            k, v = shape(layer.self_attn.k_proj(x)), shape(layer.self_attn.v_proj(x))
            scores = torch.softmax(q @ k.transpose(-1, -2) + causal, dim=-1)
            h = h + layer.self_attn.out_proj((scores @ v).transpose(1, 2).reshape(batch, length, hidden))
            y = layer.mlp.fc1(layer.layer_norm2(h))
            h = h + layer.mlp.fc2(y * torch.sigmoid(1.702 * y))
        return tm.final_layer_norm(h)


# ----------------------------------------------------------------------------- the classifier

class IconClassifier(nn.Module):
    """Names an image's kind (12 objects + 4 textures) and colour (10); a few conv layers, 64x64 in."""
    KINDS = dataset.KINDS + dataset.TEXTURES
    COLOURS = tuple(dataset.COLOURS)

    def __init__(self):
        super().__init__()
        layers, width = [], 3
        for out in (32, 64, 96, 128):
            layers += [nn.Conv2d(width, out, 3, padding=1), nn.BatchNorm2d(out), nn.ReLU(), nn.MaxPool2d(2)]
            width = out
        self.features = nn.Sequential(*layers)
        self.kind = nn.Linear(128, len(self.KINDS))
        self.colour = nn.Linear(128 * 2, len(self.COLOURS))

    def forward(self, x):
        f = self.features(x)
        pooled = f.mean(dim=(2, 3))
        peak = f.amax(dim=(2, 3))
        return self.kind(pooled), self.colour(torch.cat([pooled, peak], dim=1))


# ----------------------------------------------------------------------------- state

class Work:
    """The stage files in WORK, written atomically so an interruption never leaves half a state."""

    def __init__(self, root):
        self.root = root
        os.makedirs(root, exist_ok=True)

    def path(self, name):
        return os.path.join(self.root, name)

    def exists(self, name):
        return os.path.exists(self.path(name))

    def save(self, name, obj):
        tmp = self.path(name + ".tmp")
        torch.save(obj, tmp)
        os.replace(tmp, self.path(name))

    def load(self, name):
        return torch.load(self.path(name))

    def log(self, message):
        line = time.strftime("%H:%M:%S ") + message
        print(line, flush=True)
        with open(self.path("train.log"), "a") as f:
            f.write(line + "\n")


def load_set(work, count):
    images = np.load(work.path("images.npy"), mmap_mode="r")[:count]
    labels = json.load(open(work.path("labels.json")))[:count]
    return images, labels


def to_tensor(images):
    return torch.from_numpy(np.ascontiguousarray(images)).permute(0, 3, 1, 2).float() / 127.5 - 1.0


def epoch_order(epoch, count):
    return np.random.Generator(np.random.PCG64([SEED, epoch])).permutation(count)


def train_loop(work, name, modules, step_fn, batches_per_epoch, steps, lr, extra_state=None):
    """The shared resumable loop: AdamW with warm-up, an optional EMA, state every SAVE_EVERY steps.

    The budget is a number of steps, never a time: a run's weights must not depend on how busy
    the machine was. Each save logs a fingerprint of the weights at that step, so two runs can be
    compared step by step (also when one of them was stopped early)."""
    params = [p for m in modules.values() for p in m.parameters()]
    optimiser = torch.optim.AdamW(params, lr=lr, weight_decay=1e-4)
    state_file = name + ".state"
    step, spent = 0, 0.0
    if work.exists(state_file):
        state = work.load(state_file)
        for key, module in modules.items():
            module.load_state_dict(state["modules"][key])
        optimiser.load_state_dict(state["optimiser"])
        step, spent = state["step"], state["spent"]
        torch.set_rng_state(state["rng"])
        if extra_state is not None:
            extra_state.load(state["extra"])
        work.log(f"{name}: resumed at step {step}, {spent / 60:.1f} min spent")
    if state_exists_done(work, name):
        return
    started = time.time() - spent
    losses = []
    while step < steps:
        epoch, index = divmod(step, batches_per_epoch)
        for g in optimiser.param_groups:
            g["lr"] = lr * min(1.0, (step + 1) / 200)
        loss = step_fn(epoch, index)
        optimiser.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        optimiser.step()
        if extra_state is not None:
            extra_state.update()
        losses.append(loss.item())
        step += 1
        if step % 100 == 0:
            work.log(f"{name}: step {step} loss {np.mean(losses[-100:]):.5f} ({(time.time() - started) / 60:.1f} min)")
        if step % SAVE_EVERY == 0 or step == steps:
            save_state(work, state_file, modules, optimiser, step, time.time() - started, extra_state)
            work.log(f"{name}: saved step {step}, weights {fingerprint(modules)}")
    with open(work.path(name + ".done"), "w") as f:
        json.dump({"steps": step, "minutes": (time.time() - started) / 60, "loss": float(np.mean(losses[-200:])) if losses else None}, f)
    work.log(f"{name}: done, {step} steps in {(time.time() - started) / 60:.1f} min")


def fingerprint(modules):
    """SHA-256 over every parameter and buffer's bytes, in name order: equal weights, equal text."""
    digest = hashlib.sha256()
    for key in sorted(modules):
        for name, tensor in sorted(modules[key].state_dict().items()):
            digest.update(name.encode())
            digest.update(tensor.detach().contiguous().numpy().tobytes())
    return digest.hexdigest()[:16]


def state_exists_done(work, name):
    return work.exists(name + ".done")


def save_state(work, file, modules, optimiser, step, spent, extra_state):
    work.save(file, {"modules": {k: m.state_dict() for k, m in modules.items()}, "optimiser": optimiser.state_dict(),
                     "step": step, "spent": spent, "rng": torch.get_rng_state(),
                     "extra": extra_state.dump() if extra_state is not None else None})


class Ema:
    """An exponential moving average of a set of modules' weights (what gets exported)."""

    def __init__(self, modules, decay):
        self.modules, self.decay = modules, decay
        self.shadow = {k: {n: p.detach().clone() for n, p in m.state_dict().items()} for k, m in modules.items()}

    def update(self):
        with torch.no_grad():
            for k, m in self.modules.items():
                for n, p in m.state_dict().items():
                    s = self.shadow[k][n]
                    if p.dtype.is_floating_point:
                        s.mul_(self.decay).add_(p, alpha=1 - self.decay)
                    else:
                        s.copy_(p)

    def dump(self):
        return self.shadow

    def load(self, shadow):
        self.shadow = shadow


# ----------------------------------------------------------------------------- stages

def stage_dataset(work, args):
    if work.exists("images.npy"):
        return
    t = time.time()
    images, labels = dataset.generate(args.count, args.seed)
    np.save(work.path("images.npy.tmp.npy"), images)
    os.replace(work.path("images.npy.tmp.npy"), work.path("images.npy"))
    with open(work.path("labels.json"), "w") as f:
        json.dump(labels, f)
    work.log(f"dataset: {args.count} images in {(time.time() - t) / 60:.1f} min")


# RGB -> (Y, Cb, Cr) of BT.601, with the two chroma rows weighed CHROMA_WEIGHT times: what the
# autoencoder's reconstruction loss is measured in (see stage_vae).
CHROMA_WEIGHT = 3.0
LUMA_CHROMA = torch.tensor([[0.299, 0.587, 0.114],
                            [-0.168736 * CHROMA_WEIGHT, -0.331264 * CHROMA_WEIGHT, 0.5 * CHROMA_WEIGHT],
                            [0.5 * CHROMA_WEIGHT, -0.418688 * CHROMA_WEIGHT, -0.081312 * CHROMA_WEIGHT]])


def to_luma_chroma(x):
    return torch.einsum("oc,bchw->bohw", LUMA_CHROMA, x)


def make_vae():
    from diffusers.models.autoencoders.autoencoder_kl import AutoencoderKL
    torch.manual_seed(SEED)
    return AutoencoderKL(**VAE_CONFIG)


def stage_vae(work, args):
    images, _ = load_set(work, args.count)
    vae = make_vae()
    batch = 16
    per_epoch = len(images) // batch

    def step(epoch, index):
        order = epoch_order(epoch, len(images))[index * batch:(index + 1) * batch]
        x = to_tensor(images[np.sort(order)])
        posterior = vae.encode(x).latent_dist
        # Decoded from the mean, not a sample: at initialisation the posterior's std is 1, and that
        # noise drowned the colour (measured: grey silhouettes after 12 minutes). AssetForge and
        # diffusers' img2img encode to the mean too; the KL term keeps the latents bounded.
        y = vae.decode(posterior.mean).sample
        # The reconstruction is compared in a luma/chroma space with the chroma weighed up: measured,
        # an RGB loss learnt brightness first and hue late (after 1,600 steps the classifier named
        # only 40 % of reconstructed colours: cyan came back blue, yellow orange, purple grey), and
        # the prompt cannot ask for a colour the autoencoder cannot give back.
        y, x = to_luma_chroma(y), to_luma_chroma(x)
        # SD's autoencoder weighs its KL term 1e-6 against the reconstruction: latents stay near-deterministic
        return F.l1_loss(y, x) + F.mse_loss(y, x) + 1e-6 * posterior.kl().mean()

    train_loop(work, "vae", {"vae": vae}, step, per_epoch, args.vae_steps, 1.5e-3)


def trained_vae(work):
    vae = make_vae()
    vae.load_state_dict(work.load("vae.state")["modules"]["vae"])
    vae.eval()
    return vae


def stage_latents(work, args):
    if work.exists("latents.pt"):
        return
    images, _ = load_set(work, args.count)
    vae = trained_vae(work)
    means = []
    with torch.no_grad():
        for i in range(0, len(images), 256):
            means.append(vae.encode(to_tensor(images[i:i + 256])).latent_dist.mean)
    latents = torch.cat(means)
    scale = float(1.0 / latents.std())
    work.save("latents.pt", {"latents": latents * scale, "scaling_factor": scale})
    work.log(f"latents: {tuple(latents.shape)}, scaling_factor {scale:.5f}")


def make_unet():
    from diffusers.models.unet_2d_condition import UNet2DConditionModel
    torch.manual_seed(SEED + 1)
    return UNet2DConditionModel(**UNET_CONFIG)


def alphas_cumprod():
    betas = torch.linspace(SCHEDULER_CONFIG["beta_start"] ** 0.5, SCHEDULER_CONFIG["beta_end"] ** 0.5, 1000, dtype=torch.float64) ** 2
    return torch.cumprod(1.0 - betas, dim=0).float()


def stage_unet(work, args):
    data = work.load("latents.pt")
    latents = data["latents"]
    labels = json.load(open(work.path("labels.json")))[:len(latents)]
    tokenizer = Tokenizer.from_grammar()
    ids = torch.tensor([tokenizer.encode(label["caption"]) for label in labels])
    empty = torch.tensor(tokenizer.encode(""))
    unet = make_unet()
    torch.manual_seed(SEED + 2)
    text = ClipTextModel(TEXT_CONFIG, len(tokenizer.vocab))
    modules = {"unet": unet, "text": text}
    ema = Ema(modules, 0.999)
    cumprod = alphas_cumprod()
    batch = 64
    per_epoch = len(latents) // batch
    work.log(f"unet: {sum(p.numel() for p in unet.parameters()) / 1e6:.2f} M parameters, text {sum(p.numel() for p in text.parameters()) / 1e6:.2f} M")

    def step(epoch, index):
        order = torch.from_numpy(epoch_order(epoch, len(latents))[index * batch:(index + 1) * batch])
        x0 = latents[order]
        tokens = ids[order].clone()
        drop = torch.rand(batch) < 0.1
        tokens[drop] = empty
        t = torch.randint(0, 1000, (batch,))
        noise = torch.randn_like(x0)
        a = cumprod[t].view(-1, 1, 1, 1)
        noisy = a.sqrt() * x0 + (1 - a).sqrt() * noise
        # v-prediction (SD 2.x's target): in terms of the clean latent its loss weighs an error by
        # 1 + SNR where epsilon's weighs it by SNR, which at the high noise levels that decide a
        # picture's colour and shape is 0.005-0.1. Those are the steps where only the text can say
        # what to draw (at lower noise the colour is already in the noisy latent), so epsilon
        # learnt the prompt's colour only faintly (34.5 % after 1,600 steps; see the docstring).
        target = a.sqrt() * noise - (1 - a).sqrt() * x0
        predicted = unet(noisy, t, text(tokens)).sample
        return F.mse_loss(predicted, target)

    train_loop(work, "unet", modules, step, per_epoch, args.unet_steps, 5e-4, ema)


def stage_classifier(work, args):
    images, labels = load_set(work, args.count)
    torch.manual_seed(SEED + 3)
    model = IconClassifier()
    kinds = {k: i for i, k in enumerate(IconClassifier.KINDS)}
    colours = {c: i for i, c in enumerate(IconClassifier.COLOURS)}
    kind = torch.tensor([kinds[label["kind"]] for label in labels])
    colour = torch.tensor([colours.get(label["colour"], -100) for label in labels])
    batch = 64
    per_epoch = len(images) // batch

    def step(epoch, index):
        order = np.sort(epoch_order(epoch + 1000, len(images))[index * batch:(index + 1) * batch])
        x = to_tensor(images[order])
        # generated images are softer than the renders: train on blurred and noisy copies too
        if torch.rand(()) < 0.5:
            x = F.avg_pool2d(F.pad(x, (1, 1, 1, 1), mode="replicate"), 3, stride=1)
        x = x + 0.05 * torch.randn_like(x)
        k, c = model(x)
        return F.cross_entropy(k, kind[order]) + F.cross_entropy(c, colour[order], ignore_index=-100)

    train_loop(work, "classifier", {"classifier": model}, step, per_epoch, args.classifier_steps, 1e-3)


def write_safetensors(path, tensors, dtype):
    """The safetensors format (an 8-byte length, a JSON header, the raw little-endian data), F16 or F32."""
    name, numpy_type = {"F16": ("F16", np.float16), "F32": ("F32", np.float32)}[dtype]
    header, blobs, offset = {}, [], 0
    for key in sorted(tensors):
        data = tensors[key].detach().to(torch.float32).contiguous().numpy().astype(numpy_type).tobytes()
        header[key] = {"dtype": name, "shape": list(tensors[key].shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    raw = json.dumps(header, separators=(",", ":")).encode()
    raw += b" " * ((8 - len(raw) % 8) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for blob in blobs:
            f.write(blob)
    os.replace(tmp, path)


def write_json(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(obj, f, indent=2, sort_keys=True)
        f.write("\n")


def stage_export(work, args):
    out = args.out or work.path("model")
    tokenizer = Tokenizer.from_grammar()
    vae_state = work.load("vae.state")["modules"]["vae"]
    unet_state = work.load("unet.state")
    # The EMA's 0.999 decay averages over the last ~1,000 steps and still carries a third of the
    # random initialisation after 1,000: for runs of a few thousand steps the raw weights are better
    # (measured at step 600: EMA images were decoded noise, raw ones smooth shapes).
    shadow = unet_state["extra"] if args.weights == "ema" else unet_state["modules"]
    scale = work.load("latents.pt")["scaling_factor"]
    os.makedirs(out, exist_ok=True)
    write_json(os.path.join(out, "vae", "config.json"), dict(VAE_CONFIG, _class_name="AutoencoderKL", scaling_factor=scale, force_upcast=False))
    write_safetensors(os.path.join(out, "vae", "diffusion_pytorch_model.safetensors"), vae_state, "F16")
    write_json(os.path.join(out, "unet", "config.json"), dict(UNET_CONFIG, _class_name="UNet2DConditionModel"))
    write_safetensors(os.path.join(out, "unet", "diffusion_pytorch_model.safetensors"), shadow["unet"], "F16")
    write_json(os.path.join(out, "text_encoder", "config.json"), dict(
        TEXT_CONFIG, architectures=["CLIPTextModel"], model_type="clip_text_model", vocab_size=len(tokenizer.vocab),
        bos_token_id=tokenizer.start, eos_token_id=tokenizer.end, pad_token_id=tokenizer.end, torch_dtype="float32"))
    write_safetensors(os.path.join(out, "text_encoder", "model.safetensors"), shadow["text"], "F16")
    tokenizer.save(os.path.join(out, "tokenizer"))
    write_json(os.path.join(out, "scheduler", "scheduler_config.json"), SCHEDULER_CONFIG)
    write_json(os.path.join(out, "model_index.json"), {
        "_class_name": "StableDiffusionPipeline", "_diffusers_version": "0.25.1",
        "scheduler": ["diffusers", "EulerDiscreteScheduler"], "text_encoder": ["transformers", "CLIPTextModel"],
        "tokenizer": ["transformers", "CLIPTokenizer"], "unet": ["diffusers", "UNet2DConditionModel"],
        "vae": ["diffusers", "AutoencoderKL"], "safety_checker": [None, None], "feature_extractor": [None, None],
        "requires_safety_checker": False})
    write_manifest(out)
    if work.exists("classifier.state"):
        classifier = work.load("classifier.state")["modules"]["classifier"]
        write_safetensors(os.path.join(args.classifier_out or work.path("classifier.safetensors")), classifier, "F32")
    work.log(f"export: {out}")


def write_manifest(folder):
    """sha256sum's format over every file, '/'-separated and sorted: AssetForge embeds the folder and names it by this."""
    lines = []
    for root, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(root, name)
            relative = os.path.relpath(path, folder).replace(os.sep, "/")
            if not relative.startswith("."):
                lines.append((relative, hashlib.sha256(open(path, "rb").read()).hexdigest()))
    with open(os.path.join(folder, ".SHA256SUMS"), "w") as f:
        for relative, digest in sorted(lines):
            f.write(f"{digest}  {relative}\n")


STAGES = ("dataset", "vae", "latents", "unet", "classifier", "export")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("work")
    parser.add_argument("--stage", default="all", choices=("all",) + STAGES)
    parser.add_argument("--count", type=int, default=24000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--vae-steps", type=int, default=1600)
    parser.add_argument("--unet-steps", type=int, default=1600)
    parser.add_argument("--classifier-steps", type=int, default=500)
    parser.add_argument("--out", help="the diffusers folder to write (default WORK/model)")
    parser.add_argument("--weights", choices=("raw", "ema"), default="raw", help="export the trained weights or their moving average")
    parser.add_argument("--classifier-out")
    args = parser.parse_args()
    torch.set_num_threads(THREADS)
    work = Work(args.work)
    for stage in STAGES:
        if args.stage in ("all", stage):
            globals()["stage_" + stage](work, args)


if __name__ == "__main__":
    main()
