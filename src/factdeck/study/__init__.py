"""The terminal self-test: grading, scheduling, progress, the session."""
