"""date_of: a trigger takes the date of the nearest source, anaphora and anchored durations included."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from factiongraph.model import Article, Interval
from factiongraph.temporal import find_timexes
from factiongraph.temporal.dating import date_article, date_finder, date_sources, load_dating_rules

D = dt.date
PUBLISHED = Interval.day(D(2025, 3, 12))  # a Wednesday


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipe = spacy.blank("en")
    pipe.add_pipe("sentencizer")
    return pipe


@dataclass(frozen=True)
class Case:
    name: str
    text: str
    trigger: str  # the first token with this text is the trigger
    earliest: D | None
    latest: D | None
    cites: str | None  # a part of the words the date is read from

    def __str__(self) -> str:
        return self.name


def date_of(nlp: Language, text: str, trigger: str, published: Interval = PUBLISHED) -> tuple[
        Interval | None, str | None]:
    doc = nlp(text)
    token = next(t for t in doc if t.text == trigger)
    found = date_sources(text, find_timexes(text, published), published)
    return date_finder(found)(token.sent, token.i)


CASES = [
    Case("a date next to the trigger dates it",
         "The two groups met in Lahore on 3 March 2025 to settle the dispute.", "met",
         D(2025, 3, 3), D(2025, 3, 3), "3 March 2025"),
    Case("a date far away in the sentence dates nothing",
         "In 2019 the convener, after a long and bitter campaign through the towns and the villages of the "
         "province, resigned from the central committee.", "resigned", None, None, None),
    Case("before X keeps only the latest end",
         "The party chose its candidates before 5 March 2025.", "chose", None, D(2025, 3, 5), "5 March 2025"),
    Case("at the same time takes the date before it in the sentence",
         "One wing held a rally in the old city on Saturday, while the other wing organized a convention "
         "across town at the same time to show its numbers.", "convention",
         D(2025, 3, 8), D(2025, 3, 8), "at the same time (Saturday)"),
    Case("the same evening refers to the sentence before it",
         "The committee removed its chief on 9 March 2025. The same evening it named a successor.", "named",
         D(2025, 3, 9), D(2025, 3, 9), "The same evening (9 March 2025)"),
    Case("the following day is one day after the date referred to",
         "The assembly voted the premier out on 10 April 2022. A new premier was elected the following day.",
         "elected", D(2022, 4, 11), D(2022, 4, 11), "the following day"),
    Case("two days later shifts the date referred to",
         "The factions met on 3 March 2025. Two days later the leaders signed a pact.", "signed",
         D(2025, 3, 5), D(2025, 3, 5), "Two days later"),
    Case("an anaphor with nothing before it dates nothing",
         "At the same time, the workers staged a sit-in outside the office.", "staged", None, None, None),
    Case("an anaphor does not reach across a paragraph",
         "The council met on 3 March 2025.\nThe next day the mayor resigned.", "resigned", None, None, None),
    Case("D after a clause: the clause lies D before the date of the sentence",
         "The minister took charge of the ministry on Monday, two weeks after he was sworn in.", "sworn",
         D(2025, 2, 24), D(2025, 2, 24), "two weeks after (Monday)"),
    Case("the rest of the sentence keeps its own date",
         "The minister took charge of the ministry on Monday, two weeks after he was sworn in.", "took",
         D(2025, 3, 10), D(2025, 3, 10), "Monday"),
    Case("an approximate duration widens the interval",
         "The minister took charge of the ministry on Monday, almost two weeks after he was sworn in.",
         "sworn", D(2025, 2, 17), D(2025, 3, 3), "almost two weeks after"),
    Case("the anchor may follow the clause",
         "A day after announcing the alliance, the chief told a press conference on Thursday that he quit.",
         "announcing", D(2025, 3, 5), D(2025, 3, 5), "A day after"),
    Case("a date inside the clause dates the rest of the sentence, shifted",
         "She resigned from the cabinet two days after the 8 February 2024 election.", "resigned",
         D(2024, 2, 10), D(2024, 2, 10), "two days after"),
    Case("a date inside the clause dates the clause itself, without the duration's after",
         "She resigned from the cabinet two days after the 8 February 2024 election.", "election",
         D(2024, 2, 8), D(2024, 2, 8), "8 February 2024"),
    Case("D before a clause: the clause lies D after the date of the sentence",
         "The party left the coalition on 7 April 2022, three days before the vote was taken.", "vote",
         D(2022, 4, 10), D(2022, 4, 10), "three days before"),
    Case("a clause with no date anywhere stays undated rather than taking the other clause's",
         "Hours after the talks ended, the chief summoned his aides.", "talks", None, None, None),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_trigger_takes_the_date_its_sentence_supports(nlp: Language, case: Case) -> None:
    value, cited = date_of(nlp, case.text, case.trigger)
    got = (value.earliest, value.latest) if value is not None else (None, None)
    assert got == (case.earliest, case.latest)
    if case.cites is None:
        assert cited is None
    else:
        assert cited is not None and case.cites in cited


def test_an_open_publication_end_stays_open_through_the_anaphor(nlp: Language) -> None:
    published = Interval(D(2026, 1, 31), None)
    value, cited = date_of(nlp, "One wing held a rally on Saturday, while the other organized a convention at the "
                           "same time.", "convention", published)
    assert value is not None and (value.earliest, value.latest) == (D(2026, 1, 31), None)
    assert cited == "at the same time (Saturday)"


def test_unknown_publication_dates_no_relative_expression(nlp: Language) -> None:
    value, cited = date_of(nlp, "One wing held a rally on Saturday, while the other organized a convention at the "
                           "same time.", "convention", Interval.unknown())
    assert (value, cited) == (None, None)


def test_rules_come_from_the_data_file(nlp: Language, tmp_path: Path) -> None:
    rules_file = tmp_path / "dating.yaml"
    rules_file.write_text("near_chars: 60\nanaphora: {in the same breath: 0}\n", encoding="utf-8")
    rules = load_dating_rules(rules_file)
    text = "The chief quit on 3 March 2025. In the same breath he formed a new party."
    doc = nlp(text)
    token = next(t for t in doc if t.text == "formed")
    with_rule = date_finder(date_sources(text, find_timexes(text, PUBLISHED), PUBLISHED, rules=rules))
    without = date_finder(date_sources(text, find_timexes(text, PUBLISHED), PUBLISHED))
    value, _ = with_rule(token.sent, token.i)
    assert value is not None and value.earliest == D(2025, 3, 3)
    assert without(token.sent, token.i) == (None, None)


def test_date_article_infers_publication_and_dates_against_it(nlp: Language) -> None:
    text = ("The rift deepened in February 2025, when two leaders left the group. "
            "One wing held a rally on Saturday, while the other organized a convention at the same time.")
    dated = date_article(Article.make("x.txt", text), text)
    assert dated.article.basis == "text"
    assert dated.article.published.earliest == D(2025, 2, 1)
    doc = nlp(text)
    token = next(t for t in doc if t.text == "convention")
    value, cited = dated.date_of(token.sent, token.i)
    assert value is not None and value.earliest is not None and value.earliest >= D(2025, 1, 26)
    assert cited == "at the same time (Saturday)"


def test_seed_002_meeting_at_the_same_time_as_the_saturday_rally(nlp: Language, shared: Path) -> None:
    text = next((shared / "seeds").glob("002_*.txt")).read_text(encoding="utf-8")
    dated = date_article(Article.make("002.txt", text), text)
    doc = nlp(text)
    at = text.index("organized a meeting at the Governor House at the same time")
    token = next(t for t in doc if t.idx >= at and t.text == "meeting")
    value, cited = dated.date_of(token.sent, token.i)
    assert value is not None and value.contains(D(2026, 1, 31))
    assert cited == "at the same time (Saturday)"
