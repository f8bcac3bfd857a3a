"""Time norms as real documents write them."""

import pytest
from hypothesis import given, strategies as st

from sopxl.errors import NormError
from sopxl.domain.norms import Norm, format_norm, is_bare_unit, parse_norm


@pytest.mark.parametrize("text, value, unit", [
    ("10 Menit", 10, "menit"), ("60 menit", 60, "menit"), ("1 Hari", 1, "hari"), ("2 jam", 2, "jam"),
    ("3 hari kerja", 3, "hari"), ("1 Minggu", 1, "minggu"), ("2 Bulan", 2, "bulan"), ("1,5 jam", 1.5, "jam"),
    ("10\nMenit", 10, "menit"), ("<p>30 <b>menit</b></p>", 30, "menit"), ("maks. 2 hari", 2, "hari"),
    ("14 hari kalender", 14, "hari kalender"), ("1/2 jam", 0.5, "jam"), ("45 minutes", 45, "menit"),
    ("  5  MENIT. ", 5, "menit"), ("2&nbsp;jam", 2, "jam"),
])
def test_parses_what_documents_write(text, value, unit):
    assert parse_norm(text) == Norm(value, unit)


@pytest.mark.parametrize("text", ["", None, "menit", "Menit", " <p>menit</p> ", "jam", "hari kerja"])
def test_bare_unit_or_empty_is_no_norm_never_zero(text):
    assert parse_norm(text) is None


def test_bare_unit_is_recognised_as_such():
    assert is_bare_unit("menit") and not is_bare_unit("") and not is_bare_unit("10 menit")


@pytest.mark.parametrize("text, value, unit, low", [
    ("1 (satu) hari", 1, "hari", None), ("Paling lama 3 (tiga) hari kerja", 3, "hari", None),
    ("sepuluh menit", 10, "menit", None), ("dua puluh lima menit", 25, "menit", None),
    ("setengah hari", 0.5, "hari", None), ("sehari", 1, "hari", None), ("1 x 24 jam", 24, "jam", None),
    ("2x24 Jam", 48, "jam", None), ("10 - 15 menit", 15, "menit", 10), ("1 - 5 hari kerja", 5, "hari", 1),
    ("10 s.d. 15 menit", 15, "menit", 10), ("1-2 hari", 2, "hari", 1), ("10 menit - 15 menit", 15, "menit", 10),
    ("3 hr", 3, "hari", None), ("5 mnt", 5, "menit", None), ("2 jm", 2, "jam", None), ("4 hk", 4, "hari", None),
    ("2 mgg", 2, "minggu", None), ("3 bln.", 3, "bulan", None), ("3 hrs", 3, "jam", None),
])
def test_written_out_numbers_ranges_times_24_and_abbreviations(text, value, unit, low):
    """A range's norm is its upper bound (the most the step may take); the lower bound is kept."""
    assert parse_norm(text) == Norm(value, unit, low)


def test_a_range_keeps_its_text_when_formatted():
    assert format_norm(parse_norm("10 - 15 menit")) == "10 - 15 menit"
    assert parse_norm("1 - 5 hari kerja").to_dict() == {"value": 5, "unit": "hari", "low": 1}


@pytest.mark.parametrize("text, message", [
    ("1 (dua) hari", "two different numbers"), ("15 - 10 menit", "not the smaller"),
    ("1 jam - 2 hari", "two units"),
])
def test_contradictory_norms_say_what_is_wrong(text, message):
    with pytest.raises(NormError, match=message):
        parse_norm(text)


@pytest.mark.parametrize("text", ["segera", "10", "0 menit", "1/0 jam", "menit 10", "sepuluh", "x 24 jam"])
def test_unparseable_norms_raise_the_modules_error(text):
    with pytest.raises(NormError):
        parse_norm(text)


def test_a_bare_number_cell_says_the_unit_is_missing():
    with pytest.raises(NormError, match="no unit"):
        parse_norm(30.0)


def test_conversion_to_working_minutes():
    day = 450
    assert Norm(10, "menit").minutes(day) == 10
    assert Norm(2, "jam").minutes(day) == 120
    assert Norm(1, "hari").minutes(day) == 450
    assert Norm(1, "minggu").minutes(day) == 5 * 450
    assert Norm(2, "bulan").minutes(day) == 2 * 20 * 450
    assert Norm(7, "hari kalender").minutes(day) == pytest.approx(5 * 450)


def test_format_uses_a_decimal_comma():
    assert format_norm(Norm(1.5, "jam")) == "1,5 jam"
    assert format_norm(Norm(10, "menit")) == "10 menit"


values = st.one_of(st.integers(1, 10_000).map(float), st.floats(0.001, 10_000, allow_nan=False, allow_infinity=False))
units = st.sampled_from(["menit", "jam", "hari", "hari kalender", "minggu", "bulan"])
norms = st.one_of(st.builds(Norm, values, units),
                  st.tuples(values, values, units).filter(lambda t: t[0] < t[1]).map(lambda t: Norm(t[1], t[2], t[0])))


@given(norms)
def test_parse_of_format_is_identity(norm):
    assert parse_norm(format_norm(norm)) == norm


@given(st.one_of(st.text(), st.integers(), st.floats(), st.none()))
def test_no_input_raises_anything_but_norm_error(value):
    try:
        parse_norm(value)
    except NormError:
        pass
