"""The plan becomes the model's prompt, visibly: built from the effects (motion, then camera,
then look), their strength and what the photo shows; a user's prompt is sent as written; one
vivify built is built again when the plan changes; every effect in the catalogue has words."""

from __future__ import annotations

import numpy as np
import pytest

from vivify import effects
from vivify.engines.model_prompt import NEGATIVE, PHRASES, build_model_prompt, model_prompt_for
from vivify.errors import PlanError
from vivify.pipeline import with_engine
from vivify.plan import EffectSpec, Plan
from vivify.plan.schema import ModelPrompt, parse_plan
from vivify.types import Face, Scene


def _scene(faces: int = 0, sky: float = 0.0, plants: float = 0.0) -> Scene:
    def mask(cover: float) -> np.ndarray:
        m = np.zeros((100, 100), np.float32)
        m[: int(cover * 100)] = 1.0
        return m

    face = Face((10, 10, 20, 20), np.zeros((478, 2), np.float32))
    return Scene(
        sky=mask(sky),
        vegetation=mask(plants),
        person=mask(0),
        hair=mask(0),
        depth=mask(0),
        water=mask(0),
        faces=(face,) * faces,
    )


def _plan(*specs: tuple[str, dict[str, float]]) -> Plan:
    return Plan(effects=[EffectSpec(name=n, params=dict(p)) for n, p in specs])


def test_every_effect_in_the_catalogue_has_its_own_words() -> None:
    assert set(PHRASES) == set(effects.registry())


def test_motion_comes_first_then_the_camera_then_the_look() -> None:
    plan = _plan(("cartoon", {}), ("zoom_in", {}), ("wind", {}))
    text = build_model_prompt(plan, _scene(faces=2, sky=0.4, plants=0.3))
    assert text.startswith("A short vertical video brought to life from a photo of two people, ")
    assert "trees and plants and the sky." in text
    wind, camera, look = (text.index(PHRASES[n][0][1:]) for n in ("wind", "zoom_in", "cartoon"))
    assert wind < camera < look
    assert text.endswith("the motion is smooth and natural.")


def test_strength_far_from_the_default_is_said_and_a_still_camera_too() -> None:
    gentle = build_model_prompt(_plan(("rain", {"amount": 0.3})), _scene())
    strong = build_model_prompt(_plan(("rain", {"amount": 2.5})), _scene())
    usual = build_model_prompt(_plan(("rain", {"amount": 1.0})), _scene())
    assert "Gently, rain falls" in gentle and "Strongly, rain falls" in strong
    assert "Rain falls" in usual and "The camera stays still." in usual
    nothing = build_model_prompt(Plan(), _scene())
    assert "Only small, natural movements" in nothing and "a scene" in nothing


def test_a_users_prompt_is_sent_as_written_and_vivifys_is_rebuilt_when_the_plan_changes() -> None:
    own = ModelPrompt(prompt="A cat yawns.", negative_prompt="dogs")
    plan = _plan(("wind", {})).model_copy(update={"model_prompt": own})
    assert model_prompt_for(plan, _scene()) == (own, False)
    built, rebuilt = model_prompt_for(_plan(("wind", {})), _scene())
    assert built.written_by == "vivify" and built.negative_prompt == NEGATIVE and not rebuilt
    stale = _plan(("snow", {})).model_copy(update={"model_prompt": built})
    again, rebuilt = model_prompt_for(stale, _scene())
    assert rebuilt and "snowflakes" in again.prompt and "wind" not in again.prompt


def test_a_diffusion_plan_round_trips_and_a_motion_plan_prints_as_before() -> None:
    motion = with_engine(_plan(("wind", {})), "motion", None)
    assert "engine" not in motion.to_json() and "model_prompt" not in motion.to_json()
    diffusion = with_engine(_plan(("wind", {})), "diffusion", _scene())
    again = parse_plan(diffusion.to_json())
    assert again.engine == "diffusion" and again.model_prompt == diffusion.model_prompt
    edited = diffusion.to_json().replace('"written_by": "vivify"', '"written_by": "user"')
    kept = with_engine(parse_plan(edited), "diffusion", _scene(faces=1))
    assert kept.model_prompt is not None and kept.model_prompt.written_by == "user"
    assert kept.model_prompt.prompt == diffusion.model_prompt.prompt  # type: ignore[union-attr]
    assert "Model prompt: the plan's own, sent as written." in kept.notes
    again = with_engine(kept, "diffusion", _scene(faces=1))  # through a second time
    assert again.notes.count("Model prompt: the plan's own, sent as written.") == 1
    assert not any(n.startswith("Model prompt:") for n in with_engine(kept, "motion", None).notes)
    with pytest.raises(PlanError, match="Unknown engine 'warp'"):
        with_engine(_plan(), "warp", None)
