"""The progress store (real SQLite files) and the FSRS scheduler wrapper."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import fsrs
import platformdirs
import pytest

from factdeck.study import scheduler
from factdeck.study.scheduler import Counts, Plan
from factdeck.study.store import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    ProgressStore,
    Review,
    StoreError,
    default_path,
)

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def state(due: datetime, kind: fsrs.State = fsrs.State.Review) -> fsrs.Card:
    return fsrs.Card(card_id=1, state=kind, step=None if kind is fsrs.State.Review else 0,
                     stability=10.0, difficulty=5.0, due=due, last_review=due - timedelta(days=10))


def record(store: ProgressStore, deck: str, card: str, at: datetime,
           rating: fsrs.Rating = fsrs.Rating.Good, *, correct: bool = True,
           duration_ms: int = 1500) -> fsrs.Card:
    new = scheduler.review(store.state(deck, card), rating, at, duration_ms)
    store.record(deck, card, new, rating, reviewed_at=at, duration_ms=duration_ms,
                 correct=correct)
    return new


def run_python(code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


# --- the store: contents --------------------------------------------------------------


def test_open_creates_folder_and_marks_the_file(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "progress.db"
    with ProgressStore.open(path):
        pass
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        db.close()
    with ProgressStore.open(path) as store:  # and it opens again
        assert store.states("any") == {}


def test_states_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    with ProgressStore.open(path) as store:
        first = record(store, "paris", "signed-where", T0)
        second = record(store, "paris", "staff", T0 + timedelta(minutes=1), fsrs.Rating.Again)
        other = record(store, "rome", "signed-where", T0 + timedelta(minutes=2),
                       fsrs.Rating.Easy)
    with ProgressStore.open(path) as store:
        assert store.state("paris", "signed-where") == first
        assert store.state("rome", "signed-where") == other
        assert store.state("paris", "never-seen") is None
        assert store.state("nowhere", "staff") is None
        assert store.states("paris") == {"signed-where": first, "staff": second}
        assert store.states("rome") == {"signed-where": other}
        assert store.states("nowhere") == {}
    assert first != other  # the decks really are kept apart


def test_record_replaces_the_state_and_keeps_every_review(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path / "progress.db") as store:
        record(store, "d", "c", T0, fsrs.Rating.Good)
        last = record(store, "d", "c", T0 + timedelta(days=3), fsrs.Rating.Again, correct=False)
        assert store.state("d", "c") == last
        assert [r.rating for r in store.reviews("d")] == [fsrs.Rating.Good, fsrs.Rating.Again]


def test_reviews_round_trip_in_time_order(tmp_path: Path) -> None:
    paris_time = timezone(timedelta(hours=1))
    with ProgressStore.open(tmp_path / "progress.db") as store:
        record(store, "d", "late", T0 + timedelta(hours=2), fsrs.Rating.Hard, duration_ms=7)
        # Given in another time zone; stored and returned as the same instant in UTC.
        record(store, "d", "early", T0.astimezone(paris_time), fsrs.Rating.Again,
               correct=False, duration_ms=0)
        record(store, "other", "x", T0)
        reviews = store.reviews("d")
        assert reviews == [
            Review("early", fsrs.Rating.Again, False, T0, 0),
            Review("late", fsrs.Rating.Hard, True, T0 + timedelta(hours=2), 7),
        ]
        assert all(r.reviewed_at.tzinfo == UTC for r in reviews)
        assert isinstance(reviews[0].rating, fsrs.Rating)
        assert [r.card_id for r in store.reviews("d", since=T0 + timedelta(hours=1))] == ["late"]
        assert [r.card_id for r in store.reviews("d", since=T0)] == ["early", "late"]
        assert store.reviews("nowhere") == []


def test_naive_times_and_bad_arguments_are_refused(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path / "progress.db") as store:
        card = scheduler.review(None, fsrs.Rating.Good, T0)
        with pytest.raises(ValueError, match="time zone"):
            store.record("d", "c", card, fsrs.Rating.Good, reviewed_at=datetime(2025, 1, 1),
                         duration_ms=1, correct=True)
        with pytest.raises(ValueError, match="negative"):
            store.record("d", "c", card, fsrs.Rating.Good, reviewed_at=T0, duration_ms=-1,
                         correct=True)
        with pytest.raises(ValueError, match="time zone"):
            store.reviews("d", since=datetime(2025, 1, 1))
        assert store.reviews("d") == []


def test_record_is_committed_at_once(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    with ProgressStore.open(path) as writer, ProgressStore.open(path) as reader:
        new = record(writer, "d", "c", T0)
        # Seen by another connection while the writer is still open.
        assert reader.state("d", "c") == new
        assert len(reader.reviews("d")) == 1
        raw = sqlite3.connect(path)
        try:
            assert raw.execute("SELECT count(*) FROM review").fetchone()[0] == 1
        finally:
            raw.close()


def test_review_and_state_are_written_together(tmp_path: Path) -> None:
    """If the state cannot be written, the review row is not kept either."""
    path = tmp_path / "progress.db"
    with ProgressStore.open(path) as store:
        record(store, "d", "before", T0)
    raw = sqlite3.connect(path)
    raw.execute("CREATE TRIGGER refuse BEFORE INSERT ON card_state "
                "BEGIN SELECT RAISE(ABORT, 'refused'); END")
    raw.commit()
    raw.close()
    with ProgressStore.open(path) as store:
        with pytest.raises(StoreError):
            record(store, "d", "after", T0 + timedelta(minutes=5))
        assert [r.card_id for r in store.reviews("d")] == ["before"]
        assert store.state("d", "after") is None
        # The failed write left no transaction open: the next one works.
        raw = sqlite3.connect(path)
        raw.execute("DROP TRIGGER refuse")
        raw.commit()
        raw.close()
        record(store, "d", "after", T0 + timedelta(minutes=6))
        assert [r.card_id for r in store.reviews("d")] == ["before", "after"]


def test_record_waits_for_another_writer_instead_of_failing(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    with ProgressStore.open(path) as store:
        other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO review (deck_id, card_id, rating, correct, reviewed_at,"
                      " duration_ms) VALUES ('d', 'other', 3, 1, ?, 0)", (T0.isoformat(),))
        release = threading.Timer(0.5, lambda: other.execute("COMMIT"))
        release.start()
        try:
            record(store, "d", "mine", T0 + timedelta(seconds=1))  # blocks ~0.5 s, then writes
        finally:
            release.join()
            other.close()
        assert [r.card_id for r in store.reviews("d")] == ["other", "mine"]


def test_a_killed_process_keeps_what_it_recorded(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    child = run_python("""
        import os, signal, sys
        from datetime import UTC, datetime
        from pathlib import Path
        import fsrs
        from factdeck.study import scheduler
        from factdeck.study.store import ProgressStore

        store = ProgressStore.open(Path(sys.argv[1]))
        now = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
        card = scheduler.review(None, fsrs.Rating.Good, now)
        store.record("d", "c", card, fsrs.Rating.Good, reviewed_at=now, duration_ms=42,
                     correct=True)
        os.kill(os.getpid(), signal.SIGKILL)
    """, str(path))
    _, err = child.communicate(timeout=60)
    assert child.returncode == -signal.SIGKILL, err
    with ProgressStore.open(path) as store:
        assert store.reviews("d") == [Review("c", fsrs.Rating.Good, True, T0, 42)]
        assert store.state("d", "c") == scheduler.review(None, fsrs.Rating.Good, T0)


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "new-folder" / "progress.db"  # both also race to create it
    go = tmp_path / "go"
    writes = 200
    code = """
        import sys, time
        from datetime import UTC, datetime, timedelta
        from pathlib import Path
        import fsrs
        from factdeck.study.store import ProgressStore

        path, who, go, writes = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])
        while not go.exists():
            time.sleep(0.001)
        base = datetime(2025, 1, 1, tzinfo=UTC)
        with ProgressStore.open(path) as store:
            for i in range(writes):
                at = base + timedelta(seconds=i)
                card = fsrs.Card(card_id=i, due=at + timedelta(days=1), last_review=at)
                store.record("deck", f"{who}-{i}", card, fsrs.Rating.Good, reviewed_at=at,
                             duration_ms=i, correct=True)
                # Both also write the same card: last writer wins, nobody fails.
                store.record("deck", "shared", card, fsrs.Rating.Hard, reviewed_at=at,
                             duration_ms=i, correct=False)
        print("done")
    """
    children = [run_python(code, str(path), who, str(go), str(writes)) for who in ("a", "b")]
    go.touch()
    results = [child.communicate(timeout=300) for child in children]
    for child, (out, err) in zip(children, results, strict=True):
        assert (child.returncode, out.strip(), err) == (0, "done", "")
    with ProgressStore.open(path) as store:
        reviews = store.reviews("deck")
        states = store.states("deck")
    assert len(reviews) == 4 * writes
    own = {r.card_id for r in reviews if r.card_id != "shared"}
    assert own == {f"{who}-{i}" for who in "ab" for i in range(writes)}
    assert set(states) == own | {"shared"}
    assert states["a-7"].card_id == 7


def test_processes_creating_the_file_at_once(tmp_path: Path) -> None:
    """Three processes open the same 30 new files in turn, racing to create each."""
    go = tmp_path / "go"
    code = """
        import sys, time
        from pathlib import Path
        from factdeck.study.store import ProgressStore

        folder, go = Path(sys.argv[1]), Path(sys.argv[2])
        while not go.exists():
            time.sleep(0.001)
        for k in range(30):
            with ProgressStore.open(folder / f"progress-{k}.db") as store:
                store.states("deck")
        print("done")
    """
    children = [run_python(code, str(tmp_path), str(go)) for _ in range(3)]
    go.touch()
    for child in children:
        out, err = child.communicate(timeout=300)
        assert (child.returncode, out.strip(), err) == (0, "done", "")
    for k in range(30):
        with ProgressStore.open(tmp_path / f"progress-{k}.db") as store:
            assert store.states("deck") == {}


# --- the store: files it must refuse -------------------------------------------------


def _random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(1).randbytes(8192))


def _text(path: Path) -> None:
    path.write_text("deck:\n  id: paris\n")


def _sqlite(path: Path, *statements: str) -> None:
    db = sqlite3.connect(path)
    for statement in statements:
        db.execute(statement)
    db.commit()
    db.close()


def _other_tables(path: Path) -> None:
    _sqlite(path, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)",
            "INSERT INTO notes (body) VALUES ('keep me')")


def _other_application(path: Path) -> None:
    _sqlite(path, "PRAGMA application_id = 1234", "PRAGMA user_version = 1")


def _our_id_without_tables(path: Path) -> None:
    _sqlite(path, f"PRAGMA application_id = {APPLICATION_ID}", "PRAGMA user_version = 1")


def _our_id_without_version(path: Path) -> None:
    _sqlite(path, f"PRAGMA application_id = {APPLICATION_ID}",
            "CREATE TABLE card_state (x)", "CREATE TABLE review (x)")


def _our_id_other_columns(path: Path) -> None:
    _sqlite(path, f"PRAGMA application_id = {APPLICATION_ID}", "PRAGMA user_version = 1",
            "CREATE TABLE card_state (x)", "CREATE TABLE review (x)")


BAD_FILES: dict[str, Callable[[Path], None]] = {
    "random-bytes": _random_bytes,
    "text": _text,
    "other-tables": _other_tables,
    "other-application-id": _other_application,
    "our-id-without-tables": _our_id_without_tables,
    "our-id-without-version": _our_id_without_version,
    "our-id-other-columns": _our_id_other_columns,  # refused before it is switched to WAL
}


def assert_way_out(problem: StoreError, path: Path) -> None:
    message = str(problem)
    assert f"'{path}'" in message
    assert f"move it aside, e.g. `mv {path} {path}.bak`, and factdeck starts a new one" in message
    assert "\n" not in message
    assert "Traceback" not in message
    assert not isinstance(problem, sqlite3.Error)


@pytest.mark.parametrize("make", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_not_a_progress_file(tmp_path: Path, make: Callable[[Path], None]) -> None:
    path = tmp_path / "progress.db"
    make(path)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="is not a factdeck progress file") as problem:
        ProgressStore.open(path)
    assert_way_out(problem.value, path)
    assert path.read_bytes() == before  # someone else's file is left as it was
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progress.db"]


def test_newer_format(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    with ProgressStore.open(path):
        pass
    _sqlite(path, f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer factdeck") as problem:
        ProgressStore.open(path)
    assert_way_out(problem.value, path)
    assert f"format {SCHEMA_VERSION + 1}" in str(problem.value)


def test_damaged_file(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    with ProgressStore.open(path) as store:
        for i in range(300):
            record(store, "d", f"card-{i}", T0 + timedelta(seconds=i))
    data = bytearray(path.read_bytes())
    assert len(data) > 6 * 4096
    data[2 * 4096:5 * 4096] = random.Random(2).randbytes(3 * 4096)
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="is not a factdeck progress file") as problem:
        ProgressStore.open(path)  # found at once, not in the middle of a session
    assert_way_out(problem.value, path)


@pytest.mark.parametrize("name", ["progress.db", "Documents"])
def test_a_folder(tmp_path: Path, name: str) -> None:
    """A folder (say ~/Documents) is never to be moved aside: ask for a file in it."""
    path = tmp_path / name
    path.mkdir()
    (path / "letter.txt").write_text("keep me")
    with pytest.raises(StoreError, match="is a folder") as problem:
        ProgressStore.open(path)
    message = str(problem.value)
    assert message == (f"'{path}' is a folder: give --progress a file path,"
                       f" e.g. '{path / 'progress.db'}'")
    assert "mv " not in message
    assert ".bak" not in message
    assert "move" not in message
    assert not isinstance(problem.value, sqlite3.Error)
    assert sorted(p.name for p in path.iterdir()) == ["letter.txt"]
    assert (path / "letter.txt").read_text() == "keep me"
    # The suggested file works.
    with ProgressStore.open(path / "progress.db") as store:
        assert store.states("d") == {}


def test_a_link_to_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "Documents"
    folder.mkdir()
    link = tmp_path / "progress.db"
    link.symlink_to(folder, target_is_directory=True)
    with pytest.raises(StoreError, match="is a folder") as problem:
        ProgressStore.open(link)
    assert "mv " not in str(problem.value)
    assert link.is_symlink()
    assert list(folder.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_not_a_regular_file(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    os.mkfifo(path)
    with pytest.raises(StoreError, match="is not a regular file") as problem:
        ProgressStore.open(path)
    assert "FACTDECK_PROGRESS" in str(problem.value)
    assert "mv " not in str(problem.value)  # no advice to move /dev/null aside


def test_empty_file_becomes_a_new_store(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    path.touch()  # e.g. made by `touch`, or a file truncated to nothing: nothing to lose
    with ProgressStore.open(path) as store:
        new = record(store, "d", "c", T0)
    with ProgressStore.open(path) as store:
        assert store.state("d", "c") == new


def test_folder_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(StoreError, match="cannot create the folder") as problem:
        ProgressStore.open(blocker / "factdeck" / "progress.db")
    assert "FACTDECK_PROGRESS" in str(problem.value)
    assert blocker.read_text() == "a file where the folder should be"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="permissions do not stop root")
def test_read_only_file(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    with ProgressStore.open(path):
        pass
    path.chmod(0o444)
    with pytest.raises(StoreError, match="cannot read and write") as problem:
        ProgressStore.open(path)
    assert "chmod u+rw" in str(problem.value)


def test_default_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FACTDECK_PROGRESS", str(tmp_path / "mine.db"))
    assert default_path() == tmp_path / "mine.db"
    monkeypatch.delenv("FACTDECK_PROGRESS")
    expected = Path(platformdirs.user_data_dir("factdeck", appauthor=False)) / "progress.db"
    assert default_path() == expected
    monkeypatch.setenv("FACTDECK_PROGRESS", "")
    assert default_path() == expected


# --- the scheduler --------------------------------------------------------------------

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
IDS = ["a", "b", "c", "d", "e", "f", "g", "h"]
# b and e are due (e earlier), c is due later, the rest were never seen.
STATES = {
    "b": state(NOW - timedelta(hours=1)),
    "c": state(NOW + timedelta(days=2)),
    "e": state(NOW - timedelta(days=3)),
    "deleted": state(NOW - timedelta(days=9)),  # an orphan: not in the deck any more
}


def make_plan(*, new_limit: int = 10, limit: int | None = None, study_all: bool = False,
              seed: int = 0) -> Plan:
    return scheduler.plan(IDS, STATES, NOW, new_limit=new_limit, limit=limit,
                          study_all=study_all, rng=random.Random(seed))


def test_plan_due_first_then_new_in_deck_order() -> None:
    assert make_plan() == Plan(due=["e", "b"], new=["a", "d", "f", "g", "h"])
    assert make_plan().cards == ["e", "b", "a", "d", "f", "g", "h"]


def test_plan_new_limit() -> None:
    assert make_plan(new_limit=2) == Plan(due=["e", "b"], new=["a", "d"])
    assert make_plan(new_limit=0) == Plan(due=["e", "b"], new=[])


def test_plan_limit_caps_the_total_due_first() -> None:
    assert make_plan(limit=3) == Plan(due=["e", "b"], new=["a"])
    assert make_plan(limit=1) == Plan(due=["e"], new=[])
    assert make_plan(limit=0) == Plan(due=[], new=[])
    with pytest.raises(ValueError, match="limit"):
        make_plan(limit=-1)


def test_plan_study_all_ignores_the_schedule() -> None:
    every = make_plan(study_all=True, new_limit=0)
    assert sorted(every.cards) == IDS  # not-yet-due c and the new cards too; no orphan
    assert every.cards != IDS  # shuffled
    assert every == make_plan(study_all=True, new_limit=0)  # by the rng
    assert every != make_plan(study_all=True, new_limit=0, seed=1)
    assert len(make_plan(study_all=True, limit=3).cards) == 3


def test_review_again_comes_back_sooner_than_good() -> None:
    for before in (None, state(NOW - timedelta(days=1))):
        again = scheduler.review(before, fsrs.Rating.Again, NOW, 3000)
        good = scheduler.review(before, fsrs.Rating.Good, NOW, 3000)
        easy = scheduler.review(before, fsrs.Rating.Easy, NOW, 3000)
        assert NOW < again.due < good.due < easy.due
        assert again.last_review == good.last_review == NOW
    lapsed = scheduler.review(state(NOW), fsrs.Rating.Again, NOW)
    assert lapsed.state is fsrs.State.Relearning


def test_review_is_deterministic_and_leaves_the_old_state() -> None:
    before = state(NOW - timedelta(days=1))
    copy = state(NOW - timedelta(days=1))
    results = {scheduler.review(before, fsrs.Rating.Good, NOW).due for _ in range(20)}
    assert len(results) == 1  # no fuzzing
    assert before == copy
    # Any time zone will do; a time with none will not.
    assert scheduler.review(before, fsrs.Rating.Good,
                            NOW.astimezone(timezone(timedelta(hours=-5)))).due in results
    with pytest.raises(ValueError, match="time zone"):
        scheduler.review(None, fsrs.Rating.Good, datetime(2025, 3, 1))


def test_forecast() -> None:
    today = date(2025, 3, 1)
    dues = [NOW - timedelta(days=30), NOW - timedelta(days=1), NOW, NOW + timedelta(hours=11),
            NOW + timedelta(hours=12), NOW + timedelta(days=13), NOW + timedelta(days=14)]
    per_day = scheduler.forecast([state(due) for due in dues], today, tz=UTC)
    assert len(per_day) == 14
    # Overdue and today on day 0; 23:00 still today; midnight is tomorrow; day 14 is past the end.
    assert per_day == [4, 1] + [0] * 11 + [1]
    assert scheduler.forecast([state(due) for due in dues], today, days=2, tz=UTC) == [4, 1]
    # Calendar days are the learner's: at UTC+2, 23:00 UTC is already tomorrow.
    plus_two = timezone(timedelta(hours=2))
    late = [state(NOW + timedelta(hours=11))]
    assert scheduler.forecast(late, today, 3, tz=plus_two) == [0, 1, 0]
    assert scheduler.forecast([], today, 3, tz=UTC) == [0, 0, 0]


def test_counts() -> None:
    ids = ["new", "learning", "relearning", "due", "due-tonight", "tomorrow", "later"]
    states = {
        "learning": state(NOW + timedelta(days=2), fsrs.State.Learning),
        "relearning": state(NOW - timedelta(days=1), fsrs.State.Relearning),
        "due": state(NOW - timedelta(days=1)),
        "due-tonight": state(NOW + timedelta(hours=11, minutes=59)),
        "tomorrow": state(NOW + timedelta(hours=12)),
        "later": state(NOW + timedelta(days=30)),
        "deleted": state(NOW - timedelta(days=1)),
    }
    # learning: learning, relearning. due today: relearning (overlaps learning), due,
    # due-tonight. learned: tomorrow, later.
    assert scheduler.counts(ids, states, NOW, tz=UTC) == Counts(
        new=1, learning=2, due_today=3, learned=2)
    # At UTC-5 the day ends five hours later: "tomorrow" is due today there.
    minus_five = timezone(timedelta(hours=-5))
    assert scheduler.counts(ids, states, NOW, tz=minus_five) == Counts(
        new=1, learning=2, due_today=4, learned=1)


def test_counts_learning_cards_due_now_are_due_today() -> None:
    """The reviewer's case: 9 learning cards due now showed "due today 0"."""
    ids = [f"card-{i}" for i in range(9)]
    states = {cid: state(NOW - timedelta(minutes=i + 1), fsrs.State.Learning) for i, cid in
              enumerate(ids)}
    assert scheduler.counts(ids, states, NOW, tz=UTC) == Counts(
        new=0, learning=9, due_today=9, learned=0)


