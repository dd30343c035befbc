"""Event typing: which ACLED sub-event type (if any) a sentence or snippet reports.

The method is a weighted cue lexicon (``data/event_cues.yaml``, format documented in its
header and in ``docs/data/event_cues.md``) matched with compiled regular expressions, plus
a few rules that need structure the regexes cannot see:

* **actors** -- territory verbs ("recaptured", "took control of") become *Government
  regains territory* or *Non-state actor overtakes territory* depending on who did it.
  The doer is the agent of a passive ("captured by rebels"), else the first actor
  mention earlier in the same sentence, else the caller's ``actor_hint``;
* **contexts** -- a cue may require (``if``) or forbid (``unless``) a named context
  somewhere in the text, e.g. "tear gas" only means *Protest with intervention* when
  the text is about a protest;
* **negation** -- a cue right after "no", "denied", "did not" ... does not count;
* **longest match** -- a cue inside a longer cue of another type is a word of that
  phrase ("gas explosion" is an accident, not a bomb);
* **precedence** -- when two types are both cued, documented pairs decide, the winner
  absorbing the loser's score (a suicide bombing also mentions an explosion, so
  *Suicide bomb* beats *Remote explosive*; a recapture beats the shelling before it).

Scores are summed per type, with cues in the first sentence (the lead) counting more.
Cues for five non-conflict classes (organised crime, natural and man-made disasters,
diplomacy, attribution of responsibility) compete with the conflict cues: if one of
them wins, or nothing scores ``min_score``, :func:`classify` answers "not a conflict
event" (``sub_event_type=None``).

Why not spaCy: the full pipeline runs at ~6 articles/s on this machine, and the typing
decision only needs words and their order. Regexes type the 510 CASE-2021 snippets in
about a second; :func:`is_event_candidate` is a single combined search for pipelines that want
to parse only the sentences that could report an event.
"""

from __future__ import annotations

import re
import re._constants as _sre_constants
import re._parser as _sre_parser
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable

import yaml

#: Event-type label used on cues that point to a non-conflict class.
NON_CONFLICT = "Non-conflict"

STATE = "state"
NON_STATE = "non_state"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class EventCue:
    """One matched cue: the text span that triggered it and the type it votes for."""

    trigger: str
    start: int
    end: int
    event_type: str
    sub_event_type: str
    weight: float
    code: str = ""  # CASE-2021 style code, e.g. "AIR_STRIKE" or "NATURAL_DISASTER"
    sentence: int = 0  # index of the sentence (in the text given) holding the trigger
    entry: int = -1  # index of the lexicon entry that produced it


@dataclass(frozen=True)
class Typing:
    """The typing decision for a text. ``sub_event_type=None`` = not a conflict event."""

    sub_event_type: str | None
    event_type: str | None
    score: float
    cues: tuple[EventCue, ...]
    code: str | None = None  # CASE code of the winner (may be a non-conflict code)
    non_conflict_type: str | None = None  # e.g. "Natural disaster" when that won


# --------------------------------------------------------------------------- lexicon

@dataclass(frozen=True)
class _Cue:
    code: str | None  # fixed type, or None when by_actor decides
    by_actor: tuple[tuple[str, str], ...]
    weight: float
    regex: re.Pattern
    if_ctx: tuple[str, ...]
    unless_ctx: tuple[str, ...]
    actor: str | None
    negatable: bool


@dataclass(frozen=True)
class _Lexicon:
    types: dict[str, tuple[str, str]]  # code -> (event_type, sub_event_type)
    unseen: dict[str, str]  # code -> readable name
    cues: tuple[_Cue, ...]
    contexts: dict[str, re.Pattern]
    actors: tuple[tuple[str, re.Pattern], ...]  # (STATE|NON_STATE, regex)
    actor_block: re.Pattern  # what may not follow an actor word ("rebel-held")
    negation: re.Pattern
    negation_window: int
    precedence: tuple[tuple[str, tuple[str, ...], float], ...]
    min_score: float
    position_weights: tuple[float, ...]
    repeat_decay: float
    candidate: re.Pattern
    #: the alternatives of `candidate` (indexed by first character on first use)
    candidate_alternatives: tuple[str, ...] = ()


