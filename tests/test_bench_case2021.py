"""The CASE-2021 scorer on tiny data written here, and its weighted-F1 arithmetic."""

from __future__ import annotations

import pytest

from sitrep.bench import case2021
from sitrep.bench.case2021 import NONE, UNSEEN, acled_codes, load, predict, run, score, weighted_f1


def test_codes_map_one_to_one_onto_acled():
    codes = acled_codes()
    assert len(codes) == 25
    assert len({sub for _, sub in codes.values()}) == 25  # 1:1
    assert codes["AIR_STRIKE"] == ("Explosions/Remote violence", "Air/drone strike")
    assert codes["NON_STATE_ACTOR_OVERTAKES_TER"] == ("Battles", "Non-state actor overtakes territory")
    assert codes["PROPERTY_DISTRUCT"] == ("Strategic developments", "Looting/property destruction")
    assert not set(UNSEEN) & set(codes)


def test_codes_match_the_shared_code_list():
    from sitrep.config import shared_path

    path = shared_path("bench", "case2021", "event_type_codes.txt")
    if path is None or not path.exists():
        pytest.skip("shared CASE-2021 code list not available")
    lines = [ln.strip() for ln in path.read_text().splitlines()]
    seen_block = lines[lines.index("1. SUBTASK 1-3: \"SEEN\" EVENT TYPES from ACLED taxonomy") + 1:
                       lines.index("2. SUBTASK 2: additional \"UNSEEN\" EVENT TYPES (not part of ACLED taxonomy)")]
    assert {c for c in seen_block if c} == set(acled_codes())


def test_weighted_f1_by_hand():
    # class A: tp=2 fp=1 fn=0 -> P=2/3 R=1 F1=0.8 ; class B: tp=1 fp=0 fn=1 -> P=1 R=.5 F1=2/3
    gold = ["A", "A", "B", "B"]
    pred = ["A", "A", "B", "A"]
    f, per = weighted_f1(gold, pred)
    assert per["A"]["f1"] == pytest.approx(0.8)
    assert per["B"]["f1"] == pytest.approx(2 / 3, abs=1e-4)
    assert f == pytest.approx((0.8 * 2 + (2 / 3) * 2) / 4)
    # a prediction outside the averaged labels is a miss, not a false positive
    f2, per2 = weighted_f1(["A", "B"], ["A", "NONE"], labels=["A", "B"])
    assert per2["A"]["precision"] == 1.0 and per2["B"]["recall"] == 0.0
    assert f2 == pytest.approx(0.5)


def test_score_collapses_unseen_types():
    gold = ["AIR_STRIKE", "ARREST", "NATURAL_DISASTER", "DIPLO"]
    pred = ["AIR_STRIKE", NONE, NONE, "ARREST"]
    m = score(gold, pred)
    assert m["n"] == 4 and m["n_acled"] == 2 and m["n_unseen"] == 2
    assert m["weighted_f1_25"] == pytest.approx(0.5)  # AIR_STRIKE 1.0, ARREST 0.0
    assert m["unseen_called_conflict"] == pytest.approx(0.5)  # DIPLO called ARREST
    assert m["accuracy"] == pytest.approx(0.5)  # AIR_STRIKE and NATURAL_DISASTER->NONE right
    # all-classes: AIR 1.0 (w1), ARREST 0.0 (w1), NONE P=1/2 R=1/2 F1=.5 (w2)
    assert m["weighted_f1_all"] == pytest.approx((1.0 + 0.0 + 0.5 * 2) / 4)


TINY = [
    (2, "Warplanes bombed rebel positions near the town, killing six fighters.", "AIR_STRIKE"),
    (4, "A suicide bomber blew himself up at a crowded market, killing 12 people.", "SUIC_BOMB"),
    (6, "Thousands of protesters marched peacefully through the capital on Sunday.", "PEACE_PROTEST"),
    (8, "A strong earthquake struck the region, destroying hundreds of homes.", "NATURAL_DISASTER"),
    (10, "The country expelled three diplomats and closed its embassy.", "DIPLO"),
    (12, "Police fired tear gas to disperse the demonstrators outside parliament.", "PROTEST_WITH_INTER"),
]


@pytest.fixture()
def tiny_tsv(tmp_path):
    path = tmp_path / "tiny.tsv"
    rows = ["id\tEventSnippet\tSubType"] + [f"{i}\t{t}\t{c}" for i, t, c in TINY]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_load_reads_the_tsv(tiny_tsv):
    snippets = load(tiny_tsv)
    assert [s.id for s in snippets] == [2, 4, 6, 8, 10, 12]
    assert snippets[3].gold == "NATURAL_DISASTER"
    assert snippets[0].text.startswith("Warplanes")


def test_run_on_tiny_tsv(tiny_tsv):
    r = run(tiny_tsv)
    assert r["name"] == "case2021"
    m = r["metrics"]
    for key in ("weighted_f1_25", "weighted_f1_all", "accuracy", "unseen_called_conflict", "n"):
        assert key in m
    assert m["n"] == 6
    # these sentences are plain; the typer gets all of them
    assert m["weighted_f1_25"] == 1.0
    assert m["weighted_f1_all"] == 1.0
    assert m["unseen_called_conflict"] == 0.0
    d = r["details"]
    assert set(d["halves"]) == {"odd", "even"}  # id//2 parity: 1,3,5 odd ; 2,4,6 even
    assert d["halves"]["odd"]["n"] == 3
    assert d["confusion"]["NATURAL_DISASTER"] == {NONE: 1}
    assert d["per_class"]["AIR_STRIKE"]["support"] == 1
    assert d["errors"] == []


def test_predict_returns_codes():
    assert predict("A landmine exploded under a minibus, killing four passengers.") == "REM_EXPLOS"
    assert predict("The city council met to discuss the new parking rules.") == NONE


def test_run_on_shared_dev_set_meets_target():
    from sitrep.config import shared_path

    path = shared_path(*case2021.DEFAULT_DATA)
    if path is None or not path.exists():
        pytest.skip("shared CASE-2021 dev set not available")
    r = run()
    m = r["metrics"]
    assert m["n"] == 510
    assert m["weighted_f1_25"] >= 0.70
    assert m["unseen_called_conflict"] <= 0.25
    assert m["seconds"] < 10
