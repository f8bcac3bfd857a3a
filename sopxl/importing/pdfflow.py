"""The flowchart of a PDF page read from its drawn shapes: symbols, the connectors between them, labels.

Pure: it sees ``pdfpage`` geometry. Inside the Pelaksana band of the matrix, a drawn path is
- a table ruling (a line on a column edge, or across the band from edge to edge), left out;
- an arrowhead (a small closed shape), whose tip names the symbol a connector enters;
- a connector piece (a line, a thin rectangle, an open polyline, or a thin outlined polygon);
- or part of a symbol (paths overlapping one another form one symbol: outline, fill, shadow).
A symbol's kind comes from its outline: corners at the four corners of its box make a rectangle
(process); points at the middle of each side and none near the corners, a diamond (decision); round
ends and no corners, a capsule (terminator); two adjacent corners and a point in the middle of the
opposite side, a pentagon (off-page connector); as wide as high with no corners, a circle (connector);
square top corners over a curved bottom, a document (read as process). Connector pieces that touch
form one connection; its arrowheads say where it goes, the symbols it touches without an arrowhead
are where it comes from. Words near a connection and inside no symbol are its label ("Ya", "T",
"Belum Benar"); a label printed in a gap of a line joins the two pieces it separates.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .pdfpage import Box, Drawn, Page, Word
from .pdftable import Columns, is_rectangle

TERMINATOR, PROCESS, DECISION, DOCUMENT, CONNECTOR = "terminator", "process", "decision", "document", "connector"
ARROWHEAD_MAX = 8.0     # largest arrowhead, points
TOUCH = 2.5             # how close two pieces must come to be joined, points
LABEL_REACH = 12.0      # how far a label may sit from its connection, points
LOOSE_END = 15.0        # how far short of its symbol a connector may start, points
CONVEX = 0.97           # an outline filling this share of its convex hull is convex (a document's wave fills less)


@dataclass
class Symbol:
    """A flowchart symbol on a page."""

    id: int
    kind: str
    box: Box
    page: int
    text: str = ""


@dataclass
class Edge:
    """A connection from one symbol to another, with the label printed on it."""

    source: int
    target: int
    label: str = ""
    guessed: bool = False     # no arrowhead: the direction was taken from top to bottom


@dataclass
class PageFlow:
    symbols: list[Symbol] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)


# ---- geometry helpers -------------------------------------------------------------------------

def _point_segment(px: float, py: float, ax: float, ay: float, bx: float, by: float) -> float:
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def _segments(path: Drawn) -> list[tuple[float, float, float, float]]:
    """The path as line segments; a thin rectangle as its centre line."""
    b = path.box
    if path.thin and (path.rect or is_rectangle(path)):
        if b.width >= b.height:
            return [(b.x0, b.cy, b.x1, b.cy)]
        return [(b.cx, b.top, b.cx, b.bottom)]
    points = list(path.points)
    if path.closed and points[0] != points[-1]:
        points.append(points[0])
    return [(a[0], a[1], c[0], c[1]) for a, c in zip(points, points[1:])]


def _ends(segments: list[tuple[float, float, float, float]]) -> list[tuple[float, float]]:
    return [(s[0], s[1]) for s in segments] + [(s[2], s[3]) for s in segments]


def _distance_to_box(x: float, y: float, box: Box) -> float:
    dx = max(box.x0 - x, 0, x - box.x1)
    dy = max(box.top - y, 0, y - box.bottom)
    return math.hypot(dx, dy)


def _area(points) -> float:
    total = 0.0
    for (x1, y1), (x2, y2) in zip(points, list(points[1:]) + [points[0]]):
        total += x1 * y2 - x2 * y1
    return abs(total) / 2


def _hull(points) -> list[tuple[float, float]]:
    """The convex hull of points (Andrew's monotone chain), counter-clockwise."""
    ordered = sorted(set(points))
    if len(ordered) < 3:
        return ordered

    def turn(o, a, b) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list = []
    upper: list = []
    for point in ordered:
        while len(lower) >= 2 and turn(lower[-2], lower[-1], point) <= 0:
            lower.pop()
        lower.append(point)
    for point in reversed(ordered):
        while len(upper) >= 2 and turn(upper[-2], upper[-1], point) <= 0:
            upper.pop()
        upper.append(point)
    return lower[:-1] + upper[:-1]


def _near_outline(path: Drawn, x: float, y: float) -> float:
    """Distance from (x, y) to the path's outline, relative to the smaller side of its box."""
    size = max(min(path.box.width, path.box.height), 1.0)
    return min(_point_segment(x, y, *s) for s in _segments(path)) / size


def classify(path: Drawn) -> str:
    """The flowchart symbol an outline draws (see the module's docstring for the rules)."""
    b = path.box
    if path.rect or is_rectangle(path):
        return PROCESS
    corners = [_near_outline(path, x, y) < 0.08 for x, y in
               ((b.x0, b.top), (b.x1, b.top), (b.x1, b.bottom), (b.x0, b.bottom))]
    middles = [_near_outline(path, x, y) < 0.12 for x, y in
               ((b.cx, b.top), (b.x1, b.cy), (b.cx, b.bottom), (b.x0, b.cy))]
    if all(corners):
        return PROCESS
    if sum(corners) == 2 and (len(path.points) <= 8 or _area(path.points) >= CONVEX * _area(_hull(path.points))):
        # a pentagon: two adjacent corners, the point in the middle of the opposite side. (rule: a pentagon is
        # convex) a drawn one has five or six points, but a scanned one's rounded corners give its outline
        # more; a document's wavy bottom, its curve as many points, is never convex, so a convex outline of
        # that shape is a pentagon whatever its points
        for first, opposite in ((0, 2), (1, 3), (2, 0), (3, 1)):
            if corners[first] and corners[(first + 1) % 4] and middles[opposite]:
                return CONNECTOR
    if corners[0] and corners[1] and not (corners[2] and corners[3]):
        return DOCUMENT
    if not any(corners):
        quarter = _near_outline(path, b.x0 + b.width / 4, b.top) < 0.12
        if all(middles) and not quarter:
            return DECISION
        if b.width < 1.3 * b.height:
            return CONNECTOR
        return TERMINATOR
    return PROCESS


# ---- one page ---------------------------------------------------------------------------------

class _Union:
    def __init__(self, size: int):
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)


