"""Create an SOP workbook from the model with XlsxWriter: every sheet of the layout, styled for Excel users.

Used for new workbooks (the template, imports). Later changes to an existing workbook go through
``xlsxpatch`` instead, which rewrites only the cells sopxl owns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import BinaryIO

import xlsxwriter

from .. import layout as L
from ..domain.calendar import WorkCalendar
from ..sheets.sop import aktivitas_header_rows, calendar_rows, identitas_rows, aktivitas_row
from ..domain.model import SOP

# rows that carry data validation and formatting below the matrix, so authors can add steps
SPARE_ROWS = 300
A4 = 9


@dataclass
class WorkbookContent:
    """Everything a new workbook holds besides the SOP."""

    calendar: WorkCalendar
    lang: str = L.DEFAULT_LANG
    log_rows: list[list] = field(default_factory=list)
    tracker_rows: list[list] = field(default_factory=list)
    finding_rows: list[list] = field(default_factory=list)
    vba_project: bytes | None = None           # a vbaProject.bin makes the workbook macro-enabled
    created: dt.datetime | None = None         # the file's creation stamp (fixed for reproducible files)
    before_close: list = field(default_factory=list)   # callables(workbook, sheets) run before closing


class Formats:
    """XlsxWriter formats made on first use from named style tables (the first table naming a style wins)."""

    def __init__(self, workbook, *tables: dict[str, dict]):
        self._workbook = workbook
        self._tables = tables or (L.STYLES,)
        self._cache: dict[str, object] = {}

    def __getitem__(self, name: str):
        if name not in self._cache:
            spec = next((table[name] for table in self._tables if name in table), None)
            if spec is None:
                raise KeyError(name)
            self._cache[name] = self._workbook.add_format(spec)
        return self._cache[name]


def write_workbook(target: str | BinaryIO, sop: SOP, content: WorkbookContent) -> None:
    """Write a complete SOP workbook to `target` (a path or a binary file object)."""
    workbook = xlsxwriter.Workbook(target, {"strings_to_formulas": False, "strings_to_urls": False,
                                            "strings_to_numbers": False, "in_memory": True})
    lang = content.lang
    formats = Formats(workbook)
    properties = {"title": sop.identity.nama or L.text("guide_title", lang), "subject": "SOP AP", "comments": "sopxl"}
    if content.created is not None:
        properties["created"] = content.created
    workbook.set_properties(properties)
    if content.vba_project is not None:
        workbook.add_vba_project(content.vba_project, is_stream=True)
        workbook.set_vba_name("ThisWorkbook")
    sheets = {name: workbook.add_worksheet(name) for name in L.SHEETS}
    if content.vba_project is not None:
        for index, sheet in enumerate(sheets.values(), start=1):
            sheet.set_vba_name(f"Sheet{index}")
    _petunjuk(sheets[L.PETUNJUK], formats, lang)
    _identitas(sheets[L.IDENTITAS], formats, sop, lang)
    _aktivitas(workbook, sheets[L.AKTIVITAS], formats, sop, lang)
    _pelacak(sheets[L.PELACAK], formats, content.tracker_rows, lang)
    write_views(sheets, formats, lang)
    _table_sheet(sheets[L.LOG], formats, L.LOG_COLUMNS, content.log_rows, lang, L.TABLE_NAMES[L.LOG])
    _kalender(sheets[L.KALENDER], formats, content.calendar, lang)
    _table_sheet(sheets[L.TEMUAN], formats, L.TEMUAN_COLUMNS, content.finding_rows, lang, L.TABLE_NAMES[L.TEMUAN])
    label_colours(sheets[L.TEMUAN], formats, _column_index(L.TEMUAN_COLUMNS, "severity"), SEVERITY_COLOURS)
    _finding_links(sheets[L.TEMUAN], formats)
    for name in (L.PELACAK, L.LOG, L.TEMUAN):
        # derived sheets: protected against typing, still sortable and filterable
        sheets[name].protect("", {"autofilter": True, "sort": True, "format_columns": True})
    for hook in content.before_close:
        hook(workbook, sheets)
    sheets[L.PETUNJUK].activate()
    workbook.close()


def _column_index(columns, key: str) -> int:
    return next(i for i, c in enumerate(columns) if c.key == key)


def _print_setup(sheet, repeat_rows: tuple[int, int] | None, landscape: bool = True) -> None:
    sheet.set_paper(A4)
    if landscape:
        sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.set_footer(L.PAGE_FOOTER)
    if repeat_rows:
        sheet.repeat_rows(*repeat_rows)


def _petunjuk(sheet, formats, lang: str) -> None:
    sheet.set_column(0, 0, 4)
    sheet.set_column(1, 1, 110, formats["plain"])
    sheet.write(0, 1, L.text("guide_title", lang), formats["title"])
    for row, texts in enumerate(L.GUIDE, start=2):
        sheet.write(row, 0, row - 1, formats["plain"])
        sheet.write_string(row, 1, texts[L.LANGS.index(lang)], formats["plain"])
    _print_setup(sheet, None, landscape=False)


def _identitas(sheet, formats, sop: SOP, lang: str) -> None:
    rows = identitas_rows(sop.identity, lang)
    for index, column in enumerate(L.IDENTITAS_COLUMNS):
        sheet.set_column(index, index, column.width)
    sheet.write_row(0, 0, [L.text(c.key, lang) for c in L.IDENTITAS_COLUMNS], formats["header"])
    for row, (label, value) in enumerate(rows, start=1):
        sheet.set_row(row, L.identity_row_height([label, value]))
        sheet.write_string(row, 0, label, formats["label"])
        sheet.write_string(row, 1, value, formats["text"])
    sheet.freeze_panes(1, 0)
    _print_setup(sheet, (0, 0))


def _aktivitas(workbook, sheet, formats, sop: SOP, lang: str) -> None:
    roles = sop.roles
    keys = L.aktivitas_columns(len(roles))
    first, second = aktivitas_header_rows(roles, lang)
    routing_from = keys.index("simbol")
    for index, (key, width) in enumerate(zip(keys, L.aktivitas_widths(len(roles)))):
        style = "routing" if index >= routing_from else ("center" if key.startswith("role:") or key in ("no", "waktu") else "text")
        sheet.set_column(index, index, width, formats[style])
    sheet.set_row(0, 20)
    sheet.set_row(1, 32)
    # group headers over their sub-columns, single headers merged over both header rows
    role_cols = [i for i, k in enumerate(keys) if k.startswith("role:")]
    mutu_cols = [keys.index(k) for k in ("kelengkapan", "waktu", "output")]
    for index, key in enumerate(keys):
        if key.startswith("role:") or key in ("kelengkapan", "waktu", "output"):
            sheet.write(1, index, second[index], formats["header"])
        else:
            sheet.merge_range(0, index, 1, index, first[index], formats["header"])
    for cols, label in ((role_cols, first[role_cols[0]] if role_cols else None), (mutu_cols, first[mutu_cols[0]])):
        if not cols:
            continue
        if len(cols) > 1:
            sheet.merge_range(0, cols[0], 0, cols[-1], label, formats["header"])
        else:
            sheet.write(0, cols[0], label, formats["header"])
    for offset, step in enumerate(sop.steps):
        row = L.AKTIVITAS_FIRST_ROW - 1 + offset
        values = aktivitas_row(step, roles, lang)
        sheet.set_row(row, L.step_row_height(values, len(roles)))
        for index, value in enumerate(values):
            key = keys[index]
            style = "routing" if index >= routing_from else ("center" if key.startswith("role:") or key in ("no", "waktu") else "text")
            if value is None:
                sheet.write_blank(row, index, None, formats[style])
            elif isinstance(value, str):
                sheet.write_string(row, index, value, formats[style])
            else:
                sheet.write_number(row, index, value, formats[style])
    last_row = L.AKTIVITAS_FIRST_ROW - 1 + max(len(sop.steps), 1) + SPARE_ROWS
    first_data = L.AKTIVITAS_FIRST_ROW - 1
    if role_cols:
        sheet.data_validation(first_data, role_cols[0], last_row, role_cols[-1], {
            "validate": "list", "source": [L.text("mark", lang), L.text("co_mark", lang)], "ignore_blank": True,
            "input_title": L.text("pelaksana", lang)[:32], "input_message": L.text("mark_prompt", lang)})
    symbol = keys.index("simbol")
    sheet.data_validation(first_data, symbol, last_row, symbol, {
        "validate": "list", "source": [L.text(k, lang) for k in ("terminator", "process", "decision")]})
    for key in ("ya", "tidak"):
        col = keys.index(key)
        sheet.data_validation(first_data, col, last_row, col, {
            "validate": "integer", "criteria": ">=", "value": 1, "error_title": L.text(key, lang),
            "error_message": ("Tulis nomor langkah tujuan" if lang == "id" else "Write the number of the target step")})
    reviewed = keys.index("ditinjau")
    sheet.data_validation(first_data, reviewed, last_row, reviewed, {"validate": "list", "source": [L.text("yes", lang)]})
    sheet.freeze_panes(L.AKTIVITAS_HEADER_ROWS, 2)
    sheet.autofilter(1, 0, 1 + max(len(sop.steps), 1), len(keys) - 1)
    _print_setup(sheet, (0, 1))
    # whole columns: the printout grows with the steps authors type in Excel (a row range would stay put)
    sheet.print_area(0, 0, L.EXCEL_MAX_ROWS - 1, L.printed_columns(len(roles)) - 1)


def _cell_format(formats, kind: str):
    return formats[kind] if kind in ("int", "number", "datetime", "date", "time", "wrap") else formats["plain"]


def _write_value(sheet, row: int, col: int, value, fmt) -> None:
    if value is None or value == "":
        sheet.write_blank(row, col, None, fmt)
    elif isinstance(value, str):
        sheet.write_string(row, col, value, fmt)
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value, fmt)
    elif isinstance(value, (dt.datetime, dt.date, dt.time)):
        sheet.write_datetime(row, col, value, fmt)
    else:
        sheet.write_number(row, col, value, fmt)


def _table(sheet, formats, columns, rows, lang: str, name: str, first_row: int = 0, first_col: int = 0) -> None:
    for index, column in enumerate(columns):
        sheet.set_column(first_col + index, first_col + index, column.width, _cell_format(formats, column.kind))
    last_row = first_row + max(len(rows), 1)
    sheet.add_table(first_row, first_col, last_row, first_col + len(columns) - 1, {
        "name": name, "style": "Table Style Medium 2", "autofilter": True,
        "columns": [{"header": L.text(c.key, lang), "header_format": formats["header"]} for c in columns],
    })
    for r, values in enumerate(rows, start=first_row + 1):
        for c, (column, value) in enumerate(zip(columns, values)):
            _write_value(sheet, r, first_col + c, value, _cell_format(formats, column.kind))


def _table_sheet(sheet, formats, columns, rows, lang: str, name: str) -> None:
    _table(sheet, formats, columns, rows, lang, name)
    sheet.freeze_panes(1, 0)
    _print_setup(sheet, (0, 0))


def _pelacak(sheet, formats, rows: list[list], lang: str) -> None:
    """Pelacak: the moment of the figures in A1 (buttons beside it in a macro-enabled workbook), the
    table from row 2, rows 1-2 and the No and Perihal columns frozen, status colours, A4 landscape."""
    header = L.PELACAK_HEADER_ROW - 1
    sheet.write_string(0, 0, L.text("tracker_blank", lang), formats["bold"])
    _table(sheet, formats, L.PELACAK_COLUMNS, rows, lang, L.TABLE_NAMES[L.PELACAK], first_row=header)
    sheet.set_row(header, L.PELACAK_HEADER_HEIGHT)
    sheet.freeze_panes(header + 1, 2)
    _print_setup(sheet, (header, header))
    first = L.PELACAK_FIRST_ROW
    label_colours(sheet, formats, _column_index(L.PELACAK_COLUMNS, "status"), STATUS_COLOURS, first_row=first)
    for key in ("step_left", "case_left"):      # time past a norm ("lewat 2 jam") in the late colours
        letter = L.column_letter(_column_index(L.PELACAK_COLUMNS, key) + 1)
        found = ",".join(f'ISNUMBER(SEARCH("{word}",{letter}{first}))' for word in L.TEXTS["dur_over_word"])
        sheet.conditional_format(f"{letter}{first}:{letter}{L.EXCEL_MAX_ROWS}", {
            "type": "formula", "criteria": f"=OR({found})", "format": formats["late"]})


def write_views(sheets: dict, formats, lang: str) -> None:
    """The Beban Kerja and Lini Waktu sheets (``layout.views``) as a new workbook has them: headers, column
    styles, conditional formatting and print setup, no rows (a case action or `sopxl refresh` writes them).
    `sheets` maps sheet names to XlsxWriter worksheets."""
    _beban_kerja(sheets[L.BEBAN_KERJA], formats, lang)
    _lini_waktu(sheets[L.LINI_WAKTU], formats, lang)
    for name in L.VIEW_SHEETS:
        sheets[name].protect("", {"format_columns": True, "format_rows": True})


def _beban_kerja(sheet, formats, lang: str) -> None:
    """Beban Kerja: the moment and totals in A1, the header on row 2, a row per Pelaksana below."""
    header = L.WORKLOAD_HEADER_ROW - 1
    sheet.write_string(0, 0, L.text("tracker_blank", lang), formats["bold"])
    for index, column in enumerate(L.WORKLOAD_COLUMNS):
        sheet.set_column(index, index, column.width, _cell_format(formats, column.kind))
        sheet.write_string(header, index, L.text(column.key, lang), formats["header"])
    sheet.set_row(header, L.WORKLOAD_HEADER_HEIGHT)
    sheet.freeze_panes(header + 1, 1)
    _print_setup(sheet, None)
    first = L.WORKLOAD_FIRST_ROW
    for key, style in (("wl_late", "late"), ("wl_near", "near")):
        column = _column_index(L.WORKLOAD_COLUMNS, key)
        sheet.conditional_format(first - 1, column, L.EXCEL_MAX_ROWS - 1, column, {
            "type": "cell", "criteria": ">", "value": 0, "format": formats[style]})
    letter = L.column_letter(_column_index(L.WORKLOAD_COLUMNS, "wl_left") + 1)
    found = ",".join(f'ISNUMBER(SEARCH("{word}",{letter}{first}))' for word in L.TEXTS["dur_over_word"])
    sheet.conditional_format(f"{letter}{first}:{letter}{L.EXCEL_MAX_ROWS}", {
        "type": "formula", "criteria": f"=OR({found})", "format": formats["late"]})


def _lini_waktu(sheet, formats, lang: str) -> None:
    """Lini Waktu: the moment in A1, how to read the bars in A2 (merged over the printed width), the case
    blocks from row 4; every look from column styles and conditional formatting on the cells' values."""
    widths, kinds = L.timeline_widths(), L.timeline_kinds()
    kind_column = len(widths) - 1
    for index, (width, kind) in enumerate(zip(widths, kinds)):
        style = formats["bar"] if kind == "bar" else _cell_format(formats, kind)
        sheet.set_column(index, index, width, style, {"hidden": index == kind_column})
    sheet.write_string(0, 0, L.text("tracker_blank", lang), formats["bold"])
    sheet.merge_range(1, 0, 1, kind_column - 1, L.text("tl_legend", lang), formats["legend"])
    sheet.set_row(1, 2 * L.LINE_HEIGHT + 4)
    _print_setup(sheet, None)
    first = L.TIMELINE_FIRST_ROW
    last = L.EXCEL_MAX_ROWS
    kind = f"${L.column_letter(kind_column + 1)}{first}"
    bar_first, _, bar_last = L.timeline_bar_columns()
    bars = f"{L.column_letter(bar_first)}{first}:{L.column_letter(bar_last)}{last}"
    texts = (f"A{first}:{L.column_letter(bar_first - 1)}{last} "
             f"{L.column_letter(kind_column)}{first}:{L.column_letter(kind_column)}{last}")
    everything = f"A{first}:{L.column_letter(kind_column)}{last}"
    for status, code in L.BAR_CODES.items():
        sheet.conditional_format(bars, {"type": "cell", "criteria": "==", "value": code,
                                        "format": formats[f"bar_{status}"]})
    sheet.conditional_format(bars, {"type": "cell", "criteria": "==", "value": L.NORM_CODE,
                                    "format": formats["bar_norm"]})
    used = L.column_letter(next(i for i, c in enumerate(L.TIMELINE_TEXT_COLUMNS, start=1) if c.key == "tl_used"))
    late = L.BAR_CODES["late"]
    sheet.conditional_format(f"{used}{first}:{used}{last}", {
        "type": "formula", "criteria": f'=AND({kind}<>"{L.ROW_CASE}",${L.column_letter(bar_first)}{first}={late})',
        "format": formats["late"]})
    sheet.conditional_format(everything, {"type": "formula", "criteria": f'={kind}="{L.ROW_HEAD}"',
                                          "format": formats["row_head"]})
    for row_kind, style in ((L.ROW_CASE, "row_case"), (L.ROW_NOW, "row_now"), (L.ROW_BACK, "row_back")):
        sheet.conditional_format(f"A{first}:{L.column_letter(kind_column)}{last}", {
            "type": "formula", "criteria": f'={kind}="{row_kind}"', "format": formats[style],
            "multi_range": texts})


