"""The activity matrix and the identity block of a PDF page, read from where words and rulings sit.

Pure: it sees ``pdfpage.Page`` geometry, never a file. The matrix is found by its header anchors (No,
Kegiatan/Aktivitas/Uraian Prosedur, the Pelaksana band with one column per role, Mutu Baku with
Kelengkapan/Persyaratan/Input, Waktu, Output, Keterangan/Ket), wherever the document put them — on one
header row or two, labels wrapped over two lines. Its rows are the bands between horizontal rulings
that cross the No column; a cell's text is every word whose centre lies in it, line by line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import layout as L
from ..domain.norms import clean_text
from ..domain.roles import misread
from .document import identity_key, norm_label, section_key, split_items
from .pdfpage import Box, Drawn, Page, Word

RULING_MIN = 6.0      # shortest line that counts as a table ruling, points
SAME_LINE = 3.0       # words whose tops differ by less than this are on one line
MERGE = 2.5           # rulings closer than this are one

# the header words, from the one table of header synonyms (layout.documents.MATRIX_HEADERS)
_NO = tuple(dict.fromkeys(word.strip(" .:/") for word in L.header_words("no")))
_KEGIATAN = L.header_words("kegiatan")
_KELENGKAPAN = L.header_words("kelengkapan")
_NUMBER_RE = re.compile(r"^(\d{1,3})[.,:]?$")     # the dot after a number may be read from a picture as "," or ":"
_ITEM_RE = re.compile(r"^(?:\d{1,2}[.)]|[a-z][.)]|[-•·▪●])\s*")


def fold(text: str) -> str:
    return norm_label(text).strip(" .:/")


@dataclass(frozen=True)
class Line:
    """Words on one line of a cell, left to right."""

    text: str
    box: Box


def lines_of(words: list[Word]) -> list[Line]:
    """Words grouped into lines (top to bottom), each line's words left to right."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.box.top, w.box.x0)):
        if lines and abs(lines[-1][0].box.top - word.box.top) < SAME_LINE:
            lines[-1].append(word)
        else:
            lines.append([word])
    result = []
    for group in lines:
        group.sort(key=lambda w: w.box.x0)
        box = group[0].box
        for word in group[1:]:
            box = box.union(word.box)
        result.append(Line(" ".join(w.text for w in group), box))
    return result


def joined(lines: list[str]) -> str:
    """Lines of one paragraph as one text: a line broken after a hyphen or a slash ("bahan-" / "bahan",
    "Keuangan/" / "PPK") joins without a space."""
    text = ""
    for line in lines:
        text = f"{text}{line}" if text.endswith(("-", "/")) or not text else f"{text} {line}"
    return clean_text(text)


def text_of(words: list[Word]) -> str:
    """The text of a cell: its lines joined (a wrapped sentence reads as one)."""
    return joined([line.text for line in lines_of(words)])


# ---- rulings --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Rulings:
    """Horizontal rulings as (y, x0, x1) and vertical ones as (x, top, bottom)."""

    horizontal: tuple[tuple[float, float, float], ...]
    vertical: tuple[tuple[float, float, float], ...]

    def xs_crossing(self, top: float, bottom: float, share: float = 0.5) -> list[float]:
        """x of vertical rulings covering at least `share` of the span top..bottom."""
        span = max(bottom - top, 0.1)
        found = [x for x, t, b in self.vertical if min(b, bottom) - max(t, top) >= share * span]
        return _merged(found)

    def ys_crossing(self, x0: float, x1: float, below: float = float("-inf")) -> list[float]:
        """y of horizontal rulings that cross the whole span x0..x1 (a table's row lines)."""
        found = [y for y, a, b in self.horizontal if a <= x0 + 3 and b >= x1 - 3 and y >= below]
        return _merged(found)


def _merged(values: list[float]) -> list[float]:
    result: list[float] = []
    for value in sorted(values):
        if result and value - result[-1] < MERGE:
            continue
        result.append(value)
    return result


def is_rectangle(path: Drawn) -> bool:
    """A closed path whose every point is a corner of its box (a rectangle drawn as a polygon)."""
    if path.rect:
        return True
    if not path.closed or len(path.points) > 6:
        return False
    b = path.box
    return all(min(abs(x - b.x0), abs(x - b.x1)) < 1 and min(abs(y - b.top), abs(y - b.bottom)) < 1
               for x, y in path.points)


