"""CASE-2021 Task 2 benchmark for sitrep.analyse.event_types (ACLED sub-event typing).

The data (``shared/bench/case2021/dev.tsv``) has one news snippet per row with a gold
CASE code: one of the 25 ACLED sub-event types, or one of five "unseen" non-conflict
types (ORG_CRIME, NATURAL_DISASTER, MAN_MADE_DISASTER, DIPLO, ATTRIB) that a conflict
monitor must not call a conflict event. We run :func:`classify` on every snippet and
map its answer to a code: the winning ACLED type's code, or ``NONE`` when it says "not
a conflict event".

Metrics (weighted F1 is sklearn's ``average="weighted"``, written out here: per-class
F1 averaged with the gold support of each class as weight, over the gold classes):

* ``weighted_f1_25`` -- on the snippets whose gold is an ACLED type, over those 25
  classes (what CASE subtask 1 scores; a NONE answer is simply wrong there);
* ``weighted_f1_all`` -- on every snippet, the five unseen codes collapsed into one
  class NONE, so 26 classes;
* ``accuracy`` -- on every snippet, with the same collapsing;
* ``unseen_called_conflict`` -- share of unseen-type snippets typed as an ACLED type.

The lexicon was tuned by reading the "odd" half only. All ids in this development file
are even (it is the even-id half of the CASE test set), so halves are taken on ``id//2``:
odd = ids 2, 6, 10, ... (tuned on), even = ids 4, 8, 12, ... (not read while tuning).
"""

from __future__ import annotations

import csv
import pathlib
import time
from collections import Counter, defaultdict
from dataclasses import dataclass

from sitrep.analyse.event_types import classify, taxonomy, unseen_types

DEFAULT_DATA = ("bench", "case2021", "dev.tsv")

#: The collapsed "not a conflict event" class.
NONE = "NONE"

#: The five non-ACLED codes of CASE-2021 Task 2 (subtask 3).
UNSEEN = ("ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB")


def acled_codes() -> dict[str, tuple[str, str]]:
    """The 1:1 mapping CASE code -> (ACLED event_type, ACLED sub_event_type)."""
    return taxonomy()


@dataclass(frozen=True)
class Snippet:
    id: int
    text: str
    gold: str


def load(path: pathlib.Path) -> list[Snippet]:
    """Read the TSV (columns id, EventSnippet, SubType)."""
    out = []
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            out.append(Snippet(int(row["id"]), row["EventSnippet"], row["SubType"].strip()))
    return out


def predict(text: str) -> str:
    """The CASE code for ``text``: an ACLED code, or NONE for 'not a conflict event'."""
    t = classify(text)
    return t.code if t.sub_event_type is not None and t.code else NONE


def weighted_f1(gold: list[str], pred: list[str], labels: list[str] | None = None) -> tuple[float, dict]:
    """Support-weighted mean of per-class F1 over the gold classes (sklearn 'weighted').

    ``labels`` restricts the classes averaged over (default: every class seen in gold).
    A prediction outside ``labels`` counts as a miss for its gold class and as a false
    positive for no class. Returns (weighted F1, per-class {precision, recall, f1, support}).
    """
    if labels is None:
        labels = sorted(set(gold))
    tp, fp, fn = Counter(), Counter(), Counter()
    for g, p in zip(gold, pred, strict=True):
        if g == p:
            tp[g] += 1
        else:
            fn[g] += 1
            fp[p] += 1
    support = Counter(gold)
    per_class, total, weighted = {}, 0, 0.0
    for c in labels:
        prec = tp[c] / (tp[c] + fp[c]) if tp[c] + fp[c] else 0.0
        rec = tp[c] / (tp[c] + fn[c]) if tp[c] + fn[c] else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per_class[c] = {"precision": round(prec, 4), "recall": round(rec, 4),
                        "f1": round(f1, 4), "support": support[c]}
        weighted += f1 * support[c]
        total += support[c]
    return (weighted / total if total else 0.0), per_class


