"""The layouts of SOP documents sopxl imports: the labels offices write, and the importer's texts.

One table per thing a reader looks for — identity labels, list sections, the activity matrix's
column headers with their synonyms ("Uraian Prosedur", "Tahapan Kegiatan" for Kegiatan) — shared
by every importer (text, Word, Excel, PDF). The importer's notes, refusals and inference reasons
live here too, in Indonesian and English.
"""

from __future__ import annotations

from .texts import TEXTS, normalise_label

# identity field -> labels written for it (folded: lower case, no colon)
IDENTITY_LABELS: dict[str, tuple[str, ...]] = {
    "nomor": ("nomor sop", "no sop", "no. sop", "nomor", "sop number", "no. sop ap", "nomor sop ap"),
    "tanggal_pembuatan": ("tanggal pembuatan", "tgl pembuatan", "tanggal dibuat", "tgl. pembuatan", "date drafted"),
    "tanggal_revisi": ("tanggal revisi", "tgl revisi", "tgl. revisi", "revision date"),
    "tanggal_efektif": ("tanggal efektif", "tanggal pengesahan", "tanggal penetapan", "tgl efektif",
                        "tgl. efektif", "tanggal berlaku", "tgl. pengesahan", "effective date"),
    "disahkan_oleh": ("disahkan oleh", "ditetapkan oleh", "disetujui oleh", "approved by"),
    "nama": ("nama sop", "judul sop", "judul sop makro", "judul sop mikro", "nama sop makro",
             "nama sop mikro", "judul", "nama sop ap", "judul sop ap", "sop name"),
}
# list section -> the label's first words
SECTION_PREFIXES: dict[str, tuple[str, ...]] = {
    "dasar_hukum": ("dasar hukum", "legal basis"),
    "kualifikasi": ("kualifikasi", "implementer qualifications"),
    "keterkaitan": ("keterkaitan", "related sops"),
    "peralatan": ("peralatan", "perlengkapan", "equipment"),
    "peringatan": ("peringatan", "warning"),
    "pencatatan": ("pencatatan", "pendataan", "recording"),
}
# activity matrix column -> the header texts that name it; a header names a column when it is one of
# these or starts with one followed by a space or "/" ("Persyaratan/ Kelengkapan", "Waktu (menit)")
MATRIX_HEADERS: dict[str, tuple[str, ...]] = {
    "no": ("no", "no.", "nomor", "no urut", "no. urut", "nmr"),
    "kegiatan": ("kegiatan", "uraian kegiatan", "aktivitas", "aktivitas/kegiatan", "kegiatan/aktivitas",
                 "uraian prosedur", "uraian aktivitas", "tahapan kegiatan", "tahapan", "langkah kegiatan",
                 "langkah-langkah kegiatan", "prosedur", "uraian", "activity", "activities"),
    "pelaksana": ("pelaksana", "pelaku", "implementer", "implementers"),
    "mutu_baku": ("mutu baku", "mutu buku", "baku mutu", "quality standard"),
    "kelengkapan": ("kelengkapan", "persyaratan", "persyaratan/kelengkapan", "input", "syarat", "requirements"),
    "waktu": ("waktu", "time"),
    "output": ("output", "keluaran", "hasil"),
    "keterangan": ("keterangan", "ket", "ket.", "catatan", "remarks"),
}


def matrix_header_key(cell: object) -> str | None:
    """The matrix column a header cell names ("Uraian Prosedur" -> "kegiatan"), or None."""
    label = normalise_label(cell)
    for key, names in MATRIX_HEADERS.items():
        for name in names:
            if label == name or (label.startswith(name) and label[len(name):len(name) + 1] in (" ", "/", "(")):
                return key
    return None


def header_words(key: str) -> tuple[str, ...]:
    """The first words of the header texts of column `key`, for readers that see words, not cells (PDF)."""
    return tuple(dict.fromkeys(name.split()[0] for name in MATRIX_HEADERS[key]))


