"""Words of a sentence with their part of speech and phrase chunk, and where they stand.

Tagging is TextBlob's English parser (Brill's lexicon and contextual rules,
from the Pattern library): pure Python, offline, its data inside the wheel,
nothing downloaded. It is reached through this module only, so that another
tagger could take its place. The sentence is split into words here, so that
every word keeps its offsets in the text.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from functools import cache
from typing import Any

_TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}"  # initialisms: U.S., H.R.
    r"|[A-Z]\.(?=\s[A-Z])"  # an initial: the D. of "Isaiah D. Hart"
    r"|(?:St|Mt|Ft|Dr|Mr|Mrs|Ms|Jr|Sr|Prof|Gen|Gov|Sen|Rep|Rev|Capt|Col|Lt|Sgt|No|Co|Inc|Ltd"
    r"|Corp|Bros|vs|etc|approx|ca)\.(?=\s)"  # abbreviations keep their full stop
    r"|[A-Za-z]+\d+[A-Za-z\d]*(?:-\d+)?"  # C3, MP3, COVID-19: one word with its digits
    r"|\d+[A-Z]\b"  # the 2A of "Astra 2A", 3D
    r"|\d+(?:[.,:]\d+)*(?:st|nd|rd|th|s)?"  # 1,400 · 3.5 · 14th · 1990s
    r"|[^\W\d_]+(?:[-–][^\W_]+)*(?:['’](?![sS]\b)[^\W\d_]+)?"  # words, mid-Eocene, O'Neill
    r"|['’][sS]\b"  # the possessive 's, a word of its own as the tagger expects
    r"|\S"  # punctuation, one mark at a time
)


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    tag: str  # Penn Treebank: NN, NNP, VBD, IN, CD, …
    chunk: str  # B-NP, I-NP, B-VP, B-PP, O, …

    @property
    def lower(self) -> str:
        return self.text.lower()

    def is_(self, *prefixes: str) -> bool:
        """Whether the tag starts with one of the prefixes ("NN", "VB", …)."""
        return self.tag.startswith(prefixes)

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


def tag(text: str) -> list[Token]:
    """The words of `text` (one sentence), tagged and chunked."""
    spans = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    if not spans:
        return []
    words = [_plain(text[s:e]) for s, e in spans]
    tagged = _parser().parse([words], tokenize=False, tags=True, chunks=True, collapse=False)
    return [Token(s, e, text[s:e], str(row[1]), str(row[2]))
            for (s, e), row in zip(spans, tagged[0], strict=True)]


def _plain(word: str) -> str:
    """The spelling the tagger's lexicon knows: straight apostrophes and hyphens."""
    return word.replace("’", "'").replace("–", "-")


@cache
def _parser() -> Any:
    """TextBlob's parser, its word lists loaded (~0.3 s: only when a document is drafted).

    TextBlob reads them with generators that never close their files; they are read
    here, all at once, so that the warnings of those files are silenced in one place.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        from textblob.en import lexicon, parser

        parser.parse([["The", "Treaty", "was", "signed", "."]], tokenize=False, tags=True,
                     chunks=True, collapse=False)
        lexicon.get("the")
    return parser


def base_form(past: str) -> str | None:
    """The plain form of a regular past-tense verb ("opened" → "open", "created" →
    "create", "stopped" → "stop", "carried" → "carry"), if the lexicon knows it."""
    word = past.lower()
    if not word.endswith("ed") or len(word) < 5:
        return None
    lexicon = _lexicon()
    return next((c for c in _stems(word[:-2]) if lexicon.get(c) is not None), None)


# Stems that take a silent "e": "rated", "created", "caused", "based".
_E_STEM = re.compile(r"[^aeiou]*[aeiou][^aeiouwxy]|.*(?:at|it|ut|iz|ag|ur|rg|dg|uc|av|iv|ov|ev"
                     r"|ys|us|as|os)")


def _stems(stem: str) -> list[str]:
    """The plain forms a past tense may come from, likeliest first."""
    if stem.endswith("i"):
        return [stem[:-1] + "y"]
    if len(stem) > 2 and stem[-1] == stem[-2]:
        # "stopped", "expelled", "called", but "passed" and "buzzed" keep the pair.
        return [stem, stem[:-1]] if stem[-1] in "sz" else [stem[:-1], stem]
    return [stem + "e", stem] if _E_STEM.fullmatch(stem) else [stem, stem + "e"]


def _lexicon() -> Any:
    return _parser().lexicon


def common_word(word: str) -> bool:
    """Whether the word, in lower case, is a common noun, adjective or verb of English
    ("harbor", "summers"): capitalised at the start of a sentence, it is no name."""
    tag = _lexicon().get(word.lower())
    return tag is not None and str(tag)[:2] in ("NN", "JJ", "VB", "RB") and tag != "NNP"


def well_known_name(name: str) -> bool:
    """A one-word name the tagger's lexicon of news and fiction holds as a name: "London",
    "France", "Earth", "NASA"; not "Samarkand" or "Gilruth"."""
    tag = _lexicon().get(name)
    return " " not in name and tag is not None and str(tag).startswith("NNP")


def known(word: str) -> bool:
    """Whether the tagger's lexicon (about 94,000 words of news and fiction) knows the
    word: a word it does not know is a rare or technical one."""
    return _lexicon().get(word.lower()) is not None or _lexicon().get(word) is not None


# Words of this many letters or more that begin alike are one word for a learner:
# "whiteness" and "whitening", "disobedients" and "disobedience".
STEM = 7


def stem(word: str) -> str:
    """The word, folded, cut to its first STEM - 1 letters if it is that long."""
    folded = word.casefold()
    return folded[:STEM - 1] if len(folded) >= STEM else folded
