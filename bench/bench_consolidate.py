"""Benchmark of the nightly consolidation: 500 SOP workbooks, 2,000 Log events each, 24 months.

Run: ``.venv/bin/python bench/bench_consolidate.py [--files 500] [--events 2000] [--keep DIR]``.

It builds the workbooks (ten distinct ones through the real writer, with simulated cases over 24 months
ending now, then copies whose Nomor SOP is patched in the shared strings), and prints, measured in the
same run on the same files:

- the full consolidation (an empty database, every file read, the master written), in a child process,
  with its peak memory (maximum resident set size);
- the unchanged re-run (nothing changed: stat only), in-process through the API and through the CLI;
- the floor: python-calamine alone reading every Log sheet into Python lists, on the same threads;
- the reading phase of the consolidation alone (``bulkread``: bytes, hash, four sheets, events);
- the hand-written way: ``pandas.read_excel(engine="openpyxl")`` of every Log, ``concat``, ``to_excel``
  of one master. It takes minutes on 500 files, so it is measured on a sample and scaled (said so).

With ``--parts`` it measures the master in parts instead (``--files 2000 --units 50``: the workbooks are
dealt to 50 units, as a ministry's SOPs belong to its bureaus and directorates): the first night (a child
process), then in this process a night in which one workbook changed — its master part (the summary and
the one unit's part written again) against a full rewrite of the same master and parts measured right
after on the same database (``sopxl master``), as a ratio — and a night with nothing changed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import PYTHON, ROOT, child  # noqa: E402

EXAMPLES = ROOT / "workbooks" / "examples"
PLACEHOLDER = "SOPXL-BENCH-NOMOR-0000000"
UNIT_PLACEHOLDER = "SOPXL-BENCH-UNIT-000"
# in the first step's Kegiatan: every copy gets its own number there, so no two copies hold the same SOP (as
# real, distinct SOPs do not): a cache by content can make a copy no cheaper to read or validate than a real SOP
STEP_PLACEHOLDER = "SOPXL-BENCH-SALINAN-0000"


def simulated_events(sop, calendar, seed: int, events: int, start: dt.datetime, end: dt.datetime) -> list:
    """Exactly `events` events (or all there are, if fewer) of simulated cases filling start…end."""
    from sopxl.domain.cases import Ledger
    from sopxl.domain.simulate import simulate

    cases = max(events // 15, 1)
    best = []
    for _ in range(8):
        found = simulate(Ledger(sop), calendar, random.Random(seed), start=start, end=end, cases=cases)
        if len(found) >= events:
            best = found
            if len(found) <= events * 1.03:
                break
            cases = max(1, int(cases * events / len(found)))
        else:
            cases = int(cases * events / max(len(found), 1) * 1.02) + 1
    if not best:
        best = found
    # the first `events` by id: a prefix of a legal log is a legal log (only the last days lose a few)
    return sorted(best, key=lambda e: e.id)[:events]


def build_bases(folder: Path, count: int, events: int, start: dt.datetime, end: dt.datetime,
                units: bool = False) -> list[Path]:
    """`count` distinct SOP workbooks written by sopxl's own writer, each with `events` Log rows."""
    from sopxl.sheets.log import event_row, tracker_row
    from sopxl.domain.cases import Ledger
    from sopxl.domain.tracker import Tracker
    from sopxl.xlsx.workbook import load, load_calendar
    from sopxl.xlsx.create import WorkbookContent, write_workbook

    examples = sorted(EXAMPLES.glob("*.xlsx"))
    bases = []
    for k in range(count):
        example = examples[k % len(examples)]
        sop, _ = load(example)
        calendar = load_calendar(example)
        sop.identity.nomor = PLACEHOLDER
        sop.steps[0].kegiatan = f"{sop.steps[0].kegiatan} ({STEP_PLACEHOLDER})"
        if units:
            sop.identity.instansi = f"{sop.identity.instansi.splitlines()[0]}\n{UNIT_PLACEHOLDER}"
        kept = simulated_events(sop, calendar, 1000 + k, events, start, end)
        ledger = Ledger.replay(sop, kept)
        tracker = Tracker(sop, calendar)
        figures = tracker.track(ledger.cases.values(), end)
        content = WorkbookContent(calendar=calendar, log_rows=[event_row(e) for e in kept],
                                  tracker_rows=[tracker_row(f, "id", tracker.day_minutes) for f in figures])
        path = folder / f"base{k}.xlsx"
        write_workbook(str(path), sop, content)
        bases.append(path)
    return bases


