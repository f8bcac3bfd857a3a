"""The two views of a case workbook for the people who use it: Beban Kerja (who holds what) and Lini Waktu
(each case's steps against their norms, one printed page per case).

Both sheets are derived, like Pelacak: rewritten from the Log on every case action and on `sopxl refresh`.
Every cell's look comes from its column's style and from conditional formatting that reads the values
(a bar cell's status code, a Lini Waktu row's kind in a hidden column), so a door only writes values and
sorting, Excel and LibreOffice all keep the colours.
"""

from __future__ import annotations

from .texts import TEXTS
from .workbook import BEBAN_KERJA, LINI_WAKTU, Column  # noqa: F401  (the sheets' names, in workbook order there)

# ---- Beban Kerja: one row per Pelaksana, the most loaded and overdue first ----------------------------
# Row 1: the moment of the figures and the totals; row 2: the header; rows from 3: the Pelaksana.
WORKLOAD_HEADER_ROW = 2
WORKLOAD_FIRST_ROW = 3
WORKLOAD_HEADER_HEIGHT = 42       # three lines of a wrapped header
WORKLOAD_COLUMNS = (
    Column("wl_holder", 24, "wrap"), Column("wl_open", 10, "int"), Column("wl_late", 11, "int"),
    Column("wl_near", 11, "int"), Column("wl_case", 11, "int"), Column("wl_subject", 30, "wrap"),
    Column("wl_step", 9, "int"), Column("wl_due", 16.5, "datetime"), Column("wl_left", 13, "wrap"),
    Column("wl_done", 13, "int"),
)

# ---- Lini Waktu: a block per case (its row, a header row, a row per step instance), a page per case ----
# Row 1: the moment and how many cases are shown; row 2: how to read the bars; blocks from row 4.
TIMELINE_FIRST_ROW = 4
TIMELINE_CASES = 100            # blocks at most: open cases first (most urgent on top), then the latest ended
BAR_CELLS = 10                  # cells from 0 to the norm (10 % each), and as many past it, up to 200 %
BAR_WIDTH = 1.7                 # characters per bar cell
NORM_MARK_WIDTH = 0.6           # the narrow column that draws the norm as a line
TIMELINE_TEXT_COLUMNS = (
    Column("tl_step", 7, "int"), Column("tl_kegiatan", 44, "wrap"), Column("tl_holder", 18, "wrap"),
    Column("tl_started", 15.5, "datetime"), Column("tl_ended", 15.5, "datetime"), Column("tl_used", 20, "wrap"),
    Column("tl_norm", 10, "wrap"),
)
TIMELINE_NOTE_COLUMN = Column("tl_note", 30, "wrap")
TIMELINE_KEGIATAN_CHARS = 50     # a step's Kegiatan cut to one line: a case of about 40 steps fits its page
# bar cells hold a status code (the colour), the norm mark NORM_CODE; codes never show (font = fill colour)
BAR_CODES = {"on_time": 1, "near": 2, "late": 3}
NORM_CODE = 9
# the hidden last column: what a row is, for conditional formatting
ROW_CASE, ROW_HEAD, ROW_STEP, ROW_NOW, ROW_BACK = "kasus", "judul", "langkah", "sekarang", "kembali"


def timeline_width() -> int:
    """Columns of a Lini Waktu row: the text columns, the bar (with its norm mark), the note, the kind."""
    return len(TIMELINE_TEXT_COLUMNS) + 2 * BAR_CELLS + 1 + 2


def timeline_bar_columns() -> tuple[int, int, int]:
    """1-based first bar column, the norm mark's column, the last bar column."""
    first = len(TIMELINE_TEXT_COLUMNS) + 1
    return first, first + BAR_CELLS, first + 2 * BAR_CELLS


