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


# ---- the monthly monitoring report (sopxl report) ------------------------------------------------

# report sheets, in workbook order (Indonesian in every language, like the SOP workbook's)
RINGKASAN = "Ringkasan"
PER_LANGKAH = "Per langkah"
KASUS_TERLAMBAT = "Kasus terlambat"
MONITORING = "Monitoring Pelaksanaan SOP AP"
EVALUASI = "Evaluasi Penerapan SOP AP"
REPORT_SHEETS = (RINGKASAN, PER_LANGKAH, KASUS_TERLAMBAT, MONITORING, EVALUASI)
REPORT_THRESHOLD = 0.8             # on-time share from which an SOP "berjalan dengan baik"

MONTHS = (("Januari", "January"), ("Februari", "February"), ("Maret", "March"), ("April", "April"),
          ("Mei", "May"), ("Juni", "June"), ("Juli", "July"), ("Agustus", "August"),
          ("September", "September"), ("Oktober", "October"), ("November", "November"),
          ("Desember", "December"))

# kinds beyond Column's: "hours" (working minutes shown as hours), "minutes", "percent"
RINGKASAN_COLUMNS = (
    Column("rpt_unit", 24), Column("rpt_sop", 30), Column("rpt_opened", 8, "int"),
    Column("rpt_closed", 8, "int"), Column("rpt_cancelled", 7, "int"), Column("rpt_open_end", 9, "int"),
    Column("rpt_open_late", 9, "int"), Column("rpt_on_time", 9, "int"), Column("rpt_on_time_share", 9, "percent"),
    Column("rpt_median_hours", 10, "hours"), Column("rpt_p90_hours", 10, "hours"),
    Column("rpt_norm_hours", 10, "hours"), Column("rpt_median_ratio", 9, "percent"),
    Column("rpt_p90_ratio", 9, "percent"), Column("rpt_returns", 10, "int"),
)
PER_LANGKAH_COLUMNS = (
    Column("rpt_sop", 22), Column("rpt_step_no", 7, "center"), Column("kegiatan", 38), Column("pelaksana", 15),
    Column("rpt_step_norm", 9, "minutes"), Column("rpt_instances", 8, "int"),
    Column("rpt_median_minutes", 9, "minutes"), Column("rpt_p90_minutes", 9, "minutes"),
    Column("rpt_median_ratio", 9, "percent"), Column("rpt_p90_ratio", 9, "percent"),
    Column("rpt_late", 9, "int"), Column("rpt_late_share", 9, "percent"), Column("rpt_returns_into", 10, "int"),
    Column("rpt_open_at_step", 10, "int"), Column("rpt_bottleneck", 10, "center"),
)
KASUS_COLUMNS = (
    Column("rpt_no", 5, "center"), Column("rpt_sop", 20), Column("rpt_case", 7, "center"), Column("subject", 28),
    Column("rpt_state_end", 11), Column("opened", 15.5, "datetime"), Column("closed", 15.5, "datetime"),
    Column("rpt_step_shown", 30), Column("pelaksana", 15), Column("rpt_used_hours", 9, "hours"),
    Column("rpt_norm_hours", 9, "hours"), Column("rpt_ratio", 8, "percent"), Column("rpt_over", 17),
    Column("returns", 12, "int"),
)
# the official forms (Permenpan RB 35/2012): Monitoring Pelaksanaan SOP AP, Evaluasi Penerapan SOP AP
MONITORING_COLUMNS = (
    Column("rpt_form_no", 5, "center"), Column("rpt_prosedur", 30), Column("rpt_penilaian", 18, "center"),
    Column("rpt_catatan", 58), Column("rpt_tindakan", 52), Column("rpt_paraf", 12),
)
EVALUASI_COLUMNS = (
    Column("rpt_form_no", 5, "center"), Column("rpt_prosedur", 26), Column("rpt_criterion", 34),
    Column("rpt_answer", 10, "center"), Column("rpt_hint", 66), Column("rpt_evaluator_note", 30),
)
EVALUASI_CRITERIA = tuple(f"rpt_criterion_{i}" for i in range(1, 8))
PENILAIAN_KEYS = ("rpt_good", "rpt_not_good")

