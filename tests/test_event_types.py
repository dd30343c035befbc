"""Event typing on sentences written for these tests (not taken from any benchmark)."""

from __future__ import annotations

import time

import pytest

from sitrep.analyse.event_types import (
    EventCue,
    Typing,
    actor_kind,
    classify,
    find_cues,
    is_event_candidate,
    taxonomy,
)

# (sentence, expected ACLED sub-event type) - at least one per sub-type, several phrasings
SUB_TYPE_CASES = [
    # Battles
    ("Government troops and rebels clashed on Tuesday near the border town, leaving 12 dead.", "Armed clash"),
    ("Heavy fighting broke out between the army and insurgents on the outskirts of the city.", "Armed clash"),
    ("Militants attacked an army checkpoint overnight, killing three soldiers.", "Armed clash"),
    ("The army retook the town from the rebels after a week-long offensive.", "Government regains territory"),
    ("Security forces regained control of the district on Monday, officials said.", "Government regains territory"),
    ("Troops recaptured three villages from the militants in the north of the province.", "Government regains territory"),
    ("Islamic State fighters seized the town after government forces withdrew under heavy fire.",
     "Non-state actor overtakes territory"),
    ("Rebels overran the provincial capital on Sunday and raised their flag over the governor's office.",
     "Non-state actor overtakes territory"),
    ("The militants took control of two districts after fierce clashes with the army.",
     "Non-state actor overtakes territory"),
    # Explosions/Remote violence
    ("Residents reported breathing difficulties after a chlorine gas attack on the town.", "Chemical weapon"),
    ("Warplanes bombed the rebel-held neighbourhood, killing at least nine civilians.", "Air/drone strike"),
    ("A drone strike on a vehicle killed two commanders of the group.", "Air/drone strike"),
    ("Coalition air strikes hit militant positions west of the city overnight.", "Air/drone strike"),
    ("A suicide bomber blew himself up at a checkpoint, killing five policemen.", "Suicide bomb"),
    ("The attackers used a suicide car bomb to breach the gates of the base.", "Suicide bomb"),
    ("Mortar shells landed on a residential area of the capital, wounding six people.", "Shelling/artillery/missile attack"),
    ("Rebels fired rockets at the airport on Friday.", "Shelling/artillery/missile attack"),
    ("Artillery shelling of the village continued through the night.", "Shelling/artillery/missile attack"),
    ("A roadside bomb struck a police patrol, killing two officers.", "Remote explosive/landmine/IED"),
    ("Three children were killed when a landmine exploded near their school.", "Remote explosive/landmine/IED"),
    ("An IED planted under a bridge detonated as an army truck passed.", "Remote explosive/landmine/IED"),
    ("A car bomb exploded outside the ministry, killing 14 people.", "Remote explosive/landmine/IED"),
    ("Militants hurled a grenade at a police station, injuring four constables.", "Grenade"),
    # Violence against civilians
    ("Soldiers raped several women during a raid on the village, a rights group said.", "Sexual violence"),
    ("Gunmen killed 11 villagers in an overnight raid on their homes.", "Attack"),
    ("Unidentified gunmen shot dead a local journalist outside his home.", "Attack"),
    ("Armed men kidnapped 20 students from a boarding school.", "Abduction/forced disappearance"),
    ("The activist was abducted by unknown men and his whereabouts remain unknown.", "Abduction/forced disappearance"),
    # Protests
    ("Thousands of protesters marched peacefully through the capital demanding the minister's resignation.",
     "Peaceful protest"),
    ("Teachers staged a rally outside parliament to demand higher pay.", "Peaceful protest"),
    ("Police fired tear gas to disperse hundreds of demonstrators outside the election commission.",
     "Protest with intervention"),
    ("Police arrested dozens of protesters at the sit-in on Saturday.", "Protest with intervention"),
    ("Security forces fired live ammunition at peaceful protesters, killing four.", "Excessive force against protesters"),
    # Riots
    ("Rioters torched cars and threw stones at police in the port city.", "Violent demonstration"),
    ("Protesters hurled petrol bombs at the police, who responded with water cannon.", "Violent demonstration"),
    ("An angry mob lynched a man accused of theft in the market.", "Mob violence"),
    ("Villagers armed with machetes clashed over a land dispute, leaving two dead.", "Mob violence"),
    # Strategic developments
    ("The two sides signed a ceasefire agreement in the capital on Thursday.", "Agreement"),
    ("Government and rebels agreed to a truce and a prisoner exchange.", "Agreement"),
    ("Police arrested a senior commander of the armed group in a dawn raid.", "Arrest"),
    ("The opposition leader was detained at the airport on his return.", "Arrest"),
    ("About 300 fighters defected to the government side, officials said.", "Change to group/activity"),
    ("The army deployed reinforcements to the frontline ahead of an expected offensive.", "Change to group/activity"),
    ("Troops seized a large cache of weapons and ammunition in a raid on a farm.", "Disrupted weapons use"),
    ("Army engineers defused two roadside bombs found near the highway.", "Disrupted weapons use"),
    ("The rebels established a new base in the hills above the town.", "Headquarters or base established"),
    ("Shops were looted and set alight during the night, police said.", "Looting/property destruction"),
    ("Rebel fighters withdrew from the town under an evacuation deal and handed it over to the army.",
     "Non-violent transfer of territory"),
    ("The country carried out a test launch of a new ballistic missile.", "Other"),
]


