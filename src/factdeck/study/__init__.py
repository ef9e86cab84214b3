"""The terminal self-test: scheduler (FSRS), store (progress), grading, session (the
flow), view (all rendering) and terminal (keys and lines)."""