def _is_ruling(path: Drawn, edges: list[float], spans: list[tuple[float, float]]) -> bool:
    b = path.box
    if path.thin:
        if b.width >= b.height:   # each end on a column edge, or beyond the band
            return (b.x0 < edges[0] + 3 or any(abs(b.x0 - e) < 3 for e in edges)) and \
                   (b.x1 > edges[-1] - 3 or any(abs(b.x1 - e) < 3 for e in edges))
        return any(abs(b.cx - e) < 2.5 for e in edges)
    if path.rect or is_rectangle(path):     # a cell drawn as a rectangle: as wide as its column
        return any(abs(b.x0 - a) < 3 and abs(b.x1 - c) < 3 for a, c in spans)
    return False


def _arrow_tip(path: Drawn) -> tuple[float, float, float, float] | None:
    """(tip x, tip y, direction x, direction y) of a triangular arrowhead, or None."""
    points = []
    for p in path.points:
        if all(math.hypot(p[0] - q[0], p[1] - q[1]) > 0.3 for q in points):
            points.append(p)
    if len(points) != 3:
        return None
    best = None
    for i in range(3):
        a, c = points[(i + 1) % 3], points[(i + 2) % 3]
        skew = min(abs(a[0] - c[0]), abs(a[1] - c[1]))      # an axis-aligned base has no skew
        if best is None or skew < best[0]:
            best = (skew, i)
    apex = points[best[1]]
    a, c = points[(best[1] + 1) % 3], points[(best[1] + 2) % 3]
    mid = ((a[0] + c[0]) / 2, (a[1] + c[1]) / 2)
    return apex[0], apex[1], apex[0] - mid[0], apex[1] - mid[1]


