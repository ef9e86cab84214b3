"""Templates shipped with factdeck, read as package data."""

from __future__ import annotations

from importlib import resources


def read_template(*parts: str) -> str:
    return resources.files(__name__).joinpath(*parts).read_text(encoding="utf-8")


def read_schema() -> str:
    return resources.files("factdeck").joinpath("schema", "cards.schema.json").read_text(
        encoding="utf-8")
