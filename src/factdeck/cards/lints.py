"""Lints across the cards of a deck: what a careful reviewer catches that no single card
shows. Warnings (errors with --strict); each linear in the deck.

- answer-unsupported: a word of an answer (a number, a name, any content word) is
  neither in the card's quote nor in the document around it: the strongest sign that
  the answer is wrong, or the quote the wrong one. A false statement whose every word
  the quote holds is reported too: what makes it false must be checkable.
- accept-hint: the document gives a typed answer another name beside it ("the Duma (the
  lower house of parliament)", "Democratic National Committee (DNC)"), and the card
  does not accept it: a learner who types that name is marked wrong.
- odd-choice: a choice of another sort than the answer (a word among years, a year
  among names): learners rule it out without knowing the answer.
- choice-position: the right choice stands in the same place in most choice cards.
- leaks-answer: in `leaks`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator

from factdeck.cards.leaks import answers
from factdeck.diagnostics import Diagnostic, warning
from factdeck.lexicon import FUNCTION_WORDS, MONTHS
from factdeck.model import Card, Deck, Kind
from factdeck.source.index import SourceIndex
from factdeck.text import holds_words, normalise

# --- answers the quote supports -------------------------------------------------------

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_PARTS = re.compile(r"['’-]")
STEM = 5  # letters two words must share to count as one word ("sanction", "sanctions")


def unsupported(card: Card, context: str) -> Iterator[Diagnostic]:
    """`context`: the card's quote with the document's words around it, normalised."""
    known = _Words(context)
    if card.kind is Kind.TRUE_FALSE:
        yield from _unsupported_statement(card, known, _Words(normalise(card.quote or "")))
        return
    for answer in dict.fromkeys(answers(card)):
        yield from _answer_unsupported(card, answer, known)


def _answer_unsupported(card: Card, answer: str, known: _Words) -> Iterator[Diagnostic]:
    missing = {word for word in _content(answer) if not known.has(word)}
    if missing:
        key = "cloze" if card.kind is Kind.CLOZE else "a"
        # (composed first: a decomposed accent would split a word in two)
        words = _WORD.findall(unicodedata.normalize("NFC", answer))
        shown = " ".join(w for w in words if normalise(w) in missing)
        yield warning(card.loc_of(key), "answer-unsupported",
                      f"'{shown}', in the answer '{answer}', is neither in the "
                      "quote nor near it in the document",
                      "check the answer; or quote the words that support it")


def _unsupported_statement(card: Card, known: _Words, quoted: _Words) -> Iterator[Diagnostic]:
    """A true statement's numbers must be near its quote; a false one must say
    something its quote does not (a swapped name, number or word) — a value
    swapped in from the next sentence still counts, so this asks the quote alone."""
    words = _content(card.shown(card.prompt))
    if card.truth is True:
        yield from _true_unsupported(card, [w for w in words if w.isdigit() and not known.has(w)])
    elif card.truth is False and not _differs(words, card.shown(card.prompt), quoted):
        yield warning(card.loc_of("statement"), "answer-unsupported",
                      "this statement is marked false, but its quote holds every word of it",
                      "make what is false checkable: a name, number, date or word the "
                      "document contradicts")


def checkably_false(statement: str, quote: str) -> bool:
    """Whether a statement says something its quote does not: a word, name or number
    the quote lacks, or a negation."""
    return _differs(_content(statement), statement, _Words(normalise(quote)))


def _differs(words: list[str], statement: str, quoted: _Words) -> bool:
    return not words or not all(map(quoted.has, words)) or _negated(statement)


def _true_unsupported(card: Card, facts: list[str]) -> Iterator[Diagnostic]:
    if facts:
        yield warning(card.loc_of("statement"), "answer-unsupported",
                      f"{', '.join(map(repr, facts))}, in this true statement, "
                      f"{'is' if len(facts) == 1 else 'are'} neither in the "
                      "quote nor near it in the document",
                      "check the statement; or quote the words that support it")


def _content(text: str) -> list[str]:
    """The words of a text that carry its fact: no function words."""
    return [word for word in dict.fromkeys(_WORD.findall(normalise(text)))
            if word not in FUNCTION_WORDS]


def _negated(text: str) -> bool:
    words = set(_WORD.findall(normalise(text)))
    return bool(words & {"not", "no", "never", "nor"}) or "n't" in normalise(text)


class _Words:
    """A normalised text, to ask whether it has a word: as a whole word, or one
    sharing its first STEM letters ("sanctions" for "sanction"). String search, not a
    set of the text's words: each card asks of its own passage about few words."""

    def __init__(self, text: str) -> None:
        self.text = text

    def has(self, word: str) -> bool:
        if not word.isalnum():  # "nasa's", "co-operation": each part
            return all(map(self.has, filter(None, _PARTS.split(word))))
        if holds_words(self.text, word):  # "nasa" in "nasa's", too
            return True
        return len(word) >= STEM and not word.isdigit() and _starts_a_word(self.text,
                                                                           word[:STEM])


def _starts_a_word(text: str, stem: str) -> bool:
    at = text.find(stem)
    while at >= 0:
        if at == 0 or not text[at - 1].isalnum():
            return True
        at = text.find(stem, at + 1)
    return False


# --- choices --------------------------------------------------------------------------

