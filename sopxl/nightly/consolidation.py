"""The nightly consolidation: every SOP workbook under some folders into one database, a master and a report.

One run: lock the database; find the workbooks; decide which changed (size and modification time
first, the content hash when those differ); read the changed ones (``bulkread``; on worker processes,
``readpool``, when there are many), replay their Logs into cases with time against the norms
(``cases``, ``tracker``) and validate them (``validation``); merge them, in path order, into the
database in one transaction (``store``); then write the master workbook (``master``) and, on the first
run of a month, last month's report (``monthly``). A file that cannot be read is reported with the
reason and the rest goes on; staff workbooks are only ever read.

Which SOP a workbook holds (its *identity*) is its Instansi, Nomor SOP and Nama SOP, compared without
case and extra spaces (a workbook with neither Nomor nor Nama is known by its path). Events are keyed
by (SOP, event id), so a file that moves keeps its SOP and adds nothing twice; a second file holding
an SOP that another existing file already holds (a copy) is refused as a duplicate, so nothing is
counted twice; a file whose SOP got a new Nomor or Nama takes its SOP, events and cases along.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .. import layout as L
from ..errors import NotSopWorkbook, SopxlError, WorkbookError
from .results import Consolidation, FAILED, FileStatus, GONE, READ, SKIPPED, UNCHANGED
from .discover import is_under, discover
from .outputs import OutputFilter, reminders_folder
from .store import (CASE_COLUMNS, DEFAULT_OFFICE, KnownSource, PackedRows, Store, default_database, is_url,
                    open_for_run, years_of)
from .store.times import iso, moment, stamp, unstamp

if TYPE_CHECKING:
    from .analyse import Analysed
    from .bulkread import Fingerprint

# Reading (``bulkread``, ``analyse``, ``readpool``) and judging cases (the domain) are imported where they
# are used: a night that finds nothing changed lists the folders, asks the database once and ends, and
# its process start is most of its time (README, "A night that stays flat").

# a file modified this close to when it was last fingerprinted may have changed again within the
# same timestamp tick (FAT and SMB keep 2 s): such a file is hashed on the next run, not trusted by stat
RACY_NS = 2_000_000_000
DEFAULT_WINDOW_MONTHS = 2
DEFAULT_KEEP_BACKUPS = 30

Progress = Callable[[int, int, int, str], None]     # (files done, files to read, events merged, path)


# ---- reading on workers -----------------------------------------------------------------------------

@dataclass
class Outcome:
    path: str
    root: str
    status: str
    fingerprint: Fingerprint | None = None
    reason: str = ""
    analysed: Analysed | None = None
    events: list[tuple] | PackedRows | None = None     # the analysed event and case rows (moved here, maybe packed)
    cases: list[tuple] | PackedRows | None = None
    shape: tuple | None = None      # (finding code, sheet, cell, message) of a workbook whose shape stopped the reader


def _reason(error: SopxlError) -> str:
    """An error as Sumber shows it: ``Log!D1: expected the header … — restore …`` (the file is beside it)."""
    place = error.sheet + (f"!{error.cell}" if error.cell else "") + ": " if error.sheet else ""
    return place + error.message + (f" — {error.fix}" if error.fix else "")


def _shape(error: SopxlError) -> tuple:
    """The layout finding `sopxl validate` gives for a workbook this error stopped."""
    from ..validation.rules import shape_code

    return (shape_code(error), error.sheet, error.cell, error.message)


def _read_one(path: str, root: str, known_sha256: str | None, as_of: dt.datetime, pack: str = "") -> Outcome:
    """Read and analyse one workbook (on a reading thread or process); every failure becomes an Outcome.

    `pack`: the engine whose bulk load the events and cases are packed for (``store.pack_events``; a file
    whose SOP is likely new), or empty to send them as rows.
    """
    from .analyse import analyse
    from .bulkread import read_bytes, read_source
    from .store import pack_cases, pack_events

    try:
        data, fingerprint = read_bytes(Path(path))
    except WorkbookError as error:
        return Outcome(path, root, FAILED, reason=_reason(error))
    if known_sha256 is not None and known_sha256 == fingerprint.sha256:
        return Outcome(path, root, UNCHANGED, fingerprint)
    try:
        source = read_source(Path(path), data, fingerprint, pack)
        analysed = analyse(source, as_of)
        events = pack_events(pack, analysed.event_rows) if pack else analysed.event_rows
        cases = pack_cases(pack, analysed.case_rows) if pack else analysed.case_rows
        analysed.event_rows = analysed.case_rows = []         # sent once, as `events` and `cases`
    except NotSopWorkbook as error:
        return Outcome(path, root, SKIPPED, fingerprint, error.message)
    except SopxlError as error:
        return Outcome(path, root, FAILED, fingerprint, _reason(error), shape=_shape(error))
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # noqa: B036 - a defect (or a native panic) must not stop an office's night
        return Outcome(path, root, FAILED, fingerprint,
                       f"unexpected {type(error).__name__} while reading: {error} (please report this)")
    return Outcome(path, root, READ, fingerprint, analysed=analysed, events=events, cases=cases)


# From this many files on, they are read in worker processes (``readpool``): reading a workbook is
# mostly Python, which threads run on one core only. Fewer files are not worth starting processes for.
PROCESS_POOL_FROM = 12


def _reading_pool(workers: int, files: int):
    if workers > 1 and files >= PROCESS_POOL_FROM:
        from .readpool import ReadPool

        return ReadPool(workers)
    from concurrent.futures import ThreadPoolExecutor

    return ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sopxl-read")


# ---- the run ---------------------------------------------------------------------------------------------

@dataclass
class Options:
    master: Path
    db: "Path | str"
    as_of: dt.datetime
    window_months: int = DEFAULT_WINDOW_MONTHS
    lang: str = L.DEFAULT_LANG
    workers: int = 2
    keep_backups: int = DEFAULT_KEEP_BACKUPS
    report: bool = True
    progress: Progress | None = None
    office: str = DEFAULT_OFFICE


def _racy(known: KnownSource) -> bool:
    return known.checked_ns is None or known.mtime_ns is None or known.mtime_ns >= known.checked_ns - RACY_NS


class Run:
    """One consolidation run over a locked store."""

    def __init__(self, store: Store, roots: list[str], options: Options):
        self.began = time.perf_counter()
        self.store = store
        self.roots = roots
        self.options = options
        self.started = dt.datetime.now().replace(microsecond=0)
        self.result = Consolidation(run=0, started=self.started, as_of=options.as_of, db=store.path,
                                    master=options.master, office=options.office)
        self.event_years: set[int] = set()     # of the events this run added, changed or removed

    def _touch(self, *sop_ids: int | None) -> None:
        """The findings, events or cases of these SOPs (None: of a file holding no SOP) were merged: what this
        run changed, for the master's data parts (``result.changes``, given to the master as ``master.Touched``)."""
        for sop_id in sop_ids:
            if sop_id is None:
                self.result.changes.unassigned = True
            else:
                self.result.changes.sops.add(sop_id)

    # ---- merging one outcome ----------------------------------------------------------------------
    def merge(self, outcome: Outcome, known: KnownSource | None, present: set[str], checked_ns: int) -> FileStatus:
        store, run = self.store, self.result.run
        fp = outcome.fingerprint
        status = FileStatus(outcome.path, outcome.root, outcome.status, outcome.reason,
                            size=fp.size if fp else None, mtime_ns=fp.mtime_ns if fp else None)
        if outcome.status == UNCHANGED and known is not None:
            # touched, same content: keep what is known, remember the new size and time
            status.status, status.reason = (UNCHANGED, "") if known.state == READ else (known.state, known.reason or "")
            status.events = known.events
            status.nomor, status.nama = known.nomor, known.nama
            if (fp.size, fp.mtime_ns) != (known.size, known.mtime_ns):
                self.result.changes.sources.add(outcome.path)
                store.save_source(outcome.path, outcome.root, size=fp.size, mtime_ns=fp.mtime_ns, sha256=fp.sha256,
                                  checked_ns=checked_ns, state=known.state, reason=known.reason, sop_id=known.sop_id,
                                  events=known.events, read_run=known.read_run)
            # else it was hashed because it changed too close to its last check, and it did not change
            return status
        if outcome.status in (SKIPPED, FAILED):
            self._touch(known.sop_id if known else None)
            store.save_source(outcome.path, outcome.root, size=fp.size if fp else None,
                              mtime_ns=fp.mtime_ns if fp else None, sha256=fp.sha256 if fp else None,
                              checked_ns=checked_ns if fp else None, state=outcome.status, reason=outcome.reason,
                              sop_id=known.sop_id if known else None, events=None, read_run=run)
            store.replace_findings(outcome.path, known.sop_id if known else None,
                                   self._shape_findings(outcome) if outcome.status == FAILED else [])
            return status
        analysed = outcome.analysed
        status.nomor, status.nama = analysed.nomor, analysed.nama
        sop_id, new_sop, conflict = self._resolve(analysed, known, present)
        if conflict:
            self._touch(None, known.sop_id if known else None)
            status.status, status.reason = FAILED, conflict
            # no hash: a duplicate is decided again on every run (the other copy may be gone by then)
            same = known is not None and known.state == FAILED and known.reason == conflict
            store.save_source(outcome.path, outcome.root, size=fp.size, mtime_ns=fp.mtime_ns, sha256=None,
                              checked_ns=None, state=FAILED, reason=conflict,
                              sop_id=known.sop_id if known else None, events=None,
                              read_run=known.read_run if same else run)
            store.replace_findings(outcome.path, None, [])
            return status
        sop_id = store.save_sop(sop_id, analysed.sop_values, run)
        self._touch(sop_id, *((known.sop_id,) if known is not None and known.sop_id != sop_id else ()))
        added, changed, removed = store.merge_events(sop_id, outcome.events, run, new_sop=new_sop,
                                                     years=self.event_years)
        self.result.events_added += added
        self.result.events_changed += changed
        self.result.events_removed += removed
        opened = store.replace_cases(sop_id, outcome.cases, new_sop=new_sop)
        store.replace_findings(outcome.path, sop_id, analysed.finding_rows, new_path=known is None)
        self.result.changes.case_years |= years_of(opened)
        status.events = len(outcome.events)
        status.reason = "; ".join(analysed.notes)
        store.save_source(outcome.path, outcome.root, size=fp.size, mtime_ns=fp.mtime_ns, sha256=fp.sha256,
                          checked_ns=checked_ns, state=READ, reason=status.reason or None, sop_id=sop_id,
                          events=status.events, read_run=run)
        return status

    def _shape_findings(self, outcome: Outcome) -> list[tuple]:
        """The failure as the layout finding `sopxl validate` gives for such a file (none for a file not read)."""
        from ..validation.findings import Finding
        from .analyse import finding_row

        if outcome.shape is None:
            return []
        code, sheet, cell, message = outcome.shape
        finding = Finding(code, sheet, cell, "", {"detail": message}, outcome.path)
        return [finding_row(finding)]

    def _resolve(self, analysed: Analysed, known: KnownSource | None, present: set[str]):
        """(sop id or None for a new SOP, whether it is new, the reason it is refused as a duplicate)."""
        store, path = self.store, analysed.path
        existing = store.sop_by_identity(analysed.identity)
        if existing is not None:
            if existing.path != path and existing.path in present:
                nomor, nama = analysed.nomor, analysed.nama
                what = f"SOP {nomor or nama!r}" + (f" ({nama})" if nomor and nama else "")
                return None, False, (f"duplicate: {existing.path} holds the same {what} and is the one consolidated; "
                                     "nothing of this file is counted — remove the copy, or give it its own "
                                     "Nomor SOP if it is another SOP")
            return existing.id, False, None        # the same file, or the SOP's file moved here
        if known is not None and known.sop_id is not None:
            previous = store.sop_by_id(known.sop_id)
            if previous is not None and previous.path == path:
                return previous.id, False, None    # its Nomor or Nama changed: the SOP goes on under the new identity
        return None, True, None

    # ---- the whole run -------------------------------------------------------------------------------
    def execute(self) -> Consolidation:
        options, store, result = self.options, self.store, self.result
        clock = time.perf_counter()
        found = discover(self.roots, OutputFilter(options.master))
        known_sources = store.known_sources()
        present = {path for path, _, _, _ in found.candidates}
        present.update(found.unseen)
        to_read: list[tuple[str, str, KnownSource | None]] = []
        statuses: dict[str, FileStatus] = {s.path: s for s in found.statuses}
        checked_ns = time.time_ns()
        unchanged: list[tuple[str, str, KnownSource]] = []
        for path, root, size, mtime_ns in found.candidates:
            known = known_sources.get(path)
            if known is not None and known.sha256 and known.size == size and known.mtime_ns == mtime_ns \
                    and not _racy(known):
                unchanged.append((path, root, known))
            else:
                to_read.append((path, root, known))
        result.timings["discover"] = time.perf_counter() - clock

        store.begin()
        try:
            result.run = store.start_run(self.started, options.as_of, self.roots)
            changes_after_run_row = store.changes
            for path, root, known in unchanged:
                statuses[path] = FileStatus(path, root, UNCHANGED if known.state == READ else known.state,
                                            "" if known.state == READ else (known.reason or ""), known.nomor,
                                            known.nama, events=known.events, size=known.size,
                                            mtime_ns=known.mtime_ns)
            clock = time.perf_counter()
            self._read_and_merge(to_read, statuses, present, checked_ns)
            result.timings["read_merge"] = time.perf_counter() - clock
            for path, source in known_sources.items():
                if source.state == GONE or path in present or path in statuses:
                    continue
                if not any(is_under(path, root) for root in self.roots):
                    continue
                if any(is_under(path, folder) for folder in found.unreadable):
                    continue
                store.mark_gone(path)
                self._touch(source.sop_id)
                statuses[path] = FileStatus(path, next(r for r in self.roots if is_under(path, r)), GONE,
                                            "no longer found; its SOP, cases and events stay in the database")
            result.data_changed = store.changes != changes_after_run_row
            if result.data_changed:     # an SOP's presence follows its sources' rows: none changed, none moves
                result.changes.sops |= store.set_sop_presence()
            master_due = self._master_due()
            # the parts of a master written completely by the last run that wrote data are known; else all are due
            self.parts_known = (store.meta("master_run") == store.meta("data_run")
                                and store.meta("master_path") == str(options.master)
                                and store.meta("master_options") == self._master_options())
            if master_due:
                clock = time.perf_counter()
                self._refresh_open_cases()
                result.timings["refresh"] = time.perf_counter() - clock
                store.set_meta("data_run", str(result.run))
            result.files = sorted(statuses.values(), key=lambda s: s.path)
            result.duration = time.perf_counter() - self.began
            if master_due:
                self._sum_up_changes()
            store.finish_run(result.run, result.counts, dt.datetime.now().replace(microsecond=0))
            store.record_run_files(result.run, [(f.path, f.status, f.reason or None) for f in result.files
                                                if f.status != UNCHANGED])
            store.commit()
        except BaseException:
            store.rollback()
            raise
        if master_due:
            self._write_outputs()
        result.duration = time.perf_counter() - self.began
        return result

    def _sum_up_changes(self) -> None:
        """Complete ``result.changes`` (what the master needs to know): the sources whose Sumber row differs
        from the master's last night, the years of the events changed, the units of the SOPs changed."""
        store, result = self.store, self.result
        changes = result.changes
        changes.sources.update(f.path for f in result.files if f.status != UNCHANGED)
        shown_run = store.meta("master_run")
        if shown_run is not None and shown_run.isdigit():
            changes.sources.update(store.listed_paths(int(shown_run)))     # read then, unchanged now
        if changes.sops:
            changes.event_years = set(self.event_years)
        changes.units = store.units_of(changes.sops | changes.rejudged)

    def _read_and_merge(self, to_read, statuses: dict[str, FileStatus], present: set[str], checked_ns: int) -> None:
        """Read the files on a pool of workers and merge each result, in path order, as it comes."""
        options = self.options
        progress = options.progress
        total = len(to_read)
        if progress:
            progress(0, total, 0, "")
        if not to_read:
            return
        from .readpool import RemoteFailure, Reply, WorkerDied

        workers = max(1, min(options.workers, total))
        with _reading_pool(workers, total) as pool:
            pending: deque = deque()
            queue = iter(to_read)

            def submit() -> None:
                item = next(queue, None)
                if item is not None:
                    path, root, known = item
                    sha = known.sha256 if known is not None else None
                    # a file never read into an SOP most likely holds a new one: its rows are packed
                    pack = self.store.engine if known is None or known.sop_id is None else ""
                    pending.append((pool.submit(_read_one, path, root, sha, options.as_of, pack), path, root,
                                    known))

            for _ in range(workers * 3):       # a few files ahead: the workers never wait for the merging
                submit()
            done = 0
            while pending:
                future, path, root, known = pending.popleft()
                try:
                    outcome = future.value() if isinstance(future, Reply) else future.result()
                except WorkerDied:
                    outcome = Outcome(path, root, FAILED, reason="the reading process died while reading this "
                                      "file (or one read at the same time); it is read again on the next run")
                except RemoteFailure as failure:
                    outcome = Outcome(path, root, FAILED, reason=f"unexpected {failure.kind} while reading: "
                                      f"{failure.message} (please report this)")
                submit()
                statuses[outcome.path] = self.merge(outcome, known, present, checked_ns)
                done += 1
                if progress:
                    progress(done, total, self.result.events_added, outcome.path)

    def _master_due(self) -> bool:
        """Whether the master must be written: new data, a new day, other options, or no (complete) master yet."""
        store, options = self.store, self.options
        if self.result.data_changed or not options.master.exists():
            return True
        if store.meta("master_path") != str(options.master) or store.meta("master_options") != self._master_options():
            return True
        if not reminders_folder(options.master).is_dir() or store.meta("reminders_run") != store.meta("master_run"):
            return True           # the reminders beside it were deleted, or not all written (or never)
        written = store.meta("master_as_of")
        if written is None or store.meta("master_run") != store.meta("data_run"):
            return True           # a run died after its data were committed, before its master was written
        return moment(written).date() != options.as_of.date()

    def _master_options(self) -> str:
        return json.dumps({"lang": self.options.lang, "window_months": self.options.window_months})

    def _refresh_open_cases(self) -> None:
        """Judge the open cases of SOPs not read in this run as of this run's moment (docs/architecture.md).

        An open case's figures move only with the working time of its SOP's calendar: each case keeps that
        calendar's working clock where its step began and where it opened, so judging it at a new moment
        is one statement per calendar in the database (``Store.rejudge_open_cases``), whatever the number
        of cases. Cases kept by a sopxl before schema 3 have no clocks: those are judged here in Python
        once, from their rows (never their Logs), and keep clocks from then on.
        """
        from ..domain.calendar import calendar_from_json
        from ..domain.cases import OPEN, Case, Visit
        from ..domain.model import SOP
        from ..domain.tracker import LATE, NEAR, NEAR_SHARE, NO_NORM, ON_TIME, Tracker
        from .analyse import case_figures, case_row

        store, as_of, changes = self.store, self.options.as_of, self.result.changes
        when = stamp(as_of)
        calendars: dict[str, object] = {}     # each distinct Kalender is built once (a calendar is read-only)

        def calendar_of(text: str):
            if text not in calendars:
                calendars[text] = calendar_from_json(text)
            return calendars[text]

        for calendar_json in store.stale_open_calendars(when):
            try:
                calendar = calendar_of(calendar_json)
                clock = calendar.position(as_of)
                judged = store.stale_open_moments(calendar_json, when)
                # the figures move only when working time passed between the moment they were judged at
                # and this one (a re-run in the same night changes none); which SOPs then, for the master
                clocks = {before: calendar.position(unstamp(before)) for before in {b for _, b, _ in judged}}
            except ValueError:
                continue
            store.rejudge_open_cases(calendar_json, clock, when, NEAR_SHARE, (NO_NORM, ON_TIME, NEAR, LATE))
            changes.new_moment = True
            for sop_id, before, year in judged:
                if clocks[before] != clock:
                    changes.rejudged.add(sop_id)
                    changes.case_years.add(year)
        for sop_id, sop_json, calendar_json in store.sops_with_unclocked_open_cases(when):
            sop = SOP.from_dict(json.loads(sop_json))
            try:
                calendar = calendar_of(calendar_json)
                tracker = Tracker(sop, calendar)
            except ValueError:
                continue
            rows = []
            for row in store.open_cases(sop_id):
                values = dict(zip(CASE_COLUMNS, row))
                visit = Visit(values["step"], unstamp(values["step_started"]))
                case = Case(number=values["case_no"], subject=values["subject"], opened=unstamp(values["opened"]),
                            state=OPEN, visits=[visit], returns=values["returns"])
                rows.append(case_row(case_figures(tracker, case, as_of), as_of, calendar))
            store.upsert_cases(sop_id, rows)
            changes.new_moment = True
            changes.rejudged.add(sop_id)
            changes.case_years.update(unstamp(row[CASE_COLUMNS.index("opened")]).year for row in rows)

    def _write_outputs(self) -> None:
        from .master import MasterOptions, Touched, write_master
        from .reminders import ReminderSheet, collect

        store, options, result = self.store, self.options, self.result
        clock = time.perf_counter()
        reminders = collect(store, options.as_of, [options.office])
        result.timings["reminders"] = time.perf_counter() - clock
        clock = time.perf_counter()
        try:
            written = write_master(store, options.master, result, MasterOptions(
                lang=options.lang, window_months=options.window_months, keep_backups=options.keep_backups,
                sheets=(ReminderSheet(reminders, options.lang, options.as_of),)),
                offices=[options.office], previous=store.meta("master_as_of"),
                touched=(Touched(frozenset(result.changes.sops), result.changes.unassigned) if self.parts_known
                         else None))
        except SopxlError as error:
            result.master_error = error.render()
        else:
            result.master_written = True
            result.backup = written.backup
            result.left_to_database = written.left_to_database
            result.parts_folder, result.parts_written, result.parts = written.folder, written.parts_written, \
                len(written.parts)
            store.begin()
            store.set_meta("master_path", str(options.master))
            store.set_meta("master_as_of", iso(options.as_of))
            store.set_meta("master_run", str(result.run))
            store.set_meta("master_options", self._master_options())
            store.set_run_output(result.run, master=str(options.master))
            store.commit()
        result.timings["master"] = time.perf_counter() - clock
        clock = time.perf_counter()
        self._write_reminders(reminders)
        result.timings["reminders"] += time.perf_counter() - clock
        if options.report:
            clock = time.perf_counter()
            self._month_report()
            result.timings["report"] = time.perf_counter() - clock

    def _write_reminders(self, reminders) -> None:
        """One workbook per unit with cases overdue or due today, beside the master (``reminders``)."""
        from .reminders import MANIFEST_KEY, write_unit_workbooks

        store, options, result = self.store, self.options, self.result
        previous = store.meta(MANIFEST_KEY)
        try:
            written, manifest = write_unit_workbooks(reminders_folder(options.master), reminders, lang=options.lang,
                                                     as_of=options.as_of,
                                                     previous=json.loads(previous) if previous else None)
        except SopxlError as error:
            result.reminders_error = error.render()
            return
        except OSError as error:
            result.reminders_error = f"{error.filename or reminders_folder(options.master)}: {error.strerror or error}"
            return
        result.reminders = written
        if written.errors:
            result.reminders_error = "; ".join(written.errors)
        store.begin()
        store.set_meta(MANIFEST_KEY, json.dumps(manifest, ensure_ascii=False, sort_keys=True))
        if not written.errors:
            store.set_meta("reminders_run", str(result.run))
        store.commit()

    def _month_report(self) -> None:
        """On the first run of a month: last month's report next to the master, once."""
        from ..domain.figures import Month
        from ..reporting.monthly import make_report
        from .store import StoreSource

        store, options, result = self.store, self.options, self.result
        month = Month.of(options.as_of.date()).previous()
        key = f"report:{month}"
        if store.meta(key) is not None:
            return
        if not store.has_events_before(stamp(month.end)):
            return
        output = options.master.with_name(f"laporan-{options.master.stem}-{month}.xlsx")
        try:
            make_report(StoreSource(store, offices=[options.office]), month=month, output=output, lang=options.lang,
                        generated_at=options.as_of)
        except SopxlError as error:
            result.report_error = error.render()
            return
        result.report = output
        store.begin()
        store.set_meta(key, str(output))
        store.set_run_output(result.run, report=str(output))
        store.commit()


