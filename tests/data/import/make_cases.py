"""Make the SOP documents of issue 15: what offices actually write (run once; outputs are committed).

Each document imitates one way a real SOP is typed that the importer once refused or misread: a
"label | : | value" identity block, the signer's name and NIP under Disahkan oleh, list items one per
row with their printed numbers, decisions in other words, norms as written ("3 hr", "1 (satu) hari",
"10 - 15 menit"), actors written with "/" or misspelt, Ya/Tidak arrow labels in Pelaksana cells,
header synonyms ("Uraian Prosedur", "Tahapan Kegiatan", "Aktivitas/Kegiatan"), Word's automatic
numbering, space-aligned text from a web page, two SOPs on one page, and a header whose cells are
separated by single spaces (refused, saying what was found). The expected result of each is written
by hand beside it (NAME.expected.json: the `sopxl export` JSON, or {"refused": message}).
"""

from pathlib import Path

import docx
import xlsxwriter

HERE = Path(__file__).parent
MATRIX_TAIL = ["Kelengkapan", "Waktu", "Output"]


def _xlsx_steps(sheet, top: int, roles: list[str], steps: list[tuple], mark: str, as_text: bool = False) -> None:
    """Step rows under a matrix header at `top` (two header rows): No, Kegiatan, a mark in the actor's
    role column, then Kelengkapan, Waktu, Output. `as_text` writes the numbers as text, as some offices do."""
    for n, (kegiatan, actor, kelengkapan, waktu, output) in enumerate(steps, start=1):
        r = top + 1 + n
        sheet.write_string(r, 0, str(n)) if as_text else sheet.write_number(r, 0, n)
        sheet.write(r, 1, kegiatan)
        sheet.write(r, 2 + actor, mark)
        for i, value in enumerate([kelengkapan, waktu, output]):
            sheet.write(r, 2 + len(roles) + i, value)


def _xlsx_identity(sheet, pairs: list[tuple[str, str]], column: int) -> None:
    for row, (label, value) in enumerate(pairs):
        sheet.write(row, column, label)
        sheet.write(row, column + 1, value)


# ---- case 1 and 2 (Excel): identity block "label | : | value"; a signer in one cell with blank lines --

def identity_colon_column() -> None:
    workbook = xlsxwriter.Workbook(HERE / "identity_colon_column.xlsx")
    sheet = workbook.add_worksheet("SOP")
    wrap = workbook.add_format({"text_wrap": True})
    sheet.merge_range("A1:A6", "PEMERINTAH KOTA CONTOH\nSEKRETARIAT DAERAH\nBAGIAN ORGANISASI", wrap)
    identity = [("Nomor SOP", "065/012/ORG/2025"), ("Tanggal Pembuatan", "6 Januari 2025"),
                ("Tanggal Revisi", "-"), ("Tanggal Efektif", "13 Januari 2025"),
                ("Disahkan oleh", "Kepala Bagian Organisasi\n\n\n\nBudi Santoso, S.Sos\nNIP. 19800101 200501 1 002"),
                ("Nama SOP", "Penyusunan Analisis Jabatan")]
    for row, (label, value) in enumerate(identity):
        sheet.write(row, 1, label)
        sheet.write(row, 2, ":")
        sheet.write(row, 3, value, wrap)
    sections = [("Dasar Hukum :", "Permenpan RB Nomor 35 Tahun 2012", "Kualifikasi Pelaksana :", "Memahami analisis jabatan"),
                ("Keterkaitan :", "SOP Evaluasi Jabatan", "Peralatan/Perlengkapan :", "Komputer"),
                ("Peringatan :", "Peta jabatan tidak mutakhir", "Pencatatan dan Pendataan :", "Arsip elektronik")]
    row = 7
    for left, left_item, right, right_item in sections:
        sheet.write(row, 0, left)
        sheet.write(row, 2, right)
        sheet.write(row + 1, 0, left_item)
        sheet.write(row + 1, 2, right_item)
        row += 2
    roles = ["Kabag", "Kasubbag", "Analis"]
    top = row + 1
    sheet.write(top, 0, "No")
    sheet.write(top, 1, "Kegiatan")
    sheet.merge_range(top, 2, top, 4, "Pelaksana")
    sheet.merge_range(top, 5, top, 7, "Mutu Baku")
    sheet.write(top, 8, "Keterangan")
    for i, label in enumerate(roles + MATRIX_TAIL):
        sheet.write(top + 1, 2 + i, label)
    steps = [("Menugaskan penyusunan analisis jabatan", 0, "Disposisi", "15 menit", "Nota dinas"),
             ("Menyusun analisis jabatan", 2, "Nota dinas", "5 hari kerja", "Draf analisis jabatan"),
             ("Menetapkan analisis jabatan", 0, "Draf analisis jabatan", "1 hari", "Analisis jabatan")]
    _xlsx_steps(sheet, top, roles, steps, "x")
    workbook.close()


