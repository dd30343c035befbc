"""clean_text / split_title / textmeta on the five real seed articles.

The expected removed lines and the real paragraphs were written by reading each seed
(they are test expectations, not inputs to the method). Run with -s to see what was dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from sitrep.ingest import boilerplate, textmeta

SEEDS = Path("/work/shared/seeds")
NBSP = "\xa0"

SEED_FILES = {
    "000": "000_7041200498523392.txt",
    "001": "001_0e4c4955afa8c70e.txt",
    "002": "002_cd501c4de0cb735a.txt",
    "003": "003_274b43f3caaa52c7.txt",
    "004": "004_1a880b28ee752bb7.txt",
}

# (line number, line) pairs that must be removed — exactly these, nothing else.
EXPECTED_REMOVED = {
    "000": {
        (1, "Skip to main content"),
        (5, "by James Tweedie"),
        (33, "OWNED BY OUR READERS"),
        (35, "We're a reader-owned co-operative, which means you can become part of the paper"
             " too by buying shares in the People’s Press Printing Society."),
        (37, NBSP),
        (39, NBSP),
        (41, "Become a supporter"),
        (43, "Fighting fund"),
        (45, "You've Raised:£ 9,899"),
        (46, "We need:£ 8,101"),
        (47, "12 Days remaining"),
        (48, "Donate today"),
    },
    "001": {
        (60, "Popular posts from this blog"),
        (62, "Pak off FATF Grey List; ‘Black Spot’ on Fight Against Terror Irks India; J&K Guv"
             " Says 'World is Watching'"),
        (64, "‘The chances of nuclear use are minimal. Both Russia & Ukraine are well aware of"
             " results’: DB Venkatesh Varma"),
        (66, "3 Pakistanis among 7 terrorists gunned down in Kashmir Valley, says J&K Police"),
    },
    "002": {
        (19, "COMMENTS"),
        (20, "Please let us know if you're having issues with commenting."),
    },
    "003": {
        (1, "This Article is From Jul 29, 2015"),
        (5, "Syria Army, Kurds Push Islamic State Out of Hasakeh City: Report"),
        (7, "File Photo: Members of the Islamic State militant group. (Associated Press)"),
    },
    "004": {
        (3, "Published December 24th, 2014 - 08:53 GMT"),
        (49, "Copyright © 2021, The Daily Star. All rights reserved."),
        (51, "You may also like"),
        (54, "Sign up to our newsletter for exclusive updates and enhanced content"),
    },
}

# Reasons that matter downstream (the byline is returned, the dateline must still be dated).
EXPECTED_REASONS = {
    "000": {1: "navigation", 5: "byline", 37: "whitespace"},
    "001": {60: "related", 62: "related block", 66: "related block"},
    "002": {19: "comments", 20: "comments"},
    "003": {1: "dateline", 5: "repeated title", 7: "photo"},
    "004": {3: "dateline", 49: "copyright", 51: "related", 54: "newsletter"},
}

# Opening words of every real paragraph (title and subheads included), in order.
PARAGRAPH_OPENINGS = {
    "000": [
        "Major Isis offensive aims to take Syrian city from Kurds",
        "ISLAMIC State (Isis) launched a major offensive",
        "Isis was trying to capture the site",
        "The city had earlier been split",
        "The British-based Syrian Observatory for Human Rights claimed",
        "Meanwhile, US Deputy Secretary of State Antony Blinken",
        "Speaking after a meeting of the coalition members",
        "However, Mr Blinken insisted",
        "“There has been important progress",
        "The US diplomat said Isis now controlled",
        "However, he was forced to admit",
        "Iraqi ambassador to France Fareed Yasseen",
        "“The French will be giving us similar weapons",
        "Iraqi Prime Minister Haider al-Abadi urged",
    ],
    "001": [
        "Islamic State Jihadists in Fierce Battle for Key Syrian City",
        "Beirut: Islamic State group jihadists",
        "Despite nine months of US-led air strikes",
        "Now \"IS is 500 meters",
        "He said IS had seized all military posts",
        "Regime helicopters meanwhile dropped",
        "If IS seizes Hasakeh",
        "It would also be the third provincial capital",
        "Iran and Iraq have deployed thousands",
        "\"Around 7,000 Iranian and Iraqi fighters",
        "Iran is a key ally",
        "But in recent months, the Syrian government",
        "'Violent attack'",
        "Fighting on Wednesday around Hasakeh left 27",
        "The Al-Watan newspaper",
        "It criticised Kurdish forces",
        "Despite the assault, Hasakeh provincial governor",
        "IS began its assault on Hasakeh on May 30",
        "The attacks follow the jihadists' capture",
        "In neighbouring Iraq, IS fighters last month",
        "IS militants used an unprecedented wave",
        "The US-led coalition launched an air raid",
        "Iraqi officials said the strike in the town of Hawijah",
        "'Illegitimate' Caliphate",
        "In a television interview late on Wednesday",
        "His face hidden from view",
        "\"There is no indication of a solution",
        "In Turkey, Syria's opposition National Coalition",
        "More than 220,000 people have been killed",
        "US Deputy Security of State Antony Blinken said Wednesday",
    ],
    "002": [
        "Troops loyal to Syrian dictator Bashar al-Assad",
        "This victory comes after",
        "The Assad regime has suffered",
        "According to the U.K.-based Syrian Observatory",
        "“ISIS, which has been at the southern entrance",
        "Syria’s official SANA news agency",
        "On Sunday, the Observatory mentioned",
        "The monitor added that Syria regime",
        "Assad troops share control",
        "According to the Observatory, Kurdish fighters began",
        "“The Kurdish involvement comes after criticism",
        "“There were several meetings",
        "Kurds in Syria have refused",
        "“In [al-Hasakah], they share control",
        "U.S.-led coalition airstrikes backed",
        "ISIS began its offensive in al-Hasakah on May 30.",
        "So far, at least 119 people have died",
        "Assad has reportedly lost more than three-quarters",
    ],
    "003": [
        "Syria Army, Kurds Push Islamic State Out of Hasakeh City: Report",
        "Beirut: Syrian troops and Kurdish fighters ousted",
        "On the political front, UN Syria envoy",
        "UN humanitarian chief Stephen O'Brien",
        "Throughout its rise to power during 2013",
        "The ultra-radical Sunni group",
        "But in recent months, it has experienced",
        "Now the IS assault on Hasakeh city",
        "\"The Syrian army pushed IS out of Zuhur",
        "At least 287 IS fighters were killed",
        "Child Soldiers",
        "IS's death toll also included",
        "\"IS is depending more on children",
        "The jihadists had used at least 21 car bombs",
        "According to the Observatory, 120 regime loyalists",
        "State news agency SANA said",
        "Control of Hasakeh is divided",
        "IS had attacked regime-controlled neighbourhoods",
        "Since the beginning of Syria's uprising",
        "When government forces withdrew",
        "'Continuous Retreat'",
        "As IS sought to advance in northern Syria",
        "Since then, Abdel Rahman told AFP",
        "He called the group's month-long assault",
        "On Monday, Kurdish forces also cut off",
        "And in June, Kurdish militia dealt",
        "Abdel Rahman said the loss of Tal Abyad",
        "Air strikes by the international coalition",
        "In the northwest, meanwhile, Islamist rebel groups",
        "More than 230,000 people have been killed in Syria's multi-front war.",
    ],
    "004": [
        "Daesh militants seize more territory in Syria, Iraq",
        "ISIS militants went on the offensive",
        "The US-led coalition fighting ISIS",
        "The seven strikes in Syria and three in Iraq",
        "The Syrian Observatory for Human Rights, an anti-regime",
        "In Deir al-Zor province, ISIS militants seized a hill",
        "ISIS fighters destroyed a tank",
        "The Observatory said that heavy fighting",
        "Three months of US-led strikes",
        "Rami Abdel-Rahman, the head of the Observatory",
        "His network of activists",
        "The US and its allies have significantly scaled down",
        "The Observatory said Tuesday’s coalition airstrike",
        "In total, the United States carried out 488",
        "An Iraqi official, Gov. Raed Ibrahim",
        "Iraqi forces wrested the town back",
        "Elsewhere in Syria, regime warplanes",
        "Six civilians, among them four children",
        "The Syrian Revolution General Commission",
        "Seven people were killed and ten others",
        "The helicopter targeted a market",
        "“The attack targeted civilians",
        "Also, a mortar bomb struck",
    ],
}

EXPECTED_TITLE = {
    "000": "Major Isis offensive aims to take Syrian city from Kurds",
    "001": "Islamic State Jihadists in Fierce Battle for Key Syrian City",
    "002": None,  # the text starts with its first sentence
    "003": "Syria Army, Kurds Push Islamic State Out of Hasakeh City: Report",
    "004": "Daesh militants seize more territory in Syria, Iraq",
}
EXPECTED_DATE = {"000": None, "001": None, "002": None,
                 "003": dt.date(2015, 7, 29), "004": dt.date(2014, 12, 24)}
# 002: "Please let us know if you're having issues with commenting." is Breitbart's
# standing comment-box prompt (a genuine template signature, documented in outlets.yaml).
EXPECTED_OUTLET = {"000": "Morning Star", "001": None, "002": "Breitbart",
                   "003": "NDTV", "004": "The Daily Star"}


def _raw(seed: str) -> str:
    path = SEEDS / SEED_FILES[seed]
    if not path.exists():
        pytest.skip(f"seed {path} absent")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("seed", sorted(SEED_FILES))
def test_removed_lines_exact(seed):
    clean = boilerplate.clean_text(_raw(seed))
    print(f"\n[{seed}] removed {len(clean.lines_removed)} lines:")
    for number, line, reason in clean.lines_removed:
        print(f"  {number:3d} {reason:15s} {line!r}")
    assert {(n, line) for n, line, _ in clean.lines_removed} == EXPECTED_REMOVED[seed]
    reasons = {n: why for n, _, why in clean.lines_removed}
    for number, why in EXPECTED_REASONS[seed].items():
        assert reasons[number] == why, (number, reasons[number])


@pytest.mark.parametrize("seed", sorted(SEED_FILES))
def test_every_real_paragraph_kept(seed):
    raw = _raw(seed)
    clean = boilerplate.clean_text(raw)
    paragraphs = clean.text.split("\n\n")
    openings = PARAGRAPH_OPENINGS[seed]
    assert len(paragraphs) == len(openings)
    for opening, paragraph in zip(openings, paragraphs):
        assert paragraph.startswith(opening), (opening, paragraph[:80])
    # and, line by line, every input line not expected to go is in the text verbatim
    removed_numbers = {n for n, _ in EXPECTED_REMOVED[seed]}
    for number, line in enumerate(raw.splitlines(), start=1):
        if line.strip() and number not in removed_numbers:
            assert re.sub(r"\s", " ", line.strip()) in clean.text, (number, line)


@pytest.mark.parametrize("seed", sorted(SEED_FILES))
def test_title_and_split(seed):
    raw = _raw(seed)
    title, rest = boilerplate.split_title(raw)
    assert title == EXPECTED_TITLE[seed]
    assert boilerplate.clean_text(raw).title == EXPECTED_TITLE[seed]
    if title:
        assert title not in rest  # the repeat in 003 goes too
        assert boilerplate.clean_text(raw).body.startswith(PARAGRAPH_OPENINGS[seed][1])
    else:
        assert rest == raw


@pytest.mark.parametrize("seed", sorted(SEED_FILES))
def test_publication_date(seed):
    guess = textmeta.date_from_text(_raw(seed))
    if EXPECTED_DATE[seed] is None:
        assert guess is None, guess
    else:
        assert guess is not None and guess.date == EXPECTED_DATE[seed]
        assert guess.source == "text"
        # the dateline line is removed from the text but remains the evidence
        removed = {line for _, line, _ in boilerplate.clean_text(_raw(seed)).lines_removed}
        assert guess.evidence in removed


@pytest.mark.parametrize("seed", sorted(SEED_FILES))
def test_outlet(seed):
    assert textmeta.outlet_from_text(_raw(seed)) == EXPECTED_OUTLET[seed]


def test_byline_seed_000():
    raw = _raw("000")
    assert textmeta.byline(raw) == "James Tweedie"
    assert boilerplate.byline(raw) == "James Tweedie"
    assert boilerplate.clean_text(raw).byline == "James Tweedie"
    for seed in ("001", "002", "003", "004"):
        assert textmeta.byline(_raw(seed)) is None
