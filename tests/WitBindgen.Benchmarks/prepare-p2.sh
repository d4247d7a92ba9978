#!/usr/bin/env bash
# Builds the WASI 0.2 benchmark guests (guests/p2bench.c, three modes) into out/, each as a core module for our
# runtime and as a component (jco 1.35.0, through tests/WitBindgen.P2.Tests) for Wasmtime's own WASI 0.2.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
p2="$here/../WitBindgen.P2.Tests"
bash "$p2/prepare.sh" >/dev/null
mkdir -p "$here/out"
for mode in 1:p2-now 2:p2-stream64 3:p2-hello; do
  name=${mode#*:}
  clang --target=wasm32 -nostdlib -O2 -Wl,--no-entry -Wl,-z,stack-size=65536 -DMODE="${mode%%:*}" \
    "$here/guests/p2bench.c" -o "$here/out/$name.wasm"
  (cd "$p2" && node make-components.mjs guest "$here/out/$name.wasm" "$here/out/$name.component.wasm")
done
echo "p2 benchmark guests are in $here/out"
