#!/usr/bin/env bash
# Every benchmark in one run, then the chart: BenchmarkDotNet's glue, stream, start-up (and WASI 0.2, where the
# class exists) benchmarks in-process (15 iterations, medians), the generator's, then the whole-process timings of
# scripts/bench-process.sh; scripts/bench-chart.py draws docs/benchmarks.svg and writes .artifacts/bench-summary.md.
# Run it on an otherwise idle machine: other work on the cores moves the figures by tens of percent.
# Usage: bash scripts/bench.sh [process runs]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
rm -rf BenchmarkDotNet.Artifacts/results
dotnet build tests/WitBindgen.Benchmarks -c Release -nologo -v q >/dev/null
dotnet build tests/WitBindgen.GeneratorBenchmarks -c Release -nologo -v q >/dev/null
bdn() {
  dotnet run -c Release --no-build --project "$1" -- --filter "$2" --inProcess --launchCount 1 --warmupCount 3 \
    --iterationCount 15 | grep -E '^\|' || true
}
for class in HandWrittenBenchmarks StreamBenchmarks StartupBenchmarks P2Benchmarks; do
  bdn tests/WitBindgen.Benchmarks "*.$class.*"
done
bdn tests/WitBindgen.GeneratorBenchmarks '*'
bash scripts/bench-process.sh "${1:-7}"
python3 scripts/bench-chart.py
