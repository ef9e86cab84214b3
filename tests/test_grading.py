"""Grading typed answers: every rule as table rows, RIGHT, NEAR and WRONG alike."""

from __future__ import annotations

import dataclasses

import pytest
from _pytest.mark import ParameterSet
from hypothesis import given
from hypothesis import strategies as st

from factdeck.cards.reader import load_deck
from factdeck.model import Kind
from factdeck.study.grading import Grade, Verdict, grade, hint, normalise_answer
from tests.conftest import REAL_DECK

RIGHT, NEAR, WRONG = Verdict.RIGHT, Verdict.NEAR, Verdict.WRONG


def row(typed: str, answers: str | tuple[str, ...], verdict: Verdict, expected: str,
        reason: str, *, name: str) -> ParameterSet:
    """One graded answer: `answers` is the card's answer, or it and its alternatives."""
    answers = (answers,) if isinstance(answers, str) else answers
    return pytest.param(typed, answers, Grade(verdict, expected, reason), id=name)


MUELLER = "Robert Mueller"
SECTORS = "banking, defence and energy"
AUGUST = ("August 2nd", "2 August", "Aug 2")
PUTIN = ("Vladimir Putin", "Putin", "Mr Putin")
CASE_PUNCT = "right, ignoring case and punctuation"
NUMBERS = "right, ignoring numbers in words or digits"
NUMBER_DIFFERS = "the numbers differ from '{}', and numbers must be exact"
SHORT = "close to '{}', but short answers must be exact"

