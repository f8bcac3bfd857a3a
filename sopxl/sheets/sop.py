"""Sheet rows to and from the model: the Identitas, Aktivitas and Kalender sheets as plain values.

Pure: it sees lists of cell values (a ``Grid``), never files. Readers in the adapter layer build the
grids; writers put the rows this module returns into cells. Shape problems (a missing or renamed
header) raise WorkbookError naming the sheet and cell; value problems that the model cannot hold (a
step number that is not a number) are recorded as ``ReadProblem``s for validation to report.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from .. import layout as L
from ..domain.calendar import CalendarError, DayHours, DayOverride, Holiday, Schedule, WorkCalendar
from ..errors import WorkbookError
from .grid import Grid, as_int, cell_date, cell_text, expect_headers, label_key
from ..domain.model import IDENTITY_FIELDS, SECTIONS, SOP, Identity, Inference, Step, Symbol, review_order


@dataclass(frozen=True)
class ReadProblem:
    """A value the reader could not put into the model, for validation to report."""

    code: str
    sheet: str
    cell: str
    value: str
    detail: str = ""


# ---- Identitas ------------------------------------------------------------------------------

def identitas_rows(identity: Identity, lang: str) -> list[list[str]]:
    """[label, value] rows of the identity block: one per field, one per item of each list section."""
    rows = [[L.text(key, lang), getattr(identity, key)] for key in IDENTITY_FIELDS]
    for key in SECTIONS:
        items = getattr(identity, key) or [""]
        rows.extend([L.text(key, lang), item] for item in items)
    return rows


def identity_from_grid(grid: Grid) -> tuple[Identity, dict[str, int], list[ReadProblem]]:
    """Read the identity block; returns it with the row of each field and the problems found."""
    expect_headers(grid, 1, [(1, "field"), (2, "value")])
    identity = Identity()
    rows: dict[str, int] = {}
    problems: list[ReadProblem] = []
    keys = L.identity_keys()
    section: str | None = None
    for row, label, value in _label_rows(grid):
        if label is None and not value:
            continue
        key = label_key(label, keys) if label is not None else section
        if key is None:
            problems.append(ReadProblem("identity-label-unknown", grid.sheet, grid.ref(row, 1), cell_text(label)))
            continue
        if key in SECTIONS:
            section = key
            items = getattr(identity, key)
            if value:
                rows[f"{key}.{len(items)}"] = row
                items.append(value)
            rows.setdefault(key, row)
        else:
            section = None
            rows[key] = row
            setattr(identity, key, value)
    identity.split_signer()
    for key in ("nama_pengesah", "nip_pengesah"):    # a workbook from before the signer had three rows
        if key not in rows and "disahkan_oleh" in rows:
            rows[key] = rows["disahkan_oleh"]
    return identity, rows, problems


def _label_rows(grid: Grid):
    """(row, label, value text) of the Identitas rows from row 2 on that hold something: ``Grid.get`` of column A,
    ``Grid.text`` of column B. A grid at A1 (every reader's) is read from its row lists, and gives empty rows too
    (a label None with no value, which the caller passes over); a grid placed elsewhere cell by cell."""
    if grid.first_row != 1 or grid.first_column != 1:
        for row in grid.filled_rows(2):
            yield row, grid.get(row, 1), grid.text(row, 2)
        return
    rows = grid.rows
    for index in range(1, len(rows)):
        cells = rows[index]
        label = cells[0] if cells else None
        value = cells[1] if len(cells) > 1 else None
        yield index + 1, None if label == "" else label, _text(value)


# ---- Aktivitas ------------------------------------------------------------------------------

def symbol_label(symbol: Symbol, lang: str) -> str:
    return L.text(symbol.value, lang)


def _symbol_of(text: str) -> Symbol | None:
    key = L.key_for_label(text, ("terminator", "process", "decision"))
    if key:
        return Symbol(key)
    try:
        return Symbol(text.strip().lower())
    except ValueError:
        return None


def inferences_text(inferences: list[Inference]) -> str:
    """Inference notes as the Inferensi cell shows them, one per line, the least sure first:
    ``pelaksana → Kabag: reason``, with ``[45%]`` after a reading from a picture."""
    return "\n".join(f"{i.field} → {i.value}: {i.reason}" + (f" [{round(i.confidence * 100)}%]" if i.confidence is not None else "")
                     for i in review_order(inferences))


# a line of the Inferensi cell: ``field → value: reason``, the value up to the first ": ", then `_CONFIDENCE_RE`
_INFERENCE_RE = re.compile(r"(\w+) → (.*?): (.*)")
_CONFIDENCE_RE = re.compile(r" \[(\d{1,3})%\]\Z")      # what ends the reason of a reading from a picture


def inferences_from_text(text: str) -> list[Inference]:
    """Parse the Inferensi cell back; a line in no known form is kept whole as a note."""
    found = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        match = _INFERENCE_RE.fullmatch(line)
        if match is None:
            found.append(Inference("note", "", line))
            continue
        field_, value, reason = match.groups()
        confidence = None
        if reason.endswith("%]") and (percent := _CONFIDENCE_RE.search(reason)):
            reason, confidence = reason[:percent.start()], min(int(percent[1]), 100) / 100
        found.append(Inference(field_, value, reason, confidence))
    return found


def aktivitas_header_rows(roles: list[str], lang: str) -> tuple[list, list]:
    """The two header rows of the matrix: group labels on the first, column labels on the second."""
    first, second = [], []
    for key in L.aktivitas_columns(len(roles)):
        if key.startswith("role:"):
            first.append(L.text("pelaksana", lang) if key == "role:0" else None)
            second.append(roles[int(key[5:])])
        elif key in ("kelengkapan", "waktu", "output"):
            first.append(L.text("mutu_baku", lang) if key == "kelengkapan" else None)
            second.append(L.text(key, lang))
        else:
            first.append(L.text(key, lang))
            second.append(None)
    return first, second


def aktivitas_row(step: Step, roles: list[str], lang: str) -> list:
    """One matrix row for `step`: x in the column of each role in `step.marks`, o in each co-Pelaksana's."""
    marks = [L.text("mark", lang) if role in step.marks else L.text("co_mark", lang) if role in step.co_pelaksana
             else None for role in roles]
    return [step.number, step.kegiatan, *marks, step.kelengkapan, step.waktu, step.output, step.keterangan,
            symbol_label(step.symbol, lang), step.ya, step.tidak, inferences_text(step.inferences) or None,
            L.text("yes", lang) if step.reviewed else None, branch_labels_text(step) or None]


# the plain branch words: a label that is one of them is no name of its own
_PLAIN_BRANCH = {"ya": ("ya", "y", "yes"), "tidak": ("tidak", "t", "no", "tdk")}


def branch_labels_text(step: Step) -> str:
    """The Label Ya/Tidak cell: "Sudah Benar / Belum Benar" (a plain Ya or Tidak where only one is named)."""
    if not (step.ya_label or step.tidak_label):
        return ""
    return f"{step.ya_label or 'Ya'} / {step.tidak_label or 'Tidak'}"


def branch_labels_from_text(text: str) -> tuple[str, str]:
    """(ya_label, tidak_label) of a Label Ya/Tidak cell; a plain Ya/Tidak is "" and a lone word names Ya."""
    parts = text.split(" / ", 1) if " / " in text else text.split("/", 1)
    parts = [" ".join(part.split()) for part in parts] + [""]
    ya, tidak = parts[0], parts[1]
    return ("" if ya.lower() in _PLAIN_BRANCH["ya"] else ya), ("" if tidak.lower() in _PLAIN_BRANCH["tidak"] else tidak)


def _column_labels(grid: Grid) -> list[tuple[int, str]]:
    """(column, label) of the matrix header: the second header row, or the first where it is empty."""
    if grid.first_row != 1 or grid.first_column != 1 or len(grid.rows) < 2:
        return [(c, grid.text(2, c) or grid.text(1, c)) for c in range(1, grid.last_column + 1)]
    first, second = (list(cells) for cells in grid.rows[:2])
    width = grid.last_column
    first.extend([None] * (width - len(first)))
    second.extend([None] * (width - len(second)))
    return [(c, _text(second[c - 1]) or _text(first[c - 1])) for c in range(1, width + 1)]


def _text(value) -> str:
    """``Grid.text`` of a cell holding `value` (a text is stripped at once: most cells are text)."""
    if value.__class__ is str:
        return value.strip()
    return "" if value is None else cell_text(None if value == "" else value)


def _matrix_columns(grid: Grid) -> tuple[list[str], dict[str, int]]:
    """The roles named in the matrix header, and the column of each of ``L.aktivitas_columns``' keys the sheet has
    (a header that is not the layout's raises WorkbookError naming its cell)."""
    labels = _column_labels(grid)
    expect_headers(grid, 2, [(1, "no"), (2, "kegiatan")], labels)
    kelengkapan_at = next((c for c, label in labels[2:] if label_key(label, ("kelengkapan",))), None)
    if kelengkapan_at is None:
        raise WorkbookError({lang: L.text("err_no_kelengkapan", lang).format(label=L.text("kelengkapan", lang))
                             for lang in L.LANGS}, sheet=grid.sheet, cell="C2", fix=L.texts("err_no_kelengkapan_fix"))
    roles = [label for _, label in labels[2:kelengkapan_at - 1]]
    for index, role in enumerate(roles):
        if not role:
            raise WorkbookError(L.texts("err_role_unnamed"), sheet=grid.sheet, cell=grid.ref(2, 3 + index),
                                fix=L.texts("err_role_unnamed_fix"))
    keys = L.aktivitas_columns(len(roles))
    found = dict(labels)
    # a workbook from before an optional routing column (the last ones) has nothing where it would be
    keys = [key for i, key in enumerate(keys) if key not in L.AKTIVITAS_OPTIONAL or found.get(i + 1)]
    expected = [(i + 1, key) for i, key in enumerate(keys) if not key.startswith("role:")]
    expect_headers(grid, 2, expected[2:], labels)
    return roles, {key: i + 1 for i, key in enumerate(keys)}


def aktivitas_from_grid(grid: Grid) -> tuple[list[str], list[Step], list[ReadProblem]]:
    """Read the activity matrix: roles from the header, steps from row 3 on.

    A sheet's grid starts at A1 as every reader builds it: its rows are read as lists (``_steps_of_rows``); a grid
    placed elsewhere is read cell by cell (``_steps_of_grid``, the general path, which gives the same).
    """
    roles, column = _matrix_columns(grid)
    if grid.first_row == 1 and grid.first_column == 1:
        steps, problems = _steps_of_rows(grid.sheet, grid.rows, roles, column)
    else:
        steps, problems = _steps_of_grid(grid, roles, column)
    return roles, steps, problems


def _steps_of_grid(grid: Grid, roles: list[str], column: dict[str, int]) -> tuple[list[Step], list[ReadProblem]]:
    """The steps of the matrix rows of `grid` (from row 3 on) and the problems met, read cell by cell."""
    steps: list[Step] = []
    problems: list[ReadProblem] = []
    for row in grid.filled_rows(L.AKTIVITAS_FIRST_ROW):
        values = [grid.get(row, c) for c in range(1, len(column) + 1)]
        if all(v is None or cell_text(v) == "" for v in values):
            continue
        steps.append(_step_from_row(grid, row, roles, column, problems))
    return steps, problems


def _step_from_row(grid: Grid, row: int, roles: list[str], column: dict[str, int],
                   problems: list[ReadProblem]) -> Step:
    def problem(code: str, key: str, detail: str = "") -> None:
        ref = grid.ref(row, column[key])
        problems.append(ReadProblem(code, grid.sheet, ref, grid.text(row, column[key]), detail))

    number = as_int(grid.get(row, column["no"]))
    if number is None:
        problem("step-number-invalid", "no")
        number = 0
    symbol_text = grid.text(row, column["simbol"])
    symbol = _symbol_of(symbol_text) if symbol_text else Symbol.PROCESS
    if symbol is None:
        problem("symbol-unknown", "simbol")
        symbol = Symbol.PROCESS
    targets = {}
    for key in ("ya", "tidak"):
        raw = grid.get(row, column[key])
        targets[key] = as_int(raw)
        if raw is not None and targets[key] is None and cell_text(raw):
            problem("target-invalid", key)
    cells = [(role, grid.text(row, column[f"role:{i}"])) for i, role in enumerate(roles)]
    co_marks = {L.text("co_mark", lang).lower() for lang in L.LANGS}
    marks = [role for role, text in cells if text and text.lower() not in co_marks]
    co_pelaksana = [role for role, text in cells if text and text.lower() in co_marks]
    reviewed_text = grid.text(row, column["ditinjau"])
    ya_label, tidak_label = branch_labels_from_text(grid.text(row, column["label_cabang"])) \
        if "label_cabang" in column else ("", "")
    return Step(
        number=number, kegiatan=grid.text(row, column["kegiatan"]), marks=marks, co_pelaksana=co_pelaksana,
        symbol=symbol,
        kelengkapan=grid.text(row, column["kelengkapan"]), waktu=grid.text(row, column["waktu"]),
        output=grid.text(row, column["output"]), keterangan=grid.text(row, column["keterangan"]),
        ya=targets["ya"], tidak=targets["tidak"], ya_label=ya_label, tidak_label=tidak_label,
        inferences=inferences_from_text(grid.text(row, column["inferensi"])),
        reviewed=bool(L.key_for_label(reviewed_text, ("yes",))) or reviewed_text.lower() in ("x", "true", "1"),
        row=row,
    )


@functools.lru_cache(maxsize=256)
def _symbol_read(text: str) -> Symbol | None:
    """``_symbol_of`` of a Simbol cell's text, kept for the last texts (a matrix names its symbols with few words)."""
    return _symbol_of(text)


@functools.lru_cache(maxsize=256)
def _reviewed(text: str) -> bool:
    """Whether a Ditinjau cell's text says the step was reviewed, kept for the last texts (Ya, Yes, x …)."""
    return bool(L.key_for_label(text, ("yes",))) or text.lower() in ("x", "true", "1")


def _values_at(cells: list, columns: tuple[int, ...]) -> dict[int, object]:
    """``Grid.get`` of the cells at (0-based) `columns` of a row's list."""
    found = {}
    for column in columns:
        value = cells[column] if column < len(cells) else None
        found[column] = None if value == "" else value
    return found


def _steps_of_rows(sheet: str, rows: list[list], roles: list[str],
                   column: dict[str, int]) -> tuple[list[Step], list[ReadProblem]]:
    """``_steps_of_grid`` of a grid that starts at A1, reading each row's list once instead of cell by cell."""
    width = len(column)
    at = {key: c - 1 for key, c in column.items()}
    no, simbol, ya, tidak = at["no"], at["simbol"], at["ya"], at["tidak"]
    kegiatan, kelengkapan, waktu, output = at["kegiatan"], at["kelengkapan"], at["waktu"], at["output"]
    keterangan, inferensi, ditinjau, label_cabang = at["keterangan"], at["inferensi"], at["ditinjau"], \
        at.get("label_cabang")
    letters = [L.column_letter(c) for c in range(1, width + 1)]
    role_at = [(role, at[f"role:{i}"]) for i, role in enumerate(roles)]
    co_marks = {L.text("co_mark", lang).lower() for lang in L.LANGS}
    steps: list[Step] = []
    problems: list[ReadProblem] = []
    for index in range(L.AKTIVITAS_FIRST_ROW - 1, len(rows)):
        cells = rows[index]
        if not cells:
            continue
        # ``_text`` of each cell, written out (a call per cell costs a fifth of the row)
        texts = ["" if value is None else value.strip() if value.__class__ is str
                 else cell_text(None if value == "" else value) for value in cells[:width]]
        if len(texts) < width:
            texts.extend([""] * (width - len(texts)))
        if not any(texts):
            continue
        values = _values_at(cells, (no, ya, tidak))      # ``Grid.get`` of the cells that hold numbers
        row = index + 1
        number = as_int(values[no])
        if number is None:
            problems.append(ReadProblem("step-number-invalid", sheet, f"{letters[no]}{row}", texts[no], ""))
            number = 0
        symbol_text = texts[simbol]
        symbol = _symbol_read(symbol_text) if symbol_text else Symbol.PROCESS
        if symbol is None:
            problems.append(ReadProblem("symbol-unknown", sheet, f"{letters[simbol]}{row}", symbol_text, ""))
            symbol = Symbol.PROCESS
        targets = []
        for key in (ya, tidak):
            raw = values[key]
            target = as_int(raw)
            if raw is not None and target is None and texts[key]:
                problems.append(ReadProblem("target-invalid", sheet, f"{letters[key]}{row}", texts[key], ""))
            targets.append(target)
        marks, co_pelaksana = [], []
        for role, c in role_at:
            text = texts[c]
            if text:
                (co_pelaksana if text.lower() in co_marks else marks).append(role)
        ya_label, tidak_label = branch_labels_from_text(texts[label_cabang]) if label_cabang is not None \
            else ("", "")
        steps.append(Step(
            number=number, kegiatan=texts[kegiatan], marks=marks, co_pelaksana=co_pelaksana, symbol=symbol,
            kelengkapan=texts[kelengkapan], waktu=texts[waktu], output=texts[output], keterangan=texts[keterangan],
            ya=targets[0], tidak=targets[1], ya_label=ya_label, tidak_label=tidak_label,
            inferences=inferences_from_text(texts[inferensi]) if texts[inferensi] else [],
            reviewed=_reviewed(texts[ditinjau]), row=row))
    return steps, problems


def sop_from_grids(identitas: Grid, aktivitas: Grid) -> tuple[SOP, list[ReadProblem]]:
    """The SOP held by the Identitas and Aktivitas sheets, with the value problems found."""
    identity, rows, identity_problems = identity_from_grid(identitas)
    roles, steps, step_problems = aktivitas_from_grid(aktivitas)
    return SOP(identity=identity, roles=roles, steps=steps, identity_rows=rows), identity_problems + step_problems


# ---- Kalender -------------------------------------------------------------------------------

def _time_of(value, grid: Grid, row: int, column: int) -> dt.time | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, dt.time):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 1:
        minutes = min(round(value * 24 * 60), 24 * 60 - 1)     # 23:59:59 and later is 23:59, not 24:00
        return dt.time(minutes // 60, minutes % 60)
    match = re.fullmatch(r"(\d{1,2})[.:](\d{2})", cell_text(value))
    if match and int(match[1]) < 24 and int(match[2]) < 60:
        return dt.time(int(match[1]), int(match[2]))
    raise WorkbookError(L.texts("err_not_time", value=cell_text(value)), sheet=grid.sheet,
                        cell=grid.ref(row, column), fix=L.texts("err_not_time_fix"))


def _date_of(value, grid: Grid, row: int, column: int) -> dt.date:
    day = cell_date(value)
    if day is None:
        raise WorkbookError(L.texts("err_not_date", value=cell_text(value)), sheet=grid.sheet,
                            cell=grid.ref(row, column), fix=L.texts("err_not_date_fix"))
    return day


def _hours_cells(h: DayHours | None) -> list:
    return [h.start, h.end, h.break_start, h.break_end] if h else [None] * 4


def calendar_rows(calendar: WorkCalendar, lang: str) -> dict[str, list[list]]:
    """Rows of the Kalender tables, keyed as ``L.TABLE_NAMES``: hours (all seven weekdays, days off with empty
    times), holidays, schedules (one row per weekday a schedule gives hours to) and one-day overrides."""
    by_day = {h.weekday: h for h in calendar.hours}
    day_name = {weekday: names[L.LANGS.index(lang)] for weekday, names in enumerate(L.WEEKDAYS)}
    return {
        "hours": [[day_name[weekday], *_hours_cells(by_day.get(weekday))] for weekday in range(7)],
        "holidays": [[h.day, h.name, L.text(f"source_{h.source}", lang)] for h in calendar.holidays],
        "schedules": [[s.name, s.first, s.last, day_name[h.weekday], *_hours_cells(h)]
                      for s in calendar.schedules for h in s.hours],
        "overrides": [[o.day, *_hours_cells(o.hours), o.note, o.decree] for o in calendar.overrides],
    }


def _day_hours_at(grid: Grid, row: int, column: int, weekday: int, *, required: bool) -> DayHours | None:
    """The DayHours in the four cells start, end, break start, break end from `column`; None when start and end
    are both empty (a day off), unless `required`."""
    times = [_time_of(grid.get(row, column + i), grid, row, column + i) for i in range(4)]
    if times[0] is None and times[1] is None and not required:
        return None
    if times[0] is None or times[1] is None:
        missing = column + (0 if times[0] is None else 1)
        raise WorkbookError(L.texts("err_day_start_end"), sheet=grid.sheet,
                            cell=grid.ref(row, missing), fix=L.texts("err_day_start_end_fix"))
    try:
        return DayHours(weekday, *times)
    except CalendarError as exc:
        raise WorkbookError(exc.texts, sheet=grid.sheet, cell=grid.ref(row, column),
                            fix=exc.fix_texts or L.texts("kal_fix_hours"), code=exc.code) from exc


def _weekday_at(grid: Grid, row: int, column: int) -> int:
    day_names = {L.normalise_label(n): i for i, names in enumerate(L.WEEKDAYS) for n in names}
    day_text = grid.text(row, column)
    weekday = day_names.get(L.normalise_label(day_text))
    if weekday is None:
        raise WorkbookError(L.texts("err_not_weekday", value=day_text), sheet=grid.sheet, cell=grid.ref(row, column),
                            fix=L.texts("err_not_weekday_fix"))
    return weekday


def _table_rows(grid: Grid, origin: tuple[int, int], columns, *, optional: bool = False):
    """Rows of the Kalender table whose header sits at `origin`, after checking the header; an `optional`
    table whose header cell is empty (a workbook written before the table existed) has no rows."""
    row, column = origin
    if optional and grid.get(row, column) is None:
        return range(0)
    expect_headers(grid, row, [(column + i, c.key) for i, c in enumerate(columns)])
    return grid.filled_rows(row + 1)


def calendar_from_grid(grid: Grid) -> WorkCalendar:
    """The working calendar held by the Kalender sheet; a malformed cell raises naming it."""
    hours_row, hours_col = L.KALENDER_HOURS_ORIGIN
    expect_headers(grid, hours_row, [(hours_col + i, c.key) for i, c in enumerate(L.HOURS_COLUMNS)])
    hours = []
    rows_of: dict[int, int] = {}
    for row in range(hours_row + 1, hours_row + 8):
        if not grid.text(row, hours_col):
            continue
        weekday = _weekday_at(grid, row, hours_col)
        if weekday in rows_of:
            raise WorkbookError(L.texts("err_weekday_twice", day=grid.text(row, hours_col),
                                        other=grid.ref(rows_of[weekday], hours_col)),
                                sheet=grid.sheet, cell=grid.ref(row, hours_col), fix=L.texts("err_weekday_twice_fix"),
                                code="weekday-twice")
        rows_of[weekday] = row
        day = _day_hours_at(grid, row, hours_col + 1, weekday, required=False)
        if day is not None:
            hours.append(day)

    _, hol_col = L.KALENDER_HOLIDAYS_ORIGIN
    sources = {L.normalise_label(label): key[len("source_"):]
               for key in ("source_nasional", "source_cuti bersama", "source_lokal") for label in L.TEXTS[key]}
    holidays = []
    for row in _table_rows(grid, L.KALENDER_HOLIDAYS_ORIGIN, L.HOLIDAY_COLUMNS):
        raw_day = grid.get(row, hol_col)
        name = grid.text(row, hol_col + 1)
        if raw_day is None and not name:
            continue
        if raw_day is None:
            raise WorkbookError(L.texts("err_holiday_no_date", name=name), sheet=grid.sheet,
                                cell=grid.ref(row, hol_col), fix=L.texts("err_row_date_fix"))
        source = sources.get(L.normalise_label(grid.text(row, hol_col + 2)) or "lokal", "lokal")
        holidays.append(Holiday(_date_of(raw_day, grid, row, hol_col), name, source))

    _, sch_col = L.KALENDER_SCHEDULES_ORIGIN
    schedule_rows: dict[tuple[str, dt.date, dt.date], list[int]] = {}
    schedule_days: dict[tuple[str, dt.date, dt.date], list[DayHours]] = {}
    for row in _table_rows(grid, L.KALENDER_SCHEDULES_ORIGIN, L.SCHEDULE_COLUMNS, optional=True):
        if all(grid.get(row, sch_col + i) is None for i in range(len(L.SCHEDULE_COLUMNS))):
            continue
        dates = []
        for offset in (1, 2):
            if grid.get(row, sch_col + offset) is None:
                raise WorkbookError(L.texts("err_schedule_dates"), sheet=grid.sheet,
                                    cell=grid.ref(row, sch_col + offset), fix=L.texts("err_schedule_dates_fix"))
            dates.append(_date_of(grid.get(row, sch_col + offset), grid, row, sch_col + offset))
        key = (grid.text(row, sch_col) or f"{dates[0]} – {dates[1]}", *dates)
        schedule_rows.setdefault(key, []).append(row)
        days = schedule_days.setdefault(key, [])
        if grid.get(row, sch_col + 3) is not None:
            day = _day_hours_at(grid, row, sch_col + 4, _weekday_at(grid, row, sch_col + 3), required=False)
            if day is not None:
                days.append(day)
    schedules = []
    for key, days in schedule_days.items():
        try:
            schedules.append(Schedule(*key, tuple(days)))
            WorkCalendar((), (), schedules)          # overlaps with the schedules before it
        except CalendarError as exc:
            raise WorkbookError(exc.texts, sheet=grid.sheet, cell=grid.ref(schedule_rows[key][0], sch_col),
                                fix=exc.fix_texts or L.texts("kal_fix_schedule"), code=exc.code) from exc

    _, ovr_col = L.KALENDER_OVERRIDES_ORIGIN
    overrides: dict[dt.date, DayOverride] = {}
    for row in _table_rows(grid, L.KALENDER_OVERRIDES_ORIGIN, L.OVERRIDE_COLUMNS, optional=True):
        raw_day = grid.get(row, ovr_col)
        if raw_day is None and all(grid.get(row, ovr_col + i) is None for i in range(1, len(L.OVERRIDE_COLUMNS))):
            continue
        if raw_day is None:
            raise WorkbookError(L.texts("err_override_no_date"), sheet=grid.sheet, cell=grid.ref(row, ovr_col),
                                fix=L.texts("err_row_date_fix"))
        day = _date_of(raw_day, grid, row, ovr_col)
        if day in overrides:
            raise WorkbookError(L.texts("err_override_twice", day=day), sheet=grid.sheet, cell=grid.ref(row, ovr_col),
                                fix=L.texts("err_override_twice_fix"))
        overrides[day] = DayOverride(day, _day_hours_at(grid, row, ovr_col + 1, day.weekday(), required=False),
                                     grid.text(row, ovr_col + 5), grid.text(row, ovr_col + 6))
    return WorkCalendar(hours, holidays, schedules, overrides.values())