TEXTS.update({
    # title block
    "rpt_title": ("LAPORAN MONITORING PELAKSANAAN SOP AP", "SOP AP IMPLEMENTATION MONITORING REPORT"),
    "rpt_title_ringkasan": ("Ringkasan per Unit Kerja dan SOP", "Summary per Unit and SOP"),
    "rpt_title_per_langkah": ("Waktu per Langkah dan Hambatan", "Time per Step and Bottlenecks"),
    "rpt_title_kasus": ("Kasus Terlambat", "Late Cases"),
    "rpt_title_monitoring": ("MONITORING PELAKSANAAN SOP AP", "MONITORING OF SOP AP IMPLEMENTATION"),
    "rpt_title_evaluasi": ("EVALUASI PENERAPAN SOP AP", "EVALUATION OF SOP AP APPLICATION"),
    "rpt_instansi": ("Instansi", "Agency"),
    "rpt_unit_label": ("Unit Kerja", "Unit"),
    "rpt_period": ("Periode", "Period"),
    "rpt_generated": ("Dibuat", "Generated"),
    "rpt_generated_value": ("{date} pukul {time} oleh sopxl dari {sources}",
                            "{date} at {time} by sopxl from {sources}"),
    "rpt_period_value": ("{month} (1–{last} {month_name} {year}; keadaan akhir bulan: {last} {month_name} {year} "
                         "pukul 24.00)",
                         "{month} (1–{last} {month_name} {year}; state at month end: {last} {month_name} {year} "
                         "24:00)"),
    "rpt_many": ("{count} {what}: {names}", "{count} {what}: {names}"),
    "rpt_many_count": ("{count} {what}", "{count} {what}"),
    "rpt_what_instansi": ("instansi", "agencies"),
    "rpt_what_unit": ("unit kerja", "units"),
    "rpt_sources_one": ("{name}", "{name}"),
    "rpt_sources_many": ("{count} SOP", "{count} SOPs"),
    "rpt_empty": ("Tidak ada kasus yang dibuka, selesai, dibatalkan, atau berjalan pada {month}.",
                  "No case was opened, closed, cancelled or running in {month}."),
    "rpt_no_sops": ("Sumber ini tidak memuat SOP.", "This source holds no SOP."),
    "rpt_highlights": ("Pokok-pokok: {sops} SOP; {opened} kasus dibuka, {closed} selesai ({on_time} dari {judged} "
                       "bernorma tepat waktu, {share}), {cancelled} batal; {open} berjalan pada akhir bulan ({late} "
                       "lewat norma); {late_cases} kasus terlambat. Berjalan dengan baik: {good} dari {assessed} SOP "
                       "yang dapat dinilai (batas {threshold}).",
                       "Highlights: {sops} SOPs; {opened} cases opened, {closed} closed ({on_time} of {judged} with a "
                       "norm on time, {share}), {cancelled} cancelled; {open} open at month end ({late} past the "
                       "norm); {late_cases} late cases. Running well: {good} of {assessed} SOPs that can be judged "
                       "(threshold {threshold})."),
    "rpt_skipped": ("Berkas dilewati: {name} — {reason}", "File skipped: {name} — {reason}"),
    # Ringkasan
    "rpt_unit": ("Unit Kerja", "Unit"),
    "rpt_sop": ("SOP", "SOP"),
    "rpt_opened": ("Dibuka", "Opened"),
    "rpt_closed": ("Selesai", "Closed"),
    "rpt_cancelled": ("Batal", "Cancelled"),
    "rpt_open_end": ("Berjalan akhir bulan", "Open at month end"),
    "rpt_open_late": ("Berjalan lewat norma", "Open past norm"),
    "rpt_on_time": ("Selesai tepat waktu", "Closed on time"),
    "rpt_on_time_share": ("% tepat waktu", "% on time"),
    "rpt_median_hours": ("Median waktu (jam kerja)", "Median time (working hours)"),
    "rpt_p90_hours": ("P90 waktu (jam kerja)", "P90 time (working hours)"),
    "rpt_norm_hours": ("Norma (jam kerja)", "Norm (working hours)"),
    "rpt_median_ratio": ("Median thd norma", "Median vs norm"),
    "rpt_p90_ratio": ("P90 thd norma", "P90 vs norm"),
    "rpt_returns": ("Pengembalian (Tidak)", "Returns (No)"),
    "rpt_total": ("Jumlah", "Total"),
    "rpt_per_sop": ("Per SOP", "Per SOP"),
    "rpt_per_unit": ("Per unit kerja", "Per unit"),
    "rpt_unit_sops": ("{count} SOP", "{count} SOPs"),
    "rpt_chart_on_time": ("Kasus selesai tepat waktu per SOP (batas {threshold})",
                          "Closed cases on time per SOP (threshold {threshold})"),
    "rpt_chart_time": ("Waktu terpakai kasus selesai terhadap norma total", "Time used by closed cases against the total norm"),
    "rpt_series_on_time": ("% tepat waktu", "% on time"),
    "rpt_series_median": ("Median", "Median"),
    "rpt_series_p90": ("P90", "P90"),
    "rpt_no_chart": ("Grafik tidak ditampilkan: tidak ada kasus selesai yang dapat dibandingkan dengan norma.",
                     "No chart: no closed case could be compared with a norm."),
    "rpt_rules_title": ("Cara penghitungan", "How the figures are counted"),
    "rpt_rules": (
        "Kasus dihitung pada bulan ia selesai atau dibatalkan; kasus yang belum selesai dihitung sebagai berjalan "
        "pada akhir bulan (keadaan 24.00 hari terakhir), sehingga kasus yang melewati batas bulan dibuka pada satu "
        "bulan dan selesai pada bulan lain dengan seluruh waktu kerjanya.\n"
        "Waktu terpakai adalah waktu kerja menurut lembar Kalender tiap SOP (jam kerja, istirahat, akhir pekan dan "
        "hari libur tidak dihitung); norma total adalah jumlah norma langkah pada alur utama.\n"
        "Tepat waktu: waktu kasus tidak melebihi norma total; persentase tepat waktu dihitung dari kasus selesai "
        "SOP yang memiliki norma. Berjalan lewat norma: waktu kasus atau langkah saat ini melebihi normanya.\n"
        "Median dan P90 sama dengan MEDIAN dan PERCENTILE.INC di Excel. Pengembalian: jawaban Tidak pada bulan ini.",
        "A case counts in the month it was closed or cancelled; a case not yet closed counts as open at month end "
        "(its state at 24:00 on the last day), so a case crossing a month boundary is opened in one month and "
        "closed in another with all its working time.\n"
        "Time used is working time on each SOP's Kalender sheet (working hours; breaks, weekends and holidays do "
        "not count); the total norm is the sum of the step norms along the main path.\n"
        "On time: the case used no more than the total norm; the on-time share counts closed cases of SOPs that "
        "have a norm. Open past norm: the case so far, or its current step, exceeds its norm.\n"
        "Median and P90 are Excel's MEDIAN and PERCENTILE.INC. Returns: No answers given in the month."),
    # Per langkah
    "rpt_step_no": ("Langkah", "Step"),
    "rpt_step_norm": ("Norma (menit kerja)", "Norm (working min)"),
    "rpt_instances": ("Jumlah selesai", "Instances"),
    "rpt_median_minutes": ("Median (menit kerja)", "Median (working min)"),
    "rpt_p90_minutes": ("P90 (menit kerja)", "P90 (working min)"),
    "rpt_late": ("Terlambat", "Late"),
    "rpt_late_share": ("% terlambat", "% late"),
    "rpt_returns_into": ("Dikembalikan ke langkah ini", "Returned to this step"),
    "rpt_open_at_step": ("Berjalan di langkah (akhir bulan)", "Open at step (month end)"),
    "rpt_bottleneck": ("Hambatan", "Bottleneck"),
    "rpt_bottleneck_rank": ("Hambatan {rank}", "Bottleneck {rank}"),
    "rpt_bottlenecks_title": ("Hambatan utama (paling banyak tiga langkah per SOP)",
                              "Main bottlenecks (at most three steps per SOP)"),
    "rpt_no_bottlenecks": ("Tidak ada langkah yang terlambat atau dikembalikan pada bulan ini.",
                           "No step was late or returned to in the month."),
    "rpt_chart_steps": ("Waktu terpakai per langkah terhadap norma langkah", "Time used per step against the step norm"),
    "rpt_chart_steps_minutes": ("Median waktu terpakai per langkah (menit kerja; SOP tanpa norma waktu)",
                                "Median time used per step (working minutes; the SOP has no time norms)"),
    "rpt_chart_step_label": ("Langkah {step}", "Step {step}"),
    # Kasus terlambat
    "rpt_no": ("No", "No"),
    "rpt_case": ("Kasus", "Case"),
    "rpt_state_end": ("Keadaan akhir bulan", "State at month end"),
    "rpt_step_shown": ("Langkah (berjalan: saat ini; selesai: paling lewat norma)",
                       "Step (open: current; closed: furthest past its norm)"),
    "rpt_used_hours": ("Waktu terpakai (jam kerja)", "Time used (working hours)"),
    "rpt_ratio": ("Thd norma", "Vs norm"),
    "rpt_over": ("Lewat norma", "Past the norm by"),
    "rpt_over_step": ("langkah: {duration}", "step: {duration}"),
    "rpt_no_late": ("Tidak ada kasus terlambat atau berjalan lewat norma pada {month}.",
                    "No case was late or open past its norm in {month}."),
    "rpt_step_text": ("{step}. {kegiatan}", "{step}. {kegiatan}"),
    # forms
    "rpt_form_no": ("No.", "No."),
    "rpt_prosedur": ("Prosedur", "Procedure"),
    "rpt_penilaian": ("Penilaian Terhadap Penerapan", "Assessment of Implementation"),
    "rpt_catatan": ("Catatan Hasil Penilaian", "Assessment Notes"),
    "rpt_tindakan": ("Tindakan yang Harus Diambil", "Action to Be Taken"),
    "rpt_paraf": ("Paraf Penilai", "Assessor's Initials"),
    "rpt_good": ("Berjalan dengan baik", "Running well"),
    "rpt_not_good": ("Tidak berjalan dengan baik", "Not running well"),
    "rpt_prosedur_value": ("{nama}\nNomor: {nomor}\n{unit}", "{nama}\nNumber: {nomor}\n{unit}"),
    "rpt_threshold_note": ("Penilaian diisi dari data: \"Berjalan dengan baik\" bila sekurang-kurangnya {threshold} "
                           "kasus selesai tepat waktu; penilai dapat mengubahnya (daftar pilihan) dan membubuhkan paraf.",
                           "The assessment is pre-filled from the data: \"Running well\" when at least {threshold} "
                           "of closed cases were on time; the assessor may change it (drop-down) and initial it."),
    "rpt_criterion": ("Kriteria Penilaian", "Criterion"),
    "rpt_answer": ("Ya / Tidak", "Yes / No"),
    "rpt_hint": ("Petunjuk dari data (bukan penilaian)", "What the data shows (not an assessment)"),
    "rpt_evaluator_note": ("Catatan / Tindakan Evaluator", "Evaluator's Notes / Action"),
    "rpt_yes": ("Ya", "Yes"),
    "rpt_no_answer": ("Tidak", "No"),
    "rpt_evaluasi_note": ("Kolom Ya / Tidak diisi oleh evaluator (daftar pilihan); petunjuk di sampingnya "
                          "dihitung dari pelaksanaan SOP pada {month}.",
                          "The Yes / No column is for the evaluator (drop-down); the hints beside it come from "
                          "the SOP's execution in {month}."),
    "rpt_criterion_1": ("Mampu mendorong peningkatan kinerja", "Drives better performance"),
    "rpt_criterion_2": ("Mudah dipahami", "Easy to understand"),
    "rpt_criterion_3": ("Mudah dilaksanakan", "Easy to carry out"),
    "rpt_criterion_4": ("Semua orang dapat menjalankan perannya masing-masing", "Everyone can play their own role"),
    "rpt_criterion_5": ("Mampu mengatasi permasalahan yang berkaitan dengan proses",
                        "Resolves problems related to the process"),
    "rpt_criterion_6": ("Mampu menjawab kebutuhan peningkatan kinerja organisasi",
                        "Meets the organisation's need for better performance"),
    "rpt_criterion_7": ("Sinergi satu dengan lainnya", "Works in synergy with the others"),
    "rpt_place_date": ("…………………, {date}", "…………………, {date}"),
    "rpt_sign_known": ("Mengetahui,", "Acknowledged by,"),
    "rpt_sign_head": ("Pimpinan Unit Kerja", "Head of Unit"),
    "rpt_sign_assessor": ("Penilai,", "Assessor,"),
    "rpt_sign_evaluator": ("Evaluator,", "Evaluator,"),
    "rpt_sign_name": ("(………………………………………)", "(………………………………………)"),
    "rpt_sign_nip": ("NIP. ………………………………", "NIP. ………………………………"),
    # durations and dates
    "rpt_days": ("{n} hari", "{n} d"),
    "rpt_hours": ("{n} jam", "{n} h"),
    "rpt_minutes": ("{n} menit", "{n} min"),
    "rpt_date": ("{day} {month_name} {year}", "{day} {month_name} {year}"),
    "rpt_time": ("{hour:02d}.{minute:02d}", "{hour:02d}:{minute:02d}"),
    # the data-backed sentences of the forms (sopxl.reporting.monev)
    "rpt_note_empty": ("Tidak ada kasus pada {month}; penerapan belum dapat dinilai dari data.",
                       "No case in {month}; the application cannot be judged from the data yet."),
    "rpt_note_no_closed": ("Belum ada kasus selesai pada {month}; ketepatan waktu belum dapat dinilai.",
                           "No case was closed in {month}; timeliness cannot be judged yet."),
    "rpt_note_no_norm": ("SOP belum memiliki norma waktu ({count} langkah tanpa Waktu); ketepatan waktu tidak dapat "
                         "dinilai.", "The SOP has no time norm ({count} steps without Waktu); timeliness cannot be "
                         "judged."),
    "rpt_note_closed": ("{closed} kasus selesai, {on_time} tepat waktu ({share}; batas {threshold}).",
                        "{closed} cases closed, {on_time} on time ({share}; threshold {threshold})."),
    "rpt_note_closed_no_norm": ("{closed} kasus selesai.", "{closed} cases closed."),
    "rpt_note_times": ("Median waktu {median} ({median_ratio} dari norma {norm}), P90 {p90} ({p90_ratio}).",
                       "Median time {median} ({median_ratio} of the norm of {norm}), P90 {p90} ({p90_ratio})."),
    "rpt_note_times_no_norm": ("Median waktu {median}, P90 {p90}.", "Median time {median}, P90 {p90}."),
    "rpt_note_open": ("Akhir bulan: {open} kasus berjalan, {late} lewat norma.",
                      "At month end: {open} open, {late} of them past the norm."),
    "rpt_note_returns": ("{returns} pengembalian (Tidak); {cancelled} kasus batal.",
                         "Returns (No): {returns}; cancelled: {cancelled}."),
    "rpt_action_step_late": ("Langkah {step} ({holder}): {late} dari {instances} terlambat, median {median_ratio} dari "
                             "norma {norm} — tinjau beban kerja dan kewajaran norma langkah ini.",
                             "Step {step} ({holder}): {late} of {instances} late, median {median_ratio} of the norm "
                             "of {norm} — review the workload and whether the step's norm is realistic."),
    "rpt_action_step_open": ("Langkah {step} ({holder}): {count} kasus tertahan melewati norma pada akhir bulan — "
                             "tindak lanjuti segera.",
                             "Step {step} ({holder}): {count} cases held past the norm at month end — follow up now."),
    "rpt_action_step_returns": ("Langkah {step} ({holder}): {count} kali dikembalikan oleh {deciders} — perjelas "
                                "persyaratan dan kelengkapan sebelum diajukan.",
                                "Step {step} ({holder}): returned {count} times by {deciders} — make the requirements "
                                "and documents clear before submitting."),
    "rpt_action_no_norm": ("Tetapkan norma waktu (Mutu Baku – Waktu) untuk {count} langkah yang belum memilikinya.",
                           "Set a time norm (Mutu Baku – Waktu) for the {count} steps that have none."),
    "rpt_action_overdue": ("Tindak lanjuti {count} kasus berjalan yang melewati norma (lembar Kasus terlambat).",
                           "Follow up the open cases past their norm ({count}; Kasus terlambat sheet)."),
    "rpt_action_keep": ("Pertahankan pelaksanaan; tidak ada langkah yang menjadi hambatan.",
                        "Keep it up; no step is a bottleneck."),
    "rpt_action_record": ("Catat setiap kasus melalui sopxl agar penerapan dapat dinilai bulan berikutnya.",
                          "Record every case through sopxl so the application can be judged next month."),
    "rpt_hint_none": ("Belum ada data pada {month}.", "No data for {month}."),
    "rpt_hint_1": ("Tepat waktu {share} (bulan sebelumnya {previous}); median {ratio} dari norma (bulan sebelumnya "
                   "{previous_ratio}).",
                   "On time {share} (month before {previous}); median {ratio} of the norm (month before "
                   "{previous_ratio})."),
    "rpt_hint_1_no_norm": ("Tanpa norma waktu; {closed} kasus selesai (bulan sebelumnya {previous}).",
                           "No time norm; {closed} cases closed (month before {previous})."),
    "rpt_hint_2": ("{returns} pengembalian untuk {closed} kasus selesai; {reworked} kasus selesai pernah dikembalikan.",
                   "{returns} returns for {closed} closed cases; {reworked} closed cases were returned at least once."),
    "rpt_hint_3": ("{share} langkah selesai dalam norma ({late} dari {judged} terlambat); {cancelled} kasus batal; "
                   "{no_norm} langkah tanpa norma.",
                   "{share} of steps within their norm ({late} of {judged} late); {cancelled} cases cancelled; "
                   "{no_norm} steps without a norm."),
    "rpt_hint_3_no_steps": ("Tidak ada langkah bernorma yang selesai; {cancelled} kasus batal; {no_norm} langkah tanpa "
                            "norma.", "No step with a norm was finished; {cancelled} cases cancelled; {no_norm} steps "
                            "without a norm."),
    "rpt_hint_4": ("{roles} Pelaksana aktif; bagian terlambat terbesar: {role} ({late} dari {judged} langkah).",
                   "{roles} Pelaksana active; largest late share: {role} ({late} of {judged} steps)."),
    "rpt_hint_4_ok": ("{roles} Pelaksana aktif; tidak ada Pelaksana dengan langkah terlambat.",
                      "{roles} Pelaksana active; no Pelaksana had a late step."),
    "rpt_hint_5": ("Akhir bulan {open} kasus berjalan, {late} lewat norma; kasus yang pernah dikembalikan lalu selesai: "
                   "{reworked}, {reworked_on_time} tepat waktu.",
                   "At month end {open} cases open, {late} past the norm; returned cases that were then closed: "
                   "{reworked}, {reworked_on_time} on time."),
    "rpt_hint_5_no_norm": ("Akhir bulan {open} kasus berjalan; kasus yang pernah dikembalikan lalu selesai: {reworked}.",
                           "At month end {open} cases open; returned cases that were then closed: {reworked}."),
    "rpt_hint_6": ("Dibuka {opened}, selesai {closed}, batal {cancelled}; kasus berjalan {start} pada awal bulan, "
                   "{end} pada akhir bulan.",
                   "Opened {opened}, closed {closed}, cancelled {cancelled}; open cases {start} at the start of the "
                   "month, {end} at its end."),
    "rpt_hint_7": ("{related} SOP terkait tercatat (Keterkaitan); serah terima antar-Pelaksana: {late} dari {judged} "
                   "langkah terlambat ({share}).",
                   "{related} related SOPs recorded (Keterkaitan); hand-overs between Pelaksana: {late} of {judged} "
                   "steps late ({share})."),
    "rpt_hint_7_none": ("{related} SOP terkait tercatat (Keterkaitan); belum ada serah terima bernorma yang selesai.",
                        "{related} related SOPs recorded (Keterkaitan); no hand-over step with a norm was finished."),
    "rpt_none": ("–", "–"),
    "rpt_footer": ("sopxl · Laporan Monitoring Pelaksanaan SOP AP · {month}",
                   "sopxl · SOP AP Implementation Monitoring Report · {month}"),
    "rpt_blank_no_norm": ("Sel kosong pada kolom tepat waktu dan norma: SOP belum memiliki norma waktu (Mutu Baku – "
                          "Waktu), sehingga ketepatan waktunya tidak dapat dinilai.",
                          "Empty on-time and norm cells: the SOP has no time norm (Mutu Baku – Waktu), so its "
                          "timeliness cannot be judged."),
})

