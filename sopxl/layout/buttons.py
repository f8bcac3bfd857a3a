"""The macro-enabled workbook: buttons and where they sit, xlwings settings, the button and doctor texts."""

from __future__ import annotations

from dataclasses import dataclass

from .texts import TEXTS
from .workbook import AKTIVITAS, PELACAK, PETUNJUK

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


FLOWCHART_MACRO = "GambarBaganAlir"   # its outcome is shown by the workbook's startup macro (STARTUP_MACRO)
BUTTONS = (
    Button(AKTIVITAS, "Validasi", "button_validate", "validasi"),
    Button(AKTIVITAS, FLOWCHART_MACRO, "button_flowchart", "gambar_bagan_alir"),
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
BUTTON_ROW_HEIGHT = 30             # points: a sheet's top row, tall enough for a button (Pelacak's, Aktivitas')
PELACAK_BUTTON_COLUMN = 2          # 0-based: column C, right of No and Perihal
# Aktivitas: the buttons sit in row 1 over the frozen columns No and Kegiatan, above the labels (which
# stand at the foot of their two header rows)
AKTIVITAS_BUTTON_HEADERS = ("no", "kegiatan")
# Petunjuk: buttons stacked in column D beside the guide text (rows 3, 5, …); the probe Sub
# (CekMakro, pure VBA) writes its result into PROBE_CELL, right of its button
PETUNJUK_BUTTON_ORIGIN = (2, 3)    # (row, column), 0-based
PETUNJUK_BUTTON_ROWS = 2           # rows per button
PROBE_CELL = "G5"

# "Gambar bagan alir": Excel saves and closes the workbook, a background sopxl draws the flowchart into
# the file once Excel has let go of it and opens it again. What happened goes into two files beside the
# workbook (NAME.xlsm + suffix): a note the workbook's startup macro shows and removes when it opens
# (macros/ThisWorkbook.cls; UTF-16 text, first line the message box's mode "info" or "critical"), and a
# log that keeps every run. The VBA spells the note's suffix too (CATATAN_SOPXL in macros/Tombol.bas).
NOTE_SUFFIX = ".sopxl-note.txt"
LOG_SUFFIX = ".sopxl.log"
FLOWCHART_WAIT_SECONDS = 120       # how long the background sopxl waits for Excel to close the workbook
STARTUP_MACRO = ("ThisWorkbook", "Workbook_Open")   # shows the outcome when the workbook opens (doctor checks it)


def button_origin(sheet: str, role_count: int = 0) -> tuple[int, int]:
    """0-based (row, column) of the first button on `sheet`; the others follow it to the right.

    Buttons sit in frozen rows, so they stay on screen while the rows scroll, and never cover a cell
    sopxl or a person writes. On Pelacak they sit above the table, in row 1 from column C (the first
    columns hold the moment of the figures), so a 1366-pixel screen shows them beside the cases;
    on Aktivitas above the matrix, in row 1 over the frozen columns No and Kegiatan (whose labels stand
    at the foot of the header), so they stay in view however far the matrix scrolls, down or right.
    """
    if sheet == AKTIVITAS:
        return 0, 0
    if sheet == PELACAK:
        return 0, PELACAK_BUTTON_COLUMN
    if sheet == PETUNJUK:
        return PETUNJUK_BUTTON_ORIGIN
    raise ValueError(f"no buttons on {sheet!r}")


def button_places(sheet: str, count: int, role_count: int = 0) -> list[tuple[int, int, int, int]]:
    """Where each of `count` buttons of `sheet` goes: 0-based (row, column) and the (x, y) offsets in pixels.

    From ``button_origin``: side by side in the top row (Pelacak, Aktivitas), or stacked down the guide
    (Petunjuk, every PETUNJUK_BUTTON_ROWS rows).
    """
    row, column = button_origin(sheet, role_count)
    if sheet == PETUNJUK:
        return [(row + index * PETUNJUK_BUTTON_ROWS, column, 0, 0) for index in range(count)]
    return [(row, column, index * (BUTTON_WIDTH + BUTTON_GAP), 5) for index in range(count)]


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
        "Tombol menjalankan sopxl (Python) lewat xlwings. Aktivitas: Validasi (temuan masuk ke lembar Temuan); "
        "Gambar bagan alir menyimpan dan menutup buku kerja, menggambar bagan alir ke dalam berkasnya, lalu "
        "membukanya lagi dengan pesan hasilnya (catatannya juga di berkas NAMA.xlsm.sopxl.log di sebelahnya). "
        "Pelacak: pilih baris kasus, lalu Selesai, Setuju – Ya, Kembalikan – Tidak; Kasus baru, Perbarui, Laporan "
        "bulanan (ditulis di folder buku kerja). Cek makro menguji makro tanpa Python; Periksa pemasangan menguji "
        "Python, sopxl dan xlwings.",
        "The buttons run sopxl (Python) through xlwings. Aktivitas: Validate (findings go to the Temuan sheet); "
        "Draw flowchart saves and closes the workbook, draws the flowchart into its file, then opens it again "
        "with a message saying how it went (also logged in NAME.xlsm.sopxl.log beside it). Pelacak: select a "
        "case's row, then Finish step, Approve – Yes, Return – No; New case, Refresh, Monthly report (written "
        "into the workbook's folder). Test macros checks the macros without Python; Check installation checks "
        "Python, sopxl and xlwings."),
    "buttons_setup": ("Makro tidak ditandatangani: simpan buku kerja di Trusted Location (lihat README sopxl).",
                      "The macros are unsigned: keep the workbook in a Trusted Location (see the sopxl README)."),
    # messages of the buttons (sopxl.excel)
    "msg_title": ("sopxl", "sopxl"),
    "msg_error": ("Tidak dapat dijalankan", "Could not run"),
    # what a button adds to a refusal of the domain (by its code), naming the buttons to click instead
    "msg_hint_decision-needed": ("klik {button_yes} atau {button_no}", "click {button_yes} or {button_no}"),
    "msg_hint_not-a-decision": ("klik {button_finish}", "click {button_finish}"),
    "msg_hint_case-unknown": ("pilih baris kasusnya di lembar Pelacak", "select the case's row on the Pelacak sheet"),
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
    "msg_not_saved": ("Simpan dulu buku kerja ini di sebuah folder di komputer ini (File > Simpan), lalu klik "
                      "tombolnya lagi.",
                      "First save this workbook in a folder on this computer (File > Save), then click the "
                      "button again."),
})


