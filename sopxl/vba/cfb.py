"""Compound File Binary format ([MS-CFB]) writer and reader.

Both handle version 3 files (512-byte sectors), which is what Office uses for
``vbaProject.bin``.  The reader is strict: any truncated or inconsistent
structure raises ``ValueError``.

Streams are addressed by ``/``-separated paths such as ``"VBA/dir"``; storages
are created implicitly for every directory component.
"""

from __future__ import annotations

import math
import struct

__all__ = ["write_compound_file", "read_compound_file"]

SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
SECTOR_SIZE = 512
MINI_SECTOR_SIZE = 64
MINI_STREAM_CUTOFF = 4096
HEADER_DIFAT_ENTRIES = 109
DIR_ENTRY_SIZE = 128

# MS-CFB 2.1 special sector numbers.
DIFSECT = 0xFFFFFFFC
FATSECT = 0xFFFFFFFD
ENDOFCHAIN = 0xFFFFFFFE
FREESECT = 0xFFFFFFFF
MAXREGSECT = 0xFFFFFFFA
NOSTREAM = 0xFFFFFFFF

# MS-CFB 2.6.1 object types and 2.6.4 colours.
TYPE_UNALLOCATED, TYPE_STORAGE, TYPE_STREAM, TYPE_ROOT = 0, 1, 2, 5
BLACK = 1

_ILLEGAL_NAME_CHARS = set("/\\:!")


def _name_key(name: str) -> tuple[int, tuple[int, ...]]:
    """MS-CFB 2.6.4: order by length in UTF-16 code units, then by the code
    units compared after simple upper-casing."""
    raw = name.encode("utf-16-le")
    units = struct.unpack(f"<{len(raw) // 2}H", raw)
    key = []
    for unit in units:
        if 0xD800 <= unit <= 0xDFFF:
            key.append(unit)
            continue
        upper = chr(unit).upper()
        key.append(ord(upper) if len(upper) == 1 else unit)
    return len(units), tuple(key)


class _Node:
    """One directory entry while building the tree."""

    def __init__(self, name: str, kind: int, data: bytes = b""):
        self.name = name
        self.kind = kind
        self.data = data
        self.children: dict[tuple, _Node] = {}  # keyed by _name_key
        self.sid = 0  # directory entry id
        self.left = self.right = self.child = NOSTREAM
        self.start = ENDOFCHAIN
        self.size = 0


def _check_name(name: str, path: str) -> None:
    """MS-CFB 2.6.1: at most 31 UTF-16 code units, none of / \\ : !"""
    if not name:
        raise ValueError(f"empty name component in path {path!r}")
    if len(name.encode("utf-16-le")) // 2 > 31:
        raise ValueError(f"name {name!r} in {path!r} is longer than 31 UTF-16 code units")
    bad = _ILLEGAL_NAME_CHARS.intersection(name) | {c for c in name if ord(c) == 0}
    if bad:
        raise ValueError(f"name {name!r} in {path!r} contains illegal characters {sorted(bad)!r}")


def _build_tree(streams: dict[str, bytes]) -> _Node:
    root = _Node("Root Entry", TYPE_ROOT)
    for path, data in streams.items():
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise ValueError(f"stream {path!r}: data must be bytes, not {type(data).__name__}")
        parts = path.split("/")
        for part in parts:
            _check_name(part, path)
        node = root
        for part in parts[:-1]:
            child = node.children.get(_name_key(part))
            if child is None:
                child = node.children[_name_key(part)] = _Node(part, TYPE_STORAGE)
            elif child.kind != TYPE_STORAGE:
                raise ValueError(f"{path!r}: {part!r} is a stream, not a storage")
            elif child.name != part:
                raise ValueError(f"{path!r}: storage {part!r} is already spelled {child.name!r} "
                                 "(names compare case-insensitively)")
            node = child
        key = _name_key(parts[-1])
        if key in node.children:
            raise ValueError(
                f"{path!r} collides with an existing entry (names compare case-insensitively)"
            )
        node.children[key] = _Node(parts[-1], TYPE_STREAM, bytes(data))
    return root