REPORT_STYLES: dict[str, dict] = {
    "rpt_title": {**FONT, "bold": True, "font_size": 13, "font_color": COLOURS["title"]},
    "rpt_form_title": {**FONT, "bold": True, "font_size": 13, "align": "center"},
    "rpt_subtitle": {**FONT, "bold": True, "font_size": 11},
    "rpt_meta": {**FONT, "text_wrap": True, "valign": "top"},
    "rpt_meta_label": {**FONT, "bold": True},
    "rpt_banner": {**FONT, "bold": True, "font_color": COLOURS["near_text"], "bg_color": COLOURS["near"],
                   "text_wrap": True, "valign": "vcenter", "border": 1},
    "rpt_highlights": {**FONT, "bold": True, "font_color": COLOURS["title"], "bg_color": COLOURS["group"],
                       "text_wrap": True, "valign": "vcenter", "border": 1},
    "rpt_note": {**FONT, "italic": True, "font_size": 9, "text_wrap": True, "valign": "top"},
    "rpt_int": {**FONT, "border": 1, "num_format": "#,##0", "valign": "top"},
    "rpt_minutes": {**FONT, "border": 1, "num_format": "#,##0", "valign": "top"},
    "rpt_hours": {**FONT, "border": 1, "num_format": "#,##0.0", "valign": "top"},
    "rpt_percent": {**FONT, "border": 1, "num_format": "0%", "valign": "top"},
    "rpt_datetime": {**FONT, "border": 1, "num_format": "dd-mm-yyyy hh:mm", "valign": "top"},
    "rpt_total_text": {**FONT, "bold": True, "border": 1, "bg_color": COLOURS["group"], "valign": "top",
                       "text_wrap": True},
    "rpt_total_int": {**FONT, "bold": True, "border": 1, "bg_color": COLOURS["group"], "num_format": "#,##0"},
    "rpt_total_percent": {**FONT, "bold": True, "border": 1, "bg_color": COLOURS["group"], "num_format": "0%"},
    "rpt_total_hours": {**FONT, "bold": True, "border": 1, "bg_color": COLOURS["group"], "num_format": "#,##0.0"},
    "rpt_bottleneck": {"bg_color": COLOURS["late"], "font_color": COLOURS["late_text"]},
    "rpt_form_header": {**FONT, "bold": True, "border": 1, "align": "center", "valign": "vcenter",
                        "text_wrap": True, "bg_color": "#D9D9D9"},
    "rpt_form_text": {**FONT, "border": 1, "valign": "top", "text_wrap": True},
    "rpt_form_center": {**FONT, "border": 1, "valign": "top", "align": "center", "text_wrap": True},
    "rpt_form_input": {**FONT, "border": 1, "valign": "top", "align": "center", "text_wrap": True,
                       "bg_color": "#FFF2CC"},
    "rpt_form_block": {**FONT, "border": 1, "top": 2, "valign": "top", "text_wrap": True},
    "rpt_form_block_center": {**FONT, "border": 1, "top": 2, "valign": "top", "align": "center", "text_wrap": True},
    "rpt_form_block_input": {**FONT, "border": 1, "top": 2, "valign": "top", "align": "center", "text_wrap": True,
                             "bg_color": "#FFF2CC"},
    "rpt_sign": {**FONT, "align": "center"},
    "rpt_sign_bold": {**FONT, "align": "center", "bold": True},
}


