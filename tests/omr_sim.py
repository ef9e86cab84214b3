"""Answer sheets as a class, a printer and a scanner would treat them, for testing
`factdeck mark` (tests/test_mark.py, a few sheets) and measuring it
(bench/mark.py, hundreds): the printed sheet rendered to an image, bubbles filled by
"hand" (dark ellipses of varying size and darkness, a second mark, a faint one, an
erased one), stray marks, then rotation, scale, perspective, blur, noise and JPEG.
Every sheet records what a careful reader would see, to compare with what was read.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np
import pypdfium2 as pdfium

from factdeck.export.sheet.layout import BUBBLE, Bubble, sheet_pages
from factdeck.mark.bubbles import Mark
from factdeck.mark.grade import Key

PAPER_WHITE = 246


@dataclass(frozen=True)
class Conditions:
    """How students mark and how the scanner treats the page: ranges drawn from."""

    fill_grey: tuple[int, int] = (15, 95)  # a mark's darkness (0 black … 255 white)
    fill_size: tuple[float, float] = (0.78, 1.05)  # its radii, of the bubble's
    jitter: float = 0.35  # mm off the bubble's centre
    blur: tuple[float, float] = (0.3, 1.0)  # Gaussian sigma, in pixels at 150 dpi
    noise: tuple[float, float] = (2, 8)  # Gaussian sigma, grey levels
    jpeg: tuple[int, int] = (45, 85)  # JPEG quality


# Beyond what the issue asks: pencil-grey fills, small marks off-centre, soft focus.
HARSH = Conditions(fill_grey=(15, 135), fill_size=(0.65, 1.05), jitter=0.6,
                   blur=(0.5, 1.6), noise=(4, 14), jpeg=(25, 70))


@dataclass
class Truth:
    """What is on a simulated sheet: each bubble's state as a person would judge it."""

    version: str
    student: str
    marks: dict[tuple[int, str], Mark] = field(default_factory=dict)


def render_page(pdf: bytes, index: int, dpi: int) -> Any:
    document = pdfium.PdfDocument(pdf)
    bitmap = document[index].render(scale=dpi / 72, grayscale=True)
    image = np.array(bitmap.to_numpy(), dtype=np.uint8)
    return image[:, :, 0] if image.ndim == 3 else image


def fill(image: Any, bubbles: tuple[Bubble, ...], *, dpi: int, rng: random.Random,
         truth: Truth, options: dict[int, tuple[str, ...]],
         conditions: Conditions = Conditions()) -> Any:
    """Marks as students make them, drawn onto the rendered sheet."""
    sheet = image.copy()
    ppm = dpi / 25.4
    where = {(b.number, b.option): b for b in bubbles}
    for number, choices in options.items():
        for option in choices:
            truth.marks[number, option] = Mark.EMPTY
        roll = rng.random()
        if roll < 0.08:
            continue  # left blank
        chosen = rng.choice(choices)
        _ellipse(sheet, where[number, chosen], ppm=ppm, rng=rng,
                     grey=rng.randint(*conditions.fill_grey), conditions=conditions)
        truth.marks[number, chosen] = Mark.FILLED
        others = [o for o in choices if o != chosen]
        if roll > 0.96:  # a second answer
            second = rng.choice(others)
            _ellipse(sheet, where[number, second], ppm=ppm, rng=rng,
                     grey=rng.randint(*conditions.fill_grey), conditions=conditions)
            truth.marks[number, second] = Mark.FILLED
        elif roll > 0.93:  # a faint mark, or one erased but not clean
            faint = rng.choice(others)
            _ellipse(sheet, where[number, faint], ppm=ppm, rng=rng,
                     grey=rng.randint(172, 196), conditions=Conditions())
            truth.marks[number, faint] = Mark.FAINT
    _strays(sheet, ppm, rng)
    return sheet


def _ellipse(sheet: Any, bubble: Bubble, *, ppm: float, rng: random.Random, grey: int,
             conditions: Conditions) -> None:
    radius = BUBBLE / 2
    off = conditions.jitter
    centre = ((bubble.x + rng.uniform(-off, off)) * ppm, (bubble.y + rng.uniform(-off, off)) * ppm)
    axes = (rng.uniform(*conditions.fill_size) * radius * ppm,
            rng.uniform(*conditions.fill_size) * radius * ppm)
    cv2.ellipse(sheet, (round(centre[0]), round(centre[1])),
                (round(axes[0]), round(axes[1])), rng.uniform(0, 180), 0, 360, grey, -1,
                lineType=cv2.LINE_AA)


def _strays(sheet: Any, ppm: float, rng: random.Random) -> None:
    """Doodles and slips of the pen, in the margins and between the columns."""
    height = sheet.shape[0]
    for _ in range(rng.randint(1, 4)):
        x = rng.uniform(30, 180) * ppm
        y = rng.choice([rng.uniform(62, 70), rng.uniform(height / ppm - 22, height / ppm - 18)])
        end = (round(x + rng.uniform(-12, 12) * ppm), round(y * ppm + rng.uniform(-2, 2) * ppm))
        cv2.line(sheet, (round(x), round(y * ppm)), end, rng.randint(40, 120),
                 max(1, round(0.4 * ppm)), lineType=cv2.LINE_AA)


def scan(sheet: Any, rng: random.Random, dpi: int, conditions: Conditions = Conditions()) -> Any:
    """A scanner's copy: turned, scaled and skewed a little, blurred, noisy, JPEG."""
    height, width = sheet.shape
    pad = round(0.06 * max(height, width))
    canvas = cv2.copyMakeBorder(sheet, pad, pad, pad, pad, cv2.BORDER_CONSTANT,
                                value=PAPER_WHITE)
    h, w = canvas.shape
    corners = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    skew = 0.012 * min(w, h)
    moved = corners + np.float32([[rng.uniform(-skew, skew), rng.uniform(-skew, skew)]
                                  for _ in range(4)])
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), rng.uniform(-5, 5), rng.uniform(0.95, 1.05))
    turned = cv2.transform(moved.reshape(-1, 1, 2), turn).reshape(-1, 2).astype(np.float32)
    transform = cv2.getPerspectiveTransform(corners, turned)
    out = cv2.warpPerspective(canvas, transform, (w, h), borderMode=cv2.BORDER_CONSTANT,
                              borderValue=PAPER_WHITE)
    sigma = rng.uniform(*conditions.blur) * dpi / 150
    out = cv2.GaussianBlur(out, (0, 0), sigma)
    noise = np.random.default_rng(rng.randrange(2**32)).normal(0, rng.uniform(*conditions.noise),
                                                               out.shape)
    out = np.clip(out.astype(np.float32) + noise, 0, 255).astype(np.uint8)
    _, jpeg = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, rng.randint(*conditions.jpeg)])
    return jpeg.tobytes()


def simulated(pdf: bytes, page: int, key: Key, *, version: str, student: str, dpi: int,
              seed: int, conditions: Conditions = Conditions()) -> tuple[bytes, Truth]:
    """One scanned sheet as JPEG bytes, and what is on it."""
    rng = random.Random(seed)
    questions = key.versions[version]
    printed = sheet_pages(questions, key.paper, key.quiz, version, student)[0]
    options = {q.number: q.options for q in questions
               if any(b.number == q.number for b in printed.bubbles)}
    truth = Truth(version, student)
    sheet = fill(render_page(pdf, page, dpi), printed.bubbles, dpi=dpi, rng=rng, truth=truth,
                 options=options, conditions=conditions)
    return scan(sheet, rng, dpi, conditions), truth
