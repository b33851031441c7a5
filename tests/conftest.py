"""Shared fixtures: the bundled example photos and tiny synthetic inputs."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from tests.servers import S3Server
from vivify.compose import Canvas, make_canvas
from vivify.intake import read_photo
from vivify.provenance.clip import Provenance
from vivify.scene import analyse
from vivify.types import Scene

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="session", autouse=True)
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One data folder (credentials, manifest store) for the whole run, never the user's own."""
    folder = tmp_path_factory.mktemp("vivify-data")
    before = os.environ.get("VIVIFY_DATA_DIR")
    os.environ["VIVIFY_DATA_DIR"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("VIVIFY_DATA_DIR", None)
    else:
        os.environ["VIVIFY_DATA_DIR"] = before


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A real PostgreSQL server for the session (Debian's package), started when first asked
    for: its URL. Its folder is directly in the temporary folder, where the server's own user
    can reach it (pytest's folders are its runner's only)."""
    import shutil
    import tempfile

    from tests.servers import postgres

    folder = Path(tempfile.mkdtemp(prefix="vivify-postgres-"))
    try:
        with postgres(folder) as url:
            yield url
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: str, request: pytest.FixtureRequest) -> str:
    """A fresh, empty database on that server, for one test."""
    import re

    from tests.servers import fresh_database

    name = re.sub(r"[^a-z0-9_]", "_", request.node.name.lower())[:50]
    return fresh_database(postgres_server, name)


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    """An S3-compatible server for the session (moto's), started when first asked for."""
    server = S3Server()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def s3_media(s3_server: S3Server, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A fresh bucket on that server for one test, its credentials in the environment (the
    usual AWS variables); the settings that point the service's media at it."""
    import uuid

    for name, value in s3_server.environment().items():
        monkeypatch.setenv(name, value)
    bucket = s3_server.bucket(f"vivify-{uuid.uuid4().hex[:12]}")
    return {"media_url": f"s3://{bucket}/media", "s3_endpoint_url": s3_server.url}


@pytest.fixture(params=["sqlite", "postgresql"])
def any_database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The test runs twice: on a SQLite file, and on a fresh PostgreSQL database."""
    from vivify.db import default_url

    if request.param == "postgresql":
        return str(request.getfixturevalue("postgres_url"))
    return default_url(tmp_path)


@pytest.fixture(scope="session")
def provenance(data_dir: Path) -> Provenance:
    return Provenance(data_dir=data_dir)


def example_bytes(name: str) -> bytes:
    return (EXAMPLES / name).read_bytes()


def encode_image(image: Image.Image, fmt: str, **kwargs: object) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format=fmt, **kwargs)
    return buf.getvalue()


def gradient_rgb(width: int = 96, height: int = 64) -> np.ndarray:
    """A smooth synthetic photo: blue sky on top, green textured ground below."""
    rng = np.random.default_rng(0)
    img = np.zeros((height, width, 3), np.uint8)
    horizon = height // 2
    # A clear sky with soft, low-contrast brightness variation (thin haze) across it.
    haze = 12 * np.sin(np.linspace(0, 3 * np.pi, width))[None, :, None]
    img[:horizon] = np.clip(np.array([120, 170, 235]) + haze, 0, 255)
    ground = rng.integers(0, 40, (height - horizon, width, 1))
    img[horizon:] = np.clip(np.array([50, 120, 40]) + ground, 0, 255)
    return img


@pytest.fixture(scope="session")
def china_prepared() -> tuple[Canvas, Scene]:
    photo = read_photo(example_bytes("china.jpg"))
    canvas = make_canvas(photo.pixels, (720, 1280))
    return canvas, analyse(canvas.layer)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the figures tests registered through `tests.reporting.report`."""
    from tests.reporting import REPORT_LINES

    if REPORT_LINES:
        terminalreporter.section("reported figures")
        for line in REPORT_LINES:
            terminalreporter.write_line(line)


def remux(src: Path, dst: Path) -> Path:
    """Stream copy into a new MP4: every packet kept, every bit of metadata (and so the Content
    Credentials) dropped, as a re-sharing platform might."""
    import av

    with av.open(str(src)) as inp, av.open(str(dst), "w", format="mp4") as out:
        c_in: Any = inp
        c_out: Any = out
        mapping = {s.index: c_out.add_stream_from_template(s) for s in c_in.streams}
        for packet in c_in.demux():
            if packet.dts is None:
                continue
            packet.stream = mapping[packet.stream.index]
            c_out.mux(packet)
    return dst
