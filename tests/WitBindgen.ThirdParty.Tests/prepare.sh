#!/usr/bin/env bash
# Prepares tests/WitBindgen.ThirdParty.Tests on a fresh Debian machine, idempotently:
#  1. node and npm (Debian packages) if missing;
#  2. @bytecodealliance/jco@0.6.1 from package-lock.json (npm ci): it ships the guest, wasm-tools.core.wasm,
#     and the JavaScript glue jco generated for it;
#  3. out/expected.json: the results of that glue for the calls listed in expected.mjs, which the C# tests replay.
# Exits non-zero on any failure.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "prepare: installing nodejs and npm"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null
fi

installed=$(node -p "try { require('./node_modules/@bytecodealliance/jco/package.json').version } catch { '' }")
if [ "$installed" != "0.6.1" ] || [ ! -f node_modules/@bytecodealliance/jco/wasm-tools.core.wasm ]; then
  echo "prepare: npm ci (jco 0.6.1)"
  npm ci --no-audit --no-fund --loglevel=error
fi

node expected.mjs out/expected.json
