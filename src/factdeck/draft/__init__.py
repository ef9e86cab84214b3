"""Drafting cards from a document: candidates (facts → clozes and questions), output (YAML)."""
