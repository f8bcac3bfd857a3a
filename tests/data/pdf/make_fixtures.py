"""Make the PDF fixtures of the PDF importer with a second producer: reportlab draws an SOP the way
offices lay it out in Word or Excel, not the way `sopxl pdf` prints it.

`drawn_sop.pdf` holds, on four pages: the identity page (labels and values in ruled cells, the signer on
three lines, list sections with numbered and wrapped items); the matrix with its header split over two
lines ("Uraian / Prosedur", role names wrapped, "Mutu Buku" over "Input", "Ket." over both rows); a page
without a repeated header; a page with the header again whose first row has no number (the previous
step's row, broken over the page); a start capsule beside the first box and a joint step (symbols in two
columns); decisions whose branches say "Sudah Benar" / "Belum Benar" and "Lengkap" / "Tidak Lengkap";
off-page connectors, one naming the step it returns to. `drawn_sop.expected.json` says what it holds.
`picture_flowchart.pdf` has the matrix as text but its flowchart as one picture over the Pelaksana columns.
`stacked_pictures.pdf` has its whole matrix as two pictures pasted one under the other (cut at a row line, as
a long table copied screen by screen), under a header of two levels: Pelaksana over "Biro Umum" (over two
roles) beside "Unit Pengguna"; `stacked_pictures.expected.json` says what it holds.
`scanned_sop.pdf` is `drawn_sop.pdf` as an office scanner gives it back: every page one picture at 200 dpi,
turned 1.5 degrees, JPEG-compressed (tests/helpers/scans.py), with no text layer: it is read with OCR.

Run: `python tests/data/pdf/make_fixtures.py` (needs reportlab, a test dependency).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

HERE = Path(__file__).resolve().parent
W, H = landscape(A4)
X = {"no": 30, "uraian": 55, "K": 230, "S": 320, "P": 410, "input": 500, "waktu": 590, "output": 640, "ket": 730,
     "end": 812}
CENTRE = {"K": 275, "S": 365, "P": 455}
IDENTITY = {
    "instansi": "KEMENTERIAN CONTOH\nSEKRETARIAT JENDERAL\nBIRO UMUM",
    "nomor": "SOP-017/BU/2026", "tanggal_pembuatan": "5 Januari 2026", "tanggal_revisi": "-",
    "tanggal_efektif": "12 Januari 2026",
    "disahkan_oleh": "Kepala Biro Umum", "nama_pengesah": "Dra. Sri Wahyuni, M.Si",
    "nip_pengesah": "19700101 199503 2 001",
    "nama": "Pengadaan Alat Tulis Kantor",
}
# the signer as the page prints it: office, name, NIP, one a line
SIGNER = "\n".join([IDENTITY["disahkan_oleh"], IDENTITY["nama_pengesah"], "NIP. " + IDENTITY["nip_pengesah"]])
SECTIONS = {
    "dasar_hukum": ["Undang-Undang Nomor 1 Tahun 2004 tentang Perbendaharaan Negara",
                    "Peraturan Presiden Nomor 16 Tahun 2018 tentang Pengadaan Barang/Jasa Pemerintah yang telah "
                    "diubah dengan Peraturan Presiden Nomor 12 Tahun 2021"],
    "kualifikasi": ["Memahami tata cara pengadaan barang", "Mampu mengoperasikan komputer"],
    "keterkaitan": ["SOP Penyimpanan Persediaan"],
    "peralatan": ["Komputer", "Printer"],
    "peringatan": ["Bila SOP tidak dilaksanakan, kebutuhan alat tulis kantor tidak terpenuhi tepat waktu"],
    "pencatatan": ["Buku persediaan"],
}
STEPS = [  # number, kegiatan, input, waktu, output
    (1, "Mengajukan permintaan alat tulis kantor", "Daftar kebutuhan", "1 hari", "Nota permintaan"),
    (2, "Menyusun rencana pengadaan", "Nota permintaan", "2 jam", "Rencana pengadaan"),
    (3, "Memeriksa rencana pengadaan", "Rencana pengadaan", "30 menit", "Rencana diperiksa"),
    (4, "Menyetujui rencana dan memerintahkan pembelian", "Rencana diperiksa", "1 hari", "Disposisi"),
    (5, "Memeriksa kelengkapan barang yang diterima", "Barang, faktur", "1 jam", "Berita acara"),
    (6, "Mencatat barang ke dalam buku persediaan dan", "Berita acara", "3 hari kerja", "Buku persediaan"),
    (7, "Menyerahkan alat tulis kantor kepada unit", "Buku persediaan", "15 menit", "Tanda terima"),
]
CONTINUATION = ("menyimpannya di gudang", "yang diperbarui")   # the rest of step 6, on the next page


def y(top: float) -> float:
    """reportlab measures from the bottom; the layout above is written from the top."""
    return H - top


def text(c, x, top, s, size=8, bold=False, centre=False):
    c.setFont("Helvetica-Bold" if bold else "Helvetica", size)
    (c.drawCentredString if centre else c.drawString)(x, y(top) - size, s)


def hline(c, top, x0=X["no"], x1=X["end"]):
    c.line(x0, y(top), x1, y(top))


def vline(c, x, top, bottom):
    c.line(x, y(top), x, y(bottom))


def arrow(c, points):
    """A connector: the polyline, and a filled triangle at its end pointing along the last leg."""
    path = c.beginPath()
    path.moveTo(points[0][0], y(points[0][1]))
    for px, py in points[1:]:
        path.lineTo(px, y(py))
    c.drawPath(path, stroke=1, fill=0)
    (x0, y0), (x1, y1) = points[-2], points[-1]
    dx, dy = (x1 > x0) - (x1 < x0), (y1 > y0) - (y1 < y0)
    back, side = (x1 - 4 * dx, y1 - 4 * dy), (2 * dy, 2 * dx)
    head = c.beginPath()
    head.moveTo(x1, y(y1))
    head.lineTo(back[0] + side[0], y(back[1] + side[1]))
    head.lineTo(back[0] - side[0], y(back[1] - side[1]))
    head.close()
    c.drawPath(head, stroke=0, fill=1)


def box(c, cx, cy):
    c.rect(cx - 25, y(cy + 10), 50, 20, stroke=1, fill=0)


def capsule(c, cx, cy):
    c.roundRect(cx - 25, y(cy + 10), 50, 20, 10, stroke=1, fill=0)


def diamond(c, cx, cy):
    path = c.beginPath()
    path.moveTo(cx, y(cy - 15))
    for px, py in ((cx + 28, cy), (cx, cy + 15), (cx - 28, cy)):
        path.lineTo(px, y(py))
    path.close()
    c.drawPath(path, stroke=1, fill=0)


def pentagon(c, cx, top, label):
    path = c.beginPath()
    path.moveTo(cx - 10, y(top))
    for px, py in ((cx + 10, top), (cx + 10, top + 10), (cx, top + 16), (cx - 10, top + 10)):
        path.lineTo(px, y(py))
    path.close()
    c.drawPath(path, stroke=1, fill=0)
    text(c, cx, top + 2, label, size=6, centre=True)


def identity_page(c):
    c.setLineWidth(0.6)
    top, mid, label, value, right = 40, 420, 420, 520, 812
    rows = [("Nomor SOP", IDENTITY["nomor"]), ("Tanggal Pembuatan", IDENTITY["tanggal_pembuatan"]),
            ("Tanggal Revisi", IDENTITY["tanggal_revisi"]), ("Tanggal Pengesahan", IDENTITY["tanggal_efektif"]),
            ("Disahkan oleh", SIGNER), ("Nama SOP", IDENTITY["nama"])]
    heights = [18, 18, 18, 18, 60, 18]
    bottom = top + sum(heights)
    hline(c, top, 30, right)
    vline(c, 30, top, bottom)
    vline(c, mid, top, bottom)
    vline(c, value, top, bottom)
    vline(c, right, top, bottom)
    for i, line in enumerate(IDENTITY["instansi"].split("\n")):
        text(c, 225, top + 40 + 14 * i, line, size=11, bold=True, centre=True)
    at = top
    for (name, content), height in zip(rows, heights):
        text(c, label + 4, at + 4, name)
        for i, line in enumerate(content.split("\n")):
            text(c, value + 4, at + 4 + 12 * i, line)
        at += height
        hline(c, at, mid, right)
    hline(c, bottom, 30, right)
    # the list sections, two per band: label row, then the items (numbered; the second item wraps)
    pairs = [("DASAR HUKUM :", "dasar_hukum", "KUALIFIKASI PELAKSANA :", "kualifikasi"),
             ("KETERKAITAN :", "keterkaitan", "PERALATAN/PERLENGKAPAN :", "peralatan"),
             ("PERINGATAN :", "peringatan", "PENCATATAN DAN PENDATAAN :", "pencatatan")]
    at = bottom
    for left_label, left_key, right_label, right_key in pairs:
        text(c, 34, at + 4, left_label, bold=True)
        text(c, mid + 4, at + 4, right_label, bold=True)
        hline(c, at + 16, 30, right)
        lines_left = _items(SECTIONS[left_key], 380)
        lines_right = _items(SECTIONS[right_key], 380)
        for i, line in enumerate(lines_left):
            text(c, 34, at + 20 + 11 * i, line)
        for i, line in enumerate(lines_right):
            text(c, mid + 4, at + 20 + 11 * i, line)
        height = 24 + 11 * max(len(lines_left), len(lines_right))
        vline(c, 30, at, at + height)
        vline(c, mid, at, at + height)
        vline(c, right, at, at + height)
        at += height
        hline(c, at, 30, right)
    c.showPage()


def _items(items: list[str], width: float) -> list[str]:
    """Numbered items as printed lines, wrapped at `width` points (Helvetica 8)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines = []
    for number, item in enumerate(items, start=1):
        words, line = item.split(), f"{number}. "
        for word in words:
            if stringWidth(line + word, "Helvetica", 8) > width:
                lines.append(line.rstrip())
                line = "    "
            line += word + " "
        lines.append(line.rstrip())
    return lines