@pytest.mark.parametrize("sentence,expected", SUB_TYPE_CASES)
def test_each_sub_type(sentence, expected):
    t = classify(sentence)
    assert t.sub_event_type == expected, (t.sub_event_type, [(c.trigger, c.code) for c in t.cues])
    assert t.event_type == {
        s: e for e, s in taxonomy().values()}[expected]


def test_every_sub_type_has_a_case():
    covered = {e for _, e in SUB_TYPE_CASES}
    assert covered == {s for _, s in taxonomy().values()}
    assert len(taxonomy()) == 25
    assert {e for e, _ in taxonomy().values()} == {
        "Battles", "Explosions/Remote violence", "Violence against civilians",
        "Protests", "Riots", "Strategic developments"}


# ------------------------------------------------------------------ precedence

PRECEDENCE_CASES = [
    # a suicide bombing also reports an explosion and deaths
    ("A suicide bomber detonated his explosives in a crowded market; the blast killed 30.", "Suicide bomb"),
    # an air strike in a sentence that also describes clashes
    ("Fighting raged around the airport as warplanes struck rebel positions.", "Air/drone strike"),
    # a fatality-only sentence about gunmen and civilians
    ("Gunmen killed five civilians on the road to the market.", "Attack"),
    # the means (grenade) beats the generic attack
    ("Two civilians were wounded when attackers threw a grenade into a crowded bus station.", "Grenade"),
    # chemical weapon delivered by helicopter
    ("A helicopter dropped barrel bombs filled with chlorine on the town.", "Chemical weapon"),
    # capture after clashes: the territory change is the event
    ("After two days of clashes and shelling, the army recaptured the town from the rebels.",
     "Government regains territory"),
    # found weapons: disrupted use, not an explosion
    ("Police found three improvised explosive devices hidden in a car and defused them.", "Disrupted weapons use"),
    # intervention beats peaceful; lethal force beats intervention
    ("Protesters rallied peacefully until police used tear gas and batons to break up the crowd.",
     "Protest with intervention"),
    ("Police opened fire on the demonstrators, killing three, after using tear gas.", "Excessive force against protesters"),
    # violent demonstrators beat police intervention
    ("Protesters threw rocks at the police, who fired tear gas.", "Violent demonstration"),
    # ceasefire news mentioning fighting
    ("The warring parties agreed a ceasefire after weeks of fighting in the region.", "Agreement"),
]