# ---- case 2 and 3 (Word): signer's name and NIP in the rows under Disahkan oleh; numbered paragraphs --

def signer_name_nip() -> None:
    document = docx.Document()
    document.add_paragraph("STANDAR OPERASIONAL PROSEDUR")
    identity = [("Nomor SOP", "800/045/UMUM/2025"), ("Tanggal Pembuatan", "2 Juni 2025"), ("Tanggal Revisi", ""),
                ("Tanggal Efektif", "16 Juni 2025"), ("Disahkan oleh", "Kepala Bagian Umum"),
                (None, ""), (None, ""), (None, "Dr. Siti Rahmawati, M.Si"), (None, "NIP. 19750312 200003 2 001"),
                ("Nama SOP", "Pengelolaan Surat Masuk")]
    table = document.add_table(rows=len(identity), cols=4)
    table.style = "Table Grid"
    agency = table.cell(0, 0).merge(table.cell(len(identity) - 1, 0))
    agency.text = "DINAS KOMUNIKASI DAN INFORMATIKA\nSEKRETARIAT"
    for row, (label, value) in enumerate(identity):
        if label:
            table.cell(row, 1).text = label
            table.cell(row, 2).text = ":"
        table.cell(row, 3).text = value
    sections = document.add_table(rows=6, cols=2)
    sections.style = "Table Grid"
    content = [("Dasar Hukum", ["1. Undang-Undang Nomor 43 Tahun 2009 tentang Kearsipan",
                                "2. Permenpan RB Nomor 35 Tahun 2012"]),
               ("Kualifikasi Pelaksana", ["1. Memahami tata naskah dinas", "2. Mampu mengoperasikan komputer"]),
               ("Keterkaitan", ["1. SOP Pengelolaan Surat Keluar", "2. SOP Penataan Arsip"]),
               ("Peralatan/Perlengkapan", ["1. Buku agenda", "2. Komputer"]),
               ("Peringatan", ["Surat tidak tertangani bila SOP tidak dilaksanakan"]),
               ("Pencatatan dan Pendataan", ["Buku agenda dan arsip elektronik"])]
    for index, (label, items) in enumerate(content):
        row, col = divmod(index, 2)
        sections.cell(row * 2, col).text = label
        cell = sections.cell(row * 2 + 1, col)
        cell.paragraphs[0].text = items[0]
        for item in items[1:]:
            cell.add_paragraph(item)
    roles = ["Kabag Umum", "Kasubbag TU", "Pengadministrasi"]
    matrix = document.add_table(rows=2, cols=2 + len(roles) + 4)
    matrix.style = "Table Grid"
    first, second = matrix.rows[0].cells, matrix.rows[1].cells
    first[0].merge(second[0]).text = "No"
    first[1].merge(second[1]).text = "Kegiatan"
    first[2].merge(first[1 + len(roles)]).text = "Pelaksana"
    first[2 + len(roles)].merge(first[4 + len(roles)]).text = "Mutu Baku"
    first[5 + len(roles)].merge(second[5 + len(roles)]).text = "Keterangan"
    for i, label in enumerate(roles + MATRIX_TAIL):
        second[2 + i].text = label
    steps = [("Menerima dan mencatat surat masuk", 2, "Surat masuk", "10 menit", "Agenda surat"),
             ("Menelaah surat dan memberi disposisi", 0, "Agenda surat", "30 menit", "Disposisi"),
             ("Meneruskan surat kepada unit pengolah", 1, "Disposisi", "1 jam", "Tanda terima")]
    for n, (kegiatan, actor, kelengkapan, waktu, output) in enumerate(steps, start=1):
        cells = matrix.add_row().cells
        cells[0].text = str(n)
        cells[1].text = kegiatan
        cells[2 + actor].text = "√"
        for i, value in enumerate([kelengkapan, waktu, output]):
            cells[2 + len(roles) + i].text = value
    document.save(HERE / "signer_name_nip.docx")


