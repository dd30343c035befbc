"""Tests for the actor registry (sitrep.analyse.actors)."""

import time

import pytest

from sitrep.analyse.actors import (
    INTER_LABELS,
    Actor,
    ActorMention,
    ActorRegistry,
    expand_alias,
    get_registry,
)


@pytest.fixture(scope="module")
def reg() -> ActorRegistry:
    return get_registry()


def ids(reg, text, country=None):
    return [m.actor.id for m in reg.find(text, country=country)]


def texts(reg, text, country=None):
    return [m.text for m in reg.find(text, country=country)]


def test_registry_is_cached_singleton():
    assert get_registry() is get_registry()


def test_registry_size_and_records(reg):
    assert len(reg) >= 50
    assert reg.alias_count >= 500
    for actor in reg:
        assert isinstance(actor, Actor)
        assert actor.inter in INTER_LABELS
        assert actor.inter_label == INTER_LABELS[actor.inter]
        assert actor.name and actor.id
        assert "(20" not in actor.name  # no ACLED year suffix


@pytest.mark.parametrize(
    "actor_id,name,inter",
    [
        ("IS", "Islamic State", 2),
        ("SYR-GOV", "Military Forces of Syria", 1),
        ("YPG", "People's Protection Units", 2),
        ("NDF", "National Defence Forces", 3),
        ("COALITION", "US-led coalition", 8),
        ("IRQ-GOV", "Military Forces of Iraq", 1),
        ("NUSRA", "Al-Nusra Front", 2),
        ("REBELS", "Syrian rebels", 2),
        ("CIVILIANS", "Civilians", 7),
        ("UNKNOWN", "Unidentified Armed Group", 3),
        ("BOKO", "Boko Haram", 2),
        ("ISWAP", "Islamic State West Africa Province", 2),
        ("JNIM", "JNIM", 2),
        ("NGA-GOV", "Military Forces of Nigeria", 1),
        ("HOUTHI", "Houthis", 2),
        ("YEM-GOV", "Military Forces of Yemen", 1),
        ("SAUDI-COAL", "Saudi-led coalition", 8),
        ("AQAP", "AQAP", 2),
        ("RUS-GOV", "Military Forces of Russia", 8),
        ("UKR-GOV", "Military Forces of Ukraine", 1),
        ("RSF", "Rapid Support Forces", 2),
        ("SAF", "Sudanese Armed Forces", 1),
        ("WAGNER", "Wagner Group", 8),
        ("HEZBOLLAH", "Hezbollah", 2),
        ("PESHMERGA", "Kurdish Peshmerga", 1),
        ("PMF", "Popular Mobilization Forces", 3),
        ("IRN-GOV", "Iranian forces", 8),
        ("TUR-GOV", "Turkish military", 8),
    ],
)
def test_core_actors(reg, actor_id, name, inter):
    actor = reg.get(actor_id)
    assert actor is not None
    assert actor.name == name
    assert actor.inter == inter


def test_get_and_by_name(reg):
    assert reg.get("NOPE") is None
    assert reg.by_name("Islamic State").id == "IS"
    assert reg.by_name("islamic state").id == "IS"
    assert reg.by_name("Daesh").id == "IS"  # an unambiguous alias works too
    assert reg.by_name("Military Forces of Syria").id == "SYR-GOV"
    assert reg.by_name("no such group") is None
    assert reg.by_name("") is None


@pytest.mark.parametrize(
    "phrase",
    ["IS", "ISIS", "ISIL", "Isis", "Daesh", "Islamic State group", "IS militants",
     "jihadists", "Islamic State", "ISIS fighters", "Islamic State of Iraq and the Levant"],
)
def test_islamic_state_aliases(reg, phrase):
    found = reg.find(f"Yesterday {phrase} attacked the town.")
    assert [m.actor.id for m in found] == ["IS"]
    assert found[0].text == phrase


def test_case_rules_for_is_and_us(reg):
    assert ids(reg, "This is what it is.") == []
    assert ids(reg, "He told us the news.") == []
    assert ids(reg, "Is this IS?") == ["IS"]
    assert ids(reg, "isis and ISIS and Isis") == ["IS", "IS", "IS"]
    # possessive keeps the mention
    m = reg.find("IS's largest car bomb factory was hit.")
    assert m[0].actor.id == "IS" and m[0].text == "IS"
    # "US" alone is the United States; in a Syria story it is the coalition
    assert ids(reg, "The US said nothing.") == ["USA"]
    assert ids(reg, "The US said nothing.", country="Syria") == ["COALITION"]


