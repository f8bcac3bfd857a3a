"""Tests for sopxl.vba.cfb (MS-CFB) and sopxl.vba.ovba (MS-OVBA): the vbaProject.bin writer.

Independent readers used as oracles: olefile, oletools (olevba) and, when
installed, LibreOffice.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile

import olefile
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oletools.olevba import VBA_Parser, decompress_stream

from sopxl.vba.cfb import read_compound_file, write_compound_file
from sopxl.vba.ovba import VbaModule, _decrypt, _encrypt, build_vba_project, compress, decompress

# --------------------------------------------------------------------------
# MS-OVBA 2.4.1 compression
# --------------------------------------------------------------------------

# MS-OVBA 3.2.1 - 3.2.3: (decompressed text, compressed bytes).
SPEC_EXAMPLES = [
    (b"abcdefghijklmnopqrstuv.",
     "01 19 B0 00 61 62 63 64 65 66 67 68 00 69 6A 6B 6C 6D 6E 6F 70 00 71 72 73 74 75 76 2E"),
    (b"#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa",
     "01 2F B0 00 23 61 61 61 62 63 64 65 82 66 00 70 61 67 68 69 6A 01 38 08 61 6B 6C 00 20"
     " 6D 6E 6F 70 06 71 02 70 04 00 72 73 74 75 76 10 77 78 79 7A 00 2C"),
    (b"a" * 73, "01 03 B0 02 61 45 00"),
]


@pytest.mark.parametrize("text, compressed", SPEC_EXAMPLES)
def test_decompress_spec_examples(text, compressed):
    assert decompress(bytes.fromhex(compressed)) == text


@pytest.mark.parametrize("text, compressed", SPEC_EXAMPLES)
def test_compress_reproduces_spec_examples(text, compressed):
    assert compress(text) == bytes.fromhex(compressed)


def test_decompress_older_edition_of_normal_example():
    # Earlier editions of MS-OVBA printed a different, equally valid encoding
    # of 3.2.2 (other offsets for equal-length matches).
    old = bytes.fromhex(
        "01 2F B0 00 23 61 61 61 62 63 64 65 82 66 00 70 61 67 68 69 6A 01 38 08 61 6B 6C 00 30"
        " 6D 6E 6F 70 06 71 02 70 04 10 72 73 74 75 76 10 77 78 79 7A 00 3C")
    assert decompress(old) == SPEC_EXAMPLES[1][0]


def test_compress_empty():
    assert compress(b"") == b"\x01"
    assert decompress(b"\x01") == b""


runs = st.lists(
    st.tuples(st.binary(min_size=1, max_size=6), st.integers(min_value=1, max_value=2500)),
    min_size=1, max_size=8,
).map(lambda parts: b"".join(piece * count for piece, count in parts))
texty = st.text(alphabet="ab \r\nSubEnd()", max_size=12000).map(lambda s: s.encode())


def random_bytes(lengths):
    """Incompressible bytes of the drawn lengths, reproducible by hypothesis."""
    return st.builds(lambda rng, n: rng.randbytes(n), st.randoms(use_true_random=False), lengths)


payloads = st.one_of(st.binary(max_size=3000), runs, texty,
                     random_bytes(st.integers(min_value=4097, max_value=12000)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(payloads)
def test_compress_round_trip(data):
    packed = compress(data)
    assert decompress(packed) == data
    assert decompress_stream(packed) == data  # oletools' independent decompressor


def test_compress_incompressible_chunks():
    data = os.urandom(4096 + 4000)  # a full raw chunk, then a short raw last chunk
    packed = compress(data)
    assert packed[1:3] == b"\xff\x3f"
    assert decompress(packed) == data == decompress_stream(packed)


def test_compress_long_run_is_small():
    data = b"x" * 100_000
    assert len(compress(data)) < 200
    assert decompress(compress(data)) == data


@pytest.mark.parametrize("bad", [b"", b"\x00abc", b"\x01\x19", b"\x01\x05\x80\x01",
                                 b"\x01\x03\xb0\x02\x61\x45", b"\x01\x03\xb0\x01\x45\x00"])
def test_decompress_rejects_malformed(bad):
    with pytest.raises(ValueError):
        decompress(bad)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=6000), st.data())
def test_decompress_truncated_gives_prefix_or_value_error(data, draw):
    packed = compress(data)
    cut = draw.draw(st.integers(min_value=0, max_value=len(packed)))
    try:
        out = decompress(packed[:cut])
    except ValueError:
        return
    assert data.startswith(out)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_decompress_garbage_raises_only_value_error(garbage):
    try:
        decompress(b"\x01" + garbage)
    except ValueError:
        pass


# --------------------------------------------------------------------------
# MS-OVBA 2.4.3 data encryption (CMG / DPB / GC)
# --------------------------------------------------------------------------

def test_decrypt_spec_project_example():
    # MS-OVBA 3.1.6 PROJECT stream example (an unprotected, visible project).
    project_id = "{917DED54-440B-4FD1-A5C1-74ACF261E600}"
    cmg, dpb, gc = "0705D8E3D8EDDBF1DBF1DBF1DBF1", "0E0CD1ECDFF4E7F5E7F5E7", "1517CAF1D6F9D7F9D706"
    assert _decrypt(cmg) == bytes(4)
    assert _decrypt(dpb) == b"\x00"
    assert _decrypt(gc) == b"\xff"
    # ProjKeyEnc = Seed XOR ProjKey, ProjKey = byte sum of the ID string.
    for text in (cmg, dpb, gc):
        raw = bytes.fromhex(text)
        assert raw[0] ^ raw[2] == sum(project_id.encode()) & 0xFF


@pytest.mark.parametrize("seed", range(0, 256, 7))
def test_encrypt_round_trip(seed):
    for data in (b"\x00", b"\xff", bytes(4), b"password"):
        assert _decrypt(_encrypt(data, "{00000000-0000-0000-0000-000000000000}", seed)) == data


# --------------------------------------------------------------------------
# MS-CFB writer and reader
# --------------------------------------------------------------------------

name_chars = st.sampled_from("abcdeABCDE_ 019.é")
names = st.text(name_chars, min_size=1, max_size=31)
sizes = st.sampled_from([0, 1, 63, 64, 65, 511, 512, 4095, 4096, 4097, 9000])
stream_data = st.one_of(st.binary(max_size=3000), random_bytes(sizes))
paths = st.lists(names, min_size=1, max_size=3).map("/".join)


def _consistent(streams: dict[str, bytes]) -> dict[str, bytes]:
    """Drop entries whose path collides with an earlier one: names compare
    case-insensitively, a storage must be spelled one way, and a name cannot
    be both a stream and a storage."""
    kept: dict[str, bytes] = {}
    stream_keys: set[str] = set()
    storages: dict[str, str] = {}  # upper-cased storage path -> its spelling
    for path, data in streams.items():
        parts = path.split("/")
        prefixes = ["/".join(parts[:i]) for i in range(1, len(parts))]
        key = path.upper()
        if (key in stream_keys or key in storages
                or any(storages.get(p.upper(), p) != p or p.upper() in stream_keys
                       for p in prefixes)):
            continue
        kept[path] = data
        stream_keys.add(key)
        storages.update((p.upper(), p) for p in prefixes)
    return kept


def _cfb_key(name: str):
    units = name.encode("utf-16-le")
    return len(units) // 2, name.upper()


def _assert_sibling_trees_sorted(ole: olefile.OleFileIO) -> None:
    """Every storage's children, read in order through the left/right
    sibling links, must be sorted by MS-CFB 2.6.4's comparison."""
    def in_order(sid):
        if sid == olefile.NOSTREAM:
            return []
        entry = ole.direntries[sid]
        return in_order(entry.sid_left) + [entry.name] + in_order(entry.sid_right)

    for entry in ole.direntries:
        if entry is not None and entry.entry_type in (olefile.STGTY_ROOT, olefile.STGTY_STORAGE):
            kids = in_order(entry.sid_child)
            assert [_cfb_key(k) for k in kids] == sorted(_cfb_key(k) for k in kids)
            assert len({_cfb_key(k) for k in kids}) == len(kids)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(paths, stream_data, max_size=25).map(_consistent))
