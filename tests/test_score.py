"""`vivify score` on real clips: the measures are there and mean what they say."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import EXAMPLES, example_bytes
from vivify.cli import main
from vivify.errors import VivifyError
from vivify.pipeline import ClipRequest, make_clip
from vivify.plan import plan_from_dict
from vivify.provenance.clip import Provenance
from vivify.score import score_clip


def _clip(tmp_path: Path, photo: str, effects: list[str], name: str = "c.mp4") -> Path:
    out = tmp_path / name
    plan = plan_from_dict(
        {
            "effects": [{"name": e} for e in effects],
            "duration": 2.0,
            "width": 720,
            "height": 1280,
            "fps": 15,
            "soundscape": ["outdoor"],
            "framing": "bands",  # the motion measures need the photo to stay put
        }
    )
    make_clip(
        ClipRequest(photo=example_bytes(photo), plan=plan),
        out,
        provenance=Provenance(data_dir=tmp_path / "data"),
    )
    return out


def test_wind_clip_scores(tmp_path: Path) -> None:
    out = _clip(tmp_path, "china.jpg", ["wind"])
    result = score_clip(out, example_bytes("china.jpg"))
    assert result["frames"] == 30 and result["size"] == [720, 1280]
    assert result["frame0_psnr_db"] > 35  # only codec loss: frame 0 is the photo
    assert result["motion"]["vegetation"]["ratio"] >= 5
    assert result["flicker"]["brightness_std"] < 0.5
    assert result["face_identity_error"] is None
    audio = result["audio"]
    assert abs(audio["integrated_lufs"] + 14) < 1.5 and audio["true_peak_dbtp"] < -0.5
    assert abs(audio["duration_s"] - audio["video_duration_s"]) < 0.05


def test_a_zoom_moves_everything_so_no_mask_stands_out(tmp_path: Path) -> None:
    out = _clip(tmp_path, "china.jpg", ["zoom_in"])
    result = score_clip(out, example_bytes("china.jpg"))
    assert result["motion"]["sky"]["ratio"] < 5
    assert result["loop_seam"]["ratio"] > 1.5  # a transition does not loop by itself


def test_cli_json_and_errors(tmp_path: Path) -> None:
    out = _clip(tmp_path, "astronaut.png", ["zoom_in"])
    runner = CliRunner()
    result = runner.invoke(
        main, ["score", str(out), "--photo", str(EXAMPLES / "astronaut.png"), "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["faces"] == 1 and data["face_identity_error"] is not None
    bad = runner.invoke(
        main, ["score", str(EXAMPLES / "china.jpg"), "--photo", str(EXAMPLES / "china.jpg")]
    )
    assert bad.exit_code != 0 and "Traceback" not in bad.output
    missing = runner.invoke(main, ["score", "nope.mp4", "--photo", str(EXAMPLES / "china.jpg")])
    assert missing.exit_code != 0 and "No such file" in missing.stderr


def test_not_a_video_is_a_clear_error(tmp_path: Path) -> None:
    fake = tmp_path / "fake.mp4"
    fake.write_bytes(b"not a video at all" * 10)
    with pytest.raises(VivifyError):
        score_clip(fake, example_bytes("china.jpg"))


def _plain_clip(path: Path, size: tuple[int, int] = (1920, 1080), frames: int = 12) -> Path:
    """A clip vivify did not make: landscape, no audio, no badge."""
    import numpy as np

    from vivify.media.encode import ClipWriter

    width, height = size
    with ClipWriter(path, width, height, 12) as writer:
        for i in range(frames):
            writer.write(np.full((height, width, 3), 40 + 8 * i, np.uint8))
    return path


def test_a_plain_landscape_clip_without_sound_is_scored(tmp_path: Path) -> None:
    data = score_clip(_plain_clip(tmp_path / "plain.mp4"), example_bytes("china.jpg"))
    assert data["size"] == [1920, 1080] and data["frames"] == 12
    assert data["audio"] == {"present": False}


def test_a_truncated_clip_is_one_clear_error(tmp_path: Path) -> None:
    whole = _plain_clip(tmp_path / "whole.mp4", (360, 640), frames=60)
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    result = CliRunner().invoke(main, ["score", str(cut), "--photo", str(EXAMPLES / "china.jpg")])
    assert result.exit_code == 1, result.output
    assert "Unexpected internal error" not in result.stderr
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
