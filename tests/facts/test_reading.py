"""Reading facts a proposal leaves out from its text: every rubric rule, negation, sentences."""

from __future__ import annotations

import pytest

from cooperation_scorer.facts.establish import Fact, establish_facts
from cooperation_scorer.facts.reading import MOST_STATEMENTS, Reader, sentences
from cooperation_scorer.model.rubric import Rubric
from tests.conftest import MakeProposal

# A title that speaks to no fact, so only the summary decides.
NEUTRAL_TITLE = "A joint project in Kazakhstan"

# (fact, sentence, value): at least one natural sentence for every rule in criteria.yaml.
RULES = [
    ("political_profile", "Partners draft a code of conduct for the region.", "political"),
    ("political_profile", "The launch is a political gesture of reconciliation.", "political"),
    # Mentioning a political context is mixed: it loses points but caps nothing.
    # Promoting democracy is political in character; a mere mention of it is mixed.
    ("political_profile", "The project will support free and fair elections.", "political"),
    ("political_profile", "NGOs defend human rights and civil society.", "political"),
    ("political_profile", "The training takes place in an election year.", "mixed"),
    ("political_profile", "A ministerial meeting adopts policy recommendations.", "mixed"),
    ("political_profile", "The outcome is a joint statement on water.", "mixed"),
    ("political_profile", "Hydrologists install sensors along the Syr Darya.", "technical"),
    ("political_profile", "Laboratories train young scientists.", "technical"),
    ("intelligence_sharing", "Security services exchange watch lists of suspects.", "operational"),
    ("intelligence_sharing", "Border posts pool surveillance data.", "operational"),
    ("intelligence_sharing", "The agencies swap classified reports.", "operational"),
    ("intelligence_sharing", "Experts share their experience of flood response.", "experience"),
    ("intelligence_sharing", "Expert-level workshops compare lessons learned.", "experience"),
    ("intelligence_sharing", "A second-track dialogue meets in Almaty.", "experience"),
    ("intelligence_sharing", "The project shares no security information.", "none"),
    ("dual_use", "The partners transfer dual-use technology.", "true"),
    ("dual_use", "Engineers test rocket engines together.", "true"),
    ("dual_use", "The satellites carry military-grade cameras.", "true"),
    ("dual_use", "It involves no military technology.", "false"),
    ("visibility", "The presidents open the centre at a summit.", "high"),
    ("visibility", "A televised launch ceremony opens the school.", "high"),
    ("visibility", "The work proceeds quietly at working level.", "low"),
    ("visibility", "It stays under the political radar.", "low"),
    ("visibility", "The partners issue a press release at the start.", "medium"),
    ("scale", "It is the national flagship of the reform.", "flagship"),
    ("scale", "It is a multi-billion investment.", "flagship"),
    ("scale", "A pilot vocational school opens in a single district.", "pilot"),
    ("scale", "It is a small, symbolic first step.", "pilot"),
    ("scale", "A multi-year effort covers several provinces.", "program"),
    ("frictions", "The corridor runs through Iran.", ("iran",)),
    ("frictions", "Funding is conditional on the Syria settlement.", ("syria",)),
    ("frictions", "The donors back Syrian reconstruction.", ("syria",)),
    ("frictions", "The project offers sanctions relief.", ("sanctions",)),
    ("frictions", "It revives talks frozen since the Crimea crisis.", ("ukraine",)),
    ("frictions", "Observers join election monitoring missions.", ("democracy-promotion",)),
    ("frictions", "Journalists counter disinformation online.", ("media-influence",)),
    ("frictions", "Moscow calls the region its sphere of influence.", ("sovereignty",)),
    ("frictions", "A new pipeline carries Kazakh oil to the coast.", ("energy-transit",)),
    ("frictions", "Scholars visit Uyghur communities in Xinjiang.", ("uyghurs",)),
    ("frictions", "An oil pipeline crosses the steppe.", ("energy-competition",)),
    ("frictions", "Funding is conditional on the Afghan peace process.", ("afghanistan",)),
    ("frictions", "The road is a Belt and Road project.", ("china-bri",)),
    ("frictions", "The centre serves the Eurasian Economic Union.", ("russian-led-institutions",)),
    ("frictions", "Schools switch from Russian to English.", ("russian-language",)),
    ("adversarial_framing", "The aim is to reduce the region's dependence on Russia.", "true"),
    ("sequencing", "It builds on the earlier pilot in Osh.", "builds-on-tested"),
]


def inferred(make_proposal: MakeProposal, rubric: Rubric, fact: str, summary: str) -> Fact:
    proposal = make_proposal(**{fact: None}, title=NEUTRAL_TITLE, summary=summary)
    return establish_facts(proposal, rubric)[fact]


