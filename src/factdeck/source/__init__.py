"""The source document: its sentences and paragraphs, quote lookup, and similarity."""
