"""The analyst's door: cases and events as DataFrames, and the event log as XES and CSV read by PM4Py.

Three cases of a three-step SOP (a decision at step 2 returns to step 1) across the start of Ramadan
2026 and a half-day override, worked out by hand; then PM4Py reads the XES file sopxl writes and must
find the cases, activities and variants sopxl's own case list shows.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from sopxl import api
from sopxl.cli import cli
from sopxl.domain.calendar import DayHours, DayOverride, default_calendar
from sopxl.domain.model import SOP, Step, Symbol
from sopxl.reporting.eventlog import CASE_COLUMNS, EVENT_COLUMNS, activity_of
from sopxl.xlsx.workbook import create

ROOT = Path(__file__).resolve().parent.parent
CALENDAR = default_calendar([2026, 2027]).with_overrides(
    [DayOverride(dt.date(2026, 2, 26), DayHours(3, dt.time(8), dt.time(11)), "setengah hari", "SE 5/2026")])
AS_OF = dt.datetime(2026, 2, 27, 9)
A1, A2, A3 = "1. Menyusun konsep nota dinas", "2. Memeriksa konsep", "3. Menandatangani nota dinas"


def at(month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute)


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("eventlog") / "kantor"
    folder.mkdir()
    sop = SOP(roles=["Kasubbag", "Kabag", "Karo"], steps=[
        Step(1, "Menyusun konsep nota dinas", marks=["Kasubbag"], symbol=Symbol.TERMINATOR, waktu="1 hari"),
        Step(2, "Memeriksa konsep", marks=["Kabag"], symbol=Symbol.DECISION, waktu="1 jam", ya=3, tidak=1),
        Step(3, "Menandatangani nota dinas", marks=["Karo"], symbol=Symbol.TERMINATOR, waktu="30 menit"),
    ])
    sop.identity.nomor = "OT.02/ND/2026"
    sop.identity.nama = "Penyusunan Nota Dinas"
    sop.identity.instansi = "KEMENTERIAN CONTOH\nBiro Umum"
    path = create(folder / "nota.xlsx", sop, calendar=CALENDAR)
    # case 1: returned once, then closed
    api.start_case(path, "Nota dinas 1", at=at(2, 18, 14))
    api.advance(path, 1, at=at(2, 19, 9))
    api.advance(path, 1, decision=False, at=at(2, 19, 10), actor="Kabag Umum")
    api.advance(path, 1, at=at(2, 20, 9))
    api.advance(path, 1, decision=True, at=at(2, 20, 10))
    api.advance(path, 1, at=at(2, 20, 10, 30))
    # case 2: cancelled at step 1
    api.start_case(path, "Nota dinas 2", at=at(2, 23, 9))
    api.cancel_case(path, 2, at=at(2, 25, 9), note="ditarik")
    # case 3: open at step 2, across the half day
    api.start_case(path, "Nota dinas 3", at=at(2, 26, 8, 30))
    api.advance(path, 3, at=at(2, 26, 10, 30))
    return path


# By hand (Ramadan from Thu 19 Feb: 08.00–15.00, break 12.00–12.30; Fri to 15.30, break 11.30–12.30):
#   case 1  step 1 Wed 18 Feb 14.00–16.00 + Thu 08.00–09.00 = 180; step 2 Thu 09–10 = 60;
#           step 1 again Thu 10–12 + 12.30–15 + Fri 08–09 = 330; step 2 Fri 09–10 = 60; step 3 = 30   → 660
#   case 2  Mon 23 Feb 09–12 + 12.30–15 = 330, Tue 390, Wed 08–09 = 60                                  → 780
#   case 3  step 1 Thu 26 Feb (half day 08–11) 08.30–10.30 = 120; step 2 so far 10.30–11 + Fri 08–09 = 90 → 210
STEP_MINUTES = {"OT.02/ND/2026#1": [180, 60, 330, 60, 30], "OT.02/ND/2026#2": [780], "OT.02/ND/2026#3": [120]}
CASE_MINUTES = {"OT.02/ND/2026#1": 660, "OT.02/ND/2026#2": 780, "OT.02/ND/2026#3": 210}
VARIANTS = Counter({(A1, A2, A1, A2, A3): 1, (A1,): 1, (A1, A2): 1})


def test_events_frame_by_hand(book: Path):
    events = api.events(book, as_of=AS_OF)
    assert list(events.columns) == list(EVENT_COLUMNS)
    assert len(events) == 10 + 2 + 3      # start + end of each step instance; the open step has its start only
    ended = events[events.lifecycle != "start"]
    assert {case: list(group.working_minutes) for case, group in ended.groupby("case_id")} == STEP_MINUTES
    assert list(ended[ended.case_id == "OT.02/ND/2026#2"].lifecycle) == ["ate_abort"]
    returned = ended[(ended.case_id == "OT.02/ND/2026#1") & (ended.step == 2)]
    assert list(returned.outcome) == ["tidak", "ya"] and list(returned.resource) == ["Kabag Umum", "Kabag"]
    last = events.groupby("case_id").case_working_minutes.max()
    assert last.to_dict() == {"OT.02/ND/2026#1": 660, "OT.02/ND/2026#2": 780, "OT.02/ND/2026#3": 120}
    assert str(events.timestamp.dtype).startswith("datetime64")
    assert set(events.unit) == {"Biro Umum"} and set(events.instansi) == {"KEMENTERIAN CONTOH"}


def test_cases_frame_by_hand(book: Path):
    cases = api.cases(book, as_of=AS_OF).set_index("case_id")
    assert list(cases.reset_index().columns) == list(CASE_COLUMNS)
    assert cases.working_minutes.to_dict() == CASE_MINUTES
    assert cases.state.to_dict() == {"OT.02/ND/2026#1": "closed", "OT.02/ND/2026#2": "cancelled",
                                     "OT.02/ND/2026#3": "open"}
    assert cases.variant.to_dict() == {"OT.02/ND/2026#1": "1 > 2 > 1 > 2 > 3", "OT.02/ND/2026#2": "1",
                                       "OT.02/ND/2026#3": "1 > 2"}
    assert cases.loc["OT.02/ND/2026#1", "returns"] == 1
    assert cases.loc["OT.02/ND/2026#3", "current_step"] == 2 and cases.loc["OT.02/ND/2026#3", "holder"] == "Kabag"
    # 1 hari + 1 jam + 30 menit along the main path
    assert set(cases.norm_minutes) == {450 + 60 + 30}


def pm4py_figures(xes: Path) -> tuple[set, set, Counter, int]:
    """Cases, activities, variants (of the start events: the paths of steps) and events, as PM4Py reads them."""
    import pm4py

    log = pm4py.read_xes(str(xes))
    starts = log[log["lifecycle:transition"] == "start"]
    variants = Counter({tuple(v): n for v, n in pm4py.get_variants(starts).items()})
    return set(log["case:concept:name"]), set(log["concept:name"]), variants, len(log)


def sopxl_figures(workbooks: list[Path], as_of: dt.datetime) -> tuple[set, set, Counter, int]:
    """The same figures from sopxl's own case list (the tracker behind `sopxl case list`)."""
    cases, variants, events = set(), Counter(), 0
    for path in workbooks:
        nomor = api.load(path).identity.nomor
        for times in api.list_cases(path, as_of=as_of).cases:
            cases.add(f"{nomor}#{times.case.number}")
            variants[tuple(activity_of(s.visit.step, s.kegiatan) for s in times.steps)] += 1
            events += sum(1 + (s.visit.ended is not None) for s in times.steps)
    return cases, {a for v in variants for a in v}, variants, events