# ---- case 3 (Excel): list items one per row, each with its printed number -------------------------

def numbered_items_rows() -> None:
    workbook = xlsxwriter.Workbook(HERE / "numbered_items_rows.xlsx")
    sheet = workbook.add_worksheet("SOP")
    sheet.write(0, 0, "BADAN KEPEGAWAIAN DAERAH")
    _xlsx_identity(sheet, [("Nomor SOP", "BKD/003/2025"), ("Tanggal Pembuatan", "3 Maret 2025"),
                           ("Tanggal Efektif", "10 Maret 2025"), ("Disahkan oleh", "Kepala Badan"),
                           ("Nama SOP", "Pelayanan Kenaikan Pangkat")], column=2)
    rows = [("Dasar Hukum", "Kualifikasi Pelaksana"),
            ("1. Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara", "1. Memahami peraturan kepegawaian"),
            ("2. Peraturan Pemerintah Nomor 11 Tahun 2017", "2. Mampu mengoperasikan SIASN"),
            ("3. Permenpan RB Nomor 35 Tahun 2012", ""),
            ("Keterkaitan", "Peralatan/Perlengkapan"),
            ("1. SOP Verifikasi Berkas", "1. Komputer"),
            ("2. SOP Penerbitan Surat Keputusan", "2. Jaringan internet"),
            ("Peringatan", "Pencatatan dan Pendataan"),
            ("1. Pangkat terlambat naik bila berkas tidak lengkap", "1. Arsip elektronik SIASN")]
    for offset, (left, right) in enumerate(rows):
        sheet.write(6 + offset, 0, left)
        sheet.write(6 + offset, 2, right)
    top = 6 + len(rows) + 1
    roles = ["Kabid", "Analis Kepegawaian"]
    for i, label in enumerate(["No", "Kegiatan", "Pelaksana", "", "Mutu Baku", "", "", "Keterangan"]):
        sheet.write(top, i, label)
    for i, label in enumerate(roles + MATRIX_TAIL):
        sheet.write(top + 1, 2 + i, label)
    steps = [("Memeriksa kelengkapan berkas usulan", 1, "Berkas usulan", "1 hari", "Berkas terverifikasi"),
             ("Mengusulkan kenaikan pangkat melalui SIASN", 1, "Berkas terverifikasi", "2 hari", "Usulan"),
             ("Menyetujui usulan kenaikan pangkat", 0, "Usulan", "1 hari", "Persetujuan")]
    _xlsx_steps(sheet, top, roles, steps, "X", as_text=True)
    workbook.close()


# ---- text exports (tab-separated unless said otherwise) ----------------------------------------------

def _tab(rows: list[list[str]]) -> str:
    return "\n".join("\t".join(cells) for cells in rows) + "\n"


def _identity_rows(agency: str, nomor: str, made: str, effective: str, signer: str, name: str) -> list[list[str]]:
    return [[agency, "Nomor SOP", nomor], ["", "Tanggal Pembuatan", made], ["", "Tanggal Revisi", ""],
            ["", "Tanggal Efektif", effective], ["", "Disahkan oleh", signer], ["", "Nama SOP", name], [],
            ["Dasar Hukum", "Kualifikasi Pelaksana"], ["Permenpan RB Nomor 35 Tahun 2012", "Memahami tata naskah dinas"],
            ["Keterkaitan", "Peralatan/Perlengkapan"], ["SOP Pengelolaan Arsip", "Komputer"],
            ["Peringatan", "Pencatatan dan Pendataan"], ["Pekerjaan tertunda bila SOP tidak dilaksanakan", "Arsip elektronik"],
            []]


