"""Measures of a clip that need no big model: fidelity, flicker, where the motion is, loop seams,
face identity, and whether the badge is there.

Pure functions over frames; the same ones serve the tests and `vivify score`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import cv2
import numpy as np
from numpy.typing import NDArray

from vivify.compose import Badge
from vivify.types import RGB, Face, Mask

# MediaPipe face-mesh landmarks around the eyes and the mouth (with brows): the parts that
# smile and blink may change. Everything else in the face oval must stay still.
EYES_AND_MOUTH = (
    # left eye + brow
    33, 7, 163, 144, 145, 153, 154, 155, 133, 173, 157, 158, 159, 160, 161, 246, 70, 63, 105, 66,
    107, 55, 65, 52, 53, 46,
    # right eye + brow
    263, 249, 390, 373, 374, 380, 381, 382, 362, 398, 384, 385, 386, 387, 388, 466, 300, 293, 334,
    296, 336, 285, 295, 282, 283, 276,
    # lips (outer)
    61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291, 409, 270, 269, 267, 0, 37, 39, 40, 185,
)  # fmt: skip


def frame_motion(frames: Iterable[RGB]) -> NDArray[np.float32]:
    """Per-pixel mean absolute difference between consecutive frames (grey levels, H×W)."""
    total: NDArray[np.float32] | None = None
    previous: NDArray[np.float32] | None = None
    count = 0
    for frame in frames:
        current = frame.astype(np.float32).mean(axis=2)
        if previous is not None:
            step = np.abs(current - previous)
            total = step if total is None else total + step
            count += 1
        previous = current
    if total is None:
        raise ValueError("need at least two frames to measure motion")
    return total / count


def inside_outside(
    motion: NDArray[np.float32], mask: Mask, outside: NDArray[np.bool_] | None = None
) -> float:
    """Mean motion inside the mask over mean motion outside it (ratio; higher is tidier).

    `outside` defaults to every pixel the mask does not touch; pass a narrower region to leave
    out pixels that another effect moves on purpose."""
    inside = mask > 0.5
    if outside is None:
        outside = mask <= 1e-3
    if not inside.any() or not outside.any():
        raise ValueError("the mask must have pixels both inside and outside")
    return float(motion[inside].mean() / max(float(motion[outside].mean()), 1e-3))


def badge_contrast(frame: RGB | NDArray[np.uint8], badge: Badge) -> float:
    """Mean brightness of the badge's letters minus that of its box, in grey levels (the lower
    of the badge's copies).

    `frame` is RGB (brightness is the channels' mean) or a frame's luma plane alone (H×W), as
    the video gate decodes it. The badge is white letters on a dark box: on any background a
    present badge scores > 100.
    """
    h, w = badge.alpha.shape[:2]
    box = (badge.alpha[..., 0] > 0.7) & ~_grow(badge.text_mask, 2)
    contrasts = []
    for x, y in badge.places:  # every copy of the badge must be there: the weakest counts
        region = frame[y : y + h, x : x + w].astype(np.float32)
        if region.ndim == 3:
            region = region.mean(axis=2)
        contrasts.append(float(region[badge.text_mask].mean() - region[box].mean()))
    return min(contrasts)


def _grow(mask: NDArray[np.bool_], pixels: int) -> NDArray[np.bool_]:
    out = mask.copy()
    for axis in (0, 1):
        for shift in range(1, pixels + 1):
            out |= np.roll(mask, shift, axis) | np.roll(mask, -shift, axis)
    return out


def psnr(a: RGB, b: RGB, mask: NDArray[np.bool_] | None = None) -> float:
    """Peak signal-to-noise ratio in dB (inf for identical images), optionally inside a mask."""
    diff = (a.astype(np.float64) - b.astype(np.float64)) ** 2
    if mask is not None:
        diff = diff[mask]
    mse = float(diff.mean())
    return float("inf") if mse == 0 else float(10 * np.log10(255.0**2 / mse))


def flicker(frames: Sequence[RGB]) -> dict[str, float]:
    """Mean absolute difference of consecutive frames, and the spread (std) of frame brightness."""
    means = [float(f.mean()) for f in frames]
    steps = [
        float(np.abs(frames[i + 1].astype(np.float32) - frames[i].astype(np.float32)).mean())
        for i in range(len(frames) - 1)
    ]
    return {"mean_abs_diff": float(np.mean(steps)) if steps else 0.0,
            "brightness_std": float(np.std(means))}  # fmt: skip


def frame_zero_psnr(first: RGB, photo: RGB, overlay: bool) -> float:
    """Frame 0 against the photo, in dB. An effect that draws an overlay (particles) has it in
    frame 0 for a seamless loop: it is measured outside the overlay, a few pixels clear of it."""
    if not overlay:
        return psnr(first, photo)
    changed = np.abs(first.astype(int) - photo.astype(int)).max(axis=2) > 8
    outside = ~cv2.dilate(changed.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    return psnr(first, photo, outside) if outside.any() else 0.0


def flow_magnitude(
    frames: Sequence[RGB], every: int = 1, scale: float = 0.5
) -> NDArray[np.float32]:
    """Mean optical-flow magnitude per pixel (in full-size pixels per frame), Farneback's method
    on consecutive frames, computed at `scale` of the size for speed."""
    total: NDArray[np.float32] | None = None
    count = 0
    h, w = frames[0].shape[:2]
    size = (max(16, round(w * scale)), max(16, round(h * scale)))
    grey = [cv2.resize(cv2.cvtColor(f, cv2.COLOR_RGB2GRAY), size, interpolation=cv2.INTER_AREA)
            for f in frames]  # fmt: skip
    for i in range(0, len(grey) - 1, every):
        flow = cv2.calcOpticalFlowFarneback(grey[i], grey[i + 1], None, 0.5, 3, 15, 3, 5, 1.2, 0)
        mag = np.hypot(flow[..., 0], flow[..., 1]).astype(np.float32)
        total = mag if total is None else total + mag
        count += 1
    if total is None:
        raise ValueError("need at least two frames to measure motion")
    out = cv2.resize(total / count, (w, h), interpolation=cv2.INTER_LINEAR) / scale
    return np.asarray(out, np.float32)


def loop_seam(frames: Sequence[RGB]) -> float:
    """The last→first frame difference over the median consecutive difference (≤ ~1 loops)."""
    steps = [
        float(np.abs(frames[i + 1].astype(np.float32) - frames[i].astype(np.float32)).mean())
        for i in range(len(frames) - 1)
    ]
    seam = float(np.abs(frames[0].astype(np.float32) - frames[-1].astype(np.float32)).mean())
    median = float(np.median(steps)) if steps else 0.0
    if median < 1e-6:
        return 0.0 if seam < 1e-6 else float("inf")
    return seam / median


def face_still_mask(face: Face, height: int, width: int) -> NDArray[np.bool_]:
    """The face oval minus the eyes, brows and mouth (grown a little): what must not change."""
    from vivify.scene.person import face_oval

    oval = face_oval(face, height, width) > 0
    moving = np.zeros((height, width), np.uint8)
    pts = face.landmarks
    eyes_mouth = [list(EYES_AND_MOUTH[:26]), list(EYES_AND_MOUTH[26:52]), list(EYES_AND_MOUTH[52:])]
    for group in eyes_mouth:
        hull = cv2.convexHull(pts[group].astype(np.int32))
        cv2.fillConvexPoly(moving, hull, 1)
    grow = max(3, int(0.06 * max(face.box[2], face.box[3])))
    moving = cv2.dilate(moving, np.ones((grow, grow), np.uint8))
    still: NDArray[np.bool_] = oval & (moving == 0)
    return still


def face_identity_error(frames: Sequence[RGB], faces: Sequence[Face]) -> float:
    """Largest mean absolute change (0..1 scale) of any face outside its eyes and mouth, against
    frame 0, once each frame's face is aligned to frame 0 (a head that tilts or nods is still the
    same face). ≤ 2/255 means the person is still the same person."""
    if not faces:
        return 0.0
    h, w = frames[0].shape[:2]
    worst = 0.0
    first = frames[0].astype(np.float32)
    for face in faces:
        still = face_still_mask(face, h, w)
        if not still.any():
            continue
        x, y, bw, bh = face.box
        pad = max(bw, bh) // 4
        x0, y0 = max(0, x - pad), max(0, y - pad)
        x1, y1 = min(w, x + bw + pad), min(h, y + bh + pad)
        ref = first[y0:y1, x0:x1]
        keep = still[y0:y1, x0:x1]
        # Compared a little softened: resampling a moved face blurs it by a fraction of a
        # pixel, which is not a change of who it is.
        soft_ref = cv2.GaussianBlur(ref, (0, 0), 0.8)
        for frame in frames[1:]:
            crop = _aligned(ref, frame[y0:y1, x0:x1].astype(np.float32), keep)
            soft = cv2.GaussianBlur(crop, (0, 0), 0.8)
            err = float(np.abs(soft - soft_ref)[keep].mean()) / 255.0
            worst = max(worst, err)
    return worst


def _aligned(
    ref: NDArray[np.float32], crop: NDArray[np.float32], mask: NDArray[np.bool_]
) -> NDArray[np.float32]:
    """`crop` turned and shifted onto `ref` (a rigid fit over `mask`), or as it is when it
    already matches or no fit is found."""
    if np.abs(crop - ref)[mask].mean() < 0.5:
        return crop
    grey_ref = cv2.cvtColor(ref, cv2.COLOR_RGB2GRAY)
    grey = cv2.cvtColor(crop, cv2.COLOR_RGB2GRAY)
    warp = np.eye(2, 3, dtype=np.float32)
    criteria = (cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, 50, 1e-5)
    try:
        _, warp = cv2.findTransformECC(
            grey_ref, grey, warp, cv2.MOTION_EUCLIDEAN, criteria, mask.astype(np.uint8), 5
        )
    except cv2.error:
        return crop
    size = (ref.shape[1], ref.shape[0])
    flags = cv2.INTER_LINEAR + cv2.WARP_INVERSE_MAP
    out: NDArray[np.float32] = cv2.warpAffine(
        crop, warp, size, flags=flags, borderMode=cv2.BORDER_REPLICATE
    )
    return out
