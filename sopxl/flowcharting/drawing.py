"""Draw the flowchart on the Aktivitas sheet as native DrawingML shapes that staff can move and edit in Excel.

The geometry comes from ``flowlayout``; this module writes it into the sheet's drawing part
(``xl/drawings/drawingN.xml``) at the zip level through ``xlsxpatch.Package``: symbols as preset
flowchart shapes, arrows as connectors glued to the symbols' connection sites (``stCxn``/``endCxn``),
Ya/Tidak labels as text boxes. Every shape sopxl draws is named ``sopxl:…``; drawing again replaces
exactly those and leaves any other shape in the drawing as it was. The same call sets the row heights,
the widths of Pelaksana columns that need more room, and the manual page breaks the layout chose.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace


from .. import layout as L
from .geometry import (DECISION, EMU_PER_PT, OFFPAGE, PROCESS, TERMINATOR, Box, FlowPlan, Label, Link, Page,
                         plan)
from ..errors import SopxlError
from ..domain.model import SOP
from ..xlsx.patch import Package, escape, quoteattr

NS_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_DRAWING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing"
CT_DRAWING = "application/vnd.openxmlformats-officedocument.drawing+xml"
PREFIX = "sopxl:"
PRESETS = {TERMINATOR: "flowChartTerminator", PROCESS: "flowChartProcess", DECISION: "flowChartDecision",
           OFFPAGE: "flowChartOffpageConnector"}
# paper sizes (pageSetup paperSize) in points, portrait
PAPERS = {1: (612.0, 792.0), 5: (612.0, 1008.0), 8: (841.89, 1190.55), 9: (595.28, 841.89), 11: (419.53, 595.28)}
LINE = "000000"
FILL = "FFFFFF"
FONT = "Arial"

_ANCHOR_RE = re.compile(r"<(?P<p>\w+:)?(?P<t>twoCellAnchor|oneCellAnchor|absoluteAnchor)\b.*?</(?P=p)?(?P=t)>", re.S)
_ID_RE = re.compile(r"<(?:\w+:)?cNvPr\b[^>]*?\bid=\"(\d+)\"")
_ATTR_RE = re.compile(r'(\w+(?::\w+)?)="([^"]*)"')


@dataclass
class Drawn:
    """What drawing the flowchart put on the sheet."""

    plan: FlowPlan
    part: str             # the drawing part, e.g. xl/drawings/drawing1.xml
    kept: int             # shapes of others in the same drawing, left as they were


# ---- reading the sheet's layout ------------------------------------------------------------------

def sheet_page(package: Package, sheet: str) -> Page:
    """The printed page of `sheet`: paper, orientation, margins, and fit-to-width or scale."""
    setup = dict(_ATTR_RE.findall(package.get_element(sheet, "pageSetup") or ""))
    margins = dict(_ATTR_RE.findall(package.get_element(sheet, "pageMargins") or ""))
    sheet_pr = package.get_element(sheet, "sheetPr") or ""
    width, height = PAPERS.get(int(setup.get("paperSize", 9)), PAPERS[9])
    if setup.get("orientation") == "landscape":
        width, height = height, width
    fit = 'fitToPage="1"' in sheet_pr or 'fitToPage="true"' in sheet_pr

    def margin(key: str, default: float) -> float:
        return float(margins.get(key, default)) * 72

    return Page(width=width, height=height, left=margin("left", 0.7), right=margin("right", 0.7),
                top=margin("top", 0.75), bottom=margin("bottom", 0.75),
                fit_to_width=fit and setup.get("fitToWidth", "1") == "1",
                scale=int(setup.get("scale", 100)) / 100)


def layout_of(package: Package, sop: SOP, sheet: str = L.AKTIVITAS) -> FlowPlan:
    """The flowchart plan of `sop` on the sheet as it is now in `package`."""
    return plan(sop, package.column_widths(sheet), package.row_heights(sheet), sheet_page(package, sheet))


# ---- writing -----------------------------------------------------------------------------------

def draw(package: Package, sop: SOP, sheet: str = L.AKTIVITAS) -> Drawn:
    """Draw the flowchart of `sop` into `package` (not saved), replacing the shapes sopxl drew before."""
    try:
        flow = layout_of(package, sop, sheet)
    except SopxlError as error:
        raise error.in_file(package.path) from None
    package.set_column_widths(sheet, flow.column_widths)
    package.set_row_heights(sheet, flow.row_heights)
    package.set_element(sheet, "rowBreaks", _row_breaks(flow.row_breaks))
    part, xml = _drawing_part(package, sheet)
    kept, prefixes_ok = _others(xml)
    first_id = 1 + max((int(i) for i in _ID_RE.findall("".join(kept))), default=1)
    anchors = _anchors(flow, sop, first_id, declare=not prefixes_ok)
    package.set_part(part, _rebuild(xml, anchors).encode("utf-8"), CT_DRAWING)
    return Drawn(flow, part, len(kept))


def _row_breaks(rows: list[int]) -> str | None:
    if not rows:
        return None
    items = "".join(f'<brk id="{row}" max="16383" man="1"/>' for row in rows)
    return f'<rowBreaks count="{len(rows)}" manualBreakCount="{len(rows)}">{items}</rowBreaks>'


def drawing_part(package: Package, sheet: str) -> str | None:
    """The drawing part the sheet shows (its `<drawing r:id>`), or None."""
    element = package.get_element(sheet, "drawing")
    if not element:
        return None
    rid = re.search(r'\b\w+:id="([^"]*)"', element)
    for rel in package.relationships(package.sheet_path(sheet)):
        if rid and rel.get("Id") == rid.group(1) and rel.get("Type") == REL_DRAWING and rel.get("path") in package.names():
            return rel["path"]
    return None


def _drawing_part(package: Package, sheet: str) -> tuple[str, str]:
    """The sheet's drawing part and its XML, creating and linking an empty one when it has none."""
    part = drawing_part(package, sheet)
    if part:
        return part, package.part(part).decode("utf-8")
    taken = {int(n) for name in package.names() if (n := _drawing_number(name)) is not None}
    part = f"xl/drawings/drawing{max(taken, default=0) + 1}.xml"
    rid = package.add_relationship(package.sheet_path(sheet), REL_DRAWING, "../drawings/" + part.rsplit("/", 1)[1])
    worksheet = package.sheet_xml(sheet)
    declared = re.search(rf'xmlns:(\w+)="{re.escape(NS_R)}"', worksheet[:worksheet.find(">", worksheet.find("<worksheet"))])
    attribute = f'{declared.group(1)}:id="{rid}"' if declared else f'xmlns:r="{NS_R}" r:id="{rid}"'
    package.set_element(sheet, "drawing", f"<drawing {attribute}/>")
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f'<xdr:wsDr xmlns:xdr="{NS_XDR}" xmlns:a="{NS_A}"></xdr:wsDr>')
    return part, xml