def consolidate(folders, *, master: str | Path = "master.xlsx", db: str | Path | None = None,
                as_of: dt.datetime | None = None, window_months: int = DEFAULT_WINDOW_MONTHS,
                lang: str = L.DEFAULT_LANG, workers: int | None = None, wait: float = 0.0,
                keep_backups: int = DEFAULT_KEEP_BACKUPS, report: bool = True,
                progress: Progress | None = None, office: str = DEFAULT_OFFICE) -> Consolidation:
    """Consolidate every SOP workbook under `folders` into the database `db` and the workbook `master`.

    `db` is a file (SQLite) or a ``postgresql://`` URL; None: ``SOPXL_DB``, else ``sopxl.db`` beside the
    master on a local disk (``store.default_database``). `office` names whose files these are: sources are
    keyed by (office, path), and runs of different offices into one PostgreSQL database run side by side.
    """
    if isinstance(folders, (str, Path)):
        folders = [folders]
    roots = []
    for folder in folders:
        absolute = os.path.abspath(os.fspath(folder))
        if absolute not in roots:
            roots.append(absolute)
    if not roots:
        raise SopxlError("name at least one folder of SOP workbooks", fix="e.g. sopxl consolidate //server/sop")
    L.check_lang(lang)
    if not isinstance(window_months, int) or window_months < 1:
        raise SopxlError(f"the event window must be a whole number of months from 1, not {window_months!r}",
                         fix="e.g. --window-months 2 for this month and last")
    master = Path(os.path.abspath(master))
    if master.suffix.lower() != ".xlsx":
        raise SopxlError("the master is an .xlsx workbook", file=str(master), fix="give it a name ending in .xlsx")
    office = " ".join(str(office or "").split())
    if len(office) > 100:
        raise SopxlError("the office name is longer than 100 characters", fix="give a short name, e.g. --office jabar")
    if db is None:
        db = default_database(master)
    elif not is_url(db):
        db = Path(os.path.abspath(db))
    moment_ = (as_of or dt.datetime.now()).replace(microsecond=0)
    options = Options(master=master, db=db, as_of=moment_, window_months=window_months, lang=lang,
                      workers=workers or min(4, os.cpu_count() or 2), keep_backups=keep_backups,
                      report=report, progress=progress, office=office)
    for folder in {master.parent} | ({db.parent} if isinstance(db, Path) else set()):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SopxlError(f"the output folder cannot be created ({exc.strerror or exc})", file=str(folder),
                             fix="check the path and the rights of the account running sopxl") from exc
    store = open_for_run(db, office=office, wait=wait)
    try:
        return Run(store, roots, options).execute()
    finally:
        store.close()