def test_cfb_round_trip(streams):
    blob = write_compound_file(streams)
    assert read_compound_file(blob) == streams
    ole = olefile.OleFileIO(io.BytesIO(blob), raise_defects=olefile.DEFECT_POTENTIAL)
    assert {"/".join(p): ole.openstream(p).read() for p in ole.listdir()} == streams
    _assert_sibling_trees_sorted(ole)


def test_cfb_large_file_uses_difat():
    # > 109 FAT sectors (about 7 MB) needs DIFAT sectors (MS-CFB 2.5).
    streams = {"big": os.urandom(8_000_000), "small": b"s", "Dir/x": b"y" * 5000}
    blob = write_compound_file(streams)
    assert int.from_bytes(blob[72:76], "little") > 0  # number of DIFAT sectors
    assert read_compound_file(blob) == streams
    ole = olefile.OleFileIO(io.BytesIO(blob))
    assert ole.openstream("big").read() == streams["big"]


def test_cfb_unicode_and_ordering():
    streams = {"Ünïcode": b"1", "b": b"2", "AA": b"3", "a/z": b"4", "ccc": b""}
    blob = write_compound_file(streams)
    assert read_compound_file(blob) == streams
    _assert_sibling_trees_sorted(olefile.OleFileIO(io.BytesIO(blob)))


