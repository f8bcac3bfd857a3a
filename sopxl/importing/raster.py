"""Pictures of SOP pages read as a person would: the same page geometry the vector reader gets from a PDF.

A scanned page, a photo of one, or a flowchart pasted into a PDF as a picture has no text layer and no
drawn paths. This module looks at the picture with OpenCV and reads its words with Tesseract (``ocr``),
and hands on a ``pdfpage.Page`` — words with their boxes, drawn paths, in PDF points — so that the
table, identity and flowchart readers work on it unchanged:

1. the picture is straightened: the angle of its long ruling lines is measured and turned back;
2. ink is told from paper (Otsu's threshold after a median filter, which also takes JPEG noise away).
   Colour counts as paper: a word processor's red spelling squiggles and coloured cell fills are not
   the document's ink (SOP documents are printed in black; coloured text is read only where dark);
3. symbols are the closed outlines of the flowchart: holes in the ink large enough to be a symbol. A
   rectangular hole is a table cell, not a process box, when the lines around it run on past its
   corners (a grid's lines cross; a box's end at its corners);
4. lines — table rulings and connectors alike — are the horizontal and vertical runs of ink left once
   symbols are taken out (longer than any letter), handed on as thin paths; the readers tell rulings
   from connectors as they do for a PDF;
5. arrowheads are small solid triangles at a line, the ink that stays after a circle a little wider
   than a line has been rolled over it;
6. words are read by Tesseract on the picture with all of the above painted out, each with its
   confidence; the importer lists the unsure ones first for review. Letters read into a figure (a
   logo, a stamp: solid ink larger than any letter) are dropped.
"""

from __future__ import annotations

import math
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..domain.norms import parse_norm
from ..errors import DocumentError, NormError
from .ocr import read_words, require_tesseract
from .pdfpage import Box, Drawn, Page, Word

MIN_DPI = 120                 # below this, 10-point text is too small to read reliably
WORKING_DPI = 300             # coarser pictures are enlarged to this before they are read
MAX_PIXELS = 80_000_000       # a picture larger than this (e.g. 600 dpi A3) is scaled down first
MAX_SKEW = 10.0               # degrees: a page turned further is a photo taken askew, not a scan


@dataclass
class RasterPage:
    """A page read from a picture: its geometry and the words Tesseract was unsure of."""

    page: Page
    angle: float                                # degrees the picture was turned back
    unsure: list[tuple[str, float]]             # (word, confidence) below LOW_CONFIDENCE


LOW_CONFIDENCE = 0.6
DARK_FILL = 110               # a region darker than this (0-255) and at least FILL_SIDE inches across both
FILL_SIDE = 0.2               # ways is a filled cell, not ink: letters, lines and arrowheads are smaller
SHADE_SIDE = 0.07             # inches: a shading is flat grey this wide every way (thicker than any line or letter)
SHADE_FLAT = 16               # grey levels: the spread of a flat shading's middle 80 % (JPEG noise)
SHADE_BELOW_PAPER = 25        # grey levels: a shading is at least this much darker than the paper
BEARING = 0.12               # of a word's height, added to each side of its box
GARBAGE_BELOW = 0.25          # a word Tesseract trusts less than this is a speck or a line's remnant
SLENDER = 1.3                 # a solid this many times longer than its back is wide is no arrowhead
LETTER_GAP = 0.08             # inches: a solid pointing at a symbol from nearer than this, not touching it, is a letter
LINE_MARKS = set("—–-_|~=.,:;'\"`!¦")
FAINT_INK = 0.25             # see _ink: how light a hairline's pixels may be, between ink and paper
LINE_RUN = 40                # pixels (at 300 dpi, 0.13 in): a run of faint ink this long is a line, no letter
GAPPED_WIDTH = 0.3            # inches: an outline found only once its gaps are closed is at least this wide
FIGURE_SIDE = 0.3             # inches: a solid piece of ink this tall is a figure (logo, stamp), no letter
SOLID_STROKE = 0.04           # inches: ink this thick every way is solid (no letter's or line's stroke is)
RUN_STEP = 3                  # pixels: a piece of runs this much thicker in its box than its runs steps (see _wandering_runs)
MAX_MISSED = 400              # clusters of ink read again in the second pass (bounded work per page)


def _cv():
    try:
        import cv2
        import numpy
    except ImportError as exc:
        raise DocumentError("holds pictures, and reading them needs OpenCV, which is not installed",
                            fix="pip install 'sopxl[ocr]'") from exc
    return cv2, numpy


def decode(data: bytes, *, document: str):
    """A picture file's bytes as an image; DocumentError when it is not a picture OpenCV can read."""
    cv2, np = _cv()
    try:
        image = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_COLOR)
    except cv2.error as exc:
        raise DocumentError(f"is not a picture that can be read ({exc.msg.strip()[:80]})", file=document) from exc
    if image is None or image.size == 0:
        raise DocumentError("is not a picture that can be read (PNG, JPEG, TIFF or BMP expected)", file=document,
                            fix="scan the SOP to PDF, PNG or JPEG at 300 dpi")
    return image


