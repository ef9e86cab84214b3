"""Noun phrases and lists, chunked from the tagged words of a sentence.

A noun phrase is an optional determiner, modifiers and a noun ("the poor
soil", "moist tropical vegetation cover"), with one "of" phrase attached
("the drainage basin of the Amazon"). A list is a phrase whose parts are
joined by commas and a final "and"/"or" ("roads, bridges and large plazas"):
it is asked whole, never one item of it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from factdeck.draft.facts import Fact, Sentence, Type
from factdeck.draft.tagger import Token

_DETERMINERS = ("DT", "PRP$", "WP$", "PDT")
_MODIFIERS = ("JJ", "VBN", "VBG", "CD", "NN", "RB")
_NOUNS = ("NN",)  # NN, NNS, NNP, NNPS
# Longer than this, a phrase is a clause in disguise, not a thing to recall.
MAX_PHRASE_WORDS = 8
# Words that open a phrase without saying anything about the thing ("other studies").
_VAGUE = frozenset({"other", "own", "such", "same", "various", "several", "many", "few",
                    "certain", "further", "additional", "different", "more", "most", "much",
                    "some", "any", "each", "every", "all", "both", "main", "major", "new",
                    "whole", "entire", "particular", "specific", "similar", "following",
                    "one"})


def phrase_facts(sentence: Sentence) -> Iterator[Fact]:
    tokens = sentence.tokens
    index = 0
    while index < len(tokens):
        span = _noun_phrase(tokens, index)
        if span is None:
            index += 1
            continue
        start, end = span
        end = _with_of_phrase(tokens, end)
        fact = _fact(sentence, start, end)
        if fact is not None:
            yield fact
        index = max(end, index + 1)


def _noun_phrase(tokens: Sequence[Token], index: int) -> tuple[int, int] | None:
    """The noun phrase starting at `index`, as (first, past-last) token indexes."""
    first = tokens[index]
    # A phrase starts with a determiner, an adjective or a noun: not "and", not a verb
    # ("favoured independence"), not an adverb.
    if first.tag == "CC" or first.text == "," or first.is_("VBN", "VBG", "RB"):
        return None
    end = index
    while end < len(tokens) and tokens[end].is_(*_DETERMINERS):
        end += 1
    last_noun = -1
    while end < len(tokens) and _inside(tokens, end):
        if tokens[end].is_(*_NOUNS, "CD"):
            last_noun = end
        end += 1
    return (index, _listed(tokens, index, last_noun + 1)) if last_noun >= 0 else None


def _inside(tokens: Sequence[Token], index: int) -> bool:
    token = tokens[index]
    if token.is_(*_MODIFIERS):
        return _modifies(tokens, index)
    if token.tag == "POS":  # "Calvin's adopted home": the possessor opens the phrase
        return True
    if token.tag == "CC" or token.text == ",":
        return _next_is(tokens, index, "JJ", "NN", "CD", "DT") and index > 0
    return False


def _modifies(tokens: Sequence[Token], index: int) -> bool:
    """An adverb only before an adjective ("very large"); a participle only before its
    noun ("adopted home"), not after one ("proteins called reaction centres")."""
    token = tokens[index]
    if token.tag == "RB":
        return _next_is(tokens, index, "JJ")
    return not (token.is_("VBN", "VBG") and index > 0 and tokens[index - 1].is_("NN"))


def _next_is(tokens: Sequence[Token], index: int, *tags: str) -> bool:
    return index + 1 < len(tokens) and tokens[index + 1].is_(*tags)


def _listed(tokens: Sequence[Token], start: int, end: int) -> int:
    """A comma inside a phrase belongs to it only in a list that ends with "and"/"or"
    ("roads, bridges and large plazas"); otherwise the phrase ends at the comma."""
    commas = [i for i in range(start, end) if tokens[i].text == ","]
    if commas and not any(tokens[i].tag == "CC" for i in range(commas[-1], end)):
        end = commas[0]
    while end > start and not (tokens[end - 1].is_(*_NOUNS) or tokens[end - 1].tag == "CD"):
        end -= 1
    return end


def _with_of_phrase(tokens: Sequence[Token], end: int) -> int:
    """"the drainage basin" + "of the Amazon"."""
    if end < len(tokens) and tokens[end].lower == "of":
        attached = _noun_phrase(tokens, end + 1)
        if attached is not None:
            return attached[1]
    return end


def _without_others(tokens: Sequence[Token], start: int, end: int) -> int:
    """"radioactive isotopes and other methods" is "radioactive isotopes": what "and
    other …" adds is no fact to recall."""
    return next((index for index in range(start + 1, end - 1) if tokens[index].tag == "CC"
                 and tokens[index + 1].lower in ("other", "others")), end)


def _fact(sentence: Sentence, start: int, end: int) -> Fact | None:
    """The phrase without its determiner or vague opening word; one common noun alone
    ("mistakes") is no fact to recall, and names and numbers alone are found as such."""
    tokens = sentence.tokens
    while start < end and (tokens[start].is_(*_DETERMINERS, "POS")
                           or tokens[start].lower in _VAGUE):
        start += 1
    end = _without_others(tokens, start, end)
    words = tokens[start:end]
    if not 2 <= len(words) <= MAX_PHRASE_WORDS or not any(
            t.tag in ("NN", "NNS") for t in words):
        return None
    text = sentence.text[words[0].start:words[-1].end]
    joined = any(t.tag == "CC" or t.text == "," for t in words)
    return Fact(words[0].start, words[-1].end, text, Type.LIST if joined else Type.PHRASE)
