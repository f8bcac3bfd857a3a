"""The reminders of the nightly consolidation: their sheet, columns, file names, styles and texts."""

from __future__ import annotations

from .styles import COLOURS, FONT
from .texts import TEXTS
from .workbook import Column

# the reminders sheet of the master and of each unit's workbook (its name follows the run's language)
REMINDER_SHEET_KEY = "rem_sheet"
# the folder beside the master that holds one workbook per unit: pengingat-<master's name>/<unit>.xlsx
REMINDER_FOLDER_PREFIX = "pengingat-"
REMINDER_NO_UNIT_FILE = "tanpa-unit"        # the file of the SOPs whose Identitas names no unit
REMINDER_KINDS = ("overdue", "due_today")   # the order a Pelaksana's block lists them: overdue first

REMINDER_COLUMNS = (
    Column("cons_unit", 17, "wrap"), Column("pelaksana", 15, "wrap"), Column("rem_kind", 12, "wrap"),
    Column("step_due", 15, "datetime"), Column("step_left", 14, "wrap"), Column("case_no", 5, "int"),
    Column("subject", 27, "wrap"), Column("current_step", 22, "wrap"), Column("rem_workbook", 24, "wrap"),
)
REMINDER_HEADER_HEIGHT = 30.0               # points: two lines of a wrapped header
REMINDER_TITLE_ROWS = 4                     # title, as of, totals, a blank row; the header follows

# A4 landscape at a fixed scale (fitting to the page would make Excel ignore the page breaks that keep
# a Pelaksana's rows on one page). The columns above are 151 characters: 1,102 pixels (827 points) in
# Excel, about 6 % more in LibreOffice; at 85 % that is 703 to 748 points, within the 784 the page
# leaves between its margins.
# The title rows are not printed: the page header says the title and the moment on every page.
REMINDER_PRINT = {"paper": 9, "scale": 85, "margins": {"left": 0.4, "right": 0.4, "top": 0.75, "bottom": 0.6},
                  "header_margin": 0.3, "footer_margin": 0.3}
# points of sheet rows one page holds at that scale: (8.27 in - 1.35 in of margins) × 72 / 0.85 = 586,
# less 2 % for how LibreOffice and Excel round row heights
REMINDER_PAGE_POINTS = 575.0
# the most page breaks a sheet may hold (the Open XML schema's rowBreaks count); past them a long list goes
# on over pages as they fall
MAX_PAGE_BREAKS = 1022

REMINDER_STYLES: dict[str, dict] = {
    "rem_cell": {**FONT, "border": 1, "border_color": COLOURS["border"], "valign": "top", "text_wrap": True},
    "rem_date": {**FONT, "border": 1, "border_color": COLOURS["border"], "valign": "top", "align": "center",
                 "num_format": "dd/mm/yyyy hh:mm"},
    "rem_int": {**FONT, "border": 1, "border_color": COLOURS["border"], "valign": "top", "align": "center",
                "num_format": "0"},
    "rem_overdue": {**FONT, "border": 1, "border_color": COLOURS["border"], "valign": "top", "text_wrap": True,
                    "bg_color": COLOURS["late"], "font_color": COLOURS["late_text"]},
    "rem_today": {**FONT, "border": 1, "border_color": COLOURS["border"], "valign": "top", "text_wrap": True,
                  "bg_color": COLOURS["near"], "font_color": COLOURS["near_text"]},
    "rem_subtitle": {**FONT, "valign": "top"},
    "rem_none": {**FONT, "italic": True, "valign": "vcenter"},
}

TEXTS.update({
    "rem_sheet": ("Pengingat", "Reminders"),
    "rem_title": ("Pengingat batas waktu langkah", "Step deadline reminders"),
    "rem_title_unit": ("Pengingat batas waktu langkah — {unit}", "Step deadline reminders — {unit}"),
    "rem_as_of": ("Keadaan per {weekday}, {moment}. Terlambat: batas waktu langkah sudah lewat. Jatuh tempo: "
                  "batas waktunya jatuh pada hari kerja ini ({day}).",
                  "As of {weekday}, {moment}. Overdue: the step's due moment has passed. Due: it falls on this "
                  "working day ({day})."),
    "rem_totals": ("{count} kasus: {overdue} terlambat, {due_today} jatuh tempo hari ini; {people} Pelaksana "
                   "di {units} unit kerja. Per Pelaksana, yang terlambat lebih dulu.",
                   "{count} case(s): {overdue} overdue, {due_today} due today; {people} Pelaksana in {units} "
                   "unit(s). Per Pelaksana, the overdue ones first."),
    "rem_none": ("Tidak ada kasus yang terlambat atau jatuh tempo hari ini.", "No case is overdue or due today."),
    "rem_kind": ("Keadaan", "State"),
    "rem_kind_overdue": ("Terlambat", "Overdue"),
    "rem_kind_due_today": ("Jatuh tempo {weekday} {day}", "Due {weekday} {day}"),
    "rem_workbook": ("Buku Kerja", "Workbook"),
    "rem_no_unit": ("(tanpa unit kerja)", "(no unit)"),
    "rem_no_holder": ("(tanpa Pelaksana)", "(no Pelaksana)"),
    "rem_step": ("{step}. {kegiatan}", "{step}. {kegiatan}"),
    # the consolidation's line about them
    "cli_rem_written": ("pengingat: {count} kasus ({overdue} terlambat, {due_today} jatuh tempo hari ini) untuk "
                        "{units} unit kerja: lembar {sheet} di master dan {folder}",
                        "reminders: {count} case(s) ({overdue} overdue, {due_today} due today) for {units} unit(s): "
                        "sheet {sheet} in the master and {folder}"),
    "cli_rem_none": ("pengingat: tidak ada kasus yang terlambat atau jatuh tempo hari ini (lembar {sheet} di master; "
                     "{folder} kosong)",
                     "reminders: no case is overdue or due today (sheet {sheet} in the master; {folder} empty)"),
    "cli_rem_error": ("kesalahan: pengingat tidak ditulis: {error}", "error: reminders not written: {error}"),
})