def read_page_flow(page: Page, columns: Columns, top: float, bottom: float, first_id: int) -> tuple[PageFlow, list[Word]]:
    """Symbols and connections drawn in the Pelaksana band of `page` between `top` and `bottom`.

    Returns the flow and the band's words that are neither inside a symbol nor a label (for the caller
    to ignore or report)."""
    band = columns.band
    region = Box(band.x0 - 2, top - 1, band.x1 + 2, bottom + 1)
    edges = sorted({band.x0, band.x1, *(s.x0 for _, s in columns.roles), *(s.x1 for _, s in columns.roles)})
    spans = [(s.x0, s.x1) for _, s in columns.roles]
    inside = [p for p in page.paths if region.contains_point(p.box.cx, p.box.cy)
              and not _is_ruling(p, edges, spans) and p.box.height < (bottom - top) * 0.98]
    widest = max(s.x1 - s.x0 for _, s in columns.roles)
    arrows: list[tuple[Drawn, tuple]] = []
    wires: list[Drawn] = []
    shapes: list[Drawn] = []
    for path in inside:
        b = path.box
        if path.closed and max(b.width, b.height) <= ARROWHEAD_MAX and min(b.width, b.height) > 1.5:
            tip = _arrow_tip(path)
            if tip is not None:
                arrows.append((path, tip))
                continue
            if not path.thin:
                continue
        if path.thin or not path.closed:
            wires.append(path)
        elif _area(path.points) < 0.3 * b.width * b.height and not (path.rect or is_rectangle(path)) \
                and len(path.points) <= 12:
            wires.append(path)     # a bent line drawn as a thin filled outline
        elif b.width > widest * 1.2:
            wires.append(path)     # wider than any column: a loop of lines drawn as one outline, not a symbol
        elif min(b.width, b.height) >= 5:
            shapes.append(path)
    symbols = _symbols(shapes, page.number, first_id)
    words = [w for w in page.words if region.contains_point(w.box.cx, w.box.cy)]
    free = []
    for word in words:
        holder = next((s for s in symbols if s.box.grown(1).contains_point(word.box.cx, word.box.cy)), None)
        if holder is not None:
            holder.text = f"{holder.text} {word.text}".strip()
        else:
            free.append(word)
    flow = PageFlow(symbols=symbols)
    flow.edges = _connections(wires, arrows, symbols, _phrases(free))
    return flow, free


def _phrases(words: list[Word]) -> list[Word]:
    """Words next to each other on one line as one label ("Sudah Benar", "Tidak Lengkap")."""
    phrases: list[Word] = []
    for word in sorted(words, key=lambda w: (round(w.box.top), w.box.x0)):
        last = phrases[-1] if phrases else None
        if last is not None and abs(last.box.top - word.box.top) < 2 and 0 <= word.box.x0 - last.box.x1 < 4:
            phrases[-1] = Word(f"{last.text} {word.text}", last.box.union(word.box))
        else:
            phrases.append(word)
    return phrases


def _symbols(shapes: list[Drawn], page: int, first_id: int) -> list[Symbol]:
    union = _Union(len(shapes))
    for i, a in enumerate(shapes):
        for j in range(i + 1, len(shapes)):
            b = shapes[j]
            shared = a.box.overlap(b.box)
            smaller = min(a.box.width * a.box.height, b.box.width * b.box.height)
            if smaller > 0 and shared >= 0.5 * smaller:
                union.join(i, j)
    groups: dict[int, list[Drawn]] = {}
    for i, shape in enumerate(shapes):
        groups.setdefault(union.find(i), []).append(shape)
    symbols = []
    for members in groups.values():
        outline = max(members, key=lambda p: (p.box.width * p.box.height, len(p.points)))
        box = members[0].box
        for member in members[1:]:
            box = box.union(member.box)
        symbols.append(Symbol(first_id + len(symbols), classify(outline), box, page))
    symbols.sort(key=lambda s: (s.box.top, s.box.x0))
    for index, symbol in enumerate(symbols):
        symbol.id = first_id + index
    return symbols