def _matrix_header(roles: list[str]) -> list[list[str]]:
    width = len(roles)
    return [["No", "Kegiatan", "Pelaksana", *[""] * (width - 1), "Mutu Baku", "", "", "Keterangan"],
            ["", "", *roles, *MATRIX_TAIL, ""]]


def _step(number: int, kegiatan: str, roles: list[str], kelengkapan: str, waktu: str, output: str,
          marks: dict[int, str] | None = None, keterangan: str = "") -> list[str]:
    cells = [""] * len(roles)
    for index, mark in (marks or {}).items():
        cells[index] = mark
    return [str(number), kegiatan, *cells, kelengkapan, waktu, output, keterangan]


def decisions_other_words() -> None:
    """Case 4: decisions worded "bila lengkap … bila tidak lengkap", the Tidak clause first, "bila sudah
    benar … bila belum benar", "apabila disetujui … apabila ditolak"; the actors are not marked."""
    roles = ["Pengadministrasi", "Kasubbag Umum", "Kabag Umum"]
    steps = [
        ("Menerima dan mencatat surat masuk, kemudian menyampaikannya kepada Kasubbag Umum", "Surat masuk", "15 menit", "Agenda surat"),
        ("Memeriksa kelengkapan surat. Bila lengkap diteruskan kepada Kabag Umum, bila tidak lengkap dikembalikan "
         "kepada Pengadministrasi untuk dilengkapi", "Agenda surat", "30 menit", "Surat terperiksa"),
        ("Menelaah surat. Jika tidak disetujui, surat dikembalikan kepada Kasubbag Umum untuk diperbaiki. Jika disetujui, "
         "memberi disposisi dan menyerahkannya kepada Pengadministrasi", "Surat terperiksa", "1 jam", "Disposisi"),
        ("Menyusun konsep surat balasan dan menyampaikannya kepada Kasubbag Umum", "Disposisi", "2 jam", "Konsep surat balasan"),
        ("Memeriksa konsep surat balasan. Bila sudah benar diparaf dan diteruskan kepada Kabag Umum, bila belum benar "
         "dikembalikan kepada Pengadministrasi", "Konsep surat balasan", "30 menit", "Konsep terparaf"),
        ("Menelaah konsep surat balasan; apabila disetujui menandatangani surat, apabila ditolak dikembalikan kepada "
         "Kasubbag Umum", "Konsep terparaf", "1 hari", "Surat balasan"),
        ("Mengarsipkan dan mengirimkan surat balasan", "Surat balasan", "1 hari", "Arsip surat"),
    ]
    rows = _identity_rows("SEKRETARIAT DPRD KOTA CONTOH", "800/07/SET/2025", "5 Mei 2025", "12 Mei 2025",
                          "Sekretaris DPRD", "Penanganan Surat Masuk")
    rows += _matrix_header(roles)
    rows += [_step(n, step[0], roles, *step[1:]) for n, step in enumerate(steps, 1)]
    (HERE / "decisions_other_words.txt").write_text(_tab(rows), encoding="utf-8")