# ---- the macro-enabled workbook (.xlsm): buttons, their texts, xlwings settings -------------------

XLWINGS_CONF = "xlwings.conf"      # hidden sheet xlwings reads its settings from (name fixed by xlwings)
BUTTON_MODULE = "Tombol"           # VBA module with one Sub per button: macros/Tombol.bas


@dataclass(frozen=True)
class Button:
    """A form button: the sheet it sits on, the VBA Sub it runs, the TEXTS key of its caption, and the
    handler of ``sopxl.excel`` the Sub runs through xlwings (None for a pure-VBA Sub)."""

    sheet: str
    macro: str
    key: str
    handler: str | None


BUTTONS = (
    Button(AKTIVITAS, "Validasi", "button_validate", "validasi"),
    Button(PELACAK, "KasusBaru", "button_new_case", "kasus_baru"),
    Button(PELACAK, "Selesai", "button_finish", "selesai"),
    Button(PELACAK, "SetujuYa", "button_yes", "setuju_ya"),
    Button(PELACAK, "KembalikanTidak", "button_no", "kembalikan_tidak"),
    Button(PELACAK, "Perbarui", "button_refresh", "perbarui"),
    Button(PELACAK, "LaporanBulanan", "button_report", "laporan_bulanan"),
    Button(PETUNJUK, "PeriksaPemasangan", "button_check", "periksa_pemasangan"),
    Button(PETUNJUK, "CekMakro", "button_probe", None),
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
        "Tombol menjalankan sopxl (Python) lewat xlwings. Aktivitas: Validasi (temuan masuk ke lembar Temuan). "
        "Pelacak: pilih baris kasus, lalu Selesai, Setuju – Ya, Kembalikan – Tidak; Kasus baru, Perbarui, Laporan "
        "bulanan (ditulis di folder buku kerja). Cek makro menguji makro tanpa Python; Periksa pemasangan menguji "
        "Python, sopxl dan xlwings. Bagan alir digambar pada berkas yang tertutup: simpan dan tutup buku kerja, "
        "lalu jalankan `sopxl flowchart NAMA.xlsm`.",
        "The buttons run sopxl (Python) through xlwings. Aktivitas: Validate (findings go to the Temuan sheet). "
        "Pelacak: select a case's row, then Finish step, Approve – Yes, Return – No; New case, Refresh, Monthly "
        "report (written into the workbook's folder). Test macros checks the macros without Python; Check "
        "installation checks Python, sopxl and xlwings. The flowchart is drawn on the closed file: save and close "
        "the workbook, then run `sopxl flowchart NAME.xlsm`."),
    "buttons_setup": ("Makro tidak ditandatangani: simpan buku kerja di Trusted Location (lihat README sopxl).",
                      "The macros are unsigned: keep the workbook in a Trusted Location (see the sopxl README)."),
    # messages of the buttons (sopxl.excel)
    "msg_title": ("sopxl", "sopxl"),
    "msg_error": ("Tidak dapat dijalankan", "Could not run"),
    "msg_unexpected": ("Terjadi kesalahan tak terduga di sopxl ({kind}: {detail}). Periksa lembar yang "
                       "terkait, lalu laporkan pesan ini ke TI kantor.",
                       "sopxl met an unexpected error ({kind}: {detail}). Check the sheets involved, then report "
                       "this message to the office IT."),
    "msg_select_case": ("Pilih dulu baris kasus di lembar Pelacak (klik salah satu selnya), lalu klik tombolnya lagi.",
                        "First select the case's row on the Pelacak sheet (click one of its cells), then click "
                        "the button again."),
    "msg_started": ("Kasus {case} dibuka: {subject}. Langkah {step} ({holder}).",
                    "Case {case} opened: {subject}. Step {step} ({holder})."),
    "msg_moved": ("Kasus {case}: {action} di langkah {done}. Sekarang di langkah {step} ({holder}).",
                  "Case {case}: {action} at step {done}. Now at step {step} ({holder})."),
    "msg_closed": ("Kasus {case} selesai.", "Case {case} is closed."),
    "msg_refreshed": ("Pelacak diperbarui: {open} kasus berjalan, {late} terlambat.",
                      "Pelacak refreshed: {open} open cases, {late} late."),
    "msg_check": ("Python {python} ({executable})\nsopxl {sopxl}\nxlwings {xlwings}\nBuku kerja: {book}",
                  "Python {python} ({executable})\nsopxl {sopxl}\nxlwings {xlwings}\nWorkbook: {book}"),
    "msg_validated": ("Validasi selesai, temuan ada di lembar Temuan.\n{summary}",
                      "Validation done, the findings are on the Temuan sheet.\n{summary}"),
    "msg_report": ("Laporan bulan {month} ditulis: {path}", "The report for {month} is written: {path}"),
    "msg_report_opened": ("Laporan bulan {month} ditulis dan dibuka: {path}",
                          "The report for {month} is written and open: {path}"),
    "msg_plain": ("{text}", "{text}"),
})


