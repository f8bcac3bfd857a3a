"""Build the validation fixtures of format profiles and review dates (issue 17), beside the others.

Run once after changing one: ``.venv/bin/python tests/data/validation/make_profile_fixtures.py``. Each is the
valid SOP of ``make_fixtures.py`` with a few identity values changed; the expected findings are written here
by hand, judged as of ``REVIEW_DAY`` (tests/test_validation.py passes the same day). Rows of the Identitas
sheet: instansi 2, Nomor SOP 3, Tanggal Pembuatan 4, Tanggal Revisi 5, Tanggal Efektif 6, Disahkan oleh 7,
Nama SOP 8, Profil Format 9, Siklus Tinjauan 10.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_fixtures import build, valid_sop  # noqa: E402

REVIEW_DAY = dt.date(2018, 11, 1)

FIXTURES = {
    # Tanggal Efektif 1 June 2017 + 12 months = 1 June 2018: 153 days before 1 November 2018
    "review_past": ({"tanggal_efektif": "01 Juni 2017", "tanggal_pembuatan": "02 Mei 2017"},
                    [["review-past", "Identitas!B6"]]),
    # Siklus Tinjauan 6: 2 May 2018 + 6 months = 2 November 2018, one day after 1 November
    "review_due": ({"siklus_tinjauan": "6"}, [["review-due", "Identitas!B6"]]),
    # a planned review: Tanggal Revisi 20 November 2018 lies after Tanggal Efektif, 19 days after 1 November
    "review_planned": ({"tanggal_revisi": "20 November 2018"}, [["review-due", "Identitas!B5"]]),
    # a profile sopxl does not know; a review cycle that is no number of months
    "settings_invalid": ({"profil": "Permendagri 99/2099", "siklus_tinjauan": "setahun"},
                         [["profile-unknown", "Identitas!B11"], ["review-cycle-invalid", "Identitas!B12"]]),
    # the Kemnaker format (Permenaker 7/2017) has no Nomor SOP or Tanggal Pembuatan: only the empty
    # Tanggal Pengesahan (sopxl's Tanggal Efektif row) is missing; under Permenpan RB 35/2012 all three are
    "profile_kemnaker": ({"profil": "Permenaker 7/2017", "nomor": "", "tanggal_pembuatan": "",
                          "tanggal_efektif": ""},
                         [["identity-field-missing", "Identitas!B6"]]),
}


def main() -> None:
    for name, (identity, findings) in FIXTURES.items():
        sop = valid_sop()
        for key, value in identity.items():
            setattr(sop.identity, key, value)
        build(name, sop)
        (HERE / f"{name}.findings.json").write_text(json.dumps(findings, indent=1) + "\n")


if __name__ == "__main__":
    main()
