"""Write the monthly report workbook with XlsxWriter: five sheets, native charts, the Monev forms, print-ready.

Every sheet is written strictly top to bottom, so the workbook runs in XlsxWriter's
``constant_memory`` mode: a master's thousands of late cases cost no memory (merges are one row
high for the same reason; a form's SOP block shows its name on its first row). The table rows go
straight into the sheet's row file (``xlsx.rows``: the same XML, none of XlsxWriter's per-row
bookkeeping), and the SOPs are read once per sheet after one pass that adds them up
(``monev.overview``), so a report over thousands of SOPs kept on disk (``reporting.spool``) holds
one SOP at a time. Texts come from ``layout`` and ``monev``; nothing here decides what a figure means.
"""

from __future__ import annotations

import datetime as dt
import math
from array import array
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from .. import layout as L
from . import monev
from ..domain.figures import ReportFigures
from ..xlsx.create import Formats
from ..xlsx.rows import bulk_sheet_class

A4 = 9
PIXELS_PER_CHAR = 7           # column width (characters of 10-point Arial) to pixels, roughly
# A4 landscape (297 x 210 mm) less the margins of print_setup (0.4 in left and right, 0.5 top, 0.6 bottom)
# and the footer line: what a page holds, in pixels across (96 per inch) and points down (72 per inch)
PRINTABLE_PIXELS = (11.69 - 0.8) * 96
PRINTABLE_POINTS = (8.27 - 1.1) * 72 - 14
DEFAULT_ROW_POINTS = 15.0
SIGNATURE_ROW_POINTS = 16
PAGE_MARGIN_SHARE = 0.08      # an estimate of LibreOffice's layout: a block this close to the page end moves on
ROW_PIXELS = 20               # a default row
CHART_MIN_HEIGHT = 240
CHART_BAR_PIXELS = 26         # per category of a bar chart
CHART_COLUMNS_HEIGHT = 300    # the on-time column chart
CHART_MAX_HEIGHT = 1800
WRAP_FACTOR = 1.2             # 10-point Arial fits this many more characters per line than layout.wrapped_height assumes


@dataclass
class ReportOptions:
    threshold: float = L.REPORT_THRESHOLD
    lang: str = L.DEFAULT_LANG
    generated_at: dt.datetime = field(default_factory=lambda: dt.datetime.now().replace(microsecond=0))
    skipped: list[tuple[str, str]] = field(default_factory=list)    # (source, why) not in the report


_KIND_STYLE = {"text": "text", "center": "rpt_form_center", "int": "rpt_int", "minutes": "rpt_minutes", "hours": "rpt_hours",
               "percent": "rpt_percent", "datetime": "rpt_datetime"}
_TOTAL_STYLE = {"text": "rpt_total_text", "center": "rpt_total_text", "int": "rpt_total_int",
                "minutes": "rpt_total_int", "hours": "rpt_total_hours", "percent": "rpt_total_percent"}


