"""The engine contract: Canvas + Scene + Plan → a stream of frames (the badge is drawn after)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, Protocol

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
        progress: Callable[[str, int, int], None] | None = None,
    ) -> Iterator[RGB]:
        """Yield `plan` frame by frame; never the whole clip at once. `regions` are the masks of
        the plan's painted regions on the photo layer, by effect index (read at the edge).
        `progress` is told of work before the first frame (a model's denoising steps)."""
        ...

    def report(self) -> dict[str, Any]:
        """What the last clip was made with, for its summary (empty: nothing to add)."""
        ...

    def model_info(self) -> dict[str, str] | None:
        """The generative model behind the frames (name, version, weights hash), for the
        clip's credentials; None for an engine without one."""
        ...


ENGINES = ("motion", "diffusion")


def get_engine(name: str) -> Engine:
    """The engine that needs nothing from its caller: `motion`. The diffusion engine is built at
    the edge from the settings (its weights folder), `vivify.engines.diffusion.load_engine`."""
    from vivify.engines.motion import MotionEngine

    if name == "diffusion":
        raise VivifyError(
            "The diffusion engine needs a folder of model weights: set diffusion_weights "
            "(VIVIFY_DIFFUSION_WEIGHTS) and install it with pip install -e '.[diffusion]'."
        )
    if name != MotionEngine.name:
        raise VivifyError(f"Unknown engine '{name}'. Engines: {', '.join(ENGINES)}.")
    return MotionEngine()
