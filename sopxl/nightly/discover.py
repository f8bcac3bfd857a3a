"""Finding the SOP workbooks under the consolidated folders (lock files, links and outputs left out)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Callable

from ..xlsx.files import WORKBOOK_SUFFIXES, lock_target
from .results import FAILED, SKIPPED, FileStatus


@dataclass
class Discovery:
    candidates: list[tuple[str, str]] = field(default_factory=list)    # (path, root folder)
    statuses: list[FileStatus] = field(default_factory=list)           # skipped and failed found while looking
    unreadable: list[str] = field(default_factory=list)                # folders that could not be listed


def discover(roots: list[str], excluded: Callable[[str], bool]) -> Discovery:
    """Every workbook under `roots` (sub-folders included, symbolic links to folders not followed), sorted."""
    found = Discovery()

    def visit(folder: str, root: str) -> None:
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            found.unreadable.append(folder)
            found.statuses.append(FileStatus(folder, root, FAILED, f"the folder cannot be read "
                                                                   f"({exc.strerror or exc}); its workbooks were not "
                                                                   "checked"))
            return
        for entry in entries:
            path = entry.path
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                is_file = entry.is_file()
            except OSError:
                continue
            if is_dir:
                visit(path, root)
                continue
            if not is_file or excluded(path):
                continue
            name = entry.name
            suffix = os.path.splitext(name)[1].lower()
            target = lock_target(name)
            if target is not None:
                if target.lower().endswith(WORKBOOK_SUFFIXES):
                    found.statuses.append(FileStatus(path, root, SKIPPED,
                                                     f"lock file: {target} is open in Excel or LibreOffice"))
            elif suffix in WORKBOOK_SUFFIXES:
                if name.startswith("."):
                    found.statuses.append(FileStatus(path, root, SKIPPED, "hidden file (a temporary or system "
                                                                         "copy, not a workbook people use)"))
                else:
                    found.candidates.append((path, root))
            elif suffix == ".xls":
                found.statuses.append(FileStatus(path, root, SKIPPED, "Excel 97-2003 format (.xls); if it is an "
                                                                     "SOP workbook, save it as .xlsx"))

    for root in roots:
        if os.path.isdir(root):
            visit(root, root)
        elif os.path.isfile(root):
            if not excluded(root):
                found.candidates.append((root, os.path.dirname(root)))
        else:
            found.statuses.append(FileStatus(root, root, FAILED, "no such folder or file (a typing mistake, or a "
                                                                 "network share that is not mounted?)"))
            found.unreadable.append(root)
    # folders named inside one another find the same files twice: each file once, under the first
    seen: set[str] = set()
    found.candidates = [(path, root) for path, root in found.candidates if not (path in seen or seen.add(path))]
    listed: set[str] = set()
    found.statuses = [s for s in found.statuses if not (s.path in listed or listed.add(s.path))]
    return found


def is_under(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)
