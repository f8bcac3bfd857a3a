"""The master of the nightly consolidation: its summary workbook, its data parts per unit; sheets, columns, styles, texts."""

from __future__ import annotations

from .styles import COLOURS, FONT
from .texts import TEXTS
from .workbook import Column, LOG_COLUMNS, PELACAK_COLUMNS, TEMUAN_COLUMNS

# ---- the master workbook of the nightly consolidation (sopxl consolidate) -------------------------

# master sheets (Indonesian in every language). The summary workbook (master.xlsx) holds Ringkasan, Kasus
# Berjalan, Daftar, Teknis and Sumber (nightly/master.SUMMARY_SHEETS orders them); each unit's data part
# (master-unit/<unit>.xlsx) holds MASTER_PART_SHEETS.
MASTER_RINGKASAN = "Ringkasan"
MASTER_BERJALAN = "Kasus Berjalan"  # every unit's open cases, judged as of the run
MASTER_DAFTAR = "Daftar"          # the register of SOPs
MASTER_TEKNIS = "Teknis"          # the IT figures: the run, the database, the folders, the parts
MASTER_SUMBER = "Sumber"
MASTER_KASUS = "Kasus"            # a unit's closed and cancelled cases
MASTER_PERISTIWA = "Peristiwa"
MASTER_TEMUAN = "Temuan"
MASTER_PART_SHEETS = (MASTER_KASUS, MASTER_PERISTIWA, MASTER_TEMUAN)
MASTER_PARTS_SUFFIX = "-unit"     # master.xlsx -> master-unit/ (the data parts)
# the most SOPs one data part holds: a unit with more has numbered parts (master-unit/<unit> bagian 2.xlsx),
# so that a night that merged one SOP writes the data of at most this many SOPs again, however big its unit
MASTER_PART_SOPS = 50
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
MASTER_PARTS_COLUMNS = (Column("cons_file", 44), Column("cons_unit", 30), Column("mr_part_sops", 10, "int"),
                        Column("mr_part_written", 14))

# Ringkasan, the first sheet, for the head of the bureau: a grid of a unit column and 12 month columns
# (and open, late), A4 landscape at a fixed scale so its manual page breaks hold (Excel ignores them when
# a sheet is fitted to the page)
RINGKASAN_UNIT_WIDTH = 30
RINGKASAN_MONTH_WIDTH = 9          # wide enough for a header word ("Terlambat", "Langkah") unbroken
RINGKASAN_COUNT_WIDTH = 9
RINGKASAN_PRINT_SCALE = 74
RINGKASAN_CHART_ROWS = 15          # rows (20 px) the chart covers
RINGKASAN_CHART_WIDTH = 900
RINGKASAN_WORST = 5                # units and steps listed as lagging
RINGKASAN_NEAR = 0.10              # below the threshold by less than this: amber, not red

_SHARE = {**FONT, "num_format": "0%", "align": "center", "valign": "vcenter", "border": 1,
          "border_color": COLOURS["border"]}
_COUNT = {**FONT, "num_format": "#,##0", "align": "center", "valign": "vcenter", "border": 1,
          "border_color": COLOURS["border"]}
