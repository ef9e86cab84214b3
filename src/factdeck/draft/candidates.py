"""Candidate cards from a document, for `factdeck draft`: offline and deterministic.

Every sentence that carries facts is read for what a learner could recall from
it: numbers with their unit, dates and periods, money and percentages, names of
people, organisations, places and treaties (runs of capitalised words, joined
by "of", initials and the like) and short quoted terms. Each sentence (or
clause of a very long one) gives at most one cloze, blanking its one or two
most telling facts, and a few sentences give a basic question where a plain
pattern allows one:

- "X, the Y," or "the Y, X," → "Who was the Y?";
- "In <date> <subject> was <rest>." → "When was <subject> <rest>?" (or "When did
  <subject> <verb> …?" for a few common past-tense verbs);
- "<subject> expelled 35 Russian diplomats" → "How many Russian diplomats did
  <subject> expel?".

Quality over quantity: a blank is never a stop word, a lone title ("Mr") or a
sentence's first word merely because it is capitalised; a fact is asked once
in the whole deck (the card that teaches it best keeps it, preferring a
sentence that has no card yet); a cloze keeps enough of its sentence around
its blanks, and its answers appear nowhere else in it; no two cards are near-
duplicates as `factdeck check` counts them. Candidates are ranked by what they
teach: names, numbers and dates above generic capitalised words, facts stated
once above the document's everyday topics ("Russia", "Mr Trump"), short
sentences above long ones.
"""

from __future__ import annotations

import heapq
import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from factdeck import cloze as cloze_syntax
from factdeck.cards.validate import gives_away
from factdeck.errors import FieldProblem
from factdeck.lexicon import LARGE_SCALES, MONTHS, month_pattern
from factdeck.model import Kind
from factdeck.source.document import Document, Sentence
from factdeck.source.similarity import NearDuplicates, comparable, word_frequency
from factdeck.text import CONTROL, normalise, slugify

TAG = "draft"
ID_PREFIX = "draft-"
MAX_ID = 60
# A sentence longer than this (in words) is cut at its semicolons into clauses.
LONG_SENTENCE = 40
# Sentences up to this many words cost nothing; longer ones rank lower.
COMFORTABLE = 30
# Facts worth less than this (after damping for frequency) are never blanked.
MIN_VALUE = 0.6
# A second blank needs at least this value and this share of the first's.
SECOND_VALUE, SECOND_SHARE = 1.5, 0.5
# What must stay visible around the blanks of a cloze (all blanked at once on paper).
MIN_CONTEXT_WORDS = 4
MAX_BLANKED_SHARE = 0.4
# A cloze on a sentence that already has a card is worth this share of its score.
COVERED_DISCOUNT = 0.7
# A fact mentioned in more sentences than this is a topic of the document, and worth less.
TOPIC_MENTIONS = 3
MAX_QUESTION_WORDS = 30
DATED = frozenset(["date", "month", "year", "period"])


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOP_WORDS = _words("""
a about above across after again against all almost along already also although always am
among an and another any anyone anything are around as at be because been before being
below between both but by can cannot could did do does doing done down during each either
else enough even ever every few for from further had has have having he her here hers
herself him himself his how however i if in into is it its itself just least less like
many may me might more most much must my myself neither never no nobody none nor not
nothing now of off often on once one only onto or other others otherwise our ours
ourselves out over own per perhaps quite rather same several shall she should since so
some something such than that the their theirs them themselves then there therefore these
they this those though through thus to too under unless until up upon us very via was we
well were what whatever when whenever where whereas whether which while who whoever whom
whose why will with within without would yet you your yours yourself yourselves
moreover furthermore meanwhile nevertheless nonetheless indeed instead hence besides
""")
TITLES = _words("""
mr mrs ms miss mx dr prof professor sir dame lord lady general gen colonel col captain capt
major maj lieutenant lt admiral adm sergeant sgt commander president vice prime minister
senator sen governor gov judge justice king queen prince princess pope saint st rev
reverend father chancellor secretary ambassador mayor chairman chairwoman director premier
representative rep speaker commissioner archbishop bishop cardinal sheikh emir sultan
marshal field deputy
""")
# Lower-case words that may join the capitalised words of one name.
CONNECTORS = _words("of for de del della di da du des la le van von der den bin ibn al")
ORG_WORDS = _words("""
department committee bank treaty ministry council agency party union organisation
organization company corporation commission university institute court congress
parliament senate assembly fund association federation office service bureau authority
board group society foundation academy school college museum hospital church army navy
force forces police agreement accord convention act pact alliance concept doctrine
strategy programme program project initiative treasury reserve exchange inc ltd corp plc
administration government duma cabinet league movement front institution laboratory
trust
""")
PLACE_WORDS = _words("""
sea ocean river lake mountains mount mountain island islands bay gulf street road bridge
square city county province state states republic kingdom valley canal strait peninsula
desert park coast harbour harbor airport station tower hall palace castle cathedral
""")
# The head of a role that "Who was <role>?" can ask about.
ROLE_NOUNS = _words("""
president minister secretary adviser advisor strategist ambassador senator leader chief
head director chairman chairwoman chair spokesman spokeswoman spokesperson governor mayor
successor predecessor founder author editor king queen prince princess general commander
envoy representative judge officer prosecutor counsel deputy ceo executive manager
inventor engineer architect designer scientist captain chancellor premier speaker
commissioner owner publisher composer painter writer poet astronomer physicist chemist
mathematician economist diplomat negotiator coach principal headmaster headmistress dean
rector provost curator conductor pilot
""")
# Past forms a "did" question can turn back into the plain verb.
PAST_VERBS = {
    "announced": "announce", "appointed": "appoint", "approved": "approve",
    "arrested": "arrest", "banned": "ban", "began": "begin", "bought": "buy",
    "built": "build", "closed": "close", "completed": "complete", "created": "create",
    "deployed": "deploy", "designed": "design", "destroyed": "destroy",
    "discovered": "discover", "elected": "elect", "employed": "employ", "expelled": "expel",
    "exported": "export", "founded": "found", "gained": "gain", "hired": "hire",
    "imported": "import", "imposed": "impose", "introduced": "introduce",
    "invested": "invest", "killed": "kill", "launched": "launch", "lost": "lose",
    "made": "make", "opened": "open", "ordered": "order", "passed": "pass",
    "produced": "produce", "published": "publish", "raised": "raise", "received": "receive",
    "recorded": "record", "released": "release", "removed": "remove", "sent": "send",
    "signed": "sign", "sold": "sell", "spent": "spend", "started": "start",
    "took": "take", "trained": "train", "wrote": "write", "won": "win",
}
AUXILIARIES = _words("was were")
PRONOUNS = _words("it he she they we i you this these that those there its")
DETERMINERS = _words("the a an its his her their this that these those our")
# Words that open a clause: a "How many" question's subject starts after them.
CLAUSE_OPENERS = _words("""
when after before as because while since and but which that who where if although though
whereas until once
""")
PREPOSITIONS = _words("in on at by for from with during after before since until of to")
# Nouns counted by "How many" that do not end in -s.
PLURALS = _words("people staff personnel children men women police cattle troops")
DEMONYM_ENDINGS = ("ian", "ean", "ese", "ish", "ern", "ic", "al", "an", "i")
STRONG_ADJECTIVE_ENDINGS = ("ian", "ese", "ish", "ional", "ern", "ic")
SMALL_NUMBER_WORDS = _words("two three")
QUALIFIERS = ("more than", "less than", "fewer than", "at least", "up to", "over", "under",
              "about", "around", "nearly", "almost", "some", "roughly", "approximately",
              "only", "just", "exactly")

