"""The actor registry: who fights whom, under which names.

News copy names the same armed group a dozen ways ("IS", "Isis", "Daesh", "Islamic State
group jihadists") and leaves others to context ("government forces" in a Syria story are
Syria's army). This module maps such mentions to one canonical, ACLED-style actor with its
ACLED interaction code, using the documented data file ``data/actors.yaml``
(format: docs/data/actors.md).

Matching is a pure regular-expression scan (it runs on every sentence): every alias is
expanded into literal phrases, the phrases are compiled into two prefix-tree regexes (one
case-insensitive, one case-sensitive for short capitalised abbreviations such as "IS" and
"US"), and overlapping hits are resolved longest-first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

DATA_FILE = Path(__file__).parent / "data" / "actors.yaml"

INTER_LABELS = {
    1: "State forces",
    2: "Rebel group",
    3: "Political militia",
    4: "Identity militia",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    inter: int
    inter_label: str
    country: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class ActorMention:
    actor: Actor
    text: str
    start: int
    end: int


# --------------------------------------------------------------------------- alias syntax

_SEP = "[\\s\\-\u2010\u2011\u2013]+"  # a space or a hyphen in an alias: any run of either
_BRACKET = re.compile(r"\[([^\[\]]*)\]|\(([^()]*)\)")


def expand_alias(alias: str) -> list[str]:
    """All literal phrases of an alias: "[a|b] c(s)" -> ["a c", "a cs", "b c", "b cs"]."""
    m = _BRACKET.search(alias)
    if not m:
        return [" ".join(alias.split())]
    pre, post = alias[: m.start()], alias[m.end():]
    options = m.group(1).split("|") if m.group(1) is not None else ["", m.group(2)]
    out: list[str] = []
    for option in options:
        out.extend(expand_alias(pre + option + post))
    return out


def alias_key(text: str, case_sensitive: bool = False) -> str:
    """The lookup key of a phrase: hyphens/spaces merged, curly apostrophes straightened."""
    key = re.sub(_SEP, " ", text.replace("\u2019", "'")).strip()
    return key if case_sensitive else key.lower()


def is_case_sensitive(literal: str, listed: frozenset[str] = frozenset()) -> bool:
    """Capitalised abbreviations of at most three letters ("IS", "US", "SAA") keep their case."""
    letters = re.sub(r"[^A-Za-z]", "", literal)
    return literal in listed or (letters.isupper() and len(letters) <= 3)


def _units(literal: str) -> list[str]:
    """A literal as regex units, one per character (separators and apostrophes widened)."""
    units: list[str] = []
    for ch in literal:
        if ch in " -\u2010\u2011\u2013":
            if units and units[-1] == _SEP:
                continue
            units.append(_SEP)
        elif ch in "'\u2019":
            units.append("['\u2019]")
        else:
            units.append(re.escape(ch))
    return units


def trie_regex(literals: list[str]) -> str:
    """One regex matching any of the literals, as a prefix tree (fast on long lists).

    Greedy optional groups make the longest literal win at a given start position.
    """
    end = object()
    root: dict = {}
    for lit in literals:
        node = root
        for unit in _units(lit):
            node = node.setdefault(unit, {})
        node[end] = True

    def emit(node: dict) -> str:
        alts = [unit + emit(child) for unit, child in node.items() if unit is not end]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if end in node:
            return "(?:" + body + ")?"
        return body

    return emit(root) if root else "(?!)"


def compile_phrases(ci: list[str], cs: list[str]) -> tuple[re.Pattern, re.Pattern]:
    """Word-bounded regexes for case-insensitive and case-sensitive literal lists."""
    wrap = "(?<![\\w\\-\u2010])(?:{})(?![\\w])"
    return (
        re.compile(wrap.format(trie_regex(ci)), re.IGNORECASE),
        re.compile(wrap.format(trie_regex(cs))),
    )


def longest_matches(text: str, patterns: tuple[re.Pattern, ...]) -> list[re.Match]:
    """Non-overlapping matches of several regexes, the longest winning an overlap."""
    # the analysis asks twice per sentence (actors, then speakers): the last few answers
    # are kept, keyed by the patterns' identity (hashing a compiled regex hashes its code)
    key = (text, tuple(map(id, patterns)))
    hit = _RECENT.get(key)
    if hit is not None and all(a is b for a, b in zip(hit[0], patterns)):
        return list(hit[1])
    found = _longest_matches(text, patterns)
    if len(_RECENT) >= 8:
        _RECENT.pop(next(iter(_RECENT)))
    _RECENT[key] = (tuple(patterns), found)
    return list(found)


_RECENT: dict[tuple, tuple[tuple[re.Pattern, ...], tuple[re.Match, ...]]] = {}


def _longest_matches(text: str, patterns) -> tuple[re.Match, ...]:
    hits = [m for p in patterns for m in p.finditer(text) if m.end() > m.start()]
    hits.sort(key=lambda m: (m.start(), -(m.end() - m.start())))
    out: list[re.Match] = []
    last_end = -1
    for m in hits:
        if m.start() >= last_end:
            out.append(m)
            last_end = m.end()
    return tuple(out)


# --------------------------------------------------------------------------- registry


@dataclass(frozen=True)
class _Contextual:
    """A phrase family whose actor depends on the article's country."""

    by_country: dict
    table: str | None
    default: str | None
    template: dict | None


