"""What a consolidation run tells: each file's status and the run's totals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .. import layout as L
from .store.times import iso

STATUSES = L.CONSOLIDATION_STATUSES     # a file's status in a run, in the order the master lists them
READ, UNCHANGED, SKIPPED, FAILED, GONE = STATUSES


@dataclass
class FileStatus:
    """What the run did with one file (or folder): read, unchanged, skipped, failed or gone, and why."""

    path: str
    folder: str
    status: str
    reason: str = ""
    nomor: str = ""
    nama: str = ""
    events: int | None = None
    size: int | None = None
    mtime_ns: int | None = None

    def to_dict(self) -> dict:
        return {"path": self.path, "folder": self.folder, "status": self.status, "reason": self.reason or None,
                "nomor": self.nomor or None, "nama": self.nama or None, "events": self.events}


@dataclass
class NightChanges:
    """What one night changed in the database: the parts of the master that show it are the ones to write anew.

    A master part shows some SOPs' rows (Daftar, Kasus, Peristiwa, Temuan, split per year past Excel's
    rows) or the sources (Sumber). A part none of whose SOPs is in `sops` or `rejudged`, and none of
    whose years is in `event_years` / `case_years`, shows what it showed after the last night. Everything
    is given as sets of plain values (ids, paths, years), built as the night goes, so knowing them costs
    nothing more than the night's own work.
    """

    sops: set[int] = field(default_factory=set)          # SOPs whose events, cases or findings were merged
    unassigned: bool = False                             # findings of a file holding no SOP changed
    rejudged: set[int] = field(default_factory=set)      # SOPs whose open cases' figures moved with time
    sources: set[str] = field(default_factory=set)       # paths whose Sumber row (status, reason, size) changed
    event_years: set[int] = field(default_factory=set)   # years (of `at`) with an event added, changed or removed
    case_years: set[int] = field(default_factory=set)    # years (opened) with a case row changed or gone
    units: set[str] = field(default_factory=set)         # units of the SOPs in `sops` and `rejudged`
    new_moment: bool = False                             # open cases were judged at another moment than before

    @property
    def data(self) -> bool:
        """Whether any SOP's rows changed (new data, or open cases judged anew with working time in between)."""
        return bool(self.sops or self.rejudged)


@dataclass
class Consolidation:
    """The result of one consolidation run."""

    run: int
    started: dt.datetime
    as_of: dt.datetime
    db: Path
    master: Path
    files: list[FileStatus] = field(default_factory=list)
    events_added: int = 0
    events_changed: int = 0
    events_removed: int = 0
    data_changed: bool = False
    master_written: bool = False
    master_error: str | None = None
    backup: Path | None = None
    left_to_database: list[str] = field(default_factory=list)
    parts_folder: Path | None = None    # the folder of the master's data parts (one per unit)
    parts: int = 0                  # the master's data parts ...
    parts_written: int = 0          # ... of which this run wrote (the others did not change)
    report: Path | None = None
    report_error: str | None = None
    timings: dict[str, float] = field(default_factory=dict)
    duration: float = 0.0
    office: str = ""
    reminders: object = None          # reminders.RemindersWritten when the master was written
    reminders_error: str | None = None
    changes: NightChanges = field(default_factory=NightChanges)     # what this night changed (``NightChanges``)

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def counts(self) -> dict[str, int]:
        workbook_files = [f for f in self.files if f.status != GONE]
        return {"files": len(workbook_files), **{s: self.count(s) for s in STATUSES},
                "events_added": self.events_added, "events_changed": self.events_changed,
                "events_removed": self.events_removed}

    @property
    def failures(self) -> list[FileStatus]:
        return [f for f in self.files if f.status == FAILED]

    @property
    def ok(self) -> bool:
        """True when every source was read (or is unchanged) and every output was written."""
        return (not self.failures and self.master_error is None and self.report_error is None
                and self.reminders_error is None)

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1

    def to_dict(self) -> dict:
        return {"schema": "sopxl.nightly.consolidation/1", "run": self.run, "started": iso(self.started),
                "as_of": iso(self.as_of), "db": str(self.db), "office": self.office, "master": str(self.master),
                "master_written": self.master_written, "master_error": self.master_error,
                "backup": str(self.backup) if self.backup else None,
                "report": str(self.report) if self.report else None, "report_error": self.report_error,
                "reminders": self.reminders.to_dict() if self.reminders is not None else None,
                "reminders_error": self.reminders_error,
                "counts": self.counts, "data_changed": self.data_changed, "left_to_database": self.left_to_database,
                "master_parts_folder": str(self.parts_folder) if self.parts_folder else None,
                "master_parts": self.parts, "master_parts_written": self.parts_written,
                "duration_seconds": round(self.duration, 3),
                "timings": {k: round(v, 3) for k, v in self.timings.items()},
                "files": [f.to_dict() for f in self.files]}
