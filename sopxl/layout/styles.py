"""Styles of the workbooks sopxl writes: colours, fonts, cell formats and row heights."""

from __future__ import annotations

import functools

# ---- styles (XlsxWriter format properties; the workbook writer turns them into formats) -----------

COLOURS = {"header": "#1F4E78", "header_text": "#FFFFFF", "group": "#DDEBF7", "routing": "#F2F2F2",
           "on_time": "#C6EFCE", "on_time_text": "#006100", "near": "#FFEB9C", "near_text": "#9C5700",
           "late": "#FFC7CE", "late_text": "#9C0006", "border": "#808080", "title": "#1F4E78",
           "threshold": "#1F3864"}
FONT = {"font_name": "Arial", "font_size": 10}
# XlsxWriter's workbook options making FONT the workbook's default font too: column widths count in its
# digits, so LibreOffice (Liberation Sans for Arial) prints them as wide as Excel does, also where no
# Calibri nor a font of its metrics is installed (17 pixels: the default row of 10-point Arial)
# ("none": not the theme's font, which stays Calibri)
DEFAULT_FONT_OPTIONS = {"default_format_properties": {**FONT, "font_scheme": "none"}, "default_row_height": 17,
                        "default_column_width": 64}
# dates the way Indonesian offices write them, day first (one style in every workbook sopxl writes)
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
DATE_FORMAT = "dd/mm/yyyy"
STYLES: dict[str, dict] = {
    "title": {**FONT, "bold": True, "font_size": 14, "font_color": COLOURS["title"]},
    "header": {**FONT, "bold": True, "font_color": COLOURS["header_text"], "bg_color": COLOURS["header"],
               "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True},
    "group": {**FONT, "bold": True, "bg_color": COLOURS["group"], "border": 1, "align": "center",
              "valign": "vcenter", "text_wrap": True},
    "label": {**FONT, "bold": True, "border": 1, "valign": "top", "text_wrap": True, "bg_color": COLOURS["group"]},
    "text": {**FONT, "border": 1, "valign": "top", "text_wrap": True},
    "center": {**FONT, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True},
    "routing": {**FONT, "border": 1, "valign": "top", "text_wrap": True, "bg_color": COLOURS["routing"]},
    "plain": {**FONT, "valign": "top"},
    "bold": {**FONT, "bold": True, "valign": "vcenter"},
    "int": {**FONT, "num_format": "0", "valign": "top", "align": "center"},
    "number": {**FONT, "num_format": "#,##0.0"},
    "datetime": {**FONT, "num_format": DATETIME_FORMAT, "valign": "top", "align": "center"},
    "date": {**FONT, "num_format": DATE_FORMAT},
    "wrap": {**FONT, "text_wrap": True, "valign": "top", "indent": 1},
    "top": {**FONT, "valign": "top"},
    "time": {**FONT, "num_format": "hh:mm"},
    "on_time": {"bg_color": COLOURS["on_time"], "font_color": COLOURS["on_time_text"]},
    "near": {"bg_color": COLOURS["near"], "font_color": COLOURS["near_text"]},
    "late": {"bg_color": COLOURS["late"], "font_color": COLOURS["late_text"]},
    "finding_info": {"bg_color": "#DDEBF7", "font_color": "#1F4E78"},
    "link": {**FONT, "font_color": "#0563C1", "underline": 1},
    # the views (layout.views): bar cells show a colour only (their code is written in the same colour)
    # bar cells: white borders draw the 10 % boxes; the number format shows text (a header) but never a code
    "bar": {**FONT, "font_size": 8, "valign": "vcenter", "align": "left", "num_format": ";;;@", "border": 1,
            "border_color": "#FFFFFF"},
    "legend": {**FONT, "italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top"},
    "bar_on_time": {"bg_color": "#63BE7B", "font_color": "#63BE7B"},
    "bar_near": {"bg_color": "#FFC000", "font_color": "#FFC000"},
    "bar_late": {"bg_color": "#E0585B", "font_color": "#E0585B"},
    "bar_norm": {"bg_color": "#262626", "font_color": "#262626"},
    "row_case": {"bold": True, "bg_color": COLOURS["group"], "font_color": COLOURS["title"]},
    "row_head": {"bold": True, "bg_color": "#F2F2F2", "font_color": "#404040"},
    "row_now": {"bold": True, "bg_color": "#FFF2CC"},
    "row_back": {"italic": True, "font_color": "#7F3F00"},
}


# ---- row heights ------------------------------------------------------------------------------

LINE_HEIGHT = 12.75        # points per line of 10-point Arial
MIN_ROW_HEIGHT = 15.0


# Arial's (Helvetica's) advance widths in 1/1000 em, for the printable ASCII characters (space to "~");
# other characters count as a digit
_ARIAL_WIDTHS = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556,
    556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667,
    556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556,
    556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722,
    500, 500, 500, 334, 260, 334, 584)
_PIXELS_PER_EM = 10 * 96 / 72           # 10-point Arial on a 96-dpi screen, which column widths count in


def text_pixels(text: str) -> float:
    """The width of `text` in 10-point Arial, in pixels."""
    return sum(_ARIAL_WIDTHS[ord(c) - 32] if " " <= c <= "~" else 556 for c in text) * _PIXELS_PER_EM / 1000


_WIDEST = max(_ARIAL_WIDTHS) * _PIXELS_PER_EM / 1000     # pixels of the widest letter
_WORD_PIXELS: dict[str, float] = {}     # words repeat (units, names, steps): each measured once


def _word_pixels(word: str) -> float:
    size = _WORD_PIXELS.get(word)
    if size is None:
        size = text_pixels(word)
        if len(_WORD_PIXELS) < 200_000:
            _WORD_PIXELS[word] = size
    return size


@functools.lru_cache(maxsize=65_536)
def _wrapped_lines(text: str, width: float) -> int:
    """Lines `text` takes wrapped at word ends in a column `width` characters wide (a word longer than a
    line is broken where the line ends, as Excel and LibreOffice do). Kept per (text, width): a night's
    sheets repeat their texts (a unit, a Pelaksana, a step), so each is laid out once."""
    room = max(width * 7 - 3, 1.0)          # Excel: 7 pixels a character; a little kept for the cell's margin
    if len(text) * _WIDEST <= room and "\n" not in text:
        return 1                            # even in its widest letters it fits one line
    space = _word_pixels(" ")
    lines = 0
    for part in text.split("\n"):
        lines += 1
        used = 0.0
        for word in part.split(" "):
            size = _word_pixels(word)
            if used and used + space + size <= room:
                used += space + size
                continue
            if used:
                lines += 1
            extra = max(0, -(-int(size) // int(room)) - 1)     # a long word's further lines
            lines += extra
            used = size - extra * room
    return lines


def wrapped_height(cells: list[tuple[object, float]], *, words: bool = False) -> float:
    """Row height in points that shows every (text, column width) of a row wrapped: Excel does not grow
    rows it did not lay out itself, and LibreOffice prints what the file says. `words`: count the lines
    as they wrap at word ends, from Arial's character widths (a long word, a name in capitals, a path take
    the lines they need), not as characters per line."""
    lines = 1
    for value, width in cells:
        if value is None or value == "":
            continue
        if words:
            count = _wrapped_lines(str(value), float(width))
        else:
            per_line = max(int(width * 1.15), 1)     # characters of 10-point Arial per line at that width
            count = sum(max(1, -(-len(part) // per_line)) for part in str(value).split("\n"))
        lines = max(lines, count)
    return max(MIN_ROW_HEIGHT, lines * LINE_HEIGHT + 3)