def test_longest_match_wins(reg):
    assert texts(reg, "The US-led coalition struck.") == ["US-led coalition"]
    assert ids(reg, "The US-led coalition struck.") == ["COALITION"]
    assert texts(reg, "Kurdish People's Protection Units advanced") == ["Kurdish People's Protection Units"]
    assert texts(reg, "the Free Syrian Army fought") == ["Free Syrian Army"]
    assert ids(reg, "Al-Qaeda affiliate Al-Nusra Front", country="Syria") == ["NUSRA", "NUSRA"]


def test_offsets_match_text(reg):
    text = "Clashes between regime forces and Kurdish fighters near IS-held villages."
    found = reg.find(text)
    assert [m.actor.id for m in found] == ["SYR-GOV", "YPG", "IS"]
    for m in found:
        assert isinstance(m, ActorMention)
        assert text[m.start:m.end] == m.text


@pytest.mark.parametrize(
    "phrase,actor_id",
    [
        ("YPG", "YPG"),
        ("People's Protection Units", "YPG"),
        ("People\u2019s Protection Units", "YPG"),
        ("Kurdish militia", "YPG"),
        ("Kurdish fighters", "YPG"),
        ("Kurdish forces", "YPG"),
        ("Kurdish militia fighters", "YPG"),
        ("regime troops", "SYR-GOV"),
        ("regime forces", "SYR-GOV"),
        ("Syrian army", "SYR-GOV"),
        ("Assad forces", "SYR-GOV"),
        ("Syrian air force", "SYR-GOV"),
        ("regime helicopters", "SYR-GOV"),
        ("regime warplanes", "SYR-GOV"),
        ("Troops loyal to Syrian dictator Bashar al-Assad", "SYR-GOV"),
        ("pro-regime paramilitaries", "NDF"),
        ("National Defense forces", "NDF"),
        ("Iraqi troops", "IRQ-GOV"),
        ("Iraqi forces", "IRQ-GOV"),
        ("international coalition", "COALITION"),
        ("Combined Joint Task Force", "COALITION"),
        ("U.S.-led coalition", "COALITION"),
        ("Al-Nusra Front", "NUSRA"),
        ("Jabhat al-Nusra", "NUSRA"),
        ("Syrian rebels", "REBELS"),
        ("Hashd al-Shaabi", "PMF"),
        ("Peshmerga", "PESHMERGA"),
        ("Hezbollah", "HEZBOLLAH"),
        ("Turkish troops", "TUR-GOV"),
        ("Revolutionary Guards", "IRN-GOV"),
        ("Boko Haram insurgents", "BOKO"),
        ("ISWAP", "ISWAP"),
        ("Nigerian troops", "NGA-GOV"),
        ("JNIM", "JNIM"),
        ("Malian soldiers", "MLI-GOV"),
        ("Wagner mercenaries", "WAGNER"),
        ("Houthi rebels", "HOUTHI"),
        ("Ansar Allah", "HOUTHI"),
        ("Saudi-led coalition", "SAUDI-COAL"),
        ("Al-Qaeda in the Arabian Peninsula", "AQAP"),
        ("Russian forces", "RUS-GOV"),
        ("Russian troops", "RUS-GOV"),
        ("Ukrainian forces", "UKR-GOV"),
        ("Rapid Support Forces", "RSF"),
        ("RSF", "RSF"),
        ("Sudanese army", "SAF"),
        ("gunmen", "UNKNOWN"),
        ("unidentified gunmen", "UNKNOWN"),
        ("suspected militants", "UNKNOWN"),
        ("unidentified assailants", "UNKNOWN"),
        ("civilians", "CIVILIANS"),
        ("villagers", "CIVILIANS"),
        ("children", "CIVILIANS"),
    ],
)
def test_aliases(reg, phrase, actor_id):
    found = reg.find(f"On Monday {phrase} were seen near the town.")
    assert [m.actor.id for m in found] == [actor_id], found
    assert found[0].text == phrase