def central_master(db, output: str | Path, *, offices=None, as_of: dt.datetime | None = None,
                   lang: str = L.DEFAULT_LANG, window_months: int = DEFAULT_WINDOW_MONTHS,
                   keep_backups: int = DEFAULT_KEEP_BACKUPS):
    """The master workbook of some offices (None: all) from a database many offices consolidate into.

    Nothing is read from the shares: Daftar, Kasus, Peristiwa and Temuan come from the database, and
    Sumber lists each source of those offices with the state its last run left it in. Its Pengingat
    sheet lists what is overdue or due as of `as_of`, as an office's own master does (``reminders``);
    with several offices each unit is named with its office, so same-named units stay apart.
    """
    from .master import MasterOptions, write_master
    from .reminders import ReminderSheet
    from .store import office_filter, open_readonly

    L.check_lang(lang)
    output = Path(os.path.abspath(output))
    if output.suffix.lower() != ".xlsx":
        raise SopxlError("the master is an .xlsx workbook", file=str(output), fix="give it a name ending in .xlsx")
    moment_ = (as_of or dt.datetime.now()).replace(microsecond=0)
    store = open_readonly(db if is_url(db) else Path(db))
    try:
        known = set(store.offices())
        unknown = [office for office in offices or () if office not in known]
        if unknown:
            raise SopxlError(f"the database holds no office named {', '.join(map(repr, unknown))}",
                             file=str(store.path), fix=f"offices in it: {', '.join(map(repr, sorted(known)))}")
        result = Consolidation(run=0, started=moment_, as_of=moment_, db=store.path, master=output)
        where, params = office_filter("r.office", offices)
        for path, folder, state, reason, events, size, mtime_ns, nomor, nama in store.query(
                "SELECT r.path, r.folder, r.state, r.reason, r.events, r.size, r.mtime_ns, s.nomor, s.nama "
                f"FROM sources r LEFT JOIN sops s ON s.id = r.sop_id WHERE {where} ORDER BY r.office, r.path",
                params).fetchall():
            result.files.append(FileStatus(path, folder, state, reason or "", nomor or "", nama or "", events,
                                           size, mtime_ns))
        output.parent.mkdir(parents=True, exist_ok=True)
        chosen = sorted(known) if offices is None else list(dict.fromkeys(offices))
        reminders = ReminderSheet(_office_reminders(store, moment_, chosen, lang), lang, moment_)
        written = write_master(store, output, result, MasterOptions(lang=lang, window_months=window_months,
                                                                    keep_backups=keep_backups, sheets=(reminders,)),
                               offices=None if offices is None else list(offices))
    finally:
        store.close()
    return written


def _office_reminders(store: Store, as_of: dt.datetime, offices: list[str], lang: str) -> list:
    """The reminders of `offices` as of `as_of`; with more than one office, each unit named with its office."""
    import dataclasses

    from .reminders import Reminder, collect

    if len(offices) <= 1:
        return collect(store, as_of, offices or None)
    found = []
    for office in offices:
        for reminder in collect(store, as_of, [office]):
            if office != DEFAULT_OFFICE:
                unit = L.text("rem_office_unit", lang).format(unit=reminder.unit or L.text("rem_no_unit", lang),
                                                              office=office)
                reminder = dataclasses.replace(reminder, unit=unit)
            found.append(reminder)
    return sorted(found, key=Reminder.sort_key)
