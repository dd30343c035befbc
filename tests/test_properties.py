"""Property tests (hypothesis) for the text-processing functions every article meets.

identity: normalise is idempotent and article_id ignores whitespace; decode_bytes raises
nothing but DecodeError on any bytes; sentences slice the text exactly; casualties,
timexes and mentions never raise on arbitrary text and keep their spans in bounds.
Example counts are modest so that the file stays fast.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from sitrep.analyse.casualties import find_casualties
from sitrep.analyse.sentences import split_sentences
from sitrep.analyse.timex import find_timexes
from sitrep.ingest.decode import DecodeError, decode_bytes
from sitrep.ingest.identity import article_id, normalise

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# News-like vocabulary, so that the rules actually fire, mixed with arbitrary text.
NEWS_WORDS = st.sampled_from([
    "at", "least", "12", "twelve", "dozens", "of", "people", "were", "killed", "wounded",
    "on", "Monday", "Tuesday", "night", "June", "3", "2015", "last", "week", "ago", "two",
    "days", "later", "the", "army", "Islamic", "State", "IS", "fighters", "Kurdish", "YPG",
    "Hasakah", "Syria", "said", "according", "to", "Observatory", "clashes", "air", "strikes",
    "car", "bomb", "suicide", "bombers", "seized", "village", "near", "killing", "civilians",
    "more", "than", "1,000", "between", "5", "and", "10", "4.5", "hundreds", "mid-June",
    "yesterday", "today", "earlier", "this", "month", "year", "1990s", "Dec.", "U.S.", "Lt.",
    ".", ",", ";", "\"", "'", "(", ")", "-", "—", "’s", "%", "\n", "\n\n",
])
NEWS = st.one_of(
    st.lists(NEWS_WORDS, max_size=60).map(" ".join),
    st.lists(st.one_of(NEWS_WORDS, st.text(max_size=12)), max_size=40).map(" ".join),
    st.text(max_size=300),
)
DCT = st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))

# ------------------------------------------------------------------------- identity

WS = st.sampled_from([" ", "  ", "\n", "\t", "\r\n", "\n\n", "\xa0", "\u2003", " \t\n "])
TOKEN = st.text(st.characters(blacklist_categories=("Zs", "Zl", "Zp", "Cc", "Cs")), min_size=1, max_size=10)


@FAST
@given(st.text(max_size=200))
@example("İstanbul")  # lower() turns one code point into two
@example("ﬁ ǅ ½ ẞ")
def test_normalise_is_idempotent(text):
    once = normalise(text)
    assert normalise(once) == once
    assert article_id(once) == article_id(text)


@FAST
@given(st.lists(TOKEN, min_size=1, max_size=20), st.data())
def test_article_id_ignores_whitespace(tokens, data):
    plain = " ".join(tokens)
    seps = [data.draw(WS) for _ in range(len(tokens) - 1)]
    spaced = data.draw(WS) + "".join(t + s for t, s in zip(tokens, seps + [""])) + data.draw(WS)
    assert article_id(spaced) == article_id(plain)
    assert re.fullmatch(r"[0-9a-f]{16}", article_id(plain))


@FAST
@given(st.text(max_size=200))
def test_article_id_ignores_ascii_case_and_typographic_quotes(text):
    fancy = text.replace("'", "\u2019").replace('"', "\u201c")
    assert article_id(fancy) == article_id(text)
    # lower(), not casefold(): "ß" and "SS" stay different texts (changing that would
    # change the identity of stored articles), but plain case does not matter
    ascii_text = text.encode("ascii", "ignore").decode()
    assert article_id(ascii_text.upper()) == article_id(ascii_text.lower())


# --------------------------------------------------------------------------- decode

BOMS = st.sampled_from([b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE,
                        codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE])
ENCODED = st.tuples(st.text(max_size=200), st.sampled_from(
    ["utf-8", "utf-16-le", "utf-16-be", "utf-32", "cp1252", "latin-1", "cp1256", "koi8-r"])).map(
    lambda te: te[0].encode(te[1], errors="replace"))
BYTES = st.one_of(
    st.binary(max_size=3000),
    st.tuples(BOMS, st.binary(max_size=500)).map(lambda p: p[0] + p[1]),
    st.tuples(BOMS, ENCODED).map(lambda p: p[0] + p[1]),
    ENCODED,
    st.tuples(ENCODED, st.binary(max_size=20)).map(lambda p: p[0] + p[1]),
)


@FAST
@given(BYTES)
@example(b"\x00" * 20)
@example(b"\xff\xfe\x00")  # UTF-16 BOM, odd length
@example("a b".encode("utf-16-le") * 10 + b"\x00")  # BOM-less UTF-16, odd length
def test_decode_bytes_raises_only_decode_error(data):
    try:
        text, encoding = decode_bytes(data)
    except DecodeError as exc:
        assert exc.reason in ("binary", "undecodable") and exc.detail
        return
    assert isinstance(text, str) and isinstance(encoding, str) and encoding


@FAST
@given(st.lists(st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp")),
                       min_size=1, max_size=12), min_size=3, max_size=20).map(" ".join))
def test_utf8_text_decodes_to_itself(text):
    assert decode_bytes(text.encode("utf-8"))[0] == text


# ------------------------------------------------------------------------ sentences


@SLOW
@given(NEWS)
@example("Dr. Smith said. \n\n  Then  the U.S. army left.\nNew line here")
def test_sentence_offsets_slice_the_text(text):
    sentences = split_sentences(text)
    last_end = 0
    for i, s in enumerate(sentences):
        assert s.index == i
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start:s.end] == s.text
        assert s.text == s.text.strip() and s.text
        assert s.start >= last_end  # in order, not overlapping
        last_end = s.end
    # nothing but whitespace is lost between sentences
    covered = "".join(s.text for s in sentences)
    assert re.sub(r"\s", "", covered) == re.sub(r"\s", "", text)


# ----------------------------------------------------- casualties, timexes, mentions


def test_find_casualties_on_a_number_beyond_float_range():
    # an absurd figure is no claim (and never an overflow)
    assert find_casualties("at least 1" + "0" * 400 + " people were killed") == []
    assert [c.value for c in find_casualties("at least 1,200 people were killed")] == [1200]


@FAST
@given(NEWS)
@example("between 10 and 5 were killed, 4.5 million wounded and one-third captured")
def test_find_casualties_never_raises_and_stays_in_bounds(sentence):
    for c in find_casualties(sentence):
        assert 0 <= c.start <= c.end <= len(sentence)
        assert c.text and c.text in sentence
        for v in (c.value, c.low, c.high):
            assert v is None or v >= 0


@FAST
@given(NEWS, DCT)
@example("on 31 February 2015 and 29 Feb 2015, the 99th of Smarch", dt.date(2015, 6, 3))
@example("in the year 99999 and 0000-00-00, week 54 of 2015", dt.date(2100, 12, 31))
@example("last Tuesday", dt.date(1900, 1, 1))
def test_find_timexes_never_raises_and_stays_in_bounds(text, dct):
    found = find_timexes(text, dct)
    last_end = 0
    for t in found:
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start:t.end] == t.text
        assert t.start >= last_end  # sorted, not overlapping (documented)
        last_end = t.end
        if t.start_date and t.end_date:
            assert t.start_date <= t.end_date


@SLOW
@given(NEWS, DCT)
@example("Islamic State fighters killed at least 12 people in Hasakah on Monday, "
         "the Observatory said.", dt.date(2015, 6, 3))
def test_extract_mentions_never_raises_and_stays_in_bounds(text, published):
    from sitrep.analyse.mentions import extract_mentions

    mentions, loose = extract_mentions("a" * 16, text, published)
    n = len(split_sentences(text))
    for m in mentions:
        assert 0 <= m.sentence_index < n
        assert m.sentence and m.sentence in text
        assert m.event_type and m.sub_event_type
        for c in m.claims:
            assert c.text in c.sentence
        if m.latitude is not None:
            assert -90 <= m.latitude <= 90 and -180 <= m.longitude <= 180
    for index, claim in loose:
        assert 0 <= index < n and claim.text in claim.sentence
