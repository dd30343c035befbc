"""Find temporal expressions in news text and normalise them against the document date.

Why our own rules: conflict reporting needs every "on Tuesday night", "late January" and
"last month" resolved against the publication date (DCT) *in the right direction*.
HeidelTime does this well but needs a JVM (~3 s per article) and put "late January" into
the wrong year; dateparser invents dates from "And we" or the modal "may"
(docs/findings.md). So this module is a small, readable rule system:

1. Candidate spans come from regular expressions built from the lexical data in
   ``data/time_words.yaml`` (months, weekdays, seasons, number words, units, tense cues).
   Month and weekday names match case-sensitively (``May``/``MAY`` but never ``may``), and
   the verb-like months ("March", "May") need a temporal cue ("in", "since", a day number,
   a year, ...) unless a day or year is attached.
2. Overlapping candidates are resolved leftmost-longest.
3. Each span is normalised to a TIMEX3 value plus the day range it denotes
   (``start_date``/``end_date``) and an ACLED-style time precision.

Direction rules (documented in docs/data/time.md):
* A weekday means the latest such day not after the DCT; the DCT's own weekday means the
  DCT itself (AP style: "said Friday" in a Friday story is the same day; TimeBank agrees).
  If the clause around it is future ("will", "is due to", "plans to", "would", "next"),
  the earliest such day not before the DCT. "last Tuesday" is strictly before the DCT,
  "next Tuesday" strictly after.
* A month name / day-month without a year takes the year of the closest occurrence in the
  clause's direction (past by default, ``default_past``).
* The clause tense is the tense cue (future_cues / past_cues in the YAML) nearest to the
  expression inside its sentence; inside a quotation only the quote's cues count, cues
  beyond a comma count as farther, adjectival "-ed" forms are not past cues.
* Event-relative expressions ("the next day", "that same day", "the following month") and
  bare clock times are resolved by the driver against the latest dated expression before
  them (the narrative's reference time), not the DCT.

With ``dct=None`` nothing is guessed: relative expressions keep a TIMEX3 value with ``X``
placeholders (e.g. ``XXXX-WXX-2`` for "Tuesday") and no dates.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
import re._constants as _sre_constants
import re._parser as _sre_parser
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Callable

import yaml

__all__ = ["Timex", "find_timexes", "sentence_tense_is_future", "clause_tense"]


@dataclass(frozen=True)
class Timex:
    """One temporal expression found in a text (character offsets into that text)."""

    text: str
    start: int
    end: int
    type: str  # "DATE" | "TIME" | "DURATION" | "SET"
    value: str  # TIMEX3 value: "2015-06-02", "2015-W23", "2015-06", "2014-SU", "P33D", ...
    start_date: _dt.date | None  # first day of the range it denotes, when resolvable
    end_date: _dt.date | None  # last day of that range
    precision: int | None  # ACLED time_precision: 1 day, 2 week / part of month, 3 vaguer
    anchored: bool  # True when the document date was used to resolve it


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class _Lexicon:
    month_of: dict[str, int]  # spelling (as in text, no dot) -> 1..12
    month_full: frozenset[str]  # full month names (no abbreviation dot after them)
    verb_like_months: frozenset[str]
    weekday_of: dict[str, int]  # spelling -> 1..7 (ISO)
    seasons: dict[str, str]
    parts_of_day: dict[str, str]
    period_parts: dict[str, tuple[int, int]]
    year_parts: dict[str, tuple[int, int]]
    numbers: dict[str, int | None]
    ordinals: dict[str, int]
    units: dict[str, tuple[str, bool]]
    future_cues: re.Pattern[str]
    past_cues: re.Pattern[str]
    holidays: dict[str, tuple[int, ...]]  # name -> (month, day) | (month, wd, n) | (offset,)


def _caps_variants(word: str) -> list[str]:
    return [word, word.upper()] if word.upper() != word else [word]


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    raw = yaml.safe_load(
        resources.files("sitrep.analyse").joinpath("data/time_words.yaml").read_text("utf-8")
    )
    month_of: dict[str, int] = {}
    month_full: set[str] = set()
    for i, spellings in enumerate(raw["months"], start=1):
        month_full.update(_caps_variants(spellings[0]))
        for s in spellings:
            for v in _caps_variants(s):
                month_of[v] = i
    weekday_of: dict[str, int] = {}
    for i, spellings in enumerate(raw["weekdays"], start=1):
        for s in spellings:
            for v in _caps_variants(s):
                weekday_of[v] = i
    verb_like = frozenset(v for s in raw["verb_like_months"] for v in _caps_variants(s))
    return _Lexicon(
        month_of=month_of,
        month_full=frozenset(month_full),
        verb_like_months=verb_like,
        weekday_of=weekday_of,
        seasons=dict(raw["seasons"]),
        parts_of_day=dict(raw["parts_of_day"]),
        period_parts={k: tuple(v["days"]) for k, v in raw["period_parts"].items()},
        year_parts={k: tuple(v) for k, v in raw["year_parts"].items()},
        numbers=dict(raw["numbers"]),
        ordinals={str(k): v for k, v in raw["ordinals"].items()},
        units={k: (v[0], bool(v[1])) for k, v in raw["units"].items()},
        future_cues=re.compile("|".join(f"(?:{c})" for c in raw["future_cues"]), re.I),
        past_cues=re.compile("|".join(f"(?:{c})" for c in raw["past_cues"]), re.I),
        holidays={
            **{k: (int(v[0]), int(v[1])) for k, v in (raw.get("holidays") or {}).items()},
            **{k: (int(v[0]), int(v[1]), int(v[2])) for k, v in (raw.get("moving_holidays") or {}).items()},
            **{k: (int(v),) for k, v in (raw.get("easter_holidays") or {}).items()},
        },
    )


def _alt(words) -> str:
    """A regex alternation, longest first so that "Sept" wins over "Sep"."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


# --------------------------------------------------------------------------- patterns


