"""Who did it to whom: actor1 (initiator), actor2 (target) and associated actors.

First the dependency parse (spaCy en_core_web_sm, run only on sentences that report an
event): the subject (or passive agent) of the verb that governs the trigger is the
initiator, its object / passive subject / "against X" the target, conjoined subjects
the associates. Where the parse yields nothing usable, our own heuristics over the order
of actor mentions around the trigger, in order:

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


_SUBJ = {"nsubj", "nsubjpass", "csubj"}
_OBJ_PREPS = {"against", "on", "at", "from", "with", "upon", "targeting"}
_NOT_CORE = {"acl", "relcl", "appos", "advcl", "punct", "cc"}


def _core_tokens(tok):
    """A noun phrase without its clausal modifiers ("the coalition [fighting ISIS]")."""
    out = [tok]
    for child in tok.children:
        if child.dep_ not in _NOT_CORE and child.dep_ != "conj":
            out.extend(_core_tokens(child))
    return out


def _actor_at(tokens, mentions):
    """The first actor mention overlapping any of these tokens."""
    spans = [(t.idx, t.idx + len(t)) for t in tokens]
    hits = [m for m in mentions if any(a < m.end and m.start < b for a, b in spans)]
    return min(hits, key=lambda m: m.start) if hits else None


def _governing_verb(doc, t_start: int, t_end: int):
    toks = [t for t in doc if t.idx < t_end and t.idx + len(t) > t_start]
    if not toks:
        return None
    head = next((t for t in toks if not (t_start <= t.head.idx < t_end) or t.head.i == t.i), toks[0])
    for _ in range(5):
        if head.pos_ in ("VERB", "AUX") or head.dep_ == "ROOT":
            return head
        head = head.head
    return head if head.pos_ in ("VERB", "AUX") else None


def parsed_roles(doc, mentions, trigger):
    """(actor1, actor2, assoc1, assoc2) as ActorMentions from the parse, or None."""
    if doc is None or trigger is None:
        return None
    verb = _governing_verb(doc, trigger.start, trigger.end)
    if verb is None:
        return None
    subj = [c for c in verb.children if c.dep_ in _SUBJ]
    if not subj and verb.dep_ in ("conj", "xcomp") and verb.head.i != verb.i:
        subj = [c for c in verb.head.children if c.dep_ in _SUBJ and c.dep_ != "nsubjpass"]
    agent = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    passive = [c for c in subj if c.dep_ == "nsubjpass"]
    a1 = a2 = None
    assoc1: list = []
    if agent:
        a1 = _actor_at(_core_tokens(agent[0]), mentions)
        if passive:
            a2 = _actor_at(_core_tokens(passive[0]), mentions)
    elif subj and not passive:
        a1 = _actor_at(_core_tokens(subj[0]), mentions)
        assoc1 = [m for c in subj[0].conjuncts if (m := _actor_at(_core_tokens(c), mentions))]
    elif passive:
        a2 = _actor_at(_core_tokens(passive[0]), mentions)
    if a2 is None:
        objects = [c for c in verb.children if c.dep_ in ("dobj", "obj", "attr")]
        for holder in [verb, *objects, *[t for t in doc if trigger.start <= t.idx < trigger.end]]:
            for c in holder.children:
                if c.dep_ == "prep" and c.lower_ in _OBJ_PREPS:
                    objects.extend(g for g in c.children if g.dep_ == "pobj")
        for o in objects:
            if (m := _actor_at(_core_tokens(o), mentions)) is not None and m is not a1:
                a2 = m
                break
    if a1 is None and a2 is None:
        return None
    assoc1 = [m for m in assoc1 if m is not a1 and m is not a2]
    return a1, a2, assoc1, []


def assign(sentence: str, actor_mentions, trigger, sub_type: str, claims, context_actors, doc=None):
    """(actor1, actor2, assoc_actor_1, assoc_actor_2) as canonical names."""
    mentions = sorted(actor_mentions, key=lambda m: m.start)
    h1, h2, hassoc1, hassoc2 = _heuristic_roles(sentence, mentions, trigger)
    parsed = parsed_roles(doc, mentions, trigger) if mentions else None
    if parsed is None or (h1 is not None and _between(sentence, h1)):
        return _finish(h1, h2, hassoc1, hassoc2, sub_type, claims, context_actors)
    # the parse decides each slot it fills; the order heuristics fill the rest (the
    # small model misparses some sentences, e.g. "IS began ..." with "IS" as the verb "is")
    p1, p2, passoc1, passoc2 = parsed
    a1 = p1 if p1 is not None else (h1 if h1 is not p2 else None)
    a2 = p2 if p2 is not None else (h2 if h2 is not a1 else None)
    if a1 is None and a2 is not None:
        # "Fighting ... left 27 regime fighters and 26 jihadists dead": the sentence names
        # both sides as the dead; the other side is the other party
        other = [m for m in mentions if m.actor.name != a2.actor.name]
        a1 = other[0] if other else None
    return _finish(a1, a2, passoc1 or hassoc1, passoc2 or hassoc2, sub_type, claims, context_actors)


def _between(sentence: str, m) -> bool:
    return bool(_BETWEEN.search(sentence[max(0, m.start - 12):m.start]))


def _heuristic_roles(sentence: str, mentions, trigger):
    """Rules 1-4 of the module docstring over the order of mentions (ActorMentions)."""
    if not mentions:
        return None, None, [], []
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
        if _between(sentence, m) and i + 1 < len(mentions):
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
    return actor1, actor2, assoc1, assoc2


def _finish(actor1, actor2, assoc1, assoc2, sub_type, claims, context_actors):
    """Shared last rules: civilians are targets, context carry-over, unidentified
    perpetrators; ActorMentions -> canonical names."""
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
        # the initiator of the sentences before (never their victims: civilians)
        carried = [m for m in context_actors if m.actor.inter != CIVILIAN_INTER and m.actor.name != a2]
        a1 = carried[0].actor.name if carried else None
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
