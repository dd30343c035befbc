"""Find place names (toponyms) in text and resolve them with the gazetteer.

Candidates are runs of capitalised words ("Ras al-Ayn", "Deir ez-Zor", "Tal Abyad"),
tried longest first against the gazetteer; when a spaCy ``Doc`` is passed its GPE / LOC /
FAC entities are added, and ORG / PERSON entities are accepted only when the gazetteer
knows them and the context says "place" (spaCy's small model calls Palmyra a PERSON and
Kobane an ORG). Common capitalised words are filtered out: sentence-initial words,
words the same text also uses in lower case ("Police" / "police"), months, weekdays,
titles, demonyms, and names inside longer capitalised runs unless the match is strong.

Each mention gets an ACLED geo-precision: 1 the town itself, 2 "near / outskirts of /
south of X" or "X countryside", 3 a province ("Idlib province") or a country.

Resolution uses the article's country context (:func:`infer_countries`) and graded
focus-area evidence from every reading of the article's other names (a name whose good
readings all lie in one state points there; see :func:`_area_support`), then a second
pass that favours candidates in the same admin1 area as, and near, the other places'
winners (places in one report tend to lie together).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from sitrep.analyse.gazetteer import ADMIN1_WORDS, ADMIN2_WORDS, Gazetteer, Place, fold, get_gazetteer


@dataclass(frozen=True)
class PlaceMention:
    text: str
    start: int
    end: int
    place: Place
    precision: int  # ACLED geo_precision: 1 town itself, 2 near/part of, 3 province or vaguer


# Words that are capitalised for grammar, not because they name a place.
_STOP = frozenset("""
the a an in on at of for from to by with and or but if as is are was were be been this that these
those there here it its he she they we you i his her their our my your who what when where why how
all any some no not new old said says after before during since while also mr mrs ms dr sir lord
president gen general col colonel lt capt sgt sheriff officer judge rep sen gov governor mayor king
queen prince minister chief coach rev father mother st saint mount lake river north south east west
central northern southern eastern western upper lower greater january february march april may june
july august september october november december monday tuesday wednesday thursday friday saturday
sunday today yesterday tomorrow god jesus christ christmas easter ramadan eid city town village
county state province district region area street road avenue police army university school college
hospital church court news times post press report daily world national international islamic
human rights reuters associated agence france-presse afp bbc cnn twitter facebook one two three
however although according despite meanwhile please thanks
four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred hundreds
thousand thousands dozen dozens several scores
once many more most much none both among even ever every each other such then than thus
home earth web route airport valley park hill center centre senate congress supreme white house
man woman men women people children boy girl family main leader
northeast northwest southeast southwest downtown uptown midtown
""".split())

_CALENDAR = frozenset("""january february march april june july august september october november
december monday tuesday wednesday thursday friday saturday sunday""".split())

# Function words that may be capitalised at the start of a run but never begin a name.
_LEADING = frozenset("the a an in on at of for from to by with and or but this that these those "
                     "it he she they we you i his her their our my your its as if when while".split())

_TITLES = frozenset(
    "mr mrs ms dr sir lord president gen general col colonel lt capt sgt sheriff officer judge rep "
    "sen gov governor mayor king queen prince minister chief coach rev pastor deputy detective "
    "trooper sergeant captain lieutenant professor prof spokesman spokeswoman".split()
)

# Lower-case particles allowed inside a name ("Ras al Ayn", "Isle of Man").
_CONNECTORS = frozenset("al el ad ar as ash az ez es ed at an de del la le du des da di of bin".split())

_TOKEN = re.compile(r"[A-Z][a-z]{0,3}\.(?:[A-Z][a-z]{0,3}\.| [A-Z]\.)+|[^\W\d_][\w’'`‘]*(?:-[\w’'`‘]+)*\.?")

_NEAR = re.compile(
    r"(?:\bnear(?:by)?|\boutside(?: of)?|\baround|\boutskirts of|\bvicinity of|\bclose to|"
    r"\bsuburbs? of|\bedge of|\bcountryside of|\bnorth(?:ern)? of|\bsouth(?:ern)? of|\beast(?:ern)? of|"
    r"\bwest(?:ern)? of|\b(?:north|south)[- ]?(?:east|west)(?:ern)? of|\bkm (?:from|of)|"
    r"\bkilomet(?:re|er)s? (?:from|of|north|south|east|west)|\bmiles? (?:from|of|north|south|east|west)|"
    r"\bdistricts? of|\bneighbou?rhoods? of|\bparts? of|\bway to|\broad to|\bhighway to)"
    r"(?: the)?(?: (?:city|town|village|province|governorate) of)?\s*$",
    re.IGNORECASE,
)
_AFTER_NEAR = re.compile(r"^\s*(?:countryside|outskirts|suburbs?|area|region|environs)\b", re.IGNORECASE)
_PROVINCE_OF = re.compile(r"\b(?:province|governorate|state|oblast|region) of\s*$", re.IGNORECASE)
_LOCATIVE = re.compile(r"\b(?:in|at|near|from|to|into|outside|around|of|across|toward|towards|"
                       r"across|through|via|visited|entered|captured|seized|attacked|shelled|stormed|"
                       r"besieged|bombed|struck|took|retook|recaptured|liberated|overran|raided|control of)(?:\s+the)?\s*$", re.IGNORECASE)
_PERSON_AFTER = re.compile(r"^\s*(?:said|says|told|added|wrote|asked|explained|,\s*\d+\b)", re.IGNORECASE)


class _Tok:
    """One word token with its offsets (a plain slotted class: there are many)."""

    __slots__ = ("text", "start", "end", "compound", "cap")

    def __init__(self, text: str, start: int, end: int, compound: bool = False) -> None:
        self.text = text
        self.start = start
        self.end = end
        #: part of a split hyphenated compound whose other part is capitalised ("Wal-Mart")
        self.compound = compound
        #: capitalised, or an article form before a capital ("al-Hasakah")
        self.cap = text[:1].isupper() or bool(_CAP_PREFIX.match(text))

    def __repr__(self) -> str:
        return f"_Tok({self.text!r}, {self.start}, {self.end}, {self.compound})"


_CAP_PREFIX = re.compile(r"[a-z]{1,3}-[A-Z]")
_ABBREV = re.compile(r"(?:[A-Z][a-z]{0,3}\. ?)+[A-Z][a-z]{0,3}\.|St\.|Mt\.|Ft\.")
_SHORT_ABBREV = re.compile(r"[A-Z][a-z]{1,4}\.")
_POSSESSIVE = re.compile(r"[’']s?$")


def _tokens(text: str, g: Gazetteer | None = None) -> list[_Tok]:
    """Word tokens with offsets. With a gazetteer, a hyphenated compound that is not a
    name itself is split at hyphens after a capitalised part ("Egyptian-US",
    "Gori-based"); article forms ("al-Hasakah", "ez-Zor") stay whole.

    The result is shared between callers on the same text (do not modify it)."""
    return _tokens_and_runs(text, g)[0]


@lru_cache(maxsize=4)
def _tokens_and_runs(text: str, g: Gazetteer | None) -> tuple[list[_Tok], list[list[int]]]:
    """Tokens and capitalised runs of one text, computed once: the country inference
    and the candidate search both read them (and are often asked for the same text)."""
    toks = _tokenize(text, g)
    return toks, _runs(text, toks)


def _tokenize(text: str, g: Gazetteer | None = None) -> list[_Tok]:
    out = []
    for m in _TOKEN.finditer(text):
        s, e = m.start(), m.end()
        word = m.group()
        if word.endswith("."):
            # keep the dot of abbreviations ("W.Va.", "Okla., ..."), not a sentence's full stop
            rest = text[e:e + 2].lstrip(" ")
            abbrev = (_ABBREV.fullmatch(word)
                      or (_SHORT_ABBREV.fullmatch(word) and bool(rest)
                          and (rest[0] in ",;)" or rest[0].islower())))
            if not abbrev and g is not None and text[max(0, s - 2):s] == ", " and g.has_exact(word):
                abbrev = True  # "Harrisburg, Pa. Smith said": the state's abbreviation keeps its dot
            if not abbrev:
                e -= 1
                word = word[:-1]
        m2 = _POSSESSIVE.search(word) if word[-1:] in ("'", "’", "s") else None
        if m2 and len(word) > 3:  # possessive: "Syria's" -> "Syria"
            e -= len(m2.group())
            word = word[:m2.start()]
        if g is not None and "-" in word and word[:1].isupper() and not g.has(word):
            parts = word.split("-")
            compound = sum(p[:1].isupper() for p in parts) > 1
            pos = s
            for part in parts:
                if part:
                    out.append(_Tok(part, pos, pos + len(part), compound and part[:1].isupper()))
                pos += len(part) + 1
            continue
        out.append(_Tok(word, s, e))
    return out


def _runs(text: str, toks: list[_Tok]) -> list[list[int]]:
    """Maximal runs of capitalised tokens (with name particles), split at punctuation."""
    runs: list[list[int]] = []
    cur: list[int] = []
    for i, t in enumerate(toks):
        joined = bool(cur) and text[toks[cur[-1]].end:t.start].strip() == ""
        if t.cap and t.text.casefold() in _CALENDAR:
            # "the edge of Beiji Tuesday": a day or month name ends a name, never extends it
            if cur:
                runs.append(cur)
            cur = []
            continue
        if t.cap:
            if cur and not joined:
                runs.append(cur)
                cur = []
            cur.append(i)
        elif (cur and joined and t.text in _CONNECTORS and i + 1 < len(toks) and toks[i + 1].cap
              and text[t.end:toks[i + 1].start].strip() == ""):
            cur.append(i)
        else:
            if cur:
                runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    return runs


def _sentence_start(text: str, tok: _Tok) -> bool:
    before = text[:tok.start].rstrip(" \t\"'“‘(")
    return not before or before[-1] in ".!?:\n" or before.endswith("\n")


def _precision(text: str, start: int, end: int, place: Place) -> int:
    if place.feature in ("admin1", "admin2", "country"):
        return 3
    before = text[max(0, start - 60):start]
    if _NEAR.search(before) or _AFTER_NEAR.match(text[end:end + 20]):
        return 2
    return 1


@dataclass(frozen=True)
class _Span:
    text: str  # the name as looked up (may include an admin suffix)
    start: int
    end: int
    strong_needed: bool
    cue: bool = True  # a locative word before it, or ", <state>" after it
    #: "X, Texas" / "X in Syria": (country, admin1 code or None) the name is qualified by
    qualifier: tuple[str, str | None] | None = None


#: Last words of multi-word names that are places, not surnames ("Grove City").
_GEO_TAILS = frozenset(
    "city town village county parish township borough river lake creek mountain mountains hill "
    "hills valley island islands beach bay park springs spring falls heights station road street "
    "avenue boulevard square camp district province state region oblast governorate "
    # organisations named after their place ("Alexandria Police", "Cottonport Fire Station")
    "police fire sheriff school schools high church hospital department office library center "
    "centre council board court university college airport army forces club company county's "
    "times post news herald tribune journal gazette chamber committee association authority "
    "democrats republicans party".split()
)


def _person_words(text: str, toks: list[_Tok], runs: list[list[int]], g: Gazetteer) -> set[str]:
    """Words the text uses as surnames or given names ("Bob Jones ... Jones said").

    A two- or three-word capitalised run that is not itself a place and does not end
    in a geographic word looks like a person's name; its words, met alone later, are
    taken as that person rather than as a town of the same name.
    """
    # words the text itself uses as places ("in Ozark", "DeKalb County", "Paris, Texas")
    placey: set[str] = set()
    for run in runs:
        head = toks[run[0]]
        if (_LOCATIVE.search(text[max(0, head.start - 25):head.start])
                or (len(run) > 1 and toks[run[-1]].text.casefold() in ADMIN1_WORDS | ADMIN2_WORDS)):
            placey.add(head.text.casefold())
    out: set[str] = set()
    for run in runs:
        words = [toks[i].text for i in run]
        if not 2 <= len(words) <= 3 or any(w in _CONNECTORS for w in words):
            continue
        if words[-1].casefold().rstrip(".") in _GENERATIONAL or (
                len(words) == 3 and re.fullmatch(r"[A-Z]\.?", words[1])):
            # "George Bush Jr", "George W. Bush": a person whatever the words also name
            out.update(w.casefold() for w in (words[0], words[-2]))
            continue
        if words[-1].casefold() in _GEO_TAILS or g.has_exact(" ".join(words)):
            continue
        first = words[0].casefold()
        if first in _STOP and first not in _TITLES:
            continue
        if any(w.casefold() in _GEO_TAILS for w in words) or g.country(words[0]) or g.country(words[-1]):
            continue
        if any(_big_place(g, w) for w in words):
            continue  # "Moscow Mayor", "Aleppo Governor": keep the place
        for w in words:
            w = w.casefold()
            if w not in _TITLES and w not in placey:
                out.add(w)
                out.add(re.sub(r"^[a-z]{1,3}-", "", w))  # "al-Assad" -> "assad"
    return out


_GENERATIONAL = frozenset("jr sr ii iii iv".split())

_QUALIFIER = re.compile(r"(?:,| in)\s+((?:[A-Z][\w.]*\.?\s?){1,3})")


def _qualifier(text: str, end: int, g: Gazetteer) -> tuple[str, str | None] | None:
    """The country or first-level area that follows a name: "Paris, Texas",
    "Alexandria, La.", "Palmyra in Syria"."""
    m = _QUALIFIER.match(text, end)
    if not m:
        return None
    words = m.group(1).split()
    for n in range(len(words), 0, -1):
        name = " ".join(words[:n]).rstrip(",;")
        cc = g.country(name)
        if cc and not g.demonyms.get(fold(name)):
            return cc, None
        best = g.scored(name) if g.has_exact(name) else []
        if best and best[0].tier < 2 and best[0].place.feature == "admin1":
            return best[0].place.country_code, best[0].place.admin1_code
    return None


def _speaks_for_state(g: Gazetteer, word: str) -> bool:
    """A country or national capital: may 'say' things (metonymy for a government)."""
    if not g.has_exact(word):
        return False
    best = g.scored(word)
    return bool(best) and best[0].tier < 2 and (
        best[0].place.feature == "country" or g.is_capital(best[0].place))


def _big_place(g: Gazetteer, word: str) -> bool:
    if not g.has_exact(word):
        return False
    best = g.scored(word)
    return bool(best) and best[0].tier < 2 and (
        best[0].place.feature in ("country", "admin1") or best[0].place.population >= 100_000)


def _candidate_spans(text: str, g: Gazetteer, include_demonyms: bool = False) -> list[_Span]:
    toks, runs = _tokens_and_runs(text, g)
    lower = {t.text.casefold() for t in toks if t.text[:1].islower() and not t.cap}
    lower |= _person_words(text, toks, runs, g)
    spans: list[_Span] = []
    # one sense per discourse: "Gwinnett County ... in Gwinnett" -> the county
    counties = {}
    for m in _COUNTY_PHRASE.finditer(text):
        words = m.group(1).split()
        for k in (1, 2)[:len(words)]:  # "In Boone County": "Boone"; "St. Clair County"
            counties[fold(" ".join(words[-k:]))] = m.group(2)
    for run in runs:
        i = 0
        while i < len(run):
            matched = False
            for length in range(min(6, len(run) - i), 0, -1):
                part = run[i:i + length]
                if toks[part[-1]].text in _CONNECTORS:
                    continue
                if length > 1 and toks[part[0]].text.casefold() in _LEADING:
                    continue  # "The US", "In Aleppo": the name starts after it
                first, last = toks[part[0]], toks[part[-1]]
                name = text[first.start:last.end]
                end = last.end
                nxt = part[-1] + 1
                suffix = toks[nxt].text.casefold() if nxt < len(toks) else ""
                gap_ok = nxt < len(toks) and text[end:toks[nxt].start].strip() == ""
                if (gap_ok and (suffix in ADMIN1_WORDS or suffix in ADMIN2_WORDS) and length < len(run) - i + 1
                        and (suffix in ADMIN2_WORDS or g.scored(f"{name} {suffix}"))):
                    # "Idlib province", "Boone County"; not "U.S. Department" (no such area)
                    name, end = text[first.start:toks[nxt].end], toks[nxt].end
                elif length == 1 and _PROVINCE_OF.search(text[max(0, first.start - 30):first.start]):
                    name = name + " province"
                elif (fold(name) in counties and not (gap_ok and toks[nxt].cap)
                      and not _big_place(g, name)):  # "Washington County ... Washington" (DC)
                    name = f"{name} {counties[fold(name)]}"
                words = name.split()
                county = len(words) > 1 and words[-1].casefold() in ADMIN2_WORDS
                if len(words) > 1 and words[-1].casefold() in ADMIN1_WORDS and not g.scored(name):
                    continue  # "U.S. Department": no such area; try "U.S." alone
                if not county and not g.has(name) and not (include_demonyms and g.demonyms.get(fold(name))):
                    continue
                if not _plausible(text, toks, part, name, lower, g, include_demonyms):
                    continue
                whole = length == len(run) and not any(toks[j].compound for j in part)
                cue = (length > 1 or bool(_LOCATIVE.search(text[max(0, first.start - 25):first.start]))
                       or bool(re.match(r",\s+[A-Z]", text[end:end + 3])))
                spans.append(_Span(name, first.start, end, strong_needed=not whole, cue=cue,
                                   qualifier=_qualifier(text, end, g)))
                i += length + (1 if end > last.end and nxt in run else 0)
                matched = True
                break
            if not matched:
                i += 1
    return spans


_COUNTY_PHRASE = re.compile(r"\b([A-Z][\w’'.-]*(?: [A-Z][\w’'.-]*)?) (County|Parish)\b")


def _plausible(text: str, toks: list[_Tok], part: list[int], name: str, lower: set[str],
               g: Gazetteer, include_demonyms: bool = False) -> bool:
    first = toks[part[0]]
    key = fold(name)
    if len(part) == 1:
        word = first.text.casefold()
        if word in _STOP or key in _STOP:
            return False
        if len(first.text) < 3 and not (first.text.isupper() and g.country(first.text)):
            return False
        if g.demonyms.get(key):
            return include_demonyms
        if re.search(r"[’'](?:ve|ll|re|d|m|t)$", first.text, re.IGNORECASE):
            return False  # a contraction ("I've"), not a name
        acronym = first.text.isupper() and len(first.text) <= 4
        if acronym and not g.country(first.text) and not _big_place(g, first.text):
            return False  # "SANA", "NATO": agencies and groups, not "Saña"
        if word in lower and not acronym and not name.split()[-1].casefold() in ADMIN1_WORDS:
            return False  # used as an ordinary word elsewhere in the same text
        if _sentence_start(text, first) and not g.has_exact(name):
            return False  # a capitalised first word that only loosely looks like a place
    prev = toks[part[0] - 1].text.casefold().rstrip(".") if part[0] > 0 else ""
    if prev in _TITLES:
        return False
    before = text[max(0, first.start - 25):first.start]
    if (len(part) == 1 and _PERSON_AFTER.match(text[toks[part[-1]].end:]) and not _LOCATIVE.search(before)
            and not _speaks_for_state(g, name)):
        return False  # "Jones said"; but "Tbilisi says" is the Georgian government
    return True


def find_places(text: str, countries: Sequence[str] = (), doc=None, *,
                include_demonyms: bool = False) -> list[PlaceMention]:
    """Toponyms in `text`, resolved, in text order.

    `countries`: ISO2 codes known to be relevant (they outrank those inferred from the
    text). `doc`: an optional spaCy Doc of the same text; its GPE/LOC/FAC entities are
    used as extra candidates. `include_demonyms`: also return adjectival mentions
    ("Syrian", "Iraqis") as their country (precision 3); off by default because
    "Syrian forces" says who, not where — LGL's gold, however, annotates them.
    """
    g = get_gazetteer()
    spans = _candidate_spans(text, g, include_demonyms)
    if doc is not None:
        spans = _merge_entities(text, spans, doc, g)
    ctx = _context(text, countries, g)
    places = _resolve_all([s.text for s in spans], ctx, g, strong=[s.strong_needed for s in spans],
                          cues=[s.cue for s in spans], qualifiers=[s.qualifier for s in spans])
    out = []
    for s, p in zip(spans, places):
        if p is None:
            continue
        out.append(PlaceMention(text[s.start:s.end], s.start, s.end, p, _precision(text, s.start, s.end, p)))
    return out


def _merge_entities(text: str, spans: list[_Span], doc, g: Gazetteer) -> list[_Span]:
    # a name inside a longer PERSON entity is part of the person ("Rami Abdel Rahman")
    persons = [(e.start_char, e.end_char) for e in doc.ents
               if e.label_ == "PERSON" and len(e.text.split()) > 1]
    spans = [s for s in spans if not any(a <= s.start and s.end <= b and (s.start, s.end) != (a, b)
                                         for a, b in persons)]
    taken = [(s.start, s.end) for s in spans]
    out = list(spans)
    for ent in doc.ents:
        if any(a < ent.end_char and ent.start_char < b for a, b in taken):
            continue
        label = ent.label_
        name = ent.text
        if label in ("GPE", "LOC", "FAC"):
            ok = g.has(name)
        elif label in ("ORG", "PERSON", "NORP"):
            # mislabelled places: accept only after a locative word ("in Palmyra")
            ok = (label != "NORP" and g.has_exact(name)
                  and bool(_LOCATIVE.search(text[max(0, ent.start_char - 25):ent.start_char])))
        else:
            ok = False
        if ok and not g.demonyms.get(fold(name)):
            out.append(_Span(name, ent.start_char, ent.end_char, strong_needed=label != "GPE"))
    out.sort(key=lambda s: s.start)
    return out


def _context(text: str, countries: Sequence[str], g: Gazetteer) -> list[str]:
    ctx = list(countries)
    for cc in infer_countries(text):
        if cc not in ctx:
            ctx.append(cc)
    return ctx


#: Weight of a town name's vote for its country in :func:`infer_countries`.
TOWN_VOTE = 0.5


def infer_countries(text: str) -> list[str]:
    """ISO2 codes of the countries an article is about, most mentioned first.

    Country names and demonyms count 1; unambiguous large places (an admin1 area such
    as a US state, or a town of 200,000+ named by its own primary name) count 0.5.
    """
    return list(_infer_countries(text, get_gazetteer()))


@lru_cache(maxsize=4)
def _infer_countries(text: str, g: Gazetteer) -> tuple[str, ...]:
    """:func:`infer_countries`, once per text (the analysis asks for the same article
    several times: for its context country and inside :func:`find_places`)."""
    score: Counter[str] = Counter()
    toks, runs = _tokens_and_runs(text, g)
    for run in runs:
        i = 0
        while i < len(run):
            step = 1
            for length in range(min(4, len(run) - i), 0, -1):
                name = text[toks[run[i]].start:toks[run[i + length - 1]].end]
                cc = g.country(name)
                if cc and not g.has_exact(name):  # a demonym
                    score[cc] += 1.0
                    step = length
                    break
                if cc:
                    # a country name that is also a state or a town ("Georgia", "Jordan")
                    # shares its vote with those readings
                    ranked = [c for c in g.scored(name) if c.tier < 2][:4]
                    top = ranked[0].score if ranked else 0.0
                    votes: Counter[str] = Counter()
                    for c in ranked:
                        if c.place.country_code and (c.place.feature != "city" or c.place.population >= 100_000):
                            votes[c.place.country_code] += 2.0 ** (c.score - top)
                    total = sum(votes.values()) or 1.0
                    for code, v in (votes or {cc: 1.0}).items():
                        score[code] += v / total
                    step = length
                    break
                if length == 1 and fold(name) in _STOP:
                    continue
                ranked = [c for c in g.scored(name) if c.tier < 2] if g.has_exact(name) else []
                if ranked:
                    # each name votes for the countries of its readings, weighted by rank
                    votes: Counter[str] = Counter()
                    for c in ranked[:8]:
                        if c.place.country_code and (c.place.population >= 1000 or c.place.feature != "city"):
                            votes[c.place.country_code] += 2.0 ** (c.score - ranked[0].score)
                    total = sum(votes.values())
                    # a first-level area (a US state, "Borno") is as telling as a country
                    weight = 1.0 if ranked[0].place.feature == "admin1" else TOWN_VOTE
                    for cc, v in votes.items():
                        score[cc] += weight * v / total
                    step = length
                    break
            i += step
    return tuple(cc for cc, _ in score.most_common())


def resolve_names(names: Sequence[str], text: str, countries: Sequence[str] = ()) -> list[Place | None]:
    """Resolve given toponym strings (e.g. gold mentions) with the text as context."""
    g = get_gazetteer()
    given = list(names)
    # the other places the text names serve as context only (as the gold list may omit them)
    extra = [sp for sp in _candidate_spans(text, g) if sp.text not in set(given)]
    resolved = _resolve_all(given + [sp.text for sp in extra], _context(text, countries, g), g,
                            strong=[None] * len(given) + [sp.strong_needed for sp in extra],
                            qualifiers=_given_qualifiers(given, text, g) + [sp.qualifier for sp in extra])
    return resolved[:len(given)]


def _given_qualifiers(names: list[str], text: str, g: Gazetteer) -> list:
    """Qualifier after the first occurrence of each given name in the text."""
    out = []
    for n in names:
        i = text.find(n)
        out.append(_qualifier(text, i + len(n), g) if i >= 0 else None)
    return out


def _resolve_all(names: list[str], ctx: list[str], g: Gazetteer,
                 strong: Sequence[bool | None] | None = None,
                 cues: Sequence[bool] | None = None,
                 qualifiers: Sequence[tuple[str, str | None] | None] | None = None) -> list[Place | None]:
    """Two passes: country context, then the admin1 areas and neighbourhood that the
    article's other (distinct) place names agree on.

    `strong[k]`: True when name k sits inside a longer capitalised run (needs a strong
    match), False for a free-standing candidate, None for a given name (no filter)."""
    ranked0 = {n: g.scored(n, ctx) for n in dict.fromkeys(names)}
    support = _area_support(ranked0, g)
    bonuses = {n: _area_bonus(support, n) for n in ranked0} if support else {}
    # first pass: country context and the other names' graded area support
    best0 = {n: g.resolve(n, ctx, area_bonus=bonuses[n]) if support else g.pick(r, n, ctx)
             for n, r in ranked0.items()}
    first = [best0[n] for n in names]
    areas: Counter = Counter((p.country_code, p.admin1_code) for p in
                             {n: p for n, p in zip(names, first)}.values()
                             if p is not None and p.admin1_code and p.feature != "country")
    # a US county name tells its state(s) ("Walker County" -> AL, GA or TX)
    for n in set(names):
        states = g.county_states(n)
        for st in states:
            areas[("US", st)] += 1.0 / len(states)
    out: list[Place | None] = []
    qualified: dict[str, Place] = {}
    # every occurrence of a name has the same first-pass place, the same areas and the
    # same neighbours (the other names' places), so the second pass runs once per name
    second: dict[str, tuple] = {}
    fitting: dict[tuple, Place | None] = {}
    for k, (name, p) in enumerate(zip(names, first)):
        own = (p.country_code, p.admin1_code) if p is not None and p.admin1_code else None
        if name not in second:
            a1 = [a for a, c in areas.items() if c - (1 if a == own else 0) >= 0.99]
            near = [(o.latitude, o.longitude) for j, o in enumerate(first)
                    if o is not None and o.feature not in ("country", "continent", "admin1")
                    and names[j] != name]
            bonus = bonuses.get(name) if support else _area_bonus(support, name)
            q = g.resolve(name, ctx, admin1=a1, near=near, area_bonus=bonus) if (a1 or near or bonus) else p
            second[name] = (q, a1, near)
        q, a1, near = second[name]
        qual = qualifiers[k] if qualifiers is not None else None
        if qual is not None:
            # an explicit "X, Texas" / "X in Syria" outranks every other clue
            if (name, qual) not in fitting:
                fits = [c.place for c in g.scored(name, [qual[0], *ctx], admin1=a1, near=near)
                        if c.place.country_code == qual[0]
                        and (qual[1] is None or c.place.admin1_code == qual[1])]
                fitting[(name, qual)] = fits[0] if fits else None
            if fitting[(name, qual)] is not None:
                q = fitting[(name, qual)]
                qualified[name] = q
        if q is None:
            q = _admin2_guess(name, first, areas, g)
        if q is not None and strong is not None and strong[k] is not None:
            exact = g.has_exact(name)
            if strong[k] and (not exact or not _strong(q, ctx)):
                q = None  # a name inside a longer capitalised run ("Rami Abdel Rahman")
            elif not exact and q.country_code not in ctx[:2] and q.population < 1_000_000:
                q = None  # loose spelling match outside the article's main countries
            elif (cues is not None and not cues[k] and q.feature == "city" and q.population < SMALL_TOWN
                  and areas.get((q.country_code, q.admin1_code), 0) - (1 if own == (q.country_code, q.admin1_code) else 0) < 0.99):
                q = None  # a lone capitalised word naming a hamlet far from the story's area
        out.append(q)
    # one sense per discourse: "Paris, Texas" ... "Paris" is the same Paris
    return [qualified.get(n, q) if q is not None else q for n, q in zip(names, out)]


#: Focus-area evidence (tuned on LGL odd docids): a name supports an admin1 area with
#: exp(-SUPPORT_DECAY * (its best score - its best score in that area)), so a name whose
#: only good readings lie in one state points there while "Springfield" (in every state)
#: supports all about equally; a candidate gains AREA_WEIGHT per unit of the support of
#: the OTHER names for its area, at most AREA_CAP.
SUPPORT_DECAY = 0.4
AREA_WEIGHT = 0.5
AREA_CAP = 2.0
SUPPORT_TOP = 40  # candidates per name considered
AREA_NAMED = 3.0  # weight of a named admin1 area ("Virginia") as support for itself


def _area_support(ranked: dict[str, list], g: Gazetteer) -> dict[str, dict[tuple[str, str], float]]:
    """Per distinct name, how strongly it points to each admin1 area (0..1; a named
    area up to AREA_NAMED for itself).

    Every reading counts, not only the first-pass winner: a story about Paris, Illinois
    and Martinsville, Illinois lands in Illinois even when each name alone would go to
    a bigger namesake elsewhere. A US county name supports its states (shared when
    several states have a county of that name)."""
    out: dict[str, dict[tuple[str, str], float]] = {}
    for n, cands in ranked.items():
        sup: dict[tuple[str, str], float] = {}
        states = g.county_states(n)
        if states:
            for st in states:
                sup[("US", st)] = 1.0 / len(states)
        elif cands:
            best = cands[0].score
            for c in cands[:SUPPORT_TOP]:
                p = c.place
                if not p.admin1_code or p.feature in ("country", "continent"):
                    continue
                k = (p.country_code, p.admin1_code)
                w = math.exp(-SUPPORT_DECAY * (best - c.score))
                if p.feature == "admin1":
                    w *= AREA_NAMED  # the area itself named ("Virginia") says more than a town
                if w > sup.get(k, 0.0):
                    sup[k] = w
        if sup:
            out[n] = sup
    return out


def _area_bonus(support: dict[str, dict[tuple[str, str], float]], name: str) -> dict[tuple[str, str], float]:
    """Score bonus per admin1 area from the other names' support."""
    total: dict[tuple[str, str], float] = {}  # summed in the order Counter.update would
    get = total.get
    for n, sup in support.items():
        if n != name:
            for k, v in sup.items():
                total[k] = v + get(k, 0)
    return {k: min(AREA_CAP, AREA_WEIGHT * v) for k, v in total.items() if v > 0.05}


