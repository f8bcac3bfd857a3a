"""What a consolidation writes beside its master, by name: the folders of its data parts and reminders,
and the test that leaves all of it out of the folders it consolidates.

Light on purpose (no workbook library): a night that finds nothing changed needs these names, and
nothing of the master or the reminders.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .. import layout as L


def parts_folder(master: Path) -> Path:
    """The folder of a master's data parts: ``master-unit`` beside ``master.xlsx``."""
    master = Path(master)
    return master.with_name(f"{master.stem}{L.MASTER_PARTS_SUFFIX}")


def reminders_folder(master: Path) -> Path:
    """Where the unit workbooks of a master are written: ``pengingat-<master's name>/`` beside it."""
    master = Path(master)
    return master.with_name(L.REMINDER_FOLDER_PREFIX + master.stem)


class OutputFilter:
    """Which files under the consolidated folders are this consolidation's own outputs (the master, its
    backups, its reports, its reminders, its data parts): asked per folder, then per name in it."""

    def __init__(self, master: Path):
        master = Path(os.path.abspath(master))
        self.master_folder = str(master.parent)
        self.reminders = str(reminders_folder(master))
        self.parts = str(parts_folder(master))
        self._parts_prefix = self.parts.rstrip(os.sep) + os.sep
        self._master_name = master.name
        self._backup = re.compile(re.escape(master.stem) + r"\.\d{4}-\d{2}-\d{2}" + re.escape(master.suffix) + "$")
        self._report = re.compile(r"laporan-" + re.escape(master.stem) + r"-\d{4}-\d{2}\.xlsx$")

    def folder(self, folder: str) -> bool:
        """True when every file directly in `folder` is an output (the reminders' folder, the parts' folders)."""
        return folder == self.reminders or folder == self.parts or folder.startswith(self._parts_prefix)

    def file(self, folder: str, name: str) -> bool:
        """True when the file `name` in `folder` is an output."""
        if self.folder(folder):
            return True
        if folder != self.master_folder:
            return False
        return name == self._master_name or bool(self._backup.match(name)) or bool(self._report.match(name))

    def __call__(self, path: str) -> bool:
        folder, _, name = path.rpartition(os.sep)
        return self.file(folder, name)
