"""Formatted text for the quiz: a tree of plain data the Typst template walks (text
runs stay strings, placed as strings), and formulas converted from LaTeX to Typst's
math syntax by tex2typst.

A converted formula is the one piece the template evaluates (as math), so it is
checked first, token by token: names only from Typst's own math module (its symbols
and functions: no `read`, no `eval`), numbers, operators, brackets, plain strings,
escapes, and never a '#' or '$'. A formula that fails is a `check` error, never a
broken PDF."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from factdeck.errors import FieldProblem
from factdeck.markup.model import (
    Block,
    Break,
    Code,
    Emph,
    Image,
    Inline,
    Math,
    Para,
    Strong,
    Text,
)

_TOKEN = re.compile(r"""\s+|(?P<name>[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)*)|\d+(?:\.\d+)?|
                        "[^"\\#$]*"|\\[^\sA-Za-z0-9]|[-+*/=<>!,;:|'^_()\[\]{}&~.]""",
                    re.VERBOSE)


MAX_DEPTH = 8  # braces in braces: deeper, and tex2typst's time doubles with each level


def formula(tex: str) -> str:
    """The formula in Typst's math syntax, checked; FieldProblem if it cannot be."""
    from tex2typst import tex2typst

    if _depth(tex) > MAX_DEPTH:
        raise FieldProblem("formula-unsupported", f"the formula '{tex[:40]}' nests groups "
                           f"more than {MAX_DEPTH} deep", "write it flatter")
    try:
        converted = str(tex2typst(tex))
    except (ValueError, RuntimeError) as error:
        first = str(error).splitlines()[0][:80] if str(error) else "cannot convert it"
        raise FieldProblem("formula-unsupported", f"the quiz cannot print the formula "
                           f"'{tex[:40]}' ({first})") from None
    unknown = _unknown(converted) or typesetting_problem(math=converted)
    if unknown:
        raise FieldProblem("formula-unsupported", f"the quiz cannot print the formula "
                           f"'{tex[:40]}': {unknown}",
                           "use standard LaTeX mathematics (\\frac, \\sqrt, \\alpha, …)")
    return converted


def _depth(tex: str) -> int:
    depth = deepest = 0
    for char in tex:
        depth += 1 if char in "{[(" else -1 if char in "}])" else 0
        deepest = max(deepest, depth)
    return deepest


@functools.lru_cache(maxsize=4096)
def typesetting_problem(*, math: str = "", image: str = "") -> str:
    """Why Typst cannot set this converted formula, or draw this image (a file put in
    the probe's folder), or "": what check accepts, the quiz prints."""
    import typst

    compiler, _ = _probe()
    try:
        compiler.compile(format="pdf", sys_inputs={"math": math, "image": image})
    except typst.TypstError as error:
        message = getattr(error, "message", "") or str(error)
        return message.strip().splitlines()[0][:100] if message.strip() else "Typst failed"
    return ""


@functools.cache
def _probe() -> tuple[Any, Path]:
    """A Typst compiler for one-line documents in a folder of this run's own."""
    import atexit
    import shutil
    import tempfile

    import typst

    from factdeck.export.quiz.render import fonts_folder

    folder = Path(tempfile.mkdtemp(prefix="factdeck-probe-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    (folder / "probe.typ").write_text(
        '#let m = sys.inputs.at("math", default: "")\n'
        '#let i = sys.inputs.at("image", default: "")\n'
        '#if m != "" { math.equation(eval(m, mode: "math")) }\n'
        '#if i != "" { image(i, width: 5cm) }\n', encoding="utf-8")
    compiler = typst.Compiler(folder / "probe.typ", root=folder, font_paths=[fonts_folder()],
                              ignore_system_fonts=True)
    return compiler, folder


def image_problem(path: Path, name: str) -> str:
    """Why Typst cannot draw the image (it is copied into the probe's folder as `name`)."""
    import shutil

    _, folder = _probe()
    shutil.copyfile(path, folder / name)
    return typesetting_problem(image=name)


def _unknown(converted: str) -> str:
    """What in the converted formula is not plain mathematics, or ""."""
    at = 0
    while at < len(converted):
        match = _TOKEN.match(converted, at)
        if match is None:
            return f"'{converted[at:at + 10]}'"
        name = match.group("name")
        if name and len(name.split(".")[0]) > 1 and name.split(".")[0] not in math_names():
            return f"'{name}' is no mathematics Typst knows"
        at = match.end()
    return ""


@functools.cache
def math_names() -> frozenset[str]:
    """The names of Typst's math module, asked of Typst itself."""
    import typst

    from factdeck.export.quiz.render import default_template

    source = default_template().with_name("math-names.typ")
    found = typst.query(source, "<names>", field="value", one=True)
    return frozenset(json.loads(found))


def blocks_data(blocks: tuple[Block, ...], media: Callable[[str], str]) -> list[dict[str, Any]]:
    """The blocks as the template's data: every text a string."""
    data: list[dict[str, Any]] = []
    for block in blocks:
        if isinstance(block, Para):
            data.append({"t": "para", "c": inlines_data(block.children, media)})
        else:
            data.append({"t": "list", "ordered": block.ordered, "start": block.start,
                         "items": [blocks_data(item, media) for item in block.items]})
    return data


def inlines_data(children: tuple[Inline, ...], media: Callable[[str], str]) -> list[Any]:
    return [_inline(child, media) for child in children]


def _inline(node: Inline, media: Callable[[str], str]) -> dict[str, Any]:
    match node:
        case Emph(children=children):
            return {"t": "em", "c": inlines_data(children, media)}
        case Strong(children=children):
            return {"t": "strong", "c": inlines_data(children, media)}
        case Image(src=src, alt=alt):
            return {"t": "image", "src": media(src), "alt": alt}
        case _:
            return _leaf(node)


def _leaf(node: Inline) -> dict[str, Any]:
    match node:
        case Text(text=text):
            return {"t": "text", "s": text}
        case Code(text=text):
            return {"t": "code", "s": text}
        case Math(tex=tex, display=display):
            return {"t": "math", "s": formula(tex), "display": display}
        case Break():
            return {"t": "br"}
    return {"t": "text", "s": ""}  # pragma: no cover - containers are in _inline
