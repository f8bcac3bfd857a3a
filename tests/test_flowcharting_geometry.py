"""The flowchart's geometry (sopxl.flowcharting.geometry): pure, checked on real SOPs and on generated ones."""

import json
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sopxl import layout as L
from sopxl.errors import SopxlError
from sopxl.flowcharting.geometry import (DECISION, OFFPAGE, PROCESS, TERMINATOR, Page, SheetGrid, column_px, flow_edges,
                              plan, text_height, width_for)
from sopxl.domain.model import SOP, Step, Symbol

DATA = Path(__file__).resolve().parent / "data" / "flowchart"
ROLE_WIDTH = 13.7109375          # what the template writes for a Pelaksana column
TEXT_WIDTHS = {"no": 5.7109375, "kegiatan": 42.7109375, "kelengkapan": 22.7109375, "waktu": 11.7109375,
               "output": 22.7109375, "keterangan": 20.7109375}
HEADER = {1: 20.25, 2: 32.25}


def sheet_widths(roles: int) -> dict[int, float]:
    keys = L.aktivitas_columns(roles)[:L.printed_columns(roles)]
    return {i: (ROLE_WIDTH if key.startswith("role:") else TEXT_WIDTHS[key]) for i, key in enumerate(keys, start=1)}


def load_sop(name: str) -> SOP:
    return SOP.from_dict(json.loads((DATA / f"{name}.sop.json").read_text(encoding="utf-8")))


# ---- units -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("width, pixels", [(9.140625, 64), (13.7109375, 96), (42.7109375, 299), (5.7109375, 40),
                                           (0, 0)])
def test_column_pixels_follow_excels_rule(width, pixels):
    assert column_px(width) == pixels


@given(st.floats(min_value=5, max_value=600))
def test_width_for_is_the_narrowest_width_that_is_wide_enough(points):
    width = width_for(points)
    assert column_px(width) * 0.75 >= points
    assert column_px(width - 1 / 256) * 0.75 < points


def test_text_grows_by_lines_when_the_column_is_narrow():
    text = "memeriksa usulan. Jika setuju menyampaikan kepada Karo, jika tidak dikembalikan kepada Kasubbag"
    wide, narrow = text_height(text, 100), text_height(text, 20)
    assert wide < narrow
    assert text_height("satu\ndua\ntiga", 100) == pytest.approx(3 * 12.75 + 5)
    assert text_height("", 40) == 0


def test_grid_turns_points_into_cells_and_back():
    grid = SheetGrid({1: 13.7109375}, {2: 30.0}, last_column=3, last_row=4)
    assert grid.left(2) == 72 and grid.top(3) == 45
    assert grid.cell(80, 50) == (1, 8, 2, 5)
    column, x, row, y = grid.cell(1000, 1000)       # beyond the known rows and columns: defaults
    assert grid.left(column + 1) + x == pytest.approx(1000) and grid.top(row + 1) + y == pytest.approx(1000)


# ---- edges and symbols --------------------------------------------------------------------------

def test_edges_of_a_review_chain():
    sop = SOP(roles=["Kasubbag", "Kabag", "Karo"], steps=[
        Step(1, "mengajukan", ["Kasubbag"], Symbol.TERMINATOR),
        Step(2, "memeriksa", ["Kabag"], Symbol.DECISION, ya=3, tidak=1),
        Step(3, "memeriksa", ["Karo"], Symbol.DECISION, tidak=2),
        Step(4, "menetapkan", ["Karo"], Symbol.PROCESS)])
    assert [(e.source, e.target, e.branch) for e in flow_edges(sop)] == [
        (1, 2, None), (2, 3, "ya"), (2, 1, "tidak"), (3, 4, "ya"), (3, 2, "tidak")]
    flow = plan(sop, sheet_widths(3), HEADER)
    kinds = {b.step: b.kind for b in flow.boxes if b.kind != OFFPAGE}
    assert kinds == {1: TERMINATOR, 2: DECISION, 3: DECISION, 4: TERMINATOR}   # the last step ends the flow
    # a side of a symbol carries one returning arrow: 3's Tidak enters 2 by the side 2's Tidak does not use
    sites = {(l.source, l.target): (l.start_site, l.end_site) for l in flow.links}
    assert sites[(2, 1)] == (1, 1) and sites[(3, 2)] == (3, 3)
    assert sites[(1, 2)] == (2, 0) and sites[(3, 4)] == (2, 0)
    assert {l.route for l in flow.links if (l.source, l.target) == (3, 4)} == {"straight"}   # same column
    assert {l.route for l in flow.links if (l.source, l.target) == (1, 2)} == {"elbow"}


