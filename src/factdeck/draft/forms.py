"""A drafted card of each kind, made from a sentence and the fact(s) it asks about.

Each maker returns None when its card would not be fair: a cloze that leaves
too little of its sentence or whose answer shows elsewhere in it, a question
whose answer is in the question, a choice with fewer than two alternatives,
a statement that does not stand on its own.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from factdeck import cloze as cloze_syntax
from factdeck.cards.lints import checkably_false
from factdeck.cards.validate import gives_away
from factdeck.draft import patterns as p
from factdeck.draft.facts import Fact, Sentence, Type
from factdeck.draft.questions import Question
from factdeck.draft.tagger import stem
from factdeck.errors import FieldProblem
from factdeck.model import Kind
from factdeck.study.answer_form import normalise_answer

# What must stay visible around the blanks of a cloze (all blanked at once on paper).
MIN_CONTEXT_WORDS = 5
# Blanks in one cloze, a fact's repeats ("… (DNC)") counted: more is a puzzle, not a card.
MAX_BLANKS = 2
MAX_BLANKED_SHARE = 0.5
# A blank of more words is a passage to recite ("British researchers Richard G. Wilkinson
# and Kate Pickett").
MAX_BLANK_WORDS = 6
_WORD = re.compile(r"[^\W\d_]{2}")  # a word between two blanks, not "'s" ("NCAA's Division III")
_STANDALONE = re.compile(r"^(?:It|Its|This|These|That|Those|They|Their|He|His|She|Her|Such"
                         r"|Both|However|But|And|Also|Then|There)\b")


@dataclass(frozen=True)
class Draft:
    """One proposed card."""

    kind: Kind
    prompt: str  # the cloze text, the question or the statement
    answer: str  # basic and choice: the answer; true/false: "true" or "false"
    sentence: Sentence
    facts: tuple[Fact, ...]  # what the card asks
    choices: tuple[str, ...] = ()
    explain: str = ""
    form: str = ""  # how it was made: cloze, subject, when, …, blank, true, false

    @property
    def quote(self) -> str:
        return self.sentence.text

    @property
    def answers(self) -> tuple[str, ...]:
        """What the learner must recall (a true/false card's verdict is not a fact)."""
        if self.kind is Kind.CLOZE:
            return tuple(d.answer for d in cloze_syntax.deletions(self.prompt))
        return () if self.kind is Kind.TRUE_FALSE else (self.answer,)


def cloze(sentence: Sentence, facts: Sequence[Fact]) -> Draft | None:
    """The sentence with these facts blanked, c1, c2 in reading order; a fact's
    words again elsewhere in the sentence are blanked with it."""
    text = sentence.text
    if any(_counted_after(text, fact) for fact in facts):
        return None
    ordered = sorted(facts, key=lambda f: f.start)
    spans = sorted((start, end, number) for number, fact in enumerate(ordered, 1)
                   for start, end in _blanks(text, fact))
    if not _fair_blanks(text, spans):
        return None
    pieces, at = [], 0
    for start, end, number in spans:
        pieces += [text[at:start], f"{{{{c{number}::{text[start:end]}}}}}"]
        at = end
    prompt = _with_referent(sentence, "".join([*pieces, text[at:]]))
    try:
        deletions = cloze_syntax.deletions(prompt)
    except FieldProblem:
        return None
    if any(_shown(cloze_syntax.context_without(prompt, d.number), d.answer) for d in deletions):
        return None
    return Draft(Kind.CLOZE, prompt, "", sentence, tuple(ordered), form="cloze")


# A word of four letters or more, or a number of three digits or more ("1763").
def _counted_after(text: str, fact: Fact) -> bool:
    """A small count whose items the sentence then lists ("{{two types}} of civil
    disobedience: "Indirect …", whereas "direct …""): the list gives it away."""
    return (fact.type is Type.NUMBER and fact.text.lower() in _SMALL_COUNTS
            and ":" in text[fact.blank_end:])


_SMALL_COUNTS = frozenset({"two", "three", "four", "five", "2", "3", "4", "5"})


_CONTENT_WORD = re.compile(r"[^\W\d_]{4,}|\d[\d,.]*\d\d")


def _shown(context: str, answer: str) -> bool:
    """The answer, or one of its words of four letters or more or its longer numbers,
    stands in the context ("{{green light}} … which is why leaves appear green", "the
    Proclamation of 1763 on {{October 7, 1763}}")."""
    visible = {word.casefold() for word in _CONTENT_WORD.findall(context)}
    stems = {stem(word) for word in visible}
    common = _common_words(context)
    return gives_away(context, answer) or any(
        word.casefold() in visible or stem(word) in stems or _root_shown(word, common)
        for word in _CONTENT_WORD.findall(answer)) or _acronym_shown(
            context, answer) or _span_shown(context, answer)


def _common_words(context: str) -> set[str]:
    """The context's words that are no names: small, or first."""
    words = _CONTENT_WORD.findall(context)
    return {word.casefold() for at, word in enumerate(words) if at == 0 or word.islower()}


ROOT = 5  # letters two long words share at least to be one root for a learner


def _root_shown(word: str, common: set[str]) -> bool:
    """A long word of the answer whose root stands in the context, most of a word:
    "{{Seismologists}} … seismic waves", "Nuclear genes (in the {{cell nucleus}})"."""
    folded = word.casefold()
    if len(folded) < 7:
        return False
    for other in common:
        shared = next((at for at, (a, b) in enumerate(zip(folded, other, strict=False))
                       if a != b), min(len(folded), len(other)))
        if shared >= ROOT and len(other) >= 6 and shared >= 0.7 * min(len(folded), len(other)):
            return True
    return False


_DURATION = re.compile(r"(\d+) years?")


def _span_shown(context: str, answer: str) -> bool:
    """A number of years that two years of the context span: "for {{fifteen years}}
    (1791–1806)"."""
    duration = _DURATION.fullmatch(normalise_answer(answer))
    if duration is None:
        return False
    years = sorted({int(year) for year in p.YEAR_WORD.findall(context)})
    spans = {later - earlier for at, earlier in enumerate(years) for later in years[at + 1:]}
    return int(duration.group(1)) in spans


def _acronym_shown(context: str, answer: str) -> bool:
    """A one-word name or acronym that begins a word of the context: "DEC" in "DECnet",
    "Raoul" in "the Raoulii"."""
    return re.fullmatch(r"[A-Z][A-Za-z]{1,}", answer) is not None and re.search(
        r"\b" + answer + r"[a-z]", context) is not None


def _with_referent(sentence: Sentence, prompt: str) -> str:
    """The prompt with "(Marie Curie)" after its opening "She", "(Marie Curie's)" after
    "Her", "(Royal Proclamation of 1763)" after "The proclamation" (no blank stands
    before it)."""
    if not sentence.referent or not sentence.tokens:
        return prompt
    end = sentence.referent_at
    return f"{prompt[:end]} ({sentence.referent_text}){prompt[end:]}"


def _fair_blanks(text: str, spans: Sequence[tuple[int, int, int]]) -> bool:
    """Two blanks at most, a word or more apart ("the {{c1::1991}} {{c2::Gulf War}}" is
    one thing split), none longer than a learner recalls, and enough of the sentence
    left to recall them by."""
    if len(spans) > MAX_BLANKS or any(a[1] > b[0] or (a[2] != b[2] and not _WORD.search(
            text[a[1]:b[0]])) for a, b in itertools.pairwise(spans)):
        return False
    lengths = [len(text[s:e].split()) for s, e, _ in spans]
    words = len(text.split())
    return (max(lengths, default=0) <= MAX_BLANK_WORDS and words - sum(lengths) >= MIN_CONTEXT_WORDS
            and sum(lengths) <= MAX_BLANKED_SHARE * words)


def _blanks(text: str, fact: Fact) -> Iterator[tuple[int, int]]:
    """Where a fact stands: its span and its acronym. A fact whose words stand again in
    the sentence (a person's surname too) gives itself away: it gets a span that
    overlaps its own, so that no cloze is made of it."""
    yield fact.start, fact.blank_end
    yield from fact.also
    taken = [(fact.start, fact.blank_end), *fact.also]
    patterns = [fact.text]
    if fact.type is Type.PERSON and " " in fact.text:
        patterns.append(fact.text.rsplit(maxsplit=1)[-1])
    for pattern in patterns:
        for match in re.finditer(r"(?<!\w)" + re.escape(pattern) + r"(?!\w)", text):
            if not any(match.start() < e and s < match.end() for s, e in taken):
                yield fact.start, fact.blank_end  # said again: refused as an overlap


def basic(sentence: Sentence, fact: Fact, question: Question) -> Draft | None:
    if gives_away(question.text, question.answer) or _surname_shown(question.text, fact):
        return None
    return Draft(Kind.BASIC, question.text, question.answer, sentence, (fact,),
                 form=question.form)


def _surname_shown(question: str, fact: Fact) -> bool:
    return fact.type is Type.PERSON and " " in fact.text and gives_away(
        question, fact.text.rsplit(maxsplit=1)[-1])


def choice(sentence: Sentence, fact: Fact, wrong: Sequence[str],
           question: Question | None) -> Draft | None:
    """A question, or the sentence with a blank, and the answer among the wrong ones."""
    if len(wrong) < 2:
        return None
    answer = fact.text
    if question is not None and not _surname_shown(question.text, fact):
        prompt, form = question.text, question.form
    else:
        # The gap takes a number's unit too, and so does every choice.
        unit = sentence.text[fact.end:fact.blank_end]
        prompt, form, answer = _with_gap(sentence, fact), "blank", fact.text + unit
        wrong = [w + unit for w in wrong]
    if gives_away(prompt, answer) or any(gives_away(prompt, w) for w in wrong):
        return None
    options = list(wrong)
    position = digest(fact.key) % (len(options) + 1)
    options.insert(position, answer)
    return Draft(Kind.CHOICE, prompt, answer, sentence, (fact,), tuple(options),
                 form=f"choice-{form}")


def _with_gap(sentence: Sentence, fact: Fact) -> str:
    text = sentence.text
    return _with_referent(sentence, " ".join(
        (text[:fact.start] + "_____" + text[fact.blank_end:]).split()))


def statement(sentence: Sentence, fact: Fact, wrong: Sequence[str]) -> Draft | None:
    """The sentence as a true statement, or (about every other one, where a wrong value
    of the fact's type exists) made false with that value in place of the fact, which
    the explanation says, for the reviewer and the learner."""
    if _STANDALONE.match(sentence.shown) or len(sentence.text.split()) > 35:
        return None
    true = _standing_alone(sentence.shown)
    if not wrong or fact.type not in SWAPPABLE:
        return Draft(Kind.TRUE_FALSE, true, "true", sentence, (fact,), form="true")
    text = sentence.text
    false = _with_referent(sentence, text[:fact.start] + wrong[0] + text[fact.end:])
    if not checkably_false(false, sentence.text):  # "18th centuries" for "18th century"
        return Draft(Kind.TRUE_FALSE, true, "true", sentence, (fact,), form="true")
    explain = f"False: the document says “{fact.text}”, not “{wrong[0]}”."
    return Draft(Kind.TRUE_FALSE, _standing_alone(false), "false", sentence, (fact,),
                 explain=explain, form="false")


_EXAMPLE_OPENING = re.compile(r"(?:For (?:example|instance)|In particular),\s+(?=\w)")


def _standing_alone(statement: str) -> str:
    """A statement without the "For example," that tied it to the sentence before: a
    statement is judged on its own."""
    match = _EXAMPLE_OPENING.match(statement)
    if match is None:
        return statement
    rest = statement[match.end():]
    return rest[:1].upper() + rest[1:]


# Facts whose alternatives are surely of their kind: a false statement must not give
# itself away by a value of another kind.
SWAPPABLE = frozenset({Type.YEAR, Type.DATE, Type.PERIOD, Type.NUMBER, Type.MONEY,
                        Type.PERCENT})


def digest(text: str) -> int:
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:8], 16)


# Markdown's characters, escaped with a backslash so that a document's words stay words.
_MARKDOWN = re.compile(r"([\\`*_$!\[\]<])")


def as_markdown_text(draft: Draft) -> Draft:
    """The draft for a `format: markdown` deck: its text escaped so that it reads as the
    document wrote it (a cloze's deletion markers kept)."""
    def escaped(text: str) -> str:
        if draft.kind is not Kind.CLOZE:
            return _MARKDOWN.sub(r"\\\1", text)
        parts = re.split(r"(\{\{c\d+::|::|\}\})", text)
        return "".join(part if re.fullmatch(r"\{\{c\d+::|::|\}\}", part)
                       else _MARKDOWN.sub(r"\\\1", part) for part in parts)

    return replace(draft, prompt=escaped(draft.prompt), answer=escaped(draft.answer)
                   if draft.kind is not Kind.TRUE_FALSE else draft.answer,
                   choices=tuple(map(escaped, draft.choices)), explain=escaped(draft.explain))
