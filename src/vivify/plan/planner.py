"""From a prompt and a scene to a `Plan`: which effects, why, and which words were not understood.

The prompt may be in English, German, French, Spanish or Italian (see `reading`). Every effect the
plan picks records the words that chose it; every other content word is listed as unmatched, so
the user sees how the prompt was understood. Negated effects stay out, "just" keeps the plan to
what was named, contradictory pairs are resolved and said so, and effects the photo gives nothing
to work on are replaced by something sensible, with a note.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal, Protocol

import numpy as np
from numpy.typing import NDArray

from vivify import limits
from vivify.effects import registry
from vivify.errors import PlanError
from vivify.plan import lexicon
from vivify.plan.meaning import Catalogue, Match, read_spans, scores
from vivify.plan.reading import (
    CAMERA_MOVES,
    TOWARDS,
    Modifier,
    Reading,
    Span,
    WordCounts,
    normalise,
    read,
    stems,
)
from vivify.plan.schema import EffectSpec, Plan
from vivify.sound.ambience import LAYERS
from vivify.types import Scene

# What an effect needs from the photo, and what the plan does instead when it is missing.
NEEDS: dict[str, tuple[str, str]] = {
    "clouds": ("sky", "No sky was found, so 'clouds' is left out."),
    "water": ("water", "No water was found, so 'water' is left out."),
    "smile": ("faces", "No face was found, so 'smile' is left out."),
    "blink": ("eyes", "No face or eyes were found, so 'blink' is left out."),
}

_STYLES = ("cartoon", "sketch", "watercolor", "oil_paint")
_KIND = {
    **{name: "camera" for name in ("zoom_in", "zoom_out", "pan", "parallax")},
    **{name: "style" for name in (*_STYLES, "vintage", "black_white")},
}
_STYLE_PARAMS = ("strength",)
# The parameter each kind of modifier changes, per effect.
INTENSITY_PARAM = {
    "wind": "strength",
    "water": "strength",
    "lightning": "strength",
    "sunset": "strength",
    "night": "darkness",
    "fire": "flicker",
    "fog": "density",
    "clouds": "cover",
    "rain": "amount",
    "snow": "amount",
    "petals": "amount",
    "sparkle": "amount",
    "steam": "amount",
    "zoom_in": "amount",
    "zoom_out": "amount",
    "pan": "amount",
    "parallax": "amount",
    "smile": "amount",
    "cartoon": "strength",
    "sketch": "strength",
    "watercolor": "strength",
    "oil_paint": "strength",
    "vintage": "strength",
    "black_white": "strength",
}
SPEED_PARAM = {
    "clouds": "speed",
    "fog": "speed",
    "rain": "speed",
    "snow": "speed",
    "petals": "speed",
    "sparkle": "speed",
    "steam": "speed",
    "wind": "strength",
    "zoom_in": "amount",
    "zoom_out": "amount",
    "pan": "amount",
    "parallax": "amount",
}
DIRECTION_PARAM = {
    "wind": "direction",
    "clouds": "direction",
    "fog": "direction",
    "pan": "direction",
    "snow": "drift",
    "petals": "drift",
    "rain": "angle",
}


@dataclass(frozen=True)
class PlanOptions:
    duration: float = 5.0
    width: int = 720
    height: int = 1280
    fps: int = 30
    seed: int = 0
    loop: bool = False
    animate_faces: bool = True  # False: no smile or blink unless asked (the people's consent)
    framing: Literal["auto", "fill", "bands"] = "auto"


class Understanding(Protocol):
    """What reads words beyond the lists (see `vivify.text.TextModels`)."""

    @property
    def encoder(self) -> Callable[[Sequence[str]], NDArray[np.float32]]: ...
    @property
    def words(self) -> WordCounts: ...
    @property
    def catalogue(self) -> Catalogue: ...


# The sound an effect word makes when it is asked to be heard and its span matched nothing.
EFFECT_SOUND = {
    "rain": "rain",
    "lightning": "thunder",
    "wind": "wind",
    "water": "lake",
    "fire": "fire",
    "steam": "steam",
    "sparkle": "magic",
    "night": "crickets",
}


def plan_from_prompt(
    prompt: str,
    scene: Scene | None,
    options: PlanOptions | None = None,
    text: Understanding | None = None,
) -> Plan:
    """Read the prompt, settle conflicts, fit the result to the scene, and set parameters.
    With `text`, typos are repaired only where the word is not a word of its own, and words
    the lists do not place are read by meaning (effects, camera moves, styles, sounds)."""
    if len(prompt) > limits.MAX_PROMPT:
        raise PlanError(
            f"The prompt is too long ({len(prompt)} characters; at most {limits.MAX_PROMPT})."
        )
    options = options or PlanOptions()
    reading = read(prompt, text.words if text is not None else None)
    notes: list[str] = [f"Read '{typed}' as '{meant}'." for typed, meant in reading.typos]
    heard: dict[str, list[str]] = {}
    if text is not None:
        _by_meaning(reading, text, heard, notes)
    else:
        _heard_by_words(reading, heard)
    if reading.thunder and "lightning" not in reading.effects:
        heard.setdefault("thunder", []).extend(reading.thunder)  # heard, not seen
    for layer, words in reading.sounds.items():  # "crackling", "plätschern": the sound itself
        if layer not in heard:
            heard[layer] = list(words)
    chosen = {name: list(words) for name, words in reading.effects.items() if name in registry()}
    for name, words in reading.negated.items():
        notes.append(f"'{' '.join(words)}' keeps {name} out of the clip.")
    _settle_conflicts(chosen, reading, notes)
    exclusive = bool(reading.exclusive)
    if (
        "wind" in chosen
        and "clouds" not in chosen
        and "clouds" not in reading.negated
        and not exclusive
        and not _aimed(reading, prompt)
        and scene is not None
        and _has(scene, "sky")
    ):
        # The same wind that moves the trees moves the clouds, unless the wind was aimed at
        # something ("a breeze in her hair"): then the sky is not what was asked about.
        chosen["clouds"] = list(chosen["wind"])
        notes.append("The wind also moves the clouds, because the photo shows sky.")
    sound_only = not chosen and ((heard and exclusive) or bool(reading.audio_only))
    if sound_only:
        # "just the sound of the sea": nothing is added to the picture; the camera drifts so
        # the clip is not frozen, unless it is held too
        move = _camera_fallback(reading)
        chosen = {move: []} if move else {}
        notes.append(
            "Only sound was asked for, so nothing is added to the picture: "
            + (f"the camera moves ({move}) so the clip is still alive." if move else "")
            + ("" if move else "the camera is held too, so the clip is the photo with sound.")
        )
    if not chosen and not sound_only:
        chosen = _from_scene(scene, reading, notes, options.animate_faces)
    chosen = _fit_to_scene(chosen, scene, reading, notes)
    _within_state(chosen, scene, notes)
    _not_only_tiny_faces(chosen, scene, reading, notes)
    _with_the_head(chosen, scene, reading, notes)
    specs = [
        EffectSpec(name=name, params=_params(name, reading), because=_because(name, words, reading))
        for name, words in sorted(chosen.items(), key=lambda kv: (_rank(kv[0]), kv[0]))
    ]
    _on_the_coat(specs, prompt, scene, notes)
    notes.extend(_only_heard(scene, specs))
    return Plan(
        prompt=prompt,
        effects=specs,
        soundscape=_soundscape(
            specs, scene, heard, exclusive or bool(reading.audio_only), _at_sea(chosen)
        ),
        heard=heard,
        duration=options.duration,
        width=options.width,
        height=options.height,
        fps=options.fps,
        seed=options.seed,
        loop=options.loop,
        framing=options.framing,
        unmatched=reading.unmatched,
        excluded=[
            EffectSpec(name=name, because=words)
            for name, words in reading.negated.items()
            if name in registry()
        ],
        notes=notes,
    )


def _by_meaning(
    reading: Reading, text: Understanding, heard: dict[str, list[str]], notes: list[str]
) -> None:
    """Read the spans the lists left by meaning: effects, camera moves and styles join the
    reading (or its negations), sounds join `heard`; what matches nothing stays unmatched."""
    wanted = [s.content if s.heard else s.text for s in reading.spans]
    wanted += [w for s in reading.spans if len(s.unmatched) > 1 for w in s.unmatched]
    if wanted:
        text.encoder([w for w in dict.fromkeys(wanted) if w])  # one batch; later reads are cached
    for span in reading.spans:
        match = _heard_match(span, text) if span.heard else _span_match(span, text)
        if match is None:
            continue
        used = set(span.unmatched)
        reading.unmatched = [w for w in reading.unmatched if w not in used]
        if span.target and match.kind == "effect":
            # "zoom a los ojos de mi perro": where the camera goes, not what to animate
            notes.append(f"Read '{span.text}' as where {span.target} goes.")
            continue
        named = _described(span, match, text)
        if named:
            # "un paneo de cámara", "thick brushstrokes like van gogh", "pétalos cayendo": the
            # words describe the move, the style or the effect already named, not a second one
            notes.append(f"Read '{span.text}' as describing {named}.")
            continue
        if reading.audio_only and match.kind == "effect" and match.name in EFFECT_SOUND:
            # "el crujir de la leña, solo audio": what the words mean is heard, not shown
            match = dataclasses.replace(match, name=EFFECT_SOUND[match.name], kind="sound")
        by_words = match.kind == "sound" and match.similarity >= 1.0
        notes.append(f"'{span.text}' asks to hear {match.name}." if by_words else match.note())
        if match.kind == "sound":
            if span.negated:
                notes.append(f"'{span.text}' keeps the sound of {match.name} out.")
            else:
                heard.setdefault(match.name, []).append(span.text)
        elif span.negated:
            reading.negated.setdefault(match.name, []).append(span.text)
            reading.effects.pop(match.name, None)
        elif match.name not in reading.negated:
            reading.effects.setdefault(match.name, []).append(span.text)


DESCRIBES = 0.08  # a named effect this close to the span's best match is what it describes
TOUCHING = 0.12  # the same for a single word right next to the named effect


def _described(span: Span, match: Match, text: Understanding) -> str | None:
    """The effect named beside the span that the span only describes: a camera move or style
    of the same kind; for an effect, one about as close in meaning as the span's best match
    (closer still for a single word right next to it: "pétalos cayendo")."""
    for name in span.near:
        if match.kind in ("camera", "style") and _KIND.get(name) == match.kind:
            return name
    if match.kind != "effect" or not span.near:
        return None
    scored = scores(text.encoder([span.text]), text.catalogue, ("effect",))[0]
    for name in span.near:
        # a single word right next to the effect ("pétalos cayendo") is given more room
        room = TOUCHING if len(span.unmatched) == 1 and name in span.touching else DESCRIBES
        if name != match.name and scored.get(name, ("", -1.0))[1] >= match.similarity - room:
            return name
    return None


def _span_match(span: Span, text: Understanding) -> Match | None:
    """The span's meaning; failing that, the clearest meaning of one of its unknown words
    ("mamie qui rigole": 'rigole')."""
    (whole,) = read_spans([span.text], text.encoder, text.catalogue, beside=span.beside)
    if whole is not None or len(span.unmatched) < 2:
        return whole
    # one word out of its span is weaker evidence: asked to be as close as a word beside an
    # effect, and pronouns and other short words never count
    said = span.text.split()
    free = [  # "gros plan sur les yeux": what the camera goes to is not read alone
        w
        for k, w in enumerate(said)
        if not any(normalise(x) in TOWARDS for x in said[max(0, k - 2) : k])
    ]
    long = [w for w in span.unmatched if len(w) > 3 and w in free]
    words = read_spans(long, text.encoder, text.catalogue, beside=True)
    found = [m for m in words if m]
    return max(found, key=lambda m: m.similarity - m.beaten, default=None)


def _heard_match(span: Span, text: Understanding) -> Match | None:
    """What a heard span asks to hear: the sound of the effect words in it ('sonido de olas':
    the sea), or else the sound layer its words mean ('bruits de café': a cafe), or the sound
    of the effect they mean ('sonido de fogata': fire)."""
    named = [e for e in span.effects if e in EFFECT_SOUND]
    if named:
        layer, similarity = EFFECT_SOUND[named[0]], 1.0
    elif not span.content:
        return None
    else:
        (sound,) = read_spans([span.content], text.encoder, text.catalogue, ("sound",))
        if sound is not None:
            return dataclasses.replace(sound, span=span.text)
        (match,) = read_spans([span.content], text.encoder, text.catalogue)
        if match is None or match.name not in EFFECT_SOUND:
            return None
        layer, similarity = EFFECT_SOUND[match.name], match.similarity
    said = _words_of(f"{span.text} {span.content}")
    if layer == "lake" and _sea_words() & {s for w in said for s in stems(w)}:
        layer = "waves"  # the sea, not a lake or a stream
    return Match(span.text, layer, "sound", round(similarity, 3), 0.0)


def _words_of(text: str) -> list[str]:
    return re.findall(r"\w+", normalise(text))


@cache
def _sea_words() -> frozenset[str]:
    return _stems_of(lexicon.SEA)


def _heard_by_words(reading: Reading, heard: dict[str, list[str]]) -> None:
    """Without the encoder: a sound word with effect words near it hears those effects."""
    for span in reading.spans:
        if span.heard and not span.negated:
            _hear_effects(span, heard)


def _hear_effects(span: Span, heard: dict[str, list[str]]) -> None:
    for effect in span.effects:
        layer = EFFECT_SOUND.get(effect)
        if layer:
            heard.setdefault(layer, []).append(span.text)


def _soundscape(
    specs: list[EffectSpec],
    scene: Scene | None,
    heard: dict[str, list[str]],
    exclusive: bool,
    sea: bool = False,
) -> list[str]:
    """The layers asked for by name first, then those that fit the effects and the scene (none
    of those after "just the sound of ..."). Water named by a word for the sea ("waves", "das
    Meer") sounds like waves whatever the photo."""
    asked = [layer for layer in heard if layer in LAYERS]
    if asked and exclusive:
        return asked
    fitting = soundscape_for([s.name for s in specs], scene, quiet=not _LOUD.isdisjoint(asked))
    if sea and "lake" in fitting and "lake" not in asked:
        fitting[fitting.index("lake")] = "waves"
    return list(dict.fromkeys([*asked, *fitting]))


def _at_sea(chosen: dict[str, list[str]]) -> bool:
    """The water effect was asked for with a word for the sea."""
    return any(
        _sea_words() & stems(word) for said in chosen.get("water", []) for word in _words_of(said)
    )


# Heard layers that the daytime bed (birds, outdoor) would clash with.
_LOUD = frozenset({"rain", "thunder", "fire", "cafe", "crickets", "steam"})


def _rank(effect: str) -> int:
    """Effects are listed in the order the engine applies them."""
    return registry()[effect].order


def _settle_conflicts(chosen: dict[str, list[str]], reading: Reading, notes: list[str]) -> None:
    order = list(chosen)
    if "rain" in chosen and "snow" in chosen and not reading.mixed_precipitation:
        drop = "snow" if order.index("rain") < order.index("snow") else "rain"
        keep = "rain" if drop == "snow" else "snow"
        chosen.pop(drop)
        notes.append(
            f"Rain and snow together need a reason (say 'sleet'); kept {keep}, named first."
        )
    if "zoom_in" in chosen and "zoom_out" in chosen:
        drop = "zoom_out" if order.index("zoom_in") < order.index("zoom_out") else "zoom_in"
        chosen.pop(drop)
        notes.append(f"A camera can't zoom in and out at once; left out {drop}, named second.")
    styles = [name for name in order if name in _STYLES and name in chosen]
    for extra in styles[1:]:
        chosen.pop(extra)
        notes.append(f"One painting style at a time: kept {styles[0]}, left out {extra}.")
    if "sunset" in chosen and "night" in chosen:
        notes.append("Sunset and night together: the light turns golden, then to night.")


@cache
def _stems_of(vocabulary: str) -> frozenset[str]:
    """The stems of every word of a lexicon vocabulary (FUR, HAIR)."""
    return frozenset(stem for w in lexicon.words(vocabulary) for stem in stems(normalise(w)))


def _aimed(reading: Reading, prompt: str) -> bool:
    """Whether the prompt names a place for its effects ("in the palm tree", "the pony's
    mane"), beyond the weather and the time of day."""
    # "with dancing penguins": something added, not a place
    companions = {w for pair in _COMPANION.findall(normalise(prompt)) for w in pair if w}
    return bool(_coat_words(prompt)) or any(
        normalise(w) not in _not_a_place() and normalise(w) not in companions
        for w in reading.unmatched
    )


# Words brought in with "with" (mit, avec, con, col) are something added, not where the effect
# acts: the two words after the preposition and any article.
_COMPANION = re.compile(
    r"\b(?:with|mit|avec|con|col|coi|colla|con la|con el)\s+"
    r"(?:(?:the|a|an|some|der|die|das|den|dem|einem|einer|einen|le|la|les|des|un|une|du|el|los|"
    r"las|unos|unas|il|lo|i|gli|uno|una)\s+)?(\w+)(?:\s+(\w+))?"
)


def _coat_words(prompt: str, vocabulary: frozenset[str] | None = None) -> list[str]:
    """The words of the prompt that name an animal's coat (fur, wool, feathers, mane)."""
    vocabulary = _stems_of(lexicon.FUR) if vocabulary is None else vocabulary
    return [w for w in _words_of(prompt) if stems(w) & vocabulary]


@cache
def _not_a_place() -> frozenset[str]:
    return frozenset(lexicon.words(lexicon.NOT_A_PLACE))


def _on_the_coat(
    specs: list[EffectSpec], prompt: str, scene: Scene | None, notes: list[str]
) -> None:
    """Wind asked for in an animal's fur, wool or feathers (or its hair, where no person is
    seen) ruffles the main subject's coat, not the plants around it."""
    wind = next((s for s in specs if s.name == "wind"), None)
    if wind is None or scene is None or not _has(scene, "subject"):
        return
    named = _coat_words(prompt)
    if not named and not scene.faces and not _has(scene, "person"):
        named = _coat_words(prompt, _stems_of(lexicon.HAIR))  # no person: the hair is the animal's
    if not named:
        return
    wind.params["fur"] = 1.0
    wind.because.extend(w for w in named if w not in wind.because)
    notes.append(f"'{named[0]}': the wind ruffles the main subject's coat, not the plants.")


def _params(name: str, reading: Reading) -> dict[str, float | int | bool | str]:
    """Parameters set by intensity, speed and direction words (only those that change)."""
    docs = registry()[name].parameter_docs()
    params: dict[str, float | int | bool | str] = {}
    for mod in reading.modifiers.get(name, []) + reading.modifiers.get("*", []):
        param = _param_for(name, mod)
        if param is None or param not in docs:
            continue
        doc = docs[param]
        base = float(params.get(param, doc["default"]))
        if mod.kind == "direction":
            value = mod.value * (abs(float(doc["default"])) or 1.0)
        elif param == "morph":  # styles: slow means a longer morph
            value = base / mod.value
        else:
            value = base * mod.value
        params[param] = round(min(max(value, doc["min"]), doc["max"]), 3)
    return params


def _param_for(name: str, mod: Modifier) -> str | None:
    if mod.kind == "intensity":
        return INTENSITY_PARAM.get(name)
    if mod.kind == "speed":
        return SPEED_PARAM.get(name) or ("morph" if name in _STYLES else None)
    return DIRECTION_PARAM.get(name)


def _because(name: str, words: list[str], reading: Reading) -> list[str]:
    """The words that chose the effect, then those that shaped it (plan-wide ones included
    when they change one of its parameters)."""
    shaped = [w for m in reading.modifiers.get(name, []) for w in m.words]
    shaped += [w for m in reading.modifiers.get("*", []) if _param_for(name, m) for w in m.words]
    return list(dict.fromkeys([*words, *shaped]))


def _has(scene: Scene, feature: str) -> bool:
    if feature == "faces":
        return bool(scene.faces)
    if feature == "eyes":  # a person's, or an animal's
        return bool(scene.faces or scene.animal_eyes)
    return scene.coverage(feature) >= 0.01


def _from_scene(
    scene: Scene | None, reading: Reading, notes: list[str], animate_faces: bool = True
) -> dict[str, list[str]]:
    """No effect named: animate what the photo has (vague words like 'alive' explain why)."""
    why = list(reading.vague)
    chosen: dict[str, list[str]] = {}
    if scene is not None:
        if _has(scene, "sky"):
            chosen["clouds"] = list(why)
        if _has(scene, "water"):
            chosen["water"] = list(why)
        if _has(scene, "vegetation") or _has(scene, "hair"):
            chosen["wind"] = list(why)
        if scene.light == "night":
            chosen["night"] = list(why)  # a night photo: its stars wheel and twinkle
        elif scene.light == "dusk" and _has(scene, "sky"):
            chosen["sunset"] = list(why)  # a sunset photo: the sky drifts, the sun glows
        if scene.faces and animate_faces:
            chosen["smile"] = list(why)
            chosen["blink"] = list(why)
        elif scene.faces:
            notes.append(
                "The photo shows people: they are animated (smile, blink) only once "
                "you confirm that you may animate them."
            )
    chosen = {n: w for n, w in chosen.items() if n in registry() and n not in reading.negated}
    subject = scene is not None and _has(scene, "subject")
    if not chosen and subject and "wind" not in reading.negated:
        chosen["wind"] = list(why)  # the main subject sways gently
    if not chosen and _camera_fallback(reading):
        chosen[_camera_fallback(reading)] = list(why)
    if not chosen:
        notes.append(
            "The camera is held still and nothing in the photo was found to move, so the clip "
            "is the photo as it is, with sound."
        )
        return chosen
    notes.append(
        "Nothing in the prompt named an effect, so the plan animates what the photo shows: "
        + ", ".join(chosen)
        + "."
    )
    return chosen


def _fit_to_scene(
    chosen: dict[str, list[str]], scene: Scene | None, reading: Reading, notes: list[str]
) -> dict[str, list[str]]:
    """Leave out effects the photo gives nothing to work on; never leave the clip frozen."""
    if scene is None:
        return chosen
    kept = {}
    for name, words in chosen.items():
        need = NEEDS.get(name)
        if need and not _has(scene, need[0]):
            notes.append(need[1])
            continue
        kept[name] = words
    fallback = _camera_fallback(reading)
    if not kept and fallback:
        kept[fallback] = []
        notes.append(f"Instead, the camera moves ({fallback}) so the clip is still alive.")
    return kept


def _camera_fallback(reading: Reading) -> str:
    """The camera move that keeps a clip alive: a slow zoom in, or a pan after "no zoom";
    none ('') when every move is ruled out ("keine Kamerabewegung")."""
    zoom_ruled_out = {"zoom_in", "zoom_out"} & set(reading.negated)
    if set(CAMERA_MOVES) <= set(reading.negated):
        return ""
    return next(
        (
            m
            for m in ("zoom_in", "pan", "parallax")
            if m not in reading.negated and not (zoom_ruled_out and m.startswith("zoom"))
        ),
        "zoom_in",
    )


_FACE_EFFECTS = frozenset({"smile", "blink"})


def _with_the_head(
    chosen: dict[str, list[str]], scene: Scene | None, reading: Reading, notes: list[str]
) -> None:
    """A person who smiles or blinks moves their head a little too: a face with only its
    mouth or eyelids moving looks pasted on."""
    if scene is None or not scene.faces or not _FACE_EFFECTS & set(chosen):
        return
    if "head" in chosen or "head" in reading.negated or reading.exclusive:
        return
    chosen["head"] = [w for name in sorted(_FACE_EFFECTS & set(chosen)) for w in chosen[name]]
    notes.append("The head moves a little too (head), as a person's does when they smile or blink.")


SMALL_FACE = 0.12  # a face less tall than this share of the photo barely shows a smile


def _not_only_tiny_faces(
    chosen: dict[str, list[str]], scene: Scene | None, reading: Reading, notes: list[str]
) -> None:
    """A smile on faces too small to see it would leave the clip frozen: something the photo
    shows moves as well (the sky, the plants, the subject, or else the camera)."""
    if scene is None or not chosen or not set(chosen) <= _FACE_EFFECTS or not scene.faces:
        return
    if max(face.box[3] for face in scene.faces) >= SMALL_FACE * scene.size[1]:
        return
    if _has(scene, "sky") and "clouds" not in reading.negated:
        extra = "clouds"
    elif any(_has(scene, m) for m in ("vegetation", "hair", "subject")) and (
        "wind" not in reading.negated
    ):
        extra = "wind"
    else:
        extra = _camera_fallback(reading)
    if not extra:
        return
    chosen[extra] = []
    notes.append(
        f"The faces are small, so a smile or a blink alone would hardly show: {extra} keeps "
        "the clip alive."
    )


def _within_state(chosen: dict[str, list[str]], scene: Scene | None, notes: list[str]) -> None:
    """An effect that sets a state the photo already shows animates within that state."""
    if scene is None:
        return
    if "night" in chosen and scene.light == "night":
        notes.append(
            "The photo already shows night, so it is not darkened again: "
            "the night sky turns slowly and its stars twinkle."
        )
        if "sparkle" in chosen:
            chosen.pop("sparkle")
            notes.append("The twinkling is the stars' own, so no glitter is added.")
    if "sunset" in chosen and scene.light == "dusk":
        notes.append(
            "The photo already shows a sunset, so its colours are kept: "
            "the sky drifts and the sun glows."
        )


def _only_heard(scene: Scene | None, specs: list[EffectSpec]) -> list[str]:
    if scene is None:
        return []
    out = []
    for spec in specs:
        movable = ("vegetation", "hair", "subject")
        if spec.name == "wind" and not any(_has(scene, m) for m in movable):
            out.append(
                "Nothing that can sway (plants, hair, a subject) was found, "
                "so 'wind' is only heard."
            )
        elif spec.name == "wind" and not (_has(scene, "vegetation") or _has(scene, "hair")):
            out.append("No plants or hair were found, so the wind sways the main subject.")
    return out


def soundscape_for(effects: list[str], scene: Scene | None, quiet: bool = False) -> list[str]:
    """The sound layers that fit the effects and the scene. The daytime bed (`outdoor`, with
    birds) is left out at night, indoors by a fire or in a cafe, under rain or snow, and when
    `quiet` (a louder sound was asked for)."""
    names = set(effects)
    layers: list[str] = []

    def add(*candidates: str) -> None:
        for layer in candidates:
            if layer in LAYERS and layer not in layers:
                layers.append(layer)

    if "wind" in names:
        add("wind")
    if "rain" in names or "lightning" in names:
        add("rain")
    if "lightning" in names:
        add("thunder")
    if "water" in names:
        open_water = scene is not None and scene.horizon is not None
        big = scene is not None and scene.coverage("water") > 0.15
        add("waves" if open_water and big else "lake")
    if "fire" in names:
        add("fire")
    if "steam" in names:
        add("cafe", "steam")
    if "sparkle" in names:
        add("magic")
    if "night" in names:
        add("crickets")
    quiet_day = not quiet and not names & {"night", "rain", "lightning", "snow", "fire", "steam"}
    if quiet_day:
        add("birds", "outdoor")
    if not layers:
        add("outdoor")
    return layers
