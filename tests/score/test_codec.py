"""An assessment as data: pydantic's adapter gives exactly what `to_data` gives, so either may
write the JSON contract, and reads it back into the same assessment."""

from __future__ import annotations

import json

from cooperation_scorer import pipeline
from cooperation_scorer.model.rubric import LoadedRubric
from cooperation_scorer.score.codec import assessment_adapter, to_data
from tests.conftest import PROPOSALS


def test_the_adapter_gives_the_data_to_data_gives_and_reads_it_back(
    loaded_rubric: LoadedRubric,
) -> None:
    outcome = pipeline.evaluate([PROPOSALS], loaded_rubric, improve=True)
    adapter = assessment_adapter()
    for assessment in outcome.assessments:
        data = to_data(assessment)
        assert adapter.dump_python(assessment, mode="json") == data
        back = adapter.validate_json(json.dumps(data))
        assert to_data(back) == data
        assert back.criteria == assessment.criteria
        assert back.gates == assessment.gates
