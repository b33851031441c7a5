"""The plan as a contract: JSON round trip, and errors that name the field and the reason."""

from __future__ import annotations

import json

import pytest

from vivify.errors import PlanError
from vivify.plan import Plan, parse_plan, plan_from_prompt


def test_round_trip() -> None:
    plan = plan_from_prompt("windy and zoom", None)
    assert parse_plan(plan.to_json()) == plan


def test_defaults_for_a_minimal_hand_written_plan() -> None:
    plan = parse_plan('{"effects": [{"name": "wind", "params": {"strength": 2}}]}')
    assert (plan.width, plan.height, plan.fps, plan.duration) == (720, 1280, 30, 5.0)
    assert plan.effects[0].params == {"strength": 2}
    assert plan.framing == "auto"


@pytest.mark.parametrize("framing", ["auto", "fill", "bands"])
def test_framing_round_trips(framing: str) -> None:
    plan = parse_plan(json.dumps({"framing": framing}))
    assert plan.framing == framing and parse_plan(plan.to_json()) == plan


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        ("{not json", "not valid JSON"),
        ('{"effects": [{"name": "tornado"}]}', "effects.0: Unknown effect 'tornado'"),
        ('{"effects": [{"name": "wind", "params": {"strength": 40}}]}', "effects.0: wind.strength"),
        ('{"width": 721}', "width: must be even"),
        ('{"fps": 0}', "fps: Input should be greater than or equal to 1"),
        ('{"duration": 600}', "duration: Input should be less than or equal to 60"),
        ('{"version": 7}', "version:"),
        ('{"colour": "red"}', "colour: Extra inputs are not permitted"),
        ('{"soundscape": ["jazz"]}', "soundscape: unknown sound 'jazz'"),
        ('{"framing": "zoom"}', "framing: Input should be 'auto', 'fill' or 'bands'"),
        ("[]", "plan:"),
        ("[" * 200_000 + "]" * 200_000, "nested too deeply"),
    ],
)
def test_invalid_plans_name_the_field(doc: str, expected: str) -> None:
    with pytest.raises(PlanError) as info:
        parse_plan(doc)
    assert expected in str(info.value)
    assert "\n" not in str(info.value)


def test_schema_is_exported_with_descriptions() -> None:
    schema = Plan.model_json_schema()
    assert schema["properties"]["effects"]["description"]
    assert json.dumps(schema)
