"""Synthetic decks in factdeck's format, of any size, for the benchmarks.

Every card quotes a span of a sentence of a generated document, so that the
quote lookup, coverage and near-duplicate checks do their real work. The four
kinds are mixed as in real decks (basic 40%, cloze 20%, choice 20%,
true/false 20%); a third of the cards explain, half carry tags. A deck of up
to 20,000 cards is one card file with one document; a bigger one is a deck
folder (deck.yaml and one card file per document of 5,000 cards).
"""

from __future__ import annotations

import itertools
import json
import random
from dataclasses import dataclass
from pathlib import Path

SYLLABLES = ["ka", "lo", "mi", "ra", "te", "su", "no", "vi", "de", "ga", "pe", "ri", "zo",
             "an", "el", "or", "un", "is", "ba", "fu", "ne", "ti", "mo", "sha", "qua"]
CARDS_PER_FILE = 5_000
TAGS = [f"topic-{n}" for n in range(20)]


@dataclass(frozen=True)
class Synthetic:
    deck: Path  # the card file, or the deck folder
    files: list[Path]  # every card file
    cards: int


def vocabulary(rng: random.Random, size: int = 30_000) -> list[str]:
    """Pseudo-words, the first the most frequent (see `Words`)."""
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))))
    return rng.sample(sorted(words), size)


class Words:
    """Words drawn as in real text: by Zipf's law, a few very common, most rare."""

    def __init__(self, rng: random.Random, words: list[str]) -> None:
        self.rng, self.words = rng, words
        self.cumulative = list(itertools.accumulate(1 / (rank + 1) ** 1.07
                                                    for rank in range(len(words))))

    def draw(self, count: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cumulative, k=count)


def sentences(rng: random.Random, words: list[str], count: int) -> list[list[str]]:
    """Sentences of 14 to 24 words, some with a year or a number, none alike."""
    made = []
    draw = Words(rng, words).draw
    for _ in range(count):
        sentence = draw(rng.randint(14, 24))
        if rng.random() < 0.4:
            sentence[rng.randrange(len(sentence))] = str(rng.randint(1500, 2020))
        sentence[0] = sentence[0].capitalize()
        made.append(sentence)
    return made


def document(title: str, rows: list[list[str]]) -> str:
    paragraphs = [" ".join(" ".join(s) + "." for s in rows[i:i + 5])
                  for i in range(0, len(rows), 5)]
    return title + "\n\n" + "\n\n".join(paragraphs) + "\n"


def q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def card(rng: random.Random, index: int, sentence: list[str], words: list[str]) -> list[str]:
    """One card on a sentence: its quote is a span of it."""
    start = rng.randrange(0, len(sentence) - 10)
    span = sentence[start:start + rng.randint(8, 10)]
    answer_at = rng.randrange(len(span) - 2)
    answer = " ".join(span[answer_at:answer_at + rng.randint(1, 2)])
    asked = " ".join(w for w in span if w.lower() not in answer.lower().split())
    lines = [f"  - id: card-{index}"]
    kind = index % 5
    if kind in (0, 1):
        lines += [f"    q: {q(f'Which {asked} is meant here, in part {index}?')}",
                  f"    a: {q(answer)}"]
    elif kind == 2:
        after = answer_at + len(answer.split())
        shown = [*span[:answer_at], "{{c1::" + answer + "}}", *span[after:]]
        lines.append(f"    cloze: {q(' '.join(shown) + '.')}")
    elif kind == 3:
        others = rng.sample([w for w in rng.sample(words, 5) if w != answer], 3)
        choices = [answer, *others]
        rng.shuffle(choices)
        lines += [f"    q: {q(f'Which of these goes with {asked} ({index})?')}",
                  f"    choices: [{', '.join(q(c) for c in choices)}]", f"    a: {q(answer)}"]
    else:
        lines += [f"    statement: {q(' '.join(span).capitalize() + f' ({index}).')}",
                  f"    a: {'true' if rng.random() < 0.6 else 'false'}"]
    lines.append(f"    quote: {q(' '.join(span))}")
    if rng.random() < 0.33:
        lines.append(f"    explain: {q(' '.join(rng.choice(words) for _ in range(12)) + '.')}")
    if rng.random() < 0.5:
        lines.append(f"    tags: [{', '.join(rng.sample(TAGS, rng.randint(1, 2)))}]")
    return lines


def write_cards(rng: random.Random, words: list[str], first: int, count: int,
                text_file: Path) -> list[str]:
    """Cards `first`… on a new document of their own, written to `text_file`."""
    rows = sentences(rng, words, count + count // 5)
    text_file.write_text(document(f"Document {text_file.stem}", rows), encoding="utf-8")
    picks = rng.sample(range(len(rows)), count)
    return [line for n, at in enumerate(picks) for line in card(rng, first + n, rows[at], words)]


def make_deck(folder: Path, cards: int, seed: int = 1) -> Synthetic:
    """A deck of `cards` cards in `folder` (made if need be)."""
    rng = random.Random(seed)
    words = vocabulary(rng)
    folder.mkdir(parents=True, exist_ok=True)
    header = ["deck:", f"  id: bench-{cards}", f"  name: Benchmark deck of {cards} cards"]
    if cards <= 4 * CARDS_PER_FILE:
        path = folder / f"bench-{cards}.yaml"
        lines = write_cards(rng, words, 0, cards, folder / "document.txt")
        path.write_text("\n".join([*header, "  source: document.txt", "cards:", *lines]) + "\n",
                        encoding="utf-8")
        return Synthetic(path, [path], cards)
    deck = folder / f"bench-{cards}"
    deck.mkdir(exist_ok=True)
    (deck / "deck.yaml").write_text("\n".join(header) + "\n", encoding="utf-8")
    files = [deck / "deck.yaml"]
    for part, first in enumerate(range(0, cards, CARDS_PER_FILE)):
        count = min(CARDS_PER_FILE, cards - first)
        lines = write_cards(rng, words, first, count, deck / f"part-{part:03}.txt")
        path = deck / f"part-{part:03}.yaml"
        path.write_text("\n".join([f"source: part-{part:03}.txt", "cards:", *lines]) + "\n",
                        encoding="utf-8")
        files.append(path)
    return Synthetic(deck, files, cards)
