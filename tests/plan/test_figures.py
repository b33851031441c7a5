"""Figures of speech and other passes that read several words as one meaning
(`vivify.plan.figures`)."""

from __future__ import annotations

import pytest

from tests.plan.conftest import effect_names
from vivify.plan import plan_from_prompt
from vivify.text import TextModels


@pytest.mark.parametrize(
    ("prompt", "wanted"),
    [
        ("let the flags wave", "wind"),
        ("die Fahnen sollen flattern und tanzen", "wind"),
        ("que bailen las palmeras", "wind"),
        ("fais voler ses cheveux", "wind"),
        ("the heavens weep over the harbour", "rain"),
        ("le ciel pleure", "rain"),
        ("the sun sinks behind the hills", "sunset"),
        ("mentre il sole tramonta", "sunset"),
        ("the town falls asleep", "night"),
        ("the camera follows the cyclist", "pan"),
    ],
)
def test_a_subject_and_a_verb_mean_together(prompt: str, wanted: str, text: TextModels) -> None:
    assert wanted in effect_names(prompt, text)


@pytest.mark.parametrize(
    "prompt",
    [
        "static camera please",
        "keine Kamerabewegung",
        "la cámara no se mueve",
        "ne bouge pas la caméra",
        "telecamera ferma",
    ],
)
def test_a_camera_held_still_rules_out_every_move(prompt: str, text: TextModels) -> None:
    plan = plan_from_prompt(prompt, None, text=text)
    assert not {e.name for e in plan.effects} & {"zoom_in", "zoom_out", "pan", "parallax"}


def test_a_camera_move_elsewhere_in_the_wish_is_not_held(text: TextModels) -> None:
    plan = plan_from_prompt("no rain and the camera pans", None, text=text)
    names = {e.name for e in plan.effects}
    assert "pan" in names and "rain" not in names


@pytest.mark.parametrize(
    ("prompt", "unwanted"),
    [("zoom on the eyes of my cat", "blink"), ("zoom hasta sus ojos", "blink")],
)
def test_what_the_camera_goes_to_is_not_animated(
    prompt: str, unwanted: str, text: TextModels
) -> None:
    names = effect_names(prompt, text)
    assert "zoom_in" in names and unwanted not in names


@pytest.mark.parametrize(
    ("prompt", "wanted", "unwanted"),
    [
        ("zoom langsam raus", "zoom_out", "zoom_in"),
        ("zoom hacia atrás lento", "zoom_out", "zoom_in"),
        ("die Kamera fährt langsam ran", "zoom_in", "zoom_out"),
        ("la camera va indietro piano", "zoom_out", "zoom_in"),
        ("zoom in slowly on her face", "zoom_in", "zoom_out"),
    ],
)
def test_a_zoom_goes_the_way_its_clause_says(
    prompt: str, wanted: str, unwanted: str, text: TextModels
) -> None:
    names = effect_names(prompt, text)
    assert wanted in names and unwanted not in names


@pytest.mark.parametrize(
    ("prompt", "layer"),
    [
        ("quiero que suene lluvia fuerte pero sin cambiar la imagen", "rain"),
        ("le chant des oiseaux, sans toucher à la photo", "birds"),
        ("rauschen vom bach hören aber das bild genau so lassen", "lake"),
        ("le bruit de la pluie mais on ne doit rien voir", "rain"),
        ("leave the photo as it is, add bird sounds", "birds"),
    ],
)
def test_a_picture_kept_as_it_is_gets_only_sound(prompt: str, layer: str, text: TextModels) -> None:
    plan = plan_from_prompt(prompt, None, text=text)
    assert plan.effects == []  # nothing shown, the camera held too
    assert layer in plan.heard and layer in plan.soundscape


@pytest.mark.parametrize(
    "prompt",
    [
        "sans trop changer la photo, ajoute de la neige",
        "make it snow but don't change my face",
    ],
)
def test_changing_a_little_or_something_else_still_shows(prompt: str, text: TextModels) -> None:
    assert "snow" in effect_names(prompt, text)


@pytest.mark.parametrize(
    ("prompt", "wanted", "unwanted"),
    [
        ("sky full of tiny diamonds winking over the cabin", "sparkle", "blink"),
        ("que le ciel s'embrase sur les étangs", "sunset", "fire"),
        ("der himmel soll brennen wie abends", "sunset", "fire"),
        ("che piovano coriandoli sulla squadra", "petals", "rain"),
        ("che la tovaglia svolazzi", "wind", ""),
    ],
)
def test_a_figure_wins_over_its_words(
    prompt: str, wanted: str, unwanted: str, text: TextModels
) -> None:
    names = effect_names(prompt, text)
    assert wanted in names and unwanted not in names


@pytest.mark.parametrize(
    "prompt", ["kamera fährt langsam nach links", "the camera moves to the right"]
)
def test_a_camera_going_sideways_pans(prompt: str, text: TextModels) -> None:
    assert effect_names(prompt, text) == {"pan"}
