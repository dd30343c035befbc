"""Who did it to whom: actor1 (initiator), actor2 (target) and associated actors.

Our own heuristics over the order of actor mentions around the event trigger, because
the statistical parser available offline (en_core_web_sm) is weakest exactly on long
news sentences with attributions and appositions. The rules, in order:

1. "between X and Y"                   -> X, Y
2. a passive agent "by X" after the trigger -> X is the initiator
3. the nearest actor before the trigger -> initiator; actors coordinated with it
   ("X and Y", "X, backed by Y") are its associates
4. the first actor after the trigger (after "against/on/from/with/at") -> target
5. no target but the dead are civilians -> target "Civilians"
6. no actor at all -> the initiator of the previous event sentence (discourse carry-over)
7. still no initiator of shelling, a bomb or an attack -> "Unidentified Armed Group" (ACLED)
"""

from __future__ import annotations

import re

CIVILIANS = "Civilians"
CIVILIAN_INTER = 7  # ACLED inter code of civilians
UNIDENTIFIED = "Unidentified Armed Group"
UNATTRIBUTED_VIOLENCE = {"Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade",
                         "Suicide bomb", "Attack", "Abduction/forced disappearance", "Sexual violence"}
_ASSOC_BEFORE = re.compile(r"\b(and|backed by|supported by|alongside|together with|with|along with)\b[\s,]*$", re.I)
_BETWEEN = re.compile(r"\bbetween\s*$", re.I)
_BY = re.compile(r"\bby\s+(the\s+)?$", re.I)


def _gap(text: str, a_end: int, b_start: int) -> str:
    return text[a_end:b_start] if b_start >= a_end else ""


def assign(sentence: str, actor_mentions, trigger, sub_type: str, claims, context_actors):
    """(actor1, actor2, assoc_actor_1, assoc_actor_2) as canonical names."""
    mentions = sorted(actor_mentions, key=lambda m: m.start)
    if not mentions:
        a1 = context_actors[0].actor.name if context_actors else None
        a2 = CIVILIANS if _civilian_victims(claims) and a1 != CIVILIANS else None
        return a1, a2, [], []
    t_start = trigger.start if trigger is not None else 0
    t_end = trigger.end if trigger is not None else 0
    # triggers inside an actor phrase ("Regime helicopters") count as the actor's own
    before = [m for m in mentions if m.end <= t_start or m.start <= t_start < m.end]
    after = [m for m in mentions if m.start >= t_end and m not in before]

    actor1 = actor2 = None
    assoc1: list = []
    assoc2: list = []
    # 1. between X and Y
    for i, m in enumerate(mentions):
        if _BETWEEN.search(sentence[max(0, m.start - 12):m.start]) and i + 1 < len(mentions):
            actor1, actor2 = m, mentions[i + 1]
            assoc2 = mentions[i + 2:]
            break
    if actor1 is None:
        # 2. passive agent
        for m in after:
            if _BY.search(sentence[max(0, m.start - 8):m.start]):
                actor1 = m
                after = [x for x in after if x is not m]
                break
    if actor1 is None and before:
        # 3. nearest actor before the trigger, with its coordinated associates
        chain = [before[-1]]
        for prev in reversed(before[:-1]):
            if _ASSOC_BEFORE.search(_gap(sentence, prev.end, chain[0].start)) or \
                    re.fullmatch(r"[\s,]*(and)?[\s,]*", _gap(sentence, prev.end, chain[0].start)):
                chain.insert(0, prev)
            else:
                break
        actor1, assoc1 = chain[0], chain[1:]
    if actor2 is None and after:
        actor2 = after[0]
        assoc2 = [m for m in after[1:] if _ASSOC_BEFORE.search(_gap(sentence, after[0].end, m.start))]
    if actor1 is None and actor2 is not None and len(after) > 1:
        actor1, actor2 = actor2, after[1]
    if actor1 is not None and actor1.actor.inter == CIVILIAN_INTER and not _civilian_initiated(sub_type):
        # "Six civilians ... were killed by a strike": civilians are the target
        actor2, actor1 = actor1, None
    names = lambda ms: _dedupe([m.actor.name for m in ms])  # noqa: E731
    a1 = actor1.actor.name if actor1 else None
    a2 = actor2.actor.name if actor2 else None
    if a1 is not None and a2 == a1:
        a2 = None
    if a2 is None and _civilian_victims(claims) and a1 != CIVILIANS:
        a2 = CIVILIANS
    if a1 is None and context_actors:
        a1 = context_actors[0].actor.name if context_actors[0].actor.name != a2 else None
    if a1 is None and sub_type in UNATTRIBUTED_VIOLENCE:
        a1 = UNIDENTIFIED  # ACLED: a perpetrator nobody names is an unidentified armed group
    assoc_1 = [n for n in names(assoc1) if n not in (a1, a2)]
    assoc_2 = [n for n in names(assoc2) if n not in (a1, a2) and n not in assoc_1]
    return a1, a2, assoc_1, assoc_2


def _civilian_initiated(sub_type: str) -> bool:
    """Sub-types whose initiators can be civilians (protests, riots, agreements)."""
    return sub_type in {"Peaceful protest", "Protest with intervention", "Excessive force against protesters",
                        "Violent demonstration", "Mob violence", "Agreement", "Other"}


def _civilian_victims(claims) -> bool:
    return any(c.kind in ("killed", "wounded") and c.party and
               re.search(r"civilian|child|women|people|resident|villager", c.party, re.I)
               for c in claims)


def _dedupe(items: list[str]) -> list[str]:
    seen, out = set(), []
    for x in items:
        if x not in seen:
            seen.add(x)
            out.append(x)
    return out
