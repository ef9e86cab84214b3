"""Names in a sentence: runs of capitalised words, whole ("Edict of Nantes", "St Paul's
Cathedral", "the Hundred Years' War", "Bashar al-Assad", "Apollo 11", "Royal Proclamation of
1763"), without a title before them ("Mr", "General"), with their acronym in brackets;
typed later, by the company they keep (`names`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from factdeck.draft import patterns as p
from factdeck.draft.facts import Fact, Sentence, Type
from factdeck.draft.tagger import Token, common_word
from factdeck.lexicon import MONTH_ABBREVIATIONS, MONTHS
from factdeck.text import normalise

_FUNCTION_TAGS = frozenset({"PRP", "PRP$", "DT", "IN", "CC", "WDT", "WP", "WP$", "EX", "MD",
                            "TO", "PDT", "UH"})
_ROMAN = re.compile(r"[IVX]{1,4}")
_CALENDAR = frozenset([*MONTHS, "monday", "tuesday", "wednesday", "thursday", "friday",
                       "saturday", "sunday"])

# Heads of names that take a possessive: "St Paul's Cathedral", "Lloyd's Bank".
_NAMED_PLACES = frozenset({"cathedral", "church", "college", "hospital", "school", "bank",
                           "chapel", "abbey", "bridge", "park", "square", "gate", "hall",
                           "house"})


def name_facts(sentence: Sentence) -> Iterator[Fact]:
    """Runs of capitalised words, joined by "of", "de" and the like: the names of a
    sentence, without a title before them ("Mr", "General") and typed later."""
    tokens = sentence.tokens
    index = 0
    while index < len(tokens):
        if not _name_word(tokens, index):
            index += 1
            continue
        end = _name_end(tokens, index)
        start = _skip_titles(tokens, index, end)
        if start < end and not (end - start == 1 and _not_a_name(tokens, start)) and not (
                start > index and all(t.lower in p.TITLES | p.ROLE_NOUNS
                                      for t in tokens[start:end])):
            first, last = tokens[start], tokens[end - 1]
            begin = _acronym_start(sentence, first.start, last.end)
            text = sentence.text[begin:last.end]
            yield Fact(begin, last.end, text, Type.NAME,
                       also=_acronym_after(sentence, last.end, text))
        index = end


# A particle joined to a name by a hyphen: "al-Assad", "el-Sisi", "bin-Talal".
_JOINED_PARTICLE = re.compile(r"(?:" + "|".join(sorted(p.CONNECTORS, key=len, reverse=True))
                              + r"|el|ad|as|ash|an|at|ibn)[-‑][A-Z]")


def _name_word(tokens: Sequence[Token], index: int) -> bool:
    token = tokens[index]
    if _joined_particle(tokens, index):
        return True
    if not token.capitalised or _not_name_word(tokens, index):
        return False
    if token.tag in _FUNCTION_TAGS:
        return _capitalised_particle(tokens, index)
    if token.is_("NNP") or (token.text.isupper() and len(token.text) >= 2):
        return True
    # Inside a sentence, a capital marks a name whatever the tagger thought of the word:
    # "Medieval Warm Period", "Special Report on Managing the Risks".
    return index > 0 and tokens[index - 1].text not in ".:;!?\"“("


def _capitalised_particle(tokens: Sequence[Token], index: int) -> bool:
    """"Near" in "the Near East", "Under" in "… Leagues Under the Sea": a preposition
    with a capital inside a sentence, before a name word, is part of the name."""
    following = index + 1
    return (tokens[index].tag == "IN" and index > 0
            and tokens[index - 1].text not in ".:;!?\"“(" and following < len(tokens)
            and tokens[following].capitalised and tokens[following].tag not in _FUNCTION_TAGS)


def _joined_particle(tokens: Sequence[Token], index: int) -> bool:
    """"al-Assad" after "Bashar": part of the name."""
    return (index > 0 and _JOINED_PARTICLE.match(tokens[index].text) is not None
            and _name_word(tokens, index - 1))


def _not_name_word(tokens: Sequence[Token], index: int) -> bool:
    """"May", "Sept. 3": dates; "Harbor improvements …" at the start: a common word;
    "US-led", "Afrikaans-speaking": an adjective made from a name."""
    token = tokens[index]
    return token.lower in _CALENDAR or _month_abbreviation(tokens, index) or (
        index == 0 and common_word(token.text)) or _NAME_ADJECTIVE.fullmatch(
            token.text) is not None


_NAME_ADJECTIVE = re.compile(r"[A-Z][\w.]*(?:-[A-Z][\w.]*)*-[a-z]+")


def _name_end(tokens: Sequence[Token], index: int) -> int:
    end = index + 1
    while end < len(tokens):
        step = _continues(tokens, end)
        if not step:
            break
        end += step
    return end


def _continues(tokens: Sequence[Token], end: int) -> int:
    """How many tokens at `end` carry the name on: a name word, "'s" before a head that
    takes one ("St Paul's Cathedral"), a Roman numeral ("Working Group II"), or a joining
    word and a name word ("Edict of Nantes"); 0 where the name ends."""
    token, before = tokens[end], tokens[end - 1]
    if _name_word(tokens, end):
        return int(before.tag != "POS" or before.text in _PLURAL_POSSESSIVE
                   or token.lower in _POSSESSIVE_HEADS)
    if token.tag == "POS":
        return int(_possessive_name(tokens, end))
    if _ROMAN.fullmatch(token.text) or _numbered(tokens, end):
        return 1
    if _joins_name(tokens, end) or _dated(tokens, end):
        return 2
    return 3 if _of_the(tokens, end) else 0


_HEADS = p.TITLES | p.ROLE_NOUNS | p.ORG_HEADS | p.PLACE_HEADS | _NAMED_PLACES


def _of_the(tokens: Sequence[Token], index: int) -> bool:
    """"of the" between a name's head and a name word: "Bank of the United States", "Duke
    of the Abruzzi"; not "Criticism of the MBH" nor "Normans of the Mediterranean"."""
    return (tokens[index].lower == "of" and index + 2 < len(tokens)
            and tokens[index - 1].lower in _HEADS
            and tokens[index + 1].lower == "the" and _name_word(tokens, index + 2))


