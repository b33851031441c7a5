"""The validated clip request (`vivify.request`): one sentence for every bad value, whoever
builds it, with the limits of `vivify.limits`."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from vivify import limits
from vivify.plan import Plan
from vivify.request import ClipRequest, InvalidRequest


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"duration": float("nan")}, "duration must be between 0.5 and 60.0"),
        ({"duration": 0.1}, "duration must be between"),
        ({"width": 241}, "must be even"),
        ({"height": 100}, "height must be between 240 and 3840"),
        ({"fps": 0}, "frame rate must be between 1 and 60"),
        ({"seed": -1}, "seed must be between"),
        ({"prompt": "x" * (limits.MAX_PROMPT + 1)}, "prompt is too long (at most 500 characters)"),
        ({"framing": "wide"}, "framing must be one of"),
        ({"colour": "red"}, "does not know: 'colour'"),
        ({"photo": "not bytes"}, "photo is not valid"),
        ({"engine": ""}, "engine is not valid"),
    ],
)
def test_a_bad_value_gets_one_sentence(fields: dict[str, object], says: str) -> None:
    with pytest.raises(InvalidRequest) as caught:
        ClipRequest(**{"photo": b"jpeg", **fields})
    message = str(caught.value)
    assert says in message
    assert "\n" not in message and "pydantic" not in message


def test_a_request_needs_a_photo() -> None:
    with pytest.raises(InvalidRequest, match="needs the photo"):
        ClipRequest(prompt="rain")


def test_a_good_request_keeps_its_values_and_is_frozen() -> None:
    request = ClipRequest(photo=b"jpeg", prompt="rain", duration=2.5, width=360, height=640)
    assert (request.duration, request.width, request.height, request.fps) == (2.5, 360, 640, 30)
    with pytest.raises(ValidationError, match="frozen"):
        request.prompt = "snow"  # type: ignore[misc]


def test_the_plan_format_has_the_same_limits() -> None:
    fields = Plan.model_fields
    for name, (low, high) in {
        "duration": limits.DURATION,
        "width": limits.WIDTH,
        "height": limits.HEIGHT,
        "fps": limits.FPS,
        "seed": limits.SEED,
    }.items():
        bounds = {type(m).__name__: m for m in fields[name].metadata}
        assert bounds["Ge"].ge == low and bounds["Le"].le == high


def test_a_plan_with_too_many_effects_is_refused() -> None:
    from vivify.errors import PlanError
    from vivify.plan import parse_plan

    effect = '{"name": "wind"}'
    text = '{"effects": [' + ", ".join([effect] * (limits.MAX_EFFECTS + 1)) + "]}"
    with pytest.raises(PlanError):
        parse_plan(text)