class _Sheet:
    """A report sheet written row by row (constant_memory): a cursor and the usual blocks."""

    def __init__(self, workbook, formats: Formats, name: str, columns, options: ReportOptions):
        self.sheet = workbook.add_worksheet(name, worksheet_class=bulk_sheet_class())
        self.formats = formats
        self.columns = columns
        self.options = options
        self.lang = options.lang
        self.row = 0
        self.last = len(columns) - 1
        self.breaks: list[int] = []        # rows a printed page starts at (blocks kept together)
        self.repeated: int | None = None   # the header row repeated on every page
        self.sizes = array("d")            # each row's size as XlsxWriter keeps it for set_row (0: hidden)
        self._formats: dict[tuple, list] = {}
        for index, column in enumerate(columns):
            self.sheet.set_column(index, index, column.width)
        self.sheet.hide_gridlines(2)

    def set_row(self, row: int, height: float | None, *, hidden: bool = False) -> None:
        """Set a row's height (points; None: the default) as ``set_row`` does, and remember its size."""
        self.sheet.set_row(row, height, None, {"hidden": True} if hidden else None)
        self._remember(row, height, hidden)

    def _remember(self, row: int, height: float | None, hidden: bool) -> None:
        # the size ``worksheet.row_sizes`` would hold (pixels), which ``_row_points`` reads
        if len(self.sizes) <= row:
            self.sizes.extend([-1.0] * (row + 1 - len(self.sizes)))
        self.sizes[row] = 0.0 if hidden else (20 if height is None else int(height * 4.0 / 3.0 + 0.5))

    def text(self, key: str, **values) -> str:
        text = L.text(key, self.lang)
        return text.format(**values) if values else text

    @property
    def widths(self) -> list[float]:
        return [c.width for c in self.columns]

    def line(self, value: str, style: str, *, height: float | None = None, first: int = 0,
             last: int | None = None) -> None:
        """One row of text merged across the columns (`first` to `last`)."""
        last = self.last if last is None else last
        width = sum(self.widths[first:last + 1])
        self.set_row(self.row, height or L.wrapped_height([(value, width * 0.95)]))
        if last > first:
            self.sheet.merge_range(self.row, first, self.row, last, value, self.formats[style])
        else:
            self.sheet.write_string(self.row, first, value, self.formats[style])
        self.row += 1

    def labelled(self, label: str, value: str) -> None:
        """``Label: value`` across the sheet, the label bold."""
        width = sum(self.widths)
        self.set_row(self.row, L.wrapped_height([(f"{label}: {value}", width * 0.95)]))
        self.sheet.merge_range(self.row, 0, self.row, self.last, "", self.formats["rpt_meta"])
        self.sheet.write_rich_string(self.row, 0, self.formats["rpt_meta_label"], f"{label}: ",
                                     self.formats["rpt_meta"], value or "–", self.formats["rpt_meta"])
        self.row += 1

    def title(self, block: monev.TitleBlock, heading: str, *, form: bool = False) -> None:
        if form:
            self.line(heading, "rpt_form_title", height=22)
        else:
            self.line(self.text("rpt_title"), "rpt_title", height=20)
            self.line(heading, "rpt_subtitle", height=18)
        self.labelled(self.text("rpt_instansi"), block.instansi)
        self.labelled(self.text("rpt_unit_label"), block.unit)
        self.labelled(self.text("rpt_period"), block.period)
        self.labelled(self.text("rpt_generated"), block.generated)
        for source, why in self.options.skipped:
            self.line(self.text("rpt_skipped", name=source, reason=why), "rpt_note")

    def skip(self, rows: int = 1) -> None:
        self.row += rows

    def header(self, *, style: str = "header", repeat: bool = False) -> int:
        labels = [self.text(c.key) for c in self.columns]
        self.set_row(self.row, L.wrapped_height(list(zip(labels, self.widths))))
        for index, label in enumerate(labels):
            self.sheet.write_string(self.row, index, label, self.formats[style])
        if repeat:
            self.sheet.repeat_rows(self.row)
            self.repeated = self.row
        self.row += 1
        return self.row - 1

    def data(self, values: list, *, styles: dict[str, str] = _KIND_STYLE, override: dict[int, str] | None = None) -> int:
        """A table row: each value written by its column's kind; None leaves a styled blank."""
        texts = [(v if isinstance(v, str) else None, w * WRAP_FACTOR) for v, w in zip(values, self.widths)]
        height = L.wrapped_height(texts)
        formats = self._row_formats(styles, override)
        # a date that is not a datetime is shown as its text, as before
        cells = [(index, str(value) if isinstance(value, (dt.date, dt.time)) and not isinstance(value, dt.datetime)
                  else value, fmt) for index, (value, fmt) in enumerate(zip(values, formats))]
        self.sheet.write_row(self.row, cells, height)
        self._remember(self.row, height, False)
        self.row += 1
        return self.row - 1

    def _row_formats(self, styles: dict[str, str], override: dict[int, str] | None) -> list:
        """Each column's format for `styles` and `override` (the same for every row of a table: kept)."""
        key = (id(styles), tuple(sorted((override or {}).items())))
        formats = self._formats.get(key)
        if formats is None:
            formats = self._formats[key] = [
                self.formats[(override or {}).get(index) or styles.get(column.kind, styles["text"])]
                for index, column in enumerate(self.columns)]
        return formats

    def _row_points(self, row: int) -> float:
        size = self.sizes[row] if row < len(self.sizes) else -1.0     # 0: a hidden row (a chart's data)
        return size if size >= 0 else DEFAULT_ROW_POINTS

    def keep_together(self, points: float) -> None:
        """Start a new printed page at the current row unless a block `points` high (unscaled) fits on
        the page the rows above end on: a chart or a signature block is never split over two pages.

        The page is the A4 landscape page at the scale that fits the columns to its width (as
        ``print_setup`` sets it); rows are laid out as LibreOffice and Excel do, whole rows per page.
        A block that would only just fit starts a new page too (the estimate keeps a margin).
        """
        scale = min(1.0, PRINTABLE_PIXELS / max(self.pixel_width, 1))
        page = PRINTABLE_POINTS / scale           # page height in unscaled points
        repeat = self._row_points(self.repeated) if self.repeated is not None else 0.0
        used, start = 0.0, 0
        for row in range(self.row):
            if row in self.breaks and row > start:
                used, start = 0.0, row
            height = self._row_points(row)
            if used + height > page:
                used, start = repeat, row
            used += height
        if used + points > page * (1 - PAGE_MARGIN_SHARE) and self.row > start:
            self.breaks.append(self.row)

    def print_setup(self, footer: str, *, landscape: bool = True) -> None:
        sheet = self.sheet
        if self.breaks:
            sheet.set_h_pagebreaks(self.breaks)
        sheet.set_paper(A4)
        if landscape:
            sheet.set_landscape()
        sheet.fit_to_pages(1, 0)
        sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
        sheet.set_footer(f"&L&8{_escape(footer)}&R&8&P / &N")

    def column_at(self, pixels: float) -> tuple[int, int]:
        """The column at `pixels` from the left edge, and the offset into it."""
        position = 0.0
        for index, width in enumerate(self.widths):
            step = width * PIXELS_PER_CHAR + 5
            if position + step > pixels:
                return index, int(pixels - position)
            position += step
        return self.last, 0

    @property
    def pixel_width(self) -> int:
        return int(sum(w * PIXELS_PER_CHAR + 5 for w in self.widths))


