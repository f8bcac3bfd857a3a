"""Report sources on disk: one SOP workbook, or a folder of them, as ``figures.SopSource`` items.

A report source is any iterable of ``SopSource`` (see ``sopxl.figures`` and docs/architecture.md).
This module reads the ones that are files: an SOP workbook gives one item (a workbook that cannot
be read raises, naming the file and cell); a folder gives one per SOP workbook under it, read one
at a time, and a file in it that is not an SOP workbook or cannot be read is skipped with the
reason (``skipped``), since one broken file must not stop an office's report. The consolidated
master (``sopxl consolidate``) is read by the consolidation store, which yields the same items.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from .errors import SopxlError, WorkbookError
from .figures import SopMeta, SopSource, unit_of
from .files import is_lock_file

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def workbook_source(path: Path) -> SopSource:
    """The SOP, calendar and events of one SOP workbook; WorkbookError naming the file when it cannot be read."""
    from .casebook import open_casebook

    book = open_casebook(Path(path))
    identity = book.sop.identity
    instansi, unit = unit_of(identity.instansi, fallback=Path(path).stem)
    meta = SopMeta(key=str(path), instansi=instansi, unit=unit, nama=identity.nama or Path(path).stem,
                   nomor=identity.nomor, source=Path(path).name)
    return SopSource(meta=meta, sop=book.sop, calendar=book.calendar, events=book.ledger.events)


def folder_workbooks(folder: Path) -> list[Path]:
    """Workbooks under `folder` (sub-folders included), sorted; lock files and temporary files left out."""
    found = [p for p in Path(folder).rglob("*") if p.is_file() and p.suffix.lower() in WORKBOOK_SUFFIXES
             and not is_lock_file(p) and not p.name.startswith(".")]
    return sorted(found)


class FileSource:
    """The report source of a path: an SOP workbook, or a folder of SOP workbooks."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.skipped: list[tuple[str, str]] = []       # (file, why) left out of a folder's report
        if not self.path.exists():
            raise WorkbookError("no such file or folder", file=str(self.path), fix="check the path")
        if self.path.is_dir():
            self._files = folder_workbooks(self.path)
            if not self._files:
                raise WorkbookError("the folder holds no workbook (.xlsx, .xlsm)", file=str(self.path),
                                    fix="point at an SOP workbook or a folder of them")
        else:
            self._files = None

    @property
    def name(self) -> str:
        return self.path.name or str(self.path)

    def __iter__(self) -> Iterator[SopSource]:
        if self._files is None:
            yield workbook_source(self.path)
            return
        self.skipped.clear()
        for path in self._files:
            try:
                item = workbook_source(path)
            except SopxlError as error:
                self.skipped.append((str(path.relative_to(self.path)), error.message))
                continue
            yield item