def read_picture(image, dpi: float, number: int, *, document: str, tesseract: str | None = None) -> RasterPage:
    """The page geometry of a picture (grey, or colour in OpenCV's BGR order) of a page drawn at `dpi`."""
    cv2, np = _cv()
    image = _grey(cv2, np, image, dpi)
    if dpi < MIN_DPI:
        raise DocumentError(f"page {number} is a picture of {dpi:.0f} dpi, too coarse to read", file=document,
                            fix="scan it again at 300 dpi (at least 150)")
    program = tesseract or require_tesseract(document)
    if dpi < WORKING_DPI * 0.8:
        # lines one pixel wide break under the noise filter, and Tesseract reads best near 300 dpi
        scale = WORKING_DPI / dpi
        image = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
        dpi = WORKING_DPI
    if image.shape[0] * image.shape[1] > MAX_PIXELS:
        scale = math.sqrt(MAX_PIXELS / (image.shape[0] * image.shape[1]))
        image = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        dpi *= scale
    ink = _ink(cv2, image)
    angle = _skew(cv2, np, ink)
    if abs(angle) > MAX_SKEW:
        raise DocumentError(f"page {number} is turned {abs(angle):.0f}°, more than a scan is", file=document,
                            fix="scan the page lying flat and straight, at 300 dpi")
    if abs(angle) >= 0.05:
        image = _rotated(cv2, image, angle)
        ink = _ink(cv2, image)
    pt = 72.0 / dpi                              # points per pixel
    figures = _figures(cv2, np, ink, dpi)
    stroke = max(1, round(dpi / 150))            # a drawn line's width in pixels (0.5-1 pt)
    symbols, cells = _symbols(cv2, np, ink, dpi, stroke)
    rest = _without_outlines(cv2, ink, symbols, _outline_width(cv2, np, ink, dpi, stroke))
    segments, runs = _segments(cv2, np, rest, dpi)
    # arrowheads on the dark ink alone: the grey fringe kept along lines would join a head to its line
    # (their tips, on the outline's outer edge, are only painted out as far as a line drawn at 300 dpi is wide)
    near = _without_outlines(cv2, ink, symbols, 3 * stroke + 2)
    heads, solids = _arrowheads(cv2, np, cv2.bitwise_and(near, _ink(cv2, image, hairlines=False)), runs, dpi, stroke,
                                symbols)
    for head in solids:
        cv2.fillPoly(rest, [head.astype(np.int32)], 0)
        cv2.polylines(rest, [head.astype(np.int32)], True, 0, thickness=2 * stroke + 1)
    paths: list[Drawn] = []
    for outline in symbols:
        points = tuple((float(x) * pt, float(y) * pt) for x, y in outline.reshape(-1, 2))
        paths.append(Drawn(points, _box(points), closed=True, filled=False, stroked=True))
    for head in heads:
        points = tuple((float(x) * pt, float(y) * pt) for x, y in head)
        paths.append(Drawn(points, _box(points), closed=True, filled=True, stroked=False))
    for x0, y0, x1, y1 in segments:
        points = ((x0 * pt, y0 * pt), (x1 * pt, y1 * pt))
        paths.append(Drawn(points, _box(points), closed=False, filled=False, stroked=True))
    # text: the picture with every line and outline painted out, so Tesseract sees letters only
    clean = image.copy()
    # (the line's own pixels and the grey fringe scanning and JPEG leave beside them: one pixel more)
    lines = cv2.dilate(cv2.bitwise_or(ink - rest, runs), np.ones((3, 3), np.uint8))
    clean[cv2.bitwise_and(lines, cv2.bitwise_not(_crossed_letters(cv2, np, ink, lines, runs, dpi))) > 0] = 255
    ok, png = cv2.imencode(".png", clean)
    if not ok:
        raise DocumentError(f"page {number} could not be prepared for OCR", file=document)
    found = read_words(program, png.tobytes(), round(dpi), document=document)
    found += _missed_words(cv2, np, clean, found, dpi, program, document)
    found = _text_words(found)
    found = _outside_figures(found, figures, dpi)
    # Tesseract's boxes hug the ink; a text layer's include the letters' side bearings: widen by a share
    # of the height, so that the gaps between words are as a PDF's (readers join words by those gaps)
    words = tuple(Word(w.text, Box((w.left - BEARING * w.height) * pt, w.top * pt,
                                   (w.left + w.width + BEARING * w.height) * pt, (w.top + w.height) * pt),
                       w.confidence) for w in found)
    unsure = [(w.text, w.confidence) for w in found if w.confidence < LOW_CONFIDENCE]
    height, width = image.shape
    page = Page(number, width * pt, height * pt, words, tuple(paths), ())
    return RasterPage(page, angle, unsure)


def _crossed_letters(cv2, np, ink, lines, runs, dpi: float):
    """Where an upright line crosses a word: the pixels of the line between two strokes of a letter.

    (rule: a letter a line crosses stays whole) a branch's name may be printed over a column's line
    ('Lengkap' with the line through its g, 'Belum' through its u); painting the line out took the strokes
    with it, and Tesseract read 'Len kap', 'Belt'. Where ink not painted out reaches the line from both
    sides in the same row, a letter's stroke crosses it there and is kept. Text in a cell stays a cell's
    margin off its lines, more than the gap bridged, so only a word printed over the line is joined.
    """
    upright = cv2.morphologyEx(runs, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(int(0.14 * dpi), 10))))
    band = cv2.dilate(upright, np.ones((3, 3), np.uint8))
    letters = cv2.bitwise_and(ink, cv2.bitwise_not(lines))
    across = max(int(0.04 * dpi), 9)            # wider than a line and its fringe, narrower than a cell's margins
    joined = cv2.morphologyEx(letters, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (across, 1)))
    return cv2.bitwise_and(cv2.bitwise_and(joined, band), cv2.bitwise_not(letters))


def _is_text(word) -> bool:
    """False for what Tesseract makes of a line's remnant or a speck: dashes and bars, or a reading it hardly trusts."""
    if word.confidence < GARBAGE_BELOW:
        return False
    return any(c.isalnum() for c in word.text) or not set(word.text) <= LINE_MARKS


def _text_words(found) -> list:
    """The words that are text: what `_is_text` keeps, and the time norms however unsure (`_norm_words`)."""
    norms = _norm_words(found)
    return [w for index, w in enumerate(found) if index in norms or _is_text(w)]


def _norm_words(found) -> set[int]:
    """Indices of the words that are a time norm, alone ("2jam") or with the word after them ("1" "jam").

    (rule: a norm is text) Tesseract gives a short word on a noisy scan a low confidence although it read it
    right (a Waktu cell's "1" and "jam" at 20 %), and the garbage filter would drop it, leaving the step
    without its norm. A number with a unit of time after it on its line is what a Waktu cell holds, and no
    speck or line's remnant reads as one: such words are text however unsure (their confidence stays, so the
    step is listed for review).
    """
    def is_norm(text: str) -> bool:
        try:
            return any(c.isdigit() for c in text) and parse_norm(text) is not None
        except NormError:
            return False

    kept: set[int] = set()
    for index, word in enumerate(found):
        if not any(c.isdigit() for c in word.text):
            continue
        if is_norm(word.text):
            kept.add(index)
            continue
        middle = word.top + word.height / 2
        after = [(other.left, i) for i, other in enumerate(found) if i != index
                 and abs(other.top + other.height / 2 - middle) < word.height / 2
                 and 0 <= other.left - (word.left + word.width) < 1.5 * word.height]
        if after:
            _, following = min(after)
            if is_norm(f"{word.text} {found[following].text}"):
                kept |= {index, following}
    return kept


