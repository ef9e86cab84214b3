"""Scans as grey images: every page of a PDF (rendered with pypdfium2), or one image
(PNG, JPEG, TIFF…, read with OpenCV). Anything unreadable is a problem to report,
never a crash; a page too large to be a scan is refused before it fills memory."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DPI = 200  # a PDF page is rendered at this resolution
MAX_PIXELS = 80_000_000  # about A3 at 600 dpi
MAX_PAGES = 2_000


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
    if path.read_bytes()[:5] == b"%PDF-":
        yield from _pdf_pages(path)
        return
    yield _image(path)


def _image(path: Path) -> Page:
    import cv2
    import numpy as np

    data = np.frombuffer(path.read_bytes(), dtype=np.uint8)
    header = cv2.imdecode(data, cv2.IMREAD_REDUCED_GRAYSCALE_8) if data.size else None
    if header is None:
        return Page(str(path), 1, None, "not an image OpenCV can read (PNG, JPEG, TIFF, BMP)")
    if header.shape[0] * header.shape[1] * 64 > MAX_PIXELS:
        return Page(str(path), 1, None, "the image is too large for a scanned page")
    image = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE)
    return Page(str(path), 1, image)


def _pdf_pages(path: Path) -> Iterator[Page]:
    import numpy as np
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
            page = document[index]
            width, height = page.get_size()
            scale = DPI / 72
            if width * height * scale * scale > MAX_PIXELS:
                yield Page(str(path), index + 1, None, "the page is too large for a scanned page")
                continue
            bitmap = page.render(scale=scale, grayscale=True)
            image = np.array(bitmap.to_numpy(), dtype=np.uint8)
            if image.ndim == 3:
                image = image[:, :, 0]
            yield Page(str(path), index + 1, image)
