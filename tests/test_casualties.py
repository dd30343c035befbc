"""Tests for casualty and attack counts (sitrep.analyse.casualties)."""

import time

import pytest

from sitrep.analyse.casualties import CasualtyCount, find_casualties


def one(sentence: str) -> CasualtyCount:
    found = find_casualties(sentence)
    assert len(found) == 1, found
    return found[0]


def summary(sentence: str):
    return [(c.kind, c.value, c.qualifier, c.party) for c in find_casualties(sentence)]


def test_left_x_and_y_dead():
    s = "Fighting on Wednesday around the city left 27 regime fighters and 26 jihadists dead, the monitor said."
    assert summary(s) == [("killed", 27, "exact", "regime fighters"), ("killed", 26, "exact", "jihadists")]
    for c in find_casualties(s):
        assert s[c.start:c.end] == c.text
        assert c.low == c.high == c.value
        assert not c.cumulative


def test_at_least_passive():
    c = one("At least 287 IS fighters were killed in the battle for the city.")
    assert (c.kind, c.value, c.qualifier, c.party) == ("killed", 287, "at_least", "IS fighters")
    assert c.low == 287 and c.high is None
    assert c.text == "At least 287 IS fighters"


def test_subset_in_apposition_is_not_summed():
    found = find_casualties("Six civilians, among them four children, were killed by a strike on the suburb.")
    assert [(c.kind, c.value, c.party) for c in found] == [("killed", 6, "civilians"), ("killed", 4, "children")]
    assert found[0].subset_of is None
    assert found[1].subset_of == 0
    top_level = sum(c.value for c in found if c.subset_of is None)
    assert top_level == 6


def test_killed_and_wounded():
    found = find_casualties("Seven people were killed and ten others were wounded in a helicopter attack.")
    assert [(c.kind, c.value) for c in found] == [("killed", 7), ("wounded", 10)]
    assert found[0].party == "people"


def test_active_verb_before():
    assert summary("The air strike on the oil facility killed three civilians.") == [
        ("killed", 3, "exact", "civilians")]
    assert summary("Gunmen stormed the village, killing at least 12 people.") == [
        ("killed", 12, "at_least", "people")]
    assert summary("Militants abducted 40 schoolgirls.") == [("captured", 40, "exact", "schoolgirls")]
    assert summary("The blast wounded 15 people.") == [("wounded", 15, "exact", "people")]


def test_breakdown_with_nested_subsets_and_cumulative():
    s = ("So far, at least 119 people have died in violent clashes, among them 71 regime forces "
         "and 48 ISIS fighters, including 11 suicide bombers.")
    found = find_casualties(s)
    assert [(c.kind, c.value, c.party) for c in found] == [
        ("killed", 119, "people"), ("killed", 71, "regime forces"),
        ("killed", 48, "ISIS fighters"), ("killed", 11, "suicide bombers")]
    assert [c.subset_of for c in found] == [None, 0, 0, 2]
    assert found[0].qualifier == "at_least"
    assert all(c.cumulative for c in found)  # "so far"


@pytest.mark.parametrize(
    "sentence,low,high,party",
    [
        ("Dozens of YPG fighters were also killed.", 24, 99, "YPG fighters"),
        ("Scores of soldiers were killed in the ambush.", 40, 199, "soldiers"),
        ("Hundreds of civilians have died in the siege.", 200, 999, "civilians"),
        ("Several policemen were wounded.", 3, 9, "policemen"),
    ],
)
def test_vague_quantities(sentence, low, high, party):
    c = one(sentence)
    assert c.qualifier == "approx"
    assert c.value is None
    assert (c.low, c.high, c.party) == (low, high, party)


def test_dozen_and_half_dozen():
    found = find_casualties("A dozen rebels and half a dozen soldiers died.")
    assert [(c.kind, c.value, c.qualifier, c.party) for c in found] == [
        ("killed", 12, "approx", "rebels"), ("killed", 6, "approx", "soldiers")]