def _drawing_number(name: str) -> int | None:
    match = re.fullmatch(r"xl/drawings/drawing(\d+)\.xml", name)
    return int(match.group(1)) if match else None


def is_sopxl_anchor(anchor: str) -> bool:
    """True for an anchor holding a shape sopxl drew (its name starts with ``sopxl:``)."""
    match = re.search(r"<(?:\w+:)?cNvPr\b[^>]*?\bname=\"([^\"]*)\"", anchor)
    return bool(match) and match.group(1).startswith(PREFIX)


def _others(xml: str) -> tuple[list[str], bool]:
    """Anchors of shapes that are not sopxl's, and whether the root declares the xdr: and a: prefixes."""
    kept = [m.group(0) for m in _ANCHOR_RE.finditer(xml) if not is_sopxl_anchor(m.group(0))]
    root = xml[:_root_open_end(xml)]
    prefixes_ok = f'xmlns:xdr="{NS_XDR}"' in root and f'xmlns:a="{NS_A}"' in root
    return kept, prefixes_ok


def _root_open_end(xml: str) -> int:
    start = re.search(r"<(?:\w+:)?wsDr\b", xml)
    return xml.find(">", start.start()) + 1 if start else 0


def _rebuild(xml: str, anchors: str) -> str:
    """The drawing with sopxl's old anchors removed and the new ones appended before the root closes."""
    body = _ANCHOR_RE.sub(lambda m: m.group(0) if not is_sopxl_anchor(m.group(0)) else "", xml)
    close = re.search(r"</(?:\w+:)?wsDr>\s*$", body)
    if close:
        return body[:close.start()] + anchors + body[close.start():]
    # an empty root written as <xdr:wsDr …/>
    return re.sub(r"<((?:\w+:)?wsDr)\b([^>]*?)\s*/>", lambda m: f"<{m.group(1)}{m.group(2)}>{anchors}</{m.group(1)}>",
                  body, count=1)