@pytest.mark.parametrize("change, cell, words", [
    (lambda s: setattr(s.steps[1], "marks", ["Kabag", "Karo"]), "C4", "2 Pelaksana marks"),
    (lambda s: setattr(s.steps[1], "marks", []), "C4", "no Pelaksana mark"),
    (lambda s: setattr(s.steps[1], "tidak", 9), "L4", "does not exist"),
    (lambda s: setattr(s.steps[1], "tidak", 2), "L4", "back to itself"),
    (lambda s: setattr(s.steps[2], "number", 2), "A5", "appears twice"),
])
def test_what_cannot_be_drawn_is_named_by_its_cell(change, cell, words):
    sop = SOP(roles=["Kasubbag", "Kabag", "Karo"], steps=[
        Step(1, "mengajukan", ["Kasubbag"]), Step(2, "memeriksa", ["Kabag"], Symbol.DECISION, ya=3, tidak=1),
        Step(3, "menetapkan", ["Karo"])])
    change(sop)
    with pytest.raises(SopxlError) as caught:
        plan(sop, sheet_widths(3), HEADER)
    assert caught.value.sheet == L.AKTIVITAS and caught.value.cell == cell and words in caught.value.message


def test_sixty_steps_span_pages_that_fit_the_paper():
    sop = load_sop("sixty_steps")
    page = Page()
    flow = plan(sop, sheet_widths(len(sop.roles)), HEADER, page)
    assert len(flow.pages) >= 4 and [n for p in flow.pages for n in p] == [s.number for s in sop.steps]
    rows = {s.number: L.AKTIVITAS_FIRST_ROW + i for i, s in enumerate(sop.steps)}
    assert flow.row_breaks == [rows[p[-1]] for p in flow.pages[:-1]]
    room = (page.height - page.top - page.bottom) / flow.scale
    for steps in flow.pages:
        assert sum(HEADER.values()) + sum(flow.row_heights[rows[n]] for n in steps) <= room
    # every arrow between two pages goes through a pair of off-page connectors naming its target
    page_of = {n: i for i, p in enumerate(flow.pages) for n in p}
    crossing = [e for e in flow.edges if page_of[e.source] != page_of[e.target]]
    assert len(crossing) >= len(flow.pages) - 1
    for edge in crossing:
        pair = [b for b in flow.boxes if b.kind == OFFPAGE and b.key.startswith(f"offpage:{edge.source}>{edge.target}:")]
        assert sorted(b.key.rsplit(":", 1)[1] for b in pair) == ["in", "out"]
        assert all(b.text == str(edge.target) for b in pair)


# ---- properties over generated SOPs ------------------------------------------------------------------

@st.composite
def sops(draw) -> SOP:
    """SOPs as authors write them: a chain of steps, some decisions returning to an earlier step or
    skipping ahead, no step touched by more than two returns or skips."""
    roles = [f"Peran {i}" for i in range(draw(st.integers(1, 6)))]
    count = draw(st.integers(2, 24))
    steps = []
    touched: dict[int, int] = {}
    for n in range(1, count + 1):
        text = draw(st.text(alphabet="abcdefghij klmnop", min_size=0, max_size=300))
        step = Step(n, text, [draw(st.sampled_from(roles))])
        if 1 < n < count and draw(st.booleans()):
            step.symbol = Symbol.DECISION
            targets = [t for t in range(1, n) if touched.get(t, 0) < 2]
            if targets and touched.get(n, 0) < 2 and draw(st.booleans()):
                step.tidak = draw(st.sampled_from(targets))
                touched[step.tidak] = touched.get(step.tidak, 0) + 1
                touched[n] = touched.get(n, 0) + 1
            ahead = [t for t in range(n + 2, count + 1) if touched.get(t, 0) < 2]
            if ahead and touched.get(n, 0) < 2 and draw(st.integers(0, 3)) == 0:
                step.ya = draw(st.sampled_from(ahead))
                touched[step.ya] = touched.get(step.ya, 0) + 1
                touched[n] = touched.get(n, 0) + 1
        steps.append(step)
    return SOP(roles=roles, steps=steps)


