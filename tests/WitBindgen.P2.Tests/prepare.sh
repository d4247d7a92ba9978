#!/usr/bin/env bash
# Builds what WitBindgen.P2.Tests runs, into out/ (idempotent):
# - jco 1.35.0 (pinned in package-lock.json, the same lock as the oracle suite's), for its preview-1 adapter
#   (lib/wasi_snapshot_preview1.command.wasm) and wit-component (componentEmbed/componentNew);
# - guests/*.c: freestanding C guests importing WASI 0.2.12 directly (clang --target=wasm32, no libc), their
#   components (make-components.mjs guest), and cli built against WASI 0.2.0 names (cli-0.2.0.wasm);
# - tests/WitBindgen.Preview1.Tests/corpus/*.c: preview-1 programs (clang --target=wasm32-wasi, wasi-libc) and
#   their components with the adapter (make-components.mjs preview1).
# Not `npm ci`: see tests/WitBindgen.Oracle.Tests/prepare.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"

major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
  echo "p2: jco 1.35.0 needs node >= 20, found $(node --version)" >&2
  exit 1
fi
stamp=node_modules/.p2-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  npm install --no-save --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
adapter=node_modules/@bytecodealliance/jco/lib/wasi_snapshot_preview1.command.wasm
[ -f "$adapter" ] || { echo "p2: $adapter missing" >&2; exit 1; }

clang="${WASI_CLANG:-clang}"
sysroot="${WASI_SYSROOT:-/usr}"
mkdir -p out out/corpus
cp "$adapter" out/wasi_snapshot_preview1.command.wasm

# Rebuild an output when it is older than its inputs.
stale() { local out=$1; shift; [ ! -f "$out" ] || [ -n "$(find "$@" -newer "$out" 2>/dev/null)" ]; }

core_flags=(--target=wasm32 -nostdlib -O2 -Wl,--no-entry -Wl,-z,stack-size=65536)
for src in guests/*.c; do
  name=$(basename "$src" .c)
  if stale "out/$name.wasm" "$src" guests/wasi02.h; then
    "$clang" "${core_flags[@]}" "$src" -o "out/$name.wasm"
  fi
  if stale "out/$name.component.wasm" "out/$name.wasm" make-components.mjs; then
    node make-components.mjs guest "out/$name.wasm" "out/$name.component.wasm"
  fi
done
if stale out/cli-0.2.0.wasm guests/cli.c guests/wasi02.h; then
  "$clang" "${core_flags[@]}" -DWASI_V='"0.2.0"' guests/cli.c -o out/cli-0.2.0.wasm
fi

corpus=../WitBindgen.Preview1.Tests/corpus
for src in "$corpus"/*.c; do
  name=$(basename "$src" .c)
  if stale "out/corpus/$name.wasm" "$src"; then
    "$clang" --target=wasm32-wasi --sysroot="$sysroot" -O2 "$src" -o "out/corpus/$name.wasm"
  fi
  if stale "out/corpus/$name.component.wasm" "out/corpus/$name.wasm" "$adapter" make-components.mjs; then
    node make-components.mjs preview1 "out/corpus/$name.wasm" "$adapter" "out/corpus/$name.component.wasm"
  fi
done
echo "p2: guests and components are in $here/out"
