"""Format profiles: which identity fields a format requires and how it names sopxl's fields and columns.

Ministries and regions issue their own guidelines derived from Permenpan RB 35/2012. A profile is what
validation checks an SOP against; sopxl's workbook layout stays the same, only what is required and
the names findings use change. A workbook names its profile in the Identitas field ``Profil Format``
(any of a profile's names, e.g. ``Permenaker 7/2017``); ``sopxl validate --profile`` overrides it for
a run; the default is Permenpan RB 35/2012.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import layout as L

DEFAULT_PROFILE = "permenpan-35-2012"


@dataclass(frozen=True)
class Profile:
    """One SOP format: the identity fields it requires and its own names for sopxl's labels."""

    key: str                                  # stable, kebab-case: what --profile takes
    name: str                                 # for people: "Permenpan RB 35/2012"
    source: str                               # where the rules of this profile come from
    required: tuple[str, ...]                 # identity fields the format requires
    labels: dict[str, tuple[str, str]] = field(default_factory=dict)   # key -> (Indonesian, English)
    aliases: tuple[str, ...] = ()             # other ways people write its name in the Identitas field

    def label(self, key: str) -> tuple[str, str]:
        """How this format names the field or column `key`, in both languages."""
        return self.labels.get(key) or L.TEXTS[key]

    def names(self) -> tuple[str, ...]:
        return (self.key, self.name, *self.aliases)

    def to_dict(self) -> dict:
        return {"key": self.key, "name": self.name, "source": self.source, "required": list(self.required),
                "labels": {k: list(v) for k, v in self.labels.items()}}


PROFILES: dict[str, Profile] = {p.key: p for p in (
    Profile(
        DEFAULT_PROFILE, "Permenpan RB 35/2012",
        "Peraturan Menteri PANRB Nomor 35 Tahun 2012 tentang Pedoman Penyusunan SOP Administrasi "
        "Pemerintahan: the identity block (Nomor SOP, Tanggal Pembuatan, Tanggal Revisi, Tanggal Efektif, "
        "Disahkan oleh, Nama SOP) and the matrix (Kegiatan, Pelaksana, Mutu Baku: Kelengkapan, Waktu, "
        "Output; Keterangan)",
        ("nomor", "nama", "disahkan_oleh", "tanggal_pembuatan", "tanggal_efektif"),
        aliases=("permenpan 35/2012", "permenpan rb 35/2012", "permenpanrb 35/2012", "permenpan")),
    Profile(
        "permenaker-7-2017", "Permenaker 7/2017",
        "Peraturan Menteri Ketenagakerjaan Nomor 7 Tahun 2017 tentang Pedoman Penyusunan SOP AP di "
        "Kementerian Ketenagakerjaan, as its published SOPs apply it (workbooks/sources/kemnaker_*.txt, "
        "which cite it under Dasar Hukum): the identity block has Tanggal Pengesahan, Tanggal Revisi, "
        "Disahkan oleh and Nama SOP, and no Nomor SOP or Tanggal Pembuatan; the matrix names Kelengkapan "
        "Persyaratan/Kelengkapan",
        ("nama", "disahkan_oleh", "tanggal_efektif"),
        labels={"tanggal_efektif": ("Tanggal Pengesahan", "Approval Date"),
                "kelengkapan": ("Persyaratan/Kelengkapan", "Requirements")},
        aliases=("permenaker 7/2017", "permenaker 07/2017", "permenaker no 07 tahun 2017", "kemnaker")),
)}


def _folded(text: str) -> str:
    return " ".join(text.replace("\n", " ").split()).casefold()


def find_profile(text: str) -> Profile | None:
    """The profile `text` names (its key, name or an alias, any case), None when it names none."""
    wanted = _folded(text)
    return next((p for p in PROFILES.values() if wanted in map(_folded, p.names())), None)


def profile_names() -> str:
    """The profiles for a message: ``permenpan-35-2012 (Permenpan RB 35/2012), …``."""
    return ", ".join(f"{p.key} ({p.name})" for p in PROFILES.values())