def _segments(points):
    return list(zip(points, points[1:]))


def _crosses(segment, box, inset=1.0) -> bool:
    """True when an axis-parallel segment runs through the inside of `box` (shrunk by `inset`)."""
    (x1, y1), (x2, y2) = segment
    left, right, top, bottom = box.x + inset, box.x + box.w - inset, box.y + inset, box.y + box.h - inset
    if abs(y1 - y2) < 1e-6:          # horizontal
        return top < y1 < bottom and min(x1, x2) < right and max(x1, x2) > left
    return left < x1 < right and min(y1, y2) < bottom and max(y1, y2) > top


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sops(), st.sampled_from([1.0, 0.5]))
def test_every_arrow_is_drawn_between_sites_and_crosses_no_symbol(sop, paper):
    page = Page(height=595.28 * paper)        # short pages too, so that arrows cross page breaks
    flow = plan(sop, sheet_widths(len(sop.roles)), HEADER, page)
    boxes = {b.key: b for b in flow.boxes}
    grid = flow.grid
    for index, step in enumerate(sop.steps):
        box = boxes[f"step:{step.number}"]
        row = L.AKTIVITAS_FIRST_ROW + index
        column = L.aktivitas_column(f"role:{sop.roles.index(step.pelaksana)}", len(sop.roles))
        assert (box.row, box.column) == (row, column)
        assert grid.left(column) < box.x and box.x + box.w < grid.left(column + 1)
        assert grid.top(row) < box.y and box.y + box.h < grid.top(row + 1)
        assert box.cx == pytest.approx((grid.left(column) + grid.left(column + 1)) / 2)
    drawn: dict[tuple, list] = {}
    for link in flow.links:
        drawn.setdefault((link.source, link.target, link.branch), []).append(link)
        start, end = boxes[link.start], boxes[link.end]
        assert link.points[0] == pytest.approx(start.site(link.start_site))
        assert link.points[-1] == pytest.approx(end.site(link.end_site))
        for a, b in _segments(link.points):
            assert math.isclose(a[0], b[0], abs_tol=1e-6) or math.isclose(a[1], b[1], abs_tol=1e-6)
            for other in flow.boxes:
                assert not _crosses((a, b), other), (link.key, other.key)
    assert sorted(drawn) == sorted((e.source, e.target, e.branch) for e in flow.edges)
    for links in drawn.values():
        assert len(links) in (1, 2)      # directly, or out to an off-page connector and in from its twin
    # a side of a symbol is an exit or an entry of one returning arrow, never both
    ends = [(l.start, l.start_site) for l in flow.links if l.start_site in (1, 3) and l.start.startswith("step")]
    ends += [(l.end, l.end_site) for l in flow.links if l.end_site in (1, 3) and l.end.startswith("step")]
    assert len(ends) == len(set(ends))
    for step in sop.steps:
        if boxes[f"step:{step.number}"].kind == DECISION:
            branches = {e.branch for e in flow.edges if e.source == step.number}
            assert {l.branch for l in flow.labels if l.step == step.number} == branches
    for page_steps in flow.pages:
        rows = [L.AKTIVITAS_FIRST_ROW + [s.number for s in sop.steps].index(n) for n in page_steps]
        heights = sum(flow.row_heights[r] for r in rows)
        assert len(page_steps) == 1 or heights + sum(HEADER.values()) <= page.body_height(flow.scale)


def test_symbols_follow_the_rows_of_the_sheet_not_their_order():
    """A blank row between two steps, as an author may leave one: the symbol sits in the step's row."""
    sop = SOP(roles=["A", "B"], steps=[Step(1, "x", ["A"]), Step(2, "y", ["B"], row=6), Step(3, "z", ["A"], row=7)])
    sop.steps[0].row = 3
    flow = plan(sop, sheet_widths(2), HEADER)
    assert {b.step: b.row for b in flow.boxes} == {1: 3, 2: 6, 3: 7}
    assert {b.step: b.kind for b in flow.boxes} == {1: TERMINATOR, 2: PROCESS, 3: TERMINATOR}