def score(gold: list[str], pred: list[str]) -> dict:
    """All metrics for parallel lists of gold CASE codes and predicted codes (or NONE)."""
    acled = set(acled_codes())
    idx25 = [i for i, g in enumerate(gold) if g in acled]
    g25 = [gold[i] for i in idx25]
    p25 = [pred[i] for i in idx25]
    f25, per25 = weighted_f1(g25, p25, sorted(set(g25)))
    g_all = [g if g in acled else NONE for g in gold]
    f_all, per_all = weighted_f1(g_all, pred, sorted(set(g_all)))
    unseen_idx = [i for i, g in enumerate(gold) if g not in acled]
    called = sum(1 for i in unseen_idx if pred[i] != NONE)
    n = len(gold)
    return {
        "weighted_f1_25": round(f25, 4),
        "weighted_f1_all": round(f_all, 4),
        "accuracy": round(sum(g == p for g, p in zip(g_all, pred)) / n, 4) if n else 0.0,
        "unseen_called_conflict": round(called / len(unseen_idx), 4) if unseen_idx else 0.0,
        "n": n,
        "n_acled": len(idx25),
        "n_unseen": len(unseen_idx),
        "_per_class_25": per25,
        "_per_class_all": per_all,
    }


def _public(m: dict) -> dict:
    return {k: v for k, v in m.items() if not k.startswith("_")}


def run(data: pathlib.Path | None = None) -> dict:
    """Classify every snippet of ``data`` (default: the shared dev.tsv) and score it."""
    if data is None:
        from sitrep.config import shared_path

        data = shared_path(*DEFAULT_DATA)
        if data is None or not data.exists():
            raise FileNotFoundError("CASE-2021 data not found under shared/" + "/".join(DEFAULT_DATA))
    snippets = load(pathlib.Path(data))
    t0 = time.perf_counter()
    preds = [predict(s.text) for s in snippets]
    seconds = time.perf_counter() - t0
    gold_codes = [s.gold for s in snippets]
    everything = score(gold_codes, preds)

    halves = {}
    for name, parity in (("odd", 1), ("even", 0)):
        idx = [i for i, s in enumerate(snippets) if (s.id // 2) % 2 == parity]
        if idx:
            halves[name] = _public(score([gold_codes[i] for i in idx], [preds[i] for i in idx]))

    acled = set(acled_codes())
    confusion: dict[str, dict[str, int]] = defaultdict(dict)
    for s, p in zip(snippets, preds):
        g = s.gold
        confusion[g][p] = confusion[g].get(p, 0) + 1
    unseen_to = {g: confusion[g] for g in UNSEEN if g in confusion}
    errors = [{"id": s.id, "gold": s.gold, "pred": p, "text": s.text[:160]}
              for s, p in zip(snippets, preds) if (s.gold if s.gold in acled else NONE) != p]
    metrics = _public(everything)
    for name, m in halves.items():
        metrics[f"weighted_f1_25_{name}"] = m["weighted_f1_25"]
        metrics[f"weighted_f1_all_{name}"] = m["weighted_f1_all"]
    metrics["seconds"] = round(seconds, 3)
    return {
        "name": "case2021",
        "metrics": metrics,
        "details": {
            "split_rule": "id//2 odd = tuned on (read while writing the lexicon); id//2 even = held out",
            "halves": halves,
            "per_class": everything["_per_class_25"],
            "per_class_all": everything["_per_class_all"],
            "confusion": {g: dict(sorted(row.items(), key=lambda kv: -kv[1]))
                          for g, row in sorted(confusion.items())},
            "unseen_predicted_as": unseen_to,
            "known_unseen_codes": sorted(unseen_types()),
            "errors": errors,
            "snippets_per_second": round(len(snippets) / seconds, 1) if seconds else None,
        },
    }


if __name__ == "__main__":  # pragma: no cover - manual use
    import json

    r = run()
    print(json.dumps({"metrics": r["metrics"], "halves": r["details"]["halves"]}, indent=2))