# ---- the master workbook of the nightly consolidation (sopxl consolidate) -------------------------

# master sheets, in workbook order (Indonesian in every language)
MASTER_RINGKASAN = "Ringkasan"
MASTER_DAFTAR = "Daftar"          # the register of SOPs
MASTER_KASUS = "Kasus"
MASTER_PERISTIWA = "Peristiwa"
MASTER_TEMUAN = "Temuan"
MASTER_SUMBER = "Sumber"
MASTER_SHEETS = (MASTER_RINGKASAN, MASTER_DAFTAR, MASTER_KASUS, MASTER_PERISTIWA, MASTER_TEMUAN, MASTER_SUMBER)
EXCEL_MAX_ROWS = 1_048_576        # rows of a worksheet, header included

MASTER_DAFTAR_COLUMNS = (
    Column("cons_unit", 30), Column("nomor", 24), Column("nama", 40), Column("cons_file", 50),
    Column("cons_present", 10), Column("cons_steps", 9, "int"), Column("total_norm", 12, "number"),
    Column("cons_cases", 9, "int"), Column("cons_open", 10, "int"), Column("cons_late_open", 12, "int"),
    Column("cons_events", 11, "int"), Column("cons_errors", 8, "int"), Column("cons_warnings", 11, "int"),
    Column("cons_infos", 8, "int"), Column("cons_last_read", 17, "datetime"),
)
_PELACAK = {c.key: c for c in PELACAK_COLUMNS}
MASTER_KASUS_COLUMNS = (Column("cons_unit", 26), Column("nomor", 20), Column("nama", 30),
                        *(_PELACAK[k] for k in ("case_no", "subject", "state", "opened", "current_step")),
                        Column("kegiatan", 36),
                        *(_PELACAK[k] for k in ("holder", "step_started", "step_used", "step_norm", "status",
                                                "total_used", "total_norm", "returns", "closed")))
