"""The built-in `motion` engine: composes registered effects over the photo, frame by frame."""

from __future__ import annotations

from collections.abc import Iterator

from vivify import effects
from vivify.compose import Canvas, camera_move, pan_position
from vivify.effects.base import RenderContext, Stage, frame_count
from vivify.plan import Plan
from vivify.types import RGB, Scene


class MotionEngine:
    name = "motion"
    version = "1.0.0"

    def frames(self, canvas: Canvas, scene: Scene, plan: Plan) -> Iterator[RGB]:
        # 1. Build each effect from the plan, in catalogue order within its stage.
        built = [effects.get(s.name).from_params(s.params) for s in plan.effects]
        built.sort(key=lambda e: e.order)
        lw, lh = canvas.layer.shape[1], canvas.layer.shape[0]
        fw, fh = canvas.size
        # 2. Prepare: per-clip work happens once here, not per frame.
        photo_ctx = RenderContext(lw, lh, plan.fps, plan.duration, plan.seed, scene, canvas.layer)
        frame_ctx = RenderContext(
            fw, fh, plan.fps, plan.duration, plan.seed, scene, canvas.place(canvas.layer)
        )
        on_photo = [(e.prepare(photo_ctx), e.loops) for e in built if e.stage is Stage.PHOTO]
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


def _there_and_back(t: float, duration: float) -> float:
    """Time for a transition in a looping clip: forward over the first half, back over the second,
    so it ends where it began. Eased at the turn, so the reversal does not jolt."""
    x = (t % duration) / duration
    phase = 1.0 - abs(2.0 * x - 1.0)
    return duration * phase * phase * (3.0 - 2.0 * phase)
