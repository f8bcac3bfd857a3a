"""Benchmark of a night that stays flat: what a night costs when little or nothing changed.

Run: ``.venv/bin/python bench/bench_nights.py [--files 5000] [--events 2000] [--keep DIR [--again]] [--db URL]``.

On the corpus of ``bench_consolidate`` (ten distinct workbooks written by sopxl, copied with their own
Nomor SOP into ten unit folders), it runs four nights of one office, each in a fresh process (its wall
time and peak memory, reading processes included), at moments a nightly schedule gives (02:00):

- the first night: an empty database, every file read, the master written;
- an unchanged night: the same night again five minutes on (nothing changed: stat only); and once more
  through the ``sopxl consolidate`` command, as the nightly schedule starts it (its CPU time printed too);
- a night with one changed file: one case recorded in one workbook (``sopxl.advance``) after the first nights,
  the night at 02:00 the next day — so it is also a new day;
- a new day with nothing changed: every open case judged again, the master written.

Each against a baseline measured in the same run on the same files: python-calamine alone reading every
Log sheet (the first night), listing and stat-ing every file (the unchanged and new-day nights: what
finding a change needs at least), and both plus python-calamine reading the one changed file (the
one-changed-file night). The night's own timings (discover, read+merge, refresh of open cases, master)
are printed beside, so the master's share is seen apart from the rest.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import datetime as dt
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import PYTHON, ROOT, child  # noqa: E402
from bench_consolidate import calamine_floor, kept_corpus, verdict  # noqa: E402


def night_code(corpus: Path, out: Path, db: str, as_of: dt.datetime) -> str:
    return (f"import datetime as dt, json, sopxl\n"
            f"r = sopxl.consolidate([{str(corpus)!r}], master={str(out / 'master.xlsx')!r}, db={db!r}, "
            f"as_of=dt.datetime.fromisoformat({as_of.isoformat()!r}), report=False)\n"
            f"c = r.changes\n"
            f"print(json.dumps({{'timings': r.timings, 'duration': r.duration, 'counts': r.counts, "
            f"'written': r.master_written, 'sops': len(c.sops), 'rejudged': len(c.rejudged), "
            f"'sources': len(c.sources)}}))\n")


def stat_floor(corpus: Path) -> float:
    """Listing every folder and stat-ing every workbook: what noticing a change needs at least."""
    started = time.perf_counter()
    count = 0
    todo = [str(corpus)]
    while todo:
        with os.scandir(todo.pop()) as listing:
            for entry in listing:
                if entry.is_dir(follow_symlinks=False):
                    todo.append(entry.path)
                elif entry.name.endswith(".xlsx"):
                    os.stat(entry.path)
                    count += 1
    assert count
    return time.perf_counter() - started


def change_one(path: Path, at: dt.datetime) -> None:
    """One case goes on in one workbook during the day (as staff record it with sopxl)."""
    import sopxl

    opened = [f.case.number for f in sopxl.list_cases(path, as_of=at).cases if f.case.state == "open"]
    if opened:
        try:
            sopxl.advance(path, opened[0], at=at)
        except sopxl.SopxlError:
            sopxl.advance(path, opened[0], decision=True, at=at)
    else:
        sopxl.start_case(path, "berkas baru", at=at)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="build the workbooks here and keep them")
    parser.add_argument("--db", help="a postgresql:// URL (default: an SQLite file beside the master)")
    parser.add_argument("--again", action="store_true",
                        help="with --keep: go on from the database and master an earlier run left in DIR/out (SQLite); "
                             "its first night reads no file again but writes this sopxl's master (every part when "
                             "their layout changed), then the other nights as usual")
    args = parser.parse_args(argv)
    again = args.again and args.keep is not None and not args.db and (args.keep / "out" / "sopxl.db").exists()

    # sopxl's modules compiled as an installed sopxl has them (pip compiles on install): a source tree run with
    # PYTHONDONTWRITEBYTECODE would compile every module it imports at each start, which no office's night does
    compileall.compile_dir(str(ROOT / "sopxl"), quiet=1)
    with contextlib.ExitStack() as stack:
        folder = args.keep or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="sopxl-nights-")))
        folder.mkdir(parents=True, exist_ok=True)
        corpus, out = folder / "offices", folder / "out"
        if not again:
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir()
        paths, built = kept_corpus(corpus, args.files, args.events)
        db = args.db or str(out / "sopxl.db")
        print(f"corpus: {len(paths)} workbooks × {args.events} events ({built}, "
              f"{sum(p.stat().st_size for p in paths) / 1e6:.0f} MB); database: "
              f"{'PostgreSQL' if args.db else 'SQLite'}; {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
        day = (dt.datetime.now() + dt.timedelta(days=1)).replace(hour=2, minute=0, second=0, microsecond=0)
        if again:          # the nights go on after the last one the kept database saw
            import sqlite3

            with contextlib.closing(sqlite3.connect(out / "sopxl.db")) as kept:
                last = kept.execute("SELECT max(as_of) FROM runs").fetchone()[0]
            if last:
                day = max(day, (dt.datetime.fromisoformat(last) + dt.timedelta(days=1)).replace(hour=2, minute=0))
        victim = paths[len(paths) // 2]
        nights = []

        def night(name: str, as_of: dt.datetime) -> dict:
            job = child(night_code(corpus, out, db, as_of))
            inside = json.loads(job["out"].strip().splitlines()[-1])
            inside.update(name=name, wall=job["wall"], peak=job["peak"], cpu=job["cpu"])
            nights.append(inside)
            return inside

        first = night("first night", day)
        if again:
            floor_all = min(stat_floor(corpus) for _ in range(3))
        else:
            assert first["counts"]["read"] == len(paths), first["counts"]
            floor_all = min(calamine_floor(paths, args.workers) for _ in range(2))
        unchanged = night("unchanged night", day + dt.timedelta(minutes=5))
        assert unchanged["counts"]["read"] == 0 and not unchanged["written"], unchanged
        # the same, as the nightly schedule runs it: the `sopxl` command (its start, click, the output)
        command = [PYTHON, "-m", "sopxl", "consolidate", str(corpus), "--master", str(out / "master.xlsx"), "--db",
                   db, "--quiet", "--no-report", "--as-of", f"{day + dt.timedelta(minutes=10):%Y-%m-%d %H:%M}"]
        by_command = child(command=command)
        assert by_command["returncode"] == 0 and " 0 " in by_command["out"], by_command
        change_one(victim, dt.datetime.now().replace(microsecond=0))     # recorded now, before the next night
        os.utime(victim, (time.time() - 3600,) * 2)       # written an hour before the night, as at 02:00
        one = night("one changed file", day + dt.timedelta(days=1))
        assert one["counts"]["read"] == 1, one["counts"]
        new_day = night("new day, no change", day + dt.timedelta(days=2))
        assert new_day["counts"]["read"] == 0 and new_day["written"], new_day
        stat = min(stat_floor(corpus) for _ in range(3))
        one_floor = stat + min(calamine_floor([victim], 1) for _ in range(3))
        baselines = {"first night": (floor_all, "listing + stat of every file (--again: a kept database)" if again
                                     else "calamine reading every Log"),
                     "unchanged night": (stat, "listing + stat of every file"),
                     "one changed file": (one_floor, "stat of every file + calamine reading the one"),
                     "new day, no change": (stat, "listing + stat of every file")}
        print(f"{'night':<20}{'wall s':>9}{'CPU s':>8}{'in run s':>9}{'baseline s':>12}{'ratio':>9}{'peak MB':>9}   "
              "inside (s): discover, read+merge, refresh, master, reminders; rows changed")
        for n in nights:
            base, what = baselines[n["name"]]
            t = n["timings"]
            print(f"{n['name']:<20}{n['wall']:>9.2f}{n['cpu']:>8.2f}{n['duration']:>9.2f}{base:>12.3f}{n['wall'] / base:>8.1f}x"
                  f"{n['peak'] / 2**20:>9.0f}   {t.get('discover', 0):.2f}, {t.get('read_merge', 0):.2f}, "
                  f"{t.get('refresh', 0):.2f}, {t.get('master', 0):.2f}, {t.get('reminders', 0):.2f}; "
                  f"read {n['counts']['read']}, SOPs changed {n['sops']}, judged anew {n['rejudged']}   "
                  f"(baseline: {what})")
        print(f"{'unchanged, command':<20}{by_command['wall']:>9.2f}{by_command['cpu']:>8.2f}{'':>9}{stat:>12.3f}"
              f"{by_command['wall'] / stat:>8.1f}x{by_command['peak'] / 2**20:>9.0f}   CPU {by_command['cpu']:.2f} s: "
              f"`sopxl consolidate … --quiet` in a fresh process, as the nightly schedule starts it")
        night_only = {n["name"]: n["wall"] - n["timings"].get("master", 0) - n["timings"].get("reminders", 0)
                      for n in nights}
        print("wall: the whole process (interpreter start and imports included), CPU: its user and system time with its "
              "reading processes'; in run: consolidate() itself")
        print("without the master and reminders (nightly.master, nightly.reminders): " +
              ", ".join(f"{k} {v:.2f} s" for k, v in night_only.items()))
        return verdict([("one changed file < 5 s", one["wall"] < 5), ("unchanged night < 1 s", unchanged["wall"] < 1),
                        ("unchanged night by the command < 1 s", by_command["wall"] < 1)])


if __name__ == "__main__":
    sys.exit(main())
