#!/usr/bin/env bash
# Prerequisites of WitBindgen.Preview1.Tests: the jco 0.7.0 preview-1 adapter (tests/jco, npm ci) and a clang that
# builds WASI preview-1 programs (clang, lld, wasi-libc, libclang-rt-14-dev-wasm32 on Debian/Ubuntu). The tests
# compile guests/*.c themselves; set WASI_CLANG / WASI_SYSROOT to use another clang or sysroot than clang and /usr.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jco="$here/../jco"
adapter="node_modules/@bytecodealliance/jco/wasi_preview1_component_adapter.command.wasm"
if [ ! -f "$jco/$adapter" ] && [ ! -f "$jco/node_modules/@bytecodealliance/jco/package/wasi_preview1_component_adapter.command.wasm" ]; then
  (cd "$jco" && npm ci)
fi
clang="${WASI_CLANG:-clang}"
sysroot="${WASI_SYSROOT:-/usr}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$clang" --target=wasm32-wasi --sysroot="$sysroot" -O2 "$here/guests/hello.c" -o "$tmp/hello.wasm"
echo "preview-1 test prerequisites are in place"