_MONTH = month_pattern()
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[5-9]\d{2}|20\d{2})"
_DATE = re.compile(
    rf"(?<![\w-])(?:(?P<d1>{_DAY})\s+{_MONTH}(?:,?\s+(?P<y1>{_YEAR}))?"
    rf"|(?P<m>{_MONTH})(?:\s+(?P<d2>{_DAY})(?![\w%,.]\d))?(?:,?\s+(?P<y2>{_YEAR}))?)(?![\w-])")
_RANGE = re.compile(rf"(?<![\w.,/-])(?P<a>{_YEAR})\s?[-–—/]\s?(?P<b>\d{{2}}|{_YEAR})(?![\w%-])")
_YEAR_ALONE = re.compile(rf"(?<![\w$£€¥.,/-]){_YEAR}s?(?![\w%-]|[.,]\d)")
_TIME_WORD = re.compile(
    r"(?<!\w)(?:in|by|since|until|from|before|after|during|of|between|and|to)\s$", re.I)
_SCALE = "(?:" + "|".join(LARGE_SCALES) + ")"
_AMOUNT = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MONEY = re.compile(
    rf"(?<![\w$£€¥₽₹])(?:US|A|C|NZ|HK|S)?[$£€¥₽₹]\s?(?:{_AMOUNT})"
    rf"(?:\s?(?:bn|m|k|tn|trn)\b|\s{_SCALE}\b)?")
_MONEY_WORDS = re.compile(
    rf"(?<![\w.,])(?P<n>(?:{_AMOUNT})(?:\s{_SCALE})?)\s(?:US\s)?(?:dollars|euros|pounds|"
    rf"roubles|rubles|yen|yuan|francs|rupees|pesos)\b")
_PERCENT = re.compile(
    rf"(?<![\w.,])(?P<n>(?:{_AMOUNT})(?:\s?%|(?=\s(?:per\s?cent|percent|percentage\spoints?)\b)))")
_PERCENT_UNIT = re.compile(r"\s(?:per\s?cent|percent|percentage\spoints?)")
_CURRENCY = re.compile(r"(?<![\w-])(?:(?:US|Canadian|Australian|Hong Kong|New Zealand) dollar|"
                       r"euro|rouble|ruble|yuan|renminbi|rupee|peso|Swiss franc|"
                       r"pound sterling)s?(?![\w-])")
_NUMBER = re.compile(
    rf"(?<![\w$£€¥.,/-])(?:{_AMOUNT})(?:st|nd|rd|th)?(?:\s{_SCALE})?(?![\w%]|-\d|[.,]\d)")
_SPELLED = re.compile(
    r"(?<![\w-])(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|"
    r"nineteen|a dozen|a hundred|a thousand|a million)"
    rf"(?:\s(?:hundred|{_SCALE}))?(?![\w-])", re.IGNORECASE)
