#!/usr/bin/python3
"""Reference vectors for AssetForge's RNG kinds (host/AssetForge.Core/Randomness).

Run with Debian's interpreter, which has torch (1.13) and numpy:
    /usr/bin/python3 tests/reference/rng/make_reference.py
It re-runs itself once per torch CPU kernel (ATEN_CPU_CAPABILITY=default for `torch`, =avx2 for
`torch-avx2`; the capability is read when torch loads) and writes, next to this script:
  rng_reference.json  exact float32 bit patterns (hex) of individual draws, sequences of draws,
                      and (torch kinds) one 2^25-element draw
  rng_property.json   SHA-256 digests of long sequences over many seeds
  libm_digest.json    SHA-256 of the libm's logf/sinf/cosf on every input torch's kernel can give
Draws longer than FULL_LIMIT elements are stored as the SHA-256 of their little-endian float32
bytes plus their first and last HEAD elements.
"""
import hashlib
import json
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FULL_LIMIT = 256
HEAD = 8

SEEDS = [0, 1, 42, 2**31 - 1, 2**32 - 1, 2**32, 2**32 + 5, 2**63, 2**64 - 1]
SEEDS += [random.Random(20240607).getrandbits(64) for _ in range(3)]
SIZES = [1, 2, 3, 7, 15, 16, 17, 31, 32, 33, 100, 4 * 8 * 8, 4 * 64 * 64]
SEQUENCES = [
    [5, 100, 3],          # large between small ones
    [1, 1, 1, 1, 3],      # cached second Box-Muller value across calls
    [1, 16, 1],           # the block path leaves the cache alone
    [16384, 1, 2, 7],     # small after large
    [3, 16, 1, 17, 2],
    [7, 7, 33, 15],
    [2000, 1000, 17, 31],
]
SEQUENCE_SEEDS = [0, 42, 2**32 + 5, SEEDS[-1]]
# One draw of 2^25 elements per torch kernel: about 2^24 Box-Muller pairs, so most of the 2^24
# possible inputs of each float32 log/sin/cos the kernels call (torch kinds only; slow tests).
LARGE = [(909090, 1 << 25)]


def bits_of(array):
    import numpy as np
    a = np.ascontiguousarray(array, dtype=np.float32).reshape(-1)
    return a.view("<u4"), a.astype("<f4").tobytes()


def encode(array):
    words, raw = bits_of(array)
    if len(words) <= FULL_LIMIT:
        return {"n": len(words), "bits": ["%08x" % w for w in words]}
    return {
        "n": len(words),
        "sha256": hashlib.sha256(raw).hexdigest(),
        "head": ["%08x" % w for w in words[:HEAD]],
        "tail": ["%08x" % w for w in words[-HEAD:]],
    }


def torch_draws(seed, sizes):
    import torch
    torch.manual_seed(seed)
    out = []
    for n in sizes:
        # A latent-shaped draw for the latent size, to show shape does not matter, only numel.
        shape = (1, 4, 64, 64) if n == 4 * 64 * 64 else (n,)
        out.append(torch.randn(*shape, dtype=torch.float32).numpy())
    return out


def numpy_draws(seed, sizes):
    import numpy as np
    # NumPy refuses seeds >= 2^32; AssetForge defines them as the two 32-bit words (low first).
    state = np.random.RandomState(seed if seed < 2**32 else [seed & 0xFFFFFFFF, seed >> 32])
    return [state.randn(*((1, 4, 64, 64) if n == 4 * 64 * 64 else (n,))).astype(np.float32) for n in sizes]


def cases(draw):
    result = []
    for seed in SEEDS:
        for n in SIZES:
            result.append({"seed": str(seed), "draws": [encode(a) for a in draw(seed, [n])]})
    for seed in SEQUENCE_SEEDS:
        for sizes in SEQUENCES:
            result.append({"seed": str(seed), "draws": [encode(a) for a in draw(seed, sizes)]})
    return result


def property_cases(draw):
    rng = random.Random(7)
    seeds = list(range(64)) + [rng.getrandbits(64) for _ in range(192)]
    result = []
    for seed in seeds:
        sizes = [rng.randint(1, 15), rng.randint(16, 3000), rng.randint(1, 15), rng.randint(1, 15), 4 * 64 * 64,
                 rng.randint(16, 64)]
        digest = hashlib.sha256()
        for a in draw(seed, sizes):
            digest.update(bits_of(a)[1])
        result.append({"seed": str(seed), "sizes": sizes, "sha256": digest.hexdigest()})
    return result


def child(kind):
    if kind.startswith("torch"):
        import torch
        draw = torch_draws
        versions = {"torch": torch.__version__, "cpu_capability": os.environ["ATEN_CPU_CAPABILITY"]}
    else:
        import numpy
        draw = numpy_draws
        versions = {"numpy": numpy.__version__}
    result = {"versions": versions, "cases": cases(draw), "property": property_cases(draw)}
    if kind.startswith("torch"):
        result["large"] = [{"seed": str(seed), "draws": [encode(a) for a in draw(seed, [n])]} for seed, n in LARGE]
    json.dump(result, sys.stdout)


def run_child(kind, capability=None):
    env = dict(os.environ)
    if capability:
        env["ATEN_CPU_CAPABILITY"] = capability
    out = subprocess.run([sys.executable, __file__, "--child", kind], env=env, check=True,
                         stdout=subprocess.PIPE).stdout
    return json.loads(out)


def libm_digests():
    source = os.path.join(HERE, "libm_digest.c")
    exe = os.path.join("/tmp", "assetforge_libm_digest")
    subprocess.run(["gcc", "-O2", "-fno-builtin", source, "-o", exe, "-lm"], check=True)
    raw = subprocess.run([exe], check=True, stdout=subprocess.PIPE).stdout
    part = len(raw) // 3
    names = ["logf", "sinf", "cosf"]
    libc = subprocess.run(["ldd", "--version"], stdout=subprocess.PIPE, text=True).stdout.splitlines()[0]
    return {"libc": libc, **{names[i]: hashlib.sha256(raw[i * part:(i + 1) * part]).hexdigest() for i in range(3)}}


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
        return
    results = {"torch": run_child("torch", "default"), "torch-avx2": run_child("torch-avx2", "avx2"),
               "numpy": run_child("numpy")}
    reference = {"note": "float32 bit patterns as hex; see make_reference.py", "full_limit": FULL_LIMIT}
    prop = {"note": "sha256 of the little-endian float32 bytes of all draws of a sequence, in order"}
    for kind, r in results.items():
        reference[kind] = {"versions": r["versions"], "cases": r["cases"]}
        if "large" in r:
            reference[kind]["large"] = r["large"]
        prop[kind] = {"versions": r["versions"], "cases": r["property"]}
    with open(os.path.join(HERE, "rng_reference.json"), "w") as f:
        json.dump(reference, f, separators=(",", ":"))
    with open(os.path.join(HERE, "rng_property.json"), "w") as f:
        json.dump(prop, f, indent=0, separators=(",", ":"))
    with open(os.path.join(HERE, "libm_digest.json"), "w") as f:
        json.dump(libm_digests(), f, indent=1)


if __name__ == "__main__":
    main()