def _figures(cv2, np, ink, dpi: float) -> list[tuple[int, int, int, int]]:
    """Boxes (x, y, w, h) of figures: a logo, a stamp, an emblem (rule: no letters in a figure).

    A figure is drawn in solid areas: what stays of the ink after rolling a disc thicker than any letter's
    or line's stroke over it, in a piece at least FIGURE_SIDE tall and a third of that wide (a thick line
    is not a figure). Tesseract still reads letters into one ('C2', '(JD' for a logo's stripes).
    """
    size = max(int(SOLID_STROKE * dpi), 5)
    solid = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size)))
    count, _, stats, _ = cv2.connectedComponentsWithStats(solid, connectivity=8)
    return [tuple(int(v) for v in stats[label][:4]) for label in range(1, count)
            if stats[label][3] >= FIGURE_SIDE * dpi and stats[label][2] >= FIGURE_SIDE * dpi / 3]


def _outside_figures(found, figures, dpi: float) -> list:
    """The words whose middle is in no figure (nor within a letter's gap of one: its outline's remnants)."""
    reach = 0.03 * dpi
    return [w for w in found
            if not any(x - reach <= w.left + w.width / 2 <= x + fw + reach and
                       y - reach <= w.top + w.height / 2 <= y + fh + reach for x, y, fw, fh in figures)]


def _missed_words(cv2, np, clean, found, dpi: float, program: str, document: str) -> list:
    """Words Tesseract's page pass left out (it passes over lone characters: a row's "1.", a "Y" by an arrow).

    Clusters of ink that no word it read covers are cut out, stacked one under another with white
    between, and read in one more pass; each word read there is put back where its cluster was.
    """
    from .ocr import OcrWord

    _, ink = cv2.threshold(clean, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    joined = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, (max(int(0.04 * dpi), 3), max(int(0.01 * dpi), 1))))
    count, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    height, width = clean.shape
    covered = np.zeros((height, width), bool)
    for w in found:
        covered[max(w.top - 2, 0):w.top + w.height + 2, max(w.left - 2, 0):w.left + w.width + 2] = True
    smallest, tallest = 0.04 * dpi, 0.35 * dpi
    clusters = []
    for label in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[label])
        if h < smallest or h > tallest or w > 2.5 * dpi or covered[y:y + h, x:x + w].mean() > 0.15:
            continue
        clusters.append((x, y, w, h))
    if not clusters:
        return []
    clusters = clusters[:MAX_MISSED]
    pad, gap = 8, max(int(0.25 * dpi), 40)
    canvas_width = max(w for _, _, w, _ in clusters) + 2 * pad + 2 * gap
    canvas_height = sum(h + 2 * pad + gap for _, _, _, h in clusters) + gap
    canvas = np.full((canvas_height, canvas_width), 255, np.uint8)
    slots, cursor = [], gap
    for x, y, w, h in clusters:
        canvas[cursor + pad:cursor + pad + h, gap + pad:gap + pad + w] = clean[y:y + h, x:x + w]
        slots.append((cursor, cursor + h + 2 * pad, x - gap - pad, y - cursor - pad))
        cursor += h + 2 * pad + gap
    ok, png = cv2.imencode(".png", canvas)
    if not ok:
        return []
    words = []
    for word in read_words(program, png.tobytes(), round(dpi), document=document, sparse=False):
        middle = word.top + word.height / 2
        slot = next((s for s in slots if s[0] <= middle < s[1]), None)
        if slot is not None:
            words.append(OcrWord(word.text, word.left + slot[2], word.top + slot[3], word.width, word.height,
                                 word.confidence))
    return words


def _grey(cv2, np, image, dpi: float):
    """Grey levels with dark ink on light paper, whatever the page's colours.

    Colour counts as light: luminance plus chroma (brightest minus darkest channel), so black and grey
    ink keep their darkness while a red squiggle (luminance ~120, chroma ~100) becomes paper. A cell
    filled dark with light text on it (a table header) is turned over: its text becomes the ink, its
    fill paper, and lines darker than the fill (the cells' borders) stay ink.
    """
    if image.ndim == 3:
        colour = np.ascontiguousarray(image[:, :, :3])
        luminance = cv2.cvtColor(colour, cv2.COLOR_BGR2GRAY)
        blue, green, red = cv2.split(colour)
        chroma = cv2.subtract(cv2.max(cv2.max(blue, green), red), cv2.min(cv2.min(blue, green), red))
        grey = cv2.add(luminance, chroma)          # saturates at white
    else:
        luminance = grey = image.copy()
    stroke = max(int(0.04 * dpi), 3)          # thicker than any letter's stroke or line
    solid = cv2.morphologyEx((luminance < DARK_FILL).astype(np.uint8) * 255, cv2.MORPH_OPEN,
                             cv2.getStructuringElement(cv2.MORPH_RECT, (stroke, stroke)))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(solid, connectivity=8)
    side = FILL_SIDE * dpi
    large = [label for label in range(1, count) if min(stats[label][2], stats[label][3]) >= side]
    if large:
        filled = np.isin(labels, large).astype(np.uint8) * 255
        # the fill's own letters are holes in it: close them so the whole cell is turned over
        gap = max(int(0.3 * dpi), 5)
        filled = cv2.morphologyEx(filled, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, gap)))
        inside = filled > 0
        shade = luminance[inside].astype(np.int16)
        fill = int(np.median(shade))
        # the fill becomes paper; its light letters become ink, and its borders (darker still) stay ink
        turned = np.full(shade.shape, 255, np.int16)
        letters = shade > fill + 40
        turned[letters] = 255 - shade[letters]
        borders = shade < fill - 20
        turned[borders] = shade[borders]
        grey[inside] = turned.clip(0, 255).astype(np.uint8)
    return _shading_as_paper(cv2, np, grey, dpi)