@pytest.mark.parametrize("streams", [
    {"x" * 32: b""},
    {"a:b": b""},
    {"a!": b""},
    {"": b""},
    {"a//b": b""},
    {"Dir": b"", "dir": b""},
    {"A": b"", "A/B": b""},
    {"A/B": b"", "A": b""},
    {"A/x": b"", "a/y": b""},
])
def test_cfb_writer_rejects_bad_names(streams):
    with pytest.raises(ValueError):
        write_compound_file(streams)


def test_cfb_reader_rejects_truncated():
    blob = write_compound_file({"VBA/dir": b"d" * 300, "PROJECT": b"p" * 6000})
    for cut in (0, 8, 100, 511, 512, 513, 1024, len(blob) // 2, len(blob) - 512, len(blob) - 1):
        with pytest.raises(ValueError):
            read_compound_file(blob[:cut])


def test_cfb_reader_rejects_non_cfb():
    with pytest.raises(ValueError, match="signature"):
        read_compound_file(b"PK\x03\x04" + bytes(600))


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_cfb_reader_corrupt_raises_only_value_error(draw):
    blob = bytearray(write_compound_file({"VBA/dir": b"d" * 300, "VBA/m": b"m" * 5000, "P": b""}))
    for _ in range(draw.draw(st.integers(1, 6))):
        pos = draw.draw(st.integers(0, len(blob) - 1))
        blob[pos] = draw.draw(st.integers(0, 255))
    try:
        read_compound_file(bytes(blob))
    except ValueError:
        pass


# --------------------------------------------------------------------------
# The VBA project
# --------------------------------------------------------------------------

STANDARD_CODE = '''Option Explicit

Public Sub SapaDunia()
    MsgBox "Halo, dunia!"
End Sub

Public Function Tambah(ByVal a As Long, ByVal b As Long) As Long
    Tambah = a + b
End Function
'''
WORKBOOK_CODE = '''Private Sub Workbook_Open()
    Sheet1.Range("B1").Value = "dibuka"
End Sub
'''
SHEET_CODE = ""

MODULES = [
    VbaModule("ThisWorkbook", WORKBOOK_CODE, "document"),
    VbaModule("Sheet1", SHEET_CODE, "document"),
    VbaModule("Alat", STANDARD_CODE, "standard"),
]


def _normalise(code: str) -> str:
    lines = code.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line for line in lines if not line.startswith("Attribute ")).strip("\n")


def _write_xlsm(path, modules=MODULES) -> None:
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    sheet.set_vba_name("Sheet1")
    sheet.write("A1", "sopxl")
    workbook.set_vba_name("ThisWorkbook")
    workbook.add_vba_project(io.BytesIO(build_vba_project(modules)), is_stream=True)
    workbook.close()


