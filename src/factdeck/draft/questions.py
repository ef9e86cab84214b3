"""Questions formed from a sentence, for a fact of it: only where the grammar is plain.

- the fact is the subject: "Margaret Okafor designed the bridge." → "Who designed
  the bridge?" (no word moves, so the question is as grammatical as the sentence);
- the fact is a time: "The bridge was opened in 1932." → "When was the bridge
  opened?"; "The bridge opened in 1932." → "When did the bridge open?";
- the fact is a count: "The project employed 1,400 workers." → "How many workers
  did the project employ?";
- the fact is a person with a role beside it: "Vladimir Putin, the Russian
  president," → "Who was the Russian president?";
- the fact is the object: "Hugues favoured independence." → "What did Hugues favour?".

Anything less plain gets no question: the card is then a cloze or a choice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from factdeck.draft import patterns as p
from factdeck.draft.facts import AMOUNTS, NAMES, TIMES, Fact, Sentence, Type
from factdeck.draft.tagger import Token, base_form

_AUXILIARIES = frozenset({"was", "were", "is", "are", "has", "have", "had"})
_PRONOUNS = ("PRP", "EX", "WP", "WDT", "WRB")
_DEMONSTRATIVES = frozenset({"this", "these", "that", "those", "it", "its", "they", "their",
                             "he", "his", "she", "her", "such", "both", "either"})
# "until 2001" or "since 1990" bound a time: "When …?" would ask something else.
_TIME_PREPOSITIONS = frozenset({"in", "on", "during", "from", "between"})
# Words after which a time may belong to the noun they introduce, not to the verb.
_ATTACHING = frozenset({"until", "since", "after", "before", "following", "of", "by", "to"})
MAX_QUESTION_WORDS = 25
MIN_QUESTION_WORDS = 5
MAX_SUBJECT_WORDS = 12


@dataclass(frozen=True)
class Question:
    text: str
    answer: str
    form: str  # subject, when, how-many, who, object


@dataclass(frozen=True)
class Clause:
    """The main clause's subject and verb, as token indexes; the opening adverbial
    ("In 1562, …") moves to the end of a question."""

    opening: tuple[int, int]  # tokens [start, end) before the comma, or (0, 0)
    subject: tuple[int, int]
    verb: int
    end: int  # the token that ends the clause: a ";", or ", and" before a new subject


def questions(sentence: Sentence, fact: Fact) -> Iterator[Question]:
    clause = main_clause(sentence.tokens)
    forms = (_subject, _when, _how_many, _object) if clause is not None else ()
    made = [form(sentence, clause, fact) for form in forms if clause is not None]
    made.append(_who_appositive(sentence, fact))
    yield from (question for question in made if question is not None and _plain(question.text))


def main_clause(tokens: Sequence[Token]) -> Clause | None:
    """The main clause: its subject (a noun phrase, not a pronoun) and its finite verb;
    None where there is none to be sure of (a participle first, a pronoun subject)."""
    start = _after_opening(tokens)
    verb = next((i for i in range(start, len(tokens)) if tokens[i].is_("VB", "MD")), None)
    if verb is None or not 0 < verb - start <= MAX_SUBJECT_WORDS:
        return None
    if not _finite(tokens, verb) or _reduced_relative(tokens, verb):
        return None
    if not _noun_subject(tokens[start:verb]):
        return None
    return Clause((0, start - 1) if start else (0, 0), (start, verb), verb,
                  _clause_end(tokens, verb))


def _after_opening(tokens: Sequence[Token]) -> int:
    """Where the clause starts after an opening phrase ("In 1562, …"), not clause
    ("When the referendum was held, …"); 0 without one."""
    comma = next((i for i, t in enumerate(tokens[:9]) if t.text == ","), None)
    if comma is None or comma < 2 or not tokens[0].is_("IN", "RB"):
        return 0
    opening = tokens[:comma]
    if any(t.is_("VB", "MD") or t.lower in _SUBORDINATORS for t in opening):
        return 0
    return comma + 1


def _noun_subject(subject: Sequence[Token]) -> bool:
    """A noun phrase: not a pronoun, not a list, not a phrase that opens with a
    preposition ("In normal plant cells long thin protuberances called …")."""
    return subject[0].lower not in _DEMONSTRATIVES and not subject[0].is_("IN") and not any(
        t.text in ",;:()\"“”" or t.is_(*_PRONOUNS) or t.tag == "CC" for t in subject)


def _finite(tokens: Sequence[Token], verb: int) -> bool:
    """A verb that can be a clause's own ("opened", "was", "has"), not a participle
    ("used in derision", "having emigrated")."""
    token = tokens[verb]
    # The tagger takes many a past tense for a participle ("charted"): right after the
    # subject, with no other clause in the sentence, it is the past tense.
    return token.tag in ("VBD", "VBZ", "VBN", "MD") or token.lower in _AUXILIARIES


def _reduced_relative(tokens: Sequence[Token], verb: int) -> bool:
    """"Farms established in the 1970s were based on …": a participle after the
    subject, and the clause's own verb later."""
    if tokens[verb].tag != "VBN":
        return False
    return any(t.tag in ("VBD", "VBZ", "VBP", "MD") for t in tokens[verb + 1:])