def patched_copy(base: Path, target: Path, nomor: str, unit: str | None = None) -> None:
    """A copy of `base` whose Nomor SOP (the placeholder in the shared strings) is `nomor` (and its unit `unit`);
    its first step's Kegiatan is told apart by the same number."""
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/sharedStrings.xml":
                assert PLACEHOLDER.encode() in data
                data = data.replace(PLACEHOLDER.encode(), nomor.encode())
                assert STEP_PLACEHOLDER.encode() in data
                data = data.replace(STEP_PLACEHOLDER.encode(), f"salinan {nomor.split('/')[0]}".encode())
                if unit is not None:
                    data = data.replace(UNIT_PLACEHOLDER.encode(), unit.encode())
            out.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)


def build_corpus(folder: Path, *, files: int, events: int, months: int = 24, bases: int = 10,
                 end: dt.datetime | None = None, units: int = 0) -> list[Path]:
    """`files` workbooks in ten office folders; events spread over `months` months up to `end` (default now);
    with `units`, the workbooks are dealt round-robin to that many units (``Biro 01`` …)."""
    end = end or dt.datetime.now().replace(minute=0, second=0, microsecond=0) - dt.timedelta(hours=1)
    start = end - dt.timedelta(days=round(months * 30.44))
    work = folder / ".bases"
    work.mkdir(parents=True, exist_ok=True)
    base_paths = build_bases(work, min(bases, files), events, start, end, units=bool(units))
    paths = []
    for i in range(files):
        office = folder / f"unit{i % 10:02d}"
        office.mkdir(exist_ok=True)
        target = office / f"sop_{i:04d}.xlsx"
        patched_copy(base_paths[i % len(base_paths)], target, f"B-{i:04d}/OT.04.00/2026",
                     f"Biro {i % units + 1:02d}" if units else None)
        paths.append(target)
    shutil.rmtree(work)
    old = time.time() - 3600          # as files are on a share at night: not written in the last seconds
    for path in paths:
        os.utime(path, (old, old))
    return paths


def kept_corpus(corpus: Path, files: int, events: int, units: int = 0) -> tuple[list[Path], str]:
    """The workbooks of `corpus`, built unless an earlier run kept as many there: (paths, how they came)."""
    started = time.perf_counter()
    built = "kept from an earlier run"
    if not (corpus.exists() and len(list(corpus.rglob("*.xlsx"))) == files):
        shutil.rmtree(corpus, ignore_errors=True)
        corpus.mkdir(parents=True)
        build_corpus(corpus, files=files, events=events, units=units)
        built = f"built in {time.perf_counter() - started:.1f} s"
    return sorted(corpus.rglob("*.xlsx")), built


# ---- measurements -----------------------------------------------------------------------------------

def in_child(code: str) -> tuple[float, int, str]:
    """Run `code` in a fresh interpreter: (wall seconds, peak memory of it and its reading processes, stdout)."""
    job = child(code)
    return job["wall"], job["peak"], job["out"]


def consolidate_code(folder: Path, out: Path) -> str:
    return (f"import json, sopxl\n"
            f"r = sopxl.consolidate([{str(folder)!r}], master={str(out / 'master.xlsx')!r}, report=False)\n"
            f"print(json.dumps({{'timings': r.timings, 'duration': r.duration, 'counts': r.counts}}))\n")


