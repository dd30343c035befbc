"""Casualty and attack counts in one sentence of conflict reporting.

Turns "At least 287 IS fighters were killed" into CasualtyCount(kind="killed", value=287,
qualifier="at_least", party="IS fighters", ...). The method is a small hand-written reader
over word tokens, not a statistical model:

1. find number phrases: digits ("1,171"), number words ("twenty-five", "two hundred"),
   and vague quantities ("dozens", "half a dozen", "scores", "hundreds"), with an
   optional qualifier in front ("at least", "more than", "some", "up to");
2. read the noun phrase after the number as the party ("regime fighters", "civilians");
3. decide the kind from the words around it: a passive casualty verb after it ("were
   killed", "dead", "died"), an active one before it ("killing three civilians", "left
   ... dead"), the toll wording ("the death toll rose to 45"), or the noun itself
   ("five suicide car bombs", "at least 10 strikes");
4. spread the kind over coordinated counts ("27 regime fighters and 26 jihadists dead")
   and mark breakdowns ("among them four children", "including 11 suicide bombers") as
   sub-counts of their parent (`subset_of`), never summing them;
5. flag a sentence's counts as cumulative when it reports a running toll ("since 2011",
   "so far", "the war has killed", "in three months of strikes").

Numbers that are not counts (distances, percentages, years, dates, "2,000-year-old")
are dropped. Vague quantities carry no single value; their documented ranges are in
VAGUE below and in docs/data/actors.md.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class CasualtyCount:
    kind: str  # "killed" | "wounded" | "captured" | "arrested" | "missing" | "casualties"
    #            | "car_bombs" | "suicide_bombers" | "suicide_attacks" | "strikes" | "barrel_bombs"
    value: int | None
    low: int | None
    high: int | None
    qualifier: str  # "exact" | "at_least" | "more_than" | "approx" | "at_most" | "range"
    party: str | None  # whose dead / whose strikes, e.g. "IS fighters", "civilians"
    text: str
    start: int
    end: int
    cumulative: bool  # a running/overall toll, not one event's
    subset_of: int | None = None  # index (in the returned list) of the count this one breaks down


# --------------------------------------------------------------------------- tables

UNITS = {
    0: "zero", 1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven",
    8: "eight", 9: "nine", 10: "ten", 11: "eleven", 12: "twelve", 13: "thirteen",
    14: "fourteen", 15: "fifteen", 16: "sixteen", 17: "seventeen", 18: "eighteen",
    19: "nineteen",
}
TENS = {20: "twenty", 30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy",
        80: "eighty", 90: "ninety"}
SMALL = {w: n for n, w in {**UNITS, **TENS}.items()}
MULTIPLIERS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000}

# Vague quantities: (value, low, high). value None = no single figure is stated; the
# bounds are the plain reading of the word ("dozens" = at least two dozen, under 100).
VAGUE: dict[tuple[str, ...], tuple[int | None, int | None, int | None]] = {
    ("half", "a", "dozen"): (6, 5, 7),
    ("a", "dozen"): (12, 10, 14),
    ("dozen",): (12, 10, 14),
    ("dozens",): (None, 24, 99),
    ("scores",): (None, 40, 199),
    ("hundreds",): (None, 200, 999),
    ("thousands",): (None, 2_000, 9_999),
    ("tens", "of", "thousands"): (None, 20_000, 99_999),
    ("hundreds", "of", "thousands"): (None, 200_000, 999_999),
    ("several",): (None, 3, 9),
    ("a", "few"): (None, 2, 5),
    ("a", "handful"): (None, 2, 6),
    ("a", "hundred"): (100, 100, 100),
    ("a", "thousand"): (1000, 1000, 1000),
    ("a", "million"): (1_000_000, 1_000_000, 1_000_000),
}

QUALIFIERS: dict[tuple[str, ...], str] = {
    ("at", "least"): "at_least",
    ("no", "fewer", "than"): "at_least",
    ("no", "less", "than"): "at_least",
    ("not", "less", "than"): "at_least",
    ("a", "minimum", "of"): "at_least",
    ("more", "than"): "more_than",
    ("over",): "more_than",
    ("upwards", "of"): "more_than",
    ("in", "excess", "of"): "more_than",
    ("some",): "approx",
    ("about",): "approx",
    ("around",): "approx",
    ("roughly",): "approx",
    ("approximately",): "approx",
    ("an", "estimated"): "approx",
    ("nearly",): "approx",
    ("almost",): "approx",
    ("close", "to"): "approx",
    ("up", "to"): "at_most",
    ("as", "many", "as"): "at_most",
    ("fewer", "than"): "at_most",
    ("less", "than"): "at_most",
    ("at", "most"): "at_most",
    ("between",): "range",
}
def _by_first_word(table: dict) -> dict:
    """Multi-word table entries indexed by their first word, longest first."""
    index: dict = {}
    for words, val in sorted(table.items(), key=lambda kv: -len(kv[0])):
        index.setdefault(words[0], []).append((words, val))
    return index


_QUALIFIERS_BY_FIRST = _by_first_word(QUALIFIERS)
_VAGUE_BY_FIRST = _by_first_word(VAGUE)
# exact-count words that may stand before a number and belong to the phrase
LEAD_EXACT = {("another",), ("a", "further"), ("only",)}

# words after a number that show it is not a head count
NON_COUNT_UNITS = {
    "km", "kms", "kilometres", "kilometers", "kilometre", "kilometer", "miles", "mile", "meters",
    "metres", "meter", "metre", "yards", "feet", "ft", "m", "cm", "mm", "percent", "per",
    "pc", "hours", "hour", "days", "day", "weeks", "week", "months", "month", "years", "year",
    "minutes", "minute", "seconds", "am", "pm", "gmt", "utc", "times", "dollars", "euros",
    "pounds", "tonnes", "tons", "kg", "kilograms", "barrels", "litres", "liters", "square",
    "degrees", "decades", "centuries", "o'clock", "acres", "hectares", "sq", "billion",
    "nights", "rounds", "shots", "bpd",
}
MONTHS = {
    "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june",
    "jul", "july", "aug", "august", "sep", "sept", "september", "oct", "october", "nov",
    "november", "dec", "december",
}
NON_COUNT_BEFORE = {
    "resolution", "route", "highway", "road", "brigade", "division", "battalion", "flight",
    "page", "article", "no", "number", "chapter", "section", "room", "level", "km", "kilometre",
    "$", "£", "€", "us$", "#", "paragraph", "grade", "class", "type", "model",
}

KILL = "killed"
VERBS_AFTER: dict[str, str] = {
    "killed": KILL, "dead": KILL, "died": KILL, "die": KILL, "perished": KILL, "slain": KILL,
    "executed": KILL, "beheaded": KILL, "massacred": KILL, "murdered": KILL, "shot": KILL,
    "neutralised": KILL, "neutralized": KILL, "eliminated": KILL, "lynched": KILL,
    "wounded": "wounded", "injured": "wounded", "hurt": "wounded",
    "captured": "captured", "abducted": "captured", "kidnapped": "captured",
    "taken": "captured",  # "taken prisoner/hostage" (checked below)
    "arrested": "arrested", "detained": "arrested",
    "missing": "missing",
}
# before a passive verb: "were reportedly killed", "are believed to have been killed"
AUX = {
    "were", "was", "have", "has", "had", "been", "being", "are", "is", "got", "also",
    "reportedly", "allegedly", "all", "later", "subsequently", "both", "confirmed",
    "reported", "believed", "thought", "feared", "said", "to", "be", "apparently",
    "now", "already", "initially", "each", "who", "had", "since", "may", "might", "could",
    "would", "will", "likely", "probably", "presumed", "feared", "found",
}
VERBS_BEFORE: dict[str, str] = {
    "killing": KILL, "killed": KILL, "kill": KILL, "kills": KILL, "slew": KILL,
    "massacred": KILL, "executed": KILL, "executing": KILL, "beheaded": KILL,
    "beheading": KILL, "murdered": KILL, "murdering": KILL, "claiming": KILL,
    "neutralised": KILL, "neutralized": KILL, "neutralising": KILL, "neutralizing": KILL,
    "wounding": "wounded", "wounded": "wounded", "injuring": "wounded", "injured": "wounded",
    "wounds": "wounded", "injures": "wounded",
    "capturing": "captured", "captured": "captured", "abducting": "captured",
    "abducted": "captured", "kidnapping": "captured", "kidnapped": "captured",
    "arresting": "arrested", "arrested": "arrested", "detaining": "arrested",
    "detained": "arrested",
}
# "the deaths of 20", "the bodies of 12", "claimed the lives of 30"
OF_NOUNS = {"deaths": KILL, "death": KILL, "lives": KILL, "bodies": KILL, "killing": KILL,
            "killings": KILL, "execution": KILL, "executions": KILL, "massacre": KILL,
            "abduction": "captured", "kidnapping": "captured", "arrest": "arrested",
            "arrests": "arrested"}
TOLL_VERBS = {"rose", "risen", "climbed", "reached", "stood", "stands", "is", "was", "has",
              "had", "to", "at", "of", "increased", "jumped", "hit", "mounted", "now", "rise",
              "rising", "topped", "passed", "exceeded", "soared", "more", "than", "least"}

# a noun phrase's head that is itself the kind
NOMINAL = [
    (re.compile(r"(?:^|\s)(?:suicide\s+)?(?:car|truck|vehicle|lorry)[\s-]*bomb(?:s|ings?)?$"), "car_bombs"),
    (re.compile(r"(?:^|\s)vbieds?$"), "car_bombs"),
    (re.compile(r"(?:^|\s)suicide\s+bombers?$"), "suicide_bombers"),
    (re.compile(r"(?:^|\s)suicide\s+(?:attacks?|bombings?|blasts?)$"), "suicide_attacks"),
    (re.compile(r"(?:^|\s)barrel[\s-]+bombs?$"), "barrel_bombs"),
    (re.compile(r"(?:^|\s)(?:air\s*|drone\s+|missile\s+)?(?:strikes?|raids?|sorties)$|airstrikes?$"), "strikes"),
    (re.compile(r"(?:^|\s)(?:deaths|fatalities|dead|bodies|corpses|killed)$"), KILL),
    (re.compile(r"(?:^|\s)casualties$"), "casualties"),
    (re.compile(r"(?:^|\s)(?:injuries|injured|wounded)$"), "wounded"),
    (re.compile(r"(?:^|\s)(?:prisoners|hostages|captives)$"), "captured"),
]
PERSON_NOMINAL = {"suicide_bombers"}  # persons: "were killed" after them makes them the dead

# "a civilian was killed" counts one
PERSON_SINGULAR = {
    "civilian", "soldier", "child", "woman", "man", "boy", "girl", "policeman", "policewoman",
    "officer", "fighter", "militant", "journalist", "person", "resident", "farmer", "student",
    "teenager", "jihadist", "rebel", "gunman", "villager", "worker", "guard", "commander",
    "trooper", "serviceman", "paramedic", "medic", "doctor", "nurse", "teacher", "baby",
    "toddler", "infant", "driver", "shepherd", "protester", "demonstrator", "worshipper",
}

# materiel: counts of these are never casualties ("bullets were captured")
OBJECT_NOUNS = {
    "pistols", "rifles", "guns", "weapons", "bullets", "rounds", "cartridges", "grenades",
    "missiles", "rockets", "mortars", "shells", "tanks", "vehicles", "cars", "trucks", "boats",
    "drones", "kilograms", "kg", "tonnes", "tons", "explosives", "ammunition", "mines",
    "landmines", "devices", "homes", "houses", "buildings", "villages", "towns", "positions",
    "checkpoints", "posts", "bases", "camps", "hectares", "acres", "dollars", "litres",
    "barrels", "sheep", "cattle", "cows", "goats", "heads", "warrants", "orders", "searches",
    "contracts", "deals", "plans", "projects", "programmes", "programs", "operations",
}

# party words: a party stops at any of these
PARTY_STOP = {
    "were", "was", "is", "are", "have", "has", "had", "been", "being", "be", "will", "would",
    "could", "may", "might", "also", "reportedly", "all", "both", "including", "among", "in",
    "on", "at", "from", "near", "during", "after", "before", "by", "with", "when", "while",
    "as", "to", "into", "for", "across", "over", "under", "against", "who", "which", "that",
    "whom", "whose", "and", "or", "but", "than", "since", "said", "says", "say", "told",
    "according", "the", "a", "an", "this", "these", "those", "its", "their", "his", "her",
    "mostly", "most", "many", "each", "per", "cent", "percent", "of", "since", "last",
    "this", "so", "far", "until", "through", "within", "without", "amid", "following",
    "inside", "outside", "around", "about", "between", "there", "it", "they", "he", "she",
    "we", "i", "you", "not", "no", "only", "just", "still", "then", "yesterday", "today",
    "tonight", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "did", "do", "does", "can", "shall", "should", "must",
} | set(VERBS_AFTER) | set(VERBS_BEFORE) | set(SMALL) | set(MULTIPLIERS) | MONTHS
# a head after which "of the ..." continues the party ("members of the security forces")
OF_HEADS = {"members", "fighters", "soldiers", "personnel", "officers", "troops", "employees",
            "workers", "supporters", "families", "staff", "militants", "units", "elements",
            "recruits"}
PARTY_VERBS = {"left", "leaving", "struck", "hit", "fled", "came", "went", "took", "fought", "tried", "blew",
               "launched", "fired", "stormed", "entered", "remain", "remained", "arrived",
               "exploded", "detonated", "attacked", "seized", "overran", "made", "set", "met"}
PARTY_DROP = {"more", "other", "further", "additional", "others", "new", "fresh", "people's",
              "suspected", "alleged", "would-be", "presumed"}

SUBSET_MARKERS = [("among", "them"), ("among", "whom"), ("among", "those"), ("of", "whom"),
                  ("among", "the", "dead"), ("among", "the", "victims"), ("including",),
                  ("among", "the", "killed"), ("of", "them")]

CUMULATIVE = re.compile(
    r"""\bsince\b[^.;]{0,60}?\b(?:19|20)\d\d\b
      |\bsince\s+(?:the\s+)?(?:[\w-]+\s+)?(?:protests|uprising|revolt|war|conflict|invasion|coup|fighting)\b
      |\bsince\s+(?:(?:the\s+)?(?:start|beginning|outbreak|onset|launch)\b
                     |(?:early|late|mid-?)?\s*(?:19|20)\d\d\b
                     |(?:the\s+)?(?:war|conflict|uprising|revolt|revolution|campaign|crisis|invasion|offensive|fighting|operation|air\s+campaign|strikes|bombing)\b
                     |(?:early\s+|late\s+|mid-?)?(?:january|february|march|april|may|june|july|august|september|october|november|december)\b
                     |it\s+(?:began|started|was\s+launched)|then\b)
      |\bso\s+far\b|\bto\s+date\b|\bin\s+total\b|\boverall\b|\ball\s+told\b|\bcumulative\b
      |\brunning\s+(?:death\s+)?toll\b|\bthroughout\s+the\b
      |\b(?:the|this|a|years?\s+of|its)\s+(?:(?:civil|\d+-year|years-long|long)\s+)?(?:war|conflict|insurgency|uprising)\s+(?:has|had|have)\s+(?:so\s+far\s+)?(?:killed|claimed|left)
      |\b(?:in|over|during)\s+the\s+(?:last|past|first)\s+(?:\w+\s+)?(?:weeks?|months?|years?)\b
      |\b(?:in|over|after|during)\s+(?:\w+\s+)?(?:weeks|months|years)\s+of\b
      |^\s*(?:\w+\s+)?(?:weeks|months|years)\s+of\s+[\w\s-]*?(?:strikes|fighting|war|conflict|bombing|raids|clashes)\b
      |\bdeath\s+toll\s+since\b
      |\b(?:killed|died|dead)\s+(?:in|during|over|throughout)\s+(?:the\s+|[\w-]+['\u2019]s\s+)?(?:[\w-]+\s+){0,2}?(?:war|conflict|insurgency|uprising|civil\s+war)\b(?![-\u2010])""",
    re.IGNORECASE | re.VERBOSE,
)

_TOKEN = re.compile(r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[A-Za-z]+(?:['\u2019][A-Za-z]+)*|%|\S")


@dataclass
class _Tok:
    text: str
    low: str
    start: int
    end: int


@dataclass
class _Num:
    """A number phrase found in the sentence, before its kind is known."""

    i0: int  # first token (qualifier or number)
    i_num: int  # first token of the number itself
    i1: int  # one past the number
    p1: int  # one past the party
    value: int | None
    low: int | None
    high: int | None
    qualifier: str
    party: str | None
    party_inherit: bool = False  # "others": the party is the previous count's
    kind: str | None = None
    nominal: str | None = None
    subset_marker: str | None = None
    subset_of: int | None = None
    active_after: bool = False
    rest: str | None = None  # the party without a kind head ("IS" in "IS suicide bombers")


def _tokens(sentence: str) -> list[_Tok]:
    return [_Tok(m.group(), m.group().lower().replace("\u2019", "'"), m.start(), m.end())
            for m in _TOKEN.finditer(sentence)]


def _starts(toks: list[_Tok], i: int, words: tuple[str, ...]) -> bool:
    """Whether the tokens from i on spell `words` (lower case)."""
    n = len(words)
    if n == 0:
        return True
    if i + n > len(toks) or toks[i].low != words[0]:
        return False  # the usual answer, without building a tuple
    return all(toks[i + k].low == words[k] for k in range(1, n))


#: larger figures are not casualty counts (and would not fit the database's integers)
MAX_COUNT = 100_000_000


def _read_number(toks: list[_Tok], i: int) -> tuple[int, int | None, int | None, int | None, bool] | None:
    """(end index, value, low, high, vague) for a number phrase at token i, else None."""
    for words, (v, lo, hi) in _VAGUE_BY_FIRST.get(toks[i].low, ()):
        if _starts(toks, i, words):
            j = i + len(words)
            # "a hundred" must not swallow "a hundred and fifty"-style phrases; keep simple
            return j, v, lo, hi, v is None or words[-1] == "dozen" or words[-1] == "dozens"
    tok = toks[i]
    if tok.text[0].isdigit():
        try:
            value = float(tok.text.replace(",", ""))
        except ValueError:
            return None
        j = i + 1
        if j < len(toks) and toks[j].low in MULTIPLIERS and toks[j].low != "hundred":
            value *= MULTIPLIERS[toks[j].low]
            j += 1
        if not math.isfinite(value) or value > MAX_COUNT or value != int(value):
            return None  # not a count of people (or an absurd one): no claim
        return j, int(value), int(value), int(value), False
    if tok.low in SMALL or tok.low in ("hundred", "thousand"):
        total, current, j, seen = 0, 0, i, False
        while j < len(toks):
            w = toks[j].low
            if w in SMALL:
                current += SMALL[w]
                seen = True
            elif w in MULTIPLIERS and seen:
                mult = MULTIPLIERS[w]
                if mult == 100:
                    current *= 100
                else:
                    total += current * mult
                    current = 0
            elif w == "-" and j + 1 < len(toks) and toks[j + 1].low in SMALL and seen:
                pass
            elif w == "and" and seen and j + 1 < len(toks) and toks[j + 1].low in SMALL \
                    and j > i and toks[j - 1].low in MULTIPLIERS:
                pass
            else:
                break
            j += 1
        if not seen:
            return None
        value = total + current
        return j, value, value, value, False
    return None


def _is_noncount(toks: list[_Tok], i_num: int, i1: int) -> bool:
    """Distances, percentages, dates, years, ages and other non-head-count numbers."""
    nxt = toks[i1] if i1 < len(toks) else None
    prev = toks[i_num - 1] if i_num > 0 else None
    prev2 = toks[i_num - 2] if i_num > 1 else None
    if nxt is not None:
        if nxt.low in NON_COUNT_UNITS or nxt.low in MONTHS or nxt.text == "%":
            return True
        # "2,000-year-old", "three-day": a hyphenated compound (but not "twenty-five")
        if nxt.text in "-\u2010\u2011" and nxt.start == toks[i1 - 1].end:
            return True
        if nxt.text in (":", "/") and i1 + 1 < len(toks) and toks[i1 + 1].text[0].isdigit():
            return True  # times, fractions, scores
    if prev is not None:
        if prev.low in MONTHS or (prev.text == "." and prev2 is not None and prev2.low in MONTHS):
            return True
        if prev.low in NON_COUNT_BEFORE and toks[i_num].text[0].isdigit():
            return True
        if prev.text in ("$", "£", "€", "#"):
            return True
    if prev is not None and prev.text == "," and nxt is not None and nxt.text == "," and \
            prev2 is not None and prev2.text[:1].isupper() and toks[i_num].text.isdigit():
        return True  # an age after a name: "Gabriel Shearer, 34, of Richmond"
    raw = toks[i_num].text
    if raw.isdigit() and len(raw) == 4 and 1900 <= int(raw) <= 2100:
        return True  # a year
    return False


def _read_party(toks: list[_Tok], j: int) -> tuple[int, list[_Tok]]:
    """The noun phrase after a number: tokens up to a stop word (at most six words)."""
    words: list[_Tok] = []
    while j < len(toks) and len(words) < 5:
        t = toks[j]
        if t.low == "of" and words and words[-1].low in OF_HEADS:
            k = j + 1
            if k < len(toks) and toks[k].low == "the":
                k += 1
            if k < len(toks) and toks[k].low not in PARTY_STOP and toks[k].text[0].isalpha():
                words.extend(toks[j:k])
                j = k
                continue
            break
        if t.text in "-\u2010" and words and j + 1 < len(toks) and toks[j + 1].text[0].isalpha() \
                and t.start == words[-1].end:
            words.append(t)
            j += 1
            continue
        # "Facilities Protection Service (FPS) personnel": keep a bracketed abbreviation
        if t.text == "(" and words and j + 2 < len(toks) and toks[j + 1].text.isupper() \
                and toks[j + 2].text == ")":
            words.extend(toks[j:j + 3])
            j += 3
            continue
        shout = t.text.isupper() and len(t.text) > 1  # "IS", "US": names, not stop words
        if not t.text[0].isalpha() or (t.low in PARTY_STOP and not shout):
            break
        after_hyphen = bool(words) and words[-1].text in "-\u2010"
        # a verb form after the head noun ends the phrase ("strikes targeting", "bombers struck")
        if words and not after_hyphen and (
                t.low in PARTY_VERBS or (len(t.low) > 4 and t.low.endswith(("ing", "ed")))):
            break
        if t.text.islower() and len(t.low) > 4 and t.low.endswith("ly") and t.low not in ("family", "supply"):
            break
        words.append(t)
        j += 1
        if _nominal_kind(sentence_of(words))[0] and not (j < len(toks) and toks[j].low in ("bombs", "bombers", "bomb", "attacks", "bombings")):
            break  # the head is a kind noun: the phrase ends here
    while words and words[-1].text in "-\u2010":
        words.pop()
        j -= 1
    return j, words


def sentence_of(words: list[_Tok]) -> str:
    return " ".join(w.text for w in words).replace(" - ", "-")


def _party_text(sentence: str, words: list[_Tok]) -> tuple[str | None, bool]:
    kept = list(words)
    inherit = False
    while kept and kept[0].low in PARTY_DROP:
        if kept[0].low == "others":
            inherit = True
        kept.pop(0)
    if not kept:
        return None, inherit or any(w.low == "others" for w in words)
    text = sentence[kept[0].start:kept[-1].end].replace(" ( ", " (").replace(" )", ")")
    return text, inherit


def _nominal_kind(party: str | None) -> tuple[str | None, str | None]:
    """(kind, remaining party) when the party's head noun is itself a kind."""
    if not party:
        return None, party
    low = party.lower()
    for rx, kind in NOMINAL:
        m = rx.search(low)
        if m:
            rest = party[: m.start()].strip() or None
            return kind, rest
    return None, party


def _right_verb(toks: list[_Tok], j: int) -> tuple[str | None, bool]:
    """(kind, active) from a casualty verb right after the party (skipping auxiliaries)."""
    k, aux = j, 0
    while k < len(toks) and toks[k].low in AUX and aux < 6:
        k += 1
        aux += 1
    if k >= len(toks):
        return None, False
    w = toks[k].low
    if w == "lost" and _starts(toks, k + 1, ("their", "lives")):
        return KILL, False
    if w not in VERBS_AFTER:
        return None, False
    kind = VERBS_AFTER[w]
    if w == "taken" and not (k + 1 < len(toks) and toks[k + 1].low in ("prisoner", "hostage", "captive")):
        return None, False
    if w == "shot" and not _starts(toks, k + 1, ("dead",)):
        return None, False
    # an active verb ("five car bombs killed 20 soldiers"): the count did the killing
    if aux == 0 and k + 1 < len(toks):
        n = toks[k + 1]
        if n.text[0].isdigit() or n.low in SMALL or n.low in {
            "a", "an", "the", "his", "her", "their", "its", "at", "dozens", "scores",
            "hundreds", "several", "many", "more", "some", "about", "around", "nearly",
            "up", "over", "two", "civilians", "people", "soldiers"}:
            return None, True
    # "were killed and wounded", "left ... dead and injured": casualties of both kinds
    if k + 2 < len(toks) and toks[k + 1].low in ("and", "or") and toks[k + 2].low != "taken":
        pair = {kind, VERBS_AFTER.get(toks[k + 2].low, kind)}
        if pair == {KILL, "wounded"}:
            return "casualties", False
        if KILL in pair:
            return KILL, False  # "abducted and shot dead": the worst outcome
    return kind, False


def _skip_aside(toks: list[_Tok], j: int) -> int | None:
    """End of a ", ... ," or "( ... )" aside starting at j (at most 12 tokens), else None."""
    if j >= len(toks) or toks[j].text not in (",", "(", "\u2014", "-"):
        return None
    closer = {"(": ")", ",": ",", "\u2014": "\u2014", "-": "-"}[toks[j].text]
    for k in range(j + 1, min(len(toks), j + 14)):
        if toks[k].text == closer:
            return k + 1
        if toks[k].text in (".", ";"):
            return None
    return None


def _left_kind(toks: list[_Tok], i0: int) -> str | None:
    """Kind from the words right before a count: "killing 3", "the deaths of 20", "toll to 45"."""
    k = i0 - 1
    while k >= 0 and toks[k].low in ("another", "further", "a", "only", "some", "also"):
        k -= 1
    if k < 0:
        return None
    w = toks[k].low
    if w in VERBS_BEFORE:
        if w == "claiming" and not _starts(toks, k + 1, ("the", "lives")):
            return None
        if k >= 2 and toks[k - 1].low in ("or", "and") and toks[k - 2].low in VERBS_BEFORE \
                and VERBS_BEFORE[toks[k - 2].low] != VERBS_BEFORE[w]:
            return "casualties"
        return VERBS_BEFORE[w]
    if w == "of" and k >= 1 and toks[k - 1].low in OF_NOUNS:
        return OF_NOUNS[toks[k - 1].low]
    # "the death toll rose to 45", "a toll of at least 30", "the toll since ... has reached 3,000"
    if w in TOLL_VERBS or w == "toll":
        for b in range(k, max(-1, k - 14), -1):
            t = toks[b]
            if t.low == "toll":
                return KILL
            if t.text in (".", ";", ",") or t.text[0].isdigit() or t.low in SMALL:
                break
    return None


def _left_leaving(toks: list[_Tok], i0: int, end: int) -> str | None:
    """"left 27 regime fighters and 26 jihadists dead": the kind comes after the list."""
    k = i0 - 1
    if k < 0 or toks[k].low not in ("left", "leaving", "leaves", "leave"):
        return None
    for m in range(i0, min(len(toks), end + 40)):
        w = toks[m].low
        if w in (".", ";"):
            break
        if w in ("dead", "killed"):
            if m + 2 < len(toks) and toks[m + 1].low in ("and", "or") and \
                    toks[m + 2].low in ("wounded", "injured", "hurt"):
                return "casualties"
            return KILL
        if w in ("wounded", "injured", "hurt"):
            return "wounded"
    return None


def _subset_marker(toks: list[_Tok], i0: int) -> str | None:
    for marker in SUBSET_MARKERS:
        s = i0 - len(marker)
        if s >= 0 and tuple(t.low for t in toks[s:i0]) == marker:
            return " ".join(marker)
    return None


def _bounds(qualifier: str, value: int | None, low: int | None, high: int | None):
    if value is None:
        if qualifier in ("at_least", "more_than"):
            return low, None
        return low, high
    if qualifier == "exact":
        return value, value
    if qualifier == "at_least":
        return value, None
    if qualifier == "more_than":
        return value + 1, None
    if qualifier == "at_most":
        return None, value
    return low if low != value else None, high if high != value else None


_ANY_NUMBER = re.compile(  # a cheap pre-filter: sentences without any count-like word
    r"\d|\b(?:" + "|".join(sorted(set(SMALL) | set(MULTIPLIERS) | {w for k in VAGUE for w in k if w not in ("a", "of", "half")} | {"nobody", "no"}, key=len, reverse=True)) + r")\b"
    r"|\ban?\s+(?:" + "|".join(sorted(PERSON_SINGULAR)) + r")\b",
    re.IGNORECASE,
)


def find_casualties(sentence: str) -> list[CasualtyCount]:
    """Casualty, capture and attack counts stated in one sentence, in order of appearance."""
    if not _ANY_NUMBER.search(sentence):
        return []
    toks = _tokens(sentence)
    nums: list[_Num] = []
    i = 0
    while i < len(toks):
        start = i
        qualifier = "exact"
        for words, q in _QUALIFIERS_BY_FIRST.get(toks[i].low, ()):
            if _starts(toks, i, words):
                qualifier = q
                i += len(words)
                break
        else:
            for words in LEAD_EXACT:
                if _starts(toks, i, words) and i + len(words) < len(toks):
                    i += len(words)
                    break
        read = _read_number(toks, i) if i < len(toks) else None
        zero = False
        if read is None and i < len(toks) - 1 and toks[i].low in ("a", "an") and \
                toks[i + 1].low in PERSON_SINGULAR and qualifier == "exact":
            read = (i + 1, 1, 1, 1, False)  # "a civilian was killed": one
        if read is None and i < len(toks) and (toks[i].low == "nobody" or (
                toks[i].low == "no" and i + 1 < len(toks) and toks[i + 1].low == "one")):
            # "no one was killed": a reported zero (only kept with a casualty verb)
            end = i + 1 if toks[i].low == "nobody" else i + 2
            read, zero = (end, 0, 0, 0, False), True
        elif read is not None and i > 0 and toks[i - 1].low == "no" and toks[i].low == "one":
            read = None
        if read is None:
            i = start + 1
            continue
        i1, value, low, high, vague = read
        i_num = i
        if value is not None and _is_noncount(toks, i_num, i1):
            i = i1
            continue
        # ranges: "between 10 and 15", "10 to 15", "10-15"
        if i1 + 1 < len(toks) and toks[i1].low in ("and", "to", "-", "\u2013") and \
                (qualifier == "range" or toks[i1].low != "and"):
            r2 = _read_number(toks, i1 + 1)
            if r2 is not None and r2[1] is not None and value is not None and r2[1] > value \
                    and not _is_noncount(toks, i1 + 1, r2[0]):
                low, high, value, qualifier = value, r2[1], None, "range"
                i1 = r2[0]
        if qualifier == "range" and value is not None:
            qualifier = "exact"  # "between" without a second number
        if vague and qualifier == "exact":
            qualifier = "approx"
        j = i1
        if vague and j < len(toks) and toks[j].low == "of":
            j += 1
            if j < len(toks) and toks[j].low == "the":
                j += 1
        # "13 out of 19 crew members", "one of the soldiers", "three of them": the first
        # number counts (part of) the party that follows
        if not vague:
            if _starts(toks, j, ("out", "of")):
                r2 = _read_number(toks, j + 2)
                if r2 is not None:
                    j = r2[0]
            elif _starts(toks, j, ("of", "them")) or _starts(toks, j, ("of", "whom")):
                j += 2
            elif _starts(toks, j, ("of", "the")) or _starts(toks, j, ("of", "those")):
                j += 2
                r2 = _read_number(toks, j)
                if r2 is not None:
                    j = r2[0]
        p1, words = _read_party(toks, j)
        party, inherit = _party_text(sentence, words)
        if words and words[-1].low in OBJECT_NOUNS:
            i = max(p1, i1)
            continue  # "234 pistols and 17,000 bullets were captured": materiel, not people
        nominal, rest = _nominal_kind(party)
        if zero:
            qualifier = "exact"
        lo, hi = _bounds(qualifier, value, low, high)
        nums.append(_Num(start, i_num, i1, p1, value, lo, hi, qualifier,
                         party if nominal is None or nominal in PERSON_NOMINAL else rest,
                         party_inherit=inherit, nominal=nominal, rest=rest))
        i = max(p1, i1)

    # direct evidence
    for idx, n in enumerate(nums):
        n.subset_marker = _subset_marker(toks, n.i0)
        after = n.p1
        kind, active = _right_verb(toks, after)
        if kind is None and not active:
            aside_end = _skip_aside(toks, after)
            if aside_end is not None:
                kind, active = _right_verb(toks, aside_end)
        n.active_after = active
        if n.nominal and n.nominal not in PERSON_NOMINAL:
            n.kind = n.nominal
            continue
        if kind is None:
            kind = _left_kind(toks, n.i0) or _left_leaving(toks, n.i0, n.p1)
        if kind is None and n.nominal:
            kind = n.nominal
        elif kind == KILL and n.nominal in PERSON_NOMINAL:
            pass  # suicide bombers who died
        n.kind = kind

    # subsets: "among them 71 ...", "including 11 suicide bombers"
    for idx, n in enumerate(nums):
        if n.subset_marker and idx > 0:
            if n.subset_marker == "including":
                n.subset_of = idx - 1
            else:
                parent = idx - 1
                while parent > 0 and nums[parent].subset_of is not None:
                    parent -= 1
                n.subset_of = parent

    def joined(a: _Num, b: _Num) -> bool:
        """b follows a in a coordination: "a ..., and b" with only and/commas between."""
        between = [t.low for t in toks[a.p1:b.i0]]
        return bool(between) and all(w in (",", "and", "while", "as", "plus", "with", "her", "his",
                                            "their", "its") for w in between) \
            and len(between) <= 3 and b.subset_marker is None

    for _ in range(2):
        for idx in range(1, len(nums)):
            a, b = nums[idx - 1], nums[idx]
            if joined(a, b):
                if b.subset_of is None and a.subset_of is not None:
                    b.subset_of = a.subset_of
                if b.kind is None and a.kind and (a.kind not in PERSON_NOMINAL):
                    b.kind = a.kind
                if b.party is None and b.kind == a.kind and (b.party_inherit or not b.nominal):
                    b.party = a.party
        for idx in range(len(nums) - 2, -1, -1):
            a, b = nums[idx], nums[idx + 1]
            if joined(a, b) and a.kind is None and b.kind and not a.active_after:
                a.kind = b.kind
        for n in nums:
            if n.subset_of is not None:
                parent = nums[n.subset_of]
                if parent.kind and (n.kind is None or n.kind in PERSON_NOMINAL):
                    n.kind = parent.kind
    for idx in range(1, len(nums)):
        if nums[idx].party is None and nums[idx].party_inherit:
            nums[idx].party = nums[idx - 1].party

    cumulative = bool(CUMULATIVE.search(sentence))
    kept = [n for n in nums if n.kind]
    index = {id(n): k for k, n in enumerate(kept)}
    out: list[CasualtyCount] = []
    for n in kept:
        parent = nums[n.subset_of] if n.subset_of is not None else None
        start, end = toks[n.i0].start, toks[max(n.p1, n.i1) - 1].end
        out.append(CasualtyCount(
            kind=n.kind, value=n.value, low=n.low, high=n.high, qualifier=n.qualifier,
            party=n.rest if (n.kind in PERSON_NOMINAL and n.kind == n.nominal) else n.party,
            text=sentence[start:end], start=start, end=end,
            cumulative=cumulative,
            subset_of=index.get(id(parent)) if parent is not None else None,
        ))
    return out