@pytest.mark.slow
def test_pm4py_reads_the_xes_and_finds_sopxls_cases_activities_and_variants(book: Path, tmp_path: Path):
    xes = tmp_path / "nota.xes"
    result = CliRunner().invoke(cli, ["export-log", str(book), "-o", str(xes), "--as-of", "2026-02-27 09:00",
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    cases, activities, variants, events = pm4py_figures(xes)
    assert (cases, activities, variants, events) == sopxl_figures([book], AS_OF)
    assert variants == VARIANTS and activities == {A1, A2, A3}
    assert (summary["cases"], summary["events"], summary["activities"], summary["variants"]) == (3, 15, 3, 3)
    assert summary == api.export_log(book, tmp_path / "again.xes", as_of=AS_OF).to_dict() | {"path": str(xes)}


def test_the_csv_log_holds_the_same_events(book: Path, tmp_path: Path):
    result = api.export_log(book, tmp_path / "nota.csv", as_of=AS_OF)
    with open(result.path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0])[:5] == ["case_id", "activity", "timestamp", "resource", "lifecycle"]
    events = api.events(book, as_of=AS_OF)
    assert [(r["case_id"], r["activity"], r["lifecycle"], r["resource"]) for r in rows] == list(
        zip(events.case_id, events.activity, events.lifecycle, events.resource))
    assert rows[0]["timestamp"] == "2026-02-18T14:00:00.000"
    import pandas as pd
    import pm4py

    frame = pm4py.format_dataframe(pd.read_csv(result.path), case_id="case_id", activity_key="activity",
                                   timestamp_key="timestamp")
    starts = frame[frame["lifecycle"] == "start"]
    assert Counter({tuple(v): n for v, n in pm4py.get_variants(starts).items()}) == VARIANTS


def test_a_folder_and_the_consolidated_master_give_the_same_log(book: Path, tmp_path: Path):
    api.consolidate([book.parent], master=tmp_path / "master.xlsx", as_of=AS_OF, report=False)
    from_book = api.events(book, as_of=AS_OF).drop(columns=["sop_key"])
    for source in (book.parent, tmp_path / "master.xlsx", tmp_path / "sopxl.db"):
        other = api.events(source, as_of=AS_OF).drop(columns=["sop_key"])
        assert other.equals(from_book), source
    assert api.cases(tmp_path / "sopxl.db", as_of=AS_OF).working_minutes.tolist() == [660, 780, 210]


def test_an_unknown_log_format_is_one_clear_line(book: Path, tmp_path: Path):
    result = CliRunner().invoke(cli, ["export-log", str(book), "-o", str(tmp_path / "log.txt")])
    assert result.exit_code == 1
    assert "cannot tell the event log format from 'log.txt'" in result.stderr and "Traceback" not in result.output


def test_the_event_log_module_loads_no_pandas():
    script = "import sys, sopxl.reporting.eventlog, sopxl.cli\nprint('pandas' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True).stdout.strip() == "False"


@pytest.mark.slow
def test_pm4py_agrees_on_the_demo_examples(tmp_path: Path):
    examples = sorted((ROOT / "workbooks" / "examples").glob("*.xlsx"))
    as_of = dt.datetime(2026, 11, 20, 16, 30)
    result = api.export_log(ROOT / "workbooks" / "examples", tmp_path / "examples.xes", as_of=as_of)
    figures = pm4py_figures(result.path)
    assert figures == sopxl_figures(examples, as_of)
    assert (result.cases, len(result.activities), len(result.variants), result.events) == (
        len(figures[0]), len(figures[1]), len(figures[2]), figures[3])