def _shading_as_paper(cv2, np, grey, dpi: float):
    """Flat shading lighter than the ink made paper, its edge drawn as ink (rule: a shaded area is paper).

    A header row shaded light grey, or flowchart symbols filled mid grey with the text and lines on them
    in black: the grey is one flat level (JPEG noise aside) over an area larger than letters and lines
    are thick. Left as it is, a mid-grey fill is ink by the threshold, so a filled symbol is a solid blot
    with no outline to find; and on a coarse scan Tesseract loses dark words on a light-grey fill. Such
    an area becomes paper; what is darker on it (letters, borders) stays; its edge is drawn as a line,
    so a filled symbol keeps its outline (beside a shaded cell's rulings the edge only thickens them).
    A logo's or photo's shading is not flat and is left alone.
    """
    smooth = cv2.medianBlur(grey, 5)
    paper = int(np.percentile(smooth[::7, ::7], 90))
    grey_level = ((smooth >= DARK_FILL) & (smooth <= paper - SHADE_BELOW_PAPER)).astype(np.uint8) * 255
    side = max(int(SHADE_SIDE * dpi), 5)
    square = cv2.getStructuringElement(cv2.MORPH_RECT, (side, side))
    shade = cv2.morphologyEx(grey_level, cv2.MORPH_OPEN, square)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(shade, connectivity=8)
    edge = max(1, round(dpi / 200))
    height, width = grey.shape
    for label in range(1, count):
        x, y, w, h, size = (int(v) for v in stats[label])
        if size < (FILL_SIDE * dpi) ** 2 / 2:
            continue
        area = labels[y:y + h, x:x + w] == label
        values = smooth[y:y + h, x:x + w][area]
        low, level, high = np.percentile(values, (10, 50, 90))
        if high - low > SHADE_FLAT:
            continue
        # the opening rounded the area's corners off (a diamond's tips): grown back over the grey around it
        x, y = max(x - side, 0), max(y - side, 0)
        w, h = min(w + 2 * side, width - x), min(h + 2 * side, height - y)
        area = (labels[y:y + h, x:x + w] == label).astype(np.uint8) * 255
        mask = cv2.bitwise_and(cv2.dilate(area, square), grey_level[y:y + h, x:x + w])
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        inside = np.zeros_like(mask)
        cv2.drawContours(inside, contours, -1, 255, -1)
        window = grey[y:y + h, x:x + w]
        # a border drawn around the shading already (a ruled cell, an outlined symbol) is its edge
        # (darker ink within a few pixels of most of its edge)
        ring = cv2.subtract(cv2.dilate(inside, np.ones((3, 3), np.uint8)), inside) > 0
        near = cv2.erode(window, np.ones((4 * edge + 5, 4 * edge + 5), np.uint8))
        bordered = np.count_nonzero(near[ring] < level - SHADE_FLAT - 10) >= 0.6 * np.count_nonzero(ring)
        window[(inside > 0) & (window >= level - SHADE_FLAT - 10)] = 255
        if not bordered:
            cv2.drawContours(window, contours, -1, 0, edge)
    return grey


def _box(points) -> Box:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return Box(min(xs), min(ys), max(xs), max(ys))


def _ink(cv2, image, hairlines: bool = True):
    """Ink as 255 on 0: Otsu's threshold of the picture after a median filter (JPEG noise, speckle).

    A hairline (a table's 0.25-pt rulings) scanned and turned back is two pixels of light grey, and the
    median filter breaks it where it steps from one row of pixels to the next: ink is also what is
    darker than FAINT_INK of the way from the threshold to white after a light blur, where it joins a
    line (kept only in runs as long as LINE_RUN), so rulings stay whole and letters do not thicken.
    """
    import numpy as np

    smooth = cv2.medianBlur(image, 3)
    threshold, ink = cv2.threshold(smooth, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    if not hairlines:
        return ink
    faint = (cv2.GaussianBlur(image, (3, 3), 0) < threshold + FAINT_INK * (255 - threshold)).astype(np.uint8) * 255
    # a light grey fill (a shaded header cell) is faint too, but thick every way: not a hairline
    shaded = cv2.morphologyEx(faint, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (8, 8)))
    faint = cv2.bitwise_and(faint, cv2.bitwise_not(cv2.dilate(shaded, np.ones((5, 5), np.uint8))))
    length = max(LINE_RUN, 8)
    lines = cv2.bitwise_or(
        cv2.morphologyEx(faint, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1))),
        cv2.morphologyEx(faint, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length))))
    return cv2.bitwise_or(ink, lines)


def _skew(cv2, np, ink) -> float:
    """The angle (degrees, counter-clockwise positive in picture coordinates) of the page's long lines.

    Ruling lines are looked for among horizontal-ish strokes first (letters go, lines stay: a 5-pixel run
    survives up to ~10 degrees); a page with none there is looked at again whole, so that a page turned
    further is measured (and refused) rather than read as if it were straight.
    """
    height, width = ink.shape
    factor = 4 if width > 1600 else 1
    small = cv2.resize(ink, (width // factor, height // factor), interpolation=cv2.INTER_AREA) if factor > 1 else ink
    small = (small > 64).astype(np.uint8) * 255
    flat = cv2.morphologyEx(small, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 1)))
    angle = _line_angle(cv2, np, flat)
    if angle is None:
        angle = _line_angle(cv2, np, small)
    return angle or 0.0


