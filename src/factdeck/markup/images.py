"""The images cards show: where an image's path leads (relative to its card file,
confined to that file's folder, never a URL), whether it is an image factdeck carries
(PNG, JPEG, GIF, WebP, or an SVG without scripts), and the flat, content-hashed name
it is packaged under (Anki's media folder has no subfolders; two images named alike
never collide, one image used twice is stored once)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from factdeck.errors import FieldProblem

MAX_BYTES = 5_000_000
MAX_SIDE = 8_000  # pixels
_URL = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//)")
_KINDS = {".png": b"\x89PNG\r\n\x1a\n", ".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff",
          ".gif": b"GIF8", ".webp": b"RIFF", ".svg": b""}


def image_file(card_file: Path, src: str) -> Path:
    """The file an image path names, or FieldProblem saying why it cannot be used."""
    if _URL.match(src):
        raise FieldProblem("image-remote", f"the image '{src[:60]}' is not a file: factdeck "
                           "never fetches anything", "download it into the deck's folder")
    folder = card_file.parent.resolve()
    path = (card_file.parent / src).resolve()
    if src.startswith("/") or not path.is_relative_to(folder):
        raise FieldProblem("image-outside", f"the image '{src[:60]}' is outside the card "
                           "file's folder", "copy it into the folder (or a folder inside it)")
    if not path.is_file():
        raise FieldProblem("image-missing", f"no image at '{src[:60]}'",
                           "the path is relative to the card file")
    return path


def image_problem(path: Path) -> FieldProblem | None:
    """Why the image cannot be shown, or None."""
    suffix = path.suffix.lower()
    if suffix not in _KINDS:
        return FieldProblem("image-type", f"'{path.name}' is not a PNG, JPEG, GIF, WebP or "
                            "SVG image")
    if path.stat().st_size > MAX_BYTES:
        return FieldProblem("image-too-large", f"'{path.name}' is over "
                            f"{MAX_BYTES // 1_000_000} MB", "make it smaller")
    data = path.read_bytes()
    if not data.startswith(_KINDS[suffix]) or (suffix == ".webp" and data[8:12] != b"WEBP"):
        return FieldProblem("image-type", f"'{path.name}' is not the {suffix[1:]} image its "
                            "name says")
    if suffix == ".svg":
        return _svg_problem(path.name, data)
    width, height = _size(suffix, data)
    if max(width, height) > MAX_SIDE:
        return FieldProblem("image-too-large", f"'{path.name}' is {width}×{height} pixels, "
                            f"over {MAX_SIDE} a side", "make it smaller")
    return None


def media_name(path: Path) -> str:
    """The name an image is packaged under: its content's hash and its type."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:20]
    return f"fd-{digest}{path.suffix.lower().replace('.jpeg', '.jpg')}"


def _size(suffix: str, data: bytes) -> tuple[int, int]:
    if suffix == ".png" and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if suffix == ".gif" and len(data) >= 10:
        return int.from_bytes(data[6:8], "little"), int.from_bytes(data[8:10], "little")
    if suffix in (".jpg", ".jpeg"):
        return _jpeg_size(data)
    if suffix == ".webp":
        return _webp_size(data)
    return 0, 0


def _webp_size(data: bytes) -> tuple[int, int]:
    """The canvas of a WebP file, from whichever of its three headers it has."""
    kind = data[12:16]
    if kind == b"VP8X" and len(data) >= 30:
        return (int.from_bytes(data[24:27], "little") + 1,
                int.from_bytes(data[27:30], "little") + 1)
    if kind == b"VP8L" and len(data) >= 25:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if kind == b"VP8 " and len(data) >= 30:
        return (int.from_bytes(data[26:28], "little") & 0x3FFF,
                int.from_bytes(data[28:30], "little") & 0x3FFF)
    return MAX_SIDE + 1, MAX_SIDE + 1  # a WebP of no known kind: refused


def _jpeg_size(data: bytes) -> tuple[int, int]:
    at = 2
    while at + 9 < len(data) and data[at] == 0xFF:
        marker, length = data[at + 1], int.from_bytes(data[at + 2:at + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            return (int.from_bytes(data[at + 7:at + 9], "big"),
                    int.from_bytes(data[at + 5:at + 7], "big"))
        at += 2 + length
    return 0, 0


# The elements of a plain drawing. Anything else (script, style, animation, foreign
# documents, images, fonts) is refused, whatever its namespace prefix.
_SVG_ELEMENTS = frozenset({
    "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text",
    "tspan", "defs", "linearGradient", "radialGradient", "stop", "title", "desc", "clipPath",
    "mask", "symbol", "use", "pattern", "marker", "metadata"})
_SVG_MAX_ELEMENTS = 50_000


def _svg_problem(name: str, data: bytes) -> FieldProblem | None:
    """An SVG is a document that can run script, style and fetch: only a plain drawing,
    parsed element by element, passes."""
    why = _svg_refusal(data)
    if why:
        return FieldProblem("image-unsafe", f"'{name}' is no plain SVG drawing ({why})",
                            "export it as a plain drawing, or as PNG")
    return None


def _svg_refusal(data: bytes) -> str:
    import xml.etree.ElementTree as ET

    if re.search(rb"<!(?:DOCTYPE|ENTITY)", data, re.IGNORECASE):
        return "a DOCTYPE or an entity"
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return "not well-formed XML"
    for count, element in enumerate(root.iter()):
        why = _element_refusal(element, count)
        if why:
            return why
    return "" if root.tag.rsplit("}", 1)[-1] == "svg" else "its root is not <svg>"


def _element_refusal(element: Any, count: int) -> str:
    tag = element.tag.rsplit("}", 1)[-1]
    if count > _SVG_MAX_ELEMENTS:
        return "too many elements"
    if tag not in _SVG_ELEMENTS:
        return f"<{tag}>"
    active = next((name for name, value in element.attrib.items()
                       if _active_attribute(name.rsplit("}", 1)[-1].lower(), value)), None)
    return f"the attribute {active}" if active is not None else ""


def _active_attribute(name: str, value: str) -> bool:
    """An event handler, a link out of the drawing, or a style that fetches."""
    if name.startswith("on") or (name == "href" and not value.startswith("#")):
        return True
    return name == "style" and re.search(r"url\(|@import|expression", value, re.I) is not None
