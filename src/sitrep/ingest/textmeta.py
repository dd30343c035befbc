"""Publication date, outlet and byline read from a URL or from an article's own text.

Why: plain-text articles often carry their metadata only as page furniture — a dateline
("This Article is From Jul 29, 2015"), a copyright footer ("Copyright © 2021, The Daily
Star."), a byline ("by James Tweedie"). This module reads those, and only those.

Rules that keep it honest:
- A date comes only from an explicit publication-date statement in the header or footer
  region of the text (first/last `REGION` non-blank lines) or from a date in a URL path.
  Dates mentioned inside the story ("began on May 30") are never used, and there is no
  fallback to today's date or a file's mtime: unknown is None.
- Outlets come from a domain table or from template phrases documented in
  data/outlets.yaml; never from a wire agency named inside the story.

All functions are pure (the data files are read once and cached).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from urllib.parse import urlsplit

import yaml

#: Header/footer size, in non-blank lines, searched for datelines and signatures.
REGION = 10
#: Earliest publication date accepted (the web-news era).
EARLIEST = dt.date(1990, 1, 1)


@dataclass(frozen=True)
class DateGuess:
    date: dt.date
    source: str  # "url" | "text"
    evidence: str  # the URL fragment or the line the date was read from


@dataclass(frozen=True)
class Outlet:
    name: str
    domains: tuple[str, ...]
    aliases: tuple[str, ...]
    signatures: tuple[re.Pattern[str], ...]


# --------------------------------------------------------------------------- dates

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
# "Jul 29, 2015" / "December 24th, 2014" / "3 June 2015" / "2015-06-03"
_DATE = (
    rf"{_WEEKDAY}(?:{_MONTH}\s+{_DAY},?\s+{_YEAR}"
    rf"|{_DAY.replace('day>', 'day2>')}\s+(?:of\s+)?{_MONTH.replace('mon>', 'mon2>')},?\s+{_YEAR.replace('year>', 'year2>')}"
    r"|(?P<iy>(?:19|20)\d\d)[-/.](?P<im>[01]?\d)[-/.](?P<id>[0-3]?\d))"
)
# Optional clock time and zone after (or before) the date: "- 08:53 GMT", "at 10:05 am",
# "T10:05:00Z", "| 10:05 AM EDT", "(UTC+3)".
_TIME = (
    r"(?:[01]?\d|2[0-3])[:.h][0-5]\d(?::[0-5]\d)?(?:\.\d+)?\s*(?:[ap]\.?m\.?)?"
    r"(?:\s*(?:z|[a-z]{2,5}(?:[+-]\d{1,2}(?::?\d\d)?)?|[+-]\d{2}:?\d{2}|\([a-z]{2,5}(?:[+-]\d{1,2})?\)))?"
)
_SEP = r"\s*(?:[-–—|,/·•@]|\bat\b|t)?\s*"
# Cue words of a publication-date statement, with a rank: lower = more trustworthy as
# the *publication* date ("Updated" is a later revision, used only when nothing else is).
_CUES = (
    (0, r"this article is from|first published(?: on)?|published(?: on| at)?|posted(?: on| at)?"
        r"|date(?: published)?|released(?: on)?|created(?: on)?|filed(?: on)?|issued(?: on)?"),
    (2, r"(?:last )?updated(?: on| at)?|modified(?: on)?|last modified(?: on)?"),
)
_TAIL = rf"(?:{_SEP}{_TIME})?(?:\s*\(?(?:{_TIME})\)?)?\s*\W*"
_BARE_RE = re.compile(
    rf"^\W*(?:{_TIME}{_SEP})?{_DATE}{_TAIL}$", re.IGNORECASE
)
_CUE_RES = tuple(
    (rank, re.compile(rf"(?:^|[|•·]\s*)\W*(?:{cue})\s*:?\s*{_DATE}(?:{_TAIL})?", re.IGNORECASE))
    for rank, cue in _CUES
)
_BARE_RANK = 1


def _today(today: dt.date | None) -> dt.date:
    return today or dt.date.today()


def _make_date(year: str, month: str | int, day: str) -> dt.date | None:
    try:
        m = month if isinstance(month, int) else (
            int(month) if month.isdigit() else _MONTHS[month[:3].lower()]
        )
        return dt.date(int(year), m, int(day))
    except (ValueError, KeyError):
        return None


def _date_of(match: re.Match[str]) -> dt.date | None:
    g = match.groupdict()
    if g.get("mon"):
        return _make_date(g["year"], g["mon"], g["day"])
    if g.get("mon2"):
        return _make_date(g["year2"], g["mon2"], g["day2"])
    if g.get("iy"):
        return _make_date(g["iy"], int(g["im"]), g["id"])
    return None


def _plausible(day: dt.date | None, today: dt.date | None) -> bool:
    return day is not None and EARLIEST <= day <= _today(today)


def parse_dateline(line: str, *, today: dt.date | None = None) -> tuple[dt.date, int, bool] | None:
    """A publication-date statement on one line -> (date, rank, whole_line).

    rank: 0 published/posted/"This Article is From", 1 a bare date line, 2 updated.
    whole_line: True when the line says nothing but the date statement (so a cleaner
    may drop it from the text). None when the line holds no such statement; a date
    inside a sentence ("began on May 30, 2015") is not a statement.
    """
    text = " ".join(line.split())
    if not text or len(text.split()) > 20:
        return None
    for rank, cue_re in _CUE_RES:
        m = cue_re.search(text)
        if m:
            day = _date_of(m)
            if _plausible(day, today):
                whole = m.start() == 0 and m.end() == len(text)
                return day, rank, whole
    m = _BARE_RE.match(text)
    if m:
        day = _date_of(m)
        if _plausible(day, today):
            return day, _BARE_RANK, True
    return None


def _nonblank(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip()]


def _region(text: str, size: int = REGION) -> list[str]:
    """First and last `size` non-blank lines (each line once, header first)."""
    lines = _nonblank(text)
    if len(lines) <= 2 * size:
        return lines
    return lines[:size] + lines[-size:]


def date_from_text(text: str, *, today: dt.date | None = None) -> DateGuess | None:
    """The publication date stated in the text's header or footer, else None.

    Among several statements the most trustworthy kind wins (published > bare date >
    updated); ties go to the earliest line.
    """
    best: tuple[int, int, dt.date, str] | None = None
    for i, line in enumerate(_region(text)):
        found = parse_dateline(line, today=today)
        if found:
            day, rank, _whole = found
            if best is None or (rank, i) < best[:2]:
                best = (rank, i, day, line)
    if best is None:
        return None
    return DateGuess(best[2], "text", best[3])


_URL_DATE_RES = (
    # /2015/07/28/ , /2015-07-28/ , _2015_07_28 , 2015.07.28
    re.compile(r"(?<!\d)(?P<iy>(?:19|20)\d\d)[/_.-](?P<im>[01]?\d)[/_.-](?P<id>[0-3]?\d)(?!\d)"),
    # /2015/jul/28/ (The Guardian) , /28-jul-2015
    re.compile(rf"(?<![a-z0-9]){_YEAR}[/_-]{_MONTH}[/_-]{_DAY}(?![0-9])", re.IGNORECASE),
    # /20090320/ , -20150728-
    re.compile(r"(?<!\d)(?P<iy>(?:19|20)\d\d)(?P<im>[01]\d)(?P<id>[0-3]\d)(?!\d)"),
)


def _split_url(url: str):
    url = url.strip()
    if "://" not in url and not url.startswith("//"):
        url = "//" + url
    try:
        return urlsplit(url)
    except ValueError:
        return None


def date_from_url(url: str, *, today: dt.date | None = None) -> DateGuess | None:
    """A date written in the URL path (/2015/07/28/, /20090320/, 2015-07-28), else None.

    Year-and-month-only paths (/2015/07/) give no day and are not used.
    """
    parts = _split_url(url or "")
    if parts is None:
        return None
    path = parts.path
    for pattern in _URL_DATE_RES:
        for m in pattern.finditer(path):
            day = _date_of(m)
            if _plausible(day, today):
                return DateGuess(day, "url", m.group(0))
    return None


# --------------------------------------------------------------------------- outlets

@lru_cache(maxsize=1)
def outlets() -> tuple[Outlet, ...]:
    """The outlet table from data/outlets.yaml."""
    raw = yaml.safe_load(
        resources.files("sitrep.ingest").joinpath("data/outlets.yaml").read_text("utf-8")
    )
    table = []
    for entry in raw["outlets"]:
        table.append(Outlet(
            name=entry["name"],
            domains=tuple(d.lower() for d in entry.get("domains") or ()),
            aliases=tuple(entry.get("aliases") or ()),
            signatures=tuple(
                re.compile(sig["pattern"], re.IGNORECASE | re.MULTILINE)
                for sig in entry.get("signatures") or ()
            ),
        ))
    return tuple(table)


# Second-level labels under which a country code registers names (example.co.uk).
_SECOND_LEVEL = {"co", "com", "org", "net", "gov", "ac", "edu", "ne", "or", "go", "gen", "mil", "nic"}
_HOST_PREFIXES = ("www", "www1", "www2", "m", "mobile", "amp", "edition", "english", "en", "news")


def registered_domain(host: str) -> str:
    """Host -> registered domain: 'www.bbc.co.uk' -> 'bbc.co.uk', 'edition.cnn.com' -> 'cnn.com'.

    A small heuristic (no public-suffix list offline): two labels, three when the
    second-level label is a generic one under a two-letter country code.
    """
    labels = [p for p in host.lower().strip(".").split(".") if p]
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def outlet_from_url(url: str) -> str | None:
    """Outlet name for a URL's domain (outlets.yaml), else its tidy registered domain."""
    parts = _split_url(url or "")
    if parts is None:
        return None
    host = (parts.hostname or "").lower().rstrip(".")
    if not host or "." not in host or host.replace(".", "").isdigit():
        return None
    for outlet in outlets():
        for domain in outlet.domains:
            if host == domain or host.endswith("." + domain):
                return outlet.name
    return registered_domain(host)


