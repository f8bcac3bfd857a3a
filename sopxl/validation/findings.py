"""Validation findings: the one catalogue of codes, the Finding, and the Report of a validation run.

Every code lives in ``CATALOGUE`` (code -> severity, category, title, description, message and
fix templates in Indonesian and English). Codes are kebab-case and never renamed; the docs page
``docs/findings.md`` is generated from the catalogue (``python -m sopxl.validation.findings docs/findings.md``).

Severities: ``error`` (the SOP does not meet Permenpan RB 35/2012 or cannot run as written),
``warning`` (it runs, but a reader or the tracker is misled), ``info`` (worth a look). Categories:
``layout`` (the workbook's shape: sheets, headers, labels) and ``value`` (what a cell says).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from .. import layout as L
from .profiles import DEFAULT_PROFILE, PROFILES

SEVERITIES = ("error", "warning", "info")
# workbook labels every message template may name, in the message's language: {ya} is "Jika Ya" / "If Yes"
LABEL_KEYS = ("no", "kegiatan", "pelaksana", "kelengkapan", "waktu", "output", "keterangan", "simbol", "ya",
              "tidak", "inferensi", "ditinjau", "terminator", "process", "decision", "yes")
CATEGORIES = ("layout", "value")


@dataclass(frozen=True)
class Rule:
    """One catalogue entry: what a finding code means and how its message and fix read."""

    code: str
    severity: str
    category: str
    title: tuple[str, str]          # (Indonesian, English)
    description: str                # for the docs page: what is checked and why
    message: tuple[str, str]        # str.format templates (Indonesian, English)
    fix: tuple[str, str]


def _rule(code: str, severity: str, category: str, title: tuple[str, str], description: str,
          message: tuple[str, str], fix: tuple[str, str]) -> Rule:
    return Rule(code, severity, category, title, " ".join(description.split()), message, fix)


_RULES = (
    # ---- the workbook's shape ------------------------------------------------------------------
    _rule("workbook-unreadable", "error", "layout", ("Buku kerja tidak terbaca", "Workbook unreadable"),
          """The file cannot be read as an SOP workbook: it is missing, empty, not an .xlsx/.xlsm zip,
          corrupt, or not a workbook sopxl wrote. Nothing else in the file is checked.""",
          ("buku kerja tidak terbaca: {detail}", "unreadable: {detail}"),
          ("pulihkan dari cadangan, simpan ulang dari Excel sebagai .xlsx, atau buat dengan `sopxl new` / `sopxl import`",
           "restore it from a backup, save it again from Excel as .xlsx, or create it with `sopxl new` / `sopxl import`")),
    _rule("sheet-missing", "error", "layout", ("Lembar hilang", "Sheet missing"),
          """A sheet the SOP workbook needs (Identitas, Aktivitas, Pelacak, Log, Kalender, Temuan) is missing
          or was renamed. Sheet names are fixed because code and macros refer to them.""",
          ("lembar {sheet} tidak ada di buku kerja", "the workbook has no sheet {sheet}"),
          ("kembalikan lembar {sheet} (atau namanya), atau buat buku kerja baru dengan `sopxl new` / `sopxl import`",
           "restore the sheet {sheet} (or its name), or create a new workbook with `sopxl new` / `sopxl import`")),
    _rule("header-invalid", "error", "layout", ("Judul kolom berubah", "Header changed"),
          """A column header of the Identitas or Aktivitas sheet is missing or renamed, so the sheet cannot
          be read. The headers are the official layout: No, Kegiatan, one column per Pelaksana,
          Kelengkapan, Waktu, Output, Keterangan, then Simbol, Jika Ya, Jika Tidak, Inferensi Impor, Ditinjau
          and Label Ya/Tidak (a workbook from before it may end at Ditinjau).""",
          ("judul kolom tidak sesuai: {detail}", "the header does not match: {detail}"),
          ("kembalikan judul kolom seperti yang ditulis sopxl (Indonesia atau Inggris)",
           "restore the header as sopxl wrote it (Indonesian or English)")),
    _rule("identity-label-unknown", "warning", "layout", ("Label Identitas tidak dikenal", "Unknown Identitas label"),
          """A row of the Identitas sheet has a label that is not one of the identity fields or list
          sections, so its value is not part of the SOP.""",
          ("label {shown} bukan unsur Identitas; isinya diabaikan",
           "{shown} is not an Identitas label; its value is ignored"),
          ("pakai salah satu label: {labels}", "use one of the labels: {labels}")),
    _rule("pelaksana-columns-missing", "error", "layout", ("Tidak ada kolom Pelaksana", "No Pelaksana columns"),
          """The activity matrix has no Pelaksana column between Kegiatan and Kelengkapan, so no step can
          have an actor.""",
          ("matriks Aktivitas tidak punya kolom Pelaksana", "the Aktivitas matrix has no Pelaksana column"),
          ("sisipkan satu kolom per jabatan di antara {kegiatan} dan {kelengkapan}, dengan nama jabatan di baris 2",
           "insert one column per jabatan between {kegiatan} and {kelengkapan}, with the jabatan on row 2")),
    # ---- identity ----------------------------------------------------------------------------
    _rule("identity-field-missing", "error", "value", ("Unsur Identitas kosong", "Identity field missing"),
          """An identity field the SOP's format profile requires is empty: Nomor SOP, Nama SOP, Disahkan
          oleh, Tanggal Pembuatan and Tanggal Efektif under Permenpan RB 35/2012 (the default; other
          profiles require other fields, see docs/profiles.md). A value of only dashes or dots counts as
          empty. When the labelled row itself is missing the finding points at the sheet's header.""",
          ("{field} belum diisi (wajib menurut {profile_name})", "{field} is missing ({profile_name} requires it)"),
          ("isi {field} di lembar Identitas (kolom Isi pada baris {row})",
           "fill in {field} on the Identitas sheet (the Value cell of the row {row})")),
    _rule("identity-placeholder", "warning", "value", ("Isian templat", "Template placeholder"),
          """An identity field still holds template text where the real value belongs: the dots of a
          number to be filled in ("1/.../OT.04.00/./..."), or words without any date in Tanggal Revisi
          (a "Revisi ke" checkbox label).""",
          ('{field} masih berisi isian templat: "{value}"', '{field} still holds template text: "{value}"'),
          ("ganti dengan isian sebenarnya, atau kosongkan bila memang belum ada",
           "replace it with the real value, or clear it if there is none yet")),
    _rule("identity-punctuation-only", "error", "value", ("Isian hanya tanda baca", "Only punctuation"),
          """An identity field holds only punctuation — the ":" of a "label | : | value" layout read as the
          value, brackets, a colon before a template's dotted line — so the field is in fact not filled in
          and the printout would show the punctuation; so is an Instansi of only a template's dotted line (the
          page's heading). An empty value, a lone "-" or dots in a required field are reported as missing
          (identity-field-missing), and accepted in Tanggal Revisi (not revised).""",
          ('{field} hanya berisi tanda baca "{value}", bukan isian', '{field} holds only punctuation "{value}", not a value'),
          ("tulis {field} yang sebenarnya (titik dua dan titik-titik templat bukan isian)",
           "write the real {field} (a colon or a template's dots is not a value)")),
    _rule("date-invalid", "error", "value", ("Bukan tanggal", "Not a date"),
          """Tanggal Pembuatan, Tanggal Revisi or Tanggal Efektif holds text that is not a date. Dates are
          read as written in documents ("Kamis, 14 Desember 2017", "02 Mei 2018"), ISO ("2018-05-02"),
          day first with slashes ("02/05/2018"), or as an Excel date. An empty or "-" Tanggal Revisi means
          "not revised" and is fine.""",
          ('{field} "{value}" bukan tanggal', '{field} "{value}" is not a date'),
          ('tulis tanggal seperti "14 Desember 2017", "2017-12-14" atau "14/12/2017"',
           'write the date like "14 Desember 2017", "2017-12-14" or "14/12/2017"')),
    _rule("nip-invalid", "warning", "value", ("NIP tidak sah", "Not a NIP"),
          """NIP Pengesah (the signer's civil-servant number, printed under the name) is filled in but is not
          18 digits: a NIP is 18 digits, usually written in groups ("19750312 200003 2 001"). An empty NIP
          is fine; the printout leaves a dotted line.""",
          ('{field} "{value}" bukan NIP 18 angka', '{field} "{value}" is not an 18-digit NIP'),
          ('tulis 18 angka NIP, boleh dengan spasi seperti "19750312 200003 2 001", atau kosongkan',
           'write the 18 digits of the NIP, spaces allowed as in "19750312 200003 2 001", or clear it')),
    _rule("date-weekday-mismatch", "warning", "value", ("Hari tidak cocok", "Weekday does not match"),
          """A date written with its weekday ("Kamis, 14 Desember 2017") names a weekday that is not the
          date's, so either the day or the date is wrong.""",
          ("{field}: {date} jatuh pada hari {actual}, bukan {written}", "{field}: {date} is a {actual}, not a {written}"),
          ('tulis "{suggestion}" atau perbaiki tanggalnya', 'write "{suggestion}" or correct the date')),
    _rule("dates-out-of-order", "error", "value", ("Tanggal Efektif sebelum Tanggal Pembuatan",
                                                   "Effective before drafted"),
          """Tanggal Efektif (the date the SOP comes into force) is earlier than Tanggal Pembuatan (the date
          drafting finished).""",
          ("Tanggal Efektif {value} lebih awal dari Tanggal Pembuatan {other}",
           "Tanggal Efektif {value} is earlier than Tanggal Pembuatan {other}"),
          ("SOP berlaku setelah selesai disusun: periksa kedua tanggal", "an SOP comes into force after it is drafted: check both dates")),
    _rule("profile-unknown", "warning", "value", ("Profil format tidak dikenal", "Unknown format profile"),
          """The Identitas field Profil Format names no format profile sopxl knows, so the SOP is validated
          against the default, Permenpan RB 35/2012.""",
          ("profil format {shown} tidak dikenal; divalidasi menurut {profile_name}",
           "the format profile {shown} is unknown; validated against {profile_name}"),
          ("tulis salah satu profil: {profiles}, atau kosongkan", "write one of the profiles: {profiles}, or clear it")),
    _rule("review-cycle-invalid", "warning", "value", ("Siklus Tinjauan bukan bilangan", "Review cycle not a number"),
          """Siklus Tinjauan (bulan) holds something other than a whole number of months from 1 on, so the
          review date cannot be worked out from Tanggal Efektif.""",
          ("Siklus Tinjauan {shown} bukan jumlah bulan", "the review cycle {shown} is not a number of months"),
          ('tulis jumlah bulan, mis. "12", atau kosongkan untuk {default} bulan',
           'write the months, e.g. "12", or clear it for {default} months')),
    _rule("review-past", "warning", "value", ("Tinjauan SOP terlewat", "Review overdue"),
          """The SOP's review date has passed: Tanggal Revisi when it is a planned review after Tanggal
          Efektif, otherwise Tanggal Efektif plus the review cycle (Siklus Tinjauan, default 12 months:
          Permenpan RB 35/2012 evaluates every SOP at least yearly). Checked only when validation is given
          a date to judge by (`sopxl validate --review`, the nightly consolidation, the monthly report).""",
          ("tinjauan SOP jatuh tempo {due} ({basis}), sudah lewat {days} hari",
           "the SOP's review was due on {due} ({basis}), {days} days ago"),
          ("tinjau SOP ini bersama pemiliknya, lalu perbarui Tanggal Revisi atau Tanggal Efektif",
           "review this SOP with its owner, then update Tanggal Revisi or Tanggal Efektif")),
    _rule("review-due", "info", "value", ("Tinjauan SOP segera", "Review due soon"),
          """The SOP's review date (see review-past) is at most 30 days away.""",
          ("tinjauan SOP jatuh tempo {due} ({basis}), {days} hari lagi",
           "the SOP's review is due on {due} ({basis}), in {days} days"),
          ("jadwalkan tinjauan SOP ini sebelum tanggal itu", "schedule the review of this SOP before that date")),
    _rule("section-empty", "warning", "value", ("Bagian daftar kosong", "Empty list section"),
          """One of the six list sections (Dasar Hukum, Kualifikasi Pelaksana, Keterkaitan,
          Peralatan/Perlengkapan, Peringatan, Pencatatan dan Pendataan) has no item.""",
          ("{field} tidak berisi satu butir pun", "{field} has no items"),
          ("tulis satu butir per baris, setiap baris berlabel {field}", "write one item per row, each row labelled {field}")),
    # ---- the activity matrix ---------------------------------------------------------------------
    _rule("steps-missing", "error", "value", ("Tidak ada langkah", "No steps"),
          """The activity matrix has no step rows, so there is nothing to execute or check.""",
          ("matriks Aktivitas belum berisi langkah", "the Aktivitas matrix has no steps"),
          ("tulis satu baris per langkah mulai baris 3, atau impor dokumen SOP dengan `sopxl import`",
           "write one row per step from row 3 on, or import the SOP document with `sopxl import`")),
    _rule("step-number-invalid", "error", "value", ("Nomor langkah bukan angka", "Step number not a number"),
          """The No cell of a step row is empty or not a whole number.""",
          ("No {shown} bukan nomor langkah", "No {shown} is not a step number"),
          ("tulis nomor bulat 1, 2, 3, … berurutan", "write a whole number: 1, 2, 3, … in order")),
    _rule("step-number-sequence", "error", "value", ("Nomor langkah tidak berurutan", "Step numbers out of order"),
          """Step numbers must run 1, 2, 3, … down the matrix without gaps; Jika Ya and Jika Tidak refer to
          them. A step is reported where its number follows neither the previous step's number nor its own
          position, so one gap or one swap gives one or two findings, not one per later step.""",
          ("langkah bernomor {value}, seharusnya {expected}", "step numbered {value} where {expected} was expected"),
          ("nomori langkah 1 sampai {count} berurutan, lalu sesuaikan {ya} dan {tidak}",
           "number the steps 1 to {count} in order, then adjust {ya} and {tidak}")),
    _rule("step-number-duplicate", "error", "value", ("Nomor langkah ganda", "Duplicate step number"),
          """Two step rows carry the same number, so a Jika Ya or Jika Tidak target is ambiguous.""",
          ("nomor langkah {value} sudah dipakai di {other}", "step number {value} is already used at {other}"),
          ("beri setiap langkah nomor sendiri, 1 sampai {count}", "give every step its own number, 1 to {count}")),
    _rule("pelaksana-missing", "error", "value", ("Tanpa Pelaksana", "No Pelaksana"),
          """Each step carries its flowchart symbol in exactly one Pelaksana column; this step has a mark in
          none.""",
          ("langkah {step} tidak bertanda di kolom Pelaksana mana pun", "step {step} has no mark in any Pelaksana column"),
          ("tandai x di kolom Pelaksana yang mengerjakan langkah ini", "mark x in the column of the Pelaksana who does this step")),
    _rule("pelaksana-multiple", "error", "value", ("Lebih dari satu Pelaksana", "More than one Pelaksana"),
          """A step is marked in more than one Pelaksana column; Permenpan RB 35/2012 gives each step exactly
          one actor. The finding points at the second mark.""",
          ("langkah {step} bertanda di {count} kolom Pelaksana: {value}", "step {step} is marked in {count} Pelaksana columns: {value}"),
          ("sisakan tanda di kolom satu Pelaksana; pecah langkahnya bila dikerjakan beberapa jabatan",
           "keep the mark of one Pelaksana; split the step if several jabatan do it")),
    _rule("pelaksana-joint", "info", "value", ("Langkah bersama", "Joint step"),
          """A step is marked x in its main Pelaksana's column and o in the columns of other roles that take
          part (co-Pelaksana: a joint step, or a start drawn beside the first box). The Log and the buttons
          record the main Pelaksana; the others are shown on the sheet, in the export and on the flowchart.
          A co-Pelaksana that is the main Pelaksana itself, or a step with co-Pelaksana but no x, is an
          error of its own.""",
          ("langkah {step} dikerjakan bersama: {main} (utama) dengan {value}",
           "step {step} is a joint step: {main} (main) with {value}"),
          ("pastikan Pelaksana utama bertanda x; pecah langkahnya bila tiap jabatan punya kegiatan sendiri",
           "check that the main Pelaksana is marked x; split the step if each jabatan has its own activity")),
    _rule("pelaksana-unused", "warning", "value", ("Pelaksana tanpa langkah", "Unused Pelaksana"),
          """A Pelaksana column carries no step. It takes room on the printed flowchart and suggests a step
          was marked in the wrong column.""",
          ('Pelaksana "{value}" tidak mengerjakan satu langkah pun', 'Pelaksana "{value}" carries no step'),
          ("tandai langkah Pelaksana ini, atau hapus kolomnya", "mark this Pelaksana's steps, or delete the column")),
    _rule("pelaksana-duplicate", "error", "value", ("Pelaksana ganda", "Pelaksana named twice"),
          """Two Pelaksana columns name the same jabatan (compared without case, punctuation, doubled
          letters or long forms: "Kasubag" and "Kepala Subbagian" are the same), so marks are split
          between them.""",
          ('Pelaksana "{value}" adalah jabatan yang sama dengan "{first}" di {other}',
           'Pelaksana "{value}" is the same jabatan as "{first}" at {other}'),
          ("gabungkan kedua kolom menjadi satu, atau beri nama jabatan yang berbeda",
           "merge the two columns into one, or name different jabatan")),
    _rule("kegiatan-empty", "error", "value", ("Kegiatan kosong", "Empty Kegiatan"),
          """A step has no activity text.""",
          ("langkah {step} tidak punya {kegiatan}", "step {step} has no {kegiatan}"),
          ('tulis kegiatannya, diawali kata kerja ("memeriksa usulan …")',
           'write the activity, starting with its verb ("memeriksa usulan …")')),
    _rule("kegiatan-starts-with-actor", "warning", "value", ("Kegiatan diawali pelaksana", "Kegiatan starts with the actor"),
          """Permenpan RB 35/2012: the Pelaksana is separated from the activity (pelaksana dipisahkan dari
          kegiatan). The Kegiatan starts with a jabatan of the Pelaksana columns ("Kabag memerintahkan …").""",
          ('{kegiatan} diawali nama pelaksana "{role}"', '{kegiatan} starts with the actor "{role}"'),
          ('awali dengan kata kerjanya: "{suggestion}" (pelaksana cukup ditandai di kolomnya)',
           'start with the verb: "{suggestion}" (the actor is marked in its column)')),
    _rule("waktu-empty", "warning", "value", ("Waktu kosong", "No time norm"),
          """A step has no Waktu (Mutu Baku time norm). The tracker shows its time used with status
          "no norm"; it is never counted as zero.""",
          ("langkah {step} tidak punya norma {waktu}", "step {step} has no time norm ({waktu} is empty)"),
          ('tulis normanya, mis. "30 menit", "2 jam" atau "1 hari"', 'write the norm, e.g. "30 menit", "2 jam" or "1 hari"')),
    _rule("waktu-bare-unit", "warning", "value", ("Satuan tanpa angka", "Unit without a number"),
          """Waktu holds only a unit ("menit"): a template placeholder that was never filled in. It is no
          norm, not zero.""",
          ('"{value}" tanpa angka', '"{value}" has no number'),
          ('tulis normanya, mis. "30 {value}"', 'write the norm as e.g. "30 {value}"')),
    _rule("waktu-invalid", "error", "value", ("Waktu tidak terbaca", "Unreadable Waktu"),
          """Waktu holds text that is not a time norm: a number and one of the units menit, jam, hari,
          hari kerja, hari kalender, minggu, bulan (or their English names).""",
          ('"{value}" bukan norma waktu', '"{value}" is not a time norm'),
          ('tulis angka dan satuan, mis. "30 menit", "2 jam", "1 hari", "3 hari kerja"',
           'write a number and a unit, e.g. "30 menit", "2 jam", "1 hari", "3 hari kerja"')),
    _rule("waktu-range", "info", "value", ("Waktu berupa rentang", "Waktu is a range"),
          """Waktu holds a range ("10 - 15 menit", "1 - 5 hari kerja"). The norm the tracker measures
          against is its upper bound — the most time the step may take — and the range stays written as
          it is. Worth a look: an SOP usually states one norm.""",
          ('"{value}" adalah rentang; normanya batas atas {norm}', '"{value}" is a range; its norm is the upper bound {norm}'),
          ("biarkan bila batas atas memang normanya, atau tulis satu norma, mis. \"{norm}\"",
           "leave it if the upper bound is the norm, or write one norm, e.g. \"{norm}\"")),
    _rule("output-not-used", "info", "value", ("Output tidak dipakai", "Output not used next"),
          """The Output of a step should be what the next step works on, so the next step's Kelengkapan
          (Ya branch for a decision) should mention it. "Mentions" means they share at least one
          significant word: words are compared in lower case, and numbers, one-letter words and
          connecting words (dan, atau, yang, untuk, dengan, telah, kepada, …) do not count.""",
          ('{output} langkah {step} ("{value}") tidak disebut di {kelengkapan} langkah {next}',
           'the {output} of step {step} ("{value}") is not mentioned in the {kelengkapan} of step {next}'),
          ("sebut dokumen itu di {kelengkapan} langkah {next}, atau periksa {output} langkah {step}",
           "name that document in the {kelengkapan} of step {next}, or check the {output} of step {step}")),
    # ---- the flow ------------------------------------------------------------------------------
    _rule("symbol-unknown", "error", "value", ("Simbol tidak dikenal", "Unknown Simbol"),
          """Simbol must be Mulai/Selesai (terminator), Proses or Keputusan (decision); the step is read as
          a process.""",
          ("{simbol} {shown} tidak dikenal", "unknown {simbol} {shown}"),
          ("pilih {terminator}, {process} atau {decision}", "choose {terminator}, {process} or {decision}")),
    _rule("flow-start-not-terminator", "error", "value", ("Awal bukan Mulai", "Start is not a terminator"),
          """The flowchart starts with a terminator (kapsul): the first step's Simbol must be Mulai/Selesai.""",
          ("langkah pertama ({step}) bersimbol {symbol}, bukan {terminator}",
           "the first step ({step}) is a {symbol}, not {terminator}"),
          ("ubah {simbol} langkah {step} menjadi {terminator}", "set the {simbol} of step {step} to {terminator}")),
    _rule("flow-end-not-terminator", "error", "value", ("Akhir bukan Selesai", "End is not a terminator"),
          """The flowchart ends with a terminator (kapsul): the last step's Simbol must be Mulai/Selesai.""",
          ("langkah terakhir ({step}) bersimbol {symbol}, bukan {terminator}",
           "the last step ({step}) is a {symbol}, not {terminator}"),
          ("ubah {simbol} langkah {step} menjadi {terminator}", "set the {simbol} of step {step} to {terminator}")),
    _rule("flow-terminator-inside", "warning", "value", ("Mulai/Selesai di tengah", "Terminator inside the flow"),
          """A step between the first and the last carries the terminator symbol, which marks only the start
          and the end of the flowchart.""",
          ("langkah {step} bersimbol {terminator} padahal bukan langkah pertama atau terakhir",
           "step {step} is a {terminator} but is neither the first nor the last step"),
          ("ubah {simbol}-nya menjadi {process} atau {decision}", "set its {simbol} to {process} or {decision}")),
    _rule("decision-branch-missing", "error", "value", ("Cabang keputusan kurang", "Decision branch missing"),
          """A decision (belah ketupat) needs both branches: Jika Ya (the step it goes on to) and Jika Tidak
          (the step it returns to). The finding points at the empty cell.""",
          ("keputusan di langkah {step} tidak punya {branch}", "the decision at step {step} has no {branch}"),
          ("tulis nomor langkah tujuan di {branch}", "write the number of the target step in {branch}")),
    _rule("target-invalid", "error", "value", ("Tujuan bukan nomor", "Target not a number"),
          """Jika Ya or Jika Tidak holds something other than a step number.""",
          ("{branch} {shown} bukan nomor langkah", "{branch} {shown} is not a step number"),
          ("tulis nomor langkah tujuan saja, mis. 4", "write only the number of the target step, e.g. 4")),
    _rule("target-missing", "error", "value", ("Tujuan tidak ada", "Target is not a step"),
          """Jika Ya or Jika Tidak names a step number that no step has.""",
          ("{branch} menuju langkah {value}, yang tidak ada", "{branch} goes to step {value}, which does not exist"),
          ("tulis nomor langkah yang ada ({first}–{last})", "write the number of an existing step ({first}–{last})")),
    _rule("tidak-forward", "warning", "value", ("Jika Tidak tidak kembali", "If No does not go back"),
          """A decision's Tidak branch returns the work to an earlier step to be corrected (the return is
          counted as rework). This one goes to the same step or a later one.""",
          ("{tidak} di langkah {step} menuju langkah {value}, bukan kembali ke langkah sebelumnya",
           "{tidak} at step {step} goes to step {value}, not back to an earlier step"),
          ("tulis nomor langkah sebelumnya yang memperbaiki berkas", "write the number of the earlier step that corrects the work")),
    _rule("tidak-without-decision", "error", "value", ("Jika Tidak tanpa keputusan", "If No on a non-decision"),
          """Only a decision has a Tidak branch; this step is a process or terminator with a Jika Tidak
          target, which the flow ignores.""",
          ("langkah {step} bersimbol {symbol} tetapi punya {tidak} ({value})",
           "step {step} is a {symbol} but has an {tidak} target ({value})"),
          ("ubah {simbol}-nya menjadi {decision}, atau kosongkan {tidak}", "set its {simbol} to {decision}, or clear {tidak}")),
    _rule("step-unreachable", "error", "value", ("Langkah tak tercapai", "Unreachable step"),
          """No path from the first step reaches this step. The flow goes from each step to its Jika Ya
          target (or the next row when Jika Ya is empty) and, for a decision, to its Jika Tidak target.""",
          ("langkah {step} tidak dapat dicapai dari langkah pertama", "step {step} cannot be reached from the first step"),
          ("arahkan {ya} atau {tidak} suatu langkah ke langkah ini, atau hapus langkahnya",
           "point a step's {ya} or {tidak} at this step, or delete it")),
    _rule("flow-loop-no-exit", "error", "value", ("Putaran tanpa jalan keluar", "Loop with no way out"),
          """Some steps lead only to each other, so a case that enters them can never reach the last step.
          Reported once per loop, at its first step.""",
          ("langkah {value} berputar tanpa jalan keluar ke langkah terakhir",
           "steps {value} go round with no way out to the last step"),
          ("beri salah satu langkahnya {ya} ke langkah sesudah putaran", "give one of them an {ya} to a step after the loop")),
    _rule("inference-unreviewed", "warning", "value", ("Dugaan impor belum ditinjau", "Import inference not reviewed"),
          """The importer guessed something about the step (its Pelaksana, Simbol, or Ya/Tidak target) and
          noted why in Inferensi Impor; nobody has marked it reviewed yet.""",
          ("{count} dugaan impor di langkah {step} belum ditinjau: {first}",
           "{count} import inference(s) at step {step} not reviewed: {first}"),
          ("periksa dugaannya, perbaiki bila perlu, lalu tulis {yes} di kolom {ditinjau}",
           "check the guesses, correct them if needed, then write {yes} in the {ditinjau} column")),
)

