"""Who says a sentence's claim: attribution of reported facts to their sources.

War reporting is second-hand: "27 regime fighters were killed, according to the
Observatory", "a security source told AFP", "said Rami Abdel Rahman, director of the
Syrian Observatory for Human Rights, AFP reports". This module finds the speaker of a
sentence with regular expressions over three kinds of speaker phrases:

* named sources from ``data/sources.yaml`` (the Observatory and its director, SANA, AFP,
  Reuters, Amaq, the Pentagon, ...), each with a kind (monitor, state_media, media,
  official, military, activists, group);
* unnamed speakers built from a head noun ("a security source", "Iraqi officials",
  "activists", "the regional governor") -- the phrase itself is the source;
* armed groups from the actor registry ("IS said in a statement") and titled or
  unknown named people ("Lt. Mohammad Halabi said").

A speaker counts only when tied to a cue: "according to X", "X said/told/reported",
inverted "said X", "in remarks quoted by X". The reporting source is preferred over the
outlet that relays it: in "the Observatory said, AFP reports" the source is the
Observatory and `via` is AFP. Pronoun speakers ("he said", "it added") are resolved with
the previous sentence's attribution.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from sitrep.analyse.actors import (
    alias_key,
    compile_phrases,
    expand_alias,
    get_registry,
    is_case_sensitive,
    longest_matches,
)

DATA_FILE = Path(__file__).parent / "data" / "sources.yaml"

KINDS = ("monitor", "state_media", "media", "official", "military", "anonymous", "activists",
         "group", "named")


@dataclass(frozen=True)
class Attribution:
    source: str  # canonical, e.g. "Syrian Observatory for Human Rights", or the phrase for unnamed sources
    via: str | None  # the outlet/agency/platform the claim was relayed through ("AFP")
    kind: str  # "monitor" | "state_media" | "media" | "official" | "military" | "anonymous"
    #            | "activists" | "group" | "named" (a named person or body of unknown affiliation)
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class _Speaker:
    source: str
    kind: str
    start: int
    end: int
    pronoun: bool = False


SPEECH_VERBS = (
    "said|says|say|told|tells|added|adds|reported|reports|report|stated|states|claimed|claims|"
    "announced|announces|confirmed|confirms|wrote|writes|tweeted|posted|insisted|insists|"
    "noted|notes|warned|warns|stressed|explained|estimated|estimates|mentioned|denied|"
    "asserted|indicated|disclosed|revealed|alleged|documented|recorded|counted|"
    "acknowledged|admitted|declared|quoted|cited|saying|reporting|adding|told\\s+reporters"
)
_VERB = re.compile(rf"\b(?:{SPEECH_VERBS})\b")
_ACCORDING = re.compile(r"\b(?:[Aa]ccording\s+to|[Cc]iting|[Qq]uoting)\s+")
_RELAY = re.compile(
    r"\b(?:told|tells|telling|quoted\s+by|cited\s+by|carried\s+by|reported\s+by|published\s+by"
    r"|to|in\s+(?:an?\s+)?(?:interview|statement|remarks|comments)\s+(?:to|with))\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_PRONOUN = re.compile(
    r"\b(?:[Hh]e|[Ss]he|[Ii]t|[Tt]hey|[Tt]he\s+(?:source|official|spokesman|spokeswoman|"
    r"spokesperson|group|agency|statement|report|ministry|commander|governor|militants|"
    r"activist|activists|army|military|newspaper|outlet))\b"
)
_TITLES = {"gov.", "governor", "minister", "president", "prime", "secretary", "deputy",
           "spokesman", "spokeswoman", "mayor", "ambassador", "envoy", "senator", "sen.",
           "rep.", "king", "prince", "sheikh", "chief", "director", "head", "commissioner",
           "chairman", "premier", "foreign", "interior", "defence", "defense", "councilman",
           "councilwoman", "councillor", "sheriff", "judge", "prosecutor", "attorney",
           "speaker", "chancellor", "emir", "sultan", "governor-general", "spokesperson"}
_RANKS = {"gen.", "general", "lt.", "lieutenant", "col.", "colonel", "maj.", "major",
          "capt.", "captain", "sgt.", "sergeant", "brig.", "brigadier", "commander", "adm.",
          "admiral", "cmdr.", "lt", "col", "gen", "maj", "capt"}
_NAME_BEFORE = re.compile(
    r"((?:[A-Z][\w'\u2019.\-]*)(?:\s+(?:(?:of|the|al|bin|de|el|ibn)\s+)*[A-Z][\w'\u2019.\-]*){0,6})\s*$"
)
_NAME_AFTER = re.compile(
    r"^\s*((?:[A-Z][\w'\u2019.\-]*)(?:\s+(?:(?:of|the|al|bin|de|el|ibn)\s+)*[A-Z][\w'\u2019.\-]*){0,6})"
)
# a short place phrase between a speaker and its verb: "a medical source at the hospital said"
_PLACE = r"(?:(?:at|in|from|inside|near|with|close\s+to)\s+(?:the\s+)?[\w'\u2019\-]+(?:\s+[\w'\u2019\-]+){0,3}?\s*)?"
# between a speaker and its verb: nothing, an adverb, or an aside in commas
_GAP_BEFORE = re.compile(
    r"^\)?(?:\s*\([^()]{1,25}\))?(?:\s*,[^,;:\"\u201c\u201d]{0,110},)?\s*" + _PLACE + r"(?:(?:also|later|separately|earlier|previously|"
    r"has|had|have|further|then|meanwhile|however|on\s+\w+day|yesterday|today|"
    r"in\s+a\s+statement|in\s+a\s+separate\s+statement)\s+){0,3}$",
    re.IGNORECASE,
)
_GAP_AFTER = re.compile(r"^\s*(?:on\s+\w+day\s+|\w+day\s+)?(?:by\s+)?$")


# an inverted speaker ("said the Observatory") closes its clause; "said IS militants
# seized ..." is a reported clause, not a speaker
_END_AFTER = re.compile(r"^\s*(?:$|[,.;:)(\u2014\u2013-]|on\s+\w+day\b|in\s+a\s+statement\b|\w+day\b)")


_PASSIVE = re.compile(r"\b(?:was|were|is|are|been|be|being)\s+(?:\w+ly\s+)?$")  # lower case: "IS said" is no passive


_MILITARY_WORDS = re.compile(r"\b(?:army|military|defen[cs]e|armed\s+forces|air\s+force|navy)\b", re.IGNORECASE)


class _Sources:
    """The compiled source and speaker vocabularies."""

    def __init__(self, data: dict):
        self.entries: dict[str, tuple[str, str]] = {}  # key -> (name, kind)
        self.cs: dict[str, tuple[str, str]] = {}
        ci_lits: list[str] = []
        cs_lits: list[str] = []
        self.kind_of: dict[str, str] = {}
        for row in data.get("sources") or []:
            kind = row["kind"]
            if kind not in KINDS:
                raise ValueError(f"source {row['name']}: unknown kind {kind}")
            self.kind_of[row["name"]] = kind
            listed = frozenset(row.get("case_sensitive") or ())
            for alias in list(row.get("aliases") or ()) + [row["name"]]:
                for lit in expand_alias(alias):
                    if is_case_sensitive(lit, listed):
                        self.cs.setdefault(alias_key(lit, True), (row["name"], kind))
                        cs_lits.append(lit)
                    else:
                        self.entries.setdefault(alias_key(lit), (row["name"], kind))
                        ci_lits.append(lit)
        self.patterns = compile_phrases(ci_lits, cs_lits)
        self.head_kind: dict[str, str] = {}
        for kind, heads in (data.get("speaker_heads") or {}).items():
            for head in heads:
                self.head_kind[head.lower()] = kind
        heads = sorted(self.head_kind, key=len, reverse=True)
        mods = sorted(data.get("speaker_modifiers") or (), key=len, reverse=True)
        head_rx = "|".join(re.escape(h).replace("\\ ", "\\s+") for h in heads)
        mod_rx = "|".join(re.escape(m) for m in mods)
        name = r"(?:\s+(?:[A-Z][\w'\u2019.\-]+)(?:\s+(?:al-|el-|bin\s+|de\s+)?[A-Z][\w'\u2019.\-]*){0,4})?"
        self.generic = re.compile(
            rf"(?<![\w-])(?:(?i:an?|the|one|two|three|several|some|many|other)\s+)?"
            rf"(?:(?:[A-Z][\w'\u2019.\-]*|(?i:{mod_rx}))\s+){{0,4}}"
            rf"(?P<head>(?i:{head_rx}))(?![\w-])"
            # "a spokesman for the Malian army", "the head of the Kurdish YPG"
            rf"(?:\s+(?i:for|of)\s+(?:the\s+)?(?:(?:[A-Z][\w'\u2019\-]*|(?i:{mod_rx}))\s+){{0,3}}"
            rf"(?:[A-Z][\w'\u2019\-]*|(?i:{head_rx}))(?![\w-]))?{name}"
        )
        self.platforms = [p for p in data.get("platforms") or ()]
        plat = "|".join(re.escape(p) for p in sorted(self.platforms, key=len, reverse=True))
        self.platform_rx = re.compile(rf"\b(?:on|via|in\s+a\s+post\s+on|through)\s+(?:the\s+)?(?:its\s+)?({plat})\b")

    def named(self, sentence: str) -> list[_Speaker]:
        out = []
        for m in longest_matches(sentence, self.patterns):
            hit = self.cs.get(alias_key(m.group(), True)) or self.entries.get(alias_key(m.group()))
            if hit:
                out.append(_Speaker(hit[0], hit[1], m.start(), m.end()))
        return out

    def unnamed(self, sentence: str) -> list[_Speaker]:
        out = []
        for m in self.generic.finditer(sentence):
            kind = self.head_kind.get(" ".join(m.group("head").lower().split()), "official")
            text = m.group().strip()
            if kind == "official" and _MILITARY_WORDS.search(text):
                kind = "military"  # "an army spokesman", "a military official"
            # "the source", "the official": a back-reference to an earlier speaker
            definite = re.fullmatch(r"(?i:the)\s+" + re.escape(m.group("head")), text) is not None
            out.append(_Speaker(text, kind, m.start(), m.start() + len(text), pronoun=definite))
        return out


@lru_cache(maxsize=1)
def _sources() -> _Sources:
    with open(DATA_FILE, encoding="utf-8") as fh:
        return _Sources(yaml.safe_load(fh))


def _actor_speakers(sentence: str) -> list[_Speaker]:
    out = []
    for m in get_registry().find(sentence):
        a = m.actor
        if a.inter in (5, 6, 7):
            continue
        kind = "military" if a.inter in (1, 8) else "group"
        out.append(_Speaker(a.name, kind, m.start, m.end))
    return out


_LEADING_JUNK = {"the", "in", "on", "but", "and", "if", "as", "when", "while", "a", "an",
                 "this", "that", "these", "meanwhile", "elsewhere", "also", "after", "before",
                 "since", "although", "though", "because", "until", "so", "or", "then", "now",
                 "yet", "still", "once", "however", "later", "earlier", "today", "yesterday"}
_CALENDAR = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
             "january", "february", "march", "april", "may", "june", "july", "august",
             "september", "october", "november", "december", "jan.", "feb.", "aug.", "sept.",
             "oct.", "nov.", "dec."}
_ORG_OFFICIAL = ("ministry", "department", "office", "council", "commission", "court", "patrol",
                 "police", "service", "agency", "authority", "administration", "government",
                 "embassy", "committee", "prosecutor's office", "presidency")
_ORG_MILITARY = ("army", "forces", "force", "command", "navy", "guard", "brigade", "division")


def _person(text: str) -> tuple[str, str] | None:
    """(kind, name) for a capitalised name run next to a speech verb, or None.

    kind is "military" after a rank, "official" with a title or a public body's name,
    else "named" (a named person or body of unknown affiliation).
    """
    text = text.strip()
    if text.endswith(".") and text.split()[-1].lower() not in _RANKS | _TITLES:
        text = text[:-1]
    words = text.split()
    if words and words[0].lower() in _LEADING_JUNK:
        return None
    if words and words[-1].lower() in _CALENDAR:
        words = words[:-1]
        text = " ".join(words)
    if not words or len(words) > 8:
        return None
    lows = [w.lower() for w in words]
    if lows[0] in _RANKS:
        return "military", text
    if any(w in _TITLES for w in lows):
        return "official", text
    if len(words) == 1 and words[0].isupper():
        return None  # an unknown abbreviation
    if lows[-1] in _ORG_MILITARY:
        return "military", text
    if lows[-1] in _ORG_OFFICIAL:
        return "official", text
    return "named", text


def _choose(cands: list[tuple[_Speaker, int, int, str]]) -> tuple[_Speaker, int, int] | None:
    """The best (speaker, clause start, clause end) among candidate attributions."""
    if not cands:
        return None
    rank = {"according": 0, "before": 1, "after": 1, "citing": 3}
    cands.sort(key=lambda c: (c[3] == "citing", c[0].kind in ("media", "state_media"),
                              c[0].pronoun, rank[c[3]], c[1]))
    sp, s, e, _ = cands[0]
    return sp, s, e


def find_attribution(sentence: str, previous: "str | Attribution | None" = None) -> Attribution | None:
    """The source a sentence's claim is attributed to, or None when it carries none.

    `previous` is the preceding sentence (or its already resolved Attribution, which lets a
    chain "X said ... He said ... he added" resolve every link); it is used only when this
    sentence's speaker is a pronoun or a definite back-reference ("the source said").
    """
    src = _sources()
    speakers = src.named(sentence)
    taken = [(s.start, s.end) for s in speakers]
    named_spans = list(taken)

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def free_of_named(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in named_spans)

    for sp in src.unnamed(sentence):
        if sp.kind == "anonymous":
            # "a Syrian military source" is an unnamed source, not the Syrian army
            inside = [o for o in speakers if sp.start <= o.start and o.end <= sp.end]
            if inside and free(sp.start, sp.end) is False and all(
                    o.start >= sp.start and o.end <= sp.end for o in speakers
                    if not (o.end <= sp.start or o.start >= sp.end)):
                speakers = [o for o in speakers if o not in inside]
                taken = [(o.start, o.end) for o in speakers]
                named_spans = list(taken)
        if free(sp.start, sp.end):
            speakers.append(sp)
            taken.append((sp.start, sp.end))
    for sp in _actor_speakers(sentence):
        if free(sp.start, sp.end):
            speakers.append(sp)
            taken.append((sp.start, sp.end))
    for m in _PRONOUN.finditer(sentence):
        if free(m.start(), m.end()):
            speakers.append(_Speaker(m.group(), "anonymous", m.start(), m.end(), pronoun=True))
    speakers.sort(key=lambda s: s.start)

    cands: list[tuple[_Speaker, int, int, str]] = []
    relays: list[tuple[_Speaker, int, int]] = []
    # "according to X"
    for m in _ACCORDING.finditer(sentence):
        for sp in speakers:
            if m.end() <= sp.start <= m.end() + 30 and re.fullmatch(r"[\s\w.\-]*", sentence[m.end():sp.start]):
                how = "citing" if m.group().lower().startswith(("citing", "quoting")) else "according"
                cands.append((sp, m.start(), sp.end, how))
                break
    for v in _VERB.finditer(sentence):
        verb = v.group()
        before = sentence[:v.start()]
        if _PASSIVE.search(before):
            continue  # "it was reported that", "is said to": impersonal, no speaker
        attached = False
        for sp in reversed(speakers):
            if sp.end > v.start():
                continue
            gap = sentence[sp.end:v.start()]
            if _GAP_BEFORE.match(gap) or (verb in ("saying", "reporting", "adding") and len(gap) < 90
                                          and not re.search(r"[.;\"\u201c\u201d]", gap)):
                # "local officials and residents said": the first of a coordination leads
                k = speakers.index(sp)
                while k > 0 and re.fullmatch(r"\s*,?\s*and\s*", sentence[speakers[k - 1].end:speakers[k].start]) \
                        and not {speakers[k - 1].kind, speakers[k].kind} & {"media", "state_media"}:
                    k -= 1
                sp = speakers[k]
                cands.append((sp, sp.start, v.end(), "before"))
                attached = True
                break
            if len(gap) > 140:
                break
        after = [sp for sp in speakers if sp.start >= v.end()]
        if after and _GAP_AFTER.match(sentence[v.end():after[0].start]) and \
                _END_AFTER.match(sentence[after[0].end:]):
            sp = after[0]
            # "told AFP": the outlet relays, it is not the speaker
            if verb in ("told", "tells", "told reporters") or not (sp.kind in ("media", "state_media")
                                                                  and attached):
                if verb in ("told", "tells", "quoted", "cited"):
                    relays.append((sp, v.start(), sp.end))
                else:
                    cands.append((sp, v.start(), sp.end, "after"))
                    attached = True
        if not attached and verb not in ("told", "tells", "quoted", "cited"):
            # an unknown or titled person right before the verb ("Lt. Mohammad Halabi said")
            m = _NAME_BEFORE.search(before)
            if m and m.group(1) and free_of_named(m.start(1), m.end(1)):
                person = _person(m.group(1))
                if person:
                    cands.append((_Speaker(person[1], person[0], m.start(1), m.end(1)),
                                  m.start(1), v.end(), "before"))
                    continue
            m = _NAME_AFTER.match(sentence[v.end():])
            if m and _END_AFTER.match(sentence[v.end() + m.end(1):]) and free_of_named(v.end() + m.start(1), v.end() + m.end(1)):
                person = _person(m.group(1))
                if person:
                    s0 = v.end() + m.start(1)
                    cands.append((_Speaker(person[1], person[0], s0, s0 + len(m.group(1))),
                                  v.start(), s0 + len(m.group(1)), "after"))
    # relaying outlets: "told AFP", "quoted by SANA", "AFP reports" next to another speaker
    for sp in speakers:
        if sp.kind in ("media", "state_media") and _RELAY.search(sentence[max(0, sp.start - 40):sp.start]):
            relays.append((sp, sp.start, sp.end))
    chosen = _choose(cands)
    if chosen is None:
        return None
    speaker, start, end = chosen
    via = None
    media = [c for c in cands if c[0].kind in ("media", "state_media") and c[0] is not speaker]
    for sp, s, e in relays + [(c[0], c[1], c[2]) for c in media]:
        if sp.source != speaker.source:
            via = sp.source
            break
    if via is None:
        m = src.platform_rx.search(sentence, speaker.start)
        if m:
            via = m.group(1)
    text = sentence[start:end]
    if speaker.pronoun:
        prev = previous
        if isinstance(prev, str):
            prev = find_attribution(prev)
        if isinstance(prev, Attribution):
            return Attribution(prev.source, via or prev.via, prev.kind, text, start, end)
        if speaker.source.lower() in ("he", "she", "it", "they"):
            return None
        return Attribution(speaker.source, via, speaker.kind, text, start, end)
    return Attribution(speaker.source, via, speaker.kind, text, start, end)


__all__ = ["Attribution", "find_attribution"]