def _dated(tokens: Sequence[Token], index: int) -> bool:
    """"of 1763" in "Royal Proclamation of 1763", "Edict of 1598": a document named by
    its year."""
    return (tokens[index].lower == "of" and tokens[index - 1].lower in p.DOCUMENT_HEADS
            and index + 1 < len(tokens) and re.fullmatch(p.YEAR, tokens[index + 1].text)
            is not None)


_POSSESSIVE_HEADS = _NAMED_PLACES | p.PLACE_HEADS
_PLURAL_POSSESSIVE = ("'", "’")


def _possessive_name(tokens: Sequence[Token], end: int) -> bool:
    """The "'s" at `end` is inside a name: "St Paul's Cathedral", "the King's Road"; so
    is a plural's "'" before a one-word head: "the Hundred Years' War", "Farmers' Union";
    not "Mayor W. Haydon Burns' Jacksonville Story", two names."""
    following = tokens[end + 1] if end + 1 < len(tokens) else None
    if following is None or not following.capitalised:
        return False
    head_only = end + 2 >= len(tokens) or not _name_word(tokens, end + 2)
    return following.lower in _POSSESSIVE_HEADS or (
        tokens[end].text in _PLURAL_POSSESSIVE and head_only)


# The number of a thing's name ("Astra 2A", "Apollo 11", "Channel 4"), not a year.
_MODEL_NUMBER = re.compile(r"(?!(?:1[0-9]|20)\d\d\b)\d{1,4}([A-Z]?)|[A-Z]\d{1,4}")


def _numbered(tokens: Sequence[Token], end: int) -> bool:
    """A number after a name word that is part of the name: "Astra 2A", "Apollo 11
    landed", "Channel 4 HD"; not a count ("London 12 times")."""
    token, before = tokens[end], tokens[end - 1]
    match = _MODEL_NUMBER.fullmatch(token.text)
    if match is None or not before.capitalised or before.tag == "POS":
        return False
    following = tokens[end + 1] if end + 1 < len(tokens) else None
    counts = following is not None and following.is_("NN", "JJ") and not following.capitalised
    return bool(match.group(1)) or token.text[0].isalpha() or not counts


_DEMONYM = re.compile(r"[A-Z][a-z]+(?:an|ian|ese|ish|ern|ic|al|i)")