def test_project_streams():
    streams = read_compound_file(build_vba_project(MODULES))
    assert set(streams) == {"PROJECT", "PROJECTwm", "VBA/_VBA_PROJECT", "VBA/dir",
                            "VBA/ThisWorkbook", "VBA/Sheet1", "VBA/Alat"}
    assert streams["VBA/_VBA_PROJECT"] == bytes.fromhex("CC61FFFF000000")
    assert streams["PROJECTwm"] == b"".join(
        m.name.encode() + b"\0" + m.name.encode("utf-16-le") + b"\0\0" for m in MODULES) + b"\0\0"

    project = streams["PROJECT"].decode("cp1252")
    lines = project.split("\r\n")
    assert lines[0].startswith('ID="{') and lines[0].endswith('}"')
    assert "Document=ThisWorkbook/&H00000000" in lines
    assert "Document=Sheet1/&H00000000" in lines
    assert "Module=Alat" in lines
    assert 'Name="VBAProject"' in lines
    values = {key: value.strip('"') for key, value in
              (line.split("=", 1) for line in lines if line.startswith(("CMG=", "DPB=", "GC=")))}
    assert _decrypt(values["CMG"]) == bytes(4)  # not protected
    assert _decrypt(values["DPB"]) == b"\x00"  # no password
    assert _decrypt(values["GC"]) == b"\xff"  # visible
    project_id = lines[0][3:].strip('"')
    gc = bytes.fromhex(values["GC"])
    assert gc[0] ^ gc[2] == sum(project_id.encode()) & 0xFF  # ProjKey from this ID

    module = decompress(streams["VBA/Alat"]).decode("cp1252")
    assert module.startswith('Attribute VB_Name = "Alat"\r\nOption Explicit\r\n')
    assert "\n" not in module.replace("\r\n", "")
    document = decompress(streams["VBA/ThisWorkbook"]).decode("cp1252")
    assert 'Attribute VB_Base = "0{00020819-0000-0000-C000-000000000046}"' in document
    assert "Attribute VB_PredeclaredId = True" in document
    sheet = decompress(streams["VBA/Sheet1"]).decode("cp1252")
    assert 'Attribute VB_Base = "0{00020820-0000-0000-C000-000000000046}"' in sheet

    directory = decompress(streams["VBA/dir"])
    assert directory[:10] == bytes.fromhex("0100 04000000 01000000")  # PROJECTSYSKIND win32
    assert b"stdole2.tlb#OLE Automation" in directory and b"MSO.DLL" in directory
    assert directory.endswith(bytes.fromhex("1000 00000000"))


def test_project_ids_are_fresh():
    first = read_compound_file(build_vba_project(MODULES))["PROJECT"].split(b"\r\n")[0]
    second = read_compound_file(build_vba_project(MODULES))["PROJECT"].split(b"\r\n")[0]
    assert first != second


@pytest.mark.parametrize("modules, message", [
    ([VbaModule("Modul1", "Sub A()\n  x = \"\u20b9\"\nEnd Sub")], "Modul1"),
    ([VbaModule("Modul1", ""), VbaModule("MODUL1", "")], "duplicate"),
    ([VbaModule("1Modul", "")], "identifier"),
    ([VbaModule("Modul-1", "")], "identifier"),
    ([VbaModule("M" * 32, "")], "identifier"),
    ([VbaModule("dir", "")], "dir"),
    ([VbaModule("Modul1", "", "form")], "kind"),
    ([VbaModule("Modul1", 'Attribute VB_Name = "X"\nSub A()\nEnd Sub')], "VB_Name"),
])
def test_build_rejects(modules, message):
    with pytest.raises(ValueError, match=message):
        build_vba_project(modules)


def test_cp1252_text_is_kept():
    code = 'Sub Salam()\n    MsgBox "Selamat datang – café €"\nEnd Sub\n'
    streams = read_compound_file(build_vba_project([VbaModule("Modul1", code)]))
    assert decompress(streams["VBA/Modul1"]).decode("cp1252").endswith(code.replace("\n", "\r\n"))


def test_oletools_extracts_every_module(tmp_path):
    path = tmp_path / "makro.xlsm"
    _write_xlsm(path)
    parser = VBA_Parser(str(path))
    try:
        assert parser.detect_vba_macros()
        extracted = {stream.split("/")[-1]: code
                     for _file, stream, _name, code in parser.extract_macros()}
    finally:
        parser.close()
    assert set(extracted) == {m.name for m in MODULES}
    for module in MODULES:
        assert _normalise(extracted[module.name]) == _normalise(module.code)


