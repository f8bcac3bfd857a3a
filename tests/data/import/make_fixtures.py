"""Make the .docx and .xlsx SOP documents used by the import tests (run once; outputs are committed).

They imitate documents offices write by hand, in layouts unlike the text exports: a Word file with
merged header cells, a column-numbering row, the header repeated after a page break, a step broken
across pages, number and unit of Waktu on separate lines, and label typos; an Excel sheet with the
identity block above the matrix, marks (X) in the Pelaksana cells and norms in every unit.
"""

from pathlib import Path

import docx
import openpyxl
from docx.enum.text import WD_BREAK

HERE = Path(__file__).parent
ROLES = ["Kasubbag", "Kabag", "Karo", "Tim", "Fungsional Umum"]
STEPS = [
    ("mengajukan usulan Pelaksanaan Monitoring kepada Kabag MK.", "Rencana Kerja", "15\nMenit", "Rencana Kerja"),
    ("memeriksa usulan. Jika setuju menyampaikan kepada Karo Perencanaan, jika tidak setuju dikembalikan kepada Kasubbag untuk diperbaiki",
     "Rencana Kerja", "30\nmenit", "Disposisi"),
    ("memeriksa usulan. Jika setuju memerintahkan Kabag MK untuk membentuk tim Monitoring, jika tidak setuju dikembalikan kepada Kabag MK untuk diperbaiki.",
     "Rencana Kerja", "1\nJam", "SK Tim"),
    ("memerintahkan Kasubbag untuk membentuk tim Monitoring", "SK Tim", "2 jam", "Disposisi"),
    ("membentuk tim Monitoring", "Disposisi", "1 hari", "Tim"),
    ("melakukan persiapan dan melaksanakan Monitoring serta menyusun konsep laporan Monitoring dan menyerahkan kepada Kasubbag",
     "Tim", "5 hari kerja", "Konsep laporan"),
    ("memeriksa konsep laporan Monitoring. Jika setuju memberi paraf dan menyampaikan kepada Kabag MK, jika tidak setuju dikembalikan kepada tim Monitoring untuk diperbaiki.",
     "Konsep laporan", "", "Konsep laporan"),
    ("mendokumentasikan laporan Monitoring.", "Laporan", "menit", "Dokumentasi"),
]


def make_docx() -> None:
    document = docx.Document()
    document.add_paragraph("STANDAR OPERASIONAL PROSEDUR")
    identity = document.add_table(rows=5, cols=3)
    identity.style = "Table Grid"
    agency = identity.cell(0, 0).merge(identity.cell(4, 0))
    agency.text = "KEMENTERIAN KETENAGAKERJAAN\nSEKRETARIAT JENDERAL\nBIRO PERENCANAAN"
    for row, (label, value) in enumerate([("Nomor SOP", "OT.04.00/12/2024"), ("Tanggal Pembuatan", "3 Januari 2024"),
                                          ("Tanggal Efektif", "15 Januari 2024"), ("Disahkan oleh", "Kepala Biro Perencanaan"),
                                          ("Nama SOP", "Pelaksanaan Monitoring")]):
        identity.cell(row, 1).text = label
        identity.cell(row, 2).text = value
    sections = document.add_table(rows=6, cols=2)
    sections.style = "Table Grid"
    content = [("Dasar Hukum:", "UU No. 39 Tahun 2008 tentang Kementerian Negara\nPermenaker No. 7 Tahun 2017 tentang Pedoman SOP AP"),
               ("KUALIFIKASI PELAKSANAAN:", "Memahami tata cara monitoring\nMampu menyusun laporan"),
               ("Keterkaitan:", "SOP Pembentukan Tim\nSOP Pendokumentasian"),
               ("Peralatan/Perlengkapan:", "Komputer\nPrinter"),
               ("Peringatan:", "Laporan terlambat bila SOP tidak dilaksanakan"),
               ("Pencatatan dan Pendataan:", "Disimpan secara elektronik")]
    for left, right in zip(content[0::2], content[1::2]):
        label_row = sections.add_row() if sections.rows[0].cells[0].text else sections.rows[0]
    for index, (label, items) in enumerate(content):
        row, col = divmod(index, 2)
        sections.cell(row * 2, col).text = label
        sections.cell(row * 2 + 1, col).text = items
    width = 2 + len(ROLES) + 4
    matrix = document.add_table(rows=0, cols=width)
    matrix.style = "Table Grid"

    def header() -> None:
        first, second = matrix.add_row().cells, matrix.add_row().cells
        first[0].merge(second[0]).text = "No."
        first[1].merge(second[1]).text = "Kegiatan"
        first[2].merge(first[1 + len(ROLES)]).text = "Pelaksana"
        for i, role in enumerate(ROLES):
            second[2 + i].text = role
        first[2 + len(ROLES)].merge(first[4 + len(ROLES)]).text = "MUTU BUKU"
        for i, label in enumerate(["Persyaratan/ Kelengkapan", "Waktu", "Output"]):
            second[2 + len(ROLES) + i].text = label
        first[width - 1].merge(second[width - 1]).text = "Keterangan"

    header()
    numbering = matrix.add_row().cells
    for i in range(width):
        numbering[i].text = str(i + 1)
    for number, (kegiatan, kelengkapan, waktu, output) in enumerate(STEPS, start=1):
        if number == 5:
            # a page break in Word: the header repeats
            header()
        cells = matrix.add_row().cells
        cells[0].text = str(number)
        if number == 6:
            # the step breaks across pages: its text continues in an unnumbered row
            cut = kegiatan.index(" ", 40)
            cells[1].text = kegiatan[:cut]
            rest = matrix.add_row().cells
            rest[1].text = kegiatan[cut + 1:]
        else:
            cells[1].text = kegiatan
        cells[2 + len(ROLES)].text = kelengkapan
        cells[3 + len(ROLES)].paragraphs[0].text = waktu.split("\n")[0]
        for line in waktu.split("\n")[1:]:
            cells[3 + len(ROLES)].add_paragraph(line)
        cells[4 + len(ROLES)].text = output
    document.save(HERE / "pelaksanaan_monitoring.docx")


