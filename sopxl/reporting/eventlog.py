"""The analyst's door: the cases and step instances of a report source as an event log.

Every step instance (a ``Visit``: the case reached the step, then left it) becomes two events in the
log, as process-mining tools expect: ``start`` when the case reached the step and ``complete`` when it
left it (``ate_abort`` when the case was cancelled there; an open case's current step has only its
start). The activity is the step, ``"<number>. <Kegiatan>"``; the resource is who ended the step (the
Log's actor), the role the step's Pelaksana. Working minutes are counted on each SOP's own calendar
(its Kalender: hours, Ramadan hours, holidays, one-day changes), so analysts need not redo it. Notes
(``catatan``) are not steps and stay out of the log.

The same rows feed the pandas DataFrames of ``sopxl.events`` / ``sopxl.cases`` (pandas is imported
only there), a CSV file and an XES file (IEEE 1849-2016: the Concept, Time, Lifecycle and
Organizational extensions), written as they are produced so memory follows one SOP, not the source.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator
from xml.sax.saxutils import quoteattr

from ..domain.cases import CANCEL, Case
from ..domain.figures import SopSource, replay
from ..domain.model import NOT_XML_TEXT
from ..domain.tracker import CaseTime
from ..errors import SopxlError
from ..xlsx.files import atomic_output

START, COMPLETE, ABORT = "start", "complete", "ate_abort"      # XES lifecycle transitions (standard model)

EVENT_COLUMNS = ("case_id", "activity", "timestamp", "resource", "lifecycle", "role", "sop", "sop_key",
                 "instansi", "unit", "case_no", "step", "kegiatan", "outcome", "rework", "working_minutes",
                 "case_working_minutes", "norm_minutes")
CASE_COLUMNS = ("case_id", "sop", "sop_key", "instansi", "unit", "nomor", "case_no", "subject", "state",
                "opened", "ended", "current_step", "holder", "returns", "working_minutes", "norm_minutes",
                "status", "due", "step_instances", "variant", "as_of")
FORMATS = ("xes", "csv")


def activity_of(step: int, kegiatan: str) -> str:
    """The activity name of a step: its number and Kegiatan, so equal texts at two steps stay apart."""
    return f"{step}. {kegiatan}".strip() if kegiatan else str(step)


@dataclass
class TimedCase:
    """One case of one SOP with its working time, ready to be written as rows."""

    case_id: str
    item: SopSource
    times: CaseTime

    @property
    def case(self) -> Case:
        return self.times.case


def timed_cases(source: Iterable[SopSource], as_of: dt.datetime) -> Iterator[TimedCase]:
    """Every case of every SOP in `source` with its figures as of `as_of`, SOP by SOP, by case number.

    A case id is the SOP's Nomor (its name when it has none) and the case number, ``"<nomor>#<n>"``;
    a second SOP with the same Nomor in the source gets its file or key added.
    """
    seen: set[str] = set()
    for item in source:
        meta = item.meta
        label = meta.nomor or meta.nama or meta.key
        if label in seen:
            label = f"{label} ({meta.source or meta.key})"
        seen.add(label)
        tracker, ledger = replay(item, as_of)
        for times in tracker.track(ledger.cases.values(), as_of):
            yield TimedCase(f"{label}#{times.case.number}", item, times)


def event_rows(timed: TimedCase) -> Iterator[dict]:
    """The start and complete (or abort) events of each step instance of one case, in order."""
    meta, case = timed.item.meta, timed.case
    calendar = timed.item.calendar
    common = {"case_id": timed.case_id, "sop": meta.nama, "sop_key": meta.key, "instansi": meta.instansi,
              "unit": meta.unit, "case_no": case.number}
    for step_time in timed.times.steps:
        visit = step_time.visit
        activity = activity_of(visit.step, step_time.kegiatan)
        base = {**common, "activity": activity, "role": step_time.holder, "step": visit.step,
                "kegiatan": step_time.kegiatan, "rework": visit.rework, "norm_minutes": step_time.norm}
        yield {**base, "timestamp": visit.started, "resource": step_time.holder, "lifecycle": START,
               "outcome": None, "working_minutes": None,
               "case_working_minutes": calendar.working_minutes(case.opened, visit.started)}
        if visit.ended is not None:
            yield {**base, "timestamp": visit.ended, "resource": visit.actor or step_time.holder,
                   "lifecycle": ABORT if visit.outcome == CANCEL else COMPLETE, "outcome": visit.outcome,
                   "working_minutes": step_time.used,
                   "case_working_minutes": calendar.working_minutes(case.opened, visit.ended)}


def variant_of(times: CaseTime) -> tuple[str, ...]:
    """The case's path: the activities of its step instances in order (open cases: so far)."""
    return tuple(activity_of(s.visit.step, s.kegiatan) for s in times.steps)


