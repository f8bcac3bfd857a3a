"""Where the flowchart of an SOP goes on the Aktivitas sheet: pure geometry, no files.

From the steps (their rows and Pelaksana columns), the column widths and the printed page, this module
works out everything the drawing needs: one symbol per step centred in its Pelaksana cell, the flow
edges and the route of each connector, the Ya/Tidak labels, the row heights and column widths that
leave room for them, and the rows where the printed pages break, with a pair of off-page connectors
for every edge that crosses a break.

Routing, the way official SOP AP flowcharts are drawn:
- the edge to the step on the next row leaves the symbol at the bottom and enters the next one at the
  top: a straight arrow in the same column, an elbow (down, across just above the row border, down)
  to another column;
- any other edge (a Tidak returning to an earlier step, a Ya jumping ahead) leaves the symbol through
  its side, runs along a free vertical lane in the margin of a Pelaksana column, and enters its target
  through the same side. Every row holds exactly one symbol and symbols are narrower than their
  column, so horizontal runs at a symbol's own height and lanes in column margins cross no symbol;
- an edge between two pages ends at an off-page connector (a pentagon with the target step's number)
  and starts again from a twin connector on the target's page;
- a joint step also has a symbol in the column of each co-Pelaksana, on its row, joined to the main
  symbol by a straight arrow from its side (that side carries no other arrow).

Coordinates are points from the top-left corner of the sheet; the drawing writer turns them into cell
anchors with `SheetGrid`.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass, field

from .. import layout as L
from ..errors import SopxlError
from ..domain.model import SOP, Step, Symbol

EMU_PER_PT = 12700
MAX_DIGIT_PX = 7          # Calibri 11, the Normal font of sopxl workbooks: Excel sizes columns by it
DEFAULT_COLUMN_WIDTH = 9.140625   # stored width of a column Excel shows as 8.43 (64 px)
DEFAULT_ROW_HEIGHT = 15.0
MAX_ROW_HEIGHT = 409.0    # Excel's limit

# symbol sizes (width, height) in points
TERMINATOR, PROCESS, DECISION, OFFPAGE = "terminator", "process", "decision", "offpage"
SIZES = {TERMINATOR: (54.0, 22.0), PROCESS: (54.0, 26.0), DECISION: (62.0, 34.0), OFFPAGE: (24.0, 20.0)}
SYMBOL_AREA = max(w for kind, (w, _) in SIZES.items() if kind != OFFPAGE)
PAD = 12.0                # free space above and below a symbol inside its row
ELBOW_DROP = 6.0          # an elbow runs across this far above the bottom border of the source row
OFFPAGE_GAP = 6.0
OFFPAGE_RESERVE = SIZES[OFFPAGE][1] + 2 * OFFPAGE_GAP   # extra row height for an off-page connector
LANE_CLEAR = 6.0          # from the symbol area to the innermost lane
LANE_GAP = 6.0            # between lanes
LANE_EDGE = 6.0           # from the outermost lane to the column border
SYMBOL_MARGIN = 4.0       # from the symbol area to the column border when no lane runs there
LABEL_HEIGHT = 11.0
LABEL_WIDTHS = {"ya": 16.0, "tidak": 26.0}
BESIDE_GAP = LABEL_WIDTHS["tidak"] + 6   # from a symbol to an off-page connector in its own cell: room for the label
PAGE_SAFETY = 0.94        # keep a margin against rounding in Excel's and LibreOffice's page layout

# text in the matrix: Arial 10 pt, as the template's cell styles
TEXT_LINE = 12.75
TEXT_PADDING = 5.0        # vertical, points
CELL_INSET_PX = 6         # horizontal, pixels
# Arial advance widths in 1/1000 em for the characters whose width is far from the average
_ARIAL = {**{c: 278 for c in "fjtI!.,:;/\\[] "}, **{c: 222 for c in "il|'"}, "r": 333, "(": 333, ")": 333, "-": 333,
          "m": 833, "w": 722, "M": 833, "W": 944, "@": 1015, "%": 889, "c": 500, "k": 500, "s": 500, "v": 500,
          "x": 500, "y": 500, "z": 500, "J": 500}


# ---- sheet units ---------------------------------------------------------------------------------

def column_px(width: float) -> int:
    """Pixels of a column `width` characters wide (Excel's rule for the Normal font's digit width)."""
    if width <= 0:
        return 0
    return int(((256 * width + int(128 / MAX_DIGIT_PX)) / 256) * MAX_DIGIT_PX)


def column_pt(width: float) -> float:
    return column_px(width) * 0.75


def width_for(points: float) -> float:
    """The narrowest column width (in characters, a multiple of 1/256) at least `points` wide."""
    width = max(0.0, (points / 0.75 - 5) / MAX_DIGIT_PX)
    width = math.floor(width * 256) / 256
    while column_pt(width) < points:
        width += 1 / 256
    return width


def label_width(text: str) -> float:
    """Points a branch label's box needs for `text` on one line (Arial 8 pt, as drawn, with its inset)."""
    return sum(_ARIAL.get(c, 667 if c.isupper() else 556) for c in text) * 8 / 1000 + 7


