#!/usr/bin/env bash
# The GPU check (issue #13): one script an NVIDIA machine runs in one go, in under 5 minutes,
# without downloads (NuGet packages must already be in the local package folder; the SD 1.5-sized
# random-weight model is given with ASSETFORGE_SD15_MODEL, exported with Python where DIFFUSERS_SRC is
# set, else written by `assetforge model random --like sd15` and compiled by AssetForge: no Python).
#
#   benchmarks/gpu/check.sh            # CPU half, then the GPU half where nvidia-smi sees a GPU
#   benchmarks/gpu/check.sh --cpu-only # CPU half only (what a machine without a GPU can check)
#
# CPU half: builds the CPU and the cuda-linux variants; the sample project on CPU twice (byte-
# identical); the CUDA variant with --execution-provider cuda must fail with AF3001 (exit 1, no
# stack trace) where CUDA is missing, and with auto must fall back to CPU with the CPU's bytes.
# GPU half: the sample project on CUDA twice (byte-identical), CUDA vs CPU per image (verify
# --tolerance), and the SD 1.5-sized model at 512^2, 30 steps, batch 1 and 4 through AssetForge and
# through bare ONNX Runtime sessions (benchmarks/pipeline), as one table.
# Both halves, given the SD 1.5-sized model: AssetForge compiles its diffusers folder, and the
# UNet's seconds per step and peak RSS are measured for the converter's export and the compiled
# graph, each in its own process (256^2 on CPU, 512^2 on CUDA).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
root="$PWD"
cpu_only=false
[ "${1:-}" = "--cpu-only" ] && cpu_only=true
# CUDA vs CPU: no channel of any pixel may differ by more than this (8-bit levels). Different
# kernels (cuDNN convolutions; TF32 is switched off by AssetForge, ExecutionProviders.AppendCuda) round differently; on the tiny
# model the difference stays within a few levels. Same provider, same machine: byte-identical.
tolerance="${ASSETFORGE_CUDA_TOLERANCE:-4}"
work="$(mktemp -d "${TMPDIR:-/tmp}/assetforge-gpu-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
unset ASSETFORGE_CACHE
failures=0
declare -a table
row() { table+=("$(printf '%-52s %s' "$1" "$2")"); echo "check: $1: $2"; }
fail() { failures=$((failures + 1)); row "$1" "FAIL $2"; }

echo "check: building the cpu and cuda-linux variants"
dotnet build host/AssetForge.Cli -c Release -nologo -v quiet >"$work/build-cpu.log" 2>&1 || { cat "$work/build-cpu.log"; exit 2; }
dotnet build host/AssetForge.Cli -c Release -nologo -v quiet -p:AssetForgeOnnxRuntime=cuda-linux >"$work/build-cuda.log" 2>&1 || { cat "$work/build-cuda.log"; exit 2; }
cpu_cli="$root/host/AssetForge.Cli/bin/Release/net10.0/assetforge"
cuda_cli="$root/host/AssetForge.Cli/bin/cuda-linux/Release/net10.0/assetforge"

# A fresh copy of the sample project per run, each with its own cache.
sample() { rm -rf "$work/$1"; cp -r assetspecs "$work/$1"; rm -rf "$work/$1/out" "$work/$1/.assetforge"; echo "$work/$1"; }
digest() { (cd "$1/out" && find . -name '*.png' | LC_ALL=C sort | xargs sha256sum); }
seconds() { local start=$SECONDS; "$@"; echo $((SECONDS - start)) >"$work/last-seconds"; }

p=$(sample cpu1); seconds "$cpu_cli" build "$p" --execution-provider cpu >"$work/cpu1.log" 2>&1 || fail "sample on cpu" "see $work/cpu1.log"
row "sample on cpu (23 images, tiny model)" "$(cat "$work/last-seconds") s"
p2=$(sample cpu2); "$cpu_cli" build "$p2" --execution-provider cpu >/dev/null 2>&1
if [ "$(digest "$p")" = "$(digest "$p2")" ]; then row "cpu vs cpu, two runs" "byte-identical"; else fail "cpu vs cpu, two runs" "bytes differ"; fi

gpu=false
if ! $cpu_only && command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1; then gpu=true; fi