def _line_angle(cv2, np, lines) -> float | None:
    """The length-weighted median angle of the long straight lines, folded into -45..45; None for none."""
    length = lines.shape[1] // 4
    found = cv2.HoughLinesP(lines, 1, math.pi / 1440, threshold=max(length // 2, 20), minLineLength=length,
                            maxLineGap=max(lines.shape[1] // 200, 3))
    if found is None:
        return None
    angles, weights = [], []
    for x1, y1, x2, y2 in found.reshape(-1, 4):
        a = math.degrees(math.atan2(y2 - y1, x2 - x1))
        a = (a + 45) % 90 - 45          # a vertical line tells the same turn as a horizontal one
        angles.append(a)
        weights.append(math.hypot(x2 - x1, y2 - y1))
    order = sorted(range(len(angles)), key=lambda i: angles[i])
    half, total = sum(weights) / 2, 0.0
    for i in order:                 # the length-weighted median: a few stray lines do not move it
        total += weights[i]
        if total >= half:
            return angles[i]
    return None


def _rotated(cv2, image, angle: float):
    height, width = image.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(image, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=255)


def _symbols(cv2, np, ink, dpi: float, stroke: int):
    """Closed outlines that are flowchart symbols, and the table cells told apart from them."""
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(int(0.1 * dpi), 8), 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(int(0.1 * dpi), 8))))
    symbols, cells, seen = [], [], []
    for contour in _holes(cv2, ink):
        x, y, w, h = cv2.boundingRect(contour)
        if min(w, h) < 0.12 * dpi or max(w, h) > 3.5 * dpi:   # an off-page connector is about 0.25 in;
            continue                                            # longer: a table cell or the page frame
        area = cv2.contourArea(contour)
        seen.append((x, y, w, h))
        if area < 0.45 * w * h:                 # a hole that is mostly not enclosed space: between letters
            continue
        _sort_hole(cv2, contour, horizontal, vertical, x, y, w, h, stroke, symbols, cells)
    # (rule: an outline with gaps) a hairline outline's curves (a capsule's round ends) scan as dots and
    # dashes, and its inside runs out into the cell around it: with the ink thickened by two pixels, then
    # three, the gaps close (two first: the text inside a small diamond then still leaves its inside
    # whole). What is found only so must be shaped like a symbol — convex, and wider than a word's
    # letters are tall — because thickened letters enclose spaces between them too
    for size in (5, 7):
        thick = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size)))
        for contour in _holes(cv2, thick):
            x, y, w, h = cv2.boundingRect(contour)
            if min(w, h) < 0.08 * dpi or w < GAPPED_WIDTH * dpi or max(w, h) > 3.5 * dpi:
                continue
            if any(a <= x + w / 2 <= a + b and c <= y + h / 2 <= c + d and b * d < 2 * w * h for a, c, b, d in seen):
                continue                    # found whole already (a hole it ran out into is larger)
            area = cv2.contourArea(contour)
            hull = cv2.contourArea(cv2.convexHull(contour))
            if hull <= 0 or area < 0.92 * hull or area < 0.45 * w * h:
                continue
            seen.append((x, y, w, h))
            _sort_hole(cv2, contour, horizontal, vertical, x, y, w, h, stroke, symbols, cells)
    return symbols, cells


def _holes(cv2, ink) -> list:
    """The holes in the ink (paper enclosed by it), as contours."""
    contours, hierarchy = cv2.findContours(ink, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_NONE)
    if hierarchy is None:
        return []
    return [contour for index, contour in enumerate(contours) if hierarchy[0][index][3] >= 0]


def _sort_hole(cv2, contour, horizontal, vertical, x, y, w, h, stroke, symbols, cells) -> None:
    """A hole as a symbol's outline, or as a table cell when the lines around it run on past its corners."""
    epsilon = max(1.0, 0.004 * cv2.arcLength(contour, True))
    outline = cv2.approxPolyDP(contour, epsilon, True)
    if _runs_past_corners(horizontal, vertical, x, y, w, h, stroke) >= 2:
        cells.append(outline)       # a table cell (or part of one a connector cuts through)
    else:
        symbols.append(outline)


def _runs_past_corners(horizontal, vertical, x: int, y: int, w: int, h: int, stroke: int) -> int:
    """At how many corners of a hole's box the line drawing its edge goes on beyond it (a grid's lines cross).

    Only a line right beside the hole counts (it draws the hole's edge): a ruling a little way off, next to
    a symbol placed close to a row's line, is not the symbol's edge.
    """
    reach = 4 * stroke + 6
    beside = stroke + 2
    height, width = horizontal.shape
    count = 0
    for cx, cy, sx, sy in ((x, y, -1, -1), (x + w, y, 1, -1), (x + w, y + h, 1, 1), (x, y + h, -1, 1)):
        edge_y = sorted((cy + sy * 1, cy + sy * beside))       # rows just outside the top or bottom edge
        edge_x = sorted((cx + sx * 1, cx + sx * beside))       # columns just outside the left or right edge
        past_x = sorted((cx + sx * 2, cx + sx * reach))        # beyond the corner, along the edge's line
        past_y = sorted((cy + sy * 2, cy + sy * reach))
        row = horizontal[max(edge_y[0], 0):min(edge_y[1] + 1, height), max(past_x[0], 0):min(past_x[1] + 1, width)]
        column = vertical[max(past_y[0], 0):min(past_y[1] + 1, height), max(edge_x[0], 0):min(edge_x[1] + 1, width)]
        if row.size and row.any(axis=0).all() or column.size and column.any(axis=1).all():
            count += 1
    return count


