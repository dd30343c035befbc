"""TempEval-3 TIMEX3 benchmark for sitrep.analyse.timex (TimeBank + AQUAINT, TBAQ-cleaned).

Each .tml file is TimeML: a <DCT> element holding the creation-time TIMEX3 and a <TEXT>
element whose inline <TIMEX3> tags are the gold expressions. We parse it with
xml.etree, rebuild the plain body text (tags stripped) with the character offsets of every
gold TIMEX3, run :func:`find_timexes` on that body with the DCT, and score as TempEval-3:

* extent (relaxed): a system timex matches a gold one when their spans overlap
  (one-to-one, greedy by overlap size); an unmatched system timex is a false positive.
* value: a matched pair counts as correct only when the TIMEX3 values are equal
  (exact string). value precision = correct / system timexes, recall = correct / gold.

The DCT's own TIMEX3 (functionInDocument=CREATION_TIME) sits in the <DCT> header, not in
<TEXT>: it is given to the system as input, so scoring it would be free credit. It is
excluded (in TBAQ-cleaned every document's creation-time TIMEX3 is in the header; a
CREATION_TIME timex inside the body would be scored like any other).

The TempEval-3 reference numbers (HeidelTime 77.6, SUTime 67.4 value F1) were measured on
the separate platinum test set; here we report the development corpus, split by the
sorted file list into odd indices (tuned on) and even indices (not tuned on).
"""

from __future__ import annotations

import datetime as dt
import pathlib
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from sitrep.analyse.timex import Timex, find_timexes

DEFAULT_DATA = ("bench", "tempeval3", "TBAQ-cleaned")


@dataclass(frozen=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True)
class TmlDoc:
    name: str
    dct: dt.date | None
    text: str
    gold: tuple[GoldTimex, ...]


def parse_tml(source: str, name: str = "") -> TmlDoc:
    """Parse TimeML text: the body (tags stripped), the DCT and the gold TIMEX3 spans."""
    root = ET.fromstring(source)
    dct: dt.date | None = None
    for t in root.iter("TIMEX3"):
        if t.get("functionInDocument") == "CREATION_TIME":
            dct = _parse_date(t.get("value", ""))
            break
    body = root.find("TEXT")
    parts: list[str] = []
    gold: list[GoldTimex] = []
    pos = 0

    def walk(el: ET.Element) -> None:
        nonlocal pos
        start = pos
        if el.text:
            parts.append(el.text)
            pos += len(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
                pos += len(child.tail)
        if el.tag == "TIMEX3" and el.get("functionInDocument") != "CREATION_TIME":
            # text is filled in once the whole body is known
            gold.append(GoldTimex(start, pos, "", el.get("type", ""), el.get("value", "")))

    if body is not None:
        walk(body)
    full = "".join(parts)
    gold = [GoldTimex(g.start, g.end, full[g.start : g.end], g.type, g.value) for g in gold]
    return TmlDoc(name=name, dct=dct, text=full, gold=tuple(gold))


def _parse_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


@dataclass
class Counts:
    n_gold: int = 0
    n_sys: int = 0
    extent_match: int = 0
    value_correct: int = 0
    type_correct: int = 0

    def add(self, other: "Counts") -> None:
        for f in ("n_gold", "n_sys", "extent_match", "value_correct", "type_correct"):
            setattr(self, f, getattr(self, f) + getattr(other, f))

    def metrics(self) -> dict:
        def prf(correct: int) -> tuple[float, float, float]:
            p = correct / self.n_sys if self.n_sys else 0.0
            r = correct / self.n_gold if self.n_gold else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            return round(p, 4), round(r, 4), round(f, 4)

        vp, vr, vf = prf(self.value_correct)
        ep, er, ef = prf(self.extent_match)
        return {
            "value_f1": vf, "value_precision": vp, "value_recall": vr,
            "extent_f1_relaxed": ef, "extent_precision": ep, "extent_recall": er,
            "type_accuracy": round(self.type_correct / self.extent_match, 4) if self.extent_match else 0.0,
            "n_gold": self.n_gold, "n_sys": self.n_sys,
        }


def score(gold: tuple[GoldTimex, ...] | list[GoldTimex], system: list[Timex]) -> tuple[Counts, list[dict]]:
    """TempEval-3 style counts for one document, plus the list of errors (for inspection)."""
    c = Counts(n_gold=len(gold), n_sys=len(system))
    pairs = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            ov = min(g.end, s.end) - max(g.start, s.start)
            if ov > 0:
                pairs.append((ov, gi, si))
    pairs.sort(reverse=True)
    used_g: dict[int, int] = {}
    used_s: set[int] = set()
    for _, gi, si in pairs:
        if gi in used_g or si in used_s:
            continue
        used_g[gi] = si
        used_s.add(si)
    errors: list[dict] = []
    for gi, g in enumerate(gold):
        si = used_g.get(gi)
        if si is None:
            errors.append({"kind": "missed", "gold": g.text, "gold_value": g.value})
            continue
        s = system[si]
        c.extent_match += 1
        c.type_correct += s.type == g.type
        if s.value == g.value:
            c.value_correct += 1
        else:
            errors.append({"kind": "value", "gold": g.text, "gold_value": g.value, "sys": s.text, "sys_value": s.value})
    for si, s in enumerate(system):
        if si not in used_s:
            errors.append({"kind": "spurious", "sys": s.text, "sys_value": s.value})
    return c, errors


def load_docs(data: pathlib.Path) -> list[TmlDoc]:
    files = sorted(data.rglob("*.tml"), key=lambda p: p.relative_to(data).as_posix())
    return [parse_tml(f.read_text("utf-8"), f.relative_to(data).as_posix()) for f in files]


def run(data: pathlib.Path | None = None) -> dict:
    """Score find_timexes on every .tml file under ``data`` (default: shared bench copy)."""
    if data is None:
        from sitrep.config import shared_path

        data = shared_path(*DEFAULT_DATA)
        if data is None or not data.exists():
            raise FileNotFoundError("TempEval-3 data not found under shared/" + "/".join(DEFAULT_DATA))
    data = pathlib.Path(data)
    t0 = time.perf_counter()
    docs = load_docs(data)
    t1 = time.perf_counter()
    splits = {"odd": Counts(), "even": Counts(), "all": Counts()}
    errors: list[dict] = []
    for i, doc in enumerate(docs):
        system = find_timexes(doc.text, doc.dct)
        c, errs = score(doc.gold, system)
        splits["odd" if i % 2 else "even"].add(c)
        splits["all"].add(c)
        errors.extend({"doc": doc.name, "dct": str(doc.dct), **e} for e in errs)
    t2 = time.perf_counter()
    metrics = splits["all"].metrics()
    return {
        "name": "tempeval3",
        "metrics": {k: metrics[k] for k in ("value_f1", "value_precision", "value_recall", "extent_f1_relaxed", "n_gold")},
        "details": {
            "n_docs": len(docs),
            "split_rule": "sorted relative paths; odd indices = tuning half, even = held out",
            "odd_tuned": splits["odd"].metrics(),
            "even_held_out": splits["even"].metrics(),
            "all": metrics,
            "seconds_parse": round(t1 - t0, 2),
            "seconds_tag": round(t2 - t1, 2),
            "dct_policy": "creation-time TIMEX3 in the <DCT> header is input, not scored",
            "errors": errors,
        },
    }


if __name__ == "__main__":  # pragma: no cover - manual use
    import json
    import sys

    res = run(pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else None)
    res["details"].pop("errors")
    print(json.dumps(res, indent=2))
