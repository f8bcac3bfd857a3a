"""The master workbook of the nightly consolidation: sheets, columns, statuses, texts."""

from __future__ import annotations

from .texts import TEXTS
from .workbook import Column, LOG_COLUMNS, PELACAK_COLUMNS, TEMUAN_COLUMNS

# ---- the master workbook of the nightly consolidation (sopxl consolidate) -------------------------

# master sheets, in workbook order (Indonesian in every language)
MASTER_RINGKASAN = "Ringkasan"
MASTER_DAFTAR = "Daftar"          # the register of SOPs
MASTER_KASUS = "Kasus"
MASTER_PERISTIWA = "Peristiwa"
MASTER_TEMUAN = "Temuan"
MASTER_SUMBER = "Sumber"
MASTER_SHEETS = (MASTER_RINGKASAN, MASTER_DAFTAR, MASTER_KASUS, MASTER_PERISTIWA, MASTER_TEMUAN, MASTER_SUMBER)
DATABASE_SUFFIXES = (".db", ".sqlite", ".sqlite3")     # a consolidation database
MASTER_DATABASE_PROPERTY = "sopxl database"    # the master's document property naming its database

MASTER_DAFTAR_COLUMNS = (
    Column("cons_unit", 30), Column("nomor", 24), Column("nama", 40), Column("cons_file", 50),
    Column("cons_present", 10), Column("cons_steps", 9, "int"), Column("total_norm", 12, "number"),
    Column("cons_cases", 9, "int"), Column("cons_open", 10, "int"), Column("cons_late_open", 12, "int"),
    Column("cons_events", 11, "int"), Column("cons_errors", 8, "int"), Column("cons_warnings", 11, "int"),
    Column("cons_infos", 8, "int"), Column("cons_last_read", 17, "datetime"), Column("cons_review", 12),
    Column("cons_review_state", 12),
)
_PELACAK = {c.key: (Column(c.key, c.width) if c.kind == "wrap" else c) for c in (*PELACAK_COLUMNS,
                                Column("step_started", 17, "datetime"),
                                Column("step_used", 12, "number"), Column("step_norm", 12, "number"),
                                Column("total_used", 12, "number"), Column("total_norm", 12, "number"))}
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
    "cons_review": ("Tinjauan", "Review"),
    "cons_review_state": ("Status Tinjauan", "Review Status"),
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
    "cons_split": ("{sheet}: {total} baris melebihi batas Excel ({limit} baris per lembar), jadi dibagi per tahun "
                   "ke lembar {sheets}; basis data memuat semua baris",
                   "{sheet}: {total} rows pass Excel's limit ({limit} rows a sheet), so they are split per year into "
                   "the sheets {sheets}; the database holds every row"),
    "cons_split_sheet": ("{sheet} {year}", "{sheet} {year}"),
})