#: Towns smaller than this need a cue ("in X", "X, Texas") or company in their province.
SMALL_TOWN = 5000


def _strong(p: Place, ctx: Sequence[str]) -> bool:
    """Good enough to stand inside a longer capitalised run (which may be a person)."""
    return (p.feature in ("country", "admin1", "admin2", "curated", "continent")
            or p.population >= 100_000 or (bool(ctx) and p.country_code == ctx[0] and p.population >= 1000))


def _admin2_guess(name: str, resolved: list[Place | None], areas: Counter, g: Gazetteer) -> Place | None:
    """'X County' / 'X District': the package has no admin2 areas, so place the area at
    the article's focus (its most-mentioned town in its most-mentioned admin1 area that
    has a county of that name), else, for a county name found in one state only, at that
    state's point. A deliberate, documented guess for local news; precision 3."""
    words = name.split()
    if len(words) < 2 or words[-1].casefold() not in ADMIN2_WORDS:
        return None
    states = g.county_states(name)
    ranked = [a for a, _ in areas.most_common() if not states or a in {("US", st) for st in states}]
    if not ranked:
        return None
    cc, a1 = ranked[0]
    towns = Counter(p for p in resolved if p is not None and p.feature == "city"
                    and p.country_code == cc and p.admin1_code == a1)
    if not towns:
        area = g.admin1_place(cc, a1) if len(states) == 1 or areas[(cc, a1)] >= 0.99 else None
        if area is None:
            return None
        return Place(name=name, latitude=area.latitude, longitude=area.longitude,
                     country=area.country, country_code=cc, admin1=area.admin1, admin2=name,
                     geonameid=None, feature="admin2", population=0, admin1_code=a1)
    focus = towns.most_common(1)[0][0]
    return Place(name=name, latitude=focus.latitude, longitude=focus.longitude,
                 country=focus.country, country_code=cc, admin1=focus.admin1, admin2=name,
                 geonameid=None, feature="admin2", population=0, admin1_code=a1)
