"""A PDF's pages as plain geometry: words, drawn paths and pictures with their positions (pdfplumber).

The only module of the PDF reader that touches the PDF library: everything after it (``pdftable``,
``pdfflow``, ``pdf``) works on the dataclasses below. Coordinates are PDF points with the origin at the
page's top-left corner (y grows downwards), as a person reads the page. Every failure of the library —
a broken, truncated or encrypted file — becomes one ``DocumentError`` naming the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import layout as L
from ..errors import DocumentError

MAX_PAGES = 200          # an SOP document has a handful of pages; a book is refused, not read for minutes
MAX_OBJECTS = 60_000     # drawn paths on one page; more is a drawing, not a form (bounded work per page)


@dataclass(frozen=True)
class Box:
    """A rectangle on the page: left, top, right, bottom."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2

    def grown(self, by: float) -> "Box":
        return Box(self.x0 - by, self.top - by, self.x1 + by, self.bottom + by)

    def contains_point(self, x: float, y: float) -> bool:
        return self.x0 <= x <= self.x1 and self.top <= y <= self.bottom

    def overlap(self, other: "Box") -> float:
        """Area shared with `other`."""
        w = min(self.x1, other.x1) - max(self.x0, other.x0)
        h = min(self.bottom, other.bottom) - max(self.top, other.top)
        return w * h if w > 0 and h > 0 else 0.0

    def union(self, other: "Box") -> "Box":
        return Box(min(self.x0, other.x0), min(self.top, other.top), max(self.x1, other.x1),
                   max(self.bottom, other.bottom))


@dataclass(frozen=True)
class Word:
    """A word of text and where it sits; `confidence` below 1 when it was read from a picture (OCR)."""

    text: str
    box: Box
    confidence: float = 1.0


@dataclass(frozen=True)
class Drawn:
    """A drawn path: its points in drawing order, whether it is closed, filled, stroked."""

    points: tuple[tuple[float, float], ...]
    box: Box
    closed: bool
    filled: bool
    stroked: bool
    rect: bool = False      # drawn with the PDF rectangle operator (four right-angled corners)

    @property
    def thin(self) -> bool:
        """A line, or a rectangle so narrow it is seen as one (table rulings, connector pieces)."""
        return min(self.box.width, self.box.height) <= 4.0


@dataclass(frozen=True)
class Page:
    """One page: its size, words, paths and the boxes of its pictures."""

    number: int              # 1-based
    width: float
    height: float
    words: tuple[Word, ...]
    paths: tuple[Drawn, ...]
    pictures: tuple[Box, ...]


def _colour_is_white(colour) -> bool:
    if colour is None:
        return False
    values = colour if isinstance(colour, (tuple, list)) else (colour,)
    try:
        numbers = [float(v) for v in values]
    except (TypeError, ValueError):
        return False
    if len(numbers) == 4:        # CMYK: white is no ink
        return all(v <= 0.02 for v in numbers)
    return bool(numbers) and all(v >= 0.98 for v in numbers)


def _visible(obj: dict) -> bool:
    """False for a path that only paints white (the fill of a symbol whose outline is another path)."""
    stroked = bool(obj.get("stroke"))
    filled = bool(obj.get("fill"))
    if stroked and not _colour_is_white(obj.get("stroking_color")):
        return True
    return filled and not _colour_is_white(obj.get("non_stroking_color"))


def _path_of(obj: dict, kind: str) -> Drawn | None:
    if not _visible(obj):
        return None
    box = Box(float(obj["x0"]), float(obj["top"]), float(obj["x1"]), float(obj["bottom"]))
    if kind == "rect":
        points = ((box.x0, box.top), (box.x1, box.top), (box.x1, box.bottom), (box.x0, box.bottom))
        return Drawn(points, box, True, bool(obj.get("fill")), bool(obj.get("stroke")), rect=True)
    points = tuple((float(x), float(y)) for x, y in obj.get("pts") or ())
    if len(points) < 2:
        return None
    ops = obj.get("path") or ()
    closed = bool(ops) and ops[-1][0] == "h" or (len(points) > 2 and abs(points[0][0] - points[-1][0]) < 0.3
                                                    and abs(points[0][1] - points[-1][1]) < 0.3)
    return Drawn(points, box, closed, bool(obj.get("fill")), bool(obj.get("stroke")))


def refusal(path: Path, key: str, lang: str, fix: bool = True, **values) -> DocumentError:
    """A refusal of a PDF naming the file, in the run's language (texts imp_pdf_KEY and imp_pdf_KEY_fix)."""
    return DocumentError(L.text(f"imp_pdf_{key}", lang).format(**values), file=str(path),
                         fix=L.text(f"imp_pdf_{key}_fix", lang) if fix else None)


