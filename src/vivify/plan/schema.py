"""The plan: a versioned, JSON-serialisable contract between the prompt and the engine.

A plan can be printed (`vivify plan`), edited by hand and passed back (`vivify animate --plan`).
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_serializer,
    model_validator,
)

from vivify import effects, limits
from vivify.effects.base import Stage
from vivify.errors import PlanError
from vivify.plan.regions import CAMERA_MESSAGE, Region
from vivify.sound.ambience import LAYERS

PLAN_VERSION = 1
SOUNDS = tuple(LAYERS)


class EffectSpec(BaseModel):
    """One effect in the plan, with its parameters and the words that chose it."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="an effect from the catalogue, e.g. 'wind'")
    params: dict[str, float | int | bool | str] = Field(
        default_factory=dict, description="effect parameters; omitted ones take their defaults"
    )
    because: list[str] = Field(
        default_factory=list, description="the words of the prompt that chose this effect"
    )
    region: Region | None = Field(
        default=None,
        description="where the effect happens, painted by the user; replaces the scene's masks "
        "(see docs/plan.md)",
    )

    @model_validator(mode="after")
    def _known_effect(self) -> EffectSpec:
        try:
            cls = effects.get(self.name)
            cls.from_params(self.params)
        except PlanError as exc:  # re-raised as ValueError so pydantic adds the field's location
            raise ValueError(str(exc)) from None
        if self.region is not None and cls.stage is Stage.CAMERA:
            raise ValueError(f"{self.name}.region: {CAMERA_MESSAGE}")
        return self

    @model_serializer(mode="wrap")
    def _region_only_when_painted(self, handler: Any) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)  # plans without regions print as they always did
        if data.get("region") is None:
            data.pop("region", None)
        return data


class ModelPrompt(BaseModel):
    """What a diffusion engine sends its model, built from the plan (or written by the user)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    prompt: str = Field(max_length=4000, description="the text sent to the model")
    negative_prompt: str = Field(
        default="", max_length=2000, description="what the model is asked to avoid"
    )
    written_by: Literal["vivify", "user"] = Field(
        default="user",
        description="'vivify': built from the plan, and built again when the plan changes; "
        "'user': sent exactly as written",
    )


class Plan(BaseModel):
    """Everything the engine needs to render a clip, and why each choice was made."""

    model_config = ConfigDict(extra="forbid")

    version: Literal[1] = Field(default=1, description="plan format version")
    prompt: str = Field(
        default="", max_length=limits.MAX_PROMPT, description="the prompt this plan was made from"
    )
    effects: list[EffectSpec] = Field(
        default_factory=list,
        max_length=limits.MAX_EFFECTS,
        description="effects, composed in order",
    )
    soundscape: list[str] = Field(
        default_factory=list, description="sound layers (see docs/plan.md)"
    )
    heard: dict[str, list[str]] = Field(
        default_factory=dict,
        description="sound layers the prompt asked for by name, with the words that asked; "
        "they lead the soundscape",
    )
    duration: float = Field(
        default=5.0, ge=limits.DURATION[0], le=limits.DURATION[1], description="seconds"
    )
    # At least 240 px: smaller frames carry the watermark unreliably (see vivify.limits).
    width: int = Field(
        default=720, ge=limits.WIDTH[0], le=limits.WIDTH[1], description="pixels, even"
    )
    height: int = Field(
        default=1280, ge=limits.HEIGHT[0], le=limits.HEIGHT[1], description="pixels, even"
    )
    fps: int = Field(
        default=30, ge=limits.FPS[0], le=limits.FPS[1], description="frames per second"
    )
    seed: int = Field(
        default=0, ge=limits.SEED[0], le=limits.SEED[1], description="same seed, same clip"
    )
    loop: bool = Field(
        default=False, description="make transitions go there and back so the whole clip loops"
    )
    framing: Literal["auto", "fill", "bands"] = Field(
        default="auto",
        description="a photo not shaped like the frame: 'fill' pans across it, 'bands' shows it "
        "whole between blurred bands, 'auto' chooses from where its subject is",
    )
    unmatched: list[str] = Field(default_factory=list, description="prompt words not used")
    excluded: list[EffectSpec] = Field(
        default_factory=list, description="effects the prompt ruled out, with the words that did"
    )
    notes: list[str] = Field(default_factory=list, description="what the planner decided and why")
    engine: Literal["motion", "diffusion"] = Field(
        default="motion",
        description="'motion' (built in, any CPU) or 'diffusion' (an image-to-video model from "
        "local weights)",
    )
    model_prompt: ModelPrompt | None = Field(
        default=None, description="what the diffusion engine sends its model (diffusion only)"
    )

    @model_serializer(mode="wrap")
    def _engine_only_when_diffusion(self, handler: Any) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)  # motion plans print as they always did
        if data.get("engine") == "motion":
            data.pop("engine", None)
        if data.get("model_prompt") is None:
            data.pop("model_prompt", None)
        return data

    _even = field_validator("width", "height")(limits.even)

    @field_validator("soundscape")
    @classmethod
    def _known_sounds(cls, value: list[str]) -> list[str]:
        _known_sounds_in(value)
        return value

    @field_validator("heard")
    @classmethod
    def _known_heard(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        _known_sounds_in(list(value))
        return value

    def effect_versions(self) -> dict[str, str]:
        return {spec.name: effects.get(spec.name).version for spec in self.effects}

    def to_json(self) -> str:
        return self.model_dump_json(indent=2)


def _known_sounds_in(names: list[str]) -> None:
    for name in names:
        if name not in SOUNDS:
            raise ValueError(f"unknown sound '{name}' (known: {', '.join(SOUNDS)})")


def parse_plan(text: str) -> Plan:
    """Parse plan JSON, turning every problem into one `PlanError` naming the field and reason."""
    try:
        raw: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PlanError(f"The plan is not valid JSON: {exc.msg} at line {exc.lineno}.") from None
    except RecursionError:  # "[[[[…": a plan is a few levels deep
        raise PlanError("The plan is nested too deeply to be a plan.") from None
    return plan_from_dict(raw)


def plan_from_dict(raw: Any) -> Plan:
    try:
        return Plan.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "plan"
        message = first["msg"].removeprefix("Value error, ")
        more = f" (and {exc.error_count() - 1} more problems)" if exc.error_count() > 1 else ""
        raise PlanError(f"Invalid plan: {where}: {message}{more}.") from None
