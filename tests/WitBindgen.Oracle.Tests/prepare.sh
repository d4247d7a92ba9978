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