STATUS_COLOURS = (("status_on_time", "on_time"), ("status_near", "near"), ("status_late", "late"))
SEVERITY_COLOURS = (("severity_error", "late"), ("severity_warning", "near"), ("severity_info", "finding_info"))


def label_colours(sheet, formats, column: int, rules, last_row: int = L.EXCEL_MAX_ROWS, first_row: int = 2) -> None:
    """Colour the cells of a 0-based column by the label they hold, in either language, by conditional
    formatting below the header row — so Python never paints cells and sorting keeps the colours."""
    letter = L.column_letter(column + 1)
    for key, style in rules:
        id_label, en_label = L.TEXTS[key]
        sheet.conditional_format(f"{letter}{first_row}:{letter}{last_row}", {
            "type": "formula",
            "criteria": f'=OR(${letter}{first_row}="{id_label}",${letter}{first_row}="{en_label}")',
            "format": formats[style]})


def _finding_links(sheet, formats) -> None:
    """The Temuan location column looks like the links that validation writes into it."""
    index = next(i for i, c in enumerate(L.TEMUAN_COLUMNS) if c.key == "location")
    sheet.set_column(index, index, L.TEMUAN_COLUMNS[index].width, formats["link"])


KALENDER_TABLES = (("hours", "hours_title", L.HOURS_COLUMNS, L.KALENDER_HOURS_ORIGIN),
                   ("holidays", "holidays_title", L.HOLIDAY_COLUMNS, L.KALENDER_HOLIDAYS_ORIGIN),
                   ("schedules", "schedules_title", L.SCHEDULE_COLUMNS, L.KALENDER_SCHEDULES_ORIGIN),
                   ("overrides", "overrides_title", L.OVERRIDE_COLUMNS, L.KALENDER_OVERRIDES_ORIGIN))