def test_coordination_before_also_killed():
    s = "According to the Observatory, 120 regime loyalists and dozens of YPG fighters were also killed."
    found = find_casualties(s)
    assert [(c.kind, c.value, c.party) for c in found] == [
        ("killed", 120, "regime loyalists"), ("killed", None, "YPG fighters")]
    assert found[1].low == 24


def test_aside_before_the_verb():
    c = one("Some 120 regime loyalists, most of them conscripts, were also killed.")
    assert (c.kind, c.value, c.qualifier) == ("killed", 120, "approx")


def test_weapon_and_attack_counts():
    c = one("The militants detonated five suicide car bombs at the gates.")
    assert (c.kind, c.value, c.party) == ("car_bombs", 5, None)
    c = one("The group seized the posts after at least six suicide bombers struck on Wednesday.")
    assert (c.kind, c.value, c.qualifier) == ("suicide_bombers", 6, "at_least")
    c = one("Regime warplanes carried out at least 10 strikes targeting the eastern suburbs.")
    assert (c.kind, c.value, c.qualifier) == ("strikes", 10, "at_least")
    c = one("The raids coincided with ten regime airstrikes against their positions.")
    assert (c.kind, c.value, c.party) == ("strikes", 10, "regime")
    c = one("Jets pounded the district with at least half a dozen strikes.")
    assert (c.kind, c.value, c.qualifier) == ("strikes", 6, "at_least")


def test_attacker_count_is_not_a_death_toll():
    found = find_casualties("Five car bombs killed 20 soldiers.")
    assert [(c.kind, c.value) for c in found] == [("car_bombs", 5), ("killed", 20)]


@pytest.mark.parametrize(
    "sentence,value",
    [
        ("More than 220,000 people have been killed in Syria since anti-government protests broke out in March 2011.", 220000),
        ("An official said 10,000 IS members had been killed since the start of the air campaign.", 10000),
        ("Three months of US-led strikes have so far killed at least 1,171 people, mostly militants.", 1171),
        ("The war has killed more than 500,000 people.", 500000),
        ("The death toll since the campaign was launched has reached 3,000.", 3000),
        ("The monitor said 900 people were killed in the last nine months.", 900),
        ("More than 230,000 people have been killed in Syria's multi-front war.", 230000),
    ],
)
def test_cumulative_tolls(sentence, value):
    c = one(sentence)
    assert c.kind == "killed"
    assert c.value == value
    assert c.cumulative


def test_cumulative_strike_total():
    c = one("In total, the United States carried out 488 air strikes in Syria through Dec. 15, according to US military data.")
    assert (c.kind, c.value, c.cumulative) == ("strikes", 488, True)


def test_single_event_is_not_cumulative():
    c = one("Seven people were killed in the market on Tuesday.")
    assert not c.cumulative
    c = one("Ten people were killed in the war-torn city.")
    assert not c.cumulative


def test_more_than_bounds():
    c = one("More than 40 soldiers were killed.")
    assert (c.qualifier, c.value, c.low, c.high) == ("more_than", 40, 41, None)
    c = one("Up to 30 civilians may have been killed.")
    assert (c.qualifier, c.value, c.low, c.high) == ("at_most", 30, None, 30)


def test_ranges():
    c = one("Between 10 and 15 soldiers were killed.")
    assert (c.qualifier, c.value, c.low, c.high) == ("range", None, 10, 15)
    c = one("The shelling killed 20 to 25 people.")
    assert (c.kind, c.qualifier, c.low, c.high) == ("killed", "range", 20, 25)


