"""Benchmark: the Excel buttons (sopxl.excel) on a macro-enabled workbook whose Log has 10,000 rows.

Prints:
- imports: what `import sopxl.excel` adds on top of `import xlwings` (target under 100 ms), and what a
  handler imports on its first click (sopxl.openbook.actions and the case, validation and tracker code);
  both in fresh processes, medians;
- each handler's time (wall and CPU: on a busy machine the CPU time is the steadier figure) with Python warm (xlwings' UDF server keeps it between clicks; target under
  300 ms), run on xlwings' remote engine, which holds the workbook's values the way Excel would
  hand them over: the handler reads the sheets it needs, replays the Log, writes its rows and
  queues its message box. The remote engine needs XLWINGS_LICENSE_KEY=noncommercial (set here; the
  product itself uses only xlwings' open-source part).

Run: `.venv/bin/python bench/bench_excel.py [--rounds 7]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
SEED = ROOT / "workbooks" / "sources" / "kemenkopolhukam_monev_sop_ap.txt"
CASES, EVENTS = 500, 10_000
START, END = dt.datetime(2025, 1, 2, 7, 30), dt.datetime(2026, 11, 20, 16, 30)


def build(path: Path) -> tuple[int, int]:
    """The Monev seed SOP (step 8 made a decision) as an .xlsm with simulated cases and a 10,000-row Log."""
    from sopxl import api
    from sopxl.vba import xlsm
    from sopxl.domain.calendar import default_calendar
    from sopxl.xlsx.casefile import open_casebook, write
    from sopxl.domain.model import Symbol
    from sopxl.domain.simulate import simulate
    from sopxl.xlsx.workbook import create

    sop = api.read_document(SEED).sop
    check = sop.step(8)
    check.symbol, check.ya, check.tidak = Symbol.DECISION, 9, 7
    create(path, sop, calendar=default_calendar([2025, 2026, 2027]), vba_project=xlsm.vba_project(),
           before_close=xlsm.workbook_hooks(len(sop.roles), "id"))
    book = open_casebook(path)
    rng = random.Random(2026)
    events = simulate(book.ledger, book.calendar, rng, start=START, end=END, cases=CASES)
    numbers = sorted(book.ledger.cases)
    while len(events) < EVENTS:     # notes, as staff add them, until the Log has exactly 10,000 rows
        case = book.ledger.cases[rng.choice(numbers)]
        events.append(book.ledger.note(case.number, "catatan tambahan", case.last_at, recorded_by="bench",
                                       recorded_at=case.last_at))
    write(book, events[:EVENTS], END)
    book = open_casebook(path)
    return len(book.ledger.cases), len(book.ledger.events)


def _import_times() -> tuple[float, float]:
    code = ("import time, xlwings; t = time.perf_counter(); import sopxl.excel; a = time.perf_counter() - t; "
            "t = time.perf_counter(); import sopxl.openbook.actions, sopxl.validation.rules, sopxl.validation.temuan, sopxl.openbook.book; "
            "print(a, time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}).stdout.split()
    return float(out[0]), float(out[1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()

    import xlwings as xw

    import sopxl.sheets.casebook
    import sopxl.excel as x
    import sopxl.layout as L
    from helpers.xlremote import book_json

    imports = [_import_times() for _ in range(args.rounds)]
    print(f"import sopxl.excel after xlwings: {statistics.median(a for a, _ in imports) * 1000:.0f} ms "
          f"(a handler's first click adds {statistics.median(b for _, b in imports) * 1000:.0f} ms of imports)")

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.xlsm"
        started = time.perf_counter()
        cases, events = build(path)
        print(f"workbook: {cases} cases, {events} Log rows (built in {time.perf_counter() - started:.1f} s)")
        sopxl.xlsx.casefile.now = lambda: END          # the moment every action is recorded at
        from sopxl.xlsx.casefile import open_casebook

        open_case = next(n for n, c in open_casebook(path).ledger.cases.items() if c.state == "open")
        pelacak = book_json(path, sheet=L.PELACAK, selection=f"A{open_case + 1}")
        aktivitas = book_json(path, sheet=L.AKTIVITAS, selection="A1")
        runs = {
            "kasus_baru (new case)": (lambda book: x.kasus_baru("Bench", book=book), pelacak),
            "selesai (finish the selected case's step)": (lambda book: x.selesai(book=book), pelacak),
            "perbarui (refresh every case)": (lambda book: x.perbarui(book=book), pelacak),
            "validasi (validate)": (lambda book: x.validasi(book=book), aktivitas),
        }
        for label, (run, payload) in runs.items():
            times, cpu = [], []
            for round_ in range(args.rounds + 1):
                book = xw.Book(json=payload)
                started, started_cpu = time.perf_counter(), time.process_time()
                run(book)
                if round_:          # the first round warms Python up, as the UDF server's first click does
                    times.append(time.perf_counter() - started)
                    cpu.append(time.process_time() - started_cpu)
                alerts = [a for a in book.json()["actions"] if a["func"] == "alert"]
                if alerts[-1]["args"][3] == "critical":
                    raise SystemExit(f"{label} failed: {alerts[-1]['args'][0]}")
            print(f"{label}: {statistics.median(times) * 1000:.0f} ms wall, {statistics.median(cpu) * 1000:.0f} ms CPU "
                  f"(median of {args.rounds}, Python warm)")


if __name__ == "__main__":
    main()