@dataclass(frozen=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    handler: Callable[["_Ctx", re.Match[str]], "_Norm | None"]


@dataclass(frozen=True)
class _Norm:
    """What a handler returns; offsets may be narrowed inside the match (group 'x')."""

    type: str
    value: str
    start_date: _dt.date | None = None
    end_date: _dt.date | None = None
    precision: int | None = None
    anchored: bool = False


@dataclass
class _Ctx:
    text: str
    dct: _dt.date | None
    default_past: bool
    sentence_bounds: list[tuple[int, int]]

    def tense(self, start: int, end: int) -> str | None:
        """'future', 'past' or None (no cue) for the clause around text[start:end]."""
        if _SINCE.search(self.text, max(0, start - 20), start):
            return "past"  # "since March", "since Tuesday": never ahead of the DCT
        s0, s1 = _sentence_of(self.sentence_bounds, start)
        return clause_tense(self.text[s0:s1], start - s0, end - s0)

    def sentence(self, start: int, before: int = 0) -> str:
        """The sentence around ``start`` (with ``before`` preceding sentences)."""
        s0, s1 = _sentence_of(self.sentence_bounds, start)
        if before:
            i = self.sentence_bounds.index((s0, s1)) if (s0, s1) in self.sentence_bounds else 0
            s0 = self.sentence_bounds[max(0, i - before)][0]
        return self.text[s0:s1]

    def direction(self, start: int, end: int) -> str:
        """'future' or 'past' for the clause around text[start:end]."""
        tense = self.tense(start, end)
        if tense is None:
            return "past" if self.default_past else "future"
        return tense


_SINCE = re.compile(r"\bsince\s+(?:(?:early|late|mid|last)[-\s]+)?$", re.I)


def _sentence_of(bounds: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    lo, hi = 0, len(bounds) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        s, e = bounds[mid]
        if pos < s:
            hi = mid - 1
        elif pos >= e:
            lo = mid + 1
        else:
            return s, e
    return bounds[-1] if bounds else (0, 0)


_SENT_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)]))\s+(?=[\"“'‘(]?[A-Z0-9])|\n\s*\n")
# Abbreviations after which a full stop does not end a sentence.
_NO_END = re.compile(
    r"(?:\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|Gen|Lt|Col|"
    r"Sgt|Capt|Gov|Sen|Rep|St|No|vs|U\.S|U\.N|a\.m|p\.m|[A-Z])\.)$"
)


def _sentence_bounds(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for m in _SENT_END.finditer(text):
        if _NO_END.search(text[max(0, m.start() - 6) : m.start()]):
            continue
        bounds.append((start, m.start()))
        start = m.end()
    bounds.append((start, len(text)))
    return bounds


@lru_cache(maxsize=1)
def _rules() -> list[_Rule]:
    lx = _lexicon()
    month_words = [m for m in lx.month_of if m in lx.month_full]
    month_abbr = [m for m in lx.month_of if m not in month_words]
    MON = rf"(?-i:(?P<mon>{_alt(month_words)}|(?:{_alt(month_abbr)})\.?))(?![\w])"
    WD = rf"(?-i:(?P<wd>{_alt(w for w in lx.weekday_of if len(w) > 4)}))(?:['’]s)?\b"
    WD_PLAIN = rf"(?-i:(?:{_alt(w for w in lx.weekday_of if len(w) > 4)}))"
    DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b"
    YEAR = r"(?P<year>(?:1[5-9]|20)\d\d)\b(?![-/.,]?\d)"
    YEAR2 = r"(?P<year>(?:1[5-9]|20)\d\d|['’]\d\d)\b(?![-/.,]?\d)"
    PART = rf"(?P<part>{_alt(lx.parts_of_day)})"
    SEASON = rf"(?P<season>{_alt(lx.seasons)})"
    simple_numbers = [w for w in lx.numbers if " " not in w]
    tens = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    units1 = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    NUM = (
        rf"(?P<num>(?:{_alt(tens)})[-\s](?:{_alt(units1)})|"
        rf"{_alt(w for w in lx.numbers if ' ' in w)}|"
        rf"{_alt(simple_numbers)}|\d+(?:,\d{{3}})*(?:\.\d+)?|\d+\s+1/2|\d+\.\d+)"
    )
    unit_alt = _alt(lx.units)
    UNIT = rf"(?P<unit>(?:{unit_alt}|centurie)s?)"
    REL = r"(?P<rel>this|last|next|past|previous|coming|current|following|same)"

    def c(p: str) -> re.Pattern[str]:
        return re.compile(p, re.I | re.X)

    rules = [
        # 2015-06-03, 2015-06-03T10:00
        _Rule("iso", c(r"\b(?P<year>\d{4})-(?P<m>\d\d)-(?P<day>\d\d)\b"), _h_iso),
        # 06/03/2015 (US order unless impossible)
        _Rule("numeric", c(r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>\d{4}|\d\d)\b"), _h_numeric),
        # (Tuesday,) May 30(th)(, 2015)
        _Rule("mdy", c(rf"(?:{WD_PLAIN},?\s+)?{MON}\s+{DAY}(?:\s*,?\s*{YEAR})?"), _h_date),
        # 30(th) (of) May (2015)
        _Rule("dmy", c(rf"(?:{WD_PLAIN},?\s+)?(?:the\s+)?{DAY}\s+(?:of\s+)?{MON}(?:,?\s+{YEAR})?"), _h_date),
        # early / mid- / late / the end of  (January | 2014 | January 2015)
        _Rule(
            "part_month",
            c(
                rf"(?:the\s+)?(?P<pp>early|mid|late|(?:beginning|start|middle|end)\s+of)"
                rf"[-\s]+(?:(?P<rel2>this|last|next)\s+)?(?:{MON}(?:,?\s+{YEAR}|\s+(?P<rel3>this|last|next)\s+year\b)?|{YEAR.replace('<year>', '<yb>')})"
            ),
            _h_part,
        ),
        # March 2011, March of 2011
        _Rule("my", c(rf"{MON}(?:\s+of)?,?\s+{YEAR}"), _h_date),
        # October this year / April next year / July last year
        _Rule("m_rel_year", c(rf"{MON}(?:\s+of)?\s+(?P<ry>this|last|next)\s+year\b"), _h_month_rel_year),
        # last May / this March / next June
        _Rule("rel_month", c(rf"\b{REL}\s+{MON}"), _h_month),
        # bare month names (verb-like ones need a cue in front, see _h_month)
        _Rule("month", c(rf"(?<![\w-]){MON}"), _h_month),
        # seasons
        _Rule(
            "season",
            c(
                rf"\b(?:(?P<rel>this|last|next|past|coming|previous)\s+|(?P<pp>early|late|mid)[-\s]+)?"
                rf"(?P<the>the\s+)?{SEASON}(?:\s+(?:of\s+)?{YEAR})?\b"
            ),
            _h_season,
        ),
        # decades: the 1990s, the early '90s
        _Rule(
            "decade",
            c(r"\b(?:the\s+)?(?:(?P<pp>early|mid|late)[-\s]+)?(?P<dec>(?:1[5-9]|20)\d0|['’]\d0)s\b"),
            _h_decade,
        ),
        # centuries: the 20th century
        _Rule("century", c(r"\b(?:the\s+)?(?P<ord>\d{1,2})(?:st|nd|rd|th)[-\s]century\b"), _h_century),
        # years, with optional part: early 2014 handled above; fiscal 1989
        _Rule("year", c(rf"(?<![\w$£€.,/-])(?:(?P<fiscal>fiscal)\s+|the\s+year\s+)?{YEAR}(?!\s*%)"), _h_year),
        # year ranges 2014-2015, 2014–15, 1989/90: one DATE per year (TimeML has no range value)
        _Rule(
            "year_range",
            c(r"(?<![\w$£€.,/-])(?P<y1>(?:1[5-9]|20)\d\d)\s?[-–/]\s?(?P<y2>(?:1[5-9]|20)?\d\d)\b(?![-/.,]?\d)"),
            _h_year_range,
        ),
        # spelled-out years: nineteen ninety-six, the year two thousand
        _Rule(
            "spelled_year",
            c(
                rf"\b(?:the\s+year\s+)?(?:(?P<cent>nineteen|twenty)[-\s]+(?P<yy>(?:{_alt(tens)})(?:[-\s](?:{_alt(units1)}))?|"
                rf"ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|oh[-\s](?:{_alt(units1)}))"
                rf"|(?P<k>two\s+thousand(?:\s+and)?(?:[-\s](?:{_alt(units1)}|ten|eleven|twelve|thirteen|fourteen|fifteen))?))\b"
            ),
            _h_spelled_year,
        ),
        # weekdays with optional part of day / modifier
        _Rule(
            "weekday",
            c(
                rf"\b(?:(?P<rel>last|next|this|past|coming|previous|earlier|later|early|late)\s+(?:on\s+)?)?"
                rf"{WD}(?:\s+{PART})?"
            ),
            _h_weekday,
        ),
        # clock times: 10:35 a.m., 4 p.m. (EDT) (Thursday), noon, midnight
        _Rule(
            "clock",
            c(
                rf"\b(?:(?P<hh>\d{{1,2}})(?::(?P<mm>\d\d))?\s*(?P<ampm>a\.m\.|p\.m\.|am\b|pm\b|a\.m\b|p\.m\b)"
                rf"|(?<!high\s)(?P<noon>noon|midnight))"
                rf"(?:\s+(?:[A-Z]{{2,4}}T|GMT|local\s+time))?"
                rf"(?:\s*(?:,\s*|on\s+)?(?:{WD}|(?-i:(?P<rday>today|yesterday|tomorrow))))?"
                rf"(?:\s*,?\s*(?:on\s+)?{MON}\s+{DAY}(?:,?\s+{YEAR})?)?"
            ),
            _h_clock,
        ),
        # today, tonight, yesterday (morning), last night, this morning, tomorrow
        _Rule(
            "deictic",
            c(
                rf"\b(?:(?P<pre>earlier|later)\s+)?(?:(?P<two>the\s+day\s+(?:before\s+yesterday|after\s+tomorrow))|(?P<day>today|tonight|yesterday|tomorrow|overnight)"
                rf"(?:['’]s)?(?:\s+{PART})?|(?P<this>this|last)\s+{PART.replace('<part>', '<part2>')})\b"
            ),
            _h_deictic,
        ),
        # now, currently, recently, the past, the future, soon, ...
        _Rule(
            "ref",
            c(
                r"\b(?P<ref>now|currently|(?:then\s+)?current|nowadays|at\s+present|at\s+the\s+moment|right\s+now|"
                r"recently|lately|(?:in\s+)?the\s+past|formerly|"
                r"(?:in\s+)?the\s+(?:near\s+|distant\s+|foreseeable\s+)?future|near\s+future|soon|"
                r"the\s+time|at\s+that\s+time|these\s+days|once)\b"
            ),
            _h_ref,
        ),
        # recent weeks / the past few weeks / in recent days / coming months
        _Rule(
            "vague_period",
            c(
                rf"\b(?:(?:the|these)\s+)?(?P<rel>recent|past|last|coming|next|previous)\s+"
                rf"(?:(?P<few>few|several|couple\s+of)\s+)?{UNIT}\b"
            ),
            _h_vague,
        ),
        # event-relative: the next day, the following month, that same day, that year
        _Rule(
            "anaphoric",
            c(
                r"\b(?:(?:the\s+)?(?P<rel>next|following|previous|same)\s+(?P<u1>day|morning|afternoon|evening|night)"
                r"|the\s+(?P<rel_f>following|previous)\s+(?P<u3>week|month|year)"
                r"|that\s+(?:same\s+)?(?P<u2>day|morning|afternoon|evening|night|week|month|year))\b"
                r"(?![-\s](?:old|long)\b)"
            ),
            _h_anaphoric,
        ),
        # this week / last month / next year / earlier this year / the current quarter
        _Rule(
            "rel_period",
            c(
                rf"\b(?:(?P<pre>earlier|later|early|late)\s+(?:in\s+)?)?(?:the\s+)?"
                rf"(?P<rel>this|last|next|past|previous|coming|current|latest|same|following|year-ago|year-earlier)"
                rf"[-\s]+(?P<unit>week|weekend|month|year|quarter|decade|century)\b"
            ),
            _h_rel_period,
        ),
        # quarters: the third quarter (of 1989), third-quarter, the first half
        _Rule(
            "quarter",
            c(
                rf"\b(?:the\s+)?(?:(?P<qyear>(?:1[5-9]|20)\d\d|(?:next|last|this)\s+year['’]s|year[-\s](?:ago|earlier))\s+)?"
                rf"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[-\s]+"
                rf"(?P<q>quarter|half)\b(?:\s+(?:of\s+)?{YEAR})?"
            ),
            _h_quarter,
        ),
        # N units ago / earlier / later / from now / before
        _Rule(
            "ago",
            c(
                rf"\b(?:(?:about|some|nearly|almost|more\s+than|less\s+than|over|just|only)\s+)?"
                rf"{NUM}\s+{UNIT}\s+(?P<dir>ago|earlier|later|from\s+now|before|after|hence)\b"
            ),
            _h_ago,
        ),
        # durations: 33 days, three-day, a month-long, the past two months, the first nine months
        _Rule(
            "duration",
            c(
                rf"\b(?:(?:the\s+)?(?P<rel>past|last|next|first|previous|coming|final|following|latest)\s+)?"
                rf"{NUM}[-\s]+(?:(?:more|additional|further|consecutive|straight|successive|full|long)\s+)?{UNIT}(?P<long>[-\s]long)?(?![-\s]old)\b"
            ),
            _h_duration,
        ),
        # bare plural units after a preposition: for weeks, within days, for years
        _Rule(
            "bare_units",
            c(r"\b(?:for|within|in|over|after|take|took|lasted)\s+(?P<unit>minutes|hours|days|weeks|months|years|decades)\b"),
            _h_bare_units,
        ),
        # sets: every day, each year, daily, weekly, twice a week, every Monday
        _Rule(
            "set",
            c(
                rf"\b(?:(?:every|each)\s+(?:(?P<num_e>other|two|three|four|\d+)\s+)?(?P<unit_e>day|night|week|month|year|quarter|hour|minute|morning|evening|weekend|{WD_PLAIN})s?"
                rf"|(?-i:(?P<adv>daily|nightly|weekly|monthly|annually|yearly|hourly))"
                rf"|(?P<freq>once|twice|three\s+times)\s+a\s+(?P<unit_f>day|week|month|year))\b"
            ),
            _h_set,
        ),
        # the weekend / the year / the day / the week (deictic NPs, news usage)
        _Rule("the_unit", c(r"\b(?:over\s+)?the\s+(?P<unit>weekend|year|week)\b(?![-\s](?:old|long|earlier|ago|before))"), _h_the_unit),
        # financial periods: the quarter, the latest period, year-ago (period), year-earlier
        _Rule(
            "fin_period",
            c(
                r"\b(?:the\s+(?:latest\s+|recent\s+|most\s+recent\s+)?(?:quarter|period)(?!\s+(?:of|ended|ending)\b)"
                r"|(?:the\s+)?year[-\s](?:ago|earlier)(?:\s+period)?(?![-\s](?:quarter|levels?))"
                r"|the\s+(?P<fy>(?:19|20)\d\d)\s+(?:quarter|period))\b"
            ),
            _h_fin_period,
        ),
        # "the quarter ended Sept. 30": the quarter containing that day
        _Rule(
            "quarter_ended",
            c(rf"\b(?:the\s+)?(?:latest\s+|fiscal\s+)?(?:quarter|period)(?=\s+(?:ended|ending|through)\s+{MON}\s+{DAY})"),
            _h_quarter_ended,
        ),
        # the end of the month / by year's end / the end of this week
        _Rule(
            "period_end",
            c(
                r"\b(?:(?:the\s+)?(?P<pp>end|beginning|start|middle)\s+of\s+(?:the|this|next|last)\s+(?P<unit>month|year|week)"
                r"|(?P<unit2>year|month)['’]s\s+end)\b"
            ),
            _h_period_end,
        ),
        # decade words: the nineties
        _Rule(
            "decade_word",
            c(r"\bthe\s+(?:(?P<pp>early|mid|late)[-\s]+)?(?P<dw>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b"),
            _h_decade_word,
        ),
        # 24-hour clock with a zone: 08:53 GMT, 0735 GMT
        _Rule(
            "clock24",
            c(r"\b(?P<hh>[01]\d|2[0-3]):?(?P<mm>[0-5]\d)\s*(?P<tz>GMT|UTC|Z|local\s+time|\([A-Z]{2,4}\))"),
            _h_clock24,
        ),
        # the fiscal year / the full year / the current fiscal year
        _Rule("fiscal_year", c(r"\b(?:the\s+)?(?:current\s+)?(?:fiscal|full|financial)\s+year\b(?!\s+(?:19|20)\d\d)"), _h_fiscal_year),
        # fixed-date holidays: Christmas Day, New Year's Eve (YAML `holidays`)
        _Rule("holiday", c(rf"(?:\b(?P<hrel>last|next|this)\s+)?(?-i:(?P<hol>{_alt(lx.holidays)}))(?:,?\s+{YEAR})?\b"), _h_holiday),
        # year-end
        _Rule("year_end", c(r"\byear[-\s]end\b"), _h_year_end),
    ]
    return rules


# --------------------------------------------------------------------------- helpers


def _ymd(y: int, m: int, d: int) -> _dt.date | None:
    try:
        return _dt.date(y, m, d)
    except ValueError:
        return None


def _month_range(y: int, m: int) -> tuple[_dt.date, _dt.date]:
    return _dt.date(y, m, 1), _dt.date(y, m, calendar.monthrange(y, m)[1])


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def _week_value(d: _dt.date) -> str:
    iy, iw, _ = d.isocalendar()
    return f"{iy}-W{iw:02d}"


def _week_range(d: _dt.date) -> tuple[_dt.date, _dt.date]:
    mon = d - _dt.timedelta(days=d.weekday())
    return mon, mon + _dt.timedelta(days=6)


def _day(d: _dt.date, anchored: bool = True, suffix: str = "") -> _Norm:
    return _Norm("DATE", d.isoformat() + suffix, d, d, 1, anchored)


def _month(y: int, m: int, anchored: bool) -> _Norm:
    s, e = _month_range(y, m)
    return _Norm("DATE", f"{y:04d}-{m:02d}", s, e, 3, anchored)


def _year(y: int, anchored: bool) -> _Norm:
    return _Norm("DATE", f"{y:04d}", _dt.date(y, 1, 1), _dt.date(y, 12, 31), 3, anchored)


def _num(word: str) -> int | None | str:
    """Integer value of a number phrase; None for vague words ("several"); 'bad' if unknown."""
    lx = _lexicon()
    w = re.sub(r"\s+", " ", word.lower().strip())
    if w in lx.numbers:
        return lx.numbers[w]
    if re.fullmatch(r"\d+(?:,\d{3})*", w):
        return int(w.replace(",", ""))
    m = re.fullmatch(r"(\w+)[- ](\w+)", w)
    if m and m.group(1) in lx.numbers and m.group(2) in lx.numbers:
        a, b = lx.numbers[m.group(1)], lx.numbers[m.group(2)]
        if a and b and a >= 20 and b < 10:
            return a + b
    m = re.fullmatch(r"(\d+) 1/2", w)
    if m:
        return float(m.group(1)) + 0.5  # type: ignore[return-value]
    if re.fullmatch(r"\d+\.\d+", w):
        return float(w)  # type: ignore[return-value]
    return "bad"


def _unit(word: str) -> tuple[str, bool] | None:
    w = word.lower()
    if w == "centuries":
        w = "century"
    elif w.endswith("s") and w[:-1] in _lexicon().units:
        w = w[:-1]
    return _lexicon().units.get(w)


def _duration_value(n: int | float | None, unit: tuple[str, bool]) -> str:
    letter, is_time = unit
    if letter == "W2":  # fortnight
        letter, n = "W", (2 * n if isinstance(n, (int, float)) else n)
    if n is None:
        amount = "X"
    elif isinstance(n, float) and not n.is_integer():
        if letter == "H":  # 5 1/2 hours -> PT5H30M
            return f"PT{int(n)}H{round((n - int(n)) * 60)}M"
        amount = f"{n:g}"  # TIMEX3 allows a decimal amount: P1.5Y
    else:
        amount = str(int(n))
    return f"PT{amount}{letter}" if is_time else f"P{amount}{letter}"


def _shift(dct: _dt.date, n: int, letter: str, sign: int) -> _Norm | None:
    """The DATE n units before (sign -1) or after (+1) the DCT, at the unit's granularity."""
    if letter in ("D",):
        d = dct + _dt.timedelta(days=sign * n)
        return _day(d)
    if letter in ("W", "W2"):
        d = dct + _dt.timedelta(weeks=sign * n * (2 if letter == "W2" else 1))
        s, e = _week_range(d)
        return _Norm("DATE", _week_value(d), s, e, 2, True)
    if letter == "M":
        y, m = _add_months(dct.year, dct.month, sign * n)
        return _month(y, m, True)
    if letter == "Q":
        y, m = _add_months(dct.year, dct.month, sign * 3 * n)
        return _quarter(y, (m - 1) // 3 + 1, True)
    if letter == "Y":
        return _year(dct.year + sign * n, True)
    if letter == "DE":
        y = dct.year + sign * 10 * n
        return _Norm("DATE", f"{y // 10:03d}", _dt.date(y // 10 * 10, 1, 1), _dt.date(y // 10 * 10 + 9, 12, 31), 3, True)
    if letter == "CE":
        y = dct.year + sign * 100 * n
        return _Norm("DATE", f"{y // 100:02d}", None, None, None, True)
    return None


def _quarter(y: int, q: int, anchored: bool) -> _Norm:
    s = _dt.date(y, 3 * q - 2, 1)
    e = _month_range(y, 3 * q)[1]
    return _Norm("DATE", f"{y:04d}-Q{q}", s, e, 3, anchored)


def _two_digit_year(s: str) -> int:
    n = int(s.lstrip("'’"))
    return 2000 + n if n < 50 else 1900 + n


#: How far ahead of the DCT a yearless day may lie and still be read as the coming one
#: when the clause has no future cue (see _pick_year).
_AHEAD_DAYS = 60


def _pick_year(ctx: _Ctx, start: int, end: int, month: int, day: int | None) -> int | None:
    """Year for a month (and day) given without one: closest occurrence in the clause's direction."""
    dct = ctx.dct
    if dct is None:
        return None
    direction = ctx.tense(start, end)
    if day is None:
        here = (month, 0)
        now = (dct.month, 0)
    else:
        here, now = (month, day), (dct.month, dct.day)
    if direction != "future" and day is not None:
        # A dated day a few weeks ahead ("payable Dec. 7", "expire Nov. 21") is the coming
        # one even in a past-tense clause: a past event that far back would carry its year.
        ahead = _ymd(dct.year if here >= now else dct.year + 1, month, day)
        if ahead is not None and (ahead - dct).days <= _AHEAD_DAYS:
            return ahead.year
    if direction is None:
        direction = "past" if ctx.default_past else "future"
    if direction == "future":
        return dct.year if here >= now else dct.year + 1
    return dct.year if here <= now else dct.year - 1


# --------------------------------------------------------------------------- handlers


def _h_iso(ctx: _Ctx, m: re.Match[str]) -> _Norm | None:
    d = _ymd(int(m["year"]), int(m["m"]), int(m["day"]))
    return _day(d, anchored=False) if d else None


def _h_numeric(ctx: _Ctx, m: re.Match[str]) -> _Norm | None:
    a, b = int(m["a"]), int(m["b"])
    y = int(m["year"]) if len(m["year"]) == 4 else _two_digit_year(m["year"])
    mo, d = (a, b) if a <= 12 else (b, a)
    day = _ymd(y, mo, d)
    if a <= 12 and b <= 12 and a != b and ctx.dct is not None:
        # Ambiguous order (03/05/2015): US month-first unless the day-first reading is
        # nearer the DCT without lying after it (news dates sit close behind the DCT).
        alt = _ymd(y, b, a)
        if day is not None and alt is not None:
            def cost(x: _dt.date) -> tuple[bool, int]:
                return x > ctx.dct, abs((x - ctx.dct).days)  # type: ignore[operator]
            if cost(alt) < cost(day):
                day = alt
    return _day(day, anchored=False) if day else None


def _h_month_rel_year(ctx: _Ctx, m: re.Match[str]) -> _Norm | None:
    mon = _lexicon().month_of[m["mon"].rstrip(".")]
    if ctx.dct is None:
        return _Norm("DATE", f"XXXX-{mon:02d}")
    y = ctx.dct.year + {"this": 0, "last": -1, "next": 1}[m["ry"].lower()]
    return _month(y, mon, True)


def _h_date(ctx: _Ctx, m: re.Match[str]) -> _Norm | None:
    lx = _lexicon()
    mon = lx.month_of[m["mon"].rstrip(".")]
    day = int(m["day"]) if m.groupdict().get("day") else None
    year = int(m["year"]) if m["year"] else None
    if day is not None and not 1 <= day <= 31:
        return None
    if day is None:  # "March 2011"
        return _month(year, mon, False) if year else None
    if year is None:
        year = _pick_year(ctx, m.start(), m.end(), mon, day)
        if year is None:
            return _Norm("DATE", f"XXXX-{mon:02d}-{day:02d}")
        d = _ymd(year, mon, day)
        return _day(d) if d else None
    d = _ymd(year, mon, day)
    return _day(d, anchored=False) if d else None


def _h_part(ctx: _Ctx, m: re.Match[str]) -> _Norm | None:
    """early / mid- / late January (2015); early 2014; the end of 1990."""
    lx = _lexicon()
    pp = m["pp"].lower().split()[0]
    year = int(m["year"] or m["yb"]) if (m["year"] or m["yb"]) else None
    if m["mon"]:
        mon = lx.month_of[m["mon"].rstrip(".")]
        anchored = False
        if year is None:
            if ctx.dct is None:
                return _Norm("DATE", f"XXXX-{mon:02d}")
            anchored = True
            rel = (m["rel2"] or "").lower()
            if m["rel3"]:
                year = ctx.dct.year + {"this": 0, "last": -1, "next": 1}[m["rel3"].lower()]
            if year is not None:
                pass
            elif rel == "last":
                year = ctx.dct.year - 1 if mon >= ctx.dct.month else ctx.dct.year
            elif rel == "next":
                year = ctx.dct.year + 1 if mon <= ctx.dct.month else ctx.dct.year
            elif rel == "this":
                year = ctx.dct.year
            else:
                year = _pick_year(ctx, m.start(), m.end(), mon, None)
        d0, d1 = lx.period_parts[pp]
        last = calendar.monthrange(year, mon)[1]
        s, e = _dt.date(year, mon, min(d0, last)), _dt.date(year, mon, min(d1, last))
        if ctx.dct is not None and s <= ctx.dct < e and anchored:
            e = ctx.dct  # "late June" written on 25 June: up to the DCT
        return _Norm("DATE", f"{year:04d}-{mon:02d}", s, e, 2, anchored)
    if year is None:
        return None
    m0, m1 = lx.year_parts[pp]
    return _Norm("DATE", f"{year:04d}", _dt.date(year, m0, 1), _month_range(year, m1)[1], 3, False)


_MONTH_CUE = re.compile(
    r"(?:\b(?:in|since|until|till|by|from|to|through|during|of|early|late|mid|last|next|this|"
    r"since|before|after|between|and|or|end|beginning|start|middle)[-\s]+)$",
    re.I,
)


def _h_month(ctx: _Ctx, m: re.Match[str]) -> _Norm | None:
    lx = _lexicon()
    word = m["mon"].rstrip(".")
    mon = lx.month_of[word]
    rel = (m.groupdict().get("rel") or "").lower()
    if not rel:
        before = ctx.text[max(0, m.start() - 12) : m.start()]
        needs_cue = word in lx.verb_like_months or len(word) <= 4 and word not in ("June", "July")
        if needs_cue and not _MONTH_CUE.search(before):
            return None
    if ctx.dct is None:
        return _Norm("DATE", f"XXXX-{mon:02d}")
    dct = ctx.dct
    if rel in ("last", "past", "previous"):
        year = dct.year if mon < dct.month else dct.year - 1
    elif rel in ("next", "coming", "following"):
        year = dct.year if mon > dct.month else dct.year + 1
    elif rel in ("this", "current", "same"):
        year = dct.year
    else:
        year = _pick_year(ctx, m.start(), m.end(), mon, None)
    return _month(year, mon, True)


def _season_range(year: int, code: str) -> tuple[_dt.date, _dt.date]:
    # Meteorological seasons; winter YYYY runs from December YYYY to February YYYY+1.
    start_month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
    y1, m1 = _add_months(year, start_month, 2)
    return _dt.date(year, start_month, 1), _month_range(y1, m1)[1]


def _h_season(ctx: _Ctx, m: re.Match[str]) -> _Norm | None:
    lx = _lexicon()
    word = m["season"].lower()
    code = lx.seasons[word]
    rel = (m["rel"] or "").lower()
    before = ctx.text[max(0, m.start() - 10) : m.start()].lower()
    if word == "fall":
        # "fall" is mostly a verb/noun ("the fall of Mosul"): only with a determiner or year,
        # and never followed by "of <non-year>".
        if not (rel or m["year"] or m["the"] or re.search(r"\b(?:in|this|last|next|early|late)\s+$", before)):
            return None
        if not m["year"] and re.match(r"\s+of\b", ctx.text[m.end() :]):
            return None
    if m["the"] and not m["year"] and re.match(r"\s+of\b", ctx.text[m.end() :]):
        return None
    if m["year"]:
        y = int(m["year"])
        s, e = _season_range(y, code)
        return _Norm("DATE", f"{y}-{code}", s, e, 3, False)
    if ctx.dct is None:
        return _Norm("DATE", f"XXXX-{code}")
    dct = ctx.dct
    # The season occurrence containing the DCT, or the latest that started before it.
    cands = [(y, *_season_range(y, code)) for y in (dct.year - 2, dct.year - 1, dct.year, dct.year + 1)]
    current = next((c for c in cands if c[1] <= dct <= c[2]), None)
    past = [c for c in cands if c[2] < dct]
    future = [c for c in cands if c[1] > dct]
    if rel in ("last", "past", "previous"):
        pick = past[-1]
    elif rel in ("next", "coming"):
        pick = future[0]
    elif current is not None:
        pick = current
    elif rel == "this":
        pick = next(c for c in cands if c[0] == dct.year)
    elif ctx.direction(m.start(), m.end()) == "future" and rel != "past":
        pick = future[0]
    else:
        pick = past[-1]
    return _Norm("DATE", f"{pick[0]}-{code}", pick[1], pick[2], 3, True)


def _h_decade(ctx: _Ctx, m: re.Match[str]) -> _Norm | None:
    dec = m["dec"]
    y = _two_digit_year(dec) if dec[0] in "'’" else int(dec)
    if dec[0] in "'’" and ctx.dct is not None and y > ctx.dct.year:
        y -= 100
    return _Norm("DATE", f"{y // 10:03d}", _dt.date(y, 1, 1), _dt.date(y + 9, 12, 31), 3, False)


def _h_century(ctx: _Ctx, m: re.Match[str]) -> _Norm | None:
    n = int(m["ord"])
    return _Norm("DATE", f"{n - 1:02d}", _dt.date(max(1, (n - 1) * 100), 1, 1), _dt.date(n * 100 - 1, 12, 31), 3, False)


_YEAR_BAD_AFTER = re.compile(
    r"\s+(?:people|persons|troops|soldiers|men|women|children|fighters|militants|civilians|"
    r"refugees|families|homes|houses|dollars|pounds|euros|km|kilometres|kilometers|miles|"
    r"metres|meters|feet|tons|tonnes|barrels|shares|cars|vehicles|acres|hectares|votes|"
    r"members|workers|employees|jobs|units|rounds|rockets|missiles|bombs|sq|square)\b",
    re.I,
)


def _h_year(ctx: _Ctx, m: re.Match[str]) -> _Norm | None:
    y = int(m["year"])
    if _YEAR_BAD_AFTER.match(ctx.text, m.end()):
        return None
    if ctx.dct is not None and y > ctx.dct.year + 30:
        return None
    return _year(y, False)


def _h_year_range(ctx: _Ctx, m: re.Match[str]) -> _Norm | None:
    """Placeholder for "2014-15"; the driver splits it into one year timex per end."""
    y1, y2 = int(m["y1"]), m["y2"]
    y2n = int(y2) if len(y2) == 4 else y1 // 100 * 100 + int(y2)
    if not y1 < y2n <= y1 + 20:
        return None  # "1989-12" is a year-month, "2014-2015" must go forward
    if ctx.dct is not None and y2n > ctx.dct.year + 30:
        return None
    return _Norm("DATE", f"{_RANGE}{y1}:{y2n}")


def _h_spelled_year(ctx: _Ctx, m: re.Match[str]) -> _Norm | None:
    if m["k"]:
        rest = re.sub(r"^two\s+thousand(?:\s+and)?[-\s]*", "", m["k"].lower())
        n = _num(rest) if rest else 0
        return _year(2000 + n, False) if isinstance(n, int) else None
    cent = 1900 if m["cent"].lower() == "nineteen" else 2000
    yy = re.sub(r"^oh[-\s]", "", m["yy"].lower())
    n = _num(yy)
    if not isinstance(n, int) or n is None or not 0 <= n < 100:
        return None
    return _year(cent + n, False)


def _weekday_date(dct: _dt.date, wd: int, direction: str, rel: str) -> _dt.date:
    diff = (dct.isoweekday() - wd) % 7  # days back to the latest such day (0 = the DCT)
    if rel in ("last", "past", "previous"):
        return dct - _dt.timedelta(days=diff or 7)
    if rel in ("next", "coming"):
        return dct + _dt.timedelta(days=(wd - dct.isoweekday()) % 7 or 7)
    if direction == "future":
        return dct + _dt.timedelta(days=(wd - dct.isoweekday()) % 7)
    return dct - _dt.timedelta(days=diff)


def _h_weekday(ctx: _Ctx, m: re.Match[str]) -> _Norm | None:
    lx = _lexicon()
    wd = lx.weekday_of[m["wd"]]
    rel = (m["rel"] or "").lower()
    part = lx.parts_of_day.get((m["part"] or "").lower(), "")
    suffix = f"T{part}" if part else ""
    if ctx.dct is None:
        return _Norm("DATE", f"XXXX-WXX-{wd}{suffix}")
    direction = ctx.direction(m.start(), m.end())
    if re.search(r"['’]s$", m.group(0)) and not _UPCOMING.search(ctx.text, max(0, m.start() - 12), m.start()):
        # "get around Wednesday's ruling": the clause's verb does not date the noun's
        # event; a possessive weekday in news names a reported (past) event.
        direction = "past" if ctx.default_past else direction
    d = _weekday_date(ctx.dct, wd, direction, rel)
    return _day(d, suffix=suffix)


_UPCOMING = re.compile(r"\b(?:upcoming|planned|scheduled|expected|before|ahead\s+of|until|till|for)\s+$", re.I)


def _h_clock(ctx: _Ctx, m: re.Match[str]) -> _Norm | None:
    if m["noon"]:
        hh, mm = (12, 0) if m["noon"].lower() == "noon" else (24, 0)
    else:
        hh, mm = int(m["hh"]), int(m["mm"] or 0)
        if not 1 <= hh <= 12 or mm > 59:
            return None
        pm = m["ampm"].lower().startswith("p")
        hh = (hh % 12) + (12 if pm else 0)
    clock = f"T{hh:02d}:{mm:02d}"
    if ctx.dct is None:
        return _Norm("TIME", f"XXXX-XX-XX{clock}")
    if m["mon"]:
        mon, day = _lexicon().month_of[m["mon"].rstrip(".")], int(m["day"])
        year = int(m["year"]) if m["year"] else _pick_year(ctx, m.start(), m.end(), mon, day)
        d = _ymd(year, mon, day) if year else None
        if d is None:
            return None
    elif m["wd"]:
        wd = _lexicon().weekday_of[m["wd"]]
        d = _weekday_date(ctx.dct, wd, ctx.direction(m.start(), m.end()), "")
    elif m["rday"]:
        d = ctx.dct + _dt.timedelta(days={"today": 0, "yesterday": -1, "tomorrow": 1}[m["rday"].lower()])
    else:
        # a bare "at 6 a.m." is on the day the narrative is at: resolved by the driver
        return _Norm("TIME", f"{_ANAPH}clock:{clock}")
    return _Norm("TIME", d.isoformat() + clock, d, d, 1, True)


def _h_deictic(ctx: _Ctx, m: re.Match[str]) -> _Norm | None:
    lx = _lexicon()
    part = lx.parts_of_day.get((m["part"] or m["part2"] or "").lower(), "")
    if m["two"]:
        word, offset = "two", (-2 if "yesterday" in m["two"].lower() else 2)
    elif m["day"]:
        word = m["day"].lower()
        offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "overnight": 0}[word]
        if word in ("tonight", "overnight"):
            part = "NI"
    else:
        word = m["this"].lower()
        offset = -1 if word == "last" else 0
        if word == "last" and part != "NI":
            return None  # "last morning" is not idiomatic; leave it
    suffix = f"T{part}" if part and word != "overnight" else ""
    if ctx.dct is None:
        return _Norm("DATE", "XXXX-XX-XX" + suffix)
    d = ctx.dct + _dt.timedelta(days=offset)
    return _day(d, suffix=suffix)


def _h_ref(ctx: _Ctx, m: re.Match[str]) -> _Norm | None:
    w = re.sub(r"\s+", " ", m["ref"].lower())
    if w == "then current":
        return _Norm("DATE", "PAST_REF")  # "the then current price": current back then
    if w in ("now", "current", "currently", "nowadays", "at present", "at the moment", "right now", "these days"):
        if w == "current" and re.match(r"\s+(?:quarter|year|month|week|fiscal|period|account|dollars?|prices?)\b", ctx.text[m.end():], re.I):
            return None
        if ctx.dct is None:
            return _Norm("DATE", "PRESENT_REF")
        return _Norm("DATE", "PRESENT_REF", ctx.dct, ctx.dct, 1, True)
    if w == "soon" and (re.search(r"\bas\s+$", ctx.text[max(0, m.start() - 4) : m.start()], re.I)
                        or re.match(r"\s+(?:as|after)\b", ctx.text[m.end() :], re.I)):
        return None  # "as soon as", "soon after the attack": relative to an event
    if "future" in w or w == "soon":
        return _Norm("DATE", "FUTURE_REF")
    if w == "once":
        # only "once" as "formerly" before a past verb/adjective; too ambiguous otherwise
        return None
    if w in ("the time", "at that time"):
        return None
    return _Norm("DATE", "PAST_REF")


def _h_vague(ctx: _Ctx, m: re.Match[str]) -> _Norm | None:
    unit = _unit(m["unit"])
    if unit is None:
        return None
    plural = m["unit"].lower().endswith("s")
    rel = m["rel"].lower()
    if not plural and not m["few"]:
        return None  # "last week" etc. are handled by rel_period
    if m["few"] and not plural:
        return None
    n = 2 if (m["few"] or "").lower().startswith("couple") else None
    value = _duration_value(n, unit)
    if ctx.dct is None:
        return _Norm("DURATION", value)
    # A span of "a few" units: recent days = a week, recent weeks = 4 weeks, recent
    # months = 3 months, recent years = 3 years.
    span = {"D": 7, "W": 28, "W2": 56, "M": 91, "Q": 273, "Y": 3 * 365, "DE": 3650, "CE": 36500}.get(unit[0], 0)
    if unit[1]:
        span = 0
    if rel in ("coming", "next"):
        return _Norm("DURATION", value, ctx.dct, ctx.dct + _dt.timedelta(days=span), 3, True)
    return _Norm("DURATION", value, ctx.dct - _dt.timedelta(days=span), ctx.dct, 3, True)


#: A bare clock time takes the day of a day-level expression at most this many
#: characters before it ("on Oct. 13 ... at 6 a.m."); otherwise the DCT.
_CLOCK_ANCHOR_CHARS = 400

#: Prefix of the placeholder value of a year range, split by the driver.
_RANGE = "RANGE:"

#: Prefix of the placeholder value an anaphoric expression carries until the driver
#: resolves it against the latest date mentioned before it (see _resolve_anaphora).
_ANAPH = "ANAPH:"


def _h_anaphoric(ctx: _Ctx, m: re.Match[str]) -> _Norm | None:
    unit = (m["u1"] or m["u2"] or m["u3"]).lower()
    rel = (m["rel"] or m["rel_f"] or "same").lower()
    shift = {"next": 1, "following": 1, "previous": -1, "same": 0}[rel]
    return _Norm("DATE", f"{_ANAPH}{unit}:{shift}")


def _resolve_anaphora(norm: _Norm, anchor: _Norm | None, dct: _dt.date | None) -> _Norm:
    """Resolve "the next day" / "that year" against the latest dated expression before it
    (the narrative's reference time); with none, against the DCT."""
    if norm.value.startswith(_ANAPH + "clock:"):
        clock = norm.value[len(_ANAPH + "clock:"):]
        base = anchor.start_date if anchor is not None and anchor.precision == 1 else dct
        if base is None:
            return _Norm("TIME", "XXXX-XX-XX" + clock)
        return _Norm("TIME", base.isoformat() + clock, base, base, 1, True)
    _, unit, k = norm.value.split(":")
    shift = int(k)
    part = _lexicon().parts_of_day.get(unit, "")
    day_unit = unit == "day" or bool(part)
    base: _dt.date | None = None
    if anchor is not None and anchor.start_date is not None:
        # a day-level phrase needs a day-level anchor; coarser ones take the range start
        if not day_unit or anchor.precision == 1:
            base = anchor.start_date
        elif re.fullmatch(r"\d{4}-\d\d", anchor.value):
            # "in October ... that same day": a day of that month, which one is unknown
            return _Norm("DATE", anchor.value + "-XX" + (f"T{part}" if part else ""),
                         anchor.start_date, anchor.end_date, anchor.precision, True)
    if base is None:
        base = dct
    if base is None:
        x = {"week": "XXXX-WXX", "month": "XXXX-XX", "year": "XXXX"}.get(unit, "XXXX-XX-XX")
        return _Norm("DATE", x + (f"T{part}" if part else ""))
    if day_unit:
        return _day(base + _dt.timedelta(days=shift), suffix=f"T{part}" if part else "")
    if unit == "week":
        d = base + _dt.timedelta(weeks=shift)
        s, e = _week_range(d)
        return _Norm("DATE", _week_value(d), s, e, 2, True)
    if unit == "month":
        y, mo = _add_months(base.year, base.month, shift)
        return _month(y, mo, True)
    return _year(base.year + shift, True)


def _h_rel_period(ctx: _Ctx, m: re.Match[str]) -> _Norm | None:
    rel = m["rel"].lower()
    unit = m["unit"].lower()
    has_the = m.group(0).lower().split()[0] == "the" or (m["pre"] and " the " in m.group(0).lower())
    if rel in ("past", "last", "previous", "coming", "next", "following") and has_the:
        # "the past week" is a duration ending at the DCT
        if unit == "weekend":
            return None
        u = _unit(unit)
        assert u is not None
        value = _duration_value(1, u)
        if ctx.dct is None:
            return _Norm("DURATION", value)
        days = {"week": 7, "month": 30, "year": 365, "quarter": 91, "decade": 3650, "century": 36500}[unit]
        if rel in ("coming", "next", "following"):
            return _Norm("DURATION", value, ctx.dct, ctx.dct + _dt.timedelta(days=days), 3, True)
        return _Norm("DURATION", value, ctx.dct - _dt.timedelta(days=days), ctx.dct, 3, True)
    shift = {"this": 0, "current": 0, "same": 0, "latest": 0, "last": -1, "past": -1, "previous": -1,
             "next": 1, "coming": 1, "following": 1, "year-ago": 0, "year-earlier": 0}[rel]
    if rel in ("year-ago", "year-earlier"):
        if unit not in ("quarter", "period"):
            return None
    if ctx.dct is None:
        x = {"week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX", "year": "XXXX",
             "quarter": "XXXX-QX", "decade": "XXX", "century": "XX"}[unit]
        return _Norm("DATE", x)
    dct = ctx.dct
    if unit == "week":
        d = dct + _dt.timedelta(weeks=shift)
        s, e = _week_range(d)
        return _Norm("DATE", _week_value(d), s, e, 2, True)
    if unit == "weekend":
        d = dct + _dt.timedelta(weeks=shift)
        if shift == 0 and dct.isoweekday() < 6 and ctx.direction(m.start(), m.end()) == "past":
            d = dct - _dt.timedelta(weeks=1)  # "this weekend" said of the past: the one just gone
        sat = d - _dt.timedelta(days=d.weekday()) + _dt.timedelta(days=5)
        return _Norm("DATE", _week_value(d) + "-WE", sat, sat + _dt.timedelta(days=1), 2, True)
    if unit == "month":
        y, mo = _add_months(dct.year, dct.month, shift)
        return _month(y, mo, True)
    if unit == "year":
        if rel in ("latest",):
            return None
        return _year(dct.year + shift, True)
    if unit == "quarter":
        q = (dct.month - 1) // 3 + 1
        if rel == "latest":
            shift = -1
        if rel in ("year-ago", "year-earlier"):
            shift = -4 - 1  # the same quarter a year before the last reported one
        y, mo = _add_months(dct.year, 3 * (q - 1) + 1, 3 * shift)
        return _quarter(y, (mo - 1) // 3 + 1, True)
    if unit == "decade":
        y = dct.year + 10 * shift
        return _Norm("DATE", f"{y // 10:03d}", _dt.date(y // 10 * 10, 1, 1), _dt.date(y // 10 * 10 + 9, 12, 31), 3, True)
    if unit == "century":
        y = dct.year + 100 * shift
        return _Norm("DATE", f"{y // 100:02d}", None, None, None, True)
    return None


def _h_quarter(ctx: _Ctx, m: re.Match[str]) -> _Norm | None:
    lx = _lexicon()
    n = lx.ordinals[m["ord"].lower()]
    kind = m["q"].lower()
    if kind == "half" and (n > 2 or not (m["year"] or m["qyear"] or re.match(
            r"\s+of\s+(?:the|this|next|last)\s+(?:fiscal\s+)?year\b", ctx.text[m.end():], re.I))):
        return None  # "the second half" alone is usually a match half, not a half-year
    if kind == "quarter" and n > 4:
        return None
    year = int(m["year"]) if m["year"] else None
    qy = (m["qyear"] or "").lower()
    if qy[:1].isdigit():
        year = int(qy)
    elif qy and ctx.dct is not None:
        year = ctx.dct.year + (1 if qy.startswith("next") else 0 if qy.startswith("this") else -1)
    anchored = year is None or bool(qy and not qy[:1].isdigit())
    if year is None:
        if ctx.dct is None:
            return _Norm("DATE", f"XXXX-{'Q' if kind == 'quarter' else 'H'}{n}")
        year = ctx.dct.year
        # a quarter that has not started yet, in a past-tense clause, is last year's
        first_month = 3 * n - 2 if kind == "quarter" else 6 * n - 5
        if first_month > ctx.dct.month and ctx.direction(m.start(), m.end()) == "past":
            year -= 1
    if kind == "quarter":
        return _quarter(year, n, anchored)
    s = _dt.date(year, 6 * n - 5, 1)
    e = _month_range(year, 6 * n)[1]
    return _Norm("DATE", f"{year:04d}-H{n}", s, e, 3, anchored)


def _h_ago(ctx: _Ctx, m: re.Match[str]) -> _Norm | None:
    n = _num(m["num"])
    unit = _unit(m["unit"])
    if unit is None or n == "bad":
        return None
    d = m["dir"].lower()
    if d in ("before", "after", "later"):
        # "two days after the attack", "three days later": relative to an event in the
        # narrative, not to the DCT -> a duration
        return _Norm("DURATION", _duration_value(n, unit))  # type: ignore[arg-type]
    if ctx.dct is None or n is None or not float(n).is_integer():
        return _Norm("DATE", "PAST_REF" if d in ("ago", "earlier") else "FUTURE_REF")
    sign = -1 if d in ("ago", "earlier") else 1
    if n == 1 and unit[0] == "Y" and sign < 0 and _QUARTER_TALK.search(ctx.sentence(m.start(), before=1)):
        return _year_ago_quarter(ctx.dct)
    if unit[1]:  # hours / minutes ago: the DCT day
        return _day(ctx.dct)
    return _shift(ctx.dct, int(n), unit[0], sign)


_QUARTER_TALK = re.compile(r"\bquarter(?:ly)?\b", re.I)


def _latest_quarter(dct: _dt.date) -> tuple[int, int]:
    """The last quarter completed before the DCT (what results reported then cover)."""
    y, m = _add_months(dct.year, dct.month, -3)
    return y, (m - 1) // 3 + 1


def _year_ago_quarter(dct: _dt.date) -> _Norm:
    # "profit rose from $5m a year ago" in a quarterly report: the same quarter a year back
    y, q = _latest_quarter(dct)
    return _quarter(y - 1, q, True)


def _h_fin_period(ctx: _Ctx, m: re.Match[str]) -> _Norm | None:
    """Financial-report periods: the quarter, the latest period, year-ago / year-earlier."""
    if ctx.dct is None:
        return _Norm("DATE", "XXXX-QX")
    w = m.group(0).lower()
    if m["fy"]:
        return _quarter(int(m["fy"]), _latest_quarter(ctx.dct)[1], True)
    if "ago" in w or "earlier" in w:
        if _QUARTER_TALK.search(ctx.sentence(m.start())) or "period" in w:
            return _year_ago_quarter(ctx.dct)
        return _year(ctx.dct.year - 1, True)
    y, q = _latest_quarter(ctx.dct)
    return _quarter(y, q, True)


def _h_duration(ctx: _Ctx, m: re.Match[str]) -> _Norm | None:
    n = _num(m["num"])
    unit = _unit(m["unit"])
    if unit is None or n == "bad":
        return None
    numw = m["num"].lower()
    unitw = m["unit"].lower()
    if isinstance(n, int) and n >= 1000 and "," not in numw and not unitw.endswith("s"):
        return None  # "the 1988 quarter" is a date, not a 1988-quarter duration
    if unitw == "quarters" and m.group(0)[m.start("unit") - m.start() - 1] == "-":
        return None  # "three-quarters" is a fraction
    if numw in ("a", "an") and unitw.startswith("second"):
        return None  # "a second attack"
    if numw in ("a", "an", "one") and unitw.endswith("s") and unitw != "centuries":
        return None
    value = _duration_value(n, unit)  # type: ignore[arg-type]
    rel = (m["rel"] or "").lower()
    if rel and ctx.dct is not None and isinstance(n, int):
        days = {"D": 1, "W": 7, "W2": 14, "M": 30.44, "Q": 91.3, "Y": 365.25, "DE": 3652.5, "CE": 36525}.get(unit[0], 0)
        if unit[1]:  # hours, minutes, seconds: whole days touched
            days = {"H": 1 / 24, "M": 1 / 1440, "S": 1 / 86400}[unit[0]]
            span = _dt.timedelta(days=max(1, -(-n * days // 1)))
        else:
            span = _dt.timedelta(days=round(n * days))
        if rel in ("past", "last", "previous", "latest"):
            return _Norm("DURATION", value, ctx.dct - span, ctx.dct, 3, True)
        if rel in ("next", "coming", "following"):
            return _Norm("DURATION", value, ctx.dct, ctx.dct + span, 3, True)
    return _Norm("DURATION", value)


def _h_bare_units(ctx: _Ctx, m: re.Match[str]) -> _Norm | None:
    unit = _unit(m["unit"])
    return _Norm("DURATION", _duration_value(None, unit)) if unit else None


def _h_set(ctx: _Ctx, m: re.Match[str]) -> _Norm | None:
    lx = _lexicon()
    if m["adv"]:
        letter = {"daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y",
                  "yearly": "P1Y", "hourly": "PT1H", "quarterly": "P3M"}[m["adv"].lower()]
        return _Norm("SET", letter)
    if m["freq"]:
        u = _unit(m["unit_f"])
        return _Norm("SET", _duration_value(1, u)) if u else None
    word = m["unit_e"]
    base = re.sub(r"s$", "", word)
    if base in lx.weekday_of or base.capitalize() in lx.weekday_of:
        return _Norm("SET", f"XXXX-WXX-{lx.weekday_of.get(base, lx.weekday_of.get(base.capitalize()))}")
    if base.lower() in ("morning", "evening"):
        return _Norm("SET", f"TXX{lx.parts_of_day[base.lower()]}")
    if base.lower() == "weekend":
        return _Norm("SET", "XXXX-WXX-WE")
    u = _unit(base)
    if u is None:
        return None
    k = m["num_e"]
    n = 1 if not k else (2 if k.lower() == "other" else _num(k))
    return _Norm("SET", _duration_value(n if isinstance(n, int) else 1, u))


def _h_the_unit(ctx: _Ctx, m: re.Match[str]) -> _Norm | None:
    unit = m["unit"].lower()
    if ctx.dct is None:
        return None
    before = ctx.text[max(0, m.start() - 25) : m.start()].lower()
    if unit == "weekend":
        direction = ctx.direction(m.start(), m.end())
        dct = ctx.dct
        wd = dct.isoweekday()
        if direction == "future" and wd < 6:
            sat = dct + _dt.timedelta(days=6 - wd)
        else:
            sat = dct - _dt.timedelta(days=(wd - 6) % 7)
        return _Norm("DATE", _week_value(sat) + "-WE", sat, sat + _dt.timedelta(days=1), 2, True)
    if unit == "year":
        if _ENDED.match(ctx.text, m.end()):
            return _Norm("DURATION", "P1Y")
        # "for the year", "the year's best": the DCT's year in news/financial usage
        if re.search(r"(?:of|in|during|for|over)\s+$", before) or re.match(r"['’]s\b", ctx.text[m.end():]):
            return _year(ctx.dct.year, True)
        return None
    return None


def _h_quarter_ended(ctx: _Ctx, m: re.Match[str]) -> _Norm | None:
    mon = _lexicon().month_of[m["mon"].rstrip(".")]
    if ctx.dct is None:
        return _Norm("DATE", "XXXX-Q%d" % ((mon - 1) // 3 + 1))
    day = int(m["day"])
    y = ctx.dct.year if (mon, day) <= (ctx.dct.month, ctx.dct.day) else ctx.dct.year - 1
    return _quarter(y, (mon - 1) // 3 + 1, True)


def _h_period_end(ctx: _Ctx, m: re.Match[str]) -> _Norm | None:
    unit = (m["unit"] or m["unit2"]).lower()
    rel = re.search(r"\b(this|next|last)\b", m.group(0).lower())
    shift = {"next": 1, "last": -1}.get(rel.group(1), 0) if rel else 0
    if ctx.dct is None:
        return _Norm("DATE", {"month": "XXXX-XX", "year": "XXXX", "week": "XXXX-WXX"}[unit])
    dct = ctx.dct
    lx = _lexicon()
    pp = (m["pp"] or "end").lower()
    if unit == "year":
        y = dct.year + shift
        m0, m1 = lx.year_parts[pp]
        return _Norm("DATE", f"{y:04d}", _dt.date(y, m0, 1), _month_range(y, m1)[1], 3, True)
    if unit == "month":
        y, mo = _add_months(dct.year, dct.month, shift)
        d0, d1 = lx.period_parts[pp]
        last = calendar.monthrange(y, mo)[1]
        return _Norm("DATE", f"{y:04d}-{mo:02d}", _dt.date(y, mo, min(d0, last)), _dt.date(y, mo, min(d1, last)), 2, True)
    d = dct + _dt.timedelta(weeks=shift)
    s, e = _week_range(d)
    return _Norm("DATE", _week_value(d), s, e, 2, True)


_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                 "seventies": 7, "eighties": 8, "nineties": 9}


def _h_decade_word(ctx: _Ctx, m: re.Match[str]) -> _Norm | None:
    # the century is the latest one whose decade is not after the DCT (20th if no DCT)
    k = _DECADE_WORDS[m["dw"].lower()]
    base = 1900
    if ctx.dct is not None:
        base = ctx.dct.year // 100 * 100
        if base + 10 * k > ctx.dct.year:
            base -= 100
    y = base + 10 * k
    return _Norm("DATE", f"{y // 10:03d}", _dt.date(y, 1, 1), _dt.date(y + 9, 12, 31), 3, ctx.dct is not None)


def _h_clock24(ctx: _Ctx, m: re.Match[str]) -> _Norm | None:
    clock = f"T{int(m['hh']):02d}:{m['mm']}"
    if ctx.dct is None:
        return _Norm("TIME", "XXXX-XX-XX" + clock)
    return _Norm("TIME", ctx.dct.isoformat() + clock, ctx.dct, ctx.dct, 1, True)


def _easter(y: int) -> _dt.date:
    """Western Easter Sunday of year ``y`` (anonymous Gregorian computus)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return _dt.date(y, month, day + 1)


def _holiday_date(rule: tuple[int, ...], y: int) -> _dt.date:
    if len(rule) == 1:
        return _easter(y) + _dt.timedelta(days=rule[0])
    if len(rule) == 2:
        return _dt.date(y, rule[0], rule[1])
    mon, wd, n = rule
    if n > 0:
        first = _dt.date(y, mon, 1)
        return first + _dt.timedelta(days=(wd - first.isoweekday()) % 7 + 7 * (n - 1))
    last = _month_range(y, mon)[1]
    return last - _dt.timedelta(days=(last.isoweekday() - wd) % 7)


def _h_holiday(ctx: _Ctx, m: re.Match[str]) -> _Norm | None:
    rule = _lexicon().holidays[m["hol"]]
    if m["year"]:
        return _day(_holiday_date(rule, int(m["year"])), anchored=False)
    dct = ctx.dct
    if dct is None:
        return _Norm("DATE", f"XXXX-{rule[0]:02d}-{rule[1]:02d}" if len(rule) == 2 else "XXXX-XX-XX")
    rel = (m["hrel"] or "").lower()
    cands = [_holiday_date(rule, y) for y in (dct.year - 1, dct.year, dct.year + 1)]
    if rel == "last":
        return _day(max(d for d in cands if d < dct))
    if rel == "next":
        return _day(min(d for d in cands if d > dct))
    if rel == "this":
        return _day(cands[1])
    here = cands[1]
    year = _pick_year(ctx, m.start(), m.end(), here.month, here.day)
    return _day(_holiday_date(rule, year if year is not None else dct.year))


#: "the (fiscal) year ended March 31": a twelve-month reporting period named by its last
#: day, which TimeML annotates as a duration, not as a calendar year.
_ENDED = re.compile(r"\s+(?:ended|ending)\b", re.I)


def _h_fiscal_year(ctx: _Ctx, m: re.Match[str]) -> _Norm | None:
    if _ENDED.match(ctx.text, m.end()):
        return _Norm("DURATION", "P1Y")
    if ctx.dct is None:
        return _Norm("DATE", "XXXX")
    return _year(ctx.dct.year, True)


def _h_year_end(ctx: _Ctx, m: re.Match[str]) -> _Norm | None:
    if ctx.dct is None:
        return _Norm("DATE", "XXXX-12-31")
    y = ctx.dct.year if ctx.direction(m.start(), m.end()) == "future" else ctx.dct.year - 1
    if ctx.dct.month >= 10:
        y = ctx.dct.year
    return _day(_dt.date(y, 12, 31))


# --------------------------------------------------------------------------- tense


def clause_tense(sentence: str, start: int, end: int) -> str | None:
    """'future', 'past' or None (no cue) for the clause around sentence[start:end].

    The tense cue nearest to the expression wins; a future cue that overlaps a past cue
    (e.g. "is scheduled to") shadows it. Cue lists live in time_words.yaml.
    """
    lx = _lexicon()
    # Reported speech: inside a quotation only the quote's own cues count ("'He will
    # leave Thursday,' Castro said"); outside it, the quote's cues are ignored.
    quotes = _quote_spans(sentence)
    inside = next(((a, b) for a, b in quotes if a <= start and end <= b), None)

    def usable(a: int, b: int) -> bool:
        if inside is not None:
            return inside[0] <= a and b <= inside[1]
        return not any(q0 <= a and b <= q1 for q0, q1 in quotes)

    fut = [(a.start(), a.end()) for a in lx.future_cues.finditer(sentence) if usable(a.start(), a.end())]
    past = [
        (a.start(), a.end())
        for a in lx.past_cues.finditer(sentence)
        if usable(a.start(), a.end())
        and not any(f0 <= a.start() < f1 or a.start() <= f0 < a.end() for f0, f1 in fut)
        and not _adjectival_ed(sentence, a)
    ]

    def dist(span: tuple[int, int]) -> int:
        a, b = span
        if b <= start:
            gap = sentence[b:start]
            d = start - b
        elif a >= end:
            gap = sentence[end:a]
            d = a - end
        else:
            return 10**6  # inside the expression itself: ignore
        # a cue beyond a clause break (comma, semicolon, dash, bracket) belongs to
        # another clause more often than not: count it as farther away
        return d + _CLAUSE_PENALTY * len(_CLAUSE_BREAK.findall(gap))

    best_f = min((dist(s) for s in fut), default=10**6)
    best_p = min((dist(s) for s in past), default=10**6)
    if best_f >= 10**6 and best_p >= 10**6:
        return None
    return "future" if best_f < best_p else "past"


_CLAUSE_BREAK = re.compile(r"[,;:()]|\s[-–—]+\s")
_CLAUSE_PENALTY = 30
_QUOTE = re.compile(r"``|''|[\"“”]")
#: Words before an "-ed" form that make it an adjective or a present passive ("the
#: unspecified date", "is expected", "to be delayed"), not a past-tense verb.
_ED_NOT_PAST = re.compile(
    r"\b(?:a|an|the|its|his|her|their|our|your|my|this|that|these|those|is|are|am|be|being|"
    r"still|not|newly|recently|so-called|well|fully|partly|highly)\s+$",
    re.I,
)


def _quote_spans(sentence: str) -> list[tuple[int, int]]:
    """Character spans of the quotations in a sentence (an unclosed quote runs to the end;
    a closing quote with no opening one starts the span at the sentence start)."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for q in _QUOTE.finditer(sentence):
        mark = q.group(0)
        opening = mark in ("``", "“") or (mark == '"' and open_at is None)
        if opening and open_at is None:
            open_at = q.end()
        elif not opening or mark == '"':
            spans.append((0 if open_at is None else open_at, q.start()))
            open_at = None
    if open_at is not None:
        spans.append((open_at, len(sentence)))
    return spans


def _adjectival_ed(sentence: str, cue: re.Match[str]) -> bool:
    word = cue.group(0)
    if not word.lower().endswith("ed") or " " in word:
        return False
    return bool(_ED_NOT_PAST.search(sentence, max(0, cue.start() - 14), cue.start()))


def sentence_tense_is_future(sentence: str) -> bool:
    """True when the sentence has a future cue ("will", "is due to", "plans to", ...) and
    at least as many future cues as past ones. Lexical and fast; for the direction of one
    expression inside a sentence use :func:`clause_tense`, which weighs distance."""
    lx = _lexicon()
    fut = [(a.start(), a.end()) for a in lx.future_cues.finditer(sentence)]
    past = [
        a for a in lx.past_cues.finditer(sentence)
        if not any(f0 <= a.start() < f1 or a.start() <= f0 < a.end() for f0, f1 in fut)
    ]
    return bool(fut) and len(fut) >= len(past)


# --------------------------------------------------------------------------- driver


#: Rules whose words are lower-case in running text; capitalised mid-sentence they are
#: usually part of a name ("USA Today", ABC's "This Week", "Spring of Life", "High Noon").
_NAME_SENSITIVE = frozenset({"deictic", "rel_period", "season", "clock", "ref", "the_unit"})


def _looks_like_name(text: str, start: int) -> bool:
    if not text[start : start + 1].isupper():
        return False
    before = text[max(0, start - 3) : start].rstrip(" \t")
    if before and before[-1] in "\"“‘'`" and _quoted_title(text, start):
        return True  # ABC's "This Week," / ``Spring of Life'': a quoted title
    if not before or before[-1] in ".!?:;\n\"“‘'(_-—–`":
        return False  # sentence or quote start: ordinary capitalisation
    return True


_TITLE_QUOTE = re.compile(r"((?:[A-Z][\w'’-]*|of|the|and|in|on|a|for)(?:\s+(?:[A-Z][\w'’-]*|of|the|and|in|on|a|for)){0,5})[,.]?(?:''|[\"”’])")


def _quoted_title(text: str, start: int) -> bool:
    """True when a quotation opening at ``start`` is a short Title Case name, not speech."""
    m = _TITLE_QUOTE.match(text, start)
    if not m or len(m.group(1).split()) < 2:
        return False  # ''Today,'' he said: a one-word quote is speech
    return all(w[0].isupper() for w in m.group(1).split() if w not in ("of", "the", "and", "in", "on", "a", "for"))


# --------------------------------------------------------------------------- rule gates
#
# Most rules need a word that most articles lack ("quarter", a holiday, a season, a
# month name). Each rule's regex is analysed once for a set of literal strings one of
# which every match must contain; a rule none of whose strings occurs in the (lower-cased)
# text cannot match and is not run. A pure shortcut: the matches are the same.

#: Non-ASCII characters that Python's case-insensitive matching equates with an ASCII
#: letter (İ ı ſ and the Kelvin sign): a text holding one is searched without gates.
_ASCII_TWINS = re.compile("[\u0130\u0131\u017f\u212a]")
#: ... and the ASCII letter each stands for: matching runs on the text with these
#: replaced (one character for one, so offsets stay), since the handlers look matched
#: words up in ASCII tables ("laſt ſpring" once raised KeyError 'ſpring')
_TWIN_TO_ASCII = {0x130: "I", 0x131: "i", 0x17F: "s", 0x212A: "K"}


def _required(items) -> list[set[str]]:
    """Sets of literal strings, each meaning "every match contains one of these"."""
    c = _sre_constants
    reqs: list[set[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            reqs.append({"".join(run)})
            run.clear()

    for op, av in items:
        if op is c.LITERAL:
            run.append(chr(av))
            continue
        flush()
        found = None
        if op is c.SUBPATTERN:
            found = _strongest(_required(av[3]))
        elif op is c.ATOMIC_GROUP:
            found = _strongest(_required(av))
        elif op is c.BRANCH:
            found = set()
            for branch in av[1]:
                r = _strongest(_required(branch))
                if not r:
                    found = None
                    break
                found |= r
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
            found = _strongest(_required(av[2]))
        if found:
            reqs.append(found)
    flush()
    return reqs


def _strongest(reqs: list[set[str]]) -> set[str] | None:
    """The most telling requirement: longest shortest string, then fewest strings."""
    if not reqs:
        return None
    return max(reqs, key=lambda r: (min(map(len, r)), -len(r)))


def _gate(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lower-cased strings one of which every match of `pattern` contains (None: no gate)."""
    req = _strongest(_required(_sre_parser.parse(pattern.pattern, pattern.flags)))
    if not req or min(map(len, req)) < 3 or not all(w.isascii() for w in req):
        return None
    return tuple(sorted({w.lower() for w in req}, key=len))


@lru_cache(maxsize=1)
def _gates() -> tuple[tuple[str, ...] | None, ...]:
    return tuple(_gate(rule.pattern) for rule in _rules())


def find_timexes(text: str, dct: _dt.date | None, *, default_past: bool = True) -> list[Timex]:
    """Every temporal expression in ``text``, normalised against the document date ``dct``.

    ``default_past``: direction for an expression whose clause has no tense cue
    (news reports mostly look back). Results are sorted by start offset and do not overlap.
    """
    if isinstance(dct, _dt.datetime):
        dct = dct.date()
    if _ASCII_TWINS.search(text):
        text = text.translate(_TWIN_TO_ASCII)
    ctx = _Ctx(text=text, dct=dct, default_past=default_past, sentence_bounds=_sentence_bounds(text))
    cands: list[tuple[int, int, int, _Norm]] = []
    gates = _gates()
    low = text.lower() if not _ASCII_TWINS.search(text) else None
    for prio, rule in enumerate(_rules()):
        gate = gates[prio]
        if low is not None and gate is not None and not any(w in low for w in gate):
            continue  # a word every match needs is missing: no match (see _gates)
        for m in rule.pattern.finditer(text):
            if m.end() == m.start():
                continue
            if rule.name in _NAME_SENSITIVE and _looks_like_name(text, m.start()):
                continue
            norm = rule.handler(ctx, m)
            if norm is None:
                continue
            s, e = m.start(), m.end()
            # trim trailing possessive / whitespace
            while e > s and text[e - 1] in " \t\n,":
                e -= 1
            cands.append((s, e, prio, norm))
    # leftmost-longest, earlier rule wins ties
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    taken: list[tuple[int, int]] = []
    chosen: list[tuple[int, int, _Norm]] = []
    for s, e, _, norm in cands:
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        chosen.append((s, e, norm))
    chosen.sort(key=lambda c: c[0])
    out = []
    anchor: _Norm | None = None
    anchor_end = -10**6
    split: list[tuple[int, int, _Norm]] = []
    for s, e, n in chosen:
        if n.value.startswith(_RANGE):
            y1, y2 = (int(x) for x in n.value[len(_RANGE):].split(":"))
            cut = re.search(r"\s?[-–/]\s?", text[s:e])
            assert cut is not None
            split.append((s, s + cut.start(), _year(y1, False)))
            split.append((s + cut.end(), e, _year(y2, False)))
        else:
            split.append((s, e, n))
    for s, e, n in split:
        if n.value.startswith(_ANAPH + "clock:"):
            n = _resolve_anaphora(n, anchor if s - anchor_end <= _CLOCK_ANCHOR_CHARS else None, dct)
        elif n.value.startswith(_ANAPH):
            n = _resolve_anaphora(n, anchor, dct)
        if n.type in ("DATE", "TIME") and n.start_date is not None and n.precision is not None:
            anchor, anchor_end = n, e
        anchored = n.anchored and dct is not None
        out.append(Timex(text[s:e], s, e, n.type, n.value, n.start_date, n.end_date, n.precision, anchored))
    return out