MASTER_PERISTIWA_COLUMNS = (Column("cons_unit", 26), Column("nomor", 20), *LOG_COLUMNS, Column("cons_removed", 12))
MASTER_TEMUAN_COLUMNS = (Column("cons_file", 40), Column("nomor", 20), *TEMUAN_COLUMNS)
MASTER_SUMBER_COLUMNS = (
    Column("cons_file", 50), Column("cons_status", 13), Column("cons_reason", 70), Column("nomor", 20),
    Column("nama", 30), Column("cons_events", 11, "int"), Column("cons_size_kb", 10, "number"),
    Column("cons_modified", 17, "datetime"),
)
MASTER_TOTALS_COLUMNS = (Column("cons_item", 44), Column("cons_count", 14, "int"))
MASTER_MONTH_COLUMNS = (Column("cons_month", 12), Column("cons_events", 12, "int"), Column("cons_opened", 14, "int"),
                        Column("cons_closed", 14, "int"))
CONSOLIDATION_STATUSES = ("read", "unchanged", "skipped", "failed", "gone")

TEXTS.update({
    "cons_title": ("Konsolidasi SOP AP", "SOP AP Consolidation"),
    "cons_as_of": ("Keadaan per", "As of"),
    "cons_database": ("Basis data", "Database"),
    "cons_window": ("Lembar Peristiwa", "Peristiwa sheet"),
    "cons_window_value": ("peristiwa {start} s.d. {end} ({months} bulan terakhir); semua peristiwa ada di basis data",
                          "events from {start} to {end} (the last {months} months); every event is in the database"),
    "cons_unit": ("Unit Kerja", "Unit"),
    "cons_file": ("Berkas", "File"),
    "cons_present": ("Ada di Sumber", "In Sources"),
    "cons_steps": ("Langkah", "Steps"),
    "cons_cases": ("Kasus", "Cases"),
    "cons_open": ("Berjalan", "Open"),
    "cons_late_open": ("Berjalan Terlambat", "Open and Late"),
    "cons_events": ("Peristiwa", "Events"),
    "cons_errors": ("Galat", "Errors"),
    "cons_warnings": ("Peringatan", "Warnings"),
    "cons_infos": ("Info", "Info"),
    "cons_last_read": ("Terakhir Dibaca", "Last Read"),
    "cons_removed": ("Dihapus di Sumber", "Removed at Source"),
    "cons_status": ("Status", "Status"),
    "cons_reason": ("Keterangan", "Reason"),
    "cons_size_kb": ("Ukuran (KB)", "Size (KB)"),
    "cons_modified": ("Diubah", "Modified"),
    "cons_item": ("Uraian", "Item"),
    "cons_count": ("Jumlah", "Count"),
    "cons_month": ("Bulan", "Month"),
    "cons_opened": ("Kasus Dibuka", "Cases Opened"),
    "cons_closed": ("Kasus Selesai", "Cases Closed"),
    "cons_yes": ("Ya", "Yes"),
    "cons_no": ("Tidak", "No"),
    "cons_status_read": ("dibaca", "read"),
    "cons_status_unchanged": ("tidak berubah", "unchanged"),
    "cons_status_skipped": ("dilewati", "skipped"),
    "cons_status_failed": ("gagal", "failed"),
    "cons_status_gone": ("hilang", "gone"),
    "cons_total_sops": ("SOP di basis data", "SOPs in the database"),
    "cons_total_present": ("SOP yang berkasnya ada", "SOPs whose file is present"),
    "cons_total_files": ("Berkas diperiksa pada proses ini", "Files checked in this run"),
    "cons_total_status": ("Berkas {status}", "Files {status}"),
    "cons_total_events": ("Peristiwa di basis data", "Events in the database"),
    "cons_total_removed": ("Peristiwa yang dihapus di sumber", "Events removed at source"),
    "cons_total_window": ("Peristiwa di lembar Peristiwa", "Events on the Peristiwa sheet"),
    "cons_total_cases": ("Kasus", "Cases"),
    "cons_total_state": ("Kasus {state}", "Cases {state}"),
    "cons_total_open_status": ("Kasus berjalan — {status}", "Open cases — {status}"),
    "cons_total_findings": ("Temuan validasi — {severity}", "Validation findings — {severity}"),
    "cons_chart_title": ("Peristiwa dan kasus per bulan", "Events and cases per month"),
    "cons_months_title": ("Per bulan (12 bulan terakhir)", "Per month (last 12 months)"),
    "cons_notes_title": ("Catatan", "Notes"),
    "cons_no_notes": ("Semua baris muat di lembar kerja.", "Every row fits on its sheet."),
    "cons_left_to_db": ("{sheet}: {total} baris; lembar memuat {kept} baris terbaru, {left} baris lainnya hanya ada "
                        "di basis data (tabel {table})",
                        "{sheet}: {total} rows; the sheet holds the latest {kept}, the other {left} are in the "
                        "database only (table {table})"),
})