_GAP_WORD = r"[\w'’]+"
# A cue starts at a word start that is not inside a hyphenated word ("counter-attack"
# is not "attack"); actor words may follow a hyphen ("SANA-Army") unless the prefix
# reverses them ("anti-government").
_LEFT_EDGE = r"(?<![\w-])"
_ACTOR_LEFT_EDGE = r"(?<!\w)(?<!anti-)(?<!non-)(?<!counter-)(?<!ex-)"
_GAP_SEP = r"[^\w.!?;]+"


def _pattern_to_regex(pattern: str, gap: int, left: str = _LEFT_EDGE) -> str:
    """Turn the lexicon's pattern shorthand into a regex (see the YAML header).

    ``' ... '`` = up to ``gap`` words in between (not across . ! ? ;); ``(\\w+ )`` = one
    word and whatever separates it from the next;
    a space = one or more spaces/hyphens; ``_`` = an optional space or hyphen;
    a ``*`` right after a letter, ``)`` or ``]`` = any word ending. Everything else is
    regex syntax.
    """
    marker, word = "\x00", "\x01"
    p = re.sub(r" {2,}", " ", pattern.strip()).replace(" ... ", marker).replace(r"(\w+ )", word)
    p = re.sub(r"(?<=[A-Za-z)\]])\*", r"\\w*", p)
    p = p.replace(" ", r"[\s\-]+").replace("_", r"[\s\-]?")
    p = p.replace(marker, f"(?:{_GAP_SEP}{_GAP_WORD}){{0,{gap}}}?{_GAP_SEP}")
    p = p.replace(word, f"(?:{_GAP_WORD}{_GAP_SEP})")
    return rf"{left}(?:{p})(?![\w])" if left else p


def _union(patterns: Iterable[str], gap: int, left: str = _LEFT_EDGE) -> str:
    # the word-edge checks are factored out of the alternation: the engine then rejects
    # most positions (inside words) before trying the alternatives
    inner = "|".join(f"(?:{_pattern_to_regex(p, gap, left='')})" for p in patterns)
    return rf"{left}(?:{inner})(?![\w])"


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _compile(raw: dict) -> _Lexicon:
    flags = re.IGNORECASE
    default_gap = int(raw.get("gap", 5))
    types = {code: (v["event_type"], v["sub_event_type"]) for code, v in raw["taxonomy"].items()}
    unseen = dict(raw.get("unseen", {}))
    known = set(types) | set(unseen)

    contexts = {
        name: re.compile(_union(pats, default_gap), flags)
        for name, pats in raw.get("contexts", {}).items()
    }
    cues: list[_Cue] = []
    positive: list[str] = []
    for i, entry in enumerate(raw["cues"]):
        code = entry.get("type")
        by_actor = tuple((k, v) for k, v in (entry.get("by_actor") or {}).items())
        for c in [code] + [v for _, v in by_actor]:
            if c is not None and c not in known:
                raise ValueError(f"cue #{i}: unknown type {c!r}")
        if code is None and not by_actor:
            raise ValueError(f"cue #{i}: needs 'type' or 'by_actor'")
        for ctx in _as_tuple(entry.get("if")) + _as_tuple(entry.get("unless")):
            if ctx not in contexts:
                raise ValueError(f"cue #{i}: unknown context {ctx!r}")
        gap = int(entry.get("gap", default_gap))
        pats = _as_tuple(entry["patterns"])
        rx = _union(pats, gap)
        try:
            compiled = re.compile(rx, flags)
        except re.error as exc:
            raise ValueError(f"cue #{i} ({code or 'by_actor'}): bad pattern: {exc}") from exc
        cues.append(_Cue(
            code=code,
            by_actor=by_actor,
            weight=float(entry.get("weight", 1.0)),
            regex=compiled,
            if_ctx=_as_tuple(entry.get("if")),
            unless_ctx=_as_tuple(entry.get("unless")),
            actor=entry.get("actor"),
            negatable=bool(entry.get("negatable", True)),
        ))
        targets = [code] if code else [v for _, v in by_actor]
        if any(t in types for t in targets):
            positive.extend(f"(?:{_pattern_to_regex(p, gap, left='')})" for p in pats)

    actors = []
    for kind in (STATE, NON_STATE):
        for p in raw["actors"][kind]:
            rx = _pattern_to_regex(p, default_gap).replace(_LEFT_EDGE, _ACTOR_LEFT_EDGE, 1)
            actors.append((kind, re.compile(rx, flags)))
    precedence = []
    for rule in raw.get("precedence", []):
        winner, losers = rule[0], _as_tuple(rule[1])
        ratio = float(rule[2]) if len(rule) > 2 else 0.0
        for c in (winner, *losers):
            if c not in known:
                raise ValueError(f"precedence: unknown type {c!r}")
        precedence.append((winner, losers, ratio))
    return _Lexicon(
        types=types,
        unseen=unseen,
        cues=tuple(cues),
        contexts=contexts,
        actors=tuple(actors),
        actor_block=re.compile(
            "(?:" + "|".join(raw["actors"].get("not_followed_by", [])) + r")(?!\w)"
            if raw["actors"].get("not_followed_by") else r"(?!)", flags),
        negation=re.compile(_union(raw["negation"]["words"], 0), flags),
        negation_window=int(raw["negation"].get("window", 4)),
        precedence=tuple(precedence),
        min_score=float(raw.get("min_score", 2.5)),
        position_weights=tuple(float(x) for x in raw.get("position_weights", [1.0])),
        repeat_decay=float(raw.get("repeat_decay", 0.5)),
        # one alternation behind one word-edge check: the cheapest "any cue?" test
        candidate=re.compile(rf"{_LEFT_EDGE}(?:{'|'.join(positive)})(?![\w])", flags),
        candidate_alternatives=tuple(positive),
    )


