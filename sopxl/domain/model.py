"""The SOP domain model: identity, Pelaksana roles and steps, with a JSON round trip."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, fields
from enum import Enum

from ..errors import NormError
from .norms import Norm, parse_norm

# what one workbook cell can hold: Excel keeps 32,767 characters, XML 1.0 text has no control
# characters but tab and line ends (nor lone surrogates or U+FFFE/U+FFFF)
CELL_MAX_CHARS = 32767
NOT_XML_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# what no cell can hold at all (a control character a cell keeps, written as _xHHHH_)
NOT_CHARACTERS = re.compile("[\ud800-\udfff\ufffe\uffff]")


class Symbol(str, Enum):
    """The flowchart symbol of a step (Permenpan 35/2012 allows five symbols; three are steps)."""

    TERMINATOR = "terminator"
    PROCESS = "process"
    DECISION = "decision"


# the six list sections of the identity block, in document order
SECTIONS = ("dasar_hukum", "kualifikasi", "keterkaitan", "peralatan", "peringatan", "pencatatan")
# the single-value identity fields, in document order
IDENTITY_FIELDS = ("instansi", "nomor", "tanggal_pembuatan", "tanggal_revisi", "tanggal_efektif",
                   "disahkan_oleh", "nama_pengesah", "nip_pengesah", "nama", "profil", "siklus_tinjauan")
# the signer's NIP as printed ("NIP. 19750312 200003 2 001", "NIP: 1975…"): the label, then digits and spaces
NIP_RE = re.compile(r"\bNIP\b\.?\s*[:.]?\s*([\d ]*\d)", re.I)
# the name before its degrees ("… Organisasi Janiruddin, S.H., M.Si"): one word, after any honorifics
NAME_RE = re.compile(r"((?:(?:Prof|Dr|Drs|Dra|Ir|H|Hj)\.\s*)*[A-Z][\w'-]*),\s*[A-Z][A-Za-z]{0,4}\.")


def split_signer(approver: str) -> tuple[str, str, str]:
    """(office, name, NIP digits) of a Disahkan oleh text that holds all three, one a line or in one line.

    Lines after the first that are not the NIP end with the name (the last of them); a single line
    gives a name only where it reads as one ("… Organisasi Janiruddin, S.H., M.Si").
    """
    lines = [" ".join(line.split()) for line in approver.splitlines() if line.strip()]
    nip = next((found for line in lines if (found := NIP_RE.search(line))), None)
    nip_digits = " ".join(nip.group(1).split()) if nip else ""
    rest = [NIP_RE.sub("", line).strip(" ,") for line in lines]
    rest = [line for line in rest if line]
    if len(rest) > 1:
        return " ".join(rest[:-1]), rest[-1], nip_digits
    flat = rest[0] if rest else ""
    found = NAME_RE.search(flat)
    if found:
        return flat[:found.start()].strip(" ,"), flat[found.start():], nip_digits
    return flat, "", nip_digits
# fields of the Identitas sheet that set how sopxl treats the SOP, not part of the printed document:
# the format profile it is validated against and the months between reviews
SETTING_FIELDS = ("profil", "siklus_tinjauan")


@dataclass
class Identity:
    """The identity block (Identitas) of an SOP document; values are kept as written."""

    instansi: str = ""
    nomor: str = ""
    tanggal_pembuatan: str = ""
    tanggal_revisi: str = ""
    tanggal_efektif: str = ""
    disahkan_oleh: str = ""     # the signer's office (jabatan)
    nama_pengesah: str = ""     # the signer's name, printed under the space for the signature
    nip_pengesah: str = ""      # the signer's NIP, printed under the name
    nama: str = ""
    profil: str = ""            # the format profile (validation.profiles), empty: the default
    siklus_tinjauan: str = ""   # months between reviews, empty: the office's default
    dasar_hukum: list[str] = field(default_factory=list)
    kualifikasi: list[str] = field(default_factory=list)
    keterkaitan: list[str] = field(default_factory=list)
    peralatan: list[str] = field(default_factory=list)
    peringatan: list[str] = field(default_factory=list)
    pencatatan: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {f.name: (list(v) if isinstance(v := getattr(self, f.name), list) else v)
                for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict) -> "Identity":
        known = {f.name for f in fields(cls)}
        identity = cls(**{k: (list(v) if isinstance(v, list) else v) for k, v in data.items() if k in known})
        return identity.split_signer()

    def split_signer(self) -> "Identity":
        """Split a Disahkan oleh that holds office, name and NIP in one text (workbooks, JSON and documents
        from before the three were separate) into its three fields; a signer already split is kept."""
        if not (self.nama_pengesah.strip() or self.nip_pengesah.strip()):
            office, name, nip = split_signer(self.disahkan_oleh)
            if name or nip:
                self.disahkan_oleh, self.nama_pengesah, self.nip_pengesah = office, name, nip
        return self


@dataclass
class Inference:
    """Something the importer guessed about a step, kept until a person reviews it."""

    field: str      # "pelaksana", "co_pelaksana", "symbol", "ya", "tidak" or "note"
    value: str
    reason: str
    confidence: float | None = None     # 0-1 where it was read from a picture (OCR); None: not measured

    def to_dict(self) -> dict:
        found = {"field": self.field, "value": self.value, "reason": self.reason}
        if self.confidence is not None:
            found["confidence"] = round(self.confidence, 2)
        return found

    @property
    def unsure(self) -> bool:
        """Read from a picture with less certainty than a person should take on trust."""
        return self.confidence is not None and self.confidence < UNSURE_BELOW


UNSURE_BELOW = 0.6      # an OCR reading below this confidence is listed first for review


def review_order(inferences: list["Inference"]) -> list["Inference"]:
    """Inferences with the least sure first (measured ones by confidence), the rest in their order."""
    return sorted(inferences, key=lambda i: 1.0 if i.confidence is None else i.confidence)


@functools.lru_cache(maxsize=4096)
def _norm_of(waktu) -> Norm | None:
    """``Step.norm`` of a Waktu text, parsed once per text (a report over thousands of SOPs reads the same few
    texts thousands of times; a Norm is immutable)."""
    try:
        return parse_norm(waktu)
    except NormError:
        return None


@dataclass
class Step:
    """One row of the activity matrix."""

    number: int
    kegiatan: str
    marks: list[str] = field(default_factory=list)   # roles whose column carries this step's symbol
    symbol: Symbol = Symbol.PROCESS
    kelengkapan: str = ""
    waktu: str = ""
    output: str = ""
    keterangan: str = ""
    ya: int | None = None       # next step when the decision says Ya
    tidak: int | None = None    # step returned to when the decision says Tidak
    # what the document calls a decision's branches when not Ya/Tidak ("Sudah Benar" / "Belum Benar");
    # "" is the plain word. The Log and the buttons still answer Ya/Tidak.
    ya_label: str = ""
    tidak_label: str = ""
    inferences: list[Inference] = field(default_factory=list)
    reviewed: bool = False
    co_pelaksana: list[str] = field(default_factory=list)   # roles that take part in a joint step beside its Pelaksana
    row: int | None = field(default=None, compare=False)   # sheet row it was read from

    @property
    def pelaksana(self) -> str | None:
        """The one role that carries the step, or None when there is not exactly one."""
        return self.marks[0] if len(self.marks) == 1 else None

    @property
    def norm(self) -> Norm | None:
        """The parsed time norm; None for no norm or an unparseable Waktu (validation reports which)."""
        return _norm_of(self.waktu)

    @property
    def needs_review(self) -> bool:
        return bool(self.inferences) and not self.reviewed

    def to_dict(self) -> dict:
        norm = self.norm
        return {
            "number": self.number, "kegiatan": self.kegiatan, "pelaksana": self.pelaksana,
            "marks": list(self.marks), "co_pelaksana": list(self.co_pelaksana), "symbol": self.symbol.value, "kelengkapan": self.kelengkapan,
            "waktu": self.waktu, "norm": norm.to_dict() if norm else None, "output": self.output,
            "keterangan": self.keterangan, "ya": self.ya, "tidak": self.tidak,
            "ya_label": self.ya_label, "tidak_label": self.tidak_label,
            "inferences": [i.to_dict() for i in self.inferences], "reviewed": self.reviewed,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Step":
        marks = data.get("marks")
        if marks is None:
            marks = [data["pelaksana"]] if data.get("pelaksana") else []
        return cls(
            number=int(data["number"]), kegiatan=data.get("kegiatan", ""), marks=list(marks),
            co_pelaksana=list(data.get("co_pelaksana", [])),
            symbol=Symbol(data.get("symbol", "process")), kelengkapan=data.get("kelengkapan", ""),
            waktu=data.get("waktu", ""), output=data.get("output", ""),
            keterangan=data.get("keterangan", ""), ya=data.get("ya"), tidak=data.get("tidak"),
            ya_label=data.get("ya_label") or "", tidak_label=data.get("tidak_label") or "",
            inferences=[Inference(**i) for i in data.get("inferences", [])],
            reviewed=bool(data.get("reviewed", False)),
        )


@dataclass
class SOP:
    """A whole SOP AP: identity, the ordered Pelaksana roles, and the steps."""

    identity: Identity = field(default_factory=Identity)
    roles: list[str] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    # sheet row of each identity field / section item read from a workbook ("nomor" -> 4, "dasar_hukum.0" -> 11)
    identity_rows: dict[str, int] = field(default_factory=dict, compare=False)

    def step(self, number: int) -> Step | None:
        """The step with this number, or None."""
        for step in self.steps:
            if step.number == number:
                return step
        return None

    def next_step(self, step: Step) -> Step | None:
        """The step that follows `step` in matrix order (the Ya/normal path), or None at the end."""
        if step.ya is not None:
            return self.step(step.ya)
        # by identity: list.index would compare whole steps field by field (hot in Log replay)
        index = next(i for i, candidate in enumerate(self.steps) if candidate is step)
        return self.steps[index + 1] if index + 1 < len(self.steps) else None

    def main_path(self) -> list[Step]:
        """Steps along the main path from the first step, following Ya branches, without repeats."""
        path: list[Step] = []
        seen: set[int] = set()
        current = self.steps[0] if self.steps else None
        while current is not None and current.number not in seen:
            path.append(current)
            seen.add(current.number)
            current = self.next_step(current)
        return path

    def to_dict(self) -> dict:
        return {"schema": "sopxl.sop/1", "identity": self.identity.to_dict(), "roles": list(self.roles),
                "steps": [s.to_dict() for s in self.steps]}

    @classmethod
    def from_dict(cls, data: dict) -> "SOP":
        return cls(identity=Identity.from_dict(data.get("identity", {})), roles=list(data.get("roles", [])),
                   steps=[Step.from_dict(s) for s in data.get("steps", [])])