def make_xlsx() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "SOP"
    sheet["A1"] = "BADAN PUSAT STATISTIK\nBIRO ORGANISASI"
    sheet.merge_cells("A1:B3")
    for row, (label, value) in enumerate([("NO. SOP", "BPS/ORG/001"), ("TANGGAL PEMBUATAN", "2024-02-01"),
                                          ("TANGGAL EFEKTIF", "2024-03-01"), ("DISAHKAN OLEH", "Kepala Biro Organisasi"),
                                          ("JUDUL SOP", "Penyusunan Peta Proses")], start=1):
        sheet.cell(row, 4, label)
        sheet.cell(row, 5, value)
    sheet["A7"], sheet["D7"] = "DASAR HUKUM", "KUALIFIKASI PELAKSANA"
    sheet["A8"], sheet["D8"] = "1. Perka BPS No. 19 Tahun 2013 2. Permenpan RB No. 35 Tahun 2012", "1. Memahami peta proses"
    sheet["A9"], sheet["D9"] = "KETERKAITAN", "PERALATAN/PERLENGKAPAN"
    sheet["A10"], sheet["D10"] = "SOP Penyusunan SOP AP", "1. Komputer 2. Printer"
    sheet["A11"], sheet["D11"] = "PERINGATAN", "PENCATATAN DAN PENDATAAN"
    sheet["A12"], sheet["D12"] = "Peta proses tidak mutakhir", "Arsip elektronik"
    roles = ["Kepala Biro", "Kabag Organisasi", "Analis"]
    top = 14
    sheet.cell(top, 1, "No")
    sheet.cell(top, 2, "Kegiatan")
    sheet.cell(top, 3, "Pelaksana")
    sheet.merge_cells(start_row=top, start_column=3, end_row=top, end_column=2 + len(roles))
    sheet.cell(top, 3 + len(roles), "Mutu Baku")
    sheet.merge_cells(start_row=top, start_column=3 + len(roles), end_row=top, end_column=5 + len(roles))
    sheet.cell(top, 6 + len(roles), "Keterangan")
    for i, role in enumerate(roles):
        sheet.cell(top + 1, 3 + i, role)
    for i, label in enumerate(["Kelengkapan", "Waktu", "Output"]):
        sheet.cell(top + 1, 3 + len(roles) + i, label)
    steps = [
        ("Menugaskan penyusunan peta proses", 0, "Disposisi", "10 menit", "Disposisi", ""),
        ("Menyusun rancangan peta proses", 2, "Disposisi", "1,5 jam", "Rancangan", ""),
        ("Memeriksa rancangan. Jika sesuai diteruskan kepada Kepala Biro, jika tidak sesuai dikembalikan kepada Analis",
         1, "Rancangan", "3 hari kerja", "Rancangan terperiksa", ""),
        ("Menetapkan peta proses", 0, "Rancangan terperiksa", "1 Minggu", "Peta proses", ""),
        ("Mendokumentasikan peta proses", 2, "Peta proses", "2 Bulan", "Arsip", "SOP Kearsipan"),
    ]
    for n, (kegiatan, actor, kelengkapan, waktu, output, ket) in enumerate(steps, start=1):
        row = top + 1 + n
        sheet.cell(row, 1, n)
        sheet.cell(row, 2, kegiatan)
        sheet.cell(row, 3 + actor, "X")
        for i, value in enumerate([kelengkapan, waktu, output, ket]):
            sheet.cell(row, 3 + len(roles) + i, value or None)
    workbook.save(HERE / "peta_proses.xlsx")


if __name__ == "__main__":
    make_docx()
    make_xlsx()
