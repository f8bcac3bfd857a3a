"""Dates as SOP documents write them: Indonesian words, ISO, day-first numbers, Excel dates."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sopxl.domain.dates import format_date, read_date


def parse_date(text):
    written = read_date(text)
    return written.date if written else None


@pytest.mark.parametrize("text, expected", [
    ("Kamis, 14 Desember 2017", dt.date(2017, 12, 14)),          # the Kemenko Polhukam seed
    ("Rabu, 02 Mei 2018", dt.date(2018, 5, 2)),
    ("02 Mei 2018", dt.date(2018, 5, 2)),
    ("2 mei 2018", dt.date(2018, 5, 2)),
    ("14 Des 2017", dt.date(2017, 12, 14)),
    ("1 Agustus 2019", dt.date(2019, 8, 1)),
    ("17 Agt. 2019", dt.date(2019, 8, 17)),
    ("10 Nopember 2020", dt.date(2020, 11, 10)),
    ("Jum'at, 1 Maret 2024", dt.date(2024, 3, 1)),
    ("tanggal 5 Juni 2023", dt.date(2023, 6, 5)),
    ("Monday, 3 June 2024", dt.date(2024, 6, 3)),
    ("2018-05-02", dt.date(2018, 5, 2)),
    ("2018-05-02 00:00", dt.date(2018, 5, 2)),
    ("02/05/2018", dt.date(2018, 5, 2)),                           # day first, as Indonesian documents write
    ("2-5-2018", dt.date(2018, 5, 2)),
    ("02.05.2018", dt.date(2018, 5, 2)),
    ("<p>Rabu, 02 Mei 2018</p>", dt.date(2018, 5, 2)),             # HTML left by a text export
    (dt.date(2018, 5, 2), dt.date(2018, 5, 2)),                     # a date cell
    (dt.datetime(2018, 5, 2, 0, 0), dt.date(2018, 5, 2)),
])
def test_dates_as_written_in_documents(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["", "-", "Revisi ke", "31 Februari 2018", "13/13/2018", "2018", "Mei 2018",
                                  "14 Desember", "besok", "14 Desember 17", "30 menit", None, 43222])
def test_text_that_is_not_a_date(text):
    assert parse_date(text) is None


def test_the_written_weekday_is_kept_and_checked():
    right = read_date("Kamis, 14 Desember 2017")
    wrong = read_date("Senin, 14 Desember 2017")
    assert right.weekday == 3 and right.weekday_agrees
    assert wrong.weekday == 0 and not wrong.weekday_agrees
    assert read_date("14 Desember 2017").weekday is None and read_date("14 Desember 2017").weekday_agrees


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_every_formatted_date_reads_back_with_its_weekday(day):
    written = read_date(format_date(day))
    assert written.date == day and written.weekday_agrees
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"{day.day:02d}/{day.month:02d}/{day.year}") == day


@given(st.text(max_size=40))
def test_any_text_gives_a_date_or_none(text):
    assert parse_date(text) is None or isinstance(parse_date(text), dt.date)


# ---- moments: --at, --as-of and the API's at= / as_of= ---------------------------------------------

from sopxl.domain.dates import MomentError, read_moment  # noqa: E402


@pytest.mark.parametrize("text", ["2026-12-01 15:00", "1/12/2026 15:00", "01/12/2026 15.00", "01-12-2026 15:00",
                                  "2026-12-01T15:00", " 2026-12-01   15:00:00 ", dt.datetime(2026, 12, 1, 15)])
def test_a_moment_as_people_type_it(text):
    assert read_moment(text) == dt.datetime(2026, 12, 1, 15, 0)


@pytest.mark.parametrize("text, reason", [
    ("2026-12-01", "a date without a time of day"), ("1/12/2026", "a date without a time of day"),
    (dt.date(2026, 12, 1), "a date without a time of day"), ("31/11/2026 15:00", "no such date or time"),
    ("2026-12-01 25:00", "no such date or time"), ("besok pagi", "not a date and time"), ("", "empty"),
    ("12/01/2026 3pm", "not a date and time")])
def test_a_moment_without_a_time_or_that_is_no_moment_is_refused_with_the_reason(text, reason):
    with pytest.raises(MomentError) as caught:
        read_moment(text)
    assert caught.value.reason == reason and "DD/MM/YYYY HH:MM" in caught.value.fix


@given(st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2999, 12, 31)))
def test_every_written_form_of_a_moment_reads_back(moment):
    moment = moment.replace(second=0, microsecond=0)
    for form in ("%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M", "%d-%m-%Y %H:%M", "%d/%m/%Y %H.%M"):
        assert read_moment(moment.strftime(form)) == moment