_QUALIFIER = re.compile(r"(?<!\w)(" + "|".join(QUALIFIERS) + r")\s$")
_POINTS_BACK = re.compile(r"(?<!\w)(?:the|these|those|both|its|their|his|her|our|all)\s$")
_QUOTED = re.compile(r"\"([^\"]{2,60})\"|“([^”]{2,60})”|‘([^’]{2,60})’|(?<!\w)'([^']{2,40})'(?!\w)")
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[A-Z]\.(?= ?[A-Z])|[^\W_]+(?:[-'’.,/][^\W_]+)*")
_UNIT = re.compile(r"(?:\s+|-)(?:(?P<adj>[A-Z][a-z]+)\s+)?(?P<noun>[a-z][a-z-]{2,})\b")
_NAME_PARTICLE = re.compile(r"(?:al|el|bin|ibn|van|von|de|da|du|abu|ben)-[A-Z]")
_HYPHEN_SUFFIX = re.compile(r"(?P<base>[A-Z][\w.]*)-(?:led|backed|based|owned|run|born|"
                            r"funded|made|style|era|built|controlled)")
_INITIALS = re.compile(r"(?:[A-Z]\.)+")
_APPOSITIVE = re.compile(r", (?:the|a|an|[A-Z]\w*(?: [A-Z]\w*)?['’]s) [^,;:]{2,60}?[,.]")
_ROLE_AFTER = re.compile(r", ((?:the|[A-Z][\w.]*(?: [A-Z][\w.]*)?['’]s) [^,;:()\"“”]{2,80}?)"
                         r"(?:,|\.$|$)")
_LIST_MARKER = re.compile(r"^(?:[-*+>•]\s+|\d{1,3}[.)]\s+)")
# Markup a cloze would show literally, or that would break its syntax: such sentences are left out.
_UNSAFE = re.compile(r"[{}`|\u2500-\u259f]|\*\*|__|\]\(|::")
_FENCED = re.compile(r"^[ \t]*(```|~~~).*?(?:^[ \t]*\1[^\n]*$|\Z)", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Candidate:
    """One proposed card.

    `prompt` is the cloze text with `{{c1::…}}` deletions, or the question;
    `answer` is the basic card's answer (empty for a cloze); `quote` is the
    sentence as the document writes it; `facts` what the card blanks or asks,
    with its unit ("455 people"); `sentence` the sentence's index in the document.
    """

    id: str
    kind: Kind
    prompt: str
    answer: str
    quote: str
    score: float
    facts: tuple[str, ...]
    sentence: int = -1

    @property
    def answers(self) -> tuple[str, ...]:
        """What the learner must recall: the basic answer, or each deletion's."""
        if self.kind is Kind.CLOZE:
            return tuple(d.answer for d in cloze_syntax.deletions(self.prompt))
        return (self.answer,)


# ---------------------------------------------------------------- the public API


def candidates(document: Document) -> list[Candidate]:
    """Every candidate card of the document, best first, with unique readable ids."""
    drafts = _assign(_analyse(document))
    drafts.sort(key=lambda d: (-d.score, d.sentence, d.unit))
    taken: set[str] = set()
    found: list[Candidate] = []
    for draft in drafts:
        base = _slug(draft.slug_text)
        card_id, number = base, 1
        while card_id in taken:
            number += 1
            card_id = f"{base}-{number}"
        taken.add(card_id)
        found.append(Candidate(card_id, draft.kind, draft.prompt, draft.answer, draft.quote,
                               draft.score, draft.facts, draft.sentence))
    return found


# ---------------------------------------------------------------- reading the document


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    text: str

    @property
    def possessive(self) -> bool:
        return self.text.endswith(("'s", "’s")) and len(self.text) > 2

    @property
    def base_end(self) -> int:
        """The end without a possessive "'s"."""
        return self.end - 2 if self.possessive else self.end

    @property
    def base(self) -> str:
        return self.text[:self.base_end - self.start]

    @property
    def capitalised(self) -> bool:
        text = self.base
        if _NAME_PARTICLE.match(text) or _HYPHEN_SUFFIX.fullmatch(text):
            return True  # "al-Assad", "China-led"
        if not text[:1].isupper():
            return False
        return "-" not in text or text.replace(".", "").isupper()


@dataclass(frozen=True)
class _Fact:
    start: int          # the blank, in the sentence text
    end: int
    text: str           # what is blanked
    label: str          # what it is, with its unit ("455 people"): ids and `facts`
    key: str            # its identity in the whole document
    category: str
    value: float
    extra: tuple[tuple[int, int], ...] = ()   # the same fact again (an acronym), blanked too


@dataclass
class _Run:
    """Capitalised words in a row: a name, once trimmed."""

    tokens: list[_Token]
    initial: bool
    titled: bool = False


@dataclass
class _Analysed:
    sentence: Sentence
    text: str            # the sentence, without a list marker
    tokens: list[_Token]
    runs: list[_Run] = field(default_factory=list)
    facts: list[_Fact] = field(default_factory=list)


@dataclass
class _Context:
    """What the whole document says about its words."""

    mid_capitals: set[str] = field(default_factory=set)   # capitalised mid-sentence
    surnames: set[str] = field(default_factory=set)        # named after a title ("Mr X")
    full_names: dict[str, str] = field(default_factory=dict)  # last word → full name
    mentions: Counter[str] = field(default_factory=Counter)   # key → sentences


def _analyse(document: Document) -> list[_Analysed]:
    analysed = _prose_sentences(document)
    context = _Context()
    for item in analysed:
        for index, token in enumerate(item.tokens):
            if token.capitalised and not _initial(item, index):
                context.mid_capitals.add(token.base)
            if index and normalise(item.tokens[index - 1].base) in TITLES and token.capitalised:
                context.surnames.add(token.base)
    endings: dict[str, set[str]] = defaultdict(set)
    for item in analysed:
        item.runs = _runs(item, context)
        for run in item.runs:
            words = [t.base for t in run.tokens]
            if len(words) >= 2 and not _typed(words) and not words[-1][0].isdigit():
                endings[words[-1]].add(" ".join(words))
    context.full_names = {last: min(names) for last, names in endings.items() if len(names) == 1}
    for item in analysed:
        item.facts = _facts(item, context)
        context.mentions.update({fact.key for fact in item.facts})
    for item in analysed:
        damped = (_damped(fact, context.mentions[fact.key]) for fact in item.facts)
        item.facts = [fact for fact in damped if fact.value >= MIN_VALUE]
    return analysed


def _prose_sentences(document: Document) -> list[_Analysed]:
    """The sentences a card can quote: prose, not code, a table or a drawing."""
    code = [(m.start(), m.end()) for m in _FENCED.finditer(document.text)]
    found: list[_Analysed] = []
    for sentence in document.sentences:
        text = _LIST_MARKER.sub("", sentence.text)
        words = text.split()
        wordy = sum(1 for word in words if re.search(r"[^\W\d_]{2}", word))
        if (len(words) < 3 or wordy < 0.5 * len(words) or _UNSAFE.search(text)
                or CONTROL.search(text) or _overlaps(sentence.start, sentence.end, code)):
            continue
        tokens = [_Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
        found.append(_Analysed(sentence, text, tokens))
    return found


def _initial(item: _Analysed, index: int) -> bool:
    """Does the token open the sentence, a quotation or a clause after a colon?"""
    if index == 0:
        return True
    gap = item.text[item.tokens[index - 1].end:item.tokens[index].start]
    return any(mark in gap for mark in "\"“‘:(")


def _runs(item: _Analysed, context: _Context) -> list[_Run]:
    """Runs of capitalised words, joined by "of" and the like: the names of a sentence."""
    tokens = item.tokens
    runs: list[_Run] = []
    index = 0
    while index < len(tokens):
        if not _name_word(tokens[index]):
            index += 1
            continue
        end = _run_end(item, index)
        made = _trim_run(_Run(tokens[index:end], _initial(item, index)), context)
        if made is not None:
            runs.append(made)
        index = end
    return runs


def _run_end(item: _Analysed, index: int) -> int:
    tokens, text = item.tokens, item.text
    end = index + 1
    while end < len(tokens):
        last, nxt = tokens[end - 1], tokens[end]
        if (last.possessive or text[last.end:nxt.start] != " "
                or _HYPHEN_SUFFIX.fullmatch(last.text) or _HYPHEN_SUFFIX.fullmatch(nxt.text)):
            break
        if _name_word(nxt):
            end += 1
            continue
        run_words = {t.text.lower() for t in tokens[index:end]}
        after = tokens[end + 1] if end + 1 < len(tokens) else None
        if (after is not None and text[nxt.end:after.start] == " " and _name_word(after)
                and (nxt.text in CONNECTORS
                     or (nxt.text in ("and", "the") and run_words & {"of", "for"}))):
            end += 2  # "Department of Justice", "Department of Trade and Industry"
            continue
        if nxt.text.isdigit() and len(nxt.text) <= 3:
            end += 1  # "Nord Stream 2", "Apollo 11"
        break
    return end


def _name_word(token: _Token) -> bool:
    base = token.base
    if len(base) >= 2 and base.isupper() and base.isalpha():
        return True  # "US", "IT": acronyms, whatever the lower-case word means
    normal = normalise(base)
    return (token.capitalised and normal not in STOP_WORDS and base != "I"
            and normal.rstrip(".") not in MONTHS and not re.fullmatch(_MONTH, base))


def _trim_run(run: _Run, context: _Context) -> _Run | None:
    """Titles off the front ("Mr", "General"), and a first word that is capitalised only
    because it opens the sentence ("However", "Allegations of")."""
    tokens = run.tokens
    while (len(tokens) > 1 and normalise(tokens[0].base).rstrip(".") in TITLES
           and tokens[1].text not in CONNECTORS):
        tokens = tokens[1:]
        run.titled = True
    while tokens and (tokens[-1].text in CONNECTORS or tokens[-1].text in ("and", "the")):
        tokens = tokens[:-1]
    if not tokens or all(normalise(t.base).rstrip(".") in TITLES | CONNECTORS for t in tokens):
        return None
    if run.initial and not run.titled:
        first = tokens[0].base
        known = first in context.mid_capitals or first in context.surnames
        if not known and not (len(tokens) >= 2 and _name_like(tokens, context)):
            tokens = tokens[1:]
            while tokens and tokens[0].text in CONNECTORS | {"and", "the"}:
                tokens = tokens[1:]
            run.initial = False
            if not tokens or tokens[0].text.isdigit():
                return None
    run.tokens = tokens
    return run


def _name_like(tokens: Sequence[_Token], context: _Context) -> bool:
    """A capitalised run opening a sentence that still reads as a name: "Dmitry Medvedev"
    (a surname), not "Previous Russian" or "Historically Black"."""
    first, second = tokens[0].base, tokens[1]
    if second.text in CONNECTORS or first.lower().endswith(("ly", "ing", "ed")):
        return False
    if second.base in context.surnames:
        return True
    return second.base in context.mid_capitals and not _adjective(second.base)


def _adjective(word: str) -> bool:
    """"Russian", "Congressional", "Western": words made from names."""
    return word.lower().endswith(STRONG_ADJECTIVE_ENDINGS) and not word.isupper()


def _typed(words: Sequence[str]) -> bool:
    lowered = {w.lower() for w in words}
    return bool(lowered & ORG_WORDS or lowered & PLACE_WORDS)


# ---------------------------------------------------------------- facts

_Finder = Callable[[re.Match[str], str], "_Fact | None"]


def _facts(item: _Analysed, context: _Context) -> list[_Fact]:
    """The facts of a sentence, none overlapping another; the kinds found first win."""
    text = item.text
    found: list[_Fact] = []
    taken: list[tuple[int, int]] = []
    finders: list[tuple[re.Pattern[str], _Finder]] = [
        (_RANGE, _period), (_MONEY, _money), (_MONEY_WORDS, _money), (_PERCENT, _percent),
        (_CURRENCY, _currency), (_DATE, _date), (_YEAR_ALONE, _year), (_QUOTED, _quoted),
    ]
    facts: list[_Fact | None] = [finder(match, text) for pattern, finder in finders
                                 for match in pattern.finditer(text)]
    facts.extend(_name(run, text, context) for run in item.runs)
    facts.extend(_number(m.start(), m.end(), text, spelled=False)
                 for m in _NUMBER.finditer(text))
    facts.extend(_number(m.start(), m.end(), text, spelled=True)
                 for m in _SPELLED.finditer(text))
    for fact in facts:
        if fact is None or _overlaps(fact.start, fact.end, taken) or not _blankable(fact.text):
            continue
        found.append(fact)
        taken.append((fact.start, fact.end))
        taken.extend(fact.extra)
    return sorted(found, key=lambda f: f.start)


def _fact(start: int, end: int, text: str, *, category: str, value: float,
          label: str | None = None) -> _Fact:
    label = label if label is not None else text[start:end]
    return _Fact(start, end, text[start:end], label, normalise(label), category, value)


def _period(match: re.Match[str], text: str) -> _Fact | None:
    first, second = match.group("a"), match.group("b")
    later = int(second) if len(second) == 4 else int(first[:2] + second)
    if later <= int(first):
        return None
    return _fact(match.start(), match.end(), text, category="period", value=2.6)


def _money(match: re.Match[str], text: str) -> _Fact | None:
    if "n" in match.groupdict():  # "5 billion roubles": the number is blanked, not the unit
        return _fact(match.start("n"), match.end("n"), text, category="money", value=3.2,
                     label=match.group())
    return _fact(match.start(), match.end(), text, category="money", value=3.2)


def _percent(match: re.Match[str], text: str) -> _Fact | None:
    end = match.end("n")
    unit = _PERCENT_UNIT.match(text, end)
    return _fact(match.start("n"), end, text, category="percent", value=3.0,
                 label=match.group("n") + (unit.group() if unit else ""))


def _currency(match: re.Match[str], text: str) -> _Fact | None:
    return _fact(match.start(), match.end(), text, category="currency", value=1.6)


def _date(match: re.Match[str], text: str) -> _Fact | None:
    day = match.group("d1") or match.group("d2")
    year = match.group("y1") or match.group("y2")
    month = match.group("m")
    if month is not None and not day and not year:
        if month.rstrip(".") not in (m.capitalize() for m in MONTHS):
            return None  # "Jan" alone is a name as often as a month
        before = text[:match.start()].split()
        if month in ("May", "March") and (not before or before[-1].lower() not in (
                "in", "on", "since", "from", "until", "by", "of", "early", "late", "mid",
                "last", "next", "this", "during", "before", "after", "between")):
            return None  # "may" the verb, "march" the noun
    dated = bool(day or year)
    return _fact(match.start(), match.end(), text, category="date" if dated else "month",
                 value=3.0 if dated else 1.8)


def _year(match: re.Match[str], text: str) -> _Fact | None:
    if _unit_after(text, match.end()) is not None and not _TIME_WORD.search(
            text, 0, match.start()):
        return None  # "2000 soldiers" is a number
    decade = match.group().endswith("s")
    return _fact(match.start(), match.end(), text, category="year", value=2.0 if decade else 2.4)


def _quoted(match: re.Match[str], text: str) -> _Fact | None:
    """A short quoted term ("America First"); a quoted sentence is no term."""
    group = next(i for i in range(1, 5) if match.group(i) is not None)
    inner = match.group(group)
    stripped = inner.strip(" ,.;:!?")
    if not stripped or len(stripped.split()) > 4 or re.search(r"[.!?;:,]", stripped):
        return None
    start = match.start(group) + inner.index(stripped)
    return _fact(start, start + len(stripped), text, category="term", value=2.4)


def _name(run: _Run, text: str, context: _Context) -> _Fact | None:
    tokens = run.tokens
    start, end = tokens[0].start, tokens[-1].base_end
    if len(tokens) == 1:
        hyphen = _HYPHEN_SUFFIX.fullmatch(tokens[0].base)
        if hyphen:
            end = start + len(hyphen.group("base"))  # "China-led": China
        elif "-" in tokens[0].base and not _NAME_PARTICLE.match(tokens[0].base):
            return None  # "US-Russia"
        return _single_name(run, text[start:end], start, text, context)
    words = [t.base for t in tokens]
    lowered = {w.lower() for w in words}
    extra = _acronym_after(text, end, words)
    if normalise(words[0]).rstrip(".") in TITLES:
        # "Secretary of State", "Governor of Elspeth": an office, not who held it.
        category, value = "office", 1.0
    elif lowered & ORG_WORDS:
        category, value = "organisation", 2.8
    elif lowered & PLACE_WORDS:
        category, value = "place", 2.6
    elif (run.titled or any(_INITIALS.fullmatch(w) for w in words)
          or words[-1] in context.surnames or _APPOSITIVE.match(text, end)):
        category, value = "person", 3.0
    else:
        category, value = "name", 2.6
    label = text[start:end]
    return _Fact(start, end, label, label, normalise(label), category, value, extra)


def _single_name(run: _Run, label: str, start: int, text: str,
                 context: _Context) -> _Fact | None:
    end = start + len(label)
    key, category, value = normalise(label), "name", 1.8
    following = re.match(r" ([a-z]+)\b", text[end:])
    if label.isupper() and len(label) >= 2:
        if key in STOP_WORDS:
            return None  # "US", "IT": the answer would read as a stop word
        category, value = "acronym", 1.5
    elif label in context.full_names:
        key, category, value = normalise(context.full_names[label]), "surname", 1.4
    elif run.titled or label in context.surnames:
        category, value = "surname", 1.4
    elif label.lower() in ORG_WORDS:
        category, value = "organisation", 2.0
    elif _adjective(label) or (label.lower().endswith(DEMONYM_ENDINGS) and following is not None
                               and following.group(1) not in STOP_WORDS):
        return None  # "Russian officials": an adjective, and nothing worth recalling
    return _Fact(start, end, label, label, key, category, value)


def _acronym_after(text: str, end: int, words: Sequence[str]) -> tuple[tuple[int, int], ...]:
    """"Democratic National Committee (DNC)": the acronym is blanked with the name."""
    match = re.match(r" \(([A-Z]{2,8})\)", text[end:])
    if match is None or match.group(1)[0] != words[0][0]:
        return ()
    return ((end + match.start(1), end + match.end(1)),)


def _number(start: int, end: int, text: str, *, spelled: bool) -> _Fact | None:
    """A number, blanked without its unit ("{{c1::455}} people"), which stays as context."""
    number = text[start:end]
    if spelled and number.lower().startswith("a "):
        start, number = start + 2, number[2:]
    unit = _unit_after(text, end)
    before = text[:start].lower()
    if spelled and (unit is None or _POINTS_BACK.search(before)):
        return None  # "these two issues" points back; it does not state a number
    qualified = _QUALIFIER.search(before[-24:])
    qualifier = qualified.group(1) if qualified else ""
    label = " ".join(part for part in (qualifier, number, unit or "") if part)
    if spelled:
        value = 1.2 if number.lower() in SMALL_NUMBER_WORDS else 2.2
    elif unit is not None:
        value = 2.8
    elif qualifier or re.search(r"\d{2}", number):
        value = 2.2
    else:
        value = 1.0
    if re.search(r"\d(?:st|nd|rd|th)$", number):
        value = min(value, 1.5)
    return _Fact(start, end, number, label, normalise(label), "number", value)


def _unit_after(text: str, end: int) -> str | None:
    """The noun a number counts: "455 people", "35 Russian diplomats", "14-day deadline"."""
    match = _UNIT.match(text, end)
    if match is None or match.group("noun") in STOP_WORDS:
        return None
    adjective = match.group("adj")
    if adjective and adjective.lower().rstrip(".") in MONTHS:
        return None
    noun = match.group("noun")
    if text[end] == "-":
        return "-" + noun
    return f"{adjective} {noun}" if adjective else noun


def _overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def _blankable(text: str) -> bool:
    normal = normalise(text).strip(" .'\"")
    return (bool(re.search(r"\w", normal)) and normal not in STOP_WORDS
            and normal.rstrip(".") not in TITLES)


def _damped(fact: _Fact, mentions: int) -> _Fact:
    """A fact the document keeps coming back to is its topic: the learner knows it."""
    if mentions <= TOPIC_MENTIONS:
        return fact
    value = round(fact.value * math.sqrt(TOPIC_MENTIONS / mentions), 3)
    return _Fact(fact.start, fact.end, fact.text, fact.label, fact.key, fact.category, value,
                 fact.extra)


# ---------------------------------------------------------------- cards


@dataclass
class _Draft:
    kind: Kind
    prompt: str
    answer: str
    quote: str
    score: float
    facts: tuple[str, ...]
    keys: frozenset[str]   # the facts' identities and the answers, each given to one card
    sentence: int
    unit: int              # the clause of the sentence; questions come after its clozes
    slug_text: str
    chosen: tuple[_Fact, ...] = ()   # a cloze's facts
    discount: float = 1.0


@dataclass(frozen=True)
class _Unit:
    """A sentence, or a clause of a long one, that one cloze is made from."""

    item: _Analysed
    index: int
    start: int        # the clause in the sentence text
    end: int
    prefix: str
    suffix: str

    @property
    def facts(self) -> list[_Fact]:
        return [f for f in self.item.facts if self.start <= f.start and f.end <= self.end
                and all(self.start <= s and e <= self.end for s, e in f.extra)]


def _assign(analysed: Sequence[_Analysed]) -> list[_Draft]:
    """Give every fact to one card: questions first, then the best cloze for it."""
    drafts: list[_Draft] = []
    used: set[str] = set()
    frequency = word_frequency(normalise(item.text) for item in analysed)
    similar: dict[Kind, NearDuplicates[str]] = {Kind.BASIC: NearDuplicates(frequency),
                                                 Kind.CLOZE: NearDuplicates(frequency)}
    questions = [q for item in analysed for q in _questions(item)]
    questions.sort(key=lambda q: (-q.score, q.sentence))
    for question in questions:
        if question.keys & used or not _fresh(similar[Kind.BASIC], question.prompt):
            continue
        used |= question.keys
        drafts.append(question)
    # Then clozes: first one blank per sentence (or clause), best first, so that a fact
    # the document states twice goes where it adds a sentence to the deck; a sentence
    # that already has a card teaches less, and its score is discounted.
    covered = {draft.sentence for draft in drafts}
    units = [unit for item in analysed for unit in _units(item)]
    heap: list[tuple[float, int, _Draft]] = []
    for order, unit in enumerate(units):
        made = _cloze(unit, used, covered)
        if made is not None:
            heapq.heappush(heap, (-made.score, order, made))
    accepted: list[tuple[int, _Draft]] = []
    while heap:
        _, order, made = heapq.heappop(heap)
        now = _cloze(units[order], used, covered)
        if now is None:
            continue
        if (now.score, now.prompt) != (made.score, made.prompt):
            heapq.heappush(heap, (-now.score, order, now))  # worth less than it was
            continue
        if not _fresh(similar[Kind.CLOZE], made.prompt):
            continue  # nearly the same sentence as another card's: `check` would warn
        used |= made.keys
        covered.add(made.sentence)
        accepted.append((order, made))
    # Then a second blank where a sentence has a fact to spare, best cards first.
    for order, made in sorted(accepted, key=lambda pair: (-pair[1].score, pair[0])):
        pair = _second(units[order], made, used)
        if pair is not None:
            used |= pair.keys
        drafts.append(pair or made)
    return drafts


def _fresh(seen: NearDuplicates[str], prompt: str) -> bool:
    """Add the card's text unless it nearly repeats one already added (`check` would warn)."""
    text = comparable(prompt)
    if seen.find(text) is not None:
        return False
    seen.add(text, prompt)
    return True


def _units(item: _Analysed) -> Iterator[_Unit]:
    """The sentence, or for a very long one each of its clauses between semicolons."""
    text = item.text
    if len(text.split()) <= LONG_SENTENCE or ";" not in text:
        yield _Unit(item, 0, 0, len(text), "", "")
        return
    clauses = [m for m in re.finditer(r"[^;]+", text) if m.group().strip(" .")]
    for index, match in enumerate(clauses):
        start = match.start() + len(match.group()) - len(match.group().lstrip())
        end = match.end() - (len(match.group()) - len(match.group().rstrip()))
        last = index == len(clauses) - 1
        yield _Unit(item, index, start, end, "" if index == 0 else "… ", "" if last else " …")


def _free(unit: _Unit, used: set[str]) -> list[_Fact]:
    """The unit's facts no other card has taken, best first."""
    return sorted((f for f in unit.facts if f.key not in used and normalise(f.text) not in used),
                  key=lambda f: (-f.value, f.start))


def _cloze(unit: _Unit, used: set[str], covered: set[int]) -> _Draft | None:
    """The unit's best cloze with one blank."""
    discount = COVERED_DISCOUNT if unit.item.sentence.index in covered else 1.0
    for fact in _free(unit, used):
        made = _build(unit, [fact], discount)
        if made is not None and not made.keys & used:
            return made
    return None


def _second(unit: _Unit, made: _Draft, used: set[str]) -> _Draft | None:
    """The cloze with a second blank, when its sentence has a telling fact left and
    keeps enough context around both."""
    first = made.chosen[0]
    for second in _free(unit, used):
        if second.value < SECOND_VALUE or second.value < SECOND_SHARE * first.value:
            continue
        pair = _build(unit, [first, second], made.discount)
        if pair is not None and not (pair.keys - made.keys) & used:
            return pair
    return None


def _build(unit: _Unit, facts: list[_Fact], discount: float) -> _Draft | None:
    """The cloze text blanking these facts, or None when it would not make a fair card."""
    item = unit.item
    text = item.text
    facts = sorted(facts, key=lambda f: f.start)
    spans: list[tuple[int, int, int]] = []   # start, end, cloze number
    for number, fact in enumerate(facts, 1):
        spans.append((fact.start, fact.end, number))
        spans.extend((s, e, number) for s, e in fact.extra)
        spans.extend((s, e, number) for s, e in _repeats(text, fact, unit))
    spans.sort()
    if any(a[1] > b[0] for a, b in itertools.pairwise(spans)):
        return None
    words = len(text[unit.start:unit.end].split())
    blanked = sum(len(text[s:e].split()) for s, e, _ in spans)
    if words - blanked < MIN_CONTEXT_WORDS or blanked > MAX_BLANKED_SHARE * words:
        return None
    pieces: list[str] = []
    at = unit.start
    for start, end, number in spans:
        pieces.append(text[at:start])
        pieces.append(f"{{{{c{number}::{text[start:end]}}}}}")
        at = end
    pieces.append(text[at:unit.end])
    prompt = unit.prefix + "".join(pieces) + unit.suffix
    try:
        deletions = cloze_syntax.deletions(prompt)
    except FieldProblem:
        return None
    if any(gives_away(cloze_syntax.context_without(prompt, d.number), d.answer)
           for d in deletions):
        return None
    score = round(_cloze_score(facts, unit, words) * discount, 3)
    best = max(facts, key=lambda f: (f.value, -f.start))
    keys = {f.key for f in facts} | {normalise(d.answer) for d in deletions}
    return _Draft(Kind.CLOZE, prompt, "", item.text, score, tuple(f.label for f in facts),
                  frozenset(keys), item.sentence.index, unit.index, best.label,
                  tuple(facts), discount)


def _repeats(text: str, fact: _Fact, unit: _Unit) -> Iterator[tuple[int, int]]:
    """Other places in the clause that would give the fact away: its words again, or a
    person's surname."""
    patterns = [re.compile(r"(?<!\w)" + re.escape(fact.text) + r"(?!\w)", re.IGNORECASE)]
    if fact.category in ("person", "name") and re.search(r" [^\W\d_]+$", fact.text):
        surname = fact.text.rsplit(maxsplit=1)[-1]
        patterns.append(re.compile(r"(?<!\w)" + re.escape(surname) + r"(?!\w)"))
    own = [(fact.start, fact.end), *fact.extra]
    for pattern in patterns:
        for match in pattern.finditer(text, unit.start, unit.end):
            if not _overlaps(match.start(), match.end(), own):
                own.append((match.start(), match.end()))
                yield match.start(), match.end()


def _cloze_score(facts: Sequence[_Fact], unit: _Unit, words: int) -> float:
    """What the card teaches: its best fact, half its second, a little for a sentence
    dense with facts; less for a long sentence."""
    values = sorted((f.value for f in facts), reverse=True)
    score = values[0] + 0.6 * sum(values[1:])
    strong = sum(1 for f in unit.facts if f.value >= SECOND_VALUE)
    score += 0.15 * min(strong, 4)
    if words > COMFORTABLE:
        score *= (COMFORTABLE / words) ** 0.6
    return score


# ---------------------------------------------------------------- basic questions


def _questions(item: _Analysed) -> Iterator[_Draft]:
    yield from _who(item)
    yield from _when(item)
    yield from _how_many(item)


def _question(item: _Analysed, prompt: str, fact: _Fact, word: str) -> _Draft | None:
    prompt = " ".join(prompt.split())
    answer = fact.text
    if (len(prompt.split()) > MAX_QUESTION_WORDS or gives_away(prompt, answer)
            or not _blankable(answer)):
        return None
    if fact.category in ("person", "name") and " " in answer \
            and gives_away(prompt, answer.rsplit(maxsplit=1)[-1]):
        return None
    score = round(fact.value * 1.15 + 0.3, 3)
    return _Draft(Kind.BASIC, prompt, answer, item.text, score, (fact.label,),
                  frozenset([fact.key, normalise(answer)]), item.sentence.index, 99,
                  f"{word} {fact.label}")


def _who(item: _Analysed) -> Iterator[_Draft]:
    """"Dmitry Medvedev, the Russian prime minister," → "Who was the Russian prime minister?"."""
    text = item.text
    for fact in item.facts:
        if fact.category not in ("person", "name") or " " not in fact.text:
            continue
        if text[fact.end:fact.end + 2] in ("'s", "’s"):
            continue
        role = None
        after = _ROLE_AFTER.match(text, fact.end)
        if after is not None:
            role = after.group(1)
        elif text[:fact.start].endswith(", ") and re.match(r"[,.]", text[fact.end:]):
            role = _role_before(text[:fact.start - 2])
        if role is None or not _role(role):
            continue
        role = _lower_first(role)
        made = _question(item, f"Who was {role}?", fact, "who")
        if made is not None:
            yield made


def _role_before(before: str) -> str | None:
    """The shortest "the …" phrase ending the text that reads as a role."""
    starts = [m.start() for m in re.finditer(r"(?<!\w)[Tt]he ", before)]
    for start in reversed(starts[-4:]):
        role = before[start:]
        if re.search(r"[,;:()\"“”]", role) or len(role.split()) > 8:
            return None
        if _role(role):
            return role
    return None


def _role(role: str) -> bool:
    """"the Russian president", "Mr Flynn's successor", "the secretary of defence"."""
    words = role.split()
    if not 2 <= len(words) <= 8 or re.search(r"\d", role):
        return False
    definite = words[0].lower() == "the" or any(re.search(r"['’]s$", w) for w in words[:2])
    head_at = words.index("of") - 1 if "of" in words else len(words) - 1
    return (definite and head_at > 0 and words[head_at].lower() in ROLE_NOUNS
            and not any(w.lower() in ("who", "which", "that", "and", "whose") for w in words))


def _when(item: _Analysed) -> Iterator[_Draft]:
    """"In July a bill … was passed …" → "When was a bill … passed …?"."""
    text = item.text
    opening = re.match(r"(?:In|On) ", text)
    fact = next((f for f in item.facts if opening and f.start == opening.end()
                 and f.category in DATED), None)
    if fact is None:
        return
    rest = text[fact.end:].lstrip(", ")
    if ";" in rest or re.search(r"[\"“”:]", rest) or not rest.endswith("."):
        return
    words = rest[:-1].split()
    for index, word in enumerate(words[1:], 1):
        subject, tail, lowered = words[:index], words[index + 1:], word.lower()
        if (any(w.lower() in CLAUSE_OPENERS for w in subject) or len(subject) > 12
                or subject[0].lower() in PRONOUNS):
            return
        who = _lower_first(" ".join(subject))
        if lowered in AUXILIARIES:
            prompt = f"When {lowered} {who} {' '.join(tail)}?"
        elif lowered in PAST_VERBS and subject[-1].lower() not in DETERMINERS:
            prompt = f"When did {who} {PAST_VERBS[lowered]} {' '.join(tail)}?"
        else:
            continue
        if 1 <= len(tail) <= 20:
            made = _question(item, prompt, fact, "when")
            if made is not None:
                yield made
        return


def _how_many(item: _Analysed) -> Iterator[_Draft]:
    """"… administration expelled 35 Russian diplomats" → "How many Russian diplomats did
    … administration expel?"."""
    text = item.text
    for fact in item.facts:
        if fact.category != "number" or not re.fullmatch(r"[\d,]+", fact.text):
            continue
        unit = fact.label[len(fact.text):].strip()
        if not unit or fact.label != f"{fact.text} {unit}":
            continue  # no unit, or a qualifier ("over 700") that makes the answer doubtful
        noun = unit.rsplit(maxsplit=1)[-1]
        verb, who = _subject_and_verb(item, fact)
        if verb is None or not who or not (noun.endswith("s") or noun in PLURALS):
            continue
        end = fact.end + len(" " + unit)
        tail = re.match(r"[^,;:()\"“”]*?(?=,|;|\.$| and | but |$)", text[end:])
        rest = tail.group().strip() if tail else ""
        if len(rest.split()) > 8:
            rest = ""
        prompt = f"How many {unit} did {who} {PAST_VERBS[verb]} {rest}".strip() + "?"
        made = _question(item, prompt, fact, "how many")
        if made is not None:
            yield made


def _subject_and_verb(item: _Analysed, fact: _Fact) -> tuple[str | None, str]:
    """The past-tense verb just before a number, and the subject of its clause."""
    tokens, text = item.tokens, item.text
    at = next((i for i, t in enumerate(tokens) if t.start == fact.start), 0)
    if at < 2 or tokens[at - 1].text not in PAST_VERBS \
            or text[tokens[at - 1].end:fact.start] != " ":
        return None, ""
    verb = tokens[at - 1]
    subject: list[_Token] = []
    for token in reversed(tokens[:at - 1]):
        gap = text[token.end:(subject[0] if subject else verb).start]
        if gap.strip() or token.text.lower() in CLAUSE_OPENERS:
            break
        subject.insert(0, token)
    # "In 1969 the programme employed …": the subject starts after the date.
    dates = [f for f in item.facts if f.category in DATED and subject
             and subject[0].start <= f.start and f.end <= verb.start]
    if dates:
        subject = [t for t in subject if t.start >= dates[-1].end]
    if (not 1 <= len(subject) <= 7
            or subject[0].text.lower() in PRONOUNS | PREPOSITIONS | CLAUSE_OPENERS):
        return None, ""
    first = subject[0]
    if not (first.capitalised or first.text.lower() in ("the", "a", "an")):
        return None, ""
    return verb.text, _lower_first(text[first.start:subject[-1].end])


def _lower_first(text: str) -> str:
    """"The Russian president" → "the Russian president", for the middle of a question."""
    first = text.split(" ", 1)[0]
    if first in ("The", "A", "An", "This", "These", "Its", "Their", "His", "Her"):
        return first.lower() + text[len(first):]
    return text


def _slug(text: str) -> str:
    for sign, word in (("%", "percent"), ("£", "gbp"), ("$", "usd"), ("€", "eur")):
        text = text.replace(sign, f" {word} ")
    slug = slugify(text)
    if len(ID_PREFIX + slug) > MAX_ID:
        slug = slug[:MAX_ID - len(ID_PREFIX)].rsplit("-", 1)[0]
    return ID_PREFIX + (slug or "card")