def read_pages(path: Path, lang: str = L.DEFAULT_LANG) -> list[Page]:
    """Every page of the PDF at `path` as plain geometry; a file the library cannot read raises DocumentError
    (in `lang`), a page with more drawn shapes than a form has is refused (None from `_page`)."""
    path = Path(path)
    with open(path, "rb") as handle:
        head = handle.read(1024)
    if b"%PDF-" not in head:
        raise refusal(path, "not_pdf", lang)
    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFPasswordIncorrect
    except ImportError as exc:   # a broken installation, not bad input: say what to install
        raise refusal(path, "library", lang, detail=exc) from exc
    try:
        with pdfplumber.open(path) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise refusal(path, "pages", lang, fix=False, count=len(pdf.pages))
            pages = []
            for number, page in enumerate(pdf.pages, start=1):
                read = _page(page, number)
                if read is None:
                    raise refusal(path, "shapes", lang, fix=False, page=number,
                                   count=len(page.rects) + len(page.lines) + len(page.curves))
                pages.append(read)
            return pages
    except DocumentError:
        raise
    except PDFPasswordIncorrect as exc:
        raise refusal(path, "encrypted", lang) from exc
    except Exception as exc:   # noqa: BLE001 — pdfminer raises many unrelated types for broken files
        kind = type(exc).__name__
        if "password" in str(exc).lower() or "encrypt" in kind.lower():
            raise refusal(path, "encrypted", lang) from exc
        detail = " ".join(f"{kind}: {exc}".split())[:120]
        raise refusal(path, "broken", lang, detail=detail) from exc


def _visible_chars(chars: list[dict]) -> list[dict]:
    """Characters a reader sees: where a later character is printed over an earlier one (text covered and
    written again, or bold faked by printing twice) the later one stays; a space over letters goes. Characters of a nearly upright
    matrix (a rounding error of 1e-8 after re-printing) count as upright, so their words are joined."""
    from bisect import bisect_left

    lines: dict[int, list[tuple[float, int, dict]]] = {}
    for index, char in enumerate(chars):
        lines.setdefault(round(float(char["top"])), []).append((float(char["x0"]), index, char))
    near: dict[int, tuple[list[float], list[tuple[float, int, dict]]]] = {}
    for key in lines:
        band = sorted(m for k in range(key - 3, key + 4) for m in lines.get(k, ()))
        near[key] = ([m[0] for m in band], band)
    hidden: set[int] = set()
    for key, members in lines.items():
        starts, band = near[key]
        for x0, index, char in members:
            x1 = float(char["x1"])
            width = x1 - x0
            if width <= 0:
                continue
            space = not char["text"].strip()
            # characters that may overlap this one start less than 20 pt before it and before its end
            for other_x0, other_index, other in band[bisect_left(starts, x0 - 20):bisect_left(starts, x1)]:
                # a space printed over letters is no gap between words, whichever came first
                if (other_index > index or space) and other_index != index and other["text"].strip() \
                        and abs(float(other["top"]) - float(char["top"])) < 2.5:
                    shared = min(x1, float(other["x1"])) - max(x0, other_x0)
                    if shared > 0.4 * width:
                        hidden.add(index)
                        break
    visible = []
    for index, char in enumerate(chars):
        if index in hidden:
            continue
        matrix = char.get("matrix") or (1, 0, 0, 1, 0, 0)
        if not char.get("upright") and abs(matrix[1]) < 1e-4 and abs(matrix[2]) < 1e-4 and matrix[0] * matrix[3] > 0:
            char = dict(char, upright=True)
        visible.append(char)
    return visible


def _painted_over(objects: list[dict]) -> set[int]:
    """Ids of the paths a later white fill covers whole (a cell background painted over a shape): a reader
    does not see them. Paths of one list are in drawing order."""
    fills = [(index, o) for index, o in enumerate(objects)
             if o.get("fill") and not o.get("stroke") and _colour_is_white(o.get("non_stroking_color"))]
    hidden: set[int] = set()
    if not fills:
        return hidden
    for index, o in enumerate(objects):
        area = (o["x1"] - o["x0"]) * (o["bottom"] - o["top"])
        for later, fill in fills:
            if later > index and fill["x0"] <= o["x0"] + 0.5 and fill["x1"] >= o["x1"] - 0.5 \
                    and fill["top"] <= o["top"] + 0.5 and fill["bottom"] >= o["bottom"] - 0.5 \
                    and (fill["x1"] - fill["x0"]) * (fill["bottom"] - fill["top"]) > 2 * area + 1:
                hidden.add(id(o))
                break
    return hidden


def _page(page, number: int) -> Page | None:
    from pdfplumber.utils.text import WordExtractor

    chars = _visible_chars(page.chars)
    extractor = WordExtractor(x_tolerance=2, y_tolerance=2, keep_blank_chars=False)
    words = tuple(Word(w["text"], Box(float(w["x0"]), float(w["top"]), float(w["x1"]), float(w["bottom"])))
                  for w in extractor.extract_words(chars) if w["text"].strip())
    objects = [(o, "rect") for o in page.rects] + [(o, "line") for o in page.lines] + \
              [(o, "curve") for o in page.curves]
    if len(objects) > MAX_OBJECTS:
        return None
    hidden = _painted_over(page.rects) | _painted_over(page.curves)
    paths = tuple(p for o, kind in objects if id(o) not in hidden and (p := _path_of(o, kind)) is not None)
    pictures = tuple(Box(float(i["x0"]), float(i["top"]), float(i["x1"]), float(i["bottom"])) for i in page.images)
    return Page(number, float(page.width), float(page.height), words, paths, pictures)