# --------------------------------------------------------------------------- first-character index

_WILD = None  # in a first-character set: "may start with anything" (or with no character)

_CATEGORY_RX = {getattr(_sre_constants, name): rx for name, rx in (
    ("CATEGORY_DIGIT", r"\d"), ("CATEGORY_NOT_DIGIT", r"\D"), ("CATEGORY_SPACE", r"\s"),
    ("CATEGORY_NOT_SPACE", r"\S"), ("CATEGORY_WORD", r"\w"), ("CATEGORY_NOT_WORD", r"\W"))}


def _first_chars(items) -> tuple[set, bool]:
    """(lower-cased ASCII characters a match of this parsed sequence may start with, whether
    it may match the empty string). A superset: `_WILD` in the set stands for anything
    (a non-ASCII literal, a negated class, a construct not analysed here)."""
    out: set = set()
    for op, av in items:
        chars, nullable = _first_chars_item(op, av)
        out |= chars
        if not nullable:
            return out, False
    return out, True


def _first_chars_item(op, av) -> tuple[set, bool]:
    c = _sre_constants
    if op is c.LITERAL:
        ch = chr(av)
        return ({ch.lower()} if ch.isascii() else {_WILD}), False
    if op is c.IN:
        chars: set = set()
        for iop, iav in av:
            if iop is c.LITERAL and iav < 128:
                chars.add(chr(iav).lower())
            elif iop is c.RANGE and iav[1] < 128:
                chars.update(chr(k).lower() for k in range(iav[0], iav[1] + 1))
            elif iop is c.CATEGORY and iav in _CATEGORY_RX:
                chars |= _category_chars(iav)
            else:  # a negated class or anything else: no restriction
                return {_WILD}, False
        return chars, False
    if op is c.CATEGORY and av in _CATEGORY_RX:
        return _category_chars(av), False
    if op is c.SUBPATTERN:
        return _first_chars(av[3])
    if op is c.ATOMIC_GROUP:
        return _first_chars(av)
    if op is c.BRANCH:
        out: set = set()
        nullable = False
        for branch in av[1]:
            chars, n = _first_chars(branch)
            out |= chars
            nullable = nullable or n
        return out, nullable
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        chars, nullable = _first_chars(av[2])
        return chars, nullable or av[0] == 0
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return set(), True  # zero-width: it only restricts where a match may start
    return {_WILD}, False


def _category_chars(category) -> set:
    """The ASCII characters of a class such as \\d, lower-cased; any non-ASCII member is
    handled apart (see `_FirstCharIndex.match_at`)."""
    rx = re.compile(_CATEGORY_RX[category])
    return {chr(k).lower() for k in range(128) if rx.match(chr(k))}


