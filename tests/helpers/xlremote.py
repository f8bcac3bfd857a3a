"""xlwings' remote engine as a stand-in for Excel: a workbook file in, the actions a handler recorded out.

``remote_book(path, sheet=, selection=)`` builds the payload xlwings' VBA client would send for the
workbook (``xw.Book(json=...)``: every sheet's values from A1, its tables, the active sheet and the
selection) from the file. A handler run on that book records actions (``book.json()``) instead of
changing Excel; ``apply_actions(path, actions)`` carries them out on the file the way Excel would
(through ``xlsxpatch.Package``, so every other part stays as it was) and returns the message boxes.

The remote engine is part of xlwings PRO; tests use it under the noncommercial licence key. The
product's own code path uses only xlwings' open-source part.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import warnings
from pathlib import Path

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$")


def _client_value(value):
    """A cell value as xlwings' VBA client sends it (JsonConverter: dates as ISO text with Z)."""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%dT00:00:00.000Z")
    if isinstance(value, dt.time):
        return f"1899-12-30T{value.strftime('%H:%M:%S')}.000Z"
    return value


def book_json(path: Path, *, sheet: str, selection: str | None = "A1") -> dict:
    """The payload of xlwings' VBA client for the workbook at `path`, `sheet` active, `selection` selected."""
    import openpyxl
    import xlwings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(path)
    sheets = []
    for ws in book.worksheets:
        values = [[_client_value(c) for c in row] for row in ws.iter_rows(min_row=1, min_col=1, values_only=True)]
        tables = []
        for table in ws.tables.values():
            first, last = table.ref.split(":")
            header_last = re.sub(r"\d+$", re.match(r"[A-Z]+(\d+)", first).group(1), last)
            body_first = re.sub(r"\d+$", str(int(re.match(r"[A-Z]+(\d+)", first).group(1)) + 1), first)
            tables.append({"name": table.name, "range_address": _absolute(table.ref),
                           "header_row_range_address": _absolute(f"{first}:{header_last}"),
                           "data_body_range_address": _absolute(f"{body_first}:{last}"),
                           "total_row_range_address": None, "show_headers": True, "show_totals": False,
                           "table_style": table.tableStyleInfo.name if table.tableStyleInfo else None,
                           "show_autofilter": True})
        sheets.append({"name": ws.title, "values": values or [[]], "pictures": [], "tables": tables})
    return {"client": "VBA", "version": xlwings.__version__,
            "book": {"name": Path(path).name, "active_sheet_index": book.sheetnames.index(sheet),
                     "selection": selection},
            "names": [], "sheets": sheets}


def _absolute(ref: str) -> str:
    return ":".join(re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", part) for part in ref.split(":"))


def remote_book(path: Path, *, sheet: str = "Petunjuk", selection: str | None = "A1"):
    import xlwings as xw

    return xw.Book(json=book_json(path, sheet=sheet, selection=selection))


def _excel_value(value):
    """What Excel stores for a value the client writes: text marked with ' as text, date text as a date,
    numbers (dates written as serial numbers among them) as numbers."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        if value.startswith("'"):
            return value[1:]
        match = _ISO_DATE.match(value)
        if match:
            return dt.datetime(*(int(part) for part in match.groups(default="0")))
        return value
    return value


def apply_actions(path: Path, actions: list[dict]) -> list[dict]:
    """Carry out recorded actions on the workbook file; returns the alerts (prompt, title, mode) in order.

    Supports what sopxl's handlers record: setValues (whole rows from column A), rangeClearContents,
    resizeTable, addHyperlink, alert. Any other action fails the caller's test.
    """
    import sopxl.layout as L
    from sopxl.xlsx.patch import Package

    package = Package(path)
    names = list(package._sheet_paths)
    links: dict[str, dict[str, tuple[str, str, str]]] = {}
    alerts = []
    for action in actions:
        func = action["func"]
        sheet = names[action["sheet_position"]] if action.get("sheet_position") is not None else None
        if func == "alert":
            prompt, title, _buttons, mode, _callback = action["args"]
            alerts.append({"prompt": prompt, "title": title, "mode": mode})
        elif func in ("setValues", "rangeClearContents"):
            if action["start_column"] != 0:
                raise AssertionError(f"a handler wrote a partial row: {action}")
            rows = action["values"] if func == "setValues" else [[None] * action["column_count"]] * action["row_count"]
            package.set_rows(sheet, action["start_row"] + 1, [[_excel_value(v) for v in row] for row in rows],
                             keep_below=True)
        elif func == "resizeTable":
            _index, address = action["args"]
            first, last = address.replace("$", "").split(":")
            header = int(re.match(r"[A-Z]+(\d+)", first).group(1))
            package.resize_tables(sheet, int(re.match(r"[A-Z]+(\d+)", last).group(1)) - header, header_row=header)
        elif func == "addHyperlink":
            address, display, _tip = action["args"]
            ref = L.cell_ref(action["start_row"] + 1, action["start_column"] + 1)
            links.setdefault(sheet, {})[ref] = (ref, address.lstrip("#"), display)
        else:
            raise AssertionError(f"a handler recorded an action this test cannot apply: {func}")
    for sheet, by_cell in links.items():
        package.set_hyperlinks(sheet, list(by_cell.values()))
    package.save()
    return alerts


def hyperlinks(path: Path, sheet: str) -> list[tuple[str, str, str]]:
    """(cell, location, display) of the internal hyperlinks of `sheet`."""
    from sopxl.xlsx.patch import Package

    element = Package(path).get_element(sheet, "hyperlinks") or ""
    found = []
    for tag in re.findall(r"<hyperlink\b[^>]*>", element):
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', tag))
        found.append((attrs.get("ref"), _unescape(attrs.get("location", "")), _unescape(attrs.get("display", ""))))
    return sorted(found)


def _unescape(text: str) -> str:
    return text.replace("&apos;", "'").replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