def actors_lists_misspelt() -> None:
    """Case 6: role columns written with "/", actors misspelt ("Sekertaris", "Pengadministrasian"), and a
    signed letter that is filed and sent afterwards (not by the signer)."""
    roles = ["Kepala Dinas", "Sekretaris/para eselon III", "Kasubbag/Kasi", "Pengadministrasi Umum"]
    steps = [
        ("Pengadministrasian Umum menerima dan mencatat surat masuk, kemudian menyampaikannya kepada Sekertaris",
         "Surat masuk", "15 mnt", "Agenda surat"),
        ("Sekertaris menelaah surat dan mendisposisikan kepada Kasubbag/Kasi terkait", "Agenda surat", "1 jm", "Disposisi"),
        ("Kasi menyiapkan konsep jawaban dan menyerahkannya kepada Kepala Dinas melalui Sekretaris", "Disposisi",
         "1 hr", "Konsep jawaban"),
        ("menandatangani surat jawaban", "Konsep jawaban", "1 hari", "Surat jawaban"),
        ("mengarsipkan dan mengirimkan surat jawaban", "Surat jawaban", "30 menit", "Arsip surat"),
    ]
    rows = _identity_rows("DINAS PENDIDIKAN KOTA CONTOH", "420/11/DISDIK/2025", "7 Juli 2025", "14 Juli 2025",
                          "Kepala Dinas Pendidikan", "Penanganan Surat Pengaduan")
    rows += _matrix_header(roles)
    rows += [_step(n, step[0], roles, *step[1:]) for n, step in enumerate(steps, 1)]
    (HERE / "actors_lists_misspelt.txt").write_text(_tab(rows), encoding="utf-8")


def arrow_labels_in_pelaksana() -> None:
    """Cases 4 and 7 (seed 003's layout): Ya/Tidak labels of the flowchart's arrows copied into the
    Pelaksana cells — on the row under a step (a decision whose text names no condition) and a stray
    "Y" on a step whose Waktu is empty (once taken for a shift of the whole row)."""
    roles = ["Kasubbag", "Kabag", "Karo"]
    rows = _identity_rows("BIRO ORGANISASI", "OT.01/015/2025", "1 Agustus 2025", "8 Agustus 2025",
                          "Kepala Biro Organisasi", "Penyusunan Uraian Tugas")
    rows += _matrix_header(roles)
    rows += [_step(1, "mengajukan rancangan uraian tugas kepada Kabag", roles, "Rancangan", "30 menit", "Usulan"),
             _step(2, "memeriksa rancangan uraian tugas dan meneruskannya kepada Karo", roles, "Usulan", "1 jam",
                   "Rancangan terperiksa"),
             ["", "", "T", "Y", "", "", "", "", ""],
             _step(3, "menetapkan uraian tugas", roles, "Rancangan terperiksa", "", "Keputusan", marks={0: "Y"},
                   keterangan="SOP Penetapan Keputusan"),
             _step(4, "mendokumentasikan keputusan", roles, "Keputusan", "10 menit", "Arsip")]
    (HERE / "arrow_labels_in_pelaksana.txt").write_text(_tab(rows), encoding="utf-8")


def two_sops_one_page() -> None:
    """Case 8: one page holding two short SOPs, one after the other."""
    roles = ["Kasubbag", "Kabag"]
    rows = _identity_rows("BAGIAN UMUM", "UM/01/2025", "2 Januari 2025", "9 Januari 2025", "Kepala Bagian Umum",
                          "Peminjaman Ruang Rapat")
    rows += _matrix_header(roles)
    rows += [_step(1, "Mencatat permohonan peminjaman ruang rapat", roles, "Formulir", "10 menit", "Jadwal", {0: "x"}),
             _step(2, "Menyetujui peminjaman ruang rapat", roles, "Jadwal", "15 menit", "Persetujuan", {1: "x"}),
             []]
    rows += _identity_rows("BAGIAN UMUM", "UM/02/2025", "2 Januari 2025", "9 Januari 2025", "Kepala Bagian Umum",
                           "Peminjaman Kendaraan Dinas")
    rows += _matrix_header(roles)
    rows += [_step(1, "Mencatat permohonan peminjaman kendaraan", roles, "Formulir", "10 menit", "Jadwal", {0: "x"}),
             _step(2, "Memeriksa ketersediaan kendaraan", roles, "Jadwal", "30 menit", "Daftar kendaraan", {0: "x"}),
             _step(3, "Menyetujui peminjaman kendaraan", roles, "Daftar kendaraan", "15 menit", "Persetujuan", {1: "x"})]
    (HERE / "two_sops_one_page.txt").write_text(_tab(rows), encoding="utf-8")