p3=$(sample cuda-auto); "$cuda_cli" build "$p3" --execution-provider auto >"$work/auto.log" 2>&1 || fail "cuda variant, auto" "see $work/auto.log"
if ! $gpu; then
    if [ "$(digest "$p")" = "$(digest "$p3")" ]; then row "cuda variant, auto, no GPU here" "fell back to cpu, byte-identical to cpu"; else fail "cuda variant, auto, no GPU here" "bytes differ from cpu"; fi
    p4=$(sample cuda-named); set +e; "$cuda_cli" build "$p4" --execution-provider cuda --asset items/potion-health >"$work/named.out" 2>"$work/named.err"; rc=$?; set -e
    if [ $rc = 1 ] && grep -q "error AF3001" "$work/named.err" && ! grep -q "   at " "$work/named.err"; then
        row "cuda variant, --execution-provider cuda, no GPU" "exit 1, AF3001, no stack trace"
        grep -m1 -o "error AF3001: .*" "$work/named.err" | cut -c1-220
    else
        fail "cuda variant, --execution-provider cuda, no GPU" "exit $rc: $(head -c 300 "$work/named.err")"
    fi
fi

if $gpu; then
    nvidia-smi -L
    c1=$(sample cuda1); seconds "$cuda_cli" build "$c1" --execution-provider cuda >"$work/cuda1.log" 2>&1 || fail "sample on cuda" "see $work/cuda1.log"
    row "sample on cuda (23 images, tiny model)" "$(cat "$work/last-seconds") s"
    c2=$(sample cuda2); "$cuda_cli" build "$c2" --execution-provider cuda >/dev/null 2>&1
    if [ "$(digest "$c1")" = "$(digest "$c2")" ]; then row "cuda vs cuda, two runs" "byte-identical"; else fail "cuda vs cuda, two runs" "bytes differ"; fi
    # verify regenerates on CUDA and compares with the CPU-made cache entries.
    set +e; "$cuda_cli" verify "$p" --execution-provider cuda --tolerance "$tolerance" >"$work/verify.log" 2>&1; rc=$?; set -e
    sed 's/^/check:   /' "$work/verify.log" | tail -30
    if [ $rc = 0 ]; then row "cuda vs cpu (verify, tolerance $tolerance)" "all within"; else fail "cuda vs cpu (verify, tolerance $tolerance)" "see above"; fi
fi

# The SD 1.5-sized timings (benchmarks/pipeline), on one random-weight model given twice with the
# same weights: the converter's ONNX export (ASSETFORGE_SD15_MODEL) and a diffusers folder
# (ASSETFORGE_SD15_FOLDER) that AssetForge compiles itself. Made here when not given: with
# `assetforge model random --like sd15` where the CLI has it (the diffusers folder only), else with
# benchmarks/pipeline/make_sd15_random.py (both; needs DIFFUSERS_SRC, diffusers' v0.25 src/).
model="${ASSETFORGE_SD15_MODEL:-}"
folder="${ASSETFORGE_SD15_FOLDER:-}"
if [ -z "$model$folder" ] && "$cpu_cli" model random --help >/dev/null 2>&1; then
    folder="$work/sd15-folder"
    "$cpu_cli" model random --like sd15 "$folder" >"$work/model.log" 2>&1 || { cat "$work/model.log"; folder=""; }
fi
if [ -z "$model$folder" ] && [ -x /usr/bin/python3 ] && [ -n "${DIFFUSERS_SRC:-}" ]; then
    model="$work/sd15-random"; folder="$work/sd15-folder"
    /usr/bin/python3 benchmarks/pipeline/make_sd15_random.py "$model" --diffusers-out "$folder" --diffusers-src "$DIFFUSERS_SRC" \
        --tokenizer "$p/.assetforge/cache/models/builtin-tiny-v1/tokenizer" >"$work/model.log" 2>&1 || { cat "$work/model.log"; model=""; folder=""; }
fi
providers=cpu; size=256; steps=10; unet_sizes="256"; batches=1; variant=cpu
if $gpu; then providers=cuda; size=512; steps=30; unet_sizes="512"; batches="1 4"; variant=cuda-linux; fi
bench_bin="$root/benchmarks/pipeline/bin/$([ $variant = cpu ] || echo "$variant/")Release/net10.0/AssetForge.Pipeline.Benchmarks"
if [ -n "$model$folder" ]; then
    dotnet build benchmarks/pipeline -c Release -nologo -v quiet -p:AssetForgeOnnxRuntime=$variant >"$work/build-bench.log" 2>&1 || { cat "$work/build-bench.log"; exit 2; }