def text_height(text: str, width_chars: float, size: float = 10.0, bold: bool = False) -> float:
    """Height in points that `text` needs when wrapped in a cell `width_chars` wide (Arial `size` pt)."""
    if not text:
        return 0.0
    room = max(column_px(width_chars) - CELL_INSET_PX, 10) * 0.75   # points of line width
    em = size / 1000 * (1.08 if bold else 1.0)
    lines = 0
    for paragraph in str(text).split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split(" "):
            advance = sum(_ARIAL.get(c, 667 if c.isupper() else 556) for c in word) * em
            space = 278 * em if used else 0.0
            if used and used + space + advance > room:
                lines += 1
                used = 0.0
                space = 0.0
            while advance > room:            # a word longer than the line breaks inside
                lines += 1
                advance -= room
            used += space + advance
    return lines * TEXT_LINE * size / 10 + TEXT_PADDING


# ---- pages -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Page:
    """The printed page of the sheet (points) and how the sheet is scaled onto it."""

    width: float = 841.89       # A4 landscape
    height: float = 595.28
    left: float = 0.4 * 72
    right: float = 0.4 * 72
    top: float = 0.6 * 72
    bottom: float = 0.6 * 72
    fit_to_width: bool = True
    scale: float = 1.0          # used when not fitted to width

    def scale_for(self, printed_width: float) -> float:
        """The print scale Excel uses for a sheet `printed_width` points wide (whole percent)."""
        if not self.fit_to_width:
            return self.scale
        room = self.width - self.left - self.right
        return max(0.1, min(1.0, math.floor(room / printed_width * 100) / 100))

    def body_height(self, scale: float) -> float:
        """Sheet points that fit on one page below the page margins, at `scale`."""
        return (self.height - self.top - self.bottom) / scale