CATALOGUE: dict[str, Rule] = {rule.code: rule for rule in _RULES}


def rule(code: str) -> Rule:
    """The catalogue entry of `code`; a KeyError names the unknown code."""
    try:
        return CATALOGUE[code]
    except KeyError:
        raise KeyError(f"no finding code {code!r} in the catalogue") from None


def _lang_index(lang: str) -> int:
    return L.LANGS.index(lang)


@dataclass
class Finding:
    """One thing validation found: a catalogue code at a place (file, sheet, cell), with the value there."""

    code: str
    sheet: str | None = None
    cell: str | None = None
    value: str = ""
    params: dict = field(default_factory=dict)    # template fields; a (id, en) pair is picked by language
    file: str | None = None
    profile: str = DEFAULT_PROFILE                # the format profile the SOP was validated against

    def __post_init__(self):
        rule(self.code)

    @property
    def rule(self) -> Rule:
        return CATALOGUE[self.code]

    @property
    def severity(self) -> str:
        return self.rule.severity

    @property
    def category(self) -> str:
        return self.rule.category

    @property
    def location(self) -> str:
        """``Sheet!A1``, ``Sheet`` or "" as far as the place is known."""
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet or ""

    def _fields(self, lang: str) -> dict:
        index = _lang_index(lang)
        empty = ("(kosong)", "(empty)")[index]
        profile = PROFILES[self.profile]
        values = {key: profile.label(key)[index] for key in LABEL_KEYS}
        values.update({"profile_name": profile.name, "value": self.value, "shown": f'"{self.value}"' if self.value else empty, "sheet": self.sheet or ""})
        for key, value in self.params.items():
            values[key] = value[index] if isinstance(value, tuple) else value
        return values

    def message(self, lang: str = L.DEFAULT_LANG) -> str:
        return self.rule.message[_lang_index(lang)].format(**self._fields(lang))

    def fix(self, lang: str = L.DEFAULT_LANG) -> str:
        return self.rule.fix[_lang_index(lang)].format(**self._fields(lang))

    def render(self, lang: str = L.DEFAULT_LANG, *, with_file: bool = False) -> str:
        """One line for people: ``Aktivitas!J7: warning waktu-bare-unit: "menit" has no number — write …``."""
        place = self.location
        if (with_file or not place) and self.file:
            place = f"{self.file}: {place}" if place else self.file
        severity = L.text(f"severity_{self.severity}", lang)
        head = f"{place}: " if place else ""
        return f"{head}{severity} {self.code}: {self.message(lang)} — {self.fix(lang)}"

    def sort_key(self) -> tuple:
        sheet = L.SHEETS.index(self.sheet) if self.sheet in L.SHEETS else -1
        row, column = _cell_position(self.cell)
        return (sheet, row, column, list(CATALOGUE).index(self.code))

    def to_dict(self, lang: str = L.DEFAULT_LANG) -> dict:
        return {"code": self.code, "severity": self.severity, "category": self.category, "file": self.file,
                "sheet": self.sheet, "cell": self.cell, "location": self.location, "value": self.value,
                "message": self.message(lang), "fix": self.fix(lang), "profile": self.profile}


