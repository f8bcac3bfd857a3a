"""Benchmark: case tracking on a workbook with 1,000 cases and 20,000 Log events.

Measures, on the same workbook and in the same run:
- rebuilding the tracker (`sopxl.refresh`: read Identitas, Aktivitas, Kalender and the whole Log, replay
  every event, compute every case against the norms, rewrite Pelacak, save) — target under 2 s;
- one `sopxl case advance WORKBOOK CASE` end to end through the command line in a new process (Python
  start-up, imports, read, replay, append one Log row, rebuild Pelacak, save) — target under 1 s;
- the baseline: reading and rewriting the same workbook with openpyxl alone (load_workbook + save),
  in this process and in a new process like the CLI.

Figures are medians of interleaved rounds. Run: `.venv/bin/python bench/bench_cases.py [--rounds 5]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "workbooks" / "sources" / "kemenkopolhukam_monev_sop_ap.txt"
CASES, EVENTS = 1000, 20_000
START, END = dt.datetime(2025, 1, 2, 7, 30), dt.datetime(2026, 11, 20, 16, 30)
SOPXL = [sys.executable, "-m", "sopxl.cli"]


def build(path: Path) -> tuple[int, int]:
    """The Monev seed SOP (step 8 made a decision) with 1,000 simulated cases topped up to 20,000 events."""
    from sopxl import api
    from sopxl.domain.calendar import default_calendar
    from sopxl.xlsx.casefile import open_casebook, write
    from sopxl.domain.model import Symbol
    from sopxl.domain.simulate import simulate
    from sopxl.xlsx.workbook import create

    sop = api.read_document(SEED).sop
    check = sop.step(8)
    check.symbol, check.ya, check.tidak = Symbol.DECISION, 9, 7
    create(path, sop, calendar=default_calendar([2025, 2026, 2027]))
    book = open_casebook(path)
    rng = random.Random(2026)
    events = simulate(book.ledger, book.calendar, rng, start=START, end=END, cases=CASES)
    if len(events) > EVENTS:
        raise SystemExit(f"the simulation made {len(events)} events, more than {EVENTS}; lower the mix")
    numbers = sorted(book.ledger.cases)
    while len(events) < EVENTS:     # notes, as staff add them, until the Log has exactly 20,000 rows
        case = book.ledger.cases[rng.choice(numbers)]
        events.append(book.ledger.note(case.number, "catatan tambahan", case.last_at, recorded_by="bench",
                                       recorded_at=case.last_at))
    write(book, events, END)
    return len(book.ledger.cases), len(book.ledger.events)


def timed(action) -> tuple[float, float]:
    """Wall-clock seconds and CPU seconds (this process and the child processes it waited for)."""
    def cpu() -> float:
        own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

    started, started_cpu = time.perf_counter(), cpu()
    action()
    return time.perf_counter() - started, cpu() - started_cpu


def run_cli(*args: str) -> None:
    result = subprocess.run([*SOPXL, *args], capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"sopxl {' '.join(args)} failed: {result.stderr}")


def openpyxl_round_trip(source: Path, target: Path) -> None:
    import openpyxl

    openpyxl.load_workbook(source).save(target)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (default 5)")
    rounds = parser.parse_args().rounds
    from sopxl import api
    from sopxl.xlsx.casefile import open_casebook

    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        workbook = folder / "bench.xlsx"
        started = time.perf_counter()
        cases, events = build(workbook)
        print(f"workbook: {cases} cases, {events} Log events, {workbook.stat().st_size / 1e6:.1f} MB "
              f"(built in {time.perf_counter() - started:.1f} s)")
        book = open_casebook(workbook)
        open_cases = [n for n, c in sorted(book.ledger.cases.items()) if c.state == "open"]
        closed = [n for n, c in sorted(book.ledger.cases.items()) if c.state == "closed"]
        copy = folder / "openpyxl.xlsx"
        probe = (f"import openpyxl; openpyxl.load_workbook({str(workbook)!r}).save({str(copy)!r})")
        times: dict[str, list[tuple[float, float]]] = {}
        for index in range(rounds):
            as_of = END + dt.timedelta(minutes=index)
            times.setdefault("refresh: rebuild the tracker (API, in process)", []).append(
                timed(lambda: api.refresh(workbook, as_of=as_of)))
            times.setdefault("refresh: rebuild the tracker (CLI, new process)", []).append(
                timed(lambda: run_cli("refresh", str(workbook), "--as-of", f"{as_of:%Y-%m-%d %H:%M}")))
            # an advance on an open case when there is one, else a note on a closed case (same write path)
            if index < len(open_cases):
                args = ("case", "advance", str(workbook), str(open_cases[index]))
            else:
                args = ("case", "note", str(workbook), str(closed[index]), "bench")
            times.setdefault("case advance (CLI, new process)", []).append(timed(lambda: run_cli(*args)))
            times.setdefault("list cases (API, read only)", []).append(
                timed(lambda: api.list_cases(workbook, as_of=as_of)))
            times.setdefault("baseline: openpyxl load + save (in process)", []).append(
                timed(lambda: openpyxl_round_trip(workbook, copy)))
            times.setdefault("baseline: openpyxl load + save (new process)", []).append(
                timed(lambda: subprocess.run([sys.executable, "-c", probe], check=True)))
            times.setdefault("baseline: python start-up + import sopxl.cli", []).append(
                timed(lambda: subprocess.run([sys.executable, "-c", "import sopxl.cli"], check=True)))
        after = open_casebook(workbook)
        print(f"after the runs: {len(after.ledger.events)} Log events; load average {os.getloadavg()[0]:.1f} "
              f"on {os.cpu_count()} CPUs (wall time suffers when other work runs; CPU time much less)\n")

        def median(name: str, which: int) -> float:
            return statistics.median(value[which] for value in times[name])

        base = "baseline: openpyxl load + save (in process)"
        print(f"{'measure':<50} {'wall s':>8} {'min s':>7} {'CPU s':>7} {'vs openpyxl (wall, CPU)':>24}")
        for name, values in times.items():
            wall, cpu = median(name, 0), median(name, 1)
            print(f"{name:<50} {wall:>8.3f} {min(v[0] for v in values):>7.3f} {cpu:>7.3f} "
                  f"{median(base, 0) / wall:>15.1f}× {median(base, 1) / cpu:>6.1f}×")
        refresh = median("refresh: rebuild the tracker (API, in process)", 0)
        advance = median("case advance (CLI, new process)", 0)
        print(f"\ntargets (medians, wall): tracker rebuild {refresh:.2f} s (< 2 s: {'met' if refresh < 2 else 'NOT met'}), "
              f"advance through the CLI {advance:.2f} s (< 1 s: {'met' if advance < 1 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