def test_counts_by_state_and_due_time() -> None:
    end_of_day = datetime(2025, 3, 2, tzinfo=UTC)
    cases = {  # state, due -> (learning, due_today, learned)
        (fsrs.State.Learning, NOW + timedelta(minutes=10)): (1, 1, 0),
        (fsrs.State.Learning, end_of_day - timedelta(microseconds=1)): (1, 1, 0),
        (fsrs.State.Learning, end_of_day): (1, 0, 0),
        (fsrs.State.Relearning, NOW): (1, 1, 0),
        (fsrs.State.Relearning, NOW + timedelta(days=1)): (1, 0, 0),
        (fsrs.State.Review, NOW - timedelta(days=5)): (0, 1, 0),
        (fsrs.State.Review, end_of_day - timedelta(microseconds=1)): (0, 1, 0),
        (fsrs.State.Review, end_of_day): (0, 0, 1),
    }
    for (kind, due), (learning, due_today, learned) in cases.items():
        got = scheduler.counts(["c"], {"c": state(due, kind)}, NOW, tz=UTC)
        assert got == Counts(new=0, learning=learning, due_today=due_today,
                             learned=learned), (kind, due)
    # A card given twice is counted once.
    assert scheduler.counts(["c", "c"], {}, NOW, tz=UTC) == Counts(
        new=1, learning=0, due_today=0, learned=0)
