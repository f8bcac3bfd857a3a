"""Input is data, never code: what lies in a consolidated folder is never run, and its names are never syntax.

The nightly job is started in the shared SOP folder itself, as an office's scheduler would: a
``pickle.py`` (and friends) dropped there by anyone who can write to the share must not be imported by
the job or by its reading processes. Folder names with ``#`` or ``%`` reach SQLite as a path, not as
URI syntax, and a master naming something other than an SQLite file as its database is refused.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from sopxl import api
from sopxl.errors import SopxlError
from sopxl.nightly.consolidation import PROCESS_POOL_FROM

GOOD = Path(__file__).parent / "data" / "faults" / "good.xlsx"
# modules a reading process imports (pickle, struct …) or could: each would leave a mark if it ran
PLANTED = ("pickle", "struct", "subprocess", "zipfile", "sopxl", "python_calamine", "sitecustomize", "usercustomize")


def _copies(folder: Path, count: int) -> None:
    """`count` SOP workbooks of different SOPs (their Nomor differs), as a folder of an office holds them."""
    sop = api.load(GOOD)
    for index in range(count):
        path = folder / f"sop_{index:02d}.xlsx"
        shutil.copy(GOOD, path)
        sop.identity.nomor = f"OT.01.02-{index + 100:03d}"
        api.save(sop, path)


@pytest.mark.slow
def test_a_py_file_in_the_consolidated_folder_is_not_imported(tmp_path: Path):
    folder = tmp_path / "bersama"
    folder.mkdir()
    _copies(folder, PROCESS_POOL_FROM + 1)               # enough files for the reading processes
    marks = tmp_path / "marks"
    marks.mkdir()
    for name in PLANTED:
        (folder / f"{name}.py").write_text(f"open({str(marks / name)!r}, 'w').write('ran')\n", encoding="utf-8")
    sopxl = Path(sys.executable).parent / "sopxl"
    run = subprocess.run([str(sopxl), "consolidate", ".", "--master", str(tmp_path / "master.xlsx"),
                          "--db", str(tmp_path / "sopxl.db"), "--workers", "2", "--no-report", "--lang", "en"],
                         cwd=folder, capture_output=True, text=True, timeout=600,
                         env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert run.returncode == 0, run.stderr
    assert f"{PROCESS_POOL_FROM + 1} read" in run.stdout, run.stdout       # the run's summary: its result, in --lang
    assert sorted(p.name for p in marks.iterdir()) == []          # nothing planted ran, in the job or its workers


def test_the_reading_processes_start_isolated():
    from sopxl.nightly.readpool import worker_command

    command = worker_command("/opt/sopxl")
    assert command[:2] == [sys.executable, "-I"]                  # no cwd, no user site, no PYTHON* variables
    probe = subprocess.run([sys.executable, "-I", "-c", "import sys; print(sys.path)"], capture_output=True,
                           text=True, cwd="/tmp")
    assert "''" not in probe.stdout and "'/tmp'" not in probe.stdout


@pytest.mark.slow
@pytest.mark.parametrize("name", ["kantor #2", "biro 100%25", "tanya?jawab"])
def test_a_folder_name_with_uri_syntax_reaches_sqlite_as_a_path(tmp_path: Path, monkeypatch, name: str):
    monkeypatch.chdir(tmp_path)
    office = tmp_path / name
    office.mkdir()
    _copies(office, 1)
    master = office / "master.xlsx"
    api.consolidate([office], master=master, db=office / "sopxl.db", report=False)
    result = api.report(master, month="2026-10", output=office / "laporan.xlsx")
    assert result.workbook.exists() and len(result.figures.sops) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]      # no stray file such as "kantor "


def _master_naming(tmp_path: Path, custom: bytes) -> Path:
    master = tmp_path / "master.xlsx"
    with zipfile.ZipFile(GOOD) as source, zipfile.ZipFile(master, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        target.writestr("docProps/custom.xml", custom)
    return master


PROPERTY = ('<?xml version="1.0"?>{dtd}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            '<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="2" name="sopxl database">'
            '<vt:lpwstr>{target}</vt:lpwstr></property></Properties>')


@pytest.mark.parametrize("dtd, target, says", [
    ('<!DOCTYPE p [<!ENTITY x "sopxl.db">]>', "sopxl.db", "declare a DTD"),
    ("", "/etc/passwd", "which is not a .db file"),
    ("", "file:/tmp/x.db?mode=rwc", "which is not a file path"),
    ("", "README.db", "is not an SQLite database"),
])
def test_a_master_naming_no_sqlite_file_is_refused(tmp_path: Path, dtd: str, target: str, says: str):
    (tmp_path / "README.db").write_text("not a database", encoding="utf-8")
    master = _master_naming(tmp_path, PROPERTY.format(dtd=dtd, target=target).encode())
    with pytest.raises(SopxlError, match=says):
        api.report(master, month="2026-10", output=tmp_path / "laporan.xlsx")
    assert not (tmp_path / "laporan.xlsx").exists()
