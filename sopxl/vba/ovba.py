"""Office VBA File Format ([MS-OVBA]): compression and a VBA project writer.

``build_vba_project`` returns the bytes of a ``vbaProject.bin`` (an MS-CFB
compound file) holding source code only.  ``_VBA_PROJECT`` carries no
performance cache, so the host application compiles the modules from source
when the workbook is opened.

Fixed choices, all as written by a Western-European 32-bit Office:

* PROJECTSYSKIND is 1 (32-bit Windows).  The value only records the platform
  the project was last saved on; 64-bit Office opens it and, as there is no
  compiled cache to reuse, compiles the source exactly as it would for syskind
  3.  (``Declare`` statements still need ``PtrSafe`` to compile on 64-bit.)
* LCID 0x409 (the spec requires it) and code page 1252: module text and names
  must be encodable in cp1252.
* References: ``stdole`` (OLE Automation) and ``Office`` (Microsoft Office
  Object Library), the two that Excel adds to every new project.  The Office
  reference asks for version 2.0; type library lookup accepts any registered
  2.x, so Office 2010 (2.5) to 365 (2.8) all satisfy it.
"""

from __future__ import annotations

import secrets
import struct
import uuid
from dataclasses import dataclass
from typing import Literal

from sopxl.vba.cfb import read_compound_file, write_compound_file

__all__ = ["VbaModule", "compress", "decompress", "build_vba_project"]

CODE_PAGE = 1252
ENCODING = "cp1252"
LCID = 0x0409
SYSKIND_WIN32 = 1
CHUNK_SIZE = 4096
_MAX_CANDIDATES = 256  # hash-chain positions tried per match (see _compress_chunk)

STDOLE_LIBID = (
    r"*\G{00020430-0000-0000-C000-000000000046}#2.0#0"
    r"#C:\Windows\System32\stdole2.tlb#OLE Automation"
)
OFFICE_LIBID = (
    r"*\G{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.0#0"
    r"#C:\Program Files\Common Files\Microsoft Shared\OFFICE16\MSO.DLL"
    r"#Microsoft Office 16.0 Object Library"
)
# VB_Base class ids of Excel's document objects.
WORKBOOK_CLSID = "{00020819-0000-0000-C000-000000000046}"
WORKSHEET_CLSID = "{00020820-0000-0000-C000-000000000046}"
# VB_Base of a class module: the VBA class type library's class (what the VBE writes for Insert > Class).
CLASS_CLSID = "{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"
# VBE host extender that every Office project lists (MS-OVBA 2.3.1.17).
HOST_EXTENDER = "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000"


# --------------------------------------------------------------------------
# MS-OVBA 2.4.1 Compression and decompression
# --------------------------------------------------------------------------

def _bit_count(difference: int) -> int:
    """MS-OVBA 2.4.1.3.19.1 CopyToken Help: bits used for the offset, given
    the distance from the start of the decompressed chunk."""
    return max((difference - 1).bit_length(), 4)


def _common_length(data: bytes, a: int, b: int, limit: int) -> int:
    """Length (<= limit) of the common prefix of data[a:] and data[b:].

    Overlapping copies (a + length > b) are fine: the decompressor produces
    the bytes it copies from, and they equal the input."""
    n = 0
    step = 32
    while n + step <= limit and data[a + n:a + n + step] == data[b + n:b + n + step]:
        n += step
    while n < limit and data[a + n] == data[b + n]:
        n += 1
    return n


