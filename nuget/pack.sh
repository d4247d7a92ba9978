#!/usr/bin/env bash
# Packs WitBindgen.Generator (the analyzer + its MSBuild props), WitBindgen.Runtime and WitBindgen.Wasi (the WASI
# runtime, its generated bindings compiled in) into nuget/out/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="${1:-$here/out}"
cd "$here/.."
# WITBINDGEN_PACKAGE_VERSION: a version other than the projects' own (nuget/smoke.sh packs one of its own per run).
version=(${WITBINDGEN_PACKAGE_VERSION:+-p:Version=$WITBINDGEN_PACKAGE_VERSION})
dotnet pack generator/WitBindgen.Generator.csproj -c Release -o "$out" -nologo -v q "${version[@]}"
dotnet pack runtime/WitBindgen.Runtime/WitBindgen.Runtime.csproj -c Release -o "$out" -nologo -v q "${version[@]}"
dotnet pack runtime/WitBindgen.Wasi/WitBindgen.Wasi.csproj -c Release -o "$out" -nologo -v q "${version[@]}"
ls "$out"/*.nupkg