_SUBORDINATORS = frozenset({"which", "who", "whom", "whose", "that", "when", "where", "while",
                            "after", "before", "because", "although", "though", "as", "since",
                            "until", "if", "whereas", "once"})


def _clause_end(tokens: Sequence[Token], verb: int) -> int:
    """Where the main clause ends: at a ';', or at "and"/"but" or a comma followed by a
    subject of its own and a verb ("…, and the British soon constructed …", "… to the
    north, Baker County lies to the west"). Relative and
    subordinate clauses ("which …", "because …") and a second verb of the same subject
    ("… and confronted") belong to it; so does everything else to the full stop."""
    subordinate = False  # a comma inside "by which, under certain conditions, …" ends nothing
    for index in range(verb + 1, len(tokens)):
        token = tokens[index]
        subordinate = subordinate or token.lower in _SUBORDINATORS
        ends = token.tag == "CC" or (token.text == "," and not subordinate)
        if token.text in ";:" or (ends and _new_subject(tokens, index + 1)):
            return index - 1 if index and tokens[index - 1].text == "," else index
    return len(tokens)


def _new_subject(tokens: Sequence[Token], start: int) -> bool:
    """A noun phrase, then a finite verb, with no subordinating word before it; after an
    opening phrase of its own ("…, and on October 25, three contracts were awarded")."""
    start = _past_opening(tokens, start)
    for index in range(start, min(start + 8, len(tokens))):
        token = tokens[index]
        if token.lower in _SUBORDINATORS or token.text in ",;":
            return False
        if token.tag in ("VBD", "VBZ", "VBP", "VBN", "MD") or (
                token.tag == "VB" and tokens[index - 1].is_("NN")):  # "the members … reflect"
            return index > start
        if not token.is_("DT", "PRP", "NN", "JJ", "CD", "POS", "PRP$", "RB", "IN"):
            return False  # ("IN": "and again the members on each committee reflect …")
    return False


def _past_opening(tokens: Sequence[Token], start: int) -> int:
    """Past a phrase that opens a clause and ends with a comma ("on October 25,"), or
    `start` where there is none."""
    if start >= len(tokens) or not tokens[start].is_("IN") or tokens[start].lower in _SUBORDINATORS:
        return start
    for index in range(start + 1, min(start + 7, len(tokens))):
        if tokens[index].text == ",":
            return index + 1
        if tokens[index].is_("VB", "MD") or tokens[index].text in ";:":
            break
    return start


def _words(tokens: Sequence[Token], text: str) -> str:
    return text[tokens[0].start:tokens[-1].end] if tokens else ""


def _rest(sentence: Sentence, clause: Clause, start: int,
          skip: tuple[int, int] = (0, 0), *, inverted: bool = False) -> str:
    """The clause from token `start` to its end, without the span `skip` (offsets) and
    the final full stop. A question that inverts the clause ("When was X founded …?")
    stops before a second verb of its subject ("… and grew"), which would not agree."""
    text = sentence.text
    tokens = sentence.tokens
    begin = tokens[start].start if start < len(tokens) else len(text)
    end = next((i for i in range(start, clause.end - 1) if tokens[i].tag == "CC"
                and tokens[i + 1].is_("VB")), clause.end) if inverted else clause.end
    stop = tokens[end].start if end < len(tokens) else len(text)
    rest = (text[begin:skip[0]] + text[skip[1]:stop] if skip != (0, 0)
            else text[begin:stop])
    # A closing quotation keeps its quote mark, not the sentence's full stop inside it.
    return re.sub(r"[.!;:,]+([\"”’')]+)$", r"\1", " ".join(rest.split()).rstrip(" .!;:,"))


def _opening(sentence: Sentence, clause: Clause) -> str:
    start, end = clause.opening
    if start == end:
        return ""
    opening = _words(sentence.tokens[start:end], sentence.text)
    return " " + _lower_first(opening, sentence.tokens[start])


def _lower_first(text: str, first: Token) -> str:
    """The text with its first letter small, as inside a question: "the council", but
    "Margaret", "NewcastleGateshead", "NATO" as they are."""
    proper = first.is_("NNP") or first.text[1:] != first.text[1:].lower()
    return text if proper else text[:1].lower() + text[1:]


