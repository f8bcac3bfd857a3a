"""Pictures of SOP pages read as a person would: the same page geometry the vector reader gets from a PDF.

A scanned page, a photo of one, or a flowchart pasted into a PDF as a picture has no text layer and no
drawn paths. This module looks at the picture with OpenCV and reads its words with Tesseract (``ocr``),
and hands on a ``pdfpage.Page`` — words with their boxes, drawn paths, in PDF points — so that the
table, identity and flowchart readers work on it unchanged:

1. the picture is straightened: the angle of its long ruling lines is measured and turned back;
2. ink is told from paper (Otsu's threshold after a median filter, which also takes JPEG noise away);
3. symbols are the closed outlines of the flowchart: holes in the ink large enough to be a symbol. A
   rectangular hole is a table cell, not a process box, when the lines around it run on past its
   corners (a grid's lines cross; a box's end at its corners);
4. arrowheads are small solid triangles, the ink that stays after a circle a little wider than a line
   has been rolled over it;
5. lines — table rulings and connectors alike — are the horizontal and vertical runs of ink left once
   symbols are taken out (longer than any letter), handed on as thin paths; the readers tell rulings
   from connectors as they do for a PDF;
6. words are read by Tesseract on the picture with all of the above painted out, each with its
   confidence; the importer lists the unsure ones first for review.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..errors import DocumentError
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


def _cv():
    try:
        import cv2
        import numpy
    except ImportError as exc:
        raise DocumentError("holds pictures, and reading them needs OpenCV, which is not installed",
                            fix="pip install 'sopxl[ocr]'") from exc
    return cv2, numpy


def decode(data: bytes, *, document: str):
    """A picture file's bytes as a grey image; DocumentError when it is not a picture OpenCV can read."""
    cv2, np = _cv()
    try:
        image = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_GRAYSCALE)
    except cv2.error as exc:
        raise DocumentError(f"is not a picture that can be read ({exc.msg.strip()[:80]})", file=document) from exc
    if image is None or image.size == 0:
        raise DocumentError("is not a picture that can be read (PNG, JPEG, TIFF or BMP expected)", file=document,
                            fix="scan the SOP to PDF, PNG or JPEG at 300 dpi")
    return image


def read_picture(image, dpi: float, number: int, *, document: str, tesseract: str | None = None) -> RasterPage:
    """The page geometry of a grey picture of a page drawn at `dpi`."""
    cv2, np = _cv()
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
        raise DocumentError(f"page {number} is turned {angle:.0f}°, more than a scan is", file=document,
                            fix="scan the page lying flat and straight, at 300 dpi")
    if abs(angle) >= 0.05:
        image = _rotated(cv2, image, angle)
        ink = _ink(cv2, image)
    pt = 72.0 / dpi                              # points per pixel
    stroke = max(1, round(dpi / 150))            # a drawn line's width in pixels (0.5-1 pt)
    symbols, cells = _symbols(cv2, np, ink, dpi, stroke)
    rest = ink.copy()
    for outline in symbols:
        cv2.drawContours(rest, [outline], -1, 0, thickness=3 * stroke + 2)
    heads = _arrowheads(cv2, np, rest, dpi, stroke)
    for head in heads:
        cv2.fillPoly(rest, [head.astype(np.int32)], 0)
        cv2.polylines(rest, [head.astype(np.int32)], True, 0, thickness=2 * stroke + 1)
    segments = _segments(cv2, np, rest, dpi)
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
    lines = ink - rest
    lines = cv2.bitwise_or(lines, _drawn(cv2, np, ink.shape, segments, stroke))
    clean[cv2.dilate(lines, np.ones((3, 3), np.uint8)) > 0] = 255
    ok, png = cv2.imencode(".png", clean)
    if not ok:
        raise DocumentError(f"page {number} could not be prepared for OCR", file=document)
    found = read_words(program, png.tobytes(), round(dpi), document=document)
    words = tuple(Word(w.text, Box(w.left * pt, w.top * pt, (w.left + w.width) * pt, (w.top + w.height) * pt))
                  for w in found)
    unsure = [(w.text, w.confidence) for w in found if w.confidence < LOW_CONFIDENCE]
    height, width = image.shape
    page = Page(number, width * pt, height * pt, words, tuple(paths), ())
    return RasterPage(page, angle, unsure)


def _box(points) -> Box:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return Box(min(xs), min(ys), max(xs), max(ys))


