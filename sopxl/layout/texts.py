"""Texts shown to people, in Indonesian (the default) and English: labels, messages, the guide."""

from __future__ import annotations

import functools

LANGS = ("id", "en")
DEFAULT_LANG = "id"

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
    "nama_pengesah": ("Nama Pengesah", "Approver's Name"),
    "nip_pengesah": ("NIP Pengesah", "Approver's NIP"),
    "nama": ("Nama SOP", "SOP Name"),
    "profil": ("Profil Format", "Format Profile"),
    "siklus_tinjauan": ("Siklus Tinjauan (bulan)", "Review Cycle (months)"),
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
    "label_cabang": ("Label Ya/Tidak", "Yes/No Labels"),
    "routing": ("Alur (tidak dicetak)", "Routing (not printed)"),
    # symbol values
    "terminator": ("Mulai/Selesai", "Start/End"),
    "process": ("Proses", "Process"),
    "decision": ("Keputusan", "Decision"),
    "yes": ("Ya", "Yes"),
    "mark": ("x", "x"),
    # a co-Pelaksana of a joint step: a role that takes part beside the one marked x
    "co_mark": ("o", "o"),
    "mark_prompt": ("Tandai x di kolom tepat satu Pelaksana per langkah; o di kolom Pelaksana yang ikut "
                    "(langkah bersama)",
                    "Mark x in exactly one Pelaksana column per step; o in the columns of roles that take part "
                    "(a joint step)"),
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
    "case_no": ("No", "No"),
    "subject": ("Perihal", "Subject"),
    "state": ("Keadaan", "State"),
    "opened": ("Dibuka", "Opened"),
    "current_step": ("Langkah", "Step"),
    "holder": ("Pemegang", "Held by"),
    "step_started": ("Langkah Dimulai", "Step Started"),
    "step_used": ("Waktu Langkah (menit)", "Step Time (min)"),
    "step_norm": ("Norma Langkah (menit)", "Step Norm (min)"),
    "step_due": ("Batas Waktu Langkah", "Step Due"),
    "step_left": ("Sisa Waktu Langkah", "Step Time Left"),
    "case_due": ("Batas Waktu Kasus", "Case Due"),
    "total_used_text": ("Waktu Terpakai", "Time Used"),
    "case_left": ("Sisa Waktu Kasus", "Case Time Left"),
    "last_note": ("Catatan Terakhir", "Last Note"),
    "status": ("Status", "Status"),
    "total_used": ("Total Waktu (menit)", "Total Time (min)"),
    "total_norm": ("Total Norma (menit)", "Total Norm (min)"),
    "returns": ("Dikembalikan", "Returned"),
    "closed": ("Ditutup", "Closed"),
    # Pelacak!A1 (short: the buttons of a macro-enabled workbook start at column C)
    "tracker_as_of": ("Keadaan per {moment}", "As of {moment}"),
    "tracker_blank": ("Belum ada kasus", "No case yet"),
    # durations in working time (a working day is the Kalender's daily hours)
    "dur_days": ("{n} hari", "{n} d"),
    "dur_hours": ("{n} jam", "{n} h"),
    "dur_minutes": ("{n} menit", "{n} min"),
    "dur_over": ("lewat {duration}", "{duration} over"),
    "dur_over_word": ("lewat", "over"),          # the word of dur_over that conditional formatting looks for
    "dur_none": ("–", "–"),
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
    "schedule_name": ("Nama Jadwal", "Schedule"),
    "valid_from": ("Berlaku Dari", "Valid From"),
    "valid_to": ("Berlaku Sampai", "Valid To"),
    "override_note": ("Keterangan", "Note"),
    "decree": ("Dasar (Surat Edaran/SK)", "Decree"),
    "schedules_title": ("Jam kerja untuk rentang tanggal, mis. Ramadan (satu baris per hari kerja)",
                        "Working hours for a date range, e.g. Ramadan (one row per working weekday)"),
    "overrides_title": ("Perubahan satu hari: setengah hari, libur tambahan (jam dikosongkan), dengan dasarnya",
                        "One-day changes: a half day, an extra day off (hours left empty), with the decree"),
    # what to do about a Kalender row the calendar refuses (the refusal itself comes from domain.calendar)
    "kal_fix_hours": ("betulkan jam pada baris ini: jam mulai sebelum jam selesai, istirahat di dalam jam kerja",
                      "correct the times of this row: the start before the end, the break inside the working hours"),
    "kal_fix_schedule": ("beri setiap hari kerja suatu jadwal satu baris, akhiri sesudah dimulai, dan jangan "
                         "biarkan jadwal bertumpang tindih",
                         "give each weekday of a schedule one row, end it after it starts, and let schedules "
                         "not overlap"),
    # the review date of an SOP (domain.review)
    "review_past": ("lewat", "past"),
    "review_due": ("segera", "due soon"),
    # findings
    "code": ("Kode", "Code"),
    "severity": ("Tingkat", "Severity"),
    "category": ("Kategori", "Category"),
    "location": ("Lokasi", "Location"),
    "message": ("Pesan", "Message"),
    "fix": ("Perbaikan", "How to Fix"),
    "severity_error": ("kesalahan", "error"),
    "severity_warning": ("peringatan", "warning"),
    "severity_info": ("info", "info"),
    "category_layout": ("tata letak", "layout"),
    "category_value": ("isi", "value"),
    # guide
    "guide_title": ("Petunjuk Penggunaan Buku Kerja SOP", "How to Use this SOP Workbook"),
    # refusals of a workbook on disk (issue 12: nothing lost, one clear line)
    "err_lock_busy": ("aksi sopxl lain sedang menulis buku kerja ini dan belum selesai dalam {seconds} detik; "
                      "tidak ada yang ditulis",
                      "another sopxl action is writing this workbook and did not finish within {seconds} seconds; "
                      "nothing was written"),
    "err_lock_busy_fix": ("tunggu sampai selesai, lalu jalankan aksi itu lagi",
                          "wait until it is done, then run the action again"),
    "err_log_full": ("Log sudah penuh: Excel memuat {rows} baris dan aksi ini memerlukan baris {needed}; tidak ada "
                     "yang ditulis",
                     "the Log is full: Excel holds {rows} rows and this action needs row {needed}; nothing was written"),
    "err_log_full_fix": ("simpan buku kerja ini sebagai arsip kasusnya dan catat kasus baru di buku kerja baru untuk "
                         "SOP yang sama (`sopxl import BUKU.xlsx -o BARU.xlsx` menyalin SOP-nya)",
                         "keep this workbook as the archive of its cases and record new cases in a new workbook of "
                         "the same SOP (`sopxl import THIS.xlsx -o NEW.xlsx` copies the SOP)"),
    "err_no_date": ("{value} di sel berformat tanggal bukan tanggal yang dapat ditampilkan Excel (tanggal Excel "
                    "berkisar dari tahun 1900 sampai 9999)",
                    "{value} in a cell formatted as a date is no date Excel can show (Excel's dates run from "
                    "1900 to 9999)"),
    "err_no_date_fix": ("ketik tanggal dan jam yang benar di sel itu, atau pulihkan file dari cadangan",
                        "type the right date and time in the cell, or restore the file from a backup"),
    "err_negative_time": ("{value} bukan jam atau tanggal (jam dari 00:00 sampai 23:59, tanggal mulai 1900)",
                          "{value} is not a time of day or a date (a time is 00:00 to 23:59, a date from 1900 on)"),
    "err_negative_time_fix": ("tulis jam seperti 07:30, atau tanggal seperti 2026-12-25",
                              "write the time as 07:30, or the date as 2026-12-25"),
    "err_weekday_twice": ("{day!r} muncul dua kali (juga di {other}); setiap hari kerja cukup sekali",
                          "{day!r} appears twice (also in {other}); expected each weekday once"),
    "err_weekday_twice_fix": ("beri setiap hari satu baris jam kerja: perbaiki namanya atau kosongkan barisnya",
                              "give each weekday one row of working hours: correct the name or clear the row"),
    "err_step_number": ("{found}; setiap baris langkah memerlukan bilangan bulat mulai 1 di kolom No",
                        "{found}; expected a whole number from 1 on in column No of every step row"),
    "err_step_number_fix": ("beri nomor langkahnya, atau hapus barisnya bila hanya berisi sel nyasar "
                            "(`sopxl validate` menampilkan setiap baris seperti itu)",
                            "give the step its number, or delete the row if it holds a stray cell "
                            "(`sopxl validate` lists every such row)"),
    # what the file layer (sopxl/xlsx) refuses, naming the file
    "err_no_file": ("berkas tidak ada", "no such file"),
    "err_no_file_fix": ("periksa jalurnya", "check the path"),
    "err_is_folder": ("ini folder, bukan buku kerja", "is a folder, not a workbook"),
    "err_unreadable_file": ("berkas tidak dapat dibaca ({detail})", "the file cannot be read ({detail})"),
    "err_unreadable_file_fix": ("tutup berkasnya di tempat ia terbuka, atau periksa hak bacanya",
                                "close it where it is open, or check read access"),
    "err_empty_file": ("berkasnya kosong", "the file is empty"),
    "err_restore_fix": ("pulihkan dari cadangan", "restore it from a backup"),
    "err_encrypted": ("buku kerja ini dilindungi kata sandi (terenkripsi), jadi tidak dapat dibaca",
                      "the workbook is password-protected (encrypted), so it cannot be read"),
    "err_encrypted_fix": ("hapus kata sandi pembukanya di Excel (File → Info → Protect Workbook → Encrypt with "
                          "Password, kosongkan); kata sandi terhadap pengubahan tidak apa-apa",
                          "remove the password to open in Excel (File → Info → Protect Workbook → Encrypt with "
                          "Password, clear it); a password against editing is fine"),
    "err_old_excel": ("berkas Excel 97-2003 (.xls) lama atau dokumen OLE lain, bukan buku kerja .xlsx",
                      "an old Excel 97-2003 (.xls) file or another OLE document, not an .xlsx workbook"),
    "err_old_excel_fix": ("buka di Excel lalu simpan sebagai .xlsx", "open it in Excel and save it as .xlsx"),
    "err_not_zip": ("bukan buku kerja Excel (.xlsx/.xlsm adalah berkas zip; ini bukan, atau terpotong)",
                    "not an Excel workbook (.xlsx/.xlsm are zip files; this is not one, or it is truncated)"),
    "err_not_zip_fix": ("pulihkan dari cadangan, atau simpan lagi dari Excel sebagai .xlsx",
                        "restore it from a backup, or save it again from Excel as .xlsx"),
    "err_open_elsewhere": ("buku kerja sedang terbuka di Excel atau LibreOffice (berkas kunci {lock})",
                           "the workbook is open in Excel or LibreOffice (lock file {lock})"),
    "err_open_elsewhere_fix": ("tutup di sana lalu coba lagi; tidak ada yang ditulis",
                               "close it there and try again; nothing was written"),
    "err_workbook_suffix": ("nama buku kerja harus berakhiran .xlsx (atau .xlsm untuk tombol)",
                            "a workbook name must end in .xlsx (or .xlsm for buttons)"),
    "err_macro_suffix": ("buku kerja bermakro berakhiran .xlsm, yang lain .xlsx",
                         "macro-enabled workbooks end in .xlsm and others in .xlsx"),
    "err_macro_suffix_fix": ("pakai .xlsm dengan --macros, .xlsx tanpanya", "use .xlsm with --macros, .xlsx without"),
    "err_exists": ("berkas sudah ada; tidak ada yang ditulis", "the file exists already; nothing was written"),
    "err_exists_fix": ("pilih nama lain, atau beri --force untuk menggantinya",
                       "choose another name, or pass --force to replace it"),
    "err_changed_on_disk": ("buku kerja berubah di disk selagi aksi ini disiapkan; tidak ada yang ditulis",
                            "the workbook changed on disk while this action was being prepared; nothing was written"),
    "err_run_again_fix": ("jalankan aksinya lagi", "run the action again"),
    # what the sheet readers (sopxl/sheets) refuse, naming the cell
    "err_not_time": ("{value!r} bukan jam (00:00 sampai 23:59)", "{value!r} is not a time of day (00:00 to 23:59)"),
    "err_not_time_fix": ("tulis seperti 07:30 atau 07.30", "write it as 07:30 or 07.30"),
    "err_profile_unknown": ("profil format {profile!r} tidak dikenal", "unknown format profile {profile!r}"),
    "err_profile_fix": ("pakai salah satu dari: {names}", "use one of: {names}"),
    "err_hhmm_fix": ("tulis sebagai JJ:MM dalam 24 jam, mis. 23:00", "write it as HH:MM on a 24-hour clock, e.g. 23:00"),
    "err_not_date": ("{value!r} bukan tanggal", "{value!r} is not a date"),
    "err_not_date_fix": ("tulis tanggalnya seperti 2026-12-25 atau 25/12/2026", "write the date as 2026-12-25 or 25/12/2026"),
    "err_not_weekday": ("{value!r} bukan nama hari", "{value!r} is not a weekday"),
    "err_not_weekday_fix": ("tulis Senin … Minggu (atau Monday … Sunday)", "write Senin … Minggu (or Monday … Sunday)"),
    "err_day_start_end": ("hari kerja perlu jam mulai dan jam selesai", "a working day needs both a start and an end"),
    "err_day_start_end_fix": ("isi keduanya, atau kosongkan keduanya untuk hari libur",
                              "fill both, or clear both for a day off"),
    "err_holiday_no_date": ("hari libur {name!r} tidak bertanggal", "the holiday {name!r} has no date"),
    "err_row_date_fix": ("tulis tanggalnya, atau hapus barisnya", "write its date, or delete the row"),
    "err_schedule_dates": ("jadwal perlu tanggal pertama dan tanggal terakhir berlakunya",
                           "a schedule needs the first and the last day it holds"),
    "err_schedule_dates_fix": ("tulis kedua tanggalnya, mis. 2026-02-19", "write both dates, e.g. 2026-02-19"),
    "err_override_no_date": ("perubahan satu hari perlu tanggalnya", "a one-day change needs its date"),
    "err_override_twice": ("{day} punya dua perubahan satu hari", "{day} has two one-day changes"),
    "err_override_twice_fix": ("sisakan satu baris per tanggal", "keep one row per date"),
    "err_no_kelengkapan": ("tidak ada kolom {label!r} sesudah kolom Pelaksana",
                           "no {label!r} column after the Pelaksana columns"),
    "err_no_kelengkapan_fix": ("biarkan judul matriks seperti ditulis sopxl: No, Kegiatan, kolom Pelaksana, "
                               "Kelengkapan, Waktu, Output, Keterangan, Simbol, Jika Ya, Jika Tidak",
                               "keep the header of the matrix as sopxl wrote it: No, Kegiatan, the Pelaksana "
                               "columns, Kelengkapan, Waktu, Output, Keterangan, Simbol, Jika Ya, Jika Tidak"),
    "err_role_unnamed": ("sebuah kolom Pelaksana tidak bernama", "a Pelaksana column has no name"),
    "err_role_unnamed_fix": ("tulis jabatannya di judul kolom atau hapus kolom kosong itu",
                             "write the role (jabatan) in the header or delete the empty column"),
    "err_header": ("seharusnya judul {label!r} (atau {label_en!r}), tertulis {found}",
                   "expected the header {label!r} (or {label_en!r}), found {found}"),
    "err_header_nothing": ("kosong", "nothing"),
    "err_header_fix": ("pulihkan judulnya seperti ditulis sopxl, atau buat ulang buku kerja dengan `sopxl new`",
                       "restore the header as sopxl wrote it, or rebuild the workbook with `sopxl new`"),
    "err_log_cell": ("{found!r} bukan {expected}", "{found!r} is not {expected}"),
    "err_log_cell_empty": ("kosong, seharusnya {expected}", "empty, expected {expected}"),
    "err_log_event_id": ("nomor peristiwa (1 sampai {max})", "an event number (1 to {max})"),
    "err_log_case": ("nomor kasus (1 sampai {max})", "a case number (1 to {max})"),
    "err_log_step": ("nomor langkah (1 sampai {max})", "a step number (1 to {max})"),
    "err_log_action": ("aksi ({actions})", "an action ({actions})"),
    "err_log_moment": ("tanggal dan jam seperti 2026-11-20 15:00 (paling lambat tahun {year})",
                       "a date and time like 2026-11-20 15:00 (up to the year {year})"),
    "err_log_twice": ("peristiwa {id} muncul dua kali (juga di baris {row})",
                      "event {id} appears twice (also on row {row})"),
    "err_log_fix": ("Log hanya ditulis oleh sopxl: kembalikan sel seperti semula (batalkan, atau dari cadangan), "
                    "atau hapus barisnya bila diketik dengan tangan",
                    "the Log is written by sopxl only: restore the cell as it was (undo, or a backup), "
                    "or delete the row if it was typed by hand"),
    "err_pelacak_header_fix": ("pulihkan judulnya seperti ditulis sopxl (`sopxl new` membuat buku kerja yang benar "
                               "untuk dibandingkan)",
                               "restore the header as sopxl wrote it (`sopxl new` makes a right workbook to compare)"),
    "err_pelacak_old_open": ("Pelacak buku kerja ini bertata letak lama (dari sopxl sebelumnya); tata letaknya "
                             "diperbarui pada aksi berikutnya di berkasnya, tidak di buku kerja yang sedang terbuka",
                             "this workbook's Pelacak has the layout of an older sopxl; it is upgraded by the next "
                             "action on the file, not in the open workbook"),
    "err_pelacak_old_open_fix": ("simpan dan tutup buku kerjanya, jalankan `sopxl refresh BUKU_KERJA`, lalu buka lagi",
                                 "save and close the workbook, run `sopxl refresh WORKBOOK`, then open it again"),
    "err_replay": ("peristiwa {id} tidak dapat diputar ulang: {why}", "event {id} cannot be replayed: {why}"),
    "err_replay_or": ("{fix}; atau {log_fix}", "{fix}; or {log_fix}"),
    "err_sheet_missing": ("lembar {sheet!r} tidak ada", "the sheet {sheet!r} is missing"),
    "err_sheet_missing_fix": ("pulihkan lembarnya, atau buat buku kerja baru dengan `sopxl new` / `sopxl import`",
                              "restore the sheet, or create a new workbook with `sopxl new` / `sopxl import`"),
    # a unit on the reminders of a master of several offices (`sopxl master DATABASE`): units of the same
    # name in two offices are two units
    "rem_office_unit": ("{unit} — kantor {office}", "{unit} — office {office}"),
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
    ("Langkah bersama: x di kolom Pelaksana utama (yang dicatat di Log), o di kolom Pelaksana yang ikut.",
     "A joint step: x in the column of its main Pelaksana (the one the Log records), o in the columns of the "
     "roles that take part."),
    ("Kolom Simbol, Jika Ya dan Jika Tidak mengatur alur keputusan dan tidak dicetak.",
     "The Simbol, Jika Ya and Jika Tidak columns set the decision routing and are not printed."),
    ("Pelacak dan Log diisi oleh sopxl melalui tombol atau perintah; jangan diketik.",
     "Pelacak and Log are written by sopxl through the buttons or commands; do not type in them."),
    ("Kalender: jam kerja, hari libur, jam kerja Ramadan dan perubahan satu hari; waktu terpakai dihitung pada "
     "kalender ini.",
     "Kalender: the office's working hours, holidays, Ramadan hours and one-day changes; time used is counted "
     "on this calendar."),
    ("Temuan: hasil validasi terhadap Permenpan RB 35/2012, dengan tautan ke sel yang perlu diperbaiki.",
     "Temuan: validation findings against Permenpan RB 35/2012, linked to the cells to fix."),
    ("Perintah: sopxl validate, sopxl case start/advance, sopxl refresh, sopxl report (lihat README).",
     "Commands: sopxl validate, sopxl case start/advance, sopxl refresh, sopxl report (see the README)."),
)


