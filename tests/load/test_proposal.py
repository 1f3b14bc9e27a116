"""Reading a proposal file: formats, aliases, ids, extensions, and problems at their place."""

from __future__ import annotations

import json

import pytest

from cooperation_scorer.errors import ProposalError
from cooperation_scorer.load.proposal import parse_proposal
from cooperation_scorer.model.proposal import Proposal
from cooperation_scorer.model.rubric import Rubric

BASE = """\
summary: Engineers train engineers.
title: Joint training
domain: space
host_states: [Kazakhstan]
participants: [Kazakhstan, United States, Russia]
lead: Kazakhstan
"""
FIELDS = {
    "summary": "Engineers train engineers.",
    "title": "Joint training",
    "domain": "space",
    "host_states": ["Kazakhstan"],
    "participants": ["Kazakhstan", "United States", "Russia"],
    "lead": "Kazakhstan",
}
MARKDOWN = "---\n" + BASE.replace("summary: Engineers train engineers.\n", "") + "---\n"


def parse(text: str | bytes, rubric: Rubric, path: str = "proposal.yaml") -> Proposal:
    data = text.encode() if isinstance(text, str) else text
    return parse_proposal(data, path, rubric)


def problems(text: str | bytes, rubric: Rubric, path: str = "proposal.yaml") -> list[str]:
    with pytest.raises(ProposalError) as caught:
        parse(text, rubric, path)
    return [str(problem) for problem in caught.value.problems]


def essentials(proposal: Proposal) -> tuple[object, ...]:
    names = tuple(party.name for party in proposal.participants)
    return (proposal.title, proposal.summary, proposal.domain, proposal.host_states, names)


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("joint.yaml", BASE),
        ("joint.yml", BASE),
        ("joint.json", json.dumps(FIELDS, indent=2)),
        ("joint.md", MARKDOWN + "\nEngineers train engineers.\n"),
        ("joint.yaml", "\ufeff" + BASE),
        ("joint.md", "\ufeff" + MARKDOWN + "Engineers train engineers.\n"),
    ],
)
def test_every_format_reads_the_same_proposal(rubric: Rubric, path: str, text: str) -> None:
    proposal = parse(text, rubric, path)
    assert proposal.id == "joint"
    assert essentials(proposal) == (
        "Joint training",
        "Engineers train engineers.",
        "space",
        ("Kazakhstan",),
        ("Kazakhstan", "United States", "Russia"),
    )


@pytest.mark.parametrize(
    ("text", "summary"),
    [
        (
            MARKDOWN + "\n## Plan\n\nA lab.\n\n- train engineers\n",
            "## Plan\n\nA lab.\n\n- train engineers",
        ),
        ("---\n" + BASE + "---\n\nThe body is not the summary.\n", "Engineers train engineers."),
    ],
    ids=["body-becomes-summary", "summary-key-overrides-body"],
)
def test_markdown_summary(rubric: Rubric, text: str, summary: str) -> None:
    assert parse(text, rubric, "p.md").summary == summary


def test_a_control_character_in_a_markdown_body_is_refused_at_its_place(
    rubric: Rubric,
) -> None:
    text = MARKDOWN + "\nFirst line.\n\nThen \x1b[2J cleared.\n"
    with pytest.raises(ProposalError) as raised:
        parse(text, rubric, "p.md")
    line = text.split("\n").index("Then \x1b[2J cleared.") + 1
    assert str(raised.value.problems[0]) == (
        f"p.md:{line}:6: the text holds the control character U+001B; remove it"
    )


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("US", "United States"),
        ("U.S.", "United States"),
        ("RF", "Russia"),
        ("Russian Federation", "Russia"),
        ("KZ", "Kazakhstan"),
        ("Kyrgyz Republic", "Kyrgyzstan"),
        ("EU", "European Union"),
        ("PRC", "China"),
        ("ADB", "Asian Development Bank"),
        ("  russian   federation ", "Russia"),
    ],
)
def test_aliases_resolve_to_canonical_names(rubric: Rubric, alias: str, canonical: str) -> None:
    text = BASE.replace("[Kazakhstan, United States, Russia]", f"['{alias}']")
    text = text.replace("lead: Kazakhstan", f"lead: '{alias}'")
    proposal = parse(text, rubric)
    assert [party.name for party in proposal.participants] == [canonical]
    assert proposal.lead == (canonical,)


def test_host_state_aliases_resolve(rubric: Rubric) -> None:
    text = BASE.replace("host_states: [Kazakhstan]", "host_states: [KZ, Kyrgyz Republic]")
    assert parse(text, rubric).host_states == ("Kazakhstan", "Kyrgyzstan")


def test_unknown_participants_are_kept_as_other_parties(rubric: Rubric) -> None:
    text = BASE.replace("Russia]", "Russia, 'Aga  Khan Foundation']")
    party = parse(text, rubric).participants[-1]
    assert (party.name, party.kind, party.friction) == ("Aga Khan Foundation", None, None)