@dataclass(frozen=True)
class _FirstCharIndex:
    """The candidate alternation split by first character: at a word start only the
    alternatives that can begin with that character are tried (Python's engine tries
    every alternative of a case-insensitive alternation at every word start, which made
    the one-regex test cost ~0.5 ms a sentence). Same answers as the one regex: an
    alternative sits in the bucket of every character it may start with."""

    starts: re.Pattern  # the positions worth trying (a word edge before a bucketed char)
    buckets: dict[str, re.Pattern]  # ASCII character (both cases) -> its alternatives
    alternatives: tuple[tuple[str, frozenset], ...]  # (regex, first chars) for non-ASCII text
    flags: int
    _non_ascii: dict = field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def build(cls, alternatives: list[str], flags: int) -> "_FirstCharIndex | None":
        firsts = []
        for alt in alternatives:
            chars, nullable = _first_chars(_sre_parser.parse(alt, flags))
            if nullable or _WILD in chars:
                return None  # no index: the one regex answers
            firsts.append((alt, frozenset(chars)))
        by_char: dict[str, list[str]] = {}
        for alt, chars in firsts:
            for ch in chars:
                by_char.setdefault(ch, []).append(alt)
        buckets: dict[str, re.Pattern] = {}
        for ch, alts in by_char.items():
            rx = re.compile(rf"{_LEFT_EDGE}(?:{'|'.join(alts)})(?![\w])", flags)
            for variant in {ch, ch.upper(), ch.lower()}:
                buckets[variant] = rx
        keys = "".join(sorted(buckets))
        starts = re.compile(rf"{_LEFT_EDGE}(?=[{re.escape(keys)}]|[^\x00-\x7f])")
        return cls(starts, buckets, tuple(firsts), flags)

    def _for_non_ascii(self, ch: str) -> re.Pattern | None:
        """The alternatives that may start at a non-ASCII character: those whose first
        ASCII characters it matches case-insensitively (Kelvin sign and "k", long s and
        "s"), by the engine's own rules."""
        if ch not in self._non_ascii:
            alts = [alt for alt, chars in self.alternatives
                    if any(re.match(re.escape(a), ch, self.flags) for a in chars)]
            self._non_ascii[ch] = (re.compile(rf"{_LEFT_EDGE}(?:{'|'.join(alts)})(?![\w])", self.flags)
                                   if alts else None)
        return self._non_ascii[ch]

    def search(self, text: str) -> bool:
        buckets = self.buckets
        for m in self.starts.finditer(text):
            p = m.start()
            ch = text[p]
            rx = buckets.get(ch)
            if rx is None:
                rx = self._for_non_ascii(ch)
                if rx is None:
                    continue
            if rx.match(text, p):
                return True
        return False


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    """The compiled lexicon shipped with the package (loaded once)."""
    text = resources.files("sitrep.analyse").joinpath("data/event_cues.yaml").read_text("utf-8")
    return _compile(yaml.safe_load(text))


def taxonomy() -> dict[str, tuple[str, str]]:
    """CASE-2021 code -> (ACLED event_type, ACLED sub_event_type), all 25 codes."""
    return dict(lexicon().types)


def unseen_types() -> dict[str, str]:
    """The non-conflict codes the lexicon knows (ORG_CRIME, NATURAL_DISASTER, ...)."""
    return dict(lexicon().unseen)


# --------------------------------------------------------------------------- helpers

# A sentence ends at . ! ? followed by space and an upper-case letter, digit or quote.
# Abbreviations ("U.S. forces") occasionally split too early; that only moves a cue
# into the next sentence's (slightly lower) position weight.
_SENT_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENT_END.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _sentence_of(spans: list[tuple[int, int]], pos: int) -> int:
    for i, (s, e) in enumerate(spans):
        if pos < e or i == len(spans) - 1:
            return i
    return len(spans) - 1


def actor_kind(text: str) -> str:
    """STATE, NON_STATE or UNKNOWN for an actor name or hint ("state" works too)."""
    t = text.strip().lower()
    if t in (STATE, NON_STATE):
        return t
    found = _actor_mentions(text, 0, len(text))
    return found[0][1] if found else UNKNOWN