@pytest.mark.parametrize("sentence,expected", PRECEDENCE_CASES)
def test_precedence(sentence, expected):
    t = classify(sentence)
    assert t.sub_event_type == expected, (t.sub_event_type, [(c.trigger, c.code) for c in t.cues])


def test_actor_decides_territory():
    # same verb, different doer
    assert classify("Rebels recaptured the village on Friday.").sub_event_type == "Non-state actor overtakes territory"
    assert classify("The army recaptured the village on Friday.").sub_event_type == "Government regains territory"
    # passive agent wins over the first actor of the sentence
    t = classify("The town, which the army had held for years, was captured by militants on Monday.")
    assert t.sub_event_type == "Non-state actor overtakes territory"
    # "rebel-held" is not a doer
    t = classify("Troops captured a rebel-held town near the border.")
    assert t.sub_event_type == "Government regains territory"


def test_actor_hint_used_when_no_actor_in_text():
    s = "They took control of the town on Friday."
    assert classify(s, actor_hint="state").sub_event_type == "Government regains territory"
    assert classify(s, actor_hint="Islamic State").sub_event_type == "Non-state actor overtakes territory"
    assert actor_kind("Military Forces of Syria") == "state"
    assert actor_kind("Taliban") == "non_state"
    assert actor_kind("Someone") == "unknown"


# ------------------------------------------------------------------ not conflict events

UNSEEN_CASES = [
    ("A powerful earthquake struck the coast on Monday, killing 40 people and flattening homes.", "Natural disaster"),
    ("Floods caused by torrential rain have displaced thousands of families.", "Natural disaster"),
    ("The number of new Covid-19 cases rose for the third week in a row.", "Natural disaster"),
    ("Eight workers died when a boiler exploded at a chemical plant on Thursday.", "Man-made disaster"),
    ("A passenger train derailed near the station, injuring 30 people.", "Man-made disaster"),
    ("A fire broke out in a garment factory, killing 12 workers.", "Man-made disaster"),
    ("Police dismantled a drug trafficking ring and seized 200 kg of cocaine.", "Organised crime"),
    ("Two men were arrested after an armed robbery at a jewellery shop.", "Organised crime"),
    ("The government expelled four diplomats and closed the consulate.", "Diplomatic event"),
    ("The foreign ministers met for talks on new sanctions at the summit.", "Diplomatic event"),
    ("The group claimed responsibility for the bombing in a statement on its news agency.",
     "Attribution of responsibility"),
    ("The ministry rejected allegations that its aircraft were responsible for the attack on the convoy.",
     "Attribution of responsibility"),
]


@pytest.mark.parametrize("sentence,kind", UNSEEN_CASES)
def test_unseen_types_are_not_conflict_events(sentence, kind):
    t = classify(sentence)
    assert t.sub_event_type is None and t.event_type is None, [(c.trigger, c.code) for c in t.cues]
    assert t.non_conflict_type == kind


@pytest.mark.parametrize("sentence", [
    "The city council approved the new budget on Tuesday evening.",
    "The striker scored twice as the home side won the battle for third place.",
    "Shares rallied on Wall Street after the central bank held rates.",
    "He suffered a heart attack while jogging in the park.",
    "The company launched a new phone in March.",
    "",
])
def test_ordinary_news_is_not_a_conflict_event(sentence):
    assert classify(sentence).sub_event_type is None


def test_negation_cancels_a_cue():
    assert classify("No clashes were reported in the town on Friday.").sub_event_type is None
    assert classify("The ministry denied that any air strikes took place.").sub_event_type != "Air/drone strike"


# ------------------------------------------------------------------ API details

def test_find_cues_offsets_and_fields():
    text = "Gunmen kidnapped two engineers on Monday."
    cues = find_cues(text)
    assert cues and all(isinstance(c, EventCue) for c in cues)
    for c in cues:
        assert text[c.start:c.end] == c.trigger
        assert c.weight > 0
    kid = [c for c in cues if c.sub_event_type == "Abduction/forced disappearance"]
    assert kid and kid[0].trigger.lower() == "kidnapped" and kid[0].event_type == "Violence against civilians"


