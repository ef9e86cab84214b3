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


# MathJax's delimiters (and Moodle's $$): in a card's text, not its formulas, a word
# joiner (U+2060, invisible) between their two characters keeps MathJax from reading
# the text after them as a formula.
_MATH_DELIMITERS = re.compile(r"\\(?=[()\[\]])|\$(?=\$)")


def inert_math(text: str) -> str:
    """Text in which no MathJax delimiter can open a formula."""
    return _MATH_DELIMITERS.sub(lambda found: found.group() + "\u2060", text)


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
# Card text and source documents may not hold these: Anki splits a note's fields on
# \x1f, a terminal obeys escapes, a bidi override shows text in another order than
# it is stored. A lone carriage return counts too (documents drop CRLF's CR first).
CONTROL = re.compile(f"[{_C0}\r{_C1}{_SEPARATORS}{_BIDI}]")
# A card file may not hold these anywhere, not even in a comment: YAML refuses them,
# or (the separators) counts them as line breaks and so misplaces every location.
# Bidi marks are left to CONTROL, which reports them at the value that holds them.
UNREADABLE_IN_FILE = re.compile(f"[{_C0}{_C1}{_SEPARATORS}{_NONCHARACTERS}]")
SURROGATE = re.compile(f"[{_SURROGATES}]")
# Line breaks to YAML that no editor shows as one.
LINE_BREAKS = "\x85\u2028\u2029"


def printable(text: str, *, for_reading: bool = False) -> str:
    """Text with every character a terminal would not show as itself escaped: controls,
    tabs and line breaks (so that no text can forge a line of output), bidi overrides,
    invisible format characters (zero-width spaces, soft hyphens, language tags), stray
    surrogates (a file name's undecodable bytes).

    `for_reading` is for card text a learner reads in the terminal, shown as Anki would
    show it: the invisible characters go, unseen as in Anki, but for the zero-width
    (non-)joiners inside a word (Persian, the Indic scripts and emoji are written with
    them) and emoji flags' tag sequences; spaces of every width, private-use and newer
    characters stay."""
    if text.isprintable():
        return text
    if not for_reading:
        return "".join(char if char.isprintable() else _escaped(char) for char in text)
    shown, last = [], 0
    for flag in _FLAG.finditer(text):
        shown += [_for_reading(text[last:flag.start()]), flag.group()]
        last = flag.end()
    return "".join([*shown, _for_reading(text[last:])])


_JOINERS = "\u200c\u200d"
_FLAG = re.compile("\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f")  # 🏴 + tags: a region
_SHOWN_WHEN_READING = {"Zs", "Co", "Cn"}


def _for_reading(text: str) -> str:
    shown = []
    for at, char in enumerate(text):
        category = "" if char.isprintable() else unicodedata.category(char)
        if not category or category in _SHOWN_WHEN_READING or _joining(text, at):
            shown.append(char)
        elif category != "Cf":
            shown.append(_escaped(char))
    return "".join(shown)


def _joining(text: str, at: int) -> bool:
    """A zero-width (non-)joiner between two characters of a word."""
    return (text[at] in _JOINERS and 0 < at < len(text) - 1 and not text[at - 1].isspace()
            and not text[at + 1].isspace())


def _escaped(char: str) -> str:
    return char.encode("unicode_escape").decode("ascii") if not SURROGATE.match(char) \
        else f"\\u{ord(char):04x}"


# --- stacked combining marks ------------------------------------------------------------

# Combining marks (accents and the like) on one character: a few are writing, dozens
# are "zalgo" text, which Unicode normalisation takes quadratic time over.
MAX_MARKS = 15
# Every combining mark is at U+0300 or above: only runs of such characters can hold a
# stack, and only they are looked at character by character.
_CANDIDATE_RUN = re.compile(f"[^\\x00-\\u02ff]{{{MAX_MARKS + 1},}}")


def stacked_marks(text: str) -> bool:
    """Whether some character carries more than MAX_MARKS combining marks."""
    return not text.isascii() and any(_longest_stack(run.group()) > MAX_MARKS
                                      for run in _CANDIDATE_RUN.finditer(text))


def without_stacked_marks(text: str) -> str:
    """The text with each character's marks beyond the MAX_MARKS-th left out."""
    kept, stack = [], 0
    for char in text:
        stack = stack + 1 if unicodedata.combining(char) else 0
        if stack <= MAX_MARKS:
            kept.append(char)
    return "".join(kept)


def _longest_stack(text: str) -> int:
    longest = stack = 0
    for char in text:
        stack = stack + 1 if unicodedata.combining(char) else 0
        longest = max(longest, stack)
    return longest


def join_surrogates(text: str) -> str | None:
    """Text whose escaped UTF-16 surrogate pairs ("\\ud83d\\ude00", as JSON writes every
    emoji) are joined into the characters they encode; None if a half has no partner."""
    if not SURROGATE.search(text):
        return text
    try:
        return text.encode("utf-16", "surrogatepass").decode("utf-16")
    except UnicodeDecodeError:
        return None


def holds_words(text: str, phrase: str) -> bool:
    """Whether `text` holds `phrase` as whole words (a letter, digit or '_' on neither
    side); both normalised."""
    at = text.find(phrase) if phrase else -1
    while at >= 0:
        end = at + len(phrase)
        if (at == 0 or not _word_character(text[at - 1])) and (
                end == len(text) or not _word_character(text[end])):
            return True
        at = text.find(phrase, at + 1)
    return False


def _word_character(char: str) -> bool:
    return char.isalnum() or char == "_"


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