def _escape(text: str) -> str:
    return text.replace("&", "&&")


def _ref(sheet: str, first_row: int, first_col: int, last_row: int, last_col: int) -> list:
    return [sheet, first_row, first_col, last_row, last_col]


# ---- the workbook --------------------------------------------------------------------------------

def write_report(target: str | Path, report: ReportFigures, options: ReportOptions,
                 overview: monev.Overview | None = None) -> None:
    """Write the report workbook of `report` to `target` (a path; the caller makes it atomic); `overview` is
    ``monev.overview(report, options.threshold)`` when the caller has it."""
    workbook = xlsxwriter.Workbook(str(target), {"constant_memory": True, "strings_to_formulas": False,
                                                  "strings_to_urls": False, "strings_to_numbers": False})
    lang = options.lang
    seen = overview or monev.overview(report, options.threshold)
    block = monev.title_block(seen, report.month, options.generated_at, lang)
    workbook.set_properties({"title": f"{L.text('rpt_title', lang)} — {block.month}", "subject": "Monev SOP AP",
                             "author": "sopxl", "comments": "sopxl report", "created": options.generated_at})
    formats = Formats(workbook, L.REPORT_STYLES, L.STYLES)
    footer = L.text("rpt_footer", lang).format(month=block.month)
    _ringkasan(workbook, formats, report, seen, block, options, footer)
    _per_langkah(workbook, formats, report, seen, block, options, footer)
    _kasus(workbook, formats, report, seen, block, options, footer)
    _monitoring(workbook, formats, report, seen, block, options, footer)
    _evaluasi(workbook, formats, report, seen, block, options, footer)
    _tinjauan(workbook, formats, report, seen, block, options, footer)
    workbook.close()