def _arrowheads(cv2, np, ink, lines, dpi: float, stroke: int, symbols=()) -> list:
    """Small solid triangles at a line: what stays of the ink after rolling a disc wider than a line over it.

    A bold letter's joints stay too (the fork of a k, the bowl of a P); they touch no line, a head does.
    (rule: a blurred head at a symbol) on a coarse scan enlarged to the working resolution the disc rounds
    a small head's tip and corners off, and it fills less of its triangle than a letter's joint may; such a
    solid is still a head when its tip touches a symbol's outline (a connector ends there), its line goes on
    from the middle of its back (a label's Y beside a line points at the symbol too, but nothing runs on
    behind it) and much of it lies off that line (where two lines cross, all of what stays lies on them).
    (rule: a head ends at its symbol) a connector's head, about as wide as long, ends on a symbol's outline
    or a little way short of it. A solid whose tip is far from every symbol (letters of a label run into
    its line: "Tidak" at a decision's corner), or that is slender, much longer than wide, and short of the
    outline (the fork of the Y of a "Ya" under a decision's corner), is a letter: its ink is painted out
    all the same, but it is no head.
    (rule: a letter beside a ruling) a cell's text may start a point from the cell's border, and a coarse
    scan blurs a bold first letter's joint (the K of "Kementerian", the R of "Rencana") into a solid that
    touches the border. A solid that is no head and lies along a line running on past both its ends (a
    connector ends at its head; a ruling passes a letter by) is that letter: it stays for the reader.
    """
    size = 2 * stroke + 3
    solid = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size)))
    contours, _ = cv2.findContours(solid, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    heads, solids = [], []
    reach = 2 * stroke + 2
    height, width = ink.shape
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        if not (0.03 * dpi <= max(w, h) <= 0.2 * dpi):
            continue
        near = lines[max(y - reach, 0):min(y + h + reach, height), max(x - reach, 0):min(x + w + reach, width)]
        if not near.any():
            continue
        area = cv2.contourArea(contour)
        found, triangle = cv2.minEnclosingTriangle(contour)
        if triangle is None or found <= 0:
            continue
        # a small solid fills most of its triangle; a larger head, with the stub of its (bold) line still on
        # its back, fills less of it (a letter's joint is never that large)
        at_symbol = _tip_at_symbol(cv2, triangle.reshape(3, 2), symbols, stroke)
        if area < (0.6 if max(w, h) >= 0.06 * dpi else 0.7) * found and \
                not (area >= 0.5 * found and at_symbol and _off_lines(cv2, np, contour, lines) >= 0.25):
            continue
        if at_symbol or not symbols or \
                not _slender(triangle.reshape(3, 2)) and _tip_near_symbol(cv2, triangle.reshape(3, 2), symbols, dpi):
            heads.append(triangle.reshape(3, 2))
        elif _beside_ruling(lines, x, y, w, h, stroke):
            continue
        solids.append(triangle.reshape(3, 2))
    return heads, solids


def _beside_ruling(lines, x: int, y: int, w: int, h: int, stroke: int) -> bool:
    """True when a line runs along the box (x, y, w, h), touching it, on past both its ends by the box's size."""
    reach = 2 * stroke + 2
    height, width = lines.shape
    upright = lines[max(y - h, 0):min(y + 2 * h, height), max(x - reach, 0):min(x + w + reach, width)]
    level = lines[max(y - reach, 0):min(y + h + reach, height), max(x - w, 0):min(x + 2 * w, width)]
    return bool(y >= h and y + 2 * h <= height and upright.size and upright.all(axis=0).any()
                or x >= w and x + 2 * w <= width and level.size and level.all(axis=1).any())


def _tip(triangle):
    """The corner of a triangle opposite its side nearest to level or upright (an arrowhead's tip)."""
    best = None
    for i in range(3):
        a, c = triangle[(i + 1) % 3], triangle[(i + 2) % 3]
        skew = min(abs(a[0] - c[0]), abs(a[1] - c[1]))
        if best is None or skew < best[0]:
            best = (skew, i)
    return triangle[best[1]]


def _tip_at_symbol(cv2, triangle, symbols, stroke: int) -> bool:
    """True when the triangle's tip is on a symbol's outline: within the outline's own line of its inside edge."""
    x, y = _tip(triangle)
    return any(abs(cv2.pointPolygonTest(outline, (float(x), float(y)), True)) <= 4 * stroke for outline in symbols)


def _line_behind(triangle, lines, stroke: int) -> bool:
    """True when a line runs on from the middle of the triangle's back, away from its tip."""
    x, y = _tip(triangle)
    others = [p for p in triangle if (p[0], p[1]) != (x, y)]
    bx, by = (others[0][0] + others[1][0]) / 2, (others[0][1] + others[1][1]) / 2
    length = math.hypot(bx - x, by - y) or 1.0
    height, width = lines.shape
    reach = stroke + 1
    for step in (0, stroke, 2 * stroke + 2):       # from the back's middle a little way on (a line may turn there)
        cx, cy = int(bx + (bx - x) / length * step), int(by + (by - y) / length * step)
        window = lines[max(cy - reach, 0):min(cy + reach + 1, height), max(cx - reach, 0):min(cx + reach + 1, width)]
        if window.size and window.any():
            return True
    return False


def _slender(triangle) -> bool:
    """True for a triangle much longer from its back to its tip than its back is wide (a head is about as wide)."""
    x, y = _tip(triangle)
    a, c = [p for p in triangle if (p[0], p[1]) != (x, y)]
    bx, by = (a[0] + c[0]) / 2, (a[1] + c[1]) / 2
    return math.hypot(bx - x, by - y) > SLENDER * math.hypot(a[0] - c[0], a[1] - c[1])


def _tip_near_symbol(cv2, triangle, symbols, dpi: float) -> bool:
    """True when the triangle's tip is a little way off a symbol's outline (short of touching it)."""
    x, y = _tip(triangle)
    return any(abs(cv2.pointPolygonTest(outline, (float(x), float(y)), True)) <= LETTER_GAP * dpi for outline in symbols)


def _off_lines(cv2, np, contour, lines) -> float:
    """The share of a solid's pixels that are not on the lines' runs."""
    mask = np.zeros(lines.shape, np.uint8)
    cv2.drawContours(mask, [contour], -1, 255, -1)
    total = cv2.countNonZero(mask)
    return 1 - cv2.countNonZero(cv2.bitwise_and(mask, lines)) / total if total else 0.0


def _without_outlines(cv2, ink, symbols, painted: int):
    """The ink with the symbols' outlines painted out (what stays: connectors, rulings, letters, heads).

    (rule: an outline is painted out to its drawn width) an outline is found as the edge of the hole it
    encloses, and painted out from there to either side as wide as the page's lines are as scanned: a
    coarse scan's thicker lines would otherwise leave a sliver of the outline's outer edge, taken for
    connectors that join every arrow at the symbol into one. Arrowheads are looked for where the outline
    is painted out only as wide as a line at 300 dpi (3 * stroke + 2): a head's tip lies on the outline's
    outer edge, and the wider band would cut it back until it is no triangle reaching its symbol.
    """
    rest = ink.copy()
    for outline in symbols:
        cv2.drawContours(rest, [outline], -1, 0, thickness=painted)
    return rest


def _outline_width(cv2, np, ink, dpi: float, stroke: int) -> int:
    """How wide a band a symbol's outline is painted out with: reaching past the outer edge of a line as
    thick as the page's rulings are scanned (see _without_outlines)."""
    return max(3 * stroke + 2, 2 * _line_width(cv2, np, ink, dpi) + 3)


def _line_width(cv2, np, ink, dpi: float) -> int:
    """The thickness in pixels of the page's long level lines (its rulings) as they were scanned.

    A line drawn 0.5-1 pt wide is 2-4 pixels at 300 dpi, but a coarse scan enlarged to the working
    resolution, blurred by JPEG and turned back, makes it 5-7: what paints a line out must reach that far.
    """
    long = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(int(0.5 * dpi), 20), 1)))
    count, _, stats, _ = cv2.connectedComponentsWithStats(long, connectivity=8)
    if count < 2:
        return max(1, round(dpi / 150))
    widths, areas = stats[1:, 2], stats[1:, 4]
    thickness = areas / widths
    order = np.argsort(thickness)
    middle = np.searchsorted(np.cumsum(widths[order]), widths.sum() / 2)     # the length-weighted median
    return max(1, int(math.ceil(thickness[order][min(middle, len(order) - 1)])))


