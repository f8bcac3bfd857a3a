"""The monthly report: figures checked against hand-computed values, the workbook it writes, its forms.

The fixture (tests/report_fixture.py) has thirteen cases of a four-step SOP recorded through the case
API into a real workbook; its comments give every step's working minutes. October 2026 is the month
under test: a case opened on 30 September and closed on 1 October, a case returned twice, a case
still open at month end that closes in November, a cancelled case, and cases of August and September.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import statistics
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

import report_fixture as F
from helpers.ooxml import assert_valid
from sopxl import api
from sopxl import layout as L
from sopxl.cli import cli
from sopxl.errors import SopxlError
from sopxl.domain.figures import Month, percentile, report_figures, unit_of
from sopxl.reporting.monev import GOOD, NOT_GOOD, assessment, evaluation_hints, month_label
from sopxl.reporting.sources import FileSource, workbook_source

OCTOBER = Month(2026, 10)
GENERATED = dt.datetime(2026, 11, 20, 16, 0)


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    return F.build(tmp_path_factory.mktemp("report") / "nota_dinas.xlsx")


@pytest.fixture(scope="module")
def october(workbook):
    return report_figures([workbook_source(workbook)], OCTOBER).sops[0]


def sheet_rows(path: Path, name: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python(skip_empty_area=False)


def find_row(rows: list[list], first: str) -> int:
    return next(i for i, row in enumerate(rows) if row and row[0] == first)


# ---- figures, by hand ------------------------------------------------------------------------------

def test_case_counts_of_october(october):
    # opened in October: C1 C2 C3 C5 C6 C7 C9 C10 C11 C12 (C4 opened on 30 September)
    assert october.opened == 10
    # closed in October: C1 C2 C3 C9 C10 C11 and C4, which crossed the month boundary
    assert october.closed == 7
    assert october.cancelled == 1                           # C7
    assert (october.open_at_end, october.open_late) == (3, 2)   # C5, C6 (overdue), C12
    assert october.open_at_start == 1                       # C4 was open when October began
    assert october.returns == 3                             # C2 once, C3 twice
    assert (october.reworked_closed, october.reworked_on_time) == (2, 1)   # C2 late, C3 on time


def test_time_against_the_total_norm(october):
    assert october.total_norm == 240                        # 120 + 30 + 60 + 30
    # closed cases' working minutes: C10 140, C11 140, C1 180, C4 210 (120 in September + 90), C3 230,
    # C2 330, C9 570; on time when not over 240
    assert sorted(october.used) == [140, 140, 180, 210, 230, 330, 570]
    assert (october.judged, october.on_time) == (7, 5)
    assert october.on_time_share == pytest.approx(5 / 7)
    assert october.median_used == 210
    assert october.p90_used == pytest.approx(426)          # rank 5.4: 330 + 0.4 × (570 − 330)
    assert october.median_ratio == pytest.approx(210 / 240)
    assert october.p90_ratio == pytest.approx(426 / 240)


def test_the_month_before_counts_its_closed_cases_only(october):
    previous = october.previous                             # September: C8 (70 minutes); C0 of August is out
    assert (previous.closed, previous.on_time, previous.judged) == (1, 1, 1)
    assert previous.median_ratio == pytest.approx(70 / 240)


def test_step_figures(october):
    steps = {s.number: s for s in october.steps}
    one, two, three, four = steps[1], steps[2], steps[3], steps[4]
    # step 1: 12 instances ended in October (C4's ended in September, C12's still runs, C7's counts)
    assert sorted(one.used) == [30, 30, 60, 60, 60, 60, 60, 60, 60, 90, 120, 450]
    assert (one.late, one.returns_into, one.open_at_end, one.open_late) == (1, 3, 1, 0)   # C9's 450
    assert (one.median, one.p90) == (60, pytest.approx(117))   # rank 9.9: 90 + 0.9 × 30
    assert one.returned_by == [2]
    # step 2: C7's was cancelled (no instance), C4's ended in September; 30 of 30 is not late
    assert sorted(two.used) == [10, 10, 15, 15, 20, 20, 20, 30, 30, 30, 30]
    assert (two.late, two.median, two.p90, two.late_share) == (0, 20, 30, 0)
    # step 3: C4's 70 (10 on 30 September + 60 on 1 October) is late; C5 and C6 are held there past 60
    assert sorted(three.used) == [30, 30, 30, 40, 40, 60, 70]
    assert (three.late, three.open_at_end, three.open_late) == (1, 2, 2)
    assert (three.median, three.p90) == (40, pytest.approx(64))
    assert three.median_ratio == pytest.approx(40 / 60)
    assert sorted(four.used) == [10, 20, 20, 30, 30, 30, 60] and four.late == 1   # C2's 60
    assert four.late_share == pytest.approx(1 / 7)
    assert (october.step_instances, october.step_judged, october.step_late) == (37, 37, 3)


def test_bottlenecks_are_ranked_by_late_share_then_returns(october):
    # step 3: (1 late + 2 overdue) / (7 + 2) = 33 %; step 4: 1/7 = 14 %; step 1: 1/13 = 8 % with 3 returns
    assert [(s.number, s.bottleneck) for s in october.bottlenecks] == [(3, 1), (4, 2), (1, 3)]
    assert {s.number: s.bottleneck for s in october.steps}[2] is None


def test_late_cases_furthest_past_the_norm_first(october):
    cases = [(c.subject[:3].strip(), c.state, c.step, c.holder, c.used, c.over, c.step_over)
             for c in october.late_cases]
    assert cases == [
        ("C9", "closed", 1, "Kasubbag", 570, 330, 330),       # its step 1 took 450 of 120
        ("C5", "open", 3, "Karo", 420, 180, 280),             # so far: 210 + 210; step 3: 130 + 210 = 340
        ("C6", "open", 3, "Karo", 210, None, 110),            # within the total, step 3 held 170 of 60
        ("C2", "closed", 4, "Pelaksana", 330, 90, 30),        # its step 4 took 60 of 30
    ]


def test_roles_and_hand_overs(october):
    roles = {r.role: (r.instances, r.late) for r in october.roles}
    assert roles == {"Kasubbag": (12, 1), "Kabag": (11, 0), "Karo": (7, 1), "Pelaksana": (7, 1)}
    # every visit but a case's first is a hand-over (each step has its own Pelaksana): 37 instances less the
    # 9 first visits ended in October (C4's ended in September, C12's runs); late: C4's step 3, C2's step 4
    assert (october.handover_judged, october.handover_late) == (28, 2)


def test_a_case_crossing_into_the_next_month_is_open_in_one_and_closed_in_the_next(workbook):
    september, november = (report_figures([workbook_source(workbook)], m).sops[0]
                           for m in (Month(2026, 9), Month(2026, 11)))
    # September: C8 closed; C4 opened on the 30th and open at month end, 120 + 10 minutes, within the norm
    assert (september.opened, september.closed, september.open_at_end, september.open_late) == (2, 1, 1, 0)
    assert [c.subject for c in september.late_cases] == []
    # November: C5 closes (480 minutes, late); C6 and C12 stay open and are far past the norm by its end
    assert (november.opened, november.closed, november.open_at_end, november.open_late) == (0, 1, 2, 2)
    assert november.used == [480] and november.on_time == 0
    assert november.open_at_start == 3


def test_an_empty_month_has_figures_that_say_so(workbook):
    june = report_figures([workbook_source(workbook)], Month(2026, 6))
    assert june.empty and not june.sops[0].active
    assert june.sops[0].on_time_share is None and june.sops[0].median_used is None


# ---- the forms' judgement and texts -----------------------------------------------------------------

def test_penilaian_follows_the_threshold(october):
    assert assessment(october, 0.8) == NOT_GOOD            # 71 %
    assert assessment(october, 5 / 7) == GOOD
    assert assessment(october, 0.7) == GOOD


def test_evaluation_hints_are_the_figures(october):
    hints = evaluation_hints(october, OCTOBER, "id")
    assert len(hints) == 7
    assert hints[0] == "Tepat waktu 71% (bulan sebelumnya 100%); median 87% dari norma (bulan sebelumnya 29%)."
    assert hints[1].startswith("3 pengembalian untuk 7 kasus selesai; 2 kasus selesai pernah dikembalikan")
    assert hints[2].startswith("91% langkah selesai dalam norma (3 dari 37 terlambat); 1 kasus batal")
    assert "Karo (1 dari 7 langkah)" in hints[3]
    assert hints[5] == ("Dibuka 10, selesai 7, batal 1; kasus berjalan 1 pada awal bulan, 3 pada akhir bulan.")
    assert "2 SOP terkait" in hints[6] and "2 dari 28" in hints[6]


@pytest.mark.parametrize("minutes, text", [(0, "0 menit"), (45, "45 menit"), (60, "1 jam"), (450, "1 hari"),
                                           (571, "1 hari 2 jam 1 menit"), (None, "–")])
def test_durations_in_working_days(minutes, text):
    assert L.duration(minutes, 450, "id") == text


@pytest.mark.parametrize("minutes, text", [(0, "0 menit"), (59.9, "59 menit"), (571, "1 hari 2 jam"),
                                           (450 + 5, "1 hari 5 menit"), (-130, "lewat 2 jam 10 menit"),
                                           (-1000, "lewat 2 hari 1 jam")])
def test_durations_at_a_glance_keep_two_units_and_say_what_is_over(minutes, text):
    assert L.duration(minutes, 450, "id", units=2) == text
    assert "over" in L.duration(-60, 450, "en", units=2) and "lewat" not in L.duration(-60, 450, "en", units=2)


def test_month_names():
    assert month_label(OCTOBER, "id") == "Oktober 2026"
    assert month_label(Month(2027, 2), "en") == "February 2027"
    assert Month.parse("2026-10") == OCTOBER and Month.last_full(dt.date(2026, 1, 15)) == Month(2025, 12)
    with pytest.raises(SopxlError):
        Month.parse("Oktober")


def test_unit_of_an_instansi_text():
    assert unit_of(F.INSTANSI) == ("KEMENTERIAN CONTOH REPUBLIK INDONESIA", "Biro Umum")
    assert unit_of("Biro Hukum") == ("Biro Hukum", "Biro Hukum")
    assert unit_of("", fallback="x") == ("x", "x")


@given(st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=2, max_size=40),
       st.sampled_from([0.1, 0.25, 0.5, 0.9]))
def test_percentile_is_excels_percentile_inc(values, share):
    expected = statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]
    assert percentile(values, share) == pytest.approx(expected, rel=1e-9, abs=1e-9)
    assert min(values) <= percentile(values, share) <= max(values)


# ---- the report workbook ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def report_book(workbook, tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "laporan.xlsx"
    return api.report(workbook, month="2026-10", output=out, generated_at=GENERATED)


def test_the_report_workbook_passes_the_validator(report_book):
    assert_valid(report_book.workbook)


def test_the_report_has_its_five_sheets(report_book):
    book = CalamineWorkbook.from_path(str(report_book.workbook))
    assert book.sheet_names == list(L.REPORT_SHEETS)
    with zipfile.ZipFile(report_book.workbook) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 3                                 # Ringkasan: on time, time vs norm; Per langkah


def test_ringkasan_rows(report_book):
    rows = sheet_rows(report_book.workbook, L.RINGKASAN)
    assert rows[2][0].startswith("Instansi: KEMENTERIAN CONTOH")
    assert "Oktober 2026" in rows[4][0] and "20 November 2026 pukul 16.00" in rows[5][0]
    header = find_row(rows, "Unit Kerja")
    assert rows[header] == [L.text(c.key) for c in L.RINGKASAN_COLUMNS]
    row = rows[header + 1]
    assert row[:9] == ["Biro Umum", "Penyusunan Nota Dinas", 10, 7, 1, 3, 2, 5, pytest.approx(5 / 7)]
    assert row[9:] == [3.5, pytest.approx(7.1), 4, 0.875, pytest.approx(1.775), 3]   # hours: 210, 426, 240 min


def test_per_langkah_marks_the_bottlenecks(report_book):
    rows = sheet_rows(report_book.workbook, L.PER_LANGKAH)
    header = find_row(rows, "SOP")
    steps = rows[header + 1:header + 5]
    assert [r[1] for r in steps] == [1, 2, 3, 4]
    assert [r[-1] for r in steps] == ["Hambatan 3", "", "Hambatan 1", "Hambatan 2"]
    assert steps[2][4:12] == [60, 7, 40, pytest.approx(64), pytest.approx(40 / 60), pytest.approx(64 / 60), 1,
                              pytest.approx(1 / 7)]


def test_kasus_terlambat_lists_who_holds_them(report_book):
    rows = sheet_rows(report_book.workbook, L.KASUS_TERLAMBAT)
    header = find_row(rows, "No")
    late = [r for r in rows[header + 1:] if isinstance(r[0], float)]
    assert [(r[3][:2], r[4], r[8], r[12]) for r in late] == [
        ("C9", "Selesai", "Kasubbag", "5 jam 30 menit"), ("C5", "Berjalan", "Karo", "3 jam"),
        ("C6", "Berjalan", "Karo", "langkah: 1 jam 50 menit"), ("C2", "Selesai", "Pelaksana", "1 jam 30 menit")]
    assert late[1][7].startswith("3. Menandatangani")


def test_monitoring_form(report_book):
    rows = sheet_rows(report_book.workbook, L.MONITORING)
    header = find_row(rows, "No.")
    assert rows[header] == ["No.", "Prosedur", "Penilaian Terhadap Penerapan", "Catatan Hasil Penilaian",
                            "Tindakan yang Harus Diambil", "Paraf Penilai"]
    number, prosedur, penilaian, catatan, tindakan, paraf = rows[header + 1]
    assert (number, penilaian, paraf) == (1, "Tidak berjalan dengan baik", "")
    assert prosedur.startswith("Penyusunan Nota Dinas\nNomor: UM.01/SOP/007")
    assert catatan.splitlines()[0] == "7 kasus selesai, 5 tepat waktu (71%; batas 80%)."
    assert "Median waktu 3 jam 30 menit (87% dari norma 4 jam), P90 7 jam 6 menit (178%)." in catatan
    assert "Akhir bulan: 3 kasus berjalan, 2 lewat norma." in catatan
    lines = tindakan.splitlines()
    assert lines[0].startswith("1. Langkah 3 (Karo): 1 dari 7 terlambat")
    assert any("Langkah 3 (Karo): 2 kasus tertahan" in line for line in lines)
    assert any("Langkah 1 (Kasubbag): 3 kali dikembalikan oleh langkah 2 (Kabag)" in line for line in lines)
    with zipfile.ZipFile(report_book.workbook) as archive:
        xml = archive.read("xl/worksheets/sheet4.xml").decode()
    assert '"Berjalan dengan baik,Tidak berjalan dengan baik"' in xml       # the Penilaian drop-down


def test_evaluasi_form_leaves_ya_tidak_to_the_evaluator(report_book):
    rows = sheet_rows(report_book.workbook, L.EVALUASI)
    header = find_row(rows, "No.")
    block = rows[header + 1:header + 8]
    assert [r[2] for r in block] == [f"{i}. {L.text(k)}" for i, k in enumerate(L.EVALUASI_CRITERIA, start=1)]
    assert [r[3] for r in block] == [""] * 7
    assert all(r[4] for r in block)
    with zipfile.ZipFile(report_book.workbook) as archive:
        xml = archive.read("xl/worksheets/sheet5.xml").decode()
    assert '"Ya,Tidak"' in xml


def test_a_higher_bar_and_english(workbook, tmp_path):
    result = api.report(workbook, month="2026-10", output=tmp_path / "en.xlsx", threshold=0.7, lang="en",
                        generated_at=GENERATED)
    rows = sheet_rows(result.workbook, L.MONITORING)
    header = find_row(rows, "No.")
    assert rows[header][1:3] == ["Procedure", "Assessment of Implementation"]
    assert rows[header + 1][2] == "Running well"
    assert result.to_dict()["sops"][0]["assessment"] == GOOD


def test_an_empty_month_gives_a_report_that_says_so(workbook, tmp_path):
    result = api.report(workbook, month="2026-06", output=tmp_path / "juni.xlsx", generated_at=GENERATED)
    assert result.empty
    assert_valid(result.workbook)
    banner = "Tidak ada kasus yang dibuka, selesai, dibatalkan, atau berjalan pada Juni 2026."
    for name in L.REPORT_SHEETS:
        assert [banner] in [r[:1] for r in sheet_rows(result.workbook, name)], name
    rows = sheet_rows(result.workbook, L.MONITORING)
    form = rows[find_row(rows, "No.") + 1]
    assert form[2] == "" and form[3] == "Tidak ada kasus pada Juni 2026; penerapan belum dapat dinilai dari data."


@pytest.mark.slow
def test_a_folder_of_workbooks_is_one_report_per_unit(workbook, tmp_path):
    folder = tmp_path / "kantor"
    folder.mkdir()
    shutil.copy(workbook, folder / "a.xlsx")
    F.build(folder / "b.xlsx", instansi="KEMENTERIAN CONTOH REPUBLIK INDONESIA\nBiro Hukum", nama="Telaah Hukum",
            cases=F.CASES[1:4])
    (folder / "catatan.xlsx").write_bytes(b"not a workbook")
    result = api.report(folder, month="2026-10", output=tmp_path / "kantor.xlsx", generated_at=GENERATED)
    assert [s.meta.nama for s in result.figures.sops] == ["Telaah Hukum", "Penyusunan Nota Dinas"]
    assert [name for name, _ in result.skipped] == ["catatan.xlsx"]
    total = result.figures.total()
    assert (total.closed, total.on_time, total.opened) == (10, 7, 13)    # + C1 C2 C3 of Biro Hukum
    rows = sheet_rows(result.workbook, L.RINGKASAN)
    assert any(r[0] == "Jumlah" and r[1] == "2 SOP" and r[3] == 10 for r in rows)
    assert any(str(r[0]).startswith("Berkas dilewati: catatan.xlsx") for r in rows)
    assert rows[3][0] == "Unit Kerja: 2 unit kerja: Biro Hukum; Biro Umum"
    assert_valid(result.workbook)


def test_a_consolidated_master_reports_what_its_workbooks_do(workbook, tmp_path):
    folder, out = tmp_path / "kantor", tmp_path / "pusat"
    folder.mkdir(), out.mkdir()
    shutil.copy(workbook, folder / "a.xlsx")
    F.build(folder / "b.xlsx", instansi="Biro Hukum", nama="Telaah Hukum", cases=F.CASES[1:4])
    api.consolidate([folder], master=out / "master.xlsx", as_of=GENERATED, report=False)

    def projection(result):
        return [{k: v for k, v in sop.items() if k != "key"} for sop in result.to_dict()["sops"]]

    direct = api.report(folder, month="2026-10", output=tmp_path / "direct.xlsx")
    for master in (out / "master.xlsx", out / "sopxl.db"):
        from_master = api.report(master, month="2026-10", output=tmp_path / f"{master.stem}.xlsx")
        assert projection(from_master) == projection(direct)
    assert projection(direct)[1]["closed"] == 7


def test_an_iterable_source_needs_an_output(workbook):
    with pytest.raises(SopxlError, match="where to write"):
        api.report([workbook_source(workbook)], month="2026-10")


def test_a_folder_without_workbooks_is_an_error(tmp_path):
    with pytest.raises(SopxlError, match="holds no workbook"):
        FileSource(tmp_path)


# ---- the command line ---------------------------------------------------------------------------------

def test_cli_json_is_the_api_result(workbook, tmp_path):
    out = tmp_path / "cli.xlsx"
    result = CliRunner().invoke(cli, ["report", str(workbook), "--month", "2026-10", "-o", str(out),
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    expected = api.report(workbook, month="2026-10", output=tmp_path / "api.xlsx").to_dict()
    for key in ("workbook",):
        data.pop(key), expected.pop(key)
    assert data == expected
    assert data["sops"][0]["late_cases"] == [10, 6, 7, 3]
    assert data["sops"][0]["bottlenecks"][0] == {"step": 3, "holder": "Karo", "instances": 7, "late": 1,
                                                 "returns_into": 0, "open_past_norm": 2}


def test_cli_text_and_bad_input(workbook, tmp_path):
    runner = CliRunner()
    done = runner.invoke(cli, ["report", str(workbook), "--month", "2026-10", "-o", str(tmp_path / "t.xlsx")])
    assert done.exit_code == 0
    assert "Oktober 2026" in done.stdout and "7 selesai (5 dari 7 yang bernorma tepat waktu)" in done.stdout
    assert "71% tepat waktu — Tidak berjalan dengan baik; langkah hambatan: 3, 4, 1" in done.stdout
    english = runner.invoke(cli, ["report", str(workbook), "--month", "2026-10", "-o", str(tmp_path / "e.xlsx"),
                                  "--lang", "en"])
    assert "7 closed (5 of 7 with a norm on time)" in english.stdout and "bottleneck steps: 3, 4, 1" in english.stdout
    assert runner.invoke(cli, ["report", str(workbook), "--month", "2026-13"]).exit_code == 2
    assert runner.invoke(cli, ["report", str(workbook), "--threshold", "80"]).exit_code == 2
    not_a_book = tmp_path / "x.xlsx"
    not_a_book.write_text("x")
    failed = runner.invoke(cli, ["report", str(not_a_book), "-o", str(tmp_path / "y.xlsx")])
    assert failed.exit_code == 1 and "bukan buku kerja Excel" in failed.stderr


def test_cli_pdf_without_libreoffice_says_what_to_do(workbook, tmp_path, monkeypatch):
    monkeypatch.setenv("SOFFICE", str(tmp_path / "no-soffice"))
    out = tmp_path / "r.xlsx"
    failed = CliRunner().invoke(cli, ["report", str(workbook), "--month", "2026-10", "-o", str(out), "--pdf"])
    assert failed.exit_code == 1
    assert "LibreOffice" in failed.stderr and "soffice" in failed.stderr
    assert not out.exists()                                 # nothing is written when the PDF cannot be made


def test_a_month_not_yet_over_is_judged_as_of_the_moment_the_report_is_made(workbook, tmp_path):
    """Made on 16 November, the November report judges open cases as of then, not as of 1 December."""
    from sopxl.domain.cases import Ledger
    from sopxl.domain.tracker import Tracker

    made = dt.datetime(2026, 11, 16, 8, 0)
    source = workbook_source(workbook)
    case = Ledger.replay(source.sop, [e for e in source.events if e.at < made]).cases[7]
    times = Tracker(source.sop, source.calendar).case_time(case, made)
    over_now = times.total_used - times.total_norm
    result = api.report(workbook, month="2026-11", output=tmp_path / "nov.xlsx", generated_at=made)
    late = {c.number: c.over for c in result.figures.sops[0].late_cases}
    assert late[7] == over_now == 4500
    at_month_end = {c.number: c.over for c in report_figures([workbook_source(workbook)], Month(2026, 11)).sops[0].late_cases}
    assert at_month_end[7] == 9420 > late[7]


def _threshold_line(path: Path) -> tuple[str, list]:
    """The name of the on-time chart's line series and the values it draws (read from the cells it names)."""
    import re

    with zipfile.ZipFile(path) as archive:
        charts = [archive.read(n).decode() for n in sorted(archive.namelist()) if n.startswith("xl/charts/chart")]
    lines = [xml for xml in charts if "<c:lineChart>" in xml]
    assert len(lines) == 1, "one chart carries the threshold line"
    xml = lines[0]
    assert "<c:barChart>" in xml and '<c:barDir val="col"/>' in xml       # combined with the on-time columns
    line = xml[xml.index("<c:lineChart>"):]
    name = re.search(r"<c:tx>.*?<c:v>(.*?)</c:v>", line, re.S)[1]
    ref = re.search(r"<c:val><c:numRef><c:f>(.*?)</c:f>", line)[1]
    sheet, cells = ref.split("!")
    first, last = (int(re.sub(r"\D", "", c)) for c in (cells.split(":") * 2)[:2])   # one SOP: one cell
    rows = sheet_rows(path, sheet.strip("'"))
    return name, [rows[r - 1][0] for r in range(first, last + 1)]


def test_the_on_time_chart_draws_the_threshold_as_a_line_with_its_label(report_book, workbook, tmp_path):
    name, values = _threshold_line(report_book.workbook)
    assert name == "Batas 80%" and values == [0.8] * len(report_book.figures.sops)
    english = api.report(workbook, month="2026-10", output=tmp_path / "en.xlsx", threshold=0.7, lang="en",
                         generated_at=GENERATED)
    name, values = _threshold_line(english.workbook)
    assert name == "Threshold 70%" and values == [0.7] * len(english.figures.sops)
    assert_valid(english.workbook)
