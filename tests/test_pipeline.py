"""The whole flow on real photos: the default clip, reopened and checked by its properties."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from tests.conftest import EXAMPLES as EXAMPLES_DIR
from tests.conftest import example_bytes
from vivify.compose import FramingChoice, badge_for, make_canvas
from vivify.intake import read_photo
from vivify.media import probe
from vivify.pipeline import ClipRequest, ClipResult, make_clip, prepare
from vivify.provenance.clip import Provenance
from vivify.quality import badge_contrast, frame_motion, inside_outside
from vivify.scene import analyse
from vivify.sound import SAMPLE_RATE, loudness

PHOTOS = Path(__file__).resolve().parent / "photos"


@pytest.fixture(scope="module")
def default_clip(
    tmp_path_factory: pytest.TempPathFactory, provenance: Provenance
) -> tuple[Path, ClipResult]:
    out = tmp_path_factory.mktemp("clip") / "story.mp4"
    # In bands, so the motion can be measured where the photo stays put (fill pans across it).
    request = ClipRequest(
        photo=example_bytes("china.jpg"), prompt="make it a windy day", framing="bands"
    )
    return out, make_clip(request, out, provenance=provenance)


def test_default_clip_format(default_clip: tuple[Path, ClipResult]) -> None:
    out, result = default_clip
    info = probe.probe(out)
    assert (info.video_codec, info.pix_fmt) == ("h264", "yuv420p")
    assert (info.width, info.height, info.fps) == (720, 1280, 30)
    assert info.frames == result.frames == 150
    assert abs(info.video_duration - 5.0) < 0.05
    assert (info.audio_codec, info.audio_channels, info.audio_rate) == ("aac", 2, 48000)
    assert abs(info.audio_duration - info.video_duration) < 0.05
    assert info.faststart


def test_default_clip_audio_loudness(default_clip: tuple[Path, ClipResult]) -> None:
    samples = probe.audio(default_clip[0])
    assert abs(samples.shape[0] / SAMPLE_RATE - 5.0) < 0.05
    assert abs(loudness(samples.astype(np.float64), SAMPLE_RATE) + 14.0) < 1.5


def test_badge_on_every_frame(default_clip: tuple[Path, ClipResult]) -> None:
    badge = badge_for(720, 1280)
    scores = [badge_contrast(frame, badge) for frame in probe.frames(default_clip[0])]
    assert len(scores) == 150
    assert min(scores) > 100


def test_clouds_and_wind_move_where_they_belong(default_clip: tuple[Path, ClipResult]) -> None:
    out, result = default_clip
    assert [e.name for e in result.plan.effects] == ["clouds", "wind"]
    canvas = make_canvas(read_photo(example_bytes("china.jpg")).pixels, (720, 1280))
    scene = analyse(canvas.layer)
    h, w = canvas.layer.shape[:2]
    layer = (slice(canvas.y, canvas.y + h), slice(canvas.x, canvas.x + w))
    frames = [f[layer] for f in probe.frames(out)]
    motion = frame_motion(frames)
    # Compare the sky with where neither effect acts (away from sky and plants).
    still = (scene.sky == 0) & (cv2.dilate(scene.vegetation, np.ones((15, 15), np.uint8)) == 0)
    assert inside_outside(motion, scene.sky, still) >= 5.0

    # Visible over a second: the sky and the trees change by more than a grey level or two.
    def change(mask: np.ndarray, frames_apart: int = 30) -> float:
        steps = [
            np.abs(frames[i + frames_apart].astype(float) - frames[i].astype(float))
            .mean(axis=2)[mask > 0.5]
            .mean()
            for i in range(0, 120, 15)
        ]
        return float(np.mean(steps))

    assert change(scene.sky) > 1.5
    assert change(scene.vegetation) > 3.0


def test_same_seed_same_clip_and_another_seed_differs(tmp_path: Path) -> None:
    """Same seed, same clip (with the watermark fixed too: each clip normally gets its own
    payload, and each installation its own key)."""

    def clip(seed: int, name: str) -> list[np.ndarray]:
        out = tmp_path / name
        fixed = Provenance(data_dir=tmp_path / f"data-{name}", payload=0x5EED, keyed=False)
        make_clip(
            ClipRequest(
                photo=example_bytes("china.jpg"),
                prompt="windy",
                duration=1.0,
                width=240,
                height=426,
                seed=seed,
            ),
            out,
            provenance=fixed,
        )
        return list(probe.frames(out))

    a, b, c = clip(1, "a.mp4"), clip(1, "b.mp4"), clip(2, "c.mp4")
    assert all(np.abs(x.astype(int) - y.astype(int)).max() <= 1 for x, y in zip(a, b, strict=True))
    assert (
        max(np.abs(x.astype(int) - y.astype(int)).mean() for x, y in zip(a, c, strict=True)) > 0.5
    )


@pytest.mark.parametrize("name", ["astronaut.png", "coffee.png"])
def test_square_and_landscape_photos_fill_the_story_frame(
    name: str, tmp_path: Path, provenance: Provenance
) -> None:
    out = tmp_path / "clip.mp4"
    request = ClipRequest(photo=example_bytes(name), duration=1.0, width=360, height=640)
    make_clip(request, out, provenance=provenance)
    frames = list(probe.frames(out))
    assert frames[0].shape == (640, 360, 3)
    # No black bars: the rows above and below the photo are a dimmed fill, not black.
    assert frames[0][5:60].mean() > 15 and frames[0][-60:-5].mean() > 15


def test_no_photo_metadata_reaches_the_clip(tmp_path: Path, provenance: Provenance) -> None:
    from PIL import Image

    from tests.conftest import encode_image

    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"  # Make
    exif[0x8825] = {2: (48.0, 51.0, 24.0)}  # GPSInfo: latitude
    photo = Image.open(EXAMPLES_DIR / "coffee.png").convert("RGB")
    data = encode_image(photo, "JPEG", exif=exif.tobytes(), comment=b"HOME-ADDRESS-42")
    assert b"SecretCameraMaker" in data and b"HOME-ADDRESS-42" in data
    out = tmp_path / "clip.mp4"
    make_clip(
        ClipRequest(photo=data, duration=0.5, width=288, height=512), out, provenance=provenance
    )
    clip = out.read_bytes()
    assert b"SecretCameraMaker" not in clip and b"HOME-ADDRESS-42" not in clip
    assert b"Exif" not in clip


@pytest.mark.parametrize(
    ("photo", "prompt", "framing", "note"),
    [
        ("china.jpg", "windy", "auto", "bands, because its subject is in the middle"),
        ("dev/lake_dusk.jpg", "windy", "auto", "fill, panning left to right, because what stands"),
        ("coffee.png", "steam", "auto", "bands, because its subject is in the middle"),
        ("astronaut.png", "", "auto", "bands, because the photo is near-square"),
        ("china.jpg", "zoom in", "auto", "bands, because the plan moves the camera (zoom_in)"),
        ("china.jpg", "pan left", "fill", "bands, because the plan moves the camera (pan)"),
        ("coffee.png", "steam", "fill", "fill, panning left to right, because fill was asked"),
        ("china.jpg", "windy", "bands", "bands, because bands were asked for"),
    ],
)
def test_the_framing_is_chosen_and_noted_in_the_plan(
    photo: str, prompt: str, framing: FramingChoice, note: str
) -> None:
    data = (PHOTOS / photo).read_bytes() if "/" in photo else example_bytes(photo)
    request = ClipRequest(photo=data, prompt=prompt, width=360, height=640, framing=framing)
    prepared = prepare(request)
    assert prepared.plan.framing == framing
    assert prepared.plan.notes[-1].startswith(f"Framing: {note}")
    canvas = prepared.canvas
    assert prepared.scene.size == (canvas.layer.shape[1], canvas.layer.shape[0])
    if "fill" in note.split(",")[0]:
        assert canvas.pans and canvas.layer.shape[0] == 640  # the photo at the frame's height
    else:
        assert not canvas.pans and canvas.layer.shape[1] == 360
    # Passed back as a plan, it is framed the same way, with one framing note.
    again = prepare(ClipRequest(photo=data, plan=prepared.plan))
    assert again.plan.notes == prepared.plan.notes
    assert (again.canvas.pan_from, again.canvas.pan_to) == (canvas.pan_from, canvas.pan_to)


def _small(prompt: str = "make it a windy day") -> ClipRequest:
    return ClipRequest(
        photo=example_bytes("china.jpg"), prompt=prompt, duration=1.0, width=360, height=640
    )


def test_services_hear_every_stage_in_order_and_keep_the_job_id(
    tmp_path: Path, provenance: Provenance
) -> None:
    from vivify.moderation.records import DecisionStore
    from vivify.pipeline import STAGES, Services

    heard: list[tuple[str, int, int]] = []
    store = DecisionStore.in_data_dir(tmp_path / "data")
    services = Services(
        provenance,
        decisions=store,
        job_id="job-42",
        progress=lambda stage, done, total: heard.append((stage, done, total)),
    )
    result = make_clip(_small(), tmp_path / "clip.mp4", services=services)
    store.close()
    order = list(dict.fromkeys(stage for stage, _, _ in heard))
    assert order == list(STAGES)
    frames = [(done, total) for stage, done, total in heard if stage == "render"]
    assert frames[0] == (0, result.frames) and frames[-1] == (result.frames, result.frames)
    assert result.job_id == "job-42"
    assert {d.stage for d in result.decisions} >= {"photo", "prompt", "video"}
    with provenance.store() as manifests:  # the clip is stored; its reservation is over
        assert manifests.get(result.watermark_payload) is not None
        assert manifests.reserved(result.watermark_payload) is None


@pytest.mark.parametrize("when", ["checks", "scene", "render", "sign"])
def test_a_cancelled_job_leaves_nothing_behind(
    tmp_path: Path, provenance: Provenance, when: str
) -> None:
    from vivify.pipeline import Cancelled, Services

    seen: list[str] = []
    services = Services(
        provenance,
        progress=lambda stage, done, total: seen.append(stage),
        cancelled=lambda: when in seen and (when != "render" or seen.count("render") > 5),
    )
    out = tmp_path / "clip.mp4"
    with pytest.raises(Cancelled, match="cancelled"):
        make_clip(_small(), out, services=services)
    assert list(tmp_path.iterdir()) == []  # no clip, no staged or signing file
    with provenance.store() as manifests, manifests._engine.connect() as conn:
        held = conn.exec_driver_sql("SELECT count(*) FROM payload_reservations").scalar()
    assert held == 0  # a payload reserved for the clip is given back


def test_a_killed_runs_leftovers_are_swept_and_a_live_runs_are_kept(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from vivify.pipeline import _sweep_leftovers

    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    dead = int(gone.stdout)
    live = os.getppid()
    names = {
        f".story.{dead}-0a1b2c3d.unsigned.mp4": False,  # a killed run's staged clip
        f"..story.{dead}-0a1b2c3d.unsigned.x1y2z3.mp4": False,  # its encoder's file
        f"..story.{dead}-0a1b2c3d.unsigned.q9w8.signing.mp4": False,  # its signer's file
        f".story.{live}-0a1b2c3d.unsigned.mp4": True,  # a run still going
        f".other.{dead}-0a1b2c3d.unsigned.mp4": True,  # another output's
        "story.mp4": True,  # a finished clip
        ".story.mp4": True,
    }
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    _sweep_leftovers(tmp_path / "story.mp4")
    assert {n: (tmp_path / n).exists() for n in names} == names