class ActorRegistry:
    """Canonical actors and the regex that finds their mentions in text."""

    def __init__(self, data: dict):
        self._countries: dict[str, dict] = data.get("countries") or {}
        self._country_keys: dict[str, str] = {}
        for name, info in self._countries.items():
            self._country_keys[name.lower()] = name
            for code in (info or {}).get("codes", []):
                self._country_keys[code.lower()] = name
        self._actors: dict[str, Actor] = {}
        self._dynamic: dict[str, Actor] = {}
        # lookup key -> actor id (str) or _Contextual
        self._ci: dict[str, object] = {}
        self._cs: dict[str, object] = {}
        for row in data.get("actors") or []:
            inter = int(row["inter"])
            actor = Actor(
                id=row["id"],
                name=row["name"],
                inter=inter,
                inter_label=INTER_LABELS[inter],
                country=row.get("country"),
                aliases=tuple(row.get("aliases") or ()),
            )
            if actor.id in self._actors:
                raise ValueError(f"duplicate actor id {actor.id}")
            self._actors[actor.id] = actor
            self._add(actor.aliases + (actor.name,), actor.id, row.get("case_sensitive"))
        for row in data.get("contextual") or []:
            ctx = _Contextual(
                by_country=row.get("by_country") or {},
                table=row.get("table"),
                default=row.get("default"),
                template=row.get("template"),
            )
            for target in list(ctx.by_country.values()) + [ctx.default]:
                if target not in (None, "template") and target not in self._actors:
                    raise ValueError(f"contextual rule names unknown actor {target}")
            self._add(tuple(row.get("aliases") or ()), ctx, row.get("case_sensitive"))
        for name, info in self._countries.items():
            for key in ("gov", "rebels"):
                if (info or {}).get(key) and info[key] not in self._actors:
                    raise ValueError(f"country {name}: unknown actor {info[key]}")
        self._by_name = {a.name.lower(): a for a in self._actors.values()}
        self._patterns = compile_phrases(
            [k for k in self._ci_literals], [k for k in self._cs_literals]
        )

    def _add(self, aliases: tuple[str, ...], target: object, listed) -> None:
        listed = frozenset(listed or ())
        if not hasattr(self, "_ci_literals"):
            self._ci_literals: list[str] = []
            self._cs_literals: list[str] = []
        for alias in aliases:
            for lit in expand_alias(alias):
                if not lit:
                    continue
                if is_case_sensitive(lit, listed):
                    self._cs.setdefault(alias_key(lit, True), target)
                    self._cs_literals.append(lit)
                else:
                    self._ci.setdefault(alias_key(lit), target)
                    self._ci_literals.append(lit)

    # ---------------------------------------------------------------- loading

    @classmethod
    def load(cls, path: str | Path | None = None) -> "ActorRegistry":
        with open(path or DATA_FILE, encoding="utf-8") as fh:
            return cls(yaml.safe_load(fh))

    # ---------------------------------------------------------------- lookup

    def __len__(self) -> int:
        return len(self._actors)

    def __iter__(self):
        return iter(self._actors.values())

    @property
    def alias_count(self) -> int:
        """Number of distinct literal phrases the registry matches."""
        return len(self._ci) + len(self._cs)

    def get(self, actor_id: str) -> Actor | None:
        return self._actors.get(actor_id) or self._dynamic.get(actor_id)

    def by_name(self, name: str) -> Actor | None:
        """The actor with this canonical name, else the one this unambiguous alias names."""
        if not name:
            return None
        hit = self._by_name.get(name.strip().lower())
        if hit:
            return hit
        for actor in self._dynamic.values():
            if actor.name.lower() == name.strip().lower():
                return actor
        target = self._cs.get(alias_key(name, True)) or self._ci.get(alias_key(name))
        return self._actors.get(target) if isinstance(target, str) else None

    def country_name(self, country: str | None) -> str | None:
        """Canonical country name for a name or ISO code ("SY", "syria" -> "Syria")."""
        if not country:
            return None
        return self._country_keys.get(country.strip().lower(), country.strip())

    def find(self, text: str, country: str | None = None) -> list[ActorMention]:
        """Actor mentions in `text`, in order, non-overlapping, longest match first.

        `country` (name or ISO code) resolves context-dependent phrases such as
        "government forces"; without it those phrases are skipped unless the data file
        gives a default.
        """
        country = self.country_name(country)
        out: list[ActorMention] = []
        for m in longest_matches(text, self._patterns):
            phrase = m.group()
            target = self._cs.get(alias_key(phrase, True))
            if target is None:
                target = self._ci.get(alias_key(phrase))
            actor = self._resolve(target, country)
            if actor is not None:
                out.append(ActorMention(actor, phrase, m.start(), m.end()))
        return out

    def _resolve(self, target: object, country: str | None) -> Actor | None:
        if isinstance(target, str):
            return self._actors[target]
        if not isinstance(target, _Contextual):
            return None
        if country and country in target.by_country:
            return self._actors[target.by_country[country]]
        if country and target.table:
            actor_id = (self._countries.get(country) or {}).get(target.table)
            if actor_id:
                return self._actors[actor_id]
        if country and target.template:
            return self._from_template(target.template, country)
        if target.default == "template" and target.template:
            return self._from_template(target.template, None)
        if target.default:
            return self._actors[target.default]
        return None

    def _from_template(self, template: dict, country: str | None) -> Actor:
        if country:
            codes = (self._countries.get(country) or {}).get("codes") or []
            code = codes[-1] if codes else re.sub(r"\W", "", country).upper()[:3]
            name = template["name"].format(country=country)
            actor_id = template["id"].format(code=code)
        else:
            name = template["name"].replace(" ({country})", "").replace(" of {country}", "")
            actor_id = template["id"].replace("-{code}", "")
        actor = self._dynamic.get(actor_id)
        if actor is None:
            inter = int(template["inter"])
            actor = Actor(actor_id, name, inter, INTER_LABELS[inter], country, ())
            self._dynamic[actor_id] = actor
        return actor


@lru_cache(maxsize=1)
def get_registry() -> ActorRegistry:
    """The registry built from the packaged data file (loaded once per process)."""
    return ActorRegistry.load()