def _cell_position(cell: str | None) -> tuple[int, int]:
    if not cell:
        return (0, 0)
    letters = cell.rstrip("0123456789")
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64
    return (int(cell[len(letters):] or 0), column)


def count_by_severity(findings: list[Finding]) -> dict[str, int]:
    counts = dict.fromkeys(SEVERITIES, 0)
    for finding in findings:
        counts[finding.severity] += 1
    return counts


@dataclass
class FileResult:
    """The findings of one workbook, and whether they were written into its Temuan sheet."""

    file: str
    findings: list[Finding] = field(default_factory=list)
    written: bool | None = None          # None: not asked to write
    write_error: str | None = None

    @property
    def counts(self) -> dict[str, int]:
        return count_by_severity(self.findings)

    def summary_line(self, lang: str = L.DEFAULT_LANG) -> str:
        """``name.xlsx: 2 errors, 5 warnings, 1 info`` (or ``… tidak ada temuan``)."""
        return f"{self.file}: {_counts_text(self.counts, lang)}"

    def to_dict(self) -> dict:
        return {"file": self.file, **self.counts, "written": self.written, "write_error": self.write_error}


def _counts_text(counts: dict[str, int], lang: str) -> str:
    if not any(counts.values()):
        return ("tidak ada temuan", "no findings")[_lang_index(lang)]
    if lang == "en":
        return ", ".join(f"{counts[s]} {s}{'s' if counts[s] != 1 and s != 'info' else ''}" for s in SEVERITIES)
    return ", ".join(f"{counts[s]} {L.text(f'severity_{s}', lang)}" for s in SEVERITIES)