def calamine_floor(paths: list[Path], workers: int) -> float:
    from python_calamine import CalamineWorkbook

    def read(path: Path) -> int:
        return len(CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Log").to_python())

    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        rows = sum(pool.map(read, paths))
    assert rows >= len(paths)
    return time.perf_counter() - started


def reading_phase(paths: list[Path], workers: int) -> float:
    """The consolidation's reading (``bulkread``: bytes, hash, four sheets, SOP, calendar, events) on its own
    reading processes, as a full run reads; only a count comes back."""
    from sopxl.nightly.bulkread import events_in
    from sopxl.nightly.readpool import ReadPool

    with ReadPool(workers) as pool:
        for future in [pool.submit(events_in, paths[0]) for _ in range(workers)]:
            future.value()             # the processes are up (a run starts them once)
        started = time.perf_counter()
        futures = [pool.submit(events_in, path) for path in paths]
        events = sum(future.value() for future in futures)
        elapsed = time.perf_counter() - started
    assert events >= len(paths)
    return elapsed


def reading_on_threads(paths: list[Path], workers: int) -> float:
    """The same reading on threads in one process, for comparison: the Python part then runs on one core."""
    from sopxl.nightly.bulkread import events_in

    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        events = sum(pool.map(events_in, paths))
    assert events >= len(paths)
    return time.perf_counter() - started


def hand_written(paths: list[Path], sample: int, out: Path) -> tuple[float, float, float, int]:
    """(scaled total, read seconds per file, write seconds per row, rows written) of the pandas way."""
    import warnings

    import pandas as pd

    chosen = paths[:sample]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        started = time.perf_counter()
        frames = [pd.read_excel(path, sheet_name="Log", engine="openpyxl").assign(file=str(path)) for path in chosen]
        read = time.perf_counter() - started
        started = time.perf_counter()
        master = pd.concat(frames, ignore_index=True)
        master.to_excel(out / "hand_master.xlsx", index=False)
        write = time.perf_counter() - started
    per_file = read / len(chosen)
    per_row = write / len(master)
    rows_total = sum(1 for _ in paths) * (len(master) // len(chosen))
    return per_file * len(paths) + per_row * rows_total, per_file, per_row, len(master)


def master_parts(corpus: Path, out: Path, paths: list[Path], reuse: bool) -> int:
    """The master in parts: the night in which one workbook changed, and its master (the summary and the parts
    due) against the same master written whole, measured in the same run on the same database."""
    import sopxl
    from sopxl.nightly.master import MasterOptions, Touched, write_master
    from sopxl.nightly.results import Consolidation
    from sopxl.nightly.store import open_readonly

    master = out / "master.xlsx"
    if reuse and (out / "sopxl.db").exists():
        print("first night:               kept from an earlier run (--keep)")
        sopxl.consolidate([str(corpus)], master=master, report=False)       # whatever that run left to do
    else:
        first, peak, report = in_child(consolidate_code(corpus, out))
        inside = json.loads(report.strip().splitlines()[-1])
        assert inside["counts"]["read"] == len(paths), inside["counts"]
        print(f"first night:               {first:7.2f} s wall (child process; master "
              f"{inside['timings'].get('master', 0):.2f} s), peak memory {peak / 2**20:.0f} MB", flush=True)
    clock = time.perf_counter()
    same = sopxl.consolidate([str(corpus)], master=master, report=False)
    unchanged = time.perf_counter() - clock
    assert same.counts["unchanged"] == len(paths) and not same.master_written
    print(f"nothing changed, same day: {unchanged:7.2f} s through the API", flush=True)
    changed = paths[len(paths) // 2]
    case = sopxl.list_cases(changed).cases[0].case.number
    sopxl.add_note(changed, case, f"berkas diperbaiki {time.time():.0f}")
    clock = time.perf_counter()
    night = sopxl.consolidate([str(corpus)], master=master, report=False)
    one_changed = time.perf_counter() - clock
    assert night.counts["read"] == 1 and night.master_written, night.counts
    t = night.timings
    print(f"one workbook changed:      {one_changed:7.2f} s through the API: read+merge {t.get('read_merge', 0):.2f}, "
          f"open cases judged again {t.get('refresh', 0):.2f}, reminders {t.get('reminders', 0):.2f}, master "
          f"{t['master']:.2f} s (the summary with its reminders sheet, and {night.parts_written} of {night.parts} "
          f"unit parts)", flush=True)

    # the master alone, twice on one snapshot of the database: whole (every part), then as that night wrote it
    store = open_readonly(out / "sopxl.db")
    try:
        sop = store.query("SELECT sop_id FROM sources WHERE path = ?", (str(changed),)).fetchone()[0]
        result = Consolidation(run=0, started=night.started, as_of=night.as_of, db=store.path,
                               master=out / "alone" / "master.xlsx", files=night.files)
        (out / "alone").mkdir(exist_ok=True)
        clock = time.perf_counter()
        whole = write_master(store, result.master, result, MasterOptions(), touched=None)
        rewrite = time.perf_counter() - clock
        clock = time.perf_counter()
        parts = write_master(store, result.master, result, MasterOptions(), touched=Touched(frozenset({sop})))
        partial = time.perf_counter() - clock
    finally:
        store.close()
    print(f"the master written whole:  {rewrite:7.2f} s (the summary and all {whole.parts_written} unit parts)")
    print(f"the master of that night:  {partial:7.2f} s (the summary and {parts.parts_written} of {len(parts.parts)} "
          f"unit parts) = {partial / rewrite:.3f}x the whole ({rewrite / partial:.1f}x faster)")
    targets = [("one changed file: whole night < 5 s", one_changed < 5), ("unchanged night < 1 s", unchanged < 1),
               ("one changed file: one unit part written", night.parts_written == 1 and parts.parts_written == 1)]
    return verdict(targets)


def verdict(targets: list[tuple[str, bool]]) -> int:
    """Print each target as met or MISSED; the exit status: 0 when all are met."""
    for name, met in targets:
        print(f"  {'met' if met else 'MISSED'}: {name}")
    return 0 if all(met for _, met in targets) else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--sample", type=int, default=20, help="files the hand-written way is measured on")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="build the workbooks here and keep them")
    parser.add_argument("--units", type=int, default=0, help="deal the workbooks to this many units (0: the "
                        "examples' own units)")
    parser.add_argument("--parts", action="store_true", help="measure the master in parts (see above) only")
    args = parser.parse_args(argv)

    folder = args.keep or Path(tempfile.mkdtemp(prefix="sopxl-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    corpus, out = folder / "offices", folder / "out"
    out.mkdir(exist_ok=True)
    try:
        paths, built = kept_corpus(corpus, args.files, args.events, units=args.units)
        print(f"corpus: {len(paths)} workbooks × {args.events} events in {corpus} "
              f"({built}, {sum(p.stat().st_size for p in paths) / 1e6:.0f} MB); "
              f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
        if args.parts:
            return master_parts(corpus, out, paths, reuse=args.keep is not None and built.startswith("kept"))
        for name in ("master.xlsx", "sopxl.db", "sopxl.db-wal", "sopxl.db-shm"):
            (out / name).unlink(missing_ok=True)

        full, peak, report = in_child(consolidate_code(corpus, out))
        inside = json.loads(report.strip().splitlines()[-1])
        counts = inside["counts"]
        assert counts["read"] == len(paths) and counts["failed"] == 0, counts
        again, _, report2 = in_child(consolidate_code(corpus, out))
        inside2 = json.loads(report2.strip().splitlines()[-1])
        assert inside2["counts"]["unchanged"] == len(paths), inside2["counts"]
        import sopxl

        clock = time.perf_counter()
        api_again = sopxl.consolidate([str(corpus)], master=out / "master.xlsx", report=False)
        api_rerun = time.perf_counter() - clock
        assert api_again.counts["unchanged"] == len(paths) and not api_again.master_written
        clock = time.perf_counter()
        cli = subprocess.run([str(Path(PYTHON).with_name("sopxl")), "consolidate", str(corpus), "--master",
                              str(out / "master.xlsx"), "--quiet"], capture_output=True, text=True)
        cli_rerun = time.perf_counter() - clock
        assert cli.returncode == 0, cli.stderr

        floors, readers = [], []
        for _ in range(2):             # interleaved, the best of two each
            floors.append(calamine_floor(paths, args.workers))
            readers.append(reading_phase(paths, args.workers))
        floor, reader = min(floors), min(readers)
        threaded = reading_on_threads(paths, args.workers)
        hand, per_file, per_row, sample_rows = hand_written(paths, args.sample, out)

        timings = inside["timings"]
        print(f"full consolidation:        {full:7.2f} s wall (child process; inside: discover "
              f"{timings.get('discover', 0):.2f}, read+merge {timings.get('read_merge', 0):.2f}, master "
              f"{timings.get('master', 0):.2f} s), peak memory {peak / 2**20:.0f} MB (with its reading processes)")
        print(f"unchanged re-run:          {api_rerun:7.2f} s through the API, {again:.2f} s in a fresh process, "
              f"{cli_rerun:.2f} s through the CLI")
        print(f"calamine floor (Log only): {floor:7.2f} s ({args.workers} threads)")
        print(f"reading phase (bulkread):  {reader:7.2f} s ({args.workers} reading processes, as a full run "
              f"reads) = {reader / floor:.2f}x the floor; on {args.workers} threads instead: {threaded:.2f} s "
              f"= {threaded / floor:.2f}x")
        print(f"hand-written (pandas):     {hand:7.2f} s scaled from {args.sample} files "
              f"({per_file:.3f} s per read_excel, {per_row * 1e6:.1f} µs per row of to_excel over "
              f"{sample_rows} rows)")
        print(f"full run vs hand-written:  {hand / full:7.1f}x faster")
        targets = [("full run ≥ 8x faster than hand-written", hand / full >= 8), ("full run < 30 s", full < 30),
                   ("reading phase ≤ 1.5x floor", reader <= 1.5 * floor), ("re-run < 1 s", api_rerun < 1),
                   ("peak memory < 1.5 GB", peak < 1.5 * 2**30)]
        return verdict(targets)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