_COPYRIGHT_RE = re.compile(
    r"^\W*(?:copyright\s*)?(?:©|\(c\)|copyright)\s*"
    r"(?:(?:19|20)\d\d(?:\s*[-–/]\s*(?:19|20)?\d\d)?\s*,?\s*)?"
    r"(?P<name>.+?)"
    r"(?:\s*[,.]?\s*(?:(?:19|20)\d\d))?"
    r"\s*[,.;|-]?\s*(?:all rights reserved.*)?$",
    re.IGNORECASE,
)
_LEGAL_SUFFIX = re.compile(r"[,\s]+(?:ltd|limited|inc|llc|plc|s\.?a|gmbh|co)\.?$", re.IGNORECASE)


def _canonical(name: str) -> str:
    """A copyright holder's name -> the outlet's recorded name when outlets.yaml knows it."""
    key = name.casefold()
    for outlet in outlets():
        if key == outlet.name.casefold() or key in (a.casefold() for a in outlet.aliases):
            return outlet.name
    return name


def _is_outlet_name(name: str) -> bool:
    key = name.casefold()
    return any(key == o.name.casefold() or key in (a.casefold() for a in o.aliases) for o in outlets())


def copyright_holder(line: str) -> str | None:
    """'Copyright © 2021, The Daily Star. All rights reserved.' -> 'The Daily Star'."""
    text = " ".join(line.split())
    if not re.search(r"©|\(c\)|copyright", text, re.IGNORECASE) or len(text.split()) > 20:
        return None
    m = _COPYRIGHT_RE.match(text)
    if not m:
        return None
    name = m.group("name").strip(" ,.;:-|")
    name = _LEGAL_SUFFIX.sub("", name).strip(" ,.;:-|")
    # A holder is a name: starts with a capital/digit, few words, not a sentence.
    if not name or not (name[0].isupper() or name[0].isdigit()) or len(name.split()) > 8:
        return None
    if re.search(r"\b(all rights|reserved|may not|permission)\b", name, re.IGNORECASE):
        return None
    return name