MASTER_STYLES = {
    "mr_section": {**FONT, "bold": True, "font_size": 11, "font_color": COLOURS["title"]},
    "mr_label": {**FONT, "border": 1, "border_color": COLOURS["border"], "bg_color": COLOURS["group"],
                 "valign": "vcenter", "shrink": True},
    "mr_cell": {**FONT, "border": 1, "border_color": COLOURS["border"], "valign": "vcenter", "text_wrap": True},
    "mr_note": {**FONT, "valign": "top", "text_wrap": True},
    "mr_datetime": {**FONT, "num_format": "dd/mm/yyyy hh:mm", "align": "left", "border": 1,
                    "border_color": COLOURS["border"]},
    "mr_count": _COUNT,
    "mr_count_late": {**_COUNT, "bg_color": COLOURS["late"], "font_color": COLOURS["late_text"], "bold": True},
    "mr_count_near": {**_COUNT, "bg_color": COLOURS["near"], "font_color": COLOURS["near_text"]},
    "mr_total": {**FONT, "bold": True, "border": 1, "border_color": COLOURS["border"], "bg_color": COLOURS["group"]},
    "mr_total_count": {**_COUNT, "bold": True, "bg_color": COLOURS["group"]},
    "mr_threshold": {**_SHARE, "font_color": "#C00000", "italic": True},
    **{f"{prefix}_{name}": {**_SHARE, **({"bold": True} if prefix == "mr_total_share" else {}), **colours}
       for prefix in ("mr_share", "mr_total_share")
       for name, colours in (("on_time", {"bg_color": COLOURS["on_time"], "font_color": COLOURS["on_time_text"]}),
                             ("near", {"bg_color": COLOURS["near"], "font_color": COLOURS["near_text"]}),
                             ("late", {"bg_color": COLOURS["late"], "font_color": COLOURS["late_text"]}),
                             ("none", {"font_color": "#808080"}))},
}
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
    "cons_total_cases": ("Kasus", "Cases"),
    "cons_total_state": ("Kasus {state}", "Cases {state}"),
    "cons_total_findings": ("Temuan validasi — {severity}", "Validation findings — {severity}"),
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
    # Ringkasan, for the head of the bureau
    "mr_title": ("Ringkasan Pelaksanaan SOP AP", "SOP AP Performance Summary"),
    "mr_subtitle": ("Keadaan per {as_of} · {sops} SOP di {units} unit kerja · batas tepat waktu {threshold}",
                    "As of {as_of} · {sops} SOPs in {units} units · on-time threshold {threshold}"),
    "mr_figures_title": ("Angka utama", "Key figures"),
    "mr_open": ("Kasus berjalan", "Open cases"),
    "mr_open_late": ("Kasus berjalan yang terlambat (lewat norma)", "Open cases past the norm (late)"),
    "mr_open_near": ("Kasus berjalan yang mendekati norma", "Open cases near the norm"),
    "mr_closed_month": ("Selesai dengan norma, {month}", "Closed with a norm, {month}"),
    "mr_on_time_month": ("Selesai tepat waktu, {month}", "Closed on time, {month}"),
    "mr_on_time_year": ("Selesai tepat waktu, 12 bulan terakhir", "Closed on time, last 12 months"),
    "mr_of_judged": ("{on_time} dari {judged} kasus", "{on_time} of {judged} cases"),
    "mr_none_judged": ("belum ada kasus selesai dengan norma", "no case with a norm closed yet"),
    "mr_no_closed": ("Belum ada kasus selesai dengan norma dalam 12 bulan terakhir.",
                     "No case with a norm was closed in the last 12 months."),
    "mr_chart_title": ("Kasus selesai tepat waktu per bulan, semua unit kerja",
                       "Cases closed on time per month, all units"),
    "mr_where": ("Rincian per unit kerja (kasus selesai dan batal, peristiwa terbaru, temuan validasi) ada di "
                 "folder {folder} di samping berkas ini ({parts} berkas); kasus berjalan di lembar Kasus Berjalan; "
                 "angka teknis di lembar {it}.",
                 "Details per unit (closed and cancelled cases, recent events, validation findings) are in the "
                 "folder {folder} beside this file ({parts} files); open cases on the sheet Kasus Berjalan; "
                 "technical figures on the sheet {it}."),
    "mr_worst_units_title": ("Unit kerja dengan ketepatan waktu terendah, {first} s.d. {last}",
                             "Units with the lowest on-time share, {first} to {last}"),
    "mr_worst_steps_title": ("Langkah dengan kasus berjalan terlambat terbanyak",
                             "Steps holding the most late open cases"),
    "mr_no_late_steps": ("Tidak ada kasus berjalan yang terlambat.", "No open case is late."),
    "mr_units_title": ("Ketepatan waktu per unit kerja dan bulan (kasus selesai dengan norma; batas {threshold})",
                       "On-time share per unit and month (cases closed with a norm; threshold {threshold})"),
    "mr_judged": ("Selesai (dengan norma)", "Closed (with a norm)"),
    "mr_on_time": ("Tepat waktu", "On time"),
    "mr_share": ("Persen tepat waktu", "Share on time"),
    "mr_late": ("Terlambat", "Late"),
    "mr_sop": ("SOP", "SOP"),
    "mr_step": ("Langkah", "Step"),
    "mr_all_units": ("Semua unit kerja", "All units"),
    "mr_threshold": ("Batas", "Threshold"),
    "mr_legend": ("Hijau: sekurang-kurangnya {threshold} tepat waktu; kuning: {near} sampai di bawah {threshold}; "
                  "merah: di bawah {near}; –: tidak ada kasus selesai dengan norma pada bulan itu.",
                  "Green: at least {threshold} on time; amber: {near} to below {threshold}; red: below {near}; "
                  "–: no case with a norm closed that month."),
    "mr_no_unit": ("(tanpa unit kerja)", "(no unit)"),
    "mr_no_unit_file": ("tanpa unit", "no unit"),
    "mr_part_number": ("{name} bagian {number}", "{name} part {number}"),     # a big unit's numbered parts
    # Teknis, the IT figures
    "mr_it_title": ("Teknis konsolidasi", "Consolidation: technical figures"),
    "mr_folder": ("Folder yang dikonsolidasi", "Folder consolidated"),
    "mr_paths": ("Jalur berkas", "File paths"),
    "mr_paths_value": ("relatif terhadap folder yang dikonsolidasi", "relative to the folder consolidated"),
    "mr_paths_several": ("relatif terhadap folder yang dikonsolidasi, diawali nama foldernya",
                         "relative to the folder consolidated, starting with its name"),
    "mr_parts": ("Bagian data", "Data parts"),
    "mr_parts_value": ("{parts} berkas di folder {folder}, {written} ditulis ulang pada proses ini",
                       "{parts} files in the folder {folder}, {written} written again by this run"),
    "mr_parts_title": ("Bagian data per unit kerja", "Data parts per unit"),
    "mr_part_sops": ("SOP", "SOPs"),
    "mr_part_written": ("Ditulis pada proses ini", "Written by this run"),
    "mr_total_events_files": ("Peristiwa di berkas SOP (saat terakhir dibaca)", "Events in the SOP files (when last read)"),
})