def rulings_of(page: Page) -> Rulings:
    """Table rulings: lines, thin rectangles, and the edges of large outlined rectangles (cell borders)."""
    horizontal, vertical = [], []
    for path in page.paths:
        box = path.box
        if path.thin:
            if box.width >= box.height and box.width >= RULING_MIN:
                horizontal.append((box.cy, box.x0, box.x1))
            elif box.height > box.width and box.height >= RULING_MIN:
                vertical.append((box.cx, box.top, box.bottom))
        elif is_rectangle(path) and box.width > 12 and box.height > 8:
            horizontal += [(box.top, box.x0, box.x1), (box.bottom, box.x0, box.x1)]
            vertical += [(box.x0, box.top, box.bottom), (box.x1, box.top, box.bottom)]
    # a horizontal line is a cell border when its ends meet vertical ones; an underline is not
    def meets(x: float, y: float) -> bool:
        return any(abs(vx - x) < 3 and t - 3 <= y <= b + 3 for vx, t, b in vertical)

    # ... or when it crosses three vertical ones or more: a row line of a table whose outer border is too
    # faint to be seen (a light grey frame on a picture) or not drawn
    def crossings(y: float, a: float, c: float) -> int:
        return sum(1 for vx, t, b in vertical if a + 3 < vx < c - 3 and t - 3 <= y <= b + 3)

    horizontal = [(y, a, c) for y, a, c in horizontal
                  if meets(a, y) and meets(c, y) or crossings(y, a, c) >= 3]
    return Rulings(tuple(horizontal), tuple(vertical))


# ---- the matrix header ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Span:
    x0: float
    x1: float

    def holds(self, x: float) -> bool:
        return self.x0 <= x < self.x1


@dataclass
class Columns:
    """Where the matrix's columns are on a page (the same on every page of one table)."""

    no: Span
    kegiatan: Span
    roles: list[tuple[str, Span]]
    kelengkapan: Span | None
    waktu: Span | None
    output: Span | None
    keterangan: Span | None

    @property
    def band(self) -> Span:
        return Span(self.roles[0][1].x0, self.roles[-1][1].x1)

    def role_at(self, x: float) -> str | None:
        for name, span in self.roles:
            if span.holds(x):
                return name
        return None


@dataclass
class Header:
    columns: Columns
    top: float
    bottom: float


def _first(words: list[Word], prefixes: tuple[str, ...], exact: bool = False) -> Word | None:
    """The first word that is one of the labels (begins with one, unless `exact`)."""
    return next((word for word in words if _is_label(word, prefixes, exact)), None)


def _is_label(word: Word, names: tuple[str, ...], exact: bool = False) -> bool:
    """True for a word that is one of the header labels `names` (begins with one, unless `exact`); a word
    read from a picture may be misread ("Kelenakapan" for Kelengkapan, "Waklu" for Waktu: ``misread``)."""
    label = fold(word.text)
    if (label in names) if exact else label.startswith(names):
        return True
    if word.confidence < 1.0:
        return any(misread(label, name) or not exact and len(label) > len(name) and misread(label[:len(name)], name)
                   for name in names)
    return False


def _span_around(box: Box, xs: list[float]) -> Span:
    left = max((x for x in xs if x <= box.x0 + 1.5), default=box.x0 - 2)
    right = min((x for x in xs if x >= box.x1 - 1.5), default=box.x1 + 2)
    return Span(left, right)


SPLIT_GAP = 1.0       # of a word's height: two words read from a picture this close may be one word OCR split


def _rejoined(words: list[Word]) -> list[Word]:
    """The words, with a header label OCR split in two joined again (rule: a label split by OCR).

    Tesseract reading a coarse scan sometimes parts one word where two letters nearly touch or a letter
    is faint ("Persyar." "tan/", "Perleng" "kapan"): a label found that way is missed and the whole table
    with it. Two words read from a picture, on one line and at most a letter's height apart, are taken as
    one word when together, and neither alone, they are a header label.
    """
    labels = (*_NO, *_KEGIATAN, *_KELENGKAPAN, "pelaksana", "waktu", "output", "keterangan")
    extra = []
    for word in words:
        if word.confidence >= 1.0 or _is_label(word, labels):
            continue
        right = min((w for w in words if w is not word and w.confidence < 1.0 and w.box.x0 > word.box.x0
                     and abs(w.box.cy - word.box.cy) < 0.5 * word.box.height
                     and w.box.x0 - word.box.x1 < SPLIT_GAP * word.box.height), key=lambda w: w.box.x0, default=None)
        if right is None or _is_label(right, labels):
            continue
        joined_word = Word(word.text + right.text, word.box.union(right.box), min(word.confidence, right.confidence))
        if _is_label(joined_word, labels):
            extra.append(joined_word)
    return words + extra