def test_x_keys_are_kept_as_extensions(rubric: Rubric) -> None:
    text = BASE + "x-owner: Water desk\nx-budget: {amount: 5}\n"
    assert parse(text, rubric).extensions == {"x-owner": "Water desk", "x-budget": {"amount": 5}}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("proposal.yaml", "proposal"),
        ("proposals/water-lab.yml", "water-lab"),
        ("C:\\work\\Water Lab.JSON", "water-lab"),
        ("My Proposal.yaml", "my-proposal"),
        ("Ünïcode  Prop_2.yaml", "unicode-prop-2"),
    ],
)
def test_id_defaults_to_the_file_name_as_a_slug(rubric: Rubric, path: str, expected: str) -> None:
    text = json.dumps(FIELDS) if path.lower().endswith(".json") else BASE
    assert parse(text, rubric, path).id == expected


def test_a_declared_id_wins_over_the_file_name(rubric: Rubric) -> None:
    assert parse(BASE + "id: water-lab\n", rubric, "Other Name.yaml").id == "water-lab"


P = "proposal.yaml"
HOSTS = "use one of Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan, Uzbekistan"
DOMAINS = (
    "use one of environment, public-health, human-capital, civil-security, space, "
    "knowledge-sharing, migration, nonproliferation, crisis-response, energy, education, "
    "community-development, "
    "urban-development, infrastructure, counterterrorism, counternarcotics, governance, military"
)
FRICTIONS = (
    "use one of iran, syria, sanctions, ukraine, democracy-promotion, media-influence, "
    "sovereignty, energy-transit, energy-competition, uyghurs, afghanistan, china-bri, "
    "russian-led-institutions, russian-language"
)
ERRORS: dict[str, tuple[str | bytes, list[str]]] = {
    "unknown-key": (
        BASE.replace("title:", "titel:"),
        # No "missing required field 'title'": the suggestion already says it.
        [f"{P}:2:1: unknown key 'titel' (did you mean 'title'?); remove or rename it"],
    ),
    "not-in-enum": (
        BASE + "visibility: loud\n",
        [f"{P}:7:13: 'visibility' must be one of low, medium, high, not 'loud'"],
    ),
    "unknown-domain": (
        BASE.replace("domain: space", "domain: enviroment"),
        [f"{P}:3:9: unknown domain 'enviroment' (did you mean 'environment'?); {DOMAINS}"],
    ),
    "host-outside-central-asia": (
        BASE.replace("[Kazakhstan]", "[Kazakhstan, Mongolia]"),
        [f"{P}:4:27: 'Mongolia' is not a Central Asian state; {HOSTS}"],
    ),
    "host-typo": (
        BASE.replace("[Kazakhstan]", "[Kazakstan]"),
        [
            f"{P}:4:15: 'Kazakstan' is not a Central Asian state (did you mean 'Kazakhstan'?); "
            + HOSTS
        ],
    ),
    "lead-not-participant": (
        BASE.replace("lead: Kazakhstan", "lead: China"),
        [
            f"{P}:6:7: the lead 'China' is not a participant; add it to participants or lead "
            "with a participant"
        ],
    ),
    "id-not-slug": (
        BASE + "id: ../../etc/passwd\n",
        [
            f"{P}:7:5: 'id' is '../../etc/passwd', not a slug; write one like 'water-lab': "
            "lowercase letters, digits and -, starting with a letter or digit"
        ],
    ),
    "title-number": (
        BASE.replace("title: Joint training", "title: 123"),
        [f"{P}:2:8: 'title' must be text, not a number; write it as text"],
    ),
    "dual-use-string": (
        BASE + 'dual_use: "yes"\n',
        [f"{P}:7:11: 'dual_use' must be true or false, not 'yes'; write true or false, unquoted"],
    ),
    "host-states-not-list": (
        BASE.replace("host_states: [Kazakhstan]", "host_states: Kazakhstan"),
        [f"{P}:4:14: 'host_states' must be a list, not text; write `- item` lines"],
    ),
    "participants-empty": (
        BASE.replace("[Kazakhstan, United States, Russia]", "[]"),
        [f"{P}:5:15: 'participants' is empty; give at least one value"],
    ),
    "host-states-empty": (
        BASE.replace("host_states: [Kazakhstan]", "host_states: []"),
        [f"{P}:4:14: 'host_states' is empty; give at least one value"],
    ),
    "lead-empty": (
        BASE.replace("lead: Kazakhstan", "lead: []"),
        [f"{P}:6:7: 'lead' is empty; give at least one value"],
    ),
    "title-blank": (
        BASE.replace("title: Joint training", 'title: "   "'),
        [f"{P}:2:8: 'title' is blank; write it"],
    ),
    "waiver-reason-empty": (
        BASE + 'waivers: [{gate: no-dual-use, reason: ""}]\n',
        [f"{P}:7:39: 'waivers[0].reason' is empty; write it"],
    ),
    "summary-number": (
        # Only the type is wrong: not also "missing required field 'summary'".
        BASE.replace("summary: Engineers train engineers.", "summary: 5"),
        [f"{P}:1:10: 'summary' must be text, not a number; write it as text"],
    ),
    "unknown-friction": (
        BASE + "frictions: [iran, sanction]\n",
        [f"{P}:7:19: unknown friction 'sanction' (did you mean 'sanctions'?); {FRICTIONS}"],
    ),
    "participant-twice": (
        BASE.replace("United States, Russia", "United States, US, Russia"),
        [f"{P}:5:43: 'US' is listed twice (also as 'United States'); keep one"],
    ),
    "empty-file": ("", [f"{P}:1:1: the document is empty; write the fields"]),
    "top-level-list": (
        "- a\n- b\n",
        [f"{P}:1:1: a proposal must be a mapping of fields, not a list; write `key: value` lines"],
    ),
    "top-level-scalar": (
        "Water lab\n",
        [
            f"{P}:1:1: a proposal must be a mapping of fields, not a single value; "
            "write `key: value` lines"
        ],
    ),
    "invalid-utf8": (
        BASE.encode().replace(b"Joint", b"Jo\xffint"),
        [f"{P}:2:10: the file is not valid UTF-8; save it as UTF-8"],
    ),
    "binary": (
        b"\x00\x01binary",
        [f"{P}: this is a binary file, not a proposal; point at proposal files only"],
    ),
}