def _compress_chunk(data: bytes, start: int, end: int) -> bytes:
    """MS-OVBA 2.4.1.3.7 Compressing a DecompressedChunk (with 2.4.1.3.8
    TokenSequence, 2.4.1.3.9 Token, 2.4.1.3.19.4 Matching, 2.4.1.3.10 RawChunk).

    The spec's matcher scans every earlier position of the chunk for the
    longest match, preferring the nearest on ties.  We visit the same
    candidates through a hash of their first three bytes, nearest first, and
    stop after _MAX_CANDIDATES of them; any choice of match decompresses to
    the same bytes, this one only bounds the time spent on pathological
    input.
    """
    tokens = bytearray()
    positions: dict[bytes, list[int]] = {}

    def remember(pos: int) -> None:
        if pos + 3 <= end:
            positions.setdefault(data[pos:pos + 3], []).append(pos)

    cur = start
    while cur < end:
        flag_index = len(tokens)
        tokens.append(0)
        flags = 0
        for bit in range(8):
            if cur >= end:
                break
            bits = _bit_count(cur - start)
            limit = min((0xFFFF >> bits) + 3, end - cur)
            best_len, best_pos = 0, 0
            if limit >= 3:
                candidates = positions.get(data[cur:cur + 3], ())
                for tried, cand in enumerate(reversed(candidates)):
                    if tried == _MAX_CANDIDATES:
                        break
                    if best_len and data[cand + best_len] != data[cur + best_len]:
                        continue
                    length = _common_length(data, cand, cur, limit)
                    if length > best_len:
                        best_len, best_pos = length, cand
                        if length == limit:
                            break
            if best_len >= 3:
                token = ((cur - best_pos - 1) << (16 - bits)) | (best_len - 3)
                tokens += struct.pack("<H", token)
                flags |= 1 << bit
                for pos in range(cur, cur + best_len):
                    remember(pos)
                cur += best_len
            else:
                tokens.append(data[cur])
                remember(cur)
                cur += 1
        tokens[flag_index] = flags

    if len(tokens) <= CHUNK_SIZE:
        # CompressedChunkHeader: size - 3 in bits 0-11, signature 0b011, flag 1.
        return struct.pack("<H", 0xB000 | (len(tokens) - 1)) + tokens
    # Incompressible: a raw chunk (flag 0, size field 0xFFF).  The spec pads a
    # short last chunk with zeros, which would add bytes on decompression; we
    # write it unpadded and decompress() accepts that (as oletools does).
    return struct.pack("<H", 0x3FFF) + data[start:end]


def compress(data: bytes) -> bytes:
    """MS-OVBA 2.4.1.3.6 Compression algorithm: a CompressedContainer (2.4.1.1.1)
    of one chunk per 4096 input bytes."""
    data = bytes(data)
    out = bytearray(b"\x01")  # SignatureByte
    for start in range(0, len(data), CHUNK_SIZE):
        out += _compress_chunk(data, start, min(start + CHUNK_SIZE, len(data)))
    return bytes(out)