# ---- DrawingML --------------------------------------------------------------------------------

def _emu(points: float) -> int:
    return int(round(points * EMU_PER_PT))


def _marker(tag: str, cell: tuple[int, float, int, float]) -> str:
    column, column_offset, row, row_offset = cell
    return (f"<xdr:{tag}><xdr:col>{column}</xdr:col><xdr:colOff>{_emu(column_offset)}</xdr:colOff>"
            f"<xdr:row>{row}</xdr:row><xdr:rowOff>{_emu(row_offset)}</xdr:rowOff></xdr:{tag}>")


def _anchor(flow: FlowPlan, x0: float, y0: float, x1: float, y1: float, content: str, declare: bool) -> str:
    ns = f' xmlns:xdr="{NS_XDR}" xmlns:a="{NS_A}"' if declare else ""
    return (f'<xdr:twoCellAnchor editAs="oneCell"{ns}>{_marker("from", flow.grid.cell(x0, y0))}'
            f'{_marker("to", flow.grid.cell(x1, y1))}{content}<xdr:clientData/></xdr:twoCellAnchor>')


def _xfrm(x: float, y: float, w: float, h: float, *, rot: int = 0, flip_h: bool = False, flip_v: bool = False) -> str:
    attrs = (f' rot="{rot}"' if rot else "") + (' flipH="1"' if flip_h else "") + (' flipV="1"' if flip_v else "")
    return (f'<a:xfrm{attrs}><a:off x="{_emu(x)}" y="{_emu(y)}"/>'
            f'<a:ext cx="{_emu(w)}" cy="{_emu(h)}"/></a:xfrm>')


def _text_body(text: str, size: int, align: str = "ctr", anchor: str = "ctr") -> str:
    run = (f'<a:r><a:rPr lang="id-ID" sz="{size}"><a:solidFill><a:srgbClr val="{LINE}"/></a:solidFill>'
           f'<a:latin typeface="{FONT}"/><a:cs typeface="{FONT}"/></a:rPr><a:t>{escape(text)}</a:t></a:r>') if text else ""
    return (f'<xdr:txBody><a:bodyPr vertOverflow="overflow" horzOverflow="overflow" wrap="none" lIns="0" tIns="0" '
            f'rIns="0" bIns="0" rtlCol="0" anchor="{anchor}" anchorCtr="0"/><a:lstStyle/>'
            f'<a:p><a:pPr algn="{align}"/>{run}<a:endParaRPr lang="id-ID" sz="{size}"/></a:p></xdr:txBody>')


def _symbol(box: Box, shape_id: int, descr: str) -> str:
    geometry = f'<a:prstGeom prst="{PRESETS[box.kind]}"><a:avLst/></a:prstGeom>'
    return (f'<xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="{shape_id}" name={quoteattr(PREFIX + box.key)} '
            f'descr={quoteattr(descr)}/><xdr:cNvSpPr/></xdr:nvSpPr>'
            f'<xdr:spPr>{_xfrm(box.x, box.y, box.w, box.h)}{geometry}'
            f'<a:solidFill><a:srgbClr val="{FILL}"/></a:solidFill>'
            f'<a:ln w="12700"><a:solidFill><a:srgbClr val="{LINE}"/></a:solidFill></a:ln></xdr:spPr>'
            f'{_text_body(box.text, 800)}</xdr:sp>')


