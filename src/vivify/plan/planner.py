"""From a prompt and a scene to a `Plan`: which effects, why, and which words were not understood.

This first planner reads English keywords. Every effect it picks records the words that chose it;
every other content word is listed as unmatched, so the user sees how the prompt was understood.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vivify.plan.schema import EffectSpec, Plan
from vivify.types import Scene

# Effect → words (lower case, whole words or phrases) that ask for it.
KEYWORDS: dict[str, tuple[str, ...]] = {
    "wind": (
        "wind",
        "windy",
        "breeze",
        "breezy",
        "gust",
        "gusts",
        "gusty",
        "sway",
        "swaying",
        "blow",
        "blowing",
        "blustery",
        "storm",
        "stormy",
    ),
    "clouds": ("cloud", "clouds", "cloudy", "sky", "skies", "overcast", "drift", "drifting"),
    "zoom_in": ("zoom", "zoom in", "zooming", "push in", "closer", "close up", "dolly"),
}

# Words that carry no request of their own.
_STOP = """
    a an the it its this that these those is are be make made makes let lets please and or with
    of to in on at into onto for some bit little more very so as my me our your we i day turn add
    give get have show do photo picture image scene video clip
"""
STOPWORDS = frozenset(_STOP.split())

_WORD = re.compile(r"[\w'-]+", re.UNICODE)


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
    chosen: dict[str, list[str]] = {}
    used: set[int] = set()
    tokens = [(m.start(), m.group()) for m in _WORD.finditer(text)]
    for effect, words in KEYWORDS.items():
        for phrase in words:
            for match in re.finditer(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text):
                chosen.setdefault(effect, []).append(match.group())
                used.update(
                    i for i, (pos, tok) in enumerate(tokens) if match.start() <= pos < match.end()
                )
    notes: list[str] = []
    if "wind" in chosen and "clouds" not in chosen and scene is not None and _has(scene, "sky"):
        # The same wind that moves the trees moves the clouds.
        chosen["clouds"] = list(chosen["wind"])
        notes.append("The wind also moves the clouds, because the photo shows sky.")
    unmatched = [tok for i, (_, tok) in enumerate(tokens) if i not in used and tok not in STOPWORDS]
    if not chosen:
        chosen = _from_scene(scene, notes)
    specs = [
        EffectSpec(name=name, because=sorted(set(words)))
        for name, words in sorted(chosen.items(), key=lambda kv: _ORDER.index(kv[0]))
    ]
    notes.extend(_missing(scene, specs))
    sounds = ["wind"] if any(s.name == "wind" for s in specs) else []
    sounds.append("outdoor")
    return Plan(
        prompt=prompt,
        effects=specs,
        soundscape=sounds,
        duration=options.duration,
        width=options.width,
        height=options.height,
        fps=options.fps,
        seed=options.seed,
        loop=options.loop,
        unmatched=unmatched,
        notes=notes,
    )


_ORDER = ("clouds", "wind", "zoom_in")


def _has(scene: Scene, mask: str) -> bool:
    return scene.coverage(mask) >= 0.01


def _from_scene(scene: Scene | None, notes: list[str]) -> dict[str, list[str]]:
    """No known word: animate what the photo has."""
    chosen: dict[str, list[str]] = {}
    if scene is not None and _has(scene, "sky"):
        chosen["clouds"] = []
    if scene is not None and (_has(scene, "vegetation") or _has(scene, "hair")):
        chosen["wind"] = []
    if not chosen:
        chosen["zoom_in"] = []
    notes.append(
        "Nothing in the prompt named an effect, so the plan animates what the photo shows: "
        + ", ".join(chosen)
        + "."
    )
    return chosen


def _missing(scene: Scene | None, specs: list[EffectSpec]) -> list[str]:
    """Say when an effect has nothing to work on in this photo."""
    if scene is None:
        return []
    out = []
    for spec in specs:
        if spec.name == "clouds" and not _has(scene, "sky"):
            out.append("No sky was found, so 'clouds' will leave the photo unchanged.")
        if spec.name == "wind" and not (_has(scene, "vegetation") or _has(scene, "hair")):
            out.append("Nothing that can sway (plants, hair) was found, so 'wind' is only heard.")
    return out
