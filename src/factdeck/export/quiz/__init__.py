"""The printable quiz: options, card selection, layout as data, and Typst rendering."""