@pytest.mark.parametrize(("fact", "sentence", "value"), RULES)
def test_each_rule_infers_its_value_and_quotes_the_sentence(
    make_proposal: MakeProposal, rubric: Rubric, fact: str, sentence: str, value: object
) -> None:
    summary = f"Partners meet twice a year. {sentence} Costs are shared."
    result = inferred(make_proposal, rubric, fact, summary)
    assert (result.value, result.source) == (value, "inferred")
    assert f"“{sentence}”" in result.evidence
    assert "Partners meet" not in result.evidence


def test_the_table_covers_every_rule_of_the_rubric(rubric: Rubric) -> None:
    covered = {(fact, value if isinstance(value, str) else value[0]) for fact, _, value in RULES}
    for fact, inference in rubric.inference.facts.items():
        for rule in inference.rules:
            assert (fact, rule.value) in covered, f"no test sentence for {fact}: {rule.value}"


@pytest.mark.parametrize(
    ("fact", "sentence", "value"),
    [
        ("intelligence_sharing", "It shares no security information.", "none"),
        ("intelligence_sharing", "It does not exchange classified intelligence.", "none"),
        ("intelligence_sharing", "It doesn't share intelligence.", "none"),
        ("intelligence_sharing", "It never touches classified files.", "none"),
        (
            "intelligence_sharing",
            "Experts share best practices rather than intelligence.",
            "experience",
        ),
        ("dual_use", "It involves no military technology.", "false"),
        ("dual_use", "It uses no military or dual-use technology.", "false"),
        ("dual_use", "The work is free of military applications.", "false"),
        ("dual_use", "The centre avoids weapons development.", "false"),
        ("frictions", "The project is not linked to sanctions.", ()),
        ("frictions", "It steers clear of sanctions.", ()),
        ("frictions", "The work is de-linked from Iran.", ()),
        ("frictions", "It has nothing to do with sanctions.", ()),
        ("frictions", "It is kept apart from the sanctions regime.", ()),
        # A cue before a list carries to every item; an after-cue after a list, back to each.
        (
            "intelligence_sharing",
            "The partners share no intelligence, watch lists or classified data.",
            "none",
        ),
        ("dual_use", "It involves no weapons, missiles or military technology.", "false"),
        # A negated subject reaches its verb's object, however far.
        (
            "intelligence_sharing",
            "None of the partners in the regional water project will then share classified maps.",
            "none",
        ),
        ("dual_use", "It shares neither rocket engines nor missile guidance.", "false"),
        ("frictions", "The project is de-linked from Iran, Syria and sanctions.", ()),
        (
            "dual_use",
            "Rocket engines, guidance systems and anything export-controlled are excluded.",
            "false",
        ),
    ],
)
def test_a_negated_phrase_is_evidence_against_its_value(
    make_proposal: MakeProposal, rubric: Rubric, fact: str, sentence: str, value: object
) -> None:
    result = inferred(make_proposal, rubric, fact, sentence)
    assert (result.value, result.source) == (value, "inferred")
    assert f"“{sentence}”" in result.evidence


@pytest.mark.parametrize(
    ("fact", "sentence", "value"),
    [
        (
            "intelligence_sharing",
            "It shares no data, but it will exchange classified watch lists.",
            "operational",
        ),
        ("intelligence_sharing", "There is no budget; partners swap intercepts.", "operational"),
        ("dual_use", "It has no budget of its own, so it buys cruise missiles.", "true"),
        ("frictions", "It avoids Iran but offers sanctions relief.", ("sanctions",)),
        # A comma alone, or a two-item "and", does not make a list: the clause has ended.
        ("intelligence_sharing", "There is no funding, classified data is shared.", "operational"),
        ("intelligence_sharing", "No grants, and agencies swap watch lists.", "operational"),
        ("dual_use", "It has no budget and cruise missiles are bought.", "true"),
        # The cue is more than six words before the match, outside the rubric's window.
        (
            "intelligence_sharing",
            "Partners have no grant money for the regional water project but will share "
            "classified maps.",
            "operational",
        ),
    ],
)
def test_a_negation_in_another_clause_or_too_far_back_does_not_negate(
    make_proposal: MakeProposal, rubric: Rubric, fact: str, sentence: str, value: object
) -> None:
    result = inferred(make_proposal, rubric, fact, sentence)
    assert (result.value, result.source) == (value, "inferred")


def test_artificial_intelligence_is_not_intelligence_sharing(
    make_proposal: MakeProposal, rubric: Rubric
) -> None:
    result = inferred(
        make_proposal, rubric, "intelligence_sharing", "Researchers use artificial intelligence."
    )
    assert (result.value, result.source) == ("none", "assumed")