def outlet_from_text(text: str) -> str | None:
    """The outlet named by a copyright line or a documented template signature, else None.

    Only the header/footer region is searched. A copyright line wins over a signature.
    """
    region = _region(text)
    for line in reversed(region):  # copyright lines sit at the foot
        holder = copyright_holder(line)
        if holder:
            return _canonical(holder)
    for outlet in outlets():
        for sig in outlet.signatures:
            if any(sig.search(" ".join(line.split())) for line in region):
                return outlet.name
    return None


# --------------------------------------------------------------------------- byline

_NAME = r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|al-\w+|el-\w+|de|van|von|bin|ibn|abu|la|le|da|di))*"
BYLINE_RE = re.compile(
    rf"^\W*(?i:(?:written |words |story |report(?:ed)? )?by)\s*:?\s+"
    rf"(?P<name>{_NAME}(?:\s*(?:,|&|\band\b)\s*{_NAME})*)"
    # optional tail: ", Reuters", " | AFP", " in Beirut", " for The Daily Star" (capitalised)
    r"(?:\s*(?:[,|/–—-]|\bin\b|\bfor\b)\s*[A-Z][\w'’.&-]*(?:\s+[\w'’.&-]+){0,6})?$"
)


def parse_byline(line: str) -> str | None:
    """'by James Tweedie' -> 'James Tweedie'; None when the line is not a byline."""
    text = " ".join(line.split())
    if not text or len(text.split()) > 14 or text.endswith((".", "?", "!")) and not text.endswith("Jr."):
        return None
    m = BYLINE_RE.match(text)
    if not m:
        return None
    name = m.group("name").strip()
    # "Tom Perry, Reuters": a trailing outlet/agency is the employer, not a co-author.
    head, sep, last = name.rpartition(",")
    if sep and _is_outlet_name(last.strip()):
        name = head.strip()
    # Names have at most a handful of words per author.
    if len(name.split()) > 10:
        return None
    return name


def byline(text: str) -> str | None:
    """The author named in a byline line near the top (or foot) of the text, else None."""
    lines = _nonblank(text)
    for line in lines[:REGION] + lines[-3:]:
        name = parse_byline(line)
        if name:
            return name
    return None
