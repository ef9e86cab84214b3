"""The source document as paragraphs, headings and sentences, and where quotes lie."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factdeck.cards.reader import load_deck
from factdeck.source.document import (
    Document,
    Role,
    carries_facts,
    normalised_with_offsets,
    parse_document,
)
from factdeck.text import normalise
from tests.conftest import REAL_DECK, assert_golden

REAL_SOURCE = REAL_DECK.parent / "us-russia-relations.source.txt"


def sentences(text: str) -> list[str]:
    return [s.text for s in parse_document(text).sentences]


def real_document() -> Document:
    return parse_document(REAL_SOURCE.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("Mr Putin met Dr Smith. Then they left.",
                 ["Mr Putin met Dr Smith.", "Then they left."], id="titles-without-dot"),
    pytest.param("Mr. Putin met Dr. Smith and Gen. Mattis. Then they left.",
                 ["Mr. Putin met Dr. Smith and Gen. Mattis.", "Then they left."],
                 id="titles-with-dot"),
    pytest.param("Some fruit, e.g. Apples, sold well. Prices rose, i.e. Buyers paid more. "
                 "It ended.",
                 ["Some fruit, e.g. Apples, sold well.", "Prices rose, i.e. Buyers paid more.",
                  "It ended."], id="e.g.-i.e."),
    pytest.param("The U.S. Treasury and the U.K. Government agreed. Russia replied.",
                 ["The U.S. Treasury and the U.K. Government agreed.", "Russia replied."],
                 id="dotted-countries"),
    pytest.param("General H.R. McMaster succeeded Mr Flynn. He is a soldier.",
                 ["General H.R. McMaster succeeded Mr Flynn.", "He is a soldier."],
                 id="initials"),
    pytest.param("Written by J. R. Hartley in 1961. It sold well.",
                 ["Written by J. R. Hartley in 1961.", "It sold well."], id="spaced-initials"),
    pytest.param("Growth was 3.5% in 2017. It fell to 1.5 later. It rose by 2.5. Then it fell.",
                 ["Growth was 3.5% in 2017.", "It fell to 1.5 later.", "It rose by 2.5.",
                  "Then it fell."], id="decimals"),
    pytest.param('He shouted "stop." Then he left.', ['He shouted "stop."', "Then he left."],
                 id="straight-quote-ends"),
    pytest.param("He said “enough.” Then he went. She asked: ‘Why?’ Nobody knew.",
                 ["He said “enough.”", "Then he went.", "She asked: ‘Why?’", "Nobody knew."],
                 id="curly-quote-ends"),
    pytest.param("He left. “Never again,” he said.",
                 ["He left.", "“Never again,” he said."], id="opening-quote-starts"),
    pytest.param("(See the annex.) The bill passed.", ["(See the annex.)", "The bill passed."],
                 id="bracket-ends"),
    pytest.param("Is it over? Yes! It is... Maybe.",
                 ["Is it over?", "Yes!", "It is...", "Maybe."], id="question-exclamation"),
    pytest.param("Встреча прошла в Москве. Путин ответил позже. Ёлки стояли.",
                 ["Встреча прошла в Москве.", "Путин ответил позже.", "Ёлки стояли."],
                 id="cyrillic-capitals"),
    pytest.param("No. 10 Downing Street is famous. It is in London.",
                 ["No. 10 Downing Street is famous.", "It is in London."], id="no-number"),
    pytest.param("In 2017 the rouble fell. 455 people stayed.",
                 ["In 2017 the rouble fell.", "455 people stayed."], id="digit-starts"),
    pytest.param("the end. lower case does not start a sentence.",
                 ["the end. lower case does not start a sentence."], id="lower-case-continues"),
    pytest.param(f"{'A long line ' * 7}that\n  wraps,   here. Two.",
                 [f"{'A long line ' * 7}that wraps, here.", "Two."], id="folded-spaces"),
    # Found by comparing with pysbd and sentencex on the drafting documents.
    pytest.param("It was broadcast from 19.2°E. This was followed by more.",
                 ["It was broadcast from 19.2°E.", "This was followed by more."],
                 id="degrees-east"),
    pytest.param("Consider bidding, etc. The largest projects are megaprojects.",
                 ["Consider bidding, etc.", "The largest projects are megaprojects."],
                 id="etc-ends"),
    pytest.param("Roads, bridges, etc. were built by Isaiah D. Hart in 1822.",
                 ["Roads, bridges, etc. were built by Isaiah D. Hart in 1822."], id="etc-inside"),
    pytest.param("Then X reduces to Y. There are many reductions. H. G. Wells wrote by J. A. "
                 "Smith. It ended.",
                 ["Then X reduces to Y.", "There are many reductions.",
                  "H. G. Wells wrote by J. A. Smith.", "It ended."], id="letter-or-initial"),
    pytest.param("They use quantum machines. #P is a class. £5 million was paid.",
                 ["They use quantum machines.", "#P is a class.", "£5 million was paid."],
                 id="symbol-starts"),
])
def test_sentence_splitting(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_no_at_the_end_of_a_sentence_ends_it() -> None:
    assert sentences("He said no. The plan failed.") == ["He said no.", "The plan failed."]
    assert sentences("See No. 10 Downing Street. Done.") == ["See No. 10 Downing Street.",
                                                             "Done."]


def test_crlf_paragraphs() -> None:
    document = parse_document("New sanctions\r\n\r\nThe bill passed. It was signed.\r\n")
    assert [(p.heading, len(p.sentences)) for p in document.paragraphs] == [(True, 0), (False, 2)]


def test_hard_wrapped_prose_is_one_paragraph() -> None:
    text = ("This paragraph has been wrapped at sixty columns, as plain\n"
            "text files often are, and it goes on for a while. It has a\n"
            "second sentence too.\n")
    document = parse_document(text)
    assert [p.heading for p in document.paragraphs] == [False]
    assert len(document.sentences) == 2


H, P, M = Role.HEADING, Role.PROSE, Role.METADATA


@pytest.mark.parametrize(("text", "roles"), [
    pytest.param("New sanctions\n\nThe bill passed. It was signed.", [H, P],
                 id="short-line-heading"),
    pytest.param("Data provided by:\n\nThe bill passed.", [H, P], id="colon-label"),
    pytest.param("Report title\nContent Type\nCountry Data and Maps\n\nThe body. More body.",
                 [M, M, M, P], id="field-block"),
    pytest.param("Title\n\nContent Type\nReport\nNo abstract is available.\nPolitics\n\n"
                 "The body.\n\nData provided by:", [H, M, M, M, M, P, M], id="fields-and-label"),
    pytest.param("A title\nNo abstract is available.\n\nThe body.", [H, P, P],
                 id="title-and-sentence"),
    pytest.param("Intro. Text.\n\nRed\nGreen\nBlue\n\nEnd.", [P, H, H, H, P],
                 id="list-after-prose-is-not-fields"),
    pytest.param("No abstract is available.", [P], id="short-sentence"),
    pytest.param("Why did the talks fail?", [P], id="short-question"),
    pytest.param("one two three four five six seven eight nine ten eleven twelve thirteen "
                 "fourteen fifteen sixteen", [P], id="long-line-without-stop"),
])
def test_roles(text: str, roles: list[Role]) -> None:
    document = parse_document(text)
    assert [p.role for p in document.paragraphs] == roles
    assert all(not p.sentences for p in document.paragraphs if not p.prose)


def test_excluded_lines_are_metadata() -> None:
    text = "Title\n\nThe body. It goes on.\n\nCopyright 2017 The Press. All rights reserved."
    document = parse_document(text, exclude=["copyright *"])
    assert [p.role for p in document.paragraphs] == [H, P, M]
    assert [s.text for s in document.sentences] == ["The body.", "It goes on."]


def test_sentence_indices_and_paragraphs() -> None:
    document = parse_document("Title\n\nOne here. Two here.\n\nThree here.")
    assert [(s.index, s.paragraph, s.text) for s in document.sentences] == [
        (0, 1, "One here."), (1, 1, "Two here."), (2, 2, "Three here.")]
    for sentence in document.sentences:
        assert document.text[sentence.start:sentence.end] == sentence.text


SMALL = ("The Treaty of Examples was signed in Paris in 1901. Mr Trump’s “America First” agenda "
         "— a change — was new. It ended.")


@pytest.mark.parametrize(("quote", "expected"), [
    pytest.param("signed in Paris", [0], id="inside-one"),
    pytest.param("in 1901. Mr Trump", [0, 1], id="spanning-two"),
    pytest.param("in Paris in 1901. Mr Trump's \"America First\" agenda - a change - was new. It",
                 [0, 1, 2], id="spanning-three"),
    pytest.param("MR TRUMP'S \"america first\" AGENDA - a change", [1], id="case-quotes-dashes"),
    pytest.param("  america   first ", [1], id="spaces"),
    pytest.param("signed in Rome", [], id="not-found"),
    pytest.param("", [], id="empty"),
])
def test_sentences_of(quote: str, expected: list[int]) -> None:
    document = parse_document(SMALL)
    assert [s.index for s in document.locator().sentences_of(quote)] == expected


def test_locate_gives_offsets_in_the_text() -> None:
    document = parse_document(SMALL)
    span = document.locator().locate("“AMERICA FIRST”")
    assert span is not None
    assert SMALL[span[0]:span[1]] == "“America First”"


@pytest.mark.parametrize(("sentence", "expected"), [
    pytest.param("The bill was signed on August 2nd.", True, id="number"),
    pytest.param("Mr Trump described it as flawed.", True, id="name"),
    pytest.param('It was called "securitisation".', True, id="quoted-term"),
    pytest.param("The domestic context makes a fundamental reset virtually impossible.", False,
                 id="no-fact"),
    pytest.param("It is possible that I may go.", False, id="pronoun-I"),
])
def test_fact_bearing(sentence: str, expected: bool) -> None:
    assert carries_facts(sentence) is expected
    [parsed] = parse_document(sentence).sentences
    assert parsed.fact_bearing is expected


def outline(document: Document) -> str:
    """The document as parsed: a line per heading (#), metadata line (~) and sentence,
    fact-bearing sentences marked with *."""
    lines = []
    for paragraph in document.paragraphs:
        if not paragraph.prose:
            mark = "#" if paragraph.heading else "~"
            lines.append(f"{mark} {paragraph.text(document.text)}")
            continue
        lines.append(f"¶{paragraph.index + 1}")
        lines += [f"  {'*' if s.fact_bearing else ' '} {s.text}" for s in paragraph.sentences]
    return "\n".join(lines) + "\n"


def test_real_document_paragraphs_headings_and_sentences() -> None:
    # Reviewed: every heading is a heading, every sentence whole, facts marked.
    assert_golden("real-document.outline", outline(real_document()))


def test_real_document_tricky_sentences_stay_whole() -> None:
    texts = [s.text for s in real_document().sentences]
    putin = [t for t in texts if t.startswith("Mr Putin declined")]
    assert len(putin) == 1
    assert "in December 2016 when Mr Obama's outgoing administration expelled 35 Russian " \
        "diplomats" in putin[0]
    assert putin[0].endswith("interference in the US election.")
    flynn = [t for t in texts if t.startswith("Following the departure of Michael Flynn")]
    assert len(flynn) == 1
    assert "General H.R. McMaster, Mr Flynn's successor, and James Mattis" in flynn[0]
    assert flynn[0].endswith("during his electoral campaign.")


def test_real_document_sentences_cover_each_paragraph() -> None:
    document = real_document()
    for paragraph in document.paragraphs:
        if paragraph.prose:
            assert " ".join(s.text for s in paragraph.sentences) == \
                paragraph.text(document.text)


def test_every_quote_of_the_real_deck_lies_in_a_sentence() -> None:
    deck = load_deck(REAL_DECK).deck
    assert deck is not None
    document = real_document()
    for card in deck.cards:
        found = document.locator().sentences_of(card.quote)
        assert found, card.id
        joined = normalise(" ".join(s.text for s in found))
        assert normalise(card.quote) in joined, card.id


def test_decomposed_accents_are_located() -> None:
    document = parse_document("We met at the cafe\u0301 in Paris. It rained.")
    assert [s.text for s in document.locator().sentences_of("the café in Paris")] == [
        "We met at the cafe\u0301 in Paris."]


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(list("ab AB\n\t.,`’“—-é\u0301ﬁ½\u00a0x1"))
               | st.characters(exclude_categories=("Cs",)), max_size=40))
def test_located_normalisation_is_the_normalisation(text: str) -> None:
    """What coverage places quotes in is what check finds them in, and every character
    of it points back into the text."""
    normalised, offsets = normalised_with_offsets(text)
    assert normalised == normalise(text)
    assert len(offsets) == len(normalised)
    assert all(0 <= at < len(text) for at in offsets)