@pytest.mark.parametrize(
    ("fact", "sentence", "value"),
    [
        # The first rule listed with a plain match decides, wherever it stands in the text.
        ("political_profile", "Engineers train. The launch is a political gesture.", "political"),
        ("scale", "A pilot first, then a national flagship.", "flagship"),
        ("visibility", "It runs quietly, then ends at a summit.", "high"),
    ],
)
def test_the_first_rule_in_the_rubric_decides(
    make_proposal: MakeProposal, rubric: Rubric, fact: str, sentence: str, value: str
) -> None:
    assert inferred(make_proposal, rubric, fact, sentence).value == value


def test_the_title_is_evidence_too(make_proposal: MakeProposal, rubric: Rubric) -> None:
    proposal = make_proposal(visibility=None, title="A summit on water", summary="Partners meet.")
    result = establish_facts(proposal, rubric)["visibility"]
    assert (result.value, result.source) == ("high", "inferred")
    assert "“A summit on water.”" in result.evidence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two! Three? four.", ["One.", "Two!", "Three? four."]),
        ("It costs 1.5 million. Then it ends.", ["It costs 1.5 million.", "Then it ends."]),
        ("A line\nwrapped   across\n  lines. Next.", ["A line wrapped across lines.", "Next."]),
        ("Para one\n\nPara two", ["Para one", "Para two"]),
        ("Goals:\n- train engineers\n- build a lab", ["Goals:", "train engineers", "build a lab"]),
        ("* star item\n+ plus item", ["star item", "plus item"]),
        ("Steps:\n1. first step\n2) second step", ["Steps:", "first step", "second step"]),
        ("- an item that\n  wraps onto a second line", ["an item that wraps onto a second line"]),
        ("  \n\n ", []),
    ],
)
def test_sentences_splits_sentences_and_list_items_and_folds_whitespace(
    text: str, expected: list[str]
) -> None:
    assert sentences(text) == expected


def test_sentences_strips_the_number_of_a_list_item_after_a_full_stop() -> None:
    text = "Two steps.\n1. train engineers\n2. build a lab"
    assert sentences(text) == ["Two steps.", "train engineers", "build a lab"]


def test_sentences_does_not_split_after_us_abbreviation() -> None:
    text = "Experts from the U.S. Department of Energy train engineers."
    assert sentences(text) == [text]


def test_a_run_of_abbreviations_stays_one_sentence_with_every_piece() -> None:
    text = "Experts from the U.S. " * 5_000 + "Energy Department. And a report."
    found = sentences(text)
    assert found[-1] == "And a report."
    assert " ".join(found) == text.strip()  # every piece kept, in order
    short = "Experts from the U.S. " * 20 + "Energy Department. And a report."
    assert len(sentences(short)) == 2  # under the length bound, abbreviations join


def test_a_list_item_is_its_own_evidence(make_proposal: MakeProposal, rubric: Rubric) -> None:
    summary = "The project has three parts:\n- a water lab\n- a press release at launch\n- a report"
    result = inferred(make_proposal, rubric, "visibility", summary)
    assert (result.value, result.source) == ("medium", "inferred")
    assert result.evidence == "“a press release at launch” (“press release”)"


@pytest.mark.parametrize(
    "sentence",
    [
        "Customs officers train in export controls on dual-use goods.",
        "Regulators secure stocks of radioactive sources.",
    ],
)
def test_nonproliferation_work_is_not_dual_use(
    make_proposal: MakeProposal, rubric: Rubric, sentence: str
) -> None:
    result = inferred(make_proposal, rubric, "dual_use", sentence)
    assert result.value == "false"


def test_a_statement_pasted_over_and_over_is_read_once(rubric: Rubric) -> None:
    once = "Security services exchange watch lists of suspects."
    reader = Reader(f"Title.\n\n{'No weapons are built. ' * 5000}{once}", rubric.inference.context)
    assert len(reader.distinct) == 3  # the title, the pasted sentence, the last one
    found = reader.matches("intelligence_sharing", rubric.inference.facts["intelligence_sharing"])
    assert [match.sentence for match in found] == [once]


def test_past_the_bound_the_rest_is_not_read_and_a_warning_says_so(
    make_proposal: MakeProposal, rubric: Rubric
) -> None:
    # The title, the early sentence and the filler make MOST_STATEMENTS: the late one is past.
    filler = " ".join(f"Partners meet in town number {n}." for n in range(MOST_STATEMENTS - 2))
    early = "Experts share their experience of flood response."
    late = "Security services exchange watch lists of suspects."
    proposal = make_proposal(
        intelligence_sharing=None, title=NEUTRAL_TITLE, summary=f"{early} {filler} {late}"
    )
    facts = establish_facts(proposal, rubric)
    assert facts["intelligence_sharing"].value == "experience"  # the late one was not read
    assert [w for w in facts.warnings if "too long to read whole" in w] == [
        "the summary is too long to read whole: its last statement, past the first "
        f"{MOST_STATEMENTS}, went unread for facts; declare the facts that matter as fields, "
        "or shorten the summary"
    ]
