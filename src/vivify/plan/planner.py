"""From a prompt and a scene to a `Plan`: which effects, why, and which words were not understood.

This planner reads English keywords (a later version reads five languages). Every effect it picks
records the words that chose it; every other content word is listed as unmatched, so the user
sees how the prompt was understood. Effects that the photo gives nothing to work on are replaced
by something sensible, and the plan says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vivify.effects import registry
from vivify.plan.schema import EffectSpec, Plan
from vivify.sound.ambience import LAYERS
from vivify.types import Scene

# Effect → words (lower case, whole words or phrases) that ask for it.
KEYWORDS: dict[str, tuple[str, ...]] = {
    "wind": ("wind", "windy", "breeze", "breezy", "gust", "gusts", "gusty", "sway", "swaying",
             "blow", "blowing", "blustery", "storm", "stormy"),
    "clouds": ("cloud", "clouds", "cloudy", "sky", "skies", "overcast", "drift", "drifting"),
    "water": ("water", "waves", "wave", "ripple", "ripples", "rippling", "sea", "ocean", "lake",
              "river", "shimmer", "shimmering", "flowing"),
    "rain": ("rain", "rainy", "raining", "rainstorm", "drizzle", "downpour", "shower", "showers",
             "thunderstorm"),
    "snow": ("snow", "snowy", "snowing", "snowfall", "snowflakes", "blizzard", "winter"),
    "fog": ("fog", "foggy", "mist", "misty", "haze", "hazy"),
    "lightning": ("lightning", "thunder", "thunderstorm", "thunderstorms", "flash", "flashes"),
    "sunset": ("sunset", "sundown", "golden hour", "dusk", "evening", "sunrise", "dawn"),
    "night": ("night", "nighttime", "night-time", "midnight", "stars", "starry", "dark"),
    "sparkle": ("sparkle", "sparkles", "sparkling", "glitter", "magic", "magical", "bokeh",
                "twinkle", "fairy"),
    "fire": ("fire", "flame", "flames", "candle", "candles", "candlelight", "embers", "campfire",
             "fireplace", "flicker", "flickering"),
    "steam": ("steam", "steaming", "steamy", "smoke", "smoking", "smoky", "vapour", "vapor",
              "hot"),
    "petals": ("petals", "petal", "blossom", "blossoms", "leaves", "autumn", "fall", "falling"),
    "smile": ("smile", "smiling", "smiles", "happy", "grin", "grinning"),
    "blink": ("blink", "blinking", "blinks", "wink"),
    "zoom_in": ("zoom", "zoom in", "zooming", "push in", "closer", "close up", "dolly"),
    "zoom_out": ("zoom out", "pull back", "pull out", "wider", "reveal"),
    "pan": ("pan", "panning", "pan left", "pan right", "slide"),
    "parallax": ("parallax", "3d", "depth", "dimensional"),
    "cartoon": ("cartoon", "cartoonish", "comic", "animated", "anime", "toon"),
    "sketch": ("sketch", "pencil", "drawing", "drawn", "sketched"),
    "watercolor": ("watercolor", "watercolour", "aquarelle", "painted"),
    "oil_paint": ("oil", "oil painting", "oil paint", "painting", "impasto", "van gogh"),
    "vintage": ("vintage", "retro", "old", "film", "sepia", "nostalgic", "faded"),
    "black_white": ("black and white", "black & white", "b&w", "monochrome", "grayscale",
                    "greyscale", "noir"),
}  # fmt: skip

# What an effect needs from the photo, and what the plan does instead when it is missing.
NEEDS: dict[str, tuple[str, str]] = {
    "clouds": ("sky", "No sky was found, so 'clouds' is left out."),
    "water": ("water", "No water was found, so 'water' is left out."),
    "smile": ("faces", "No face was found, so 'smile' is left out."),
    "blink": ("faces", "No face was found, so 'blink' is left out."),
}


def _rank(effect: str) -> int:
    """Effects are listed in the order the engine applies them."""
    return registry()[effect].order


_STOP = """
    a an the it its this that these those is are be make made makes let lets please and or with
    of to in on at into onto for some bit little more very so as my me our your we i day turn add
    give get have show do photo picture image scene video clip like look looks style into
