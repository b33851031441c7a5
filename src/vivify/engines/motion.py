"""The built-in `motion` engine: composes registered effects over the photo, frame by frame."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import cv2
import numpy as np

from vivify import effects
from vivify.compose import Canvas, camera_move, pan_position
from vivify.effects.base import Effect, FrameFn, RenderContext, Stage, frame_count
from vivify.errors import PlanError
from vivify.plan import EffectSpec, Plan
from vivify.plan.regions import CAMERA_MESSAGE, polygon_mask
from vivify.types import RGB, Mask, Scene

# The scene masks that say *where* something is; a painted region replaces them. Depth says how
# far (a measure, not a place) and faces are landmarks, so those stay as the scene found them.
WHERE_MASKS = ("sky", "vegetation", "water", "subject", "person", "hair")


class MotionEngine:
    name = "motion"
    version = "1.0.0"

    def report(self) -> dict[str, Any]:
        return {}

    def model_info(self) -> dict[str, str] | None:
        return None  # no generative model: effects composed over the photo

    def frames(
        self,
        canvas: Canvas,
        scene: Scene,
        plan: Plan,
        regions: Mapping[int, Mask] | None = None,
        progress: Callable[[str, int, int], None] | None = None,
    ) -> Iterator[RGB]:
        """`regions`: the painted regions' masks by effect index (`plan.regions.region_masks`);
        without them, polygon regions are drawn over the whole layer here. The first frame
        comes at once, so `progress` has nothing to be told."""
        # 1. Build each effect from the plan, in catalogue order within its stage.
        specs = sorted(
            ((effects.get(s.name).from_params(s.params), i) for i, s in enumerate(plan.effects)),
            key=lambda pair: pair[0].order,
        )
        built = [e for e, _ in specs]
        for effect, index in specs:  # the plan's validation says so too; a built plan may not
            if effect.stage is Stage.CAMERA and plan.effects[index].region is not None:
                raise PlanError(f"{effect.name}: {CAMERA_MESSAGE}.")
        lw, lh = canvas.layer.shape[1], canvas.layer.shape[0]
        fw, fh = canvas.size
        # 2. Prepare: per-clip work happens once here, not per frame.
        photo_ctx = RenderContext(lw, lh, plan.fps, plan.duration, plan.seed, scene, canvas.layer)
        frame_ctx = RenderContext(
            fw, fh, plan.fps, plan.duration, plan.seed, scene, canvas.place(canvas.layer)
        )
        on_photo = []
        for effect, index in specs:
            if effect.stage is not Stage.PHOTO:
                continue
            spec = plan.effects[index]
            if spec.region is None:
                on_photo.append((effect.prepare(photo_ctx), effect.loops))
            else:
                mask = _region_mask(spec, index, regions or {}, (lw, lh))
                on_photo.append((_brushed(effect, photo_ctx, mask), effect.loops))
        on_frame = [(e.prepare(frame_ctx), e.loops) for e in built if e.stage is Stage.CAMERA]
        # Fill framing: the frame is a window panning across the layer, unless a camera move
        # in the plan moves the camera itself (then the window stays where it starts).
        pans = canvas.pans and camera_move([s.name for s in plan.effects]) is None
        # 3. Stream: each frame is a pure function of its time.
        for index in range(frame_count(plan.duration, plan.fps)):
            t = index / plan.fps
            there_and_back = _there_and_back(t, plan.duration) if plan.loop else t
            layer = canvas.layer
            for fn, loops in on_photo:
                layer = fn(layer, t if loops else there_and_back)
            at = pan_position(t, plan.duration, plan.fps, plan.loop) if pans else 0.0
            frame = canvas.place(layer, at)
            for fn, loops in on_frame:
                frame = fn(frame, t if loops else there_and_back)
            yield frame


def _region_mask(
    spec: EffectSpec, index: int, regions: Mapping[int, Mask], size: tuple[int, int]
) -> Mask:
    """The painted region of one effect at the layer's size (w, h)."""
    w, h = size
    mask = regions.get(index)
    if mask is None:
        assert spec.region is not None
        if spec.region.mask is not None:
            raise PlanError(
                f"The region mask of {spec.name} ({spec.region.mask}) was not read; "
                "pass the masks from vivify.plan.regions.region_masks to the engine."
            )
        return polygon_mask(spec.region.shapes(), size)
    if mask.shape != (h, w):
        mask = cv2.resize(mask, (w, h), interpolation=cv2.INTER_LINEAR)
    out: Mask = np.clip(mask, 0.0, 1.0).astype(np.float32)
    return out


def _brushed(effect: Effect, ctx: RenderContext, mask: Mask) -> FrameFn:
    """Prepare `effect` inside a painted region: the region replaces every scene mask the effect
    works inside, and its output is blended back to its input outside the (feathered) region, so
    nothing out there changes because of it."""
    painted: dict[str, Any] = {name: mask for name in effect.needs if name in WHERE_MASKS}
    fn = effect.prepare(dataclasses.replace(ctx, scene=dataclasses.replace(ctx.scene, **painted)))
    ys, xs = np.nonzero(mask > 0.0)
    if ys.size == 0:
        return _unchanged
    y0, y1, x0, x1 = int(ys.min()), int(ys.max()) + 1, int(xs.min()), int(xs.max()) + 1
    alpha = mask[y0:y1, x0:x1, None]

    def apply(frame: RGB, t: float) -> RGB:
        changed = fn(frame, t)
        out = frame.copy()
        before = frame[y0:y1, x0:x1].astype(np.float32)
        after = changed[y0:y1, x0:x1].astype(np.float32)
        out[y0:y1, x0:x1] = np.clip(before + alpha * (after - before) + 0.5, 0, 255).astype(
            np.uint8
        )
        return out

    return apply


def _unchanged(frame: RGB, t: float) -> RGB:
    return frame


def _there_and_back(t: float, duration: float) -> float:
    """Time for a transition in a looping clip: forward over the first half, back over the second,
    so it ends where it began. Eased at the turn, so the reversal does not jolt."""
    x = (t % duration) / duration
    phase = 1.0 - abs(2.0 * x - 1.0)
    return duration * phase * phase * (3.0 - 2.0 * phase)
