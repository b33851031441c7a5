"""The invisible watermark: its code, its invisibility, its survival through real x264 re-encodes,
downscales and crops of clips made from the example photos, and no detections in unmarked video.

Every attack starts from the clip as published (encoded by `ClipWriter` at its default CRF) and
re-encodes it the way a re-share would; the detector is never told what was done.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pytest

from tests.conftest import example_bytes
from tests.reporting import report
from vivify.compose import Canvas, badge_for, make_canvas
from vivify.engines import get_engine
from vivify.intake import read_photo
from vivify.media import probe
from vivify.media.encode import ClipWriter, EncoderSettings
from vivify.plan import plan_from_dict
from vivify.provenance import _watermark_code as code
from vivify.provenance import watermark
from vivify.provenance.watermark import (
    ALGORITHM,
    MIN_CONFIDENCE,
    PAYLOAD_BITS,
    Watermarker,
    decide,
    detect,
    detect_file,
    measure,
    measure_file,
)
from vivify.quality import psnr
from vivify.types import RGB, Scene

W, H, FPS = 720, 1280, 30
FRAMES = 60  # 2 s: enough votes, and the file stays fast
# Edge payloads on purpose: all zeros and all ones must be as safe as any other.
PAYLOADS = {"china.jpg": 0xC0FFEE42, "astronaut.png": 0, "coffee.png": 0xFFFFFFFF}


def test_interface_constants() -> None:
    assert PAYLOAD_BITS == 32
    assert ALGORITHM == "org.vivify.watermark.1"


# --- the code ------------------------------------------------------------------------------------


def test_code_corrects_up_to_three_errors() -> None:
    rng = np.random.default_rng(1)
    for trial in range(200):
        payload = int(rng.integers(0, 2**32))
        word = code.encode(payload)
        errors = trial % 4
        word[rng.choice(code.N, errors, replace=False)] ^= 1
        assert code.decode(word) == (payload, errors)


def test_code_never_returns_a_wrong_payload() -> None:
    rng = np.random.default_rng(2)
    for errors in (4, 5, 8):
        for _ in range(150):
            payload = int(rng.integers(0, 2**32))
            word = code.encode(payload)
            word[rng.choice(code.N, errors, replace=False)] ^= 1
            decoded = code.decode(word)
            assert decoded is None or decoded[0] == payload
    random_words = (rng.integers(0, 2, code.N).astype(np.uint8) for _ in range(3000))
    assert sum(code.decode(w) is not None for w in random_words) == 0


def test_code_rejects_payloads_out_of_range() -> None:
    for bad in (-1, 2**32):
        with pytest.raises(ValueError, match="32 bits"):
            code.encode(bad)


# --- embedding -----------------------------------------------------------------------------------


def _pan(photo: str, frames: int, seed: int = 0) -> Iterator[RGB]:
    """The photo on a story canvas with a slow zoom and drift, badge drawn: real clip content."""
    canvas = make_canvas(read_photo(example_bytes(photo)).pixels, (W, H))
    base = canvas.place(canvas.layer)
    badge = badge_for(W, H)
    rng = np.random.default_rng(seed)
    zoom, drift = rng.uniform(0.03, 0.08), rng.uniform(-30, 30, 2)
    for i in range(frames):
        t = i / max(1, frames - 1)
        m = cv2.getRotationMatrix2D((W / 2, H / 2), 0.0, 1 + zoom * t)
        m[:, 2] += drift * t
        yield badge.draw(cv2.warpAffine(base, m, (W, H), borderMode=cv2.BORDER_REFLECT))


def _wind(prepared: tuple[Canvas, Scene], frames: int) -> Iterator[RGB]:
    """The real engine's 'wind' over china.jpg, as `make_clip` renders it."""
    canvas, scene = prepared
    plan = plan_from_dict({"effects": [{"name": "wind"}], "duration": frames / FPS, "fps": FPS})
    badge = badge_for(W, H)
    for frame in get_engine("motion").frames(canvas, scene, plan):
        yield badge.draw(frame)


def test_embed_returns_a_new_frame_and_leaves_the_input_alone() -> None:
    frame = next(_pan("coffee.png", 1))
    before = frame.copy()
    marked = Watermarker(123, W, H).embed(frame)
    assert np.array_equal(frame, before)
    assert marked is not frame and marked.dtype == np.uint8 and marked.shape == frame.shape
    assert not np.array_equal(marked, frame)
    assert np.array_equal(marked, Watermarker(123, W, H).embed(frame))  # deterministic


