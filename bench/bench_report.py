"""Benchmark: the monthly report of a master with 1,000,000 events — target under 30 s and 2 GB peak.

The master is synthetic, an SQLite file standing in for the consolidation store, read through the
report-source interface (`sopxl.domain.figures.SopSource`) the way the store feeds it: one SOP at a time,
its events streamed from a cursor. It holds `--sops` SOPs (default 200) of the example workbooks'
SOPs, each with its own unit, calendar and about a year of simulated cases (December 2025 to
November 2026); nine simulations are made and the SOPs take them in turn. Measured in separate
processes, so each peak memory is its own:
- the baseline: iterating every event of the source (reading the rows, building the `Event`s);
- the report: `sopxl.report(source, month=…)` — replay to month end, figures, the workbook with its
  charts and forms (not the PDF: LibreOffice's time does not depend on the number of events).

Run: `.venv/bin/python bench/bench_report.py [--events 1000000] [--sops 200] [--month 2026-10]`.
`--sops 1` puts every event into one SOP, the worst case for memory (its set-up takes minutes).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "workbooks" / "examples"
START, END = dt.datetime(2025, 12, 1, 7, 30), dt.datetime(2026, 11, 20, 16, 30)
SIMULATIONS = 9
COLUMNS = "id, case_no, step, action, at, actor, recorded_by, recorded_at, note"


def peak_mb() -> float:
    """This process's peak resident memory. /proc's VmHWM where there is one: getrusage's ru_maxrss carries
    the parent's peak over into a child started with fork and exec."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024   # Linux: kilobytes


def examples():
    """(sop, calendar) of each example workbook."""
    import sopxl
    from sopxl.xlsx.workbook import load_calendar

    return [(sopxl.load(path), load_calendar(path)) for path in sorted(EXAMPLES.glob("*.xlsx"))]


def build(db: Path, total_events: int, sops: int) -> int:
    """Write the synthetic master: `sops` SOPs, each the events of one of the simulations."""
    from sopxl.domain.cases import Ledger
    from sopxl.domain.simulate import UNITS, simulate

    bases = examples()
    per_sop = total_events // sops
    simulations = []
    for index in range(min(sops, SIMULATIONS)):
        sop, calendar = bases[index % len(bases)]
        probe = simulate(Ledger(sop), calendar, random.Random(index), start=START, end=END, cases=50)
        cases = max(1, round(per_sop / max(len(probe) / 50, 1.0)))
        events = simulate(Ledger(sop), calendar, random.Random(1000 + index), start=START, end=END, cases=cases)
        simulations.append((index % len(bases), [(e.id, e.case, e.step, e.action, e.at.isoformat(" "), e.actor,
                                                  e.recorded_by, e.recorded_at.isoformat(" "), e.note)
                                                 for e in events]))
    connection = sqlite3.connect(db)
    connection.executescript(f"""
        CREATE TABLE sops (id INTEGER PRIMARY KEY, base INTEGER, unit TEXT, nomor TEXT);
        CREATE TABLE events (sop INTEGER, {COLUMNS}, PRIMARY KEY (sop, id)) WITHOUT ROWID;
    """)
    count = 0
    for index in range(sops):
        base, rows = simulations[index % len(simulations)]
        unit = f"{UNITS[index % len(UNITS)]} {index // len(UNITS) + 1}"
        connection.execute("INSERT INTO sops VALUES (?, ?, ?, ?)", (index, base, unit, f"SOP-{index:04d}"))
        connection.executemany(f"INSERT INTO events (sop, {COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               [(index, *row) for row in rows])
        count += len(rows)
    connection.commit()
    connection.close()
    return count


class Master:
    """The report source of the synthetic master: SOPs one by one, events from a cursor."""

    def __init__(self, db: Path):
        self.db = db
        self.bases = examples()

    def __iter__(self):
        from sopxl.domain.cases import Event
        from sopxl.domain.figures import SopMeta, SopSource

        connection = sqlite3.connect(self.db)
        parse = dt.datetime.fromisoformat

        def events(sop_id: int):
            rows = connection.execute(f"SELECT {COLUMNS} FROM events WHERE sop = ? ORDER BY id", (sop_id,))
            for id_, case, step, action, at, actor, by, recorded, note in rows:
                yield Event(id_, case, step, action, parse(at), actor, by, parse(recorded), note)

        for sop_id, base, unit, nomor in connection.execute("SELECT id, base, unit, nomor FROM sops ORDER BY id")\
                .fetchall():
            sop, calendar = self.bases[base]
            meta = SopMeta(key=f"sop-{sop_id}", instansi="KEMENTERIAN SINTETIS", unit=unit, nama=sop.identity.nama,
                           nomor=nomor, source=f"unit-{sop_id}.xlsx")
            yield SopSource(meta=meta, sop=sop, calendar=calendar, events=events(sop_id))
        connection.close()


def measure(mode: str, db: Path, month: str) -> dict:
    master = Master(db)
    before = peak_mb()
    started = time.perf_counter()
    if mode == "baseline":
        extra = {"events": sum(1 for item in master for _ in item.events)}
    else:
        import sopxl

        with tempfile.TemporaryDirectory() as folder:
            result = sopxl.report(master, month=month, output=Path(folder) / "laporan.xlsx",
                                  generated_at=dt.datetime(2026, 11, 20, 16, 0))
            size = result.workbook.stat().st_size
        total = result.figures.total()
        extra = {"sops": len(result.figures.sops), "closed": total.closed, "open_at_end": total.open_at_end,
                 "late_cases": len(result.figures.late_cases()), "workbook_kb": size // 1024}
    return {"mode": mode, "seconds": time.perf_counter() - started, "peak_mb": peak_mb(), "start_mb": before,
            **extra}


def run(mode: str, db: Path, month: str) -> dict:
    done = subprocess.run([sys.executable, __file__, "--measure", mode, "--db", str(db), "--month", month],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--sops", type=int, default=200)
    parser.add_argument("--month", default="2026-10")
    parser.add_argument("--measure", choices=("baseline", "report"), help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.db, args.month)))
        return 0
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "master.db"
        started = time.perf_counter()
        events = build(db, args.events, args.sops)
        print(f"master: {events:,} events in {args.sops} SOPs (built in {time.perf_counter() - started:.0f} s, "
              f"{db.stat().st_size / 2**20:.0f} MB); report month {args.month}")
        baseline, report = run("baseline", db, args.month), run("report", db, args.month)
    for label, figures in (("baseline (iterate the events)", baseline), ("report (figures + workbook)", report)):
        print(f"  {label:<30} {figures['seconds']:6.1f} s, peak {figures['peak_mb']:5.0f} MB "
              f"(at start {figures['start_mb']:.0f} MB)")
    print(f"  report against baseline: {report['seconds'] / baseline['seconds']:.1f}× the time, "
          f"{report['peak_mb'] - baseline['peak_mb']:+.0f} MB peak")
    print(f"  the month: {report['closed']:,} closed, {report['open_at_end']:,} open at month end, "
          f"{report['late_cases']:,} late cases; workbook {report['workbook_kb']:,} KB")
    ok = report["seconds"] < 30 and report["peak_mb"] < 2048
    print(f"  target (under 30 s and 2 GB peak): {'met' if ok else 'NOT MET'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
