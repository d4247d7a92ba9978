#!/usr/bin/env python3
"""Draws the ratios of the benchmark runs (ours against the baseline of each benchmark, measured in the same run)
as one SVG bar chart, and writes the same figures as a Markdown table.

Inputs: BenchmarkDotNet's CSV reports in BenchmarkDotNet.Artifacts/results (the pairs are found by description:
"<case>: glue" against "<case>: hand-written", "<case>: ours" against "<case>: wasmtime", and a class's other
benchmarks against its [Baseline]), and .artifacts/bench-process.md from scripts/bench-process.sh.
Usage: python3 scripts/bench-chart.py [svg path] [markdown path]
"""
import csv
import glob
import html
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "BenchmarkDotNet.Artifacts", "results")
UNITS = {"ns": 1.0, "us": 1e3, "μs": 1e3, "µs": 1e3, "ms": 1e6, "s": 1e9}
# Pairs whose first member is ours and whose second is the baseline, by the description's suffix.
PAIRS = [("glue", "hand-written"), ("ours", "wasmtime")]
# Per class: a short group name for the chart, the target ratio the issue sets (None: none set), and how the
# description of the class's baseline begins (None: the class has pairs instead).
GROUPS = {
    "HandWrittenBenchmarks": ("glue vs hand-written", 1.10, None),
    "StreamBenchmarks": ("streams vs CopyTo", 1.25, "Span<byte>.CopyTo"),
    "StartupBenchmarks": ("start-up vs a linker per instance", None, "instantiate + run: a linker per instance"),
    "P2Benchmarks": ("WASI 0.2: ours vs Wasmtime's", 1.00, None),
}


def nanoseconds(text):
    match = re.match(r"\s*([\d,.]+)\s*(\S+)", text or "")
    if not match:
        return None
    return float(match.group(1).replace(",", "")) * UNITS.get(match.group(2), float("nan"))


def bdn_rows():
    """(class, description, median ns, is baseline) of every BenchmarkDotNet report present."""
    for path in sorted(glob.glob(os.path.join(RESULTS, "*-report.csv"))):
        cls = os.path.basename(path).split("-report")[0].split(".")[-1]
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                desc = row["Method"].strip("'")
                base = GROUPS.get(cls, (None, None, None))[2]
                yield cls, desc, nanoseconds(row.get("Median")), base is not None and desc.startswith(base)


def bdn_ratios():
    rows = list(bdn_rows())
    by_class = {}
    for cls, desc, median, baseline in rows:
        by_class.setdefault(cls, []).append((desc, median, baseline))
    out = []
    for cls, items in by_class.items():
        group, target, _ = GROUPS.get(cls, (cls, None, None))
        named = {d: m for d, m, _ in items}
        paired = set()
        for desc, median, _ in items:
            for ours, theirs in PAIRS:
                if desc.endswith(": " + ours):
                    case = desc[: -len(ours) - 2]
                    other = named.get(case + ": " + theirs)
                    if other:
                        out.append((group, case, median, other, target))
                        paired.update({desc, case + ": " + theirs})
        baseline = next(((d, m) for d, m, b in items if b), None)
        if baseline:
            for desc, median, is_base in items:
                if not is_base and desc not in paired:
                    out.append((group, desc, median, baseline[1], target))
    return out


def process_ratios():
    path = os.path.join(ROOT, ".artifacts", "bench-process.md")
    if not os.path.exists(path):
        return []
    out = []
    for line in open(path, encoding="utf-8"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 7 and re.match(r"^[\d.]+$", cells[1] or ""):
            target = 1.10 if cells[0] == "hello" else 1.00
            out.append(("whole process vs DefineWasi (wall)", cells[0], float(cells[1]) * 1e6, float(cells[2]) * 1e6, target))
    return out


def fmt(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:,.2f} {unit}"
    return f"{ns:,.1f} ns"


def svg(entries):
    bar_h, gap, left, width = 18, 6, 330, 420
    top = 40
    height = top + len(entries) * (bar_h + gap) + 60
    scale_max = max(2.0, max(r for *_, r, _ in entries) * 1.05)
    x = lambda ratio: left + width * ratio / scale_max
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 90}" height="{height}" font-family="sans-serif" font-size="12">',
             f'<rect width="100%" height="100%" fill="white"/>',
             f'<text x="10" y="22" font-size="15" font-weight="bold">WitBindgen: time against the baseline of each benchmark (lower is better, 1.0 = equal)</text>']
    y = top
    group = None
    for g, case, ratio, target in entries:
        if g != group:
            group = g
        label = html.escape(f"{g}: {case}")
        color = "#2e7d32" if target is None or ratio <= target else "#c62828"
        parts.append(f'<text x="{left - 8}" y="{y + 13}" text-anchor="end">{label}</text>')
        parts.append(f'<rect x="{left}" y="{y}" width="{x(ratio) - left:.1f}" height="{bar_h}" fill="{color}"/>')
        parts.append(f'<text x="{x(ratio) + 4:.1f}" y="{y + 13}">{ratio:.2f}</text>')
        if target is not None:
            parts.append(f'<line x1="{x(target):.1f}" x2="{x(target):.1f}" y1="{y - 2}" y2="{y + bar_h + 2}" stroke="black" stroke-dasharray="3,2"/>')
        y += bar_h + gap
    parts.append(f'<line x1="{x(1.0):.1f}" x2="{x(1.0):.1f}" y1="{top - 6}" y2="{y}" stroke="#555"/>')
    parts.append(f'<text x="{x(1.0):.1f}" y="{y + 16}" text-anchor="middle">1.0</text>')
    parts.append(f'<text x="10" y="{y + 40}" fill="#555">green: at or under the target (dashed mark); red: over it. Same-run medians; see README, Performance.</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main():
    svg_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "docs", "benchmarks.svg")
    md_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, ".artifacts", "bench-summary.md")
    rows = bdn_ratios() + process_ratios()
    if not rows:
        sys.exit("no benchmark results found: run scripts/bench.sh first")
    entries = [(g, c, ours / base, t) for g, c, ours, base, t in rows if ours and base]
    os.makedirs(os.path.dirname(svg_path), exist_ok=True)
    with open(svg_path, "w", encoding="utf-8") as f:
        f.write(svg(entries))
    lines = ["| group | benchmark | ours | baseline | ratio | target |", "|---|---|---:|---:|---:|---:|"]
    for g, c, ours, base, t in rows:
        lines.append(f"| {g} | {c} | {fmt(ours)} | {fmt(base)} | {ours / base:.2f} | {'' if t is None else f'≤ {t:.2f}'} |")
    os.makedirs(os.path.dirname(md_path), exist_ok=True)
    with open(md_path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))
    print(f"chart: {os.path.relpath(svg_path, ROOT)}")


if __name__ == "__main__":
    main()