def _label(label: Label, shape_id: int) -> str:
    return (f'<xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="{shape_id}" name={quoteattr(PREFIX + label.key)}/>'
            f'<xdr:cNvSpPr txBox="1"/></xdr:nvSpPr>'
            f'<xdr:spPr>{_xfrm(label.x, label.y, label.w, label.h)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
            f'<a:noFill/><a:ln><a:noFill/></a:ln></xdr:spPr>'
            f'{_text_body(label.text, 800, "r" if label.align == "r" else "l", "b")}</xdr:sp>')


def _connector(link: Link, shape_id: int, ids: dict[str, int]) -> tuple[str, tuple[float, float, float, float]]:
    """The `xdr:cxnSp` of a link, and the box (x0, y0, x1, y1) it covers on the sheet."""
    (sx, sy), (ex, ey) = link.points[0], link.points[-1]
    x0, y0, x1, y1 = min(sx, ex), min(sy, ey), max(sx, ex), max(sy, ey)
    adjust = ""
    if link.route == "straight":
        prst = "straightConnector1"
        xfrm = _xfrm(x0, y0, x1 - x0, y1 - y0, flip_h=ex < sx, flip_v=ey < sy)
    elif link.route == "elbow":
        # bentConnector3 runs across first; turned a quarter clockwise it runs down, across, down. The
        # xfrm holds the unturned box (sides swapped, same centre); flipV sends it right instead of left.
        prst = "bentConnector3"
        across = link.points[1][1]
        width, height = ey - sy, abs(ex - sx)
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        xfrm = _xfrm(cx - width / 2, cy - height / 2, width, height, rot=5400000, flip_v=ex > sx)
        adjust = f'<a:gd name="adj1" fmla="val {round((across - sy) / (ey - sy) * 100000)}"/>'
    elif link.route == "corner":
        # across, then down into the top: bentConnector2, flipped to run left
        prst = "bentConnector2"
        xfrm = _xfrm(x0, y0, x1 - x0, y1 - y0, flip_h=ex < sx, flip_v=ey < sy)
    elif link.route == "side-top":
        # out by the side, along the lane, across above the target, down into its top: bentConnector4
        prst = "bentConnector4"
        lane, above = link.points[1][0], link.points[2][1]
        xfrm = _xfrm(x0, y0, x1 - x0, y1 - y0, flip_h=ex < sx, flip_v=ey < sy)
        adjust = (f'<a:gd name="adj1" fmla="val {round((lane - sx) / (ex - sx) * 100000)}"/>'
                  f'<a:gd name="adj2" fmla="val {round((above - sy) / (ey - sy) * 100000)}"/>')
    else:
        # out by the side, along the lane, in by the side: bentConnector3 with its middle leg at the lane
        prst = "bentConnector3"
        lane = link.points[1][0]
        if abs(ex - sx) < 1.0:       # both ends above each other: a box 1 pt wide keeps the lane expressible
            ex = sx + (1.0 if lane > sx else -1.0)
            x0, x1 = min(sx, ex), max(sx, ex)
        xfrm = _xfrm(x0, y0, x1 - x0, y1 - y0, flip_h=ex < sx, flip_v=ey < sy)
        adjust = f'<a:gd name="adj1" fmla="val {round((lane - sx) / (ex - sx) * 100000)}"/>'
    xml = (f'<xdr:cxnSp macro=""><xdr:nvCxnSpPr><xdr:cNvPr id="{shape_id}" name={quoteattr(PREFIX + link.key)}/>'
           f'<xdr:cNvCxnSpPr><a:stCxn id="{ids[link.start]}" idx="{link.start_site}"/>'
           f'<a:endCxn id="{ids[link.end]}" idx="{link.end_site}"/></xdr:cNvCxnSpPr></xdr:nvCxnSpPr>'
           f'<xdr:spPr>{xfrm}<a:prstGeom prst="{prst}"><a:avLst>{adjust}</a:avLst></a:prstGeom>'
           f'<a:ln w="9525"><a:solidFill><a:srgbClr val="{LINE}"/></a:solidFill>'
           f'<a:tailEnd type="triangle" w="med" len="med"/></a:ln></xdr:spPr></xdr:cxnSp>')
    return xml, (x0, y0, x1, y1)


