#!/usr/bin/env bash
# Packs the packages, then builds and runs nuget/smoke as a user would: package references only, from a local feed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bash "$here/pack.sh" "$work/feed" >/dev/null
cp -r "$here/smoke" "$work/app"
cd "$work/app"
# Outside the repository: no Directory.*.props apply, versions are explicit.
cat > nuget.config <<CFG
<configuration>
  <packageSources>
    <add key="local" value="$work/feed" />
  </packageSources>
</configuration>
CFG
dotnet run -c Release -nologo -v q 2>&1 | tee "$work/run.log"
grep -qx "now: 1684411200 s" "$work/run.log"