GRADES = [
    # Form: case, spacing, punctuation, articles, accents, quote and dash styles.
    row("Paris", "Paris", RIGHT, "Paris", "exactly right", name="exact"),
    row("  Paris \n", "Paris", RIGHT, "Paris", "exactly right", name="outer-whitespace-silent"),
    row("paris", "Paris", RIGHT, "Paris", "right, ignoring case", name="lower-case"),
    row("PARIS", "Paris", RIGHT, "Paris", "right, ignoring case", name="upper-case"),
    row("Paris!", "Paris", RIGHT, "Paris", "right, ignoring punctuation", name="trailing-bang"),
    row('"seriously flawed"', "Seriously flawed", RIGHT, "Seriously flawed", CASE_PUNCT,
        name="surrounding-quotes"),
    row("hr mcmaster", "H.R. McMaster", RIGHT, "H.R. McMaster", CASE_PUNCT, name="initials-dots"),
    row("Russias elite", "Russia's elite", RIGHT, "Russia's elite",
        "right, ignoring punctuation", name="apostrophe-dropped"),
    row("Robert   Mueller", MUELLER, RIGHT, MUELLER, "right, ignoring spacing",
        name="inner-spaces"),
    row("Robert\tMueller", MUELLER, RIGHT, MUELLER, "right, ignoring spacing", name="tab"),
    row("conflict in Syria", "The conflict in Syria", RIGHT, "The conflict in Syria",
        "right, ignoring articles", name="article-the"),
    row("post-Soviet low", "A post-Soviet low", RIGHT, "A post-Soviet low",
        "right, ignoring articles", name="article-a"),
    row("an embassy", "embassy", RIGHT, "embassy", "right, ignoring articles", name="article-an"),
    row("THE PARIS.", "paris", RIGHT, "paris", "right, ignoring case, punctuation and articles",
        name="three-things-named"),
    row("A", "A", RIGHT, "A", "exactly right", name="lone-article-kept"),
    row("Cafe", "Café", RIGHT, "Café", "right, ignoring accents", name="accent-acute"),
    row("vis a vis", "vis-à-vis", RIGHT, "vis-à-vis", "right, ignoring accents and punctuation",
        name="accent-grave-and-hyphens"),
    row("Russia’s elite", "Russia's elite", RIGHT, "Russia's elite",
        "right, ignoring dash or quote style", name="curly-apostrophe"),
    row("post–Soviet", "post-Soviet", RIGHT, "post-Soviet",
        "right, ignoring dash or quote style", name="en-dash"),
    row("post Soviet", "post—Soviet", RIGHT, "post—Soviet", "right, ignoring punctuation",
        name="em-dash-as-space"),
    row("Élan, Paris", "élan; paris", RIGHT, "élan; paris", CASE_PUNCT,
        name="shared-accent-unnamed"),
    # Numbers: digits and words are alike, ordinals too, but must match exactly.
    row("seven", "7", RIGHT, "7", NUMBERS, name="word-for-digit"),
    row("7", "seven", RIGHT, "seven", NUMBERS, name="digit-for-word"),
    row("twenty-one", "21", RIGHT, "21", NUMBERS, name="hyphenated-tens"),
    row("twenty one", "21", RIGHT, "21", NUMBERS, name="spaced-tens"),
    row("seven hundred", "700", RIGHT, "700", NUMBERS, name="hundreds"),
    row("455", "four hundred and fifty-five", RIGHT, "four hundred and fifty-five", NUMBERS,
        name="hundreds-and"),
    row("four hundred fifty-five", "455", RIGHT, "455", NUMBERS, name="hundreds-without-and"),
    row("over seven hundred", "over 700", RIGHT, "over 700", NUMBERS, name="number-inside-text"),
    row("the first 7 months", "The first seven months", RIGHT, "The first seven months",
        "right, ignoring case and numbers in words or digits", name="number-and-ordinal-in-text"),
    row("second", "2nd", RIGHT, "2nd", NUMBERS, name="ordinal-word-for-suffix"),
    row("2", "second", RIGHT, "second", NUMBERS, name="digit-for-ordinal-word"),
    row("August 2", "August 2nd", RIGHT, "August 2nd", NUMBERS, name="ordinal-suffix-dropped"),
    row("twenty-first", "21st", RIGHT, "21st", NUMBERS, name="compound-ordinal"),
    row("one thousand", "1,000", RIGHT, "1,000", "right, ignoring punctuation and numbers in "
        "words or digits", name="thousands-comma"),
    row("a thousand and one", "1001", RIGHT, "1001", NUMBERS, name="a-thousand-and-one"),
    row("nine hundred and ninety-nine thousand nine hundred ninety-nine", "999999", RIGHT,
        "999999", NUMBERS, name="largest-number"),
    row("fourteen days", "14 days", RIGHT, "14 days", NUMBERS, name="number-with-unit"),
    # Years as people say them: two numbers, or a century and "oh".
    row("nineteen fifty-four", "1954", RIGHT, "1954", NUMBERS, name="spoken-year"),
    row("in nineteen oh five", "in 1905", RIGHT, "in 1905", NUMBERS, name="spoken-year-oh"),
    row("twenty twenty", "2020", RIGHT, "2020", NUMBERS, name="spoken-year-twenty-twenty"),
    row("nineteen fifty-five", "1954", WRONG, "1954", NUMBER_DIFFERS.format("1954"),
        name="spoken-year-must-be-exact"),
    row("zero", "0", RIGHT, "0", NUMBERS, name="zero"),
    row("007", "7", RIGHT, "7", NUMBERS, name="leading-zeros"),
    row("456", "455", WRONG, "455", NUMBER_DIFFERS.format("455"), name="number-typo"),
    row("four hundred and fifty-six", "455", WRONG, "455", NUMBER_DIFFERS.format("455"),
        name="number-word-typo"),
    row("November 2017", "November 2016", WRONG, "November 2016",
        NUMBER_DIFFERS.format("November 2016"), name="year-in-text"),
    row("41 days", "14 days", WRONG, "14 days", NUMBER_DIFFERS.format("14 days"),
        name="swapped-digits"),
    row("seventy", "seven hundred", WRONG, "seven hundred", NUMBER_DIFFERS.format(
        "seven hundred"), name="seventy-is-not-700"),
    row("2.5", "2.05", WRONG, "2.05", NUMBER_DIFFERS.format("2.05"), name="decimals-exact"),
    # Accepted alternatives: each counts, and the reason names it.
    row("2 August", AUGUST, RIGHT, "2 August", "matches the accepted answer '2 August'",
        name="accepted-exact"),
    row("2 august", AUGUST, RIGHT, "2 August",
        "matches the accepted answer '2 August', ignoring case", name="accepted-case"),
    row("second of August", AUGUST, WRONG, "August 2nd",
        "not close to 'August 2nd' or its accepted answers", name="accepted-not-a-paraphrase"),
    row("Putin", PUTIN, RIGHT, "Putin", "matches the accepted answer 'Putin'",
        name="accepted-short"),
    row("Vladimir Putin", PUTIN, RIGHT, "Vladimir Putin", "exactly right",
        name="main-answer-first"),
    row("securitization", ("Securitisation", "securitization"), RIGHT, "securitization",
        "matches the accepted answer 'securitization'", name="accepted-beats-typo"),
    row("Mueller", (MUELLER, "Mueller"), RIGHT, "Mueller",
        "matches the accepted answer 'Mueller'", name="accepted-surname"),
    # Near misses: a typo, by the length of the answer.
    row("Muelelr", "Mueller", NEAR, "Mueller", "one letter away from 'Mueller'", name="swap"),
    row("Mueler", "Mueller", NEAR, "Mueller", "one letter away from 'Mueller'",
        name="letter-missing"),
    row("Syira", "Syria", NEAR, "Syria", "one letter away from 'Syria'", name="five-letters"),
    row("NTO", "NATO", NEAR, "NATO", "one letter away from 'NATO'", name="four-letters-one-typo"),
    row("NTOO", "NATO", WRONG, "NATO", "not close to 'NATO'", name="four-letters-two-typos"),
    row("Robrt Muellr", MUELLER, NEAR, MUELLER, "two letters away from 'Robert Mueller'",
        name="two-typos-in-14"),
    row("Robt Mulr", MUELLER, WRONG, MUELLER, "not close to 'Robert Mueller'",
        name="four-typos-in-14"),
    row("Asian Infrastructure Investmnt Bnak", "The Asian Infrastructure Investment Bank",
        NEAR, "The Asian Infrastructure Investment Bank",
        "two letters away from 'The Asian Infrastructure Investment Bank'", name="long-answer"),
    row("Asain Infrastructre Invesment Bnak", "The Asian Infrastructure Investment Bank",
        WRONG, "The Asian Infrastructure Investment Bank",
        "not close to 'The Asian Infrastructure Investment Bank'", name="long-answer-four-typos"),
    row("banking, defense and energy", SECTORS, NEAR, SECTORS,
        f"one letter away from '{SECTORS}'", name="typo-in-a-list"),
    row("defence", ("Defence", "defense"), RIGHT, "Defence", "right, ignoring case",
        name="typo-rule-not-needed"),
    row("cat", "car", WRONG, "car", SHORT.format("car"), name="three-letters-exact"),
    row("EY", "EU", WRONG, "EU", SHORT.format("EU"), name="two-letters-exact"),
    # Word order inside an answer: the right words, for the learner to judge.
    row("Mueller Robert", MUELLER, NEAR, MUELLER,
        "the right words, arranged differently from 'Robert Mueller'", name="surname-first"),
    row("August 2nd", "2 August", NEAR, "2 August",
        "the right words, arranged differently from '2 August'", name="date-order"),
    row("banking defence energy", SECTORS, NEAR, SECTORS,
        f"the right words, arranged differently from '{SECTORS}'", name="list-without-commas"),
    # Lists: the same items in any order, with commas, semicolons, "and" or "&".
    row("energy, banking and defence", SECTORS, RIGHT, SECTORS, "right, ignoring list order",
        name="list-reordered"),
    row("Energy; banking & defence", SECTORS, RIGHT, SECTORS,
        "right, ignoring case, punctuation and list order", name="list-other-separators"),
    row("defence, energy, banking", SECTORS, RIGHT, SECTORS,
        "right, ignoring punctuation and list order", name="list-commas-only"),
    row("the EU and the US", "The US and the EU", RIGHT, "The US and the EU",
        "right, ignoring case and list order", name="list-items-with-articles"),
    row("EU and US", "The US and the EU", RIGHT, "The US and the EU",
        "right, ignoring articles and list order", name="list-articles-dropped"),
    row("arms control and the conflict in Ukraine", "The conflict in Ukraine and arms control",
        RIGHT, "The conflict in Ukraine and arms control",
        "right, ignoring case and list order", name="list-multi-word-items"),
    row("banking and energy", SECTORS, NEAR, SECTORS, f"part of the answer '{SECTORS}'",
        name="list-missing-an-item"),
    row("banking, defence, energy and oil", SECTORS, NEAR, SECTORS,
        f"the answer '{SECTORS}' with extra words", name="list-extra-item"),
    row("banking, mining and energy", SECTORS, WRONG, SECTORS, f"not close to '{SECTORS}'",
        name="list-wrong-item"),
    # Part of the answer: a surname is the learner's call, not automatically right.
    row("Mueller", MUELLER, NEAR, MUELLER, "part of the answer 'Robert Mueller'", name="surname"),
    row("robert", MUELLER, NEAR, MUELLER, "part of the answer 'Robert Mueller'", name="first-name"),
    row("Muller", MUELLER, NEAR, MUELLER, "close to part of the answer 'Robert Mueller'",
        name="surname-with-typo"),
    row("of parliament", "The lower house of parliament", NEAR,
        "The lower house of parliament", "part of the answer 'The lower house of parliament'",
        name="tail-of-phrase"),
    row("of the", "The lower house of parliament", WRONG, "The lower house of parliament",
        "not close to 'The lower house of parliament'", name="only-fillers"),
    row("Mr", PUTIN[2], WRONG, "Mr Putin", "not close to 'Mr Putin'", name="only-a-title"),
    row("2016", "November 2016", NEAR, "November 2016", "part of the answer 'November 2016'",
        name="year-alone"),
    row("2017", "November 2016", WRONG, "November 2016", "not close to 'November 2016'",
        name="wrong-year-alone"),
    row("General Mattis", "James Mattis", WRONG, "James Mattis", "not close to 'James Mattis'",
        name="wrong-first-word"),
    # The whole answer with extra words.
    row("455 people", "455", NEAR, "455", "the answer '455' with extra words", name="with-unit"),
    row("456 people", "455", WRONG, "455", "not close to '455'", name="wrong-number-with-unit"),
    # No answer, and plain wrong answers.
    row("", "Paris", WRONG, "Paris", "no answer", name="empty"),
    row("   ", "Paris", WRONG, "Paris", "no answer", name="blank"),
    row("?!", "Paris", WRONG, "Paris", "no answer", name="only-punctuation"),
    row("London", "Paris", WRONG, "Paris", "not close to 'Paris'", name="different-city"),
    row("Moscow", ("Russian prime minister", "prime minister"), WRONG,
        "Russian prime minister",
        "not close to 'Russian prime minister' or its accepted answers", name="wrong-with-accepts"),
    # Same words in the same order: RIGHT before any list logic, whatever the commas.
    row("November, 2016", "November 2016", RIGHT, "November 2016",
        "right, ignoring punctuation", name="comma-in-a-date"),
    row("September, 2015", "September 2015", RIGHT, "September 2015",
        "right, ignoring punctuation", name="comma-in-month-and-year"),
    row("Nov, 2016", ("November 2016", "Nov 2016"), RIGHT, "November 2016",
        "right, ignoring punctuation and month abbreviations", name="comma-and-abbreviation"),
    row("banking defence and energy", SECTORS, RIGHT, SECTORS, "right, ignoring punctuation",
        name="list-in-order-without-commas"),
    row("banking, defence, and energy", SECTORS, RIGHT, SECTORS, "right, ignoring punctuation",
        name="serial-comma"),
    # Month abbreviations, with or without a full stop, as whole words only.
    row("Sept 2015", "September 2015", RIGHT, "September 2015",
        "right, ignoring month abbreviations", name="month-sept"),
    row("Sep 2015", "September 2015", RIGHT, "September 2015",
        "right, ignoring month abbreviations", name="month-sep"),
    row("Sep. 2015", "September 2015", RIGHT, "September 2015",
        "right, ignoring punctuation and month abbreviations", name="month-sep-full-stop"),
    row("Nov", "November", RIGHT, "November", "right, ignoring month abbreviations",
        name="month-alone"),
    row("Aug 2nd", "August 2nd", RIGHT, "August 2nd", "right, ignoring month abbreviations",
        name="month-with-ordinal"),
    row("aug 2", AUGUST, RIGHT, "August 2nd",
        "right, ignoring case, month abbreviations and numbers in words or digits",
        name="month-abbreviation-finds-the-answer"),
    row("Nov 2017", "November 2016", WRONG, "November 2016",
        NUMBER_DIFFERS.format("November 2016"), name="month-abbreviation-wrong-year"),
    # Negations change the meaning: never a near miss.
    row("not very difficult", "very difficult", WRONG, "very difficult",
        "a negation changes the meaning of 'very difficult'", name="negation-added"),
    row("very difficult", "not very difficult", WRONG, "not very difficult",
        "a negation changes the meaning of 'not very difficult'", name="negation-dropped"),
    row("isn't very difficult", "is very difficult", WRONG, "is very difficult",
        "a negation changes the meaning of 'is very difficult'", name="contraction-added"),
    row("never signed it", "signed it", WRONG, "signed it",
        "a negation changes the meaning of 'signed it'", name="never-added"),
    row("no new sanctions", "new sanctions", WRONG, "new sanctions",
        "a negation changes the meaning of 'new sanctions'", name="no-added"),
    row("immigrant visa applicants outside Moscow",
        "non-immigrant visa applicants outside Moscow", WRONG,
        "non-immigrant visa applicants outside Moscow",
        "a negation changes the meaning of 'non-immigrant visa applicants outside Moscow'",
        name="non-prefix-dropped"),
    row("unlawful", "lawful", WRONG, "lawful", "a negation changes the meaning of 'lawful'",
        name="un-prefix-added"),
    row("lawful", "unlawful", WRONG, "unlawful", "a negation changes the meaning of 'unlawful'",
        name="un-prefix-dropped"),
    # ... but the same negation written another way, or no negation at all, still can be.
    row("didn't veto it", "did not veto it", NEAR, "did not veto it",
        "two letters away from 'did not veto it'", name="contraction-for-not"),
    row("nonimmigrant visa", "non-immigrant visa", NEAR, "non-immigrant visa",
        "one letter away from 'non-immigrant visa'", name="non-prefix-joined"),
    row("UN brokerd ceasefire", "UN-brokered ceasefire", NEAR, "UN-brokered ceasefire",
        "one letter away from 'UN-brokered ceasefire'", name="un-is-the-un"),
    row("10 Downing Street", "No 10 Downing Street", NEAR, "No 10 Downing Street",
        "three letters away from 'No 10 Downing Street'", name="no-before-a-number"),
]