def timeline_widths() -> list[float]:
    """Width of every Lini Waktu column, left to right (the kind column last, hidden)."""
    bar = [BAR_WIDTH] * BAR_CELLS
    return [*(c.width for c in TIMELINE_TEXT_COLUMNS), *bar, NORM_MARK_WIDTH, *bar, TIMELINE_NOTE_COLUMN.width, 8]


def timeline_kinds() -> list[str]:
    """The cell kind (style) of every Lini Waktu column, left to right."""
    return [*(c.kind for c in TIMELINE_TEXT_COLUMNS), *["bar"] * (2 * BAR_CELLS + 1), "wrap", "text"]


TEXTS.update({
    # Beban Kerja
    "wl_as_of": ("Beban kerja per {moment}: {open} kasus berjalan, {late} terlambat",
                 "Workload as of {moment}: {open} open cases, {late} late"),
    "wl_holder": ("Pelaksana", "Role"),
    "wl_open": ("Kasus dipegang", "Cases held"),
    "wl_late": ("Terlambat", "Late"),
    "wl_near": ("Mendekati batas", "Near the limit"),
    "wl_case": ("Kasus paling mendesak", "Most urgent case"),
    "wl_subject": ("Perihal", "Subject"),
    "wl_step": ("Di langkah", "At step"),
    "wl_due": ("Batas waktu langkah", "Step due"),
    "wl_left": ("Sisa waktu", "Time left"),
    "wl_done": ("Langkah selesai bulan ini", "Steps done this month"),
    # Lini Waktu
    "tl_as_of": ("Lini waktu per {moment}: {shown} kasus (yang berjalan dahulu, lalu yang terakhir selesai)",
                 "Timeline as of {moment}: {shown} cases (open ones first, then the latest ended)"),
    "tl_as_of_some": ("Lini waktu per {moment}: {shown} dari {total} kasus (yang berjalan dahulu, lalu yang "
                      "terakhir selesai)",
                      "Timeline as of {moment}: {shown} of {total} cases (open ones first, then the latest ended)"),
    "tl_legend": ("Batang: waktu kerja terpakai terhadap norma langkah, 10 % per kotak; garis hitam = norma, "
                  "ujung kanan = dua kali norma. Hijau tepat waktu, kuning mendekati norma, merah terlambat. "
                  "Satu halaman cetak per kasus.",
                  "Bars: working time used against the step's norm, 10 % a box; black line = the norm, right end = "
                  "twice the norm. Green on time, yellow near the norm, red late. One printed page per case."),
    "tl_blank": ("Belum ada kasus", "No case yet"),
    "tl_case": ("Kasus {number}", "Case {number}"),
    "tl_step": ("Langkah", "Step"),
    "tl_kegiatan": ("Kegiatan", "Activity"),
    "tl_holder": ("Pelaksana", "Role"),
    "tl_started": ("Mulai", "Started"),
    "tl_ended": ("Selesai", "Ended"),
    "tl_used": ("Waktu terpakai (% norma)", "Time used (% of norm)"),
    "tl_norm": ("Norma", "Norm"),
    "tl_bar": ("Terhadap norma", "Against the norm"),
    "tl_note": ("Keterangan", "Remarks"),
    "tl_case_opened": ("dibuka", "opened"),
    "tl_case_due": ("batas kasus {due}", "case due {due}"),
    "tl_case_returns": ("dikembalikan {n} kali", "returned {n} times"),
    "tl_now": ("▶ sedang di sini, batas {due}", "▶ here now, due {due}"),
    "tl_now_no_norm": ("▶ sedang di sini", "▶ here now"),
    "tl_yes": ("Ya", "Yes"),
    "tl_no": ("Tidak: dikembalikan ke langkah {target}", "No: returned to step {target}"),
    "tl_back": ("↩ dikerjakan ulang", "↩ rework"),
    "tl_cancelled": ("✕ dibatalkan di sini", "✕ cancelled here"),
    "tl_total": ("Seluruh kasus", "Whole case"),
    "tl_share": ("{duration} ({percent} %)", "{duration} ({percent} %)"),
})
