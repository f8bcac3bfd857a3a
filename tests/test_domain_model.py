"""The model's JSON round trip and path logic."""

import json

from hypothesis import given, strategies as st

from sopxl.domain.model import SOP, Identity, Inference, Step, Symbol

texts = st.text(max_size=30)
steps = st.builds(Step, number=st.integers(1, 99), kegiatan=texts, marks=st.lists(texts, max_size=2),
                  symbol=st.sampled_from(list(Symbol)), kelengkapan=texts, waktu=texts, output=texts,
                  keterangan=texts, ya=st.none() | st.integers(1, 99), tidak=st.none() | st.integers(1, 99),
                  inferences=st.lists(st.builds(Inference, texts, texts, texts), max_size=2), reviewed=st.booleans())
sops = st.builds(SOP, identity=st.builds(Identity, nama=texts, nomor=texts, dasar_hukum=st.lists(texts, max_size=3)),
                 roles=st.lists(texts, max_size=4), steps=st.lists(steps, max_size=5))


@given(sops)
def test_json_round_trip(sop):
    assert SOP.from_dict(json.loads(json.dumps(sop.to_dict()))) == sop


def test_main_path_follows_ya_and_stops_at_a_loop():
    sop = SOP(roles=["A"], steps=[Step(1, "a"), Step(2, "b", symbol=Symbol.DECISION, ya=3, tidak=1), Step(3, "c"),
                                  Step(4, "d", ya=2)])
    assert [s.number for s in sop.main_path()] == [1, 2, 3, 4]
    assert sop.next_step(sop.steps[3]).number == 2


def test_pelaksana_is_the_single_mark_only():
    assert Step(1, "x", marks=["Kabag"]).pelaksana == "Kabag"
    assert Step(1, "x", marks=["Kabag", "Karo"]).pelaksana is None
    assert Step(1, "x").pelaksana is None