def _not_a_name(tokens: Sequence[Token], index: int) -> bool:
    """A lone capital that names nothing: a letter ("F"), or an adjective made from a
    name before its noun ("Russian leadership", "Congressional and judicial")."""
    token = tokens[index]
    if len(token.text) == 1:
        return True
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    before_noun = following is not None and (following.tag == "CC" or (
        following.is_("NN") and not following.capitalised))
    return before_noun and (token.is_("JJ") or bool(_DEMONYM.fullmatch(token.text)))


def _joins_name(tokens: Sequence[Token], index: int) -> bool:
    """"of" in "Edict of Nantes", "the" in "Duke of the Abruzzi", before a name word;
    "and" only inside the name of an organisation ("Life and Accident Insurance Company")."""
    word = tokens[index].lower
    joins = word in p.CONNECTORS or (word == "the" and (
        tokens[index - 1].lower in p.CONNECTORS or _epithet(tokens, index)))
    if word in ("and", "&"):
        joins = _joins_with_and(tokens, index)
    return joins and index + 1 < len(tokens) and _name_word(tokens, index + 1)


def _joins_with_and(tokens: Sequence[Token], index: int) -> bool:
    """"and" inside the name of an organisation ("Life and Accident Insurance Company"),
    or after an adjective that shares the name's head ("the French and Indian War")."""
    end = _name_end(tokens, index + 1) if index + 1 < len(tokens) else index
    if end <= index + 1:
        return False
    before = tokens[index - 1]
    complete = before.lower in _NAMED_PLACES | p.PLACE_HEADS | p.ORG_HEADS
    shared_head = end > index + 2 and (before.is_("JJ") or bool(_DEMONYM.fullmatch(before.text)))
    return (tokens[end - 1].lower in p.ORG_HEADS and not complete) or shared_head


def _epithet(tokens: Sequence[Token], index: int) -> bool:
    """"the" between a one-word name and a capital: "Robert the Bruce", "Alfred the
    Great"."""
    return (index >= 1 and tokens[index - 1].is_("NNP")
            and (index < 2 or not tokens[index - 2].capitalised))


def _month_abbreviation(tokens: Sequence[Token], index: int) -> bool:
    """"Sept." or "Jan 3" is a month; "Jan Baptist van Helmont" is a name."""
    token = tokens[index]
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    return token.lower.rstrip(".") in MONTH_ABBREVIATIONS and (
        token.text.endswith(".") or (following is not None
                                     and (following.text[:1].isdigit() or following.text == ".")))


def _skip_titles(tokens: Sequence[Token], start: int, end: int) -> int:
    """"Mr Putin" is Putin; "the Duke of Savoy" and "the King's Road" stay whole."""
    while (end - start > 1 and normalise(tokens[start].text).rstrip(".") in p.TITLES
           and tokens[start + 1].lower not in p.CONNECTORS and tokens[start + 1].tag != "POS"):
        start += 1
    return start


def _acronym_after(sentence: Sentence, end: int, name: str) -> tuple[tuple[int, int], ...]:
    """"Democratic National Committee (DNC)": the acronym is blanked with the name; so is
    another name for it ("Jean Cauvin (John Calvin)", "Nieuw-Nederland (New Netherland)"),
    which would give it away."""
    alias = _ALIAS.match(sentence.text, end)
    if alias is not None and not alias.group(1).isupper():
        return ((alias.start(1), alias.end(1)),)
    match = re.match(r" \(([A-Z]{2,8})\)", sentence.text[end:])
    initials = "".join(word[0] for word in re.split(r"[\s-]+", name) if word[:1].isupper())
    if match is None or not (match.group(1)[0] == name[0]
                             or initials.endswith(match.group(1))):
        return ()  # ("U.S. National Science Foundation (NSF)": its last words')
    return ((end + match.start(1), end + match.end(1)),)


_ALIAS = re.compile(r" \(([A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3})\)")


def _acronym_start(sentence: Sentence, start: int, end: int) -> int:
    """Where a name starts that its acronym says starts earlier: "Engineering
    News-Record (ENR)", whose first word opens the sentence; `start` otherwise."""
    match = re.match(r" \(([A-Z]{2,8})\)", sentence.text[end:])
    if match is None:
        return start
    words = sentence.text[:end].split(" ")
    for count in range(1, len(match.group(1)) + 3):  # (with "and", "of" between)
        begin = len(" ".join(words[:-count])) + (1 if len(words) > count else 0)
        initials = "".join(part[0] for part in re.split(r"[\s-]+", sentence.text[begin:end])
                           if part[:1].isupper())
        if initials == match.group(1):
            return min(begin, start)
    return start