def check_lang(lang: object) -> str:
    """`lang` when it is one of LANGS; SopxlError otherwise."""
    if lang not in LANGS:
        from ..errors import SopxlError

        raise SopxlError(f"unknown language {lang!r}", fix="use " + " or ".join(LANGS))
    return lang


def duration(minutes: float | None, day_minutes: float, lang: str, *, units: int = 3) -> str:
    """Working minutes in words, a working day being `day_minutes`: ``1 hari 2 jam 5 menit``.

    `units` keeps only the largest ones (2: ``1 hari 2 jam``, what a tracker shows at a glance; the
    smaller ones are cut, never rounded up). A negative amount is time past a norm: ``lewat 2 jam``.
    """
    if minutes is None:
        return text("dur_none", lang)
    if minutes < 0:
        return text("dur_over", lang).format(duration=duration(-minutes, day_minutes, lang, units=units))
    total = int(minutes) if units < 3 else int(round(minutes))
    day = int(round(day_minutes)) or 1
    days, rest = divmod(total, day)
    hours, mins = divmod(rest, 60)
    parts = [text(key, lang).format(n=n) for key, n in (("dur_days", days), ("dur_hours", hours),
                                                          ("dur_minutes", mins)) if n]
    return " ".join(parts[:units]) or text("dur_minutes", lang).format(n=0)


