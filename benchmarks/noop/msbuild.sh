#!/usr/bin/env bash
# No-op `dotnet build` of a console game with N specs (10 folders, builtin:tiny at 8x8) through
# the AssetForge.MSBuild package, packed from this checkout (build host/AssetForge.MSBuild -c
# Release first). Per round, timed: a no-op build (the target's Inputs/Outputs skip the task);
# a build with the task's stamp deleted, so the task runs the CLI, which answers from its no-op
# state (the fast path); the same with the no-op state deleted too (the full path).
#
#   benchmarks/noop/msbuild.sh [N=1000] [ROUNDS=3] [WORK=${TMPDIR:-/tmp}/assetforge-noop-msbuild]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"; n=${1:-1000}; rounds=${2:-3}
W="${3:-${TMPDIR:-/tmp}/assetforge-noop-msbuild}"; rm -rf "$W"; mkdir -p $W/feed $W/pkgs $W/game/assetspecs
ver=0.0.1-fp.$(date +%s)
dotnet pack $repo/host/AssetForge.MSBuild/AssetForge.MSBuild.csproj -c Release --no-build -o $W/feed -p:PackageVersion=$ver -nodeReuse:false -v q >/dev/null
cd $W/game
cat > Game.csproj <<X
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageReference Include="AssetForge.MSBuild" Version="$ver" /></ItemGroup>
</Project>
X
echo 'System.Console.WriteLine("game");' > Program.cs
cat > NuGet.config <<X
<?xml version="1.0" encoding="utf-8"?>
<configuration><packageSources><add key="fp" value="$W/feed" /></packageSources></configuration>
X
printf 'defaults:\n  model: builtin:tiny\n  scheduler: euler\n  steps: 1\n  cfg: 1\n  width: 8\n  height: 8\nexecution_provider: cpu\n' > assetspecs/assetforge.yaml
for ((i = 0; i < n; i++)); do d=assetspecs/d$((i % 10)); mkdir -p $d; printf 'prompt: "asset %d"\nseed: %d\n' $i $i > $d/a$i.yaml; done
export NUGET_PACKAGES=$W/pkgs ASSETFORGE_CACHE=
dotnet build -v q -nologo >/dev/null
stamp=$(find obj -name build.stamp | head -1); echo "stamp: $stamp" >&2
rm -f "$stamp"; dotnet build -v q -nologo >/dev/null   # the task runs: full path, writes the no-op state
ls assetspecs/.assetforge/noop.state >&2
t() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); awk -v a=$s -v b=$e 'BEGIN{printf "%.3f ", b-a}'; }
for ((r = 1; r <= rounds; r++)); do
  echo -n "round $r: no-op (target skipped) "; t dotnet build -v q -nologo
  rm -f "$stamp"; echo -n " task runs, fast path "; t dotnet build -v q -nologo
  rm -f "$stamp" assetspecs/.assetforge/noop.state; echo -n " task runs, full path "; t dotnet build -v q -nologo
  echo
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
