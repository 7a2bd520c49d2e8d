#!/usr/bin/python3
"""Writes brownian_interval.json: the pieces of dpmpp_sde's noise, from the real libraries.

    /usr/bin/python3 tests/reference/schedulers/make_brownian_reference.py \
        --diffusers /work/.mirror/huggingface+diffusers/repo --torchsde /work/.mirror/google-research+torchsde/repo

- torchsde.BrownianInterval increments (as diffusers configures it: tol=1e-6, pool_size=24,
  halfway_tree=True) for 8-element motions, whose torch.randn draws take PyTorch's scalar
  (double-precision) path, identical on every CPU;
- numpy SeedSequence(entropy, spawn_key, pool_size).generate_state(4);
- Python's round(x, 6);
- torch.exp / torch.log of 0-dim float32 tensors (this machine's CPU kernels: AVX2, SLEEF).
Values are bit patterns (int32 for float32) or repr'd doubles.
"""

import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_reference  # noqa: E402


def main():
    import argparse
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--diffusers", required=True)
    parser.add_argument("--torchsde", default="/work/.mirror/google-research+torchsde/repo")
    parser.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "brownian_interval.json"))
    args = parser.parse_args()
    make_reference._install_torchsde(args.torchsde)
    import warnings
    warnings.filterwarnings("ignore", message="Should have", category=UserWarning)
    import torchsde

    rng = np.random.default_rng(20261123)
    intervals = []
    for entropy, t0, t1 in [(1234, 0.0291675366461277, 14.614643096923828), (2 ** 62 + 987654321, 0.1, 25.5),
                            (7, 0.002, 1.0), (int(rng.integers(0, 2 ** 63 - 1)), 0.0292, 157.40765380859375)]:
        tree = torchsde.BrownianInterval(t0=t0, t1=t1, size=(8,), dtype=torch.float32, device="cpu", entropy=entropy,
                                         tol=1e-6, pool_size=24, halfway_tree=True)
        queries = []
        points = np.sort(np.exp(rng.uniform(np.log(t0), np.log(t1), 12)).astype(np.float32).astype(np.float64))[::-1]
        pairs = [(float(points[i + 1]), float(points[i])) for i in range(len(points) - 1)]
        pairs += [(t0 - 1e-7, float(points[3])), (float(points[5]), t1 + 1e-5), (float(points[2]), float(points[2]))]
        for ta, tb in pairs:
            w = tree(ta, tb)
            queries.append({"ta": ta, "tb": tb, "w": w.numpy().view(np.int32).tolist()})
        intervals.append({"entropy": str(entropy), "t0": t0, "t1": t1, "size": 8, "queries": queries})

    seeds = []
    for entropy, key, pool in [(1234, [], 24), (2 ** 62 + 12345, [5, 3], 24), (0, [2 ** 40 + 7, 33], 24), (99, [1, 1], 4)]:
        state = np.random.SeedSequence(entropy=entropy, spawn_key=tuple(key), pool_size=pool).generate_state(4)
        seeds.append({"entropy": str(entropy), "spawn_key": [str(k) for k in key], "pool_size": pool,
                      "state": [int(s) for s in state]})

    rounding = [{"x": x, "rounded": round(x, 6)} for x in
                [0.0291675366461277, 14.614643096923828, 0.0078125, 2.5e-6, 1.0000005, 7.3219055, 123.4567895,
                 *rng.uniform(0, 30, 40).tolist()]]

    exp_inputs = np.concatenate([rng.uniform(-12, 12, 600), -np.log(rng.uniform(0.01, 30, 400))]).astype(np.float32)
    log_inputs = np.concatenate([np.exp(rng.uniform(-9, 9, 600)), rng.uniform(0.01, 30, 400)]).astype(np.float32)
    document = {
        "generator": "tests/reference/schedulers/make_brownian_reference.py",
        "torch": torch.__version__,
        "numpy": np.__version__,
        "torch_cpu_capability": "AVX2",
        "brownian_intervals": intervals,
        "seed_sequences": seeds,
        "rounding": rounding,
        "exp": [[int(np.float32(x).view(np.int32)), int(torch.exp(torch.tensor(x)).numpy().view(np.int32))] for x in exp_inputs],
        "log": [[int(np.float32(x).view(np.int32)), int(torch.log(torch.tensor(x)).numpy().view(np.int32))] for x in log_inputs],
    }
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(document, f, separators=(",", ":"))
        f.write("\n")
    print(f"{args.out}: {len(intervals)} Brownian intervals")


if __name__ == "__main__":
    main()
