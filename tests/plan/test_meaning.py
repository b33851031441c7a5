"""Reading words by meaning: the matcher's contract on tiny synthetic vectors, and what the
real encoder makes of words the word lists do not know."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from numpy.typing import NDArray

from tests.plan.conftest import effect_names
from vivify.plan import plan_from_prompt
from vivify.plan.meaning import Catalogue, read_spans
from vivify.plan.reading import read
from vivify.text import TextModels


def _unit(*rows: Sequence[float]) -> NDArray[np.float32]:
    a = np.asarray(rows, np.float32)
    return a / np.linalg.norm(a, axis=1, keepdims=True)


TINY = Catalogue(
    names=("rain", "rain", "rain", "none", "none", "none"),
    kinds=("effect", "effect", "effect", "none", "none", "none"),
    vectors=_unit([1, 0, 0], [1, 0.1, 0], [1, 0, 0.1], [0, 1, 0], [0, 1, 0.1], [0.1, 1, 0]),
    threshold=0.5,
    margin=0.1,
)
SPANS = {"wet": [1.0, 0.05, 0.0], "dance": [0.0, 1.0, 0.0], "between": [1.0, 1.0, 0.0]}


def _encode(texts: Sequence[str]) -> NDArray[np.float32]:
    return _unit(*(SPANS[t] for t in texts))


def test_a_span_close_to_a_name_is_read_as_it() -> None:
    (match,) = read_spans(["wet"], _encode, TINY)
    assert match is not None and (match.name, match.kind) == ("rain", "effect")
    assert "similarity" in match.note()


def test_a_span_closer_to_what_vivify_cannot_do_stays_unread() -> None:
    assert read_spans(["dance"], _encode, TINY) == [None]


def test_a_span_without_a_clear_margin_stays_unread() -> None:
    assert read_spans(["between"], _encode, TINY) == [None]


def test_a_catalogue_needs_a_name_per_vector() -> None:
    with pytest.raises(ValueError):
        Catalogue(("rain",), ("effect", "none"), _unit([1, 0, 0]), 0.5, 0.1)


@pytest.mark.parametrize(
    ("prompt", "name"),
    [
        ("in the style of studio ghibli", "cartoon"),
        ("thick brushstrokes everywhere", "oil_paint"),
        ("film noir", "black_white"),
        ("eine Kamerafahrt über die Stadt", "pan"),
        ("fais-lui un clin d'œil", "blink"),
    ],
)
def test_words_the_lists_do_not_know_are_read_by_meaning(
    prompt: str, name: str, text: TextModels
) -> None:
    plan = plan_from_prompt(prompt, None, text=text)
    assert name in {e.name for e in plan.effects}
    assert any("similarity" in n for n in plan.notes)


def test_what_vivify_cannot_do_stays_unmatched(text: TextModels) -> None:
    plan = plan_from_prompt("make him dance the tango", None, text=text)
    assert "dance" in plan.unmatched


@pytest.mark.parametrize(
    ("prompt", "layer", "unseen"),
    [
        ("with the sound of the sea", "waves", "water"),
        ("mit Meeresrauschen im Hintergrund", "waves", "water"),
        ("just the sound of rain, don't show it", "rain", "rain"),
        ("avec des bruits de café", "cafe", "steam"),
        ("sonido de fogata", "fire", "fire"),
    ],
)
def test_sound_words_choose_layers_not_effects(
    prompt: str, layer: str, unseen: str, text: TextModels
) -> None:
    plan = plan_from_prompt(prompt, None, text=text)
    assert layer in plan.heard and plan.soundscape[0] == layer
    assert unseen not in {e.name for e in plan.effects}


def test_just_a_sound_keeps_the_soundscape_to_it(text: TextModels) -> None:
    plan = plan_from_prompt("just the sound of rain", None, text=text)
    assert plan.soundscape == ["rain"]


@pytest.mark.parametrize(
    ("prompt", "wrong"),
    [
        ("stile anime", "smile"),
        ("sopra il lago", "wind"),
        ("fallo ridere", "fire"),
        ("a painting of my dog", "pan"),
        ("a brass band", "fire"),
        ("a desk lamp", "lightning"),
    ],
)
def test_real_words_are_not_repaired_into_effects(
    prompt: str, wrong: str, text: TextModels
) -> None:
    assert wrong not in read(prompt, text.words).effects


def test_typos_are_still_repaired(text: TextModels) -> None:
    reading = read("make it rian with clods", text.words)
    assert {"rain", "clouds"} <= set(reading.effects)


@pytest.mark.parametrize(
    "prompt",
    ["clouds yes, rain no", "Wolken ja, Regen nein", "rain? no", "la pioggia no, solo nuvole"],
)
def test_a_negation_reaches_back(prompt: str, text: TextModels) -> None:
    plan = plan_from_prompt(prompt, None, text=text)
    assert "rain" not in {e.name for e in plan.effects}
    assert "rain" in {e.name for e in plan.excluded}


def test_no_zoom_moves_the_camera_otherwise(text: TextModels) -> None:
    plan = plan_from_prompt("pas de zoom", None, text=text)
    assert not {"zoom_in", "zoom_out"} & {e.name for e in plan.effects}


@pytest.mark.parametrize(
    ("prompt", "meant", "not_meant"),
    [
        ("une pluie de pétales de rose", "petals", "rain"),
        ("a rain of petals", "petals", "rain"),
        ("heavy rain all night", "rain", ""),
        ("estrellitas brillando", "night", ""),
        ("ich bin Feuer und Flamme für das Foto", "", "fire"),
        ("un coup de foudre", "", "lightning"),
    ],
)
def test_figures_of_speech(prompt: str, meant: str, not_meant: str, text: TextModels) -> None:
    names = effect_names(prompt, text)
    assert not meant or meant in names
    assert not not_meant or not_meant not in names


def test_words_that_describe_a_named_move_are_not_a_second_one(text: TextModels) -> None:
    plan = plan_from_prompt("un paneo de cámara", None, text=text)
    assert {e.name for e in plan.effects} == {"pan"}
    assert any("describing pan" in n for n in plan.notes)


@pytest.mark.parametrize(
    ("prompt", "layer", "unseen"),
    [
        ("ocean waves, audio only", "waves", "water"),
        ("le crépitement du feu, son seulement", "fire", "fire"),
        ("tonnerre au loin mais pas d'éclairs", "thunder", "lightning"),
        ("Donnergrollen, aber keine Blitze zeigen", "thunder", "lightning"),
        # a clear sky or an unmoving picture: what is named is heard
        ("thunder rolling in but keep the sky blue", "thunder", "lightning"),
        ("Regenprasseln, aber der Himmel bleibt wolkenlos", "rain", "rain"),
        ("the sound of the sea, nothing in the picture should move", "waves", "water"),
        ("the pattering of rain, but keep the street dry", "rain", "rain"),
        ("das Meer soll man bloß hören, nicht sehen", "waves", "water"),
        ("el chisporroteo de la leña, solo audio", "fire", "fire"),
    ],
)
def test_what_is_only_heard_is_not_shown(
    prompt: str, layer: str, unseen: str, text: TextModels
) -> None:
    plan = plan_from_prompt(prompt, None, text=text)
    assert layer in plan.soundscape
    assert unseen not in {e.name for e in plan.effects}


@pytest.mark.parametrize(
    "prompt",
    ["animate the water but keep the sky still", "das Wasser bewegen, Himmel soll stillstehen"],
)
def test_what_should_stay_still_is_ruled_out(prompt: str, text: TextModels) -> None:
    names = effect_names(prompt, text)
    assert "water" in names and "clouds" not in names


def test_only_a_sound_adds_nothing_to_the_picture(text: TextModels) -> None:
    from tests.plan.test_prompts import SCENES

    scene = next(iter(SCENES.values()))
    plan = plan_from_prompt("nur Meeresrauschen, sonst nichts", scene, text=text)
    assert plan.soundscape == ["waves"]
    assert {e.name for e in plan.effects} <= {"zoom_in", "pan", "parallax"}


@pytest.mark.parametrize(
    ("prompt", "wanted", "unwanted"),
    [
        ("pétalos cayendo", "petals", "snow"),
        ("fogata de noche con grillos", "fire", ""),
        ("make him dance the tango", "", "blink"),
        ("add a dragon flying over the city", "", "wind"),
    ],
)
def test_words_beside_an_effect_describe_it(
    prompt: str, wanted: str, unwanted: str, text: TextModels
) -> None:
    names = effect_names(prompt, text)
    assert not wanted or wanted in names
    assert not unwanted or unwanted not in names


@pytest.mark.parametrize(
    ("prompt", "wanted", "layer"),
    [
        ("un feu de camp qui crépite", "fire", "fire"),
        ("tonnerre au loin", "", "thunder"),
        ("blossoms raining down from the tree", "petals", ""),
        ("kein Glitzer, kein Kitsch, einfach nur Schnee", "snow", ""),
        ("la nebbia non la voglio, mi basta che nevichi", "snow", ""),
    ],
)
def test_seen_heard_and_ruled_out(prompt: str, wanted: str, layer: str, text: TextModels) -> None:
    plan = plan_from_prompt(prompt, None, text=text)
    names = {e.name for e in plan.effects}
    assert not wanted or wanted in names
    assert not layer or layer in plan.soundscape
    assert "rain" not in names and "sparkle" not in names and "fog" not in names
    assert "lightning" not in names


@pytest.mark.parametrize(
    ("prompt", "wanted"),
    [
        ("die Ostsee soll sich bewegen", "water"),
        ("Bergsee im Morgennebel", "fog"),
        ("que la cámara suba desde el suelo hasta el cielo", "pan"),
        ("la telecamera sale dal mare fino al faro", "pan"),
    ],
)
def test_compounds_and_camera_phrases(prompt: str, wanted: str, text: TextModels) -> None:
    assert wanted in effect_names(prompt, text)


def test_an_english_word_is_not_a_german_compound(text: TextModels) -> None:
    assert "water" not in read("oversee the work", text.words).effects


@pytest.mark.parametrize(
    ("prompt", "wanted", "layer"),
    [
        ("des Plätschern vom Bacherl möcht i hören", "", "lake"),
        ("hey siri no wait um make it snow on the cabin", "snow", ""),
        ("mach ne Bleistiftzeichnung draus", "sketch", ""),
        ("la tovaglia stesa che sventola", "wind", ""),
        ("plonge tout dans le noir sauf la lune", "night", ""),
    ],
)
def test_everyday_phrasings(prompt: str, wanted: str, layer: str, text: TextModels) -> None:
    plan = plan_from_prompt(prompt, None, text=text)
    assert not wanted or wanted in {e.name for e in plan.effects}
    assert not layer or layer in plan.soundscape


@pytest.mark.parametrize(
    ("prompt", "wanted", "unwanted"),
    [
        ("make my grandma smile, she never smiled in photos", "smile", ""),
        ("my toddler in her snow white costume, make her giggle", "smile", "snow"),
        ("Konfetti regnen lassen und alle lachen", "petals", "rain"),
        ("golden hour but skip the sparkles", "sunset", "sparkle"),
        ("heast, ka Glitzer, gar nix davon", "", "sparkle"),
        ("tipo pubblicità anni 80", "vintage", ""),
        # words that are effects in another language only
        ("il faut lui donner un air joyeux", "", "lightning"),
        ("pan con tomate en la mesa, zoom lento", "zoom_in", "pan"),
        # opposites, and colours of a thing
        ("en couleurs s'il vous plaît, pas de filtre", "", "black_white"),
        ("our black and white dog on the sofa, make him blink", "blink", "black_white"),
        ("black and white film look", "black_white", ""),
        # figures: eyes that close and open, boats that rock
        ("let grandpa close his eyes and open them", "blink", "zoom_in"),
        ("les bateaux qui se balancent dans le port", "water", ""),
        # "still" as "yet"; the camera's target; a refinement after "but"
        ("the soup still steaming", "steam", ""),
        ("zoom in on her smile", "zoom_in", "smile"),
        ("la notte, ma senza stelle", "night", ""),
        ("thunder far off but no lightning", "", "lightning"),
        ("the sheets on the line flapping", "wind", ""),
        ("a dolly glide along the harbour wall", "pan", ""),
        ("el cielo se ilumina de repente", "lightning", ""),
        ("noir et blanc très contrasté", "black_white", ""),
        ("a starry sky over the tent", "sparkle", ""),
        ("ripples on the pond", "water", ""),
        ("ned zoomen bitte", "", "zoom_in"),
        ("fais neiger, mets le son du vent", "snow", ""),
    ],
)
def test_more_everyday_phrasings(prompt: str, wanted: str, unwanted: str, text: TextModels) -> None:
    names = effect_names(prompt, text)
    assert not wanted or wanted in names
    assert not unwanted or unwanted not in names


def test_keeping_the_image_as_it_is_makes_the_wish_sound_only(text: TextModels) -> None:
    plan = plan_from_prompt(
        "grandpa's fireplace pic, just the crackle, keep the image exactly as it is",
        None,
        text=text,
    )
    assert "fire" in plan.soundscape and "fire" not in {e.name for e in plan.effects}


@pytest.mark.parametrize(
    ("prompt", "layer", "not_layer"),
    [
        ("crickets chirping", "crickets", "birds"),
        ("le chant des cigales", "crickets", ""),
        ("gaviotas en la playa", "birds", ""),
        ("il bollitore che fischia", "steam", ""),
        ("Möwengeschrei am Hafen", "birds", ""),
        ("le murmure d'un bistrot", "cafe", ""),
    ],
)
def test_things_only_heard_name_their_sound(
    prompt: str, layer: str, not_layer: str, text: TextModels
) -> None:
    plan = plan_from_prompt(prompt, None, text=text)
    assert layer in plan.soundscape
    assert not not_layer or not_layer not in plan.soundscape


@pytest.mark.parametrize(
    ("prompt", "seen"),
    [("lightning far away over the lake", "lightning"), ("des éclairs au loin", "lightning")],
)
def test_a_sight_far_off_is_still_seen(prompt: str, seen: str, text: TextModels) -> None:
    assert seen in effect_names(prompt, text)


@pytest.mark.parametrize(
    ("prompt", "unwanted"),
    [("anything but rain", "rain"), ("tout sauf la neige", "snow"), ("todo menos niebla", "fog")],
)
def test_anything_but_rules_out(prompt: str, unwanted: str, text: TextModels) -> None:
    assert unwanted not in effect_names(prompt, text)


@pytest.mark.parametrize(
    ("prompt", "wanted"),
    [
        ("transforme notre photo en anime", "cartoon"),
        ("make it anime", "cartoon"),
        ("mein taxi als manga-zeichnung bitte", "cartoon"),
        ("muévete de izquierda a derecha por la cordillera", "pan"),
        ("just the camera slowly moving sideways", "pan"),
    ],
)
def test_styles_and_moves_by_their_everyday_names(
    prompt: str, wanted: str, text: TextModels
) -> None:
    assert wanted in effect_names(prompt, text)


@pytest.mark.parametrize("prompt", ["anime la photo", "ponle manga larga a la camisa"])
def test_anime_and_manga_as_everyday_words_are_no_style(prompt: str, text: TextModels) -> None:
    assert "cartoon" not in effect_names(prompt, text)


def test_a_spanish_verb_with_its_pronoun_is_no_typo(text: TextModels) -> None:
    plan = plan_from_prompt("hazle un zoom para atrás", None, text=text)
    assert {e.name for e in plan.effects} == {"zoom_out"}  # not 'haze' (fog)


def test_water_named_as_the_sea_sounds_like_waves(text: TextModels) -> None:
    assert "waves" in plan_from_prompt("make the waves move", None, text=text).soundscape
    assert "waves" not in plan_from_prompt("make the river flow", None, text=text).soundscape


@pytest.mark.parametrize(
    ("prompt", "wanted"),
    [
        ("lo sposo con una risata vera, non quel sorriso finto", "smile"),
        ("a tiny smile and a slow blink, NOT a big cheesy grin", "smile"),
    ],
)
def test_a_fake_or_big_one_ruled_out_keeps_the_effect(
    prompt: str, wanted: str, text: TextModels
) -> None:
    assert wanted in effect_names(prompt, text)


@pytest.mark.parametrize(
    ("prompt", "wanted"),
    [
        ("le mistral qui décoiffe son voile", "wind"),
        ("che la tramontana spazzi tutto", "wind"),
        ("que caiga garúa como en lima", "rain"),
        ("noir et blanc façon photo de mariage des années 50", "vintage"),
        ("façon ligne claire à la hergé", "cartoon"),
    ],
)
def test_regional_and_period_words(prompt: str, wanted: str, text: TextModels) -> None:
    assert wanted in effect_names(prompt, text)


def test_a_slow_word_is_a_speed_not_a_move(text: TextModels) -> None:
    plan = plan_from_prompt("che sbatte gli occhi una volta, lentamente", None, text=text)
    assert {e.name for e in plan.effects} == {"blink"}


@pytest.mark.parametrize(
    ("prompt", "wanted"),
    [
        ("sie soll lachen, nicht nur lächeln", "smile"),
        ("que el cielo se ponga como boca de lobo", "night"),
        ("que parezca una peli muda de Chaplin", "vintage"),
        ("give his fur that magic hour glow", "sunset"),
        ("kamera zoomt auf die felgen", "zoom_in"),
    ],
)
def test_everyday_ways_of_asking(prompt: str, wanted: str, text: TextModels) -> None:
    assert wanted in effect_names(prompt, text)
