#!/usr/bin/python3
"""Measures how well builtin:icons follows its prompts: AssetForge generates, the classifier judges.

    /usr/bin/python3 tools/icons/evaluate.py [--assetforge PATH] [--work DIR] [--json OUT.json]

For 200 held-out prompt/seed pairs (captions from the training grammar, drawn from a generator the
training set never used, seeds AssetForge never saw in training because it has none), it writes an
AssetForge project per setting, runs `assetforge build` on it, and labels every generated PNG with
the classifier trained on the procedural renders (tools/icons/classifier.safetensors, written by
train.py's export). It reports kind and colour accuracy for:

- the sample's settings (euler, 20 steps, cfg 5, 64x64), on builtin:icons and on builtin:tiny (whose
  untrained weights give chance level: 1/12 for kind, 1/10 for colour);
- cfg 1 (no guidance), 2, 3, 5 and 7.5 at 20 steps; 5, 10, 20 and 40 steps at cfg 5;
- the classifier itself, on 1,000 held-out renders of the procedural set (its ceiling);
- how different the seeds of one prompt are: the mean absolute pixel difference between the
  images of 20 prompts x 4 seeds, against the same between different prompts.

Only numpy, Pillow and python3-torch; the builds share one cache, so a rerun costs seconds.
"""
import argparse
import json
import os
import struct
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import numpy as np  # noqa: E402
import torch  # noqa: E402
from PIL import Image  # noqa: E402

import dataset  # noqa: E402
from train import IconClassifier, to_tensor  # noqa: E402

EVAL_SEED = 990001            # the held-out captions' generator; training draws from seed 1
PAIRS = 200
SAMPLE = {"scheduler": "euler", "steps": 20, "cfg": 5}