def test_country_context_for_government_forces(reg):
    assert ids(reg, "government forces shelled the town") == []
    assert ids(reg, "government forces shelled the town", country="Syria") == ["SYR-GOV"]
    assert ids(reg, "government forces shelled the town", country="Iraq") == ["IRQ-GOV"]
    assert ids(reg, "government forces shelled the town", country="NG") == ["NGA-GOV"]
    assert ids(reg, "the army shelled the town", country="Sudan") == ["SAF"]
    # a country outside the table gets a built "Military Forces of X"
    found = reg.find("security forces fired on the crowd", country="Myanmar")
    assert found[0].actor.name == "Military Forces of Myanmar"
    assert found[0].actor.inter == 1


def test_regime_defaults_to_syria(reg):
    assert ids(reg, "the regime dropped barrel bombs") == ["SYR-GOV"]
    assert ids(reg, "regime warplanes struck", country="Iraq") == ["IRQ-GOV"]


def test_coalition_depends_on_country(reg):
    assert ids(reg, "coalition warplanes struck", country="Yemen") == ["SAUDI-COAL"]
    assert ids(reg, "coalition warplanes struck", country="Syria") == ["COALITION"]
    assert ids(reg, "Rebels shelled the city", country="Yemen") == ["HOUTHI"]
    assert ids(reg, "Rebels shelled the city", country="Syria") == ["REBELS"]


def test_protesters_rioters_police(reg):
    found = reg.find("Protesters clashed with police as rioters burned cars", country="Iraq")
    names = [m.actor.name for m in found]
    assert names == ["Protesters (Iraq)", "Police Forces of Iraq", "Rioters (Iraq)"]
    assert [m.actor.inter for m in found] == [6, 1, 5]
    plain = reg.find("demonstrators gathered")
    assert plain[0].actor.name == "Protesters" and plain[0].actor.inter == 6
    # built actors can be fetched again by id and name
    assert reg.get(found[0].actor.id) is found[0].actor
    assert reg.by_name("Protesters (Iraq)") is found[0].actor


def test_anti_regime_is_not_the_regime(reg):
    assert ids(reg, "an anti-regime monitoring group") == []


def test_expand_alias_syntax():
    assert sorted(expand_alias("[a|b] c(s)")) == ["a c", "a cs", "b c", "b cs"]
    assert expand_alias("plain  words") == ["plain words"]


def test_registry_from_custom_file(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text(
        "countries: {Atlantis: {codes: [AT], gov: ATL}}\n"
        "actors:\n"
        "  - {id: ATL, name: Military Forces of Atlantis, inter: 1, country: Atlantis,"
        " aliases: [Atlantean army]}\n"
        "contextual:\n"
        "  - {table: gov, default: null, aliases: [the army]}\n"
    )
    reg = ActorRegistry.load(path)
    assert len(reg) == 1
    assert ids(reg, "the Atlantean army and the army", country="AT") == ["ATL", "ATL"]


def test_bad_data_is_rejected(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text(
        "actors: []\ncontextual:\n  - {by_country: {X: NOPE}, default: null, aliases: [foo]}\n"
    )
    with pytest.raises(ValueError):
        ActorRegistry.load(path)


def test_speed(reg):
    sentence = ("Fighting on Wednesday around Hasakeh left 27 regime fighters and 26 jihadists dead, "
                "while Kurdish fighters and the US-led coalition pounded IS positions. ")
    start = time.perf_counter()
    for _ in range(500):
        reg.find(sentence, country="Syria")
    per_sentence = (time.perf_counter() - start) / 500
    assert per_sentence < 0.002  # well under 2 ms a sentence


def test_kurdish_and_jihadist_phrases_depend_on_country(reg):
    assert ids(reg, "Kurdish forces retook the town") == ["YPG"]
    assert ids(reg, "Kurdish forces retook the town", country="Syria") == ["YPG"]
    assert ids(reg, "Kurdish forces retook the town", country="Iraq") == ["PESHMERGA"]
    assert ids(reg, "jihadists attacked the convoy") == ["IS"]
    assert ids(reg, "jihadists attacked the convoy", country="Mali") == ["UNKNOWN"]
    assert ids(reg, "jihadists attacked the convoy", country="Somalia") == ["SHABAAB"]


def test_descriptive_rebel_phrases(reg):
    assert ids(reg, "Islamist rebels and opposition fighters advanced") == ["REBELS", "REBELS"]
    found = reg.find("Islamist rebels advanced", country="Mali")
    assert found[0].actor.name == "Rebels (Mali)" and found[0].actor.inter == 2
    assert ids(reg, "rebel fighters advanced", country="Yemen") == ["HOUTHI"]
