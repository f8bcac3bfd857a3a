"""Review dates by hand: the rules (domain.review), validation findings, the nightly master, the monthly report."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from click.testing import CliRunner
from python_calamine import CalamineWorkbook

import sopxl
from sopxl import layout as L
from sopxl.cli import cli
from sopxl.domain.model import Identity
from sopxl.domain.review import DUE, PAST, Review, add_months, review_of

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "workbooks" / "examples"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


# ---- the review date, by hand ------------------------------------------------------------------------

def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert add_months(dt.date(2018, 5, 2), 12) == dt.date(2019, 5, 2)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)      # leap year
    assert add_months(dt.date(2025, 8, 31), 6) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2025, 11, 15), 2) == dt.date(2026, 1, 15)


def test_review_date_rules():
    # Tanggal Efektif + 12 months by default; the SOP's own cycle when it has one
    assert review_of(Identity(tanggal_efektif="Rabu, 02 Mei 2018")) == Review(dt.date(2019, 5, 2), "tanggal_efektif", 12)
    assert review_of(Identity(tanggal_efektif="02/05/2018", siklus_tinjauan="6 bulan")).date == dt.date(2018, 11, 2)
    assert review_of(Identity(tanggal_efektif="2018-05-02"), default_months=24).date == dt.date(2020, 5, 2)
    # a Tanggal Revisi after Tanggal Efektif is a planned review; one on or before it is the last revision
    assert review_of(Identity(tanggal_efektif="2 Juni 2025", tanggal_revisi="1 Desember 2025")) == Review(
        dt.date(2025, 12, 1), "tanggal_revisi", None)
    assert review_of(Identity(tanggal_efektif="2 Juni 2025", tanggal_revisi="2 Juni 2025")).date == dt.date(2026, 6, 2)
    # no dates, or a cycle that is no number: no review date
    assert review_of(Identity(tanggal_revisi="Revisi ke")) is None
    assert review_of(Identity(tanggal_efektif="2 Juni 2025", siklus_tinjauan="setahun")) is None


def test_review_state_boundaries():
    review = Review(dt.date(2026, 12, 31), "tanggal_efektif", 12)
    assert review.state(dt.date(2026, 11, 30)) is None          # 31 days before
    assert review.state(dt.date(2026, 12, 1)) == DUE            # 30 days before
    assert review.state(dt.date(2026, 12, 31)) == DUE           # the day itself
    assert review.state(dt.date(2027, 1, 1)) == PAST
    assert review.days_from(dt.date(2027, 1, 10)) == -10


def test_validate_reports_review_dates_only_when_asked(tmp_path: Path):
    book = tmp_path / "monev.xlsx"
    shutil.copy(EXAMPLES / "kemenkopolhukam_monev_sop_ap.xlsx", book)
    assert not [f for f in sopxl.validate(book).findings if f.code.startswith("review-")]
    # Tanggal Efektif Rabu, 02 Mei 2018 + 12 months = 2 May 2019; 6 December 2026 is 2775 days later
    result = run("validate", book, "--lang", "en", "--review-as-of", "2026-12-06", "--select", "review-past")
    assert result.stdout.splitlines()[0] == (
        "Identitas!B6: warning review-past: the SOP's review was due on 2019-05-02 (Effective Date + 12 months), "
        "2775 days ago — review this SOP with its owner, then update Tanggal Revisi or Tanggal Efektif")
    # 4 April 2019 is 28 days before the review: due soon (info)
    report = sopxl.validate(book, review_as_of=dt.date(2019, 4, 4), select=["review-due", "review-past"])
    assert [(f.code, f.location, f.params["days"]) for f in report.findings] == [("review-due", "Identitas!B6", 28)]


def test_the_master_and_the_report_list_the_reviews(tmp_path: Path):
    folder = tmp_path / "kantor"
    folder.mkdir()
    for name in ("kemenkopolhukam_monev_sop_ap.xlsx", "kemnaker_pengukuran_kinerja.xlsx"):
        shutil.copy(EXAMPLES / name, folder / name)
    as_of = dt.datetime(2026, 11, 20, 16, 30)
    sopxl.consolidate([folder], master=tmp_path / "master.xlsx", as_of=as_of, report=False)
    rows = CalamineWorkbook.from_path(str(tmp_path / "master.xlsx")).get_sheet_by_name(L.MASTER_DAFTAR).to_python()
    header = rows[0]
    review = {row[header.index("Nama SOP")]: (row[header.index("Tinjauan")], row[header.index("Status Tinjauan")])
              for row in rows[1:]}
    # the Kemnaker SOP has no Tanggal Pengesahan, so no review date
    assert review == {"Monitoring dan Evaluasi SOP AP": ("2019-05-02", "lewat"),
                      "Penyusunan Pengukuran Kinerja Kementerian": ("", "")}
    # the next night, nothing read: the review dates come from the parts' list (by SOP and the run that last
    # changed it), judged as of the new night
    again = sopxl.consolidate([folder], master=tmp_path / "master.xlsx", as_of=as_of + dt.timedelta(days=1),
                              report=False)
    assert again.master_written and again.counts["read"] == 0
    rows = CalamineWorkbook.from_path(str(tmp_path / "master.xlsx")).get_sheet_by_name(L.MASTER_DAFTAR).to_python()
    assert {row[header.index("Nama SOP")]: (row[header.index("Tinjauan")], row[header.index("Status Tinjauan")])
            for row in rows[1:]} == review
    listed = json.loads((tmp_path / "master-unit" / ".sopxl-parts.json").read_text(encoding="utf-8"))["reviews"]
    assert sorted(len(entry) for entry in listed.values()) == [1, 4]         # [read run] or [read run, date, …]

    result = sopxl.report(folder, month="2026-10", output=tmp_path / "laporan.xlsx", lang="en")
    sheet = CalamineWorkbook.from_path(str(result.workbook)).get_sheet_by_name(L.TINJAUAN).to_python()
    at = next(i for i, row in enumerate(sheet) if row[0] == "No")
    # as of 31 October 2026: 2019-05-02 is 2739 days before
    assert sheet[at + 1] == [1.0, "Biro Perencanaan dan Organisasi", "Monitoring dan Evaluasi SOP AP",
                             "OT.01.02-071-097.Set.PO", "2019-05-02", "Effective Date + 12 months", "past", -2739.0]
    assert len(sheet) == at + 2
    reviews = {s["nama"]: s["review"] for s in result.to_dict()["sops"]}
    assert reviews["Monitoring dan Evaluasi SOP AP"] == {"date": "2019-05-02", "basis": "tanggal_efektif",
                                                         "months": 12, "state": "past"}
