"""The command line: JSON output, plans round-tripping, and clear one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from tests.conftest import EXAMPLES
from vivify.cli import main
from vivify.media import probe

CHINA = str(EXAMPLES / "china.jpg")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_animate_json_summary(tmp_path: Path) -> None:
    out = tmp_path / "s.mp4"
    code, stdout, _ = run(
        "animate",
        CHINA,
        "make it a windy day",
        "-o",
        str(out),
        "--json",
        "--duration",
        "1",
        "--size",
        "360x640",
        "--fps",
        "12",
    )
    assert code == 0
    summary = json.loads(stdout)
    assert summary["output"] == str(out)
    assert summary["frames"] == 12 and summary["size"] == [360, 640] and summary["fps"] == 12
    assert set(summary["effects"]) == {"clouds", "wind"}
    assert summary["plan"]["prompt"] == "make it a windy day"
    assert {
        "photo_prompt_gates",
        "intake",
        "scene",
        "plan",
        "sound",
        "render_encode",
        "sign",
        "video_gate",
        "total",
    } <= set(summary["timings"])
    assert probe.probe(out).frames == 12


def test_plan_then_edit_then_animate(tmp_path: Path) -> None:
    code, stdout, _ = run(
        "plan", "windy", "--photo", CHINA, "--json", "--duration", "1", "--size", "240x426"
    )
    assert code == 0
    plan = json.loads(stdout)
    plan["effects"] = [{"name": "zoom_in", "params": {"amount": 0.3}}]
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    out = tmp_path / "edited.mp4"
    code, stdout, _ = run("animate", CHINA, "--plan", str(path), "-o", str(out), "--json")
    assert code == 0, stdout
    assert list(json.loads(stdout)["effects"]) == ["zoom_in"]
    info = probe.probe(out)
    assert (info.width, info.height, info.frames) == (240, 426, 30)


@pytest.mark.parametrize("command", ["animate", "plan"])
def test_framing_is_an_option_of_animate_and_plan(command: str) -> None:
    code, stdout, _ = run(command, "--help")
    assert code == 0
    assert "--framing [auto|fill|bands]" in stdout and "[default: auto]" in stdout


def test_plan_framing_option() -> None:
    code, stdout, _ = run("plan", "windy", "--framing", "fill", "--json")
    assert code == 0 and json.loads(stdout)["framing"] == "fill"
    code, stdout, _ = run("plan", "windy", "--photo", CHINA, "--framing", "bands")
    assert code == 0 and "Note: Framing: bands, because bands were asked for." in stdout
    code, stdout, stderr = run("plan", "windy", "--framing", "wide")
    assert code != 0 and "'wide' is not one of 'auto', 'fill', 'bands'" in stderr


def test_animate_fills_the_frame_with_a_landscape_photo(tmp_path: Path) -> None:
    out = tmp_path / "fill.mp4"
    args = ["animate", CHINA, "just clouds", "-o", str(out), "--duration", "1", "--fps", "8"]
    code, stdout, _ = run(*args, "--size", "240x426", "--framing", "fill", "--json")
    assert code == 0, stdout
    summary = json.loads(stdout)
    assert summary["plan"]["framing"] == "fill"
    assert "Framing: fill, panning left to right" in summary["plan"]["notes"][-1]
    frames = list(probe.frames(out))
    # No bands: the top and bottom rows are the photo (sky, ground), not a dimmed blur, and the
    # last frame shows another part of the photo than the first.
    assert frames[0][:40].mean() > 60
    assert np.abs(frames[-1].astype(float) - frames[0].astype(float)).mean() > 20


def test_plan_text_explains_itself() -> None:
    code, stdout, _ = run("plan", "windy with llamas")
    assert code == 0
    assert "wind" in stdout and "because 'windy'" in stdout and "llamas" in stdout


def test_scene_writes_masks(tmp_path: Path) -> None:
    code, stdout, _ = run(
        "scene", str(EXAMPLES / "astronaut.png"), "--out", str(tmp_path), "--json"
    )
    assert code == 0
    facts = json.loads(stdout)
    assert facts["faces"] == 1
    names = {Path(p).name for p in facts["files"]}
    assert {
        "sky.png",
        "vegetation.png",
        "person.png",
        "hair.png",
        "depth.png",
        "faces.png",
        "overlay.png",
    } <= names
    for name in names:
        assert (tmp_path / name).stat().st_size > 0


POLY = "poly:0.1,0.55,0.9,0.55,0.9,0.95,0.1,0.95"


@pytest.mark.parametrize("command", ["animate", "plan"])
@pytest.mark.parametrize(
    ("region", "message"),
    [
        ("wind", "use NAME=poly:X,Y,X,Y,X,Y,... or NAME=MASK.png"),
        ("tornado=" + POLY, "there is no effect 'tornado'. Known effects: black_white"),
        ("pan=" + POLY, "a camera move applies to the whole frame; it takes no region"),
        ("wind=poly:0.1,0.2,x,0.2,0.5,0.6", "must be numbers separated by commas"),
        ("wind=poly:0.1,0.2,0.5,0.2", "a polygon needs at least 3 corners"),
        ("wind=poly:0.1,0.2,2,0.2,0.5,0.6", "is outside 0..1"),
        ("water=/no/such/mask.png", "The region mask for water (/no/such/mask.png) does not"),
        ("water=" + str(EXAMPLES / "CREDITS.md"), "is not an image vivify can read"),
    ],
)
def test_bad_regions_get_one_line(command: str, region: str, message: str) -> None:
    args = [command, CHINA, "windy"] if command == "animate" else [command, "windy"]
    code, stdout, stderr = run(*args, "--region", region)
    assert code != 0
    assert message in stderr
    assert stderr.startswith("Error: ") and stderr.count("\n") == 1
    assert "Traceback" not in stderr + stdout


def test_a_region_for_an_effect_not_in_the_plan_adds_it() -> None:
    code, stdout, _ = run("plan", "windy", "--region", "water=" + POLY, "--json")
    assert code == 0
    plan = json.loads(stdout)
    assert [e["name"] for e in plan["effects"]] == ["wind", "water"]
    assert "region" not in plan["effects"][0]
    assert plan["effects"][1]["region"]["polygon"][0] == [0.1, 0.55]
    assert "Added water because you painted a region for it." in plan["notes"]
    code, stdout, _ = run("plan", "windy", "--region", "wind=" + POLY)
    assert code == 0
    assert "wind       because 'windy', inside a painted polygon (4 corners)" in stdout


def test_a_plan_files_mask_is_found_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PIL import Image

    folder = tmp_path / "job"
    folder.mkdir()
    pond = Image.new("L", (64, 64))
    pond.paste(255, (0, 40, 64, 64))
    pond.save(folder / "pond.png")
    plan: dict[str, object] = {"effects": [{"name": "water", "region": {"mask": "pond.png"}}]}
    plan.update({"width": 240, "height": 426, "duration": 0.5, "fps": 6})
    (folder / "plan.json").write_text(json.dumps(plan))
    monkeypatch.chdir(tmp_path)  # not the plan's folder
    out = tmp_path / "pond.mp4"
    code, stdout, stderr = run(
        "animate", CHINA, "--plan", "job/plan.json", "-o", str(out), "--json"
    )
    assert code == 0, stderr
    summary = json.loads(stdout)
    assert summary["plan"]["effects"][0]["region"]["mask"] == str(folder / "pond.png")
    assert summary["frames"] == 3 and out.is_file()


def test_effects_catalogue_lists_versions() -> None:
    code, stdout, _ = run("effects", "--json")
    assert code == 0
    assert json.loads(stdout)["wind"]["version"] == "1.2.0"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["animate", "/no/such/photo.jpg"], "No such file"),
        (["animate", str(EXAMPLES)], "is a directory"),
        (["animate", str(EXAMPLES / "CREDITS.md")], "not an image"),
        (["animate", CHINA, "--size", "100x"], "WIDTHxHEIGHT"),
        (["animate", CHINA, "--size", "721x1280"], "must be even"),
        (["animate", CHINA, "--duration", "0"], "0.5"),
        (["animate", CHINA, "--engine", "warp9"], "'warp9' is not one of 'motion', 'diffusion'"),
        (["animate", CHINA, "-o", "/no/such/dir/x.mp4"], "does not exist"),
        (["animate", CHINA, "windy", "--plan", CHINA], "either a PROMPT or --plan"),
        (["animate", CHINA, "--plan", CHINA], "not valid JSON"),
    ],
)
def test_bad_input_gets_one_clear_message(args: list[str], message: str) -> None:
    code, stdout, stderr = run(*args)
    assert code != 0
    assert message in stderr
    assert "Traceback" not in stderr + stdout


def test_console_script_output_is_clean(tmp_path: Path) -> None:
    """The installed command prints no native log lines (MediaPipe, TFLite) to the terminal."""
    out = tmp_path / "c.mp4"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "vivify",
            "animate",
            str(EXAMPLES / "astronaut.png"),
            "windy",
            "-o",
            str(out),
            "--duration",
            "0.5",
            "--size",
            "288x512",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert proc.stdout.startswith("Wrote ")


def test_an_overlong_prompt_is_refused() -> None:
    code, _, stderr = run("plan", "wind " * 200, "--photo", CHINA)
    assert code != 0 and "too long" in stderr


def test_progress_bar_speaks_on_a_terminal_and_stays_quiet_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io

    from vivify import cli

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    with cli._progress_bar() as update:
        assert update is not None
        update("checks", 0, 1)
        update("scene", 0, 1)
        update("plan", 0, 1)
        for done in range(31):
            update("render", done, 30)
        update("sign", 0, 1)
        update("video check", 0, 1)
    shown = screen.getvalue()
    for words in ("checking the photo and prompt", "looking at the photo", "planning"):
        assert words in shown
    assert "rendering" in shown and "30/30" in shown
    assert "signing the clip" in shown and "checking the video" in shown
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with cli._progress_bar() as quiet:
        assert quiet is None


def test_a_bad_config_file_is_one_error_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('tsa_url = "http://x"\npassword = "hunter2"\n')
    monkeypatch.setenv("VIVIFY_CONFIG", str(config))
    code, _, stderr = run("plan", "make it rain")
    assert code == 1
    assert "does not know: password" in stderr and "hunter2" not in stderr
    assert stderr.count("\n") == 1 and "Traceback" not in stderr


def test_the_output_may_not_be_the_photo(tmp_path: Path) -> None:
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(Path(CHINA).read_bytes())
    before = photo.read_bytes()
    code, _, stderr = run("animate", str(photo), "rain", "-o", str(photo))
    assert code == 1 and "is the input" in stderr
    assert photo.read_bytes() == before


def test_a_pipe_as_the_photo_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "photo.jpg"
    os.mkfifo(fifo)
    code, _, stderr = run("animate", str(fifo), "rain", "-o", str(tmp_path / "x.mp4"))
    assert code == 1 and "not a regular file" in stderr


def test_sigterm_stops_a_render_and_leaves_nothing(tmp_path: Path) -> None:
    """A service manager's SIGTERM mid-render: exit 143, and no staged or temporary file."""
    import signal
    import subprocess
    import time

    out = tmp_path / "out" / "story.mp4"
    out.parent.mkdir()
    env = {**os.environ, "VIVIFY_DATA_DIR": str(tmp_path / "data")}
    command = [sys.executable, "-m", "vivify", "animate", CHINA, "rain", "-o", str(out)]
    proc = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not any(out.parent.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)  # wait until the render has started writing
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 143, stderr
    assert "Stopped; nothing was written." in stderr
    assert list(out.parent.iterdir()) == []