def _subject_text(sentence: Sentence, clause: Clause) -> str:
    tokens = sentence.tokens[clause.subject[0]:clause.subject[1]]
    return _lower_first(_words(tokens, sentence.text), tokens[0])


def _subject(sentence: Sentence, clause: Clause, fact: Fact) -> Question | None:
    """The fact is the whole subject, but for a determiner."""
    tokens = sentence.tokens[clause.subject[0]:clause.subject[1]]
    if not _is_subject(tokens, fact):
        return None
    if fact.type in AMOUNTS:
        return _how_many_subject(sentence, clause, fact, tokens)
    verb = _singular(sentence.tokens[clause.verb])
    if verb is None or (fact.type is Type.PHRASE and fact.words < 2) or fact.type is Type.NAME:
        return None  # a word is no fact; an untyped name could want "Who" or "What"
    who = "Who" if fact.type is Type.PERSON else "What"
    rest = _rest(sentence, clause, clause.verb + 1)
    if not rest[:1].isalnum():
        return None  # "What followed, floating the pound …?": the verb asks nothing
    return Question(f"{who} {verb} {rest}{_opening(sentence, clause)}".rstrip() + "?",
                    fact.text, "subject")


def _is_subject(tokens: Sequence[Token], fact: Fact) -> bool:
    """The fact is the whole subject, but for a determiner."""
    core = [t for t in tokens if not t.is_("DT", "PRP$")]
    return bool(core) and core[0].start == fact.start and core[-1].end == fact.end


_SINGULAR = {"were": "was", "are": "is", "have": "has"}


def _singular(verb: Token) -> str | None:
    """The verb as "Who"/"What" takes it: "were" → "was"; a plural present ("respond")
    cannot be changed without a dictionary of verbs, so it gives no question."""
    if verb.lower in _SINGULAR:
        return _SINGULAR[verb.lower]
    return None if verb.tag == "VBP" else verb.text


def _how_many_subject(sentence: Sentence, clause: Clause, fact: Fact,
                      tokens: Sequence[Token]) -> Question | None:
    unit = [t for t in tokens if t.start >= fact.end]
    if fact.type is not Type.NUMBER or not unit or not unit[-1].is_("NNS"):
        return None
    counted = _words(unit, sentence.text)
    rest = _rest(sentence, clause, clause.verb)
    return Question(f"How many {counted} {rest}{_opening(sentence, clause)}".rstrip() + "?",
                    fact.text, "how-many")


def _verb_group(sentence: Sentence, clause: Clause) -> tuple[str, str, int] | None:
    """How a question asks about this clause: ("was", "opened", next token) for
    "was opened", ("did", "open", next token) for "opened"; None otherwise."""
    tokens = sentence.tokens
    verb = tokens[clause.verb]
    after = clause.verb + 1
    if verb.lower in _AUXILIARIES and after < len(tokens) and tokens[after].tag in ("VBN",
                                                                                      "VBD"):
        return verb.lower, tokens[after].text, after + 1  # "was opened" (often tagged VBD)
    if verb.lower in _AUXILIARIES and after + 1 < len(tokens) and tokens[after].lower == "been":
        return verb.lower, "been " + tokens[after + 1].text, after + 2
    if verb.tag in ("VBD", "VBN") and verb.lower not in _AUXILIARIES:
        base = base_form(verb.text)
        return ("did", base, after) if base else None
    return None


def _when(sentence: Sentence, clause: Clause, fact: Fact) -> Question | None:
    """"The bridge was opened in 1932." → "When was the bridge opened?"."""
    group = _verb_group(sentence, clause)
    preposition = _time_of_clause(sentence, clause, fact)
    if group is None or preposition is None:
        return None
    auxiliary, verb, after = group
    in_opening = clause.opening[1] > 0 and fact.end <= sentence.tokens[clause.opening[1]].start
    index = sentence.token_at(fact.start)
    between = sentence.tokens[after:index - 1]
    if not in_opening and (index - 1 < after or any(t.text in ",;:(" for t in between)):
        return None
    skip = (0, 0) if in_opening else (preposition.start, fact.end)
    rest = _rest(sentence, clause, after, skip, inverted=True)
    opening = "" if in_opening else _opening(sentence, clause)
    subject = _subject_text(sentence, clause)
    text = f"When {auxiliary} {subject} {verb} {rest}{opening}".rstrip() + "?"
    return _one_time(Question(" ".join(text.split()), fact.text, "when"))


def _one_time(question: Question) -> Question | None:
    """None for a question that names another time: "When was Telenet incorporated in
    1973 and …?" asks two things."""
    return None if _ANOTHER_TIME.search(question.text) else question


