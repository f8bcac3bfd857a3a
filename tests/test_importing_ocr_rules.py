"""The rules that let the PDF readers read what OCR gives: misread header labels, stacked pictures, letters
read into a logo, step numbers out of sequence at a table's ends. Page geometry is built here as the
picture reader hands it on (words with a confidence below 1, lines as thin paths); the logo rule runs
on a picture drawn with OpenCV and read by Tesseract."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from sopxl.domain.roles import misread
from sopxl.importing import raster
from sopxl.importing.ocr import OcrWord, find_tesseract
from sopxl.importing.pdf import _sequence_numbers, _waktu
from sopxl.importing.pdfpage import Box, Drawn, Page, Word
from sopxl.importing.pdftable import Row, Span, _role_spans, find_header, read_identity, rulings_of


@pytest.mark.parametrize("read, word, same", [
    ("kelenqkapan", "kelengkapan", True),       # g read as q
    ("waklu", "waktu", True),                   # t read as l
    ("aklivitas", "aktivitas", True),
    ("eegiatan", "kegiatan", True),             # the first letter may be the one misread
    ("keteranqan", "keterangan", True),
    ("keluaran", "kegiatan", False),            # another word of the vocabulary is not a misreading
    ("na", "no", False),                        # a word under four letters must be read exactly
    ("output", "input", False),
    ("waktu", "waktu", True),
])
def test_a_header_label_misread_by_ocr_is_still_the_label(read, word, same):
    assert misread(read, word) is same


def _line(x0, y0, x1, y1) -> Drawn:
    return Drawn(((x0, y0), (x1, y1)), Box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)), False, False, True)


def _header_page(labels: dict[str, tuple[float, float]], confidence: float) -> Page:
    """A matrix header (No, Kegiatan, Pelaksana over Kabag and Staf, Kelengkapan, Waktu, Output, Keterangan)
    and two rows, with the header's labels spelled as `labels` says."""
    xs = [40, 70, 250, 330, 410, 490, 550, 630, 700]
    paths = [_line(40, y, 700, y) for y in (50, 110, 170, 230)] + [_line(250, 75, 410, 75)]
    paths += [_line(x, 50, x, 230) for x in xs if x != 330] + [_line(330, 75, 330, 230)]
    words = [Word(text, Box(x, y, x + 6 * len(text), y + 8), confidence) for text, (x, y) in labels.items()]
    words += [Word("1", Box(52, 130, 57, 138), confidence), Word("Menyusun", Box(75, 130, 120, 138), confidence),
              Word("2", Box(52, 190, 57, 198), confidence), Word("Memeriksa", Box(75, 190, 125, 198), confidence)]
    return Page(1, 842, 595, tuple(words), tuple(paths), ())


MISREAD = {"No": (48, 80), "Keqiatan": (130, 80), "Pelaksana": (300, 58), "Kabag": (270, 90), "Staf": (350, 90),
           "Kelenqkapan": (415, 80), "Waklu": (500, 80), "Output": (570, 80), "Keteranqan": (635, 80)}


def test_a_header_whose_labels_ocr_misread_is_found():
    page = _header_page(MISREAD, confidence=0.8)
    header = find_header(page, rulings_of(page))
    assert header is not None
    columns = header.columns
    assert [name for name, _ in columns.roles] == ["Kabag", "Staf"]
    assert (columns.kelengkapan.x0, columns.waktu.x0, columns.keterangan.x0) == (410, 490, 630)


def test_a_text_layer_is_not_read_as_misread():
    """A PDF's own text is what its author typed: 'Keqiatan' there is no header label."""
    page = _header_page(MISREAD, confidence=1.0)
    assert find_header(page, rulings_of(page)) is None


