#!/usr/bin/env bash
# Regenerates the public-API listings (PublicAPI.Unshipped.txt) of runtime/WitBindgen.Runtime and runtime/WitBindgen.Wasi
# from the analyzer's own RS0016 messages: every public symbol (the Wasi package's generated bindings included) that
# PublicAPI.Shipped.txt does not list. Run it after a deliberate change of the public surface, then review the diff.
# (`dotnet format analyzers --diagnostics RS0016` cannot do this for WitBindgen.Wasi: it does not see the
# source-generated types and writes wrong entries.)
set -euo pipefail
cd "$(dirname "$0")/.."
for project in runtime/WitBindgen.Runtime runtime/WitBindgen.Wasi; do
  unshipped="$project/PublicAPI.Unshipped.txt"
  printf '#nullable enable\n' > "$unshipped"
  log=$(mktemp)
  # RS0016/RS0017 as warnings for this build only, so that it completes and lists every missing symbol.
  dotnet build "$project" -c Release --no-incremental -nologo -v q -p:TreatWarningsAsErrors=false -p:WarningsAsErrors= >"$log" 2>&1 || true
  grep -E "warning RS0016: .*\[.*$(basename "$project").csproj\]" "$log" \
    | sed -E "s/.*Symbol '(.*)' is not part of the declared public API.*/\1/" | LC_ALL=C sort -u >> "$unshipped"
  rm -f "$log"
  echo "$unshipped: $(($(wc -l < "$unshipped") - 1)) symbols"
done
dotnet build runtime/WitBindgen.Wasi -c Release -nologo -v q >/dev/null && echo "both build with the listings"
