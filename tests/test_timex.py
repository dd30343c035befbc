"""Tests for sitrep.analyse.timex: finding and normalising temporal expressions."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.analyse.timex import Timex, clause_tense, find_timexes, sentence_tense_is_future

D = dt.date


def one(text: str, dct: dt.date | None, needle: str) -> Timex:
    """The single timex whose text contains ``needle``."""
    hits = [t for t in find_timexes(text, dct) if needle in t.text]
    assert len(hits) == 1, (needle, find_timexes(text, dct))
    return hits[0]


# --- weekdays -------------------------------------------------------------------------


def test_tuesday_night_in_wednesday_story_is_yesterday():
    t = one("Isis launched a major offensive on Tuesday night.", D(2015, 6, 3), "Tuesday")
    assert t.start_date == t.end_date == D(2015, 6, 2)
    assert t.value.startswith("2015-06-02")
    assert t.precision == 1 and t.anchored and t.type == "DATE"


def test_wednesday_in_thursday_story():
    t = one("At least six suicide bombers struck on Wednesday.", D(2015, 6, 4), "Wednesday")
    assert t.value == "2015-06-03" and t.start_date == D(2015, 6, 3)


def test_same_weekday_as_dct_is_the_dct():
    t = one("The minister said Friday that talks had failed.", D(1998, 8, 7), "Friday")
    assert t.start_date == D(1998, 8, 7)


def test_since_thursday_and_late_on_wednesday():
    ts = find_timexes("Clashes since Thursday. In an interview late on Wednesday he spoke.", D(2015, 7, 29))
    assert [t.start_date for t in ts] == [D(2015, 7, 23), D(2015, 7, 29)]


def test_future_weekday_is_the_next_one():
    t = one("The envoy will visit on Monday.", D(2015, 7, 29), "Monday")
    assert t.start_date == D(2015, 8, 3)


def test_last_and_next_weekday_are_strict():
    dct = D(2015, 6, 3)  # a Wednesday
    assert one("It happened last Wednesday.", dct, "Wednesday").start_date == D(2015, 5, 27)
    assert one("They meet next Wednesday.", dct, "Wednesday").start_date == D(2015, 6, 10)


def test_weekday_without_dct_is_unanchored():
    t = one("Jets struck on Tuesday.", None, "Tuesday")
    assert t.value == "XXXX-WXX-2" and t.start_date is None and not t.anchored


# --- days and months without a year -----------------------------------------------------


def test_assault_on_may_30():
    t = one("IS began its assault on May 30 and launched a second front.", D(2015, 6, 4), "May")
    assert t.value == "2015-05-30" and t.precision == 1 and t.anchored


def test_day_month_order_and_closest_past():
    assert one("It began on 30 May.", D(2015, 6, 4), "May").start_date == D(2015, 5, 30)
    # a past-tense day well after the DCT's day-of-year belongs to last year
    assert one("It fell on Dec. 15 after a siege.", D(2015, 6, 4), "Dec").start_date == D(2014, 12, 15)


def test_near_future_day_in_past_tense_clause_is_ahead():
    # "payable Dec. 7" declared on Oct. 27: the coming Dec. 7, not last year's
    t = one("The board declared a dividend payable Dec. 7.", D(1989, 10, 27), "Dec")
    assert t.start_date == D(1989, 12, 7)


def test_explicit_dates():
    dct = D(2015, 7, 29)
    assert one("Published December 24th, 2014 - 08:53 GMT", dct, "December").value == "2014-12-24"
    t = one("This Article is From Jul 29, 2015", dct, "Jul")
    assert t.value == "2015-07-29" and not t.anchored
    assert one("Dated 2015-06-03.", dct, "2015").value == "2015-06-03"
    assert one("Protests broke out in March 2011.", dct, "March").value == "2011-03"


def test_months_and_parts_of_months():
    dct = D(2015, 7, 29)
    t = one("Kobane was retaken in late January.", dct, "January")
    assert t.value == "2015-01"
    assert (t.start_date, t.end_date, t.precision) == (D(2015, 1, 21), D(2015, 1, 31), 2)
    assert one("And in June, militias advanced.", dct, "June").value == "2015-06"
    assert one("IS has retreated since February.", dct, "February").value == "2015-02"


def test_december_story():
    dct = D(2014, 12, 24)
    assert one("Last month the town fell.", dct, "month").value == "2014-11"
    t = one("Iraqi forces wrested the town back in mid-November.", dct, "November")
    assert t.value == "2014-11" and (t.start_date, t.end_date) == (D(2014, 11, 11), D(2014, 11, 20))
    assert one("IS advanced across Iraq last summer.", dct, "summer").value == "2014-SU"
    assert one("The campaign was launched in late September.", dct, "September").value == "2014-09"
    t = one("It was the second such incident this week.", dct, "week")
    assert t.value == "2014-W52" and t.start_date == D(2014, 12, 22) and t.precision == 2


def test_months_without_dct_keep_x_year():
    t = one("The town fell in late January.", None, "January")
    assert t.value == "XXXX-01" and t.start_date is None


# --- false friends ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "He may go.",
        "Protesters march on the capital.",
        "The assault may be an attempt to reverse advances.",
        "Theresa May spoke.",
        "He saw the fall of Mosul.",
        "2,000 people fled and 1990 soldiers deserted.",
        "A second attack followed.",
        "The 45-year-old man was killed.",
    ],
)
def test_false_friends_give_no_date(text):
    assert [t for t in find_timexes(text, D(2015, 6, 3)) if t.type == "DATE"] == []


def test_may_with_cue_is_a_month():
    assert one("Ramadi fell in May.", D(2015, 6, 3), "May").value == "2015-05"


# --- deictic and relative expressions ---------------------------------------------------


def test_today_in_future_sentence():
    t = one("De Mistura is due to brief the Security Council today.", D(2015, 7, 29), "today")
    assert t.value == "2015-07-29" and t.precision == 1


def test_yesterday_tonight_last_night():
    dct = D(2015, 6, 3)
    assert one("It ended yesterday.", dct, "yesterday").start_date == D(2015, 6, 2)
    assert one("Strikes last night hit the city.", dct, "night").value == "2015-06-02TNI"
    assert one("They will meet tonight.", dct, "tonight").value == "2015-06-03TNI"


def test_relative_periods():
    dct = D(2015, 6, 3)
    assert one("He visited last week.", dct, "week").value == "2015-W22"
    assert one("He will visit next month.", dct, "month").value == "2015-07"
    assert one("Earlier this year it fell.", dct, "year").value == "2015"
    assert one("It fell last year.", dct, "year").value == "2014"
    assert one("It fell two months ago.", dct, "ago").value == "2015-04"


def test_vague_recent_periods_are_durations_ending_at_dct():
    dct = D(2015, 6, 4)
    for text in ("gains in recent weeks", "over the past few weeks", "in recent days"):
        ts = find_timexes(text, dct)
        assert len(ts) == 1 and ts[0].type == "DURATION" and ts[0].end_date == dct
        assert ts[0].value in ("PXW", "PXD")


def test_years_and_seasons():
    dct = D(2015, 6, 3)
    assert one("Throughout 2013 it grew.", dct, "2013").value == "2013"
    assert one("Since 2011 the war has raged.", dct, "2011").start_date == D(2011, 1, 1)
    t = one("It was founded in early 2014.", dct, "2014")
    assert t.value == "2014" and t.end_date == D(2014, 4, 30)
    assert one("The summer of 2014 was bloody.", dct, "summer").value == "2014-SU"


# --- durations ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,value",
    [
        ("The siege ended after 33 days.", "P33D"),
        ("Three months of US-led strikes", "P3M"),
        ("Despite nine months of air strikes", "P9M"),
        ("a month-long siege", "P1M"),
        ("a three-day assault", "P3D"),
        ("for twenty-one years", "P21Y"),
        ("a five-hour battle", "PT5H"),
    ],
)
def test_durations(text, value):
    ts = [t for t in find_timexes(text, D(2015, 6, 3)) if t.type == "DURATION"]
    assert [t.value for t in ts] == [value]


def test_the_past_n_months_has_a_range():
    t = one("in the last nine months", D(2015, 6, 3), "months")
    assert t.value == "P9M" and t.end_date == D(2015, 6, 3) and t.start_date < D(2014, 9, 10)


# --- offsets and tense helper -----------------------------------------------------------


def test_offsets_point_into_the_text():
    text = "On Tuesday, May 30, fighting resumed; by Wednesday it was over."
    for t in find_timexes(text, D(2015, 6, 4)):
        assert text[t.start : t.end] == t.text


def test_no_dct_never_guesses_a_date():
    text = "On Tuesday, last month, in June, yesterday and this week it fought."
    ts = find_timexes(text, None)
    assert len(ts) >= 5
    assert all(t.start_date is None and not t.anchored for t in ts)


def test_tense_helpers():
    assert sentence_tense_is_future("The envoy will visit Damascus on Monday.")
    assert sentence_tense_is_future("He is due to brief the council today.")
    assert not sentence_tense_is_future("The envoy visited Damascus on Monday.")
    s = "He said on Tuesday that he will travel."
    assert clause_tense(s, s.index("Tuesday"), s.index("Tuesday") + 7) == "past"


def test_names_that_contain_time_words():
    dct = D(2015, 6, 3)
    for text in ("He told USA Today the war was lost.", "Speaking on ABC's This Week, he said so.",
                 "The film High Noon was shown."):
        assert find_timexes(text, dct) == [], text
    # sentence-initial capitals are ordinary words
    assert one("Today the army advanced.", dct, "Today").value == "2015-06-03"


def test_month_with_relative_year():
    dct = D(1998, 12, 5)
    assert one("It was approved in early October this year.", dct, "October").value == "1998-10"
    assert one("They join in April next year.", dct, "April").value == "1999-04"


def test_fixed_holidays_and_clock_with_date():
    dct = D(2015, 1, 10)
    assert one("Fighting paused on Christmas Day.", dct, "Christmas").value == "2014-12-25"
    t = one("A hearing at 6:30 p.m. March 26, 2014 was held.", dct, "p.m.")
    assert t.type == "TIME" and t.value == "2014-03-26T18:30" and t.start_date == D(2014, 3, 26)


def test_default_past_false_looks_ahead_when_no_cue():
    dct = D(2015, 6, 3)  # Wednesday
    assert one("Talks on Friday.", dct, "Friday").start_date == D(2015, 5, 29)
    ahead = [t for t in find_timexes("Talks on Friday.", dct, default_past=False)]
    assert [t.start_date for t in ahead] == [D(2015, 6, 5)]
