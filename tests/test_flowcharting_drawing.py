"""`sopxl flowchart`: the flowchart as DrawingML shapes in real workbooks, read back from the drawing part."""

import datetime as dt
import json
import posixpath
import re
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

import sopxl
from sopxl import api
from sopxl import layout as L
from sopxl.cli import cli
from sopxl.flowcharting.drawing import connector_path, connector_points
from sopxl.flowcharting.geometry import SheetGrid
from sopxl.domain.model import SOP, Symbol
from sopxl.xlsx.workbook import create, template_calendar
from sopxl.xlsx.patch import Package

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "workbooks" / "sources"
DATA = Path(__file__).resolve().parent / "data" / "flowchart"
NS = {"xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
for _prefix, _uri in NS.items():
    ElementTree.register_namespace(_prefix, _uri)
EMU = 12700
TODAY = dt.date(2026, 11, 20)
PRESET = {"terminator": "flowChartTerminator", "process": "flowChartProcess", "decision": "flowChartDecision"}


# ---- reading a drawn workbook back, independently of sopxl's writer -------------------------------------

def _rels(archive: zipfile.ZipFile, part: str) -> dict[str, str]:
    name = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
    root = ElementTree.fromstring(archive.read(name))
    return {r.get("Id"): posixpath.normpath(posixpath.join(posixpath.dirname(part), r.get("Target")))
            for r in root}


def drawing_of(path: Path) -> tuple[str, ElementTree.Element, str]:
    """(drawing part, its root, the Aktivitas sheet XML), following workbook -> sheet -> drawing relationships."""
    with zipfile.ZipFile(path) as archive:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        sheet = next(s for s in workbook.iter("{http://schemas.openxmlformats.org/spreadsheetml/2006/main}sheet")
                     if s.get("name") == L.AKTIVITAS)
        sheet_part = _rels(archive, "xl/workbook.xml")[sheet.get(R_ID)]
        sheet_xml = archive.read(sheet_part).decode("utf-8")
        drawing = ElementTree.fromstring(sheet_xml).find(
            "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}drawing")
        part = _rels(archive, sheet_part)[drawing.get(R_ID)]
        types = archive.read("[Content_Types].xml").decode("utf-8")
        assert f'PartName="/{part}" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"' in types
        return part, ElementTree.fromstring(archive.read(part)), sheet_xml


def shapes(path: Path) -> dict[str, dict]:
    """Every shape of the Aktivitas drawing by name: kind, id, anchor cells, box (points), geometry, text, glue."""
    _, root, _ = drawing_of(path)
    found = {}
    for anchor in root:
        shape = anchor[2]
        kind = shape.tag.split("}")[1]
        nv = shape.find("xdr:nvSpPr/xdr:cNvPr", NS) if kind == "sp" else shape.find("xdr:nvCxnSpPr/xdr:cNvPr", NS)
        xfrm = shape.find("xdr:spPr/a:xfrm", NS)
        off, ext = xfrm.find("a:off", NS), xfrm.find("a:ext", NS)
        cell = {tag: tuple(int(anchor.find(f"xdr:{tag}/xdr:{k}", NS).text) for k in ("col", "row"))
                for tag in ("from", "to")}
        item = {"kind": kind, "id": nv.get("id"), "cells": cell, "xml": ElementTree.tostring(shape, "unicode"),
                "box": (int(off.get("x")) / EMU, int(off.get("y")) / EMU, int(ext.get("cx")) / EMU, int(ext.get("cy")) / EMU),
                "prst": shape.find("xdr:spPr/a:prstGeom", NS).get("prst") if shape.find("xdr:spPr/a:prstGeom", NS) is not None else None,
                "text": "".join(t.text or "" for t in shape.iter(f"{{{NS['a']}}}t"))}
        if kind == "cxnSp":
            item["start"] = shape.find("xdr:nvCxnSpPr/xdr:cNvCxnSpPr/a:stCxn", NS).attrib
            item["end"] = shape.find("xdr:nvCxnSpPr/xdr:cNvCxnSpPr/a:endCxn", NS).attrib
        assert nv.get("name") not in found
        found[nv.get("name")] = item
    return found


def site(box: tuple[float, float, float, float], index: int) -> tuple[float, float]:
    x, y, w, h = box
    return ((x + w / 2, y), (x, y + h / 2), (x + w / 2, y + h), (x + w, y + h / 2))[int(index)]


def expected_edges(sop: SOP) -> set[tuple[int, int, str | None]]:
    """The arrows the official flowchart has: decisions' Ya (default: next) and Tidak, every other step to the next."""
    edges = set()
    steps = sop.steps
    for index, step in enumerate(steps):
        following = steps[index + 1].number if index + 1 < len(steps) else None
        if 0 < index < len(steps) - 1 and step.symbol == Symbol.DECISION:
            edges.add((step.number, step.ya or following, "ya"))
            if step.tidak:
                edges.add((step.number, step.tidak, "tidak"))
        elif following is not None:
            edges.add((step.number, step.ya or following, None))
    return edges


def load_fixture(name: str) -> SOP:
    return SOP.from_dict(json.loads((DATA / f"{name}.sop.json").read_text(encoding="utf-8")))


def fixture_book(tmp_path: Path, name: str) -> Path:
    return create(tmp_path / f"{name}.xlsx", load_fixture(name), calendar=template_calendar(TODAY))


def imported_book(tmp_path: Path, source: str) -> Path:
    path = tmp_path / f"{source}.xlsx"
    api.import_document(SOURCES / f"{source}.txt", path, today=TODAY)
    return path


EXAMPLES = sorted(p.stem for p in SOURCES.glob("*.txt"))


def check_drawing(path: Path) -> dict[str, dict]:
    """Everything the official flowchart must be, read from the file; returns the shapes."""
    sop = api.load(path)
    drawn = shapes(path)
    package = Package(path)
    grid = SheetGrid(package.column_widths(L.AKTIVITAS), package.row_heights(L.AKTIVITAS), 40, 400)
    ids = {item["id"]: name for name, item in drawn.items()}
    assert len(ids) == len(drawn)                                   # unique shape ids
    # one symbol per step, centred in its Pelaksana cell, the preset of its kind
    for index, step in enumerate(sop.steps):
        item = drawn[f"sopxl:step:{step.number}"]
        column = L.aktivitas_column(f"role:{sop.roles.index(step.pelaksana)}", len(sop.roles))
        assert item["cells"]["from"] == item["cells"]["to"] == (column - 1, step.row - 1)
        kind = "terminator" if index in (0, len(sop.steps) - 1) else \
            "decision" if step.symbol == Symbol.DECISION else "process"
        assert item["prst"] == PRESET[kind]
        x, y, w, h = item["box"]
        assert x + w / 2 == pytest.approx((grid.left(column) + grid.left(column + 1)) / 2, abs=0.05)
        assert grid.top(step.row) < y and y + h < grid.top(step.row + 1)
    steps_drawn = [n for n in drawn if n.startswith("sopxl:step:")]
    assert len(steps_drawn) == len(sop.steps)
    # connectors glued to connection sites, drawn from site to site, crossing no symbol
    symbols = [item["box"] for item in drawn.values() if item["kind"] == "sp" and item["prst"] != "rect"]
    edges: dict[tuple, list[str]] = {}
    for name, item in drawn.items():
        if item["kind"] != "cxnSp":
            continue
        start, end = drawn[ids[item["start"]["id"]]], drawn[ids[item["end"]["id"]]]
        points = connector_points(item["xml"])
        assert points[0] == pytest.approx(site(start["box"], item["start"]["idx"]), abs=0.05), name
        assert points[-1] == pytest.approx(site(end["box"], item["end"]["idx"]), abs=0.05), name
        for (ax, ay), (bx, by) in zip(points, points[1:]):
            for (x, y, w, h) in symbols:
                inside_x = min(ax, bx) < x + w - 1 and max(ax, bx) > x + 1
                inside_y = min(ay, by) < y + h - 1 and max(ay, by) > y + 1
                assert not (inside_x and inside_y), (name, (x, y, w, h))
        source = ids[item["start"]["id"]].split(":")
        target = ids[item["end"]["id"]].split(":")
        match = re.fullmatch(r"sopxl:edge:(\d+)>(\d+)(?::(ya|tidak))?(?::(out|in))?", name)
        assert match, name
        edge = (int(match[1]), int(match[2]), match[3])
        edges.setdefault(edge, []).append(match[4] or "direct")
        if match[4] in (None, "out"):
            assert source == ["sopxl", "step", match[1]]
        if match[4] in (None, "in"):
            assert target == ["sopxl", "step", match[2]]
        if match[4] == "out":        # through a pair of off-page connectors naming the target step
            assert end["prst"] == "flowChartOffpageConnector" and end["text"] == match[2]
        if match[4] == "in":
            assert start["prst"] == "flowChartOffpageConnector" and start["text"] == match[2]
        if match[4] is None and item["start"]["idx"] == "2":       # to the next row: straight below, else an elbow
            same_column = start["cells"]["from"][0] == end["cells"]["from"][0]
            assert item["prst"] == ("straightConnector1" if same_column else "bentConnector3")
    assert set(edges) == expected_edges(sop)
    assert all(sorted(kinds) in (["direct"], ["in", "out"]) for kinds in edges.values())
    # both branches of every decision labelled next to it
    for step in sop.steps[1:-1]:
        if step.symbol == Symbol.DECISION:
            decision = drawn[f"sopxl:step:{step.number}"]["box"]
            for branch, text in (("ya", "Ya"), ("tidak", "Tidak")):
                label = drawn[f"sopxl:label:{step.number}:{branch}"]
                assert label["text"] == text and 'txBox="1"' in label["xml"]
                assert abs(label["box"][1] - decision[1]) < decision[3] + 15
    return drawn


# ---- the drawings ----------------------------------------------------------------------------------

@pytest.mark.parametrize("source", EXAMPLES)
def test_each_example_is_drawn_the_official_way(tmp_path, source):
    path = imported_book(tmp_path, source)
    result = api.flowchart(path)
    drawn = check_drawing(path)
    sop = api.load(path)
    assert result.steps == len(sop.steps) and result.connectors == sum(1 for d in drawn.values() if d["kind"] == "cxnSp")


@pytest.mark.parametrize("name", ["sixty_steps", "one_role"])
def test_long_sops_span_pages_joined_by_off_page_connectors(tmp_path, name):
    path = fixture_book(tmp_path, name)
    result = api.flowchart(path)
    drawn = check_drawing(path)
    _, _, sheet = drawing_of(path)
    breaks = [int(b) for b in re.findall(r'<brk id="(\d+)"[^>]*man="1"', sheet)]
    assert result.pages >= 4 and breaks == result.row_breaks and len(breaks) == result.pages - 1
    sop = api.load(path)
    by_row = {s.row: s.number for s in sop.steps}
    for row in breaks:        # the arrow from the last step of a page to the first of the next one
        source, target = by_row[row], by_row[row + 1]
        outs = [n for n in drawn if n.startswith(f"sopxl:offpage:{source}>{target}:out")]
        ins = [n for n in drawn if n.startswith(f"sopxl:offpage:{source}>{target}:in")]
        assert len(outs) == len(ins) == 1
        assert drawn[outs[0]]["cells"]["from"][1] == row - 1 and drawn[ins[0]]["cells"]["from"][1] == row


def test_decisions_route_back_without_crossing_and_each_side_carries_one_arrow(tmp_path):
    path = imported_book(tmp_path, "kemnaker_pengukuran_kinerja")
    api.flowchart(path)
    drawn = shapes(path)
    glued = [(c["start"]["id"], c["start"]["idx"]) for c in drawn.values() if c["kind"] == "cxnSp"]
    glued += [(c["end"]["id"], c["end"]["idx"]) for c in drawn.values() if c["kind"] == "cxnSp"]
    sides = [g for g in glued if g[1] in ("1", "3")]
    assert len(sides) == len(set(sides)) and len(sides) >= 8
    tidak = [c for n, c in drawn.items() if n.endswith(":tidak") and c["kind"] == "cxnSp"]
    assert tidak and all(c["prst"] == "bentConnector3" for c in tidak)


def test_drawing_again_replaces_sopxls_shapes_and_keeps_everyone_elses(tmp_path):
    path = imported_book(tmp_path, "kemnaker_pelaksanaan_monitoring")
    # someone's own shape in a drawing of the sheet: the note an author drew, as Excel writes it
    note = ('<xdr:twoCellAnchor><xdr:from><xdr:col>1</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>20</xdr:row>'
            '<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>3</xdr:col><xdr:colOff>0</xdr:colOff>'
            '<xdr:row>23</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:sp macro="" textlink=""><xdr:nvSpPr>'
            '<xdr:cNvPr id="2" name="Catatan 1"/><xdr:cNvSpPr/></xdr:nvSpPr><xdr:spPr><a:xfrm><a:off x="0" y="0"/>'
            '<a:ext cx="1000000" cy="500000"/></a:xfrm><a:prstGeom prst="wedgeRectCallout"><a:avLst/></a:prstGeom>'
            '</xdr:spPr><xdr:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:t>Periksa ulang</a:t></a:r></a:p>'
            '</xdr:txBody></xdr:sp><xdr:clientData/></xdr:twoCellAnchor>')
    package = Package(path)
    sheet_part = package.sheet_path(L.AKTIVITAS)
    rid = package.add_relationship(sheet_part, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing",
                                   "../drawings/drawing1.xml")
    package.set_part("xl/drawings/drawing1.xml", (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr xmlns:xdr="' + NS["xdr"] + '" xmlns:a="'
        + NS["a"] + '">' + note + '</xdr:wsDr>').encode(), "application/vnd.openxmlformats-officedocument.drawing+xml")
    package.set_element(L.AKTIVITAS, "drawing", f'<drawing r:id="{rid}"/>')
    package.save()

    first = api.flowchart(path)
    once = shapes(path)
    second = api.flowchart(path)
    twice = shapes(path)
    assert first.kept == second.kept == 1
    assert set(once) == set(twice) and "Catatan 1" in twice
    part, root, sheet = drawing_of(path)
    assert part == "xl/drawings/drawing1.xml" and sheet.count("<drawing ") == 1
    with zipfile.ZipFile(path) as archive:
        assert note in archive.read(part).decode("utf-8")           # byte for byte
        assert not [n for n in archive.namelist() if n.startswith("xl/drawings/drawing2")]
    check_drawing(path)


def test_a_step_that_cannot_be_drawn_names_its_cell_and_changes_nothing(tmp_path):
    path = imported_book(tmp_path, "kemnaker_pelaksanaan_monitoring")
    sop = api.load(path)
    sop.steps[3].marks = [sop.roles[0], sop.roles[1]]
    api.save(sop, path)
    before = path.read_bytes()
    result = CliRunner().invoke(cli, ["flowchart", str(path)])
    assert result.exit_code == 1
    assert f"Aktivitas!C{sop.steps[3].row}" in result.output and "exactly one" in result.output
    assert path.read_bytes() == before


# ---- other actions keep the drawing ---------------------------------------------------------------------

def test_saving_the_sop_redraws_the_flowchart_to_follow_the_steps(tmp_path):
    path = imported_book(tmp_path, "kemnaker_pengukuran_kinerja")
    api.flowchart(path)
    sop = api.load(path)
    sop.steps[4].kegiatan = "membentuk Tim Penyusunan " * 12             # a long text: its row grows
    row = sop.steps[4].row
    before = Package(path).row_heights(L.AKTIVITAS)[row]
    api.save(sop, path)
    after = Package(path).row_heights(L.AKTIVITAS)[row]
    assert after > before
    check_drawing(path)                                                   # still one symbol per step, centred
    # a saved SOP that cannot be drawn keeps the drawing it had
    drawn = shapes(path)
    sop.steps[4].marks = []
    api.save(sop, path)
    assert set(shapes(path)) == set(drawn)


def test_validate_write_and_case_actions_keep_the_drawing_byte_for_byte(tmp_path):
    path = imported_book(tmp_path, "kemnaker_pelaksanaan_monitoring")
    api.flowchart(path)
    part, _, _ = drawing_of(path)

    def drawing_parts() -> tuple[bytes, str, bytes]:
        with zipfile.ZipFile(path) as archive:
            sheet = Package(path).sheet_path(L.AKTIVITAS)
            rels = posixpath.join(posixpath.dirname(sheet), "_rels", posixpath.basename(sheet) + ".rels")
            return archive.read(part), drawing_of(path)[2].split("</sheetData>")[1], archive.read(rels)

    drawn = drawing_parts()
    api.validate([path], write=True)
    assert drawing_parts() == drawn
    api.start_case(path, "Usulan monitoring triwulan", at=dt.datetime(2026, 11, 16, 9, 0))
    api.advance(path, 1, at=dt.datetime(2026, 11, 16, 10, 0))
    assert drawing_parts()[0] == drawn[0] and drawing_parts()[2] == drawn[2]
    assert "<drawing " in drawing_parts()[1]
    check_drawing(path)


# ---- the CLI and the API --------------------------------------------------------------------------------

def test_cli_json_is_the_api_result(tmp_path):
    path = imported_book(tmp_path, "kemenkopolhukam_monev_sop_ap")
    copy = tmp_path / "copy.xlsx"
    shutil.copyfile(path, copy)
    result = CliRunner().invoke(cli, ["flowchart", "--format", "json", str(path)])
    assert result.exit_code == 0
    expected = sopxl.flowchart(copy).to_dict()
    expected["workbook"] = str(path)
    assert json.loads(result.stdout) == expected
    text = CliRunner().invoke(cli, ["flowchart", str(copy)])
    assert text.exit_code == 0 and "bagan alir 16 langkah digambar" in text.output
    english = CliRunner().invoke(cli, ["flowchart", str(copy), "--lang", "en"])
    assert english.exit_code == 0 and "flowchart of 16 steps drawn" in english.output


def test_cli_refuses_a_workbook_open_in_excel(tmp_path):
    path = imported_book(tmp_path, "kemenkopolhukam_monev_sop_ap")
    (tmp_path / ("~$" + path.name)).write_text("")
    before = path.read_bytes()
    result = CliRunner().invoke(cli, ["flowchart", str(path)])
    assert result.exit_code == 1 and "terbuka di Excel" in result.output and path.read_bytes() == before


# ---- DrawingML connector geometry ------------------------------------------------------------------------

@pytest.mark.parametrize("prst, rot, flip_h, flip_v, start, end, turns", [
    ("straightConnector1", 0, True, False, (10, 0), (0, 20), []),
    ("bentConnector3", 0, False, False, (0, 0), (10, 20), [(5, 0), (5, 20)]),
    ("bentConnector3", 0, True, True, (10, 20), (0, 0), [(5, 20), (5, 0)]),
    # turned a quarter clockwise, the first leg runs down: from the top right to the bottom left
    ("bentConnector3", 90, False, False, (15, 5), (-5, 15), [(15, 10), (-5, 10)]),
    ("bentConnector3", 90, False, True, (-5, 5), (15, 15), [(-5, 10), (15, 10)]),
    ("bentConnector2", 0, False, False, (0, 0), (10, 20), [(10, 0)]),
    ("bentConnector4", 0, False, False, (0, 0), (10, 20), [(5, 0), (5, 10), (10, 10)]),
])
def test_connector_paths_follow_drawingml(prst, rot, flip_h, flip_v, start, end, turns):
    # a 10 x 20 box at the origin (turned: the same box, so on the sheet it covers 20 x 10 about its centre)
    points = connector_path(prst, 0, 0, 10, 20, rot=rot, flip_h=flip_h, flip_v=flip_v)
    assert points[0] == pytest.approx(start) and points[-1] == pytest.approx(end)
    assert [tuple(round(c, 6) for c in p) for p in points[1:-1]] == [pytest.approx(t) for t in turns]
    assert connector_path("ellipse", 0, 0, 1, 1) is None


def test_a_matrix_without_pelaksana_columns_is_refused_naming_the_cell(tmp_path):
    path = tmp_path / "no_roles.xlsx"
    shutil.copy(Path(__file__).parent / "data" / "validation" / "pelaksana_columns_missing.xlsx", path)
    before = path.read_bytes()
    from sopxl.cli import cli

    result = CliRunner().invoke(cli, ["flowchart", str(path)])
    assert result.exit_code == 1
    assert f"{path}: Aktivitas!C2: the matrix has no Pelaksana columns" in result.output
    assert path.read_bytes() == before
