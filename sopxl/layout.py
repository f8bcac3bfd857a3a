"""The workbook layout, defined once: sheet names, columns, labels in Indonesian and English, styles.

Readers, writers, the VBA buttons and the tests all take sheet names and columns from here. Sheet
names are Indonesian in every language (code and macros refer to them); labels and messages have an
Indonesian (``id``, the default) and an English (``en``) variant, and readers accept either.
"""

from __future__ import annotations

from dataclasses import dataclass

LANGS = ("id", "en")
DEFAULT_LANG = "id"

# sheets, in workbook order
PETUNJUK = "Petunjuk"
IDENTITAS = "Identitas"
AKTIVITAS = "Aktivitas"
PELACAK = "Pelacak"
LOG = "Log"
KALENDER = "Kalender"
TEMUAN = "Temuan"
SHEETS = (PETUNJUK, IDENTITAS, AKTIVITAS, PELACAK, LOG, KALENDER, TEMUAN)
# sheets a workbook must have for sopxl to read it
REQUIRED_SHEETS = (IDENTITAS, AKTIVITAS, PELACAK, LOG, KALENDER, TEMUAN)

# Excel table names (stable: formulas and macros may refer to them)
TABLE_NAMES = {PELACAK: "TabelPelacak", LOG: "TabelLog", TEMUAN: "TabelTemuan",
               "hours": "TabelJamKerja", "holidays": "TabelLibur"}

# key -> (Indonesian, English)
TEXTS: dict[str, tuple[str, str]] = {
    # identity block
    "field": ("Unsur", "Field"),
    "value": ("Isi", "Value"),
    "instansi": ("Instansi / Unit", "Agency / Unit"),
    "nomor": ("Nomor SOP", "SOP Number"),
    "tanggal_pembuatan": ("Tanggal Pembuatan", "Date Drafted"),
    "tanggal_revisi": ("Tanggal Revisi", "Revision Date"),
    "tanggal_efektif": ("Tanggal Efektif", "Effective Date"),
    "disahkan_oleh": ("Disahkan oleh", "Approved by"),
    "nama": ("Nama SOP", "SOP Name"),
    "dasar_hukum": ("Dasar Hukum", "Legal Basis"),
    "kualifikasi": ("Kualifikasi Pelaksana", "Implementer Qualifications"),
    "keterkaitan": ("Keterkaitan", "Related SOPs"),
    "peralatan": ("Peralatan/Perlengkapan", "Equipment/Supplies"),
    "peringatan": ("Peringatan", "Warning"),
    "pencatatan": ("Pencatatan dan Pendataan", "Recording and Data Keeping"),
    # activity matrix
    "no": ("No", "No"),
    "kegiatan": ("Kegiatan", "Activity"),
    "pelaksana": ("Pelaksana", "Implementer"),
    "mutu_baku": ("Mutu Baku", "Quality Standard"),
    "kelengkapan": ("Kelengkapan", "Requirements"),
    "waktu": ("Waktu", "Time"),
    "output": ("Output", "Output"),
    "keterangan": ("Keterangan", "Remarks"),
    "simbol": ("Simbol", "Symbol"),
    "ya": ("Jika Ya", "If Yes"),
    "tidak": ("Jika Tidak", "If No"),
    "inferensi": ("Inferensi Impor", "Import Inferences"),
    "ditinjau": ("Ditinjau", "Reviewed"),
    "routing": ("Alur (tidak dicetak)", "Routing (not printed)"),
    # symbol values
    "terminator": ("Mulai/Selesai", "Start/End"),
    "process": ("Proses", "Process"),
    "decision": ("Keputusan", "Decision"),
    "yes": ("Ya", "Yes"),
    "mark": ("x", "x"),
    # log
    "event_id": ("ID Peristiwa", "Event ID"),
    "case": ("Kasus", "Case"),
    "step": ("Langkah", "Step"),
    "action": ("Aksi", "Action"),
    "at": ("Waktu Kejadian", "Happened At"),
    "actor": ("Pelaku", "Actor"),
    "recorded_by": ("Dicatat Oleh", "Recorded By"),
    "recorded_at": ("Dicatat Pada", "Recorded At"),
    "note": ("Catatan", "Note"),
    # tracker
    "case_no": ("No Kasus", "Case No"),
    "subject": ("Perihal", "Subject"),
    "state": ("Keadaan", "State"),
    "opened": ("Dibuka", "Opened"),
    "current_step": ("Langkah Saat Ini", "Current Step"),
    "holder": ("Pelaksana Langkah", "Step Holder"),
    "step_started": ("Langkah Dimulai", "Step Started"),
    "step_used": ("Waktu Langkah (menit)", "Step Time (min)"),
    "step_norm": ("Norma Langkah (menit)", "Step Norm (min)"),
    "status": ("Status", "Status"),
    "total_used": ("Total Waktu (menit)", "Total Time (min)"),
    "total_norm": ("Total Norma (menit)", "Total Norm (min)"),
    "returns": ("Pengembalian", "Returns"),
    "closed": ("Ditutup", "Closed"),
    # tracker values
    "state_open": ("Berjalan", "Open"),
    "state_closed": ("Selesai", "Closed"),
    "state_cancelled": ("Batal", "Cancelled"),
    "status_on_time": ("Tepat waktu", "On time"),
    "status_near": ("Mendekati norma", "Near the norm"),
    "status_late": ("Terlambat", "Late"),
    "status_no_norm": ("Tanpa norma", "No norm"),
    # calendar
    "day": ("Hari", "Day"),
    "start": ("Mulai", "Start"),
    "end": ("Selesai", "End"),
    "break_start": ("Istirahat Mulai", "Break Start"),
    "break_end": ("Istirahat Selesai", "Break End"),
    "date": ("Tanggal", "Date"),
    "holiday_name": ("Nama", "Name"),
    "source": ("Sumber", "Source"),
    "source_nasional": ("nasional", "national"),
    "source_cuti bersama": ("cuti bersama", "collective leave"),
    "source_lokal": ("lokal", "local"),
    "hours_title": ("Jam kerja per hari (kosongkan baris untuk hari libur)",
                    "Working hours per weekday (clear a row for a day off)"),
    "holidays_title": ("Hari libur (tambah atau hapus baris)", "Holidays (add or delete rows)"),
    # findings
    "code": ("Kode", "Code"),
    "severity": ("Tingkat", "Severity"),
    "category": ("Kategori", "Category"),
    "location": ("Lokasi", "Location"),
    "message": ("Pesan", "Message"),
    "fix": ("Perbaikan", "How to Fix"),
    "severity_error": ("galat", "error"),
    "severity_warning": ("peringatan", "warning"),
    "severity_info": ("info", "info"),
    "category_layout": ("tata letak", "layout"),
    "category_value": ("isi", "value"),
    # guide
    "guide_title": ("Petunjuk Penggunaan Buku Kerja SOP", "How to Use this SOP Workbook"),
}

