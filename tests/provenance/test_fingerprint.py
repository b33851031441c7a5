"""The perceptual fingerprint: stable under what re-sharing does, far apart for other content,
and strict about what it reads back from a manifest."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from tests.conftest import example_bytes
from vivify.intake import read_photo
from vivify.provenance import fingerprint as fp


def _frame(name: str, width: int = 360, height: int = 640) -> np.ndarray:
    rgb = read_photo(example_bytes(name)).pixels
    return np.asarray(cv2.cvtColor(cv2.resize(rgb, (width, height)), cv2.COLOR_RGB2GRAY))


def _copy(luma: np.ndarray) -> list[tuple[int, int]]:
    return fp.copy_hashes([luma], 1.0)


def test_a_frame_has_one_hash_per_crop_and_its_square() -> None:
    hashes = fp.frame_hashes(_frame("china.jpg"))
    assert len(hashes) == fp.PER_FRAME
    assert all(0 <= h < 2**fp.BITS for h in hashes)
    assert fp.frame_hashes(_frame("china.jpg")) == hashes  # deterministic


@pytest.mark.parametrize(
    "change",
    ["half size", "letterbox", "brighter", "gamma", "crop 10%", "square crop", "jpeg"],
)
def test_what_resharing_does_keeps_the_content_matched(change: str) -> None:
    luma = _frame("coffee.png")
    stored = fp.frame_hashes(luma)
    h, w = luma.shape
    if change == "half size":
        copy = cv2.resize(luma, (w // 2, h // 2), interpolation=cv2.INTER_AREA)
    elif change == "letterbox":
        copy = np.zeros((h, h), np.uint8)
        copy[:, (h - w) // 2 : (h - w) // 2 + w] = luma
    elif change == "brighter":
        copy = np.clip(luma.astype(np.float32) * 1.2, 0, 255).astype(np.uint8)
    elif change == "gamma":
        copy = (255 * (luma / 255.0) ** 0.7).astype(np.uint8)
    elif change == "crop 10%":
        copy = luma[h // 20 : h - h // 20, w // 20 : w - w // 20]
    elif change == "square crop":
        copy = luma[(h - w) // 2 : (h - w) // 2 + w]
    else:
        copy = cv2.imdecode(cv2.imencode(".jpg", luma, [cv2.IMWRITE_JPEG_QUALITY, 30])[1], 0)
    result = fp.compare(stored, _copy(np.ascontiguousarray(copy)))
    assert result.matches, (change, result.median_bits)


def test_other_content_is_far_apart() -> None:
    names = ["china.jpg", "coffee.png", "astronaut.png"]
    for a in names:
        for b in names:
            if a != b:
                result = fp.compare(fp.frame_hashes(_frame(a)), _copy(_frame(b)))
                assert not result.matches and result.median_bits > fp.MATCH_BITS + 5, (a, b)


def test_a_copy_matches_by_its_nearest_stored_frame() -> None:
    """A trimmed copy: its frames are compared with whichever stored frame is nearest."""
    frames = [_frame("china.jpg"), _frame("coffee.png")]
    stored = fp.fingerprint(frames, 2.0)  # 2 fps: one hash set per frame
    assert len(stored) == 2 * fp.PER_FRAME
    assert fp.compare(stored, _copy(frames[1])).median_bits == 0


def test_hex_round_trip_and_what_it_refuses() -> None:
    hashes = fp.frame_hashes(_frame("china.jpg"))
    assert fp.from_hex(fp.to_hex(hashes)) == hashes
    with pytest.raises(ValueError, match="bit hash"):
        fp.from_hex(["abc", *fp.to_hex(hashes)[1:]])
    with pytest.raises(ValueError, match="hashes per frame"):
        fp.from_hex(fp.to_hex(hashes)[:-1])
    with pytest.raises(ValueError):
        fp.from_hex(["zz" * (len(fp.to_hex(hashes)[0]) // 2)] * fp.PER_FRAME)
    with pytest.raises(ValueError):
        fp.compare([], _copy(_frame("china.jpg")))
    with pytest.raises(ValueError):
        fp.frame_hashes(np.zeros((4, 4), np.uint8))