"""
STOPWORDS = frozenset(_STOP.split())

_WORD = re.compile(r"[\w'&-]+", re.UNICODE)


@dataclass(frozen=True)
class PlanOptions:
    duration: float = 5.0
    width: int = 720
    height: int = 1280
    fps: int = 30
    seed: int = 0
    loop: bool = False


def plan_from_prompt(prompt: str, scene: Scene | None, options: PlanOptions | None = None) -> Plan:
    """Map the prompt's words to effects; fall back on the scene when it asks for nothing known."""
    options = options or PlanOptions()
    text = " ".join(prompt.lower().split())
    tokens = [(m.start(), m.group()) for m in _WORD.finditer(text)]
    chosen, used = _match(text, tokens)
    notes: list[str] = []
    if "wind" in chosen and "clouds" not in chosen and scene is not None and _has(scene, "sky"):
        # The same wind that moves the trees moves the clouds.
        chosen["clouds"] = list(chosen["wind"])
        notes.append("The wind also moves the clouds, because the photo shows sky.")
    unmatched = [tok for i, (_, tok) in enumerate(tokens) if i not in used and tok not in STOPWORDS]
    if not chosen:
        chosen = _from_scene(scene, notes)
    chosen = _fit_to_scene(chosen, scene, notes)
    specs = [
        EffectSpec(name=name, because=sorted(set(words)))
        for name, words in sorted(chosen.items(), key=lambda kv: (_rank(kv[0]), kv[0]))
    ]
    notes.extend(_only_heard(scene, specs))
    return Plan(
        prompt=prompt,
        effects=specs,
        soundscape=soundscape_for([s.name for s in specs], scene),
        duration=options.duration,
        width=options.width,
        height=options.height,
        fps=options.fps,
        seed=options.seed,
        loop=options.loop,
        unmatched=unmatched,
        notes=notes,
    )


def _match(text: str, tokens: list[tuple[int, str]]) -> tuple[dict[str, list[str]], set[int]]:
    """Longest phrases first, so 'zoom out' is not also read as 'zoom'."""
    known = registry()
    phrases = sorted(
        ((p, e) for e, words in KEYWORDS.items() if e in known for p in words),
        key=lambda pe: -len(pe[0]),
    )
    chosen: dict[str, list[str]] = {}
    taken = [False] * len(text)
    used: set[int] = set()
    for phrase, effect in phrases:
        for match in re.finditer(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text):
            if any(taken[match.start() : match.end()]):
                continue
            taken[match.start() : match.end()] = [True] * (match.end() - match.start())
            chosen.setdefault(effect, []).append(match.group())
            used.update(
                i for i, (pos, _) in enumerate(tokens) if match.start() <= pos < match.end()
            )
    return chosen, used


def _has(scene: Scene, feature: str) -> bool:
    if feature == "faces":
        return bool(scene.faces)
    return scene.coverage(feature) >= 0.01


def _from_scene(scene: Scene | None, notes: list[str]) -> dict[str, list[str]]:
    """No known word: animate what the photo has."""
    chosen: dict[str, list[str]] = {}
    if scene is not None:
        if _has(scene, "sky"):
            chosen["clouds"] = []
        if _has(scene, "water"):
            chosen["water"] = []
        if _has(scene, "vegetation") or _has(scene, "hair"):
            chosen["wind"] = []
        if scene.faces:
            chosen["smile"] = []
            chosen["blink"] = []
    if not chosen:
        chosen["zoom_in"] = []
    chosen = {name: words for name, words in chosen.items() if name in registry()}
    notes.append(
        "Nothing in the prompt named an effect, so the plan animates what the photo shows: "
        + ", ".join(chosen)
        + "."
    )
    return chosen


def _fit_to_scene(
    chosen: dict[str, list[str]], scene: Scene | None, notes: list[str]
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
    if not kept:
        kept["zoom_in"] = []
        notes.append("Instead, the camera moves in slowly so the clip is still alive.")
    return kept


def _only_heard(scene: Scene | None, specs: list[EffectSpec]) -> list[str]:
    if scene is None:
        return []
    out = []
    for spec in specs:
        if spec.name == "wind" and not (_has(scene, "vegetation") or _has(scene, "hair")):
            out.append("Nothing that can sway (plants, hair) was found, so 'wind' is only heard.")
    return out


def soundscape_for(effects: list[str], scene: Scene | None) -> list[str]:
    """The sound layers that fit the effects and the scene. The daytime bed (`outdoor`, with
    birds) is left out at night, indoors by a fire or in a cafe, and under rain or snow."""
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
    quiet_day = not names & {"night", "rain", "lightning", "snow", "fire", "steam"}
    if quiet_day:
        add("birds", "outdoor")
    if not layers:
        add("outdoor")
    return layers
