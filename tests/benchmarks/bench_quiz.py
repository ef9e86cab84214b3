"""Benchmark: `factdeck quiz` side by side with a bare typst.compile.

    .venv/bin/python tests/benchmarks/bench_quiz.py [--questions 2000] [--runs 5]

Writes a synthetic deck of N questions (all four kinds) and its source into a
temporary folder. Each measurement is a fresh process, as when a teacher runs
the command (Typst memoises compilations inside a process, so repeated
in-process timings would measure its cache):

- typst.compile: `python -c` that imports typst and compiles the same
  template with the same JSON data and fonts (the data prepared beforehand);
- factdeck render: factdeck's renderer on the same prepared data;
- factdeck quiz: the whole command: start-up, load and check the 2,000 cards,
  select, build the data, render, write.

Prints the median of several runs of each, interleaved, and their ratio to
the bare compile.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from factdeck.cards.reader import load_deck
from factdeck.export.quiz.layout import paper_data
from factdeck.export.quiz.options import QuizOptions
from factdeck.export.quiz.render import default_template, fonts_folder
from factdeck.export.quiz.select import select

BARE = """
import json, sys, typst
template, fonts, data, modes = sys.argv[1], sys.argv[2], open(sys.argv[3]).read(), sys.argv[4:]
for mode in modes:
    typst.compile(template, root=template.rsplit("/", 1)[0], font_paths=[fonts],
                  ignore_system_fonts=True, format="pdf",
                  sys_inputs={"factdeck": data, "mode": mode, "dated": "no"})
"""
RENDER = """
import json, sys
from factdeck.export.quiz.render import QuizRenderer
data, modes = json.loads(open(sys.argv[1]).read()), sys.argv[2:]
renderer = QuizRenderer()
for mode in modes:
    renderer.render(data, mode)
"""
WORDS = [f"{stem}{n}" for stem in ("treaty", "summit", "envoy", "budget", "reform")
         for n in range(400)]


def words(index: int, count: int) -> str:
    """Distinct enough word salad, so that the questions are not near-duplicates."""
    rng = random.Random(index)
    return " ".join(rng.choice(WORDS) for _ in range(count))


def sentence(index: int) -> str:
    return f"Fact {index}: the {words(index, 9)} was recorded in {1900 + index % 120}."


def write_deck(folder: Path, questions: int) -> Path:
    (folder / "source.txt").write_text("\n".join(sentence(i) for i in range(questions)) + "\n")
    lines = ["deck:", "  id: bench", "  name: Benchmark deck", "  source: source.txt", "cards:"]
    for i in range(questions):
        fact, year = sentence(i), str(1900 + i % 120)
        lines += [f"  - id: card-{i}", f"    quote: '{fact}'"]
        kind = i % 4
        if kind == 0:
            lines += [f"    q: 'When was the {words(i, 9)} recorded?'", f"    a: '{year}'"]
        elif kind == 1:
            lines += [f"    cloze: 'The {words(i, 9)} was recorded in {{{{c1::{year}}}}}.'"]
        elif kind == 2:
            others = [str(1900 + (i + k) % 120) for k in (1, 2, 3)]
            lines += [f"    q: 'Which year saw the {words(i, 9)}?'",
                      f"    choices: ['{year}', '{others[0]}', '{others[1]}', '{others[2]}']",
                      f"    a: '{year}'"]
        else:
            lines += [f"    statement: 'The {words(i, 9)} dates from {year}.'", "    a: true"]
    path = folder / "bench.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def seconds(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--questions", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        card_file = write_deck(folder, args.questions)
        deck = load_deck(card_file).deck
        assert deck is not None
        options = QuizOptions()
        data = folder / "data.json"
        data.write_text(json.dumps(paper_data(deck, select(deck.cards, options), options, None),
                                   ensure_ascii=False), encoding="utf-8")
        bare = [sys.executable, "-c", BARE, str(default_template()), str(fonts_folder()),
                str(data)]
        render = [sys.executable, "-c", RENDER, str(data)]
        command = [sys.executable, "-m", "factdeck", "quiz", str(card_file),
                   "--out", str(folder / "out")]
        rows = [
            ("quiz only", {"typst.compile": [*bare, "quiz"], "factdeck render": [*render, "quiz"],
                           "factdeck quiz": [*command, "--key", "none"]}),
            ("quiz + answer key", {"typst.compile": [*bare, "quiz", "key"],
                                   "factdeck render": [*render, "quiz", "key"],
                                   "factdeck quiz": command}),
        ]
        print(f"{args.questions} questions; median of {args.runs} fresh processes each")
        print(f"{'document':18} {'what':16} {'seconds':>8} {'ratio':>6}")
        for document, commands in rows:
            timings: dict[str, list[float]] = {name: [] for name in commands}
            for _ in range(args.runs):
                for name, run in commands.items():
                    timings[name].append(seconds(run))
            base = statistics.median(timings["typst.compile"])
            for name, measured in timings.items():
                median = statistics.median(measured)
                print(f"{document:18} {name:16} {median:8.2f} {median / base:6.2f}")

if __name__ == "__main__":
    main()
