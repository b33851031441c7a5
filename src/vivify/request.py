"""What a user asks for, validated once for every edge: the CLI, the service and the worker
build a `ClipRequest`, and a bad value is an `InvalidRequest` with one plain sentence, never a
raw validation error. The limits are `vivify.limits`.

    request = ClipRequest(photo=data, prompt="make it a windy day", duration=4)
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from vivify import limits
from vivify.compose import FramingChoice
from vivify.errors import VivifyError
from vivify.plan.regions import Region
from vivify.plan.schema import Plan


class InvalidRequest(VivifyError):
    """A clip request with a value out of its limits, of the wrong type, or unknown."""


_NAMES = {
    "photo": "the photo",
    "prompt": "the prompt",
    "plan": "the plan",
    "duration": "the duration",
    "width": "the width",
    "height": "the height",
    "fps": "the frame rate",
    "seed": "the seed",
    "engine": "the engine",
    "loop": "loop",
    "framing": "the framing",
    "people_consent": "people consent",
    "regions": "the painted regions",
}


class ClipRequest(BaseModel):
    """A photo and what should happen to it. `plan`, when given, replaces the prompt's plan
    (its size, length and frame rate included)."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    photo: bytes = Field(strict=True, max_length=limits.MAX_PHOTO_BYTES)
    prompt: str = Field(default="", max_length=limits.MAX_PROMPT)
    plan: Plan | None = None
    duration: float = Field(default=5.0, ge=limits.DURATION[0], le=limits.DURATION[1])
    width: int = Field(default=720, ge=limits.WIDTH[0], le=limits.WIDTH[1])
    height: int = Field(default=1280, ge=limits.HEIGHT[0], le=limits.HEIGHT[1])
    fps: int = Field(default=30, ge=limits.FPS[0], le=limits.FPS[1])
    seed: int = Field(default=0, ge=limits.SEED[0], le=limits.SEED[1])
    # The engine; None: the plan's, when a plan is given, else "motion".
    engine: str | None = Field(default=None, min_length=1, max_length=40)
    loop: bool = False
    framing: FramingChoice = "auto"  # a photo not shaped like the frame: see compose.Framing
    people_consent: bool = False  # the user confirms they may animate the people shown
    # Painted regions (the motion brush), laid over the plan: (effect name, region).
    regions: tuple[tuple[str, Region], ...] = Field(default=(), max_length=limits.MAX_REGIONS)

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise InvalidRequest(_sentence(exc)) from None

    _even = field_validator("width", "height")(limits.even)

    @property
    def engine_name(self) -> str:
        """The engine that will render: the one named, else the plan's, else "motion"."""
        return self.engine or (self.plan.engine if self.plan else "motion")


def _sentence(exc: ValidationError) -> str:
    """The first problem, as one sentence a person can act on."""
    error = exc.errors()[0]
    field = str(error["loc"][0]) if error["loc"] else ""
    name = _NAMES.get(field, f"'{field}'")
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "missing":
        return f"The request needs {name}."
    if kind == "extra_forbidden":
        return f"The request has a field vivify does not know: '{field}'."
    if kind in ("too_long", "string_too_long", "bytes_too_long"):
        most = ctx.get("max_length")
        unit = {"photo": " bytes", "prompt": " characters"}.get(field, " items")
        return f"{name.capitalize()} is too long (at most {most}{unit})."
    if kind in ("greater_than_equal", "less_than_equal"):
        low, high = _RANGES.get(field, (None, None))
        return f"{name.capitalize()} must be between {low} and {high}; got {error['input']!r}."
    if kind == "literal_error":
        return f"{name.capitalize()} must be one of {ctx.get('expected')}."
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{name.capitalize()} is not valid: {message}."


_RANGES = {
    "duration": limits.DURATION,
    "width": limits.WIDTH,
    "height": limits.HEIGHT,
    "fps": limits.FPS,
    "seed": limits.SEED,
}
