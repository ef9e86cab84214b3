"""`factdeck mark`: scanned answer sheets read back and graded. `scan` turns PDFs and
images into grey pages, `locate` finds a page's corner squares and its QR code and
straightens it, `bubbles` reads each bubble, `grade` marks a sheet against the answers
file and `results` writes the table and the annotated pages."""
