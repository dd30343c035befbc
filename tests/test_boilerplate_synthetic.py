"""clean_text on made-up texts: one test per boilerplate class, plus the keep-when-unsure rules."""

from __future__ import annotations

import pytest

from sitrep.ingest.boilerplate import clean_text, headline_like, split_title

TITLE = "Rebels seize border crossing after three-day battle"
P1 = ("Rebel fighters seized the main border crossing on Monday after three days of "
      "fighting with government troops, a monitoring group said.")
P2 = ("The group said at least 40 people were killed on both sides, including a local "
      "commander, and that clashes continued near the town.")
P3 = "Government media did not comment on the loss of the crossing."


def article(*extra_head: str, tail: tuple[str, ...] = (), middle: tuple[str, ...] = ()) -> str:
    return "\n\n".join([*extra_head, TITLE, P1, *middle, P2, P3, *tail])


def removed(raw: str) -> dict[str, str]:
    return {line: reason for _, line, reason in clean_text(raw).lines_removed}


def assert_body_kept(raw: str) -> None:
    text = clean_text(raw).text
    for paragraph in (TITLE, P1, P2, P3):
        assert paragraph in text


@pytest.mark.parametrize("line", [
    "Skip to main content", "Menu", "MAIN MENU", "Home | News | World | Middle East",
    "Home › World › Middle East", "Search", "Sign in",
])
def test_navigation_lines(line):
    raw = article(line)
    assert removed(raw) == {line: "navigation"}
    assert_body_kept(raw)


def test_section_label_above_title_only():
    raw = article("World")
    assert removed(raw) == {"World": "navigation"}
    assert clean_text(raw).title == TITLE
    # the same word below the title is a subhead and stays
    raw = article(middle=("World",))
    assert removed(raw) == {}


@pytest.mark.parametrize("starter, reason", [
    ("Popular posts from this blog", "related"),
    ("You may also like", "related"),
    ("Related Articles", "related"),
    ("Most Read", "related"),
    ("COMMENTS", "comments"),
])
def test_trailing_block_swallows_headlines(starter, reason):
    headlines = (
        "Army says it retook two villages near the river",
        "Five things to know about the ceasefire talks",
        "‘We will not leave’: Residents defy evacuation order",
    )
    raw = article(tail=(starter, *headlines))
    got = removed(raw)
    assert got[starter] == reason
    for h in headlines:
        assert got[h] == f"{reason} block"
    assert_body_kept(raw)


def test_prose_line_ends_block_and_is_kept():
    later = ("Officials said talks would resume next week in Geneva, according to a "
             "statement released late on Tuesday.")
    raw = article(tail=("You may also like", "Army retakes two villages", later))
    got = removed(raw)
    assert set(got) == {"You may also like", "Army retakes two villages"}
    assert later in clean_text(raw).text


def test_block_starter_above_body_does_not_swallow_title():
    raw = "\n\n".join(["Related", TITLE, P1, P2])
    assert removed(raw) == {"Related": "related"}
    assert clean_text(raw).title == TITLE


def test_subheads_in_body_are_kept():
    raw = article(middle=("'Heavy losses'", "Child Soldiers"))
    assert removed(raw) == {}


@pytest.mark.parametrize("line", [
    "Sign up to our newsletter for exclusive updates and enhanced content",
    "Subscribe to our daily newsletter",
    "Enter your email address",
])
def test_newsletter(line):
    assert removed(article(tail=(line,))) == {line: "newsletter"}


@pytest.mark.parametrize("line", [
    "Please let us know if you're having issues with commenting.",
    "Leave a comment",
    "12 Comments",
    "Join the conversation",
])
def test_comments(line):
    assert removed(article(tail=(line,)))[line] == "comments"


@pytest.mark.parametrize("line", [
    "Copyright © 2021, The Daily Star. All rights reserved.",
    "© 2015 Reuters",
    "Copyright 2015 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
    "(c) 2014 Example Media Ltd",
])
def test_copyright(line):
    assert removed(article(tail=(line,))) == {line: "copyright"}


def test_copyright_word_in_a_sentence_is_kept():
    sentence = "Copyright lawyers said the case would take years to settle."
    assert removed(article(middle=(sentence,))) == {}


def test_donation_block():
    tail = ("OWNED BY OUR READERS",
            "We're a reader-owned co-operative, which means you can become part of the paper too.",
            "Become a supporter", "Fighting fund", "You've Raised:£ 1,234", "We need:£ 5,678",
            "3 Days remaining", "Donate today")
    raw = article(tail=tail)
    got = removed(raw)
    assert set(got) == set(tail)
    assert_body_kept(raw)


def test_reader_appeal_in_footer():
    appeal = "If you value our reporting, we ask you to chip in so that it can stay free for everyone."
    got = removed(article(tail=(appeal,)))
    assert got == {appeal: "appeal"}
    # a quotation addressing "you" is article text
    quote = "“We will defend every house, and you will see that,” the commander told reporters."
    assert removed(article(tail=(quote,))) == {}


@pytest.mark.parametrize("line", ["Read more", "Continue reading...", "Read more: Syria's war explained",
                                  "See also"])
def test_read_more_is_a_single_line(line):
    raw = article(middle=(line,))
    assert removed(raw) == {line: "read_more"}
    assert_body_kept(raw)


@pytest.mark.parametrize("line", ["Share on Facebook", "Tweet", "WhatsApp", "Facebook Twitter WhatsApp Email",
                                  "Share this article", "Share | Tweet | Email"])
def test_share_buttons(line):
    assert removed(article(middle=(line,))) == {line: "share"}


