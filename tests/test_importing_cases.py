"""Issue 15: documents as offices write them (tests/data/import/make_cases.py) import as read by hand.

Each document has NAME.expected.json beside it, written by hand: the `sopxl export` JSON of what a
careful reader takes from it (NAME.part2.expected.json: the second SOP on the page), or
{"refused": message} for a document that must be refused with that message.
"""

import json
from pathlib import Path

import pytest

import sopxl
from sopxl.errors import DocumentError

DATA = Path(__file__).parent / "data" / "import"
CASES = sorted(p for p in DATA.iterdir()
               if p.suffix in (".txt", ".docx", ".xlsx") and (DATA / f"{p.stem}.expected.json").exists())


def test_every_case_of_the_issue_has_a_document():
    assert {p.stem for p in CASES} >= {
        "identity_colon_column", "signer_name_nip", "numbered_items_rows", "decisions_other_words",
        "norms_as_written", "actors_lists_misspelt", "arrow_labels_in_pelaksana", "uraian_prosedur_autonumber",
        "tahapan_kegiatan", "web_page_spaced", "two_sops_one_page", "single_spaced_header"}


@pytest.mark.parametrize("document", CASES, ids=[p.name for p in CASES])
def test_document_imports_as_read_by_hand(document):
    expected = json.loads((DATA / f"{document.stem}.expected.json").read_text(encoding="utf-8"))
    if "refused" in expected:
        with pytest.raises(DocumentError) as raised:
            sopxl.read_document(document)
        assert raised.value.message == expected["refused"]
        assert raised.value.file == str(document)
        return
    assert sopxl.read_document(document).sop.to_dict() == expected


def test_the_second_sop_on_a_page_is_read_with_part_2():
    document = DATA / "two_sops_one_page.txt"
    expected = json.loads((DATA / "two_sops_one_page.part2.expected.json").read_text(encoding="utf-8"))
    result = sopxl.read_document(document, part=2)
    assert result.sop.to_dict() == expected
    assert "dokumen memuat 2 SOP" in result.notes[0]
    with pytest.raises(DocumentError, match="tidak ada SOP ke-3"):
        sopxl.read_document(document, part=3)


def test_reasons_and_notes_follow_the_language():
    result = sopxl.read_document(DATA / "actors_lists_misspelt.txt", lang="en")
    reasons = [i.reason for s in result.sop.steps for i in s.inferences if i.field == "pelaksana"]
    assert reasons[1] == ('the activity starts with the name Sekretaris/para eselon III (written "Sekertaris", '
                          'misspelt)')
    spaced = sopxl.read_document(DATA / "web_page_spaced.txt", lang="en")
    assert spaced.notes == ["cells are separated by spaces, not tabs: columns read from the header's positions on line 18"]


def test_a_stray_arrow_label_is_noted_and_shifts_nothing():
    result = sopxl.read_document(DATA / "arrow_labels_in_pelaksana.txt")
    assert not any("bergeser" in note for note in result.notes)
    assert ("label panah Y/T di kolom Pelaksana langkah 2, 3 dibaca sebagai label Ya/Tidak, bukan tanda Pelaksana"
            in result.notes)


def test_a_range_says_which_bound_is_the_norm():
    result = sopxl.read_document(DATA / "norms_as_written.xlsx")
    assert "langkah 5: Waktu '10 - 15 menit' adalah rentang; normanya batas atas 15 menit" in result.notes
    step = result.sop.step(8)
    assert step.waktu == "1 - 5 hari kerja" and step.norm.minutes(450) == 5 * 450


@pytest.mark.slow
def test_pdftotext_layout_of_the_printed_sop_reads_back(tmp_path):
    """The official document sopxl prints (LibreOffice), turned into space-aligned text by poppler's
    `pdftotext -layout`, imports back: identity (signer's name and NIP included), roles and every
    step's texts and norm. Headers centred over left-aligned columns and a step's number printed
    below its text are what this reads through; the Pelaksana marks are flowchart shapes in a PDF, so
    they come back as inferences."""
    import subprocess

    workbook = sopxl.import_document(DATA / "identity_colon_column.xlsx", tmp_path / "anjab.xlsx").workbook
    printed = sopxl.pdf(workbook, tmp_path / "anjab.pdf").pdf
    text = tmp_path / "anjab.txt"
    subprocess.run(["pdftotext", "-layout", str(printed), str(text)], check=True)
    original, imported = sopxl.load(workbook), sopxl.read_document(text).sop
    assert imported.identity == original.identity and imported.roles == original.roles

    def texts(sop):
        return [(s.number, s.kegiatan, s.kelengkapan, s.waktu, s.output, s.keterangan) for s in sop.steps]
    assert texts(imported) == texts(original)
