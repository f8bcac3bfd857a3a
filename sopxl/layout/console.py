"""What the command line prints for people, in Indonesian (the default) and English: cases, refresh, counts."""

from __future__ import annotations

from .texts import TEXTS

TEXTS.update({
    # what the command line adds to a refusal of the domain, by its code (sopxl.cli)
    "cli_hint_decision-needed": ("--yes atau --no", "--yes or --no"),
    "cli_hint_not-a-decision": ("tanpa --yes atau --no", "without --yes or --no"),
    "cli_hint_subject-needed": ('--subject "…"', '--subject "…"'),
    "cli_hint_case-unknown": ("sopxl case list BUKU_KERJA", "sopxl case list WORKBOOK"),
    "cli_hint_moment-in-future": ("--at", "--at"),
    "cli_hint_moment-too-early": ("--at", "--at"),
    # one case action
    "cli_case": ("kasus {n}", "case {n}"),
    "cli_started": ("{head} dibuka: {subject}", "{head} started: {subject}"),
    "cli_noted": ("{head}: catatan ditambahkan pada langkah {step}", "{head}: note added at step {step}"),
    "cli_cancelled": ("{head} dibatalkan pada langkah {step}", "{head} cancelled at step {step}"),
    "cli_returned": ("{head}: langkah {step} dijawab Tidak, dikembalikan untuk diperbaiki (sudah {returns} kali)",
                     "{head}: step {step} answered Tidak, returned for rework (returns: {returns})"),
    "cli_approved": ("{head}: langkah {step} dijawab Ya", "{head}: step {step} answered Ya"),
    "cli_finished": ("{head}: langkah {step} selesai", "{head}: step {step} finished"),
    "cli_now_at": ("  sekarang di langkah {step} ({holder}), batas waktu {due}, {left}",
                   "  now at step {step} ({holder}), due {due}, {left}"),
    "cli_left": ("sisa {duration}", "{duration} left"),
    "cli_now_at_no_norm": ("  sekarang di langkah {step} ({holder}), tanpa norma",
                           "  now at step {step} ({holder}), no norm"),
    "cli_closed": ("  selesai: {used} waktu kerja terhadap norma {norm} ({status})",
                   "  closed: {used} of working time against a norm of {norm} ({status})"),
    "cli_no_holder": ("tanpa Pelaksana", "no Pelaksana"),
    # the list of cases
    "cli_list_header": ("No", "No"),
    "cli_col_state": ("keadaan", "state"),
    "cli_col_status": ("status", "status"),
    "cli_col_step": ("langkah", "step"),
    "cli_col_due": ("batas waktu", "due"),
    "cli_col_left": ("sisa", "left"),
    "cli_col_used": ("terpakai", "used"),
    "cli_col_subject": ("perihal", "subject"),
    "cli_list_total": ("{cases} kasus per {moment}: {states}", "{cases} case(s) as of {moment}: {states}"),
    "cli_states": ("{open} berjalan ({late} terlambat, {near} mendekati norma), {closed} selesai, {cancelled} batal",
                   "{open} open ({late} late, {near} near the norm), {closed} closed, {cancelled} cancelled"),
    "cli_refreshed": ("{workbook}: Pelacak, Beban Kerja dan Lini Waktu dibangun ulang per {moment}: {cases} kasus, "
                      "{states}",
                      "{workbook}: Pelacak and its two views rebuilt as of {moment}: {cases} case(s), {states}"),
    # one case in full
    "cli_show_state": ("  {state}, dibuka {opened}{ended}; dikembalikan {returns} kali; status: {status}",
                       "  {state}, opened {opened}{ended}; returns: {returns}; status: {status}"),
    "cli_show_ended": (", berakhir {moment}", ", ended {moment}"),
    "cli_show_total": ("  terpakai {used} dari norma {norm} ({status}); batas waktu kasus {due}, {left}",
                       "  used {used} of a norm of {norm} ({status}); case due {due}, {left}"),
    "cli_col_started": ("mulai", "started"),
    "cli_col_ended": ("selesai", "ended"),
    "cli_col_outcome": ("hasil", "outcome"),
    "cli_col_norm": ("norma", "norm"),
    "cli_running": ("(berjalan)", "(running)"),
    "cli_rework": ("(perbaikan)", "(rework)"),
    "cli_note_line": ("  catatan {moment} ({actor}): {note}", "  note {moment} ({actor}): {note}"),
    "cli_created": ("dibuat {path}", "created {path}"),
    "cli_upgraded": ("{workbook}: Pelacak bertata letak lama diperbarui ke tata letak sekarang (Log tidak diubah)",
                     "{workbook}: Pelacak of an older layout upgraded to today's (the Log is unchanged)"),
    # the one line of a refusal on stderr, and of a bug
    "cli_error": ("kesalahan: {error}", "error: {error}"),
    "cli_unexpected": ("kesalahan tak terduga {kind}: {error} (jalankan lagi dengan --debug untuk rinciannya)",
                       "error: unexpected {kind}: {error} (run again with --debug for details)"),
    "cli_interrupted": ("dihentikan; tidak ada yang ditulis", "interrupted; nothing was written"),
    # the official document: the flowchart drawn, the PDF printed
    "cli_flow_drawn": ("{workbook}: {waited}bagan alir {steps} langkah digambar: {connectors} panah, {labels} label "
                       "Ya/Tidak, {pages} halaman cetak, {offpage} penghubung antarhalaman{widened}{kept}{reopened}",
                       "{workbook}: {waited}flowchart of {steps} steps drawn: {connectors} arrows, {labels} Ya/Tidak "
                       "labels, {pages} printed pages, {offpage} off-page connectors{widened}{kept}{reopened}"),
    "cli_flow_widened": (", kolom {columns} dilebarkan", ", columns {columns} widened"),
    "cli_flow_kept": (", {n} bentuk lain dibiarkan", ", {n} other shapes kept"),
    "cli_flow_waited": ("dilepas sesudah {seconds} dtk; ", "released after {seconds} s; "),
    "cli_flow_reopened": ("; dibuka lagi", "; opened again"),
    "cli_flow_not_reopened": ("; tidak dapat dibuka lagi (lihat lognya)", "; could not be opened again (see the log)"),
    "cli_pdf_done": ("{pdf}: {pages} halaman", "{pdf}: {pages} pages"),
    # our own option errors (click's generic usage text around them stays English)
    "cli_opt_when_closed": ("--timeout dan --no-reopen hanya bersama --when-closed",
                            "--timeout and --no-reopen go with --when-closed"),
    "cli_opt_unknown_code": ("kode temuan {code!r} tidak dikenal (daftar kode ada di docs/findings.md)",
                             "unknown finding code {code!r} (the codes are listed in docs/findings.md)"),
    "cli_opt_missing": ("{value!r} tidak ada", "{value!r} does not exist"),
    "cli_opt_office_source": ("--office hanya untuk basis data konsolidasi atau masternya",
                              "--office is for a consolidation database or its master"),
    "cli_opt_office_output": ("beri -o BERKAS bersama --office", "give -o FILE with --office"),
    "cli_opt_yes_and_no": ("pilih --yes atau --no, tidak keduanya", "say --yes or --no, not both"),
    "cli_opt_folder_output": ("mengimpor folder perlu -o FOLDER_HASIL, folder tempat buku kerjanya ditulis",
                              "importing a folder needs -o OUTDIR, the folder the workbooks go to"),
})

