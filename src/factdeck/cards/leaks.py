"""Cross-card leaks (leaks-answer): a card shows another card's answer, in its question,
statement, cloze text (outside its blanks) or explanation. Anki and `study` show cards
in any order, so whoever sees the one first knows the other. Left out: answers that are
the deck's topic (words in the deck's name or in many of its cards), function words,
and single common words (one lower-case word: 'meetings' shows nothing); and the
choices of a choice card, since a distractor does not say which question it answers.
A person's surname gives the name away ('Mr Roebling' shows 'John Roebling').

Linear in the deck: each answer is looked for only among the texts holding its rarest
word, and a word shown on many cards is the deck's topic.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from factdeck import cloze
from factdeck.diagnostics import Diagnostic, warning
from factdeck.lexicon import FUNCTION_WORDS
from factdeck.model import Card, Deck, Kind
from factdeck.text import holds_words, normalise

# A word in this share of the cards (and at least TOPIC_CARDS of them) is the topic; in
# a large deck, a word in TOPIC_MOST cards is one the whole deck uses. (This bounds the
# cards each answer is looked for in: checking stays linear in the deck.)
TOPIC_SHARE = 0.05
TOPIC_CARDS = 3
TOPIC_MOST = 50
SHORTEST_ANSWER = 3  # characters, normalised
SURNAME = 4  # letters at least, for the last word of a name to give it away


# The runs of letters and digits by which texts are indexed: "Menabrea's." holds
# "menabrea", "H.R." holds "h" and "r".
_ALNUM = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Shown:
    """A text a card shows, where it is, and what to call it."""

    card: Card
    key: str
    label: str
    text: str  # normalised


def shown_texts(card: Card) -> list[Shown]:
    """What a learner sees of a card, before or after answering, but its own answer."""
    shown = [(card.kind.prompt_key, _PROMPT_LABEL[card.kind], _prompt(card))]
    if card.explain:
        shown.append(("explain", "explanation", card.shown(card.explain)))
    return [Shown(card, key, label, normalise(text)) for key, label, text in shown if text]


_PROMPT_LABEL = {Kind.BASIC: "question", Kind.CHOICE: "question", Kind.CLOZE: "cloze text",
                 Kind.TRUE_FALSE: "statement"}


def _prompt(card: Card) -> str:
    if card.kind is not Kind.CLOZE:
        return card.shown(card.prompt)
    try:
        return card.shown(cloze.blanked(card.prompt, " "))
    except ValueError:  # pragma: no cover - malformed clozes are errors already
        return ""


def answers(card: Card) -> list[str]:
    """What a card asks the learner to recall, as text another card could show."""
    match card.kind:
        case Kind.BASIC | Kind.CHOICE:
            return [card.shown(card.answer)] if card.answer else []
        case Kind.CLOZE:
            return [card.shown(d.answer) for d in card.deletions] if _clean_cloze(card) else []
        case Kind.TRUE_FALSE:
            return []


def _clean_cloze(card: Card) -> bool:
    try:
        cloze.deletions(card.prompt)
    except Exception:
        return False
    return True


@dataclass(frozen=True)
class Leak:
    card: Card  # whose answer shows
    answer: str  # as the card writes it
    shown: Shown  # where, on another card
    part: str = ""  # what of the answer shows, when not all of it: a surname


def leaks(deck: Deck) -> Iterator[Diagnostic]:
    """A warning per answer shown elsewhere, at the first card showing it (counting the
    others): a deck where answers show everywhere gets one line per answer, not one
    per pair of cards."""
    by_answer: dict[tuple[int, str], list[Leak]] = {}
    for leak in leak_pairs(deck):
        by_answer.setdefault((id(leak.card), leak.answer), []).append(leak)
    for first, *others in by_answer.values():
        yield _leak(first, len(others))


def leak_pairs(deck: Deck) -> Iterator[Leak]:
    """Each card whose answer another card shows, and where (once per pair of cards)."""
    shown = [text for card in deck.cards for text in shown_texts(card)]
    by_word: dict[str, list[Shown]] = {}
    for text in shown:
        for word in set(_ALNUM.findall(text.text)):
            by_word.setdefault(word, []).append(text)
    topic = _topic_words(deck, shown)
    surnames = _surnames(deck)
    for card in deck.cards:
        for written in dict.fromkeys(answers(card)):
            yield from _answer_shown(card, written, by_word, topic, surnames)


def _answer_shown(card: Card, written: str, by_word: dict[str, list[Shown]], topic: set[str],
                  surnames: set[str]) -> Iterator[Leak]:
    """Where an answer of the card shows, whole or by its surname; nowhere for the trivial."""
    if _trivial(normalise(written), topic) or _common_word(written):
        return
    yield from _showing(card, written, by_word)
    surname = _surname(written, surnames)
    if surname and normalise(surname) not in topic:
        yield from _showing(card, surname, by_word, answer=written)


def _surnames(deck: Deck) -> set[str]:
    """The words the deck's documents, or its cards, use as surnames ("Mr Tillerson")."""
    from factdeck.draft.names import titled_words  # (drafting's rule; loaded only here)

    written = "\n".join(text for card in deck.cards for text in (card.prompt, card.explain))
    return {word for text in (*(source.text for source in deck.sources), written)
            for word in titled_words(text)}


