"""Tests for claim attribution (sitrep.analyse.attribution)."""

import time

import pytest

from sitrep.analyse.attribution import Attribution, find_attribution

SOHR = "Syrian Observatory for Human Rights"


def attr(sentence, previous=None):
    a = find_attribution(sentence, previous)
    assert a is not None, sentence
    assert sentence[a.start:a.end] == a.text
    return a


def test_inverted_said_with_director():
    a = attr('"The militants are at the gates of the city," said Rami Abdel Rahman, director of '
             'the Syrian Observatory for Human Rights, a Britain-based monitoring group.')
    assert (a.source, a.kind, a.via) == (SOHR, "monitor", None)


@pytest.mark.parametrize(
    "sentence",
    [
        "Fighting left 27 regime fighters dead, according to the Observatory.",
        "ISIS militants seized a hill overlooking the airport, the Observatory said.",
        "The Observatory said dozens of fighters had entered the province from Iraq.",
        "The monitor added that warplanes carried out more raids on the town.",
        "Kurdish fighters backed by coalition airstrikes advanced, the monitor group reports.",
        "Troops repelled the offensive, a monitor group reports.",
        "According to the U.K.-based Syrian Observatory for Human Rights (SOHR), which uses a network of sources, troops advanced.",
        "The SOHR said 40 people were killed.",
    ],
)
def test_observatory_forms(sentence):
    a = attr(sentence)
    assert a.source == SOHR
    assert a.kind == "monitor"


def test_reporting_source_preferred_over_relaying_agency():
    a = attr('"The clashes are continuing," said the Observatory, AFP reports.')
    assert (a.source, a.via) == (SOHR, "AFP")
    a = attr('"The Kurds joined the fight after criticism," said Rami Abdel Rahman, the Observatory\u2019s chief, AFP reports.')
    assert (a.source, a.via) == (SOHR, "AFP")
    a = attr('"The regime withdrew two kilometers," noted the monitor group, Agence France-Presse (AFP) reports.')
    assert (a.source, a.via) == (SOHR, "AFP")


def test_told_an_agency():
    a = attr("Iran has deployed thousands of fighters in Syria, a security source told AFP on Wednesday.")
    assert (a.source, a.via, a.kind) == ("a security source", "AFP", "anonymous")
    a = attr("Rami Abdel-Rahman, the head of the Observatory, told Reuters only 52 were civilians.")
    assert (a.source, a.via, a.kind) == (SOHR, "Reuters", "monitor")
    a = attr("The helicopter targeted a market, a rebel police official told the Anadolu Agency.")
    assert (a.source, a.via, a.kind) == ("a rebel police official", "Anadolu Agency", "official")


def test_quoted_by_state_media():
    a = attr('Despite the assault, the provincial governor insisted the city was "completely safe," '
             "in remarks quoted by the official news agency SANA.")
    assert a.kind == "official"
    assert a.via == "SANA"
    assert "governor" in a.source


def test_state_media_as_source():
    a = attr("State news agency SANA said the armed forces dealt great blows to the terrorists.")
    assert (a.source, a.kind) == ("SANA", "state_media")
    a = attr("The official news agency SANA reported that the army retook the hill.")
    assert (a.source, a.kind) == ("SANA", "state_media")


def test_media_alone():
    a = attr("Kurds have refused to join the uprising, notes AFP.")
    assert (a.source, a.kind, a.via) == ("AFP", "media", None)
    a = attr("The Al-Watan newspaper, which is close to the government, said IS had begun a violent attack.")
    assert (a.source, a.kind) == ("Al-Watan", "media")


@pytest.mark.parametrize(
    "sentence,source,kind",
    [
        ("Iraqi officials said the strike destroyed a factory packed with explosives.", "Iraqi officials", "official"),
        ("The militants advanced on the town, activists said.", "activists", "activists"),
        ("The base was shelled overnight, a Syrian military source said.", "a Syrian military source", "anonymous"),
        ("Three drones were shot down, the regional governor wrote on Telegram.", "the regional governor", "official"),
        ("The coalition launched ten more strikes, the American military said in a statement.", "US military", "military"),
        ("The seven strikes hit a unit of fighters, according to the Combined Joint Task Force for the operation.", "Combined Joint Task Force", "military"),
        ("The Syrian Revolution General Commission said the strike hit a school.", "Syrian Revolution General Commission", "activists"),
        ("IS said in a statement that its fighters had taken the base.", "Islamic State", "group"),
        ("The Houthis said they had downed a drone.", "Houthis", "group"),
        ("Amaq said the attack was carried out by a soldier of the caliphate.", "Amaq", "group"),
    ],
)
def test_unnamed_and_group_speakers(sentence, source, kind):
    a = attr(sentence)
    assert (a.source, a.kind) == (source, kind)


def test_platform_as_via():
    a = attr("Three drones were shot down, the regional governor wrote on Telegram.")
    assert a.via == "Telegram"


def test_official_with_apposition():
    a = attr("An Iraqi official, Gov. Raed Ibrahim of the Salahuddin province, said militants fought their way to the town.")
    assert (a.source, a.kind) == ("An Iraqi official", "official")


