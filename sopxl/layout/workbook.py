"""The SOP workbook: sheet and table names, columns of every sheet, the activity matrix, cell addresses."""

from __future__ import annotations

from dataclasses import dataclass

from .styles import wrapped_height

# sheets, in workbook order
PETUNJUK = "Petunjuk"
IDENTITAS = "Identitas"
AKTIVITAS = "Aktivitas"
PELACAK = "Pelacak"
LOG = "Log"
KALENDER = "Kalender"
TEMUAN = "Temuan"
BEBAN_KERJA = "Beban Kerja"          # the views (layout.views): derived, added to an older workbook when missing
LINI_WAKTU = "Lini Waktu"
SHEETS = (PETUNJUK, IDENTITAS, AKTIVITAS, PELACAK, BEBAN_KERJA, LINI_WAKTU, LOG, KALENDER, TEMUAN)
VIEW_SHEETS = (BEBAN_KERJA, LINI_WAKTU)
# sheets a workbook must have for sopxl to read it
REQUIRED_SHEETS = (IDENTITAS, AKTIVITAS, PELACAK, LOG, KALENDER, TEMUAN)
EXCEL_MAX_ROWS = 1_048_576        # rows of a worksheet, header included

# the footer of every printed page of a workbook sopxl writes: the sheet's name left, "page / pages" right
PAGE_FOOTER = "&L&8&A&R&8&P / &N"

# Excel table names (stable: formulas and macros may refer to them)
TABLE_NAMES = {PELACAK: "TabelPelacak", LOG: "TabelLog", TEMUAN: "TabelTemuan",
               "hours": "TabelJamKerja", "holidays": "TabelLibur", "schedules": "TabelJadwal",
               "overrides": "TabelHariKhusus"}


# ---- columns of the table sheets --------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    key: str
    width: float
    kind: str = "text"     # text | int | number | datetime | date | time


LOG_COLUMNS = (
    Column("event_id", 12, "int"), Column("case", 10, "int"), Column("step", 9, "int"),
    Column("action", 11), Column("at", 18, "datetime"), Column("actor", 22),
    Column("recorded_by", 16), Column("recorded_at", 18, "datetime"), Column("note", 40),
)
# Pelacak: what staff read at a glance. Row 1 holds the buttons (in a macro-enabled workbook) and the
# moment the figures were computed; the table's header is row 2; rows 1-2 are frozen. Durations are
# text in working days and hours ("1 hari 2 jam"); open cases come first, the most urgent on top.
PELACAK_HEADER_ROW = 2
PELACAK_FIRST_ROW = PELACAK_HEADER_ROW + 1
PELACAK_HEADER_HEIGHT = 30          # points: two lines of a wrapped header
PELACAK_COLUMNS = (
    Column("case_no", 5, "int"), Column("subject", 24, "wrap"), Column("state", 9), Column("status", 11, "wrap"),
    Column("current_step", 8, "int"), Column("holder", 12, "wrap"), Column("step_due", 16.5, "datetime"),
    Column("step_left", 12, "wrap"), Column("case_due", 16.5, "datetime"), Column("total_used_text", 12, "wrap"),
    Column("case_left", 12, "wrap"), Column("last_note", 22, "wrap"), Column("opened", 16.5, "datetime"),
    Column("closed", 16.5, "datetime"), Column("returns", 12.5, "int"),
)
# the Pelacak of sopxl before issue 16 (header on row 1, times in minutes): recognised so that the next
# action or refresh gives the workbook today's layout (sopxl/xlsx/upgrade.py) instead of refusing it
OLD_PELACAK_HEADER = (
    ("No Kasus", "Case No"), ("Perihal", "Subject"), ("Keadaan", "State"), ("Dibuka", "Opened"),
    ("Langkah Saat Ini", "Current Step"), ("Pelaksana Langkah", "Step Holder"), ("Langkah Dimulai", "Step Started"),
    ("Waktu Langkah (menit)", "Step Time (min)"), ("Norma Langkah (menit)", "Step Norm (min)"), ("Status", "Status"),
    ("Total Waktu (menit)", "Total Time (min)"), ("Total Norma (menit)", "Total Norm (min)"),
    ("Pengembalian", "Returns"), ("Ditutup", "Closed"),
)
TEMUAN_COLUMNS = (
    Column("code", 26), Column("severity", 12), Column("category", 10), Column("location", 16),
    Column("value", 26), Column("message", 60), Column("fix", 50),
)
HOURS_COLUMNS = (Column("day", 10), Column("start", 9, "time"), Column("end", 9, "time"),
                 Column("break_start", 10, "time"), Column("break_end", 10, "time"))
HOLIDAY_COLUMNS = (Column("date", 13, "date"), Column("holiday_name", 40), Column("source", 14))
# a schedule for a date range (Ramadan hours): one row per weekday it gives hours to
SCHEDULE_COLUMNS = (Column("schedule_name", 16), Column("valid_from", 12, "date"), Column("valid_to", 12, "date"),
                    *HOURS_COLUMNS)