def find_header(page: Page, rulings: Rulings) -> Header | None:
    """The matrix header on `page`: its columns and vertical extent, or None when the page has none."""
    words = sorted(_rejoined(list(page.words)), key=lambda w: (w.box.top, w.box.x0))
    for no in (w for w in words if _is_label(w, _NO, exact=True)):
        near = [w for w in words if abs(w.box.cy - no.box.cy) < 40 and w.box.x0 > no.box.x1]
        kegiatan = _first(sorted(near, key=lambda w: w.box.x0), _KEGIATAN)
        if kegiatan is None or kegiatan.box.x0 - no.box.x1 > 250:
            continue
        after = [w for w in near if w.box.x0 > kegiatan.box.x1]
        kelengkapan = _first(sorted(after, key=lambda w: w.box.x0), _KELENGKAPAN)
        if kelengkapan is None:
            continue
        header = _header_from(page, rulings, no, kegiatan, kelengkapan, near)
        if header is not None:
            return header
    return None


def _header_from(page: Page, rulings: Rulings, no: Word, kegiatan: Word, kelengkapan: Word,
                 near: list[Word]) -> Header | None:
    labels = [no, kegiatan, kelengkapan]
    pelaksana = next((w for w in near if _is_label(w, ("pelaksana",), exact=True)
                      and kegiatan.box.x1 < w.box.cx < kelengkapan.box.x0), None)
    after = sorted((w for w in near if w.box.x0 > kelengkapan.box.x0), key=lambda w: w.box.x0)
    waktu = _first(after, ("waktu",))
    output = _first(after, ("output",))
    keterangan = _first(after, ("ket",))
    labels += [w for w in (pelaksana, waktu, output, keterangan) if w is not None]
    top = min(w.box.top for w in labels)
    label_bottom = max(w.box.bottom for w in labels if w is not pelaksana)
    # the header ends at the first row line under its lowest label (labels wrap over two lines)
    below = [y for y in rulings.ys_crossing(no.box.x0, no.box.x1) if y > label_bottom - 1]
    kelengkapan_lines = [w for w in page.words if abs(w.box.cx - kelengkapan.box.cx) < kelengkapan.box.width
                         and kelengkapan.box.top - 1 <= w.box.top and (not below or w.box.bottom <= below[0])]
    bottom = below[0] if below else max(w.box.bottom for w in kelengkapan_lines) + 2
    role_top = pelaksana.box.bottom + 0.5 if pelaksana is not None else top
    xs = rulings.xs_crossing(role_top, bottom, share=0.6)
    # a header of more levels (Pelaksana over "BPS Provinsi" over its roles, beside "BPS RI"): the lines
    # drawn under a band's label inside the header, and the column lines that start on them and run down
    # to the header's bottom, divide the band's roles as the full-height lines divide the others
    # (a band's line is divided below it: a column line starts on it, away from its ends, and runs to the
    # bottom; the edges of a shaded line of text inside one cell divide nothing)
    def dividers(y: float, a: float, c: float) -> list[float]:
        return [x for x, t, b in rulings.vertical if abs(t - y) < 3 and b >= bottom - 3 and a + 3 < x < c - 3]

    bands = [(y, a, c) for y, a, c in rulings.horizontal if role_top < y < bottom - 4 and dividers(y, a, c)]
    xs = _merged(xs + [x for band_line in bands for x in dividers(*band_line)])
    all_xs = _merged(xs + rulings.xs_crossing(top, bottom, share=0.3))
    no_span = _span_around(no.box, all_xs)
    kegiatan_span = _span_around(kegiatan.box, all_xs)
    kelengkapan_span = _span_around(kelengkapan.box, all_xs)
    band = Span(kegiatan_span.x1, kelengkapan_span.x0)
    if band.x1 - band.x0 < 20:
        return None
    # a role name may run past the header's bottom line (a cell too small for its text): a word that starts
    # inside the header belongs to it
    role_words = [w for w in page.words if band.x0 < w.box.cx < band.x1 and role_top <= w.box.cy
                  and w.box.top < bottom - 2 and w is not pelaksana
                  and not any(w.box.bottom <= y + 1 and a <= w.box.cx <= c for y, a, c in bands)]
    inner = [x for x in xs if band.x0 + 3 < x < band.x1 - 3]
    spans = _role_spans(band, inner, role_words)
    roles = []
    for span in spans:
        name = text_of([w for w in role_words if span.holds(w.box.cx)])
        roles.append((name, span))
    if not roles or any(not name for name, _ in roles):
        return None
    columns = Columns(
        no=no_span, kegiatan=kegiatan_span, roles=roles, kelengkapan=kelengkapan_span,
        waktu=_span_around(waktu.box, all_xs) if waktu else None,
        output=_span_around(output.box, all_xs) if output else None,
        keterangan=_span_around(keterangan.box, all_xs) if keterangan else None)
    return Header(columns, top - 2, bottom)


