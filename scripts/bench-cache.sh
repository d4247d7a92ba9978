#!/usr/bin/env bash
# The CLI's compile cache on a program whose cost is its compilation: a generated preview-1 module of 20+ MiB of
# code (N functions of arithmetic, each called once). Runs the published CLI with an empty cache directory (first run:
# compile and store) and again (second run: load the stored module), R rounds, and prints the medians and their ratio.
# Usage: bash scripts/bench-cache.sh [rounds]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

log=$(dotnet publish "$root/examples/WitBindgen.Run/WitBindgen.Run.csproj" -c Release -nologo -v q -o "$work/cli" 2>&1) \
  || { grep -E "error" <<<"$log" | sort -u; exit 1; }
cli="$work/cli/witbindgen-run"

# 1,000 functions of 3,000 i32 additions each, a _start that calls them all and exits through proc_exit(0).
python3 - "$work/big.wat" <<'PY'
import sys
funcs, steps = 1000, 3000
with open(sys.argv[1], "w") as out:
    out.write('(module\n (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))\n (memory (export "memory") 1)\n')
    for f in range(funcs):
        out.write(f' (func $f{f} (param i32) (result i32)\n')
        out.write(''.join(f'  (local.set 0 (i32.add (local.get 0) (i32.const {(f * 7 + s) % 1000 + 1})))\n' for s in range(steps)))
        out.write('  (local.get 0))\n')
    out.write(' (func (export "_start") (local i32)\n')
    out.write(''.join(f'  (local.set 0 (call $f{f} (local.get 0)))\n' for f in range(funcs)))
    out.write('  (call $exit (i32.const 0)))\n)\n')
PY
wat2wasm "$work/big.wat" -o "$work/big.wasm"
echo "program: $(($(stat -c %s "$work/big.wasm") / 1024 / 1024)) MiB"

time_ms() { local s e; s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N); echo $(((e - s) / 1000000)); }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
: >"$work/first"; : >"$work/second"
for ((r = 0; r < rounds; r++)); do
  cache="$work/cache-$r"
  time_ms env XDG_CACHE_HOME="$cache" "$cli" "$work/big.wasm" >>"$work/first"
  time_ms env XDG_CACHE_HOME="$cache" "$cli" "$work/big.wasm" >>"$work/second"
done
first=$(median <"$work/first"); second=$(median <"$work/second")
echo "first run (compile, store): $first ms; second run (cached): $second ms; ratio $(awk -v a="$second" -v b="$first" 'BEGIN { printf "%.3f", a / b }')"