@pytest.mark.parametrize(("text", "expected"), list(ERRORS.values()), ids=list(ERRORS))
def test_problems_render_as_path_line_column_message(
    rubric: Rubric, text: str | bytes, expected: list[str]
) -> None:
    assert problems(text, rubric) == expected


def test_every_missing_required_field_is_reported(rubric: Rubric) -> None:
    # Problems at the same place may come in any order; each must be there once.
    assert sorted(problems("title: Water lab\n", rubric)) == [
        f"{P}:1:1: missing required field 'domain'; add it",
        f"{P}:1:1: missing required field 'host_states'; add it",
        f"{P}:1:1: missing required field 'lead'; add it",
        f"{P}:1:1: missing required field 'participants'; add it",
        f"{P}:1:1: missing required field 'summary'; add it (or a Markdown body)",
    ]


def test_problems_in_json_point_at_the_key_column(rubric: Rubric) -> None:
    text = json.dumps(FIELDS)[:-1] + ',\n  "visibilty": "low"\n}'
    assert problems(text, rubric, "p.json") == [
        "p.json:2:3: unknown key 'visibilty' (did you mean 'visibility'?); remove or rename it"
    ]


def test_lead_of_the_wrong_type_names_the_field_as_written(rubric: Rubric) -> None:
    found = problems(BASE.replace("lead: Kazakhstan", "lead: 123"), rubric)
    assert len(found) == 1
    assert found[0].startswith(f"{P}:6:7: 'lead' must be")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "title: x\nsummary: y\n",
            "p.md:1:1: a Markdown proposal must start with front matter: a '---' line, the "
            "fields, and another '---' line",
        ),
        (
            "---\ntitle: x\nsummary: y\n",
            "p.md:1:1: the front matter opened on line 1 never closes; add a '---' line after "
            "the last field",
        ),
        (
            MARKDOWN + "\n",
            "p.md:2:1: missing required field 'summary'; add it (or a Markdown body)",
        ),
        (
            MARKDOWN.replace("lead: Kazakhstan\n", "lead: Kazakhstan\nvisibility: loud\n")
            + "Body.",
            "p.md:7:13: 'visibility' must be one of low, medium, high, not 'loud'",
        ),
    ],
)
def test_markdown_problems(rubric: Rubric, text: str, expected: str) -> None:
    assert problems(text, rubric, "p.md") == [expected]


TYPOS = BASE.replace("title:", "titel:") + "visibility: loud\ndomian: x\n"
WRONG_PARTIES = (
    BASE.replace("domain: space", "domain: enviroment")
    .replace("[Kazakhstan]", "[Mongolia]")
    .replace("lead: Kazakhstan", "lead: China")
)


def places(found: list[str]) -> list[str]:
    return [line.split(": ", 1)[0] for line in found]


def test_several_field_problems_are_all_reported_sorted_by_line(rubric: Rubric) -> None:
    found = problems(TYPOS, rubric)
    assert places(found) == [f"{P}:2:1", f"{P}:7:13", f"{P}:8:1"]
    assert (
        found[2] == f"{P}:8:1: unknown key 'domian' (did you mean 'domain'?); remove or rename it"
    )


def test_several_rubric_problems_are_all_reported_sorted_by_line(rubric: Rubric) -> None:
    assert places(problems(WRONG_PARTIES, rubric)) == [f"{P}:3:9", f"{P}:4:15", f"{P}:6:7"]


def test_field_and_rubric_problems_are_reported_together(rubric: Rubric) -> None:
    text = WRONG_PARTIES + "visibility: loud\n"
    assert places(problems(text, rubric)) == [f"{P}:3:9", f"{P}:4:15", f"{P}:6:7", f"{P}:7:13"]
