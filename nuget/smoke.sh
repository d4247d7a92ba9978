#!/usr/bin/env bash
# Packs the packages, then builds and runs, as a user would, from package references alone:
#  - nuget/smoke: a project that generates glue from a WIT world of its own (WitBindgen.Generator + .Runtime);
#  - a brand-new `dotnet new console` project (default template, ImplicitUsings on) with WitBindgen.Wasi, whose
#    Program.cs is the README's runtime program verbatim and whose other runtime snippets must compile: it runs
#    nuget/console/guest.wat (a seed-world command) with a fixed wall clock and captured stdout.
# The packages get a version of this run's own, so that no package cached by an earlier run can stand in for them;
# WitBindgen.* restore from the local feed only, everything else (Wasmtime) from the machine's NuGet source.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
version="0.1.0-smoke.$(date +%s).$$"
WITBINDGEN_PACKAGE_VERSION=$version bash "$here/pack.sh" "$work/feed" >/dev/null
upstream=$(dotnet nuget list source --format short | awk '$1 == "E" { print $2; exit }')
[ -n "$upstream" ] || { echo "no enabled NuGet source for Wasmtime"; exit 1; }
# Outside the repository: no Directory.*.props apply, versions are explicit.
cat > "$work/nuget.config" <<CFG
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$work/feed" />
    <add key="upstream" value="$upstream" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="local"><package pattern="WitBindgen.*" /></packageSource>
    <packageSource key="upstream"><package pattern="*" /></packageSource>
  </packageSourceMapping>
</configuration>
CFG

# --- the generator and its runtime, on a world of its own ---
cp -r "$here/smoke" "$work/app"
(cd "$work/app" && dotnet run -c Release -nologo -v q -p:WitBindgenVersion="$version" 2>&1 | tee "$work/run.log")
grep -qx "now: 1684411200 s" "$work/run.log"

# --- the WASI runtime in a default console project, the README's program verbatim ---
mkdir "$work/console"
cd "$work/console"
dotnet new console --name WasiConsole --output . >/dev/null
grep -q "<ImplicitUsings>enable</ImplicitUsings>" WasiConsole.csproj
dotnet add package WitBindgen.Wasi --version "$version" >/dev/null
# The README's "The WASI runtime" section: its csharp code blocks, one file each.
awk -v dir="$work/blocks" '
  /^## / { inside = ($0 == "## The WASI runtime") }
  inside && /^```csharp$/ { n++; file = sprintf("%s/%d.cs", dir, n); code = 1; next }
  code && /^```$/ { code = 0; next }
  code { print > file }' <(mkdir -p "$work/blocks"; cat "$root/README.md")
program=$(grep -l '^using ' "$work"/blocks/*.cs | head -1)
[ -n "$program" ] || { echo "README: no complete program in 'The WASI runtime'"; exit 1; }
cp "$program" Program.cs
{
  echo "using Wasmtime;"
  echo "using WitBindgen.Wasi;"
  echo "using WitBindgen.Wasi.Bindings;"
  echo "using WitBindgen.Wasi.Preview1;"
  echo "using WitBindgen.Wasi.Preview1Host;"
  echo "// The README's other runtime snippets, compiled (not run) with what they take from around them."
  echo "static class ReadmeSnippets"
  echo "{"
  for block in "$work"/blocks/*.cs; do
    [ "$block" = "$program" ] && continue
    name=$(basename "$block" .cs)
    params="Engine engine, Module module"
    grep -q "var context" "$block" || params="$params, WasiContext context"
    echo "    public static void Snippet$name($params)"
    echo "    {"
    sed 's/^/        /' "$block"
    echo "    }"
  done
  echo "}"
} > ReadmeSnippets.cs
wat2wasm "$here/console/guest.wat" -o guest.wasm
dotnet build -c Release -nologo -v q -warnaserror >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
dotnet run -c Release --no-build -- guest.wasm | tee "$work/console.log"
grep -qx "now: 1684368000" "$work/console.log"
grep -qx "argument: hello" "$work/console.log"