def test_pictures_pasted_one_under_another_are_one_region():
    upper, lower = Box(52, 94, 711, 222), Box(52, 222, 711, 349)
    logo, beside = Box(11, 567, 45, 601), Box(400, 400, 700, 500)
    joined = raster.stacked([lower, logo, upper, beside])
    assert Box(52, 94, 711, 349) in joined and logo in joined and beside in joined and len(joined) == 3
    # apart by more than a seam, or not sharing their width: not one table
    assert len(raster.stacked([Box(52, 94, 711, 200), Box(52, 240, 711, 349)])) == 2
    assert len(raster.stacked([Box(52, 94, 300, 222), Box(320, 222, 711, 349)])) == 2


def _row(number: int, confidence: float = 0.9) -> Row:
    return Row(1, 0, 10, number, {}, confidence)


def test_step_numbers_out_of_sequence_at_a_tables_ends_are_corrected():
    rows = [_row(4), _row(2), _row(3), _row(3)]      # "1" read as 4, "4" read as 3
    changed = _sequence_numbers(rows)
    assert [r.number for r in rows] == [1, 2, 3, 4]
    assert sorted(changed.values(), key=str) == sorted([(4, None, 2), (3, 3, None)], key=str)
    text_layer = [_row(4, 1.0), _row(2, 1.0), _row(3, 1.0)]
    assert _sequence_numbers(text_layer) == {} and [r.number for r in text_layer] == [4, 2, 3]


def test_a_step_number_left_unread_is_the_one_between_its_neighbours():
    """A ruled row of a picture whose "7" OCR could not read is row 7 between rows 6 and 8 of its page; a row
    without a number at the top of the next page is still the rest of the row above it."""
    rows = [_row(6), Row(1, 10, 20, None, {"kegiatan": "memeriksa"}, 0.9), _row(8)]
    assert _sequence_numbers(rows) == {id(rows[1]): (None, 6, 8)} and [r.number for r in rows] == [6, 7, 8]
    continued = [_row(6), Row(2, 10, 20, None, {"kegiatan": "konsep"}, 0.9), _row(7)]
    continued[2].page = 2
    assert _sequence_numbers(continued) == {} and continued[1].number is None
    text_layer = [_row(6, 1.0), Row(1, 10, 20, None, {"kegiatan": "memeriksa"}, 1.0), _row(8, 1.0)]
    assert _sequence_numbers(text_layer) == {} and text_layer[1].number is None
    first = [Row(1, 10, 20, None, {"kegiatan": "mengajukan"}, 0.56), _row(2), _row(3)]    # "1" read as "zh"
    assert _sequence_numbers(first) == {id(first[0]): (None, None, 2)} and [r.number for r in first] == [1, 2, 3]


def test_a_norm_read_unsure_is_still_text():
    """A Waktu cell's "1 jam" read at 20 % confidence is kept (a number with a unit of time after it); specks
    and a lone unsure number or word are still dropped."""
    found = [OcrWord("1", 2634, 482, 12, 19, 0.23), OcrWord("jam", 2653, 481, 43, 25, 0.23),
             OcrWord("2jam", 2633, 1353, 63, 25, 0.2), OcrWord("Vi", 140, 900, 20, 20, 0.0),
             OcrWord("4", 900, 700, 12, 19, 0.2), OcrWord("ya", 920, 700, 25, 19, 0.2),
             OcrWord("1", 3000, 300, 12, 19, 0.2), OcrWord("jam", 3300, 300, 43, 25, 0.2),
             OcrWord("Kabag", 300, 300, 80, 20, 0.96)]
    assert [w.text for w in raster._text_words(found)] == ["1", "jam", "2jam", "Kabag"]


def test_a_scanned_pentagon_with_rounded_corners_is_an_off_page_connector():
    """The outline OpenCV traces of an off-page connector scanned at 150 dpi (its corners rounded: ten points)
    is a pentagon; a document's wavy bottom, as many points, is not convex and stays a document."""
    import math

    from sopxl.importing import pdfflow

    def outline(points) -> Drawn:
        points = tuple((x * 72 / 300, y * 72 / 300) for x, y in points)
        xs, ys = [x for x, _ in points], [y for _, y in points]
        return Drawn(points, Box(min(xs), min(ys), max(xs), max(ys)), True, False, True)

    scanned = [(1710, 2021), (1712, 2019), (1768, 2019), (1770, 2021), (1770, 2056), (1765, 2060), (1742, 2068),
               (1738, 2068), (1713, 2059), (1710, 2056)]
    assert pdfflow.classify(outline(scanned)) == pdfflow.CONNECTOR
    wave = [(x, 54 + 6 * math.sin(2 * math.pi * x / 100)) for x in range(100, -1, -10)]
    assert pdfflow.classify(outline([(0, 0), (100, 0), *wave])) == pdfflow.DOCUMENT