TEXTS.update({
    # the import's summary line and its notes
    "imp_summary": ("{where}: {steps} langkah, {roles} pelaksana, {decisions} keputusan, {norms} norma waktu "
                    "({no_norm} tanpa norma), {inferences} inferensi perlu ditinjau",
                    "{where}: {steps} steps, {roles} roles, {decisions} decisions, {norms} norms ({no_norm} without), "
                    "{inferences} inferences to review"),
    "imp_note": ("catatan", "note"),
    # notes on what the importer repaired or skipped
    "imp_note_shift": ("langkah {step}: sel bergeser {shift:+d} kolom; diluruskan pada {anchor}",
                       "step {step}: cells were shifted by {shift:+d} column(s); realigned on the {anchor}"),
    "imp_anchor_waktu": ("sel Waktu", "Waktu cell"),
    "imp_anchor_roles": ("kolom Pelaksana", "Pelaksana columns"),
    "imp_note_skipped": ("baris {line}: {text!r} dilewati (bukan langkah)", "line {line}: skipped {text!r} (not a step)"),
    "imp_note_arrow": ("label panah Y/T di kolom Pelaksana langkah {steps} dibaca sebagai label Ya/Tidak, bukan tanda "
                       "Pelaksana", "the Y/T arrow labels in the Pelaksana cells of steps {steps} were read as Ya/Tidak "
                       "labels, not Pelaksana marks"),
    "imp_note_range": ("langkah {step}: Waktu {waktu!r} adalah rentang; normanya batas atas {norm}",
                       "step {step}: Waktu {waktu!r} is a range; its norm is the upper bound {norm}"),
    "imp_note_spaced": ("sel dipisahkan spasi, bukan tab: kolom dibaca dari posisi judul di baris {line}",
                        "cells are separated by spaces, not tabs: columns read from the header's positions on line {line}"),
    "imp_note_parts": ("dokumen memuat {count} SOP; dibaca SOP ke-{part} ({name}); impor yang lain dengan --part N",
                       "the document holds {count} SOPs; read SOP {part} ({name}); import the others with --part N"),
    "imp_note_sopxl_workbook": ("sudah berupa buku kerja sopxl: dibaca apa adanya", "already an sopxl workbook: read as it is"),
    "imp_no_file_fix": ("periksa nama dan foldernya", "check the path"),
    "imp_folder": ("ini folder, bukan dokumen", "is a folder, not a document"),
    "imp_empty": ("file kosong", "the file is empty"),
    "imp_empty_fix": ("ekspor ulang SOP-nya", "export the SOP again"),
    "imp_too_big": ("file berukuran {mb} MB; dokumen SOP jauh lebih kecil, ditolak",
                    "the file is {mb} MB; an SOP document is far smaller, refused"),
    "imp_unknown_type": ("jenis dokumen {suffix} tidak dikenal", "unknown document type {suffix}"),
    "imp_unknown_type_fix": ("impor PDF terbitan, ekspor .txt (dipisah tab), .docx, .xlsx, atau JSON dari `sopxl export`",
                             "import a published PDF, a .txt export (tab-separated), a .docx, an .xlsx, or the JSON of "
                             "`sopxl export`"),
    "imp_bad_json": ("bukan JSON yang sah ({detail})", "is not valid JSON ({detail})"),
    "imp_not_sop_json": ("bukan SOP dalam JSON sopxl (diharapkan \"schema\": \"sopxl.sop/1\")",
                         "is not an SOP in sopxl's JSON (expected \"schema\": \"sopxl.sop/1\")"),
    "imp_not_sop_json_fix": ("tulis dengan `sopxl export WORKBOOK > sop.json`", "write it with `sopxl export WORKBOOK > sop.json`"),
    "imp_json_schema": ("SOP-nya tidak sesuai skema ({detail})", "has an SOP that does not fit the schema ({detail})"),
    "imp_json_shape": ("tidak sesuai skema: {detail}", "does not fit the schema: {detail}"),
    "imp_json_shape_fix": ("bandingkan dengan docs/export-schema.md, atau tulis dengan `sopxl export`",
                           "compare it with docs/export-schema.md, or write it with `sopxl export`"),
    "imp_json_deep": ("bersarang terlalu dalam untuk sebuah SOP dalam JSON sopxl",
                      "is nested too deeply to be an SOP in sopxl's JSON"),
    "imp_json_deep_fix": ("tulis dengan `sopxl export BUKU > sop.json`", "write it with `sopxl export WORKBOOK > sop.json`"),
    "imp_json_schema_fix": ("bandingkan dengan docs/export-schema.md", "compare it with docs/export-schema.md"),
    "imp_binary": ("file biner, bukan ekspor teks", "is a binary file, not a text export"),
    "imp_binary_fix": ("ekspor tabel SOP sebagai teks (dipisah tab), atau impor .docx/.xlsx-nya",
                       "export the SOP's tables as text (tab-separated), or import the .docx/.xlsx itself"),
    "imp_not_zip": ("bukan file Office yang sah (bukan arsip zip, atau terpotong)",
                    "is not a valid Office file (not a zip archive, or truncated)"),
    "imp_not_zip_fix": ("buka dan simpan ulang di Word atau Excel", "open and save it again in Word or Excel"),
    "imp_zip_bomb": ("terurai menjadi lebih dari 500 MB; ditolak", "unpacks to more than 500 MB; refused"),
    "imp_bad_docx": ("tidak terbaca sebagai dokumen Word ({detail})", "cannot be read as a Word document ({detail})"),
    "imp_bad_docx_fix": ("buka dan simpan ulang di Word sebagai .docx", "open and save it again in Word as .docx"),
    "imp_no_header": ("tidak ada tabel kegiatan SOP: dicari baris judul dengan sel 'No' dan 'Kegiatan' (atau "
                      "'Uraian Prosedur', 'Tahapan Kegiatan', 'Aktivitas')",
                      "no SOP activity table found: expected a header row with the cells 'No' and 'Kegiatan' "
                      "(or 'Uraian Prosedur', 'Tahapan Kegiatan', 'Aktivitas')"),
    "imp_closest_header": ("; yang paling mirip judul: baris {line} ({found}), tetapi tanpa sel No diikuti sel Kegiatan",
                           "; the closest to one: line {line} ({found}), but without a No cell followed by a Kegiatan cell"),
    "imp_no_header_fix": ("impor ekspor teks, .docx atau .xlsx SOP AP yang matriks kegiatannya berjudul resmi (No, "
                          "Kegiatan, Pelaksana…, Mutu Baku, Keterangan)",
                          "import a text export, .docx or .xlsx of an SOP AP whose activity matrix has the "
                          "official header (No, Kegiatan, Pelaksana…, Mutu Baku, Keterangan)"),
    "imp_header_unsplit": ("judul dengan No dan Kegiatan ada di baris {line}, tetapi selnya dipisahkan {how}, "
                           "sehingga kolomnya tidak terbaca: {text!r}",
                           "a header with No and Kegiatan was found on line {line}, but its cells are separated by "
                           "{how}, so its columns cannot be read: {text!r}"),
    "imp_by_single_spaces": ("satu spasi", "single spaces"),
    "imp_header_unsplit_fix": ("ekspor ulang tabelnya dengan tab di antara sel, atau impor .docx/.xlsx-nya",
                               "export the table again with tabs between cells, or import its .docx/.xlsx"),
    "imp_no_kelengkapan": ("tabel kegiatan di baris {line} tidak punya kolom Kelengkapan/Persyaratan di baris judulnya "
                           "(ditemukan: {found})",
                           "the activity table on line {line} has no Kelengkapan/Persyaratan column in its header "
                           "(found: {found})"),
    "imp_no_kelengkapan_fix": ("matriks perlu judul resmi: No, Kegiatan, Pelaksana (satu kolom per jabatan), Mutu Baku "
                               "(Kelengkapan, Waktu, Output), Keterangan",
                               "the matrix needs the official header: No, Kegiatan, Pelaksana (one column per role), "
                               "Mutu Baku (Kelengkapan, Waktu, Output), Keterangan"),
    "imp_no_roles": ("kolom Pelaksana tabel kegiatan di baris {line} tidak bernama jabatan",
                     "the Pelaksana columns of the activity table on line {line} have no role names"),
    "imp_no_roles_fix": ("tulis satu jabatan per kolom", "write one role (jabatan) per column"),
    "imp_no_steps": ("tabel kegiatan di baris {line} punya judul tetapi tidak ada langkah bernomor",
                     "the activity table on line {line} has a header but no numbered steps"),
    "imp_no_steps_fix": ("setiap baris langkah diawali nomornya di kolom No",
                         "each step row starts with its number in the No column"),
    "imp_part_missing": ("dokumen memuat {count} SOP; tidak ada SOP ke-{part}", "the document holds {count} SOP(s); there is no SOP {part}"),
    "imp_part_missing_fix": ("pilih --part antara 1 dan {count}", "choose --part between 1 and {count}"),
    # inference reasons (the workbook's Inferensi column)
    "inf_start": ("kegiatan diawali nama {role}", "the activity starts with the name {role}"),
    "inf_by": ("kegiatan menyebut pelakunya: oleh {role}", "the activity names its actor: by {role}"),
    "inf_handover": ("langkah {prev} menyerahkan kepada {role}", "step {prev} hands over to {role}"),
    "inf_returned": ("keputusan di langkah {next} mengembalikan kepada {role}",
                     "the decision at step {next} returns to {role}"),
    "inf_output": ("Output/Kelengkapan menyebut {role}", "the Output/Kelengkapan names {role}"),
    "inf_back_to_submitter": ("langkah {prev} ({signer}) tidak menyerahkan kepada siapa pun; pekerjaan kembali ke {role} "
                              "yang menyerahkannya di langkah {submitted}",
                              "step {prev} ({signer}) hands over to no one; the work returns to {role}, who handed it "
                              "over at step {submitted}"),
    "inf_same": ("teks tidak menyebut pelaksana; dianggap sama dengan langkah {prev}",
                 "the text names no actor; assumed the same as step {prev}"),
    "inf_first_column": ("teks tidak menyebut pelaksana; kolom Pelaksana pertama",
                         "the text names no actor; the first Pelaksana column"),
    "inf_terminator_first": ("langkah pertama: Mulai", "first step: start"),
    "inf_terminator_last": ("langkah terakhir: Selesai", "last step: end"),
    "inf_decision": ("teks memuat pilihan \"{yes} … {no}\"", "the text carries a \"{yes} … {no}\" choice"),
    "inf_decision_labels": ("label Ya/Tidak tertulis di kolom Pelaksana langkah {step}",
                            "Ya/Tidak labels are written in the Pelaksana cells of step {step}"),
    "inf_ya_next": ("Ya berlanjut ke langkah berikutnya", "Ya goes on to the next step"),
    "inf_tidak_role": ("dikembalikan kepada {role}: langkah terakhirnya sebelum keputusan",
                       "returned to {role}: its latest step before the decision"),
    "inf_tidak_previous": ("tujuan pengembalian tidak jelas; langkah sebelumnya",
                           "the return target is unclear; the previous step"),
    # how a role was recognised in the text, appended to a reason when not written exactly
    "role_how_long_form": ("ditulis \"{written}\"", "written \"{written}\""),
    "role_how_list": ("ditulis \"{written}\", salah satu nama yang dipisah \"/\"",
                      "written \"{written}\", one of the names separated by \"/\""),
    "role_how_spacing": ("ditulis \"{written}\", beda spasi", "written \"{written}\", spaced differently"),
    "role_how_spelling": ("ditulis \"{written}\", salah eja", "written \"{written}\", misspelt"),
    # the PDF reader (importing/pdf*): refusals, notes, and the reasons of what it read from the shapes
    "imp_pdf_not_pdf": ("bukan PDF (tidak diawali %PDF)", "is not a PDF (no %PDF header)"),
    "imp_pdf_not_pdf_fix": ("impor PDF yang diterbitkan kantor, atau asli Word/Excel-nya",
                            "import the PDF the office published, or its Word/Excel original"),
    "imp_pdf_encrypted": ("PDF terkunci (perlu kata sandi untuk dibuka)", "is encrypted (a password is needed to open it)"),
    "imp_pdf_encrypted_fix": ("minta PDF tanpa kata sandi, atau cetak ulang ke PDF tanpa kata sandi",
                              "ask the office for the unprotected PDF, or print it again to PDF without a password"),
    "imp_pdf_broken": ("tidak terbaca sebagai PDF ({detail})", "cannot be read as a PDF ({detail})"),
    "imp_pdf_broken_fix": ("buka di penampil PDF; bila tampil, cetak ulang ke PDF lalu impor hasilnya",
                           "open it in a PDF viewer; if it shows, print it again to PDF and import that"),
    "imp_pdf_library": ("PDF tidak dapat dibaca: {detail}", "cannot read PDFs: {detail}"),
    "imp_pdf_library_fix": ("pasang pdfplumber (pip install pdfplumber)", "install pdfplumber (pip install pdfplumber)"),
    "imp_pdf_pages": ("PDF berisi {count} halaman; dokumen SOP jauh lebih pendek, ditolak",
                      "has {count} pages; an SOP document has far fewer, refused"),
    "imp_pdf_shapes": ("halaman {page} berisi {count} gambar garis; lebih dari tabel dan bagan alir SOP, ditolak",
                       "page {page} holds {count} drawn shapes; more than an SOP's table and flowchart, refused"),
    "imp_pdf_picture_table": ("tabel kegiatan berupa gambar (hasil pindai atau tempelan), tidak ada teks untuk dibaca",
                              "the activity table is a picture (scanned or pasted), no text to read"),
    "imp_pdf_picture_table_fix": ("impor asli Word atau Excel-nya, PDF yang dicetak darinya, atau hasil pindai yang lebih "
                                  "jelas (300 dpi)",
                                  "import the Word or Excel original, a PDF printed from it, or a clearer scan (300 dpi)"),
    "imp_pdf_not_sop": ("bukan dokumen SOP: tidak ada tabel kegiatan (No, Kegiatan, Pelaksana, Mutu Baku)",
                        "is not an SOP document: no activity table (No, Kegiatan, Pelaksana, Mutu Baku) found"),
    "imp_pdf_not_sop_fix": ("impor SOP AP yang diterbitkan, atau asli Word/Excel-nya",
                            "import a published SOP AP, or its Word/Excel original"),
    "imp_note_pdf_flow": ("alur {index} dari {count} di bawah identitas halaman {page}: {name}",
                          "flow {index} of {count} under the identity block of page {page}: {name}"),
    "imp_note_pdf_picture": ("halaman {page}: bagan alir berupa gambar; Pelaksana, simbol dan alur disimpulkan dari teks",
                             "page {page}: the flowchart is a picture; Pelaksana, symbols and routing inferred from the text"),
    "imp_note_pdf_connector": ("halaman {page}: penghubung antarhalaman {text!r} tidak bersambung ke halaman berikutnya",
                               "page {page}: an off-page connector {text!r} leads to no connector on a later page"),
    "pdf_column": ("simbol di kolom {role}, halaman {page}", "symbol in column {role}, page {page}"),
    "pdf_co": ("simbol juga di kolom {role}, halaman {page}: pelaksana bersama",
               "a symbol also in column {role}, page {page}: a joint step"),
    "pdf_main_decision": ("keputusan di kolom {role}", "the decision is in column {role}"),
    "pdf_main_entered": ("alur masuk dari langkah {source} ke kolom {role}",
                         "the flow enters from step {source} in column {role}"),
    "pdf_main_start": ("alur baris ini mulai di kolom {role}", "this row's flow starts in column {role}"),
    "pdf_shape": ("bentuk {shape}, halaman {page}", "{shape} shape, page {page}"),
    "pdf_shape_terminator": ("kapsul (Mulai/Selesai)", "capsule (start/end)"),
    "pdf_shape_process": ("kotak (Proses)", "rectangle (process)"),
    "pdf_shape_decision": ("belah ketupat (Keputusan)", "diamond (decision)"),
    "pdf_shape_document": ("dokumen, dibaca sebagai Proses", "document, read as a process"),
    "pdf_label": ("cabang berlabel '{label}' menuju langkah {target}", "the branch labelled '{label}' goes to step {target}"),
    "pdf_label_word": ("cabang '{label}' dibaca sebagai {answer}, menuju langkah {target}",
                       "branch '{label}' taken as {answer}, goes to step {target}"),
    "pdf_other_branch": ("cabang lain keputusan (tanpa label), menuju langkah {target}",
                         "the decision's other branch (no label), goes to step {target}"),
    "pdf_forward": ("cabang tanpa label ke langkah sesudahnya dibaca Ya", "an unlabelled branch forward read as Ya"),
    "pdf_back": ("cabang tanpa label kembali ke langkah sebelumnya dibaca Tidak", "an unlabelled branch back read as Tidak"),
    "pdf_ocr_page": ("halaman {page} dibaca dari gambarnya dengan OCR", "page {page} read from its picture with OCR"),
    "pdf_ocr_picture": ("gambar pada halaman {page} dibaca dengan OCR", "a picture on page {page} read with OCR"),
    "pdf_ocr_unsure": ("{count} kata hasil OCR kurang pasti, periksa: {words}",
                       "{count} word(s) read with OCR are unsure, check them: {words}"),
    "pdf_ocr_missing": ("bagan alir berupa gambar; untuk membacanya: {fix}", "the flowchart is a picture; to read it: {fix}"),
    "pdf_ocr": ("baris dibaca dari gambar (OCR), halaman {page}: cocokkan dengan dokumen",
                "row read from a picture (OCR), page {page}: check it against the document"),
    "pdf_number_sequence": ("nomor langkah terbaca {read} dari gambar, di antara {before} dan {after}: dibaca {number}",
                            "step number read as {read} from a picture, between {before} and {after}: taken as {number}"),
    "pdf_number_unread": ("nomor langkah tidak terbaca dari gambar, di antara {before} dan {after}: dibaca {number}",
                          "step number not readable in the picture, between {before} and {after}: taken as {number}"),
    "pdf_number_unread_first": ("nomor langkah tidak terbaca dari gambar, baris pertama sebelum langkah {after}: "
                                "dibaca {number}",
                                "step number not readable in the picture, the first row before step {after}: "
                                "taken as {number}"),
    "pdf_number_sequence_end": ("nomor langkah terbaca {read} dari gambar, tidak urut dengan langkah {neighbour} "
                                "di sebelahnya: dibaca {number}",
                                "step number read as {read} from a picture, out of sequence with step {neighbour} "
                                "beside it: taken as {number}"),
    "pdf_picture": ("bagan alir halaman {page} berupa gambar: dari teks", "the flowchart on page {page} is a picture: from the text"),
    "pdf_no_symbol": ("tidak ada simbol di baris ini (halaman {page}): dari teks",
                      "no symbol in this row (page {page}): from the text"),

    # the table of a folder import (sopxl import FOLDER -o OUTDIR)
    "imp_folder_columns": ("berkas|SOP|langkah|pelaksana|keputusan|norma|ditinjau|buku kerja / alasan ditolak",
                           "file|SOP|steps|actors|decisions|norms|review|workbook / refused because"),
    "imp_folder_refused": ("ditolak: {reason}", "refused: {reason}"),
    "imp_folder_total": ("{imported} SOP diimpor ke {output}, {refused} ditolak",
                         "{imported} SOP(s) imported into {output}, {refused} refused"),
    "imp_folder_unexpected": ("galat tak terduga ({detail}); laporkan ke pengembang sopxl",
                              "unexpected error ({detail}); please report it to sopxl's developers"),
})