def _surname(written: str, surnames: set[str]) -> str | None:
    """The surname of a person's name ('Rex Tillerson', when the document says 'Mr
    Tillerson'): a card that shows it gives the name away as surely as the whole. Not
    the last word of any name: 'Ukraine' does not give away 'Eastern Ukraine'."""
    words = written.split()
    if 2 <= len(words) <= 4 and words[-1] in surnames and len(words[-1]) >= SURNAME:
        return words[-1]
    return None


def _showing(card: Card, written: str, by_word: dict[str, list[Shown]],
             answer: str = "") -> Iterator[Leak]:
    """Where other cards show an answer (or a part of it that gives it away, `written`):
    among the texts holding its rarest word."""
    whole = answer or written
    answer = normalise(written)
    words = _ALNUM.findall(answer)
    if not words:
        return
    rarest = min(words, key=lambda word: len(by_word.get(word, ())))
    seen: set[int] = set()
    for text in by_word.get(rarest, ()):
        if text.card is not card and id(text.card) not in seen and \
                holds_words(text.text, answer):
            seen.add(id(text.card))
            yield Leak(card, whole, text, written if whole != written else "")


def _leak(leak: Leak, more: int) -> Diagnostic:
    card, text = leak.card, leak.shown
    other = text.card
    shows = f"'{leak.part}', of '{leak.answer}'" if leak.part else f"'{leak.answer}'"
    where = (f"line {card.loc.line}" if card.loc.path == other.loc.path
             else f"{card.loc.path}:{card.loc.line}")
    also = (f" (and {more} other card{'s show' if more != 1 else ' shows'} it too)"
            if more else "")
    return warning(
        other.loc_of(text.key), "leaks-answer",
        f"the {text.label} shows {shows}, the answer of card '{card.id}' ({where}){also}: "
        "whoever sees this card first knows that one",
        "rephrase one of the two (a pronoun, a role, a broader word), or merge them")


def _topic_words(deck: Deck, shown: Sequence[Shown]) -> set[str]:
    words_of: dict[int, set[str]] = {}
    for text in shown:
        words_of.setdefault(id(text.card), set()).update(_ALNUM.findall(text.text))
    counts = Counter(word for words in words_of.values() for word in words)
    least = max(TOPIC_CARDS, min(TOPIC_SHARE * len(deck.cards), TOPIC_MOST))
    return {word for word, count in counts.items() if count >= least} | set(
        normalise(deck.name).split())


def _common_word(written: str) -> bool:
    """One word in lower case letters: a word of the language, no name, no number."""
    word = written.strip()
    return word.isalpha() and word.islower()


def _trivial(answer: str, topic: set[str]) -> bool:
    words = answer.split()
    return (len(answer) < SHORTEST_ANSWER
            or all(word in FUNCTION_WORDS or word in topic for word in words))
