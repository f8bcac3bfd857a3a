"""Benchmark: drawing the flowchart of a 60-step SOP with 8 decisions (tests/data/flowchart/sixty_steps.sop.json).

Measures, on the same workbook and in the same run:
- `sopxl.flowchart` end to end (read the SOP with calamine, lay out, write the DrawingML, column
  widths, row heights and page breaks, save the zip atomically) — target under 2 s;
- the layout alone (`flowlayout.plan`, pure geometry);
- the baseline: loading and saving the same workbook with `xlsxpatch.Package` and no change, the
  floor of any action that rewrites a workbook.

It also prints what was drawn: pages, off-page connectors, arrows. Figures are medians of interleaved
rounds. Run: `.venv/bin/python bench/bench_flowchart.py [--rounds 7]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "data" / "flowchart" / "sixty_steps.sop.json"
TARGET = 2.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from sopxl import api
    from sopxl.domain.calendar import default_calendar
    from sopxl.flowcharting.drawing import layout_of
    from sopxl.domain.model import SOP, Symbol
    from sopxl.xlsx.workbook import create, load
    from sopxl.xlsx.patch import Package

    sop = SOP.from_dict(json.loads(FIXTURE.read_text(encoding="utf-8")))
    decisions = sum(1 for s in sop.steps if s.symbol == Symbol.DECISION)
    with tempfile.TemporaryDirectory() as temp:
        blank = Path(temp) / "blank.xlsx"
        create(blank, sop, calendar=default_calendar([2026, 2027]))
        timings: dict[str, list[float]] = {"flowchart": [], "layout": [], "baseline": []}
        result = None
        for round_number in range(args.rounds):
            work = Path(temp) / f"round{round_number}.xlsx"
            shutil.copyfile(blank, work)
            started = time.perf_counter()
            Package(work).save()
            timings["baseline"].append(time.perf_counter() - started)
            shutil.copyfile(blank, work)
            started = time.perf_counter()
            result = api.flowchart(work)
            timings["flowchart"].append(time.perf_counter() - started)
            package = Package(work)
            loaded, _ = load(work)
            started = time.perf_counter()
            layout_of(package, loaded)
            timings["layout"].append(time.perf_counter() - started)
    median = {k: statistics.median(v) for k, v in timings.items()}
    print(f"SOP: {len(sop.steps)} steps, {decisions} decisions, {len(sop.roles)} Pelaksana  "
          f"(rounds: {args.rounds}, {dt.date.today().isoformat()})")
    print(f"drawn: {result.pages} printed pages, {result.offpage} off-page connectors, {result.connectors} arrows, "
          f"{result.labels} Ya/Tidak labels")
    print(f"{'sopxl.flowchart (end to end)':34} {median['flowchart']:7.3f} s   target < {TARGET:.0f} s")
    print(f"{'  of which the layout':34} {median['layout']:7.3f} s")
    print(f"{'baseline: Package load + save':34} {median['baseline']:7.3f} s   "
          f"(flowchart = {median['flowchart'] / median['baseline']:.1f}x baseline)")
    ok = median["flowchart"] < TARGET and result.pages > 1 and result.offpage > 0
    print("OK" if ok else "MISSED the target")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
