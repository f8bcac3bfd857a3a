"""The master workbook of a consolidation, written from the database with XlsxWriter in constant-memory mode.

Sheets (``layout.MASTER_SHEETS``): Ringkasan (totals, a month table and a native chart), Daftar (the
register of SOPs with their last validation summary), Kasus (every case with its status and time
against the norm), Peristiwa (the events of a recent window), Temuan (validation findings per source
file) and Sumber (what this run did with each file). The database keeps everything; a sheet that would
pass Excel's 1,048,576 rows keeps the latest rows and Sumber says what was left to the database.

Text from the workbooks is written with ``write_string`` only, so a Kegiatan or note typed as
``=HYPERLINK(…)`` or ``@SUM(…)`` stays text. The file is written beside the target and replaces it in
one step (``files.atomic_output``); the master it replaces is kept as ``<name>.<date>.xlsx``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .. import layout as L
from ..domain.cases import OPEN, STATES
from ..domain.model import CELL_MAX_CHARS
from ..domain.tracker import LATE, STATUSES
from ..domain.model import Identity
from ..domain.review import DUE, PAST, review_of
from ..errors import WorkbookError
from ..xlsx.files import atomic_output
from .store import Store, office_filter
from .store.times import moment, stamp
from ..sheets.grid import excel_serial
from ..xlsx.create import SEVERITY_COLOURS, STATUS_COLOURS, Formats, label_colours

EXCEL_DAYS_TO_1970 = 25569          # Excel's serial of 1970-01-01: stored seconds -> Excel serial in SQL
SHEET_ROWS = L.EXCEL_MAX_ROWS       # rows a sheet may hold, header included
CHART_ROWS = 16                     # rows of Ringkasan the month chart covers (300 px)


@dataclass
class MasterOptions:
    lang: str = L.DEFAULT_LANG
    window_months: int = 2
    keep_backups: int = 30
    # more sheets, after the first: objects with a `name` and `write(book, sheet)` that lay out their own
    # sheet, print setup included (the reminders: ``reminders.ReminderSheet``)
    sheets: tuple = ()


@dataclass
class MasterWritten:
    path: Path
    backup: Path | None = None
    left_to_database: list[str] = field(default_factory=list)


def window_start(as_of: dt.datetime, months: int) -> dt.date:
    """The first day of the month `months - 1` months before `as_of`'s month (2: last month's first day)."""
    index = as_of.year * 12 + as_of.month - 1 - (months - 1)
    return dt.date(index // 12, index % 12 + 1, 1)


def _jd(column: str) -> str:
    """SQL turning stored seconds into an Excel date serial (both engines)."""
    return f"CAST({column} AS DOUBLE PRECISION) / 86400 + {EXCEL_DAYS_TO_1970}"


_NEEDS_ESCAPE = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_")


def _xml_text(text: str) -> str:
    """Cell text as XlsxWriter writes an inline string: cut to Excel's limit, control characters as _xHHHH_,
    then &, < and > escaped."""
    from xlsxwriter.xmlwriter import XMLwriter

    if len(text) > CELL_MAX_CHARS // 2 and len(text.encode("utf-16-le")) > 2 * CELL_MAX_CHARS:   # Excel counts UTF-16
        text = text.encode("utf-16-le")[:2 * CELL_MAX_CHARS].decode("utf-16-le", errors="ignore")
    text = XMLwriter._escape_control_characters(text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _text_tail(value, style: str) -> str:
    """An inline-string cell after its reference (``s="3" t="inlineStr"><is><t>…</t></is></c>``); "" for no text."""
    if value is None:
        return ""
    if type(value) is not str:
        value = str(value)
    if value == "":
        return ""
    if _NEEDS_ESCAPE.search(value) is not None or len(value) > CELL_MAX_CHARS // 2:
        value = _xml_text(value)
    space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
    return f'{style} t="inlineStr"><is><t{space}>{value}</t></is></c>'


def _bulk_sheet_class():
    """An XlsxWriter worksheet that writes whole data rows straight into its constant-memory row file.

    XlsxWriter spends some microseconds per cell (argument checks, a cell tuple, attribute escaping);
    a master has millions of cells. ``write_rows`` writes the same XML (inline strings, numbers with a
    style) row by row and keeps the worksheet's dimensions and row bookkeeping as ``write`` would.
    A worksheet subclass is XlsxWriter's documented way to change how cells are written.
    """
    from xlsxwriter.utility import xl_col_to_name
    from xlsxwriter.worksheet import Worksheet

    class BulkSheet(Worksheet):
        def write_rows(self, first_row: int, rows, plan) -> int:
            """Write `rows` from `first_row` on; `plan` is (value index, column, kind, style, labels) per cell.

            Kinds: "text" (written as an inline string), "number", "label" (a code shown through `labels`).
            Returns the number of rows written.
            """
            if not self.constant_memory or first_row < self.previous_row:
                return self._write_rows_slowly(first_row, rows, plan)
            self._write_single_row(first_row)            # flush the row before (the header)
            letters = {column: xl_col_to_name(column) for _, column, _, _, _ in plan}
            cells = [(index, letters[column], kind, f' s="{style}"' if style else "", labels, {})
                     for index, column, kind, style, labels in plan]
            write = self.fh.write
            row = first_row - 1
            for values in rows:
                row += 1
                number = row + 1
                parts = [f'<row r="{number}">']
                append = parts.append
                for index, letter, kind, style, labels, tails in cells:
                    value = values[index]
                    if value is None:
                        continue
                    if kind == "number":
                        append(f'<c r="{letter}{number}"{style}><v>{value}</v></c>' if type(value) is int
                               else f'<c r="{letter}{number}"{style}><v>{value:.16G}</v></c>')
                        continue
                    # a text's cell after its reference, kept per column: units, actions, people repeat a lot
                    tail = tails.get(value)
                    if tail is None:
                        tail = _text_tail(labels.get(value, value) if kind == "label" else value, style)
                        if len(tails) < 50_000:
                            tails[value] = tail
                    if tail:
                        append(f'<c r="{letter}{number}"{tail}')
                append("</row>")
                write("".join(parts))
            if row >= first_row:
                columns = [column for _, column, _, _, _ in plan]
                self._check_dimensions(first_row, min(columns))
                self._check_dimensions(row, max(columns))
                self.previous_row = row
            return row - first_row + 1

        def _write_rows_slowly(self, first_row: int, rows, plan) -> int:
            count = 0
            for offset, values in enumerate(rows):
                count += 1
                for index, column, kind, style, labels in plan:
                    value = values[index]
                    if kind == "label":
                        value = labels.get(value, value)
                    if value is None or value == "":
                        continue
                    if kind == "number":
                        self.write_number(first_row + offset, column, value)
                    else:
                        self.write_string(first_row + offset, column, str(value))
            return count

    return BulkSheet


class _Writer:
    def __init__(self, store: Store, result, options: MasterOptions, target: str, offices=None):
        import xlsxwriter

        self.store = store
        self.offices = offices
        self.sop_where, self.sop_params = office_filter("s.office", offices)
        self.result = result
        self.options = options
        self.lang = options.lang
        self.book = xlsxwriter.Workbook(target, {
            "constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
            "strings_to_numbers": False, "default_date_format": L.DATETIME_FORMAT, **L.DEFAULT_FONT_OPTIONS})
        self.formats = Formats(self.book)
        self.sheets: dict = {}
        self.parts: dict[str, list[tuple[str, int | None]]] = {}    # sheet -> [(sheet name, year or None)]
        self.left: list[str] = []

    def t(self, key: str) -> str:
        return L.text(key, self.lang)

    # ---- a table sheet --------------------------------------------------------------------------
    def _cell_format(self, kind: str):
        return self.formats[kind if kind in ("int", "number", "datetime") else "plain"]

    def table(self, name: str, columns, rows, *, first_row: int = 0, labels=None,
              conditional=None) -> int:
        """Write a header and `rows` (values in column order; a kind's value already converted) from `first_row`."""
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
        plan = []
        for index, kind in enumerate(kinds):
            style = formats[index]._get_xf_index() if formats[index] is not None else 0
            if index in labels:
                plan.append((index, index, "label", style, labels[index]))
            else:
                plan.append((index, index, "text" if kind == "text" else "number", style, None))
        row_number = first_row + sheet.write_rows(first_row + 1, rows, plan)
        last = max(row_number, first_row + 1)
        sheet.autofilter(first_row, 0, last, len(columns) - 1)
        sheet.freeze_panes(first_row + 1, 0)
        if conditional:
            conditional(sheet, first_row + 1, last)
        return row_number - first_row

    # ---- sheets past Excel's rows: one sheet per year ---------------------------------------------------
    def _kasus_sql(self) -> str:
        return (f"SELECT s.unit AS unit, s.nomor AS nomor, s.nama AS nama, c.case_no AS case_no, c.subject, "
                f"c.state, {_jd('c.opened')} AS opened, c.step, c.kegiatan, c.holder, {_jd('c.step_started')}, "
                f"c.step_used, c.step_norm, c.status, c.total_used, c.total_norm, c.returns, {_jd('c.closed')}, "
                f"c.sop_id AS sop, c.opened AS time_stamp FROM cases c JOIN sops s ON s.id = c.sop_id "
                f"WHERE {self.sop_where}")

    def _peristiwa_sql(self, start: dt.date) -> tuple[str, tuple]:
        return (f"SELECT s.unit AS unit, s.nomor AS nomor, e.event_id AS event_id, e.case_no, e.step, e.action, "
                f"{_jd('e.at')} AS at_serial, e.actor, e.recorded_by, {_jd('e.recorded_at')}, e.note, "
                f"CASE WHEN e.removed_run IS NULL THEN 0 ELSE 1 END, e.at AS time_stamp, e.sop_id AS sop "
                f"FROM events e JOIN sops s ON s.id = e.sop_id WHERE e.at >= ? AND {self.sop_where}",
                (stamp(dt.datetime.combine(start, dt.time())), *self.sop_params))

    def _plan(self, name: str, sql: str, params: tuple) -> None:
        """One sheet for `name`, or one per year when its rows would pass Excel's limit (said on Ringkasan)."""
        count = self.store.query(f"SELECT count(*) FROM ({sql}) AS q", params).fetchone()[0]
        if count <= SHEET_ROWS - 1:
            self.parts[name] = [(name, None)]
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

    @staticmethod
    def _year_filter(sql: str, params: tuple, year: int | None) -> tuple[str, tuple]:
        if year is None:
            return sql, params
        bounds = (stamp(dt.datetime(year, 1, 1)), stamp(dt.datetime(year + 1, 1, 1)))
        return f"SELECT * FROM ({sql}) AS y WHERE y.time_stamp >= ? AND y.time_stamp < ?", (*params, *bounds)

    def limited(self, sql: str, params: tuple, order: str, latest: str, *, sheet: str, table: str,
                reserved: int = 1) -> tuple:
        """(row iterator, row count) of `sql`; over the sheet's limit only the latest rows, said in Sumber."""
        count = self.store.query(f"SELECT count(*) FROM ({sql}) AS q", params).fetchone()[0]
        room = SHEET_ROWS - reserved
        if count <= room:
            return self.store.stream(f"{sql} ORDER BY {order}", params), count
        self.left.append(self.t("cons_left_to_db").format(sheet=sheet, total=f"{count:,}", kept=f"{room:,}",
                                                          left=f"{count - room:,}", table=table))
        rows = self.store.stream(f"SELECT * FROM ({sql} ORDER BY {latest} LIMIT {room}) AS q ORDER BY {order}", params)
        return rows, room

    # ---- the sheets -------------------------------------------------------------------------------
    def daftar(self) -> None:
        yes_no = {1: self.t("cons_yes"), 0: self.t("cons_no")}
        sql = (f"SELECT s.unit AS unit, s.nomor AS nomor, s.nama AS nama, s.path, s.present, s.steps, s.total_norm, "
               f"coalesce(c.cases, 0), coalesce(c.open, 0), coalesce(c.late, 0), coalesce(e.events, 0), "
               f"s.errors, s.warnings, s.infos, {self.store.dialect.excel_of_iso('r.started')} AS read, s.id AS sop, s.sop_json "
               f"FROM sops s LEFT JOIN runs r ON r.id = s.read_run "
               f"LEFT JOIN (SELECT sop_id, count(*) AS cases, sum(CASE WHEN state = '{OPEN}' THEN 1 ELSE 0 END) AS open, "
               f"sum(CASE WHEN state = '{OPEN}' AND status = '{LATE}' THEN 1 ELSE 0 END) AS late FROM cases "
               f"GROUP BY sop_id) c ON c.sop_id = s.id "
               f"LEFT JOIN (SELECT sop_id, count(*) AS events FROM events GROUP BY sop_id) e ON e.sop_id = s.id "
               f"WHERE {self.sop_where}")
        rows, _ = self.limited(sql, self.sop_params, "unit, nomor, nama, sop", "read DESC, sop DESC", sheet=L.MASTER_DAFTAR,
                               table="sops")
        states = {state: self.t(f"review_{state}") for state in (DUE, PAST)}
        review_at = len(L.MASTER_DAFTAR_COLUMNS) - 2
        self.table(L.MASTER_DAFTAR, L.MASTER_DAFTAR_COLUMNS, (self._with_review(row, review_at) for row in rows),
                   labels={4: yes_no, review_at + 1: states})

    def _with_review(self, row: tuple, at: int) -> tuple:
        """A register row with the SOP's review date and its state (due, past) as of the run, from its identity."""
        review = review_of(Identity.from_dict(json.loads(row[-1]).get("identity", {})))
        if review is None:
            return (*row[:at], None, None)
        return (*row[:at], review.date.isoformat(), review.state(self.result.as_of.date()))

    def kasus(self) -> None:
        states = {s: self.t(f"state_{s}") for s in STATES}
        statuses = {s: self.t(f"status_{s}") for s in STATUSES}
        status_column = next(i for i, c in enumerate(L.MASTER_KASUS_COLUMNS) if c.key == "status")
        for part, year in self.parts[L.MASTER_KASUS]:
            sql, params = self._year_filter(self._kasus_sql(), self.sop_params, year)
            rows, _ = self.limited(sql, params, "unit, nomor, nama, sop, case_no",
                                   "opened DESC, sop DESC, case_no DESC", sheet=part, table="cases")
            self.table(part, L.MASTER_KASUS_COLUMNS, rows, labels={5: states, status_column: statuses},
                       conditional=lambda sheet, first, last: label_colours(sheet, self.formats, status_column,
                                                                            STATUS_COLOURS, SHEET_ROWS))

    def peristiwa(self, start: dt.date) -> int:
        removed = {1: self.t("cons_yes"), 0: None}
        shown = 0
        for part, year in self.parts[L.MASTER_PERISTIWA]:
            sql, params = self._year_filter(*self._peristiwa_sql(start), year)
            rows, count = self.limited(sql, params, "time_stamp, unit, nomor, sop, event_id",
                                       "time_stamp DESC, sop DESC, event_id DESC", sheet=part, table="events")
            self.table(part, L.MASTER_PERISTIWA_COLUMNS, rows, labels={11: removed})
            shown += count
        return shown

    def temuan(self) -> None:
        lang = self.lang
        severities = {s: self.t(f"severity_{s}") for s in ("error", "warning", "info")}
        categories = {c: self.t(f"category_{c}") for c in ("layout", "value")}
        message, fix = ("message_id", "fix_id") if lang == "id" else ("message_en", "fix_en")
        sql = (f"SELECT f.path AS path, coalesce(s.nomor, ''), f.code, f.severity, f.category, f.location, f.value, "
               f"f.{message}, f.{fix}, f.n AS n FROM findings f LEFT JOIN sops s ON s.id = f.sop_id "
               f"WHERE {office_filter('f.office', self.offices)[0]}")
        rows, _ = self.limited(sql, office_filter("f.office", self.offices)[1], "path, n", "path DESC, n DESC", sheet=L.MASTER_TEMUAN, table="findings")
        sheet_column = 2 + next(i for i, c in enumerate(L.TEMUAN_COLUMNS) if c.key == "severity")
        self.table(L.MASTER_TEMUAN, L.MASTER_TEMUAN_COLUMNS, rows, labels={3: severities, 4: categories},
                   conditional=lambda sheet, first, last: label_colours(sheet, self.formats, sheet_column, SEVERITY_COLOURS, SHEET_ROWS))


    def sumber(self) -> None:
        sheet = self.sheets[L.MASTER_SUMBER]
        notes = self.left or [self.t("cons_no_notes")]
        sheet.write_string(0, 0, self.t("cons_notes_title"), self.formats["title"])
        for index, note in enumerate(notes, start=1):
            sheet.write_string(index, 0, note, self.formats["plain"])
        first = len(notes) + 2
        statuses = {s: self.t(f"cons_status_{s}") for s in L.CONSOLIDATION_STATUSES}
        files = self.result.files
        room = SHEET_ROWS - first - 1
        if len(files) > room:       # not reachable with real folders; kept so no sheet can pass the limit
            self.left.append(self.t("cons_left_to_db").format(sheet=L.MASTER_SUMBER, total=len(files), kept=room,
                                                              left=len(files) - room, table="run_files"))
            files = files[:room]
        rows = ([f.path, f.status, f.reason, f.nomor, f.nama, f.events,
                 round(f.size / 1024, 1) if f.size is not None else None,
                 excel_serial(_mtime(f.mtime_ns)) if f.mtime_ns is not None else None] for f in files)
        self.table(L.MASTER_SUMBER, L.MASTER_SUMBER_COLUMNS, rows, first_row=first, labels={1: statuses})

    def ringkasan(self, start: dt.date, window_count: int) -> None:
        """The summary sheet: what the run did, totals of the database, the last twelve months with a chart."""
        sheet = self.sheets[L.MASTER_RINGKASAN]
        months = self._months(self.result.as_of)
        first, month_col = 5, 3
        self._ringkasan_cells(sheet, start, self._totals(window_count), months, first, month_col)
        sheet.insert_chart(first + len(months) + 2, month_col, self._months_chart(first, month_col, len(months)))
        for col, width in ((0, 44), (1, 16), (2, 3), (3, 12), (4, 14), (5, 14), (6, 14)):
            sheet.set_column(col, col, width)
        sheet.set_landscape()
        sheet.set_paper(9)
        sheet.fit_to_pages(1, 0)
        sheet.set_footer(L.PAGE_FOOTER)
        sheet.activate()

    def _totals(self, window_count: int) -> list[tuple[str, int]]:
        """(label, count) of the run's files and the database's SOPs, events, cases and findings."""
        result, t = self.result, self.t
        query = self.store.query
        where, params = self.sop_where, self.sop_params

        def count(sql: str) -> int:
            return query(sql + f" {'AND' if ' WHERE ' in sql else 'WHERE'} {where}", params).fetchone()[0]

        def grouped(sql: str, by: str) -> dict:
            return dict(query(f"{sql} {'AND' if ' WHERE ' in sql else 'WHERE'} {where} GROUP BY {by}", params).fetchall())

        events, cases = "events e JOIN sops s ON s.id = e.sop_id", "cases c JOIN sops s ON s.id = c.sop_id"
        totals = [
            (t("cons_total_sops"), count("SELECT count(*) FROM sops s")),
            (t("cons_total_present"), count("SELECT count(*) FROM sops s WHERE s.present = 1")),
            (t("cons_total_files"), result.counts["files"]),
            *[(t("cons_total_status").format(status=t(f"cons_status_{s}")), result.counts[s])
              for s in L.CONSOLIDATION_STATUSES],
            (t("cons_total_events"), count(f"SELECT count(*) FROM {events}")),
            (t("cons_total_removed"), count(f"SELECT count(*) FROM {events} WHERE e.removed_run IS NOT NULL")),
            (t("cons_total_window"), window_count),
            (t("cons_total_cases"), count(f"SELECT count(*) FROM {cases}")),
        ]
        states = grouped(f"SELECT c.state, count(*) FROM {cases}", "c.state")
        totals += [(t("cons_total_state").format(state=t(f"state_{s}")), states.get(s, 0))
                   for s in STATES]
        open_status = grouped(f"SELECT c.status, count(*) FROM {cases} WHERE c.state = '{OPEN}'", "c.status")
        totals += [(t("cons_total_open_status").format(status=t(f"status_{s}")), open_status.get(s, 0))
                   for s in STATUSES]
        findings_where, findings_params = office_filter("f.office", self.offices)
        severities = dict(query(f"SELECT f.severity, count(*) FROM findings f WHERE {findings_where} "
                                "GROUP BY f.severity", findings_params).fetchall())
        totals += [(t("cons_total_findings").format(severity=t(f"severity_{s}")), severities.get(s, 0))
                   for s in ("error", "warning", "info")]
        return totals

    def _ringkasan_cells(self, sheet, start: dt.date, totals: list, months: list, first: int, month_col: int) -> None:
        """The title, the run's facts, the totals table and the months table, written row by row."""
        result, t, f = self.result, self.t, self.formats
        # constant-memory mode writes rows top to bottom only: lay every cell out first, then write by row
        cells: dict[int, list[tuple[int, object, object]]] = {}

        def put(row: int, col: int, value, fmt) -> None:
            cells.setdefault(row, []).append((col, value, fmt))

        put(0, 0, t("cons_title"), f["title"])
        window = t("cons_window_value").format(start=start.isoformat(), end=result.as_of.date().isoformat(),
                                               months=self.options.window_months)
        for row, (key, value) in enumerate((("cons_as_of", result.as_of), ("cons_database", str(result.db)),
                                            ("cons_window", window)), start=1):
            put(row, 0, t(key), f["label"])
            put(row, 1, value, f["datetime"] if isinstance(value, dt.datetime) else f["plain"])
        count = self.book.add_format({**L.FONT, "num_format": "#,##0"})
        put(first - 1, month_col, t("cons_months_title"), self.book.add_format({**L.FONT, "bold": True}))
        for col, columns, rows in ((0, L.MASTER_TOTALS_COLUMNS, totals), (month_col, L.MASTER_MONTH_COLUMNS, months)):
            for index, column in enumerate(columns):
                put(first, col + index, t(column.key), f["header"])
            for offset, values in enumerate(rows, start=1):
                for index, (column, value) in enumerate(zip(columns, values)):
                    put(first + offset, col + index, value, count if column.kind == "int" else f["plain"])
        # what did not fit Excel's rows, said on the first sheet (below the totals and the chart)
        notes_row = max(first + len(totals), first + len(months) + 2 + CHART_ROWS) + 2
        if self.left:
            put(notes_row, 0, t("cons_notes_title"), self.book.add_format({**L.FONT, "bold": True}))
            for offset, note in enumerate(self.left, start=1):
                put(notes_row + offset, 0, note, f["plain"])
        for row in sorted(cells):
            for col, value, fmt in sorted(cells[row], key=lambda cell: cell[0]):
                if isinstance(value, dt.datetime):
                    sheet.write_datetime(row, col, value, fmt)
                elif isinstance(value, (int, float)):
                    sheet.write_number(row, col, value, fmt)
                else:
                    sheet.write_string(row, col, str(value), fmt)

    def _months_chart(self, first: int, month_col: int, months: int):
        """Cases opened and closed as columns; events (many more) as a line on their own axis."""
        t = self.t

        def series(index: int) -> dict:
            return {"name": [L.MASTER_RINGKASAN, first, month_col + index],
                    "categories": [L.MASTER_RINGKASAN, first + 1, month_col, first + months, month_col],
                    "values": [L.MASTER_RINGKASAN, first + 1, month_col + index, first + months,
                               month_col + index]}

        chart = self.book.add_chart({"type": "column"})
        chart.add_series({**series(2), "fill": {"color": "#70AD47"}})
        chart.add_series({**series(3), "fill": {"color": "#ED7D31"}})
        events = self.book.add_chart({"type": "line"})
        events.add_series({**series(1), "y2_axis": True, "line": {"color": "#1F4E78", "width": 2.25},
                           "marker": {"type": "circle", "size": 5}})
        chart.combine(events)
        chart.set_y_axis({"name": t("cons_cases")})
        events.set_y2_axis({"name": t("cons_events")})
        chart.set_title({"name": t("cons_chart_title")})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 640, "height": 300})
        return chart

    def _months(self, as_of: dt.datetime) -> list[tuple[str, int, int, int]]:
        """(YYYY-MM, events, cases opened, cases closed) for the 12 months up to `as_of`'s."""
        first = window_start(as_of, 12)
        since = stamp(dt.datetime.combine(first, dt.time()))
        query = self.store.query

        month_of = self.store.dialect.month_of_stamp

        def per_month(column: str, sql: str) -> dict:
            return dict(query(f"SELECT {month_of(column)}, count(*) {sql} AND {column} >= ? AND {self.sop_where} "
                              "GROUP BY 1", (since, *self.sop_params)).fetchall())

        events = per_month("e.at", "FROM events e JOIN sops s ON s.id = e.sop_id WHERE 1 = 1")
        opened = per_month("c.opened", "FROM cases c JOIN sops s ON s.id = c.sop_id WHERE 1 = 1")
        closed = per_month("c.closed", "FROM cases c JOIN sops s ON s.id = c.sop_id WHERE c.state = 'closed'")
        months = []
        index = first.year * 12 + first.month - 1
        for step in range(12):
            year, month = divmod(index + step, 12)
            key = f"{year:04d}-{month + 1:02d}"
            months.append((key, events.get(key, 0), opened.get(key, 0), closed.get(key, 0)))
        return months

    def write(self) -> list[str]:
        start = window_start(self.result.as_of, self.options.window_months)
        self._plan(L.MASTER_KASUS, self._kasus_sql(), self.sop_params)
        self._plan(L.MASTER_PERISTIWA, *self._peristiwa_sql(start))
        bulk = _bulk_sheet_class()
        extra = []          # the options' sheets, after the first one
        for name in L.MASTER_SHEETS:
            for part, _ in self.parts.get(name, [(name, None)]):
                self.sheets[part] = self.book.add_worksheet(part, worksheet_class=bulk)
            if name == L.MASTER_SHEETS[0]:
                extra += [(added, self.book.add_worksheet(added.name)) for added in self.options.sheets]
        self.book.set_properties({"title": self.t("cons_title"), "subject": "SOP AP", "comments": "sopxl"})
        self.book.set_custom_property(L.MASTER_DATABASE_PROPERTY, str(self.store.path))
        self.daftar()
        self.kasus()
        window_count = self.peristiwa(start)
        self.temuan()
        self.sumber()
        self.ringkasan(start, window_count)
        for added, sheet in extra:
            added.write(self.book, sheet)
        for name, sheet in list(self.sheets.items())[1:]:
            sheet.set_landscape()
            sheet.set_paper(9)
            sheet.fit_to_pages(1, 0)
            sheet.set_footer(L.PAGE_FOOTER)
            if name != L.MASTER_SUMBER:
                sheet.repeat_rows(0)
        self.book.close()
        return self.left


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


def write_master(store: Store, path: Path, result, options: MasterOptions, offices=None,
                 previous: str | None = None) -> MasterWritten:
    """Write the master workbook at `path` from `store` and the run `result`, atomically, keeping the old one.

    `offices`: whose SOPs, cases and events it shows (None: every office); `previous`: when the master it
    replaces was written (ISO text; None: its file's time), the date its backup is named by.
    """
    path = Path(path)
    _remove_leftovers(path)
    with atomic_output(path) as temp:
        writer = _Writer(store, result, options, str(temp), offices)
        store.begin_read()          # every sheet from one snapshot of the database
        try:
            left = writer.write()
        finally:
            store.end_read()
        stamp = moment(previous).date() if previous else (
            dt.date.fromtimestamp(path.stat().st_mtime) if path.exists() else result.as_of.date())
        backup = _backup(path, stamp, options.keep_backups)
    return MasterWritten(path=path, backup=backup, left_to_database=left)