# "Gambar bagan alir": the note shown when the workbook opens again, and the lines of the log beside it
TEXTS.update({
    "flow_waiting": ("menunggu Excel menutup buku kerja (paling lama {seconds} detik)",
                     "waiting for Excel to close the workbook (at most {seconds} s)"),
    "flow_pending": ("Bagan alir belum digambar: sopxl berhenti sebelum selesai. Buku kerja tetap seperti saat "
                     "disimpan. Catatan: {log}",
                     "The flowchart was not drawn: sopxl stopped before it finished. The workbook is as it was "
                     "saved. Log: {log}"),
    "flow_drawn": ("Bagan alir digambar ulang: {steps} langkah, {connectors} panah, {pages} halaman cetak.",
                   "The flowchart is drawn again: {steps} steps, {connectors} arrows, {pages} printed pages."),
    "flow_failed": ("Bagan alir tidak digambar; buku kerja tetap seperti saat disimpan.\n{reason}\nCatatan: {log}",
                    "The flowchart was not drawn; the workbook is as it was saved.\n{reason}\nLog: {log}"),
    "flow_still_open": ("buku kerja masih terbuka setelah {seconds} detik (berkas kunci {lock})",
                        "the workbook was still open after {seconds} s (lock file {lock})"),
    "flow_still_held": ("buku kerja masih dipakai program lain setelah {seconds} detik ({detail})",
                        "the workbook was still in use by another program after {seconds} s ({detail})"),
    "flow_fix_close": ("tutup buku kerja di Excel, lalu coba lagi", "close the workbook in Excel, then try again"),
    "flow_reopened": ("sistem diminta membuka buku kerja lagi", "the system was asked to open the workbook again"),
    "flow_not_reopened": ("buku kerja tidak dapat dibuka lagi: {detail}", "the workbook could not be opened again: {detail}"),
})


# `sopxl doctor` (sopxl.vba.doctor): checks of a workbook and what to do about each problem
TEXTS.update({
    # the name a check shows in front of its line (`to_dict` keeps the English name as the check's code)
    "doctor_check_workbook": ("buku kerja", "workbook"),
    "doctor_check_sheets": ("lembar", "sheets"),
    "doctor_check_macros": ("makro", "macros"),
    "doctor_check_vba-project": ("proyek VBA", "vba-project"),
    "doctor_check_vba-modules": ("modul VBA", "vba-modules"),
    "doctor_check_buttons": ("tombol", "buttons"),
    "doctor_check_handlers": ("fungsi sopxl", "handlers"),
    "doctor_check_xlwings-conf": ("pengaturan xlwings", "xlwings-conf"),
    "doctor_check_xlwings-version": ("versi xlwings", "xlwings-version"),
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
