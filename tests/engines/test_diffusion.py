"""The diffusion engine end to end on CPU: tiny LTX-Video and Wan image-to-video pipelines with
random weights, built in code, saved, and loaded back through the engine's real loading code
(`from_pretrained(folder)`); photo → plan → diffusion frames → the full labelled clip (badge,
watermark, C2PA with the model, the video gate), through the API and through the CLI.

Marked `diffusion`; part of the default run (a few seconds each on two cores)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.conftest import EXAMPLES, example_bytes
from vivify.compose import badge_for
from vivify.engines.diffusion import DiffusionConfig, DiffusionEngine
from vivify.errors import VivifyError
from vivify.media import probe
from vivify.pipeline import Cancelled, ClipRequest, Services, make_clip, prepare
from vivify.plan import Plan
from vivify.provenance.c2pa_sign import read_credentials
from vivify.provenance.clip import Provenance
from vivify.provenance.watermark import detect_file
from vivify.quality import badge_contrast

pytestmark = pytest.mark.diffusion
torch = pytest.importorskip("torch", reason="the diffusion extra: pip install -e '.[diffusion]'")
PIXELS = 64 * 112  # the model's frames, tiny: a few seconds on a CPU
SMALL = {"width": 240, "height": 426, "duration": 1.0, "fps": 12}


@pytest.fixture(scope="module")
def ltx_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.engines.tiny_diffusion import save_ltx

    return save_ltx(tmp_path_factory.mktemp("weights") / "tiny-ltx-video")


@pytest.fixture(scope="module")
def wan_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.engines.tiny_diffusion import save_wan

    return save_wan(tmp_path_factory.mktemp("weights") / "tiny-wan-i2v")


def _engine(folder: Path, **kw: Any) -> DiffusionEngine:
    return DiffusionEngine(DiffusionConfig(folder, area=PIXELS, threads=1, **kw))


def _make(engine: DiffusionEngine, out: Path, provenance: Provenance, **kw: Any) -> Any:
    request = ClipRequest(
        photo=example_bytes("china.jpg"),
        prompt=kw.pop("prompt", "make it a windy day"),
        engine="diffusion",
        **{**SMALL, **kw},
    )
    services = Services(provenance, engine=engine)
    return make_clip(request, out, services=services)


@pytest.mark.parametrize("family", ["ltx", "wan"])
def test_a_photo_becomes_a_labelled_clip_through_the_model(
    family: str, request: pytest.FixtureRequest, tmp_path: Path, provenance: Provenance
) -> None:
    folder = request.getfixturevalue(f"{family}_folder")
    engine = _engine(folder)
    out = tmp_path / "story.mp4"
    result = _make(engine, out, provenance)
    info = probe.probe(out)
    assert (info.width, info.height, info.fps, info.frames) == (240, 426, 12, 12)
    assert info.audio_codec == "aac"  # vivify's sound engine, as with the motion engine
    badge = badge_for(240, 426)
    assert min(badge_contrast(f, badge) for f in probe.frames(out)) > 100
    credentials = read_credentials(out, provenance.credentials().trust_anchors_pem)
    assert credentials.state == "Trusted" and credentials.engine == "diffusion"
    assert credentials.ai_generated
    assert credentials.digital_source_type is not None
    assert credentials.digital_source_type.endswith("/trainedAlgorithmicMedia")
    model = engine.model_info()
    assert credentials.model == model and model["version"] == folder.name
    assert model["name"] == {"ltx": "LTX-Video", "wan": "Wan I2V"}[family]
    detection = detect_file(out, key=provenance.mark_key())  # the installation's keyed mark
    assert detection is not None and detection.payload == result.watermark_payload
    stages = [d.stage for d in result.decisions]
    assert stages == ["photo", "prompt", "video"] and all(d.allowed for d in result.decisions)
    summary = result.summary()
    sent = summary["plan"]["model_prompt"]
    assert sent["written_by"] == "vivify" and "wind" in sent["prompt"]
    assert sent["negative_prompt"].startswith("static image")
    report = summary["diffusion"]
    layout = engine.layout(result.plan)
    assert report["frames"] == layout.frames and report["steps"] == layout.steps
    assert report["placement"] == "cpu, float32" and report["vram_gb"] > 0
    assert report["model_info"]["weights_sha256"] == model["weights_sha256"]
    assert report["identity"]["faces"] == 0  # a landscape: nobody's face to keep


def test_frame_0_is_the_photo_and_the_model_works_at_its_own_size(
    ltx_folder: Path, tmp_path: Path
) -> None:
    engine = _engine(ltx_folder)
    request = ClipRequest(photo=example_bytes("china.jpg"), engine="diffusion", **SMALL)
    prepared = prepare(request)
    layout = engine.layout(prepared.plan)
    assert (layout.width % 32, layout.height % 32) == (0, 0)
    assert abs(layout.width / layout.height - 240 / 426) < 0.1
    assert (layout.frames - 1) % 8 == 0 and layout.frames >= 24 and layout.steps == 8
    frames = list(engine.frames(prepared.canvas, prepared.scene, prepared.plan))
    assert len(frames) == 12 and frames[0].shape == (426, 240, 3)
    photo = prepared.canvas.place(prepared.canvas.layer)
    assert np.array_equal(frames[0], photo)
    assert float(np.abs(frames[5].astype(int) - photo).mean()) > 5  # random weights: not still


def test_layouts_follow_each_family_and_a_long_clip_plays_back_and_forth(
    ltx_folder: Path, wan_folder: Path
) -> None:
    ltx = DiffusionEngine(DiffusionConfig(ltx_folder))
    wan = DiffusionEngine(DiffusionConfig(wan_folder))
    plan = Plan(duration=5.0)
    assert (ltx.layout(plan).width, ltx.layout(plan).height) == (480, 832)
    assert ltx.layout(plan).frames == 121 and ltx.layout(plan).fps == 24
    assert wan.layout(plan).frames == 81 and wan.layout(plan).steps == 30
    assert wan.layout(plan).guidance == 5.0 and ltx.layout(plan).guidance == 1.0
    assert ltx.layout(Plan(duration=30.0)).frames == 257  # its most: played back and forth
    needs = ltx.requirements(plan)
    assert needs["vram_offload_gb"] <= needs["vram_gb"]


def test_painted_regions_move_and_the_rest_stays_the_photo(ltx_folder: Path) -> None:
    from vivify.plan import EffectSpec
    from vivify.plan.regions import Region

    engine = _engine(ltx_folder)
    region = Region(polygon=((0.0, 0.0), (1.0, 0.0), (1.0, 0.4), (0.0, 0.4)))
    plan = Plan(effects=[EffectSpec(name="wind", region=region)], framing="fill", **SMALL)
    request = ClipRequest(photo=example_bytes("china.jpg"), plan=plan, engine="diffusion")
    prepared = prepare(request)
    assert [s.name for s in prepared.plan.effects] == ["wind"]
    frames = list(engine.frames(prepared.canvas, prepared.scene, prepared.plan, prepared.regions))
    first, later = frames[0].astype(int), frames[6].astype(int)
    assert np.abs(later[:100] - first[:100]).mean() > 5  # inside: the model's frames
    assert np.abs(later[260:] - first[260:]).max() <= 1  # outside: the photo


def test_a_job_cancelled_while_the_model_denoises_leaves_nothing(
    ltx_folder: Path, tmp_path: Path, provenance: Provenance
) -> None:
    engine = _engine(ltx_folder)
    seen: list[tuple[str, int, int]] = []

    def progress(stage: str, done: int, total: int) -> None:
        seen.append((stage, done, total))

    request = ClipRequest(photo=example_bytes("china.jpg"), engine="diffusion", **SMALL)
    out = tmp_path / "story.mp4"
    services = Services(
        provenance,
        engine=engine,
        progress=progress,
        cancelled=lambda: any(s == "denoise" and d == 3 for s, d, _ in seen),
    )
    with pytest.raises(Cancelled):
        make_clip(request, out, services=services)
    assert ("denoise", 3, 8) in seen and not any(s == "render" and d > 0 for s, d, _ in seen)
    assert list(tmp_path.iterdir()) == []


def test_faces_are_compared_with_frame_0(tmp_path: Path) -> None:
    """The drift measure itself, on a real face: the photo against itself moved and scaled
    (no drift), against a colour cast (colour drift), and against another face (shape drift)."""
    import cv2

    from vivify.engines.identity import IdentityCheck, shape_drift
    from vivify.intake import read_photo
    from vivify.scene.faces import find_faces

    face_photo = read_photo(example_bytes("astronaut.png")).pixels
    check = IdentityCheck.of(face_photo)
    assert check.reference and check.report()["faces"] == 1
    h, w = face_photo.shape[:2]
    shift = np.array([[1.05, 0, -6], [0, 1.05, 4]], np.float32)
    moved = cv2.warpAffine(face_photo, shift, (w, h))
    check.observe(moved)
    assert check.shape_drift < 0.03 and check.colour_drift < 3 and check.lost == 0
    cast = np.array([40, 0, -30])
    tinted = np.clip(face_photo.astype(int) + cast, 0, 255).astype(np.uint8)
    check.observe(tinted)
    assert check.colour_drift > 10
    check.observe(np.full_like(face_photo, 128))
    assert check.report()["faces_lost"] == 1 and check.report()["frames_checked"] == 3
    ref = check.reference[0]
    squashed = type(ref)(ref.box, ref.landmarks * np.array([1.0, 0.8], np.float32))
    assert shape_drift(ref, squashed) > 0.05 > shape_drift(ref, ref)
    assert find_faces(face_photo)  # the face the check is about is real


def test_the_cli_makes_a_diffusion_clip_and_plan_shows_the_model_prompt(
    ltx_folder: Path, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "VIVIFY_DIFFUSION_WEIGHTS": str(ltx_folder),
        "VIVIFY_DIFFUSION_PIXELS": str(PIXELS),
        "OMP_NUM_THREADS": "1",
    }
    out = tmp_path / "story.mp4"
    command = [
        *(sys.executable, "-m", "vivify", "animate", str(EXAMPLES / "china.jpg")),
        *("make it rain", "-o", str(out), "--engine", "diffusion", "--size", "240x426"),
        *("--duration", "1", "--fps", "12"),
    ]
    made = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stderr
    assert "Diffusion: LTX-Video from" in made.stderr and "GB of GPU memory" in made.stderr
    assert "Traceback" not in made.stderr and out.exists()
    assert "Loading" not in made.stderr and "it/s" not in made.stderr  # no library chatter
    assert read_credentials(out).engine == "diffusion"
    from click.testing import CliRunner

    from vivify.cli import main

    shown = CliRunner().invoke(main, ["plan", "make it rain", "--engine", "diffusion"])
    assert shown.exit_code == 0, shown.output
    assert "Model prompt (vivify): A short vertical video" in shown.output
    assert "Rain falls" in shown.output and "Negative prompt: static image" in shown.output
    as_json = CliRunner().invoke(main, ["plan", "make it rain", "--engine", "diffusion", "--json"])
    assert json.loads(as_json.output)["engine"] == "diffusion"


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        (None, "needs a folder of model weights: set diffusion_weights"),
        ("missing", "does not exist"),
    ],
)
def test_the_cli_says_what_is_missing_in_one_sentence(
    tmp_path: Path, weights: str | None, expected: str
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VIVIFY_DIFFUSION")}
    if weights:
        env["VIVIFY_DIFFUSION_WEIGHTS"] = str(tmp_path / weights)
    command = [
        *(sys.executable, "-m", "vivify", "animate", str(EXAMPLES / "china.jpg")),
        *("make it rain", "-o", str(tmp_path / "x.mp4"), "--engine", "diffusion"),
    ]
    run = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode != 0 and expected in run.stderr
    assert "Traceback" not in run.stderr and not (tmp_path / "x.mp4").exists()


def test_an_incomplete_folder_is_refused_before_anything_loads(
    ltx_folder: Path, tmp_path: Path
) -> None:
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(ltx_folder, broken)
    (broken / "vae" / "diffusion_pytorch_model.safetensors").unlink()
    with pytest.raises(VivifyError, match=r"is incomplete: vae/diffusion_pytorch_model"):
        _engine(broken)


def test_the_summary_reports_how_the_faces_of_frame_0_fared(ltx_folder: Path) -> None:
    engine = _engine(ltx_folder)
    request = ClipRequest(photo=example_bytes("astronaut.png"), engine="diffusion", **SMALL)
    prepared = prepare(request)
    assert "a person" in prepared.plan.model_prompt.prompt  # type: ignore[union-attr]
    frames = list(engine.frames(prepared.canvas, prepared.scene, prepared.plan))
    identity = engine.report()["identity"]
    assert len(frames) == 12 and identity["faces"] == 1 and identity["frames_checked"] == 1
    # random weights make noise: the face is lost, or drifts far, and the summary says so
    assert identity["faces_lost"] == 1 or identity["landmark_drift"] > 0.05
