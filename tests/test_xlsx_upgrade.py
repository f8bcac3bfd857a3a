"""A Pelacak of an older sopxl is upgraded in place by the next action or refresh, not refused.

The fixtures are workbooks that sopxl itself wrote before issue 16 (tests/data/old_pelacak, made by
make_old_pelacak.py from that version's source in the repository's history): Pelacak's header on row 1,
times in minutes, and in the .xlsm the buttons right of the table. The next case action (or refresh)
gives the sheet today's layout under the workbook's lock, in the same atomic write as the action; the
Log keeps every row it had, nothing else in the file changes, and a line says what happened.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from helpers.ooxml import assert_valid
from sopxl import api
from sopxl import layout as L
from sopxl.cli import cli
from sopxl.errors import WorkbookError
from sopxl.sheets.casebook import casebook_from_grids
from sopxl.sheets.log import tracker_row
from sopxl.xlsx.read import read_grids

OLD = Path(__file__).parent / "data" / "old_pelacak"
TEMPLATE = Path(__file__).parent.parent / "workbooks" / "sop_template.xlsm"
AT = "17/11/2026 13:00"


def rows(path: Path, sheet: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def pelacak_anchors(path: Path) -> list[str]:
    """The anchors of sopxl's Pelacak buttons, from the VML part of the Pelacak sheet."""
    found = parts(path)
    rels = found["xl/worksheets/_rels/sheet4.xml.rels"].decode()
    vml = "xl/drawings/" + re.search(r'Target="\.\./drawings/([^"]+\.vml)"', rels).group(1)
    macros = {b.macro for b in L.BUTTONS if b.sheet == L.PELACAK}
    shapes = re.findall(r"<v:shape\b.*?</v:shape>", found[vml].decode(), re.S)
    return [re.search(r"<x:Anchor>([^<]*)</x:Anchor>", s).group(1) for s in shapes
            if re.search(r"FmlaMacro>(?:\[0\]!)?(\w+)<", s) and re.search(r"FmlaMacro>(?:\[0\]!)?(\w+)<", s).group(1) in macros]


@pytest.mark.parametrize("name", ["lama.xlsx", "lama.xlsm"])
def test_the_next_action_upgrades_an_old_pelacak_in_place_and_keeps_the_log(tmp_path: Path, name: str):
    book = tmp_path / name
    shutil.copy(OLD / name, book)
    assert rows(book, L.PELACAK)[0][:2] == list(L.OLD_PELACAK_HEADER[0][:1] + L.OLD_PELACAK_HEADER[1][:1])
    log_before, before = rows(book, L.LOG), parts(book)

    result = CliRunner().invoke(cli, ["case", "advance", str(book), "2", "--at", AT])
    assert result.exit_code == 0 and result.stderr == "", result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"{book}: Pelacak bertata letak lama diperbarui ke tata letak sekarang (Log tidak diubah)"
    assert lines[1].startswith("kasus 2: langkah 2 selesai")

    # the Log: every row it had, and the action's row below them
    log_after = rows(book, L.LOG)
    assert log_after[:len(log_before)] == log_before and len(log_after) == len(log_before) + 1
    assert log_after[-1][:4] == [len(log_before), 2.0, 2.0, "selesai"]
    # Pelacak: today's title row, header and table, a row per case as the tracker writes it
    pelacak = rows(book, L.PELACAK)
    assert pelacak[0][0].startswith("Keadaan per ")
    assert pelacak[1] == [L.text(c.key) for c in L.PELACAK_COLUMNS]
    assert sorted(r[0] for r in pelacak[2:]) == [1.0, 2.0, 3.0]
    after = parts(book)
    table = after["xl/tables/table1.xml"].decode()
    assert 'name="TabelPelacak"' in table and 'ref="A2:O5"' in table and "Batas Waktu Langkah" in table
    # nothing else changed: the parts an action writes, and the sheet's layout (its styles added to the styles)
    changed = {n for n in before if before[n] != after.get(n)}
    # (and the two views an older workbook lacks, added as sheets of their own: tests/test_xlsx_views.py)
    views = {n for n in after if n not in before}
    assert len(views) == len(L.VIEW_SHEETS) and all(n.startswith("xl/worksheets/sheet") for n in views)
    assert changed <= {"xl/worksheets/sheet4.xml", "xl/worksheets/sheet5.xml", "xl/tables/table1.xml",
                       "xl/tables/table2.xml", "xl/styles.xml", "xl/workbook.xml",
                       "xl/drawings/vmlDrawing3.vml", "[Content_Types].xml", "xl/_rels/workbook.xml.rels"}, changed
    assert set(after) == set(before) | views
    assert_valid(book)
    if name.endswith(".xlsm"):
        assert after["xl/vbaProject.bin"] == before["xl/vbaProject.bin"]
        assert 'codeName="Sheet4"' in after["xl/worksheets/sheet4.xml"].decode()   # its VBA document module
        assert pelacak_anchors(book) == pelacak_anchors(TEMPLATE)                 # from column C, row 1
        assert api.doctor(book).ok

    # upgraded once: the next action says nothing of it, and what it writes reads back
    again = CliRunner().invoke(cli, ["case", "note", str(book), "1", "cek", "--at", AT, "--format", "json"])
    assert again.exit_code == 0 and "upgraded" not in json.loads(again.stdout)
    assert rows(book, L.PELACAK)[1] == pelacak[1]


