"""Mention extraction: the discourse rules of sitrep.analyse.mentions on articles written
for the tests (the components themselves have their own tests)."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.analyse.mentions import extract_mentions, is_background

DCT = dt.date(2015, 7, 29)  # a Wednesday


def mentions_of(text, dct=DCT):
    ms, loose = extract_mentions("art", text, dct)
    return ms, loose


def only(ms, **kw):
    out = [m for m in ms if all(getattr(m, k) == v for k, v in kw.items())]
    assert out, f"no mention with {kw} in {[(m.sub_event_type, m.location, m.event_date) for m in ms]}"
    return out[0]


def test_is_background_rule():
    d = dt.date
    assert is_background((d(2015, 6, 1), d(2015, 6, 30), 3, "in June"), DCT)
    assert is_background((d(2015, 7, 11), d(2015, 7, 20), 2, "mid-July"), DCT)
    assert not is_background((d(2015, 6, 25), d(2015, 6, 25), 1, "June 25"), DCT)
    assert is_background((d(2015, 3, 2), d(2015, 3, 2), 1, "March 2"), DCT)
    assert not is_background((d(2015, 7, 28), d(2015, 7, 28), 1, "Tuesday"), DCT)
    assert not is_background((d(2015, 6, 1), d(2015, 6, 30), 3, "in June"), None)


def test_month_dated_capture_is_background_with_its_own_date():
    ms, _ = mentions_of("Syrian troops ousted Islamic State fighters from the city of Hasakeh on Tuesday, "
                        "a monitoring group said.\n\n"
                        "In June, Kurdish militia fighters seized the border town of Tal Abyad from the jihadists.")
    lead = only(ms, sub_event_type="Government regains territory")
    assert lead.event_date == dt.date(2015, 7, 28) and not lead.background
    old = [m for m in ms if m.background]
    assert old and old[0].event_date == dt.date(2015, 6, 1) and old[0].time_precision == 3


def test_exact_day_a_month_back_is_news():
    ms, _ = mentions_of("The Islamic State assault on Hasakeh city, which began on June 25, has ended in defeat, "
                        "the Syrian Observatory for Human Rights said.")
    m = only(ms, event_type="Battles")
    assert m.event_date == dt.date(2015, 6, 25) and not m.background


def test_cumulative_toll_is_a_claim_not_an_event():
    ms, loose = mentions_of("More than 220,000 people have been killed in Syria since anti-government "
                            "protests broke out in March 2011.")
    assert all(m.fatalities != 220000 for m in ms)
    assert any(c.value == 220000 and c.cumulative for _i, c in loose)


def test_date_of_saying_is_not_the_event_date():
    ms, _ = mentions_of("Rebels shelled army positions in the city of Idlib on Monday, officials said on Tuesday.")
    assert only(ms, event_type="Explosions/Remote violence").event_date == dt.date(2015, 7, 27)


def test_dateline_and_organisation_places_are_not_event_places():
    ms, _ = mentions_of("Beirut: Regime warplanes struck the town of Douma on Tuesday, the Britain-based "
                        "Syrian Observatory for Human Rights said.")
    m = only(ms, sub_event_type="Air/drone strike")
    assert m.location not in ("Beirut", "United Kingdom") and m.country == "Syria"
    assert abs(m.latitude - 33.57) < 0.2


def test_undated_article_keeps_dates_unresolved():
    ms, _ = mentions_of("Rebels shelled army positions in the city of Idlib on Monday, officials said.", dct=None)
    assert ms and all(m.event_date is None for m in ms)


def test_breakdown_is_not_added_to_the_toll():
    ms, _ = mentions_of("Six civilians, among them four children, were killed by a regime air strike on the "
                        "town of Douma on Tuesday, the Observatory said.")
    m = only(ms, sub_event_type="Air/drone strike")
    assert m.fatalities == 6
    assert m.attributed_to == "Syrian Observatory for Human Rights"
    assert "Civilians" in (m.actor1, m.actor2) and m.actor1 != "Civilians"


def test_one_sentence_two_events():
    ms, _ = mentions_of("Islamic State fighters seized army posts south of Hasakeh on Wednesday, after at least "
                        "six suicide bombers struck, the Observatory said.", dct=dt.date(2015, 6, 4))
    types = {m.event_type for m in ms}
    assert types == {"Battles", "Explosions/Remote violence"}
    assert all(m.event_date == dt.date(2015, 6, 3) for m in ms)


def test_unclaimed_shelling_is_an_unidentified_armed_group():
    ms, _ = mentions_of("A mortar bomb struck a neighbourhood of Damascus on Tuesday, residents said.")
    assert only(ms, sub_event_type="Shelling/artillery/missile attack").actor1 == "Unidentified Armed Group"


def test_sentence_without_place_continues_the_previous_place():
    ms, _ = mentions_of("Islamic State fighters attacked army positions near Deir ez-Zor airport on Tuesday, "
                        "the Observatory said. Regime warplanes carried out ten air strikes against them.")
    strike = only(ms, sub_event_type="Air/drone strike")
    assert strike.date_source == "context" and strike.event_date == dt.date(2015, 7, 28)
    assert strike.location and "Deir" in strike.location


@pytest.mark.parametrize("quote", ['"IS is depending more on children for suicide operations," he said.'])
def test_quoted_comment_without_date_is_no_event(quote):
    ms, _ = mentions_of(quote)
    assert ms == []


def test_roles_from_the_parse_skip_participial_modifiers():
    ms, _ = mentions_of("The US-led coalition fighting Islamic State in Syria launched ten more air strikes "
                        "against the militants near Raqqa on Tuesday, the American military said.")
    m = only(ms, sub_event_type="Air/drone strike")
    assert m.actor1 == "US-led coalition" and m.actor2 in (None, "Islamic State")


def test_passive_agent_is_the_initiator():
    ms, _ = mentions_of("The town of Douma was hit by regime warplanes on Tuesday, killing five civilians, "
                        "activists said.")
    m = only(ms, sub_event_type="Air/drone strike")
    assert m.actor1 == "Military Forces of Syria"


def test_both_sides_named_among_the_dead():
    ms, _ = mentions_of("Fighting on Wednesday around Hasakeh left 27 regime fighters and 26 jihadists dead, "
                        "according to the Syrian Observatory for Human Rights.", dct=dt.date(2015, 6, 4))
    m = only(ms, sub_event_type="Armed clash")
    assert {m.actor1, m.actor2} == {"Islamic State", "Military Forces of Syria"}
    assert m.fatalities == 53 and m.event_date == dt.date(2015, 6, 3)


def test_place_names_are_written_without_transliteration_marks():
    from sitrep.analyse.mentions import display_name

    assert display_name("Al Ḩasakah") == "Al Hasakah"
    assert display_name("‘Ayn al ‘Arab") == "Ayn al Arab"
    assert display_name(None) is None
    ms, _ = mentions_of("Regime warplanes struck the town of Douma on Tuesday, activists said.")
    assert all(m.location is None or m.location.isascii() for m in ms)
