#!/usr/bin/env bash
# Packs WitBindgen.Generator (the analyzer + its MSBuild props) and WitBindgen.Runtime into nuget/out/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="${1:-$here/out}"
cd "$here/.."
dotnet pack generator/WitBindgen.Generator.csproj -c Release -o "$out" -nologo -v q
dotnet pack runtime/WitBindgen.Runtime/WitBindgen.Runtime.csproj -c Release -o "$out" -nologo -v q
ls "$out"/*.nupkg
