"""The rubric calibrated on the paper's own examples: its named ideas come out recommended, its
warnings not-recommended or blocked, and pairs that change one thing order as the paper does.

The proposals are written as an analyst would summarise them, some with declared fields and
some as prose only (front matter with the parties, the rest read from the text).
"""

from __future__ import annotations

import textwrap

import pytest

from cooperation_scorer.analysis.improvements import improvements
from cooperation_scorer.load.proposal import parse_proposal
from cooperation_scorer.model.rubric import Rubric
from cooperation_scorer.score.assess import assess
from cooperation_scorer.score.results import Assessment
from cooperation_scorer.vocabulary import Verdict
from tests.conftest import PROPOSALS


def _front(**fields: str) -> str:
    return "\n".join(f"{key}: {value}" for key, value in fields.items())


def _markdown(front: str, body: str) -> bytes:
    return f"---\n{front}\n---\n{textwrap.dedent(body).strip()}\n".encode()


# --- The paper's own ideas ----------------------------------------------------------------

BAITEREK = """\
title: Training Kazakhstani space engineers at Baiterek
summary: >-
  Kazakhstan's space agency asks Roscosmos and NASA-affiliated universities to co-teach a
  first cohort of Kazakhstani engineers at the Baiterek complex, on communication satellites
  and ground stations. The course stays in commercial, civilian fields; launchers and
  guidance systems are outside its scope. Astana selects the trainees and runs the course.
domain: space
host_states: [Kazakhstan]
participants: [Kazakhstan, Russia, United States]
lead: Kazakhstan
political_profile: technical
intelligence_sharing: experience
dual_use: false
visibility: low
scale: pilot
"""

EMERCOM = _markdown(
    _front(
        title="Kyrgyz emergency ministry learns from EMERCOM and FEMA on mudslides",
        domain="civil-security",
        host_states="[Kyrgyzstan]",
        participants="[Kyrgyzstan, Russia, United States]",
        lead="Kyrgyzstan",
    ),
    """
    Kyrgyzstan's Ministry of Emergency Situations invites EMERCOM and FEMA specialists to
    share their best practices on mudslide and avalanche preparedness with its rescue
    units in the Naryn region. The exchange takes the form of two joint exercises and a
    course for local instructors, chosen and hosted by the Kyrgyz ministry.

    Nothing but experience changes hands between the rescue services. The work is done at
    the working level, with no ceremony, and starts as a pilot in one region.
    """,
)

VOCATIONAL = _markdown(
    _front(
        title="A U.S.-Russian vocational school for farmers in the Fergana valley",
        domain="human-capital",
        host_states="[Uzbekistan]",
        participants="[Uzbekistan, Russia, United States]",
        lead="Uzbekistan",
    ),
    """
    Uzbekistan's ministry of agriculture proposes a pilot vocational school in Namangan
    province that trains young farmers in drip irrigation, water use and the repair of farm
    machinery. Russian agricultural colleges provide curricula and instructors; American
    land-grant universities provide short courses for adult farmers.

    The school is small: one site and about eighty students a year. It is a technical
    training project, run quietly by the ministry, which appoints the director.
    """,
)

RETURNED_MIGRANTS = """\
title: Helping returned migrants in Kyrgyzstan start home-based businesses
summary: >-
  Kyrgyzstan's migration service leads a small pilot for workers coming back from Russia.
  Russian partners recognise the construction skills migrants acquired on Russian sites; U.S.
  trainers offer short professional courses on starting a home-based retail business. Two
  hundred returnees in Osh province take part in the first year. It is a technical training
  project.
domain: migration
host_states: [Kyrgyzstan]
participants: [Kyrgyzstan, Russia, United States]
lead: Kyrgyzstan
visibility: low
scale: pilot
"""

EXPERT_GROUP = _markdown(
    _front(
        title="A trilateral expert group on migration and integration",
        domain="knowledge-sharing",
        host_states="[Kazakhstan, Uzbekistan]",
        participants="[Kazakhstan, Uzbekistan, Russia, United States]",
        lead="[Kazakhstan, Uzbekistan]",
    ),
    """
    Think tanks in Almaty and Tashkent convene Russian and American scholars of Central Asia
    in a standing expert group, the platform the region lacks. Its first sessions compare
    U.S. and Russian migration and integration policies and exchange best practices on how
    neighbourhood communities integrate newcomers.

    The group is a second-track format; its meetings are closed-door and its papers are
    published under the Chatham House rule.
    """,
)

