"""Format profiles (validation.profiles) against the real Kemnaker documents, which follow Permenaker 7/2017."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import sopxl
from sopxl.cli import cli
from sopxl.validation.profiles import PROFILES, find_profile

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "workbooks" / "sources"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


# ---- format profiles ---------------------------------------------------------------------------------

def test_profiles_are_found_by_key_name_or_alias():
    assert find_profile("Permenaker 7/2017") is PROFILES["permenaker-7-2017"]
    assert find_profile("  permenaker  no 07 tahun 2017 ") is PROFILES["permenaker-7-2017"]
    assert find_profile("PERMENPAN RB 35/2012").key == "permenpan-35-2012"
    assert find_profile("Permendagri 99/2099") is None
    docs = (ROOT / "docs" / "profiles.md").read_text()
    assert all(f"`{key}`" in docs and profile.name in docs for key, profile in PROFILES.items())


@pytest.fixture(scope="module")
def kemnaker(tmp_path_factory) -> Path:
    """The real Kemnaker SOP document (its Dasar Hukum cites Permenaker No 07 Tahun 2017), imported."""
    path = tmp_path_factory.mktemp("profile") / "pelaksanaan.xlsx"
    sopxl.import_document(SOURCES / "kemnaker_pelaksanaan_monitoring.txt", path)
    assert "Permenaker No 07 Tahun 2017" in " ".join(sopxl.load(path).identity.dasar_hukum)
    return path


def errors(report) -> list[tuple[str, str]]:
    return [(f.code, f.location) for f in report.findings if f.severity == "error"]


def test_the_kemnaker_document_against_its_own_format(kemnaker: Path):
    # The document has TANGGAL PENGESAHAN (empty), TANGGAL REVISI, DISAHKAN OLEH, NAMA SOP and no Tanggal
    # Pembuatan. Permenpan RB 35/2012 requires Tanggal Pembuatan and Tanggal Efektif; its own format only
    # the Tanggal Pengesahan, which it left empty.
    default = sopxl.validate(kemnaker)
    assert errors(default) == [("identity-field-missing", "Identitas!B4"), ("identity-field-missing", "Identitas!B6")]
    own = sopxl.validate(kemnaker, profile="permenaker-7-2017")
    assert errors(own) == [("identity-field-missing", "Identitas!B6")]
    [finding] = [f for f in own.findings if f.severity == "error"]
    assert finding.message("id") == "Tanggal Pengesahan belum diisi (wajib menurut Permenaker 7/2017)"
    assert finding.fix("en") == ("fill in Approval Date on the Identitas sheet (the Value cell of the row "
                                 "Effective Date)")
    assert {f.to_dict()["profile"] for f in own.findings} == {"permenaker-7-2017"}
    assert {f.to_dict()["profile"] for f in default.findings} == {"permenpan-35-2012"}


def test_the_identitas_field_chooses_the_profile_and_profile_overrides_it(kemnaker: Path, tmp_path: Path):
    book = tmp_path / "profil.xlsx"
    shutil.copy(kemnaker, book)
    sop = sopxl.load(book)
    sop.identity.profil = "Permenaker 7/2017"
    sopxl.save(sop, book)
    assert errors(sopxl.validate(book)) == [("identity-field-missing", "Identitas!B6")]
    overridden = run("validate", book, "--profile", "permenpan-35-2012", "--format", "json")
    assert overridden.exit_code == 1
    assert [(f["code"], f["location"]) for f in json.loads(overridden.stdout)["findings"]
            if f["severity"] == "error"] == [("identity-field-missing", "Identitas!B4"),
                                             ("identity-field-missing", "Identitas!B6")]
    refused = run("validate", book, "--profile", "permendagri-99")
    assert refused.exit_code == 1 and refused.stderr.startswith("kesalahan: profil format 'permendagri-99' tidak dikenal")
    refused = run("validate", book, "--profile", "permendagri-99", "--lang", "en")
    assert refused.exit_code == 1 and refused.stderr.startswith("error: unknown format profile 'permendagri-99'")