def _actor_mentions(text: str, start: int, end: int) -> list[tuple[int, str, int]]:
    """Actor words inside text[start:end] as (position, kind, end), in text order."""
    return [m for m in _all_actor_mentions(text) if m[0] >= start and m[2] <= end]


@lru_cache(maxsize=16)
def _all_actor_mentions(text: str) -> tuple[tuple[int, str, int], ...]:
    """Every actor mention in ``text`` (computed once per text).

    At one position the longest match wins ("pro-government militias" is state, not
    the "militias" inside it); "rebel-held" and the like are adjectives, not actors.
    """
    lex = lexicon()
    hits: dict[int, tuple[int, str]] = {}
    for kind, rx in lex.actors:
        for m in rx.finditer(text):
            if lex.actor_block.match(text, m.end()):
                continue
            s, e = m.start(), m.end()
            if s not in hits or e > hits[s][0]:
                hits[s] = (e, kind)
    out, covered_to = [], -1
    for s in sorted(hits):
        e, kind = hits[s]
        if s < covered_to:  # inside a longer mention already taken
            continue
        out.append((s, kind, e))
        covered_to = e
    return tuple(out)


# "captured [on Monday] by rebels": the agent of the trigger itself; an intervening
# participle ("retaken territory seized by IS") has its own agent, so it stops the match.
_PASSIVE_BY = re.compile(r"\s+(?:(?![\w'’-]+(?:ed|en)\b)[\w,'’-]+\s+){0,2}?by\s+(?:the\s+)?",
                         re.IGNORECASE)


def _doer(text: str, sent: tuple[int, int], start: int, end: int, hint: str) -> str:
    m = _PASSIVE_BY.match(text, end)
    if m and m.end() <= sent[1]:
        after = _actor_mentions(text, m.end(), min(sent[1], m.end() + 60))
        if after and after[0][0] == m.end():
            return after[0][1]
    before = _actor_mentions(text, sent[0], start)
    if before:
        return before[0][1]
    return hint


def _negated(text: str, sent_start: int, start: int, window: int) -> bool:
    lex = lexicon()
    left = text[sent_start:start]
    words = re.findall(r"[\w'’]+", left)[-window:]
    return bool(words) and bool(lex.negation.search(" ".join(words)))


# --------------------------------------------------------------------------- public API

def is_event_candidate(sentence: str) -> bool:
    """True when any conflict cue occurs in the sentence (no conditions checked).

    One search with the union of all conflict patterns behind a single word-edge check
    (~0.5 ms per sentence here, roughly ten times cheaper than a spaCy parse); meant as a
    filter before expensive parsing. Recall over precision: the conditions that
    :func:`classify` applies (contexts, actors, negation) are not checked.
    """
    lex = lexicon()
    index = candidate_index(lex)
    if index is not None:
        return index.search(sentence)
    return lex.candidate.search(sentence) is not None


_INDEXES: dict[int, tuple[_Lexicon, "_FirstCharIndex | None"]] = {}


def candidate_index(lex: _Lexicon) -> "_FirstCharIndex | None":
    """The first-character index of `lex`'s candidate test, built on first use (only
    pipelines that filter sentences need it; classifying snippets does not)."""
    hit = _INDEXES.get(id(lex))
    if hit is None or hit[0] is not lex:
        hit = _INDEXES[id(lex)] = (lex, _FirstCharIndex.build(list(lex.candidate_alternatives),
                                                              lex.candidate.flags))
    return hit[1]