def _link_siblings(nodes: list[_Node]) -> int:
    """MS-CFB 2.6.4: the children of a storage form a red-black tree keyed by
    _name_key.  The spec allows colouring every node black, so a balanced
    binary search tree of black nodes is enough.  Returns the subtree root id."""
    if not nodes:
        return NOSTREAM
    mid = len(nodes) // 2
    node = nodes[mid]
    node.left = _link_siblings(nodes[:mid])
    node.right = _link_siblings(nodes[mid + 1:])
    return node.sid


def _dir_entry(node: _Node | None) -> bytes:
    """MS-CFB 2.6.1 Compound File Directory Entry (128 bytes)."""
    if node is None:
        return b"\0" * 64 + struct.pack(
            "<HBBIII16sIQQIQ", 0, TYPE_UNALLOCATED, 0, NOSTREAM, NOSTREAM, NOSTREAM,
            b"\0" * 16, 0, 0, 0, 0, 0,
        )
    name = (node.name + "\0").encode("utf-16-le")
    return name.ljust(64, b"\0") + struct.pack(
        "<HBBIII16sIQQIQ", len(name), node.kind, BLACK, node.left, node.right, node.child,
        b"\0" * 16, 0, 0, 0, node.start, node.size,
    )


def _chain(fat: list[int], first: int, count: int) -> None:
    """Link ``count`` consecutive sectors starting at ``first`` in ``fat``."""
    for i in range(first, first + count - 1):
        fat[i] = i + 1
    if count:
        fat[first + count - 1] = ENDOFCHAIN


def _numbered(root: _Node) -> list[_Node]:
    """The directory entries, root first and depth first, each storage's children linked as a search tree."""
    nodes: list[_Node] = []

    def number(node: _Node) -> None:
        node.sid = len(nodes)
        nodes.append(node)
        kids = sorted(node.children.values(), key=lambda n: _name_key(n.name))
        for kid in kids:
            number(kid)
        node.child = _link_siblings(kids)

    number(root)
    return nodes


def _fill_mini_stream(nodes: list[_Node]) -> tuple[list[int], bytes, list[_Node]]:
    """Every small stream into the mini stream (64-byte mini sectors chained through the MiniFAT).

    Returns the MiniFAT, the mini stream and the streams too big for it, which get sectors of their own.
    """
    mini_fat: list[int] = []
    mini_parts: list[bytes] = []
    big: list[_Node] = []
    for node in nodes:
        if node.kind != TYPE_STREAM:
            continue
        node.size = len(node.data)
        if node.size == 0:
            node.start = ENDOFCHAIN
        elif node.size < MINI_STREAM_CUTOFF:
            count = math.ceil(node.size / MINI_SECTOR_SIZE)
            node.start = len(mini_fat)
            mini_fat.extend([FREESECT] * count)
            _chain(mini_fat, node.start, count)
            mini_parts.append(node.data.ljust(count * MINI_SECTOR_SIZE, b"\0"))
        else:
            big.append(node)
    return mini_fat, b"".join(mini_parts), big


def _sectors(nbytes: int) -> int:
    return math.ceil(nbytes / SECTOR_SIZE)


def _padded(data: bytes, fill: bytes = b"\0") -> bytes:
    return data.ljust(_sectors(len(data)) * SECTOR_SIZE, fill)


def _fat_and_difat_counts(n_content: int) -> tuple[int, int]:
    """The FAT and DIFAT sectors a file of `n_content` other sectors needs (they take sectors themselves)."""
    n_fat = n_difat = 0
    while True:
        need_fat = math.ceil((n_content + n_fat + n_difat) * 4 / SECTOR_SIZE)
        need_difat = max(0, math.ceil((need_fat - HEADER_DIFAT_ENTRIES) / 127))
        if (need_fat, need_difat) == (n_fat, n_difat):
            return n_fat, n_difat
        n_fat, n_difat = need_fat, need_difat


