"""`factdeck draft`, stage by stage (facts, questions, alternatives, ids) and whole:
drafts that check clean, ask whole facts, mix the kinds, and come out the same
every time."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

import factdeck.cli
from factdeck import cloze
from factdeck.cards.check import gather
from factdeck.cards.validate import gives_away
from factdeck.draft.distractors import Pool
from factdeck.draft.facts import Fact, Sentence, Type, literal_facts, number_facts
from factdeck.draft.forms import Draft
from factdeck.draft.forms import cloze as make_cloze
from factdeck.draft.namespans import name_facts
from factdeck.draft.output import draft_yaml, drafts
from factdeck.draft.phrases import phrase_facts
from factdeck.draft.questions import questions
from factdeck.draft.segment import sentences
from factdeck.draft.tagger import base_form, tag
from factdeck.errors import DocumentError
from factdeck.model import Kind
from factdeck.source.document import parse_document
from factdeck.text import normalise
from tests.conftest import REPO, assert_golden

REAL_SOURCE = REPO / "cards" / "us-russia-relations.source.txt"
SCHEMA = json.loads(
    (REPO / "src" / "factdeck" / "schema" / "cards.schema.json").read_text(encoding="utf-8"))

BRIDGE = textwrap.dedent("""\
    The Harbour Bridge of Port Elspeth

    The Harbour Bridge in Port Elspeth was designed by Margaret Okafor, an engineer from \
    Leeds, who won the competition in March 1921. Construction began on 14 June 1923 and \
    employed 1,400 workers for almost eight years. The Elspeth Bridge Authority paid £4.2 \
    million for the steel arch, which used 52,800 tonnes of steel from Middlesbrough.

    Dr Okafor called her design a "hinged arch", a term the newspapers soon adopted. \
    Critics, e.g. the architect Lionel Marsh, argued that a tunnel would have cost less. The \
    bridge opened on 19 March 1932, when Sir Arthur Penrose, the Governor of Elspeth, cut \
    the ribbon. In its first year the bridge carried 6,000 vehicles a day.

    Later years

    In 1967 the deck was widened to eight lanes. By 2010 traffic had risen by 35% compared \
    with 1990. The Elspeth Heritage Trust listed the bridge in 1998. Today tolls raise about \
    $12 million a year for the Port Elspeth Council. Its engineers inspect the cables, the \
    deck and the piers every spring.
    """)


def real_text() -> str:
    return REAL_SOURCE.read_text(encoding="utf-8")


def analysed(text: str) -> Sentence:
    return Sentence(0, 0, text, tag(text))


def spans(text: str) -> dict[str, Type]:
    sentence = analysed(text)
    found = [*literal_facts(sentence), *number_facts(sentence), *name_facts(sentence),
             *phrase_facts(sentence)]
    kinds: dict[str, Type] = {}
    for fact in found:  # the first finder to find a span decides, as in the draft
        kinds.setdefault(fact.text, fact.type)
    return kinds


def write_draft(folder: Path, text: str, *, max_cards: int, name: str = "source.txt") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    card_file = folder / "draft.yaml"
    card_file.write_text(draft_yaml(text, source_name=name, deck_id="drafted",
                                    deck_name="Drafted deck", max_cards=max_cards),
                         encoding="utf-8")
    return card_file


# ---------------------------------------------------------------- facts: whole spans

@pytest.mark.parametrize(("sentence", "fact", "kind"), [
    ("The wars were fought intermittently from 1562 to 1598.", "1562 to 1598", Type.PERIOD),
    ("The plague reached Europe in 1338–39 and returned in the 14th century.", "1338–39",
     Type.PERIOD),
    ("It is estimated to have killed 30–60% of Europe's population.", "30–60%",
     Type.PERCENT),
    ("The bridge opened on 19 March 1932 to great crowds.", "19 March 1932", Type.DATE),
    ("The authority paid £4.2 million for the steel arch.", "£4.2 million", Type.MONEY),
    ("Forest loss rose between 1991 and 2000 across the basin.", "between 1991 and 2000",
     Type.PERIOD),
    ("Most of the roads, bridges and large plazas were built by farmers.",
     "roads, bridges and large plazas", Type.LIST),
    ("The wars ended with the granting of the Edict of Nantes in that year.",
     "Edict of Nantes", Type.NAME),
    ("They sailed up the St. Johns River with their supplies.", "St. Johns River", Type.NAME),
    ("The reconstruction covered the Medieval Warm Period in detail.",
     "Medieval Warm Period", Type.NAME),
    ("The talks were about the role of the president, Bashar al-Assad, in a settlement.",
     "Bashar al-Assad", Type.NAME),
    ("The Amazon represents over half of the planet's remaining rainforests.", "half",
     Type.PERCENT),
    ("About two-thirds of the land is protected by law.", "two-thirds", Type.PERCENT),
    ("He sold a third of his shares in 1998.", "a third", Type.PERCENT),
    ("The service used the Astra 2A satellite at first.", "Astra 2A", Type.NAME),
    ("Apollo 11 landed on the Moon in July 1969.", "Apollo 11", Type.NAME),
    ("The British soon constructed the King's Road to Georgia.", "King's Road", Type.NAME),
    ("In the course of the Hundred Years' War, the barons were defeated.", "Hundred Years' War",
     Type.NAME),
    ("Robert the Bruce was crowned at Scone in 1306.", "Robert the Bruce", Type.NAME),
    ("The dynasty had a major impact on Europe and even the Near East in 1100.", "Near East",
     Type.NAME),
    ("The Bank of the United States was chartered in 1816.", "Bank of the United States",
     Type.NAME),
    ("After the French and Indian War, Spain ceded Florida to Britain.",
     "French and Indian War", Type.NAME),
    ("NFL owners awarded the game to Levi's Stadium in 2013.", "Levi's Stadium", Type.NAME),
    ("Early writings include the Kao Gong Ji from the 7th–5th centuries BCE.",
     "7th–5th centuries BCE", Type.PERIOD),
    ("It was built between the 4th and 5th centuries in Rome.", "4th and 5th centuries",
     Type.PERIOD),
    ("Mayor W. Haydon Burns' Jacksonville Story resulted in a new city hall.",
     "W. Haydon Burns", Type.NAME),
    ("The College of the University of Chicago grants 50 majors.",
     "College of the University of Chicago", Type.NAME),
    ("He visited the Queen's House and Lloyd's Bank in 1900.", "Lloyd's Bank", Type.NAME),
    ("Some 5 million people may have lived there in AD 1500, in settlements.", "AD 1500",
     Type.YEAR),
    ("Rain fell in the rain year from July 1982 to June 1983 in the city.",
     "July 1982 to June 1983", Type.PERIOD),
    ("Freezing temperatures occur from November 15 thru April 26 in most years.",
     "November 15 thru April 26", Type.PERIOD),
    ("No freeze occurred in the 1983/1984 season in the valley.", "1983/1984", Type.PERIOD),
    ("Scientists have described between 96,660 and 128,843 species in Brazil.",
     "between 96,660 and 128,843", Type.NUMBER),
    ("The forests store of the order of 1.1 × 1011 metric tonnes of carbon.", "1.1 × 1011",
     Type.NUMBER),
])
def test_facts_are_whole(sentence: str, fact: str, kind: Type) -> None:
    found = spans(sentence)
    assert found.get(fact) is kind, found


@pytest.mark.parametrize(("sentence", "not_a_fact"), [
    ("Mr Putin ordered the cut after the vote.", "Mr Putin"),  # the title is not the name
    ("The fleet visited London 12 times that year.", "London 12"),  # a count, not a name
    ("The church was replaced by a third, Trinity Church, in 1890.", "a third"),  # no share
    ("Some authors combined the two groups in one phylum, Coelenterata.", "one phylum"),
    ('The cavity has a mouth and a pharynx ("throat") lined with cilia.', "throat"),  # a gloss
    # between one quotation's end and the next one's start
    ('It spoke "with metaphors from the popular culture of the day" and related to "risks".',
     "and related to"),
    ("However, the council met in Geneva.", "However"),  # a capital that opens a sentence
    ("The report was published in May by the committee.", "May"),  # a month is not a name
    ("It favoured independence from the duke.", "favoured independence"),  # a verb
    ("They studied other sources with care.", "other sources"),  # a vague word opens it
])
def test_what_is_not_a_fact(sentence: str, not_a_fact: str) -> None:
    assert not_a_fact not in spans(sentence)


def test_a_count_keeps_its_unit_beside_it() -> None:
    sentence = analysed("Construction employed 1,400 workers for almost eight years.")
    found = {f.text: f for f in number_facts(sentence)}
    assert found["1,400"].unit == "workers"


def test_names_are_typed_by_their_company() -> None:
    text = ("Mr Alvar Brun, who led the council, met Ines Carro in Tarvik. "
            "Brun later moved to Tarvik with the Tarvik Shipping Company. "
            "The Treaty of Orsa was signed in Tarvik.")
    typed = {f.text: f.type for s in sentences(parse_document(text)) for f in s.facts}
    assert typed["Alvar Brun"] is Type.PERSON
    assert typed["Tarvik"] is Type.PLACE
    assert typed["Tarvik Shipping Company"] is Type.ORG
    assert typed["Treaty of Orsa"] is Type.DOCUMENT


# ---------------------------------------------------------------- questions

@pytest.mark.parametrize(("sentence", "fact", "question"), [
    ("Margaret Okafor designed the Harbour Bridge.", "Margaret Okafor",
     "Who designed the Harbour Bridge?"),
    ("The Harbour Bridge was opened in 1932.", "1932", "When was the Harbour Bridge opened?"),
    ("In 1932, the council opened the Harbour Bridge.", "1932",
     "When did the council open the Harbour Bridge?"),
    ("The council closed 12 libraries in the county.", "12",
     "How many libraries did the council close in the county?"),
    ("Vladimir Putin, the Russian president, expressed his admiration.", "Vladimir Putin",
     "Who was the Russian president?"),
    # a closing quotation keeps its quote mark, not the full stop inside it
    ('In 1900, the Los Angeles Times defined the south as including "the seven counties."',
     "Los Angeles Times", 'What defined the south as including "the seven counties" in 1900?'),
    # a new clause whose verb the tagger gave as a base form ends it too
    ("Subject Committees are established at the beginning of each session, and again the "
     "members on each committee reflect the balance of parties.", "Subject Committees",
     "What is established at the beginning of each session?"),
    # a comma before a clause of its own ends the question's clause
    ("Nassau County lies to the north, Baker County lies to the west.", "Nassau County",
     "What lies to the north?"),
    # a name written with an inner capital keeps it inside the question
    ("In 2006, NewcastleGateshead was voted the arts capital of the UK.", "2006",
     "When was NewcastleGateshead voted the arts capital of the UK?"),
    # … and so does "and", after an opening phrase of the new clause's own
    ("On August 30, a feasibility study competition was announced, and on October 25, three "
     "study contracts were awarded.", "August 30",
     "When was a feasibility study competition announced?"),
])
def test_plain_questions(sentence: str, fact: str, question: str) -> None:
    # (A second clause is left out: "The bridge opened in 1932, and the council …" asks
    # "When did the bridge open?".)
    text = sentence + " " + ("Mr Okafor spoke. " if "Okafor" in sentence else "")
    [analysed_sentence, *_] = sentences(parse_document(text))
    chosen = next(f for f in analysed_sentence.facts if f.text == fact)
    asked = [q.text for q in questions(analysed_sentence, chosen)]
    assert question in asked


@pytest.mark.parametrize("sentence", [
    "In 2014 it closed 12 libraries in the county.",  # a pronoun for a subject
    "Farms established during the 1970s were based on crop cultivation.",  # a participle
    "The bridge opened, and in 1932 the council raised the tolls.",  # another clause's time
    # a subject that opens with a preposition: "What did in normal plant cells … call …?"
    "In normal plant cells long thin protuberances called stromules sometimes form in 1990.",
])
def test_no_question_when_the_grammar_is_doubtful(sentence: str) -> None:
    [analysed_sentence] = sentences(parse_document(sentence))
    asked = [q.text for f in analysed_sentence.facts for q in questions(analysed_sentence, f)]
    assert not [q for q in asked if q.startswith(("When", "How many", "What did"))], asked


@pytest.mark.parametrize(("past", "base"), [
    ("opened", "open"), ("created", "create"), ("stopped", "stop"), ("carried", "carry"),
    ("expelled", "expel"), ("passed", "pass"), ("rated", "rate"), ("fought", None),
])
def test_base_forms_of_regular_verbs(past: str, base: str | None) -> None:
    assert base_form(past) == base


# ---------------------------------------------------------------- alternatives

def test_alternatives_are_of_the_same_type_and_never_the_answer() -> None:
    analysed_sentences = sentences(parse_document(BRIDGE))
    pool = Pool(analysed_sentences)
    for sentence in analysed_sentences:
        for fact in sentence.facts:
            wrong = pool.distractors(fact, sentence)
            assert all(normalise(w) not in normalise(sentence.text) for w in wrong), wrong
            assert all(normalise(w) != fact.key for w in wrong)
            if fact.type is Type.YEAR:
                assert all(re.fullmatch(r"\d{4}", w) for w in wrong), wrong


def test_made_up_numbers_keep_the_answers_format() -> None:
    [sentence] = sentences(parse_document("The dam cost about 1,400 workers their jobs."))
    fact = next(f for f in sentence.facts if f.text == "1,400")
    wrong = Pool([sentence]).distractors(fact, sentence)
    assert len(wrong) == 3
    assert all(re.fullmatch(r"\d{1,3}(,\d{3})*", w) and w != "1,400" for w in wrong), wrong


# ---------------------------------------------------------------- whole drafts

DOCUMENTS = pytest.mark.parametrize("text", [pytest.param(real_text(), id="real"),
                                             pytest.param(BRIDGE, id="bridge")])


@DOCUMENTS
@pytest.mark.parametrize("max_cards", [12, 60])
def test_draft_checks_clean_beside_its_source(tmp_path: Path, text: str, max_cards: int) -> None:
    card_file = write_draft(tmp_path, text, max_cards=max_cards)
    checked = gather([card_file], strict=True)  # warnings too: a draft should need no edits
    assert [d.format() for d in checked.diagnostics] == []
    assert 0 < len(checked.decks[0].cards) <= max_cards


@DOCUMENTS
def test_draft_yaml_fits_the_schema(text: str) -> None:
    written = draft_yaml(text, source_name="doc.txt", deck_id="d", deck_name="D", max_cards=30)
    data = yaml.safe_load(written)
    jsonschema.validate(data, SCHEMA)
    assert written.startswith("# Draft cards generated by `factdeck draft`")
    assert data["deck"] == {"id": "d", "name": "D", "source": "doc.txt",
                            "source_title": text.splitlines()[0]}
    for card in data["cards"]:
        assert "draft" in card["tags"]
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", card["id"])
        assert len(card["id"]) <= 60
        if card.get("explain", "").startswith("False:"):
            assert card["a"] is False
            assert "made-false" in card["tags"]


def fair(draft: Draft) -> None:
    """What every drafted card must be, whatever its kind."""
    if draft.kind is Kind.CLOZE:
        deletions = cloze.deletions(draft.prompt)
        assert len({d.number for d in deletions}) <= 2
        assert normalise(cloze.revealed(draft.prompt)) == normalise(draft.quote)
        for number in {d.number for d in deletions}:
            context = cloze.context_without(draft.prompt, number)
            assert not any(gives_away(context, d.answer) for d in deletions
                           if d.number == number), draft.prompt
        visible = cloze.blanked(draft.prompt, "_").split()
        assert len([w for w in visible if "_" not in w]) >= 5, draft.prompt
    elif draft.kind in (Kind.BASIC, Kind.CHOICE):
        assert not gives_away(draft.prompt, draft.answer), draft.prompt
        assert draft.prompt.endswith(("?", ".")) or "_____" in draft.prompt
    if draft.kind is Kind.CHOICE:
        assert draft.answer in draft.choices
        assert 3 <= len(draft.choices) <= 4
        assert len({normalise(c) for c in draft.choices}) == len(draft.choices)


@DOCUMENTS
def test_every_card_is_fair_and_every_fact_asked_once(text: str) -> None:
    made = drafts(text, 40)
    for draft in made:
        fair(draft)
    asked = Counter(normalise(a) for d in made for a in dict.fromkeys(d.answers))
    assert [a for a, n in asked.items() if n > 1] == []
    assert [d.sentence.index for d in made] == sorted(d.sentence.index for d in made)


def test_the_kinds_are_mixed_and_clozes_have_two_blanks_at_most() -> None:
    made = drafts(real_text() + "\n\n" + BRIDGE, 40)
    kinds = Counter(d.kind for d in made)
    assert (len(made) - kinds[Kind.CLOZE]) / len(made) >= 0.25, kinds
    clozes = [d for d in made if d.kind is Kind.CLOZE]
    occurrences = sum(len(re.findall(r"\{\{c\d+::", d.prompt)) for d in clozes)
    assert occurrences / len(clozes) <= 2.0


def test_real_document_draft() -> None:
    # Reviewed card by card; a change shows as a diff of the golden file.
    assert_golden("real-document.draft.yaml",
                  draft_yaml(real_text(), source_name="us-russia-relations.source.txt",
                             deck_id="us-russia-relations-draft", deck_name="US–Russia (draft)",
                             max_cards=40))


def test_metadata_and_code_are_never_drafted(tmp_path: Path) -> None:
    text = textwrap.dedent("""\
        # The Comet of 1882

        Content Type
        Report by the Cape Observatory
        Astronomy, Comets, History

        - The Great Comet was seen by 1,200 observers in September 1882.
        - It split into 4 fragments.

        ```
        Its tail reached 35 degrees on 18 September 1882, says the log.
        ```

        Astronomer David Gill photographed it from the Cape Observatory in 1882.
        """)
    made = drafts(text, 10)
    assert not any("35 degrees" in d.quote or "Content" in d.quote for d in made)
    assert all(not d.quote.startswith(("-", "#")) for d in made)
    card_file = write_draft(tmp_path, text, max_cards=10, name="comet.md")
    assert [d.format() for d in gather([card_file], strict=True).diagnostics] == []


def test_bad_arguments_and_empty_documents() -> None:
    with pytest.raises(ValueError, match="slug"):
        draft_yaml(BRIDGE, source_name="s", deck_id="Not A Slug", deck_name="D", max_cards=5)
    with pytest.raises(ValueError, match="at least 1"):
        draft_yaml(BRIDGE, source_name="s", deck_id="d", deck_name="D", max_cards=0)
    with pytest.raises(DocumentError, match="no sentence"):
        draft_yaml("just a title\n\nno facts here at all.", source_name="s", deck_id="d",
                   deck_name="D", max_cards=5)


def test_same_yaml_every_run_and_every_hash_seed(tmp_path: Path) -> None:
    script = tmp_path / "run.py"
    script.write_text(textwrap.dedent(f"""\
        import sys
        from factdeck.draft.output import draft_yaml
        text = open({str(REAL_SOURCE)!r}, encoding="utf-8").read() + {BRIDGE!r}
        sys.stdout.write(draft_yaml(text, source_name="s.txt", deck_id="d",
                                    deck_name="D", max_cards=40))
        """), encoding="utf-8")
    outputs = set()
    for seed in ("0", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                             check=True, env=env)
        outputs.add(run.stdout)
    here = draft_yaml(real_text() + BRIDGE, source_name="s.txt", deck_id="d", deck_name="D",
                      max_cards=40)
    assert outputs == {here}


# ---------------------------------------------------------------- the command

def test_draft_command_and_gaps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bridge.txt").write_text(BRIDGE, encoding="utf-8")
    runner = CliRunner()
    made = runner.invoke(factdeck.cli.app, ["draft", "bridge.txt", "--max", "4"])
    assert made.exit_code == 0, made.output
    card_file = tmp_path / "cards" / "bridge.yaml"
    again = runner.invoke(factdeck.cli.app, ["draft", "bridge.txt"])
    assert again.exit_code == 1
    assert "exists; use --force" in again.output
    before = card_file.read_text(encoding="utf-8")
    filled = runner.invoke(factdeck.cli.app, ["draft", "--gaps", str(card_file), "--max", "3"])
    assert filled.exit_code == 0, filled.output
    after = card_file.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n"))  # appended: the author's text untouched
    checked = gather([card_file], strict=True)
    assert [d.format() for d in checked.diagnostics] == []
    assert len(checked.decks[0].cards) == 7
    neither = runner.invoke(factdeck.cli.app, ["draft"])
    assert neither.exit_code == 2


def fact(text: str, kind: Type) -> Fact:
    return Fact(0, len(text), text, kind)


def test_the_right_choice_moves_from_card_to_card() -> None:
    # Written order is shown by a one-version quiz and by exports: a place that keeps
    # coming back would give the answer away (check's choice-position).
    choice_drafts = [draft for draft in drafts(real_text(), 60) if draft.kind is Kind.CHOICE]
    assert len(choice_drafts) >= 3
    assert [draft.choices.index(draft.answer) for draft in choice_drafts] == [
        turn % len(draft.choices) for turn, draft in enumerate(choice_drafts)]


@pytest.mark.parametrize(("sentence", "amount", "conversion"), [
    ("The city lies about 25 miles (40 km) south of the state line.", "25 miles", "40 km"),
    ("Heat indices above 110 °F (43.3 °C) are possible in July.", "110 °F", "43.3 °C"),
    ("The printers lay 2 metres (6 ft 7 in) of concrete each hour.", "", "6 ft 7 in"),
])
def test_an_amount_and_its_conversion_are_one_fact(sentence: str, amount: str,
                                                   conversion: str) -> None:
    facts = sentences(parse_document(f"Title\n\n{sentence}\n"))[0].facts
    # The conversion is never asked alone: its other units would give it away.
    assert not any(conversion in f.text or f.text in conversion for f in facts)
    with_it = [f for f in facts if sentence[f.start:f.blank_end] == amount]
    assert not amount or with_it
    for fact in with_it:
        made = make_cloze(sentences(parse_document(f"Title\n\n{sentence}\n"))[0], [fact])
        assert made is not None
        assert f"({{{{c1::{conversion}}}}})" in made.prompt


def test_a_fact_said_twice_is_asked_only_as_a_cloze() -> None:
    text = "Kentbridge\n\n" + "\n\n".join(
        f"The bridge number {n} over the Kent river is {n}00 metres ({n * 3}30 ft) long and "
        f"was opened in {1900 + n} by Mayor Quimby{n}." for n in range(1, 9))
    for draft in drafts(text, 16):
        if draft.kind is not Kind.CLOZE:
            assert all(not f.also for f in draft.facts), draft.prompt
            assert " ft)" not in draft.prompt or "00 metres" in draft.prompt, draft.prompt


def test_the_subjects_initials_are_not_asked() -> None:
    text = ("Intergovernmental Panel on Climate Change\n\nThe IPCC was set up in 1988 by "
            "the WMO. Each IPCC report is written by experts, and the IPCC chair is Hoesung "
            "Lee, a Korean economist.")
    assert not any(answer == "IPCC" for d in drafts(text, 4) for answer in d.answers)


def test_the_subject_in_the_plural_is_not_asked() -> None:
    text = ("Huguenot\n\nThe Huguenots were French Protestants who fled to Prussia in 1685. "
            "Many Huguenots settled in Berlin, where they founded the French Church in 1701.")
    assert not any("Huguenots" in answer for d in drafts(text, 4) for answer in d.answers)


@DOCUMENTS
def test_a_quarter_of_a_draft_are_questions(text: str) -> None:
    made = drafts(text, 40)
    if len(made) >= 8:
        assert sum(d.kind is not Kind.CLOZE for d in made) / len(made) >= 0.25


def test_a_years_alternatives_come_from_the_documents_dates_and_never_after_them() -> None:
    text = ("Sanctions\n\nThe first sanctions were imposed in 2014 on the banks. "
            "Talks resumed in September 2015 and again in December 2016.")
    found = sentences(parse_document(text))
    fact = next(f for s in found for f in s.facts if f.text == "2014")
    wrong = Pool(found).distractors(fact, found[0])
    assert wrong[:2] == ["2015", "2016"]
    assert all(int(year) <= 2016 for year in wrong), wrong


def test_a_number_inside_a_name_is_never_a_fact_alone() -> None:
    found = sentences(parse_document("T\n\nApollo 11 landed on the Moon in July 1969, "
                                     "its Saturn V rocket from Pad 39A."))[0].facts
    texts = [fact.text for fact in found]
    assert "Apollo 11" in texts
    assert "11" not in texts
    assert "39A" not in texts


def test_a_name_inside_a_date_is_never_a_fact_alone() -> None:
    found = sentences(parse_document("T\n\nSome 5 million people may have lived in the "
                                     "region in AD 1500, in dense settlements."))[0].facts
    assert "AD" not in [fact.text for fact in found]


def test_a_moved_ordinal_keeps_its_suffix_right() -> None:
    from factdeck.draft.distractors import _moved  # ("17th and 18th centuries" is one period)
    wrong = _moved("17th")
    assert wrong
    assert all(re.fullmatch(r"\d*(1[123]th|[02-9]?(1st|2nd|3rd|[04-9]th))", w) for w in wrong)


def test_a_head_word_alone_is_no_name_where_the_document_has_the_whole_name() -> None:
    text = ("Societies\n\nThe Huguenot Society of America maintains the church in 1900. "
            "The Society has chapters in numerous states since 1950. "
            "In July 2017 Congress passed the bill.")
    facts = [f.text for s in sentences(parse_document(text)) for f in s.facts]
    assert "Society" not in facts
    assert "Congress" in facts


def test_a_subject_that_points_back_is_named_or_the_sentence_is_a_riddle() -> None:
    text = ("Proclamation\n\nIn 1763 King George III issued the Royal Proclamation of 1763 "
            "after the French and Indian War. The proclamation also contained provisions "
            "that prevented civic participation by the Roman Catholic Canadians. The last "
            "attempt was passed by the State Legislature in 1859. The linear channels were "
            "carried by Channel 4 HD in 2010.")
    found = sentences(parse_document(text))
    named = found[1]
    assert named.referent == "Royal Proclamation of 1763"
    assert named.shown.startswith("The proclamation (Royal Proclamation of 1763) also")
    assert all(fact.start >= named.referent_end for fact in named.facts)
    assert found[2].anaphoric  # "The last attempt": nothing before names it
    assert not found[3].referent  # "channels" is not the head of "Channel 4 HD"
    for draft in drafts(text, 4):
        if draft.sentence is named and draft.kind is Kind.CLOZE:
            assert draft.prompt.startswith("The proclamation (Royal Proclamation of 1763) also")


def test_a_dates_alternatives_are_written_like_it() -> None:
    text = ("Fresno\n\nThe record high was set on July 8 in the city. The fair opened in "
            "November 1885 and closed in July 1933. Frost came on September 13 and on "
            "April 26, and snow fell in October 1944.")
    found = sentences(parse_document(text))
    fact = next(f for f in found[0].facts if f.text == "July 8")
    assert sorted(Pool(found).distractors(fact, found[0])) == ["April 26", "September 13"]



def test_statements_are_true_and_false_and_a_false_one_swaps_a_value_of_its_sentence() -> None:
    made = [d for d in drafts(real_text() + "\n\n" + BRIDGE, 60) if d.kind is Kind.TRUE_FALSE]
    verdicts = Counter(d.answer for d in made)
    assert verdicts["true"], verdicts
    assert verdicts["false"], verdicts
    for draft in made:
        if draft.answer == "false":
            said = re.search(r"says “(.+?)”, not “(.+?)”", draft.explain)
            assert said is not None, draft.explain
            assert draft.prompt.replace(said.group(2), said.group(1), 1) == draft.sentence.shown



def test_a_name_that_only_qualifies_a_noun_is_asked_last() -> None:
    text = ("Fresno\n\nFresno is a city in the U.S. state of California, in the San Joaquin "
            "Valley.")
    made = drafts(text, 1)
    assert made
    assert "U.S." not in made[0].answers


@pytest.mark.parametrize(("sentence", "wrong"), [
    # the verb the tagger took for a noun is never in a blank
    ("BSkyB utilises the VideoGuard scrambling system owned by NDS.", "BSkyB utilises"),
    ("Accountants act to study the expected monetary flow of the project.", "Accountants act"),
    # a phrase never begins or ends inside a name
    ("It is unclear whether the deal includes the Video On Demand and High Definition content.",
     "Demand and High Definition content"),
    # a name after a number is not what it counts
    ("As of 31 March 2008, Sky had 3,393,000 Sky+ users.", "3,393,000 Sky"),
    # a phrase never begins or ends inside a range
    ("Free oxygen began to outgas from the oceans 3–2.7 billion years ago.", "oceans 3"),
])
def test_no_fact_swallows_a_verb_or_splits_a_name(sentence: str, wrong: str) -> None:
    found = sentences(parse_document(f"T\n\n{sentence}\n"))[0]
    assert wrong not in [found.text[f.start:f.blank_end] for f in found.facts]


def test_an_acronym_says_where_its_name_starts() -> None:
    found = sentences(parse_document(
        "T\n\nEngineering News-Record (ENR) is a trade magazine for the industry."))[0]
    name = next(f for f in found.facts if "News-Record" in f.text)
    assert name.text == "Engineering News-Record"
    assert name.also
    assert "ENR" not in [f.text for f in found.facts]


def test_the_subject_said_otherwise_is_not_asked() -> None:
    text = ("Civil disobedience\n\nAn important decision for civil disobedients is whether "
            "to plead guilty, as Martin Luther King did in Birmingham in 1963.")
    assert not any("disobedient" in a for d in drafts(text, 3) for a in d.answers)


def test_a_years_alternatives_keep_its_order_with_the_sentences_other_years() -> None:
    text = ("Maududi\n\nMaududi founded the party in 1941 and remained its leader until 1972. "
            "The war began in 1939. Peace came in 1945. The wall fell in 1989.")
    found = sentences(parse_document(text))
    fact = next(f for f in found[0].facts if f.text == "1941")
    assert all(int(year) < 1972 for year in Pool(found).distractors(fact, found[0]))


@pytest.mark.parametrize(("sentence", "facts", "made"), [
    # two blanks side by side split one thing
    ("The troops fought again in the 1991 Gulf War near Basra, with heavy losses.",
     ["1991", "Gulf War"], False),
    # a blank of seven words is a passage to recite
    ("British researchers Richard G. Wilkinson and Kate Pickett have found higher rates "
     "of health problems in unequal countries.",
     ["British researchers Richard G. Wilkinson and Kate Pickett"], False),
])
def test_blanks_a_learner_can_recall(sentence: str, facts: list[str], made: bool) -> None:
    found = sentences(parse_document(f"T\n\n{sentence}\n"))[0]
    chosen = [Fact(found.text.index(t), found.text.index(t) + len(t), t, Type.NAME)
              for t in facts]
    assert (make_cloze(found, chosen) is not None) is made


def test_a_sentence_cut_inside_a_quotation_is_not_drafted() -> None:
    text = ('ACT UP\n\nThe defendants pleaded guilty, essentially stating, "Yes, I committed '
            "the act of which you accuse me in 1989. I did it for a good reason.\" They were "
            'fined $300 each in 1990. Some say, "I feel I did the right thing. I am guilty as '
            'charged," but that pleading not guilty in 1991 sends a message of, "Guilt implies '
            'wrong-doing."')
    assert all(d.sentence.text.count('"') % 2 == 0 for d in drafts(text, 4))


def test_a_comma_inside_a_relative_clause_ends_no_question() -> None:
    sentence = ("Ozone depletion is a theoretical process by which, under certain conditions, "
                "the upper atmosphere loses its ozone.")
    found = sentences(parse_document(f"T\n\n{sentence}\n"))[0]
    fact = next(f for f in found.facts if f.text == "Ozone depletion")
    assert [q.text for q in questions(found, fact)] == [
        "What is a theoretical process by which, under certain conditions, the upper "
        "atmosphere loses its ozone?"]


def test_a_sentences_first_capital_makes_no_phrase_specific() -> None:
    from factdeck.draft.rank import specific
    found = sentences(parse_document("T\n\nScholars and observers who doubt it include Fred "
                                     "Halliday and John Esposito."))[0]
    phrase = next(f for f in found.facts if f.text == "Scholars and observers")
    assert not specific(phrase)



def test_an_acronym_of_a_list_of_names_is_blanked_with_them() -> None:
    found = sentences(parse_document("T\n\nBolt, Beranack and Newman (BBN) provided the "
                                     "financing in 1975."))[0]
    assert any(f.also for f in found.facts if f.text == "Bolt, Beranack and Newman")


def test_an_acronym_of_the_names_last_words_is_blanked_with_it() -> None:
    found = sentences(parse_document("T\n\nIt was funded by the U.S. National Science "
                                     "Foundation (NSF) from 1981 onwards."))[0]
    assert "NSF" not in [f.text for f in found.facts]
    assert any(f.also for f in found.facts if f.text.endswith("Science Foundation"))



def test_two_times_are_not_blanked_together() -> None:
    text = ("Oil\n\nSimon allocated states the same amount of domestic oil for 1974 that each "
            "had consumed in 1972, a plan Congress approved in March 1974.")
    for draft in drafts(text, 2):
        if draft.kind is Kind.CLOZE:
            assert len(draft.answers) == 1, draft.prompt


@pytest.mark.parametrize("sentence", [
    "The Smithsonian agreement followed, floating the pound sterling shortly thereafter.",
    "Telenet was incorporated in 1973 and started operations in 1975.",
])
def test_no_question_that_asks_nothing_or_two_things(sentence: str) -> None:
    found = sentences(parse_document(f"T\n\n{sentence}\n"))[0]
    for fact in found.facts:
        for question in questions(found, fact):
            assert " , " not in question.text
            assert not question.text.startswith("What followed")
            assert not (question.form == "when" and re.search(r"19\d\d", question.text))


def test_a_source_cited_is_an_aside_and_two_blanks_are_a_word_apart() -> None:
    from factdeck.draft.rank import Ranker
    found = sentences(parse_document("T\n\nAccording to Geoffrey Parker, Languedoc lost "
                                     "almost a million people to the plague in 1628."))
    ranker = Ranker(found)
    parker = next(f for f in found[0].facts if f.text == "Geoffrey Parker")
    languedoc = next(f for f in found[0].facts if f.text == "Languedoc")
    assert ranker.value(found[0], parker) < ranker.value(found[0], languedoc)
    split = sentences(parse_document("T\n\nThe Maroons compete in the NCAA's Division III "
                                     "with teams from nearby colleges."))[0]
    ncaa = next(f for f in split.facts if f.text == "NCAA")
    division = next(f for f in split.facts if f.text == "Division III")
    assert make_cloze(split, [ncaa, division]) is None


@pytest.mark.parametrize(("sentence", "part"), [
    ("The alveolar system held the Alemannic name Rī(n) for the river in 1500.", "Rī"),
    ("If X can be solved using an algorithm for Y, X is no more difficult than Y.", "Y"),
    ("Two clades of the Y. pestis genome were found in medieval mass graves.", "genome"),
    ("They were ancestral to the strains Y. p. orientalis and Y. p. medievalis in 1300.",
     "orientalis and Y"),
    ("It changed the host interface to X.25 and the terminal interface in 1978.", "25"),
    ("Prime models and prime 3-manifolds are other examples of this type.", "prime 3"),
    ("With their NFC-best 15–1 regular season record, the Panthers won in 2015.", "best 15"),
])
def test_a_fact_is_whole_words(sentence: str, part: str) -> None:
    found = sentences(parse_document(f"T\n\n{sentence}\n"))[0]
    assert not any(found.text[f.start:f.blank_end].endswith(part) for f in found.facts)



def test_an_example_counts_for_less() -> None:
    from factdeck.draft.rank import Ranker
    found = sentences(parse_document("T\n\nFor example, Joseph Haas was arrested in 2003. "
                                     "Joseph Haas was arrested in 2003."))
    ranker = Ranker(found)
    values = [ranker.value(s, next(f for f in s.facts if f.text == "Joseph Haas"))
              for s in found]
    assert values[0] < values[1]


@pytest.mark.parametrize(("sentence", "answer"), [
    # its number stands elsewhere in the sentence
    ("The British issued the Royal Proclamation of 1763 on October 7, 1763, to organize the "
     "territory.", "October 7, 1763"),
    # a word of seven letters or more begins like one of the sentence
    ('Throughout Latin America "whiteness" is still prized and forms of blanqueamiento '
     "(whitening) are common.", "whiteness"),
    # an acronym begins a word of the sentence
    ("DECnet was developed by DEC in 1975 and implementations were developed outside the "
     "company.", "DEC"),
    # a name begins a word of the sentence
    ("The Raoulii were descended from an Italo-Norman named Raoul in 1100.", "Raoul"),
    # a number of years that two years of the sentence span
    ("Stephen Kemble managed the original Theatre Royal for fifteen years (1791–1806).",
     "fifteen years"),
    # a long word whose root stands in the sentence
    ("Seismologists can use the arrival times of seismic waves to image the interior.",
     "Seismologists"),
    ("Nuclear genes are kept in the cell nucleus of a plant cell.",
     "cell nucleus of a plant cell"),
    # a small count whose items the sentence lists after a colon
    ('Courts have distinguished between two types of civil disobedience: "indirect" and '
     '"direct" in 1980.', "two"),
])
def test_a_blank_the_sentence_gives_away_is_not_made(sentence: str, answer: str) -> None:
    found = sentences(parse_document(f"T\n\n{sentence}\n"))[0]
    fact = next(f for f in found.facts if f.text == answer)
    assert make_cloze(found, [fact]) is None


def test_alternatives_are_near_in_time_and_alike_in_total() -> None:
    found = sentences(parse_document(
        "Apollo\n\nThe Apollo 1 fire of 1967 killed the crew. Congress met in 1961 and in "
        "1960. A survey named the city arts capital in 2006.\n\nThe Broncos finished with a "
        "12–4 record. The Panthers finished with a 15–1 record, after a 13–0 record in 2009."))
    pool = Pool(found)
    fire = next(f for f in found[0].facts if f.text == "1967")
    years = pool.distractors(fire, found[0])
    assert years
    assert all(abs(int(year) - 1967) <= 25 for year in years), years  # not 2006
    record = next(f for f in found[3].facts if f.text.startswith("12–4"))
    assert pool.distractors(record, found[3])[0].startswith("15–1")  # 16 games, as 12–4


def test_a_count_of_two_things_counts_both() -> None:
    found = sentences(parse_document("T\n\nThe city has more than 120 colleges and "
                                     "universities in 2014."))[0]
    count = next(f for f in found.facts if f.text == "120")
    assert found.text[count.start:count.blank_end] == "120 colleges and universities"


def test_another_name_in_brackets_is_blanked_with_the_name() -> None:
    found = sentences(parse_document("T\n\nJean Cauvin (John Calvin), another student at "
                                     "the University of Paris, also converted in 1533."))[0]
    name = next(f for f in found.facts if f.text == "Jean Cauvin")
    made = make_cloze(found, [name])
    assert made is not None
    assert made.prompt.startswith("{{c1::Jean Cauvin}} ({{c1::John Calvin}}), another")


def test_a_people_is_no_person() -> None:
    text = ("New York\n\nThe area was inhabited by Algonquian tribes, including the Lenape, "
            "whose homeland was Lenapehoking, in 1600.")
    lenape = next(f for s in sentences(parse_document(text)) for f in s.facts
                  if f.text == "Lenape")
    assert lenape.type is not Type.PERSON


def test_a_centurys_alternatives_are_centuries() -> None:
    found = sentences(parse_document(
        "Architecture\n\nHindu temple architecture developed around the 3rd century BCE. "
        "Chinese writings date from the 7th–5th centuries BCE. Islamic architecture began in "
        "the 7th century CE. Roman work began in the 1st century AD."))
    fact = next(f for f in found[0].facts if f.text == "3rd century BCE")
    assert all("centuries" not in alternative
               for alternative in Pool(found).distractors(fact, found[0]))


def test_a_person_is_asked_once() -> None:
    from factdeck.draft.choose import _without_leaks
    found = sentences(parse_document(
        "Envoys\n\nIn July Kurt Volker, a former NATO ambassador, was appointed special "
        "representative to Ukraine in 2017. Mr Volker has close ties to John McCain, a US "
        "senator, and has advocated lethal aid since 2014."))
    full, surname = (next(f for f in s.facts if f.text.endswith("Volker")) for s in found)
    assert (full.text, surname.text) == ("Kurt Volker", "Volker")
    made = [make_cloze(s, [f]) for s, f in zip(found, (full, surname), strict=True)]
    assert all(made)
    assert [d.answers for d in _without_leaks(made)] == [("Kurt Volker",)]  # type: ignore[arg-type]


def test_an_adjective_made_from_a_name_is_no_name() -> None:
    found = sentences(parse_document("T\n\nThe leadership argued that the US-led unipolar "
                                     "order harms its interests in 2017."))[0]
    assert "US-led" not in {f.text for f in found.facts}


def test_what_and_other_adds_is_no_part_of_a_fact() -> None:
    found = sentences(parse_document("T\n\nGeologists dated events using radioactive "
                                     "isotopes and other methods in 1900."))[0]
    assert "radioactive isotopes" in {f.text for f in found.facts}
    assert not any("other" in f.text for f in found.facts)


def test_a_statement_stands_alone() -> None:
    text = ("Prime\n\nThe notion of prime is general. For example, the prime field is the "
            "smallest subfield of a field F containing both 0 and 1.")
    statements = [d.prompt for d in drafts(text, 5) if d.kind is Kind.TRUE_FALSE]
    assert statements == ["The prime field is the smallest subfield of a field F containing "
                          "both 0 and 1."]


def test_a_made_up_share_never_passes_a_hundred_percent() -> None:
    found = sentences(parse_document("T\n\nSteam turbines produce 80% of the world's "
                                     "electricity."))
    fact = next(f for f in found[0].facts if f.text == "80%")
    wrong = Pool(found).distractors(fact, found[0])
    assert wrong
    assert all(float(w.rstrip("%")) <= 100 for w in wrong)


def test_the_subject_of_a_long_title_is_not_asked() -> None:
    text = ("The Normans in France, England, Ireland, Scotland and Wales\n\nThe Normans were "
            "famed for their martial spirit and their Christian piety in 1066.")
    assert not any("Normans" in a for d in drafts(text, 2) for a in d.answers)


def test_it_and_its_name_what_the_sentence_before_began_with() -> None:
    text = ("CSNET\n\nThe Computer Science Network (CSNET) was a network funded by the "
            "National Science Foundation in 1981. Its purpose was to extend networking "
            "benefits to departments not connected to ARPANET. It was replaced by NSFNET in "
            "1991.\n\nIt was a good time for networks in 1992.")
    found = sentences(parse_document(text))
    assert found[1].shown.startswith("Its (Computer Science Network's) purpose")
    assert found[2].shown.startswith("It (Computer Science Network) was replaced")
    assert not found[3].referent  # a new paragraph: nothing before it to point at


@pytest.mark.parametrize("opening", [
    "So Gilruth", "In other areas these roles say that Gilruth", "Previously, Gilruth",
    "Despite this, Gilruth", "At the time of his death, Gilruth"])
def test_a_sentence_that_goes_on_from_the_one_before_counts_for_less(opening: str) -> None:
    from factdeck.draft.rank import Ranker
    found = sentences(parse_document(f"T\n\n{opening} was given authority in 1961. Gilruth "
                                     "was given authority in 1961."))
    ranker = Ranker(found)
    values = [ranker.value(s, next(f for f in s.facts if f.text == "1961")) for s in found]
    assert values[0] < values[1]


def test_a_name_everyone_knows_counts_for_less() -> None:
    from factdeck.draft.rank import Ranker
    found = sentences(parse_document("Normans\n\nNorse war bands camped in France in 911. "
                                     "Norse war bands camped in Neustria in 911."))
    ranker = Ranker(found)
    france, neustria = (ranker.value(s, next(f for f in s.facts if f.text in (
        "France", "Neustria"))) for s in found)
    assert france < neustria


def test_a_his_that_names_no_one_counts_for_less() -> None:
    from factdeck.draft.rank import Ranker
    found = sentences(parse_document(
        "Norman England\n\nEthelred fled to Normandy in 1013, when he was forced out by "
        "Sweyn Forkbeard. His stay in Normandy lasted until 1016. Ethelred's stay in "
        "Normandy lasted until 1016."))
    assert not found[1].referent  # two people before it: whose stay is not clear
    ranker = Ranker(found)
    values = [ranker.value(s, next(f for f in s.facts if f.text == "1016")) for s in found[1:]]
    assert values[0] < values[1]


def test_a_possessive_subject_that_points_back_is_named() -> None:
    found = sentences(parse_document("Climate\n\nThe State of Victoria has a varied climate "
                                     "in 1965. The state's lowest temperature was recorded "
                                     "at Omeo on 13 June 1965."))
    assert found[1].shown.startswith("The state's (State of Victoria's) lowest")


def test_a_surname_after_a_title_is_one_in_the_possessive_too() -> None:
    from factdeck.draft.names import titled_words
    assert titled_words("Mr Trump's agenda and Mr Putin’s reply met Dr Who.") == {
        "Trump", "Putin", "Who"}