WEEKDAYS = (("Senin", "Monday"), ("Selasa", "Tuesday"), ("Rabu", "Wednesday"), ("Kamis", "Thursday"),
            ("Jumat", "Friday"), ("Sabtu", "Saturday"), ("Minggu", "Sunday"))

GUIDE: tuple[tuple[str, str], ...] = (
    ("Buku kerja ini memuat satu SOP AP: identitas, matriks kegiatan, dan pelaksanaannya kasus demi kasus.",
     "This workbook holds one SOP AP: its identity, its activity matrix, and its execution case by case."),
    ("Identitas: isi satu baris per unsur; Dasar Hukum dan bagian daftar lain satu baris per butir.",
     "Identitas: one row per field; Dasar Hukum and the other list sections one row per item."),
    ("Aktivitas: satu baris per langkah; beri tanda x di kolom tepat satu Pelaksana; tulis Waktu seperti \"30 menit\".",
     "Aktivitas: one row per step; mark exactly one Pelaksana column with x; write Waktu like \"30 menit\"."),
    ("Kolom Simbol, Jika Ya dan Jika Tidak mengatur alur keputusan dan tidak dicetak.",
     "The Simbol, Jika Ya and Jika Tidak columns set the decision routing and are not printed."),
    ("Pelacak dan Log diisi oleh sopxl melalui tombol atau perintah; jangan diketik.",
     "Pelacak and Log are written by sopxl through the buttons or commands; do not type in them."),
    ("Kalender: jam kerja dan hari libur kantor; waktu terpakai dihitung pada kalender ini.",
     "Kalender: the office's working hours and holidays; time used is counted on this calendar."),
    ("Temuan: hasil validasi terhadap Permenpan RB 35/2012, dengan tautan ke sel yang perlu diperbaiki.",
     "Temuan: validation findings against Permenpan RB 35/2012, linked to the cells to fix."),
    ("Perintah: sopxl validate, sopxl case start/advance, sopxl refresh, sopxl report (lihat README).",
     "Commands: sopxl validate, sopxl case start/advance, sopxl refresh, sopxl report (see the README)."),
)


