"""The moderation policy: thresholds and category switches, from one TOML file.

The bundled `policy.toml` holds the safe defaults. A deployment may pass its own file; anything it
leaves out keeps the default, and the rule against sexual content involving minors stays on
whatever the file says.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from vivify.errors import VivifyError

CATEGORIES = (
    "sexual",
    "minors_sexual",
    "violence",
    "self_harm",
    "hate",
    "real_person",
    "harassment",
)


class PolicyError(VivifyError):
    """The policy file can't be used."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Faces(_Strict):
    classes: list[str] = ["FACE_FEMALE", "FACE_MALE"]
    min_score: float = Field(0.45, ge=0.0, le=1.0)
    effects_need_consent: bool = True


class PhotoPolicy(_Strict):
    block_classes: dict[str, float] = Field(default_factory=dict)
    faces: Faces = Field(default_factory=Faces)


class VideoPolicy(_Strict):
    sample_fps: float = Field(2.0, ge=2.0, le=30.0)
    require_badge: bool = True
    badge_min_contrast: float = Field(60.0, ge=0.0)
    require_watermark: bool = True


class PublishPolicy(_Strict):
    require_trusted_c2pa: bool = True
    max_per_hour: int = Field(10, ge=0)
    max_per_day: int = Field(50, ge=0)


class Policy(_Strict):
    version: str
    categories: dict[str, bool]
    photo: PhotoPolicy = Field(default_factory=PhotoPolicy)
    video: VideoPolicy = Field(default_factory=VideoPolicy)
    publish: PublishPolicy = Field(default_factory=PublishPolicy)

    @field_validator("categories")
    @classmethod
    def _known(cls, value: dict[str, bool]) -> dict[str, bool]:
        unknown = set(value) - set(CATEGORIES)
        if unknown:
            raise ValueError(f"unknown categories {sorted(unknown)}; known: {list(CATEGORIES)}")
        merged = {name: True for name in CATEGORIES} | value
        merged["minors_sexual"] = True  # never switched off
        return merged

    def enforces(self, category: str) -> bool:
        return self.categories.get(category, True)


@cache
def default_policy() -> Policy:
    text = resources.files("vivify.moderation").joinpath("policy.toml").read_text("utf-8")
    return _parse(tomllib.loads(text), "the bundled policy")


def load_policy(path: Path | None) -> Policy:
    """The policy at `path` laid over the defaults; the bundled one when `path` is None."""
    if path is None:
        return default_policy()
    try:
        raw = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise PolicyError(f"No policy file at {path}.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(f"Can't read the policy file {path}: {exc}.") from None
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"The policy file {path} is not valid TOML: {exc}.") from None
    base = default_policy().model_dump()
    return _parse(_merge(base, raw), str(path))


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict) and key != "block_classes":
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _parse(raw: dict[str, Any], where: str) -> Policy:
    try:
        return Policy.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise PolicyError(f"Invalid policy in {where}: {field}: {first['msg']}.") from None