def test_large_module_spans_several_chunks(tmp_path):
    code = "".join(f"Public Sub Langkah{i}()\n    Debug.Print {i}\nEnd Sub\n\n" for i in range(400))
    path = tmp_path / "besar.xlsm"
    _write_xlsm(path, MODULES[:2] + [VbaModule("Besar", code)])
    parser = VBA_Parser(str(path))
    try:
        extracted = {stream.split("/")[-1]: code
                     for _file, stream, _name, code in parser.extract_macros()}
    finally:
        parser.close()
    assert len(code) > 3 * 4096
    assert _normalise(extracted["Besar"]) == _normalise(code)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_imports_the_modules(tmp_path):
    source = tmp_path / "makro.xlsm"
    _write_xlsm(source)
    outdir = tmp_path / "out"
    subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--norestore", "--convert-to", "ods", "--outdir", str(outdir), str(source)],
        check=True, timeout=180, capture_output=True,
    )
    with zipfile.ZipFile(outdir / "makro.ods") as ods:
        basic = {name: ods.read(name).decode("utf-8") for name in ods.namelist()
                 if name.startswith("Basic/") and name.endswith(".xml")}
    by_module = {name.rsplit("/", 1)[-1][:-4]: text for name, text in basic.items()}
    assert {"ThisWorkbook", "Sheet1", "Alat"} <= set(by_module), sorted(basic)
    assert "Sub SapaDunia()" in by_module["Alat"]
    assert "Function Tambah(" in by_module["Alat"]
    assert 'script:moduleType="normal"' in by_module["Alat"]
    assert "Sub Workbook_Open()" in by_module["ThisWorkbook"]
    assert 'script:moduleType="document"' in by_module["ThisWorkbook"]


# --------------------------------------------------------------------------
# Class modules and reading a project back
# --------------------------------------------------------------------------

CLASS_CODE = '''Option Explicit
Private pCount As Long

Public Property Get Count() As Long
Attribute Count.VB_UserMemId = 0
    Count = pCount
End Property
'''


def test_class_module_streams_and_oletools():
    from sopxl.vba.ovba import read_vba_project

    modules = MODULES + [VbaModule("Penghitung", CLASS_CODE, "class")]
    data = build_vba_project(modules)
    streams = read_compound_file(data)
    assert "Class=Penghitung" in streams["PROJECT"].decode("cp1252").split("\r\n")
    source = decompress(streams["VBA/Penghitung"]).decode("cp1252")
    assert source.startswith('Attribute VB_Name = "Penghitung"\r\n'
                             'Attribute VB_Base = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"\r\n')
    assert "Attribute VB_PredeclaredId = False" in source and "Attribute VB_Exposed = False" in source
    assert "Attribute Count.VB_UserMemId = 0" in source          # procedure attributes are code
    back = read_vba_project(data)
    assert [(m.name, m.kind) for m in back] == [(m.name, m.kind) for m in modules]
    for written, read in zip(modules, back):
        assert _normalise(read.code) == _normalise(written.code)
    parser = VBA_Parser("x.bin", data=data)
    try:
        extracted = {stream.split("/")[-1]: code for _f, stream, _n, code in parser.extract_macros()}
    finally:
        parser.close()
    assert _normalise(extracted["Penghitung"]) == _normalise(CLASS_CODE)


def test_read_vba_project_names_what_is_missing_or_broken():
    from sopxl.vba.ovba import read_vba_project

    streams = read_compound_file(build_vba_project(MODULES))
    without = {k: v for k, v in streams.items() if k != "VBA/Alat"}
    with pytest.raises(ValueError, match="'Alat': its stream VBA/Alat is missing"):
        read_vba_project(write_compound_file(without))
    with pytest.raises(ValueError, match="VBA/dir stream is missing"):
        read_vba_project(write_compound_file({k: v for k, v in streams.items() if k != "VBA/dir"}))
    bad_dir = dict(streams, **{"VBA/dir": compress(decompress(streams["VBA/dir"])[:-40])})
    with pytest.raises(ValueError, match="dir stream"):
        read_vba_project(write_compound_file(bad_dir))
    empty_module = dict(streams, **{"VBA/Alat": b""})
    with pytest.raises(ValueError, match="'Alat'.*truncated"):
        read_vba_project(write_compound_file(empty_module))


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_read_vba_project_of_a_cut_file_raises_only_value_error(draw):
    from sopxl.vba.ovba import read_vba_project

    data = build_vba_project(MODULES)
    cut = draw.draw(st.integers(0, len(data) - 1))
    with pytest.raises(ValueError):
        read_vba_project(data[:cut])