def _difat(fat_sectors: list[int], difat_sectors: list[int]) -> tuple[list[int], list[bytes]]:
    """The header's 109 FAT sector ids, and the DIFAT sectors holding the rest (127 ids and the next one's)."""
    header_difat = fat_sectors[:HEADER_DIFAT_ENTRIES]
    header_difat += [FREESECT] * (HEADER_DIFAT_ENTRIES - len(header_difat))
    rest = fat_sectors[HEADER_DIFAT_ENTRIES:]
    blocks = []
    for i in range(len(difat_sectors)):
        ids = rest[i * 127:(i + 1) * 127]
        ids += [FREESECT] * (127 - len(ids))
        nxt = difat_sectors[i + 1] if i + 1 < len(difat_sectors) else ENDOFCHAIN
        blocks.append(struct.pack("<128I", *ids, nxt))
    return header_difat, blocks


def _header(*, n_fat: int, dir_start: int, minifat_start: int, n_minifat: int, difat_sectors: list[int],
            header_difat: list[int]) -> bytes:
    """MS-CFB 2.2: the 512-byte header of a version 3 file."""
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        SIGNATURE,
        b"\0" * 16,
        0x003E,  # minor version
        0x0003,  # major version 3
        0xFFFE,  # little-endian byte order mark
        9,  # sector shift: 512-byte sectors
        6,  # mini sector shift: 64-byte mini sectors
        b"\0" * 6,
        0,  # number of directory sectors (must be 0 in version 3)
        n_fat,
        dir_start,
        0,  # transaction signature
        MINI_STREAM_CUTOFF,
        minifat_start,
        n_minifat,
        difat_sectors[0] if difat_sectors else ENDOFCHAIN,
        len(difat_sectors),
    ) + struct.pack(f"<{HEADER_DIFAT_ENTRIES}I", *header_difat)
    assert len(header) == SECTOR_SIZE
    return header