@dataclass
class Report:
    """The result of validating one or more workbooks."""

    files: list[FileResult] = field(default_factory=list)
    lang: str = L.DEFAULT_LANG

    @property
    def findings(self) -> list[Finding]:
        return [finding for result in self.files for finding in result.findings]

    @property
    def counts(self) -> dict[str, int]:
        return count_by_severity(self.findings)

    @property
    def has_errors(self) -> bool:
        """True when any finding is an error or a requested write failed (the CLI then exits 1)."""
        return self.counts["error"] > 0 or any(result.write_error for result in self.files)

    def codes(self) -> list[tuple[str, str | None]]:
        """The compact projection tests compare: ``[(code, "Sheet!A1"), …]``."""
        return [(f.code, f.location or None) for f in self.findings]

    def summary_line(self) -> str:
        """The total: ``3 buku kerja: 4 kesalahan, 9 peringatan, 2 info``."""
        word = ("buku kerja", "workbooks" if len(self.files) != 1 else "workbook")[_lang_index(self.lang)]
        return f"{len(self.files)} {word}: {_counts_text(self.counts, self.lang)}"

    def lines(self, *, details: bool = True) -> list[str]:
        """Text for people: the findings (when `details`), then one summary line per workbook and a total."""
        several = len(self.files) > 1
        out: list[str] = []
        for result in self.files:
            if details:
                out.extend(f.render(self.lang, with_file=several) for f in result.findings)
            if result.written:
                out.append(("{file}: {n} temuan ditulis ke lembar Temuan",
                            "{file}: {n} findings written to the Temuan sheet")[_lang_index(self.lang)]
                           .format(file=result.file, n=len(result.findings)))
            if result.write_error:
                out.append(("{file}: Temuan tidak ditulis: {error}", "{file}: Temuan not written: {error}")
                           [_lang_index(self.lang)].format(file=result.file, error=result.write_error))
            if several:
                out.append(result.summary_line(self.lang))
        if several or not self.files:
            out.append(self.summary_line())
        else:
            out.append(self.files[0].summary_line(self.lang))
        return out

    def to_dict(self) -> dict:
        return {"schema": "sopxl.validation.findings/1", "lang": self.lang,
                "summary": {"files": len(self.files), **self.counts, "clean": not self.has_errors},
                "files": [result.to_dict() for result in self.files],
                "findings": [finding.to_dict(self.lang) for finding in self.findings]}