_YEAR = re.compile(r"(?:1[0-9]|20)[0-9]{2}s?")
POSITION_SHARE = 0.75  # of the choice cards, with the right choice in one place…
POSITION_CARDS = 4  # …of at least this many
_ARTICLES = frozenset({"the", "a", "an"})
AMOUNT_WORDS = 3  # words beside the digits of an amount or a date: units, a month


def _sort(choice: str) -> str:
    """What kind of thing a choice is, as a learner sees it at a glance."""
    text = choice.strip()
    if _YEAR.fullmatch(text):
        return "a year"
    if text.replace(",", "").replace(".", "").replace("%", "").strip().isdigit():
        return "a number"
    return "an amount or date" if _amount(text) else "text"


def _amount(text: str) -> bool:
    """"14 days", "2 August 1990", "about $1.5 million"; but "The 1889 World's Fair" and
    "World War 2" are names: they hold a capitalised word that is not a month, or an
    article."""
    tokens = text.split()
    words = [token.strip(".,;:()") for token in tokens
             if not any(char.isdigit() for char in token)]
    has_digits = len(words) < len(tokens)
    return (has_digits and len(words) <= AMOUNT_WORDS and tokens[0].lower() not in _ARTICLES
            and all(map(_unit_like, words)))


def _unit_like(word: str) -> bool:
    """A word an amount or a date may hold: lower case (a unit), a month, a sign."""
    return word.islower() or word.lower() in MONTHS or not word.isalpha()


def odd_choices(card: Card) -> Iterator[Diagnostic]:
    if card.kind is not Kind.CHOICE or card.answer not in card.choices:
        return  # (an answer not among the choices is an error of its own)
    wanted = _sort(card.shown(card.answer))
    odd = [choice for choice in card.choices if _sort(card.shown(choice)) != wanted]
    if odd:
        yield warning(card.loc_of("choices"), "odd-choice",
                      f"'{odd[0]}' is {_sort(odd[0])}, but the answer is {wanted}: learners "
                      "can rule it out without knowing the answer",
                      "make every choice the same sort of thing as the answer")


def choice_positions(deck: Deck) -> Iterator[Diagnostic]:
    cards = [card for card in deck.cards if card.kind is Kind.CHOICE and card.answer in
             card.choices]
    if len(cards) < POSITION_CARDS:
        return
    places = Counter(card.choices.index(card.answer) for card in cards)
    place, count = places.most_common(1)[0]
    if count >= POSITION_SHARE * len(cards):
        first = next(card for card in cards if card.choices.index(card.answer) == place)
        yield warning(first.loc_of("choices"), "choice-position",
                      f"the right choice is number {place + 1} in {count} of the deck's "
                      f"{len(cards)} choice cards: learners will notice",
                      "vary where the right choice stands")


# --- other names the document gives an answer -------------------------------------------

def other_names(card: Card, context: str, index: SourceIndex) -> Iterator[Diagnostic]:
    if card.kind is not Kind.BASIC or not card.answer:
        return
    answer = normalise(card.answer)
    if not answer or not _bracket_beside(context, answer):
        return  # (the common case: the whole document is read only for the rare one)
    accepted = {answer, *(normalise(a) for a in card.accept)}
    for name in _named_beside(index.text, card.answer):
        if normalise(name) not in accepted:
            yield warning(card.loc_of("a"), "accept-hint",
                          f"the document also calls '{card.answer}' '{name}', which this card "
                          "does not accept",
                          f"add it: accept: [\"{name}\"], or quote the other name too")
            return


def _bracket_beside(context: str, answer: str) -> bool:
    """Whether the answer stands before a bracket, or inside one, in the context. Plain
    string search: a pattern compiled for each card's answer would cost more than the
    rest of the lint."""
    start = context.find(answer)
    while start != -1:
        before = context[:start].rstrip()
        after = context[start + len(answer):].lstrip()
        if after.startswith("(") or (before.endswith("(") and after.startswith(")")):
            return True
        start = context.find(answer, start + 1)
    return False


# Small words a name may hold between its capitalised ones: "Tour de France".
_CONNECTORS = {"de", "la", "le", "les", "des", "du", "of", "and", "for", "von", "van", "der",
               "y", "e", "di", "da"}


def _named_beside(text: str, answer: str) -> Iterator[str]:
    """Names the document gives in brackets after the answer, or the name an acronym
    answer stands in brackets after ('Democratic National Committee (DNC)'), as written."""
    written = r"\s+".join(map(re.escape, answer.split()))
    for match in re.finditer(rf"(?i)(?<!\w){written}\s*\(([^()]{{1,60}})\)", text):
        yield " ".join(match.group(1).split())
    letters = answer.replace(".", "")
    if letters.isalpha() and letters.isupper() and 2 <= len(letters) <= 8:
        for match in re.finditer(rf"((?:[^\s()]+\s+){{1,10}})\(\s*{written}\s*\)", text):
            name = _capitalised_run(match.group(1).split())
            if name:
                yield name


def _capitalised_run(words: list[str]) -> str:
    """The name at the end of the words: capitalised words and the connectors between."""
    run: list[str] = []
    for word in reversed(words):
        bare = word.strip(",;:")
        if bare[-1:] in ".!?":  # the end of the sentence before: the name starts after it
            break
        if bare[:1].isupper() or (run and bare.lower() in _CONNECTORS) or (
                run and re.fullmatch(r"[a-z]['’]\w+", bare)):
            run.insert(0, bare)
        else:
            break
    while run and run[0].lower() in _CONNECTORS:
        run.pop(0)
    return " ".join(run)
