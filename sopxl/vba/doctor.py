"""`sopxl doctor`: check that a workbook on disk can do what sopxl and its buttons need.

Checks, each ok / warning / error with a message and a fix: the file opens as a workbook; the sheets
of the layout are there; and for a macro-enabled workbook: the VBA project reads (compound file, dir
stream, every module's compressed source, no module cut off inside a procedure), the modules sopxl
needs are in it, every sheet has its document module, every form button runs a Sub that exists,
every Sub's RunPython call names a handler of ``sopxl.excel`` (``layout.BUTTONS``; a test holds
the two together), the xlwings settings sheet is there,
and the xlwings the VBA was built for is the xlwings installed here (its DLL carries the version).
The file is only read.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import layout as L
from ..errors import SopxlError

OK, WARNING, ERROR = "ok", "warning", "error"
REL_VBA = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
REL_VML = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing"
_SUB_RE = re.compile(r"^\s*(Public\s+|Private\s+|Friend\s+)?(Static\s+)?Sub\s+(\w+)", re.I | re.M)
_PROC_START = re.compile(r"^\s*(?:(?:Public|Private|Friend)\s+)?(?:Static\s+)?(?:Sub|Function|Property\s+(?:Get|Let|Set))\s+\w+",
                         re.I)
_PROC_END = re.compile(r"^\s*End\s+(?:Sub|Function|Property)\b", re.I)
_HANDLER_RE = re.compile(r'RunPython\s+"import sopxl\.excel as x; x\.(\w+)\(')
_MACRO_RE = re.compile(r"<x:FmlaMacro>\s*(?:\[0\]!)?([^<]+?)\s*</x:FmlaMacro>")
_ATTR_RE = re.compile(r'([\w:]+)="([^"]*)"')


@dataclass
class Check:
    """One thing doctor looked at."""

    name: str
    status: str
    message: str
    fix: str = ""

    def to_dict(self) -> dict:
        return {"check": self.name, "status": self.status, "message": self.message, "fix": self.fix}


@dataclass
class DoctorReport:
    """Every check of one workbook."""

    workbook: Path
    checks: list[Check] = field(default_factory=list)
    lang: str = L.DEFAULT_LANG

    @property
    def ok(self) -> bool:
        return all(check.status != ERROR for check in self.checks)

    def add(self, name: str, status: str, key: str, fix_key: str | None = None, **values) -> None:
        self.checks.append(Check(name, status, L.text(key, self.lang).format(**values),
                                 L.text(fix_key, self.lang).format(**values) if fix_key else ""))

    def lines(self) -> list[str]:
        """One line per check: ``ok  sheets: …`` and, for a problem, what to do."""
        marks = {OK: "ok", WARNING: "!", ERROR: "X"}
        return [f"[{marks[c.status]}] {L.text('doctor_check_' + c.name, self.lang)}: {c.message}"
                + (f" — {c.fix}" if c.fix else "") for c in self.checks]

    def to_dict(self) -> dict:
        return {"workbook": str(self.workbook), "ok": self.ok, "checks": [c.to_dict() for c in self.checks]}


def diagnose(path: str | Path, *, lang: str = L.DEFAULT_LANG) -> DoctorReport:
    """Check the workbook at `path`; never raises for a broken workbook (that is an error check)."""
    from ..xlsx.read import open_workbook

    report = DoctorReport(Path(path), lang=lang)
    try:
        names = list(open_workbook(report.workbook).sheet_names)
    except SopxlError as error:
        report.add("workbook", ERROR, "doctor_unreadable", "doctor_fix_backup", detail=error.message)
        return report
    # the views are not missed: the next case action or `sopxl refresh` adds them to an older workbook
    missing = [s for s in L.SHEETS if s not in names and s not in L.VIEW_SHEETS]
    if missing:
        report.add("sheets", ERROR, "doctor_sheets_missing", "doctor_fix_sheets", sheets=", ".join(missing))
    else:
        report.add("sheets", OK, "doctor_sheets_ok", count=len(L.SHEETS))
    with zipfile.ZipFile(report.workbook) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()
                 if name.endswith((".rels", ".vml", ".bin")) or name in ("xl/workbook.xml",)
                 or name.startswith("xl/worksheets/sheet")}
    vba_part = _vba_part(parts)
    if vba_part is None:
        report.add("macros", OK if report.workbook.suffix.lower() == ".xlsx" else WARNING, "doctor_no_macros",
                   "doctor_fix_macros" if report.workbook.suffix.lower() != ".xlsx" else None)
        return report
    _check_vba(report, parts, vba_part, names)
    return report


def _rels(parts: dict[str, bytes], part: str) -> list[dict[str, str]]:
    path = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
    text = parts.get(path, b"").decode("utf-8", "replace")
    found = []
    for tag in re.findall(r"<Relationship\b[^>]*>", text):
        attrs = dict(_ATTR_RE.findall(tag))
        target = attrs.get("Target", "")
        attrs["path"] = target.lstrip("/") if target.startswith("/") else \
            posixpath.normpath(posixpath.join(posixpath.dirname(part), target))
        found.append(attrs)
    return found


def _vba_part(parts: dict[str, bytes]) -> str | None:
    for rel in _rels(parts, "xl/workbook.xml"):
        if rel.get("Type") == REL_VBA:
            return rel["path"]
    return None


def _sheet_parts(parts: dict[str, bytes]) -> dict[str, str]:
    """Sheet name -> its part, in workbook order."""
    workbook = parts.get("xl/workbook.xml", b"").decode("utf-8", "replace")
    targets = {rel.get("Id"): rel["path"] for rel in _rels(parts, "xl/workbook.xml")}
    found = {}
    for tag in re.findall(r"<sheet\b[^>]*>", workbook):
        attrs = dict(_ATTR_RE.findall(tag))
        found[_unescape(attrs.get("name", ""))] = targets.get(attrs.get("r:id"), "")
    return found


def _unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'")
            .replace("&amp;", "&"))


def cut_off(code: str) -> bool:
    """True when the code ends inside a procedure (a Sub, Function or Property without its End).

    Only the first branch of a ``#If`` counts: the others repeat a procedure's first line for another
    platform (``#If Mac Then / Function F(…) / #Else / Function F(…) / #End If``).
    """
    depth = 0
    branches: list[bool] = []          # per open #If: whether the lines are in its first branch
    for line in code.splitlines():
        word = line.strip().lower()
        if word.startswith("#if "):
            branches.append(True)
        elif word.startswith(("#else", "#elseif")) and branches:
            branches[-1] = False
        elif word.startswith("#end if") and branches:
            branches.pop()
        elif all(branches):
            if _PROC_END.match(line):
                depth -= 1
            elif _PROC_START.match(line):
                depth += 1
    return depth > 0


def _check_vba(report: DoctorReport, parts: dict[str, bytes], vba_part: str, sheet_names: list[str]) -> None:
    from .ovba import read_vba_project
    from .xlsm import XLWINGS_MODULE, vba_version

    data = parts.get(vba_part)
    if data is None:
        report.add("vba-project", ERROR, "doctor_vba_missing", "doctor_fix_rebuild", part=vba_part)
        return
    try:
        modules = read_vba_project(data)
    except ValueError as exc:
        report.add("vba-project", ERROR, "doctor_vba_damaged", "doctor_fix_rebuild", detail=exc)
        return
    by_name = {m.name: m for m in modules}
    broken = [m.name for m in modules if cut_off(m.code)]
    if broken:
        report.add("vba-project", ERROR, "doctor_vba_cut", "doctor_fix_rebuild", modules=", ".join(broken))
        return
    report.add("vba-project", OK, "doctor_vba_ok", count=len(modules))
    needed = [n for n in (L.BUTTON_MODULE, XLWINGS_MODULE) if n not in by_name]
    # the flowchart button's outcome is shown by the startup macro when the workbook opens again
    document, startup = L.STARTUP_MACRO
    if any(macro.split(".")[-1] == L.FLOWCHART_MACRO for _, macro in _button_macros(parts)) and not any(
            match.group(3) == startup for match in _SUB_RE.finditer(by_name[document].code if document in by_name else "")):
        needed.append(f"{document}.{startup}")
    codenames = _codenames(parts)
    no_document = [f"{sheet} ({name})" for sheet, name in codenames.items()
                   if name not in by_name or by_name[name].kind != "document"]
    if needed or no_document:
        report.add("vba-modules", ERROR, "doctor_modules_missing", "doctor_fix_rebuild",
                   modules=", ".join(needed + no_document))
    else:
        report.add("vba-modules", OK, "doctor_modules_ok")
    subs = {match.group(3).lower() for m in modules if m.kind == "standard"
            for match in _SUB_RE.finditer(m.code) if (match.group(1) or "").strip().lower() != "private"}
    macros = _button_macros(parts)
    unbound = sorted({f"{sheet}: {macro}" for sheet, macro in macros if macro.split(".")[-1].lower() not in subs})
    if unbound:
        report.add("buttons", ERROR, "doctor_buttons_unbound", "doctor_fix_rebuild", buttons="; ".join(unbound))
    else:
        report.add("buttons", OK, "doctor_buttons_ok", count=len(macros))
    handlers = sorted({h for m in modules for h in _HANDLER_RE.findall(m.code)})
    unknown = [h for h in handlers if h not in {b.handler for b in L.BUTTONS}]
    if unknown:
        report.add("handlers", ERROR, "doctor_handlers_unknown", "doctor_fix_update", handlers=", ".join(unknown))
    else:
        report.add("handlers", OK, "doctor_handlers_ok", count=len(handlers))
    if L.XLWINGS_CONF not in sheet_names:
        report.add("xlwings-conf", WARNING, "doctor_conf_missing", "doctor_fix_rebuild")
    else:
        report.add("xlwings-conf", OK, "doctor_conf_ok")
    built = vba_version(by_name[XLWINGS_MODULE].code) if XLWINGS_MODULE in by_name else None
    installed = _installed_xlwings()
    if built and installed and built != installed:
        report.add("xlwings-version", WARNING, "doctor_xlwings_differs", "doctor_fix_xlwings", built=built,
                   installed=installed)
    elif built and installed is None:
        report.add("xlwings-version", WARNING, "doctor_xlwings_missing", "doctor_fix_xlwings", built=built)
    elif built:
        report.add("xlwings-version", OK, "doctor_xlwings_ok", built=built)


def _codenames(parts: dict[str, bytes]) -> dict[str, str]:
    found = {}
    for sheet, part in _sheet_parts(parts).items():
        match = re.search(r'<sheetPr\b[^>]*\bcodeName="([^"]+)"', parts.get(part, b"").decode("utf-8", "replace"))
        if match:
            found[sheet] = match.group(1)
    return found


def _button_macros(parts: dict[str, bytes]) -> list[tuple[str, str]]:
    """(sheet, macro) of every form control with a macro, from the sheets' VML drawings."""
    found = []
    for sheet, part in _sheet_parts(parts).items():
        for rel in _rels(parts, part):
            if rel.get("Type") == REL_VML:
                vml = parts.get(rel["path"], b"").decode("utf-8", "replace")
                found += [(sheet, _unescape(macro)) for macro in _MACRO_RE.findall(vml)]
    return found


def _installed_xlwings() -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("xlwings")
    except PackageNotFoundError:
        return None
