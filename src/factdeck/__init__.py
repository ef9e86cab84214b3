"""factdeck: turn the facts of a document into study material."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