def web_page_spaced() -> None:
    """Case 8: text copied from a web page: cells separated by runs of spaces, "Aktivitas/Kegiatan" for
    Kegiatan, long activities wrapped onto the next line, marks centred in their columns."""
    text = """\
PEMERINTAH KABUPATEN CONTOH
BAGIAN ORGANISASI SETDA

Nomor SOP           :   061/22/ORG/2025
Tanggal Pembuatan   :   4 Februari 2025
Tanggal Revisi      :   -
Tanggal Efektif     :   11 Februari 2025
Disahkan oleh       :   Kepala Bagian Organisasi
Nama SOP            :   Evaluasi Kelembagaan

Dasar Hukum                                Kualifikasi Pelaksana
Permenpan RB Nomor 20 Tahun 2018           Memahami evaluasi kelembagaan
Keterkaitan                                Peralatan/Perlengkapan
SOP Penataan Organisasi                    Komputer
Peringatan                                 Pencatatan dan Pendataan
Hasil evaluasi tidak valid                 Arsip elektronik

No   Aktivitas/Kegiatan                Pelaksana                  Mutu Baku                                       Keterangan
                                       Kabag    Kasubbag   Analis  Kelengkapan        Waktu        Output
1    Menugaskan evaluasi                 x                         Disposisi          15 menit     Nota dinas
     kelembagaan
2    Mengumpulkan data                                       x     Nota dinas         3 hari       Data kelembagaan
     kelembagaan dari perangkat
     daerah
3    Menyusun laporan evaluasi                      x              Data kelembagaan   2 hari       Laporan evaluasi    SOP Pelaporan
"""
    (HERE / "web_page_spaced.txt").write_text(text, encoding="utf-8")


def single_spaced_header() -> None:
    """Refused: a table pasted with single spaces between its cells; the refusal says where the header is."""
    text = ("SOP Penerimaan Tamu\n\nNo Kegiatan Pelaksana Mutu Baku Keterangan\n"
            "1 Menerima tamu x 5 menit Buku tamu\n2 Mengantar tamu x 10 menit -\n")
    (HERE / "single_spaced_header.txt").write_text(text, encoding="utf-8")


# ---- case 8 (Word and Excel): header synonyms; Word's automatic numbering in the No column ----------

def uraian_prosedur_autonumber() -> None:
    document = docx.Document()
    identity = document.add_table(rows=5, cols=2)
    for row, (label, value) in enumerate([("Nomor SOP", "HK.01/03/2025"), ("Tanggal Pembuatan", "20 Januari 2025"),
                                          ("Tanggal Efektif", "27 Januari 2025"), ("Disahkan oleh", "Kepala Bagian Hukum"),
                                          ("Nama SOP", "Penyusunan Produk Hukum")]):
        identity.cell(row, 0).text = label
        identity.cell(row, 1).text = value
    roles = ["Kabag Hukum", "Kasubbag Perundang-undangan", "Analis Hukum"]
    matrix = document.add_table(rows=2, cols=2 + len(roles) + 4)
    first, second = matrix.rows[0].cells, matrix.rows[1].cells
    first[0].merge(second[0]).text = "No."
    first[1].merge(second[1]).text = "Uraian Prosedur"
    first[2].merge(first[1 + len(roles)]).text = "Pelaksana"
    first[2 + len(roles)].merge(first[4 + len(roles)]).text = "Mutu Baku"
    first[5 + len(roles)].merge(second[5 + len(roles)]).text = "Ket."
    for i, label in enumerate(roles + ["Persyaratan/Kelengkapan", "Waktu", "Output"]):
        second[2 + i].text = label
    steps = [("Menerima usulan rancangan produk hukum", 1, "Usulan", "1 jam", "Usulan teregistrasi"),
             ("Menyusun rancangan produk hukum", 2, "Usulan teregistrasi", "5 hari", "Rancangan"),
             ("Memaraf rancangan produk hukum", 0, "Rancangan", "1 hari", "Rancangan terparaf")]
    for kegiatan, actor, kelengkapan, waktu, output in steps:
        cells = matrix.add_row().cells
        cells[0].paragraphs[0].style = document.styles["List Number"]      # Word numbers it: no text typed
        cells[1].text = kegiatan
        cells[2 + actor].text = "v"
        for i, value in enumerate([kelengkapan, waktu, output]):
            cells[2 + len(roles) + i].text = value
    document.save(HERE / "uraian_prosedur_autonumber.docx")


