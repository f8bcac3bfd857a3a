"""The master of a consolidation: a summary workbook for the Kepala Biro and data parts per unit beside it.

The master is written in *parts*, so a night's work follows what changed, not how much the database holds:

- ``master.xlsx``, the **summary** (``SUMMARY_SHEETS``): Ringkasan, the first sheet, for the head of the
  bureau who receives it (on-time share per unit and month against the threshold, as a coloured table and
  a chart; the units and steps that lag; open and overdue cases); then the register of SOPs (Daftar), the
  open cases of every unit (Kasus Berjalan, judged as of the run), the IT figures (Teknis: the run, the
  database, the folders, the parts) and what the run did with each file (Sumber). It is small and written
  on every night that writes the master; the master it replaces is kept as ``<name>.<date>.xlsx``.
- one **data part per unit** in ``<name>-unit/`` (``parts_folder``): that unit's closed and cancelled
  cases (Kasus), its events of the recent window (Peristiwa) and its validation findings (Temuan); a unit
  of more than ``MASTER_PART_SOPS`` SOPs has numbered parts of that many SOPs each (``part_chunks``), so
  what one merged SOP costs does not grow with its unit. A part is written again only when its content
  may have changed: one of its SOPs was merged this night (``Touched``, which the night passes), it
  gained or lost a SOP, its layout key changed (language, window, format), or its file is missing or not
  as it was written. Findings of files that hold no SOP go to the (first) part of SOPs without a unit.

The summary's counts of closed and cancelled cases per SOP (Ringkasan, Daftar, Teknis) are kept in the
parts' list too (``_SopCases``) and counted again only for the SOPs a night merged; the open cases, which
time moves, are counted every night through their index.

Every part is written beside its target and replaces it in one step (``files.atomic_output``) while the
night holds the database's run lock; ``.sopxl-parts.json`` in the parts folder, written last and the same
way, records each part's key, SOPs, size and time. A part sheet that would pass Excel's 1,048,576 rows is
split per year (said on Ringkasan and Teknis); the database keeps everything.

Text from the workbooks is written with ``write_string`` only, so a Kegiatan or note typed as
``=HYPERLINK(…)`` or ``@SUM(…)`` stays text.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from itertools import chain
from typing import Callable
from pathlib import Path

from .. import layout as L
from ..domain.cases import CLOSED, OPEN, STATES
from ..domain.tracker import LATE, NEAR, STATUSES
from ..domain.model import Identity
from ..domain.review import DUE, PAST, Review, review_of
from ..errors import WorkbookError
from ..xlsx.files import atomic_output
from ..xlsx.rows import Cells, bulk_sheet_class, bulk_workbook_class
from .store import Store, office_filter
from .store.times import moment, stamp
from .outputs import parts_folder  # noqa: F401  (its home; named here for the master's callers)
from ..sheets.grid import excel_serial
from ..xlsx.create import SEVERITY_COLOURS, STATUS_COLOURS, Formats, label_colours

EXCEL_DAYS_TO_1970 = 25569          # Excel's serial of 1970-01-01: stored seconds -> Excel serial in SQL
SHEET_ROWS = L.EXCEL_MAX_ROWS       # rows a sheet may hold, header included
FORMAT = 2                          # the parts' layout: a part written by another layout is written again
MANIFEST = ".sopxl-parts.json"      # in the parts folder: what each part holds and when it was written
PART_ZIP_LEVEL = 3                  # a data part's zlib level: half of level 6's time, files about a fifth bigger


@dataclass
class MasterOptions:
    lang: str = L.DEFAULT_LANG
    window_months: int = 2
    keep_backups: int = 30
    threshold: float = L.REPORT_THRESHOLD        # the on-time share a unit should reach (as the monthly report)
    # more summary sheets, after Ringkasan: objects with a `name` and `write(book, sheet)` that lay out their
    # own sheet, print setup included (the reminders: ``reminders.ReminderSheet``)
    sheets: tuple = ()


@dataclass(frozen=True)
class Touched:
    """What a night changed in the database, for deciding which data parts to write again.

    `sops`: the SOPs whose events, cases or findings this night merged (a file read, a file that failed
    or was skipped while holding a SOP); `unassigned`: the findings of a file that holds no SOP changed.
    Open cases judged again, SOPs found present or gone and file statuses are on the summary, which is
    written whenever the master is. ``write_master(touched=None)`` writes every part.
    """

    sops: frozenset = frozenset()
    unassigned: bool = False


@dataclass
class PartWritten:
    path: Path
    unit: str
    written: bool               # written in this run (False: it did not change and was left as it was)
    sops: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass
class MasterWritten:
    path: Path
    backup: Path | None = None
    left_to_database: list[str] = field(default_factory=list)
    parts: list[PartWritten] = field(default_factory=list)
    folder: Path | None = None          # the parts' folder

    @property
    def parts_written(self) -> int:
        return sum(part.written for part in self.parts)


def window_start(as_of: dt.datetime, months: int) -> dt.date:
    """The first day of the month `months - 1` months before `as_of`'s month (2: last month's first day)."""
    index = as_of.year * 12 + as_of.month - 1 - (months - 1)
    return dt.date(index // 12, index % 12 + 1, 1)


def _jd(column: str) -> str:
    """SQL turning stored seconds into an Excel date serial (both engines)."""
    return f"CAST({column} AS DOUBLE PRECISION) / 86400 + {EXCEL_DAYS_TO_1970}"


def _relative(path: str | None, folder: str | None, several: bool) -> str | None:
    """A source's path as people find it: relative to its consolidated folder (the folder's name first when
    the master shows several folders); a path outside it stays whole."""
    if not path or not folder:
        return path
    folder = folder.rstrip("/\\")
    if len(path) > len(folder) + 1 and path.startswith(folder) and path[len(folder)] in "/\\":
        relative = path[len(folder) + 1:]
        return f"{os.path.basename(folder)}{path[len(folder)]}{relative}" if several else relative
    return path


class _Book:
    """One workbook of the master (the summary or a data part), written with XlsxWriter in constant memory."""

    compresslevel: int | None = None       # zlib's level for the package (None: its default)

    def __init__(self, store: Store, target: str, options: MasterOptions, offices, as_of: dt.datetime):
        self.store = store
        self.offices = offices
        self.sop_where, self.sop_params = office_filter("s.office", offices)
        self.options = options
        self.lang = options.lang
        self.as_of = as_of
        self.book = bulk_workbook_class()(target, {
            "constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
            "strings_to_numbers": False, "default_date_format": L.DATETIME_FORMAT, **L.DEFAULT_FONT_OPTIONS})
        self.book.compresslevel = self.compresslevel
        self.book.set_properties({"title": self.t("cons_title"), "subject": "SOP AP", "comments": "sopxl",
                                  "created": as_of})
        self.formats = Formats(self.book, L.MASTER_STYLES, L.STYLES)
        self.sheets: dict = {}
        self.parts: dict[str, list[tuple[str, int | None]]] = {}    # sheet -> [(sheet name, year or None)]
        self.left: list[str] = []
        self.counted: dict[tuple, int] = {}      # (sql, parameters) -> rows
        self.fits: set[str] = set()              # sheets whose rows are known to fit on one sheet, uncounted

    def t(self, key: str) -> str:
        return L.text(key, self.lang)

    def add_sheets(self, names, after_first=()) -> list[tuple]:
        """The sheets `names` (split per year as planned), and the objects `after_first` after the first one:
        [(object, its sheet)]."""
        bulk = bulk_sheet_class()
        added = []
        for index, name in enumerate(names):
            for part, _ in self.parts.get(name, [(name, None)]):
                self.sheets[part] = self.book.add_worksheet(part, worksheet_class=bulk)
            if index == 0:
                added = [(extra, self.book.add_worksheet(extra.name, worksheet_class=bulk)) for extra in after_first]
        return added

    def print_setup(self, sheet, header_row: int | None = 0) -> None:
        """A4 landscape, fitted to the page's width, page numbers in the footer, the table's header on every page."""
        sheet.set_landscape()
        sheet.set_paper(9)
        sheet.fit_to_pages(1, 0)
        sheet.set_footer(L.PAGE_FOOTER)
        if header_row is not None:
            sheet.repeat_rows(header_row)

    # ---- a table sheet --------------------------------------------------------------------------
    def _cell_format(self, kind: str):
        return self.formats[kind if kind in ("int", "number", "datetime") else "plain"]

    def table(self, name: str, columns, rows, *, first_row: int = 0, labels=None,
              conditional=None, values=None) -> int:
        """Write a header and `rows` (values in column order; a kind's value already converted) from `first_row`.

        `labels`: {column: {value: text}} for columns shown through labels; `values`: the index in a row of each
        column's value when not the column's own (several columns may show one value through their labels)."""
        sheet = self.sheets[name]
        header = self.formats["header"]
        kinds = [c.kind for c in columns]
        formats = [self._cell_format(k) for k in kinds]
        for index, column in enumerate(columns):
            sheet.set_column(index, index, column.width, formats[index])
        sheet.set_row(first_row, 30)
        for index, column in enumerate(columns):
            sheet.write_string(first_row, index, self.t(column.key), header)
        labels = labels or {}
        values = values or range(len(columns))
        plan = []
        for index, kind in enumerate(kinds):
            style = formats[index]._get_xf_index() if formats[index] is not None else 0
            if index in labels:
                plan.append((values[index], index, "label", style, labels[index]))
            else:
                plan.append((values[index], index, "text" if kind == "text" else "number", style, None))
        row_number = first_row + sheet.write_rows(first_row + 1, rows, plan)
        last = max(row_number, first_row + 1)
        sheet.autofilter(first_row, 0, last, len(columns) - 1)
        sheet.freeze_panes(first_row + 1, 0)
        if conditional:
            conditional(sheet, first_row + 1, last)
        self.print_setup(sheet, first_row)
        return row_number - first_row

    # ---- sheets past Excel's rows: one sheet per year ---------------------------------------------------
    def _plan(self, name: str, sql: str, params: tuple, bound: int | None = None) -> None:
        """One sheet for `name`, or one per year when its rows would pass Excel's limit (said on Ringkasan).
        `bound`: at least as many rows as `sql` gives (None: unknown); within the limit, they are not counted."""
        if bound is not None and bound <= SHEET_ROWS - 1:
            self.parts[name] = [(name, None)]
            self.fits.add(name)
            return
        count = self._count(sql, params)
        if count <= SHEET_ROWS - 1:
            self.parts[name] = [(name, None)]
            self.fits.add(name)
            return
        years = [int(year) for year, in self.store.query(
            f"SELECT DISTINCT substr({self.store.dialect.month_of_stamp('q.time_stamp')}, 1, 4) AS year "
            f"FROM ({sql}) AS q ORDER BY year", params).fetchall()]
        if len(years) < 2:
            self.parts[name] = [(name, None)]          # one year: its latest rows (``limited`` says so)
            return
        self.parts[name] = [(self.t("cons_split_sheet").format(sheet=name, year=year), year) for year in years]
        self.left.append(self.t("cons_split").format(sheet=name, total=f"{count:,}", limit=f"{SHEET_ROWS:,}",
                                                     sheets=", ".join(part for part, _ in self.parts[name])))

    def _count(self, sql: str, params: tuple) -> int:
        """The rows of `sql`, counted once for planning a sheet and writing it (the same snapshot)."""
        key = (sql, params)
        if key not in self.counted:
            self.counted[key] = self.store.query(f"SELECT count(*) FROM ({sql}) AS q", params).fetchone()[0]
        return self.counted[key]

    @staticmethod
    def _year_filter(sql: str, params: tuple, year: int | None) -> tuple[str, tuple]:
        if year is None:
            return sql, params
        bounds = (stamp(dt.datetime(year, 1, 1)), stamp(dt.datetime(year + 1, 1, 1)))
        return f"SELECT * FROM ({sql}) AS y WHERE y.time_stamp >= ? AND y.time_stamp < ?", (*params, *bounds)

    def limited(self, sql: str, params: tuple, order: str, latest: str, *, sheet: str, table: str,
                reserved: int = 1) -> tuple:
        """(row iterator, row count) of `sql`; over the sheet's limit only the latest rows, said in Teknis."""
        count = self._count(sql, params)
        room = SHEET_ROWS - reserved
        if count <= room:
            return self.store.stream(f"{sql} ORDER BY {order}", params), count
        self.left.append(self.t("cons_left_to_db").format(sheet=sheet, total=f"{count:,}", kept=f"{room:,}",
                                                          left=f"{count - room:,}", table=table))
        rows = self.store.stream(f"SELECT * FROM ({sql} ORDER BY {latest} LIMIT {room}) AS q ORDER BY {order}", params)
        return rows, room

    def _cases_sql(self, condition: str) -> str:
        return (f"SELECT s.unit AS unit, s.nomor AS nomor, s.nama AS nama, c.case_no AS case_no, c.subject, "
                f"c.state, {_jd('c.opened')} AS opened, c.step, c.kegiatan, c.holder, {_jd('c.step_started')}, "
                f"c.step_used, c.step_norm, c.status, c.total_used, c.total_norm, c.returns, {_jd('c.closed')}, "
                f"c.sop_id AS sop, c.opened AS time_stamp FROM cases c JOIN sops s ON s.id = c.sop_id "
                f"WHERE {condition} AND {self.sop_where}")

    def cases(self, name: str, condition: str, params: tuple) -> None:
        """The cases sheet(s) `name` (split per year past the limit): cases as Pelacak shows them, with their SOP."""
        states = {s: self.t(f"state_{s}") for s in STATES}
        statuses = {s: self.t(f"status_{s}") for s in STATUSES}
        status_column = next(i for i, c in enumerate(L.MASTER_KASUS_COLUMNS) if c.key == "status")
        for part, year in self.parts[name]:
            sql, all_params = self._year_filter(self._cases_sql(condition), (*params, *self.sop_params), year)
            rows, _ = self.limited(sql, all_params, "unit, nomor, nama, sop, case_no",
                                   "opened DESC, sop DESC, case_no DESC", sheet=part, table="cases")
            self.table(part, L.MASTER_KASUS_COLUMNS, rows, labels={5: states, status_column: statuses},
                       conditional=lambda sheet, first, last: label_colours(sheet, self.formats, status_column,
                                                                            STATUS_COLOURS, SHEET_ROWS))

    def close(self) -> None:
        self.book.close()


class _Part(_Book):
    """A unit's data part: its closed and cancelled cases, its events of the window, its findings."""

    compresslevel = PART_ZIP_LEVEL
    usual = True            # a sheet known to fit is read the usual way (False: the general way, for tests)

    def __init__(self, store: Store, target: str, options: MasterOptions, offices, as_of: dt.datetime,
                 sops: list[int], unassigned: bool, several_folders: bool, bounds: tuple = (None, None)):
        super().__init__(store, target, options, offices, as_of)
        self.bounds = bounds                # (cases, events of the window) at least as many as this part's
        self.sops = tuple(sops)
        self.unassigned = unassigned        # it also holds the findings of files that hold no SOP
        self.in_sops = f"({', '.join('?' * len(self.sops))})" if self.sops else "(NULL)"
        self.several = several_folders
        self.window = window_start(as_of, options.window_months)

    def _kasus(self) -> tuple[str, tuple]:
        return f"c.state != '{OPEN}' AND c.sop_id IN {self.in_sops}", self.sops

    def _peristiwa_sql(self) -> tuple[str, tuple]:
        # ``e.at + 0``: the unit's SOPs lead (their events by key), not the time index over every unit's events,
        # for the condition and for the order (sorting a unit's window is cheap; walking all events is not)
        return (f"SELECT s.unit AS unit, s.nomor AS nomor, e.event_id AS event_id, e.case_no, e.step, e.action, "
                f"{_jd('e.at')} AS at_serial, e.actor, e.recorded_by, {_jd('e.recorded_at')}, e.note, "
                f"CASE WHEN e.removed_run IS NULL THEN 0 ELSE 1 END, e.at + 0 AS time_stamp, e.sop_id AS sop "
                f"FROM events e JOIN sops s ON s.id = e.sop_id WHERE e.at + 0 >= ? AND e.sop_id IN {self.in_sops} "
                f"AND {self.sop_where}", (stamp(dt.datetime.combine(self.window, dt.time())), *self.sops,
                                          *self.sop_params))

    def write(self) -> tuple[list[str], dict]:
        """Write the part; (notes of what did not fit, rows per sheet)."""
        condition, params = self._kasus()
        self._plan(L.MASTER_KASUS, self._cases_sql(condition), (*params, *self.sop_params), self.bounds[0])
        self._plan(L.MASTER_PERISTIWA, *self._peristiwa_sql(), self.bounds[1])
        self.add_sheets(L.MASTER_PART_SHEETS)
        self.book.set_custom_property(L.MASTER_DATABASE_PROPERTY, str(self.store.path))
        if self.usual and L.MASTER_KASUS in self.fits:
            self._kasus_at_once()
        else:
            self.cases(L.MASTER_KASUS, condition, params)
        events = self._peristiwa_at_once() if self.usual and L.MASTER_PERISTIWA in self.fits else self.peristiwa()
        findings = self.temuan()
        self.close()
        return self.left, {"events": events, "findings": findings}

    # ---- a sheet known to fit (the usual case): its rows as the general way writes them, read cheaper ---------
    # Each row's SOP comes as its id, shown as its unit, number and name through labels (not three texts per
    # row); the cases of a SOP come in key order, one SOP after the other, on SQLite (no sort of the sheet).
    def _sop_labels(self) -> tuple[list[int], dict, dict, dict]:
        """The part's SOPs in the order of Kasus (unit, number, name, id), and their units, numbers and names."""
        rows = self.store.query(f"SELECT s.id, s.unit, s.nomor, s.nama FROM sops s WHERE s.id IN {self.in_sops} "
                                f"AND {self.sop_where} ORDER BY s.unit, s.nomor, s.nama, s.id",
                                (*self.sops, *self.sop_params)).fetchall()
        return ([int(row[0]) for row in rows], *({int(row[0]): row[index] for row in rows} for index in (1, 2, 3)))

    def _kasus_at_once(self) -> None:
        order, units, nomors, names = self._sop_labels()
        values = (f"c.sop_id, c.case_no, c.subject, c.state, {_jd('c.opened')}, c.step, c.kegiatan, c.holder, "
                  f"{_jd('c.step_started')}, c.step_used, c.step_norm, c.status, c.total_used, c.total_norm, c.returns, "
                  f"{_jd('c.closed')}")
        closed = f"c.state != '{OPEN}'"
        if self.store.engine == "sqlite":       # in key order: no sort
            rows = chain.from_iterable(
                self.store.stream(f"SELECT {values} FROM cases c WHERE c.sop_id = ? AND {closed} ORDER BY c.case_no",
                                  (sop_id,)) for sop_id in order)
        else:                                   # one query, sorted by the server
            rows = self.store.stream(
                f"SELECT {values} FROM cases c JOIN sops s ON s.id = c.sop_id WHERE {closed} "
                f"AND c.sop_id IN {self.in_sops} AND {self.sop_where} ORDER BY s.unit, s.nomor, s.nama, c.sop_id, "
                f"c.case_no", (*self.sops, *self.sop_params), every_row=True)
        status_column = next(i for i, c in enumerate(L.MASTER_KASUS_COLUMNS) if c.key == "status")
        self.table(L.MASTER_KASUS, L.MASTER_KASUS_COLUMNS, rows,
                   labels={0: units, 1: nomors, 2: names, 5: {s: self.t(f"state_{s}") for s in STATES},
                           status_column: {s: self.t(f"status_{s}") for s in STATUSES}},
                   values=[0, 0, 0, *range(1, len(L.MASTER_KASUS_COLUMNS) - 2)],
                   conditional=lambda sheet, first, last: label_colours(sheet, self.formats, status_column,
                                                                        STATUS_COLOURS, SHEET_ROWS))

    def _peristiwa_at_once(self) -> int:
        _, units, nomors, _ = self._sop_labels()
        rows = self.store.stream(
            f"SELECT e.sop_id, e.event_id, e.case_no, e.step, e.action, {_jd('e.at')}, e.actor, e.recorded_by, "
            f"{_jd('e.recorded_at')}, e.note, CASE WHEN e.removed_run IS NULL THEN 0 ELSE 1 END "
            f"FROM events e JOIN sops s ON s.id = e.sop_id WHERE e.at + 0 >= ? AND e.sop_id IN {self.in_sops} "
            f"AND {self.sop_where} ORDER BY e.at + 0, s.unit, s.nomor, e.sop_id, e.event_id",
            self._peristiwa_sql()[1], every_row=True)
        return self.table(L.MASTER_PERISTIWA, L.MASTER_PERISTIWA_COLUMNS, rows,
                          labels={0: units, 1: nomors, 11: {1: self.t("cons_yes"), 0: None}},
                          values=[0, 0, *range(1, len(L.MASTER_PERISTIWA_COLUMNS) - 1)])

    def peristiwa(self) -> int:
        removed = {1: self.t("cons_yes"), 0: None}
        shown = 0
        for part, year in self.parts[L.MASTER_PERISTIWA]:
            sql, params = self._year_filter(*self._peristiwa_sql(), year)
            rows, count = self.limited(sql, params, "time_stamp, unit, nomor, sop, event_id",
                                       "time_stamp DESC, sop DESC, event_id DESC", sheet=part, table="events")
            self.table(part, L.MASTER_PERISTIWA_COLUMNS, rows, labels={11: removed})
            shown += count
        return shown

    def temuan(self) -> int:
        lang = self.lang
        severities = {s: self.t(f"severity_{s}") for s in ("error", "warning", "info")}
        categories = {c: self.t(f"category_{c}") for c in ("layout", "value")}
        message, fix = ("message_id", "fix_id") if lang == "id" else ("message_en", "fix_en")
        where, params = office_filter("f.office", self.offices)
        sql = (f"SELECT f.path AS path, coalesce(s.nomor, ''), f.code, f.severity, f.category, f.location, f.value, "
               f"f.{message}, f.{fix}, f.n AS n, r.folder FROM findings f LEFT JOIN sops s ON s.id = f.sop_id "
               f"LEFT JOIN sources r ON r.office = f.office AND r.path = f.path "
               f"WHERE (f.sop_id IN {self.in_sops}{' OR f.sop_id IS NULL' if self.unassigned else ''}) AND {where}")
        rows, count = self.limited(sql, (*self.sops, *params), "path, n", "path DESC, n DESC", sheet=L.MASTER_TEMUAN,
                                   table="findings")
        several = self.several
        rows = ((_relative(row[0], row[-1], several), *row[1:]) for row in rows)
        sheet_column = 2 + next(i for i, c in enumerate(L.TEMUAN_COLUMNS) if c.key == "severity")
        self.table(L.MASTER_TEMUAN, L.MASTER_TEMUAN_COLUMNS, rows, labels={3: severities, 4: categories},
                   conditional=lambda sheet, first, last: label_colours(sheet, self.formats, sheet_column,
                                                                        SEVERITY_COLOURS, SHEET_ROWS))
        return count


class _Summary(_Book):
    """The summary workbook (``master.xlsx``): ``SUMMARY_SHEETS``, Ringkasan first."""

    def __init__(self, store: Store, target: str, result, options: MasterOptions, offices,
                 parts: list[PartWritten], folder: Path, several_folders: bool, reviews: dict, counts: _SopCases):
        super().__init__(store, target, options, offices, result.as_of)
        self.counts = counts                    # each SOP's cases, counted again only for the SOPs merged
        self.reviews = reviews                  # sop id -> [read run, review date, basis, months] (or [read run])
        self.reviews_now: dict[str, list] = {}
        self.result = result
        self.data_parts = parts
        self.parts_folder = folder
        self.several = several_folders
        self.notes: list[str] = [f"{part.path.name}: {note}" for part in parts for note in part.notes]

    def write(self) -> None:
        self._plan(L.MASTER_BERJALAN, self._cases_sql(f"c.state = '{OPEN}'"), self.sop_params)
        extra = self.add_sheets([name for name, _ in SUMMARY_SHEETS], self.options.sheets)
        self.book.set_custom_property(L.MASTER_DATABASE_PROPERTY, str(self.store.path))
        later = (L.MASTER_TEKNIS, L.MASTER_RINGKASAN)     # they say what the other sheets left out
        writers = dict(SUMMARY_SHEETS)
        for name, write in SUMMARY_SHEETS:
            if name not in later:
                write(self)
        for name in later:
            writers[name](self)
        for added, sheet in extra:
            added.write(self.book, sheet)
        self.sheets[L.MASTER_RINGKASAN].activate()
        self.close()

    @property
    def all_notes(self) -> list[str]:
        return self.notes + self.left

    # ---- Ringkasan: the first sheet, for the head of the bureau ---------------------------------------
    def ringkasan(self) -> None:
        sheet, t, f = self.sheets[L.MASTER_RINGKASAN], self.t, self.formats
        figures = _Figures(self.store, self.sop_where, self.sop_params, self.as_of, self.counts)
        threshold = self.options.threshold
        cells = Cells()
        widths = [L.RINGKASAN_UNIT_WIDTH] + [L.RINGKASAN_MONTH_WIDTH] * 12 + [L.RINGKASAN_COUNT_WIDTH] * 2
        for col, width in enumerate(widths):
            sheet.set_column(col, col, width)
        last_col = len(widths) - 1
        percent = "{:.0%}".format

        # page 1: title, the figures that matter today, the chart, where the rest is
        cells.put(0, 0, t("mr_title"), f["title"])
        units = len(figures.units)
        cells.put(1, 0, t("mr_subtitle").format(as_of=self.as_of.strftime("%d/%m/%Y %H:%M"), sops=figures.sops,
                                                units=units, threshold=percent(threshold)), f["plain"])
        row = 3
        cells.put(row, 0, t("mr_figures_title"), f["mr_section"])
        this_month = self.as_of.strftime("%Y-%m")
        month_judged, month_on_time = figures.total_month(this_month)
        year_judged, year_on_time = figures.total()
        rows = [
            (t("mr_open"), figures.open, None),
            (t("mr_open_late"), figures.open_late, "late" if figures.open_late else None),
            (t("mr_open_near"), figures.open_near, "near" if figures.open_near else None),
            (t("mr_closed_month").format(month=self._month_name(this_month)), month_judged, None),
        ]
        for offset, (label, value, colour) in enumerate(rows, start=1):
            cells.put(row + offset, 0, label, f["mr_label"])
            cells.put(row + offset, 1, value, f[f"mr_count_{colour}" if colour else "mr_count"])
        row += len(rows) + 1
        for label, judged, on_time in ((t("mr_on_time_month").format(month=self._month_name(this_month)),
                                        month_judged, month_on_time),
                                       (t("mr_on_time_year"), year_judged, year_on_time)):
            share = on_time / judged if judged else None
            cells.put(row, 0, label, f["mr_label"])
            cells.put(row, 1, share if share is not None else "–", f[self._share_style(share)])
            cells.put(row, 2, t("mr_of_judged").format(on_time=on_time, judged=judged) if judged else
                      t("mr_none_judged"), f["plain"])
            row += 1
        row += 1
        months = figures.months_shown()
        table_row = None
        if months:
            chart_row = row
            for offset in range(L.RINGKASAN_CHART_ROWS + 1):     # rows of 20 px whatever the default height
                cells.height(row + offset, 15)
            row += L.RINGKASAN_CHART_ROWS + 1
        else:
            cells.put(row, 0, t("mr_no_closed"), f["plain"])
            row += 2
        notes = self.all_notes
        where = t("mr_where").format(folder=f"{self.parts_folder.name}/", parts=len(self.data_parts),
                                     it=L.MASTER_TEKNIS)
        cells.put(row, 0, where, f["mr_note"], last_col=last_col)
        cells.height(row, 30)
        row += 1
        if notes:
            cells.put(row, 0, t("cons_notes_title"), f["mr_section"])
            for note in notes:
                row += 1
                cells.put(row, 0, note, f["mr_note"], last_col=last_col)
                cells.height(row, 15 * (1 + len(note) // 150))
            row += 1
        breaks = [row + 1]

        # page 2: the units and steps that lag
        row += 1
        first, last = figures.recent_months(3)
        cells.put(row, 0, t("mr_worst_units_title").format(first=self._month_name(first), last=self._month_name(last)),
                  f["mr_section"])
        row += 1
        worst = figures.worst_units(first, last, L.RINGKASAN_WORST)
        if worst:
            for col, key in enumerate(("cons_unit", "mr_judged", "mr_on_time", "mr_share", "cons_open", "mr_late")):
                cells.put(row, col, t(key), f["header"])
            cells.height(row, 45)
            for unit, judged, on_time, share, open_, late in worst:
                row += 1
                cells.put(row, 0, unit or t("mr_no_unit"), f["mr_cell"])
                cells.height(row, L.wrapped_height([(unit or t("mr_no_unit"), widths[0])], words=True))
                cells.put(row, 1, judged, f["mr_count"])
                cells.put(row, 2, on_time, f["mr_count"])
                cells.put(row, 3, share, f[self._share_style(share)])
                cells.put(row, 4, open_, f["mr_count"])
                cells.put(row, 5, late, f["mr_count_late" if late else "mr_count"])
        else:
            cells.put(row, 0, t("mr_no_closed"), f["plain"])
        row += 2
        cells.put(row, 0, t("mr_worst_steps_title"), f["mr_section"])
        row += 1
        steps = figures.worst_steps(L.RINGKASAN_WORST)
        if steps:
            cells.put(row, 0, t("cons_unit"), f["header"])
            cells.put(row, 1, t("mr_sop"), f["header"], last_col=5)
            cells.put(row, 6, t("mr_step"), f["header"])
            cells.put(row, 7, t("kegiatan"), f["header"], last_col=12)
            cells.put(row, 13, t("mr_late"), f["header"], last_col=14)
            cells.height(row, 30)
            for unit, nomor, nama, step, kegiatan, late in steps:
                row += 1
                texts = (unit or t("mr_no_unit"), " — ".join(part for part in (nomor, nama) if part), kegiatan or "")
                cells.put(row, 0, texts[0], f["mr_cell"])
                cells.put(row, 1, texts[1], f["mr_cell"], last_col=5)
                cells.put(row, 6, step, f["mr_count"])
                cells.put(row, 7, texts[2], f["mr_cell"], last_col=12)
                cells.put(row, 13, late, f["mr_count_late"], last_col=14)
                # each text wrapped at word ends in the width of its (merged) cells: nothing cut, nothing over
                cells.height(row, L.wrapped_height(list(zip(texts, (widths[0], sum(widths[1:6]), sum(widths[7:13])))),
                                                   words=True))
        else:
            cells.put(row, 0, t("mr_no_late_steps"), f["plain"])
        row += 2
        breaks.append(row)

        # page 3 on: every unit, month by month, with its open and overdue cases now
        cells.put(row, 0, t("mr_units_title").format(threshold=percent(threshold)), f["mr_section"])
        row += 1
        table_row = row
        cells.put(row, 0, t("cons_unit"), f["header"])
        for index, month in enumerate(months):
            cells.put(row, 1 + index, self._month_short(month), f["header"])
        open_col = 1 + len(months)
        cells.put(row, open_col, t("cons_open"), f["header"])
        cells.put(row, open_col + 1, t("mr_late"), f["header"])
        cells.height(row, 30)
        for unit in figures.units:
            row += 1
            cells.put(row, 0, unit or t("mr_no_unit"), f["mr_cell"])
            cells.height(row, L.wrapped_height([(unit or t("mr_no_unit"), widths[0])], words=True))
            for index, month in enumerate(months):
                judged, on_time = figures.judged.get((unit, month), (0, 0))
                share = on_time / judged if judged else None
                cells.put(row, 1 + index, share if share is not None else "–", f[self._share_style(share)])
            open_, late, _ = figures.open_by_unit.get(unit, (0, 0, 0))
            cells.put(row, open_col, open_, f["mr_count"])
            cells.put(row, open_col + 1, late, f["mr_count_late" if late else "mr_count"])
        row += 1
        total_row = row
        cells.put(row, 0, t("mr_all_units"), f["mr_total"])
        for index, month in enumerate(months):
            judged, on_time = figures.total_month(month)
            share = on_time / judged if judged else None
            cells.put(row, 1 + index, share if share is not None else "–", f[self._share_style(share, total=True)])
        cells.put(row, open_col, figures.open, f["mr_total_count"])
        cells.put(row, open_col + 1, figures.open_late, f["mr_total_count"])
        row += 1
        cells.put(row, 0, t("mr_threshold"), f["mr_cell"])
        for index in range(len(months)):
            cells.put(row, 1 + index, threshold, f["mr_threshold"])
        row += 1
        cells.put(row, 0, t("mr_legend").format(threshold=percent(threshold),
                                                 near=percent(max(threshold - L.RINGKASAN_NEAR, 0))),
                  f["mr_note"], last_col=last_col)
        cells.height(row, 30)
        cells.write(sheet)
        if months:
            sheet.insert_chart(chart_row, 0, self._chart(total_row, len(months), table_row), {"x_offset": 4})
        sheet.set_h_pagebreaks(breaks)
        sheet.set_landscape()
        sheet.set_paper(9)
        sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
        sheet.set_print_scale(L.RINGKASAN_PRINT_SCALE)
        sheet.set_footer(L.PAGE_FOOTER)
        sheet.hide_gridlines(2)

    def _share_style(self, share: float | None, total: bool = False) -> str:
        threshold = self.options.threshold
        prefix = "mr_total_share" if total else "mr_share"
        if share is None:
            return f"{prefix}_none"
        if share >= threshold:
            return f"{prefix}_on_time"
        return f"{prefix}_near" if share >= threshold - L.RINGKASAN_NEAR else f"{prefix}_late"

    def _month_name(self, key: str) -> str:
        year, month = int(key[:4]), int(key[5:7])
        return f"{L.MONTHS[month - 1][0 if self.lang == 'id' else 1]} {year}"

    def _month_short(self, key: str) -> str:
        return f"{L.MONTHS[int(key[5:7]) - 1][0 if self.lang == 'id' else 1][:3]} {key[:4]}"

    def _chart(self, total_row: int, months: int, header_row: int):
        """The on-time share of every unit together per month (columns) against the threshold (a line)."""
        name = L.MASTER_RINGKASAN
        chart = self.book.add_chart({"type": "column"})
        chart.add_series({"name": self.t("mr_all_units"), "categories": [name, header_row, 1, header_row, months],
                          "values": [name, total_row, 1, total_row, months], "fill": {"color": "#2E75B6"},
                          "data_labels": {"value": True, "num_format": "0%", "position": "inside_end",
                                          "font": {"color": "#FFFFFF", "size": 8}}})
        line = self.book.add_chart({"type": "line"})
        line.add_series({"name": self.t("mr_threshold"), "categories": [name, header_row, 1, header_row, months],
                         "values": [name, total_row + 1, 1, total_row + 1, months],
                         "line": {"color": "#C00000", "width": 2, "dash_type": "dash"}, "marker": {"type": "none"}})
        chart.combine(line)
        chart.set_title({"name": self.t("mr_chart_title"), "name_font": {"size": 11}})
        chart.set_y_axis({"min": 0, "max": 1, "num_format": "0%", "major_gridlines": {"visible": True,
                                                                                        "line": {"color": "#D9D9D9"}}})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": L.RINGKASAN_CHART_WIDTH, "height": L.RINGKASAN_CHART_ROWS * 20})
        return chart

    # ---- the register, the open cases ------------------------------------------------------------------
    def daftar(self) -> None:
        yes_no = {1: self.t("cons_yes"), 0: self.t("cons_no")}
        sql = (f"SELECT s.unit AS unit, s.nomor AS nomor, s.nama AS nama, s.path, s.present, s.steps, s.total_norm, "
               f"NULL AS cases, NULL AS open, NULL AS late, coalesce(r.events, 0), "
               f"s.errors, s.warnings, s.infos, {self.store.dialect.excel_of_iso('u.started')} AS read, s.id AS sop, "
               f"r.folder, s.read_run "
               f"FROM sops s LEFT JOIN runs u ON u.id = s.read_run "
               f"LEFT JOIN sources r ON r.office = s.office AND r.path = s.path "
               f"WHERE {self.sop_where}")
        rows, _ = self.limited(sql, self.sop_params, "unit, nomor, nama, sop", "read DESC, sop DESC",
                               sheet=L.MASTER_DAFTAR, table="sops")
        states = {state: self.t(f"review_{state}") for state in (DUE, PAST)}
        review_at = len(L.MASTER_DAFTAR_COLUMNS) - 2
        self.table(L.MASTER_DAFTAR, L.MASTER_DAFTAR_COLUMNS, (self._register_row(row, review_at) for row in rows),
                   labels={4: yes_no, review_at + 1: states})

    def _register_row(self, row: tuple, at: int) -> tuple:
        """A register row: its file relative to the folder, its review date and state as of the run."""
        path = _relative(row[3], row[-2], self.several)
        sop_id = int(row[at])
        review = self._review(sop_id, row[-1])
        judged = (None, None) if review is None else (review.date.isoformat(), review.state(self.as_of.date()))
        entry = self.counts.per_sop.get(sop_id)
        open_, late, _ = self.counts.open.get(sop_id, (0, 0, 0))
        return (*row[:3], path, *row[4:7], entry[0] if entry else 0, open_, late, *row[10:at], *judged)

    def _review(self, sop_id: int, read_run: int):
        """A SOP's review date, from its identity; kept in the parts' list by (SOP, the run that last changed it),
        so an unchanged SOP's JSON is not read again every night."""
        known = self.reviews.get(str(sop_id))
        if known is None or known[0] != read_run:
            sop_json = self.store.query("SELECT sop_json FROM sops WHERE id = ?", (sop_id,)).fetchone()[0]
            review = review_of(Identity.from_dict(json.loads(sop_json).get("identity", {})))
            known = [read_run, *((review.date.isoformat(), review.basis, review.months) if review else ())]
        self.reviews_now[str(sop_id)] = known
        if len(known) == 1:
            return None
        return Review(dt.date.fromisoformat(known[1]), known[2], known[3])

    def berjalan(self) -> None:
        self.cases(L.MASTER_BERJALAN, f"c.state = '{OPEN}'", ())

    # ---- the IT figures ----------------------------------------------------------------------------------
    def teknis(self) -> None:
        sheet, t, f, result = self.sheets[L.MASTER_TEKNIS], self.t, self.formats, self.result
        cells = Cells()
        cells.put(0, 0, t("mr_it_title"), f["title"])
        start = window_start(self.as_of, self.options.window_months)
        window = t("cons_window_value").format(start=start.isoformat(), end=self.as_of.date().isoformat(),
                                               months=self.options.window_months)
        folders = _folders(self.store, self.offices) or sorted({file.folder for file in result.files})
        facts = [(t("cons_as_of"), self.as_of), (t("cons_database"), str(result.db))]
        facts += [(t("mr_folder"), folder) for folder in folders]
        facts += [(t("mr_paths"), t("mr_paths_value") if len(folders) < 2 else t("mr_paths_several")),
                  (t("cons_window"), window),
                  (t("mr_parts"), t("mr_parts_value").format(folder=f"{self.parts_folder.name}/",
                                                             parts=len(self.data_parts),
                                                             written=sum(p.written for p in self.data_parts)))]
        for row, (label, value) in enumerate(facts, start=1):
            cells.put(row, 0, label, f["label"])
            cells.put(row, 1, value, f["mr_datetime"] if isinstance(value, dt.datetime) else f["mr_cell"],
                      last_col=6)
        row = len(facts) + 2
        totals = self._totals()
        for col, column in enumerate(L.MASTER_TOTALS_COLUMNS):
            cells.put(row, col, t(column.key), f["header"])
        for offset, (label, value) in enumerate(totals, start=1):
            cells.put(row + offset, 0, label, f["mr_cell"])
            cells.put(row + offset, 1, value, f["mr_count"])
        row += len(totals) + 2
        cells.put(row, 0, t("mr_parts_title"), f["mr_section"])
        row += 1
        for col, column in enumerate(L.MASTER_PARTS_COLUMNS):
            cells.put(row, col, t(column.key), f["header"])
        cells.height(row, 30)
        header_row = row
        widths = [column.width for column in L.MASTER_PARTS_COLUMNS]
        for part in self.data_parts:
            row += 1
            name, unit = f"{self.parts_folder.name}/{part.path.name}", part.unit or t("mr_no_unit")
            cells.put(row, 0, name, f["mr_cell"])
            cells.put(row, 1, unit, f["mr_cell"])
            cells.height(row, L.wrapped_height([(name, widths[0]), (unit, widths[1])], words=True))
            cells.put(row, 2, part.sops, f["mr_count"])
            cells.put(row, 3, t("cons_yes") if part.written else t("cons_no"), f["mr_cell"])
        row += 2
        cells.put(row, 0, t("cons_notes_title"), f["mr_section"])
        for note in self.all_notes or [t("cons_no_notes")]:
            row += 1
            cells.put(row, 0, note, f["mr_note"], last_col=6)
            cells.height(row, 15 * (1 + len(note) // 120))
        for col, column in enumerate(L.MASTER_PARTS_COLUMNS):
            sheet.set_column(col, col, column.width)
        cells.write(sheet)
        self.print_setup(sheet, None)
        del header_row

    def _totals(self) -> list[tuple[str, int]]:
        """(label, count) of the run's files and the database's SOPs, events, cases and findings."""
        result, t = self.result, self.t
        query = self.store.query
        where, params = self.sop_where, self.sop_params

        def count(sql: str) -> int:
            return query(sql + f" {'AND' if ' WHERE ' in sql else 'WHERE'} {where}", params).fetchone()[0]

        totals = [
            (t("cons_total_sops"), count("SELECT count(*) FROM sops s")),
            (t("cons_total_present"), count("SELECT count(*) FROM sops s WHERE s.present = 1")),
            (t("cons_total_files"), result.counts["files"]),
            *[(t("cons_total_status").format(status=t(f"cons_status_{s}")), result.counts[s])
              for s in L.CONSOLIDATION_STATUSES],
            (t("mr_total_events_files"), count("SELECT coalesce(sum(r.events), 0) FROM sops s JOIN sources r "
                                               "ON r.office = s.office AND r.path = s.path")),
            (t("cons_total_cases"), self.counts.cases()),
        ]
        states = self.counts.states()
        totals += [(t("cons_total_state").format(state=t(f"state_{s}")), states.get(s, 0))
                   for s in STATES]
        findings_where, findings_params = office_filter("f.office", self.offices)
        severities = dict(query(f"SELECT f.severity, count(*) FROM findings f WHERE {findings_where} "
                                "GROUP BY f.severity", findings_params).fetchall())
        totals += [(t("cons_total_findings").format(severity=t(f"severity_{s}")), severities.get(s, 0))
                   for s in ("error", "warning", "info")]
        return totals

    # ---- the files of the run -----------------------------------------------------------------------------
    def sumber(self) -> None:
        statuses = {s: self.t(f"cons_status_{s}") for s in L.CONSOLIDATION_STATUSES}
        files = self.result.files
        room = SHEET_ROWS - 1
        if len(files) > room:       # not reachable with real folders; kept so no sheet can pass the limit
            self.left.append(self.t("cons_left_to_db").format(sheet=L.MASTER_SUMBER, total=len(files), kept=room,
                                                              left=len(files) - room, table="run_files"))
            files = files[:room]
        several = len({f.folder for f in files}) > 1
        rows = ([_relative(f.path, f.folder, several), f.status, f.reason, f.nomor, f.nama, f.events,
                 round(f.size / 1024, 1) if f.size is not None else None,
                 excel_serial(_mtime(f.mtime_ns)) if f.mtime_ns is not None else None] for f in files)
        self.table(L.MASTER_SUMBER, L.MASTER_SUMBER_COLUMNS, rows, labels={1: statuses})


def _folders(store: Store, offices) -> list[str]:
    """The consolidated folders the master's sources lie in."""
    where, params = office_filter("r.office", offices)
    return [folder for folder, in store.query(f"SELECT DISTINCT r.folder FROM sources r WHERE {where} "
                                              "ORDER BY r.folder", params).fetchall()]


class _SopCases:
    """Each SOP's case counts that only a merge of its file changes: its cases per state, and its closed cases
    with a norm per month of closing (judged, on time) — kept in the parts' list between nights, so a night
    counts again only the SOPs it merged (``Touched``); the open cases' figures, which time moves, are
    counted every night through the open cases' index.
    """

    def __init__(self, store: Store, sop_where: str, sop_params: tuple, touched: "Touched | None", kept: dict,
                 as_of: dt.datetime):
        query, month_of = store.query, store.dialect.month_of_stamp
        # only the months Ringkasan shows (the last twelve) are kept; kept counts from a night whose twelve
        # months began later than this one's (a run back in time) are counted again
        self.since = window_start(as_of, 12).strftime("%Y-%m")
        if not isinstance(kept.get("since"), str) or kept["since"] > self.since:
            touched = None
        kept = kept.get("sops", {}) if isinstance(kept.get("sops"), dict) else {}
        self.unit_of: dict[int, str] = {}
        for sop_id, unit in query(f"SELECT s.id, s.unit FROM sops s WHERE {sop_where}", sop_params).fetchall():
            self.unit_of[int(sop_id)] = unit
        # sop id -> [cases, {state: count}, {month: [judged, on time]}]
        self.per_sop: dict[int, list] = {}
        stale = []
        for sop_id in self.unit_of:
            entry = kept.get(str(sop_id)) if touched is not None and sop_id not in touched.sops else None
            if entry is None:
                stale.append(sop_id)
            else:
                self.per_sop[sop_id] = entry
        fresh: dict[int, list] = {sop_id: [0, {}, {}] for sop_id in stale}
        if stale:
            if len(stale) > len(self.unit_of) // 10:        # most of them: one pass over every case
                chunks, condition = [()], f"{sop_where}"
            else:                                           # a few: each SOP's cases through the key
                chunks = [tuple(stale[i:i + 500]) for i in range(0, len(stale), 500)]
                condition = None
            for chunk in chunks:
                where = condition or f"c.sop_id IN ({', '.join('?' * len(chunk))})"
                params = sop_params if condition else chunk
                join = "JOIN sops s ON s.id = c.sop_id " if condition else ""
                for sop_id, state, count in query(f"SELECT c.sop_id, c.state, count(*) FROM cases c {join}"
                                                  f"WHERE {where} GROUP BY 1, 2", params).fetchall():
                    if int(sop_id) in fresh:
                        entry = fresh[int(sop_id)]
                        entry[0] += int(count)
                        entry[1][state] = int(count)
                for sop_id, month, judged, on_time in query(
                        f"SELECT c.sop_id, {month_of('c.closed')}, count(*), "
                        f"sum(CASE WHEN c.total_used <= c.total_norm THEN 1 ELSE 0 END) FROM cases c {join}"
                        f"WHERE c.state = '{CLOSED}' AND c.total_norm > 0 AND {where} GROUP BY 1, 2",
                        params).fetchall():
                    if int(sop_id) in fresh and month >= self.since:
                        fresh[int(sop_id)][2][month] = [int(judged), int(on_time)]
        self.per_sop.update(fresh)
        self.counted = len(stale)                           # SOPs whose cases were counted this night
        # the open cases, which time moves: per SOP (open, late, near), through the open cases' index
        self.open: dict[int, tuple[int, int, int]] = {}
        for sop_id, open_, late, near in query(
                f"SELECT c.sop_id, count(*), sum(CASE WHEN c.status = '{LATE}' THEN 1 ELSE 0 END), "
                f"sum(CASE WHEN c.status = '{NEAR}' THEN 1 ELSE 0 END) FROM cases c JOIN sops s ON s.id = c.sop_id "
                f"WHERE c.state = '{OPEN}' AND {sop_where} GROUP BY c.sop_id", sop_params).fetchall():
            self.open[int(sop_id)] = (int(open_), int(late or 0), int(near or 0))

    def kept(self) -> dict:
        """What the parts' list keeps for the next night: each SOP's counts, its months from `since` on."""
        return {"since": self.since, "sops": {str(sop_id): [cases, states, {m: v for m, v in months.items()
                                                                             if m >= self.since}]
                                              for sop_id, (cases, states, months) in self.per_sop.items()}}

    def states(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for _, states, _ in self.per_sop.values():
            for state, count in states.items():
                totals[state] = totals.get(state, 0) + count
        return totals

    def cases(self) -> int:
        return sum(entry[0] for entry in self.per_sop.values())


class _Figures:
    """What Ringkasan shows, from the database in a few grouped queries."""

    def __init__(self, store: Store, sop_where: str, sop_params: tuple, as_of: dt.datetime, counts: _SopCases):
        self.as_of = as_of
        query = store.query
        first_month = window_start(as_of, 12).strftime("%Y-%m")
        self.sops = len(counts.unit_of)
        self.units = [unit for unit, in query(f"SELECT DISTINCT s.unit FROM sops s WHERE {sop_where} ORDER BY s.unit",
                                              sop_params).fetchall()]
        # closed cases with a norm, per unit and month of closing: (judged, on time) — as the monthly report counts
        self.judged: dict[tuple[str, str], tuple[int, int]] = {}
        for sop_id, (_, _, months) in counts.per_sop.items():
            unit = counts.unit_of[sop_id]
            for month, (judged, on_time) in months.items():
                if month >= first_month:
                    j, o = self.judged.get((unit, month), (0, 0))
                    self.judged[(unit, month)] = (j + judged, o + on_time)
        self.open_by_unit: dict[str, tuple[int, int, int]] = {}
        for sop_id, (open_, late, near) in counts.open.items():
            o, l_, n = self.open_by_unit.get(counts.unit_of[sop_id], (0, 0, 0))
            self.open_by_unit[counts.unit_of[sop_id]] = (o + open_, l_ + late, n + near)
        self.open = sum(v[0] for v in self.open_by_unit.values())
        self.open_late = sum(v[1] for v in self.open_by_unit.values())
        self.open_near = sum(v[2] for v in self.open_by_unit.values())
        self._steps = query(
            f"SELECT s.unit, s.nomor, s.nama, c.step, c.kegiatan, count(*) FROM cases c JOIN sops s ON s.id = c.sop_id "
            f"WHERE c.state = '{OPEN}' AND c.status = '{LATE}' AND {sop_where} "
            f"GROUP BY s.unit, s.nomor, s.nama, c.step, c.kegiatan ORDER BY count(*) DESC, s.unit, s.nomor, c.step "
            f"LIMIT {int(L.RINGKASAN_WORST)}", sop_params).fetchall()

    def _month_keys(self, first: str, last: str) -> list[str]:
        keys, index = [], int(first[:4]) * 12 + int(first[5:7]) - 1
        while True:
            key = f"{index // 12:04d}-{index % 12 + 1:02d}"
            if key > last:
                return keys
            keys.append(key)
            index += 1

    def months_shown(self) -> list[str]:
        """From the first month of the last twelve with a closed case to judge, to this month: no empty lead-in."""
        months = sorted({month for _, month in self.judged})
        return self._month_keys(months[0], self.as_of.strftime("%Y-%m")) if months else []

    def recent_months(self, count: int) -> tuple[str, str]:
        first = window_start(self.as_of, count)
        return first.strftime("%Y-%m"), self.as_of.strftime("%Y-%m")

    def total_month(self, month: str) -> tuple[int, int]:
        judged = on_time = 0
        for (_, key), (j, o) in self.judged.items():
            if key == month:
                judged, on_time = judged + j, on_time + o
        return judged, on_time

    def total(self) -> tuple[int, int]:
        return sum(j for j, _ in self.judged.values()), sum(o for _, o in self.judged.values())

    def worst_units(self, first: str, last: str, count: int) -> list[tuple]:
        """(unit, judged, on time, share, open, late) of the units with the lowest share in first…last."""
        rows = []
        for unit in self.units:
            judged = on_time = 0
            for month in self._month_keys(first, last):
                j, o = self.judged.get((unit, month), (0, 0))
                judged, on_time = judged + j, on_time + o
            if judged:
                open_, late, _ = self.open_by_unit.get(unit, (0, 0, 0))
                rows.append((unit, judged, on_time, on_time / judged, open_, late))
        rows.sort(key=lambda r: (r[3], -r[5], r[0]))
        return rows[:count]

    def worst_steps(self, count: int) -> list[tuple]:
        return [tuple(row) for row in self._steps[:count]]


SummarySheet = Callable[[_Summary], None]
# The summary workbook's own sheets in order, each written by a function of the summary writer; sheets that
# other parts of the night lay out themselves come through ``MasterOptions.sheets``, right after Ringkasan.
SUMMARY_SHEETS: list[tuple[str, SummarySheet]] = [
    (L.MASTER_RINGKASAN, _Summary.ringkasan),
    (L.MASTER_BERJALAN, _Summary.berjalan),
    (L.MASTER_DAFTAR, _Summary.daftar),
    (L.MASTER_TEKNIS, _Summary.teknis),
    (L.MASTER_SUMBER, _Summary.sumber),
]


# ---- which parts, and which of them to write ---------------------------------------------------------------

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
_RESERVED = re.compile(r"(?i)^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$")      # names Windows keeps for devices


def part_names(units, lang: str) -> dict[str, str]:
    """Each unit's part file name: the unit's name made safe for Windows and shares, unique without case."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for unit in sorted(units):
        base = " ".join(_UNSAFE.sub("_", unit).split()).strip(" .")[:80] or L.text("mr_no_unit_file", lang)
        if _RESERVED.match(base):
            base = f"_{base}"
        name, number = f"{base}.xlsx", 1
        while name.casefold() in taken:
            number += 1
            name = f"{base} ({number}).xlsx"
        taken.add(name.casefold())
        names[unit] = name
    return names


def part_chunks(members: dict[str, list[int]], lang: str) -> dict[str, tuple[str, list[int]]]:
    """The data parts: {file name: (unit, its SOP ids)}. A unit's SOPs in the order they came (their ids), at most
    ``MASTER_PART_SOPS`` a part, so a SOP that comes later joins the last part and the others stay as they were;
    a unit with more has numbered parts."""
    names = part_names(members, lang)
    chunks: dict[str, tuple[str, list[int]]] = {}
    size = L.MASTER_PART_SOPS
    taken = {name.casefold() for name in names.values()}
    for unit in sorted(members):
        sops = members[unit]
        if len(sops) <= size:
            chunks[names[unit]] = (unit, sops)
            continue
        stem = names[unit][:-len(".xlsx")]
        for number, first in enumerate(range(0, len(sops), size), start=1):
            name = f"{L.text('mr_part_number', lang).format(name=stem, number=number)}.xlsx"
            while name.casefold() in taken:         # another unit is called "<unit> bagian 2"
                name = f"{name[:-len('.xlsx')]}_.xlsx"
            taken.add(name.casefold())
            chunks[name] = (unit, sops[first:first + size])
    return chunks


def _members(store: Store, offices) -> dict[str, list[int]]:
    """Each unit's SOP ids; the unit "" also when findings of files holding no SOP exist."""
    where, params = office_filter("s.office", offices)
    members: dict[str, list[int]] = {}
    for unit, sop_id in store.query(f"SELECT s.unit, s.id FROM sops s WHERE {where} ORDER BY s.id", params).fetchall():
        members.setdefault(unit, []).append(int(sop_id))
    where, params = office_filter("f.office", offices)
    if "" not in members and store.query(f"SELECT 1 FROM findings f WHERE f.sop_id IS NULL AND {where} LIMIT 1",
                                         params).fetchone() is not None:
        members[""] = []
    return members


def _read_manifest(folder: Path) -> dict:
    """The list of the parts a night wrote: {"parts": {file: …}, "reviews": {sop id: …}, "cases": {sop id: …}}
    ({} when unreadable)."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) and manifest.get("format") == FORMAT else {}


def _write_manifest(folder: Path, parts: dict, reviews: dict, cases: dict) -> None:
    target = folder / MANIFEST
    temp = folder / f".{MANIFEST}.tmp"
    try:
        temp.write_text(json.dumps({"format": FORMAT, "parts": parts, "reviews": reviews, "cases": cases},
                                   ensure_ascii=False),
                        encoding="utf-8")
        os.replace(temp, target)
    except OSError as exc:
        raise WorkbookError(f"the list of the master's parts cannot be written ({exc.strerror or exc})",
                            file=str(target), fix="check the folder's free space and rights") from exc


def _stat(path: Path) -> list[int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns]


def _write_parts(store: Store, folder: Path, result, options: MasterOptions, offices, touched: Touched | None,
                 several: bool, before: dict) -> tuple[list[PartWritten], dict]:
    """Write the data parts whose content may have changed; leave the others; remove those of units gone."""
    key = [FORMAT, options.lang, window_start(result.as_of, options.window_months).isoformat(), SHEET_ROWS,
           None if offices is None else sorted(offices)]
    members = _members(store, offices)
    folder.mkdir(parents=True, exist_ok=True)
    manifest, parts = {}, []
    unassigned_part = None
    bounds = None
    for name, (unit, sops) in part_chunks(members, options.lang).items():
        if unit == "" and unassigned_part is None:      # the first part of no unit holds the SOP-less findings
            unassigned_part = name
        target = folder / name
        old = before.get(name)
        due = (touched is None or old is None or old.get("key") != key or old.get("unit") != unit
               or old.get("sops") != sops or old.get("stat") != _stat(target)
               or not touched.sops.isdisjoint(sops) or (name == unassigned_part and touched.unassigned)
               or bool(old.get("gone")))
        if due:
            bounds = bounds or _bounds(store, result.as_of, options)
            with atomic_output(target) as temp:
                notes, counts = _Part(store, str(temp), options, offices, result.as_of, sops, name == unassigned_part,
                                      several, bounds).write()
            entry = {"unit": unit, "key": key, "sops": sops, "notes": notes, "counts": counts, "stat": _stat(target)}
        else:
            entry = old
        manifest[name] = entry
        parts.append(PartWritten(target, unit, due, len(sops), list(entry["notes"])))
    for name in set(before) - set(manifest):          # a unit that no longer has a SOP: its part goes
        try:
            (folder / name).unlink(missing_ok=True)
        except OSError:                               # open in Excel, say: kept on the list, removed on a later night
            manifest[name] = {**before[name], "gone": True}
    return parts, manifest


def _bounds(store: Store, as_of: dt.datetime, options: MasterOptions) -> tuple[int | None, int | None]:
    """(cases, events) at least as many as any part's Kasus and Peristiwa rows, or None where that many would not
    fit on a sheet: every case in the database, and every event of the window through the engine's index of
    event times or, where there is none (SQLite), every event. Counted only up to a sheet's rows (a count of
    10M events is 0.2 s; of a window without an index, 1 s): past them each due part counts its own, by its
    SOPs' key. Within the bounds, no part's rows are counted."""
    def fitting(sql: str, params: tuple = ()) -> int | None:
        count = store.query(f"SELECT count(*) FROM ({sql} LIMIT {SHEET_ROWS}) AS q", params).fetchone()[0]
        return count if count <= SHEET_ROWS - 1 else None

    cases = fitting("SELECT 1 FROM cases")
    if not store.dialect.time_index:
        return cases, fitting("SELECT 1 FROM events")
    since = stamp(dt.datetime.combine(window_start(as_of, options.window_months), dt.time()))
    return cases, fitting("SELECT 1 FROM events WHERE at >= ?", (since,))


def write_master(store: Store, path: Path, result, options: MasterOptions, offices=None,
                 previous: str | None = None, touched: Touched | None = None) -> MasterWritten:
    """Write the master at `path` from `store` and the run `result`: its data parts that changed, then the summary.

    `offices`: whose SOPs, cases and events it shows (None: every office); `previous`: when the master it
    replaces was written (ISO text; None: its file's time), the date its backup is named by; `touched`:
    what this night changed (None: unknown, every part is written).
    """
    path = Path(path)
    _remove_leftovers(path)
    folder = parts_folder(path)
    store.begin_read()          # every part and sheet from one snapshot of the database
    try:
        several = len(_folders(store, offices)) > 1
        before = _read_manifest(folder)
        parts, manifest = _write_parts(store, folder, result, options, offices, touched, several,
                                       before.get("parts", {}))
        with atomic_output(path) as temp:
            counts = _SopCases(store, *office_filter("s.office", offices), touched, before.get("cases", {}),
                               result.as_of)
            summary = _Summary(store, str(temp), result, options, offices, parts, folder, several,
                               before.get("reviews", {}), counts)
            summary.write()
            stamp_ = moment(previous).date() if previous else (
                dt.date.fromtimestamp(path.stat().st_mtime) if path.exists() else result.as_of.date())
            backup = _backup(path, stamp_, options.keep_backups)
        _write_manifest(folder, manifest, summary.reviews_now, counts.kept())
    finally:
        store.end_read()
    return MasterWritten(path=path, backup=backup, left_to_database=summary.all_notes, parts=parts, folder=folder)


def _mtime(mtime_ns: int | None) -> dt.datetime | None:
    return None if mtime_ns is None else dt.datetime.fromtimestamp(mtime_ns / 1e9).replace(microsecond=0)



BACKUP_RE = r"\.(\d{4}-\d{2}-\d{2})"


def _backup(path: Path, stamp: dt.date, keep: int) -> Path | None:
    """Keep the current master as ``<stem>.<date><suffix>`` (the newest of a day wins) and prune old ones."""
    if not path.exists():
        return None
    backup = path.with_name(f"{path.stem}.{stamp.isoformat()}{path.suffix}")
    temp = path.with_name(f".{path.stem}.backup{path.suffix}.tmp")
    try:
        if temp.exists():
            temp.unlink()
        try:
            os.link(path, temp)
        except OSError:          # file systems without hard links (FAT, some shares)
            shutil.copy2(path, temp)
        os.replace(temp, backup)
        if temp.exists():       # the backup was already this very file (a killed run had linked it): a rename
            temp.unlink()       # between two links of one file does nothing, and would leave the temporary link
    except OSError as exc:
        raise WorkbookError(f"the previous master cannot be kept as {backup.name} ({exc.strerror or exc}); "
                            "nothing was replaced", file=str(path),
                            fix="check the folder's free space and rights") from exc
    pattern = re.compile(re.escape(path.stem) + BACKUP_RE + re.escape(path.suffix) + "$")
    backups = sorted(p for p in path.parent.iterdir() if pattern.match(p.name))
    for old in backups[:-keep] if keep > 0 else []:
        try:
            old.unlink()
        except OSError:
            pass
    return backup


def _remove_leftovers(path: Path) -> None:
    """Delete the temporary files a killed run left beside the master (this run holds the database lock)."""
    pattern = re.compile(r"\." + re.escape(path.stem) + r"\..+" + re.escape(path.suffix) + r"\.tmp$")
    for leftover in path.parent.glob(f".{path.stem}.*{path.suffix}.tmp"):
        if pattern.match(leftover.name):
            try:
                leftover.unlink()
            except OSError:
                pass
