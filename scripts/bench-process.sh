#!/usr/bin/env bash
# Whole-process timings: our CLI (examples/WitBindgen.Run) against a runner of the same shape on Wasmtime's own
# preview 1 (tests/ProcessBenchmarks/DefineWasiRun), on the same preview-1 programs, alternating, in the same run.
# The CLI is published ReadyToRun (precompiled: its start-up is what a user of `dotnet publish` gets, see README);
# the DefineWasi runner is built as it is. Prints "benchmark | ours ms | DefineWasi ms | ratio" with medians of N runs (default 7) and writes the table to
# .artifacts/bench-process.md. Usage: bash scripts/bench-process.sh [runs]
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
  log=$(dotnet publish "$1" -c Release -nologo -v q -p:PublishReadyToRun=true -o "$2" 2>&1) || { grep -E "error" <<<"$log" | sort -u; exit 1; }
}
publish "$root/examples/WitBindgen.Run/WitBindgen.Run.csproj" "$work/cli"
build "$root/tests/ProcessBenchmarks/DefineWasiRun/DefineWasiRun.csproj"
ours="$work/cli/witbindgen-run"
theirs="$root/tests/ProcessBenchmarks/DefineWasiRun/bin/Release/net10.0/linux-x64/definewasi-run"

for p in hello stdout64 copy64; do
  clang --target=wasm32-wasi --sysroot=/usr -O2 "$root/tests/ProcessBenchmarks/programs/$p.c" -o "$work/$p.wasm"
done
mkdir -p "$work/dir"
head -c $((64 * 1024 * 1024)) /dev/urandom >"$work/dir/in.bin"

# time_ms CMD...: runs CMD with stdout to /dev/null, prints its wall time in ms; fails if CMD does.
time_ms() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null
  end=$(date +%s%N)
  echo $(((end - start) / 1000))
}
median() { sort -n | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.1f", m / 1000 }'; }


declare -A cases=(
  [hello]="hello.wasm"
  [stdout64]="stdout64.wasm"
  [copy64]="--dir $work/dir::/d copy64.wasm /d/in.bin /d/out.bin"
)
table="| benchmark | ours (ms) | DefineWasi (ms) | ratio |
|---|---:|---:|---:|"
for name in hello stdout64 copy64; do
  read -r -a argv <<<"${cases[$name]}"
  (cd "$work" && "$ours" "${argv[@]}" >/dev/null) # warm-up (and the compile cache, where the CLI has one)
  (cd "$work" && "$theirs" "${argv[@]}" >/dev/null)
  if [ "$name" = copy64 ]; then cmp "$work/dir/in.bin" "$work/dir/out.bin"; fi
  : >"$work/ours.txt"; : >"$work/theirs.txt"
  for ((r = 0; r < runs; r++)); do
    (cd "$work" && time_ms "$ours" "${argv[@]}") >>"$work/ours.txt"
    (cd "$work" && time_ms "$theirs" "${argv[@]}") >>"$work/theirs.txt"
  done
  o=$(median <"$work/ours.txt"); t=$(median <"$work/theirs.txt")
  ratio=$(awk -v o="$o" -v t="$t" 'BEGIN { printf "%.2f", o / t }')
  table+="
| $name | $o | $t | $ratio |"
done
mkdir -p "$root/.artifacts"
printf '%s\n' "$table" | tee "$root/.artifacts/bench-process.md"