def _ink(cv2, image):
    """Ink as 255 on 0: Otsu's threshold of the picture after a median filter (JPEG noise, speckle)."""
    smooth = cv2.medianBlur(image, 3)
    _, ink = cv2.threshold(smooth, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return ink


def _skew(cv2, np, ink) -> float:
    """The angle (degrees, counter-clockwise positive in picture coordinates) of the page's long lines."""
    height, width = ink.shape
    factor = 4 if width > 1600 else 1
    small = cv2.resize(ink, (width // factor, height // factor), interpolation=cv2.INTER_AREA) if factor > 1 else ink
    small = (small > 64).astype(np.uint8) * 255
    # only horizontal-ish strokes: letters go, ruling lines stay (a 5-pixel run survives up to ~10 degrees)
    small = cv2.morphologyEx(small, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 1)))
    length = small.shape[1] // 4
    found = cv2.HoughLinesP(small, 1, math.pi / 1440, threshold=max(length // 2, 20), minLineLength=length,
                            maxLineGap=max(small.shape[1] // 200, 3))
    if found is None:
        return 0.0
    angles, weights = [], []
    for x1, y1, x2, y2 in found.reshape(-1, 4):
        a = math.degrees(math.atan2(y2 - y1, x2 - x1))
        if a > 90:
            a -= 180
        elif a < -90:
            a += 180
        if abs(a) <= MAX_SKEW + 5:
            angles.append(a)
            weights.append(math.hypot(x2 - x1, y2 - y1))
    if not angles:
        return 0.0
    order = sorted(range(len(angles)), key=lambda i: angles[i])
    half, total = sum(weights) / 2, 0.0
    for i in order:                 # the length-weighted median: a few stray lines do not move it
        total += weights[i]
        if total >= half:
            return angles[i]
    return 0.0


def _rotated(cv2, image, angle: float):
    height, width = image.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(image, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=255)


def _symbols(cv2, np, ink, dpi: float, stroke: int):
    """Closed outlines that are flowchart symbols, and the table cells told apart from them."""
    contours, hierarchy = cv2.findContours(ink, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_NONE)
    if hierarchy is None:
        return [], []
    smallest = 0.12 * dpi              # a symbol's shorter side: an off-page connector is about 0.25 in
    largest = 3.5 * dpi                # longer than this is a table cell or the page frame
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(int(0.1 * dpi), 8), 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(int(0.1 * dpi), 8))))
    symbols, cells = [], []
    for index, contour in enumerate(contours):
        if hierarchy[0][index][3] < 0:          # an outer boundary, not a hole
            continue
        x, y, w, h = cv2.boundingRect(contour)
        if min(w, h) < smallest or max(w, h) > largest:
            continue
        area = cv2.contourArea(contour)
        if area < 0.45 * w * h:                 # a hole that is mostly not enclosed space: between letters
            continue
        epsilon = max(1.0, 0.004 * cv2.arcLength(contour, True))
        outline = cv2.approxPolyDP(contour, epsilon, True)
        if _runs_past_corners(horizontal, vertical, x, y, w, h, stroke) >= 2:
            cells.append(outline)       # a table cell (or part of one a connector cuts through)
            continue
        symbols.append(outline)
    return symbols, cells


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


def _arrowheads(cv2, np, ink, dpi: float, stroke: int) -> list:
    """Small solid triangles: what stays of the ink after rolling a disc wider than a line over it."""
    size = 2 * stroke + 3
    solid = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size)))
    contours, _ = cv2.findContours(solid, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    heads = []
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        if not (0.025 * dpi <= max(w, h) <= 0.2 * dpi):
            continue
        area = cv2.contourArea(contour)
        found, triangle = cv2.minEnclosingTriangle(contour)
        if triangle is None or found <= 0 or area < 0.7 * found:
            continue
        heads.append(triangle.reshape(3, 2))
    return heads


def _segments(cv2, np, ink, dpi: float) -> list[tuple[float, float, float, float]]:
    """Horizontal and vertical runs of ink longer than a letter, as (x0, y0, x1, y1) centre lines."""
    found = []
    for kernel, along_x in (((max(int(0.1 * dpi), 8), 1), True), ((1, max(int(0.14 * dpi), 10)), False)):
        runs = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        count, _, stats, _ = cv2.connectedComponentsWithStats(runs, connectivity=8)
        for label in range(1, count):
            x, y, w, h = (int(v) for v in stats[label][:4])
            if along_x:
                found.append((float(x), y + h / 2, float(x + w), y + h / 2))
            else:
                found.append((x + w / 2, float(y), x + w / 2, float(y + h)))
    return found


def _drawn(cv2, np, shape, segments, stroke: int):
    mask = np.zeros(shape, np.uint8)
    for x0, y0, x1, y1 in segments:
        cv2.line(mask, (round(x0), round(y0)), (round(x1), round(y1)), 255, thickness=2 * stroke + 1)
    return mask
