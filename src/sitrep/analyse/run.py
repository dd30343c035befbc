"""The analyse stage over the store: every article not yet analysed by this analyser
version gets its mentions and claims (re)computed, one transaction per article."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sitrep.analyse.mentions import ANALYSER_VERSION, extract_mentions
from sitrep.store import repo
from sitrep.store.db import Database


@dataclass
class AnalyseReport:
    articles: int = 0
    mentions: int = 0
    failed: list[tuple[str, str]] = None  # (article_id, error)
    inferred: list = None  # publication dates inferred for undated articles


def analyse_stored(db: Database, redo: bool = False,
                   on_article: Callable[[str], None] | None = None) -> AnalyseReport:
    report = AnalyseReport(failed=[], inferred=[])
    with db.session() as session:
        todo = [(a.article_id, a.text, a.published, a.title)
                for a in repo.articles_needing_analysis(session, ANALYSER_VERSION, redo=redo)]
    for article_id, text, published, title in todo:
        try:
            mentions, loose = extract_mentions(article_id, text, published, title)
        except Exception as exc:  # one bad article must not stop the run; it is reported
            report.failed.append((article_id, f"{type(exc).__name__}: {exc}"))
            continue
        with db.session() as session, session.begin():
            repo.replace_mentions(session, article_id, mentions, ANALYSER_VERSION, loose)
        report.articles += 1
        report.mentions += len(mentions)
        if on_article:
            on_article(article_id)
    return report


def analyse_and_date(db: Database, redo: bool = False,
                     on_article: Callable[[str], None] | None = None) -> AnalyseReport:
    """Analyse, infer the publication dates of undated articles, and re-analyse the
    articles whose date changed (their relative dates can now be resolved)."""
    from sitrep.resolve.run import infer_publication_dates

    report = analyse_stored(db, redo=redo, on_article=on_article)
    report.inferred = infer_publication_dates(db)
    again = analyse_stored(db, redo=False, on_article=on_article)
    report.failed.extend(again.failed)
    with db.session() as session:
        report.mentions = repo.counts(session)["mentions"]
    return report