# one day set by decree: its hours (empty: a day off), what it is, the decree
OVERRIDE_COLUMNS = (Column("date", 13, "date"), *HOURS_COLUMNS[1:], Column("override_note", 22),
                    Column("decree", 34))
IDENTITAS_COLUMNS = (Column("field", 28), Column("value", 100))

# Log actions (stored as domain.cases.ACTIONS, the same codes in every language) as English readers may type them
ACTION_LABELS_EN = {"mulai": "start", "selesai": "finish", "ya": "yes", "tidak": "no",
                    "batal": "cancel", "catatan": "note"}

# Kalender: the hours table starts at A2 (title in A1), each further table at the column after a gap.
# Workbooks written before schedules and overrides existed have only the first two tables.
KALENDER_HOURS_ORIGIN = (2, 1)          # (row, column), 1-based: header row of the hours table
KALENDER_HOLIDAYS_ORIGIN = (2, KALENDER_HOURS_ORIGIN[1] + len(HOURS_COLUMNS) + 1)
KALENDER_SCHEDULES_ORIGIN = (2, KALENDER_HOLIDAYS_ORIGIN[1] + len(HOLIDAY_COLUMNS) + 1)
KALENDER_OVERRIDES_ORIGIN = (2, KALENDER_SCHEDULES_ORIGIN[1] + len(SCHEDULE_COLUMNS) + 1)


# ---- the activity matrix ------------------------------------------------------------------------

AKTIVITAS_HEADER_ROWS = 2          # group headers (Pelaksana, Mutu Baku) on row 1, labels on row 2
AKTIVITAS_FIRST_ROW = 3            # first step row
AKTIVITAS_BEFORE_ROLES = ("no", "kegiatan")
AKTIVITAS_AFTER_ROLES = ("kelengkapan", "waktu", "output", "keterangan")
AKTIVITAS_ROUTING = ("simbol", "ya", "tidak", "inferensi", "ditinjau", "label_cabang")
# routing columns a workbook from before them may lack (the last ones): read as empty when absent
AKTIVITAS_OPTIONAL = ("label_cabang",)
AKTIVITAS_WIDTHS = {"no": 5, "kegiatan": 42, "role": 13, "kelengkapan": 22, "waktu": 11, "output": 22,
                    "keterangan": 20, "simbol": 14, "ya": 8, "tidak": 9, "inferensi": 50, "ditinjau": 9,
                    "label_cabang": 24}


def aktivitas_columns(role_count: int) -> list[str]:
    """Column keys of the activity matrix, left to right; role columns are "role:0", "role:1", …"""
    return [*AKTIVITAS_BEFORE_ROLES, *(f"role:{i}" for i in range(role_count)),
            *AKTIVITAS_AFTER_ROLES, *AKTIVITAS_ROUTING]


def aktivitas_widths(role_count: int) -> list[float]:
    """Column widths of the activity matrix, left to right."""
    return [AKTIVITAS_WIDTHS["role" if key.startswith("role:") else key] for key in aktivitas_columns(role_count)]


def aktivitas_column(key: str, role_count: int) -> int:
    """1-based column of `key` in an activity matrix with `role_count` roles."""
    return aktivitas_columns(role_count).index(key) + 1


def printed_columns(role_count: int) -> int:
    """How many columns of the activity matrix are printed (up to Keterangan)."""
    return len(AKTIVITAS_BEFORE_ROLES) + role_count + len(AKTIVITAS_AFTER_ROLES)


def identity_keys() -> tuple[str, ...]:
    from ..domain.model import IDENTITY_FIELDS, SECTIONS
    return (*IDENTITY_FIELDS, *SECTIONS)


# ---- cell addresses --------------------------------------------------------------------------

def column_letter(column: int) -> str:
    """Excel letters of a 1-based column number (1 -> A, 27 -> AA)."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_ref(row: int, column: int) -> str:
    """A1-style address of a 1-based (row, column)."""
    return f"{column_letter(column)}{row}"


def absolute_range(first_row: int, first_column: int, last_row: int, last_column: int) -> str:
    """An absolute A1 range such as $A$2:$O$14."""
    return (f"${column_letter(first_column)}${first_row}:"
            f"${column_letter(last_column)}${last_row}")


def column_range(first_column: int, last_column: int) -> str:
    """Whole columns as an absolute range, such as $A:$J (a print area that grows with the rows)."""
    return f"${column_letter(first_column)}:${column_letter(last_column)}"


def identity_row_height(row: list) -> float:
    """Height of an Identitas row ([label, value]) that shows both wrapped."""
    return wrapped_height(list(zip(row, (c.width for c in IDENTITAS_COLUMNS))))


def step_row_height(values: list, role_count: int) -> float:
    """Height of an Aktivitas step row that shows its printed cells wrapped (routing columns do not count)."""
    return wrapped_height(list(zip(values, aktivitas_widths(role_count)))[:printed_columns(role_count)])
