"""Playing the desktop's part for the "Gambar bagan alir" hand-over: the system's opener as a script that
records its call, and the note and log sopxl leaves beside a workbook, read back independently."""

from __future__ import annotations

import time
from pathlib import Path

import sopxl.layout as L


def recording_opener(folder: Path) -> tuple[Path, Path]:
    """(script, record): a program for ``SOPXL_OPENER`` that appends its one argument to `record`."""
    record = folder / "opened.txt"
    script = folder / "open-with-system"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> "{record}"\n')
    script.chmod(0o755)
    return script, record


def note_of(workbook: Path) -> tuple[str, str] | None:
    """(mode, text) of the note beside the workbook, read as the startup macro reads it (UTF-16 units)."""
    note = workbook.with_name(workbook.name + L.NOTE_SUFFIX)
    if not note.exists():
        return None
    mode, _, text = note.read_bytes().decode("utf-16-le").partition("\n")
    return mode, text


def log_lines(workbook: Path) -> list[str]:
    """The log beside the workbook, each line without its date and time."""
    log = workbook.with_name(workbook.name + L.LOG_SUFFIX)
    return [line.split(" ", 2)[2] for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []


def until(condition, seconds: float = 60.0):
    """Poll `condition` until it returns something true (returned); AssertionError after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"not within {seconds} s: {condition}")