def find_cues(text: str, doc=None, actor_hint: str | None = None) -> list[EventCue]:
    """Every cue of the lexicon found in ``text``, conditions applied, in text order.

    ``doc`` (a spaCy Doc of the same text) is optional; when given, its sentence
    boundaries are used instead of the built-in splitter.
    """
    lex = lexicon()
    if doc is not None and doc.has_annotation("SENT_START"):
        spans = [(s.start_char, s.end_char) for s in doc.sents]
    else:
        spans = _sentence_spans(text)
    hint = actor_kind(actor_hint) if actor_hint else UNKNOWN
    present = {name: rx.search(text) is not None for name, rx in lex.contexts.items()}
    found: list[EventCue] = []
    taken: dict[str, list[tuple[int, int]]] = {}
    # strongest entries first, so an overlapping weaker cue of the same type is dropped
    order = sorted(range(len(lex.cues)), key=lambda i: -lex.cues[i].weight)
    for entry in order:
        cue = lex.cues[entry]
        if cue.if_ctx and not any(present[c] for c in cue.if_ctx):
            continue
        if cue.unless_ctx and any(present[c] for c in cue.unless_ctx):
            continue
        for m in cue.regex.finditer(text):
            si = _sentence_of(spans, m.start())
            sent = spans[si]
            if cue.negatable and _negated(text, sent[0], m.start(), lex.negation_window):
                continue
            code = cue.code
            if cue.by_actor or cue.actor:
                kind = _doer(text, sent, m.start(), m.end(), hint)
                if cue.actor and kind != cue.actor:
                    continue
                if cue.by_actor:
                    code = dict(cue.by_actor).get(kind)
                    if code is None:
                        continue
            if any(a < m.end() and m.start() < b for a, b in taken.get(code, ())):
                continue  # the same type already cued on an overlapping span
            taken.setdefault(code, []).append((m.start(), m.end()))
            if code in lex.types:
                etype, sub = lex.types[code]
            else:
                etype, sub = NON_CONFLICT, lex.unseen[code]
            found.append(EventCue(m.group(0), m.start(), m.end(), etype, sub,
                                  cue.weight, code, si, entry))
    found.sort(key=lambda c: (c.start, -c.weight))
    return _drop_contained(found)


def _drop_contained(cues: list[EventCue]) -> list[EventCue]:
    """Longest match wins: a cue lying inside another type's longer, at least as heavy
    cue is a word of that phrase, not evidence of its own ("gas explosion" is a
    man-made disaster, its "explosion" no bomb; "seized two landmines" is disrupted
    weapons use, not a landmine blast)."""
    keep = []
    for c in cues:
        inside = any(o is not c and o.code != c.code and o.start <= c.start and c.end <= o.end
                     and (o.end - o.start) > (c.end - c.start) and o.weight >= c.weight
                     for o in cues)
        if not inside:
            keep.append(c)
    return keep


def score_cues(cues: Iterable[EventCue]) -> dict[str, float]:
    """Summed, position-weighted score per code, after the precedence rules."""
    lex = lexicon()
    pw = lex.position_weights
    scores: dict[str, float] = {}
    repeats: dict[tuple[int, int, str], int] = {}
    for c in cues:
        # repeated matches of one lexicon entry in one sentence add less and less:
        # "attacked ... killing ... attack" is mostly one piece of evidence
        key = (c.entry, c.sentence, c.code)
        n = repeats.get(key, 0)
        repeats[key] = n + 1
        factor = pw[min(c.sentence, len(pw) - 1)] * (lex.repeat_decay ** n)
        scores[c.code] = scores.get(c.code, 0.0) + c.weight * factor
    for winner, losers, ratio in lex.precedence:
        if scores.get(winner, 0.0) >= lex.min_score:
            # the winner absorbs the losers: their cues describe the same event
            for loser in losers:
                if loser in scores and scores[winner] >= ratio * scores[loser]:
                    scores[winner] += scores.pop(loser)
    return scores


def classify(text: str, actor_hint: str | None = None) -> Typing:
    """The ACLED sub-event type reported by ``text``, or None if it is not a conflict event.

    ``actor_hint`` ("state", "non_state" or an actor name) decides territory changes
    when the text itself names no actor.
    """
    lex = lexicon()
    cues = find_cues(text, actor_hint=actor_hint)
    scores = score_cues(cues)
    if not scores:
        return Typing(None, None, 0.0, tuple(cues))
    first = {}
    for c in cues:
        first.setdefault(c.code, c.start)
    # highest score; ties go to the type cued first in the text
    best = max(scores, key=lambda k: (scores[k], -first.get(k, 0)))
    best_score = scores[best]
    if best in lex.unseen:
        return Typing(None, None, best_score, tuple(cues), best, lex.unseen[best])
    if best_score < lex.min_score:
        return Typing(None, None, best_score, tuple(cues))
    etype, sub = lex.types[best]
    return Typing(sub, etype, best_score, tuple(cues), best)
