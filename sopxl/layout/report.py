"""The monthly monitoring report: sheets, columns, the official forms' criteria, texts and styles."""

from __future__ import annotations

from .styles import COLOURS, DATETIME_FORMAT, FONT
from .texts import TEXTS
from .workbook import Column

# ---- the monthly monitoring report (sopxl report) ------------------------------------------------

# report sheets, in workbook order (Indonesian in every language, like the SOP workbook's)
RINGKASAN = "Ringkasan"
PER_LANGKAH = "Per langkah"
KASUS_TERLAMBAT = "Kasus terlambat"
MONITORING = "Monitoring Pelaksanaan SOP AP"
EVALUASI = "Evaluasi Penerapan SOP AP"
TINJAUAN = "Tinjauan SOP"
REPORT_SHEETS = (RINGKASAN, PER_LANGKAH, KASUS_TERLAMBAT, MONITORING, EVALUASI, TINJAUAN)
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
# SOPs whose review is due within 30 days or past at the month's end (domain.review)
TINJAUAN_COLUMNS = (
    Column("rpt_no", 5, "center"), Column("rpt_unit", 24), Column("rpt_sop", 30), Column("nomor", 22),
    Column("rpt_review_date", 12), Column("rpt_review_basis", 30), Column("rpt_review_state", 12),
    Column("rpt_review_days", 12, "int"),
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
    "rpt_title_tinjauan": ("SOP yang Perlu Ditinjau", "SOPs Due for Review"),
    "rpt_review_date": ("Tanggal Tinjauan", "Review Date"),
    "rpt_review_basis": ("Dasar", "Based on"),
    "rpt_review_state": ("Status", "Status"),
    "rpt_review_days": ("Hari (lewat: -)", "Days (past: -)"),
    "rpt_no_review": ("Tidak ada SOP yang tinjauannya jatuh tempo dalam 30 hari atau terlewat pada akhir {month}.",
                      "No SOP's review is due within 30 days or past at the end of {month}."),
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
    "rpt_series_threshold": ("Batas {threshold}", "Threshold {threshold}"),
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
    "rpt_footer": ("Laporan Monitoring Pelaksanaan SOP AP · {month}",
                   "SOP AP Implementation Monitoring Report · {month}"),
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
    "rpt_datetime": {**FONT, "border": 1, "num_format": DATETIME_FORMAT, "valign": "top"},
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
