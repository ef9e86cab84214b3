"""The images cards show: where an image's path leads (relative to its card file,
confined to that file's folder, never a URL), whether it is an image factdeck carries
(PNG, JPEG, GIF, WebP, or an SVG without scripts), and the flat, content-hashed name
it is packaged under (Anki's media folder has no subfolders; two images named alike
never collide, one image used twice is stored once)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

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
    return 0, 0  # WebP: its header's forms are many; the byte limit bounds it


def _jpeg_size(data: bytes) -> tuple[int, int]:
    at = 2
    while at + 9 < len(data) and data[at] == 0xFF:
        marker, length = data[at + 1], int.from_bytes(data[at + 2:at + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            return (int.from_bytes(data[at + 7:at + 9], "big"),
                    int.from_bytes(data[at + 5:at + 7], "big"))
        at += 2 + length
    return 0, 0


_SVG_ACTIVE = re.compile(rb"<\s*(script|foreignObject|iframe|object|embed)\b|\son\w+\s*=|"
                         rb"<!ENTITY|<!DOCTYPE|(?:xlink:)?href\s*=\s*[\"'](?!#)",
                         re.IGNORECASE)


def _svg_problem(name: str, data: bytes) -> FieldProblem | None:
    """An SVG is a document that can run script and fetch: only plain drawings pass."""
    if _SVG_ACTIVE.search(data) or b"<svg" not in data[:4096].lower():
        return FieldProblem("image-unsafe", f"'{name}' is an SVG with scripts, links, "
                            "entities or embedded documents, or no SVG at all",
                            "export it as a plain drawing, or as PNG")
    return None
