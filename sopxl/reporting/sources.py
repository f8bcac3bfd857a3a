"""Report sources on disk: an SOP workbook, a folder of them, or a consolidated master, as ``SopSource`` items.

A report source is any iterable of ``SopSource`` (see ``sopxl.domain.figures`` and docs/architecture.md).
This module reads the ones that are paths: an SOP workbook gives one item (a workbook that cannot
be read raises, naming the file and cell); a folder gives one per SOP workbook under it, read one
at a time, and a file in it that is not an SOP workbook or cannot be read is skipped with the
reason (``skipped``), since one broken file must not stop an office's report. A consolidated
master — the database of ``sopxl consolidate`` or the master workbook written from it — is read by
the consolidation store (``nightly.store.StoreSource``), which yields the same items; ``sopxl.api``
decides which of the two reads a path (``is_consolidated``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from .. import layout as L
from ..errors import SopxlError, WorkbookError
from ..domain.figures import SopSource
from ..xlsx.files import WORKBOOK_SUFFIXES, workbooks_under



def workbook_source(path: Path) -> SopSource:
    """The SOP, calendar and events of one SOP workbook; WorkbookError naming the file when it cannot be read."""
    from ..sheets.casebook import report_source
    from ..xlsx.casefile import open_casebook

    return report_source(open_casebook(Path(path)), str(path), Path(path).name)


def is_consolidated(path: Path) -> bool:
    """True for a consolidated master: a database file, or a master workbook naming its database."""
    suffix = path.suffix.lower()
    return path.is_file() and (suffix in L.DATABASE_SUFFIXES or (suffix in WORKBOOK_SUFFIXES and names_database(path)))


def names_database(path: Path) -> bool:
    """True for a master workbook of ``sopxl consolidate``: it names its database in a document property."""
    from ..xlsx.read import custom_property

    return custom_property(path, L.MASTER_DATABASE_PROPERTY) is not None


class FileSource:
    """The report source of a path: an SOP workbook or a folder of SOP workbooks."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.skipped: list[tuple[str, str]] = []       # (file, why) left out of the report
        self._files: list[Path] | None = None
        if not self.path.exists():
            raise WorkbookError("no such file or folder", file=str(self.path), fix="check the path")
        if self.path.is_dir():
            self._files = workbooks_under(self.path)
            if not self._files:
                raise WorkbookError("the folder holds no workbook (.xlsx, .xlsm)", file=str(self.path),
                                    fix="point at an SOP workbook or a folder of them")

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
