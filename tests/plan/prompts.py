"""The prompt-understanding acceptance table, written from the planner's specification.

Each case names a prompt, its language, what it tests (`category`), the synthetic scene it is
planned against, the effects that must and must not appear, and parameter expectations:

* ``"<"`` / ``">"``: the parameter is below / above the effect's default,
* ``"-1"`` / ``"+1"``: the parameter equals -1 / +1 (directions).

``neg`` lists effects the prompt negates (they are also in ``must_not``); ``only`` marks an
exclusive prompt ("just wind"): nothing but ``must`` may appear; ``note`` asks for a planner note
(an effect left out because the photo lacks what it needs, or a plan chosen from the scene).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

EFFECTS = frozenset(
    {
        "wind",
        "clouds",
        "water",
        "rain",
        "snow",
        "fog",
        "lightning",
        "sunset",
        "night",
        "sparkle",
        "fire",
        "steam",
        "petals",
        "smile",
        "blink",
        "zoom_in",
        "zoom_out",
        "pan",
        "parallax",
        "cartoon",
        "sketch",
        "watercolor",
        "oil_paint",
        "vintage",
        "black_white",
    }
)

LANGUAGES = ("en", "de", "fr", "es", "it")
SCENES = ("landscape", "portrait", "still_life")
CATEGORIES = (
    "single",
    "typo",
    "negation",
    "exclusive",
    "intensity",
    "speed",
    "direction",
    "combination",
    "vague",
    "scene",
)

# What a vague prompt should give on each scene (from the specification).
_VAGUE_MUST = {
    "landscape": "clouds water wind",
    "portrait": "smile blink",
    "still_life": "zoom_in",
}
_VAGUE_MUST_NOT = {
    "landscape": "zoom_in smile blink rain snow night lightning",
    "portrait": "clouds water rain snow night lightning",
    "still_life": "clouds water wind smile blink rain snow night",
}


@dataclass(frozen=True)
class Case:
    prompt: str
    lang: str  # en, de, fr, es, it, or "any" for language-neutral prompts ("", "   ")
    category: str
    scene: str
    must: frozenset[str]
    must_not: frozenset[str]
    params: Mapping[str, Mapping[str, str]]
    negated: frozenset[str]
    exclusive: bool
    note: bool

    @property
    def id(self) -> str:
        return f"{self.lang}-{self.category}-{self.prompt.strip() or repr(self.prompt)}"


def _names(text: str) -> frozenset[str]:
    names = frozenset(text.split())
    unknown = names - EFFECTS
    if unknown:
        raise ValueError(f"unknown effects in the table: {sorted(unknown)}")
    return names


def _case(
    prompt: str,
    lang: str,
    category: str,
    must: str = "",
    must_not: str = "",
    *,
    params: Mapping[str, Mapping[str, str]] | None = None,
    scene: str = "landscape",
    neg: str = "",
    only: bool = False,
    note: bool = False,
) -> Case:
    assert lang in (*LANGUAGES, "any"), lang
    assert category in CATEGORIES, category
    assert scene in SCENES, scene
    must_set = _names(must)
    negated = _names(neg)
    excluded = _names(must_not) | negated | (EFFECTS - must_set if only else frozenset())
    assert not (must_set & excluded), prompt
    for effect in params or {}:
        assert effect in must_set, f"{prompt}: params for {effect}, which is not in must"
    return Case(
        prompt=prompt,
        lang=lang,
        category=category,
        scene=scene,
        must=must_set,
        must_not=excluded,
        params=params or {},
        negated=negated,
        exclusive=only,
        note=note,
    )


def _vague(prompt: str, lang: str, scene: str) -> Case:
    return _case(prompt, lang, "vague", _VAGUE_MUST[scene], _VAGUE_MUST_NOT[scene], scene=scene)


P = "portrait"
S = "still_life"

_EN = [
    # single effects: inflections, plurals, synonyms
    _case("make it a windy day", "en", "single", "wind", "rain snow"),
    _case("a breeze through the trees", "en", "single", "wind", "rain snow"),
    _case("let it rain", "en", "single", "rain", "snow"),
    _case("rainy afternoon", "en", "single", "rain", "snow sunset"),
    _case("snowflakes falling", "en", "single", "snow", "rain"),
    _case("mist over the lake", "en", "single", "fog", "steam rain"),
    _case("thunder and lightning", "en", "single", "lightning", "fire sunset"),
    _case("a beautiful sunset", "en", "single", "sunset", "night fire"),
    _case("turn day into night", "en", "single", "night", "sunset"),
    _case("add some glitter", "en", "single", "sparkle", "snow"),
    _case("candles burning", "en", "single", "fire", "sunset"),
    _case("steam rising from a cup", "en", "single", "steam", "fog", scene=S),
    _case("smoke curling up", "en", "single", "steam", "fog"),
    _case("falling rose petals", "en", "single", "petals", "snow"),
    _case("autumn leaves", "en", "single", "petals", "snow"),
    _case("make her smile", "en", "single", "smile", "blink", scene=P),
    _case("make him blink", "en", "single", "blink", "smile", scene=P),
    _case("zoom in on the center", "en", "single", "zoom_in", "zoom_out", scene=S),
    _case("slow zoom out", "en", "single", "zoom_out", "zoom_in", scene=S),
    _case("pan across the scene", "en", "single", "pan", "zoom_in zoom_out"),
    _case("3D parallax effect", "en", "single", "parallax", "zoom_out"),
    _case("cartoon style", "en", "single", "cartoon", "sketch watercolor"),
    _case("a pencil sketch", "en", "single", "sketch", "cartoon"),
    _case("watercolour painting", "en", "single", "watercolor", "oil_paint"),
    _case("oil painting", "en", "single", "oil_paint", "watercolor"),
    _case("vintage film look", "en", "single", "vintage", "black_white"),
    _case("black and white", "en", "single", "black_white", "night"),
    _case("waves rolling in", "en", "single", "water", "rain"),
    _case("clouds drifting across the sky", "en", "single", "clouds", "wind rain"),
    # typos
    _case("windd", "en", "typo", "wind", "rain"),
    _case("thundr", "en", "typo", "lightning", "fire"),
    _case("snoww falling", "en", "typo", "snow", "rain"),
    _case("a beautiful sunsset", "en", "typo", "sunset", "night"),
    _case("watercolr style", "en", "typo", "watercolor", "oil_paint"),
    # negations
    _case("sunset, no rain", "en", "negation", "sunset", neg="rain"),
    _case("no rain", "en", "negation", neg="rain"),
    _case("windy but no clouds", "en", "negation", "wind", neg="clouds"),
    _case("snowy landscape without fog", "en", "negation", "snow", neg="fog"),
    _case("a candle but no smoke", "en", "negation", "fire", neg="steam", scene=S),
    # exclusive
    _case("just wind, nothing else", "en", "exclusive", "wind", only=True),
    _case("only rain and fog", "en", "exclusive", "rain fog", only=True),
    _case("just make her smile", "en", "exclusive", "smile", only=True, scene=P),
    # intensity
    _case("heavy rain", "en", "intensity", "rain", "snow", params={"rain": {"amount": ">"}}),
    _case("a gentle breeze", "en", "intensity", "wind", params={"wind": {"strength": "<"}}),
    _case("strong wind", "en", "intensity", "wind", params={"wind": {"strength": ">"}}),
    _case("slightly foggy", "en", "intensity", "fog", params={"fog": {"density": "<"}}),
    _case(
        "zoom in slightly",
        "en",
        "intensity",
        "zoom_in",
        "zoom_out",
        scene=S,
        params={"zoom_in": {"amount": "<"}},
    ),
    _case(
        "a slightly vintage look",
        "en",
        "intensity",
        "vintage",
        params={"vintage": {"strength": "<"}},
    ),
    # speed
    _case("snow falling slowly", "en", "speed", "snow", "rain", params={"snow": {"speed": "<"}}),
    _case("fast moving clouds", "en", "speed", "clouds", params={"clouds": {"speed": ">"}}),
    _case("petals drifting slowly", "en", "speed", "petals", params={"petals": {"speed": "<"}}),
    # direction
    _case(
        "wind blowing to the left",
        "en",
        "direction",
        "wind",
        params={"wind": {"direction": "-1"}},
    ),
    _case(
        "clouds moving to the right",
        "en",
        "direction",
        "clouds",
        params={"clouds": {"direction": "+1"}},
    ),
    _case(
        "fog drifting to the left", "en", "direction", "fog", params={"fog": {"direction": "-1"}}
    ),
    _case("pan to the left", "en", "direction", "pan", params={"pan": {"direction": "-1"}}),
    # combinations
    _case(
        "thunderstorm at night with heavy rain",
        "en",
        "combination",
        "lightning night rain",
        "snow sunset",
        params={"rain": {"amount": ">"}},
    ),
    _case("snowy night with candles", "en", "combination", "snow night fire", "rain sunset"),
    _case(
        "sunset over the sea with gentle waves",
        "en",
        "combination",
        "sunset water",
        "night",
        params={"water": {"strength": "<"}},
    ),
    _case("foggy forest with falling leaves", "en", "combination", "fog petals", "snow"),
    _case("watercolor painting of a rainy day", "en", "combination", "watercolor rain", "snow"),
    # vague
    _vague("animate this", "en", "landscape"),
    _vague("make it come alive", "en", P),
    _vague("bring this photo to life", "en", S),
    # scene-dependence
    _case("make her smile", "en", "scene", "", "smile", note=True),
    _case("clouds rolling by", "en", "scene", "", "clouds", scene=P, note=True),
    _case("windy", "en", "scene", "wind", "clouds", scene=P),
]

_DE = [
    # single
    _case("windig", "de", "single", "wind", "rain snow"),
    _case("Der Wind weht durch die Bäume", "de", "single", "wind", "rain snow"),
    _case("Es soll regnen", "de", "single", "rain", "snow"),
    _case("Regen", "de", "single", "rain", "snow"),
    _case("Schneeflocken fallen", "de", "single", "snow", "rain"),
    _case("Nebel über dem See", "de", "single", "fog", "steam rain"),
    _case("Gewitter mit Blitzen", "de", "single", "lightning", "fire"),
    _case("Donner und Blitz", "de", "single", "lightning", "fire"),
    _case("ein schöner Sonnenuntergang", "de", "single", "sunset", "night fire"),
    _case("die Szene bei Nacht", "de", "single", "night", "sunset"),
    _case("mit Glitzer", "de", "single", "sparkle", "snow"),
    _case("eine brennende Kerze", "de", "single", "fire", "sunset", scene=S),
    _case("ein Lagerfeuer", "de", "single", "fire", "sunset"),
    _case("Dampf steigt aus der Tasse", "de", "single", "steam", "fog", scene=S),
    _case("aufsteigender Rauch", "de", "single", "steam", "fog"),
    _case("fallende Blütenblätter", "de", "single", "petals", "snow"),
    _case("Blätter fallen von den Bäumen", "de", "single", "petals", "snow"),
    _case("Lass sie lächeln", "de", "single", "smile", "blink", scene=P),
    _case("Er soll blinzeln", "de", "single", "blink", "smile", scene=P),
    _case("langsam heranzoomen", "de", "single", "zoom_in", "zoom_out", scene=S),
    _case("herauszoomen", "de", "single", "zoom_out", "zoom_in", scene=S),
    _case("ein langsamer Kameraschwenk", "de", "single", "pan", "zoom_in zoom_out"),
    _case("Parallaxe-Effekt", "de", "single", "parallax", "zoom_out"),
    _case("im Cartoon-Stil", "de", "single", "cartoon", "sketch watercolor"),
    _case("als Skizze", "de", "single", "sketch", "cartoon"),
    _case("als Aquarell", "de", "single", "watercolor", "oil_paint"),
    _case("wie ein Ölgemälde", "de", "single", "oil_paint", "watercolor"),
    _case("im Retro-Look", "de", "single", "vintage", "black_white"),
    _case("schwarz-weiß", "de", "single", "black_white", "night"),
    _case("Wellen auf dem Wasser", "de", "single", "water", "rain"),
    _case("Wolken ziehen vorbei", "de", "single", "clouds", "rain"),
    # typos
    _case("windigg", "de", "typo", "wind", "rain"),
    _case("Gewiter", "de", "typo", "lightning", "fire"),
    _case("Nebbel am Morgen", "de", "typo", "fog", "steam"),
    _case("Sonnenuntergnag", "de", "typo", "sunset", "night"),
    _case("Schnne", "de", "typo", "snow", "rain"),
    # negations
    _case("Sonnenuntergang ohne Regen", "de", "negation", "sunset", neg="rain"),
    _case("Nebel, kein Regen", "de", "negation", "fog", neg="rain"),
    _case("windig, aber keine Wolken", "de", "negation", "wind", neg="clouds"),
    _case("Nacht ohne Schnee", "de", "negation", "night", neg="snow"),
    _case("Regen ohne Gewitter", "de", "negation", "rain", neg="lightning"),
    # exclusive
    _case("nur Wind, sonst nichts", "de", "exclusive", "wind", only=True),
    _case("nur Schnee", "de", "exclusive", "snow", only=True),
    _case("nur Regen und Nebel", "de", "exclusive", "rain fog", only=True),
    # intensity
    _case("starker Regen", "de", "intensity", "rain", "snow", params={"rain": {"amount": ">"}}),
    _case("leichter Wind", "de", "intensity", "wind", params={"wind": {"strength": "<"}}),
    _case("sanfter Schneefall", "de", "intensity", "snow", params={"snow": {"amount": "<"}}),
    _case(
        "ein heftiges Gewitter",
        "de",
        "intensity",
        "lightning",
        params={"lightning": {"strength": ">"}},
    ),
    _case("leichter Nebel", "de", "intensity", "fog", params={"fog": {"density": "<"}}),
    # speed
    _case("Schnee fällt langsam", "de", "speed", "snow", "rain", params={"snow": {"speed": "<"}}),
    _case("schnell ziehende Wolken", "de", "speed", "clouds", params={"clouds": {"speed": ">"}}),
    _case("schneller Regen", "de", "speed", "rain", params={"rain": {"speed": ">"}}),
    # direction
    _case("Wind nach links", "de", "direction", "wind", params={"wind": {"direction": "-1"}}),
    _case(
        "Wolken ziehen nach rechts",
        "de",
        "direction",
        "clouds",
        params={"clouds": {"direction": "+1"}},
    ),
    _case(
        "Kameraschwenk nach links", "de", "direction", "pan", params={"pan": {"direction": "-1"}}
    ),
    # combinations
    _case(
        "Gewitter in der Nacht mit starkem Regen",
        "de",
        "combination",
        "lightning night rain",
        "snow sunset",
        params={"rain": {"amount": ">"}},
    ),
    _case("Sonnenuntergang am Meer mit Wellen", "de", "combination", "sunset water", "night"),
    _case("Schnee und Nebel im Wald", "de", "combination", "snow fog", "rain"),
    _case("Aquarell mit fallenden Blütenblättern", "de", "combination", "watercolor petals"),
    # vague
    _vague("Mach es lebendig", "de", "landscape"),
    _vague("Erwecke das Foto zum Leben", "de", S),
    # scene-dependence
    _case("Wellen", "de", "scene", "", "water", scene=S, note=True),
    _case("Lächeln", "de", "scene", "", "smile", note=True),
]

_FR = [
    # single
    _case("un jour venteux", "fr", "single", "wind", "rain snow"),
    _case("du vent dans les arbres", "fr", "single", "wind", "rain snow"),
    _case("qu'il pleuve", "fr", "single", "rain", "snow"),
    _case("pluie", "fr", "single", "rain", "snow"),
    _case("il neige", "fr", "single", "snow", "rain"),
    _case("brouillard sur le lac", "fr", "single", "fog", "steam rain"),
    _case("un orage", "fr", "single", "lightning", "fire"),
    _case("des éclairs dans le ciel", "fr", "single", "lightning", "fire"),
    _case("coucher de soleil", "fr", "single", "sunset", "night"),
    _case("en pleine nuit", "fr", "single", "night", "sunset"),
    _case("des paillettes", "fr", "single", "sparkle", "snow"),
    _case("une bougie allumée", "fr", "single", "fire", "sunset", scene=S),
    _case("un feu de camp", "fr", "single", "fire", "sunset"),
    _case("de la vapeur", "fr", "single", "steam", "fog", scene=S),
    _case("de la fumée qui monte", "fr", "single", "steam", "fog"),
    _case("des pétales qui tombent", "fr", "single", "petals", "snow"),
    _case("des feuilles mortes", "fr", "single", "petals", "snow"),
    _case("fais-la sourire", "fr", "single", "smile", "blink", scene=P),
    _case("cligner des yeux", "fr", "single", "blink", "smile", scene=P),
    _case("zoom avant", "fr", "single", "zoom_in", "zoom_out", scene=S),
    _case("zoom arrière", "fr", "single", "zoom_out", "zoom_in", scene=S),
    _case("un panoramique", "fr", "single", "pan", "zoom_in zoom_out"),
    _case("effet de parallaxe", "fr", "single", "parallax", "zoom_out"),
    _case("style dessin animé", "fr", "single", "cartoon", "sketch watercolor"),
    _case("un croquis au crayon", "fr", "single", "sketch", "cartoon"),
    _case("en aquarelle", "fr", "single", "watercolor", "oil_paint"),
    _case("peinture à l'huile", "fr", "single", "oil_paint", "watercolor"),
    _case("style rétro", "fr", "single", "vintage", "black_white"),
    _case("noir et blanc", "fr", "single", "black_white", "night"),
    _case("des vagues", "fr", "single", "water", "rain"),
    _case("des nuages", "fr", "single", "clouds", "rain"),
    # typos
    _case("nuagges", "fr", "typo", "clouds", "rain"),
    _case("brouilard", "fr", "typo", "fog", "steam"),
    _case("coucher de soliel", "fr", "typo", "sunset", "night"),
    _case("aquarele", "fr", "typo", "watercolor", "oil_paint"),
    _case("orgae", "fr", "typo", "lightning", "fire"),
    # negations
    _case("coucher de soleil sans pluie", "fr", "negation", "sunset", neg="rain"),
    _case("de la pluie mais pas de neige", "fr", "negation", "rain", neg="snow"),
    _case("du vent sans nuages", "fr", "negation", "wind", neg="clouds"),
    _case("la nuit sans brouillard", "fr", "negation", "night", neg="fog"),
    _case("pas de neige", "fr", "negation", neg="snow"),
    # exclusive
    _case("seulement du vent", "fr", "exclusive", "wind", only=True),
    _case("seulement de la neige, rien d'autre", "fr", "exclusive", "snow", only=True),
    _case("seulement un zoom avant", "fr", "exclusive", "zoom_in", only=True, scene=S),
    # intensity
    _case("forte pluie", "fr", "intensity", "rain", "snow", params={"rain": {"amount": ">"}}),
    _case("un vent doux", "fr", "intensity", "wind", params={"wind": {"strength": "<"}}),
    _case("un vent fort", "fr", "intensity", "wind", params={"wind": {"strength": ">"}}),
    _case("un brouillard léger", "fr", "intensity", "fog", params={"fog": {"density": "<"}}),
    _case(
        "légèrement vintage", "fr", "intensity", "vintage", params={"vintage": {"strength": "<"}}
    ),
    # speed
    _case(
        "la neige tombe lentement",
        "fr",
        "speed",
        "snow",
        "rain",
        params={"snow": {"speed": "<"}},
    ),
    _case(
        "des nuages qui passent vite", "fr", "speed", "clouds", params={"clouds": {"speed": ">"}}
    ),
    _case("une pluie rapide", "fr", "speed", "rain", params={"rain": {"speed": ">"}}),
    # direction
    _case(
        "du vent vers la gauche", "fr", "direction", "wind", params={"wind": {"direction": "-1"}}
    ),
    _case(
        "des nuages qui vont à droite",
        "fr",
        "direction",
        "clouds",
        params={"clouds": {"direction": "+1"}},
    ),
    _case("panoramique à gauche", "fr", "direction", "pan", params={"pan": {"direction": "-1"}}),
    # combinations
    _case(
        "orage de nuit avec forte pluie",
        "fr",
        "combination",
        "lightning night rain",
        "snow sunset",
        params={"rain": {"amount": ">"}},
    ),
    _case("coucher de soleil sur les vagues", "fr", "combination", "sunset water", "night"),
    _case("neige et brouillard", "fr", "combination", "snow fog", "rain"),
    _case("une bougie et de la fumée", "fr", "combination", "fire steam", scene=S),
    # vague
    _vague("anime cette photo", "fr", P),
    _vague("donne vie à cette photo", "fr", "landscape"),
    # scene-dependence
    _case("des nuages", "fr", "scene", "", "clouds", scene=P, note=True),
    _case("cligner des yeux", "fr", "scene", "", "blink", note=True),
]

_ES = [
    # single
    _case("un día ventoso", "es", "single", "wind", "rain snow"),
    _case("viento entre los árboles", "es", "single", "wind", "rain snow"),
    _case("que llueva", "es", "single", "rain", "snow"),
    _case("lluvia", "es", "single", "rain", "snow"),
    _case("nieve cayendo", "es", "single", "snow", "rain"),
    _case("niebla sobre el lago", "es", "single", "fog", "steam rain"),
    _case("una tormenta", "es", "single", "lightning", "fire"),
    _case("relámpagos en el cielo", "es", "single", "lightning", "fire"),
    _case("atardecer", "es", "single", "sunset", "night"),
    _case("puesta de sol", "es", "single", "sunset", "night"),
    _case("de noche", "es", "single", "night", "sunset"),
    _case("con brillos", "es", "single", "sparkle", "snow"),
    _case("una vela encendida", "es", "single", "fire", "sunset", scene=S),
    _case("fuego", "es", "single", "fire", "sunset"),
    _case("vapor saliendo de la taza", "es", "single", "steam", "fog", scene=S),
    _case("humo", "es", "single", "steam", "fog"),
    _case("pétalos cayendo", "es", "single", "petals", "snow"),
    _case("hojas cayendo", "es", "single", "petals", "snow"),
    _case("que sonría", "es", "single", "smile", "blink", scene=P),
    _case("parpadear", "es", "single", "blink", "smile", scene=P),
    _case("acercar el zoom", "es", "single", "zoom_in", "zoom_out", scene=S),
    _case("alejar el zoom", "es", "single", "zoom_out", "zoom_in", scene=S),
    _case("un paneo de cámara", "es", "single", "pan", "zoom_in zoom_out"),
    _case("efecto paralaje", "es", "single", "parallax", "zoom_out"),
    _case("estilo caricatura", "es", "single", "cartoon", "sketch watercolor"),
    _case("boceto a lápiz", "es", "single", "sketch", "cartoon"),
    _case("acuarela", "es", "single", "watercolor", "oil_paint"),
    _case("pintura al óleo", "es", "single", "oil_paint", "watercolor"),
    _case("estilo vintage", "es", "single", "vintage", "black_white"),
    _case("blanco y negro", "es", "single", "black_white", "night"),
    _case("olas en el mar", "es", "single", "water", "rain"),
    _case("nubes", "es", "single", "clouds", "rain"),
    # typos
    _case("lluvai", "es", "typo", "rain", "snow"),
    _case("tormneta", "es", "typo", "lightning", "fire"),
    _case("atardecr", "es", "typo", "sunset", "night"),
    _case("niebal", "es", "typo", "fog", "steam"),
    _case("acuarella", "es", "typo", "watercolor", "oil_paint"),
    # negations
    _case("sin lluvia", "es", "negation", neg="rain"),
    _case("atardecer sin nieve", "es", "negation", "sunset", neg="snow"),
    _case("viento sin nubes", "es", "negation", "wind", neg="clouds"),
    _case("noche sin niebla", "es", "negation", "night", neg="fog"),
    _case("tormenta sin lluvia", "es", "negation", "lightning", neg="rain"),
    # exclusive
    _case("solo viento", "es", "exclusive", "wind", only=True),
    _case("solo lluvia y niebla", "es", "exclusive", "rain fog", only=True),
    _case("solo que sonría", "es", "exclusive", "smile", only=True, scene=P),
    # intensity
    _case("lluvia fuerte", "es", "intensity", "rain", "snow", params={"rain": {"amount": ">"}}),
    _case("viento suave", "es", "intensity", "wind", params={"wind": {"strength": "<"}}),
    _case("nieve ligera", "es", "intensity", "snow", params={"snow": {"amount": "<"}}),
    _case("niebla intensa", "es", "intensity", "fog", params={"fog": {"density": ">"}}),
    _case("un atardecer suave", "es", "intensity", "sunset", params={"sunset": {"strength": "<"}}),
    # speed
    _case("nubes rápidas", "es", "speed", "clouds", params={"clouds": {"speed": ">"}}),
    _case("niebla moviéndose lento", "es", "speed", "fog", params={"fog": {"speed": "<"}}),
    _case("nieve lenta", "es", "speed", "snow", "rain", params={"snow": {"speed": "<"}}),
    # direction
    _case("viento a la izquierda", "es", "direction", "wind", params={"wind": {"direction": "-1"}}),
    _case(
        "nubes a la derecha", "es", "direction", "clouds", params={"clouds": {"direction": "+1"}}
    ),
    _case("paneo a la izquierda", "es", "direction", "pan", params={"pan": {"direction": "-1"}}),
    # combinations
    _case(
        "tormenta de noche con lluvia fuerte",
        "es",
        "combination",
        "lightning night rain",
        "snow sunset",
        params={"rain": {"amount": ">"}},
    ),
    _case("atardecer con nubes y olas", "es", "combination", "sunset clouds water", "night"),
    _case("nieve y niebla de noche", "es", "combination", "snow fog night", "rain"),
    _case("acuarela con pétalos cayendo", "es", "combination", "watercolor petals"),
    # vague
    _vague("dale vida a esta foto", "es", "landscape"),
    _vague("anima esta foto", "es", P),
    # scene-dependence
    _case("olas", "es", "scene", "", "water", scene=S, note=True),
    _case("nubes", "es", "scene", "", "clouds", scene=P, note=True),
]

_IT = [
    # single
    _case("una giornata ventosa", "it", "single", "wind", "rain snow"),
    _case("vento tra gli alberi", "it", "single", "wind", "rain snow"),
    _case("piove", "it", "single", "rain", "snow"),
    _case("pioggia", "it", "single", "rain", "snow"),
    _case("nevica", "it", "single", "snow", "rain"),
    _case("nebbia sul lago", "it", "single", "fog", "steam rain"),
    _case("un temporale", "it", "single", "lightning", "fire"),
    _case("fulmini nel cielo", "it", "single", "lightning", "fire"),
    _case("tramonto", "it", "single", "sunset", "night"),
    _case("di notte", "it", "single", "night", "sunset"),
    _case("brillantini", "it", "single", "sparkle", "snow"),
    _case("una candela accesa", "it", "single", "fire", "sunset", scene=S),
    _case("fuoco nel camino", "it", "single", "fire", "sunset"),
    _case("vapore dalla tazza", "it", "single", "steam", "fog", scene=S),
    _case("fumo che sale", "it", "single", "steam", "fog"),
    _case("petali che cadono", "it", "single", "petals", "snow"),
    _case("foglie che cadono", "it", "single", "petals", "snow"),
    _case("falla sorridere", "it", "single", "smile", "blink", scene=P),
    _case("sbattere le palpebre", "it", "single", "blink", "smile", scene=P),
    _case("zoom avanti", "it", "single", "zoom_in", "zoom_out", scene=S),
    _case("zoom indietro", "it", "single", "zoom_out", "zoom_in", scene=S),
    _case("una panoramica", "it", "single", "pan", "zoom_in zoom_out"),
    _case("effetto parallasse", "it", "single", "parallax", "zoom_out"),
    _case("stile cartone animato", "it", "single", "cartoon", "sketch watercolor"),
    _case("schizzo a matita", "it", "single", "sketch", "cartoon"),
    _case("acquerello", "it", "single", "watercolor", "oil_paint"),
    _case("pittura a olio", "it", "single", "oil_paint", "watercolor"),
    _case("stile retrò", "it", "single", "vintage", "black_white"),
    _case("bianco e nero", "it", "single", "black_white", "night"),
    _case("onde sul mare", "it", "single", "water", "rain"),
    _case("nuvole", "it", "single", "clouds", "rain"),
    # typos
    _case("pioggai", "it", "typo", "rain", "snow"),
    _case("tramontto", "it", "typo", "sunset", "night"),
    _case("nebia", "it", "typo", "fog", "steam"),
    _case("fulmne", "it", "typo", "lightning", "fire"),
    _case("nuvolle", "it", "typo", "clouds", "rain"),
    # negations
    _case("tramonto senza pioggia", "it", "negation", "sunset", neg="rain"),
    _case("nebbia, niente neve", "it", "negation", "fog", neg="snow"),
    _case("vento senza nuvole", "it", "negation", "wind", neg="clouds"),
    _case("notte senza nebbia", "it", "negation", "night", neg="fog"),
    _case("temporale senza pioggia", "it", "negation", "lightning", neg="rain"),
    # exclusive
    _case("solo vento, nient'altro", "it", "exclusive", "wind", only=True),
    _case("solo neve", "it", "exclusive", "snow", only=True),
    _case("solo pioggia e nebbia", "it", "exclusive", "rain fog", only=True),
    # intensity
    _case("pioggia forte", "it", "intensity", "rain", "snow", params={"rain": {"amount": ">"}}),
    _case("vento leggero", "it", "intensity", "wind", params={"wind": {"strength": "<"}}),
    _case("neve leggera", "it", "intensity", "snow", params={"snow": {"amount": "<"}}),
    _case("nebbia intensa", "it", "intensity", "fog", params={"fog": {"density": ">"}}),
    _case(
        "un forte temporale",
        "it",
        "intensity",
        "lightning",
        params={"lightning": {"strength": ">"}},
    ),
    # speed
    _case("nuvole veloci", "it", "speed", "clouds", params={"clouds": {"speed": ">"}}),
    _case("neve che cade lenta", "it", "speed", "snow", "rain", params={"snow": {"speed": "<"}}),
    _case("vapore lento", "it", "speed", "steam", scene=S, params={"steam": {"speed": "<"}}),
    # direction
    _case("vento a sinistra", "it", "direction", "wind", params={"wind": {"direction": "-1"}}),
    _case("nuvole a destra", "it", "direction", "clouds", params={"clouds": {"direction": "+1"}}),
    _case("panoramica a sinistra", "it", "direction", "pan", params={"pan": {"direction": "-1"}}),
    # combinations
    _case(
        "temporale di notte con pioggia forte",
        "it",
        "combination",
        "lightning night rain",
        "snow sunset",
        params={"rain": {"amount": ">"}},
    ),
    _case("tramonto con nuvole e onde", "it", "combination", "sunset clouds water", "night"),
    _case("neve e nebbia di notte", "it", "combination", "snow fog night", "rain"),
    _case("acquerello con petali che cadono", "it", "combination", "watercolor petals"),
    # vague
    _vague("anima questa foto", "it", "landscape"),
    _vague("dai vita a questa foto", "it", S),
    # scene-dependence
    _case("sorriso", "it", "scene", "", "smile", scene=S, note=True),
    _case("onde", "it", "scene", "", "water", scene=P, note=True),
]

_ANY = [
    _vague("", "any", "landscape"),
    _vague("   ", "any", P),
    _vague("", "any", S),
]

CASES: tuple[Case, ...] = (*_EN, *_DE, *_FR, *_ES, *_IT, *_ANY)
