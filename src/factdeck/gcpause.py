"""Pausing Python's cyclic garbage collector during the big allocating steps.

Reading a card file of 100,000 cards makes millions of small objects (located
values, cards, diagnostics) and none of them forms a reference cycle. The
cyclic collector nevertheless walks every live object again each time the heap
grows by a quarter: half the time of `check` on such a deck. Reference
counting still frees everything as usual while the collector is paused.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