def test_named_people():
    a = attr("Lt. Mohammad Halabi said the regime was taking revenge on civilians.")
    assert a.kind == "military"
    assert a.source == "Lt. Mohammad Halabi"
    a = attr("US Deputy Secretary of State Antony Blinken said that 10,000 militants had been killed.")
    assert a.kind == "official"
    assert a.source.endswith("Antony Blinken")


def test_pronoun_resolved_with_previous_sentence():
    first = ('"The militants are 500 meters away," said Rami Abdel Rahman, director of the '
             "Syrian Observatory for Human Rights.")
    second = "He said IS had seized all military posts in that area."
    a = attr(second, first)
    assert (a.source, a.kind) == (SOHR, "monitor")
    assert a.text == "He said"
    # a resolved Attribution can be passed on down a chain
    third = "Regime helicopters meanwhile dropped barrel bombs, he said."
    b = attr(third, a)
    assert b.source == SOHR
    assert b.text == "he said"


def test_pronoun_keeps_relaying_agency():
    first = '"Talks were held," said Rami Abdel Rahman, the Observatory\u2019s chief, AFP reports.'
    a = attr('"They agreed after a decision," he added.', first)
    assert (a.source, a.via) == (SOHR, "AFP")
    b = attr('"The arrangement has been tense," it reports.', "Kurds have refused to fight, notes AFP.")
    assert b.source == "AFP"


def test_pronoun_without_previous_is_unknown():
    assert find_attribution("He said the town had fallen.") is None
    a = attr("The town had fallen, the source said.")
    assert (a.source, a.kind) == ("the source", "anonymous")


def test_definite_back_reference_uses_previous():
    prev = "Iran has sent fighters, a security source told AFP."
    a = attr('"The larger contingent is Iraqi," the source said on condition of anonymity.', prev)
    assert (a.source, a.kind, a.via) == ("a security source", "anonymous", "AFP")


def test_citing_does_not_replace_the_speaker():
    a = attr("No casualties were reported, although the Observatory, citing local sources, said several ambulances rushed to the area.")
    assert a.source == SOHR


@pytest.mark.parametrize(
    "sentence",
    [
        "IS began its assault on the city on May 30.",
        "The northwestern city of Idlib was seized by rebels in March.",
        "This victory comes after it was reported that Assad appears ready to accept partition.",
        "Iran is a key ally of the Syrian government.",
        "Some 25 per cent of the city is under its control.",
        "Regime forces have recently beaten back two ISIS attempts to take the facility.",
    ],
)
def test_no_attribution(sentence):
    assert find_attribution(sentence) is None


def test_reported_clause_subject_is_not_a_speaker():
    a = attr("An official said ISIS militants fought their way to the edge of the town.")
    assert a.source == "An official"


def test_record_type():
    a = attr("Activists said the town fell.")
    assert isinstance(a, Attribution)
    assert a.kind == "activists"


def test_speed():
    s = ('"The clashes are continuing," said Rami Abdel Rahman, the head of the Observatory, '
         "which relies on a network of sources on the ground, AFP reports.")
    find_attribution(s)
    start = time.perf_counter()
    for _ in range(200):
        find_attribution(s)
    assert (time.perf_counter() - start) / 200 < 0.005


def test_named_speakers_of_unknown_affiliation():
    a = attr("The cause of the fire is believed to be electrical, Szymanski said.")
    assert (a.source, a.kind) == ("Szymanski", "named")
    # a weekday after an inverted verb is not part of the name
    a = attr("The mayor will resign, announced Councilman John Harley Monday.")
    assert a.source == "Councilman John Harley" and a.kind == "official"
    # a conjunction before a capitalised outlet is no speaker
    assert find_attribution("After The Atlanta Journal-Constitution wrote about the bill, the plan was dropped.") is None
    a = attr("The Interior Ministry said the attackers were foreigners.")
    assert a.kind == "official"


def test_more_unnamed_forms():
    a = attr("A medical source at the hospital told AFP that 12 bodies had arrived.")
    assert (a.source, a.via, a.kind) == ("A medical source", "AFP", "anonymous")
    a = attr("Boko Haram jihadists killed 30 villagers, local officials and residents said.")
    assert (a.source, a.kind) == ("local officials", "official")
    a = attr("A spokesman for the Malian army, Col. Souleymane Dembele, said soldiers had repelled the attack.")
    assert (a.source, a.kind) == ("A spokesman for the Malian army", "military")
    a = attr("Ukraine's air force said it shot down 30 of the 40 drones launched overnight.")
    assert (a.source, a.kind) == ("Ukrainian Air Force", "military")
    a = attr("The RSF said in a statement that it had taken control of the base.")
    assert (a.source, a.kind) == ("Rapid Support Forces", "group")
    a = attr("At least 40 people were killed, according to an AFP tally.")
    assert (a.source, a.kind) == ("AFP", "media")


def test_actor_list_before_the_speaker_is_not_merged():
    a = attr("Three coalition airstrikes targeted the US-led coalition, the Observatory said.")
    assert a.source == SOHR
