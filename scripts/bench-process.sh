#!/usr/bin/env bash
# Whole-process timings: our CLI (examples/WitBindgen.Run) against a runner of the same shape on Wasmtime's own
# preview 1 (tests/ProcessBenchmarks/DefineWasiRun), on the same preview-1 programs, alternating, in the same run.
# The CLI is published as README's publish command does (NativeAOT where clang or gcc is installed, else ReadyToRun:
# its start-up is what a user of `dotnet publish` gets); the DefineWasi runner is built as it is. Prints "benchmark | ours | DefineWasi | ratio" for wall time and for CPU
# time (user + system), medians of N runs (default 7), and writes the table to .artifacts/bench-process.md.
# Usage: bash scripts/bench-process.sh [runs]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-7}
work=$(mktemp -d)
export XDG_CACHE_HOME="$work/cache" # the CLI's compile cache, not the user's
trap 'rm -rf "$work"' EXIT

build() {
  local log
  log=$(dotnet build "$1" -c Release -nologo -v q 2>&1) || { grep -E "error" <<<"$log" | sort -u; exit 1; }
}
publish() {
  local log
  log=$(dotnet publish "$1" -c Release -nologo -v q -o "$2" 2>&1) || { grep -E "error" <<<"$log" | sort -u; exit 1; }
}
publish "$root/examples/WitBindgen.Run/WitBindgen.Run.csproj" "$work/cli"
build "$root/tests/ProcessBenchmarks/DefineWasiRun/DefineWasiRun.csproj"
ours="$work/cli/witbindgen-run"
if [ -f "$work/cli/witbindgen-run.dll" ]; then form=ReadyToRun; else form=NativeAOT; fi
echo "ours: witbindgen-run published $form"
theirs="$root/tests/ProcessBenchmarks/DefineWasiRun/bin/Release/net10.0/linux-x64/definewasi-run"

for p in hello stdout64 copy64; do
  clang --target=wasm32-wasi --sysroot=/usr -O2 "$root/tests/ProcessBenchmarks/programs/$p.c" -o "$work/$p.wasm"
done
mkdir -p "$work/dir"
head -c $((64 * 1024 * 1024)) /dev/urandom >"$work/dir/in.bin"

# measure CMD...: runs CMD with stdout to /dev/null, prints its wall time and its CPU time (user + system, children
# included) in µs; fails if CMD does. CPU time is the figure to trust when other work shares the machine. The CPU
# time is the difference of RUSAGE_CHILDREN around the call: the count survives exec, so a launcher that runs
# processes before it execs python (pyenv's shim: about 85 ms) would otherwise be counted in every figure.
measure() {
  python3 -c '
import os, resource, subprocess, sys, time
before = resource.getrusage(resource.RUSAGE_CHILDREN)
start = time.perf_counter()
status = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)
wall = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
print(int(wall * 1e6), int(cpu * 1e6))
sys.exit(status)' "$@"
}
median() { sort -n | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.1f", m / 1000 }'; }
ratio() { awk -v o="$1" -v t="$2" 'BEGIN { printf "%.2f", o / t }'; }

declare -A cases=(
  [hello]="hello.wasm"
  [stdout64]="stdout64.wasm"
  [copy64]="--dir $work/dir::/d copy64.wasm /d/in.bin /d/out.bin"
)
table="| benchmark | ours (ms) | DefineWasi (ms) | ratio | ours CPU (ms) | DefineWasi CPU (ms) | CPU ratio |
|---|---:|---:|---:|---:|---:|---:|"
for name in hello stdout64 copy64; do
  read -r -a argv <<<"${cases[$name]}"
  (cd "$work" && "$ours" "${argv[@]}" >/dev/null) # warm-up (and the compile cache, where the CLI has one)
  (cd "$work" && "$theirs" "${argv[@]}" >/dev/null)
  if [ "$name" = copy64 ]; then cmp "$work/dir/in.bin" "$work/dir/out.bin"; fi
  : >"$work/ours.txt"; : >"$work/theirs.txt"
  for ((r = 0; r < runs; r++)); do
    (cd "$work" && measure "$ours" "${argv[@]}") >>"$work/ours.txt"
    (cd "$work" && measure "$theirs" "${argv[@]}") >>"$work/theirs.txt"
  done
  o=$(cut -d' ' -f1 "$work/ours.txt" | median); t=$(cut -d' ' -f1 "$work/theirs.txt" | median)
  oc=$(cut -d' ' -f2 "$work/ours.txt" | median); tc=$(cut -d' ' -f2 "$work/theirs.txt" | median)
  table+="
| $name | $o | $t | $(ratio "$o" "$t") | $oc | $tc | $(ratio "$oc" "$tc") |"
done
mkdir -p "$root/.artifacts"
printf '%s\n' "$table" | tee "$root/.artifacts/bench-process.md"