def _segments(cv2, np, ink, dpi: float):
    """Horizontal and vertical runs of ink longer than a letter, as (x0, y0, x1, y1) centre lines, and their pixels.

    (rule: a line beside a line is no text) a run is letters blurred into each other when the ink across
    it is thicker than a line (``_inside_text``); a connector drawn a pixel or two beside a ruling (a
    branch running along a row's line) has the ruling's ink across it too. Runs taken for text are
    measured again without the ink of the lines found beside them: what is then as thin as a line is one.
    """
    found = []
    every = np.zeros(ink.shape, np.uint8)
    for kernel, along_x in (((max(int(0.1 * dpi), 8), 1), True), ((1, max(int(0.14 * dpi), 10)), False)):
        runs = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        count, labels, stats, _ = cv2.connectedComponentsWithStats(runs, connectivity=8)
        text, thickness = [], {}
        for label in range(1, count):
            x, y, w, h = (int(v) for v in stats[label][:4])
            thickness[label] = _wandering_runs(np, labels[y:y + h, x:x + w] == label, along_x, dpi)
            if _inside_text(ink, x, y, w, h, along_x, dpi, thickness[label]):
                text.append(label)
        if text:
            lines = runs.copy()
            lines[np.isin(labels, text)] = 0
            # the line's own grey fringe goes with it (one pixel across it)
            fringe = cv2.dilate(lines, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 3) if along_x else (3, 1)))
            apart = cv2.bitwise_and(ink, cv2.bitwise_not(fringe))
            text = [label for label in text
                    if _inside_text(apart, *(int(v) for v in stats[label][:4]), along_x, dpi, thickness[label])]
        taken = set(text)
        for label in range(1, count):
            if label in taken:
                continue
            x, y, w, h = (int(v) for v in stats[label][:4])
            if along_x:
                found.append((float(x), y + h / 2, float(x + w), y + h / 2))
            else:
                found.append((x + w / 2, float(y), x + w / 2, float(y + h)))
        if text:
            runs[np.isin(labels, text)] = 0
        every = cv2.bitwise_or(every, runs)
    return found, every


def _wandering_runs(np, piece, along_x: bool, dpi: float) -> int | None:
    """The thickness of a piece of runs much thicker in its box than in its runs; None for a line's piece.

    (rule: a run is as thick as its pixels, not its box) thin runs through the bars of bold letters on a
    coarse scan join into one piece that steps from row to row, its box as tall as the letters: judged by
    its box it passes for a thick line. Such a piece, its box at least RUN_STEP pixels thicker than its runs
    are, is judged by its runs' thickness; a line's box is thicker than its run by a pixel of wobble at
    most, and it is judged by its box as before.
    """
    if not along_x:
        piece = piece.T
    counts = piece.sum(axis=0)
    filled = counts > 0
    if filled.sum() < 3:
        return None
    thickness = int(np.median(counts[filled]))
    if piece.shape[0] - thickness < RUN_STEP or thickness > SOLID_STROKE * dpi:
        return None
    return thickness


def _inside_text(ink, x: int, y: int, w: int, h: int, along_x: bool, dpi: float, thickness: int | None = None) -> bool:
    """True for a run of ink that is letters blurred into each other (bold text, a coarse scan), not a line.

    Across a line the ink is as thick as the line nearly everywhere along it (more only where something
    crosses it); across a word it is as tall as the letters at most places.
    """
    reach = max(int(0.04 * dpi), 4)
    height, width = ink.shape
    if along_x:
        window = ink[max(y - reach, 0):min(y + h + reach, height), x:x + w]
        across = (window > 0).sum(axis=0)
        thickness = h if thickness is None else thickness
    else:
        window = ink[y:y + h, max(x - reach, 0):min(x + w + reach, width)]
        across = (window > 0).sum(axis=1)
        thickness = w if thickness is None else thickness
    if not across.size:
        return False
    middle = len(across) // 2
    across.partition(middle)           # the upper median (the value half of the places reach) at `middle`
    return float(across[middle]) > thickness + 2 + 0.2 * reach



# ---- pages of a document that are pictures --------------------------------------------------------

SCAN_WORDS = 8               # a page with fewer words in its text layer than this, and a picture over
SCAN_SHARE = 0.5             # this share of it, is a scan: the whole page is read from its picture
PICTURE_SHARE = 0.08         # a smaller picture over this share of a page may be a pasted flowchart or table
EDGE_MARGIN = 4.0            # points of the page drawn around a pasted picture when it is read
A4_LONG_SIDE = 11.69         # inches: a page picture's resolution is judged from its long side


@dataclass
class PictureRead:
    """What reading a document's pictures gave: the pages (pictures read into them) and what to review."""

    pages: list[Page]
    ocr_pages: list[int]                            # pages read wholly from their picture
    picture_pages: list[int]                        # pages with a pasted picture read into them
    unsure: list[tuple[int, str, float]]            # (page, word, confidence) Tesseract was unsure of
    missing: str = ""                               # why pictures were left unread (no OCR installed)


def ocr_missing() -> str:
    """What to install to read pictures ("" when Tesseract with its Indonesian model and OpenCV are here)."""
    try:
        require_tesseract("")
        _cv()
    except DocumentError as error:
        return error.fix or error.message
    return ""


def has_pictures(pages: list[Page]) -> bool:
    """True when some page is a scan or carries a picture big enough to hold a table or flowchart."""
    return any(_is_scan(p) or _pictures_to_read(p) for p in pages)


