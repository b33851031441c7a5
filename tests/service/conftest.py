"""The service under test: a real database, real media folder, real clips; a clock the tests
move. Jobs are run by the tests (`render`), so each test knows when its clip is made."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from vivify.service.app import create_app
from vivify.service.core import Service, ServiceConfig
from vivify.service.jobs import run_job
from vivify.service.media import LocalMediaStore

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
# Small and short: the contract tests need a real clip, not a long one.
SMALL = {"width": "240", "height": "426", "duration": "1", "fps": "10"}


class FakeClock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@dataclass
class User:
    name: str
    client: TestClient  # signed in with a bearer token
    headers: dict[str, str] = field(default_factory=dict)

    def get(self, url: str, **kw: Any) -> Any:
        return self.client.get(url, headers=self.headers, **kw)

    def post(self, url: str, **kw: Any) -> Any:
        return self.client.post(url, headers=self.headers, **kw)

    def put(self, url: str, **kw: Any) -> Any:
        return self.client.put(url, headers=self.headers, **kw)

    def delete(self, url: str, **kw: Any) -> Any:
        return self.client.request("DELETE", url, headers=self.headers, **kw)


@dataclass
class World:
    service: Service
    clock: FakeClock
    app: Any
    anonymous: TestClient

    def client(self) -> TestClient:
        return TestClient(self.app)

    @property
    def files(self) -> LocalMediaStore:
        """The media folder (the default store), to look at what it holds."""
        assert isinstance(self.service.media, LocalMediaStore)
        return self.service.media

    def sign_up(self, name: str, password: str = "correct horse battery") -> User:
        client = self.client()
        made = client.post("/api/accounts", json={"username": name, "password": password})
        assert made.status_code == 201, made.text
        csrf = made.json()["csrf_token"]
        token = client.post("/api/tokens", headers={"x-csrf-token": csrf}).json()["token"]
        client.cookies.clear()  # from here on, the bearer token alone
        return User(name, client, {"Authorization": f"Bearer {token}"})

    def draft(
        self, user: User, prompt: str = "make it a windy day", photo: str = "china.jpg", **kw: str
    ) -> Any:
        data = {"prompt": prompt, **SMALL, **kw}
        files = {"photo": (photo, (EXAMPLES / photo).read_bytes(), "image/jpeg")}
        return user.post("/api/drafts", files=files, data=data)

    def render(self) -> None:
        """Run every queued job, as the worker pool would."""
        while (draft := self.service.rows.claim_next(self.service.now())) is not None:
            run_job(self.service, draft)


def make_world(folder: Path, run_jobs: bool = False, **config: Any) -> World:
    """A service in `folder`; with `run_jobs`, its app runs the worker pool and the sweep
    while a client holds it open (`with world.anonymous:`)."""
    clock = FakeClock()
    config.setdefault("clock", clock)  # a test on real time passes clock=utc_now
    service = Service(ServiceConfig(data_dir=folder, **config))
    app = create_app(service, run_jobs=run_jobs)
    return World(service, clock, app, TestClient(app))


@pytest.fixture
def world(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[World]:
    """The service on SQLite with its media folder, or on PostgreSQL, or with its media in an
    S3-compatible store, where a test asks with
    `@pytest.mark.parametrize("world", ["sqlite", "postgresql", "s3"], indirect=True)`."""
    backend = getattr(request, "param", "sqlite")
    url = request.getfixturevalue("postgres_url") if backend == "postgresql" else None
    media = request.getfixturevalue("s3_media") if backend == "s3" else {}
    made = make_world(tmp_path / "service", database_url=url, **media)
    yield made
    made.service.close()
