"""Benchmark: factdeck on course-sized decks, side by side with the bare libraries.

    .venv/bin/python bench/run.py [--sizes 1000 10000 100000] [--runs 5] [--out bench/RESULTS.md]

Generates synthetic decks (bench/synth.py: all four kinds, quotes from generated
documents; 100,000 cards as a deck folder) and measures each command as a whole
process, as a user runs it: the median wall-clock time of --runs runs and the
peak memory (resident set) of the slowest. Beside factdeck, in the same run:

- a bare genanki script writing the same notes from the same YAML (bench/bare_genanki.py);
- a bare typst.compile of the same 2,000-question quiz and key (factdeck's template and
  data, prepared beforehand);
- real Anki (the `anki` library) importing both packages into a new collection.

Prints one table with the ratios and writes it, with the machine described, to
bench/RESULTS.md (or --out). Needs the test extras (`pip install -e '.[test]'`).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import synth  # noqa: E402  (bench/ is not a package)

PYTHON = sys.executable
QUIZ_QUESTIONS = 2_000

BARE_TYPST = """
import sys, typst
template, fonts, data = sys.argv[1], sys.argv[2], open(sys.argv[3]).read()
for mode in ("quiz", "key"):
    typst.compile(template, root=template.rsplit("/", 1)[0], font_paths=[fonts],
                  ignore_system_fonts=True, format="pdf",
                  sys_inputs={"factdeck": data, "mode": mode, "dated": "no"})
"""
ANKI_IMPORT = """
import sys, tempfile, time
from pathlib import Path
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
with tempfile.TemporaryDirectory() as scratch:
    col = Collection(str(Path(scratch) / "collection.anki2"))
    started = time.perf_counter()
    col.import_anki_package(ImportAnkiPackageRequest(
        package_path=sys.argv[1], options=ImportAnkiPackageOptions()))
    print(time.perf_counter() - started)
    col.close()
"""
STUDY_FIRST = """
import sys, time, pexpect
started = time.perf_counter()
child = pexpect.spawn(sys.argv[1], ["-m", "factdeck", "study", sys.argv[2], "--progress",
                                    sys.argv[3], "--seed", "1"], encoding="utf-8", timeout=600,
                      dimensions=(40, 100))
