"""Finding the sheet on a scanned page: its four corner squares, then the QR code.

The squares are the page's darkest solid squares nearest its corners. Mapping their
centres onto where the layout printed them undoes rotation, scale and perspective in
one step: the result is the sheet as printed, at PX_PER_MM, where every bubble is
where the layout says. A page scanned upside down is turned and tried again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from factdeck.export.sheet.layout import MARKER, PAGE_MM, markers, read_payload

PX_PER_MM = 8.0  # the straightened sheet's resolution


@dataclass(frozen=True)
class Located:
    image: Any  # the straightened sheet, grey, PX_PER_MM
    quiz: str
    version: str
    student: str
    page: int


def locate(gray: Any, paper: str) -> Located | str:
    """The straightened sheet and what its code says, or why it could not be found."""
    import cv2

    problem = "no sheet found"
    for image in (gray, cv2.rotate(gray, cv2.ROTATE_180)):
        corners = find_markers(image, paper)
        if corners is None:
            problem = "the four corner squares were not found"
            continue
        sheet = straighten(image, corners, paper)
        text = read_code(sheet, paper)
        if text is None:
            problem = "the code in the top right corner could not be read"
            continue
        found = read_payload(text)
        if found is None:
            return "the code is not a factdeck answer sheet's"
        return Located(sheet, *found)
    return problem


def find_markers(gray: Any, paper: str) -> Any | None:
    """The centres of the corner squares (top left, top right, bottom right, bottom
    left) in the image, or None."""
    import numpy as np

    height, width = gray.shape
    squares = _squares(gray, MARKER * width / PAGE_MM[paper][0])
    if len(squares) < 4:
        return None
    points = np.array(squares)
    corners = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=float)
    chosen = []
    for corner in corners:
        distances = np.hypot(*(points - corner).T)
        best = int(np.argmin(distances))
        if distances[best] > 0.3 * np.hypot(width, height):
            return None
        chosen.append(points[best])
    if len({tuple(point) for point in chosen}) < 4:
        return None
    return np.array(chosen, dtype=np.float32)


def _squares(gray: Any, side: float) -> list[tuple[float, float]]:
    """The centres of the dark solid squares about `side` pixels wide."""
    import cv2

    _, dark = cv2.threshold(cv2.GaussianBlur(gray, (5, 5), 0), 0, 255,
                            cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    contours, _ = cv2.findContours(dark, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    squares = []
    for contour in contours:
        area = cv2.contourArea(contour)
        if not 0.35 * side * side <= area <= 2.2 * side * side:
            continue
        _, _, w, h = cv2.boundingRect(contour)
        hull = cv2.contourArea(cv2.convexHull(contour))
        if 0.7 <= w / h <= 1.4 and hull and area / hull > 0.9 and area / (w * h) > 0.6:
            moments = cv2.moments(contour)
            squares.append((moments["m10"] / moments["m00"], moments["m01"] / moments["m00"]))
    return squares


def straighten(gray: Any, corners: Any, paper: str) -> Any:
    import cv2
    import numpy as np

    width, height = PAGE_MM[paper]
    target = np.array(markers(paper), dtype=np.float32) * PX_PER_MM
    transform = cv2.getPerspectiveTransform(corners, target)
    size = (round(width * PX_PER_MM), round(height * PX_PER_MM))
    return cv2.warpPerspective(gray, transform, size, flags=cv2.INTER_AREA,
                               borderMode=cv2.BORDER_CONSTANT, borderValue=255)


def read_code(sheet: Any, paper: str) -> str | None:
    """The QR code's text, read in the top right of the straightened sheet."""
    import cv2

    width, _ = PAGE_MM[paper]
    ppm = PX_PER_MM
    region = sheet[: round(60 * ppm), round((width - 80) * ppm):]
    detector = cv2.QRCodeDetector()
    for image in (region, cv2.threshold(region, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1]):
        text, _, _ = detector.detectAndDecode(image)
        if text:
            return str(text)
    return None