class SheetGrid:
    """Column and row positions of a sheet, in points, for turning points into cell anchors."""

    def __init__(self, widths: dict[int, float], heights: dict[int, float], last_column: int, last_row: int,
                 default_width: float = DEFAULT_COLUMN_WIDTH, default_height: float = DEFAULT_ROW_HEIGHT):
        self.lefts = [0.0]
        for column in range(1, last_column + 2):
            self.lefts.append(self.lefts[-1] + column_pt(widths.get(column, default_width)))
        self.tops = [0.0]
        for row in range(1, last_row + 2):
            self.tops.append(self.tops[-1] + heights.get(row, default_height))
        self.default_width = column_pt(default_width)
        self.default_height = default_height

    def left(self, column: int) -> float:
        """x of the left border of 1-based `column`."""
        return self._at(self.lefts, column, self.default_width)

    def top(self, row: int) -> float:
        """y of the top border of 1-based `row`."""
        return self._at(self.tops, row, self.default_height)

    @staticmethod
    def _at(edges: list[float], index: int, default: float) -> float:
        if index - 1 < len(edges):
            return edges[index - 1]
        return edges[-1] + (index - len(edges)) * default

    def cell(self, x: float, y: float) -> tuple[int, float, int, float]:
        """(0-based column, points into it, 0-based row, points into it) of the point (x, y)."""
        column = self._index(self.lefts, x, self.default_width)
        row = self._index(self.tops, y, self.default_height)
        return column, x - self.left(column + 1), row, y - self.top(row + 1)

    @staticmethod
    def _index(edges: list[float], value: float, default: float) -> int:
        if value < edges[-1]:
            return max(0, bisect_right(edges, value) - 1)
        return len(edges) - 1 + int((value - edges[-1]) // default)


# ---- the plan ------------------------------------------------------------------------------------



@dataclass(frozen=True)
class Box:
    """A symbol: a step's, or an off-page connector (`step` is then the target step it stands for)."""

    key: str
    kind: str
    step: int
    column: int
    row: int
    x: float
    y: float
    w: float
    h: float
    text: str = ""

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    def site(self, index: int) -> tuple[float, float]:
        """The point of connection site `index` (0 top, 1 left, 2 bottom, 3 right)."""
        return ((self.cx, self.y), (self.x, self.cy), (self.cx, self.y + self.h), (self.x + self.w, self.cy))[index]


@dataclass(frozen=True)
class Link:
    """A connector from a site of one box to a site of another, as the polyline it draws."""

    key: str
    start: str
    start_site: int
    end: str
    end_site: int
    route: str       # straight | elbow (down, across, down) | side (out, lane, in) | side-top (out, lane, across,
                     # down into the top) | corner (across, then down into the top)
    points: tuple[tuple[float, float], ...]
    source: int                               # the flow edge it draws: step numbers and branch
    target: int
    branch: str | None = None


@dataclass(frozen=True)
class Label:
    """A Ya or Tidak text beside the start of a decision's branch."""

    key: str
    text: str
    branch: str
    step: int
    x: float
    y: float
    w: float
    h: float
    align: str = "l"


@dataclass(frozen=True)
class Edge:
    """One arrow of the flow: from step `source` to step `target`, on a decision's branch or not."""

    source: int
    target: int
    branch: str | None = None
    label: str = field(default="", compare=False)   # the branch's own name ("Sudah Benar"), "" for Ya/Tidak


@dataclass
class FlowPlan:
    """Everything the drawing writer needs, and the sheet changes that make room for it."""

    boxes: list[Box]
    links: list[Link]
    labels: list[Label]
    edges: list[Edge]
    column_widths: dict[int, float]       # widths (characters) of columns that had to grow
    row_heights: dict[int, float]         # heights (points) of the step rows, and of a header row that grew
    row_breaks: list[int]                 # the last row of each printed page but the last
    pages: list[list[int]]                # step numbers per printed page
    scale: float
    grid: SheetGrid = field(repr=False)


def symbol_kind(step: Step, index: int, count: int) -> str:
    """The symbol a step is drawn with: terminators first and last, otherwise by its Simbol."""
    if index in (0, count - 1):
        return TERMINATOR
    return {Symbol.DECISION: DECISION, Symbol.TERMINATOR: TERMINATOR}.get(step.symbol, PROCESS)


def flow_edges(sop: SOP) -> list[Edge]:
    """The arrows of the flowchart, in matrix order: each decision's Ya and Tidak, every other step to its next."""
    steps = sop.steps
    edges: list[Edge] = []
    for index, step in enumerate(steps):
        kind = symbol_kind(step, index, len(steps))
        following = steps[index + 1].number if index + 1 < len(steps) else None
        if kind == DECISION:
            ya = step.ya if step.ya is not None else following
            if ya is not None:
                edges.append(Edge(step.number, ya, "ya", step.ya_label))
            if step.tidak is not None:
                edges.append(Edge(step.number, step.tidak, "tidak", step.tidak_label))
        elif index == len(steps) - 1 or (kind == TERMINATOR and index > 0):
            continue
        else:
            target = step.ya if step.ya is not None else following
            if target is not None:
                edges.append(Edge(step.number, target, None))
    return edges


def _check(sop: SOP, rows: dict[int, int]) -> None:
    roles = len(sop.roles)
    if not roles and sop.steps:
        raise SopxlError("the matrix has no Pelaksana columns, so no symbol has a column", sheet=L.AKTIVITAS,
                         cell="C2", fix="add one column per Pelaksana (jabatan) between Kegiatan and Kelengkapan")
    seen: set[int] = set()
    for step in sop.steps:
        row = rows[step.number]
        if step.number in seen:
            raise SopxlError(f"step number {step.number} appears twice", sheet=L.AKTIVITAS,
                             cell=L.cell_ref(row, L.aktivitas_column("no", roles)),
                             fix="number the steps 1, 2, 3… so every arrow has one target")
        seen.add(step.number)
        if step.pelaksana is None:
            found = f"{len(step.marks)} Pelaksana marks" if step.marks else "no Pelaksana mark"
            raise SopxlError(f"step {step.number} has {found}; its symbol needs exactly one column",
                             sheet=L.AKTIVITAS, cell=L.cell_ref(row, L.aktivitas_column("role:0", roles)),
                             fix="mark exactly one Pelaksana column with x, then draw again")
        if step.pelaksana not in sop.roles:
            raise SopxlError(f"step {step.number} names the Pelaksana {step.pelaksana!r}, which has no column",
                             sheet=L.AKTIVITAS, cell=L.cell_ref(row, L.aktivitas_column("role:0", roles)),
                             fix="mark one of the Pelaksana columns of the matrix")
    for edge in flow_edges(sop):
        key = edge.branch or "ya"
        cell = L.cell_ref(rows[edge.source], L.aktivitas_column(key, roles))
        if edge.target not in seen:
            raise SopxlError(f"step {edge.source} goes to step {edge.target}, which does not exist",
                             sheet=L.AKTIVITAS, cell=cell, fix="write the number of an existing step")
        if edge.target == edge.source:
            raise SopxlError(f"step {edge.source} goes back to itself", sheet=L.AKTIVITAS, cell=cell,
                             fix="return to the step that has to redo the work")


@dataclass
class _Side:
    """A side-routed edge: which side it leaves and enters by, and its lane."""

    edge: Edge
    side: str              # "left" or "right": the side it leaves by
    entry: str             # the side it enters by: the same, or "top" when that side of the target is taken
    column: int            # the Pelaksana column whose margin holds the lane
    first_row: int
    last_row: int
    slot: int = 0


def plan(sop: SOP, widths: dict[int, float], heights: dict[int, float], page: Page | None = None,
         header_rows: int = L.AKTIVITAS_HEADER_ROWS) -> FlowPlan:
    """Lay out the flowchart of `sop` on its Aktivitas sheet.

    `widths` are the sheet's column widths in characters and `heights` its custom row heights in
    points (rows of neither use the defaults). Steps without a sheet row (an SOP built in memory) are
    taken to sit on consecutive rows from the first step row, as a new workbook writes them.
    """
    page = page or Page()
    steps = sop.steps
    roles = len(sop.roles)
    rows = {s.number: (s.row if s.row is not None else L.AKTIVITAS_FIRST_ROW + i) for i, s in enumerate(steps)}
    _check(sop, rows)
    kinds = {s.number: symbol_kind(s, i, len(steps)) for i, s in enumerate(steps)}
    columns = {s.number: L.aktivitas_column(f"role:{sop.roles.index(s.pelaksana)}", roles) for s in steps}
    co_columns = {s.number: [L.aktivitas_column(f"role:{sop.roles.index(r)}", roles) for r in s.co_pelaksana
                             if r in sop.roles and r != s.pelaksana] for s in steps}
    first_role = L.aktivitas_column("role:0", roles)
    last_role = first_role + roles - 1
    edges = flow_edges(sop)

    sides, used = _side_routes(steps, edges, rows, columns, co_columns)
    new_widths = _widened(sides, widths, first_role, last_role, roles)
    all_widths = {**widths, **new_widths}
    printed = sum(column_pt(all_widths.get(c, DEFAULT_COLUMN_WIDTH)) for c in range(1, L.printed_columns(roles) + 1))
    scale = page.scale_for(printed)
    fitted = _fit_rows(sop, kinds, rows, all_widths, heights, header_rows, page.body_height(scale))
    last_row = max(rows.values(), default=L.AKTIVITAS_FIRST_ROW)
    grid = SheetGrid(all_widths, {**heights, **fitted.header_heights, **fitted.row_heights},
                     max(L.printed_columns(roles), last_role), last_row)
    boxes = _symbols(steps, kinds, rows, columns, co_columns, grid, fitted)

    # the connectors and labels
    router = _Router(boxes, grid, rows, columns, first_role, last_role, used)
    by_edge = {(s.edge.source, s.edge.target, s.edge.branch): s for s in sides}
    page_of = {n: i for i, p in enumerate(fitted.pages) for n in p}
    for edge in edges:
        cross = page_of[edge.source] != page_of[edge.target]
        side = by_edge.get((edge.source, edge.target, edge.branch))
        if side is None:
            router.down(edge, cross)
        else:
            router.side(edge, side, cross)
    for step in steps:
        router.joint(step.number, co_columns[step.number])
    breaks = [rows[p[-1]] for p in fitted.pages[:-1]]
    return FlowPlan(boxes=list(router.boxes.values()), links=router.links, labels=router.labels, edges=edges,
                    column_widths=new_widths, row_heights={**fitted.row_heights, **fitted.header_heights},
                    row_breaks=breaks, pages=fitted.pages, scale=scale, grid=grid)


def _side_routes(steps, edges, rows: dict[int, int], columns: dict[int, int],
                 co_columns: dict[int, list[int]]) -> tuple[list[_Side], set[tuple[int, str]]]:
    """Which edges go round by the side (the others go down to the next row), on which side and lane.

    Each side of a symbol carries one side-routed arrow, so arrows never share a stretch of line and
    an off-page connector beside a symbol is never crossed: a review returned to a reviewer who
    returns work himself enters that reviewer by the other side. Edges are placed in matrix order,
    Tidak before Ya, each on its nearer side when both ends have it free; when the target has no
    free side the arrow comes down into its top, beside the arrow from the row above (a step
    touched by three or more such arrows may have to share a side). Returns the routes and the
    sides taken, (step, side).
    """
    order = {s.number: i for i, s in enumerate(steps)}
    sides: list[_Side] = []
    # the side toward a co-Pelaksana carries the joint arrow, so no side-routed arrow leaves or enters there
    used: set[tuple[int, str]] = {(n, "right" if c > columns[n] else "left") for n, cols in co_columns.items()
                                  for c in cols}
    for edge in sorted(edges, key=lambda e: (order[e.source], e.branch != "tidak")):
        if order[edge.target] == order[edge.source] + 1:
            continue
        s_col, t_col = columns[edge.source], columns[edge.target]
        nearer = "left" if t_col <= s_col else "right"
        choices = (nearer, "right" if nearer == "left" else "left")
        side = next((c for c in choices if (edge.source, c) not in used and (edge.target, c) not in used), None)
        entry = side
        if side is None:
            side, entry = next((c for c in choices if (edge.source, c) not in used), nearer), "top"
        used.add((edge.source, side))
        if entry != "top":
            used.add((edge.target, entry))
        lane_column = min(s_col, t_col) if side == "left" else max(s_col, t_col)
        span = sorted((rows[edge.source], rows[edge.target]))
        sides.append(_Side(edge, side, entry, lane_column, span[0], span[1]))
    _assign_slots(sides)
    return sides, used


def _widened(sides: list[_Side], widths: dict[int, float], first_role: int, last_role: int,
             roles: int) -> dict[int, float]:
    """The Pelaksana columns made wider, with their new widths: room for the symbols and the lanes in the margins."""
    new_widths: dict[int, float] = {}
    for column in range(first_role, last_role + 1):
        lanes = {side: 1 + max((s.slot for s in sides if s.column == column and s.side == side), default=-1)
                 for side in ("left", "right")}
        margin = max(_margin(lanes["left"]), _margin(lanes["right"]))
        if roles == 1:      # no neighbouring Pelaksana column: off-page connectors sit beside the symbols
            margin = max(margin, BESIDE_GAP + SIZES[OFFPAGE][0] + SYMBOL_MARGIN)
        needed = SYMBOL_AREA + 2 * margin
        current = widths.get(column, DEFAULT_COLUMN_WIDTH)
        if column_pt(current) < needed:
            new_widths[column] = width_for(needed)
    return new_widths


@dataclass
class _FittedRows:
    """Row heights that fit the printed texts and the symbols, and the steps of each printed page."""

    row_heights: dict[int, float]       # sheet row of each step -> height
    header_heights: dict[int, float]    # the label row when the Pelaksana names need more lines
    pages: list[list[int]]              # step numbers per page
    top_reserve: set[int]               # steps with room kept above for an off-page connector
    bottom_reserve: set[int]            # and below


def _fit_rows(sop: SOP, kinds: dict[int, str], rows: dict[int, int], widths: dict[int, float],
              heights: dict[int, float], header_rows: int, body_height: float) -> _FittedRows:
    """Row heights from the text of the printed columns and the symbol, then the page breaks."""
    roles = len(sop.roles)
    text_keys = [k for k in L.aktivitas_columns(roles)[:L.printed_columns(roles)] if not k.startswith("role:")]
    base: dict[int, float] = {}
    for step in sop.steps:
        texts = {"no": str(step.number), "kegiatan": step.kegiatan, "kelengkapan": step.kelengkapan,
                 "waktu": step.waktu, "output": step.output, "keterangan": step.keterangan}
        needed = max([text_height(texts[k], widths.get(L.aktivitas_column(k, roles), DEFAULT_COLUMN_WIDTH))
                      for k in text_keys] + [SIZES[kinds[step.number]][1] + 2 * PAD])
        base[step.number] = math.ceil(needed * 4) / 4
    # the Pelaksana names wrap in their header cells: the label row grows when one needs more lines
    label_height = max((text_height(name, widths.get(L.aktivitas_column(f"role:{i}", roles), DEFAULT_COLUMN_WIDTH),
                                    bold=True) for i, name in enumerate(sop.roles)), default=0.0)
    header_heights = {}
    if label_height > heights.get(header_rows, DEFAULT_ROW_HEIGHT):
        header_heights[header_rows] = math.ceil(label_height * 4) / 4
    heights = {**heights, **header_heights}
    header_height = sum(heights.get(r, DEFAULT_ROW_HEIGHT) for r in range(1, header_rows + 1))
    room = body_height * PAGE_SAFETY - header_height
    pages = _paginate([s.number for s in sop.steps], base, room)
    top_reserve = {p[0] for p in pages[1:]}
    bottom_reserve = {p[-1] for p in pages[:-1]}
    row_heights = {rows[n]: min(MAX_ROW_HEIGHT, base[n] + OFFPAGE_RESERVE * ((n in top_reserve) + (n in bottom_reserve)))
                   for n in base}
    return _FittedRows(row_heights, header_heights, pages, top_reserve, bottom_reserve)


def _symbols(steps, kinds: dict[int, str], rows: dict[int, int], columns: dict[int, int],
             co_columns: dict[int, list[int]], grid: SheetGrid, fitted: _FittedRows) -> dict[str, Box]:
    """The symbols, centred in their cells (below or above the room kept for off-page connectors)."""
    boxes: dict[str, Box] = {}
    for step in steps:
        n, row, column = step.number, rows[step.number], columns[step.number]
        w, h = SIZES[kinds[n]]
        top = grid.top(row) + (OFFPAGE_RESERVE if n in fitted.top_reserve else 0)
        bottom = grid.top(row + 1) - (OFFPAGE_RESERVE if n in fitted.bottom_reserve else 0)
        cx = (grid.left(column) + grid.left(column + 1)) / 2
        boxes[f"step:{n}"] = Box(f"step:{n}", kinds[n], n, column, row, cx - w / 2, (top + bottom) / 2 - h / 2, w, h)
        kind = PROCESS if kinds[n] == DECISION else kinds[n]
        for co in co_columns[n]:
            cw, ch = SIZES[kind]
            ccx = (grid.left(co) + grid.left(co + 1)) / 2
            boxes[f"co:{n}:{co}"] = Box(f"co:{n}:{co}", kind, n, co, row, ccx - cw / 2, (top + bottom) / 2 - ch / 2, cw, ch)
    return boxes


def _margin(lanes: int) -> float:
    return LANE_CLEAR + (lanes - 1) * LANE_GAP + LANE_EDGE if lanes else SYMBOL_MARGIN


def _assign_slots(sides: list[_Side]) -> None:
    """Give lanes sharing a column margin distinct slots; shorter spans run nearer the symbols."""
    placed: dict[tuple[int, str], list[_Side]] = {}
    for item in sorted(sides, key=lambda s: (s.last_row - s.first_row, s.first_row)):
        group = placed.setdefault((item.column, item.side), [])
        busy = {o.slot for o in group if o.first_row <= item.last_row and item.first_row <= o.last_row}
        item.slot = next(k for k in range(len(group) + 1) if k not in busy)
        group.append(item)


def _paginate(numbers: list[int], heights: dict[int, float], room: float) -> list[list[int]]:
    """Steps per printed page: as many rows as fit, keeping room for the off-page connectors."""
    pages: list[list[int]] = []
    current: list[int] = []
    used = 0.0
    for n in numbers:
        top = OFFPAGE_RESERVE if pages and not current else 0.0
        if current and used + heights[n] + OFFPAGE_RESERVE > room:
            pages.append(current)
            current, used, top = [], 0.0, OFFPAGE_RESERVE
        current.append(n)
        used += heights[n] + top
    if current:
        pages.append(current)
    return pages


class _Router:
    """Builds the links, off-page connectors and labels of the edges, one edge at a time."""

    def __init__(self, boxes: dict[str, Box], grid: SheetGrid, rows: dict[int, int], columns: dict[int, int],
                 first_role: int, last_role: int, used: set[tuple[int, str]]):
        self.boxes = boxes
        self.grid = grid
        self.rows = rows
        self.columns = columns
        self.first_role = first_role
        self.last_role = last_role
        self.used = used           # (step, side) pairs that carry a side-routed arrow
        self.links: list[Link] = []
        self.labels: list[Label] = []

    def _link(self, key: str, start: Box, start_site: int, end: Box, end_site: int, route: str,
              points: list[tuple[float, float]], edge: Edge) -> None:
        self.links.append(Link(key, start.key, start_site, end.key, end_site, route, tuple(points),
                               edge.source, edge.target, edge.branch))

    def _label(self, edge: Edge, box: Box, site: int, toward: float | None = None) -> None:
        """Label a decision's branch where it leaves `box`, on the side of the line that the line does not turn to.

        Leaving at the bottom, the label goes left of the line when the line turns right (`toward` is
        the x it runs to). Leaving by the side, it goes below the line when the line turns up to its lane
        (`toward` is then the y of the target), above it otherwise.
        """
        if edge.branch is None:
            return
        text = edge.label or ("Ya" if edge.branch == "ya" else "Tidak")
        w, h = max(LABEL_WIDTHS[edge.branch], label_width(text)), LABEL_HEIGHT
        x, y = box.site(site)
        if site == 2:
            place = (x - w - 3, y + 1, "r") if toward is not None and toward > x + 0.01 else (x + 3, y + 1, "l")
        else:
            top = y + 1 if toward is not None and toward < y else y - h - 1
            place = (x - w - 2, top, "r") if site == 1 else (x + 2, top, "l")
        self.labels.append(Label(f"label:{edge.source}:{edge.branch}", text, edge.branch, edge.source,
                                 place[0], place[1], w, h, place[2]))

    def joint(self, step: int, co_columns: list[int]) -> None:
        """Straight arrows from a joint step's main symbol to its co-Pelaksana symbols on the same row."""
        main = self.boxes[f"step:{step}"]
        for column in co_columns:
            co = self.boxes[f"co:{step}:{column}"]
            start, end = (3, 1) if co.cx > main.cx else (1, 3)
            self._link(f"joint:{step}>{column}", main, start, co, end, "straight", [main.site(start), co.site(end)],
                       Edge(step, step))

    @staticmethod
    def _key(edge: Edge) -> str:
        return f"edge:{edge.source}>{edge.target}" + (f":{edge.branch}" if edge.branch else "")

    def _offpage(self, key: str, target: int, column: int, row: int, cx: float, cy: float) -> Box:
        w, h = SIZES[OFFPAGE]
        box = Box(key, OFFPAGE, target, column, row, cx - w / 2, cy - h / 2, w, h, str(target))
        self.boxes[key] = box
        return box

    def down(self, edge: Edge, cross: bool) -> None:
        """The edge to the next row: bottom to top, or through a pair of off-page connectors."""
        source, target = self.boxes[f"step:{edge.source}"], self.boxes[f"step:{edge.target}"]
        key = self._key(edge)
        self._label(edge, source, 2, None if cross else target.cx)
        if cross:
            bottom = self.grid.top(source.row + 1)
            out = self._offpage(f"offpage:{edge.source}>{edge.target}:out", edge.target, source.column, source.row,
                                source.cx, bottom - OFFPAGE_GAP - SIZES[OFFPAGE][1] / 2)
            into = self._offpage(f"offpage:{edge.source}>{edge.target}:in", edge.target, target.column, target.row,
                                 target.cx, self.grid.top(target.row) + OFFPAGE_GAP + SIZES[OFFPAGE][1] / 2)
            self._link(key + ":out", source, 2, out, 0, "straight", [source.site(2), out.site(0)], edge)
            self._link(key + ":in", into, 2, target, 0, "straight", [into.site(2), target.site(0)], edge)
            return
        start, end = source.site(2), target.site(0)
        if abs(start[0] - end[0]) < 0.01:
            self._link(key, source, 2, target, 0, "straight", [start, end], edge)
            return
        # across just above the source row's bottom border: clear of the border line and of both symbols
        across = self.grid.top(source.row + 1) - ELBOW_DROP
        self._link(key, source, 2, target, 0, "elbow",
                   [start, (start[0], across), (end[0], across), end], edge)

    def side(self, edge: Edge, side: _Side, cross: bool) -> None:
        """An edge that leaves by the side, runs up or down a lane and enters its target by the side."""
        source, target = self.boxes[f"step:{edge.source}"], self.boxes[f"step:{edge.target}"]
        key = self._key(edge)
        if cross:
            self._side_offpage(edge, side, source, target, key)
            return
        site = 1 if side.side == "left" else 3
        self._label(edge, source, site, target.cy)
        grid = self.grid
        if side.side == "left":
            lane = grid.left(side.column) + (grid.left(side.column + 1) - grid.left(side.column)) / 2 \
                - SYMBOL_AREA / 2 - LANE_CLEAR - side.slot * LANE_GAP
        else:
            lane = grid.left(side.column) + (grid.left(side.column + 1) - grid.left(side.column)) / 2 \
                + SYMBOL_AREA / 2 + LANE_CLEAR + side.slot * LANE_GAP
        start = source.site(site)
        if side.entry == "top":
            end, above = target.site(0), target.y - PAD / 2
            self._link(key, source, site, target, 0, "side-top",
                       [start, (lane, start[1]), (lane, above), (end[0], above), end], edge)
            return
        end = target.site(site)
        self._link(key, source, site, target, site, "side", [start, (lane, start[1]), (lane, end[1]), end], edge)

    def _beside(self, step: Box, side: str, free_only: bool) -> tuple[int, float, str]:
        """Where an off-page connector beside a step goes (column, centre x, side): centred in the
        Pelaksana column on `side`; at the edge of the Pelaksana columns in the one on the other side
        (when `free_only`, only if that side of the step is free); else beside the symbol in its own
        column's margin."""
        other = "right" if side == "left" else "left"
        for choice in (side, other):
            there = step.column - 1 if choice == "left" else step.column + 1
            if self.first_role <= there <= self.last_role and \
                    (choice == side or not free_only or (step.step, choice) not in self.used):
                if free_only:
                    self.used.add((step.step, choice))
                return there, (self.grid.left(there) + self.grid.left(there + 1)) / 2, choice
        offset = SYMBOL_AREA / 2 + BESIDE_GAP + SIZES[OFFPAGE][0] / 2
        return step.column, step.cx - offset if side == "left" else step.cx + offset, side

    def _side_offpage(self, edge: Edge, side: _Side, source: Box, target: Box, key: str) -> None:
        out_col, out_x, out_side = self._beside(source, side.side, True)
        out = self._offpage(f"offpage:{edge.source}>{edge.target}:out", edge.target, out_col, source.row,
                            out_x, source.cy)
        s_site = 1 if out_side == "left" else 3
        self._label(edge, source, s_site)
        self._link(key + ":out", source, s_site, out, 4 - s_site, "straight", [source.site(s_site), out.site(4 - s_site)], edge)
        if side.entry == "top":
            # beside the target just above its symbol, then across and down into its top
            toward = "right" if source.column > target.column else "left"
            in_col, in_x, in_side = self._beside(target, toward, False)
            above = target.y - PAD / 2
            into = self._offpage(f"offpage:{edge.source}>{edge.target}:in", edge.target, in_col, target.row, in_x, above)
            site = 1 if in_side == "right" else 3
            self._link(key + ":in", into, site, target, 0, "corner", [into.site(site), (target.cx, above), target.site(0)],
                       edge)
            return
        in_col, in_x, in_side = self._beside(target, side.entry, True)
        into = self._offpage(f"offpage:{edge.source}>{edge.target}:in", edge.target, in_col, target.row,
                             in_x, target.cy)
        t_site = 1 if in_side == "left" else 3
        self._link(key + ":in", into, 4 - t_site, target, t_site, "straight", [into.site(4 - t_site), target.site(t_site)], edge)