def write_compound_file(streams: dict[str, bytes]) -> bytes:
    """Write ``streams`` ({"Storage/Stream": data}) as an MS-CFB version 3 file.

    Streams shorter than 4096 bytes go into the mini stream (held by the root
    entry, MS-CFB 2.6.2) chained through the MiniFAT (2.4); the rest into
    512-byte sectors chained through the FAT (2.3).  The header (2.2) lists the
    FAT sectors, spilling into DIFAT sectors (2.5) for files over about 7 MB.
    Directory entries (2.6.1) use zero timestamps and CLSIDs.  Raises
    ``ValueError`` for invalid or colliding names.
    """
    root = _build_tree(streams)
    nodes = _numbered(root)
    mini_fat, mini_stream, big = _fill_mini_stream(nodes)

    # Sector layout: directory, MiniFAT, mini stream, big streams, FAT, DIFAT.
    dir_bytes_len = math.ceil(len(nodes) / 4) * 4 * DIR_ENTRY_SIZE
    n_dir = _sectors(dir_bytes_len)
    n_minifat = _sectors(len(mini_fat) * 4)
    n_ministream = _sectors(len(mini_stream))
    n_content = n_dir + n_minifat + n_ministream + sum(_sectors(n.size) for n in big)
    n_fat, n_difat = _fat_and_difat_counts(n_content)
    total = n_content + n_fat + n_difat
    if total > MAXREGSECT:
        raise ValueError("streams too large for a compound file")

    fat = [FREESECT] * (n_fat * SECTOR_SIZE // 4)
    next_sector = 0

    def place(count: int) -> int:
        nonlocal next_sector
        first = next_sector
        _chain(fat, first, count)
        next_sector += count
        return first if count else ENDOFCHAIN

    dir_start = place(n_dir)
    minifat_start = place(n_minifat)
    root.start = place(n_ministream)
    root.size = len(mini_stream)
    for node in big:
        node.start = place(_sectors(node.size))
    fat_sectors = list(range(next_sector, next_sector + n_fat))
    for sid in fat_sectors:
        fat[sid] = FATSECT
    difat_sectors = list(range(next_sector + n_fat, total))
    for sid in difat_sectors:
        fat[sid] = DIFSECT

    directory = b"".join(_dir_entry(n) for n in nodes)
    directory += _dir_entry(None) * (dir_bytes_len // DIR_ENTRY_SIZE - len(nodes))
    header_difat, difat_blocks = _difat(fat_sectors, difat_sectors)
    body = [
        _padded(directory),
        _padded(struct.pack(f"<{len(mini_fat)}I", *mini_fat), b"\xff"),  # FREESECT
        _padded(mini_stream),
        *(_padded(n.data) for n in big),
        struct.pack(f"<{len(fat)}I", *fat),
        *difat_blocks,
    ]
    out = _header(n_fat=n_fat, dir_start=dir_start, minifat_start=minifat_start, n_minifat=n_minifat,
                  difat_sectors=difat_sectors, header_difat=header_difat) + b"".join(body)
    assert len(out) == SECTOR_SIZE * (total + 1)
    return out


class _Sectors:
    """The sectors of a compound file being read, and the chains through them; every fault a ValueError."""

    def __init__(self, data: bytes):
        self.data = data
        self.count = (len(data) - SECTOR_SIZE) // SECTOR_SIZE  # complete sectors after the header

    def sector(self, sid: int) -> bytes:
        if sid >= self.count:
            raise ValueError(
                f"truncated or corrupt compound file: sector {sid:#x} is beyond the end "
                f"({self.count} complete sectors)")
        return self.data[(sid + 1) * SECTOR_SIZE:(sid + 2) * SECTOR_SIZE]

    @staticmethod
    def chain(start: int, table, what: str) -> list[int]:
        """The ids of a chain through `table` (the FAT or MiniFAT) from `start`."""
        ids: list[int] = []
        visited: set[int] = set()
        sid = start
        while sid != ENDOFCHAIN:
            if sid >= len(table) or sid > MAXREGSECT:
                raise ValueError(
                    f"corrupt compound file: {what} chain points to invalid sector {sid:#x}")
            if sid in visited:
                raise ValueError(f"corrupt compound file: {what} chain loops")
            visited.add(sid)
            ids.append(sid)
            sid = table[sid]
        return ids

    def read_chain(self, start: int, fat, what: str) -> bytes:
        return b"".join(self.sector(s) for s in self.chain(start, fat, what))


def _read_header(data: bytes) -> tuple[int, int, int, int, int, int]:
    """MS-CFB 2.2, checked: (FAT sectors, directory start, MiniFAT start, MiniFAT sectors, DIFAT start, DIFAT sectors)."""
    if len(data) < 512:
        raise ValueError(
            f"not a compound file: {len(data)} bytes is shorter than the 512-byte header")
    if data[:8] != SIGNATURE:
        raise ValueError("not a compound file: bad signature")
    (major, byte_order, sector_shift, mini_shift, _n_dir, n_fat, dir_start, _tx, cutoff,
     minifat_start, n_minifat, difat_start, n_difat) = struct.unpack_from(
        "<2xHHHH6xIIIIIIIII", data, 24)
    if byte_order != 0xFFFE:
        raise ValueError(f"corrupt compound file: byte order mark {byte_order:#06x}")
    if (major, sector_shift) != (3, 9):
        raise ValueError(f"unsupported compound file: version {major} with sector shift "
                         f"{sector_shift} (only version 3, 512-byte sectors, is read)")
    if mini_shift != 6 or cutoff != MINI_STREAM_CUTOFF:
        raise ValueError("corrupt compound file: unexpected mini sector size or cutoff")
    return n_fat, dir_start, minifat_start, n_minifat, difat_start, n_difat


def _read_fat(sectors: _Sectors, n_fat: int, difat_start: int, n_difat: int) -> tuple[int, ...]:
    """MS-CFB 2.3 and 2.5: the FAT, from the sectors the header and the DIFAT chain list."""
    fat_ids = list(struct.unpack_from("<109I", sectors.data, 76))
    seen: set[int] = set()
    sid = difat_start
    for _ in range(n_difat):
        if sid in seen:
            raise ValueError("corrupt compound file: DIFAT chain loops")
        seen.add(sid)
        entries = struct.unpack(f"<{SECTOR_SIZE // 4}I", sectors.sector(sid))
        fat_ids.extend(entries[:-1])
        sid = entries[-1]
    fat_ids = [s for s in fat_ids if s != FREESECT]
    if len(fat_ids) < n_fat:
        raise ValueError(f"corrupt compound file: header announces {n_fat} FAT sectors, "
                         f"DIFAT lists {len(fat_ids)}")
    fat_raw = b"".join(sectors.sector(s) for s in fat_ids[:n_fat])
    return struct.unpack(f"<{len(fat_raw) // 4}I", fat_raw)


def _read_directory(directory: bytes) -> list[tuple]:
    """MS-CFB 2.6: the directory entries (name, kind, left, right, child, start, size); the first is the root."""
    entries = []
    for off in range(0, len(directory) - DIR_ENTRY_SIZE + 1, DIR_ENTRY_SIZE):
        (name_len, kind, _color, left, right, child, start, size) = struct.unpack_from(
            "<HBBIII16x4x8x8xIQ", directory, off + 64)
        size &= 0xFFFFFFFF  # MS-CFB 2.6.1: version 3 readers should ignore the high part
        if name_len > 64 or name_len % 2:
            raise ValueError(f"corrupt compound file: directory entry {len(entries)} "
                             f"has name length {name_len}")
        name = directory[off:off + max(name_len - 2, 0)].decode("utf-16-le", "replace")
        entries.append((name, kind, left, right, child, start, size))
    if not entries or entries[0][1] != TYPE_ROOT:
        raise ValueError("corrupt compound file: first directory entry is not the root")
    return entries


def _stream_paths(entries: list[tuple]) -> list[tuple[str, int, int]]:
    """(path, start, size) of every stream, walking the storages' search trees from the root."""
    found: list[tuple[str, int, int]] = []
    visited: set[int] = set()
    stack = [(entries[0][4], "")]  # (subtree root id, path prefix)
    while stack:
        sid, prefix = stack.pop()
        if sid == NOSTREAM:
            continue
        if sid >= len(entries):
            raise ValueError(f"corrupt compound file: directory refers to missing entry {sid}")
        if sid in visited:
            raise ValueError("corrupt compound file: directory tree loops")
        visited.add(sid)
        name, kind, left, right, child, start, size = entries[sid]
        stack.append((left, prefix))
        stack.append((right, prefix))
        path = prefix + name
        if kind == TYPE_STORAGE:
            stack.append((child, path + "/"))
        elif kind == TYPE_STREAM:
            found.append((path, start, size))
        else:
            raise ValueError(f"corrupt compound file: entry {sid} has object type {kind}")
    return found


def read_compound_file(data: bytes) -> dict[str, bytes]:
    """Read every stream of an MS-CFB version 3 file into {"Storage/Stream": data}.

    Follows MS-CFB 2.2 (header), 2.3 and 2.5 (FAT, DIFAT), 2.4 (MiniFAT) and
    2.6 (directory).  Raises ``ValueError`` describing the problem on truncated or
    corrupt input.
    """
    data = bytes(data)
    n_fat, dir_start, minifat_start, n_minifat, difat_start, n_difat = _read_header(data)
    sectors = _Sectors(data)
    fat = _read_fat(sectors, n_fat, difat_start, n_difat)
    entries = _read_directory(sectors.read_chain(dir_start, fat, "directory"))

    minifat_raw = sectors.read_chain(minifat_start, fat, "MiniFAT") if n_minifat else b""
    minifat = struct.unpack(f"<{len(minifat_raw) // 4}I", minifat_raw)
    root_start, root_size = entries[0][5], entries[0][6]
    mini_stream = sectors.read_chain(root_start, fat, "mini stream")[:root_size] if root_size else b""

    def stream_data(name: str, start: int, size: int) -> bytes:
        if size == 0:
            return b""
        if size < MINI_STREAM_CUTOFF:
            blob = b"".join(
                mini_stream[m * MINI_SECTOR_SIZE:(m + 1) * MINI_SECTOR_SIZE]
                for m in sectors.chain(start, minifat, f"MiniFAT of {name!r}"))
        else:
            blob = sectors.read_chain(start, fat, f"FAT of {name!r}")
        if len(blob) < size:
            raise ValueError(
                f"truncated compound file: stream {name!r} has {len(blob)} of {size} bytes")
        return blob[:size]

    return {path: stream_data(path, start, size) for path, start, size in _stream_paths(entries)}