def test_letters_are_not_read_into_a_figure():
    """Words in solid ink larger than any letter (a logo, a stamp) are dropped; words beside it are kept."""
    ink = np.zeros((600, 1400), np.uint8)
    cv2.fillPoly(ink, [np.array([[60, 80], [160, 60], [130, 330], [40, 350]], np.int32)], 255)
    cv2.putText(ink, "BADAN PUSAT", (300, 230), cv2.FONT_HERSHEY_SIMPLEX, 2.0, 255, 5)
    cv2.line(ink, (900, 20), (900, 580), 255, 6)           # a ruling: long, but no figure
    figures = raster._figures(cv2, np, ink, 300)
    assert len(figures) == 1
    found = [OcrWord("C2", 50, 120, 90, 80, 0.7), OcrWord("BADAN", 300, 185, 230, 50, 0.95),
             OcrWord("PUSAT", 560, 185, 220, 50, 0.95), OcrWord("Ya", 910, 300, 40, 30, 0.9)]
    assert [w.text for w in raster._outside_figures(found, figures, 300)] == ["BADAN", "PUSAT", "Ya"]


@pytest.mark.skipif(find_tesseract() is None, reason="Tesseract is not installed")
def test_a_logo_beside_the_instansi_adds_no_letters_to_it():
    """The picture reader on a page with a logo (an emblem of solid shapes, as it scans) beside the office's name."""
    from pathlib import Path

    import reportlab
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (2400, 900), 255)
    draw = ImageDraw.Draw(image)
    draw.arc((60, 150, 330, 420), 40, 320, fill=60, width=40)      # an emblem: a thick ring open on the right
    draw.ellipse((160, 240, 250, 330), fill=60)                     # around a disc (Tesseract reads 'a', '5')
    font = ImageFont.truetype(str(Path(reportlab.__file__).parent / "fonts" / "VeraBd.ttf"), 46)     # 11 pt at 300 dpi
    draw.text((420, 200), "BADAN PUSAT STATISTIK", font=font, fill=0)
    draw.text((420, 300), "PROVINSI BENGKULU", font=font, fill=0)
    read = raster.read_picture(np.array(image), 300, 1, document="logo.png")
    pt = 72 / 300
    texts = [w.text for w in read.page.words]
    assert "BADAN" in texts and "BENGKULU" in texts
    assert not [w.text for w in read.page.words if w.box.x1 < 330 * pt]


@pytest.mark.parametrize("cell, waktu", [("1jam", "1 jam"), ("10hari kerja", "10 hari kerja"), ("1 0 Hari", "10 Hari"),
                                         ("2 jam", "2 jam"), ("3x", "3x"),
                                         ("ljam", "1 jam"), ("I hari", "1 hari"), ("lama", "lama"),
                                         ("l menit", "1 menit"), ("Ijin 2 hari", "Ijin 2 hari")])
def test_a_number_run_together_with_its_unit_is_parted(cell, waktu):
    """OCR reads the narrow gap in "1 jam" as none: the Waktu cell is the norm all the same."""
    assert _waktu(cell) == waktu