def _is_scan(page: Page) -> bool:
    area = page.width * page.height
    return len(page.words) < SCAN_WORDS and sum(b.width * b.height for b in page.pictures) > SCAN_SHARE * area


def _pictures_to_read(page: Page) -> list[Box]:
    """The regions of a page to read from its picture: stacked pictures joined, the large ones kept."""
    area = page.width * page.height
    return [b for b in stacked(page.pictures) if b.width * b.height > PICTURE_SHARE * area]


STACK_GAP = 6.0              # points: pictures this close one under the other are one table cut in strips
STACK_SPAN = 0.8             # ... when they share this much of the narrower one's width


def stacked(pictures) -> list[Box]:
    """Pictures pasted one under another joined into one region (rule: stacked pictures are one table).

    A word processor that pastes a long table as a picture often cuts it into strips of the page's width
    (one per screen-full copied); read apart, the lower strip has no header and a row cut at the seam
    is read twice. Joined in page space, the region is drawn and read as one picture.
    """
    joined: list[Box] = []
    for box in sorted(pictures, key=lambda b: (b.top, b.x0)):
        for index, group in enumerate(joined):
            span = min(group.x1, box.x1) - max(group.x0, box.x0)
            if (span >= STACK_SPAN * min(group.width, box.width) and box.top - group.bottom <= STACK_GAP
                    and box.bottom > group.bottom):
                joined[index] = group.union(box)
                break
        else:
            joined.append(box)
    return joined


def read_pictures(path: Path, pages: list[Page], *, required: bool) -> PictureRead:
    """The pages with their pictures read: scans wholly, pasted pictures into the page's geometry.

    Without OCR installed, the pages come back as they are and `missing` says what to install, unless
    `required` (nothing else to read), when DocumentError says it.
    """
    document = str(path)
    result = PictureRead(pages=list(pages), ocr_pages=[], picture_pages=[], unsure=[])
    if not has_pictures(pages):
        return result
    try:
        program = require_tesseract(document)
        _cv()
    except DocumentError as error:
        if required:
            raise
        result.missing = error.fix or error.message
        return result
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise DocumentError(f"cannot be drawn to read its pictures ({exc})", file=document) from exc
    try:
        # whole scanned pages are read side by side: Tesseract runs as its own process, and OpenCV lets
        # go of Python while it works, so threads keep every core busy
        scans = [(index, page) for index, page in enumerate(pages) if _is_scan(page)]
        images = [_render(pdf[page.number - 1], WORKING_DPI) for _, page in scans]
        with ThreadPoolExecutor(max_workers=max(1, min(len(scans), os.cpu_count() or 1))) as pool:
            reads = list(pool.map(lambda item: read_picture(item[1], WORKING_DPI, item[0].number, document=document,
                                                            tesseract=program), zip((p for _, p in scans), images)))
        for (index, page), read in zip(scans, reads):
            result.pages[index] = Page(page.number, page.width, page.height, read.page.words, read.page.paths, ())
            result.ocr_pages.append(page.number)
            result.unsure += [(page.number, w, c) for w, c in read.unsure]
        for index, page in enumerate(pages):
            if _is_scan(page):
                continue
            pictures = _pictures_to_read(page)
            if not pictures:
                continue
            words, paths = list(page.words), list(page.paths)
            for box in pictures:
                # drawn with a margin of the page around it: a ruling on the picture's very edge (a table's
                # outer border) keeps both its sides, so it is found as a line like the others
                box = Box(max(box.x0 - EDGE_MARGIN, 0), max(box.top - EDGE_MARGIN, 0),
                          min(box.x1 + EDGE_MARGIN, page.width), min(box.bottom + EDGE_MARGIN, page.height))
                image = _render(pdf[page.number - 1], WORKING_DPI, box, page)
                read = read_picture(image, WORKING_DPI, page.number, document=document, tesseract=program)
                moved = _moved(read.page, box.x0, box.top)
                paths += moved.paths
                # words the text layer already has (printed over the picture) are not read twice
                words += [w for w in moved.words if not any(w.box.overlap(o.box) > 0.3 * w.box.width * w.box.height
                                                             for o in page.words)]
                result.unsure += [(page.number, w, c) for w, c in read.unsure]
            kept = tuple(b for b in page.pictures if not any(p.overlap(b) > 0.5 * b.width * b.height for p in pictures))
            result.pages[index] = Page(page.number, page.width, page.height, tuple(words), tuple(paths), kept)
            result.picture_pages.append(page.number)
    finally:
        pdf.close()
    return result


def _render(pdf_page, dpi: int, box: Box | None = None, page: Page | None = None):
    """A page (or the part of it inside `box`) drawn as a grey picture at `dpi`."""
    crop = (0, 0, 0, 0)
    if box is not None and page is not None:
        crop = (max(box.x0, 0), max(page.height - box.bottom, 0), max(page.width - box.x1, 0), max(box.top, 0))
    bitmap = pdf_page.render(scale=dpi / 72, crop=crop)     # colour (BGR): see _grey
    return bitmap.to_numpy().copy()


def _moved(page: Page, dx: float, dy: float) -> Page:
    def box(b: Box) -> Box:
        return Box(b.x0 + dx, b.top + dy, b.x1 + dx, b.bottom + dy)

    words = tuple(Word(w.text, box(w.box), w.confidence) for w in page.words)
    paths = tuple(Drawn(tuple((x + dx, y + dy) for x, y in p.points), box(p.box), p.closed, p.filled, p.stroked, p.rect)
                  for p in page.paths)
    return Page(page.number, page.width, page.height, words, paths, ())


def read_image_file(path: Path) -> PictureRead:
    """A picture of one SOP page (a scan or photo saved as PNG, JPEG, TIFF or BMP) as page geometry."""
    document = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise DocumentError(f"cannot be read ({exc.strerror or exc})", file=document) from exc
    program = require_tesseract(document)
    image = decode(data, document=document)
    dpi = max(image.shape) / A4_LONG_SIDE
    read = read_picture(image, dpi, 1, document=document, tesseract=program)
    return PictureRead(pages=[read.page], ocr_pages=[1], picture_pages=[], unsure=[(1, w, c) for w, c in read.unsure])