PICTURE_GROUP_GAP = 2.0      # points between two groups of words read from a picture (see _role_spans)


def _role_spans(band: Span, inner: list[float], role_words: list[Word]) -> list[Span]:
    """Role columns: between the rulings inside the Pelaksana band; a ruled span whose words stand in
    separate groups (a table that draws no line between two roles) is cut between the groups.

    Groups are apart by 3 points of a text layer; words read from a picture are apart by less (rule: two
    roles' names in one picture cell): the picture reader widens their boxes so that the words of one line
    nearly touch, and at 150 dpi the blank between two names, a pixel narrower, measured 2.99 points. Two
    points between words on different lines is a blank column there; words on one line keep the 3 points.
    """
    edges = [band.x0, *inner, band.x1]
    spans = []
    for a, b in zip(edges, edges[1:]):
        if b - a <= 4:
            continue
        groups: list[list] = []        # [x0, x1, the word reaching furthest right]
        for word in sorted((w for w in role_words if a <= w.box.cx < b), key=lambda w: w.box.x0):
            limit = 3.0
            if word.confidence < 1.0 and groups:
                last = groups[-1][2]
                same_line = abs(last.box.cy - word.box.cy) < 0.5 * max(last.box.height, word.box.height)
                limit = 3.0 if same_line else PICTURE_GROUP_GAP
            if groups and word.box.x0 - groups[-1][1] < limit:
                if word.box.x1 > groups[-1][1]:
                    groups[-1][1:] = [word.box.x1, word]
            else:
                groups.append([word.box.x0, word.box.x1, word])
        cuts = [(g[1] + h[0]) / 2 for g, h in zip(groups, groups[1:])]
        inner_edges = [a, *cuts, b]
        spans += [Span(c, d) for c, d in zip(inner_edges, inner_edges[1:])]
    return spans


# ---- rows ----------------------------------------------------------------------------------------

@dataclass
class Row:
    """One band of the matrix on one page: its number (None for a continuation) and cell texts."""

    page: int
    top: float
    bottom: float
    number: int | None
    cells: dict[str, str] = field(default_factory=dict)
    confidence: float = 1.0     # the least sure of its words (below 1 only for words read from a picture)


def _is_column_numbering(cells: dict[str, str]) -> bool:
    values = [v for v in cells.values() if v]
    return len(values) >= 3 and all(v.isdigit() for v in values) and len(set(values)) == len(values)


