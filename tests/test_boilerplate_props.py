"""Property tests: clean_text and textmeta never raise and never invent lines."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from sitrep.ingest import textmeta
from sitrep.ingest.boilerplate import clean_text, split_title

# Lines built from words that trigger the patterns, mixed with arbitrary text.
WORDS = st.sampled_from([
    "Share", "on", "Facebook", "Tweet", "Menu", "COMMENTS", "You", "may", "also", "like",
    "Donate", "today", "©", "2015", "Reuters", "by", "James", "Tweedie", "Published", "June",
    "3,", "Read", "more", "Photo:", "(AFP)", "the", "army", "said.", "|", "Home", "News",
    "Popular", "posts", "from", "this", "blog", "we", "our", "you", "“quote”", "\xa0", "\t",
])
LINE = st.one_of(
    st.lists(WORDS, min_size=0, max_size=14).map(" ".join),
    st.text(max_size=80),
)
TEXT = st.one_of(
    st.lists(LINE, max_size=25).flatmap(
        lambda lines: st.sampled_from(["\n", "\n\n", "\r\n"]).map(lambda sep: sep.join(lines))),
    st.text(max_size=400),
)


def _input_lines(raw: str) -> list[str]:
    return raw.splitlines()


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_clean_text_accounts_for_every_line(raw):
    clean = clean_text(raw)
    lines = _input_lines(raw)
    stripped = {ln.strip() for ln in lines}
    # nothing invented
    for line in clean.lines_kept:
        assert line in stripped
    for number, line, reason in clean.lines_removed:
        assert 1 <= number <= len(lines)
        assert line in (lines[number - 1], lines[number - 1].strip())
        assert reason
    # every non-blank input line is kept or removed, exactly once
    nonblank = [(i, ln.strip()) for i, ln in enumerate(lines, start=1) if ln.strip()]
    removed_numbers = [n for n, line, _ in clean.lines_removed if line.strip()]
    assert len(removed_numbers) == len(set(removed_numbers))
    kept = [line for i, line in nonblank if i not in set(removed_numbers)]
    assert list(clean.lines_kept) == kept
    # kept lines are in the text (modulo odd spaces), and the text holds nothing else
    for line in clean.lines_kept:
        assert " ".join(line.split()) in " ".join(clean.text.split())
    assert len(" ".join(clean.text.split())) <= sum(len(x) + 1 for x in clean.lines_kept)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_title_and_metadata_never_raise(raw):
    title, rest = split_title(raw)
    if title is not None:
        assert title in {ln.strip() for ln in raw.splitlines()}
    textmeta.date_from_text(raw)
    textmeta.outlet_from_text(raw)
    textmeta.byline(raw)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_url_functions_never_raise(url):
    guess = textmeta.date_from_url(url)
    if guess is not None:
        assert guess.evidence in url
    textmeta.outlet_from_url(url)