def test_a_letter_beside_a_ruling_is_kept_for_the_reader():
    """A coarse scan blurs a bold first letter's joint into a solid touching its cell's border: a ruling runs on
    past it both ways, so it is a letter (left for Tesseract), while a head at its line's end stays a head."""
    stroke = 2
    ink = np.zeros((600, 600), np.uint8)
    cv2.line(ink, (100, 20), (100, 580), 255, 4)                     # a cell's left border
    letter = np.array([[103, 200], [117, 207], [103, 214]], np.int32)   # the joint of a K, one pixel off it
    cv2.fillPoly(ink, [letter], 255)
    cv2.line(ink, (400, 20), (400, 280), 255, 4)                     # a connector down to a box
    head = np.array([[390, 280], [410, 280], [400, 300]], np.int32)
    cv2.fillPoly(ink, [head], 255)
    box = np.array([[[340, 300]], [[460, 300]], [[460, 380]], [[340, 380]]], np.int32)
    cv2.polylines(ink, [box], True, 255, 4)
    lines = np.zeros_like(ink)
    cv2.line(lines, (100, 20), (100, 580), 255, 4)
    cv2.line(lines, (400, 20), (400, 278), 255, 4)
    heads, solids = raster._arrowheads(cv2, np, ink, lines, 300, stroke, [box])
    assert len(heads) == 1 and heads[0][:, 0].min() > 380
    assert not [s for s in solids if s[:, 0].max() < 130]


def test_a_branch_drawn_beside_a_rows_line_is_a_line_not_letters():
    """(rule: a line beside a line is no text) a 150-dpi scan enlarged to the working 300 dpi draws a
    branch running 2 pt above a row's line as two 5-pixel lines 3 pixels apart: the ink across the branch
    includes the ruling's, yet the branch is a line. Bold letters standing as close on the ruling (the
    bottom bars of the E's run longer than a letter's stroke) are still letters, no line."""
    from pathlib import Path

    import reportlab
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (2400, 400), 0)
    font = ImageFont.truetype(str(Path(reportlab.__file__).parent / "fonts" / "VeraBd.ttf"), 42)
    ImageDraw.Draw(image).text((1300, 262), "TERIMA BERKAS", font=font, fill=255)
    ink = cv2.dilate(np.array(image), np.ones((3, 3), np.uint8))       # blurred into each other, as scanned
    cv2.rectangle(ink, (50, 300), (2350, 304), 255, -1)                 # the row's line
    cv2.rectangle(ink, (600, 292), (1000, 296), 255, -1)                # the branch beside it
    segments, _ = raster._segments(cv2, np, ink, 300)
    level = [(x0, y0, x1) for x0, y0, x1, y1 in segments if y0 == y1]
    assert any(x0 <= 602 and x1 >= 999 and 292 <= y <= 296 for x0, y, x1 in level)
    assert not [s for s in level if 1400 <= s[0] <= 1700 and s[1] > 280]      # the E's bottom bars


def test_a_symbols_outline_is_painted_out_as_wide_as_it_is_drawn():
    """(rule: an outline is painted out to its drawn width) lines 6 pixels thick, as a 150-dpi scan
    enlarged to 300 dpi draws them: the box's outline leaves no sliver of its outer edge to be taken for
    connectors (they would join every arrow at the box into one), and the connector into it stays."""
    ink = np.zeros((500, 2400), np.uint8)
    for y in (60, 440):
        cv2.rectangle(ink, (50, y), (2350, y + 5), 255, -1)                # the rows' lines
    cv2.rectangle(ink, (1000, 200), (1250, 285), 255, 6)                  # a process box
    cv2.rectangle(ink, (700, 240), (995, 245), 255, -1)                   # the connector into it
    assert raster._line_width(cv2, np, ink, 300) == 6
    symbols, _ = raster._symbols(cv2, np, ink, 300, 2)
    assert len(symbols) == 1
    rest = raster._without_outlines(cv2, ink, symbols, raster._outline_width(cv2, np, ink, 300, 2))
    segments, _ = raster._segments(cv2, np, rest, 300)
    assert sorted((round(x0), round(y0), round(x1), round(y1)) for x0, y0, x1, y1 in segments) == [
        (51, 63, 2352, 63), (51, 443, 2352, 443), (701, 243, 997, 243)]