def tahapan_kegiatan() -> None:
    workbook = xlsxwriter.Workbook(HERE / "tahapan_kegiatan.xlsx")
    sheet = workbook.add_worksheet("SOP")
    _xlsx_identity(sheet, [("NOMOR SOP", "KP.02/09/2025"), ("TANGGAL PEMBUATAN", "9 September 2025"),
                           ("TANGGAL EFEKTIF", "16 September 2025"), ("DISAHKAN OLEH", "Kepala Bagian Kepegawaian"),
                           ("NAMA SOP", "Pengajuan Cuti Tahunan")], column=0)
    roles = ["Pegawai", "Kasubbag Kepegawaian"]
    top = 7
    for i, label in enumerate(["NO", "TAHAPAN KEGIATAN", "PELAKSANA", "", "MUTU BAKU", "", "", "KET"]):
        sheet.write(top, i, label)
    for i, label in enumerate(roles + ["PERSYARATAN", "WAKTU", "OUTPUT"]):
        sheet.write(top + 1, 2 + i, label)
    steps = [("Mengisi formulir cuti", 0, "Formulir cuti", "15 menit", "Formulir terisi"),
             ("Memeriksa sisa cuti dan menerbitkan surat cuti", 1, "Formulir terisi", "1 hari", "Surat cuti")]
    _xlsx_steps(sheet, top, roles, steps, "v")
    workbook.close()


# ---- case 5 (Excel): norms as offices write them -------------------------------------------------

def norms_as_written() -> None:
    workbook = xlsxwriter.Workbook(HERE / "norms_as_written.xlsx")
    sheet = workbook.add_worksheet("SOP")
    _xlsx_identity(sheet, [("Nomor SOP", "PR.03/04/2025"), ("Tanggal Pembuatan", "14 April 2025"),
                           ("Tanggal Efektif", "21 April 2025"), ("Disahkan oleh", "Kepala Bagian Perencanaan"),
                           ("Nama SOP", "Penyusunan Rencana Kerja")], column=0)
    roles = ["Kasubbag", "Kabag"]
    top = 7
    for i, label in enumerate(["No", "Kegiatan", "Pelaksana", "", "Mutu Baku", "", "", "Keterangan"]):
        sheet.write(top, i, label)
    for i, label in enumerate(roles + MATRIX_TAIL):
        sheet.write(top + 1, 2 + i, label)
    steps = [("Menyiapkan bahan rencana kerja", 0, "30 mnt"), ("Memeriksa bahan rencana kerja", 1, "2 jm"),
             ("Menyusun rancangan rencana kerja", 0, "3 hr"), ("Menelaah rancangan rencana kerja", 1, "1 (satu) hari"),
             ("Memperbaiki rancangan rencana kerja", 0, "10 - 15 menit"), ("Mengedarkan rancangan rencana kerja", 0, "1 x 24 jam"),
             ("Menghimpun tanggapan unit kerja", 0, "2 mgg"), ("Menetapkan rencana kerja", 1, "1 - 5 hari kerja"),
             ("Memantau pelaksanaan rencana kerja", 0, "1 bln")]
    _xlsx_steps(sheet, top, roles, [(kegiatan, actor, "Rencana kerja", waktu, "Rencana kerja")
                                    for kegiatan, actor, waktu in steps], "x")
    workbook.close()


CASES = [identity_colon_column, signer_name_nip, numbered_items_rows, decisions_other_words, actors_lists_misspelt,
         arrow_labels_in_pelaksana, two_sops_one_page, web_page_spaced, single_spaced_header,
         uraian_prosedur_autonumber, tahapan_kegiatan, norms_as_written]


if __name__ == "__main__":
    for make in CASES:
        make()
        print(make.__name__)