def text(key: str, lang: str = DEFAULT_LANG) -> str:
    """The label for `key` in `lang` ("id" or "en")."""
    return TEXTS[key][LANGS.index(lang)]


def normalise_label(value: object) -> str:
    """A label folded for comparison: lower case, single spaces, no trailing colon."""
    return " ".join(str(value or "").replace("\n", " ").split()).strip(" :").lower()


def key_for_label(value: object, keys: tuple[str, ...] | list[str]) -> str | None:
    """The key among `keys` whose Indonesian or English label equals `value` (either language)."""
    wanted = normalise_label(value)
    for key in keys:
        if wanted in (normalise_label(label) for label in TEXTS[key]):
            return key
    return None


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
PELACAK_COLUMNS = (
    Column("case_no", 10, "int"), Column("subject", 36), Column("state", 12), Column("opened", 17, "datetime"),
    Column("current_step", 10, "int"), Column("holder", 20), Column("step_started", 17, "datetime"),
    Column("step_used", 12, "number"), Column("step_norm", 12, "number"), Column("status", 16),
    Column("total_used", 12, "number"), Column("total_norm", 12, "number"), Column("returns", 12, "int"),
    Column("closed", 17, "datetime"),
)
TEMUAN_COLUMNS = (
    Column("code", 26), Column("severity", 12), Column("category", 10), Column("location", 16),
    Column("value", 26), Column("message", 60), Column("fix", 50),
)
HOURS_COLUMNS = (Column("day", 10), Column("start", 9, "time"), Column("end", 9, "time"),
                 Column("break_start", 10, "time"), Column("break_end", 10, "time"))
HOLIDAY_COLUMNS = (Column("date", 13, "date"), Column("holiday_name", 40), Column("source", 14))
IDENTITAS_COLUMNS = (Column("field", 28), Column("value", 100))

# Log actions, as stored (the spec's Indonesian codes, the same in every language)
ACTIONS = ("mulai", "selesai", "ya", "tidak", "batal", "catatan")
ACTION_LABELS_EN = {"mulai": "start", "selesai": "finish", "ya": "yes", "tidak": "no",
                    "batal": "cancel", "catatan": "note"}

# Kalender: the hours table starts at A2 (title in A1), the holiday table at the column after a gap
KALENDER_HOURS_ORIGIN = (2, 1)          # (row, column), 1-based: header row of the hours table
KALENDER_HOLIDAYS_ORIGIN = (2, len(HOURS_COLUMNS) + 2)


# ---- the activity matrix ------------------------------------------------------------------------

AKTIVITAS_HEADER_ROWS = 2          # group headers (Pelaksana, Mutu Baku) on row 1, labels on row 2
AKTIVITAS_FIRST_ROW = 3            # first step row
AKTIVITAS_BEFORE_ROLES = ("no", "kegiatan")
AKTIVITAS_AFTER_ROLES = ("kelengkapan", "waktu", "output", "keterangan")
AKTIVITAS_ROUTING = ("simbol", "ya", "tidak", "inferensi", "ditinjau")
AKTIVITAS_WIDTHS = {"no": 5, "kegiatan": 42, "role": 13, "kelengkapan": 22, "waktu": 11, "output": 22,
                    "keterangan": 20, "simbol": 14, "ya": 8, "tidak": 9, "inferensi": 50, "ditinjau": 9}


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
    from .model import IDENTITY_FIELDS, SECTIONS
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


# ---- styles (XlsxWriter format properties; the workbook writer turns them into formats) -----------

COLOURS = {"header": "#1F4E78", "header_text": "#FFFFFF", "group": "#DDEBF7", "routing": "#F2F2F2",
           "on_time": "#C6EFCE", "on_time_text": "#006100", "near": "#FFEB9C", "near_text": "#9C5700",
           "late": "#FFC7CE", "late_text": "#9C0006", "border": "#808080", "title": "#1F4E78"}