child.expect("Card 1 of")
print(time.perf_counter() - started)
child.sendline("q")
child.expect(pexpect.EOF)
"""


@dataclass
class Measured:
    seconds: float
    peak_mb: float


def run_once(command: list[str], cwd: Path,
             env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Wall-clock seconds, peak resident memory (MB) and standard output of one process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, env=env)
    output = process.stdout.read().decode("utf-8", "replace") if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}")
    return elapsed, usage.ru_maxrss / 1024, output


def measure(command: list[str], cwd: Path, runs: int, *,
            before: Callable[[], None] | None = None, inner: bool = False,
            env: dict[str, str] | None = None) -> Measured:
    """The median of `runs` runs (`before` each); with `inner`, the time the process
    prints itself (a step inside it) instead of its whole run."""
    times, peaks = [], []
    for _ in range(runs):
        if before:
            before()
        elapsed, peak, output = run_once(command, cwd, env)
        times.append(float(output.strip().splitlines()[-1]) if inner else elapsed)
        peaks.append(peak)
    return Measured(statistics.median(times), max(peaks))


def factdeck(*args: str) -> list[str]:
    return [PYTHON, "-m", "factdeck", *args]


def quiz_data(deck_path: Path, folder: Path) -> Path:
    """The JSON data of the 2,000-question quiz, as factdeck prepares it."""
    from factdeck.cards.check import gather
    from factdeck.export.quiz.layout import paper_data
    from factdeck.export.quiz.options import QuizOptions
    from factdeck.export.quiz.select import select

    [deck] = gather([deck_path]).decks
    options = QuizOptions(count=QUIZ_QUESTIONS)
    data = folder / "quiz-data.json"
    data.write_text(json.dumps(paper_data(deck, select(deck.cards, options), options, None),
                               ensure_ascii=False), encoding="utf-8")
    return data


@dataclass
class Row:
    size: int
    what: str
    measured: Measured
    versus: str = ""
    ratio: float | None = None
    target: str = ""


def bench_size(size: int, runs: int, folder: Path) -> list[Row]:
    from factdeck.export.quiz.render import default_template, fonts_folder

    made = synth.make_deck(folder, size)
    deck = str(made.deck)
    out = folder / "out"

    def fresh_out() -> None:
        shutil.rmtree(out, ignore_errors=True)

    cold = {**os.environ, "FACTDECK_CACHE": "off"}
    rows = [Row(size, "check, nothing remembered", measure(factdeck("check", deck), folder, runs,
                                                         env=cold)),
            Row(size, "check, files unchanged", measure(factdeck("check", deck), folder, runs))]
    anki = measure(factdeck("build", deck, "--only", "anki", "--out", str(out)), folder, runs,
                   before=fresh_out)
    bare = measure([PYTHON, str(HERE / "bare_genanki.py"), deck, str(folder / "bare.apkg")],
                   folder, runs)
    first = measure(factdeck("build", deck, "--only", "anki", "--out", str(out)), folder, runs,
                    before=fresh_out, env=cold)
    rows += [Row(size, "build --only anki", anki, "bare genanki", anki.seconds / bare.seconds),
             Row(size, "build --only anki, nothing remembered", first, "bare genanki",
                 first.seconds / bare.seconds),
             Row(size, "bare genanki script", bare)]
    if size >= QUIZ_QUESTIONS:
        data = quiz_data(made.deck, folder)
        quiz = measure(factdeck("quiz", deck, "--count", str(QUIZ_QUESTIONS), "--out",
                                str(folder / "quiz")), folder, runs)
        typst = measure([PYTHON, "-c", BARE_TYPST, str(default_template()), str(fonts_folder()),
                         str(data)], folder, runs)
        rows += [Row(size, f"quiz --count {QUIZ_QUESTIONS}", quiz, "bare typst",
                     quiz.seconds / typst.seconds),
                 Row(size, f"bare typst.compile, {QUIZ_QUESTIONS} questions + key", typst)]
    progress = folder / "progress.db"
    rows.append(Row(size, "study: to the first question", measure(
        [PYTHON, "-c", STUDY_FIRST, PYTHON, deck, str(progress)], folder, runs,
        before=lambda: progress.unlink(missing_ok=True), inner=True)))
    rows.append(Row(size, "coverage", measure(factdeck("coverage", deck), folder, runs)))
    if size <= 10_000:
        rows.append(Row(size, "build (packages, quiz and key)", measure(
            factdeck("build", deck, "--out", str(out)), folder, 1, before=fresh_out)))
    measure(factdeck("build", deck, "--only", "anki", "--out", str(out)), folder, 1,
            before=fresh_out)
    package = out / f"bench-{size}.apkg"
    ours = measure([PYTHON, "-c", ANKI_IMPORT, str(package)], folder, runs, inner=True)
    theirs = measure([PYTHON, "-c", ANKI_IMPORT, str(folder / "bare.apkg")], folder, runs,
                     inner=True)
    rows += [Row(size, "Anki imports our package", ours, "Anki, bare package",
                 ours.seconds / theirs.seconds),
             Row(size, "Anki imports the bare package", theirs)]
    return rows


TARGETS = {
    (10_000, "check, nothing remembered"): "≤ 1.0 s",
    (100_000, "check, nothing remembered"): "≤ 10 s",
    (10_000, "check, files unchanged"): "≤ 1.0 s",
    (100_000, "check, files unchanged"): "≤ 10 s",
    (10_000, "build --only anki"): "≤ 1.5× bare",
    (100_000, "build --only anki"): "≤ 11× 10,000, ≤ 500 MB",
    (10_000, f"quiz --count {QUIZ_QUESTIONS}"): "≤ 1.5× bare",
    (10_000, "study: to the first question"): "≤ 0.5 s",
    (10_000, "build (packages, quiz and key)"): "< 1 GB",
    (10_000, "Anki imports our package"): "≤ 1.1× bare",
}


def table(rows: list[Row], help_row: Measured, runs: int) -> str:
    lines = [f"Median of {runs} runs, each a fresh process; memory: peak resident set.", "",
             "| cards | what | seconds | peak MB | ratio | target |",
             "| ---: | --- | ---: | ---: | --- | --- |",
             f"| – | `factdeck --help` | {help_row.seconds:.2f} | {help_row.peak_mb:.0f} | "
             "| ≤ 0.3 s |"]
    for row in rows:
        ratio = f"{row.ratio:.2f}× {row.versus}" if row.ratio is not None else ""
        target = TARGETS.get((row.size, row.what), "")
        lines.append(f"| {row.size:,} | {row.what} | {row.measured.seconds:.2f} | "
                     f"{row.measured.peak_mb:.0f} | {ratio} | {target} |")
    return "\n".join(lines) + "\n"


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor()) if Path("/proc/cpuinfo").exists() else platform.processor()
    return (f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}), "
            f"Python {platform.python_version()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        # What check remembers goes to this run's own folder.
        os.environ["FACTDECK_CACHE"] = str(Path(scratch) / "cache")
        help_row = measure(factdeck("--help"), Path(scratch), args.runs)
        rows = []
        for size in args.sizes:
            rows += bench_size(size, args.runs, Path(scratch) / str(size))
            print(table(rows, help_row, args.runs), flush=True)
    body = table(rows, help_row, args.runs)
    args.out.write_text(f"# Benchmark results\n\n`python bench/run.py --sizes "
                        f"{' '.join(map(str, args.sizes))} --runs {args.runs}` on {machine()}, "
                        f"{time.strftime('%Y-%m-%d')}.\n\n{body}", encoding="utf-8")


if __name__ == "__main__":
    main()
