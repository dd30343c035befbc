"""Render an ``EvalResult`` for people (rich tables) and machines (JSON).

Kept apart from ``scoring`` so the scorer stays free of presentation concerns;
``sitrep eval`` prints ``render_table(result)`` or, with ``--json``, ``to_json(result)``.
"""

from __future__ import annotations

import json

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from sitrep.evaluation.scoring import EvalResult, FalsePositive, MissedGold

#: Longest list of misses / false positives printed in the table view (JSON has all).
MAX_LISTED = 40


def to_json(result: EvalResult, indent: int | None = 2) -> str:
    """The whole result as JSON (same content as ``result.to_dict()``)."""
    return json.dumps(result.to_dict(), indent=indent, ensure_ascii=False)


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.1f}%"


def _summary_table(result: EvalResult) -> Table:
    t = Table(title="sitrep eval: scores against gold", box=box.SIMPLE_HEAVY, show_lines=False)
    t.add_column("measure", style="bold")
    t.add_column("value", justify="right")
    t.add_column("detail")
    ev = result.events
    if ev is not None:
        t.add_row("events precision", _pct(ev.precision),
                  f"{ev.matched_core} matched core / {ev.n_predicted - ev.matched_optional} predictions "
                  f"not matched to an optional event")
        t.add_row("events recall", _pct(ev.recall), f"{ev.matched_core} / {ev.n_core} core events")
        t.add_row("events F1", _pct(ev.f1), f"{ev.n_predicted} predictions, {ev.matched_optional} matched optional events")
        f = ev.fatalities
        t.add_row("fatalities exact", _pct(f.rate), f"{f.n_exact} / {f.n_with_figure} matched gold events with a figure")
        m = ev.merge
        t.add_row("merge recall", _pct(m.rate), f"{m.n_merged} / {m.n_multi_seed} multi-seed core events carry all seeds")
        style = "red" if ev.not_event_violations else "green"
        t.add_row("not_events violations", Text(str(ev.not_event_violations), style=style), "must be 0")
    mm = result.mentions
    if mm is not None:
        t.add_row("mentions precision", _pct(mm.precision),
                  f"{mm.matched_mentions_core} / {mm.n_mentions - mm.matched_mentions_optional} mentions (many-to-one)")
        t.add_row("mentions recall", _pct(mm.recall), f"{mm.matched_core} / {mm.n_core} core events")
        t.add_row("mentions F1", _pct(mm.f1), f"{mm.off_seed} matched mentions from an article the gold does not list")
    d = result.dates
    if d is not None:
        t.add_row("pub. date, undated seeds", _pct(d.undated_accuracy),
                  f"{d.undated_right} right (±2 d), {d.undated_unknown} unknown, {d.undated_wrong} wrong, "
                  f"{d.undated_missing} missing of {d.n_undated}")
        t.add_row("pub. date, dated seeds", _pct(d.dated_accuracy), f"{d.dated_exact} / {d.n_dated} exact")
    return t


def _why_table(title: str, own: str, other: str, rows) -> Table:
    """Misses (gold -> nearest prediction) or false positives (prediction -> nearest
    gold), each with the conditions that failed."""
    t = Table(title=title, box=box.MINIMAL, title_justify="left")
    for col in (own, "event", other):
        t.add_column(col)
    t.add_column("why not matched", overflow="fold")
    for r in rows[:MAX_LISTED]:
        ident, near = (r.gold_id, r.nearest_pred) if isinstance(r, MissedGold) else (r.pred_id, r.nearest_gold)
        t.add_row(ident, r.summary, near or "-", "; ".join(r.reasons))
    if len(rows) > MAX_LISTED:
        t.add_row("…", f"{len(rows) - MAX_LISTED} more (see --json)", "", "")
    return t


def _miss_table(title: str, rows: tuple[MissedGold, ...]) -> Table:
    return _why_table(title, "gold", "nearest pred.", rows)


def _fp_table(title: str, rows: tuple[FalsePositive, ...]) -> Table:
    return _why_table(title, "pred.", "nearest gold", rows)


def render_table(result: EvalResult) -> Group:
    """Summary table, then the lists developers need: misses, false positives, dates."""
    parts: list = [_summary_table(result)]
    ev = result.events
    if ev is not None:
        if ev.missed_core:
            parts.append(_miss_table(f"Missed core events ({len(ev.missed_core)})", ev.missed_core))
        if ev.false_positives:
            parts.append(_fp_table(f"False positives ({len(ev.false_positives)})", ev.false_positives))
        if ev.fatalities.mismatches:
            t = Table(title="Fatality mismatches", box=box.MINIMAL, title_justify="left")
            for c in ("gold", "gold figure", "predicted"):
                t.add_column(c)
            for m in ev.fatalities.mismatches:
                t.add_row(m["gold_id"], str(m["gold"]), str(m["predicted"]))
            parts.append(t)
        if ev.merge.misses:
            t = Table(title="Not merged (multi-seed core events)", box=box.MINIMAL, title_justify="left")
            for c in ("gold", "seeds", "matched pred.", "its seeds"):
                t.add_column(c)
            for m in ev.merge.misses:
                t.add_row(m["gold_id"], ", ".join(m["seeds"]), m["pred_id"] or "unmatched", ", ".join(m["pred_seeds"]) or "-")
            parts.append(t)
        if ev.violations:
            t = Table(title="not_events violations", box=box.MINIMAL, title_justify="left")
            for c in ("pred.", "fatalities", "why it is not an event"):
                t.add_column(c)
            for v in ev.violations:
                t.add_row(v.pred_id, str(v.fatalities), v.why)
            parts.append(t)
    mm = result.mentions
    if mm is not None:
        if mm.missed_core:
            parts.append(_miss_table(f"Mentions: missed core events ({len(mm.missed_core)})", mm.missed_core))
        if mm.false_positives:
            parts.append(_fp_table(f"Mentions: unmatched ({len(mm.false_positives)})", mm.false_positives))
    d = result.dates
    if d is not None and d.items:
        t = Table(title="Publication dates", box=box.MINIMAL, title_justify="left")
        for c in ("seed", "in text", "gold", "predicted", "source", "verdict"):
            t.add_column(c)
        colour = {"right": "green", "unknown": "yellow", "wrong": "red", "missing": "red"}
        for i in d.items:
            t.add_row(i.seed, "yes" if i.in_text else "no", i.gold or "-", i.predicted or "-",
                      i.published_source or "-", Text(i.verdict, style=colour.get(i.verdict, "")))
        parts.append(t)
    parts.append(Text(summary_line(result)))  # last, so `... | tail` shows the headline
    return Group(*parts)


def summary_line(result: EvalResult) -> str:
    """One line with the headline numbers."""
    bits = []
    ev, mm, d = result.events, result.mentions, result.dates
    if ev is not None:
        bits.append(f"events P {ev.precision:.3f} R {ev.recall:.3f} F1 {ev.f1:.3f} merge "
                    f"{ev.merge.rate:.2f} not_events {ev.not_event_violations}")
    if mm is not None:
        bits.append(f"mentions P {mm.precision:.3f} R {mm.recall:.3f}")
    if d is not None:
        bits.append(f"undated {d.undated_right}/{d.n_undated} ±2d")
    return "summary: " + " | ".join(bits)
