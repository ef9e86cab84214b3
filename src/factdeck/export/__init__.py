"""One package per output: anki (.apkg), quiz (Typst → PDF), coverage (report and HTML)."""
