"""Text rules used everywhere, one copy each: the comparison form of text,
typography, which characters card text may hold, slugs, and titles.
"""

from __future__ import annotations

import re
import unicodedata

# --- typography -----------------------------------------------------------------------

# What a copy-paste or a retyping changes without changing the words: curly and
# straight quotes, primes, guillemets, the dashes and minus, and the narrow and
# non-breaking spaces. Quote lookup and answer grading both fold them this way.
TYPOGRAPHY = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ",
})


def fold_typography(text: str) -> str:
    return text.translate(TYPOGRAPHY)


def normalise(text: str) -> str:
    """The form in which two texts are "the same words": Unicode compatibility
    forms, typography, case and whitespace set aside."""
    if text.isascii():  # the common case, and NFKC and the table change little there
        return " ".join(text.replace("`", "'").lower().split())
    folded = fold_typography(unicodedata.normalize("NFKC", text)).casefold()
    return " ".join(folded.split())


# --- characters -------------------------------------------------------------------------

# One policy, three uses. The classes:
_C0 = "\x00-\x08\x0b\x0c\x0e-\x1f"  # C0 controls but tab, line feed and carriage return
_C1 = "\x7f-\x9f"  # DEL and the C1 controls
_SEPARATORS = "\u2028\u2029"  # line and paragraph separators: line breaks to YAML and JS
_BIDI = "\u202a-\u202e\u2066-\u2069"  # bidirectional overrides and isolates
_NONCHARACTERS = "\ufffe\uffff"
_SURROGATES = "\ud800-\udfff"  # halves of UTF-16 pairs: no characters on their own
# Invisible format characters: zero-width spaces and joiners, marks, the soft hyphen,
# language tags. Harmless in a card, but printed raw they hide text and misalign a
# terminal's columns.
_INVISIBLE = "\u00ad\u061c\u200b-\u200f\u2060-\u2064\ufeff\U000e0000-\U000e007f"

# Card text and source documents may not hold these: Anki splits a note's fields on
# \x1f, a terminal obeys escapes, a bidi override shows text in another order than
# it is stored. A lone carriage return counts too (documents drop CRLF's CR first).
CONTROL = re.compile(f"[{_C0}\r{_C1}{_SEPARATORS}{_BIDI}]")
# A card file may not hold these anywhere, not even in a comment: YAML refuses them,
# or (the separators) counts them as line breaks and so misplaces every location.
# Bidi marks are left to CONTROL, which reports them at the value that holds them.
UNREADABLE_IN_FILE = re.compile(f"[{_C0}{_C1}{_SEPARATORS}{_NONCHARACTERS}]")
# What is escaped whenever input text is printed: CONTROL, and tabs and line breaks,
# so that no text can forge a line of output.
_UNPRINTABLE = re.compile(f"[\t\n\r{_C0}{_C1}{_SEPARATORS}{_BIDI}{_SURROGATES}{_INVISIBLE}]")
SURROGATE = re.compile(f"[{_SURROGATES}]")
# Combining marks (accents and the like) on one character: a few are writing, dozens
# are "zalgo" text, which Unicode normalisation takes quadratic time over.
COMBINING_RUN = re.compile("[\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u0610-\u061a"
                           "\u064b-\u065f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff"
                           "\ufe20-\ufe2f]{16,}")
# Line breaks to YAML that no editor shows as one.
LINE_BREAKS = "\x85\u2028\u2029"


def printable(text: str, *, for_reading: bool = False) -> str:
    """Text with control characters, line breaks, bidi overrides, invisible characters and
    stray surrogates (a file name's undecodable bytes) escaped.

    `for_reading` is for card text a learner reads in the terminal, shown as Anki would
    show it: the zero-width (non-)joiners inside a word stay, since Persian, the Indic
    scripts and emoji are written with them, and so do emoji flags' tag sequences; the
    other invisible characters (zero-width spaces, soft hyphens) go, unseen as in Anki."""
    if not for_reading:
        return _UNPRINTABLE.sub(_escape, text)
    shown, last = [], 0
    for flag in _FLAG.finditer(text):
        shown += [_UNPRINTABLE.sub(_for_reading, text[last:flag.start()]), flag.group()]
        last = flag.end()
    return "".join([*shown, _UNPRINTABLE.sub(_for_reading, text[last:])])


_JOINERS = "\u200c\u200d"
_INVISIBLE_CHARACTER = re.compile(f"[{_INVISIBLE}]")
_FLAG = re.compile("\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f")  # 🏴 + tags: a region


def _for_reading(match: re.Match[str]) -> str:
    char, at, whole = match.group(), match.start(), match.string
    if char in _JOINERS and 0 < at < len(whole) - 1 and not whole[at - 1].isspace() \
            and not whole[at + 1].isspace():
        return char
    return "" if _INVISIBLE_CHARACTER.match(char) else _escape(match)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return char.encode("unicode_escape").decode("ascii") if not SURROGATE.match(char) \
        else f"\\u{ord(char):04x}"


def join_surrogates(text: str) -> str | None:
    """Text whose escaped UTF-16 surrogate pairs ("\\ud83d\\ude00", as JSON writes every
    emoji) are joined into the characters they encode; None if a half has no partner."""
    if not SURROGATE.search(text):
        return text
    try:
        return text.encode("utf-16", "surrogatepass").decode("utf-16")
    except UnicodeDecodeError:
        return None


# --- slugs ------------------------------------------------------------------------------

SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*")
MAX_SLUG = 100


def slugify(text: str) -> str:
    """Lower-case ASCII letters and digits joined by '-': the form of every id."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def slug_problem(value: str) -> tuple[str, str] | None:
    """Why `value` cannot be an id, and a hint; None for a good slug."""
    if len(value) > MAX_SLUG:
        return (f"is longer than {MAX_SLUG} characters",
                "ids name files and notes: keep them short")
    if not SLUG.fullmatch(value):
        suggestion = slugify(value)[:MAX_SLUG]
        base = "use lowercase letters, digits, '-' and '_'"
        return (f"must be a slug, not '{value}'",
                f"{base}, e.g. '{suggestion}'" if suggestion else base)
    return None


# --- lines and titles -------------------------------------------------------------------

def one_line(text: str) -> str:
    """Whitespace, line breaks included, folded into single spaces."""
    return " ".join(text.split())


def title_line(text: str) -> str:
    """A document's title: its first non-empty line, without Markdown's heading marks."""
    for line in text.splitlines():
        if line.strip():
            return one_line(line.strip().lstrip("#"))
    return ""
