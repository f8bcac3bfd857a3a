"""Benchmark of many offices into one PostgreSQL database, of one big SQLite job, and of a night that changed little.

Run: ``.venv/bin/python bench/bench_offices.py [--offices 4] [--files 5000] [--events 2000] [--sqlite-files 500]
[--db postgresql://…] [--db-name NAME] [--keep DIR] [--skip-sqlite] [--skip-night]``; then, to time only the
central report again, ``--keep DIR --report-db postgresql://…/NAME``. Defaults are the issue's sizes (5,000 workbooks of 2,000 events:
10M events); pass smaller ones on a busy machine. Without ``--db`` (or ``SOPXL_BENCH_POSTGRESQL``) it starts
a throwaway PostgreSQL server from Debian's packages in a temporary folder (a unix socket only) and stops it.

It builds the workbooks with ``bench_consolidate.build_corpus`` (sopxl's own writer, then copies whose
Nomor is patched), deals them round-robin into `--offices` office folders, and prints, measured in the
same run:

- the offices' jobs run at the same time into one PostgreSQL database (``--office`` each), each in its
  own process: wall time, CPU seconds per event (its reading processes included; the server's own CPU
  is not) and peak memory (resident, with its reading processes);
- beside each, the floor: python-calamine alone reading the same four sheets of the same files
  (Identitas, Aktivitas, Kalender, Log), in a child process on the same number of threads, once alone and
  with every office's reading at the same time (as the jobs ran: like against like) just before the jobs and
  just after (the ratio is against the mean of the two: this machine's speed drifts over minutes);
- the central report of every office, and of one, from the PostgreSQL database (``sopxl report URL``, the
  last full month), in a child process each: wall time, CPU and peak memory (aim: under 60 s at 10M events);
- one job of `--sqlite-files` workbooks (1M events at the defaults) into SQLite, with its floor measured just
  before and just after it, and one of
  `--small-files` (100k events) beside it: peak memory should not follow the events;
- a night at all `--files` workbooks in one SQLite database: the unchanged re-run (same day), a new
  day with nothing changed (open cases judged again, master rewritten), and one changed file.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import PYTHON, child  # noqa: E402
from bench_consolidate import build_corpus  # noqa: E402

SHEETS = ("Identitas", "Aktivitas", "Kalender", "Log")


def consolidate_code(folder: Path, master: Path, db, office: str = "", workers: int = 2) -> str:
    return (f"import json, sopxl\n"
            f"r = sopxl.consolidate([{str(folder)!r}], master={str(master)!r}, db={str(db)!r}, office={office!r}, "
            f"report=False, workers={workers})\n"
            f"print(json.dumps({{'timings': r.timings, 'duration': r.duration, 'counts': r.counts, "
            f"'added': r.events_added, 'master': r.master_written}}))\n")


def calamine_code(folder: Path, workers: int) -> str:
    """Only reading: the four sheets of every workbook under `folder` into Python lists, on `workers` threads."""
    return (f"from concurrent.futures import ThreadPoolExecutor\nfrom pathlib import Path\n"
            f"from python_calamine import CalamineWorkbook\n"
            f"def read(path):\n"
            f"    book = CalamineWorkbook.from_path(str(path))\n"
            f"    return sum(len(book.get_sheet_by_name(s).to_python()) for s in {SHEETS!r})\n"
            f"paths = sorted(Path({str(folder)!r}).rglob('*.xlsx'))\n"
            f"with ThreadPoolExecutor({workers}) as pool:\n"
            f"    print(sum(pool.map(read, paths)))\n")


def inside(result: dict) -> dict:
    return json.loads(result["out"].strip().splitlines()[-1])


class ThrowawayPostgres:
    """A PostgreSQL cluster in a temporary folder, reached through a unix socket in it; stopped at the end."""

    def __init__(self):
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
        if not bins:
            raise SystemExit("no PostgreSQL server programs: apt-get install postgresql, or pass --db URL")
        self.bin = bins[-1]
        self.folder = Path(tempfile.mkdtemp(prefix="sopxl-bench-pg-"))
        self.as_user = []
        if os.geteuid() == 0:            # PostgreSQL refuses to run as root
            shutil.chown(self.folder, "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def start(self) -> str:
        data = self.folder / "data"
        subprocess.run([*self.as_user, str(self.bin / "initdb"), "-D", str(data), "-A", "trust", "-U", "sopxl",
                        "-E", "UTF8", "--no-sync"], check=True, capture_output=True)
        subprocess.run([*self.as_user, str(self.bin / "pg_ctl"), "-D", str(data), "-l", str(self.folder / "log"),
                        "-w", "-o", f"-k {self.folder} -c listen_addresses='' -p 54330 -c shared_buffers=256MB",
                        "start"], check=True, capture_output=True)
        return f"postgresql://sopxl@/postgres?host={self.folder}&port=54330"

    def stop(self) -> None:
        subprocess.run([*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "fast",
                        "stop"], capture_output=True)
        shutil.rmtree(self.folder, ignore_errors=True)


def fresh_database(admin_url: str, name: str) -> str:
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {name}")
    params = conninfo_to_dict(admin_url)
    query = "&".join(f"{k}={v}" for k, v in params.items() if k not in ("dbname", "user"))
    return f"postgresql://{params.get('user', '')}@/{name}" + (f"?{query}" if query else "")


def start_postgresql(url: str | None, name: str = "sopxl_bench"):
    """(the throwaway server or None, the URL of a fresh database `name` on it or on the server `url` names)."""
    server = None
    if url is None:
        server = ThrowawayPostgres()
        url = server.start()
    return server, fresh_database(url, name)


def bracket(before: dict, after: dict) -> dict:
    """The floor measured just before and just after a job, as one: the mean of the two CPU times.

    This machine's speed drifts by a quarter over minutes (other machines share its cores); a floor taken on
    one side of the job only would tilt the ratio by that much either way.
    """
    return {"wall": (before["wall"] + after["wall"]) / 2, "cpu": (before["cpu"] + after["cpu"]) / 2,
            "peak": max(before["peak"], after["peak"]), "before": before["cpu"], "after": after["cpu"]}


def line(name: str, job: dict, events: int, floor: dict | None = None) -> str:
    text = (f"{name:<34} {job['wall']:7.1f} s, {job['cpu'] / max(events, 1) * 1e6:5.1f} µs CPU per event, "
            f"peak {job['peak'] / 2**20:5.0f} MB")
    if floor is not None:
        per_event = (f"{floor['cpu'] / max(events, 1) * 1e6:5.1f} µs/event" if "before" not in floor else
                     f"{floor['cpu'] / max(events, 1) * 1e6:5.1f} µs/event (before {floor['before'] / max(events, 1) * 1e6:.1f}"
                     f", after {floor['after'] / max(events, 1) * 1e6:.1f})")
        text += (f" | calamine only: {floor['wall']:6.1f} s, {per_event}, "
                 f"peak {floor['peak'] / 2**20:4.0f} MB | CPU {job['cpu'] / floor['cpu']:.1f}x reading alone")
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offices", type=int, default=4)
    parser.add_argument("--files", type=int, default=5000, help="workbooks in all (dealt to the offices)")
    parser.add_argument("--events", type=int, default=2000, help="Log events per workbook")
    parser.add_argument("--sqlite-files", type=int, default=500, help="workbooks of the one SQLite job")
    parser.add_argument("--workers", type=int, default=2, help="reading processes per job")
    parser.add_argument("--db", default=os.environ.get("SOPXL_BENCH_POSTGRESQL"),
                        help="a PostgreSQL server's maintenance URL (default: start a throwaway one)")
    parser.add_argument("--db-name", default="sopxl_bench", help="the database made afresh on that server")
    parser.add_argument("--skip-offices", action="store_true", help="leave out the offices into PostgreSQL")
    parser.add_argument("--skip-night", action="store_true", help="leave out the night at --files workbooks")
    parser.add_argument("--small-files", type=int, default=50, help="workbooks of the small SQLite job")
    parser.add_argument("--skip-report", action="store_true", help="leave out the central report")
    parser.add_argument("--skip-sqlite", action="store_true", help="leave out the SQLite jobs")
    parser.add_argument("--report-db", help="only the central report, from this database an earlier run filled "
                                            "(that run with --db and --keep, so its database stays)")
    parser.add_argument("--keep", type=Path, help="build the workbooks here and keep them")
    parser.add_argument("--build-only", action="store_true", help="only build the workbooks (into --keep)")
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)      # each line as soon as it is measured

    folder = args.keep or Path(tempfile.mkdtemp(prefix="sopxl-bench-offices-"))
    folder.mkdir(parents=True, exist_ok=True)
    corpus, out = folder / "offices", folder / "out"
    out.mkdir(exist_ok=True)
    server = None
    try:
        started = time.perf_counter()
        built = "kept from an earlier run"
        if not (corpus.exists() and len(list(corpus.rglob("*.xlsx"))) == args.files):
            shutil.rmtree(corpus, ignore_errors=True)
            flat = folder / "flat"
            shutil.rmtree(flat, ignore_errors=True)
            paths = build_corpus(flat, files=args.files, events=args.events)
            for index, path in enumerate(paths):          # dealt round-robin: office k gets every k-th workbook
                target = corpus / f"kantor{index % args.offices}" / path.parent.name / path.name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(path, target)
            shutil.rmtree(flat)
            built = f"built in {time.perf_counter() - started:.0f} s"
        offices = sorted(p for p in corpus.iterdir() if p.is_dir())
        per_office = {o.name: len(list(o.rglob("*.xlsx"))) for o in offices}
        print(f"corpus: {args.files} workbooks x {args.events} events = {args.files * args.events:,} events in "
              f"{len(offices)} offices ({built}); {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
        if args.build_only:
            return 0

        # ---- the offices at once into PostgreSQL ------------------------------------------------------
        results: dict[str, dict] = {}
        if args.report_db:
            url = args.report_db
            chosen_offices, offices = offices, []
        elif not args.skip_offices:
            server, url = start_postgresql(args.db, args.db_name)
        else:
            offices = []

        def run(office: Path) -> None:
            results[office.name] = child(consolidate_code(office, out / office.name / "master.xlsx", url,
                                                          office.name, args.workers))

        # the floor two ways: each office's reading alone, and all offices' readings at once as the jobs ran
        # (sharing the cores costs CPU time too: caches, switches); the latter just before the jobs and just after
        floors_at_once: dict[str, list[dict]] = {office.name: [] for office in offices}

        def read_only(office: Path) -> None:
            floors_at_once[office.name].append(child(calamine_code(office, args.workers)))

        def all_read_only() -> None:
            threads = [threading.Thread(target=read_only, args=(o,)) for o in offices]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()

        all_read_only()
        clock = time.perf_counter()
        threads = [threading.Thread(target=run, args=(o,)) for o in offices]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        together = time.perf_counter() - clock
        if offices:
            print(f"{len(offices)} office jobs at once into PostgreSQL: {together:.1f} s wall for all "
                  f"({args.files * args.events / together:,.0f} events/s)")
        all_read_only()
        for office in offices:
            job = results[office.name]
            counts = inside(job)["counts"]
            assert counts["read"] == per_office[office.name] and counts["failed"] == 0, counts
            events = per_office[office.name] * args.events
            floor = child(calamine_code(office, args.workers))
            print("  " + line(f"{office.name} ({per_office[office.name]} workbooks)", job, events, floor))
            at_once = bracket(*floors_at_once[office.name])
            print(f"    calamine only, all offices at once as the jobs ran: {at_once['wall']:6.1f} s, "
                  f"{at_once['cpu'] / max(events, 1) * 1e6:5.1f} µs/event (before the jobs "
                  f"{at_once['before'] / max(events, 1) * 1e6:.1f}, after {at_once['after'] / max(events, 1) * 1e6:.1f}) "
                  f"| CPU {job['cpu'] / at_once['cpu']:.1f}x reading alone under the same load")
            print(f"    inside: {json.dumps({k: round(v, 1) for k, v in inside(job)['timings'].items()})}")
        peaks = {f"{office.name} into PostgreSQL ({per_office[office.name] * args.events:,} events)":
                 results[office.name]["peak"] for office in offices}

        # ---- the central report from PostgreSQL -------------------------------------------------------------
        if args.report_db:
            offices = chosen_offices
        if offices and not args.skip_report:
            print(f"load {os.getloadavg()[0]:.1f}")
            for name, chosen in (("all offices", []), (f"one office ({offices[0].name})", ["--office", offices[0].name])):
                report = child(command=[PYTHON, "-m", "sopxl", "report", url, *chosen, "--format", "json",
                                        "-o", str(out / f"laporan-{len(chosen)}.xlsx")])
                told = json.loads(report["out"])
                print(f"central report, {name:<22} {report['wall']:6.1f} s wall, {report['cpu']:6.1f} s CPU, "
                      f"peak {report['peak'] / 2**20:4.0f} MB, {len(told['sops'])} SOPs, month "
                      f"{told['month']}, {sum(sop['opened'] for sop in told['sops'])} cases opened"
                      + (f" — {'met' if report['wall'] < 60 else 'MISSED'}: under 60 s" if not chosen else ""))

        # ---- one big SQLite job, with its floor, and a small one: does peak memory follow the events? ----------
        def sqlite_job(name: str, files: list[Path], with_floor: bool) -> None:
            source = folder / f"sqlite-{name}"
            if not source.exists():
                source.mkdir()
                for path in files:
                    shutil.copy2(path, source / path.name)
            count = len(list(source.glob("*.xlsx")))
            for leftover in out.glob(f"{name}.db*"):
                leftover.unlink()
            before = child(calamine_code(source, args.workers)) if with_floor else None
            job = child(consolidate_code(source, out / name / "master.xlsx", out / f"{name}.db", "", args.workers))
            assert inside(job)["counts"]["read"] == count
            floor = bracket(before, child(calamine_code(source, args.workers))) if with_floor else None
            print(line(f"SQLite job ({count} workbooks, {count * args.events:,} events)", job, count * args.events,
                       floor))
            print(f"    inside: {json.dumps({k: round(v, 1) for k, v in inside(job)['timings'].items()})}")
            peaks[f"SQLite ({count * args.events:,} events)"] = job["peak"]

        if args.report_db:
            return 0
        everything = sorted(corpus.rglob("*.xlsx"))
        if not args.skip_sqlite:
            sqlite_job("single", everything[:args.sqlite_files], True)
            sqlite_job("small", everything[:args.small_files], False)
        print("peak memory by job: " + ", ".join(f"{name} {peak / 2**20:.0f} MB" for name, peak in peaks.items()))

        # ---- a night at every workbook ------------------------------------------------------------------
        if not args.skip_night:
            night_db, master = out / "night.db", out / "night" / "master.xlsx"
            for leftover in out.glob("night.db*"):
                leftover.unlink()
            nights = []

            def night(name: str, as_of: str) -> None:
                code = consolidate_code(corpus, master, night_db, "", args.workers).replace(
                    "report=False", f"report=False, as_of=__import__('datetime').datetime.fromisoformat({as_of!r})")
                result = child(code)
                nights.append((name, result, inside(result)))

            night("first night (every file read)", "2026-12-01 23:00:00")
            night("same night again (nothing changed)", "2026-12-01 23:30:00")
            night("next night, nothing changed", "2026-12-02 23:00:00")
            import sopxl

            changed = sorted(corpus.rglob("*.xlsx"))[len(per_office)]
            case = sopxl.list_cases(changed).cases[0].case.number
            sopxl.add_note(changed, case, "berkas diperbaiki", at=__import__("datetime").datetime(2026, 12, 3, 9))
            night("next night, one file changed", "2026-12-03 23:00:00")
            for name, result, report in nights:
                timings = {k: round(v, 2) for k, v in report["timings"].items()}
                print(f"night at {args.files} workbooks, {name:<36} {result['wall']:6.1f} s wall "
                      f"(inside {report['duration']:.1f} s: {json.dumps(timings)}), peak {result['peak'] / 2**20:.0f} MB, "
                      f"read {report['counts']['read']}, +{report['added']} events")
        return 0
    finally:
        if server is not None:
            server.stop()
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