def test_typing_is_frozen_and_carries_cues():
    t = classify("A landmine exploded under a bus.")
    assert isinstance(t, Typing) and t.cues and t.score >= 2.5
    with pytest.raises(Exception):
        t.score = 0  # type: ignore[misc]


def test_is_event_candidate():
    assert is_event_candidate("Warplanes struck the town.")
    assert is_event_candidate("Police fired tear gas at protesters.")
    assert not is_event_candidate("The council approved the budget.")
    assert not is_event_candidate("")


def test_candidate_index_answers_like_the_single_regex():
    """The first-character index is only a faster route to the same answer."""
    from sitrep.analyse.event_types import candidate_index, lexicon

    lex = lexicon()
    index = candidate_index(lex)
    assert index is not None
    twins = str.maketrans({"k": "\u212a", "s": "\u017f", "i": "\u0131", "e": "\u00e9"})
    base = [s for s, _ in SUB_TYPE_CASES] + [
        "The council approved the budget.", "", "  ", "12 were arrested", "“Clashes erupted",
        "counter-attack", "anti-government rally", "(shelling) resumed", "A landmine",
    ]
    texts = []
    for s in base:
        texts += [s, s.upper(), s.lower(), s.translate(twins), s.replace(" ", "-"), "“" + s]
    for s in texts:
        assert index.search(s) == (lex.candidate.search(s) is not None), s


def test_speed():
    text = ("Militants attacked an army checkpoint overnight, killing three soldiers, "
            "before warplanes struck their positions near the town. ") * 3
    t0 = time.perf_counter()
    for _ in range(200):
        classify(text)
    assert time.perf_counter() - t0 < 4.0


def test_passive_agent_belongs_to_its_own_verb():
    # "seized by IS" names the agent of "seized", not of "retaken"
    t = classify("State media said the army had retaken territory seized by militants last year.")
    assert t.sub_event_type == "Government regains territory"


def test_intent_is_not_an_event():
    # an attempt "to capture" reports the fighting, not a change of territory
    t = classify("Troops repelled a rebel offensive to capture the city on Tuesday.")
    assert t.sub_event_type == "Armed clash"


def test_longest_match_wins_across_types():
    t = classify("A gas explosion in an apartment block killed three residents.")
    assert t.sub_event_type is None and t.non_conflict_type == "Man-made disaster"
    assert not any(c.code == "REM_EXPLOS" for c in t.cues)


def test_context_gates_keep_sport_and_politics_quiet():
    assert classify("The two teams will clash again in the second leg next week.").sub_event_type is None
    assert classify("Rebels and soldiers clashed again near the bridge.").sub_event_type == "Armed clash"
    assert classify("He was charged with kidnapping and is being held on bail.").sub_event_type is None


def test_doc_sentence_boundaries_are_used():
    class _Span:
        def __init__(self, s, e):
            self.start_char, self.end_char = s, e

    class _Doc:
        def __init__(self, spans):
            self._spans = spans

        def has_annotation(self, name):
            return name == "SENT_START"

        @property
        def sents(self):
            return [_Span(s, e) for s, e in self._spans]

    text = "Markets were calm. Warplanes struck the town."
    cues = find_cues(text, doc=_Doc([(0, 18), (19, len(text))]))
    air = [c for c in cues if c.code == "AIR_STRIKE"]
    assert air and air[0].sentence == 1


def test_more_territory_phrasing():
    assert classify("The town fell to the rebels on Sunday after a week of heavy fighting.").sub_event_type == \
        "Non-state actor overtakes territory"
    assert classify("Government-backed militias seized the village from the insurgents.").sub_event_type == \
        "Government regains territory"
    assert classify("The district is back under government control, the governor said.").sub_event_type == \
        "Government regains territory"