def _describe(box: Box, sop: SOP) -> str:
    if box.kind == OFFPAGE:
        return f"Penghubung antarhalaman ke langkah {box.step}"
    step = sop.step(box.step)
    kind = {TERMINATOR: "Mulai/Selesai", PROCESS: "Proses", DECISION: "Keputusan"}[box.kind]
    return f"Langkah {box.step} ({kind}): {step.pelaksana if step else ''}"


def _anchors(flow: FlowPlan, sop: SOP, first_id: int, declare: bool) -> str:
    ids: dict[str, int] = {}
    parts = []
    next_id = first_id
    for box in flow.boxes:
        ids[box.key] = next_id
        parts.append(_anchor(flow, box.x, box.y, box.x + box.w, box.y + box.h,
                             _symbol(box, next_id, _describe(box, sop)), declare))
        next_id += 1
    for link in flow.links:
        xml, (x0, y0, x1, y1) = _connector(link, next_id, ids)
        parts.append(_anchor(flow, x0, y0, x1, y1, xml, declare))
        next_id += 1
    for label in flow.labels:
        parts.append(_anchor(flow, label.x, label.y, label.x + label.w, label.y + label.h,
                             _label(label, next_id), declare))
        next_id += 1
    return "".join(parts)


# ---- connectors as plain polylines, for printing -----------------------------------------------------

_CXN_ANCHOR_RE = re.compile(r"<(?P<p>\w+:)?twoCellAnchor\b[^>]*>(?:(?!</(?P=p)?twoCellAnchor>).)*?<(?P=p)?cxnSp\b.*?"
                            r"</(?P=p)?twoCellAnchor>", re.S)


def connector_path(prst: str, x: float, y: float, w: float, h: float, *, rot: float = 0.0, flip_h: bool = False,
                   flip_v: bool = False, adjust: dict[str, float] | None = None) -> list[tuple[float, float]] | None:
    """The points a preset connector draws on the sheet, or None for a geometry that is not a connector.

    `x, y, w, h` is its `a:xfrm` box, `rot` its rotation in degrees clockwise, `adjust` its adj values
    (100000 = the whole side). Curved connectors are given as the elbows they round off.
    """
    a = {"adj1": 50000.0, "adj2": 50000.0, "adj3": 50000.0, **(adjust or {})}
    x1, y2, x3 = w * a["adj1"] / 100000, h * a["adj2"] / 100000, w * a["adj3"] / 100000
    kind = prst.replace("curved", "bent")
    native = {
        "line": [(0, 0), (w, h)], "straightConnector1": [(0, 0), (w, h)],
        "bentConnector2": [(0, 0), (w, 0), (w, h)],
        "bentConnector3": [(0, 0), (x1, 0), (x1, h), (w, h)],
        "bentConnector4": [(0, 0), (x1, 0), (x1, y2), (w, y2), (w, h)],
        "bentConnector5": [(0, 0), (x1, 0), (x1, y2), (x3, y2), (x3, h), (w, h)],
    }.get(kind)
    if native is None:
        return None
    angle = math.radians(rot)
    cos, sin = math.cos(angle), math.sin(angle)
    points = []
    for px, py in native:
        u = (w - px if flip_h else px) - w / 2
        v = (h - py if flip_v else py) - h / 2
        points.append((x + w / 2 + u * cos - v * sin, y + h / 2 + u * sin + v * cos))
    return points


def connector_points(cxn: str) -> list[tuple[float, float]] | None:
    """The sheet points (in points) a `cxnSp` element draws, read from its xfrm and preset."""
    xfrm = re.search(r"<a:xfrm\b([^>]*)>(.*?)</a:xfrm>", cxn, re.S)
    prst = re.search(r'<a:prstGeom\b[^>]*\bprst="(\w+)"', cxn)
    if not xfrm or not prst:
        return None
    attrs = dict(_ATTR_RE.findall(xfrm.group(1)))
    off = dict(_ATTR_RE.findall(re.search(r"<a:off\b[^>]*>", xfrm.group(2)).group(0)))
    ext = dict(_ATTR_RE.findall(re.search(r"<a:ext\b[^>]*>", xfrm.group(2)).group(0)))
    adjust = {name: float(value) for name, value in re.findall(r'<a:gd\b[^>]*\bname="(\w+)"[^>]*\bfmla="val (-?\d+)"', cxn)}
    truth = ("1", "true")
    return connector_path(prst.group(1), int(off["x"]) / EMU_PER_PT, int(off["y"]) / EMU_PER_PT,
                          int(ext["cx"]) / EMU_PER_PT, int(ext["cy"]) / EMU_PER_PT,
                          rot=int(attrs.get("rot", 0)) / 60000, flip_h=attrs.get("flipH") in truth,
                          flip_v=attrs.get("flipV") in truth, adjust=adjust)