def header(c, top=40):
    c.setLineWidth(0.6)
    bottom = top + 50
    hline(c, top)
    hline(c, top + 20, X["K"], X["ket"])
    hline(c, bottom)
    for key in ("no", "uraian", "K", "input", "ket", "end"):
        vline(c, X[key], top, bottom)
    for key in ("S", "P", "waktu", "output"):
        vline(c, X[key], top + 20, bottom)
    text(c, 42, top + 20, "No", bold=True, centre=True)
    text(c, 142, top + 14, "Uraian", bold=True, centre=True)     # a header split over two lines
    text(c, 142, top + 25, "Prosedur", bold=True, centre=True)
    text(c, 365, top + 5, "Pelaksana", bold=True, centre=True)
    text(c, 615, top + 5, "Mutu Buku", bold=True, centre=True)
    text(c, 771, top + 20, "Ket.", bold=True, centre=True)
    for key, lines in (("K", ["Kepala Bagian"]), ("S", ["Kepala Sub", "Bagian"]), ("P", ["Pelaksana", "Teknis"])):
        for i, line in enumerate(lines):
            text(c, CENTRE[key], top + 26 + 10 * i, line, bold=True, centre=True)
    text(c, 545, top + 30, "Input", bold=True, centre=True)
    text(c, 615, top + 30, "Waktu", bold=True, centre=True)
    text(c, 685, top + 30, "Output", bold=True, centre=True)
    return bottom


