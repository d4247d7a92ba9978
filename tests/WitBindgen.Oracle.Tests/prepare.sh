#!/usr/bin/env bash
# Installs what the oracle tests need: node and today's wit-component (jco 1.35.0, pinned in package-lock.json).
# The tests generate the core guest and run make-component.mjs themselves; this checks that it can run.
# Idempotent: npm installs only when node_modules was not made from this package-lock.json. Exits non-zero on failure.
# Not `npm ci`: npm 11 refuses it for this lock because some of jco's optional platform packages (win32, musl) are not
# on the registry, so no lock can list them; `npm install --no-save` installs exactly the locked versions all the same.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
  echo "oracle: jco 1.35.0 needs node >= 20, found $(node --version)" >&2
  exit 1
fi

stamp=node_modules/.oracle-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  npm install --no-save --no-audit --no-fund --loglevel=error
  echo "$want" >"$stamp"
fi

node make-component.mjs --self-check

# The resource oracle (Resources/): the C guest under both namings, and path B, the component jco 1.35.0 makes of it
# and transpiles to JavaScript. Rebuilt when an input is newer than the output.
stale() { local out=$1; shift; [ ! -f "$out" ] || [ -n "$(find "$@" -newer "$out" 2>/dev/null)" ]; }
mkdir -p out/res
for naming in legacy cm32p2; do
  core=out/res/guest-$naming.wasm
  if stale "$core" Resources/guest.c; then
    flags=(--target=wasm32 -nostdlib -O2 -Wall -Werror -Wl,--no-entry -Wl,-z,stack-size=65536)
    [ "$naming" = cm32p2 ] && flags+=(-DCM32P2)
    clang "${flags[@]}" Resources/guest.c -o "$core.tmp.wasm"
    # wasm-ld names the memory "memory"; today's cm32p2 guests export it as cm32p2_memory.
    wasm2wat "$core.tmp.wasm" -o "$core.wat"
    [ "$naming" = cm32p2 ] && sed -i 's/(export "memory" (memory/(export "cm32p2_memory" (memory/' "$core.wat"
    wat2wasm "$core.wat" -o "$core"
    rm -f "$core.tmp.wasm" "$core.wat"
  fi
  if stale "out/res/js-$naming/res.js" "$core" wit-res/res.wit Resources/make-res.mjs; then
    node Resources/make-res.mjs "$core" wit-res/res.wit res "out/res/js-$naming"
  fi
done