FONT = {"font_name": "Arial", "font_size": 10}
STYLES: dict[str, dict] = {
    "title": {**FONT, "bold": True, "font_size": 14, "font_color": COLOURS["title"]},
    "header": {**FONT, "bold": True, "font_color": COLOURS["header_text"], "bg_color": COLOURS["header"],
               "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True},
    "group": {**FONT, "bold": True, "bg_color": COLOURS["group"], "border": 1, "align": "center",
              "valign": "vcenter", "text_wrap": True},
    "label": {**FONT, "bold": True, "border": 1, "valign": "top", "text_wrap": True, "bg_color": COLOURS["group"]},
    "text": {**FONT, "border": 1, "valign": "top", "text_wrap": True},
    "center": {**FONT, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True},
    "routing": {**FONT, "border": 1, "valign": "top", "text_wrap": True, "bg_color": COLOURS["routing"]},
    "plain": {**FONT},
    "int": {**FONT, "num_format": "0"},
    "number": {**FONT, "num_format": "#,##0.0"},
    "datetime": {**FONT, "num_format": "yyyy-mm-dd hh:mm"},
    "date": {**FONT, "num_format": "yyyy-mm-dd"},
    "time": {**FONT, "num_format": "hh:mm"},
    "on_time": {"bg_color": COLOURS["on_time"], "font_color": COLOURS["on_time_text"]},
    "near": {"bg_color": COLOURS["near"], "font_color": COLOURS["near_text"]},
    "late": {"bg_color": COLOURS["late"], "font_color": COLOURS["late_text"]},
    "finding_info": {"bg_color": "#DDEBF7", "font_color": "#1F4E78"},
    "link": {**FONT, "font_color": "#0563C1", "underline": 1},
}


# ---- row heights ------------------------------------------------------------------------------

LINE_HEIGHT = 12.75        # points per line of 10-point Arial
MIN_ROW_HEIGHT = 15.0


def wrapped_height(cells: list[tuple[object, float]]) -> float:
    """Row height in points that shows every (text, column width) of a row wrapped: Excel does not grow
    rows it did not lay out itself, and LibreOffice prints what the file says."""
    lines = 1
    for value, width in cells:
        if value is None or value == "":
            continue
        per_line = max(int(width * 1.15), 1)     # characters of 10-point Arial per line at that width
        count = sum(max(1, -(-len(part) // per_line)) for part in str(value).split("\n"))
        lines = max(lines, count)
    return max(MIN_ROW_HEIGHT, lines * LINE_HEIGHT + 3)


# ---- the macro-enabled workbook (.xlsm): buttons, their texts, xlwings settings -------------------

XLWINGS_CONF = "xlwings.conf"      # hidden sheet xlwings reads its settings from (name fixed by xlwings)
BUTTON_MODULE = "Tombol"           # VBA module with one Sub per button: macros/Tombol.bas


@dataclass(frozen=True)
class Button:
    """A form button: the sheet it sits on, the VBA Sub it runs, and the TEXTS key of its caption."""

    sheet: str
    macro: str
    key: str


BUTTONS = (
    Button(AKTIVITAS, "Validasi", "button_validate"),
    Button(AKTIVITAS, "GambarBaganAlir", "button_flowchart"),
    Button(PELACAK, "KasusBaru", "button_new_case"),
    Button(PELACAK, "Selesai", "button_finish"),
    Button(PELACAK, "SetujuYa", "button_yes"),
    Button(PELACAK, "KembalikanTidak", "button_no"),
    Button(PELACAK, "Perbarui", "button_refresh"),
    Button(PELACAK, "LaporanBulanan", "button_report"),
    Button(PETUNJUK, "PeriksaPemasangan", "button_check"),
    Button(PETUNJUK, "CekMakro", "button_probe"),
)
BUTTON_WIDTH = 150                 # pixels
BUTTON_HEIGHT = 30
BUTTON_GAP = 8                     # pixels between two buttons
BUTTON_ROW_HEIGHT = 30             # points: a sheet's top row, tall enough for a button (Pelacak's header)
# Petunjuk: buttons stacked in column D beside the guide text (rows 3, 5, …); the probe Sub
# (CekMakro, pure VBA) writes its result into PROBE_CELL, right of its button
PETUNJUK_BUTTON_ORIGIN = (2, 3)    # (row, column), 0-based
PETUNJUK_BUTTON_ROWS = 2           # rows per button
PROBE_CELL = "G5"


def button_origin(sheet: str, role_count: int = 0) -> tuple[int, int]:
    """0-based (row, column) of the first button on `sheet`; the others follow it to the right.

    Buttons sit right of the sheet's table with one empty column between, in the frozen header rows,
    so they stay on screen while the rows scroll and never cover a cell sopxl or a person writes.
    """
    if sheet == AKTIVITAS:
        return AKTIVITAS_HEADER_ROWS - 1, len(aktivitas_columns(role_count)) + 1
    if sheet == PELACAK:
        return 0, len(PELACAK_COLUMNS) + 1
    if sheet == PETUNJUK:
        return PETUNJUK_BUTTON_ORIGIN
    raise ValueError(f"no buttons on {sheet!r}")


# xlwings settings of the hidden xlwings.conf sheet (key, value), in xlwings' own spelling. The
# interpreter is the virtual environment the README has office IT create; the workbook's folder is
# kept off sys.path, so a stray .py file beside a shared workbook is never imported.
XLWINGS_SETTINGS: tuple[tuple[str, object], ...] = (
    ("Interpreter_Win", r"%LOCALAPPDATA%\sopxl\venv\Scripts\pythonw.exe"),
    ("Interpreter_Mac", "$HOME/sopxl/venv/bin/python"),
    ("PYTHONPATH", ""),
    ("Add_Workbook_To_PYTHONPATH", False),
    ("Show Console", False),
    ("Use UDF Server", True),
)

TEXTS.update({
    # button captions
    "button_validate": ("Validasi", "Validate"),
    "button_flowchart": ("Gambar bagan alir", "Draw flowchart"),
    "button_new_case": ("Kasus baru", "New case"),
    "button_finish": ("Selesai", "Finish step"),
    "button_yes": ("Setuju – Ya", "Approve – Yes"),
    "button_no": ("Kembalikan – Tidak", "Return – No"),
    "button_refresh": ("Perbarui", "Refresh"),
    "button_report": ("Laporan bulanan", "Monthly report"),
    "button_check": ("Periksa pemasangan", "Check installation"),
    "button_probe": ("Cek makro", "Test macros"),
    # Petunjuk: what the buttons do
    "buttons_title": ("Tombol", "Buttons"),
    "buttons_help": (
        "Tombol menjalankan sopxl (Python) lewat xlwings. Aktivitas: Validasi, Gambar bagan alir. Pelacak: pilih "
        "baris kasus, lalu Selesai, Setuju – Ya, Kembalikan – Tidak; Kasus baru, Perbarui, Laporan bulanan. "
        "Cek makro menguji makro tanpa Python; Periksa pemasangan menguji Python, sopxl dan xlwings.",
        "The buttons run sopxl (Python) through xlwings. Aktivitas: Validate, Draw flowchart. Pelacak: select a "
        "case's row, then Finish step, Approve – Yes, Return – No; New case, Refresh, Monthly report. "
        "Test macros checks the macros without Python; Check installation checks Python, sopxl and xlwings."),
    "buttons_setup": ("Makro tidak ditandatangani: simpan buku kerja di Trusted Location (lihat README sopxl).",
                      "The macros are unsigned: keep the workbook in a Trusted Location (see the sopxl README)."),
    # messages of the buttons (sopxl.excel)
    "msg_title": ("sopxl", "sopxl"),
    "msg_error": ("Tidak dapat dijalankan", "Could not run"),
    "msg_unexpected": ("Terjadi kesalahan tak terduga di sopxl ({kind}: {detail}). Tidak ada yang diubah "
                       "kecuali yang sudah tampil.", "sopxl met an unexpected error ({kind}: {detail}). Nothing "
                       "was changed beyond what is shown."),
    "msg_select_case": ("Pilih dulu baris kasus di lembar Pelacak (klik salah satu selnya), lalu klik tombolnya lagi.",
                        "First select the case's row on the Pelacak sheet (click one of its cells), then click "
                        "the button again."),
    "msg_no_subject": ("Kasus baru perlu perihal.", "A new case needs a subject."),
    "msg_started": ("Kasus {case} dibuka: {subject}. Langkah {step} ({holder}).",
                    "Case {case} opened: {subject}. Step {step} ({holder})."),
    "msg_moved": ("Kasus {case}: {action} di langkah {done}. Sekarang di langkah {step} ({holder}).",
                  "Case {case}: {action} at step {done}. Now at step {step} ({holder})."),
    "msg_closed": ("Kasus {case} selesai.", "Case {case} is closed."),
    "msg_refreshed": ("Pelacak diperbarui: {open} kasus berjalan, {late} terlambat.",
                      "Pelacak refreshed: {open} open cases, {late} late."),
    "msg_check": ("Python {python} ({executable})\nsopxl {sopxl}\nxlwings {xlwings}\nBuku kerja: {book}",
                  "Python {python} ({executable})\nsopxl {sopxl}\nxlwings {xlwings}\nWorkbook: {book}"),
    "msg_probe": ("Makro berjalan", "Macros run"),
    "prompt_subject": ("Perihal kasus baru:", "Subject of the new case:"),
})