def row(c, top, bottom, number, kegiatan, kelengkapan, waktu, output):
    hline(c, bottom)
    for key in ("no", "uraian", "K", "S", "P", "input", "waktu", "output", "ket", "end"):
        vline(c, X[key], top, bottom)
    if number is not None:
        text(c, 42, top + 6, str(number), centre=True)
    text(c, X["uraian"] + 3, top + 6, kegiatan)
    text(c, X["input"] + 3, top + 6, kelengkapan)
    text(c, X["waktu"] + 3, top + 6, waktu)
    text(c, X["output"] + 3, top + 6, output)


def matrix_pages(c):
    bands = {}
    # page 2: header, steps 1-4
    top = header(c)
    for number, height in ((1, 60), (2, 60), (3, 60), (4, 80)):
        bands[number] = (top, top + height)
        row(c, top, top + height, *STEPS[number - 1])
        top += height
    capsule(c, CENTRE["S"], 120)                       # a start capsule beside the first box
    box(c, CENTRE["P"], 120)
    arrow(c, [(390, 120), (430, 120)])
    box(c, CENTRE["P"], 180)
    arrow(c, [(455, 130), (455, 170)])
    diamond(c, CENTRE["S"], 240)
    arrow(c, [(455, 190), (455, 205), (365, 205), (365, 225)])
    arrow(c, [(365, 255), (365, 268), (275, 268), (275, 285)])      # Sudah Benar: on to step 4
    text(c, 369, 256, "Sudah Benar", size=6)
    arrow(c, [(393, 240), (492, 240), (492, 180), (480, 180)])     # Belum Benar: back to step 2
    text(c, 398, 232, "Belum Benar", size=6)
    box(c, CENTRE["K"], 295)                            # a joint step: Kepala Bagian with Kepala Sub Bagian
    box(c, CENTRE["S"], 295)
    arrow(c, [(300, 295), (340, 295)])
    arrow(c, [(275, 305), (275, 326)])
    pentagon(c, CENTRE["K"], 326, "A")
    c.showPage()
    # page 3: no header repeated, steps 5-6
    top = 40
    hline(c, top)
    for number, height in ((5, 90), (6, 60)):
        row(c, top, top + height, *STEPS[number - 1])
        top += height
    pentagon(c, CENTRE["K"], 44, "A")
    arrow(c, [(275, 60), (275, 70)])
    diamond(c, CENTRE["K"], 85)
    arrow(c, [(303, 85), (455, 85), (455, 140)])                   # Lengkap: on to step 6
    text(c, 308, 77, "Lengkap", size=6)
    arrow(c, [(275, 100), (275, 106), (250, 106), (250, 112)])     # Tidak Lengkap: back to step 4
    text(c, 280, 102, "Tidak Lengkap", size=6)
    pentagon(c, 250, 112, "4")
    box(c, CENTRE["P"], 150)
    arrow(c, [(455, 160), (455, 170)])
    pentagon(c, CENTRE["P"], 170, "B")
    c.showPage()
    # page 4: the header again; the first row continues step 6 (no number), then step 7
    top = header(c)
    row(c, top, top + 40, None, CONTINUATION[0], "", "", CONTINUATION[1])
    row(c, top + 40, top + 100, *STEPS[6])
    pentagon(c, CENTRE["P"], top + 4, "B")
    arrow(c, [(455, top + 20), (455, top + 50), (275, top + 50), (275, top + 60)])
    capsule(c, CENTRE["K"], top + 70)
    c.showPage()


