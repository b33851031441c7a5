"""The plan becomes the diffusion model's prompt, visibly (pure: no model, no I/O).

The text sent to an image-to-video model is built here from the plan (its effects and their
strength, the camera moves, the style) and from what vivify saw in the photo, and it is written
into the plan (`Plan.model_prompt`), so `vivify plan` shows it before anything runs and the clip's
summary shows what was sent. A prompt the user wrote into a plan is sent as written; one vivify
built is built again from the plan as it stands (so an edited plan never sends a stale text).

The sentences follow LTX-Video's and Wan's prompting guides: what moves and how, in the order it
happens, then the camera, then the look; one paragraph, concrete, present tense.
"""

from __future__ import annotations

from collections.abc import Mapping

from vivify import effects
from vivify.plan.schema import EffectSpec, ModelPrompt, Plan
from vivify.types import Scene

# What each effect asks the model for, and the parameter whose value (against its default)
# says how strong it is. Effects not listed fall back to their catalogue description.
PHRASES: Mapping[str, tuple[str, str | None]] = {
    "wind": (
        "the wind blows in gusts, and leaves, grass, hair and fabric sway with it",
        "strength",
    ),
    "clouds": ("clouds drift slowly across the sky", "speed"),
    "water": ("the water ripples and shimmers, and small waves roll in", "strength"),
    "rain": ("rain falls steadily in slanting streaks and splashes where it lands", "amount"),
    "snow": ("soft snowflakes fall and drift sideways through the air", "amount"),
    "fog": ("mist drifts slowly through the scene, thicker in the distance", "density"),
    "petals": ("blossom petals flutter down through the air", "amount"),
    "lightning": ("lightning flashes light up the scene in a dark, stormy sky", "strength"),
    "fire": ("firelight flickers warmly and a few embers rise", "flicker"),
    "steam": ("steam rises and curls in thin wisps, then fades", "amount"),
    "sparkle": ("glitter twinkles and soft glowing motes drift through the air", "amount"),
    "night": ("day turns to night, lamps and windows light up and stars come out", "darkness"),
    "sunset": (
        "the light turns to a warm golden-hour glow with an orange to violet sky",
        "strength",
    ),
    "smile": ("the people smile gently and relax", "amount"),
    "blink": ("the people blink naturally", "amount"),
    "head": ("the people tilt and nod their heads a little, as people do at rest", "amount"),
    "zoom_in": ("the camera pushes in slowly", "amount"),
    "zoom_out": ("the camera pulls back slowly", "amount"),
    "pan": ("the camera drifts slowly sideways", "amount"),
    "parallax": ("the camera sways gently, near things moving more than far ones", "amount"),
    "cartoon": ("the picture turns into a cartoon with flat colours and dark ink outlines", None),
    "oil_paint": ("the picture turns into an oil painting with thick, lit brush strokes", None),
    "watercolor": ("the picture turns into a watercolour painting on textured paper", None),
    "sketch": ("the picture turns into a pencil sketch on paper", None),
    "black_white": ("the colour drains away to a contrasty black-and-white print", None),
    "vintage": ("the picture ages into a faded, warm old print with a vignette", None),
}
CAMERA = ("zoom_in", "zoom_out", "pan", "parallax")
STYLES = ("cartoon", "oil_paint", "watercolor", "sketch", "black_white", "vintage")

KEEP = (
    "Everything else stays as in the photo: the same people with the same faces, the same place "
    "and the same light; the motion is smooth and natural."
)
STILL = "Only small, natural movements bring the photo to life; the camera stays still."
NEGATIVE = (
    "static image, frozen frame, sudden cuts, morphing, distorted faces, changing identity, "
    "extra limbs, deformed hands, flicker, jitter, blurry, low quality, text, subtitles, "
    "watermark, logo"
)


def build_model_prompt(plan: Plan, scene: Scene | None) -> str:
    """The paragraph sent to the model for `plan` on a photo in which vivify saw `scene` (None:
    no photo seen yet)."""
    sentences = [f"A short vertical video brought to life from a photo of {_shows(scene)}."]
    motion = [s for s in plan.effects if s.name not in CAMERA and s.name not in STYLES]
    camera = [s for s in plan.effects if s.name in CAMERA]
    style = [s for s in plan.effects if s.name in STYLES]
    sentences += [_sentence(spec) for spec in motion + camera]
    if not camera:
        sentences.append(STILL if not motion else "The camera stays still.")
    sentences += [_sentence(spec) for spec in style]
    sentences.append(KEEP)
    return " ".join(sentences)


def model_prompt_for(plan: Plan, scene: Scene | None) -> tuple[ModelPrompt, bool]:
    """The plan's model prompt: the user's as written, else built from the plan. The flag says
    whether a prompt vivify had built before was replaced because the plan changed."""
    given = plan.model_prompt
    if given is not None and given.written_by == "user":
        return given, False
    built = ModelPrompt(
        prompt=build_model_prompt(plan, scene),
        negative_prompt=NEGATIVE,
        written_by="vivify",
    )
    return built, given is not None and given != built


def _shows(scene: Scene | None) -> str:
    """What the photo shows, in the words the scene analysis allows."""
    if scene is None:
        return "a scene"
    parts = []
    people = len(scene.faces)
    if people == 1:
        parts.append("a person")
    elif people > 1:
        parts.append(f"{_number(people)} people")
    for mask, words in (
        (scene.vegetation, "trees and plants"),
        (scene.water, "water"),
        (scene.sky, "the sky"),
    ):
        if mask is not None and float(mask.mean()) > 0.05:
            parts.append(words)
    if not parts:
        return "a scene"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _number(n: int) -> str:
    words = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
    return words[n] if n < len(words) else str(n)


def _sentence(spec: EffectSpec) -> str:
    phrase, key = PHRASES.get(spec.name, (effects.get(spec.name).summary.rstrip("."), None))
    how = _strength(spec, key)
    text = f"{how} {phrase}" if how else phrase
    if spec.region is not None:
        text += " in the marked part of the picture only"
    return text[0].upper() + text[1:] + "."


def _strength(spec: EffectSpec, key: str | None) -> str:
    """ "Gently," or "Strongly," when the effect's main parameter is far from its default."""
    if key is None or key not in spec.params:
        return ""
    default = effects.get(spec.name).parameter_docs()[key]["default"]
    if not isinstance(default, int | float) or not default:
        return ""
    ratio = float(spec.params[key]) / float(default)
    if ratio <= 0.6:
        return "gently,"
    if ratio >= 1.6:
        return "strongly,"
    return ""