def read_rows(page: Page, rulings: Rulings, columns: Columns, top: float) -> list[Row]:
    """The matrix rows on `page` below `top` (the header's bottom, or the page's table top)."""
    ys = rulings.ys_crossing(columns.no.x0, columns.no.x1, below=top - 1)
    body = [w for w in page.words if w.box.cy > top]
    numbers = sorted((w for w in body if columns.no.holds(w.box.cx) and _NUMBER_RE.match(w.text)),
                     key=lambda w: w.box.top)
    if len(ys) < 2 or (numbers and numbers[-1].box.cy > ys[-1]):
        ys = _bands_from_numbers(top, numbers, body, columns)
    rows = []
    spans = {"kegiatan": columns.kegiatan, "kelengkapan": columns.kelengkapan, "waktu": columns.waktu,
             "output": columns.output, "keterangan": columns.keterangan, "no": columns.no}
    for upper, lower in zip(ys, ys[1:]):
        if lower - upper < 4:
            continue
        inside = [w for w in body if upper <= w.box.cy < lower]
        cells = {key: text_of([w for w in inside if span.holds(w.box.cx)]) for key, span in spans.items() if span}
        if not any(cells.values()):
            rows.append(Row(page.number, upper, lower, None, cells))
            continue
        if _is_column_numbering(cells):
            continue
        match = _NUMBER_RE.match(cells.get("no", ""))
        rows.append(Row(page.number, upper, lower, int(match.group(1)) if match else None, cells,
                        min((w.confidence for w in inside), default=1.0)))
    return rows


def _bands_from_numbers(top: float, numbers: list[Word], body: list[Word], columns: Columns) -> list[float]:
    """Row edges when the table draws no row lines: just above each step number."""
    if not numbers:
        return []
    edges = [top] + [n.box.top - 2 for n in numbers[1:]]
    in_table = [w for w in body if columns.no.x0 <= w.box.cx <= (columns.keterangan or columns.kelengkapan).x1]
    last = max((w.box.bottom for w in in_table), default=numbers[-1].box.bottom)
    return edges + [last + 2]


# ---- identity -------------------------------------------------------------------------------

@dataclass
class Cell:
    box: Box
    words: list[Word]

    @property
    def lines(self) -> list[Line]:
        return lines_of(self.words)

    @property
    def text(self) -> str:
        return text_of(self.words)


def cells_of(words: list[Word], rulings: Rulings, region: Box) -> list[Cell]:
    """Words grouped into the ruled cells that hold them (merged cells included), top to bottom."""
    cells: dict[tuple, Cell] = {}
    for word in words:
        b = word.box
        left = max((x for x, t, bt in rulings.vertical if x <= b.x0 + 1 and t <= b.cy <= bt), default=region.x0)
        right = min((x for x, t, bt in rulings.vertical if x >= b.x1 - 1 and t <= b.cy <= bt), default=region.x1)
        upper = max((y for y, a, c in rulings.horizontal if y <= b.top + 1.5 and a <= b.cx <= c), default=region.top)
        lower = min((y for y, a, c in rulings.horizontal if y >= b.bottom - 1.5 and a <= b.cx <= c),
                    default=region.bottom)
        key = (round(left), round(upper), round(right), round(lower))
        cell = cells.setdefault(key, Cell(Box(left, upper, right, lower), []))
        cell.words.append(word)
    return sorted(cells.values(), key=lambda c: (c.box.top, c.box.x0))


@dataclass
class IdentityRead:
    """What the identity block holds, as the model's field names, with the page it was read on."""

    fields: dict[str, str] = field(default_factory=dict)
    sections: dict[str, list[str]] = field(default_factory=dict)
    instansi: str = ""

    @property
    def found(self) -> bool:
        return len(self.fields) >= 2


def read_identity(page: Page, rulings: Rulings, bottom: float) -> IdentityRead:
    """The identity block on `page` above `bottom` (the matrix header's top, or the page's end)."""
    region = Box(0, 0, page.width, bottom)
    words = [w for w in page.words if w.box.cy < bottom]
    cells = cells_of(words, rulings, region)
    read = IdentityRead()
    labels: list[Cell] = []
    sections: list[tuple[str, Cell]] = []
    for cell in cells:
        lines = cell.lines
        if not lines:
            continue
        key = identity_key(cell.text) or identity_key(lines[0].text) or _misread_identity_key(cell)
        if key:
            labels.append(cell)
            value = _value_right_of(cell, cells)
            if key not in read.fields:
                read.fields[key] = value
            continue
        if (key := section_key(lines[0].text)) and key not in read.sections:
            sections.append((key, cell))
    for key, cell in sections:
        taken = {id(c) for _, c in sections} | {id(c) for c in labels}
        below = _cell_below(cell, cells, taken)
        lines = cell.lines[1:] + (below.lines if below else [])
        read.sections[key] = _items(lines, cell.box, key)
    if labels:
        label_left = min(c.box.x0 for c in labels)
        first_section = min((c.box.top for _, c in sections), default=bottom)
        used = {id(c) for c in labels} | {id(c) for _, c in sections}
        owners = [c for c in cells if id(c) not in used and c.box.x1 <= label_left + 3 and c.box.bottom <= first_section + 3]
        read.instansi = "\n".join(dict.fromkeys(text for c in owners for text in wrapped_lines(_office_lines(c), c.box.width)))
    return read