@pytest.mark.parametrize(
    "sentence",
    [
        "The militants are 500 meters (550 yards) away from the entrance of the city.",
        "The army received 2,000 AT-4 missiles from its allies.",
        "Some 25 per cent of the dead were civilians.",
        "The capture of its 2,000-year-old site shocked the world.",
        "The offensive began in 2015 and was renewed on Dec. 15.",
        "Around 7,000 Iranian and Iraqi fighters have arrived in Syria over the past few weeks.",
        "Two ISIS attempts to take the airport failed, one of the last outposts held by the regime.",
        "The fighting lasted three days and the militants destroyed a tank and two machine guns.",
        "The 15-year-old boy was wounded by shrapnel.",
        "They pushed the militants back two kilometers on 15 December.",
    ],
)
def test_non_casualty_numbers(sentence):
    assert find_casualties(sentence) == []


def test_number_words():
    assert summary("Twenty-five villagers were killed.") == [("killed", 25, "exact", "villagers")]
    assert summary("Two hundred and fifty people were killed.") == [("killed", 250, "exact", "people")]
    assert summary("Three thousand people died.") == [("killed", 3000, "exact", "people")]
    assert summary("One soldier was killed.") == [("killed", 1, "exact", "soldier")]


def test_toll_wording():
    c = one("The death toll rose to 45 on Monday.")
    assert (c.kind, c.value) == ("killed", 45)
    c = one("The attack claimed the lives of 30 worshippers.")
    assert (c.kind, c.value, c.party) == ("killed", 30, "worshippers")


def test_others_takes_the_previous_party():
    found = find_casualties("Seven soldiers were killed and ten others were wounded.")
    assert found[1].party == "soldiers"


def test_speed():
    s = ("So far, at least 119 people have died in violent clashes, among them 71 regime forces "
         "and 48 ISIS fighters, including 11 suicide bombers, the monitor said on Tuesday.")
    start = time.perf_counter()
    for _ in range(300):
        find_casualties(s)
    assert (time.perf_counter() - start) / 300 < 0.003


def test_reported_zero():
    c = one("Fortunately, no one was killed in the blast.")
    assert (c.kind, c.value, c.qualifier) == ("killed", 0, "exact")
    assert find_casualties("No one claimed the attack.") == []


def test_killed_and_wounded_together_are_casualties():
    c = one("Scores of militants were killed and wounded in the battle.")
    assert (c.kind, c.low, c.high) == ("casualties", 40, 199)
    c = one("The shelling left 30 soldiers dead and wounded.")
    assert (c.kind, c.value) == ("casualties", 30)
    c = one("At least eight civilians were abducted and shot dead.")
    assert (c.kind, c.value) == ("killed", 8)


def test_part_of_a_group():
    c = one("13 out of 19 crew members were kidnapped.")
    assert (c.kind, c.value, c.party) == ("captured", 13, "crew members")
    c = one("One of the soldiers was killed.")
    assert (c.kind, c.value, c.party) == ("killed", 1, "soldiers")
    c = one("Three of them were wounded.")
    assert (c.kind, c.value) == ("wounded", 3)


def test_materiel_and_ages_are_not_casualties():
    assert find_casualties("234 pistols and 17,000 bullets were captured in the capital.") == []
    assert find_casualties("Gabriel Shearer, 34, of Richmond, was arrested Saturday.") == []
    assert find_casualties("The police executed two search warrants on Thursday.") == []


def test_singular_and_euphemisms():
    assert summary("A civilian was killed and a soldier wounded.") == [
        ("killed", 1, "exact", "civilian"), ("wounded", 1, "exact", "soldier")]
    assert summary("The shelling killed a woman and her two children.") == [
        ("killed", 1, "exact", "woman"), ("killed", 2, "exact", "children")]
    assert summary("A soldier said the town was calm.") == []
    assert summary("At least 50 jihadists were neutralised.") == [("killed", 50, "at_least", "jihadists")]
    assert summary("Russian strikes killed at least 11 people and injured 40 in Kharkiv.") == [
        ("killed", 11, "at_least", "people"), ("wounded", 40, "exact", None)]


def test_over_the_past_week_is_cumulative():
    assert one("Over the past week, 300 people were killed.").cumulative
    assert not one("He and two others were killed last month.").cumulative
