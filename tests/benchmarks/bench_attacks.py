"""Benchmark: the inputs that once took minutes, each answered in bounded time.

    .venv/bin/python tests/benchmarks/bench_attacks.py [--runs 3]

Each case writes a card file (and its document) into a temporary folder and
runs `factdeck check` on it in a fresh process, as a user would; the time is
the median wall-clock time of the runs. The first row is the floor: `check` on
a four-card deck (start-up and imports). The target is under 2 s a case on
this machine; the "then" column is what the adversarial review measured
before the fixes (issue 10). The last rows time the near-duplicate step alone
(the part that was quadratic) and PyYAML's C loader alone on the same file,
since reading a 14 MB card file is most of what `check` does with 100,000
cards.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

DOCUMENT_WORDS = 5_000
HEADER = "deck:\n  id: bench\n  name: Bench\n  source: source.txt\ncards:\n"


def _document(rng: random.Random) -> str:
    vocabulary = [f"word{n}" for n in range(2_000)]
    sentences = []
    for _ in range(DOCUMENT_WORDS // 12):
        sentences.append(" ".join(rng.choice(vocabulary) for _ in range(12)).capitalize() + ".")
    return "A document\n\n" + "\n".join(sentences) + "\n"


def _card(index: int, q: str, quote: str) -> str:
    return f"  - id: c{index}\n    q: \"{q}\"\n    a: answer\n    quote: \"{quote}\"\n"


def small_deck(folder: Path, document: str) -> None:
    first = document.split("\n")[2]
    cards = "".join(_card(i, f"Question number {i} about {first[:20]}?", first[:40])
                    for i in range(4))
    (folder / "deck.yaml").write_text(HEADER + cards)


def long_quote(size: int) -> Callable[[Path, str], None]:
    def write(folder: Path, document: str) -> None:
        rng = random.Random(size)
        words = document.split()
        quote = ""
        while len(quote) < size:  # the document's words, in another order: no match
            quote += rng.choice(words).strip(".") + " "
        (folder / "deck.yaml").write_text(HEADER + _card(0, "What?", quote.strip()))
    return write


def zalgo_card(folder: Path, document: str) -> None:
    zalgo = ("a" + "\u0301" * 60) * 2_200  # about 270 KB of UTF-8
    first = document.split("\n")[2][:40]
    (folder / "deck.yaml").write_text(HEADER + _card(0, f"What? {zalgo}", first),
                                      encoding="utf-8")


def zalgo_document(folder: Path, document: str) -> None:
    zalgo = ("a" + "\u0301" * 60) * 2_200
    (folder / "source.txt").write_text(document + zalgo + "\n", encoding="utf-8")
    small_deck(folder, document)


def many_cards(question: str, count: int) -> Callable[[Path, str], None]:
    """A file of `count` cards whose questions follow a template ({i}: the number)."""
    def write(folder: Path, document: str) -> None:
        first = document.split("\n")[2][:40]
        cards = "".join(_card(i, question.format(i=i), first) for i in range(count))
        (folder / "deck.yaml").write_text(HEADER + cards)
    return write


TEMPLATE = "What is the capital of country number {i}?"
PLAIN = "Plain question {i} of a very large deck file?"
CASES: list[tuple[str, str, Callable[[Path, str], None]]] = [
    ("4-card deck (the floor)", "", small_deck),
    ("40 KB quote, not in the document", "~15 s", long_quote(40_000)),
    ("1 MB quote, not in the document", "> 10 min", long_quote(1_000_000)),
    ("270 KB of zalgo in a card", "22 s", zalgo_card),
    ("270 KB of zalgo in the document", "22 s", zalgo_document),
    ("10,000 templated cards", "", many_cards(TEMPLATE, 10_000)),
    ("100,000 templated cards", "> 8 min", many_cards(TEMPLATE, 100_000)),
    ("139,000 plain cards, no aliases", "wrong message", many_cards(PLAIN, 139_000)),
]


def _check(folder: Path) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "factdeck", "check", "deck.yaml"],
                            cwd=folder, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    codes = sorted({line.split("[", 1)[1].split("]", 1)[0] for line in result.stdout.splitlines()
                    if "error[" in line or "warning[" in line})
    said = ", ".join(codes) or (result.stdout.strip().splitlines() or ["?"])[-1][:30]
    if "internal error" in result.stderr or "Traceback" in result.stderr:
        said = "INTERNAL ERROR"
    return elapsed, said


def near_duplicate_step(count: int) -> float:
    """The near-duplicate check alone, in this process: what was quadratic."""
    from factdeck.source.similarity import NearDuplicates, comparable, word_frequency

    texts = [comparable(TEMPLATE.format(i=i)) for i in range(count)]
    started = time.perf_counter()
    seen: NearDuplicates[int] = NearDuplicates(word_frequency(texts))
    for index, text in enumerate(texts):
        if seen.find(text) is None:
            seen.add(text, index)
    return time.perf_counter() - started


def bare_yaml_load(count: int) -> float:
    """PyYAML's C loader alone on the card file of `count` templated cards: the floor
    under any command that reads that file."""
    import yaml

    with tempfile.TemporaryDirectory() as scratch:
        many_cards(TEMPLATE, count)(Path(scratch), _document(random.Random(1)))
        text = (Path(scratch) / "deck.yaml").read_text()
    started = time.perf_counter()
    yaml.load(text, Loader=yaml.CSafeLoader)
    return time.perf_counter() - started


def grading_long_answer(words: int) -> float:
    """`study` grading a short typed answer against an answer of `words` words."""
    from factdeck.study.grading import grade

    answer = " ".join(["ab"] * words)
    started = time.perf_counter()
    grade("a", [answer])
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    document = _document(random.Random(1))
    print(f"{'case':38} {'file':>9} {'then':>13} {'now (s)':>8}  answer")
    for name, then, write in CASES:
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(scratch)
            (folder / "source.txt").write_text(document)
            write(folder, document)
            size = (folder / "deck.yaml").stat().st_size + (folder / "source.txt").stat().st_size
            runs = [_check(folder) for _ in range(args.runs)]
            median = statistics.median(seconds for seconds, _ in runs)
            print(f"{name:38} {size / 1e6:>7.2f}MB {then:>13} {median:>8.2f}  {runs[0][1]}")
    for count in (10_000, 100_000):
        print(f"{f'near-duplicate step alone, {count:,}':38} {'':>9} {'':>13} "
              f"{near_duplicate_step(count):>8.2f}  (in process)")
        print(f"{f'bare yaml.load (libyaml), {count:,} cards':38} {'':>9} {'':>13} "
              f"{bare_yaml_load(count):>8.2f}  (in process)")
    print(f"{'study grading a 4,000-word answer':38} {'':>9} {'> 5 min':>13} "
          f"{grading_long_answer(4_000):>8.2f}  (in process)")


if __name__ == "__main__":
    main()