def test_embed_rejects_a_frame_of_another_size() -> None:
    with pytest.raises(ValueError, match="expected"):
        Watermarker(1, W, H).embed(np.zeros((H, W // 2, 3), np.uint8))


def test_mark_is_luma_only() -> None:
    """The same delta on R, G and B: colours keep their chroma (up to clipping at 0 and 255)."""
    frame = next(_pan("astronaut.png", 1))
    marked = Watermarker(7, W, H).embed(frame)
    delta = marked.astype(int) - frame.astype(int)
    inside = ((marked > 0) & (marked < 255)).all(axis=2)  # no channel saturated
    assert inside.mean() > 0.9
    assert np.array_equal(delta[..., 0][inside], delta[..., 1][inside])
    assert np.array_equal(delta[..., 0][inside], delta[..., 2][inside])


@pytest.mark.parametrize(
    "content",
    ["china.jpg", "astronaut.png", "coffee.png", "noise", "flat", "black", "white"],
)
def test_psnr_is_at_least_38_db(content: str) -> None:
    """Busy content gets the most mark (the RMS cap); flat and clipped content less."""
    rng = np.random.default_rng(3)
    frame: RGB
    if content == "noise":  # everywhere busy: the worst case
        frame = rng.integers(0, 256, (H, W, 3), dtype=np.uint8)
    elif content in ("flat", "black", "white"):
        level = {"flat": 128, "black": 0, "white": 255}[content]
        frame = np.full((H, W, 3), level, np.uint8)
    else:
        frame = next(_pan(content, 1))
    marked = Watermarker(0xABCDEF01, W, H).embed(frame)
    value = psnr(marked, frame)
    report(f"watermark PSNR on {content}: {value:.1f} dB")
    assert value >= 38.0


def test_detects_uncompressed_frames_and_other_sizes() -> None:
    for width, height in ((720, 1280), (1080, 1920), (480, 480)):
        frames = [np.full((height, width, 3), 90 + 10 * i, np.uint8) for i in range(3)]
        frames[1][::7] = 200  # some structure
        marker = Watermarker(0x5151, width, height)
        found = detect(marker.embed(f) for f in frames)
        assert found is not None and found.payload == 0x5151
        assert found.scale == 1.0 and found.frames == 3 and found.bit_errors_corrected == 0


# --- robustness: real encodes --------------------------------------------------------------------


@dataclass(frozen=True)
class Published:
    payload: int
    path: Path


@pytest.fixture(scope="module")
def published(
    tmp_path_factory: pytest.TempPathFactory, china_prepared: tuple[Canvas, Scene]
) -> dict[str, Published]:
    """Each example photo made into a marked 2 s clip, encoded as vivify publishes it."""
    out: dict[str, Published] = {}
    folder = tmp_path_factory.mktemp("watermark")
    for photo, payload in PAYLOADS.items():
        marker = Watermarker(payload, W, H)
        frames = _wind(china_prepared, FRAMES) if photo == "china.jpg" else _pan(photo, FRAMES)
        path = folder / f"{Path(photo).stem}.mp4"
        with ClipWriter(path, W, H, FPS) as writer:
            for frame in frames:
                writer.write(marker.embed(frame))
        out[photo] = Published(payload, path)
    return out


def _centre_crop(frame: RGB) -> RGB:
    h, w = frame.shape[:2]
    dy, dx = round(h * 0.05), round(w * 0.05)
    return np.ascontiguousarray(frame[dy : h - dy, dx : w - dx])


def _corner_crop(frame: RGB) -> RGB:
    h, w = frame.shape[:2]
    return np.ascontiguousarray(frame[h - (h * 9 // 20) * 2 :, w - (w * 9 // 20) * 2 :])


def _half(frame: RGB) -> RGB:
    h, w = frame.shape[:2]
    return np.asarray(cv2.resize(frame, (w // 2, h // 2), interpolation=cv2.INTER_AREA))


# name → (frame transform, CRF of the re-encode); 23 is x264's default.
ATTACKS: dict[str, tuple[Callable[[RGB], RGB], int]] = {
    "crf28": (lambda f: f, 28),
    "half": (_half, 23),
    "half+crf28": (_half, 28),
    "crop10%": (_centre_crop, 23),
    "corner-crop10%+crf28": (_corner_crop, 28),
    # A front camera or a duet mirrors; a phone held the other way turns the frame.
    "mirror": (lambda f: np.ascontiguousarray(f[:, ::-1]), 23),
    "turn90": (lambda f: np.ascontiguousarray(np.rot90(f)), 23),
    "turn180+half": (lambda f: _half(np.ascontiguousarray(f[::-1, ::-1])), 23),
    "upside-down": (lambda f: np.ascontiguousarray(f[::-1]), 28),
}
# How `detect` names the turn it undid for each attack that turns the frame.
ORIENTATION = {
    "mirror": "mirrored",
    "turn90": "turned 90° anticlockwise",
    "turn180+half": "turned 180°",
    "upside-down": "mirrored and turned 180°",
}


def _reshare(src: Path, dst: Path, transform: Callable[[RGB], RGB], crf: int) -> Path:
    writer: ClipWriter | None = None
    for frame in probe.frames(src):
        out = transform(frame)
        if writer is None:
            h, w = out.shape[:2]
            writer = ClipWriter(dst, w, h, FPS, settings=EncoderSettings(crf=crf))
        writer.write(out)
    assert writer is not None
    writer.close()
    return dst


@pytest.mark.parametrize("photo", list(PAYLOADS))
def test_published_clip_carries_its_payload(photo: str, published: dict[str, Published]) -> None:
    clip = published[photo]
    found = detect_file(clip.path)
    assert found is not None and found.payload == clip.payload
    assert found.bit_errors_corrected == 0 and found.scale == 1.0
    assert found.frames == FRAMES


@pytest.mark.parametrize("attack", list(ATTACKS))
@pytest.mark.parametrize("photo", list(PAYLOADS))
def test_payload_survives_reshare(
    photo: str, attack: str, published: dict[str, Published], tmp_path: Path
) -> None:
    clip = published[photo]
    transform, crf = ATTACKS[attack]
    copy = _reshare(clip.path, tmp_path / "copy.mp4", transform, crf)
    reading = measure_file(copy)  # what detect_file decides on, read once
    assert reading is not None
    accuracy = float(np.mean(reading.bits == code.encode(clip.payload)))  # before correction
    found = decide(reading)
    report(
        f"watermark {attack:>21} {photo:>13}: raw bit accuracy {accuracy:.3f}, sync z "
        f"{reading.confidence:.1f}, payload "
        f"{'recovered' if found and found.payload == clip.payload else 'LOST'}"
    )
    assert accuracy >= 0.95
    assert found is not None and found.payload == clip.payload
    assert 1 - found.bit_errors_corrected / code.N == pytest.approx(accuracy)
    if "half" in attack:
        assert found.scale == pytest.approx(0.5, rel=0.01)
    assert found.orientation == ORIENTATION.get(attack, "as made")


@pytest.mark.parametrize(
    ("photo", "crop", "factor"),
    [
        ("coffee.png", True, 0.6),  # cropped 10%, then resized by a scale the quick search skips
        ("china.jpg", False, 0.27),  # a quarter of the size, near the smallest that reads
    ],
)
def test_thorough_search_finds_a_copy_resized_by_an_odd_factor(
    published: dict[str, Published], tmp_path: Path, photo: str, crop: bool, factor: float
) -> None:
    def resize(frame: RGB) -> RGB:
        cropped = _centre_crop(frame) if crop else frame
        h, w = cropped.shape[:2]
        size = (round(w * factor) // 2 * 2, round(h * factor) // 2 * 2)
        return np.asarray(cv2.resize(cropped, size, interpolation=cv2.INTER_AREA))

    clip = published[photo]
    copy = _reshare(clip.path, tmp_path / "copy.mp4", resize, 23)
    found = detect_file(copy, thorough=True)
    assert found is not None and found.payload == clip.payload
    assert found.scale == pytest.approx(factor, rel=0.02)


def _tilt(frame: RGB, degrees: float) -> RGB:
    h, w = frame.shape[:2]
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    return np.asarray(cv2.warpAffine(frame, turn, (w, h), borderMode=cv2.BORDER_CONSTANT))


@pytest.mark.parametrize(
    ("attack", "tilt", "aspect"),
    [("tilt 2°", 2.0, 1.0), ("tilt -3.3°", -3.3, 1.0), ("10% wider", 0.0, 1.1)],
)
def test_thorough_search_reads_a_tilted_or_stretched_copy(
    published: dict[str, Published], tmp_path: Path, attack: str, tilt: float, aspect: float
) -> None:
    def transform(frame: RGB) -> RGB:
        if tilt:
            return _tilt(frame, tilt)
        h, w = frame.shape[:2]
        return np.asarray(cv2.resize(frame, (round(w * aspect) // 2 * 2, h)))

    clip = published["china.jpg"]
    copy = _reshare(clip.path, tmp_path / "copy.mp4", transform, 23)
    assert detect_file(copy) is None  # the quick search does not undo these
    found = detect_file(copy, thorough=True)
    assert found is not None and found.payload == clip.payload, attack
    assert found.tilt == pytest.approx(tilt, abs=0.5)
    assert found.aspect == pytest.approx(aspect, rel=0.02)


# --- no false detections -------------------------------------------------------------------------


def _unmarked(china: tuple[Canvas, Scene]) -> Iterator[tuple[str, list[RGB]]]:
    """200+ short unmarked frame stacks: photo-derived clips and hostile synthetic content."""
    rng = np.random.default_rng(11)
    sizes = [(360, 640), (270, 480), (720, 1280), (480, 854), (640, 360), (512, 512)]
    photos = [read_photo(example_bytes(p)).pixels for p in PAYLOADS]
    for i in range(90):  # the example photos: framed or cropped, zooming, drifting, turning
        w, h = sizes[i % len(sizes)]
        photo = photos[i % 3]
        if i % 2:
            canvas = make_canvas(photo, (w, h))
            base = canvas.place(canvas.layer)
        else:
            y, x = rng.integers(0, photo.shape[0] // 4), rng.integers(0, photo.shape[1] // 4)
            base = cv2.resize(photo[y:, x:], (w, h), interpolation=cv2.INTER_CUBIC)
        if i % 3 == 0:
            base = badge_for(w, h).draw(np.ascontiguousarray(base))
        zoom, turn, drift = rng.uniform(1, 1.3), rng.uniform(-3, 3), rng.uniform(-30, 30, 2)
        stack = []
        for k in range(4):
            m = cv2.getRotationMatrix2D((w / 2, h / 2), turn * k / 3, zoom + 0.02 * k)
            m[:, 2] += drift * k / 3
            stack.append(cv2.warpAffine(base, m, (w, h), borderMode=cv2.BORDER_REFLECT))
        yield f"photo-{i}", stack
    canvas, scene = china
    for effect in ("wind", "rain", "snow", "sunset", "zoom_in", "water"):
        plan = plan_from_dict({"effects": [{"name": effect}], "duration": 0.5, "fps": 8})
        yield f"engine-{effect}", list(get_engine("motion").frames(canvas, scene, plan))
    for i in range(30):  # noise: white, band-limited like the mark itself, static or changing
        w, h = sizes[i % len(sizes)]
        sigma = (0.0, 1.0, 1.8, 3.0, 6.0)[i % 5]
        stack = []
        field = rng.standard_normal((h, w, 3 if i % 4 == 0 else 1)).astype(np.float32)
        for _ in range(3):
            if i % 2:
                field = rng.standard_normal(field.shape).astype(np.float32)
            noise = cv2.GaussianBlur(field, (0, 0), sigma) if sigma else field
            noise = noise.reshape(h, w, -1) / (noise.std() + 1e-6)
            level = rng.uniform(4, 40) * noise + rng.uniform(60, 200)
            stack.append(np.clip(np.broadcast_to(level, (h, w, 3)), 0, 255).astype(np.uint8))
        yield f"noise-{sigma}", stack
    for i in range(30):  # flat colours and gradients
        w, h = sizes[i % len(sizes)]
        c0, c1 = rng.integers(0, 256, 3), rng.integers(0, 256, 3)
        if i % 3 == 0:
            c1 = c0
        yy, xx = np.mgrid[0:h, 0:w]
        angle = rng.uniform(0, np.pi)
        ramp = np.cos(angle) * yy / h + np.sin(angle) * xx / w
        ramp = (ramp - ramp.min()) / (np.ptp(ramp) + 1e-9)
        yield f"gradient-{i}", [(c0 + (c1 - c0) * ramp[..., None]).astype(np.uint8)] * 3
    for i in range(30):  # text-like: random strings in random fonts, scrolling
        w, h = sizes[i % len(sizes)]
        page = np.full((h, w, 3), rng.integers(0, 256, 3), np.uint8)
        for _ in range(int(rng.integers(5, 40))):
            text = "".join(chr(int(c)) for c in rng.integers(33, 126, int(rng.integers(3, 20))))
            at = (int(rng.integers(0, w)), int(rng.integers(0, h)))
            color = tuple(int(v) for v in rng.integers(0, 256, 3))
            font, size = int(rng.integers(0, 8)), float(rng.uniform(0.4, 2.5))
            cv2.putText(page, text, at, font, size, color, int(rng.integers(1, 4)))
        yield f"text-{i}", [np.roll(page, 2 * k, axis=0) for k in range(3)]
    for i in range(30):  # periodic: stripes, checks and grids, many dividing the tile size
        w, h = sizes[i % len(sizes)]
        period = (4, 8, 16, 32, 64, 128, 12, 100, 6, 50)[i % 10]
        yy, xx = np.mgrid[0:h, 0:w]
        half = max(1, period // 2)
        kind = i % 3
        if kind == 0:
            mask = (xx // half) % 2 == 0
        elif kind == 1:
            mask = (xx // half + yy // half) % 2 == 0
        else:
            mask = (xx % period < 2) | (yy % period < 2)
        image = np.where(mask[..., None], rng.integers(0, 256, 3), rng.integers(0, 256, 3))
        yield f"periodic-{period}", [image.astype(np.uint8)] * 2


def test_no_false_detections_in_unmarked_video(
    china_prepared: tuple[Canvas, Scene], tmp_path: Path
) -> None:
    count, strongest = 0, (0.0, "")
    for name, frames in _unmarked(china_prepared):
        reading = measure(frames)
        assert reading is not None
        assert decide(reading) is None, f"false detection in {name}"
        strongest = max(strongest, (reading.confidence, name))
        count += 1
    # Encoded files too: real x264 output of photo clips, noise and text, read back from disk.
    for i, (photo, crf) in enumerate(
        [("china.jpg", 20), ("astronaut.png", 28), ("coffee.png", 23)] * 2
    ):
        path = tmp_path / f"unmarked-{i}.mp4"
        size = (W, H) if i < 3 else (W // 2, H // 2)
        with ClipWriter(path, *size, FPS, settings=EncoderSettings(crf=crf)) as writer:
            for frame in _pan(photo, 8, seed=i):
                writer.write(frame if i < 3 else _half(frame))
        reading = measure_file(path)
        assert reading is not None and detect_file(path) is None, f"false detection in {path}"
        strongest = max(strongest, (reading.confidence, path.name))
        count += 1
    report(
        f"watermark false detections: 0 / {count} unmarked inputs (strongest sync z "
        f"{strongest[0]:.2f} in {strongest[1]}; threshold {MIN_CONFIDENCE})"
    )
    assert count >= 200
    assert strongest[0] < MIN_CONFIDENCE


def test_detect_on_no_frames_is_none() -> None:
    assert detect([]) is None
    assert watermark.measure([]) is None


def test_reading_on_through_long_unmarked_files_claims_nothing(tmp_path: Path) -> None:
    """The windowed search a verify runs (every half window to the end) on 20 s of unmarked
    video each: photo pans and changing noise, at half size to keep the test quick."""
    rng = np.random.default_rng(23)
    strongest, windows = 0.0, 0
    for i, photo in enumerate(["china.jpg", "astronaut.png", "coffee.png", "noise"]):
        path = tmp_path / f"long-{i}.mp4"
        with ClipWriter(path, W // 2, H // 2, FPS, settings=EncoderSettings(crf=23)) as writer:
            if photo == "noise":
                for _ in range(600):
                    field = cv2.GaussianBlur(rng.standard_normal((H // 2, W // 2)), (0, 0), 1.8)
                    grey = np.clip(128 + 30 * field / field.std(), 0, 255).astype(np.uint8)
                    writer.write(np.ascontiguousarray(np.dstack([grey] * 3)))
            else:
                for frame in _pan(photo, 600, seed=i):
                    writer.write(_half(frame))
        reading = watermark.measure_file(path, budget_s=120.0)
        assert reading is not None
        assert decide(reading) is None, f"false detection in {photo}"
        strongest = max(strongest, reading.confidence)
        windows += (600 - 90) // 45
    report(
        f"watermark, read on through 4 unmarked 20 s files ({windows} more windows, every turn "
        f"and mirror): no claim; strongest sync z {strongest:.2f}, threshold {MIN_CONFIDENCE}"
    )
    assert strongest < MIN_CONFIDENCE


def test_a_keyed_mark_reads_only_with_its_key() -> None:
    """org.vivify.watermark.2: the patterns come from the instance's secret key, so the public
    detector and another key see nothing, while the key holder reads the payload."""
    key, other = bytes(range(32)), bytes(range(1, 33))
    marker = Watermarker(0x2468ACE1, W, H, key=key)
    assert marker.algorithm == watermark.KEYED_ALGORITHM
    frames = [marker.embed(frame) for frame in _pan("coffee.png", 12)]
    found = detect(frames, key=key)
    assert found is not None and found.payload == 0x2468ACE1
    assert found.algorithm == watermark.KEYED_ALGORITHM
    for reader in (None, other):
        reading = watermark.measure(frames, key=reader)
        assert reading is not None and decide(reading) is None
        assert reading.confidence < MIN_CONFIDENCE
    # And the public mark is not read as a keyed one.
    public = [Watermarker(0x2468ACE1, W, H).embed(frame) for frame in _pan("coffee.png", 12)]
    assert detect(public, key=key) is None
    assert detect(public) is not None
