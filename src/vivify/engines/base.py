"""The engine contract: Canvas + Scene + Plan → a stream of frames (the badge is drawn after)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from vivify.compose import Canvas
from vivify.errors import VivifyError
from vivify.plan import Plan
from vivify.types import RGB, Scene


class Engine(Protocol):
    name: str
    version: str

    def frames(self, canvas: Canvas, scene: Scene, plan: Plan) -> Iterator[RGB]:
        """Yield `plan` frame by frame; never the whole clip at once."""
        ...


def get_engine(name: str) -> Engine:
    from vivify.engines.motion import MotionEngine

    engines: dict[str, Engine] = {MotionEngine.name: MotionEngine()}
    if name not in engines:
        raise VivifyError(f"Unknown engine '{name}'. Available here: {', '.join(engines)}.")
    return engines[name]
