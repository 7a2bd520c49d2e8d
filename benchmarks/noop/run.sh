#!/usr/bin/env bash
# No-op build benchmark: how long an unchanged project takes to build, against ninja on the same graph.
#
# For each project size it generates a project of N one-asset specs in 100 folders (builtin:tiny,
# 8x8, 1 step, so the first build is cheap), builds it twice (the second build writes the no-op
# state, .assetforge/noop.state, that the fast path reads), writes an equivalent build.ninja (one
# edge per spec: spec -> output, so ninja stats the same two files per asset and checks its log),
# builds that once, and then times, interleaved round by round so machine noise hits all alike:
#   assetforge build (no-op: the fast path)      assetforge status (the fast path)
#   assetforge build without its no-op state (the full path: it plans every spec, and writes the
#   state again; the baseline the fast path is measured against)      ninja (no-op)
# It prints medians of wall time and peak RSS, the ratios to ninja, and the load average before
# and after. Timings are noisy on a shared machine: compare ratios from one run, never numbers
# across runs.
#
#   benchmarks/noop/run.sh [--sizes "1 1000 10000"] [--rounds 5] [--work DIR] [--assetforge PATH]
#
# Needs GNU time (/usr/bin/time) and ninja (Debian: apt-get install ninja-build time).
# CI runs it with --sizes 100 --rounds 1 only to check that it works; it asserts nothing about
# speed, but it fails when the no-op state is not written or the fast path does not answer.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
sizes="1 1000 10000"
rounds=5
work="${TMPDIR:-/tmp}/assetforge-noop-bench"
assetforge=""

while [ $# -gt 0 ]; do
    case "$1" in
        --sizes) sizes="$2"; shift 2 ;;
        --rounds) rounds="$2"; shift 2 ;;
        --work) work="$2"; shift 2 ;;
        --assetforge) assetforge="$2"; shift 2 ;;
        -h|--help) sed -n '2,21p' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "run.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done

for tool in /usr/bin/time ninja; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "run.sh: '$tool' not found (Debian: apt-get install time ninja-build)" >&2
        exit 2
    fi
done

if [ -z "$assetforge" ]; then
    echo "run.sh: building the Release CLI" >&2
    dotnet build "$repo/host/AssetForge.Cli/AssetForge.Cli.csproj" -c Release -nologo -v q >&2
    assetforge="$repo/host/AssetForge.Cli/bin/Release/net10.0/assetforge"
fi

# make_project DIR N: N one-asset specs in 100 folders (fewer when N < 100).
make_project() {
    local dir="$1" n="$2" i folder
    rm -rf "$dir"
    mkdir -p "$dir/specs"
    cat >"$dir/assetforge.yaml" <<YAML
defaults:
  model: builtin:tiny
  scheduler: euler
  steps: 1
  cfg: 1
  width: 8
  height: 8
output: out
cache: .assetforge/cache
execution_provider: cpu
YAML
    for ((i = 0; i < n; i++)); do
        folder="$dir/specs/d$((i % 100))"
        [ -d "$folder" ] || mkdir -p "$folder"
        printf 'prompt: "asset %d"\nseed: %d\n' "$i" "$i" >"$folder/a$i.yaml"
    done
    # The equivalent ninja graph: one edge per spec, the output under the same output root.
    {
        echo "rule gen"
        echo "  command = cp \$in \$out"
        for ((i = 0; i < n; i++)); do
            echo "build ninja-out/d$((i % 100))/a$i.png: gen specs/d$((i % 100))/a$i.yaml"
        done
    } >"$dir/build.ninja"
}

# measure OUTFILE CMD...: appends "wall_seconds peak_kib" of one run of CMD to OUTFILE.
measure() {
    local out="$1"; shift
    local start end
    # GNU time's %e has 10 ms resolution (ninja's no-op reads 0.00), so wall time comes from the
    # clock around it; time's own start-up is the same for every tool measured.
    start=$(date +%s.%N)
    /usr/bin/time -f "%M" -o "$out.last" "$@" >/dev/null 2>&1 || {
        echo "run.sh: command failed: $*" >&2
        cat "$out.last" >&2 || true
        exit 1
    }
    end=$(date +%s.%N)
    echo "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", b - a }') $(tail -n 1 "$out.last")" >>"$out"
}

# median FILE COLUMN
median() {
    sort -g -k"$2","$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

mkdir -p "$work"
results="$work/results.txt"
: >"$results"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for n in $sizes; do
    dir="$work/p$n"
    echo "run.sh: project of $n specs in $dir" >&2
    make_project "$dir" "$n"
    (cd "$dir" && ninja -j 2 >/dev/null)
    "$assetforge" build "$dir" >/dev/null
    # The first build of a project writes no no-op state (its outputs and lock file change the
    # folders it searched); the second does, and the third must be answered by the fast path.
    "$assetforge" build "$dir" >/dev/null
    if ! "$assetforge" build "$dir" -v detailed 2>&1 >/dev/null | grep -q '^no-op proven'; then
        echo "run.sh: the no-op fast path did not answer for $dir:" >&2
        "$assetforge" build "$dir" -v detailed 2>&1 | grep 'no-op' >&2 || true
        exit 1
    fi
    # Timings go beside the project, never into it: a new file in a spec folder is a change.
    t="$work/t$n"
    rm -f "$t".*
    for ((r = 1; r <= rounds; r++)); do
        measure "$t.build" "$assetforge" build "$dir"
        measure "$t.status" "$assetforge" status "$dir"
        measure "$t.full" sh -c 'rm -f "$1/.assetforge/noop.state" && exec "$2" build "$1"' full "$dir" "$assetforge"
        measure "$t.ninja" ninja -C "$dir"
    done
    b=$(median "$t.build" 1); bm=$(median "$t.build" 2)
    s=$(median "$t.status" 1); sm=$(median "$t.status" 2)
    f=$(median "$t.full" 1); fm=$(median "$t.full" 2)
    k=$(median "$t.ninja" 1); km=$(median "$t.ninja" 2)
    echo "$n $b $bm $s $sm $f $fm $k $km" >>"$results"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

echo
echo "No-op build, medians of $rounds interleaved rounds ($(nproc) cores, $(date -u +%Y-%m-%d), load average before: $load_before, after: $load_after)"
echo
echo "| specs | build (fast path) | peak RSS | status (fast path) | build, full path | full path peak RSS | ninja | ninja peak RSS | build / ninja | status / ninja | full / fast |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
while read -r n b bm s sm f fm k km; do
    awk -v n="$n" -v b="$b" -v bm="$bm" -v s="$s" -v f="$f" -v fm="$fm" -v k="$k" -v km="$km" 'BEGIN {
        kk = (k > 0.0001) ? k : 0.0001
        printf "| %d | %.3f s | %.0f MiB | %.3f s | %.3f s | %.0f MiB | %.3f s | %.0f MiB | %.1fx | %.1fx | %.1fx |\n", n, b, bm / 1024, s, f, fm / 1024, k, km / 1024, b / kk, s / kk, f / b
    }'
done <"$results"