TEXTS.update({
    # the monthly report's summary
    "cli_rpt_head": ("{workbook}: {month}, {sops} SOP — {opened} dibuka, {closed} selesai ({on_time} dari {judged} "
                     "yang bernorma tepat waktu), {cancelled} batal, {open_at_end} berjalan pada akhir bulan "
                     "({open_late} lewat norma), {late} kasus terlambat",
                     "{workbook}: {month}, {sops} SOP(s) — {opened} opened, {closed} closed ({on_time} of {judged} "
                     "with a norm on time), {cancelled} cancelled, {open_at_end} open at month end ({open_late} "
                     "past the norm), {late} late cases"),
    "cli_rpt_empty": ("  tidak ada kasus pada {month}: laporan menyebutkannya", "  no case in {month}: the report says so"),
    "cli_rpt_sop": ("  {nama}: {closed} selesai, {timing} — {judged}; langkah hambatan: {steps}",
                    "  {nama}: {closed} closed, {timing} — {judged}; bottleneck steps: {steps}"),
    "cli_rpt_no_norm": ("tanpa norma waktu", "no time norm"),
    "cli_rpt_none_closed": ("belum ada yang selesai", "none closed"),
    "cli_rpt_on_time": ("{share} tepat waktu", "{share} on time"),
    "cli_rpt_not_judged": ("tidak dinilai (diserahkan ke petugas)", "not judged (left to the officer)"),
    "cli_rpt_no_steps": ("tidak ada", "none"),
    "cli_skipped": ("  dilewati {name}: {why}", "  skipped {name}: {why}"),
    # the nightly consolidation's summary
    "cli_cons_summary": ("{files} berkas: {read} dibaca, {unchanged} tidak berubah, {skipped} dilewati, {failed} gagal"
                         "{gone}; peristiwa +{added}{changed}{removed}; {seconds} dtk",
                         "{files} files: {read} read, {unchanged} unchanged, {skipped} skipped, {failed} failed"
                         "{gone}; events +{added}{changed}{removed}; {seconds} s"),
    "cli_cons_gone": (", {n} hilang", ", {n} gone"),
    "cli_cons_changed": (", {n} berubah", ", {n} changed"),
    "cli_cons_removed": (", {n} dihapus di sumber", ", {n} removed at source"),
    "cli_cons_status_failed": ("gagal", "failed"),
    "cli_cons_status_skipped": ("dilewati", "skipped"),
    "cli_cons_status_gone": ("hilang", "gone"),
    "cli_note": ("catatan", "note"),
    "cli_cons_master": ("master: {path}", "master: {path}"),
    "cli_cons_backup": (" (yang lama disimpan sebagai {name})", " (previous kept as {name})"),
    "cli_cons_parts": ("bagian per unit: {path} ({parts} berkas, {written} ditulis ulang)",
                       "unit parts: {path} ({parts} files, {written} written again)"),
    "cli_cons_unchanged": ("master: {path} (tidak ada perubahan; dibiarkan)", "master: {path} (nothing changed; left as it was)"),
    "cli_cons_master_error": ("kesalahan: master tidak ditulis: {error}", "error: master not written: {error}"),
    "cli_cons_report": ("laporan: {path}", "report: {path}"),
    "cli_cons_report_error": ("kesalahan: laporan tidak ditulis: {error}", "error: report not written: {error}"),
    "cli_cons_database": ("basis data: {path}", "database: {path}"),
})
