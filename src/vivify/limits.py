"""The limits of a clip request, in one place: the request model (`vivify.request`), the plan
format (`vivify.plan.schema`) and every edge (the CLI's options, the service, the worker) read
them from here, so a limit is never checked one way here and another way there."""

from __future__ import annotations

MAX_PROMPT = 500  # characters: a prompt says what should happen, not an essay
DURATION = (0.5, 60.0)  # seconds
# At least 240 px: smaller frames carry the watermark unreliably (its tile is 128 px; measured:
# 17/18 payloads read back at 180x320, 18/18 from 240x426 up). Even: H.264 4:2:0 needs it.
WIDTH = (240, 2160)
HEIGHT = (240, 3840)
FPS = (1, 60)
SEED = (0, 2**31 - 1)
MAX_REGIONS = 32  # painted regions laid over a plan
MAX_EFFECTS = 32  # effects in one plan (the catalogue has fewer kinds than that)
MAX_PHOTO_BYTES = 50 * 1024 * 1024
MAX_PLAN_BYTES = 1024 * 1024  # a plan file is a few KB
MAX_MASK_BYTES = 20 * 1024 * 1024  # a painted region's mask image
MAX_VIDEO_BYTES = 2 * 1024 * 1024 * 1024  # a clip given to verify or score


def even(value: int) -> int:
    """A frame side, which H.264 with 4:2:0 chroma needs even (a validator for both models)."""
    if value % 2:
        raise ValueError("must be even (H.264 with 4:2:0 chroma needs even sizes)")
    return value
