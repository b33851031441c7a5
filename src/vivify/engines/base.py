"""The engine contract: Canvas + Scene + Plan → a stream of frames (the badge is drawn after)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Protocol

from vivify.compose import Canvas
from vivify.errors import VivifyError
from vivify.plan import Plan
from vivify.types import RGB, Mask, Scene


class Engine(Protocol):
    name: str
    version: str

    def frames(
        self,
        canvas: Canvas,
        scene: Scene,
        plan: Plan,
        regions: Mapping[int, Mask] | None = None,
    ) -> Iterator[RGB]:
        """Yield `plan` frame by frame; never the whole clip at once. `regions` are the masks of
        the plan's painted regions on the photo layer, by effect index (read at the edge)."""
        ...


def get_engine(name: str) -> Engine:
    from vivify.engines.motion import MotionEngine

    engines: dict[str, Engine] = {MotionEngine.name: MotionEngine()}
    if name not in engines:
        raise VivifyError(f"Unknown engine '{name}'. Available here: {', '.join(engines)}.")
    return engines[name]