@pytest.mark.parametrize(("typed", "answers", "graded"), GRADES)
def test_grade(typed: str, answers: tuple[str, ...], graded: Grade) -> None:
    assert grade(typed, answers) == graded


def test_the_table_has_every_verdict_and_unique_ids() -> None:
    ids = [param.id for param in GRADES]
    assert len(ids) == len(set(ids)) >= 50
    verdicts = [param.values[2].verdict for param in GRADES]  # type: ignore[union-attr]
    assert {verdict: verdicts.count(verdict) >= 10 for verdict in Verdict} == dict.fromkeys(
        Verdict, True)


@pytest.mark.parametrize(("text", "form"), [
    pytest.param("  The  Treaty of PARIS. ", "treaty of paris", id="article-case-spaces"),
    pytest.param("The Banking, Defence & Energy sectors", "banking, defence, energy sectors",
                 id="list-sorted"),
    pytest.param("Four hundred and fifty-five", "455", id="number-words"),
    pytest.param("twenty-first", "21", id="ordinal"),
    pytest.param("one hundredth", "100", id="ordinal-scale"),
    pytest.param("a hundred", "100", id="a-hundred"),
    pytest.param("seven hundred thousand", "700000", id="hundreds-of-thousands"),
    pytest.param("two thousand three hundred and six", "2306", id="thousands-with-tail"),
    pytest.param("seven eight", "7 8", id="two-numbers"),
    pytest.param("hundred", "hundred", id="bare-scale-is-a-word"),
    pytest.param("1,000,000", "1000000", id="thousands-commas"),
    pytest.param("1, 2", "1, 2", id="comma-and-space-separates"),
    pytest.param("3.5", "3.5", id="decimal-point"),
    pytest.param("2017–21", "2017 21", id="year-range"),
    pytest.param("U.S.", "us", id="dotted-abbreviation"),
    pytest.param("Russia’s", "russias", id="curly-apostrophe"),
    pytest.param("Straße", "strasse", id="casefold"),
    pytest.param("ﬁnal", "final", id="ligature"),
    pytest.param("the a team", "team", id="repeated-articles"),
    pytest.param("the", "the", id="article-alone"),
    pytest.param("a, b and c", "a, b, c", id="one-letter-items"),
    pytest.param("", "", id="empty"),
    pytest.param("Sep. 2015, Sept", "september, september 2015", id="month-abbreviations"),
    pytest.param("Octopus Junction, Decade", "decade, octopus junction",
                 id="months-only-whole-words"),
])
def test_normalise_answer(text: str, form: str) -> None:
    assert normalise_answer(text) == form