def _empty_banner(sheet: _Sheet, seen: monev.Overview, block: monev.TitleBlock) -> None:
    if not seen.count:
        sheet.line(sheet.text("rpt_no_sops"), "rpt_banner", height=24)
    elif seen.empty:
        sheet.line(sheet.text("rpt_empty", month=block.month), "rpt_banner", height=24)


def _ringkasan(workbook, formats, report: ReportFigures, seen: monev.Overview, block, options: ReportOptions,
               footer: str) -> None:
    sheet = _Sheet(workbook, formats, L.RINGKASAN, L.RINGKASAN_COLUMNS, options)
    lang = options.lang
    sheet.title(block, sheet.text("rpt_title_ringkasan"))
    _empty_banner(sheet, seen, block)
    if not seen.empty:
        sheet.line(monev.highlights(seen, options.threshold, lang), "rpt_highlights")
    sheet.skip()
    header = sheet.header(repeat=True)
    first = sheet.row
    for figures in report.sops:
        sheet.data(monev.summary_row(figures))
    last = sheet.row - 1
    if seen.count > 1:
        sheet.data(monev.unit_row(seen.total, lang), styles=_TOTAL_STYLE)
    if seen.count:
        share_col = [c.key for c in L.RINGKASAN_COLUMNS].index("rpt_on_time_share")
        _threshold_colours(sheet, first, last, share_col, options.threshold)
        sheet.sheet.freeze_panes(header + 1, 2)
    if seen.without_norm:
        sheet.line(sheet.text("rpt_blank_no_norm"), "rpt_note")
    units = list(seen.units.values())
    if len(units) > 1:
        sheet.skip()
        sheet.line(sheet.text("rpt_per_unit"), "rpt_subtitle", height=18)
        sheet.header()
        for unit in units:
            sheet.data(monev.unit_row(unit, lang))
    sheet.skip()
    if seen.judged and last >= first:
        _summary_charts(workbook, sheet, first, last, options, shares=seen.shares)
    else:
        sheet.line(sheet.text("rpt_no_chart"), "rpt_note")
    sheet.skip()
    sheet.line(sheet.text("rpt_rules_title"), "rpt_subtitle", height=18)
    for paragraph in sheet.text("rpt_rules").split("\n"):
        sheet.line(paragraph, "rpt_note")
    sheet.print_setup(footer)
    sheet.sheet.activate()


def _threshold_colours(sheet: _Sheet, first: int, last: int, column: int, threshold: float) -> None:
    if last < first:
        return
    cells = f"{xl_rowcol_to_cell(first, column)}:{xl_rowcol_to_cell(last, column)}"
    top = xl_rowcol_to_cell(first, column, row_abs=False, col_abs=True)
    # an SOP without a norm has an empty share: no colour
    sheet.sheet.conditional_format(cells, {"type": "formula", "criteria": f"=AND(ISNUMBER({top}),{top}>={threshold})",
                                           "format": sheet.formats["on_time"]})
    sheet.sheet.conditional_format(cells, {"type": "formula", "criteria": f"=AND(ISNUMBER({top}),{top}<{threshold})",
                                           "format": sheet.formats["late"]})


def _bar_height(categories: int) -> int:
    return max(CHART_MIN_HEIGHT, min(CHART_MAX_HEIGHT, 90 + CHART_BAR_PIXELS * categories))