def shortened(text: str, limit: int = 60) -> str:
    """`text` on one line, cut to `limit` characters with an ellipsis when longer."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def text(key: str, lang: str = DEFAULT_LANG) -> str:
    """The label for `key` in `lang` ("id" or "en")."""
    return TEXTS[key][LANGS.index(lang)]


def texts(key: str, **values) -> dict[str, str]:
    """The text `key` in every language, filled with `values`: what an error carries so a door shows its own."""
    return {lang: TEXTS[key][index].format(**values) for index, lang in enumerate(LANGS)}


def normalise_label(value: object) -> str:
    """A label folded for comparison: lower case, single spaces, no trailing colon."""
    return " ".join(str(value or "").replace("\n", " ").split()).strip(" :").lower()


def key_for_label(value: object, keys: tuple[str, ...] | list[str]) -> str | None:
    """The key among `keys` whose Indonesian or English label equals `value` (either language)."""
    wanted = normalise_label(value)
    for key in keys:
        if wanted in _folded_labels(key):
            return key
    return None


@functools.lru_cache(maxsize=None)
def _folded_labels(key: str) -> frozenset[str]:
    """The labels of `key` in every language, folded (asked for every label cell of every workbook read)."""
    return frozenset(normalise_label(label) for label in TEXTS[key])
