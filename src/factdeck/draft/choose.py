"""Which cards a deck of N gets, and of which kind.

1. Every paragraph gets a share of the N cards by its length, so that the deck
   follows the whole document, not its densest part; what a paragraph cannot
   use goes to the best cards left anywhere.
2. In a paragraph, the best facts first (`rank`), one card per sentence before
   a second, and every fact asked once in the whole deck.
3. Then the kinds: a question where the sentence makes a plain one, a choice
   where the document offers values of the fact's type, a few true/false
   statements, and clozes for the rest, with a second blank where the sentence
   has another good fact. About a third of the cards are not clozes.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from factdeck.cards import leaks
from factdeck.draft import forms
from factdeck.draft.distractors import WANTED, Pool
from factdeck.draft.facts import AMOUNTS, NAMES, TIMES, Fact, Sentence, Type
from factdeck.draft.forms import Draft
from factdeck.draft.questions import Question, questions
from factdeck.draft.rank import Ranker, specific
from factdeck.model import Card, Deck, Kind, Loc
from factdeck.source.similarity import NearDuplicates, comparable, word_frequency
from factdeck.text import normalise

QUESTION_SHARE = 0.27  # basic, choice and true/false cards together, at least
TRUE_FALSE_EVERY = 6  # one true/false statement per this many cards
# A second blank only for two strong facts of one sentence (a name and a date, say),
# the second worth at least this share of the first: more is a puzzle, not a card.
SECOND_BLANK_SHARE = 0.5
SECOND_BLANK_WORDS = 4
STRONG = (TIMES | AMOUNTS | NAMES | {Type.TERM}) - {Type.NAME}
MIN_VALUE = 0.05
FILL_ROUNDS = 8
# Dropping a leaking card changes which words are the deck's topic: check again, a few times.
LEAK_ROUNDS = 4
ASKABLE_BONUS = 1.15


@dataclass(order=True)
class Pick:
    """A fact chosen to be asked, in its sentence."""

    value: float
    sentence: Sentence = field(compare=False)
    fact: Fact = field(compare=False)


def choose(sentences: Sequence[Sentence], count: int, title: str = "",
           existing: Sequence[Card] = ()) -> list[Draft]:
    """The drafts of a deck of `count`; beside `existing` cards (filling a deck's gaps),
    none asks what one of them asks or shows another's answer."""
    ranker = Ranker(sentences, title)
    pool = Pool(sentences)
    candidates = list(_scored(sentences, ranker))
    used: set[str] = set()
    picks = _pick(sentences, candidates, count, used)
    # Leaks are judged on the deck as it will be (a word shown on many cards is the deck's
    # topic and gives nothing away; on fewer, it may): cut to `count` first.
    drafts = _without_leaks(_make(picks, pool, ranker, count,
                                  questions=math.ceil(QUESTION_SHARE * len(picks)))[:count],
                            existing)
    # A pick no card suits, or one that gives another away, leaves a place: the best
    # facts left fill it, as clozes.
    for _ in range(FILL_ROUNDS):
        if len(drafts) >= count:
            break
        busy = {id(d.sentence) for d in drafts}
        more = _best(candidates, count - len(drafts), used, busy)
        if not more:
            break
        # The share of questions is the whole deck's: what the picks before fell short
        # of, the picks that fill in make up.
        short = math.ceil(QUESTION_SHARE * count) - sum(d.kind is not Kind.CLOZE for d in drafts)
        drafts = _without_leaks(_distinct(
            [*drafts, *_make(more, pool, ranker, len(more), questions=max(0, short))])[:count],
            existing)
    return drafts


# --- 1 and 2: the facts ------------------------------------------------------------------

def _pick(sentences: Sequence[Sentence], candidates: Sequence[Pick], count: int,
          used: set[str]) -> list[Pick]:
    by_paragraph: dict[int, list[Pick]] = defaultdict(list)
    for pick in candidates:
        by_paragraph[pick.sentence.paragraph].append(pick)
    # Paragraphs get cards by the square root of their length: a long paragraph is
    # asked more, but a short one is not left out.
    words: Counter[int] = Counter()
    for sentence in sentences:
        words[sentence.paragraph] += len(sentence.text.split())
    quotas = _quotas({p: math.sqrt(words[p]) for p in by_paragraph}, count)
    chosen: list[Pick] = []
    for paragraph in sorted(by_paragraph):
        chosen += _best(by_paragraph[paragraph], quotas[paragraph], used)
    rest = [pick for picks in by_paragraph.values() for pick in picks]
    chosen += _best(rest, count - len(chosen), used, {id(p.sentence) for p in chosen})
    return chosen


def _scored(sentences: Sequence[Sentence], ranker: Ranker) -> Iterator[Pick]:
    for sentence in sentences:
        for fact in sentence.facts:
            value = ranker.value(sentence, fact)
            if any(True for _ in questions(sentence, fact)):
                value *= ASKABLE_BONUS  # a plain question makes a better card
            if value >= MIN_VALUE:
                yield Pick(value, sentence, fact)


def _quotas(words: dict[int, float], count: int) -> dict[int, int]:
    """`count` shared out by words, largest remainders first."""
    total = sum(words.values()) or 1
    exact = {p: count * n / total for p, n in words.items()}
    quotas = {p: math.floor(share) for p, share in exact.items()}
    left = count - sum(quotas.values())
    for paragraph in sorted(exact, key=lambda p: (quotas[p] - exact[p], p))[:left]:
        quotas[paragraph] += 1
    return quotas


def _best(picks: list[Pick], quota: int, used: set[str],
          busy: set[int] | None = None) -> list[Pick]:
    """Up to `quota` picks, best first, a fact once, one per sentence before a second."""
    busy = set() if busy is None else busy
    chosen: list[Pick] = []
    ordered = sorted(picks, key=lambda p: (-p.value, p.sentence.index, p.fact.start))
    for second_round in (False, True):
        for pick in ordered:
            if len(chosen) >= quota:
                return chosen
            if _fits(pick, chosen, used, busy, second_round=second_round):
                used.add(pick.fact.key)
                busy.add(id(pick.sentence))
                chosen.append(pick)
    return chosen


def _fits(pick: Pick, chosen: Sequence[Pick], used: set[str], busy: set[int], *,
          second_round: bool) -> bool:
    """A fact not asked yet; in the first round, of a sentence with no card yet; in the
    second, of a sentence with one, not overlapping its fact."""
    if pick.fact.key in used or (id(pick.sentence) in busy) != second_round:
        return False
    return not any(p.fact.overlaps(pick.fact) for p in chosen if p.sentence is pick.sentence)


# --- 3: the kinds ------------------------------------------------------------------------

def _make(picks: list[Pick], pool: Pool, ranker: Ranker, count: int, *,
          questions: int) -> list[Draft]:
    """A card for every pick: up to `questions` questions and choices first, then
    clozes; a pick no kind suits is dropped."""
    drafts: list[Draft] = []
    asked: set[int] = set()
    for index, draft in _questions(picks, pool, questions):
        drafts.append(draft)
        asked.add(index)
    taken = {pick.fact.key for pick in picks}
    for index, pick in enumerate(picks):
        if index not in asked:
            made = _cloze(pick, ranker, taken)
            if made is not None:
                drafts.append(made)
    return _distinct(drafts)[:count]


def _questions(picks: list[Pick], pool: Pool, wanted: int) -> Iterator[tuple[int, Draft]]:
    """First the picks a plain question can ask (a basic question, or every other time a
    choice with that question), then choices on a sentence with a gap, and every so
    often a true/false statement; best picks first."""
    # A fact said twice ("(DNC)", "(40 km)") is asked only as a cloze, which blanks both:
    # a question or a statement would show the other.
    ordered = sorted(((index, pick) for index, pick in enumerate(picks) if not pick.fact.also),
                     key=lambda item: -item[1].value)
    made: set[int] = set()
    for maker in (_asked, _gapped, _stated):
        for index, pick in ordered:
            if len(made) >= wanted:
                return
            draft = None if index in made else maker(pick, pool, index)
            if draft is not None:
                made.add(index)
                yield index, draft


def _asked(pick: Pick, pool: Pool, index: int) -> Draft | None:
    asked = next(iter(questions(pick.sentence, pick.fact)), None)
    if asked is None:
        return None
    return _asked_as(pick, pool, index, asked)


def _asked_as(pick: Pick, pool: Pool, index: int, asked: Question) -> Draft | None:
    wrong = pool.distractors(pick.fact, pick.sentence)
    if len(wrong) >= WANTED and index % 2:
        made = forms.choice(pick.sentence, pick.fact, wrong, asked)
        if made is not None:
            return made
    return forms.basic(pick.sentence, pick.fact, asked)


def _gapped(pick: Pick, pool: Pool, index: int) -> Draft | None:
    wrong = pool.distractors(pick.fact, pick.sentence)
    if index % TRUE_FALSE_EVERY == TRUE_FALSE_EVERY // 2:
        return _statement(pick, pool)
    return forms.choice(pick.sentence, pick.fact, wrong, None) if len(wrong) >= WANTED else None


def _stated(pick: Pick, pool: Pool, index: int) -> Draft | None:
    """When too few picks make a question or a choice: a true/false statement."""
    return _statement(pick, pool)


def _statement(pick: Pick, pool: Pool) -> Draft | None:
    """The pick's sentence as a true/false statement: about every other one (as its
    text falls) made false where one of its values can be swapped for another of the
    document (the pick's fact first: a name or a phrase cannot be, a date, a year or an
    amount beside it can)."""
    if forms.digest(pick.sentence.text) % 2 == 0:
        return forms.statement(pick.sentence, pick.fact, ())
    swappable = [pick.fact, *(fact for fact in pick.sentence.facts
                              if fact is not pick.fact and fact.type in forms.SWAPPABLE)]
    for fact in swappable:
        made = forms.statement(pick.sentence, fact, pool.distractors(fact, pick.sentence))
        if made is None or made.answer == "false":
            return made
    return forms.statement(pick.sentence, pick.fact, ())


def _cloze(pick: Pick, ranker: Ranker, taken: set[str]) -> Draft | None:
    """The pick as a cloze, with a second blank where the sentence has a fact worth it;
    if its fact cannot be blanked (it stands twice), the sentence's next best fact."""
    sentence = pick.sentence
    ranked = [f for f in sorted(sentence.facts, key=lambda f: -ranker.value(sentence, f))
              if ranker.value(sentence, f) >= MIN_VALUE]
    if forms.cloze(sentence, [pick.fact]) is None:
        replacement = _blankable(sentence, ranked, taken)
        if replacement is None:
            return None
        taken.add(replacement.key)
        pick = Pick(ranker.value(sentence, replacement), sentence, replacement)
    for other in ranked:
        pair = forms.cloze(sentence, [pick.fact, other]) if _second(
            pick, other, ranker, taken) else None
        if pair is not None:
            taken.add(other.key)
            return pair
    return forms.cloze(sentence, [pick.fact])


def _blankable(sentence: Sentence, ranked: Sequence[Fact], taken: set[str]) -> Fact | None:
    return next((fact for fact in ranked if fact.key not in taken
                 and forms.cloze(sentence, [fact]) is not None), None)


def _second(pick: Pick, other: Fact, ranker: Ranker, taken: set[str]) -> bool:
    """A fact worth a second blank beside the pick's: strong too, and nearly as good."""
    return (ranker.value(pick.sentence, other) >= SECOND_BLANK_SHARE * pick.value
            and other.key not in taken and not other.overlaps(pick.fact)
            and _strong(other) and _strong(pick.fact) and not _alike(other, pick.fact))


def _alike(one: Fact, other: Fact) -> bool:
    """Two times or two amounts: blanked together, which is which is a puzzle ("for
    {{c1::1974}} what each had consumed in {{c2::1972}}")."""
    return any(one.type in kind and other.type in kind for kind in (TIMES, AMOUNTS))


def _strong(fact: Fact) -> bool:
    """A fact that stands as a blank of its own: a time, an amount, a named person,
    place or thing, a term; or a name or phrase of two words or more that says something
    specific, short enough to recall ("Naval Submarine Base", "harnesses and guardrails")."""
    return fact.type in STRONG or (1 < fact.words <= SECOND_BLANK_WORDS and specific(fact))


def _without_leaks(drafts: list[Draft], existing: Sequence[Card] = ()) -> list[Draft]:
    """Without a card that asks for an answer an earlier one (or an existing card) asks
    for, or that shows another's answer as `check` would find it: the later
    (lower-ranked) draft goes; an existing card always stays."""
    asked = {normalise(answer) for card in existing for answer in leaks.answers(card)}
    drafts = [d for d in drafts if not _asked_again(d, asked)]
    # Existing cards count from -1 down, so that of a pair the draft is the larger id.
    kept = [replace(card, id=str(-1 - at)) for at, card in enumerate(existing)]
    for _ in range(LEAK_ROUNDS):
        leaking = _leaking(drafts, kept)
        if not leaking:
            break
        drafts = [d for at, d in enumerate(drafts) if at not in leaking]
    return drafts


def _leaking(drafts: Sequence[Draft], kept: Sequence[Card]) -> set[int]:
    """The drafts (by place) that show another card's answer or whose answer another
    shows, the later of each pair."""
    cards = [Card(id=str(at), kind=d.kind, prompt=d.prompt, quote=d.quote,
                  loc=Loc("draft", at + 1), answer=d.answer, choices=d.choices,
                  explain=d.explain) for at, d in enumerate(drafts)]
    deck = Deck(id="draft", name="", path=Path("draft"), loc=Loc("draft"),
                cards=(*kept, *cards))
    pairs = (max(int(leak.card.id), int(leak.shown.card.id)) for leak in leaks.leak_pairs(deck))
    return {at for at in pairs if at >= 0}


def _asked_again(draft: Draft, asked: set[str]) -> bool:
    """The draft asks for what an earlier one asked: the same answer, or the same person
    ("Mr {{Volker}}" after "{{Kurt Volker}}")."""
    answers = {normalise(answer) for answer in draft.answers} | {
        "person: " + normalise(fact.text).split()[-1] for fact in draft.facts
        if fact.type is Type.PERSON and normalise(fact.text)}
    if answers & asked:
        return True
    asked |= answers
    return False


def _distinct(drafts: Sequence[Draft]) -> list[Draft]:
    """Without a card `check` would call a near-duplicate of an earlier one."""
    texts = {id(d): comparable(d.prompt) for d in drafts}
    frequency = word_frequency(texts.values())
    seen: dict[Kind, NearDuplicates[str]] = {}
    kept: list[Draft] = []
    for draft in drafts:
        kind = draft.kind if draft.kind is not Kind.CHOICE else Kind.BASIC
        family = seen.get(kind)
        if family is None:
            family = seen[kind] = NearDuplicates(frequency)
        if family.find(texts[id(draft)]) is None:
            family.add(texts[id(draft)], draft.prompt)
            kept.append(draft)
    return kept
