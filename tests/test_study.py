"""The self-test in a real pseudo-terminal (pexpect), and its progress store."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pexpect
import pytest

from factdeck.study.store import ProgressStore
from tests.conftest import CARDS_TEXT, REPO, WriteDeck

TIMEOUT = 20


def spawn(*args: str, cwd: Path, width: int = 110, term: str = "dumb") -> pexpect.spawn:
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1", "TERM": term,
           "COLUMNS": str(width), "LINES": "40"}
    return pexpect.spawn(sys.executable, ["-m", "factdeck", *args], cwd=str(cwd), env=env,
                          encoding="utf-8", timeout=TIMEOUT, dimensions=(40, width))


@pytest.fixture
def deck(write_deck: WriteDeck) -> Path:
    return write_deck()


@pytest.fixture
def progress(tmp_path: Path) -> Path:
    return tmp_path / "progress.db"


def reviews(progress: Path) -> list[tuple[str, bool]]:
    with ProgressStore.open(progress) as store:
        return [(r.card_id, r.correct) for r in store.reviews("examples")]


def finish(child: pexpect.spawn) -> str:
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return str(child.before)


def answer_choice(child: pexpect.spawn, right: str) -> None:
    child.expect(r"Press A–[A-F]")
    letter = re.search(rf"([A-F])  {re.escape(right)}", str(child.before))
    assert letter is not None, child.before
    child.send(letter.group(1).lower())


def test_a_whole_session(deck: Path, progress: Path) -> None:
    child = spawn("study", str(deck), "--progress", str(progress), cwd=deck.parent)
    child.expect("Card 1 of 4")
    child.expect("In which city was the Treaty of Examples signed")
    child.expect("Your answer: ")
    child.sendline("  paris. ")
    child.expect("✓ Right")
    child.expect("Answer: Paris")
    child.expect("The Treaty of Examples was signed in Paris")  # the quote
    child.expect("Card 2 of 4")
    child.expect(r"opened with \[1 …\] staff, created by the \[2 …\]")
    child.expect("Blank 1 of 2: ")
    child.sendline("four hundred and fifty-five")
    child.expect("Blank 2 of 2: ")
    child.sendline("treety")
    child.expect("Almost")
    child.expect(r"Count it as right\? \(y/n\): ")
    child.send("y")
    child.expect(r"✓ Right \(nearly: you said it counts\)")
    child.expect("Card 3 of 4")
    answer_choice(child, "Ada Quill")
    child.expect("✓ Right")
    child.expect("Card 4 of 4")
    child.expect("t true · f false")
    child.send("t")
    child.expect("✗ Not quite")
    child.expect("It took nine days.")  # the explanation
    child.expect("Once more, the 1 card")  # a missed card comes back at the end
    child.expect("Again 1 of 1")
    child.expect("The treaty was written in ten days")
    child.send("f")
    child.expect("✓ Right")
    child.expect("Done: 3 of 4 right")
    child.expect("To look at again:")
    child.expect("The treaty was written in ten days")
    # The missed card comes back within minutes: "today", or "tomorrow" just before midnight.
    child.expect(r"Next review due (today|tomorrow) at \d\d:\d\d\.")
    finish(child)
    assert reviews(progress) == [("signed-where", True), ("staff", True), ("author", True),
                                 ("nine-days", False), ("nine-days", True)]


def test_nothing_due_after_a_session(deck: Path, progress: Path) -> None:
    child = spawn("study", str(deck), "--progress", str(progress), "--new", "1",
                  cwd=deck.parent)
    child.expect("Card 1 of 1")
    child.expect("Your answer: ")
    child.sendline("Paris")
    finish(child)
    again = spawn("study", str(deck), "--progress", str(progress), "--new", "0",
                  cwd=deck.parent)
    again.expect("Nothing is due")
    finish(again)


@pytest.mark.parametrize("stop", ["ctrl-c", "ctrl-d", "q"])
def test_stopping_keeps_every_answer(deck: Path, progress: Path, stop: str) -> None:
    child = spawn("study", str(deck), "--progress", str(progress), cwd=deck.parent)
    child.expect("Your answer: ")
    child.sendline("Paris")
    child.expect("Card 2 of 4")
    child.expect("Blank 1 of 2: ")
    {"ctrl-c": child.sendintr, "ctrl-d": child.sendeof,
     "q": lambda: child.sendline("q")}[stop]()
    child.expect("1 of 1 right")
    output = finish(child)
    assert "Traceback" not in output
    assert reviews(progress) == [("signed-where", True)]


def test_skip_and_hint(deck: Path, progress: Path) -> None:
    child = spawn("study", str(deck), "--progress", str(progress), cwd=deck.parent)
    child.expect("Your answer: ")
    child.sendline("?")
    child.expect("Hint: P____")
    child.expect("Your answer: ")
    child.sendline("Paris")
    child.expect(r"✓ Right \(with help\)")
    child.expect("Blank 1 of 2: ")
    child.sendline("s")
    child.expect("Skipped.")
    child.expect("Card 3 of 4")
    child.send("?")
    child.expect("Hint: it is not [A-C].")
    child.send("q")
    child.expect("Stopped: 1 of 1 right")
    child.expect("Skipped: 1")
    finish(child)


def test_card_text_is_never_markup(write_deck: WriteDeck, progress: Path) -> None:
    markup = "[bold red]Danger[/] :smile: [link=http://x]y[/link]"
    text = CARDS_TEXT.replace(
        "q: In which city was the Treaty of Examples signed?", f"q: '{markup}'")
    deck = write_deck(text)
    child = spawn("study", str(deck), "--progress", str(progress), cwd=deck.parent)
    child.expect_exact(markup)
    child.expect("Your answer: ")
    child.sendline("[red]Rome[/red] :smile:")
    child.expect_exact("You typed: [red]Rome[/red] :smile:")
    child.sendintr()
    finish(child)


def test_json_summary(deck: Path, progress: Path) -> None:
    child = spawn("study", str(deck), "--progress", str(progress), "--json", "--limit", "1",
                  cwd=deck.parent)
    child.expect("Your answer: ")
    child.sendline("Rome")
    child.expect("r I was right · Enter next card · q quit: ")
    child.send("\r")
    child.expect("Again 1 of 1")
    child.expect("Your answer: ")
    child.sendline("Paris")
    child.expect('"right": 0')
    output = finish(child)
    assert '"missed": [' in output
    assert '"card": "signed-where"' in output


def test_a_damaged_progress_file_is_a_clear_error(deck: Path, progress: Path) -> None:
    progress.write_bytes(b"this is not a database" * 100)
    child = spawn("study", str(deck), "--progress", str(progress), cwd=deck.parent)
    child.expect("factdeck: error: ")
    child.expect("move it aside")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert "Traceback" not in str(child.before)
    assert progress.read_bytes().startswith(b"this is not a database")


def test_stats_after_a_session(deck: Path, progress: Path) -> None:
    child = spawn("study", str(deck), "--progress", str(progress), "--limit", "2",
                  cwd=deck.parent)
    child.expect("Your answer: ")
    child.sendline("Paris")
    child.expect("Blank 1 of 2: ")
    child.sendline("0")
    child.expect("Blank 2 of 2: ")
    child.sendline("treaty")
    child.expect("r I was right · Enter next card · q quit: ")
    child.send("\r")
    child.expect("Again 1 of 1")
    child.expect(": $")  # the prompt: keys sent earlier are discarded, as typed-ahead
    child.sendeof()
    finish(child)
    stats = spawn("stats", str(deck), "--progress", str(progress), cwd=deck.parent)
    stats.expect("Progress")
    # deck, cards, new, learning, due today, learned, right in the last days
    stats.expect(r"examples\s+│\s+4\s+│\s+2\s+│\s+2\s+│\s+\d+\s+│\s+0\s+│\s+1/2 \(50%\)")
    stats.expect("Due in the next 14 days")
    stats.expect(r"today\s+█+\s+\d+")
    finish(stats)


@pytest.fixture(autouse=True)
def _no_user_progress(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Never touch the real user's progress file.
    monkeypatch.setenv("FACTDECK_PROGRESS", str(tmp_path / "default-progress.db"))


def test_quit_halfway_and_come_back(deck: Path, progress: Path) -> None:
    first = spawn("study", str(deck), "--progress", str(progress), cwd=deck.parent)
    first.expect("Your answer: ")
    first.sendline("Paris")  # signed-where: right
    first.expect("Blank 1 of 2: ")
    first.sendline("455")
    first.expect("Blank 2 of 2: ")
    first.sendline("treaty")  # staff: right
    first.expect("Card 3 of 4")
    first.send("q")
    finish(first)
    again = spawn("study", str(deck), "--progress", str(progress), cwd=deck.parent)
    again.expect("Card 1 of 2")  # only the two cards not answered yet
    again.expect("Who wrote the Treaty of Examples")
    answer_choice(again, "Ada Quill")
    again.expect("Card 2 of 2")
    again.expect("The treaty was written in ten days")
    again.send("f")
    again.expect("Done: 2 of 2 right")
    finish(again)


def test_next_due_moves_forward_when_right_and_stays_close_when_wrong(
        deck: Path, progress: Path) -> None:
    child = spawn("study", str(deck), "--progress", str(progress), "--limit", "1",
                  cwd=deck.parent)
    child.expect("Your answer: ")
    child.sendline("Rome")
    child.expect("r I was right · Enter next card · q quit: ")
    child.send("\r")
    child.expect("Again 1 of 1")
    child.expect(": $")  # the prompt: keys sent earlier are discarded, as typed-ahead
    child.sendeof()
    finish(child)
    with ProgressStore.open(progress) as store:
        wrong_due = store.state("examples", "signed-where")
    child = spawn("study", str(deck), "--progress", str(progress), "--all", "--kinds", "basic",
                  cwd=deck.parent)
    child.expect("Your answer: ")
    child.sendline("Paris")
    finish(child)
    with ProgressStore.open(progress) as store:
        right_due = store.state("examples", "signed-where")
        reviewed = store.reviews("examples")
    assert wrong_due is not None
    assert right_due is not None
    wrong_gap = wrong_due.due - reviewed[0].reviewed_at
    right_gap = right_due.due - reviewed[1].reviewed_at
    assert wrong_gap.total_seconds() <= 120  # Again: back within minutes
    assert right_gap > wrong_gap


def test_a_killed_session_keeps_what_was_answered(deck: Path, progress: Path) -> None:
    child = spawn("study", str(deck), "--progress", str(progress), cwd=deck.parent)
    child.expect("Your answer: ")
    child.sendline("Paris")
    child.expect("Blank 1 of 2: ")
    child.kill(9)
    child.close()
    assert child.signalstatus == 9
    assert reviews(progress) == [("signed-where", True)]


def test_scripted_session_through_cli_runner(deck: Path, progress: Path) -> None:
    from typer.testing import CliRunner

    from factdeck.cli import app

    # --seed shuffles the new cards and the choices, the same way every time: a first
    # run that skips every card shows the order, and where Ada Quill's letter is.
    probe = CliRunner().invoke(app, ["study", str(deck), "--progress", str(progress),
                                     "--seed", "5"], input="s\n" * 4)
    letter = re.search(r"([A-F])  Ada Quill", probe.output)
    assert letter is not None, probe.output
    answers = {"In which city": "paris", "Office of Samples opened": "455\ntreaty",
               "Who wrote": letter.group(1), "ten days": "f"}

    def first_asked(shown: str) -> str:
        return min((shown.find(start), answer) for start, answer in answers.items()
                   if start in shown)[1]

    order = [first_asked(probe.output.split(f"Card {n} of 4", 1)[1]) for n in range(1, 5)]
    result = CliRunner().invoke(app, ["study", str(deck), "--progress", str(progress),
                                      "--json", "--seed", "5"],
                                input="\n".join(order) + "\n")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)  # the JSON alone: the session went to stderr
    assert (summary["answered"], summary["right"], summary["missed"]) == (4, 4, [])
    assert "Card 4 of 4" in result.stderr


def test_the_learner_can_overrule_the_grader(deck: Path, progress: Path) -> None:
    child = spawn("study", str(deck), "--progress", str(progress), "--limit", "1",
                  cwd=deck.parent)
    child.expect("Your answer: ")
    child.sendline("the French capital")
    child.expect("✗ Not quite")
    child.expect("r I was right · Enter next card · q quit: ")
    child.send("r")
    child.expect(r"Counted as right, as you said \(scheduled as Hard\)")
    child.expect("Done: 1 of 1 right")
    output = finish(child)
    assert "Once more" not in output  # not a missed card
    assert reviews(progress) == [("signed-where", True)]
    with ProgressStore.open(progress) as store:
        assert [r.rating for r in store.reviews("examples")] == [2]  # Hard


def test_true_false_takes_no_hint_key(deck: Path, progress: Path) -> None:
    child = spawn("study", str(deck), "--progress", str(progress), "--kinds", "true-false",
                  "--new", "1", cwd=deck.parent)
    child.expect(r"t true · f false \(s skip · q quit\): ")
    child.send("?")
    child.expect(r"t true · f false \(s skip · q quit\): ")  # asked again, no hint
    child.send("t")
    child.expect("✗ Not quite")
    child.expect("You said: True")
    child.expect("Answer: False")
    child.expect("Again 1 of 1")
    child.expect(r"t true · f false \(s skip · q quit\): ")
    child.send("f")
    assert "hint" not in finish(child)


@pytest.mark.parametrize("width", [40, 60, 80, 120])
def test_stats_in_a_terminal_of_any_width(deck: Path, progress: Path, width: int) -> None:
    child = spawn("study", str(deck), "--progress", str(progress), "--limit", "1",
                  cwd=deck.parent, width=width, term="xterm-256color")
    child.expect("Your answer: ")
    child.sendline("Paris")
    finish(child)
    stats = spawn("stats", str(deck), "--progress", str(progress), cwd=deck.parent,
                  width=width, term="xterm-256color")
    shown = re.sub(r"\x1b\[[0-9;]*m", "", finish(stats))  # styles take no columns
    lines = shown.replace("\r\n", "\n").splitlines()
    assert all(len(line) <= width for line in lines), shown
    words = set(shown.replace("│", " ").replace("┃", " ").split())
    for label in ("cards", "new", "learning", "due", "today", "learned", "right", "(7",
                  "days)", "examples", "Due", "next"):
        assert label in words, (label, shown)
    assert "1/1 (100%)" in shown


def test_quitting_at_the_overrule_prompt_still_counts_the_card(deck: Path,
                                                                progress: Path) -> None:
    child = spawn("study", str(deck), "--progress", str(progress), cwd=deck.parent)
    child.expect("Your answer: ")
    child.sendline("Rome")
    child.expect("r I was right · Enter next card · q quit: ")
    child.send("q")
    child.expect("Stopped: 0 of 1 right")
    child.expect("To look at again:")
    child.expect("In which city was the Treaty of Examples signed")
    finish(child)
    assert reviews(progress) == [("signed-where", False)]


def test_a_near_miss_is_judged_once(deck: Path, progress: Path) -> None:
    child = spawn("study", str(deck), "--progress", str(progress), "--limit", "1",
                  cwd=deck.parent)
    child.expect("Your answer: ")
    child.sendline("Pariss")
    child.expect(r"Count it as right\? \(y/n\): ")
    child.send("n")
    child.expect("✗ Not quite")
    child.expect("Once more")  # no "I was right" in between: the learner has said
    assert "I was right" not in str(child.before)
    child.sendintr()
    finish(child)