def test_a_header_label_ocr_split_in_two_is_joined_again():
    """Tesseract parts "Persyaratan/" into "Persyar." and "tan/" on a coarse scan: the header is found all the same."""
    labels = {**MISREAD, "Kelenqkapan": None, "Persyar.": (415, 80), "tan/": (466, 80)}
    page = _header_page({k: v for k, v in labels.items() if v}, confidence=0.8)
    header = find_header(page, rulings_of(page))
    assert header is not None and header.columns.kelengkapan.x0 == 410
    assert [name for name, _ in header.columns.roles] == ["Kabag", "Staf"]
    # apart by more than a letter's height, the two words are not one label
    far = _header_page({k: v for k, v in {**labels, "tan/": (480, 80)}.items() if v}, confidence=0.8)
    assert find_header(far, rulings_of(far)) is None


def _identity_page(confidence: float) -> Page:
    """An identity block: the office's name beside an emblem on the left, Nomor SOP and Tanggal Pembuatan."""
    paths = [_line(20, y, 600, y) for y in (20, 60, 100)] + [_line(x, 20, x, 100) for x in (20, 250, 400, 600)]
    texts = [("N", 100, 25), ("/", 108, 34), ("C2", 40, 40), ("BADAN", 60, 50), ("PUSAT", 100, 50),
             ("STATISTIK", 140, 50), ("TIM", 80, 70), ("UMUM", 110, 70),
             ("Nomor", 260, 35), ("SOP", 300, 35), ("SOP-006/2025", 410, 35),
             ("Tanggal", 260, 75), ("Pembuatan", 305, 75), ("2", 410, 75), ("Juni", 420, 75), ("2025", 445, 75)]
    words = tuple(Word(text, Box(x, y, x + 5 * len(text), y + 7), confidence) for text, x, y in texts)
    return Page(1, 842, 595, words, tuple(paths), ())


def test_marks_read_into_an_emblem_are_no_line_of_the_office_name():
    page = _identity_page(0.9)
    read = read_identity(page, rulings_of(page), page.height)
    assert read.fields["nomor"] == "SOP-006/2025"
    assert read.instansi == "BADAN PUSAT STATISTIK\nTIM UMUM"
    text_layer = _identity_page(1.0)       # a text layer is the author's: kept as it is
    assert read_identity(text_layer, rulings_of(text_layer), text_layer.height).instansi.startswith("N\n/\nC2")


def test_a_flat_grey_fill_is_paper_and_a_filled_symbol_keeps_its_outline():
    """Symbols filled mid grey (no outline darker than the fill) are found by their edge; a shaded area that
    is not flat (a logo's gradient) is left as it is."""
    image = np.full((900, 1400), 250, np.uint8)
    cv2.rectangle(image, (200, 200), (500, 330), 128, -1)                        # a process box, filled
    cv2.fillPoly(image, [np.array([[900, 150], [1050, 260], [900, 370], [750, 260]], np.int32)], 128)  # a decision
    cv2.line(image, (500, 265), (750, 265), 0, 4)                                 # the connector between them
    cv2.putText(image, "Ya", (560, 250), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 3)
    image[550:800, 200:450] = np.linspace(120, 200, 250, dtype=np.uint8)[None, :]  # a gradient, no flat fill
    grey = raster._grey(cv2, np, image, 300)
    assert (grey[230:300, 250:450] == 255).all() and (grey[240:280, 860:940] == 255).all()
    assert (grey[600:750, 220:430] == image[600:750, 220:430]).all()
    symbols, _ = raster._symbols(cv2, np, raster._ink(cv2, grey), 300, 2)
    boxes = sorted(cv2.boundingRect(outline) for outline in symbols)
    assert len(boxes) == 2
    assert abs(boxes[0][0] - 200) <= 4 and abs(boxes[0][2] - 300) <= 8
    assert abs(boxes[1][0] - 750) <= 6 and abs(boxes[1][3] - 220) <= 10