RADICALISATION = _markdown(
    _front(
        title="Expert discussion on preventing radicalisation among labour migrants",
        domain="counterterrorism",
        host_states="[Tajikistan]",
        participants="[Tajikistan, Russia, United States]",
        lead="Tajikistan",
    ),
    """
    Tajikistan hosts a series of expert workshops on preventing radicalisation among Tajik
    labour migrants in Russia. Russian and American researchers, social workers and community
    leaders compare prevention programmes and how neighbourhood communities help integrate
    migrants.

    The workshops are limited to expert discussions and sharing of experience: no
    intelligence, no lists of names and no operational information change hands. It is a
    small pilot, kept low-key.
    """,
)

# --- The paper's warnings -----------------------------------------------------------------

CODE_OF_CONDUCT = _markdown(
    _front(
        title="A U.S.-Russian code of conduct for Central Asia",
        domain="governance",
        host_states="[Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan, Uzbekistan]",
        participants="[United States, Russia, Kazakhstan, Kyrgyzstan, Tajikistan, "
        "Turkmenistan, Uzbekistan]",
        lead="[United States, Russia]",
    ),
    """
    Washington and Moscow would negotiate a general code of conduct for their behaviour in
    Central Asia, including shared definitions of democracy and stability and each side's
    recognised interests. The five Central Asian governments would be asked to endorse the
    text once the two powers agree on it.

    The code would be signed by the two presidents at a summit.
    """,
)

GRAND_BARGAIN = _markdown(
    _front(
        title="A grand bargain on Central Asia",
        domain="governance",
        host_states="[Kazakhstan, Uzbekistan]",
        participants="[United States, Russia, Kazakhstan, Uzbekistan]",
        lead="[United States, Russia]",
    ),
    """
    The proposal is a grand bargain between Washington and Moscow: the United States would
    accept Russia's sphere of influence in Central Asia in return for Russian restraint
    elsewhere. Kazakhstan and Uzbekistan would be consulted. The deal would be launched by
    the heads of state.
    """,
)

INTELLIGENCE = _markdown(
    _front(
        title="Sharing intelligence on Central Asian militants returning from Syria",
        domain="counterterrorism",
        host_states="[Kazakhstan]",
        participants="[Kazakhstan, Russia, United States]",
        lead="Kazakhstan",
    ),
    """
    Kazakhstan's security committee, the FSB and the FBI would share intelligence on
    Central Asian fighters returning from Syria, including watch lists of suspects and
    travel records, so that they can be arrested on arrival.
    """,
)

DUAL_USE = """\
title: Joint development of a medium launch vehicle at Baikonur
summary: >-
  Roscosmos and a U.S. aerospace firm would jointly develop a medium launch vehicle at
  Baikonur, able to carry both commercial and military payloads. Kazakhstan provides the
  site. This is dual-use technology.
domain: space
host_states: [Kazakhstan]
participants: [Kazakhstan, Russia, United States]
lead: Kazakhstan
"""

IDEAS = {
    "baiterek-engineers.yaml": BAITEREK.encode(),
    "emercom-best-practices.md": EMERCOM,
    "vocational-school.md": VOCATIONAL,
    "returned-migrant-businesses.yaml": RETURNED_MIGRANTS.encode(),
    "expert-group-on-migration.md": EXPERT_GROUP,
    "preventing-radicalisation.md": RADICALISATION,
}
WARNINGS = {
    "code-of-conduct.md": (CODE_OF_CONDUCT, {Verdict.NOT_RECOMMENDED}),
    "grand-bargain.md": (GRAND_BARGAIN, {Verdict.NOT_RECOMMENDED}),
    "intelligence-exchange.md": (INTELLIGENCE, {Verdict.BLOCKED}),
    "dual-use-launcher.yaml": (DUAL_USE.encode(), {Verdict.BLOCKED}),
}


def score(data: bytes, path: str, rubric: Rubric) -> Assessment:
    return assess(parse_proposal(data, path, rubric), rubric)


@pytest.mark.parametrize("path", list(IDEAS))
def test_the_paper_s_own_ideas_are_recommended(rubric: Rubric, path: str) -> None:
    result = score(IDEAS[path], path, rubric)
    assert result.verdict is Verdict.RECOMMENDED, (result.score, result.caps)
    assert result.consensus is not None
    assert result.consensus.verdict is Verdict.RECOMMENDED


@pytest.mark.parametrize("path", list(WARNINGS))
def test_the_paper_s_warnings_are_not_recommended_or_blocked(rubric: Rubric, path: str) -> None:
    data, verdicts = WARNINGS[path]
    result = score(data, path, rubric)
    assert result.verdict in verdicts, (result.score, result.verdict)


def test_the_bands_leave_a_margin_on_both_sides(rubric: Rubric) -> None:
    """The recommended band sits below every named idea, and the warnings that are not
    blocked score below the conditional band: a capped warning is not rescued by its score."""
    ideas = [score(data, path, rubric).score for path, data in IDEAS.items()]
    recommended, conditional = (band.min_score for band in rubric.verdict_bands[:2])
    assert min(ideas) >= recommended + 10
    for path, (data, _) in WARNINGS.items():
        result = score(data, path, rubric)
        if result.verdict is not Verdict.BLOCKED:
            assert result.score < conditional


