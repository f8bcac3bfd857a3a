"""Writing sheet rows fast: whole data rows straight into XlsxWriter's constant-memory row file, and cells
laid out in any order written row by row.

Shared by the writers of big workbooks (the nightly master, the central report). Text is written as inline
strings only, so a Kegiatan or note typed as ``=HYPERLINK(…)`` or ``@SUM(…)`` stays text.
"""

from __future__ import annotations

import datetime as dt
import re

from ..domain.model import CELL_MAX_CHARS


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


def bulk_sheet_class():
    """An XlsxWriter worksheet that writes whole data rows straight into its constant-memory row file.

    XlsxWriter spends some microseconds per cell (argument checks, a cell tuple, attribute escaping);
    a master has millions of cells. ``write_rows`` writes the same XML (inline strings, numbers with a
    style) row by row and keeps the worksheet's dimensions and row bookkeeping as ``write`` would.
    A worksheet subclass is XlsxWriter's documented way to change how cells are written.
    """
    from xlsxwriter.utility import xl_col_to_name
    from xlsxwriter.worksheet import Worksheet

    class BulkSheet(Worksheet):
        def write_rows(self, first_row: int, rows, plan, height: float | None = None) -> int:
            """Write `rows` from `first_row` on; `plan` is (value index, column, kind, style, labels) per cell.

            Kinds: "text" (written as an inline string), "number", "label" (a code shown through `labels`),
            "boxed" (a text whose cell keeps its style when it is empty: a bordered table's cell).
            `height`: the rows' height in points (None: the default). Returns the number of rows written.
            """
            if not self.constant_memory or first_row < self.previous_row:
                return self._write_rows_slowly(first_row, rows, plan, height)
            opening = "" if height is None else f' ht="{height:.16g}" customHeight="1"'
            self._write_single_row(first_row)            # flush the row before (the header)
            # a plan is laid out once (column letters, styles, its texts' cells): a sheet written a row or two at
            # a time with a few plans (the reminders) pays it once
            known = self.__dict__.setdefault("_plans", {}).get(id(plan))
            if known is None or known[0] is not plan:
                letters = {column: xl_col_to_name(column) for _, column, _, _, _ in plan}
                known = self._plans[id(plan)] = (plan, [(index, letters[column], kind, f' s="{style}"' if style else "",
                                                        labels, {}) for index, column, kind, style, labels in plan])
            cells = known[1]
            write = self.fh.write
            row = first_row - 1
            for values in rows:
                row += 1
                number = row + 1
                parts = [f'<row r="{number}"{opening}>']
                append = parts.append
                for index, letter, kind, style, labels, tails in cells:
                    value = values[index]
                    if value is None:
                        if kind == "boxed":
                            append(f'<c r="{letter}{number}"{style}/>')
                        continue
                    if kind == "number":
                        append(f'<c r="{letter}{number}"{style}><v>{value}</v></c>' if type(value) is int
                               else f'<c r="{letter}{number}"{style}><v>{value:.16G}</v></c>')
                        continue
                    # a text's cell after its reference, kept per column: units, actions, people repeat a lot
                    tail = tails.get(value)
                    if tail is None:
                        tail = _text_tail(labels.get(value, value) if kind == "label" else value, style)
                        if not tail and kind == "boxed":
                            tail = f"{style}/>"
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

        def _write_rows_slowly(self, first_row: int, rows, plan, height: float | None = None) -> int:
            count = 0
            for offset, values in enumerate(rows):
                count += 1
                if height is not None:
                    self.set_row(first_row + offset, height)
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


class Cells:
    """Cells laid out in any order, written row by row (constant-memory mode writes rows top to bottom only)."""

    def __init__(self):
        self.cells: dict[int, list[tuple]] = {}
        self.heights: dict[int, float] = {}

    def put(self, row: int, col: int, value, fmt=None, *, last_col: int | None = None) -> None:
        self.cells.setdefault(row, []).append((col, value, fmt, last_col))

    def height(self, row: int, points: float) -> None:
        self.heights[row] = points

    def write(self, sheet) -> None:
        for row in sorted(set(self.cells) | set(self.heights)):
            if row in self.heights:
                sheet.set_row(row, self.heights[row])
            for col, value, fmt, last_col in sorted(self.cells.get(row, []), key=lambda cell: cell[0]):
                if last_col is not None:
                    sheet.merge_range(row, col, row, last_col, "", fmt)
                if value is None:
                    if last_col is None:
                        sheet.write_blank(row, col, None, fmt)
                elif isinstance(value, dt.datetime):
                    sheet.write_datetime(row, col, value, fmt)
                elif isinstance(value, (int, float)):
                    sheet.write_number(row, col, value, fmt)
                else:
                    sheet.write_string(row, col, str(value), fmt)