# `sopxl doctor` (sopxl.vba.doctor): checks of a workbook and what to do about each problem
TEXTS.update({
    "doctor_unreadable": ("buku kerja tidak dapat dibaca: {detail}", "the workbook cannot be read: {detail}"),
    "doctor_fix_backup": ("pulihkan dari cadangan", "restore it from a backup"),
    "doctor_sheets_ok": ("{count} lembar sopxl ada", "all {count} sopxl sheets are there"),
    "doctor_sheets_missing": ("lembar hilang: {sheets}", "sheets missing: {sheets}"),
    "doctor_fix_sheets": ("pulihkan lembarnya, atau buat buku kerja baru dengan `sopxl new` / `sopxl import`",
                          "restore the sheets, or make a new workbook with `sopxl new` / `sopxl import`"),
    "doctor_no_macros": ("tanpa makro (tanpa tombol)", "no macros (no buttons)"),
    "doctor_fix_macros": ("buat ulang dengan `sopxl import … --macros` untuk tombol",
                          "rebuild it with `sopxl import … --macros` for the buttons"),
    "doctor_vba_missing": ("proyek VBA {part} tidak ada di berkas", "the VBA project {part} is not in the file"),
    "doctor_vba_damaged": ("proyek VBA rusak: {detail}", "the VBA project is damaged: {detail}"),
    "doctor_vba_cut": ("modul VBA terpotong di tengah prosedur: {modules}",
                       "VBA modules cut off inside a procedure: {modules}"),
    "doctor_vba_ok": ("proyek VBA terbaca: {count} modul", "the VBA project reads: {count} modules"),
    "doctor_fix_rebuild": ("buat buku kerja baru dengan `sopxl new --macros` (atau `sopxl import … --macros`) lalu "
                           "salin lembar datanya, atau pulihkan dari cadangan",
                           "make a new workbook with `sopxl new --macros` (or `sopxl import … --macros`) and copy "
                           "the data sheets into it, or restore a backup"),
    "doctor_modules_missing": ("modul VBA hilang: {modules}", "VBA modules missing: {modules}"),
    "doctor_modules_ok": ("modul tombol, xlwings dan modul tiap lembar ada",
                          "the button, xlwings and sheet modules are there"),
    "doctor_buttons_unbound": ("tombol menjalankan Sub yang tidak ada: {buttons}",
                               "buttons run Subs that do not exist: {buttons}"),
    "doctor_buttons_ok": ("{count} tombol, masing-masing menjalankan Sub yang ada",
                          "{count} buttons, each runs a Sub that exists"),
    "doctor_handlers_unknown": ("makro memanggil fungsi sopxl yang tidak dikenal: {handlers}",
                                "macros call sopxl functions this sopxl does not have: {handlers}"),
    "doctor_fix_update": ("pasang sopxl versi yang membuat buku kerja ini, atau buat ulang buku kerjanya",
                          "install the sopxl version that made this workbook, or rebuild the workbook"),
    "doctor_handlers_ok": ("{count} fungsi sopxl yang dipanggil makro ada", "the {count} sopxl functions the macros call exist"),
    "doctor_conf_missing": ("lembar pengaturan xlwings.conf tidak ada: xlwings memakai pengaturan bawaannya",
                            "no xlwings.conf settings sheet: xlwings uses its defaults"),
    "doctor_conf_ok": ("lembar pengaturan xlwings.conf ada", "the xlwings.conf settings sheet is there"),
    "doctor_xlwings_differs": ("VBA dibuat untuk xlwings {built}, yang terpasang {installed}: tombol gagal memuat "
                               "DLL xlwings", "the VBA was built for xlwings {built}, {installed} is installed: the "
                               "buttons fail to load xlwings' DLL"),
    "doctor_xlwings_missing": ("VBA dibuat untuk xlwings {built}, xlwings tidak terpasang",
                               "the VBA was built for xlwings {built}, xlwings is not installed"),
    "doctor_fix_xlwings": ("pip install xlwings=={built}", "pip install xlwings=={built}"),
    "doctor_xlwings_ok": ("xlwings {built} terpasang, sama dengan VBA-nya", "xlwings {built} is installed, as the VBA needs"),
})


def identity_row_height(row: list) -> float:
    """Height of an Identitas row ([label, value]) that shows both wrapped."""
    return wrapped_height(list(zip(row, (c.width for c in IDENTITAS_COLUMNS))))


def step_row_height(values: list, role_count: int) -> float:
    """Height of an Aktivitas step row that shows its printed cells wrapped (routing columns do not count)."""
    return wrapped_height(list(zip(values, aktivitas_widths(role_count)))[:printed_columns(role_count)])