def _misread_identity_key(cell: Cell) -> str | None:
    """The identity field a label read from a picture names, OCR's slips allowed (rule: a misread identity label).

    A label's letters touching the row line under it lose their descenders when the line is painted out
    ("Tanaaal Revisi"), and the value beside it is lost with it. A label of at least two words, within the
    slips OCR makes (``misread``) of one field's label and of no other field's, names that field.
    """
    if all(w.confidence >= 1.0 for w in cell.words):
        return None
    said = norm_label(cell.lines[0].text)
    if len(said.split()) < 2:
        return None
    keys = {key for key, labels in L.IDENTITY_LABELS.items()
            for label in labels if len(label.split()) >= 2 and misread(said, label)}
    return keys.pop() if len(keys) == 1 else None


def _office_lines(cell: Cell) -> list[Line]:
    """The lines of the cell naming the office (rule: an office's name is words).

    Read from a picture, the emblem beside the office's name gives Tesseract marks to read as letters
    ("C2", "ay,", "Ci»?", a lone "N" or "/"); every line of an office's name holds a word of at least three
    letters. The lines of a text layer are the author's and kept as they are.
    """
    lines = cell.lines
    if all(w.confidence >= 1.0 for w in cell.words):
        return lines
    return [line for line in lines if any(sum(c.isalpha() for c in token) >= 3 for token in line.text.split())]


def _value_right_of(label: Cell, cells: list[Cell]) -> str:
    """The text of the cell right of a label: one line per printed line for multi-line values."""
    candidates = [c for c in cells if abs(c.box.x0 - label.box.x1) < 4 and c.box.top - 2 <= label.box.cy <= c.box.bottom + 2]
    if not candidates:   # label and value in one cell: what follows the label's words on its line
        line = label.lines[0].text
        return clean_text(line.split(":", 1)[1]) if ":" in line else ""
    return "\n".join(clean_text(line.text) for line in candidates[0].lines)


def _cell_below(label: Cell, cells: list[Cell], taken: set[int]) -> Cell | None:
    """The cell right under a section label, in its column (None when the next thing is another label)."""
    for cell in cells:
        if cell is label or abs(cell.box.top - label.box.bottom) > 4:
            continue
        if not (cell.box.x0 - 3 <= label.box.cx <= cell.box.x1 + 3):
            continue
        return None if id(cell) in taken else cell
    return None


def wrapped_lines(lines: list[Line], width: float) -> list[str]:
    """Printed lines joined where the text wrapped: a line continues the one above when that one was too
    full for the next line's first word to fit beside it."""
    texts: list[str] = []
    previous: Line | None = None
    for line in lines:
        first = line.text.split()[0] if line.text.split() else ""
        first_width = line.box.width * len(first) / max(len(line.text), 1)
        if previous is not None and previous.box.width + first_width + 4 >= width - 4:
            texts[-1] = joined([texts[-1], line.text])
        else:
            texts.append(line.text)
        previous = line
    return texts


def _items(lines: list[Line], box: Box, key: str) -> list[str]:
    """List items from the lines of a section's cell: a numbered line starts an item, other lines continue
    it; in a list without numbers, each line that did not wrap is an item."""
    if not lines:
        return []
    if any(_ITEM_RE.match(line.text) for line in lines):
        parts: list[str] = []
        for line in lines:
            if _ITEM_RE.match(line.text) or not parts:
                parts.append(_ITEM_RE.sub("", line.text, count=1))
            else:
                parts[-1] = joined([parts[-1], line.text])
    else:
        parts = wrapped_lines(lines, box.width)
    items = []
    for part in parts:
        items.extend(split_items(part, key))
    return [clean_text(i) for i in items if clean_text(i)]
