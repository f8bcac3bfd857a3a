"""Reminders after a night: the open cases whose current step is overdue or due today, per unit and Pelaksana.

From the database after a consolidation, as of the run's moment: every open case of an SOP whose file
is present, standing at a step with a norm, is timed on its workbook's own Kalender (``Tracker``, the
rule Pelacak follows). Its step is *overdue* when the step's norm has run out (the step is late), and
*due today* when the norm runs out later on the working day in progress at that moment, or on the next
working day when the run is after working hours or on a day off (``WorkCalendar.working_day_of``): a
run at 23:00 on a Friday reminds of what falls due on Monday, a holiday skipped. Steps without a norm
and closed or cancelled cases are never listed. A unit is the last line of Identitas' Instansi, compared
without case and extra spaces (``BIRO UMUM`` is ``Biro Umum``, shown as most of its SOPs spell it).

They are written twice (``layout.reminders``): as a sheet of the master (``ReminderSheet``, through the
master's extra-sheet hook) and as one small workbook per unit in ``pengingat-<master>/`` beside it
(``write_unit_workbooks``), each sorted per Pelaksana with the overdue cases first, printed A4 landscape
with the header repeated and page breaks that keep a Pelaksana's cases on one page. A unit's workbook is
rewritten (atomically) only when what it lists changed, and removed when the unit has nothing due, so the
folder holds exactly the workbooks to send; only files sopxl wrote there are ever removed.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .. import layout as L
from ..domain.calendar import calendar_from_json
from ..domain.cases import OPEN, Visit
from ..domain.model import SOP
from ..domain.tracker import LATE, Tracker
from ..errors import SopxlError
from ..sheets.grid import excel_serial
from ..xlsx.create import Formats
from ..xlsx.rows import bulk_sheet_class
from ..xlsx.files import atomic_output
from .analyse import fold
from .store import Store, office_filter
from .store.times import unstamp
from .outputs import reminders_folder  # noqa: F401  (its home; named here for the reminders' callers)

OVERDUE, DUE_TODAY = L.REMINDER_KINDS
MANIFEST_KEY = "reminders"          # the store's note (per office) of the unit workbooks the last run wrote
_WINDOWS_NAMES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


@dataclass(frozen=True)
class Reminder:
    """One open case whose current step is overdue or due today."""

    unit: str
    pelaksana: str
    kind: str                   # OVERDUE or DUE_TODAY
    due: dt.datetime            # when the step's norm runs out
    left: float                 # working minutes left before it (negative: past it)
    day_minutes: float          # the working day of the workbook's Kalender (durations in days and hours)
    day: dt.date                # the working day "today" means on that Kalender
    case_no: int
    subject: str
    step: int
    kegiatan: str
    path: str                   # the workbook
    workbook: str               # the workbook, relative to the consolidated folder
    nomor: str
    nama: str

    @functools.cached_property
    def _shown(self) -> dict:
        return {}

    def cells(self, lang: str) -> list:
        """Its row as the sheets show it in `lang` (``_cells``), worked out once: the master's sheet, the unit's
        workbook and its fingerprint show the same."""
        shown = self._shown
        if lang not in shown:
            shown[lang] = _cells(self, lang)
        return shown[lang]

    def height(self, lang: str) -> float:
        """Its row's height without the unit's column (which a unit's own workbook leaves out): its wrapped texts
        in their columns' widths, worked out once for both sheets."""
        shown = self._shown
        key = ("height", lang)
        if key not in shown:
            shown[key] = L.wrapped_height([(value, column.width) for value, column in
                                           zip(self.cells(lang), L.REMINDER_COLUMNS)
                                           if column.kind == "wrap" and column.key != "cons_unit"], words=True)
        return shown[key]

    def sort_key(self) -> tuple:
        """Per unit and Pelaksana (none last), the overdue first, the longest overdue on top."""
        return (self.unit == "", self.unit.casefold(), self.unit, self.pelaksana == "", self.pelaksana.casefold(),
                self.pelaksana, L.REMINDER_KINDS.index(self.kind), self.due, self.workbook, self.case_no)

    def to_dict(self) -> dict:
        return {"unit": self.unit, "pelaksana": self.pelaksana, "kind": self.kind,
                "due": self.due.isoformat(timespec="seconds"), "left_minutes": round(self.left, 2),
                "overdue_minutes": round(-self.left, 2) if self.left < 0 else 0, "day": self.day.isoformat(),
                "case": self.case_no, "subject": self.subject, "step": self.step, "kegiatan": self.kegiatan,
                "workbook": self.workbook, "path": self.path, "nomor": self.nomor, "nama": self.nama}


def collect(store: Store, as_of: dt.datetime, offices=None) -> list[Reminder]:
    """The reminders of `offices` (None: all) as of `as_of`, in the order the sheets list them.

    An open case's row keeps its step's norm and its SOP calendar's working clock where the step began
    (schema 3): its step is timed from those on the calendar alone, as ``Tracker.step_time`` times it
    (one calendar per distinct Kalender, no SOP parsed). A row without them (judged by an older sopxl)
    is timed by its SOP's Tracker.
    """
    where, params = office_filter("s.office", offices)
    rows = store.query(
        "SELECT s.id, s.unit, s.nomor, s.nama, s.path, r.folder, c.case_no, c.subject, c.step, c.step_started, "
        "c.kegiatan, c.holder, c.step_clock, c.step_norm_exact "
        "FROM cases c JOIN sops s ON s.id = c.sop_id LEFT JOIN sources r ON r.office = s.office AND r.path = s.path "
        f"WHERE c.state = ? AND s.present = 1 AND c.step IS NOT NULL AND c.step_started IS NOT NULL AND {where} "
        "ORDER BY s.id, c.case_no", (OPEN, *params)).fetchall()
    spelling = _unit_spellings(store, where, params)
    calendar_of = _calendars(store, where, params, as_of)
    trackers: dict[int, Tracker | None] = {}
    calendars: dict[str, object] = {}
    days: dict[int, dt.date] = {}        # the working day "today" means, per Kalender
    reminders = []
    workbooks: dict[tuple[str, str | None], str] = {}       # a SOP's open cases share its workbook
    for sop_id, unit, nomor, nama, path, folder, case_no, subject, step, started, kegiatan, holder, clock, norm \
            in rows:
        try:
            if clock is not None:
                clocked = calendar_of.get(sop_id)
                if clocked is None or norm is None:
                    continue             # no working weekday, or a step without a norm: never due
                calendar, now, day, day_minutes = clocked
                used = max(now - clock, 0) / 60_000_000
                due, left, late = calendar.add_working_minutes(unstamp(started), norm), norm - used, used > norm
            else:
                if sop_id not in trackers:
                    trackers[sop_id] = _tracker(store, sop_id, calendars)
                tracker = trackers[sop_id]
                if tracker is None:
                    continue
                timed = tracker.step_time(Visit(step, unstamp(started)), as_of)
                if timed.due is None:
                    continue                 # a step without a norm is never due
                due, left, late = timed.due, timed.left, timed.status == LATE
                kegiatan, holder, day_minutes = timed.kegiatan, timed.holder, tracker.day_minutes
                day = days.get(id(tracker.calendar))
                if day is None:
                    day = days[id(tracker.calendar)] = tracker.calendar.working_day_of(as_of)
        except (OverflowError, ValueError):   # a norm reaching past the year 9999 is never due
            continue
        if late:
            kind = OVERDUE
        elif due.date() == day:
            kind = DUE_TODAY
        else:
            continue
        reminders.append(Reminder(
            unit=spelling.get(fold(unit), unit or ""), pelaksana=holder or "", kind=kind, due=due, left=left,
            day_minutes=day_minutes, day=day, case_no=case_no, subject=subject, step=step,
            kegiatan=kegiatan or "", path=path, workbook=workbooks.get((path, folder)) or workbooks.setdefault(
                (path, folder), _relative(path, folder)), nomor=nomor, nama=nama))
    return sorted(reminders, key=Reminder.sort_key)


def _calendars(store: Store, where: str, params: tuple, as_of: dt.datetime) -> dict[int, tuple | None]:
    """Each present SOP's (calendar, its working clock at `as_of`, the working day then, its day's minutes),
    each distinct Kalender built once; None for a Kalender with no working weekday."""
    found: dict[int, tuple | None] = {}
    for (calendar_json,) in store.query(f"SELECT DISTINCT s.calendar_json FROM sops s WHERE s.present = 1 AND "
                                        f"{where}", params).fetchall():
        try:
            calendar = calendar_from_json(calendar_json)
            clocked = (calendar, calendar.position(as_of), calendar.working_day_of(as_of), calendar.day_minutes())
        except ValueError:
            clocked = None
        for (sop_id,) in store.query(f"SELECT s.id FROM sops s WHERE s.present = 1 AND {where} AND "
                                     "s.calendar_json = ?", (*params, calendar_json)).fetchall():
            found[sop_id] = clocked
    return found


def _unit_spellings(store: Store, where: str, params: tuple) -> dict[str, str]:
    """Each unit (compared without case and extra spaces: ``BIRO UMUM`` is ``Biro Umum``) as most SOPs spell it;
    between as many, not in capitals."""
    counts: dict[str, dict[str, int]] = {}
    for unit, count in store.query(f"SELECT s.unit, count(*) FROM sops s WHERE s.present = 1 AND {where} "
                                   "GROUP BY s.unit", params).fetchall():
        counts.setdefault(fold(unit), {})[unit] = count
    return {key: max(sorted(spellings), key=lambda u: (spellings[u], not u.isupper()))
            for key, spellings in counts.items()}


def _tracker(store: Store, sop_id: int, calendars: dict) -> Tracker | None:
    """The SOP's tracker on its own Kalender (one calendar object per distinct Kalender); None when it has none."""
    sop_json, calendar_json = store.query("SELECT sop_json, calendar_json FROM sops WHERE id = ?",
                                          (sop_id,)).fetchone()
    try:
        if calendar_json not in calendars:
            calendars[calendar_json] = calendar_from_json(calendar_json)
        return Tracker(SOP.from_dict(json.loads(sop_json)), calendars[calendar_json])
    except ValueError:               # a Kalender with no working weekday: no step is ever due on it
        return None


def _relative(path: str, folder: str | None) -> str:
    if folder:
        try:
            relative = os.path.relpath(path, folder)
        except ValueError:           # another drive (Windows)
            return path
        if not relative.startswith(".."):
            return relative
    return path


# ---- file names -------------------------------------------------------------------------------------

def unit_file_names(units) -> dict[str, str]:
    """A file name (without .xlsx) for each unit, safe on Windows, macOS and Linux and distinct per unit.

    The unit's words in lower-case ASCII joined by "-" (``Biro Umum`` -> ``biro-umum``, ``Bagian
    Keuangan/Perbendaharaan`` -> ``bagian-keuangan-perbendaharaan``), at most 60 characters; no unit
    -> ``tanpa-unit``; a name Windows reserves (``CON``, ``LPT1``…) gets ``-unit``. Units that come out
    the same (``Biro Umum`` and ``BIRO UMUM.``), or with no Latin letter or digit at all, get a short
    fingerprint of their exact name (``biro-umum-3f2a9c``), the same on every night.
    """
    bases = {}
    for unit in units:
        if unit == "":
            bases[unit] = L.REMINDER_NO_UNIT_FILE
            continue
        ascii_ = unicodedata.normalize("NFKD", unit).encode("ascii", "ignore").decode("ascii")
        base = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")[:60].strip("-")
        if base in _WINDOWS_NAMES:
            base += "-unit"
        bases[unit] = base
    taken: dict[str, int] = {}
    for base in bases.values():
        taken[base] = taken.get(base, 0) + 1
    names = {}
    for unit, base in bases.items():
        if not base or taken[base] > 1:
            fingerprint = hashlib.sha1(unit.encode("utf-8")).hexdigest()[:6]
            base = f"{base or 'unit'}-{fingerprint}"
        names[unit] = base
    return names


# ---- the sheet ------------------------------------------------------------------------------------------

class _Styles:
    """The sheet's formats, each also with a heavier top border for the first row of a Pelaksana's block."""

    def __init__(self, book):
        self.book = book
        self.formats = Formats(book, L.REMINDER_STYLES, L.STYLES)
        self.first: dict[str, object] = {}

    def __call__(self, name: str, first: bool = False):
        if not first:
            return self.formats[name]
        if name not in self.first:
            self.first[name] = self.book.add_format({**L.REMINDER_STYLES[name], "top": 2, "top_color": "#000000"})
        return self.first[name]


def _weekday(day: dt.date, lang: str) -> str:
    return L.WEEKDAYS[day.weekday()][L.LANGS.index(lang)]


def _cells(reminder: Reminder, lang: str) -> list:
    """The row of a reminder, in REMINDER_COLUMNS order, texts in `lang`."""
    t = lambda key: L.text(key, lang)        # noqa: E731
    kind = (t("rem_kind_overdue") if reminder.kind == OVERDUE else
            t("rem_kind_due_today").format(weekday=_weekday(reminder.day, lang), day=f"{reminder.day:%d/%m}"))
    return [reminder.unit or t("rem_no_unit"), reminder.pelaksana or t("rem_no_holder"), kind, reminder.due,
            L.duration(reminder.left, reminder.day_minutes, lang, units=2), reminder.case_no, reminder.subject,
            t("rem_step").format(step=reminder.step, kegiatan=reminder.kegiatan) if reminder.kegiatan
            else str(reminder.step), reminder.workbook]


def _blocks(reminders: list[Reminder]) -> list[list[Reminder]]:
    """The reminders cut into one block per unit and Pelaksana (they come sorted)."""
    blocks: list[list[Reminder]] = []
    for reminder in reminders:
        if blocks and (blocks[-1][0].unit, blocks[-1][0].pelaksana) == (reminder.unit, reminder.pelaksana):
            blocks[-1].append(reminder)
        else:
            blocks.append([reminder])
    return blocks


def page_breaks(first_row: int, used: float, blocks: list[list[float]], header: float,
                page: float = L.REMINDER_PAGE_POINTS) -> list[int]:
    """Rows (0-based) a new page starts at, so that no block of rows is split over two pages.

    `first_row` is the row of the first block, `used` the points the first page already holds (title and
    header), `blocks` the row heights of each block, `header` the height of the header repeated on every
    page. A block that does not fit what is left of a page starts a new one; a block taller than a page
    goes on where it is and is split where it must.
    """
    breaks: list[int] = []
    row = first_row
    rows_on_page = 0
    for heights in blocks:
        if used + sum(heights) > page and header + sum(heights) <= page and rows_on_page:
            breaks.append(row)
            used, rows_on_page = header, 0
        for height in heights:
            if used + height > page and rows_on_page:
                breaks.append(row)
                used, rows_on_page = header, 0
            used += height
            rows_on_page += 1
            row += 1
    return breaks


def write_sheet(book, sheet, reminders: list[Reminder], *, lang: str, as_of: dt.datetime, unit: str | None = None):
    """Write the reminders on an empty `sheet` of `book` (a ``xlsx.rows`` bulk sheet), rows top to bottom (its
    rows go straight into a constant-memory sheet's row file)."""
    t = lambda key, **values: L.text(key, lang).format(**values)       # noqa: E731
    style = _Styles(book)
    # a unit's own workbook names its unit in the title, not on every row
    shown = [index for index, column in enumerate(L.REMINDER_COLUMNS) if unit is None or column.key != "cons_unit"]
    columns = [L.REMINDER_COLUMNS[index] for index in shown]
    widths = [column.width for column in columns]
    for index, width in enumerate(widths):
        sheet.set_column(index, index, width)
    last = len(columns) - 1
    total_width = sum(widths)
    title = t("rem_title_unit", unit=unit or t("rem_no_unit")) if unit is not None else t("rem_title")
    days = sorted({r.day for r in reminders}) or [None]
    day = days[0] or as_of.date()
    lines = [
        t("rem_as_of", weekday=_weekday(as_of.date(), lang), moment=f"{as_of:%d/%m/%Y %H:%M}",
          day=f"{_weekday(day, lang)} {day:%d/%m/%Y}"),
        t("rem_totals", count=len(reminders), overdue=sum(r.kind == OVERDUE for r in reminders),
          due_today=sum(r.kind == DUE_TODAY for r in reminders), people=len({(r.unit, r.pelaksana) for r in reminders}),
          units=len({r.unit for r in reminders})) if reminders else "",
    ]
    # on screen the title rows; on paper the page header says it on every page, so that every page holds as
    # many rows and a Pelaksana's block that fits a page is never split (nor left a first page of its own)
    sheet.set_row(0, 22)
    sheet.write_string(0, 0, title, style("title"))
    for row, line in enumerate(lines, start=1):
        sheet.set_row(row, L.wrapped_height([(line, total_width)]))
        sheet.merge_range(row, 0, row, last, line, style("rem_subtitle"))
    header_row = L.REMINDER_TITLE_ROWS
    sheet.set_row(header_row, L.REMINDER_HEADER_HEIGHT)
    for index, column in enumerate(columns):
        sheet.write_string(header_row, index, t(column.key), style("header"))
    if not reminders:
        sheet.set_row(header_row + 1, 20)
        sheet.merge_range(header_row + 1, 0, header_row + 1, last, t("rem_none"), style("rem_none"))
    blocks = [[([cells[index] for index in shown], r.kind) for r in block for cells in [r.cells(lang)]]
              for block in _blocks(reminders)]
    # a row's height: its texts wrapped at word ends (the unit's column, when shown, measured apart: the rest is
    # the same in the master's sheet and the unit's workbook)
    unit_width = next(column.width for column in L.REMINDER_COLUMNS if column.key == "cons_unit")
    heights = [[max(r.height(lang), L.wrapped_height([(r.cells(lang)[0], unit_width)], words=True) if unit is None
                    else 0) for r in block] for block in _blocks(reminders)]
    # the rows straight into the sheet's row file (``xlsx.rows``): a plan per (state, first row of a block)
    plans: dict[tuple[str, bool], list] = {}

    def plan(kind: str, first: bool) -> list:
        if (kind, first) not in plans:
            cells = []
            for index, column in enumerate(columns):
                if column.kind in ("datetime", "int"):
                    name = "rem_date" if column.kind == "datetime" else "rem_int"
                    cells.append((index, index, "number", style(name, first)._get_xf_index(), None))
                    continue
                highlight = column.key in ("rem_kind", "step_left")
                name = ("rem_overdue" if kind == OVERDUE else "rem_today") if highlight else "rem_cell"
                cells.append((index, index, "boxed", style(name, first)._get_xf_index(), None))
            plans[(kind, first)] = cells
        return plans[(kind, first)]

    dates = [index for index, column in enumerate(columns) if column.kind == "datetime"]
    row = header_row + 1
    run: list = []            # rows of one plan and height, written together
    run_key = None
    for block, block_heights in zip(blocks, heights):
        for offset, ((cells, kind), height) in enumerate(zip(block, block_heights)):
            for index in dates:
                cells[index] = excel_serial(cells[index])
            key = (kind, offset == 0, height)
            if key != run_key and run:
                row += sheet.write_rows(row, run, plan(*run_key[:2]), run_key[2])
                run = []
            run_key = key
            run.append(cells)
    if run:
        row += sheet.write_rows(row, run, plan(*run_key[:2]), run_key[2])
    if reminders:
        sheet.autofilter(header_row, 0, row - 1, last)
    sheet.freeze_panes(header_row + 1, 0)
    sheet.repeat_rows(header_row)
    sheet.set_h_pagebreaks(page_breaks(header_row + 1, L.REMINDER_HEADER_HEIGHT, heights,
                                       L.REMINDER_HEADER_HEIGHT)[:L.MAX_PAGE_BREAKS])
    sheet.print_area(header_row, 0, max(row - 1, header_row + 1), last)
    setup = L.REMINDER_PRINT

    def header_text(text: str, limit: int) -> str:       # & starts a code in a page header
        return (text if len(text) <= limit else text[:limit - 1] + "…").replace("&", "&&")

    moment = t("tracker_as_of", moment=f"{_weekday(as_of.date(), lang)}, {as_of:%d/%m/%Y %H:%M}")
    sheet.set_header(f'&L&"Arial,Bold"&11{header_text(title, 150)}&R&"Arial,Regular"&9{header_text(moment, 60)}',
                     {"margin": setup["header_margin"]})
    sheet.set_landscape()
    sheet.set_paper(setup["paper"])
    sheet.set_print_scale(setup["scale"])
    sheet.set_margins(**setup["margins"])
    sheet.set_footer(L.PAGE_FOOTER, {"margin": setup["footer_margin"]})


@dataclass
class ReminderSheet:
    """The reminders as a sheet of the master (``MasterOptions.sheets``)."""

    reminders: list[Reminder]
    lang: str
    as_of: dt.datetime

    @property
    def name(self) -> str:
        return L.text(L.REMINDER_SHEET_KEY, self.lang)

    def write(self, book, sheet) -> None:
        write_sheet(book, sheet, self.reminders, lang=self.lang, as_of=self.as_of)


# ---- one workbook per unit ------------------------------------------------------------------------------

@dataclass
class RemindersWritten:
    """What a night wrote of the reminders: the master's sheet and the unit workbooks beside it."""

    reminders: list[Reminder]
    sheet: str
    folder: Path
    files: dict[str, Path] = field(default_factory=dict)          # unit -> its workbook
    rewritten: list[Path] = field(default_factory=list)         # workbooks written this night
    removed: list[Path] = field(default_factory=list)           # workbooks of units with nothing due any more
    errors: list[str] = field(default_factory=list)             # workbooks that could not be written, and why

    @property
    def overdue(self) -> int:
        return sum(r.kind == OVERDUE for r in self.reminders)

    @property
    def due_today(self) -> int:
        return sum(r.kind == DUE_TODAY for r in self.reminders)

    def to_dict(self) -> dict:
        return {"count": len(self.reminders), "overdue": self.overdue, "due_today": self.due_today,
                "sheet": self.sheet, "folder": str(self.folder),
                "units": [{"unit": unit, "workbook": str(path), "count": sum(r.unit == unit for r in self.reminders),
                           "rewritten": path in self.rewritten} for unit, path in self.files.items()],
                "removed": [str(path) for path in self.removed], "errors": self.errors,
                "items": [r.to_dict() for r in self.reminders]}


def _digest(unit: str, reminders: list[Reminder], lang: str) -> str:
    """What a unit's workbook shows, as a fingerprint: it is rewritten only when this changes."""
    rows = [[value.isoformat() if isinstance(value, dt.datetime) else value for value in r.cells(lang)]
            for r in reminders]
    return hashlib.sha256(json.dumps([lang, unit, rows], ensure_ascii=False).encode("utf-8")).hexdigest()


def write_unit_workbooks(folder: Path, reminders: list[Reminder], *, lang: str, as_of: dt.datetime,
                         previous: dict | None = None) -> tuple[RemindersWritten, dict]:
    """One workbook per unit with something due in `folder`; (what was written, the manifest to keep).

    `previous` is the manifest the last run kept (``{"folder": …, "files": {name: fingerprint}}``): a
    unit's workbook whose fingerprint is the same and that still exists is left as it is, and the
    workbooks it names that no unit needs now are removed. Nothing else in the folder is touched.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    per_unit: dict[str, list[Reminder]] = {}
    for reminder in reminders:
        per_unit.setdefault(reminder.unit, []).append(reminder)
    names = unit_file_names(per_unit)
    known = (previous or {}).get("files", {}) if (previous or {}).get("folder") == str(folder) else {}
    written = RemindersWritten(reminders, L.text(L.REMINDER_SHEET_KEY, lang), folder)
    files: dict[str, str] = {}
    for unit, items in per_unit.items():
        name = names[unit] + ".xlsx"
        path = folder / name
        digest = _digest(unit, items, lang)
        files[name] = digest
        written.files[unit] = path
        if known.get(name) == digest and path.exists():
            continue
        try:
            _write_unit_workbook(path, unit, items, lang=lang, as_of=as_of)
        except SopxlError as error:      # e.g. open in Excel on Windows: the other units still get theirs
            written.errors.append(error.render())
            if name in known:
                files[name] = known[name]     # still sopxl's; tried again on the next run
            else:
                del files[name]
            continue
        written.rewritten.append(path)
    for name in sorted(set(known) - set(files)):
        path = folder / name
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as error:        # open in Excel on Windows: said, and removed on a later run
            written.errors.append(f"{path}: cannot be removed ({error.strerror or error}) — close it; the next "
                                  "run removes it")
            files[name] = known[name]
            continue
        written.removed.append(path)
    return written, {"folder": str(folder), "files": files}


def _write_unit_workbook(path: Path, unit: str, reminders: list[Reminder], *, lang: str, as_of: dt.datetime) -> None:
    import xlsxwriter

    with atomic_output(path) as temp:
        book = xlsxwriter.Workbook(str(temp), {"constant_memory": True, "strings_to_formulas": False,
                                               "strings_to_urls": False, "strings_to_numbers": False,
                                               **L.DEFAULT_FONT_OPTIONS})
        book.set_properties({"title": L.text("rem_title_unit", lang).format(unit=unit or L.text("rem_no_unit", lang)),
                             "subject": "SOP AP", "comments": "sopxl", "created": as_of})
        sheet = book.add_worksheet(L.text(L.REMINDER_SHEET_KEY, lang), worksheet_class=bulk_sheet_class())
        write_sheet(book, sheet, reminders, lang=lang, as_of=as_of, unit=unit)
        sheet.activate()
        book.close()
