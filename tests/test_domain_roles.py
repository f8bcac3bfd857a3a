"""Roles named at the start of an activity text: the per-SOP finder gives what ``role_at_start`` gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sopxl.domain.roles import RolesAtStart, _distance, _one_edit, find_role, role_at_start, slipped, words

# words of role names and of activity texts: abbreviations, long forms, slips, spacing, verbs sharing a first letter
WORDS = ["Kabag", "Kasubbag", "Kasubag", "Kasub", "bag", "Karo", "Kasi", "Kabid", "Sekjen", "Sekretaris",
         "Sekertaris", "Jenderal", "Kepala", "Bagian", "Sub", "Subbagian", "Biro", "Seksi", "Umum", "Ortala", "TU",
         "Tim", "Monitoring", "Fungsional", "Staf", "Pelaksana", "Pejabat", "Menteri", "Mentri", "memeriksa",
         "menyerahkan", "mengajukan", "kabagumum", "KABAG", "kasubbagtu", "Direktur", "Dirjen", "Sesmen",
         "Kapus", "Pusat", "Utama", "Sestama", "x", "1", "2a", "Kaabag", "Sekretariat"]
GLUE = [" ", " ", " ", "/", " / ", ", ", "-", "  ", ". "]


@st.composite
def phrase(draw, max_words: int = 5) -> str:
    words_ = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=max_words))
    text = words_[0]
    for word in words_[1:]:
        text += draw(st.sampled_from(GLUE)) + word
    return text


ROLES = st.lists(phrase(3), min_size=0, max_size=7)
TEXT = st.tuples(st.sampled_from(["", " ", "- ", "• ", "*\t", "(", "1. "]), phrase(6),
                 st.sampled_from(["", " memeriksa usulan", " / Karo menyetujui", ": kepada Kabag"])).map("".join)


@settings(max_examples=200, deadline=None)
@given(ROLES, st.lists(TEXT, min_size=1, max_size=6))
def test_the_finder_of_an_sop_gives_what_role_at_start_gives(roles, texts):
    finder = RolesAtStart(roles)
    for text in texts:
        assert finder(text) == role_at_start(text, roles), (text, roles)


def test_texts_that_name_a_role_are_found():
    roles = ["Kabag Umum", "Kasubbag/Kasi", "Sekjen", "Menteri"]
    finder = RolesAtStart(roles)
    for text, role in [("Kabag Umum memeriksa", "Kabag Umum"), ("Kasubag menyusun", "Kasubbag/Kasi"),
                       ("Sekretaris Jenderal menetapkan", "Sekjen"), ("Mentri menandatangani", "Menteri"),
                       ("- Kasi menelaah", "Kasubbag/Kasi"), ("memeriksa usulan", None), ("Menteri", "Menteri")]:
        assert finder(text) == role_at_start(text, roles) == role, text


def test_long_forms_become_their_abbreviation():
    assert words("Kepala Sub Bagian Tata Usaha") == ("kasubag", "tata", "usaha")
    assert words("Sekretaris Jenderal / Kepala Biro") == ("sekjen", "karo")
    assert words("Kepala Bagian") == ("kabag",) and words("Kepala") == ("kepala",)
    found = find_role("Kepala Bagian Umum memeriksa", ["Kabag Umum"])
    assert (found.role, found.written, found.how) == ("Kabag Umum", "Kepala Bagian Umum", "long_form")


SPELLING = st.text(st.sampled_from("kabgsu"), max_size=9)


@settings(max_examples=1500, deadline=None)
@given(SPELLING, SPELLING)
def test_one_edit_is_an_edit_distance_of_at_most_one(a, b):
    assert _one_edit(a, b) == (_distance(a, b) <= 1), (a, b)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["kasubbag", "sekretaris", "menteri", "kabag", "fungsional"]).flatmap(
    lambda word: st.tuples(st.just(word), st.lists(st.tuples(st.integers(0, 12), st.sampled_from("aekrs-")),
                                                   max_size=2))))
def test_a_slip_is_one_edit_in_a_word_under_ten_letters(word_and_edits):
    word, edits = word_and_edits
    slip = word
    for at, letter in edits:      # a letter changed, added ("-" drops one) at `at`
        at = min(at, len(slip))
        slip = slip[:at] + slip[at + 1:] if letter == "-" else slip[:at] + letter + slip[at:]
    shorter = min(len(word), len(slip))
    expected = (shorter >= 5 and word[:1] == slip[:1] and abs(len(word) - len(slip)) <= (2 if shorter >= 10 else 1)
                and _distance(slip, word) <= (2 if shorter >= 10 else 1))
    assert slipped(slip, word) == expected