def _summary_charts(workbook, sheet: _Sheet, first: int, last: int, options: ReportOptions,
                    shares: list[float | None]) -> None:
    keys = [c.key for c in L.RINGKASAN_COLUMNS]
    name = L.RINGKASAN
    categories = _ref(name, first, keys.index("rpt_sop"), last, keys.index("rpt_sop"))
    count = last - first + 1
    half = max(420, sheet.pixel_width // 2 - 20)
    # the on-time columns beside the time bars while they fit half the page, else each chart on its own rows
    on_time_width = max(half, min(sheet.pixel_width - 20, 90 + 70 * count))
    beside = on_time_width <= half
    height = max(CHART_COLUMNS_HEIGHT, _bar_height(count)) if beside else _bar_height(count)
    threshold = monev.percent(options.threshold, options.lang)

    on_time = workbook.add_chart({"type": "column"})
    column = keys.index("rpt_on_time_share")
    # each column in the colour of its judgement: at or above the threshold green, below it red
    points = [{"fill": {"color": L.COLOURS["on_time_text"] if share is not None and share >= options.threshold - 1e-12
                        else L.COLOURS["late_text"]}} for share in shares]
    # the shares written at the foot of their columns, clear of the threshold line (white on the colour; dark
    # where a column is too short to hold its label)
    labels = [{"font": {"color": "#000000", "bold": True}} if share is None or share < 0.12 else None
              for share in shares]
    on_time.add_series({"name": sheet.text("rpt_series_on_time"), "categories": categories,
                        "values": _ref(name, first, column, last, column), "fill": {"color": L.COLOURS["header"]},
                        "points": points, "gap": 60,
                        "data_labels": {"value": True, "num_format": "0%", "position": "inside_base",
                                        "font": {"color": "#FFFFFF", "bold": True}, "custom": labels}})
    on_time.set_title({"name": sheet.text("rpt_chart_on_time", threshold=threshold),
                       "name_font": {"size": 11, "bold": True}})
    on_time.set_y_axis({"min": 0, "max": 1, "num_format": "0%", "major_gridlines": {"visible": True}})
    on_time.set_x_axis({"num_font": {"size": 8}})
    on_time.set_legend({"position": "bottom", "delete_series": [0]})
    on_time.show_hidden_data()
    on_time_height = height if beside else CHART_COLUMNS_HEIGHT
    on_time.set_size({"width": on_time_width, "height": on_time_height})
    width = half if beside else min(sheet.pixel_width - 20, 900)

    times = workbook.add_chart({"type": "bar"})
    for key, series, colour in (("rpt_median_ratio", "rpt_series_median", "#5B9BD5"),
                                ("rpt_p90_ratio", "rpt_series_p90", "#ED7D31")):
        column = keys.index(key)
        times.add_series({"name": sheet.text(series), "categories": categories,
                          "values": _ref(name, first, column, last, column), "fill": {"color": colour},
                          "data_labels": {"value": True, "num_format": "0%"}, "gap": 60})
    times.set_title({"name": sheet.text("rpt_chart_time"), "name_font": {"size": 11, "bold": True}})
    times.set_x_axis({"min": 0, "num_format": "0%", "major_gridlines": {"visible": True}})
    times.set_y_axis({"reverse": True})
    times.set_legend({"position": "bottom"})
    times.set_size({"width": width, "height": height})

    if not beside:
        sheet.keep_together((on_time_height + 8) * 0.75)
        sheet.sheet.insert_chart(sheet.row, 0, on_time, {"x_offset": 2, "y_offset": 4, "object_position": 3})
        sheet.skip(math.ceil((on_time_height + 8) / ROW_PIXELS) + 1)
    sheet.keep_together((height + 8) * 0.75)
    if beside:
        sheet.sheet.insert_chart(sheet.row, 0, on_time, {"x_offset": 2, "y_offset": 4, "object_position": 3})
        column, offset = sheet.column_at(width + 30)
    else:
        column, offset = 0, 2
    sheet.sheet.insert_chart(sheet.row, column, times, {"x_offset": offset, "y_offset": 4, "object_position": 3})
    sheet.skip(math.ceil((height + 8) / ROW_PIXELS) + 1)
    # the threshold as a dashed line across the columns, named in the legend ("Batas 80%"): its values, one
    # per SOP, on hidden rows below the charts (rows are written top to bottom; charts when the book closes)
    values = sheet.row
    for _ in range(count):
        sheet.sheet.write_row(sheet.row, [(0, options.threshold, None)], hidden=True)
        sheet._remember(sheet.row, None, True)
        sheet.row += 1
    line = workbook.add_chart({"type": "line"})
    line.add_series({"name": sheet.text("rpt_series_threshold", threshold=threshold), "categories": categories,
                     "values": _ref(name, values, 0, sheet.row - 1, 0),
                     "line": {"color": L.COLOURS["threshold"], "width": 2.25, "dash_type": "dash"},
                     "marker": {"type": "dash", "size": 14, "border": {"color": L.COLOURS["threshold"]},
                                "fill": {"color": L.COLOURS["threshold"]}}})
    on_time.combine(line)


def _per_langkah(workbook, formats, report: ReportFigures, seen: monev.Overview, block, options: ReportOptions,
                 footer: str) -> None:
    sheet = _Sheet(workbook, formats, L.PER_LANGKAH, L.PER_LANGKAH_COLUMNS, options)
    lang = options.lang
    keys = [c.key for c in L.PER_LANGKAH_COLUMNS]
    sheet.title(block, sheet.text("rpt_title_per_langkah"))
    _empty_banner(sheet, seen, block)
    sheet.skip()
    header = sheet.header(repeat=True)
    first = sheet.row
    for figures in report.sops:
        for step in figures.steps:
            sheet.data(monev.step_row(figures, step, lang))
    last = sheet.row - 1
    if last >= first:
        sheet.sheet.freeze_panes(header + 1, 3)
        _highlight_bottlenecks(sheet, first, last, keys.index("rpt_bottleneck"))
    sheet.skip()
    sheet.line(sheet.text("rpt_bottlenecks_title"), "rpt_subtitle", height=18)
    if seen.bottlenecks:
        sheet.header()
        b_first = sheet.row
        for figures in report.sops:
            for step in figures.bottlenecks:
                sheet.data(monev.step_row(figures, step, lang))
        b_last = sheet.row - 1
        _highlight_bottlenecks(sheet, b_first, b_last, keys.index("rpt_bottleneck"))
    else:
        sheet.line(sheet.text("rpt_no_bottlenecks"), "rpt_note")
    sheet.skip()
    if seen.count == 1 and last >= first:
        figures = report.sops[0]
        with_norm = any(s.norm for s in figures.steps)
        _step_chart(workbook, sheet, categories=(first, keys.index("rpt_step_no"), last),
                    columns=("rpt_median_ratio", "rpt_p90_ratio") if with_norm else ("rpt_median_minutes",),
                    column_chart=True, bars=last - first + 1)
    elif seen.charted:
        # the chart's labels ("SOP – langkah n") on hidden rows: read by the chart, not printed
        c_first = sheet.row
        for figures in report.sops:
            for step in figures.bottlenecks:
                if step.median_ratio is None:
                    continue
                label = sheet.text("rpt_chart_step_label", step=step.number)
                cells = [(0, f"{figures.meta.nama[:40]} – {label}", None)]
                cells += sorted((keys.index(key), getattr(step, key.removeprefix("rpt_")), None)
                                for key in ("rpt_median_ratio", "rpt_p90_ratio"))
                sheet.sheet.write_row(sheet.row, cells, hidden=True)
                sheet._remember(sheet.row, None, True)
                sheet.row += 1
        _step_chart(workbook, sheet, categories=(c_first, 0, sheet.row - 1),
                    columns=("rpt_median_ratio", "rpt_p90_ratio"), column_chart=False, bars=seen.charted)
    sheet.print_setup(footer)


def _highlight_bottlenecks(sheet: _Sheet, first: int, last: int, column: int) -> None:
    letter = xl_col_to_name(column)
    cells = f"{xl_rowcol_to_cell(first, 0)}:{xl_rowcol_to_cell(last, sheet.last)}"
    sheet.sheet.conditional_format(cells, {"type": "formula", "criteria": f'=${letter}{first + 1}<>""',
                                           "format": sheet.formats["rpt_bottleneck"]})


_SERIES = {"rpt_median_ratio": ("rpt_series_median", "#5B9BD5"), "rpt_p90_ratio": ("rpt_series_p90", "#ED7D31"),
           "rpt_median_minutes": ("rpt_series_median", "#5B9BD5")}


def _step_chart(workbook, sheet: _Sheet, *, categories: tuple[int, int, int], columns: tuple[str, ...],
                column_chart: bool, bars: int) -> None:
    """Step times against their norms: columns per step of one SOP, or bars per bottleneck of many SOPs."""
    keys = [c.key for c in L.PER_LANGKAH_COLUMNS]
    name = L.PER_LANGKAH
    first, category_col, last = categories
    chart = workbook.add_chart({"type": "column" if column_chart else "bar"})
    ratios = columns[0] != "rpt_median_minutes"
    for key in columns:
        label, colour = _SERIES[key]
        column = keys.index(key)
        chart.add_series({"name": sheet.text(label), "fill": {"color": colour}, "gap": 80,
                          "categories": _ref(name, first, category_col, last, category_col),
                          "values": _ref(name, first, column, last, column)})
    title = sheet.text("rpt_chart_steps" if ratios else "rpt_chart_steps_minutes")
    chart.set_title({"name": title, "name_font": {"size": 11, "bold": True}})
    value_axis = {"min": 0, "num_format": "0%" if ratios else "#,##0", "major_gridlines": {"visible": True}}
    if column_chart:
        chart.set_y_axis(value_axis)
        chart.set_x_axis({"name": sheet.text("rpt_step_no"), "num_font": {"size": 8}})
        width, height = min(sheet.pixel_width - 20, max(520, 60 + 45 * bars)), 340
    else:
        chart.set_x_axis(value_axis)
        chart.set_y_axis({"reverse": True, "num_font": {"size": 8}})
        chart.show_hidden_data()
        width, height = min(sheet.pixel_width - 20, 900), _bar_height(bars * 2)
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": width, "height": height})
    sheet.keep_together((height + 10) * 0.75)
    sheet.sheet.insert_chart(sheet.row, 0, chart, {"x_offset": 2, "y_offset": 4, "object_position": 3})
    sheet.skip(math.ceil((height + 10) / ROW_PIXELS) + 1)


def _kasus(workbook, formats, report: ReportFigures, seen: monev.Overview, block, options: ReportOptions,
           footer: str) -> None:
    _listing(workbook, formats, seen, block, options, footer, L.KASUS_TERLAMBAT, L.KASUS_COLUMNS,
             "rpt_title_kasus", monev.late_case_rows(report, options.lang), "rpt_no_late")


def _tinjauan(workbook, formats, report: ReportFigures, seen: monev.Overview, block, options: ReportOptions,
              footer: str) -> None:
    _listing(workbook, formats, seen, block, options, footer, L.TINJAUAN, L.TINJAUAN_COLUMNS,
             "rpt_title_tinjauan", monev.review_rows(report, options.lang), "rpt_no_review")


def _listing(workbook, formats, seen: monev.Overview, block, options: ReportOptions, footer: str, name: str,
             columns, title: str, rows, none: str) -> None:
    """A sheet listing `rows` (any iterable) under a filtered, repeated header, or the text `none` when there are
    none."""
    sheet = _Sheet(workbook, formats, name, columns, options)
    sheet.title(block, sheet.text(title))
    _empty_banner(sheet, seen, block)
    sheet.skip()
    header = sheet.header(repeat=True)
    for row in rows:
        sheet.data(row)
    if sheet.row > header + 1:
        sheet.sheet.autofilter(header, 0, sheet.row - 1, sheet.last)
        sheet.sheet.freeze_panes(header + 1, 3)
    else:
        sheet.line(sheet.text(none, month=block.month), "rpt_note")
    sheet.print_setup(footer)


def _signatures(sheet: _Sheet, generated_at: dt.datetime, left: tuple[int, int], right: tuple[int, int],
                signer: str) -> None:
    """Two signature places: the head of unit (left) and the assessor or evaluator (right)."""
    lang = sheet.lang
    lines = [
        ("", sheet.text("rpt_place_date", date=monev.date_label(generated_at.date(), lang)), "rpt_sign"),
        (sheet.text("rpt_sign_known"), sheet.text(signer), "rpt_sign"),
        (sheet.text("rpt_sign_head"), "", "rpt_sign"),
        ("", "", "rpt_sign"), ("", "", "rpt_sign"), ("", "", "rpt_sign"),
        (sheet.text("rpt_sign_name"), sheet.text("rpt_sign_name"), "rpt_sign_bold"),
        (sheet.text("rpt_sign_nip"), sheet.text("rpt_sign_nip"), "rpt_sign"),
    ]
    sheet.keep_together(SIGNATURE_ROW_POINTS * len(lines))
    for left_text, right_text, style in lines:
        sheet.set_row(sheet.row, SIGNATURE_ROW_POINTS)
        for (first, last), value in ((left, left_text), (right, right_text)):
            if last > first:
                sheet.sheet.merge_range(sheet.row, first, sheet.row, last, value, sheet.formats[style])
            else:
                sheet.sheet.write_string(sheet.row, first, value, sheet.formats[style])
        sheet.row += 1


def _monitoring(workbook, formats, report: ReportFigures, seen: monev.Overview, block, options: ReportOptions,
                footer: str) -> None:
    sheet = _Sheet(workbook, formats, L.MONITORING, L.MONITORING_COLUMNS, options)
    lang = options.lang
    sheet.title(block, sheet.text("rpt_title_monitoring"), form=True)
    _empty_banner(sheet, seen, block)
    sheet.skip()
    sheet.header(style="rpt_form_header", repeat=True)
    penilaian_col = [c.key for c in L.MONITORING_COLUMNS].index("rpt_penilaian")
    paraf_col = [c.key for c in L.MONITORING_COLUMNS].index("rpt_paraf")
    first = sheet.row
    for row in monev.monitoring_rows(report, options.threshold, lang):
        sheet.data(row.cells(lang), styles={"text": "rpt_form_text", "center": "rpt_form_center"},
                   override={penilaian_col: "rpt_form_input", paraf_col: "rpt_form_input"})
    last = sheet.row - 1
    if last >= first:
        sheet.sheet.data_validation(first, penilaian_col, last, penilaian_col, {
            "validate": "list", "source": [L.text(k, lang) for k in L.PENILAIAN_KEYS],
            "input_title": sheet.text("rpt_penilaian")[:32],
            "error_message": " / ".join(L.text(k, lang) for k in L.PENILAIAN_KEYS)})
    sheet.line(sheet.text("rpt_threshold_note", threshold=monev.percent(options.threshold, lang)), "rpt_note")
    sheet.skip()
    _signatures(sheet, options.generated_at, left=(1, 1), right=(3, 4), signer="rpt_sign_assessor")
    sheet.print_setup(footer)


def _evaluasi(workbook, formats, report: ReportFigures, seen: monev.Overview, block, options: ReportOptions,
              footer: str) -> None:
    sheet = _Sheet(workbook, formats, L.EVALUASI, L.EVALUASI_COLUMNS, options)
    lang = options.lang
    sheet.title(block, sheet.text("rpt_title_evaluasi"), form=True)
    _empty_banner(sheet, seen, block)
    sheet.skip()
    sheet.header(style="rpt_form_header", repeat=True)
    answer_col = [c.key for c in L.EVALUASI_COLUMNS].index("rpt_answer")
    first = sheet.row
    plain = {"text": "rpt_form_text", "center": "rpt_form_center"}
    opening = {"text": "rpt_form_block", "center": "rpt_form_block_center"}
    for evaluation in monev.evaluation_blocks(report, lang):
        for index, row in enumerate(evaluation.rows(lang)):
            if index == 0:
                sheet.data(row, styles=opening, override={answer_col: "rpt_form_block_input"})
            else:
                sheet.data(row, styles=plain, override={answer_col: "rpt_form_input"})
    last = sheet.row - 1
    if last >= first:
        answers = [L.text("rpt_yes", lang), L.text("rpt_no_answer", lang)]
        sheet.sheet.data_validation(first, answer_col, last, answer_col, {
            "validate": "list", "source": answers, "error_message": " / ".join(answers)})
    sheet.line(sheet.text("rpt_evaluasi_note", month=block.month), "rpt_note")
    sheet.skip()
    _signatures(sheet, options.generated_at, left=(1, 2), right=(4, 4), signer="rpt_sign_evaluator")
    sheet.print_setup(footer)