fi
bench() { "$bench_bin" "$@"; }
# Peak RSS of one process (GNU time where installed), for the arms that each run alone.
peak() { if [ -x /usr/bin/time ]; then /usr/bin/time -f 'peak RSS %M KiB' "$bench_bin" "$@"; else "$bench_bin" "$@"; fi; }
if [ -n "$folder" ]; then
    compiled_root="$work/compiled"
    out=$(bench --mode compile --model "$folder" --into "$compiled_root" 2>&1) || { echo "$out"; fail "compile the SD 1.5-sized folder" "did not compile"; }
    echo "$out" | sed 's/^/check:   /'
    row "compile the SD 1.5-sized diffusers folder" "$(echo "$out" | grep -o 'in [0-9.]* s' | head -1)"
    compiled=$(find "$compiled_root" -mindepth 1 -maxdepth 1 -type d -name 'compiled-*' ! -name '*.tmp-*' | head -1)
    for s in $unet_sizes; do
        for arm in ${model:+converter} compiled; do
            dir=$([ $arm = converter ] && echo "$model" || echo "$compiled")
            out=$(peak --mode unet --model "$dir" --provider "$providers" --size "$s" --steps 4 2>&1) || { echo "$out"; fail "unet $arm ${s}^2" "did not run"; continue; }
            echo "$out" | sed 's/^/check:   /'
            row "unet ${s}^2 per step, $arm ($providers)" "$(echo "$out" | grep -o 'median later step [0-9.]* s' | head -1), $(echo "$out" | grep -o 'peak RSS [0-9]* KiB' || echo 'peak RSS ?')"
        done
    done
fi
if [ -z "$model" ]; then
    # Without Python: a random-weight SD 1.5-sized checkpoint (assetforge model random), compiled
    # by AssetForge's graph builders through a one-step build; the compiled ONNX folder is the model.
    q="$work/sd15-project"; mkdir -p "$q"
    printf 'output: out\ncache: .assetforge/cache\nmodels:\n  sd15: %s\n' "$work/sd15-checkpoint" >"$q/assetforge.yaml"
    printf -- '- id: compile\n  output: compile.png\n  model: sd15\n  prompt: "compile"\n  seed: 1\n  steps: 1\n  width: 64\n  height: 64\n' >"$q/compile.yaml"
    if "$cpu_cli" model random --like sd15 "$work/sd15-checkpoint" >"$work/model.log" 2>&1 && seconds "$cpu_cli" build "$q" >>"$work/model.log" 2>&1; then
        model="$(find "$q/.assetforge/cache/models" -maxdepth 1 -name 'compiled-*' | head -1)"
        row "SD 1.5-sized random checkpoint compiled (+1 step at 64^2)" "$(cat "$work/last-seconds") s"
    else
        cat "$work/model.log"; fail "SD 1.5-sized random checkpoint" "could not be written or compiled"
    fi
fi
if [ -n "$model" ]; then
    for batch in $batches; do
        out=$(bench --model "$model" --provider "$providers" --size "$size" --steps "$steps" --batch "$batch" --rounds 2 2>&1) || { echo "$out"; fail "pipeline benchmark batch $batch" "did not run"; continue; }
        echo "$out" | sed 's/^/check:   /'
        row "SD 1.5-sized ${size}^2 ${steps} steps batch $batch on $providers" "$(echo "$out" | grep -m1 '^ratio' || echo '?')"
    done
fi
if [ -z "$model$folder" ]; then
    row "SD 1.5-sized timings" "skipped: set ASSETFORGE_SD15_MODEL / ASSETFORGE_SD15_FOLDER (or DIFFUSERS_SRC to make them)"
fi

echo
echo "AssetForge GPU check ($(uname -m), $($gpu && echo GPU || echo 'no GPU'))"
printf '%s\n' "${table[@]}"
[ $failures = 0 ] && echo "check: passed" || { echo "check: $failures failed"; exit 1; }