def _kalender(sheet, formats, calendar: WorkCalendar, lang: str) -> None:
    rows = calendar_rows(calendar, lang)
    for key, title, columns, (row, col) in KALENDER_TABLES:
        sheet.write(row - 2, col - 1, L.text(title, lang), formats["title"])
        _table(sheet, formats, columns, rows[key], lang, L.TABLE_NAMES[key], row - 1, col - 1)
        sheet.set_column(col + len(columns) - 1, col + len(columns) - 1, 3)    # the gap after the table
    d_row, d_col = L.KALENDER_HOLIDAYS_ORIGIN
    sheet.data_validation(d_row, d_col + 1, 5000, d_col + 1, {
        "validate": "list", "source": [L.text(k, lang) for k in ("source_nasional", "source_cuti bersama", "source_lokal")]})
    s_row, s_col = L.KALENDER_SCHEDULES_ORIGIN
    day_column = s_col - 1 + next(i for i, c in enumerate(L.SCHEDULE_COLUMNS) if c.key == "day")
    sheet.data_validation(s_row, day_column, 5000, day_column, {
        "validate": "list", "source": [names[L.LANGS.index(lang)] for names in L.WEEKDAYS]})
    h_row, _ = L.KALENDER_HOURS_ORIGIN
    sheet.freeze_panes(h_row, 0)
    _print_setup(sheet, (h_row - 1, h_row - 1))