def printable_drawing(xml: str, grid) -> str:
    """The drawing with every connector redrawn as a plain polyline shape of the same look.

    LibreOffice re-routes glued connectors by its own rules and (up to 7.4) ignores their adjust
    values, so a PDF made from the connectors themselves shows other routes than Excel. The copy
    that is printed gets polylines with the exact points instead; the workbook keeps its connectors.
    """
    def replace(match: re.Match) -> str:
        anchor = match.group(0)
        if "xdr:" not in anchor:
            return anchor
        points = connector_points(anchor)
        if not points:
            return anchor
        line = re.search(r"<a:ln\b.*?</a:ln>|<a:ln\b[^>]*/>", anchor, re.S)
        name = re.search(r"<xdr:cNvPr\b[^>]*>", anchor).group(0)
        name = re.sub(r"/?>$", "/>", name)
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        x0, y0 = min(xs), min(ys)
        w, h = max(max(xs) - x0, 1 / EMU_PER_PT), max(max(ys) - y0, 1 / EMU_PER_PT)
        path = "".join((f'<a:moveTo><a:pt x="{_emu(px - x0)}" y="{_emu(py - y0)}"/></a:moveTo>' if i == 0 else
                        f'<a:lnTo><a:pt x="{_emu(px - x0)}" y="{_emu(py - y0)}"/></a:lnTo>')
                       for i, (px, py) in enumerate(points))
        shape = (f'<xdr:sp macro="" textlink=""><xdr:nvSpPr>{name}<xdr:cNvSpPr/></xdr:nvSpPr><xdr:spPr>'
                 f'{_xfrm(x0, y0, w, h)}<a:custGeom><a:avLst/><a:gdLst/><a:ahLst/><a:cxnLst/>'
                 f'<a:rect l="l" t="t" r="r" b="b"/><a:pathLst><a:path w="{_emu(w)}" h="{_emu(h)}" fill="none">'
                 f'{path}</a:path></a:pathLst></a:custGeom><a:noFill/>{line.group(0) if line else ""}</xdr:spPr></xdr:sp>')
        return (f'<xdr:twoCellAnchor editAs="oneCell">{_marker("from", grid.cell(x0, y0))}'
                f'{_marker("to", grid.cell(x0 + w, y0 + h))}{shape}<xdr:clientData/></xdr:twoCellAnchor>')

    return _CXN_ANCHOR_RE.sub(replace, xml)


def has_flowchart(package: Package, sheet: str = L.AKTIVITAS) -> bool:
    """True when the sheet's drawing holds shapes that sopxl drew."""
    part = drawing_part(package, sheet)
    return part is not None and any(is_sopxl_anchor(m.group(0)) for m in _ANCHOR_RE.finditer(
        package.part(part).decode("utf-8")))


def redraw(package: Package, sop: SOP) -> None:
    """Draw sopxl's flowchart again in the same write, so its symbols follow the saved steps and rows.

    When the saved steps cannot be drawn (a step without exactly one Pelaksana, an arrow to a missing
    step) the earlier drawing stays: `sopxl validate` and `sopxl flowchart` name the cell.
    """
    if not has_flowchart(package):
        return
    # steps without a row are planned where save just wrote them: one after another from the first step row
    written = replace(sop, steps=[replace(step, row=None) for step in sop.steps])
    try:
        draw(package, written)
    except SopxlError:
        pass    # the earlier drawing stays; the SOP itself is saved, and validation says what to mend