MIDDLING = """\
title: A project at the middle level of the preferences
summary: Partners meet.
domain: public-health
host_states: [Kazakhstan]
participants: [Kazakhstan, Russia, United States]
lead: Kazakhstan
political_profile: mixed
intelligence_sharing: none
dual_use: false
visibility: medium
scale: program
frictions: [energy-competition]
adversarial_framing: false
"""


def test_the_bands_are_anchored_on_the_middle_levels(rubric: Rubric) -> None:
    """Recommended starts at a host-led, trilateral, non-adversarial project in a nontoxic
    niche that sits at the middle level of every other criterion; a project at the middle
    level of every criterion (host co-leads, a faded area) is conditional."""
    anchor = score(MIDDLING.encode(), "anchor.yaml", rubric)
    recommended, conditional = (band.min_score for band in rubric.verdict_bands[:2])
    assert anchor.score == recommended
    assert anchor.verdict is Verdict.RECOMMENDED
    middle = MIDDLING.replace("domain: public-health", "domain: energy").replace(
        "lead: Kazakhstan", "lead: [Kazakhstan, Russia]"
    )
    result = score(middle.encode(), "middle.yaml", rubric)
    assert conditional <= result.score < recommended
    assert result.verdict is Verdict.CONDITIONAL


# --- Pairs that change one thing ----------------------------------------------------------


def _variant(base: str, old: str, new: str) -> bytes:
    assert old in base
    return base.replace(old, new).encode()


def _ordered(better: bytes, worse: bytes, rubric: Rubric, suffix: str = ".yaml") -> None:
    high = score(better, f"better{suffix}", rubric)
    low = score(worse, f"worse{suffix}", rubric)
    assert high.score > low.score, (high.score, low.score)
    assert high.verdict.severity <= low.verdict.severity


def test_host_led_beats_outside_led(rubric: Rubric) -> None:
    _ordered(BAITEREK.encode(), _variant(BAITEREK, "lead: Kazakhstan", "lead: Russia"), rubric)


def test_expert_exchange_beats_no_exchange(rubric: Rubric) -> None:
    none = _variant(BAITEREK, "intelligence_sharing: experience", "intelligence_sharing: none")
    _ordered(BAITEREK.encode(), none, rubric)


def test_a_political_gesture_is_worse_than_a_mention_of_politics_which_is_worse_than_none(
    rubric: Rubric,
) -> None:
    base = RETURNED_MIGRANTS
    plain = base
    mention = _variant(
        base,
        "take part in the first year.",
        "take part in the first year. Trainers also explain the labour rights migrants have "
        "under the human rights conventions Kyrgyzstan has signed.",
    )
    gesture = _variant(
        base,
        "take part in the first year.",
        "take part in the first year. The pilot is above all a political gesture of "
        "reconciliation between Washington and Moscow.",
    )
    _ordered(plain.encode(), mention, rubric)
    _ordered(mention, gesture, rubric)
    assert score(mention, "mention.yaml", rubric).verdict is not Verdict.BLOCKED
    assert [cap.criterion for cap in score(mention, "mention.yaml", rubric).caps] == []
    gesture_caps = [cap.criterion for cap in score(gesture, "gesture.yaml", rubric).caps]
    assert gesture_caps == ["technical-character"]


def test_incidental_scale_words_do_not_make_a_flagship(rubric: Rubric) -> None:
    text = EMERCOM.replace(
        b"starts as a pilot in one region.",
        b"starts in one region; the exercises prepare for large-scale disasters that may "
        b"one day strike all five countries, and the manuals may later be used region-wide.",
    )
    result = score(text, "incidental.md", rubric)
    assert [cap.criterion for cap in result.caps] == []
    assert result.verdict is Verdict.RECOMMENDED


def test_a_flagship_that_skips_the_pilot_is_capped(rubric: Rubric) -> None:
    text = EMERCOM.replace(
        b"starts as a pilot in one region.",
        b"skips the pilot stage: it is launched at once as the national flagship of "
        b"disaster reform.",
    )
    _ordered(EMERCOM, text, rubric, ".md")
    assert "project-scale" in [cap.criterion for cap in score(text, "f.md", rubric).caps]


def test_a_project_framed_against_the_other_power_loses(rubric: Rubric) -> None:
    framed = VOCATIONAL.replace(
        b"appoints the director.",
        b"appoints the director. For Washington, the school is a way to reduce the region's "
        b"dependence on Russia.",
    )
    _ordered(VOCATIONAL, framed, rubric, ".md")