PICTURE_STEPS = [  # the flowchart of this one is a picture pasted over the Pelaksana columns
    (1, "Kepala Sub Bagian menyusun daftar kebutuhan", "Usulan unit", "1 hari", "Daftar kebutuhan"),
    (2, "Kepala Bagian memeriksa daftar kebutuhan", "Daftar kebutuhan", "2 jam", "Daftar diperiksa"),
    (3, "Pelaksana Teknis mengarsipkan daftar kebutuhan", "Daftar diperiksa", "15 menit", "Arsip"),
]


def picture_page(c):
    """A matrix whose text is text but whose flowchart is one picture (a screenshot pasted into Word)."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    top = header(c)
    for number, kegiatan, kelengkapan, waktu, output in PICTURE_STEPS:
        row(c, top, top + 60, number, kegiatan, kelengkapan, waktu, output)
        top += 60
    picture = Image.new("RGB", (270, 180), "white")
    draw = ImageDraw.Draw(picture)
    for index, centre in enumerate((135, 45, 225)):
        draw.rectangle((centre - 25, 20 + 60 * index, centre + 25, 40 + 60 * index), outline="black")
    c.drawImage(ImageReader(picture), X["K"] + 1, y(90 + 179), 178, 178)
    c.showPage()


# the matrix of stacked_pictures.pdf: a header of two levels, four steps; the pictures are cut under step 2
SX = {"no": 30, "uraian": 55, "K": 200, "S": 290, "U": 380, "input": 470, "waktu": 560, "output": 640,
      "ket": 730, "end": 812}
SC = {"K": 245, "S": 335, "U": 425}
STACKED_ROLES = ["Kepala Bagian", "Kepala Sub Bagian", "Unit Pengguna"]
STACKED_STEPS = [  # number, kegiatan, input, waktu, output; pelaksana, co, symbol, ya, tidak
    (1, "Mengajukan permintaan barang", "Kebutuhan unit", "1 hari", "Nota permintaan", "U", ["S"], "terminator", None, None),
    (2, "Menyetujui permintaan barang", "Nota permintaan", "2 jam", "Nota disetujui", "K", [], "process", None, None),
    (3, "Memeriksa persediaan barang", "Nota disetujui", "1 jam", "Daftar barang", "S", [], "decision", 4, 2),
    (4, "Menerima barang", "Daftar barang", "15 menit", "Tanda terima", "U", [], "terminator", None, None),
]


def stacked_matrix(c) -> tuple[float, float, float]:
    """The matrix of stacked_pictures.pdf drawn as vectors: (its top, the row line to cut at, its bottom)."""
    c.setLineWidth(0.8)
    top = 60
    bottom = top + 56
    line = lambda t, a, b: c.line(SX[a], y(t), SX[b], y(t))    # noqa: E731
    line(top, "no", "end")
    line(top + 14, "K", "end")         # under Pelaksana and Mutu Baku
    line(top + 28, "K", "U")           # under Biro Umum: its two roles below
    line(bottom, "no", "end")
    for key in ("no", "uraian", "K", "input", "end"):
        vline(c, SX[key], top, bottom)
    for key in ("U", "waktu", "output", "ket"):
        vline(c, SX[key], top + 14, bottom)
    vline(c, SX["S"], top + 28, bottom)
    text(c, 42, top + 22, "No", bold=True, centre=True)
    text(c, 127, top + 22, "Kegiatan", bold=True, centre=True)
    text(c, 335, top + 3, "Pelaksana", bold=True, centre=True)
    text(c, 290, top + 17, "Biro Umum", bold=True, centre=True)
    text(c, 641, top + 3, "Mutu Baku", bold=True, centre=True)
    for key, name in zip("KSU", STACKED_ROLES):
        text(c, SC[key], top + (40 if key != "U" else 30), name, bold=True, centre=True)
    for key, label in (("input", "Kelengkapan"), ("waktu", "Waktu"), ("output", "Output"), ("ket", "Keterangan")):
        text(c, (SX[key] + SX[{"input": "waktu", "waktu": "output", "output": "ket", "ket": "end"}[key]]) / 2,
             top + 30, label, bold=True, centre=True)
    at, cut = bottom, 0.0
    rows = {}
    for number, kegiatan, kelengkapan, waktu, output, *_ in STACKED_STEPS:
        rows[number] = (at, at + 60)
        line(at + 60, "no", "end")
        for key in ("no", "uraian", "K", "S", "U", "input", "waktu", "output", "ket", "end"):
            vline(c, SX[key], at, at + 60)
        text(c, 42, at + 8, str(number), centre=True)
        text(c, SX["uraian"] + 3, at + 8, kegiatan)
        text(c, SX["input"] + 3, at + 8, kelengkapan)
        text(c, SX["waktu"] + 3, at + 8, waktu)
        text(c, SX["output"] + 3, at + 8, output)
        at += 60
        if number == 2:
            cut = at
    c.setLineWidth(1.2)
    middle = {n: (a + b) / 2 for n, (a, b) in rows.items()}
    capsule(c, SC["U"], middle[1])                                                   # start in Unit Pengguna
    box(c, SC["S"], middle[1])                                                       # ... with Kepala Sub Bagian
    arrow(c, [(SC["U"] - 25, middle[1]), (SC["S"] + 25, middle[1])])
    box(c, SC["K"], middle[2])
    arrow(c, [(SC["S"], middle[1] + 10), (SC["S"], middle[2]), (SC["K"] + 25, middle[2])])
    diamond(c, SC["S"], middle[3])
    arrow(c, [(SC["K"], middle[2] + 10), (SC["K"], middle[3]), (SC["S"] - 28, middle[3])])
    arrow(c, [(SC["S"] + 28, middle[3]), (SC["U"], middle[3]), (SC["U"], middle[4] - 10)])   # Ya: on to step 4
    text(c, SC["S"] + 34, middle[3] - 12, "Ya", size=7, bold=True)
    arrow(c, [(SC["S"], middle[3] + 15), (SC["S"], middle[3] + 24), (SC["K"] - 35, middle[3] + 24),
              (SC["K"] - 35, middle[2]), (SC["K"] - 25, middle[2])])                 # Tidak: back to step 2
    text(c, SC["S"] - 24, middle[3] + 13, "Tidak", size=7, bold=True)
    capsule(c, SC["U"], middle[4])
    return top, cut, at


def stacked_page(c):
    """A matrix pasted as two pictures one under the other: drawn, rendered at 200 dpi, cut at a row line."""
    import io

    import pypdfium2 as pdfium
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    buffer = io.BytesIO()
    vector = canvas.Canvas(buffer, pagesize=(W, H), invariant=1)
    top, cut, bottom = stacked_matrix(vector)
    vector.save()
    document = pdfium.PdfDocument(buffer.getvalue())
    scale = 200 / 72
    left, right = SX["no"] - 1, SX["end"] + 1
    image = document[0].render(scale=scale, crop=(left, H - bottom - 1, W - right, top - 1)).to_pil().convert("L")
    document.close()
    seam = round((cut - top + 1) * scale)
    for upper, lower in ((0, seam), (seam, image.height)):
        strip = image.crop((0, upper, image.width, lower))
        c.drawImage(ImageReader(strip), left, y(top - 1 + lower / scale), right - left, (lower - upper) / scale)
    c.showPage()


def stacked_expected() -> dict:
    role = dict(zip("KSU", STACKED_ROLES))
    return {"roles": STACKED_ROLES,
            "steps": [{"number": n, "kegiatan": k, "kelengkapan": i, "waktu": w, "output": o, "pelaksana": role[p],
                       "co_pelaksana": [role[r] for r in co], "symbol": symbol, "ya": ya, "tidak": tidak}
                      for n, k, i, w, o, p, co, symbol, ya, tidak in STACKED_STEPS]}


def expected() -> dict:
    roles = ["Kepala Bagian", "Kepala Sub Bagian", "Pelaksana Teknis"]
    K, S, P = roles
    flow = {1: (S, [P], "terminator", None, None), 2: (P, [], "process", None, None),
            3: (S, [], "decision", 4, 2), 4: (K, [S], "process", None, None),
            5: (K, [], "decision", 6, 4), 6: (P, [], "process", None, None), 7: (K, [], "terminator", None, None)}
    words = {3: ("Sudah Benar", "Belum Benar"), 5: ("Lengkap", "Tidak Lengkap")}
    steps = []
    for number, kegiatan, kelengkapan, waktu, output in STEPS:
        if number == 6:
            kegiatan, output = f"{kegiatan} {CONTINUATION[0]}", f"{output} {CONTINUATION[1]}"
        pelaksana, co, symbol, ya, tidak = flow[number]
        steps.append({"number": number, "kegiatan": kegiatan, "kelengkapan": kelengkapan, "waktu": waktu,
                      "output": output, "pelaksana": pelaksana, "co_pelaksana": co, "symbol": symbol,
                      "ya": ya, "tidak": tidak, "ya_label": words.get(number, ("", ""))[0],
                      "tidak_label": words.get(number, ("", ""))[1]})
    return {"identity": {**IDENTITY, **SECTIONS}, "roles": roles, "steps": steps,
            "branch_words": {str(n): list(w) for n, w in words.items()}}


def main() -> None:
    path = HERE / "drawn_sop.pdf"
    c = canvas.Canvas(str(path), pagesize=(W, H), invariant=1)   # invariant: the same bytes every run
    identity_page(c)
    matrix_pages(c)
    c.save()
    (HERE / "drawn_sop.expected.json").write_text(json.dumps(expected(), ensure_ascii=False, indent=1) + "\n",
                                                  encoding="utf-8")
    print(f"{path.name}: 4 pages")
    c = canvas.Canvas(str(HERE / "picture_flowchart.pdf"), pagesize=(W, H), invariant=1)
    identity_page(c)
    picture_page(c)
    c.save()
    print("picture_flowchart.pdf: 2 pages")
    c = canvas.Canvas(str(HERE / "stacked_pictures.pdf"), pagesize=(W, H), invariant=1)
    identity_page(c)
    stacked_page(c)
    c.save()
    (HERE / "stacked_pictures.expected.json").write_text(
        json.dumps(stacked_expected(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print("stacked_pictures.pdf: 2 pages, the matrix as two stacked pictures")
    sys.path.insert(0, str(HERE.parents[1]))
    from helpers.scans import scan

    scan(path, HERE / "scanned_sop.pdf", dpi=200, angle=1.5, quality=70)
    print("scanned_sop.pdf: 4 pages, pictures only")


if __name__ == "__main__":
    main()
