"""The Anki package: note types and fields (notes), stable ids, note stamps, the .apkg."""
