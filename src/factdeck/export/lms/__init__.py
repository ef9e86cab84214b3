"""Exports for the tools schools use: Moodle XML, a Canvas QTI package, a Kahoot
spreadsheet, and tab-separated text for Quizlet. Each turns checked cards into the
bytes of one file, escaping card text for its format: text never becomes markup."""