@pytest.mark.parametrize("line", [
    "File Photo: Members of the group parade in the city. (Associated Press)",
    "Photo: AFP",
    "Image caption: Smoke rises over the town",
    "Fighters gather outside the town hall (AFP Photo/Delil Souleiman)",
    "AP Photo/Hussein Malla",
])
def test_photo_captions(line):
    assert removed(article(middle=(line,))) == {line: "photo"}


@pytest.mark.parametrize("line", ["NAIROBI, Kenya (AP)", "BEIRUT (Reuters)"])
def test_place_dateline_with_agency_is_kept(line):
    assert removed(article(middle=(line,))) == {}


def test_place_dateline_is_not_a_title():
    raw = "\n\n".join(["NAIROBI, Kenya (AP) _", P1, P2])
    clean = clean_text(raw)
    assert clean.title is None and clean.text.startswith("NAIROBI, Kenya (AP) _")


def test_sentence_ending_with_agency_in_parentheses_is_kept():
    sentence = "The ministry confirmed the figure to Agence France-Presse (AFP)."
    assert removed(article(middle=(sentence,))) == {}


@pytest.mark.parametrize("line, reason", [
    ("Advertisement", "advert"), ("Story continues below advertisement", "advert"),
    ("Follow us on Twitter", "social"), ("Follow Al Jazeera English:", "social"),
    ("Terms of Use | Privacy Policy | Cookie Preferences", "navigation"),
    ("Privacy Policy", "legal"),
    ("Source: Al Jazeera and news agencies", "credits"),
    ("(Reporting by Tom Perry; Editing by Janet Lawrence)", "credits"),
    ("Tags: Syria, Islamic State, Hasakah", "tags"),
])
def test_other_furniture(line, reason):
    raw = article(middle=(line,))
    assert removed(raw) == {line: reason}
    assert_body_kept(raw)


def test_reporting_by_in_a_sentence_is_kept():
    sentence = "Reporting by the BBC showed that the town had been emptied"
    assert removed(article(middle=(sentence,))) == {}


def test_repeated_title():
    raw = "\n\n".join([TITLE, TITLE, P1, P2])
    assert removed(raw) == {TITLE: "repeated title"}
    assert [n for n, _, _ in clean_text(raw).lines_removed] == [3]
    title, rest = split_title(raw)
    assert title == TITLE and TITLE not in rest and P1 in rest


@pytest.mark.parametrize("line, name", [
    ("by James Tweedie", "James Tweedie"),
    ("By Sarah El Deeb and Bassem Mroue", "Sarah El Deeb and Bassem Mroue"),
    ("By AFP", "AFP"),
    ("By Tom Perry, Reuters", "Tom Perry"),
])
def test_byline_removed_and_returned(line, name):
    raw = "\n\n".join([TITLE, line, P1, P2, P3])
    clean = clean_text(raw)
    assert removed(raw) == {line: "byline"}
    assert clean.byline == name


def test_by_in_a_sentence_is_not_a_byline():
    sentence = "By Tuesday evening, the rebels had withdrawn from the crossing."
    raw = "\n\n".join([TITLE, sentence, P1])
    assert removed(raw) == {}
    assert clean_text(raw).byline is None


@pytest.mark.parametrize("line", [
    "This Article is From Jul 29, 2015",
    "Published December 24th, 2014 - 08:53 GMT",
    "Updated: Jul 28, 2015",
    "Posted on 3 June 2015",
    "June 3, 2015 at 10:05 am",
    "2015-06-03",
    "Last updated: Wednesday 3 June 2015 10:05 BST",
])
def test_dateline_lines_in_header(line):
    raw = "\n\n".join([TITLE, line, P1, P2, P3])
    assert removed(raw) == {line: "dateline"}


def test_date_inside_story_is_kept():
    sentence = "The offensive began on May 30, 2015, and lasted a month."
    assert removed(article(middle=(sentence,))) == {}


def test_whitespace_only_lines_reported_and_paragraphs_kept():
    raw = f"{TITLE}\n\n{P1}\n \n\xa0\n{P2}\n\t\n{P3}"
    clean = clean_text(raw)
    assert [(n, r) for n, _, r in clean.lines_removed] == [(4, "whitespace"), (5, "whitespace"), (7, "whitespace")]
    assert clean.text == "\n\n".join([TITLE, P1, P2, P3])


def test_single_newline_paragraphs_become_blank_line_separated():
    raw = "\n".join([TITLE, P1, P2, P3])
    assert clean_text(raw).text == "\n\n".join([TITLE, P1, P2, P3])


def test_hard_wrapped_paragraphs_are_judged_whole():
    wrapped = (
        "Rebel fighters seized the main border crossing on Monday after three\n"
        "days of fighting with government troops, a monitoring group said, and\n"
        "the army sent reinforcements to the area"
    )
    raw = "\n\n".join([TITLE, P1, "You may also like", "Army retakes two villages", wrapped])
    clean = clean_text(raw)
    # the wrapped paragraph is long prose as a whole: it ends the block and is kept
    assert "the army sent reinforcements to the area" in clean.text
    assert "three days of fighting" in clean.text  # unwrapped into one paragraph
    assert {line for _, line, _ in clean.lines_removed} == {"You may also like", "Army retakes two villages"}


def test_headline_like():
    assert headline_like("Syria Army, Kurds Push Islamic State Out of Hasakeh City: Report")
    assert headline_like("'Continuous Retreat'")
    assert not headline_like("The city had earlier been split between government forces and Kurdish defenders.")
    assert not headline_like("")


def test_empty_and_boilerplate_only_inputs():
    assert clean_text("").text == ""
    clean = clean_text("Skip to main content\n\nShare on Facebook\n\nDonate today")
    assert clean.text == "" and clean.title is None and len(clean.lines_removed) == 3
    assert split_title("") == (None, "")
