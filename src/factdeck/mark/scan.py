"""Scans as grey images: every page of a PDF (rendered with pypdfium2), or one image
(PNG, JPEG, TIFF…, read with OpenCV). Anything unreadable is a problem to report,
never a crash; a page too large to be a scan is refused before it fills memory."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DPI = 200  # a PDF page is rendered at this resolution
MAX_PIXELS = 80_000_000  # about A3 at 600 dpi
MAX_PAGES = 2_000
MIN_SIDE = 200  # pixels: less is no page a sheet could be read from
# OpenCV's own ceiling on what it decodes, read when it first decodes: set before.
os.environ.setdefault("OPENCV_IO_MAX_IMAGE_PIXELS", str(MAX_PIXELS))


@dataclass(frozen=True)
class Page:
    source: str  # the file, as given
    number: int  # the page in that file, from 1
    image: Any | None  # a 2-D uint8 array; None when the page could not be read
    problem: str = ""


def pages(path: Path) -> Iterator[Page]:
    shown = str(path)
    if not path.is_file():
        yield Page(shown, 1, None, "no such file")
        return
    data = path.read_bytes()
    if data[:5] == b"%PDF-":
        yield from _pdf_pages(path)
        return
    yield from _images(shown, data)


def _images(shown: str, data: bytes) -> Iterator[Page]:
    """The pages of an image file: one, or every page of a multi-page TIFF."""
    import cv2
    import numpy as np

    too_big = _too_big(data)
    if too_big:
        yield Page(shown, 1, None, too_big)
        return
    buffer = np.frombuffer(data, dtype=np.uint8)
    try:
        found, images = cv2.imdecodemulti(buffer, cv2.IMREAD_GRAYSCALE) if data else (False, [])
    except cv2.error:  # (OpenCV refuses what is over OPENCV_IO_MAX_IMAGE_PIXELS, too)
        found, images = False, []
    if not found or not images:
        yield Page(shown, 1, None, "not an image that can be read (PNG, JPEG, TIFF, BMP)")
        return
    for number, image in enumerate(images[:MAX_PAGES], start=1):
        yield _checked(shown, number, image)


def _checked(shown: str, number: int, image: Any) -> Page:
    if min(image.shape[:2]) < MIN_SIDE:
        return Page(shown, number, None, "the image is too small to be a scanned page")
    return Page(shown, number, image)


def _too_big(data: bytes) -> str:
    """Why an image is too large to decode, read from its header (PNG, JPEG): a few
    bytes may claim a picture that would fill the memory."""
    width, height = _dimensions(data)
    return "the image is too large for a scanned page" if width * height > MAX_PIXELS else ""


def _dimensions(data: bytes) -> tuple[int, int]:
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    at = 2
    while data[:2] == b"\xff\xd8" and at + 9 < len(data) and data[at] == 0xFF:
        marker, length = data[at + 1], int.from_bytes(data[at + 2:at + 4], "big")
        if marker in _JPEG_FRAMES:
            return (int.from_bytes(data[at + 7:at + 9], "big"),
                    int.from_bytes(data[at + 5:at + 7], "big"))
        at += 2 + length
    return 0, 0  # other formats: OpenCV's own limit applies


_JPEG_FRAMES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _pdf_pages(path: Path) -> Iterator[Page]:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        yield Page(str(path), 1, None, f"not a PDF that can be read ({error})")
        return
    with document:
        if len(document) > MAX_PAGES:
            yield Page(str(path), 1, None, f"more than {MAX_PAGES} pages")
            return
        for index in range(len(document)):
            yield _pdf_page(str(path), document, index)


def _pdf_page(shown: str, document: Any, index: int) -> Page:
    import numpy as np
    import pypdfium2 as pdfium

    try:
        page = document[index]
        width, height = page.get_size()
        scale = DPI / 72
        if width * height * scale * scale > MAX_PIXELS:
            return Page(shown, index + 1, None, "the page is too large for a scanned page")
        image = np.array(page.render(scale=scale, grayscale=True).to_numpy(), dtype=np.uint8)
    except pdfium.PdfiumError as error:
        return Page(shown, index + 1, None, f"the page cannot be read ({error})")
    return _checked(shown, index + 1, image[:, :, 0] if image.ndim == 3 else image)
