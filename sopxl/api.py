"""The public functions of sopxl: each a short composition of the layers below, shared by every door."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from . import layout as L
from .model import SOP

# roles a blank template starts with; authors rename or add columns in Excel
TEMPLATE_ROLES = ["Karo", "Kabag", "Kasubbag", "Pelaksana"]


def new(path: str | Path, *, lang: str = L.DEFAULT_LANG, force: bool = False,
        today: dt.date | None = None) -> Path:
    """Create a blank SOP workbook (the template) at `path`."""
    from .workbook import create, template_calendar

    return create(Path(path), SOP(roles=list(TEMPLATE_ROLES)), lang=lang,
                  calendar=template_calendar(today), overwrite=force)


@dataclass
class ImportResult:
    """What an import produced: the SOP, where it was written, and what was inferred or noticed."""

    sop: SOP
    source: Path
    workbook: Path | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def inference_count(self) -> int:
        return sum(len(step.inferences) for step in self.sop.steps)

    def summary(self) -> dict:
        """Counts for people: steps, roles, norms found, inferences."""
        steps = self.sop.steps
        return {"steps": len(steps), "roles": len(self.sop.roles),
                "decisions": sum(1 for s in steps if s.symbol.value == "decision"),
                "norms": sum(1 for s in steps if s.norm is not None),
                "no_norm": sum(1 for s in steps if s.norm is None),
                "inferences": self.inference_count}

    def to_dict(self) -> dict:
        return {"source": str(self.source), "workbook": str(self.workbook) if self.workbook else None,
                "summary": self.summary(), "notes": list(self.notes), "sop": self.sop.to_dict()}


def read_document(document: str | Path, *, lang: str = L.DEFAULT_LANG) -> ImportResult:
    """Read an SOP document (.txt export, .docx, .xlsx) into the model, inferring what it lost."""
    from .importers import read_document as read

    document = Path(document)
    sop, notes = read(document, lang)
    return ImportResult(sop=sop, source=document, notes=notes)


def import_document(document: str | Path, output: str | Path, *, lang: str = L.DEFAULT_LANG,
                    force: bool = False) -> ImportResult:
    """Turn an SOP document into a new SOP workbook at `output`."""
    from .workbook import create

    result = read_document(document, lang=lang)
    result.workbook = create(Path(output), result.sop, lang=lang, overwrite=force)
    return result


def load(path: str | Path) -> SOP:
    """The SOP held by a workbook."""
    from .workbook import load as load_workbook

    return load_workbook(Path(path))[0]


def save(sop: SOP, path: str | Path, *, lang: str | None = None) -> Path:
    """Write `sop` into an existing workbook, keeping everything else in it."""
    from .workbook import save as save_workbook

    return save_workbook(sop, Path(path), lang=lang)


def export(path: str | Path) -> dict:
    """The SOP of a workbook as the JSON-ready dict documented in docs/export-schema.md."""
    return load(path).to_dict()
