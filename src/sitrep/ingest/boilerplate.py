"""Remove page furniture from already-extracted plain-text articles, line by line.

Why our own classifier: on text that is already extracted (one paragraph per line),
trafilatura keeps every boilerplate line and jusText drops real sentences and datelines
(docs/shared findings). Here each line (or hard-wrapped paragraph) is judged from its own
features — length, final punctuation, share of capitalised words, position relative to
the title and the article body — and from the pattern classes in data/boilerplate.yaml.

Decisions (see docs/data/ingest.md):
- A line is removed only for a named reason; everything else is kept. When unsure, keep:
  losing a real sentence is worse than keeping a stray "Donate" line.
- Trailing blocks ("Popular posts from this blog", "You may also like", "COMMENTS",
  a donation appeal) swallow the headline-like lines (short, no final period) that follow
  them; the first prose line ends the block and is kept.
- Dateline lines ("This Article is From Jul 29, 2015") in the header/footer region are
  removed from the text: the caller reads dates with textmeta.date_from_text on the RAW
  text first, and that function searches exactly the region these lines come from.
- The title stays as the first paragraph of `text`; verbatim repeats of it are removed.
  `CleanText.body` is the text without the title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from sitrep.ingest import textmeta

#: Header/footer region for datelines and bylines: the same size textmeta searches.
REGION = textmeta.REGION
#: A "headline-like" line: at most this many words and characters, no final period.
HEADLINE_MAX_WORDS = 25
HEADLINE_MAX_CHARS = 200
TITLE_MAX_WORDS = 30
TITLE_MAX_CHARS = 250


@dataclass(frozen=True)
class CleanText:
    text: str  # kept paragraphs, separated by one blank line; the title is the first
    lines_kept: tuple[str, ...]  # kept input lines, stripped, in order
    lines_removed: tuple[tuple[int, str, str], ...]  # (1-based line number, line, reason)
    title: str | None = None
    byline: str | None = None  # the author named by a removed byline line

    @property
    def body(self) -> str:
        """`text` without its title paragraph."""
        if self.title and self.text.startswith(self.title):
            return self.text[len(self.title):].lstrip("\n")
        return self.text


@dataclass(frozen=True)
class _Class:
    reason: str
    starts_block: bool
    line: tuple[re.Pattern[str], ...]
    contains: tuple[re.Pattern[str], ...]
    max_words: int


@dataclass(frozen=True)
class _Config:
    classes: tuple[_Class, ...]
    share_tokens: frozenset[str]
    nav_words: frozenset[str]


@lru_cache(maxsize=1)
def _config() -> _Config:
    raw = yaml.safe_load(
        resources.files("sitrep.ingest").joinpath("data/boilerplate.yaml").read_text("utf-8")
    )
    classes = []
    for reason, spec in raw["classes"].items():
        classes.append(_Class(
            reason=reason,
            starts_block=bool(spec.get("starts_block", False)),
            line=tuple(re.compile(p, re.IGNORECASE) for p in spec.get("line") or ()),
            contains=tuple(re.compile(p, re.IGNORECASE) for p in spec.get("contains") or ()),
            max_words=int(spec.get("max_words", 25)),
        ))
    return _Config(
        classes=tuple(classes),
        share_tokens=frozenset(str(t).lower() for t in raw.get("share_tokens") or ()),
        nav_words=frozenset(str(t).lower() for t in raw.get("nav_words") or ()),
    )


# --------------------------------------------------------------------------- features

_CLOSERS = "\"'”’»)]*"
_EDGE_PUNCT = " \t-–—|:•·»«>›‹*#_=~"
_QUOTES = re.compile(r"[\"“”«»]|(?:^|\s)['‘]|['’](?:\s|$)")
# A line may end in one of these and still continue on the next line of a wrapped paragraph.
_OPEN_END = re.compile(
    r"(?:[,;(\-–—]|\b(?:the|a|an|of|to|in|on|at|by|for|and|or|but|with|from|that|which|who|as|is|was|were|has|had|have))$",
    re.IGNORECASE,
)
_ODD_SPACE = re.compile(r"[^\S\n ]")
# Weak share tokens: only count as a share row together with a strong one.
_WEAK_SHARE = frozenset({"x", "copy", "link", "save", "mail", "sms", "pocket", "comment", "comments"})


def _norm(text: str) -> str:
    return " ".join(text.split())


def _core(text: str) -> str:
    """The line without decorative edge punctuation ("» Read more:" -> "Read more")."""
    return _norm(text).strip(_EDGE_PUNCT)


def _last_char(text: str) -> str:
    t = text.rstrip().rstrip(_CLOSERS).rstrip()
    return t[-1:] if t else ""


def _ends_period(text: str) -> bool:
    return _last_char(text) in {".", "…"} and not text.rstrip().endswith("...")


def _ends_sentence(text: str) -> bool:
    return _last_char(text) in {".", "!", "?", "…"}


def _cap_share(text: str) -> float:
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text)]
    if not words:
        return 0.0
    return sum(1 for w in words if w[0].isupper()) / len(words)


def headline_like(text: str) -> bool:
    """Short and without a final period: a title, a subhead, a related-story headline."""
    n = len(text.split())
    return 0 < n <= HEADLINE_MAX_WORDS and len(text) <= HEADLINE_MAX_CHARS and not _ends_period(text)


def _title_like(text: str) -> bool:
    n = len(text.split())
    return 0 < n <= TITLE_MAX_WORDS and len(text) <= TITLE_MAX_CHARS and not _ends_period(text)


# "NAIROBI, Kenya (AP) _" / "BEIRUT (Reuters) -": a place dateline on its own line. It is
# article text (where the story was filed), never the title.
_PLACE_DATELINE = re.compile(
    r"^[A-Z]{2}[A-Z .'’-]*(?:,\s*[A-Z][\w .'’-]*)?\s*(?:\([^)]{1,30}\))?\s*[_—–-]*\s*$"
)


def _place_dateline(text: str) -> bool:
    return bool(_PLACE_DATELINE.match(text)) and ("(" in text or text.rstrip()[-1:] in "_—–-")


def _prose(text: str) -> bool:
    """A sentence of running text: ends like a sentence and is not tiny."""
    n = len(text.split())
    return (n >= 6 and _ends_sentence(text)) or n > HEADLINE_MAX_WORDS


def _reader_appeal(text: str) -> bool:
    """Addresses the reader ("you") as the publisher ("we/our/us"), outside quotation marks."""
    if _QUOTES.search(text):
        return False
    low = text.lower()
    return bool(re.search(r"\byou(?:r|'re|’re|'ve|’ve)?\b", low)) and bool(
        re.search(r"\b(?:we|we're|we’re|our|us)\b", low)
    )


def _share_row(core: str, cfg: _Config) -> bool:
    tokens = [t for t in re.split(r"[\s|/·•,]+", core.lower()) if t]
    if not tokens or len(tokens) > 10:
        return False
    return all(t in cfg.share_tokens for t in tokens) and any(t not in _WEAK_SHARE for t in tokens)


def _nav_bar(core: str, cfg: _Config) -> bool:
    """'Home | News | World' / 'Home › Middle East › Syria': a list of short menu items."""
    segments = [s for s in re.split(r"\s*[|›»•·]\s*|\s+[/>]\s+", core) if s]
    if len(segments) < 2:
        return False
    if any(len(s.split()) > 4 for s in segments):
        return False
    known = sum(1 for s in segments if s.lower() in cfg.nav_words)
    if len(segments) == 2:
        return known == 2
    return known * 2 >= len(segments) or all(_cap_share(s) == 1.0 for s in segments)


def _pattern_reason(text: str, cfg: _Config) -> tuple[str, bool] | None:
    """(reason, starts_block) for a line matching a boilerplate.yaml class, else None."""
    norm = _norm(text)
    core = _core(text)
    n_words = len(norm.split())
    for cls in cfg.classes:
        if core and any(p.fullmatch(core) for p in cls.line):
            return cls.reason, cls.starts_block
        if n_words <= cls.max_words and any(p.search(norm) for p in cls.contains):
            return cls.reason, cls.starts_block
    if _share_row(core, cfg):
        return "share", False
    if _nav_bar(core, cfg):
        return "navigation", False
    return None


# --------------------------------------------------------------------------- units

@dataclass(frozen=True)
class _Unit:
    """A line, or a hard-wrapped paragraph of several lines, judged as one."""

    numbers: tuple[int, ...]  # 1-based input line numbers
    lines: tuple[str, ...]  # stripped input lines
    text: str


def _wrapped(block: list[str]) -> bool:
    """Is this run of non-blank lines one paragraph hard-wrapped at a fixed width?"""
    if len(block) < 2:
        return False
    inner = block[:-1]
    width = max(len(ln) for ln in inner)
    if width > 100 or any(len(ln) < max(40, 0.6 * width) for ln in inner):
        return False
    open_breaks = sum(
        1 for i, ln in enumerate(inner)
        if _OPEN_END.search(ln) or block[i + 1][:1].islower()
    )
    return open_breaks * 2 >= len(inner)


def _units(lines: list[str]) -> tuple[list[_Unit], list[tuple[int, str, str]]]:
    units: list[_Unit] = []
    whitespace: list[tuple[int, str, str]] = []
    block: list[tuple[int, str]] = []

    def flush() -> None:
        if not block:
            return
        texts = [t for _, t in block]
        if _wrapped(texts):
            units.append(_Unit(tuple(n for n, _ in block), tuple(texts), " ".join(texts)))
        else:
            units.extend(_Unit((n,), (t,), t) for n, t in block)
        block.clear()

    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped:
            block.append((number, stripped))
            continue
        flush()
        if line:  # only spaces / no-break spaces / tabs
            whitespace.append((number, line, "whitespace"))
    flush()
    return units, whitespace


# --------------------------------------------------------------------------- cleaning

def _same(a: str, b: str) -> bool:
    return _norm(a).casefold() == _norm(b).casefold()


def clean_text(raw: str) -> CleanText:
    """Split plain article text into kept paragraphs and removed boilerplate lines."""
    cfg = _config()
    units, removed = _units(raw.splitlines())
    n = len(units)
    reasons: list[str | None] = [None] * n
    title: str | None = None
    author: str | None = None
    body_started = False  # a prose line has been kept
    kept_any = False
    block: str | None = None  # reason of the open trailing block

    for i, unit in enumerate(units):
        text = unit.text
        in_region = i < REGION or i >= n - REGION
        reason: str | None = None
        starts_block = False

        found = _pattern_reason(text, cfg)
        if found:
            reason, starts_block = found
        if reason is None and in_region and len(unit.lines) == 1:
            dateline = textmeta.parse_dateline(text)
            if dateline and dateline[2]:
                reason = "dateline"
        if reason is None and len(unit.lines) == 1 and (i < REGION or i >= n - 3):
            name = textmeta.parse_byline(text)
            if name:
                reason, author = "byline", author or name
        if reason is None and title is not None and _same(text, title):
            reason = "repeated title"
        if reason is None and not kept_any and text.lower() in cfg.nav_words:
            reason = "navigation"  # a section label above the title ("World", "Middle East")
        if reason is None and block is not None:
            if headline_like(text):
                reason = f"{block} block"
            elif _reader_appeal(text):
                reason = "appeal"
            else:
                block = None  # prose ends the block; this line is article text
        if reason is None and body_started and i >= 0.75 * n and _reader_appeal(text):
            reason = "appeal"

        if reason is not None:
            reasons[i] = reason
            # A block only opens once the article has begun: a "Related" line above the
            # title must not swallow the title and subheads.
            if starts_block and body_started:
                block = reason
            continue
        if not kept_any and _title_like(text) and len(unit.lines) == 1 and not _place_dateline(text):
            title = text
        kept_any = True
        if _prose(text):
            body_started = True

    kept_lines: list[str] = []
    paragraphs: list[str] = []
    for unit, reason in zip(units, reasons):
        if reason is None:
            kept_lines.extend(unit.lines)
            # no-break and other odd spaces become plain spaces in the text (not in lines_kept)
            paragraphs.append(_ODD_SPACE.sub(" ", unit.text))
        else:
            removed.extend((num, line, reason) for num, line in zip(unit.numbers, unit.lines))
    removed.sort(key=lambda r: r[0])
    return CleanText(
        text="\n\n".join(paragraphs),
        lines_kept=tuple(kept_lines),
        lines_removed=tuple(removed),
        title=title,
        byline=author,
    )


def split_title(raw: str) -> tuple[str | None, str]:
    """(title, rest) for plain text: the title line and its verbatim repeats are cut out.

    The title is the first line that is neither boilerplate nor prose: short, no final
    period, above the body. `rest` is the input without those lines (nothing else is
    changed; run clean_text on it or on the raw text). No title -> (None, raw).
    """
    title = clean_text(raw).title
    if title is None:
        return None, raw
    rest = [ln for ln in raw.splitlines() if not (ln.strip() and _same(ln, title))]
    return title, "\n".join(rest).strip("\n")


def byline(text: str) -> str | None:
    """The author named by a byline line near the top of the text (see textmeta.byline)."""
    return textmeta.byline(text)
