"""How dark each bubble is, on the straightened sheet: the share of the bubble's inside
darker than the paper around it, measured inside the printed ring (so the ring and the
faint letter count little) against the paper's own white nearby, so that a grey scan
or uneven light reads the same as a clean one."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from factdeck.export.sheet.layout import BUBBLE, Bubble
from factdeck.mark.locate import PX_PER_MM

FILLED = 0.45  # this dark or more: a mark
EMPTY = 0.20  # this dark or less: no mark; between the two: a faint mark, for a person
INSIDE = 0.62  # of the bubble's radius: where the filling is measured


class Mark(StrEnum):
    FILLED = "filled"
    EMPTY = "empty"
    FAINT = "faint"


def darkness(sheet: Any, bubble: Bubble) -> float:
    """0 for paper, 1 for a bubble filled with ink."""
    import numpy as np

    cx, cy = bubble.x * PX_PER_MM, bubble.y * PX_PER_MM
    radius = BUBBLE / 2 * PX_PER_MM
    reach = round(radius * 2.2)
    top, left = max(round(cy) - reach, 0), max(round(cx) - reach, 0)
    patch = sheet[top:round(cy) + reach, left:round(cx) + reach].astype(np.float32)
    if patch.size == 0:
        return 0.0
    ys, xs = np.ogrid[:patch.shape[0], :patch.shape[1]]
    distance = np.hypot(xs + left - cx, ys + top - cy)
    inside = patch[distance <= radius * INSIDE]
    paper = float(np.percentile(patch[distance >= radius * 1.4], 90))
    ink = min(60.0, paper - 1)
    dark = np.clip((paper - inside) / (paper - ink), 0, 1)
    return float(dark.mean())


def mark_of(level: float) -> Mark:
    return Mark.FILLED if level >= FILLED else Mark.EMPTY if level <= EMPTY else Mark.FAINT