def decompress(data: bytes) -> bytes:
    """MS-OVBA 2.4.1.3.1 Decompression algorithm.  Raises ``ValueError`` on a
    malformed container."""
    data = bytes(data)
    if not data or data[0] != 0x01:
        raise ValueError("not an MS-OVBA compressed container (signature byte is not 0x01)")
    out = bytearray()
    pos = 1
    while pos < len(data):
        # 2.4.1.3.2 Decompressing a CompressedChunk
        if pos + 2 > len(data):
            raise ValueError(f"truncated compressed container: chunk header at offset {pos}")
        header = data[pos] | data[pos + 1] << 8
        if (header >> 12) & 0b111 != 0b011:
            raise ValueError(f"bad chunk signature in compressed container at offset {pos}")
        chunk_end = min(pos + (header & 0x0FFF) + 3, len(data))
        pos += 2
        chunk_start = len(out)
        if not header & 0x8000:
            # 2.4.1.3.3 Decompressing a RawChunk (a last raw chunk may be short)
            out += data[pos:pos + CHUNK_SIZE]
            pos += CHUNK_SIZE
            continue
        while pos < chunk_end:
            # 2.4.1.3.4 Decompressing a TokenSequence
            flags = data[pos]
            pos += 1
            for bit in range(8):
                if pos >= chunk_end:
                    break
                if not flags >> bit & 1:
                    out.append(data[pos])
                    pos += 1
                    continue
                # 2.4.1.3.5 Decompressing a Token (CopyToken)
                if pos + 2 > chunk_end:
                    raise ValueError(f"truncated copy token in compressed container at {pos}")
                token = data[pos] | data[pos + 1] << 8
                pos += 2
                difference = len(out) - chunk_start
                if difference == 0:
                    raise ValueError(f"copy token before any literal at offset {pos - 2}")
                bits = _bit_count(difference)
                length = (token & (0xFFFF >> bits)) + 3
                offset = (token >> (16 - bits)) + 1
                if offset > difference:
                    raise ValueError(f"copy token at {pos - 2} points before its chunk")
                src = len(out) - offset
                if offset >= length:
                    out += out[src:src + length]
                else:  # overlapping copy repeats the last `offset` bytes
                    out += (out[src:] * (length // offset + 1))[:length]
        if len(out) - chunk_start > CHUNK_SIZE:
            raise ValueError("compressed chunk expands to more than 4096 bytes")
    return bytes(out)


# --------------------------------------------------------------------------
# MS-OVBA 2.4.3 Data Encryption (the CMG, DPB and GC project properties)
# --------------------------------------------------------------------------

def _encrypt(data: bytes, project_id: str, seed: int | None = None) -> str:
    """MS-OVBA 2.4.3.2 Encryption; returns the hex text used in the PROJECT
    stream.  The key is the byte sum of the project's ID string."""
    seed = secrets.randbelow(256) if seed is None else seed
    version = 2
    proj_key = sum(project_id.encode(ENCODING)) & 0xFF
    out = bytearray([seed, seed ^ version, seed ^ proj_key])
    unencrypted1, encrypted1, encrypted2 = proj_key, out[2], out[1]

    def put(byte: int) -> None:
        nonlocal unencrypted1, encrypted1, encrypted2
        enc = byte ^ ((encrypted2 + unencrypted1) & 0xFF)
        out.append(enc)
        encrypted2, encrypted1, unencrypted1 = encrypted1, enc, byte

    for _ in range((seed & 6) // 2):  # IgnoredEnc: arbitrary bytes
        put(secrets.randbelow(256))
    for byte in struct.pack("<I", len(data)) + data:  # DataLengthEnc, DataEnc
        put(byte)
    return out.hex().upper()


def _decrypt(text: str) -> bytes:
    """MS-OVBA 2.4.3.3 Decryption of a CMG/DPB/GC value; raises ``ValueError``
    if it is malformed."""
    try:
        enc = bytes.fromhex(text)
    except ValueError:
        raise ValueError(f"encrypted project value {text!r} is not hex") from None
    if len(enc) < 3 or enc[0] ^ enc[1] != 2:
        raise ValueError(f"encrypted project value {text!r} has a bad header")
    seed = enc[0]
    unencrypted1, encrypted1, encrypted2 = enc[0] ^ enc[2], enc[2], enc[1]
    plain = bytearray()
    for byte_enc in enc[3:]:
        byte = byte_enc ^ ((encrypted2 + unencrypted1) & 0xFF)
        plain.append(byte)
        encrypted2, encrypted1, unencrypted1 = encrypted1, byte_enc, byte
    ignored = (seed & 6) // 2
    if len(plain) < ignored + 4:
        raise ValueError(f"encrypted project value {text!r} is truncated")
    (length,) = struct.unpack_from("<I", plain, ignored)
    data = bytes(plain[ignored + 4:])
    if len(data) != length:
        raise ValueError(
            f"encrypted project value {text!r}: length {length}, found {len(data)} bytes")
    return data


# --------------------------------------------------------------------------
# The VBA project
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class VbaModule:
    """One VBA module.

    ``kind="standard"`` is a procedural module (``Module=`` in PROJECT,
    MODULETYPE 0x0021).  ``kind="document"`` is the code behind a workbook or
    sheet (``Document=``, MODULETYPE 0x0022); its ``name`` must match the
    object's code name in the workbook (XlsxWriter's ``set_vba_name``).  A
    document module named ``ThisWorkbook`` is given the Workbook class as
    VB_Base, any other the Worksheet class.  ``kind="class"`` is a class
    module (``Class=`` in PROJECT, MODULETYPE 0x0022, private and not
    creatable from other projects); its code is the text after the
    ``VERSION``/``BEGIN … END``/``Attribute VB_…`` header of an exported .cls.
    """

    name: str
    code: str
    kind: Literal["standard", "document", "class"] = "standard"


def _encode(text: str, what: str) -> bytes:
    try:
        return text.encode(ENCODING)
    except UnicodeEncodeError as exc:
        bad = text[exc.start:exc.end]
        raise ValueError(f"{what}: character {bad!r} is not in code page 1252") from None


def _check_identifier(name: str, what: str) -> None:
    """MS-OVBA 2.3.4.2.3.2.1 wants a VBA identifier: a letter, then letters,
    digits or underscores; the VBE allows at most 31 characters."""
    if not (0 < len(name) <= 31 and name[0].isalpha()
            and all(c.isalnum() or c == "_" for c in name)):
        raise ValueError(f"{what} {name!r} is not a valid VBA identifier (letter first, "
                         "then letters, digits, underscores; at most 31 characters)")
    _encode(name, what)


def _module_source(module: VbaModule) -> bytes:
    """Source text for an MS-OVBA 2.3.4.3 Module Stream: the attribute lines
    the VBE writes, then the code; CRLF line endings, cp1252."""
    lines = module.code.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for line in lines:
        if line.strip().lower().startswith("attribute vb_name"):
            raise ValueError(f"module {module.name!r}: code must not carry its own "
                             "'Attribute VB_Name' line; it is generated")
    attrs = [f'Attribute VB_Name = "{module.name}"']
    if module.kind == "document":
        clsid = WORKBOOK_CLSID if module.name == "ThisWorkbook" else WORKSHEET_CLSID
        attrs += [
            f'Attribute VB_Base = "0{clsid}"',
            "Attribute VB_GlobalNameSpace = False",
            "Attribute VB_Creatable = False",
            "Attribute VB_PredeclaredId = True",
            "Attribute VB_Exposed = True",
            "Attribute VB_TemplateDerived = False",
            "Attribute VB_Customizable = True",
        ]
    elif module.kind == "class":
        attrs += [
            f'Attribute VB_Base = "0{CLASS_CLSID}"',
            "Attribute VB_GlobalNameSpace = False",
            "Attribute VB_Creatable = False",
            "Attribute VB_PredeclaredId = False",
            "Attribute VB_Exposed = False",
            "Attribute VB_TemplateDerived = False",
            "Attribute VB_Customizable = False",
        ]
    text = "".join(line + "\r\n" for line in attrs + lines)
    return _encode(text, f"module {module.name!r}")


def _rec(record_id: int, payload: bytes) -> bytes:
    """The common dir-stream record shape: Id (2 bytes), Size (4), data."""
    return struct.pack("<HI", record_id, len(payload)) + payload


def _u16(text: str) -> bytes:
    return text.encode("utf-16-le")


def _dir_stream(project_name: str, modules: list[VbaModule]) -> bytes:
    """MS-OVBA 2.3.4.2 dir Stream (uncompressed)."""
    # 2.3.4.2.1 PROJECTINFORMATION
    info = b"".join([
        _rec(0x0001, struct.pack("<I", SYSKIND_WIN32)),    # PROJECTSYSKIND
        _rec(0x0002, struct.pack("<I", LCID)),             # PROJECTLCID
        _rec(0x0014, struct.pack("<I", LCID)),             # PROJECTLCIDINVOKE
        _rec(0x0003, struct.pack("<H", CODE_PAGE)),        # PROJECTCODEPAGE
        _rec(0x0004, _encode(project_name, "project name")),  # PROJECTNAME
        _rec(0x0005, b"") + _rec(0x0040, b""),             # PROJECTDOCSTRING
        _rec(0x0006, b"") + _rec(0x003D, b""),             # PROJECTHELPFILEPATH
        _rec(0x0007, struct.pack("<I", 0)),                # PROJECTHELPCONTEXT
        _rec(0x0008, struct.pack("<I", 0)),                # PROJECTLIBFLAGS
        struct.pack("<HIIH", 0x0009, 4, 1, 0),             # PROJECTVERSION 1.0
        _rec(0x000C, b"") + _rec(0x003C, b""),             # PROJECTCONSTANTS
    ])
    # 2.3.4.2.2 PROJECTREFERENCES: REFERENCENAME + REFERENCEREGISTERED each
    refs = b""
    for name, libid in (("stdole", STDOLE_LIBID), ("Office", OFFICE_LIBID)):
        lib = _encode(libid, "reference")
        refs += _rec(0x0016, _encode(name, "reference")) + _rec(0x003E, _u16(name))
        refs += _rec(0x000D, struct.pack("<I", len(lib)) + lib + b"\0" * 6)
    # 2.3.4.2.3 PROJECTMODULES (with PROJECTCOOKIE) and one MODULE record each
    mods = _rec(0x000F, struct.pack("<H", len(modules))) + _rec(0x0013, struct.pack("<H", 0xFFFF))
    for m in modules:
        name = _encode(m.name, "module name")
        mods += b"".join([
            _rec(0x0019, name),                            # MODULENAME
            _rec(0x0047, _u16(m.name)),                    # MODULENAMEUNICODE
            _rec(0x001A, name) + _rec(0x0032, _u16(m.name)),  # MODULESTREAMNAME
            _rec(0x001C, b"") + _rec(0x0048, b""),         # MODULEDOCSTRING
            _rec(0x0031, struct.pack("<I", 0)),            # MODULEOFFSET: source at 0
            _rec(0x001E, struct.pack("<I", 0)),            # MODULEHELPCONTEXT
            _rec(0x002C, struct.pack("<H", 0xFFFF)),       # MODULECOOKIE
            struct.pack("<HI", 0x0021 if m.kind == "standard" else 0x0022, 0),  # MODULETYPE
            struct.pack("<HI", 0x002B, 0),                 # MODULE Terminator
        ])
    return info + refs + mods + struct.pack("<HI", 0x0010, 0)  # dir Terminator


def _project_stream(project_name: str, modules: list[VbaModule]) -> bytes:
    """MS-OVBA 2.3.1 PROJECT Stream for an unprotected, visible project:
    CMG encrypts protection state 0, DPB a one-byte null password, GC the
    visibility state 0xFF (2.3.1.15-2.3.1.17)."""
    project_id = "{" + str(uuid.uuid4()).upper() + "}"
    lines = [f'ID="{project_id}"']
    for m in modules:
        if m.kind == "document":
            lines.append(f"Document={m.name}/&H00000000")
        elif m.kind == "class":
            lines.append(f"Class={m.name}")
        else:
            lines.append(f"Module={m.name}")
    lines += [
        f'Name="{project_name}"',
        'HelpContextID="0"',
        'VersionCompatible32="393222000"',
        f'CMG="{_encrypt(bytes(4), project_id)}"',
        f'DPB="{_encrypt(bytes(1), project_id)}"',
        f'GC="{_encrypt(bytes([0xFF]), project_id)}"',
        "",
        "[Host Extender Info]",
        HOST_EXTENDER,
        "",
        "[Workspace]",
    ]
    lines += [f"{m.name}=0, 0, 0, 0, C" for m in modules]
    return _encode("".join(line + "\r\n" for line in lines), "PROJECT stream")


def _projectwm_stream(modules: list[VbaModule]) -> bytes:
    """MS-OVBA 2.3.3 PROJECTwm Stream: each module name in MBCS and UTF-16,
    null-terminated, then a 0x0000 terminator."""
    out = b"".join(_encode(m.name, "module name") + b"\0" + _u16(m.name) + b"\0\0" for m in modules)
    return out + b"\0\0"


def build_vba_project(modules: list[VbaModule], project_name: str = "VBAProject") -> bytes:
    """Return a ``vbaProject.bin`` (MS-OVBA 2.2.1 VBA project storage in an
    MS-CFB file) holding ``modules`` as source code.

    Streams: PROJECT (2.3.1), PROJECTwm (2.3.3), VBA/_VBA_PROJECT (2.3.4.1,
    header only, version 0xFFFF, so the host ignores the absent cache and
    compiles from source), VBA/dir (2.3.4.2, compressed) and VBA/<module>
    (2.3.4.3, compressed source at offset 0).

    Raises ``ValueError`` for invalid or duplicate names, an unknown kind, or
    text outside code page 1252.
    """
    modules = list(modules)
    _check_identifier(project_name, "project name")
    seen: set[str] = set()
    for m in modules:
        if m.kind not in ("standard", "document", "class"):
            raise ValueError(f"module {m.name!r}: kind must be 'standard', 'document' or 'class', "
                             f"not {m.kind!r}")
        _check_identifier(m.name, "module name")
        if m.name.lower() == "dir":
            raise ValueError("a module cannot be named 'dir' (the VBA storage's dir stream)")
        if m.name.lower() in seen:
            raise ValueError(f"duplicate module name {m.name!r} (VBA names are case-insensitive)")
        seen.add(m.name.lower())

    streams = {
        "PROJECT": _project_stream(project_name, modules),
        "PROJECTwm": _projectwm_stream(modules),
        # Reserved1 0x61CC, Version 0xFFFF, Reserved2 0x00, Reserved3 0x0000.
        "VBA/_VBA_PROJECT": bytes.fromhex("CC61FFFF000000"),
        "VBA/dir": compress(_dir_stream(project_name, modules)),
    }
    for m in modules:
        streams[f"VBA/{m.name}"] = compress(_module_source(m))
    return write_compound_file(streams)


# --------------------------------------------------------------------------
# Reading a VBA project back (for checks: sopxl doctor, tests)
# --------------------------------------------------------------------------

_FIXED_SIZE_RECORDS = {0x0009: 6}   # PROJECTVERSION: Reserved (4, "size") then 4 + 2 bytes


def _dir_modules(directory: bytes) -> list[tuple[str, str, int, bool]]:
    """(name, stream name, source offset, procedural) of each MODULE record of an
    uncompressed dir stream (MS-OVBA 2.3.4.2.3.2)."""
    modules: list[tuple[str, str, int, bool]] = []
    pos = 0
    current: dict = {}
    while pos + 6 <= len(directory):
        record_id, size = struct.unpack_from("<HI", directory, pos)
        pos += 6
        if record_id in _FIXED_SIZE_RECORDS:
            size = _FIXED_SIZE_RECORDS[record_id]
        if pos + size > len(directory):
            raise ValueError(f"dir stream: record {record_id:#06x} runs past the end (truncated)")
        payload = directory[pos:pos + size]
        pos += size
        if record_id == 0x0019:                      # MODULENAME starts a module
            current = {"name": payload.decode(ENCODING, "replace"), "procedural": True}
        elif record_id == 0x001A:                    # MODULESTREAMNAME
            current["stream"] = payload.decode(ENCODING, "replace")
        elif record_id == 0x0031:                    # MODULEOFFSET
            current["offset"] = struct.unpack("<I", payload)[0]
        elif record_id == 0x0022:                    # MODULETYPE: document, class or designer
            current["procedural"] = False
        elif record_id == 0x002B:                    # MODULE terminator
            if not {"name", "stream", "offset"} <= set(current):
                raise ValueError(f"dir stream: module record {current.get('name', '?')!r} is incomplete")
            modules.append((current["name"], current["stream"], current["offset"], current["procedural"]))
            current = {}
        elif record_id == 0x0010:                    # dir terminator
            return modules
    raise ValueError("dir stream ends without its terminator (truncated)")


def module_code(source: str) -> str:
    """A module's code as a person reads it: the source without the leading ``Attribute VB_`` lines the
    VBE keeps in the stream, with LF line ends."""
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    start = 0
    while start < len(lines) and lines[start].startswith("Attribute VB_"):
        start += 1
    return "\n".join(lines[start:])


def read_vba_project(data: bytes) -> list[VbaModule]:
    """The modules of a ``vbaProject.bin``: name, code (see ``module_code``) and kind.

    Reads the compound file (MS-CFB), the dir stream (MS-OVBA 2.3.4.2) and each module's compressed
    source (2.3.4.3).  Raises ``ValueError`` naming what is missing, truncated or corrupt.
    """
    streams = read_compound_file(data)
    for name in ("PROJECT", "VBA/dir"):
        if name not in streams:
            raise ValueError(f"the {name} stream is missing")
    try:
        directory = decompress(streams["VBA/dir"])
    except ValueError as exc:
        raise ValueError(f"the VBA/dir stream is corrupt: {exc}") from None
    project = streams["PROJECT"].decode(ENCODING, "replace").split("\r\n")
    classes = {line[len("Class="):] for line in project if line.startswith("Class=")}
    modules = []
    for name, stream, offset, procedural in _dir_modules(directory):
        raw = streams.get(f"VBA/{stream}")
        if raw is None:
            raise ValueError(f"module {name!r}: its stream VBA/{stream} is missing")
        if offset >= len(raw):
            raise ValueError(f"module {name!r}: the stream VBA/{stream} holds {len(raw)} bytes, its source "
                             f"starts at {offset} (truncated)")
        try:
            source = decompress(raw[offset:]).decode(ENCODING)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ValueError(f"module {name!r}: the source in VBA/{stream} is corrupt: {exc}") from None
        kind = "standard" if procedural else ("class" if name in classes else "document")
        modules.append(VbaModule(name, module_code(source), kind))
    return modules