def read_safetensors(path):
    with open(path, "rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
        data = f.read()
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        numpy_type = {"F32": np.float32, "F16": np.float16}[entry["dtype"]]
        start, stop = entry["data_offsets"]
        tensors[name] = torch.from_numpy(np.frombuffer(data[start:stop], dtype=numpy_type).astype(np.float32).reshape(entry["shape"]))
    return tensors


def load_classifier(path):
    model = IconClassifier()
    model.load_state_dict(read_safetensors(path))
    model.eval()
    return model


def held_out_pairs():
    """(caption, kind, colour, seed): objects only, since ground textures have no colour to check."""
    pairs = []
    for i in range(PAIRS):
        rng = np.random.Generator(np.random.PCG64([EVAL_SEED, i]))
        kind = dataset.KINDS[rng.integers(len(dataset.KINDS))]
        colour = list(dataset.COLOURS)[rng.integers(len(dataset.COLOURS))]
        style = dataset.STYLES[rng.integers(len(dataset.STYLES))]
        pairs.append((dataset.caption_for(kind, colour, style, rng), kind, colour, 1000 + i))
    return pairs


def write_project(folder, model, settings, items, cache):
    os.makedirs(os.path.join(folder, "specs"), exist_ok=True)
    with open(os.path.join(folder, "assetforge.yaml"), "w") as f:
        f.write(f"defaults:\n  model: {model}\n  scheduler: {settings['scheduler']}\n  steps: {settings['steps']}\n"
                f"  cfg: {settings['cfg']}\n  width: 64\n  height: 64\noutput: out\ncache: {cache}\n")
    with open(os.path.join(folder, "specs", "pairs.yaml"), "w") as f:
        for name, caption, seed in items:
            f.write(f"- id: {name}\n  output: {name}.png\n  prompt: {json.dumps(caption)}\n  seed: {seed}\n")


def build(assetforge, folder):
    started = time.time()
    result = subprocess.run([assetforge, "build", folder], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"assetforge build {folder} failed ({result.returncode}):\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return time.time() - started, result.stdout.strip().splitlines()[-1]


def load_images(folder, names):
    return np.stack([np.asarray(Image.open(os.path.join(folder, "out", name + ".png")).convert("RGB")) for name in names])


def classify(model, images):
    with torch.no_grad():
        kind, colour = model(to_tensor(images))
    return kind.argmax(1).numpy(), colour.argmax(1).numpy()


def accuracy(model, images, kinds, colours):
    kind, colour = classify(model, images)
    kind_index = {k: i for i, k in enumerate(IconClassifier.KINDS)}
    colour_index = {c: i for i, c in enumerate(IconClassifier.COLOURS)}
    return (float(np.mean(kind == np.array([kind_index[k] for k in kinds]))),
            float(np.mean(colour == np.array([colour_index[c] for c in colours]))))


def run_setting(args, label, model_name, settings, pairs, classifier):
    folder = os.path.join(args.work, label)
    names = [f"p{i:03d}" for i in range(len(pairs))]
    write_project(folder, model_name, settings, [(n, p[0], p[3]) for n, p in zip(names, pairs)], os.path.join(args.work, "cache"))
    seconds, summary = build(args.assetforge, folder)
    kind, colour = accuracy(classifier, load_images(folder, names), [p[1] for p in pairs], [p[2] for p in pairs])
    print(f"{label:>22}: kind {kind * 100:5.1f} %  colour {colour * 100:5.1f} %  ({seconds:.1f} s: {summary})", flush=True)
    return {"label": label, "model": model_name, **settings, "kind": kind, "colour": colour, "seconds": seconds}


def seed_diversity(args, classifier):
    """Mean absolute pixel difference (0..255) between seeds of one prompt, and between prompts."""
    rng = np.random.Generator(np.random.PCG64([EVAL_SEED, 10**6]))
    prompts = []
    for _ in range(20):
        kind = dataset.KINDS[rng.integers(len(dataset.KINDS))]
        colour = list(dataset.COLOURS)[rng.integers(len(dataset.COLOURS))]
        prompts.append(f"{dataset.article(colour)} {colour} {kind}, game icon")
    items = [(f"q{p:02d}s{s}", prompts[p], 7000 + s) for p in range(20) for s in range(4)]
    folder = os.path.join(args.work, "seeds")
    write_project(folder, args.model, SAMPLE, items, os.path.join(args.work, "cache"))
    build(args.assetforge, folder)
    images = load_images(folder, [n for n, _, _ in items]).reshape(20, 4, 64, 64, 3).astype(np.float32)
    within = np.mean([np.abs(images[p, a] - images[p, b]).mean() for p in range(20) for a in range(4) for b in range(a + 1, 4)])
    between = np.mean([np.abs(images[p, 0] - images[q, 0]).mean() for p in range(20) for q in range(p + 1, 20)])
    return float(within), float(between)


def classifier_ceiling(classifier):
    renders = [dataset.render(EVAL_SEED + 1, i) for i in range(1000)]
    objects = [(pixels, label) for pixels, label in renders if label["colour"] is not None]
    images = np.stack([pixels for pixels, _ in objects])
    return accuracy(classifier, images, [l["kind"] for _, l in objects], [l["colour"] for _, l in objects])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--assetforge", default=os.path.join(REPO, "host", "AssetForge.Cli", "bin", "Release", "net10.0", "assetforge"))
    parser.add_argument("--classifier", default=os.path.join(HERE, "classifier.safetensors"))
    parser.add_argument("--work", default="/tmp/assetforge-icons-eval")
    parser.add_argument("--json", help="write the results here too")
    parser.add_argument("--quick", action="store_true", help="only the sample's settings, icons and tiny")
    parser.add_argument("--model", default="builtin:icons", help="the model to judge (a candidate's diffusers folder, before it is embedded)")
    args = parser.parse_args()
    torch.set_num_threads(1)
    classifier = load_classifier(args.classifier)
    pairs = held_out_pairs()
    results = {"pairs": len(pairs)}
    kind, colour = classifier_ceiling(classifier)
    results["classifier_on_renders"] = {"kind": kind, "colour": colour}
    print(f"{'classifier on renders':>22}: kind {kind * 100:5.1f} %  colour {colour * 100:5.1f} %", flush=True)
    settings = [("icons sample", args.model, SAMPLE), ("tiny sample", "builtin:tiny", SAMPLE)]
    if not args.quick:
        settings += [(f"icons cfg {cfg}", args.model, dict(SAMPLE, cfg=cfg)) for cfg in (1, 2, 3, 7.5)]
        settings += [(f"icons steps {steps}", args.model, dict(SAMPLE, steps=steps)) for steps in (5, 10, 40)]
    results["settings"] = [run_setting(args, label.replace(" ", "-"), model, s, pairs, classifier) for label, model, s in settings]
    if not args.quick:
        within, between = seed_diversity(args, classifier)
        results["seed_difference"] = {"same_prompt_other_seed": within, "other_prompt": between}
        print(f"{'pixel difference':>22}: {within:.1f}/255 between seeds of one prompt, {between:.1f}/255 between prompts")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2, sort_keys=True)
            f.write("\n")


if __name__ == "__main__":
    main()