def _connections(wires: list[Drawn], arrows: list[tuple[Drawn, tuple]], symbols: list[Symbol],
                 free: list[Word]) -> list[Edge]:
    pieces = [_segments(w) for w in wires] + [_segments(a) for a, _ in arrows]
    count = len(pieces)
    union = _Union(count)
    boxes = [w.box for w in wires] + [a.box for a, _ in arrows]
    for i in range(count):
        for j in range(i + 1, count):
            if boxes[i].grown(TOUCH).overlap(boxes[j].grown(TOUCH)) <= 0:
                continue
            if any(_point_segment(x, y, *s) <= TOUCH for x, y in _ends(pieces[i]) for s in pieces[j]) or \
               any(_point_segment(x, y, *s) <= TOUCH for x, y in _ends(pieces[j]) for s in pieces[i]):
                union.join(i, j)
    # a label printed in a gap of a line joins the pieces on either side of it
    labels: dict[int, list[Word]] = {}
    for word in free:
        grown = word.box.grown(4)
        touching = sorted({union.find(i) for i in range(count)
                           if any(grown.contains_point(x, y) for x, y in _ends(pieces[i]))})
        for other in touching[1:]:
            union.join(other, touching[0])
    for word in free:
        best, best_distance = None, LABEL_REACH
        for i in range(count):
            if boxes[i].grown(LABEL_REACH).overlap(word.box) <= 0 and not boxes[i].grown(LABEL_REACH).contains_point(word.box.cx, word.box.cy):
                continue
            distance = min(_distance_to_box(x, y, word.box) for s in pieces[i] for x, y in _sample(s))
            if distance < best_distance:
                best, best_distance = i, distance
        if best is not None:
            labels.setdefault(union.find(best), []).append(word)
    nets: dict[int, list[int]] = {}
    for i in range(count):
        nets.setdefault(union.find(i), []).append(i)
    edges: list[Edge] = []
    for root, members in nets.items():
        touched: list[int] = []
        targets: list[int] = []
        for i in members:
            for x, y in _ends(pieces[i]):
                for symbol in symbols:
                    if _distance_to_box(x, y, symbol.box) <= TOUCH + 0.5 and symbol.id not in touched:
                        touched.append(symbol.id)
            if i >= len(wires):
                tx, ty, dx, dy = arrows[i - len(wires)][1]
                target = _pointed(tx, ty, dx, dy, symbols)
                if target is not None and target not in targets:
                    targets.append(target)
        words = sorted(labels.get(root, []), key=lambda w: (round(w.box.top), w.box.x0))
        label = " ".join(w.text for w in words)
        sources = [s for s in touched if s not in targets]
        if targets and not sources:
            # a line drawn short of its symbol (a gap before the shape): the nearest symbol to its loose end
            gap, near = min(((_distance_to_box(x, y, s.box), s.id) for i in members for x, y in _ends(pieces[i])
                             for s in symbols if s.id not in targets), default=(LOOSE_END + 1, None))
            if gap <= LOOSE_END:
                sources = [near]
        if targets:
            edges += [Edge(s, t, label) for s in sources for t in targets if s != t]
        elif len(touched) >= 2:
            by_id = {s.id: s for s in symbols}
            ordered = sorted(touched, key=lambda s: (by_id[s].box.cy, by_id[s].box.cx))
            edges += [Edge(ordered[0], t, label, guessed=True) for t in ordered[1:]]
    return edges


def _sample(segment):
    x0, y0, x1, y1 = segment
    steps = max(1, int(math.hypot(x1 - x0, y1 - y0) // 4))
    return [(x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps) for k in range(steps + 1)]


def _pointed(tx: float, ty: float, dx: float, dy: float, symbols: list[Symbol]) -> int | None:
    """The symbol an arrowhead's tip enters: the one it touches, else the nearest ahead of it."""
    best, best_distance = None, 8.0
    length = math.hypot(dx, dy) or 1.0
    for symbol in symbols:
        distance = _distance_to_box(tx, ty, symbol.box)
        if distance > 0:
            ahead = ((symbol.box.cx - tx) * dx + (symbol.box.cy - ty) * dy) / length
            if ahead <= 0:
                continue
        if distance < best_distance:
            best, best_distance = symbol.id, distance
    return best
