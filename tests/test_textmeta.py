"""textmeta: dates from URLs and datelines, outlets from domains/copyright/signatures, bylines."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.ingest import textmeta
from sitrep.ingest.textmeta import (
    byline, copyright_holder, date_from_text, date_from_url, outlet_from_text,
    outlet_from_url, parse_dateline, registered_domain,
)

BODY = [
    "Rebel fighters seized the main border crossing on Monday, a monitoring group said.",
    "The offensive began on May 30, 2015 and lasted a month, the group said.",
    "Officials said on June 1, 2015 that talks would resume.",
] + [f"Paragraph {i} of the story, with nothing but prose in it." for i in range(25)]


def text_with(head: list[str] = (), foot: list[str] = ()) -> str:
    return "\n\n".join(["Rebels seize crossing", *head, *BODY, *foot])


# ------------------------------------------------------------------ URL dates

@pytest.mark.parametrize("url, day", [
    ("https://www.example.com/news/2015/07/28/syria-army-retakes-hasakeh/", dt.date(2015, 7, 28)),
    ("http://example.com/world/20090320/story.html", dt.date(2009, 3, 20)),
    ("https://example.org/a/2015-07-28-syria-report", dt.date(2015, 7, 28)),
    ("https://www.theguardian.com/world/2015/jun/03/isis-hasakah", dt.date(2015, 6, 3)),
    ("example.com/2014/12/24/daesh", dt.date(2014, 12, 24)),
])
def test_date_from_url(url, day):
    guess = date_from_url(url)
    assert guess is not None and guess.date == day and guess.source == "url"
    assert guess.evidence in url


@pytest.mark.parametrize("url", [
    "https://example.com/news/syria-army-retakes-hasakeh-1234567",
    "https://example.com/2015/07/syria/",          # no day
    "https://example.com/1985/07/28/old",           # before 1990
    "https://example.com/2999/01/01/future",        # after today
    "https://example.com/2015/13/45/bad",           # not a date
    "https://example.com/story?date=2015-07-28",    # query, not path
    "https://example.com/article/20151345",          # digits that are no date
    "",
    "not a url at all",
])
def test_no_date_from_url(url):
    assert date_from_url(url) is None


def test_url_date_not_after_given_today():
    assert date_from_url("https://x.com/2015/07/28/a", today=dt.date(2015, 7, 27)) is None
    assert date_from_url("https://x.com/2015/07/28/a", today=dt.date(2015, 7, 28)).date == dt.date(2015, 7, 28)


# ------------------------------------------------------------------ text dates

@pytest.mark.parametrize("line, day", [
    ("Published December 24th, 2014 - 08:53 GMT", dt.date(2014, 12, 24)),
    ("This Article is From Jul 29, 2015", dt.date(2015, 7, 29)),
    ("Updated: Jul 28, 2015", dt.date(2015, 7, 28)),
    ("Posted on 3 June 2015", dt.date(2015, 6, 3)),
    ("June 3, 2015 at 10:05 am", dt.date(2015, 6, 3)),
    ("2015-06-03", dt.date(2015, 6, 3)),
    ("2015-06-03T10:05:00Z", dt.date(2015, 6, 3)),
    ("Last updated: Wednesday 3 June 2015 10:05 BST", dt.date(2015, 6, 3)),
    ("By James Tweedie | Published: 3 June 2015", dt.date(2015, 6, 3)),
    ("Wednesday, June 3, 2015", dt.date(2015, 6, 3)),
])
def test_date_from_text_header(line, day):
    guess = date_from_text(text_with(head=[line]))
    assert guess is not None and guess.date == day and guess.source == "text"
    assert guess.evidence == line


def test_date_from_text_footer():
    guess = date_from_text(text_with(foot=["Posted on 3 June 2015"]))
    assert guess.date == dt.date(2015, 6, 3)


def test_story_dates_are_never_used():
    # BODY mentions "May 30, 2015" and "June 1, 2015" inside sentences, in the header region
    assert date_from_text(text_with()) is None
    assert date_from_text("IS began its assault on Hasakeh on May 30.") is None


def test_dateline_outside_header_and_footer_is_ignored():
    middle = BODY[:12] + ["Published June 3, 2015"] + BODY[12:]
    assert date_from_text("\n\n".join(middle)) is None


def test_published_beats_updated():
    guess = date_from_text(text_with(head=["Updated: Jun 5, 2015", "Published: Jun 3, 2015"]))
    assert guess.date == dt.date(2015, 6, 3)
    guess = date_from_text(text_with(head=["Updated: Jun 5, 2015"]))
    assert guess.date == dt.date(2015, 6, 5)


@pytest.mark.parametrize("line", [
    "Published 3 hours ago", "Updated today", "Posted on Tuesday", "Published December 24th",
    "Published February 30, 2015", "Posted on 3 June 1985",
])
def test_unusable_datelines(line):
    assert date_from_text(text_with(head=[line])) is None


def test_future_and_today_bounds():
    assert date_from_text(text_with(head=["Published June 3, 2015"]), today=dt.date(2015, 6, 2)) is None


def test_parse_dateline_whole_line_flag():
    assert parse_dateline("Published June 3, 2015")[2] is True
    assert parse_dateline("By James Tweedie | Published: 3 June 2015")[2] is False
    assert parse_dateline("The report was published on June 3, 2015, by the group.") is None


# ------------------------------------------------------------------ outlets

@pytest.mark.parametrize("url, name", [
    ("https://www.ndtv.com/world-news/syria-army-kurds-push-islamic-state", "NDTV"),
    ("http://www.dailystar.com.lb/News/Middle-East/2014/Dec-24/story.ashx", "The Daily Star"),
    ("https://morningstaronline.co.uk/a-1234-major-isis-offensive", "Morning Star"),
    ("https://www.breitbart.com/national-security/2015/06/08/x/", "Breitbart"),
    ("https://edition.cnn.com/2015/06/03/middleeast/x", "CNN"),
    ("https://www.bbc.co.uk/news/world-middle-east-123", "BBC News"),
    ("https://news.example.co.uk/world/story", "example.co.uk"),
    ("https://www.example.com/story", "example.com"),
    ("blog.example.org/2015/06/post.html", "example.org"),
])
def test_outlet_from_url(url, name):
    assert outlet_from_url(url) == name


@pytest.mark.parametrize("url", ["", "not a url", "http://localhost/x", "http://127.0.0.1/a"])
def test_outlet_from_url_none(url):
    assert outlet_from_url(url) is None


def test_registered_domain():
    assert registered_domain("www.bbc.co.uk") == "bbc.co.uk"
    assert registered_domain("a.b.example.com") == "example.com"
    assert registered_domain("www.aa.com.tr") == "aa.com.tr"


@pytest.mark.parametrize("line, holder", [
    ("Copyright © 2021, The Daily Star. All rights reserved.", "The Daily Star"),
    ("© 2015 Reuters", "Reuters"),
    ("Copyright 2015 The Associated Press. All rights reserved.", "The Associated Press"),
    ("© Copyright 2010-2015 Example Media Ltd", "Example Media"),
    ("(c) 2014 Example News Inc.", "Example News"),
])
def test_copyright_holder(line, holder):
    assert copyright_holder(line) == holder


def test_copyright_holder_rejects_sentences():
    assert copyright_holder("The court ruled that copyright had been infringed by the site.") is None
    assert copyright_holder("© All rights reserved.") is None


def test_outlet_from_text_copyright_maps_aliases():
    assert outlet_from_text(text_with(foot=["© 2015 Reuters"])) == "Reuters"
    assert outlet_from_text(text_with(foot=["Copyright 2015 The Associated Press. All rights reserved."])) \
        == "Associated Press"


def test_outlet_signatures():
    assert outlet_from_text(text_with(head=["This Article is From Jul 29, 2015"])) == "NDTV"
    assert outlet_from_text(text_with(foot=[
        "We're a reader-owned co-operative, which means you can buy shares in the People's Press Printing Society."
    ])) == "Morning Star"
    assert outlet_from_text(text_with(foot=["COMMENTS",
                                            "Please let us know if you're having issues with commenting."])) \
        == "Breitbart"


def test_al_jazeera_credit_signature():
    assert outlet_from_text(text_with(foot=["Source: Al Jazeera and news agencies"])) == "Al Jazeera"


def test_agency_named_in_story_is_not_an_outlet():
    assert outlet_from_text(text_with(head=["A security source told AFP on Wednesday."])) is None
    assert outlet_from_text(text_with()) is None


def test_every_signature_is_documented():
    for outlet in textmeta.outlets():
        assert outlet.name and (outlet.domains or outlet.signatures)


# ------------------------------------------------------------------ byline

def test_byline():
    assert byline(text_with(head=["by James Tweedie"])) == "James Tweedie"
    assert byline(text_with(head=["By Tom Perry, Reuters"])) == "Tom Perry"
    assert byline(text_with(head=["By Tuesday, the rebels had gone."])) is None
    assert byline(text_with()) is None