def test_refresh_upgrades_too_and_says_so_in_the_runs_language(tmp_path: Path):
    book = tmp_path / "lama.xlsx"
    shutil.copy(OLD / "lama.xlsx", book)
    result = CliRunner().invoke(cli, ["refresh", str(book), "--as-of", AT, "--lang", "en", "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["upgraded"] is True
    fresh = tmp_path / "baru.xlsx"
    shutil.copy(OLD / "lama.xlsx", fresh)
    text = CliRunner().invoke(cli, ["refresh", str(fresh), "--as-of", AT, "--lang", "en"])
    assert text.stdout.splitlines()[0] == f"{fresh}: Pelacak of an older layout upgraded to today's (the Log is unchanged)"
    # the rows are the tracker's rows, in the workbook's language
    listed = api.list_cases(book, as_of=dt.datetime(2026, 11, 17, 13))
    expected = [tracker_row(f, "id", listed.cases[0].day_minutes) for f in listed.cases]
    written = rows(book, L.PELACAK)[2:]
    assert [r[1] for r in written] == [r[1] for r in expected]
    assert [r[2] for r in written] == [r[2] for r in expected] == ["Berjalan", "Berjalan", "Batal"]


def test_an_old_pelacak_is_recognised_and_a_changed_header_still_refused(tmp_path: Path):
    grids = read_grids(OLD / "lama.xlsx", ("Identitas", "Aktivitas", "Pelacak", "Log", "Kalender"))
    assert casebook_from_grids(grids).pelacak_outdated
    book = tmp_path / "lama.xlsx"
    shutil.copy(OLD / "lama.xlsx", book)
    api.refresh(book, as_of=dt.datetime(2026, 11, 17, 13))
    grids = read_grids(book, ("Identitas", "Aktivitas", "Pelacak", "Log", "Kalender"))
    assert not casebook_from_grids(grids).pelacak_outdated
    # a header a person changed is neither layout: refused, naming the cell, in the run's language
    grids[L.PELACAK].rows[1] = ["Nomor", *grids[L.PELACAK].rows[1][1:]]
    with pytest.raises(WorkbookError) as refused:
        casebook_from_grids(grids)
    assert (refused.value.sheet, refused.value.cell) == (L.PELACAK, "A2")
    assert "seharusnya judul 'No'" in refused.value.render("id")