# ---- the docs page ---------------------------------------------------------------------------

def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def docs_page() -> str:
    """The Markdown page of every finding code (docs/findings.md), generated from the catalogue."""
    out = [
        "# Validation findings",
        "",
        "<!-- generated by `python -m sopxl.validation.findings docs/findings.md` from sopxl/findings.py; do not edit -->",
        "",
        "`sopxl validate` reports each problem with one of these codes. Codes never change; select or",
        "ignore them with `--select CODE` / `--ignore CODE`. **error**: the SOP does not meet",
        "Permenpan RB 35/2012 or cannot run as written (exit code 1). **warning**: it runs, but readers or",
        "the tracker are misled. **info**: worth a look. Category **layout** is the workbook's shape",
        "(sheets, headers, labels); **value** is what a cell says.",
        "",
        "Messages are shown in Indonesian (`--lang id`, the default) or English (`--lang en`). In the",
        "templates below `{value}` is the offending cell's text, `{shown}` the same in quotes (or \"(empty)\"),",
        "and `{kegiatan}`, `{kelengkapan}`, `{waktu}`, `{ya}`, `{tidak}`, `{simbol}`, `{terminator}` … are the",
        "workbook's labels in the message's language (`{ya}` is *Jika Ya* or *If Yes*).",
        "",
        "| code | severity | category | title |",
        "|---|---|---|---|",
    ]
    for entry in _RULES:
        out.append(f"| [`{entry.code}`](#{entry.code}) | {entry.severity} | {entry.category} | {_cell(entry.title[1])} |")
    for entry in _RULES:
        out += [
            "",
            f"## {entry.code}",
            "",
            f"**{entry.severity}** · {entry.category} · {entry.title[1]} (*{entry.title[0]}*)",
            "",
            entry.description,
            "",
            "| | Indonesian | English |",
            "|---|---|---|",
            f"| message | {_cell(entry.message[0])} | {_cell(entry.message[1])} |",
            f"| fix | {_cell(entry.fix[0])} | {_cell(entry.fix[1])} |",
        ]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    """``python -m sopxl.validation.findings [PATH]``: write the docs page to PATH, or print it."""
    args = sys.argv[1:] if argv is None else argv
    page = docs_page()
    if args:
        Path(args[0]).write_text(page, encoding="utf-8")
    else:
        sys.stdout.write(page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
