#!/usr/bin/env bash
# The test command: installs what the tests need on a fresh Debian machine, builds, runs every test suite, and
# ends with one line "N passed, N failed[, N skipped]".
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

log() { printf '\n=== %s\n' "$*"; }
passed=0; failed=0; skipped=0

# --- system packages: C/WAT guest toolchains (wasi-libc clang, wabt) ---
need_apt=()
command -v clang >/dev/null 2>&1 || need_apt+=(clang)
command -v wasm-ld >/dev/null 2>&1 || need_apt+=(lld)
[ -f /usr/lib/wasm32-wasi/libc.a ] || need_apt+=(wasi-libc)
[ -d /usr/lib/llvm-14/lib/clang/14.0.6/lib/wasi ] || need_apt+=(libclang-rt-14-dev-wasm32)
command -v wat2wasm >/dev/null 2>&1 || need_apt+=(wabt)
[ -f /usr/share/zoneinfo/Europe/Paris ] || need_apt+=(tzdata)   # the WASI timezone tests read real zones
command -v node >/dev/null 2>&1 || need_apt+=(nodejs npm)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "apt-get install ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null \
    || echo "warning: apt-get install failed"
fi

# --- npm: the era's own tools (jco 0.7.0) ---
log "npm ci (tests/jco)"
(cd tests/jco && npm ci --no-audit --no-fund --loglevel=error) || echo "warning: npm ci failed"

# --- the era's validator: our wit/ yields exactly the 127 core imports of core-abi.txt ---
log "jco 0.7.0: core imports of wit/ against core-abi.txt"
if (cd tests/jco && node flatten-and-embed.mjs core-abi.expected.txt --module-out out/command-dummy.wasm); then
  passed=$((passed + 1)); echo "jco check: passed"
else
  failed=$((failed + 1)); echo "jco check: FAILED"
fi

# --- the NuGet packages work on their own: pack, then build and run nuget/smoke from them ---
log "nuget: pack and use the packages"
if bash nuget/smoke.sh; then
  passed=$((passed + 1)); echo "nuget smoke: passed"
else
  failed=$((failed + 1)); echo "nuget smoke: FAILED"
fi

# --- per-suite preparation: each tests/<suite>/prepare.sh builds its guests or fetches its npm tools ---
for prep in tests/*/prepare.sh; do
  [ -f "$prep" ] || continue
  log "$prep"
  bash "$prep" || { echo "$prep failed"; failed=$((failed + 1)); }
done

# --- .NET: restore, build, test ---
log "dotnet build"
build_log=$(mktemp)
if ! dotnet build WitBindgen.sln -c Release -nologo -v q >"$build_log" 2>&1; then
  grep -E "error|Error" "$build_log" | sort -u | head -60
  echo "build failed"
  failed=$((failed + 1))
else
  # The Run suite starts the CLI as a user gets it from README's publish command (NativeAOT where clang or gcc is
  # installed, else ReadyToRun): published once here, named by $WITBINDGEN_RUN_CLI.
  log "dotnet publish examples/WitBindgen.Run"
  cli_dir=$(mktemp -d)
  if dotnet publish examples/WitBindgen.Run -c Release -nologo -v q -o "$cli_dir" >"$build_log" 2>&1; then
    export WITBINDGEN_RUN_CLI="$cli_dir/witbindgen-run"
  else
    grep -E "error" "$build_log" | sort -u | head -20
    echo "publish failed"
    failed=$((failed + 1))
  fi
  log "dotnet test"
  out=$(mktemp)
  dotnet test WitBindgen.sln -c Release --no-build -nologo 2>&1 | tee "$out"
  # One summary line per test assembly: "Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12, ..."
  summaries=$(grep -E "^(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+" "$out" || true)
  if [ -z "$summaries" ]; then
    echo "no test summary found"; failed=$((failed + 1))
  fi
  while read -r line; do
    [ -z "$line" ] && continue
    f=$(sed -E 's/.*Failed: +([0-9]+).*/\1/' <<<"$line")
    p=$(sed -E 's/.*Passed: +([0-9]+).*/\1/' <<<"$line")
    s=$(sed -E 's/.*Skipped: +([0-9]+).*/\1/' <<<"$line")
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  done <<<"$summaries"
  # A test host that crashed prints no summary for its assembly.
  if grep -q "Test Run Aborted\|The active test run was aborted" "$out"; then
    echo "a test run was aborted"; failed=$((failed + 1))
  fi
  rm -f "$out"
  rm -rf "$cli_dir"
fi

echo
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