@pytest.mark.parametrize(("answer", "level", "shown"), [
    pytest.param("Robert Mueller", 1, "R_____ M______", id="first-letters"),
    pytest.param("Robert Mueller", 2, "Ro____ Mu_____", id="level-2"),
    pytest.param("Robert Mueller", 0, "______ _______", id="level-0-shape"),
    pytest.param("Robert Mueller", 9, "Robert Mueller", id="level-past-the-word"),
    pytest.param("H.R. McMaster", 2, "H.R. Mc______", id="punctuation-shown"),
    pytest.param("post-Soviet", 1, "p___-S_____", id="hyphen-shown"),
    pytest.param("Russia's", 1, "R_____'s", id="apostrophe-splits"),
    pytest.param("455", 1, "4__", id="digits-hidden"),
    pytest.param("August 2nd", 1, "A_____ 2__", id="ordinal-hidden"),
    pytest.param("vis-à-vis", 1, "v__-à-v__", id="accented-letter"),
    pytest.param("A", 1, "A", id="one-letter"),
    pytest.param("", 1, "", id="empty"),
])
def test_hint(answer: str, level: int, shown: str) -> None:
    assert hint(answer, level) == shown
    assert len(hint(answer, level)) == len(answer)


def test_hint_default_level_is_one() -> None:
    assert hint("Robert Mueller") == "R_____ M______"


