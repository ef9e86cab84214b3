"""Reading card files: find them, parse YAML with locations, read decks, validate them."""
