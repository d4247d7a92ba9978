#!/usr/bin/env bash
# Installs jco 1.35.0 (pinned in package-lock.json, the same lock as the oracle suite's) and makes out/*.dummy.wasm:
# the core module jco's componentEmbed({ dummy: true }) gives a guest of wit/store.wit's world (and of wit-worlds/ and
# the resource oracle's wit-res/). Idempotent.
# Not `npm ci`: see tests/WitBindgen.Oracle.Tests/prepare.sh (jco's optional platform packages are not all on the registry).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"

major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
  echo "resources: jco 1.35.0 needs node >= 20, found $(node --version)" >&2
  exit 1
fi
stamp=node_modules/.package-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  npm install --no-save --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
node embed-dummy.mjs wit/store.wit host-resources out/host-resources.dummy.wasm
node embed-dummy.mjs wit-worlds/worlds.wit worlds out/worlds.dummy.wasm
# The resource oracle's world: the generator tests check CoreImports/CoreExports against its dummy.
node embed-dummy.mjs ../WitBindgen.Oracle.Tests/wit-res/res.wit res out/res.dummy.wasm