def test_hint_rejects_a_negative_level() -> None:
    with pytest.raises(ValueError, match="0 or more"):
        hint("Paris", -1)


def test_grade_needs_an_answer() -> None:
    with pytest.raises(ValueError, match="at least"):
        grade("Paris", [])


def test_grade_is_frozen_and_verdicts_are_strings() -> None:
    graded = grade("paris", ["Paris"])
    with pytest.raises(dataclasses.FrozenInstanceError):
        graded.verdict = Verdict.WRONG  # type: ignore[misc]
    assert [str(verdict) for verdict in Verdict] == ["right", "near", "wrong"]


def real_typed_answers() -> list[tuple[str, tuple[str, ...]]]:
    deck = load_deck(REAL_DECK).deck
    assert deck is not None
    return [(card.id, (card.answer, *card.accept)) for card in deck.cards
            if card.kind is Kind.BASIC]


@pytest.mark.parametrize(("card", "answers"), real_typed_answers())
def test_real_deck_answers_grade_right(card: str, answers: tuple[str, ...]) -> None:
    for index, answer in enumerate(answers):
        graded = grade(f" {answer.upper()}. ", answers)
        assert graded.verdict is Verdict.RIGHT, (card, answer)
        # Alternatives that normalise alike are credited to the first of them.
        first = next(written for written in answers
                     if normalise_answer(written) == normalise_answer(answer))
        assert graded.expected == first
        assert ("accepted" in graded.reason) == (answers.index(first) > 0), (card, index)


# Pieces that exercise every step, so the properties meet numbers, lists and articles.
PIECES = [*"abcAB éÉ019.,;-–'’&!?", " and ", " the ", " a ", " seven ", " hundred ",
          " thousand ", " twenty ", " first "]
TEXT = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)


@given(TEXT)
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise_answer(text)
    assert normalise_answer(once) == once


@given(TEXT, st.lists(TEXT, min_size=1, max_size=3))
def test_grade_is_total_and_right_for_itself(typed: str, answers: list[str]) -> None:
    graded = grade(typed, answers)
    assert graded.expected in answers
    assert graded.reason
    if normalise_answer(typed):
        assert grade(typed, [typed]).verdict is Verdict.RIGHT