_ANOTHER_TIME = p.YEAR_WORD


def _time_of_clause(sentence: Sentence, clause: Clause, fact: Fact) -> Token | None:
    """The preposition of a time that dates the clause ("in 1932"), not a noun in it
    ("until the closure … on 27 September", "2008's storm")."""
    index = sentence.token_at(fact.start)
    before = sentence.tokens[index - 1] if index else None
    if fact.type not in TIMES or before is None or before.lower not in _TIME_PREPOSITIONS:
        return None
    after = sentence.token_at(fact.end)
    if index >= clause.end or (after < len(sentence.tokens)
                               and sentence.tokens[after].is_("POS", "NN")):
        return None
    if any(t.lower in _ATTACHING for t in sentence.tokens[clause.verb:index - 1]):
        return None
    return before


def _how_many(sentence: Sentence, clause: Clause, fact: Fact) -> Question | None:
    """"<subject> employed 1,400 workers …" → "How many workers did <subject> employ …?"."""
    index = sentence.token_at(fact.start)
    if fact.type is not Type.NUMBER or index != clause.verb + 1 or not fact.unit:
        return None
    group = _verb_group(sentence, clause)
    unit_end = index + 1 + len(fact.unit.split())
    if group is None or group[0] != "did" or not sentence.tokens[unit_end - 1].is_("NNS"):
        return None
    rest = _rest(sentence, clause, unit_end, inverted=True)
    text = (f"How many {fact.unit} did {_subject_text(sentence, clause)} {group[1]} "
            f"{rest}{_opening(sentence, clause)}").rstrip() + "?"
    return Question(" ".join(text.split()), fact.text, "how-many")


# A definite role ("the Russian president", "Mr Trump's predecessor"): "a former
# ambassador" may be many people, and asks nothing answerable.
_ROLE = re.compile(r", ((?:the|[A-Z][\w.]*(?: [A-Z][\w.]*)?['’]s) [^,;:()\"“”]{3,60}?)"
                   r"(?:,|\.$)")


def _who_appositive(sentence: Sentence, fact: Fact) -> Question | None:
    """"Vladimir Putin, the Russian president," → "Who was the Russian president?"."""
    if fact.type is not Type.PERSON:
        return None
    role = _ROLE.match(sentence.text, fact.end)
    if role is None:
        return None
    words = role.group(1).split()
    head = [t for t in sentence.tokens if t.text == words[-1] and t.start > fact.end]
    if not head or not head[0].is_("NN") or len(words) > 7 or head[0].is_("NNP"):
        return None
    return Question(f"Who was {role.group(1)}?", fact.text, "who")


def _object(sentence: Sentence, clause: Clause, fact: Fact) -> Question | None:
    """"Hugues favoured independence from Savoy." → "What did Hugues favour from Savoy?"."""
    group = _verb_group(sentence, clause)
    if group is None or group[0] != "did" or not _whole_object(sentence, clause, fact):
        return None
    who = "Whom" if fact.type is Type.PERSON else "What"
    rest = _rest(sentence, clause, sentence.token_at(fact.end), inverted=True)
    text = (f"{who} did {_subject_text(sentence, clause)} {group[1]} {rest}"
            f"{_opening(sentence, clause)}").rstrip() + "?"
    return Question(" ".join(text.split()), fact.text, "object")


_OBJECTS = (NAMES - {Type.NAME}) | {Type.TERM, Type.LIST, Type.PHRASE}


def _whole_object(sentence: Sentence, clause: Clause, fact: Fact) -> bool:
    """The fact is the verb's whole object: right after it (but for a determiner), and
    neither part of a longer phrase ("Sky" of "Sky Q") nor followed by a comment."""
    if fact.type not in _OBJECTS or not (fact.type is Type.PHRASE) < fact.words <= 6:
        return False  # (a phrase needs two words)
    index = sentence.token_at(fact.start)
    if not clause.verb < index < clause.end:
        return False
    if any(not t.is_("DT", "PRP$") for t in sentence.tokens[clause.verb + 1:index]):
        return False
    end = sentence.token_at(fact.end)
    following = sentence.tokens[end] if end < len(sentence.tokens) else None
    return following is None or not (following.is_("NN", "POS", "CD", "JJ")
                                     or following.text == ",")


def _plain(question: str) -> bool:
    """Long enough to say what it asks, short enough to read, and asking about nothing
    the reader cannot see."""
    words = question.rstrip("?").split()
    return (MIN_QUESTION_WORDS <= len(words) <= MAX_QUESTION_WORDS
            and not any(word.lower().strip(",") in _DEMONSTRATIVES - {"its", "their"}
                        for word in words[1:]))
