"""Formatted card text, for decks that ask for it (`format: markdown`): a small,
documented Markdown subset — emphasis, strong, inline code, line breaks, lists,
images — and `$…$` / `$$…$$` formulas, parsed once into a tree (`model`) by a real
parser configured to that subset (`parse`), and written out by each output from the
tree, escaping every text run for that output: a card's text is never markup."""
