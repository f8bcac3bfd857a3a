"""A small SOP workbook with thirteen cases whose times are worked out by hand (tests/test_reporting_monthly.py).

The SOP drafts a nota dinas: 1 Menyusun konsep (Kasubbag, 2 jam = 120), 2 Memeriksa konsep (Kabag,
decision, 30 menit; Ya to 3, Tidak back to 1), 3 Menandatangani (Karo, 1 jam = 60),
4 Mengarsipkan (Pelaksana, 30 menit). Total norm 240 working minutes. The calendar is the Perpres
21/2023 one (Mon–Thu 07.30–16.00, break 12.00–13.00; Fri 07.30–16.30, break 11.30–13.00); there is
no holiday from August to November 2026. 2026-10-01 is a Thursday.

Every case is recorded through the real case API (``casebook.record`` → ``Ledger`` → the Log and
Pelacak sheets of a real workbook). The comments give each step's working minutes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sopxl.domain.calendar import default_calendar
from sopxl.xlsx.casefile import record
from sopxl.domain.model import SOP, Identity, Step, Symbol
from sopxl.xlsx.workbook import create

INSTANSI = "KEMENTERIAN CONTOH REPUBLIK INDONESIA\nSEKRETARIAT JENDERAL\nBiro Umum"


def at(month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute)


def nota_dinas_sop(instansi: str = INSTANSI, nama: str = "Penyusunan Nota Dinas") -> SOP:
    return SOP(identity=Identity(instansi=instansi, nomor="UM.01/SOP/007", nama=nama,
                                 keterkaitan=["SOP Tata Naskah Dinas", "SOP Pengarsipan"]),
               roles=["Kasubbag", "Kabag", "Karo", "Pelaksana"], steps=[
        Step(1, "Menyusun konsep nota dinas", marks=["Kasubbag"], symbol=Symbol.TERMINATOR, waktu="2 jam"),
        Step(2, "Memeriksa konsep", marks=["Kabag"], symbol=Symbol.DECISION, waktu="30 menit", ya=3, tidak=1),
        Step(3, "Menandatangani nota dinas", marks=["Karo"], waktu="1 jam"),
        Step(4, "Mengarsipkan", marks=["Pelaksana"], symbol=Symbol.TERMINATOR, waktu="30 menit"),
    ])


# (subject, opened, then (action, moment) in order); action: "ok" finish, "ya", "tidak", "batal", "note"
CASES = [
    ("C0 Agustus", at(8, 3, 8), [("ok", at(8, 3, 9)), ("ya", at(8, 3, 9, 10)), ("ok", at(8, 3, 9, 30)),
                                  ("ok", at(8, 3, 9, 40))]),                     # ended before September: ignored
    ("C1 tepat waktu", at(10, 5, 8), [("ok", at(10, 5, 9, 30)),                  # 90
                                      ("ya", at(10, 5, 10)),                     # 30
                                      ("ok", at(10, 5, 10, 30)),                 # 30
                                      ("ok", at(10, 5, 11))]),                   # 30 -> 180
    ("C2 satu kali kembali", at(10, 6, 8), [("ok", at(10, 6, 10)),               # 120 (not over 120)
                                            ("tidak", at(10, 6, 10, 30)),        # 30
                                            ("ok", at(10, 6, 11, 30)),           # 60 (rework)
                                            ("ya", at(10, 6, 11, 50)),           # 20
                                            ("ok", at(10, 6, 13, 30)),           # 10 + 30 = 40
                                            ("ok", at(10, 6, 14, 30))]),         # 60 (late) -> 390, late
    ("C3 dua kali kembali", at(10, 7, 8), [("ok", at(10, 7, 9)),                 # 60
                                           ("tidak", at(10, 7, 9, 15)),          # 15
                                           ("ok", at(10, 7, 10, 15)),            # 60 (rework)
                                           ("tidak", at(10, 7, 10, 30)),         # 15
                                           ("ok", at(10, 7, 11)),                # 30 (rework)
                                           ("ya", at(10, 7, 11, 10)),            # 10
                                           ("ok", at(10, 7, 11, 40)),            # 30
                                           ("ok", at(10, 7, 11, 50))]),          # 10 -> 230, on time
    ("C4 lintas bulan", at(9, 30, 14), [("ok", at(9, 30, 15, 30)),               # 90 (a September instance)
                                        ("ya", at(9, 30, 15, 50)),               # 20 (September)
                                        ("ok", at(10, 1, 8, 30)),                # 10 + 60 = 70 (late)
                                        ("ok", at(10, 1, 9))]),                  # 30 -> 120 + 90 = 210
    ("C5 berjalan lewat norma", at(10, 30, 8), [("ok", at(10, 30, 9)),           # 60
                                                ("ya", at(10, 30, 9, 20)),       # 20; at step 3 at month end:
                                                ("ok", at(11, 2, 8)),            # 130 + 210 = 340 so far (November:
                                                ("ok", at(11, 2, 8, 30))]),      # not in October) -> 420 so far
    ("C6 langkah lewat norma", at(10, 30, 13), [("ok", at(10, 30, 13, 30)),      # 30
                                                ("ya", at(10, 30, 13, 40))]),    # 10; step 3 so far 170 > 60,
                                                                                 # total 210 < 240
    ("C7 dibatalkan", at(10, 12, 8), [("ok", at(10, 12, 9)),                     # 60
                                      ("batal", at(10, 12, 9, 10))]),            # step 2 cancelled: no instance
    ("C8 September", at(9, 15, 8), [("ok", at(9, 15, 8, 30)), ("ya", at(9, 15, 8, 40)),
                                    ("ok", at(9, 15, 9)), ("ok", at(9, 15, 9, 10))]),   # 70: the month before
    ("C9 sangat terlambat", at(10, 13, 8), [("ok", at(10, 14, 8)),               # 420 + 30 = 450 (late)
                                            ("ya", at(10, 14, 8, 30)),           # 30
                                            ("ok", at(10, 14, 9, 30)),           # 60
                                            ("ok", at(10, 14, 10))]),            # 30 -> 570, late
    ("C10 dengan catatan", at(10, 15, 8), [("ok", at(10, 15, 9)),                # 60
                                           ("note", at(10, 15, 9, 5)),
                                           ("ya", at(10, 15, 9, 30)),            # 30
                                           ("ok", at(10, 15, 10)),               # 30
                                           ("ok", at(10, 15, 10, 20))]),         # 20 -> 140
    ("C11 siang hari", at(10, 19, 13), [("ok", at(10, 19, 14)),                  # 60
                                        ("ya", at(10, 19, 14, 20)),              # 20
                                        ("ok", at(10, 19, 15)),                  # 40
                                        ("ok", at(10, 19, 15, 20))]),            # 20 -> 140
    ("C12 baru dibuka", at(10, 30, 15, 30), []),                                 # at step 1: 60 so far
]


def record_cases(workbook: Path, cases=CASES) -> None:
    """Record `cases` into the workbook in one write, through the ledger's legal actions."""

    def act(ledger, now, user):
        events = []
        for subject, opened, steps in cases:
            start = ledger.start(subject, opened, recorded_by="fixture", recorded_at=now)
            events.append(start)
            number = start.case
            for action, moment in steps:
                if action == "batal":
                    events.append(ledger.cancel(number, moment, recorded_by="fixture", recorded_at=now))
                elif action == "note":
                    events.append(ledger.note(number, "menunggu paraf", moment, recorded_by="fixture",
                                              recorded_at=now))
                else:
                    decision = {"ok": None, "ya": True, "tidak": False}[action]
                    events.append(ledger.advance(number, moment, decision=decision, recorded_by="fixture",
                                                 recorded_at=now))
        return events

    record(workbook, act, when=dt.datetime(2026, 11, 20, 16, 0))


def build(path: Path, *, instansi: str = INSTANSI, nama: str = "Penyusunan Nota Dinas", cases=CASES) -> Path:
    """The fixture workbook at `path`: the SOP, the Perpres calendar of 2026, and `cases`."""
    create(path, nota_dinas_sop(instansi, nama), calendar=default_calendar([2026]))
    record_cases(path, cases)
    return path