def case_row(timed: TimedCase) -> dict:
    meta, times, case = timed.item.meta, timed.times, timed.case
    current = case.current
    return {"case_id": timed.case_id, "sop": meta.nama, "sop_key": meta.key, "instansi": meta.instansi,
            "unit": meta.unit, "nomor": meta.nomor, "case_no": case.number, "subject": case.subject,
            "state": case.state, "opened": case.opened, "ended": case.ended,
            "current_step": current.step if current else None,
            "holder": times.steps[-1].holder if current else None, "returns": case.returns,
            "working_minutes": times.total_used, "norm_minutes": times.total_norm, "status": times.status,
            "due": times.due, "step_instances": len(times.steps),
            "variant": " > ".join(str(s.visit.step) for s in times.steps), "as_of": times.as_of}


# ---- DataFrames (pandas only here) ----------------------------------------------------------------

def events_frame(source: Iterable[SopSource], as_of: dt.datetime):
    """The event log as a pandas DataFrame, one row per event (``EVENT_COLUMNS``)."""
    import pandas as pd

    rows = [row for timed in timed_cases(source, as_of) for row in event_rows(timed)]
    frame = pd.DataFrame(rows, columns=list(EVENT_COLUMNS))
    return _typed(frame, ("timestamp",), ("working_minutes", "case_working_minutes", "norm_minutes"))


def cases_frame(source: Iterable[SopSource], as_of: dt.datetime):
    """Every case as a pandas DataFrame, one row per case (``CASE_COLUMNS``)."""
    import pandas as pd

    frame = pd.DataFrame([case_row(timed) for timed in timed_cases(source, as_of)], columns=list(CASE_COLUMNS))
    return _typed(frame, ("opened", "ended", "due", "as_of"), ("working_minutes", "norm_minutes"))


def _typed(frame, dates: tuple[str, ...], floats: tuple[str, ...]):
    import pandas as pd

    for column in dates:
        frame[column] = pd.to_datetime(frame[column])
    for column in floats:
        frame[column] = frame[column].astype("float64")
    return frame


# ---- files ----------------------------------------------------------------------------------------

@dataclass
class ExportResult:
    """What `export_log` wrote, with sopxl's own counts of the log (what a mining tool should find)."""

    path: Path
    format: str
    sops: int = 0
    cases: int = 0
    events: int = 0
    activities: set[str] = field(default_factory=set)
    variants: Counter = field(default_factory=Counter)     # path of activities -> number of cases
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"path": str(self.path), "format": self.format, "sops": self.sops, "cases": self.cases,
                "events": self.events, "activities": len(self.activities), "variants": len(self.variants),
                "skipped": [{"file": f, "reason": r} for f, r in self.skipped]}

    def lines(self) -> list[str]:
        return [f"{self.path}: {self.format.upper()} event log of {self.sops} SOP(s): {self.cases} cases, "
                f"{self.events} events, {len(self.activities)} activities, {len(self.variants)} variants"]


def format_of(path: Path, format: str | None) -> str:
    """The format asked for, or the one the file name says (.xes, .csv)."""
    if format:
        return format
    suffix = path.suffix.lower().lstrip(".")
    if suffix in FORMATS:
        return suffix
    raise SopxlError(f"cannot tell the event log format from {path.name!r}", file=str(path),
                     fix="name the file .xes or .csv, or pass --format xes|csv")


