"""Does the motion land where the prompt asks? Measured on real photos with boxes drawn by hand.

A case is a photo, a prompt, boxes where motion must be and boxes where the picture must stay
still (fractions of the photo's width and height). The clip is rendered by the real engine and
measured with DIS optical flow on the photo's own area, scaled to 960 pixels wide:
- the mean flow inside the "move" boxes is at least 0.2 px/frame;
- the mean flow inside the "stay" boxes is at most a third of that;
- the clip is not frozen, and frame 0 is the photo (at least 40 dB).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from vivify.effects import registry
from vivify.engines import get_engine
from vivify.pipeline import ClipRequest, prepare
from vivify.quality import frame_zero_psnr
from vivify.types import RGB

MEASURE_WIDTH = 960
MIN_MOVE = 0.2  # px/frame at 960 px wide
STAY_RATIO = 1.0 / 3.0
Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Case:
    photo: str
    prompt: str
    move: tuple[Box, ...]
    stay: tuple[Box, ...] = ()
    kind: str = ""
    consent: bool = False

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Case:
        def boxes(key: str) -> tuple[Box, ...]:
            out = []
            for b in raw.get(key, []):
                x0, y0, x1, y1 = (float(v) for v in b)
                if not (0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1):
                    raise ValueError(f"{raw.get('photo')}: bad {key} box {b}")
                out.append((x0, y0, x1, y1))
            return tuple(out)

        return cls(
            photo=str(raw["photo"]),
            prompt=str(raw["prompt"]),
            move=boxes("move"),
            stay=boxes("stay"),
            kind=str(raw.get("kind", "")),
            consent=bool(raw.get("consent", False)),
        )


@dataclass(frozen=True)
class CaseResult:
    case: Case
    effects: tuple[str, ...]
    move: float  # mean flow in the move boxes, px/frame at 960 px wide
    stay: float  # mean flow in the stay boxes (0 when there are none)
    first_psnr: float
    changed: float  # mean absolute change of the last frame against the first, grey levels
    notes: tuple[str, ...] = field(default=())

    @property
    def passed(self) -> bool:
        return not self.failures

    @property
    def failures(self) -> list[str]:
        out = []
        if self.move < MIN_MOVE:
            out.append(f"move {self.move:.3f} < {MIN_MOVE}")
        if self.case.stay and self.stay > STAY_RATIO * max(self.move, MIN_MOVE):
            out.append(f"stay {self.stay:.3f} > move/3")
        if self.changed < 0.05:
            out.append("frozen")
        if self.first_psnr < 40.0:
            out.append(f"frame 0 at {self.first_psnr:.1f} dB")
        return out

    def line(self) -> str:
        """One line: the case, its flow inside its boxes, the effects that ran, the verdict."""
        verdict = "pass" if self.passed else "FAIL " + "; ".join(self.failures)
        return (
            f"{self.case.photo:22s} {self.case.prompt[:34]:34s} move {self.move:5.2f} "
            f"stay {self.stay:5.2f} [{', '.join(self.effects)}] {verdict}"
        )


def load_cases(path: Path) -> list[Case]:
    return [Case.from_dict(raw) for raw in json.loads(path.read_text())]


def render_case(
    case: Case,
    photo: bytes,
    seconds: float = 2.0,
    fps: int = 30,
    size: tuple[int, int] = (540, 960),
) -> CaseResult:
    """Render the case with the real engine (before encoding) and measure it."""
    request = ClipRequest(
        photo=photo,
        prompt=case.prompt,
        duration=seconds,
        fps=fps,
        width=size[0],
        height=size[1],
        people_consent=case.consent,
        framing="bands",
    )
    prepared = prepare(request)
    canvas = prepared.canvas
    frames = get_engine("motion").frames(canvas, prepared.scene, prepared.plan)
    h, w = canvas.layer.shape[:2]
    layers = [
        np.ascontiguousarray(f[canvas.y : canvas.y + h, canvas.x : canvas.x + w]) for f in frames
    ]
    flow = dis_flow(layers)
    move = _mean_in(flow, case.move)
    stay = _mean_in(flow, case.stay) if case.stay else 0.0
    # Effects that draw an overlay have it in frame 0 and are measured outside it, as the
    # quality bars measure them.
    overlay = any(registry()[s.name].overlay for s in prepared.plan.effects)
    first = frame_zero_psnr(layers[0], canvas.layer, overlay)
    changed = max(
        float(np.abs(f.astype(np.float32) - layers[0].astype(np.float32)).mean()) for f in layers
    )
    return CaseResult(
        case=case,
        effects=tuple(s.name for s in prepared.plan.effects),
        move=move,
        stay=stay,
        first_psnr=first,
        changed=changed,
        notes=tuple(prepared.plan.notes),
    )


def dis_flow(frames: Sequence[RGB], width: int = MEASURE_WIDTH) -> NDArray[np.float32]:
    """Mean DIS optical-flow magnitude per pixel, in px/frame, with frames scaled to `width`."""
    h, w = frames[0].shape[:2]
    size = (width, max(16, round(h * width / w)))
    dis = cv2.DISOpticalFlow.create(cv2.DISOPTICAL_FLOW_PRESET_MEDIUM)
    grey = [
        cv2.resize(cv2.cvtColor(f, cv2.COLOR_RGB2GRAY), size, interpolation=cv2.INTER_LINEAR)
        for f in frames
    ]
    total = np.zeros((size[1], size[0]), np.float32)
    for a, b in itertools.pairwise(grey):
        flow = dis.calc(a, b, None)
        total += np.hypot(flow[..., 0], flow[..., 1])
    return total / max(len(grey) - 1, 1)


def _mean_in(flow: NDArray[np.float32], boxes: Sequence[Box]) -> float:
    h, w = flow.shape
    values = []
    for x0, y0, x1, y1 in boxes:
        region = flow[round(y0 * h) : max(round(y1 * h), round(y0 * h) + 1),
                      round(x0 * w) : max(round(x1 * w), round(x0 * w) + 1)]  # fmt: skip
        values.append(region.ravel())
    return float(np.concatenate(values).mean()) if values else 0.0
