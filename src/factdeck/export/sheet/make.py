"""The answer sheets of a quiz and the answers file to mark them by: one sheet per
version, or one per student of a class list."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from factdeck.errors import UsageProblem
from factdeck.export.quiz.layout import paper_data
from factdeck.export.quiz.options import QuizOptions, version_letters
from factdeck.export.sheet.layout import questions_of
from factdeck.export.sheet.render import Student, answers_file, render_sheets
from factdeck.model import Card, Deck


def sheet_files(deck: Deck, cards: Sequence[Card], options: QuizOptions, out_dir: Path,
                roster: Path | None = None) -> dict[Path, bytes]:
    """`<deck-id>-quiz-sheets.pdf` and `<deck-id>-quiz-answers.json`."""
    from factdeck.export.sheet.roster import read_roster

    letters = version_letters(options.versions)
    versions = {letter or "": questions_of(paper_data(deck, cards, options, letter))
                for letter in letters}
    if not any(versions.values()):
        raise UsageProblem(f"{deck.id}: the quiz has no choice or true/false question for "
                           "an answer sheet to cover", "leave out --answer-sheet, or choose "
                           "choice and true/false cards (--kinds)")
    students: list[Student] = read_roster(roster, list(versions)) if roster else []
    title = options.title or deck.name.rsplit("::", 1)[-1].strip() or deck.name
    answers = answers_file(deck.id, title, options.paper.value, versions, students)
    answers["hand_points"] = {version: _hand_points(deck, cards, options, version)
                              for version in versions}
    sheets = render_sheets(answers, versions, students, duplex=options.combined)
    # The answers file is named by the quiz's code: printing another quiz later never
    # replaces the one that sheets already handed out are marked by.
    return {out_dir / f"{deck.id}-quiz-sheets.pdf": sheets.pdf,
            out_dir / f"{deck.id}-quiz-{answers['quiz']}-answers.json": sheets.answers}


def _hand_points(deck: Deck, cards: Sequence[Card], options: QuizOptions, version: str) -> int:
    """The points of the questions a sheet does not cover: marked on the paper."""
    data = paper_data(deck, cards, options, version or None)
    return sum(q["points"] for s in data["sections"] for q in s["questions"]
               if q["kind"] not in ("choice", "true-false"))