def test_a_video_that_cant_be_read_is_bad_input_not_a_block(tmp_path: Path) -> None:
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"not a video at all")
    code, _, stderr = run("moderate", "video", str(junk))
    assert code == 1 and "is not a video vivify can read" in stderr


def test_a_duration_that_is_not_a_number_is_refused(tmp_path: Path) -> None:
    code, _, stderr = run("plan", "--duration", "nan", "rain")
    assert code == 2 and "not a number of seconds" in stderr


@pytest.mark.parametrize("photo", ["missing.jpg", "text.jpg"])
def test_a_bad_photo_is_refused_before_the_pipeline_loads(tmp_path: Path, photo: str) -> None:
    """A missing or unreadable photo costs a fraction of a second, not the seconds and hundreds
    of MB that the pipeline's imports and models take."""
    (tmp_path / "text.jpg").write_text("not a photo")
    script = (
        "import sys\n"
        "from vivify.cli import main\n"
        "try:\n"
        f"    main(['animate', {str(tmp_path / photo)!r}, 'wind', '-o', "
        f"{str(tmp_path / 'out.mp4')!r}])\n"
        "except SystemExit as exit:\n"
        "    print(exit.code, 'vivify.pipeline' in sys.modules, 'cv2' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert run.stdout.split() == ["1", "False", "False"], run.stderr
    assert run.stderr.startswith("Error: ")