def export_log(source: Iterable[SopSource], output: Path, as_of: dt.datetime, format: str | None = None) -> ExportResult:
    """Write the event log of `source` to `output` as XES or CSV (atomically) and count what it holds."""
    output = Path(output)
    result = ExportResult(path=output, format=format_of(output, format))
    write = _write_xes if result.format == "xes" else _write_csv
    with atomic_output(output) as temp, open(temp, "w", encoding="utf-8", newline="") as handle:
        write(handle, _counted(source, as_of, result))
    result.skipped = list(getattr(source, "skipped", []))
    return result


def _counted(source: Iterable[SopSource], as_of: dt.datetime, result: ExportResult) -> Iterator[TimedCase]:
    keys: set[str] = set()
    for timed in timed_cases(source, as_of):
        keys.add(timed.item.meta.key)
        result.sops = len(keys)
        result.cases += 1
        result.events += sum(1 + (s.visit.ended is not None) for s in timed.times.steps)
        variant = variant_of(timed.times)
        result.activities.update(variant)
        result.variants[variant] += 1
        yield timed


def _stamp(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="milliseconds")


def _write_csv(handle, cases: Iterator[TimedCase]) -> None:
    writer = csv.writer(handle)
    writer.writerow(EVENT_COLUMNS)
    for timed in cases:
        for row in event_rows(timed):
            writer.writerow(["" if row[c] is None else _stamp(row[c]) if isinstance(row[c], dt.datetime)
                             else row[c] for c in EVENT_COLUMNS])


XES_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<!-- written by sopxl: the cases of SOP AP workbooks; working minutes on each SOP's own Kalender -->
<log xes.version="1849-2016" xes.features="" xmlns="http://www.xes-standard.org/">
  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
  <extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>
  <extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>
  <extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>
  <global scope="trace">
    <string key="concept:name" value="UNKNOWN"/>
  </global>
  <global scope="event">
    <string key="concept:name" value="UNKNOWN"/>
    <date key="time:timestamp" value="1970-01-01T00:00:00.000"/>
    <string key="lifecycle:transition" value="complete"/>
  </global>
  <classifier name="Activity" keys="concept:name"/>
  <classifier name="Activity and transition" keys="concept:name lifecycle:transition"/>
  <string key="concept:name" value="sopxl event log"/>
  <string key="lifecycle:model" value="standard"/>
"""




def _attribute(key: str, value) -> str:
    if isinstance(value, bool):
        return f'<boolean key="{key}" value="{str(value).lower()}"/>'
    if isinstance(value, int):
        return f'<int key="{key}" value="{value}"/>'
    if isinstance(value, float):
        return f'<float key="{key}" value="{value!r}"/>'
    if isinstance(value, dt.datetime):
        return f'<date key="{key}" value="{_stamp(value)}"/>'
    return f"<string key={quoteattr(key)} value={quoteattr(NOT_XML_TEXT.sub('', str(value)))}/>"


def _attributes(indent: str, pairs) -> str:
    return "".join(f"{indent}{_attribute(k, v)}\n" for k, v in pairs if v is not None and v != "")


def _write_xes(handle, cases: Iterator[TimedCase]) -> None:
    handle.write(XES_HEAD)
    for timed in cases:
        meta, times, case = timed.item.meta, timed.times, timed.case
        handle.write("  <trace>\n")
        handle.write(_attributes("    ", [
            ("concept:name", timed.case_id), ("sop", meta.nama), ("nomor", meta.nomor), ("instansi", meta.instansi),
            ("unit", meta.unit), ("case_no", case.number), ("subject", case.subject), ("state", case.state),
            ("returns", case.returns), ("working_minutes", float(times.total_used)),
            ("norm_minutes", times.total_norm), ("status", times.status)]))
        for row in event_rows(timed):
            handle.write("    <event>\n")
            handle.write(_attributes("      ", [
                ("concept:name", row["activity"]), ("time:timestamp", row["timestamp"]),
                ("lifecycle:transition", row["lifecycle"]), ("org:resource", row["resource"]),
                ("org:role", row["role"]), ("step", row["step"]), ("outcome", row["outcome"]),
                ("rework", row["rework"]),
                ("working_minutes", None if row["working_minutes"] is None else float(row["working_minutes"])),
                ("case_working_minutes", float(row["case_working_minutes"])),
                ("norm_minutes", row["norm_minutes"])]))
            handle.write("    </event>\n")
        handle.write("  </trace>\n")
    handle.write("</log>\n")