def test_runs_through_bold_letters_are_no_line():
    """Thin runs of ink through the bars of bold letters, joined into one piece as tall as the letters, are
    text: a run is as thick as its own pixels, not its box."""
    ink = np.zeros((200, 600), np.uint8)
    for x in range(100, 500, 12):                   # letters: 12 pixels tall, 9 wide, 3 apart
        ink[88:100, x:x + 9] = 255
    for i in range(10):                             # runs through them, each a row lower than the last
        ink[89 + i, 100 + 40 * i:160 + 40 * i] = 255
    segments, _ = raster._segments(cv2, np, ink, 300)
    assert segments == []
    ink[150:153, 50:550] = 255                      # a line (3 pixels thick) is still a line
    segments, _ = raster._segments(cv2, np, ink, 300)
    assert len(segments) == 1 and segments[0][1] == 151.5


def test_an_identity_label_misread_by_ocr_still_names_its_field():
    """"Tanggal Revisi" read as "Tanaaal Revisi" (its g's tails lost with the row line under them)."""
    paths = [_line(20, y, 600, y) for y in (20, 60, 100)] + [_line(x, 20, x, 100) for x in (20, 250, 400, 600)]
    texts = [("Nomor", 260, 35), ("SOP", 300, 35), ("SOP-029/2025", 410, 35),
             ("Tanaaal", 260, 75), ("Revisi", 305, 75), ("2", 410, 75), ("Juni", 420, 75), ("2025", 445, 75)]

    def page(confidence):
        return Page(1, 842, 595, tuple(Word(t, Box(x, y, x + 5 * len(t), y + 7), confidence) for t, x, y in texts),
                    tuple(paths), ())

    read = read_identity(page(0.9), rulings_of(page(0.9)), 595)
    assert read.fields["tanggal_revisi"] == "2 Juni 2025" and read.fields["nomor"] == "SOP-029/2025"
    assert "tanggal_revisi" not in read_identity(page(1.0), rulings_of(page(1.0)), 595).fields


def test_two_roles_names_in_one_picture_cell_are_two_columns():
    """No line between two roles' names in the header; read from a 150-dpi picture, the blank column between
    them is 2.5 points (words of one line, widened, nearly touch); a space between words of one line is not."""
    def word(text, x0, top, x1):
        return Word(text, Box(x0, top, x1, top + 7), 0.8)

    names = [word("Pejabat", 255, 90, 283), word("Pembuat", 284, 90, 314), word("Pengadaan", 268, 100, 305),
             word("Subbagian", 316.5, 100, 357), word("Tim", 330, 90, 343), word("Layanan", 344, 90, 372)]
    spans = _role_spans(Span(250, 410), [], names)
    assert len(spans) == 2 and 314 < spans[0].x1 < 316.5
    one_name = [word("Proyek", 255, 90, 280), word("SDM", 282.5, 90, 300)]
    assert len(_role_spans(Span(250, 330), [], one_name)) == 1


@pytest.mark.skipif(find_tesseract() is None, reason="Tesseract is not installed")
def test_a_branch_name_a_column_line_crosses_is_read_whole():
    """(rule: a letter a line crosses stays whole) a branch's name printed over a column's line, as the
    reportlab SOP prints "Belum Benar" and "Lengkap", reads whole: the line is painted out for Tesseract, but
    not where a letter's stroke crosses it. The words in the cells beside the line, a margin off it, stay apart."""
    from pathlib import Path

    import reportlab
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1400, 600), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"), 30)   # 7 pt at 300 dpi
    draw.text((600, 150), "Belum Benar", font=font, fill=0)
    draw.text((470, 400), "Rencana", font=font, fill=0)
    draw.text((700, 400), "diperiksa", font=font, fill=0)
    draw.line((656, 20, 656, 580), fill=0, width=4)              # the column's line, through the u of Belum
    draw.line((20, 300, 1380, 300), fill=0, width=4)             # a row's line
    read = raster.read_picture(np.array(image), 300, 1, document="label.png")
    texts = [w.text for w in read.page.words]
    assert "Belum" in texts and "Benar" in texts
    assert "Rencana" in texts and "diperiksa" in texts
