"""Coverage: which sentences of the source the cards cite (measure), as text (report) and HTML."""