def test_building_on_tested_cooperation_lifts_the_for_later_cap(rubric: Rubric) -> None:
    base = BAITEREK.replace("domain: space", "domain: education")
    built = base.replace("scale: pilot", "scale: pilot\nbuilds_on: [baiterek-engineers]")
    first = score(base.encode(), "first.yaml", rubric)
    later = score(built.encode(), "later.yaml", rubric)
    assert "domain" in [cap.criterion for cap in first.caps]
    assert later.caps == ()
    assert later.score > first.score
    assert later.verdict is Verdict.RECOMMENDED


def test_a_working_third_party_beats_the_frozen_osce(rubric: Rubric) -> None:
    eu = _variant(
        BAITEREK,
        "participants: [Kazakhstan, Russia, United States]",
        "participants: [Kazakhstan, Russia, United States, European Union]",
    )
    osce = _variant(
        BAITEREK,
        "participants: [Kazakhstan, Russia, United States]",
        "participants: [Kazakhstan, Russia, United States, OSCE]",
    )
    _ordered(eu, osce, rubric)


def test_the_central_asian_states_own_body_leading_is_host_leadership(rubric: Rubric) -> None:
    base = """\
title: Aral Sea dust-storm monitoring
summary: Hydrologists from both powers help monitor dust storms from the dried seabed.
domain: environment
host_states: [Kazakhstan, Uzbekistan]
participants: [Kazakhstan, Uzbekistan, {third}, Russia, United States]
lead: {lead}
"""
    ifas = base.format(third="IFAS", lead="IFAS").encode()
    undp = base.format(third="UNDP", lead="UNDP").encode()
    own = score(ifas, "ifas.yaml", rubric)
    outside = score(undp, "undp.yaml", rubric)
    leadership = {c.id: c.level for c in own.criteria}["host-leadership"]
    assert leadership == "host-leads"
    assert own.verdict.severity < outside.verdict.severity


def test_counterterrorism_as_expert_exchange_beats_operational_counterterrorism(
    rubric: Rubric,
) -> None:
    operational = RADICALISATION.replace(
        b"The workshops are limited to expert discussions and sharing of experience: no\n"
        b"intelligence, no lists of names and no operational information change hands.",
        b"The security services then run joint operations against recruiters.",
    )
    assert operational != RADICALISATION
    _ordered(RADICALISATION, operational, rubric, ".md")


def test_export_control_training_is_not_dual_use(rubric: Rubric) -> None:
    text = b"""\
title: Export-control training for Kazakh customs officers
summary: >-
  Kazakhstan's customs service leads a pilot in which U.S. and Russian experts train its
  officers in export controls on dual-use goods and in securing stocks of radioactive
  sources at border crossings.
domain: nonproliferation
host_states: [Kazakhstan]
participants: [Kazakhstan, Russia, United States]
lead: Kazakhstan
"""
    result = score(text, "export-controls.yaml", rubric)
    assert result.verdict is not Verdict.BLOCKED
    assert all(gate.passed for gate in result.gates)


def test_low_key_beats_a_summit_launch(rubric: Rubric) -> None:
    summit = _variant(BAITEREK, "visibility: low", "visibility: high")
    _ordered(BAITEREK.encode(), summit, rubric)


def test_the_consensus_verdict_is_the_worst_side_s_verdict(rubric: Rubric) -> None:
    text = _variant(BAITEREK, "lead: Kazakhstan", "lead: [Kazakhstan, United States]")
    result = score(text, "us-co-led.yaml", rubric)
    assert result.consensus is not None
    worst = max(side.verdict.severity for side in result.perspectives)
    assert result.consensus.verdict.severity == worst


def test_moscow_is_not_the_side_most_hurt_by_an_iran_link(rubric: Rubric) -> None:
    text = _variant(
        BAITEREK,
        "participants: [Kazakhstan, Russia, United States]",
        "participants: [Kazakhstan, Russia, United States, Iran]",
    )
    result = score(text, "iran.yaml", rubric)
    sides = {side.id: side.score for side in result.perspectives}
    assert sides["moscow"] > sides["washington"]


def test_no_side_reports_an_adjustment_that_changes_nothing(rubric: Rubric) -> None:
    bundled = {path.name: path.read_bytes() for path in PROPOSALS.iterdir()}
    for path, data in {**IDEAS, **bundled}.items():
        for side in score(data, path, rubric).perspectives:
            for note in side.adjustments:
                before, after = note.split(":", 1)[0].split(" ", 1)[1].split(" → ")
                assert before != after, note


def test_the_advice_for_an_area_for_later_is_to_build_on_tested_cooperation(
    rubric: Rubric,
) -> None:
    text = BAITEREK.replace("domain: space", "domain: urban-development")
    proposal = parse_proposal(text.encode(), "later.yaml", rubric)
    changes = [item.change for item in improvements(proposal, rubric)]
    assert changes[0].startswith("build it on cooperation already tested")
    assert "verdict conditional → recommended" in changes[0]
