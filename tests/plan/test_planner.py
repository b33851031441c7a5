"""Prompt → plan: keywords, explanations, unmatched words, and fallbacks from the scene."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from tests.conftest import gradient_rgb
from vivify.plan import Plan, PlanOptions, plan_from_prompt
from vivify.scene import analyse
from vivify.types import Face, Scene

OUTDOOR = analyse(gradient_rgb(120, 80))


def _names(plan: Plan) -> list[str]:
    return [e.name for e in plan.effects]


@pytest.mark.parametrize(
    ("prompt", "must", "must_not"),
    [
        ("make it a windy day", {"wind"}, {"zoom_in"}),
        ("a gentle breeze", {"wind"}, set()),
        ("clouds drifting across the sky", {"clouds"}, {"wind"}),
        ("zoom in slowly", {"zoom_in"}, {"wind", "clouds"}),
        ("Windy! with a ZOOM", {"wind", "zoom_in"}, set()),
        ("a breeze in the leaves", {"wind"}, {"petals"}),
        ("Wind im Laub", {"wind"}, {"petals"}),
        ("brezza tra le foglie", {"wind"}, {"petals"}),
        ("falling leaves", {"petals"}, set()),
    ],
)
def test_keywords_choose_effects(prompt: str, must: set[str], must_not: set[str]) -> None:
    names = set(_names(plan_from_prompt(prompt, OUTDOOR)))
    assert must <= names
    assert not (must_not & names)


def test_each_effect_says_which_words_chose_it() -> None:
    plan = plan_from_prompt("make it a windy day", None)
    wind = next(e for e in plan.effects if e.name == "wind")
    assert wind.because == ["windy"]


def test_wind_also_moves_clouds_when_there_is_sky() -> None:
    assert set(_names(plan_from_prompt("windy", OUTDOOR))) == {"clouds", "wind"}
    assert _names(plan_from_prompt("windy", None)) == ["wind"]


@pytest.mark.parametrize(
    "prompt",
    ["a warm breeze in the palm tree", "wind blowing through the pony's mane",
     "a breeze in her hair", "Wind in den Bäumen", "du vent dans la fourrure du chat"],
)  # fmt: skip
def test_wind_aimed_at_something_leaves_the_sky_alone(prompt: str) -> None:
    assert "clouds" not in _names(plan_from_prompt(prompt, OUTDOOR))


@pytest.mark.parametrize(
    "prompt", ["a windy autumn day", "Lass es windig werden", "c'est venteux aujourd'hui"]
)
def test_wind_that_is_weather_moves_the_clouds_too(prompt: str) -> None:
    assert {"clouds", "wind"} <= set(_names(plan_from_prompt(prompt, OUTDOOR)))


def test_unknown_words_are_listed() -> None:
    plan = plan_from_prompt("make it windy with dancing penguins", None)
    assert plan.unmatched == ["dancing", "penguins"]


@pytest.mark.parametrize("prompt", ["", "animate this", "make it come alive"])
def test_vague_prompts_animate_what_the_photo_shows(prompt: str) -> None:
    plan = plan_from_prompt(prompt, OUTDOOR)
    assert set(_names(plan)) == {"clouds", "wind"}
    assert plan.notes


def _blank() -> Scene:
    zero = OUTDOOR.sky * 0
    return Scene(sky=zero, vegetation=zero, person=zero, hair=zero, depth=zero, water=zero)


def test_vague_prompt_without_scene_features_gets_a_camera_move() -> None:
    blank = _blank()
    assert _names(plan_from_prompt("", blank)) == ["zoom_in"]


def _with_faces(height: int) -> Scene:
    """The outdoor scene with one face `height` pixels tall (its landmarks do not matter here)."""
    face = Face(box=(10, 5, height, height), landmarks=np.zeros((478, 2), np.float32))
    return dataclasses.replace(OUTDOOR, faces=(face,))


def test_small_faces_never_leave_a_smile_alone() -> None:
    small = plan_from_prompt("make everyone smile", _with_faces(6))  # 6 of 80 rows
    assert set(_names(small)) == {"smile", "head", "clouds"}
    assert any("faces are small" in note for note in small.notes)
    large = plan_from_prompt("make everyone smile", _with_faces(40))
    assert _names(large) == ["smile", "head"]


def test_a_person_who_smiles_or_blinks_moves_their_head_a_little() -> None:
    face = _with_faces(40)
    for prompt in ("let her smile", "make him blink", "Lass sie lächeln"):
        plan = plan_from_prompt(prompt, face)
        assert "head" in _names(plan)
        assert any("head moves" in note for note in plan.notes)
    # Not with "just", not on a pet (no person's face), not without a face effect.
    assert "head" not in _names(plan_from_prompt("just make her blink", face))
    assert "head" not in _names(plan_from_prompt("make it windy", face))
    assert "head" not in _names(plan_from_prompt("make her blink", OUTDOOR))


def test_options_and_sounds_are_carried() -> None:
    plan = plan_from_prompt(
        "windy", None, PlanOptions(duration=3, width=360, height=640, fps=24, seed=9)
    )
    assert (plan.duration, plan.width, plan.height, plan.fps, plan.seed) == (3, 360, 640, 24, 9)
    assert plan.soundscape[0] == "wind" and plan.soundscape[-1] == "outdoor"
    assert "wind" not in plan_from_prompt("zoom", None).soundscape


def test_effects_with_nothing_to_work_on_are_explained() -> None:
    plan = plan_from_prompt("clouds", _blank())
    assert any("No sky" in n for n in plan.notes)


@pytest.mark.parametrize(
    "prompt",
    ["a breeze ruffling the cat's fur", "Wind im Pelz des Hundes",
     "ruffle the bird's feathers", "du vent dans la fourrure du chat",
     "il vento che muove il pelo del cucciolo", "que el viento mueva el pelo del perro"],
)  # fmt: skip
def test_wind_in_an_animals_coat_ruffles_the_subject(prompt: str) -> None:
    subject = np.zeros(OUTDOOR.size[::-1], np.float32)
    subject[20:60, 30:90] = 1.0
    scene = dataclasses.replace(OUTDOOR, subject=subject)
    wind = next(e for e in plan_from_prompt(prompt, scene).effects if e.name == "wind")
    assert wind.params.get("fur") == 1.0
    # Without a subject to ruffle, or without a coat named, the wind is the usual wind.
    plain = next(e for e in plan_from_prompt(prompt, OUTDOOR).effects if e.name == "wind")
    assert "fur" not in plain.params
    usual = plan_from_prompt("a breeze in the trees", scene).effects
    assert all("fur" not in e.params for e in usual)


def test_hair_is_an_animals_coat_only_where_no_person_is_seen() -> None:
    subject = np.zeros(OUTDOOR.size[::-1], np.float32)
    subject[20:60, 30:90] = 1.0
    animal = dataclasses.replace(OUTDOOR, subject=subject)
    prompt = "the wind blowing through the goat's long hair"
    wind = next(e for e in plan_from_prompt(prompt, animal).effects if e.name == "wind")
    assert wind.params.get("fur") == 1.0
    person = dataclasses.replace(_with_faces(40), subject=subject)
    wind = next(e for e in plan_from_prompt(prompt, person).effects if e.name == "wind")
    assert "fur" not in wind.params
