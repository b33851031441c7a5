"""A story's life: made, published, watched, expired or deleted; and an account's: consent,
export, deletion. Expiry runs on a clock the test moves."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.service.conftest import World
from vivify.provenance.c2pa_sign import read_credentials
from vivify.service.media import CLIP, PHOTO


def _rows(world: World, sql: str) -> list[tuple[object, ...]]:
    """The rows a query finds in the service's database, SQLite or PostgreSQL."""
    from sqlalchemy import create_engine, text

    engine = create_engine(world.service.config.url)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql))]
    finally:
        engine.dispose()


def _story(world: World) -> tuple[str, str, int]:
    """ann's published story: (draft id, story id, watermark payload)."""
    ann = world.sign_up("ann")
    draft = world.draft(ann).json()["id"]
    world.render()
    made = ann.get(f"/api/drafts/{draft}").json()
    assert made["status"] == "done", made
    story = ann.post(f"/api/drafts/{draft}/publish").json()
    return draft, story["id"], int(made["clip"]["provenance"]["watermark_payload"], 16)


@pytest.mark.parametrize("world", ["sqlite", "postgresql"], indirect=True)
def test_a_story_is_gone_after_24_hours_and_only_its_manifest_record_stays(world: World) -> None:
    draft, story, payload = _story(world)
    ann = world.sign_up("ann2")  # a second account, untouched by the sweep
    folder = world.files.folder(draft)
    assert (folder / CLIP).exists() and (folder / PHOTO).exists()
    world.clock.advance(hours=23, minutes=59)
    world.service.sweep()
    owner_story = world.service.rows.story(story, world.clock())
    assert owner_story is not None and folder.exists()

    world.clock.advance(minutes=1)  # exactly 24 hours: gone from every answer at once
    assert world.service.rows.story(story, world.clock()) is None
    swept = world.service.sweep()
    assert swept["expired"] == 1
    assert not folder.exists()
    assert _rows(world, f"SELECT * FROM drafts WHERE id = '{draft}'") == []
    assert _rows(world, f"SELECT * FROM stories WHERE id = '{story}'") == []
    assert _rows(world, f"SELECT * FROM decisions WHERE job_id = '{draft}'") == []
    # The manifest record stays, so a re-shared copy can still be traced.
    assert world.service.manifests.get(payload) is not None
    assert ann.get("/api/me").status_code == 200


def test_a_draft_never_published_expires_too(world: World) -> None:
    ann = world.sign_up("ann")
    draft = world.draft(ann).json()["id"]  # queued, never rendered
    world.clock.advance(hours=24)
    world.service.sweep()
    assert ann.get(f"/api/drafts/{draft}").status_code == 404
    assert not world.files.folder(draft).exists()


def test_deleting_a_story_removes_it_and_its_files_at_once(world: World) -> None:
    draft, story, payload = _story(world)
    ann = world.sign_up("ann3")
    assert ann.delete(f"/api/stories/{story}").status_code == 404  # not theirs
    owner = world.sign_up("ann4")
    assert owner.get(f"/api/stories/{story}").status_code == 404
    # the owner is "ann": sign in again to act as her
    client = world.client()
    signed = client.post(
        "/api/session", json={"username": "ann", "password": "correct horse battery"}
    )
    assert signed.status_code == 200
    csrf = {"x-csrf-token": signed.json()["csrf_token"]}
    assert client.delete(f"/api/stories/{story}").status_code == 403  # no CSRF token
    assert client.delete(f"/api/stories/{story}", headers=csrf).status_code == 204
    assert client.get(f"/api/stories/{story}").status_code == 404
    assert not world.files.folder(draft).exists()
    assert world.service.manifests.get(payload) is not None


def test_training_consent_is_recorded_with_its_time_and_reaches_the_credentials(
    world: World,
) -> None:
    ann = world.sign_up("ann")
    assert ann.get("/api/me").json()["training_consent"] is False  # off by default
    world.clock.advance(minutes=5)
    given = ann.put("/api/me/consent", json={"training": True}).json()
    assert given["training_consent"] is True
    assert given["training_consent_at"] == world.clock().isoformat()
    draft = world.draft(ann).json()["id"]
    world.render()
    path = world.files.path(draft, CLIP)
    report = read_credentials(path, None)
    assert report.training_allowed is True
    assert "The owner consented on " + world.clock().isoformat() in (report.manifest_json or "")
    ann.put("/api/me/consent", json={"training": False})
    later = world.draft(ann).json()["id"]
    world.render()
    assert read_credentials(world.files.path(later, CLIP), None).training_allowed is False


def test_export_holds_my_photos_clips_plans_and_decisions(world: World) -> None:
    draft, _, _ = _story(world)
    client = world.client()
    client.post("/api/session", json={"username": "ann", "password": "correct horse battery"})
    answer = client.get("/api/me/export")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(answer.content))
    names = set(archive.namelist())
    base = f"drafts/{draft}"
    assert {f"{base}/photo", f"{base}/clip.mp4", f"{base}/draft.json"} <= names
    assert archive.read(f"{base}/photo") == world.service.media.read(draft, PHOTO)
    stages = [d["stage"] for d in json.loads(archive.read(f"{base}/decisions.json"))]
    assert stages[:2] == ["photo", "prompt"] and "video" in stages and "publish" in stages
    assert json.loads(archive.read(f"{base}/draft.json"))["request"]["prompt"]
    assert json.loads(archive.read("account.json"))["username"] == "ann"


@pytest.mark.parametrize("world", ["sqlite", "postgresql"], indirect=True)
def test_deleting_an_account_removes_everything_of_it_at_once(world: World) -> None:
    draft, story, payload = _story(world)
    ben = world.sign_up("ben")
    assert ben.put("/api/follows/ann").status_code == 204
    client = world.client()
    csrf = client.post(
        "/api/session", json={"username": "ann", "password": "correct horse battery"}
    ).json()["csrf_token"]
    wrong = client.request(
        "DELETE", "/api/me", json={"password": "not it at all"}, headers={"x-csrf-token": csrf}
    )
    assert wrong.status_code == 403 and world.files.folder(draft).exists()
    gone = client.request(
        "DELETE",
        "/api/me",
        json={"password": "correct horse battery"},
        headers={"x-csrf-token": csrf},
    )
    assert gone.status_code == 204
    assert client.get("/api/me").status_code == 401  # its sessions went with it
    assert ben.get(f"/api/stories/{story}").status_code == 404
    assert ben.get("/api/feed").json() == []
    assert not world.files.folder(draft).exists()
    for table in ("accounts", "drafts", "stories", "credentials", "actions"):
        assert _rows(world, f"SELECT * FROM {table} WHERE {_owner(table)}") == []
    assert _rows(world, f"SELECT * FROM decisions WHERE job_id = '{draft}'") == []
    assert world.service.manifests.get(payload) is not None
    assert ben.get("/api/me").json()["following"] == []


def _owner(table: str) -> str:
    column = "username" if table == "accounts" else "account_id"
    if table == "accounts":
        return f"{column} = 'ann'"
    return f"{column} NOT IN (SELECT id FROM accounts)"


@pytest.mark.parametrize("world", ["sqlite", "postgresql"], indirect=True)
def test_a_queued_job_can_be_cancelled_and_a_running_one_stops_at_the_next_frame(
    world: World,
) -> None:
    from vivify.service.jobs import run_job

    ann = world.sign_up("ann")
    queued = world.draft(ann).json()["id"]
    assert ann.post(f"/api/drafts/{queued}/cancel").json()["status"] == "cancelled"
    assert ann.post(f"/api/drafts/{queued}/cancel").status_code == 409

    running = world.draft(ann, duration="3", fps="30").json()["id"]  # 90 frames
    job = world.service.rows.claim_next(world.clock())
    assert job is not None and job.id == running
    seen: list[str] = []
    original = world.service.rows.progress

    def progress(draft_id: str, stage: str, done: int, total: int, now: object) -> bool:
        seen.append(stage)
        if stage == "render" and done == 0:  # as the owner would, through the service
            account = world.service.rows.account_by_name("ann")
            assert account is not None
            world.service.cancel(account, draft_id)
        return original(draft_id, stage, done, total, now)  # type: ignore[arg-type]

    world.service.rows.progress = progress  # type: ignore[method-assign]
    run_job(world.service, job)
    state = ann.get(f"/api/drafts/{running}").json()
    assert state["status"] == "cancelled" and "render" in seen
    assert state["progress"]["done"] < 90 and "sign" not in seen
    folder = world.files.folder(running)
    assert sorted(p.name for p in folder.iterdir()) == [PHOTO]  # no clip, nothing half-made
    assert world.service.manifests.forget_job(running) == 0


def test_progress_streams_as_server_sent_events_until_the_job_ends(world: World) -> None:
    ann = world.sign_up("ann")
    draft = world.draft(ann).json()["id"]
    world.render()
    with ann.client.stream("GET", f"/api/drafts/{draft}/events", headers=ann.headers) as events:
        assert events.headers["content-type"].startswith("text/event-stream")
        body = "".join(events.iter_text())
    states = [json.loads(line[6:]) for line in body.splitlines() if line.startswith("data: ")]
    assert [s["status"] for s in states] == ["done"]
    assert states[0]["clip"]["frames"] == 10


@pytest.mark.parametrize("world", ["sqlite", "postgresql"], indirect=True)
def test_a_restart_queues_a_running_job_again_and_its_rerun_leaves_one_manifest_row(
    world: World, tmp_path: Path
) -> None:
    """As after SIGKILL mid-render: the killed run had stored a manifest for a clip that never
    reached its place; the run again replaces it (the real kill is in test_server)."""
    ann = world.sign_up("ann")
    draft = world.draft(ann).json()["id"]
    job = world.service.rows.claim_next(world.clock())
    assert job is not None
    manifests = world.service.manifests
    leftover = manifests.reserve(draft)
    manifests.put(leftover, "{}", "a" * 64)  # what the killed run had stored
    (world.files.folder(draft) / f".clip.{999999}-0123abcd.unsigned.mp4").write_bytes(b"x")
    assert world.service.rows.requeue_running(world.clock()) == [draft]
    world.render()
    state = ann.get(f"/api/drafts/{draft}").json()
    assert state["status"] == "done" and state["attempts"] == 2
    assert manifests.get(leftover) is None
    rows = _rows(world, f"SELECT payload FROM manifests WHERE job_id = '{draft}'")
    assert len(rows) == 1
    names = sorted(p.name for p in world.files.folder(draft).iterdir())
    assert names == ["clip.json", CLIP, PHOTO]


def test_the_server_renders_and_sweeps_on_its_own(tmp_path: Path) -> None:
    """No test hand: the app's worker pool renders the job, and its sweep, on its own
    schedule, deletes the story once the clock passes 24 hours."""
    import time

    from tests.service.conftest import make_world

    world = make_world(tmp_path / "own", run_jobs=True, sweep_every=0.05)
    with world.anonymous:  # the app's lifespan: workers and sweep run
        ann = world.sign_up("ann")
        draft = world.draft(ann).json()["id"]
        deadline = time.monotonic() + 120
        while ann.get(f"/api/drafts/{draft}").json()["status"] in ("queued", "running"):
            assert time.monotonic() < deadline, "the worker pool did not render the job"
            time.sleep(0.2)
        assert ann.get(f"/api/drafts/{draft}").json()["status"] == "done"
        story = ann.post(f"/api/drafts/{draft}/publish").json()["id"]
        folder = world.files.folder(draft)
        time.sleep(0.3)
        assert folder.exists()  # sweeps have run, and it is not its time
        world.clock.advance(hours=24)
        deadline = time.monotonic() + 10
        while folder.exists():
            assert time.monotonic() < deadline, "the sweep did not delete the expired story"
            time.sleep(0.05)
        assert ann.get(f"/api/stories/{story}").status_code == 404
    world.service.close()


def test_a_session_ends_at_log_out_and_after_its_lifetime(world: World) -> None:
    world.sign_up("ann")
    client = world.client()
    signed = client.post(
        "/api/session", json={"username": "ann", "password": "correct horse battery"}
    )
    csrf = {"x-csrf-token": signed.json()["csrf_token"]}
    cookie = client.cookies.get("vivify_session")
    assert cookie and "httponly" in signed.headers["set-cookie"].lower()
    assert client.get("/api/me").status_code == 200
    assert client.request("DELETE", "/api/session", headers=csrf).status_code == 204
    client.cookies.set("vivify_session", cookie)  # the old cookie, kept by someone
    assert client.get("/api/me").status_code == 401
    again = world.client()
    again.post("/api/session", json={"username": "ann", "password": "correct horse battery"})
    world.clock.advance(days=30, seconds=1)
    assert again.get("/api/me").status_code == 401


def test_cookies_are_secure_over_https(world: World) -> None:
    from fastapi.testclient import TestClient

    plain = world.client().post("/api/accounts", json={"username": "ann", "password": "x" * 9})
    assert "secure" not in plain.headers["set-cookie"].lower()  # http://localhost works
    https = TestClient(world.app, base_url="https://vivify.example")
    made = https.post("/api/accounts", json={"username": "ben", "password": "x" * 9})
    cookies = made.headers.get_list("set-cookie")
    assert len(cookies) == 2 and all("secure" in c.lower() for c in cookies)
    assert any("httponly" in c.lower() and "vivify_session" in c for c in cookies)
    assert all("samesite=lax" in c.lower() for c in cookies)


@pytest.mark.parametrize("world", ["postgresql"], indirect=True)
def test_a_connection_dropped_during_a_state_change_leaves_the_job_consistent(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    """PostgreSQL drops the connection in the middle of the job's move to "done" (the server
    terminates its backend as the UPDATE is sent), and every idle connection at the start of
    the render: the job still ends done, once, with one clip and one manifest row."""
    from sqlalchemy import create_engine, event, text

    from vivify.service.jobs import run_job

    ann = world.sign_up("ann")
    draft = world.draft(ann).json()["id"]
    job = world.service.rows.claim_next(world.clock())
    assert job is not None
    killer = create_engine(world.service.config.url)
    killed: list[str] = []

    def terminate(pid: int | None = None) -> None:
        with killer.connect() as conn:
            if pid is None:  # every other connection to this database
                conn.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                )
            else:
                conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})

    def before(conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
        moving = statement.lstrip().startswith("UPDATE drafts") and isinstance(params, dict)
        if moving and params.get("status") == "done" and "done" not in killed:
            killed.append("done")
            terminate(conn.connection.dbapi_connection.info.backend_pid)
        if moving and params.get("stage") == "render" and "render" not in killed:
            killed.append("render")
            terminate()

    event.listen(world.service.rows._engine, "before_cursor_execute", before)
    run_job(world.service, job)
    killer.dispose()
    assert killed == ["render", "done"]
    assert "its end was not recorded yet" in caplog.text  # the first try lost its connection
    state = ann.get(f"/api/drafts/{draft}").json()
    assert state["status"] == "done" and state["attempts"] == 1
    assert len(_rows(world, f"SELECT payload FROM manifests WHERE job_id = '{draft}'")) == 1
    assert _rows(world, "SELECT * FROM payload_reservations") == []
    assert (world.files.folder(draft) / CLIP).exists()


def test_a_full_media_disk_fails_the_job_clearly_and_keeps_what_was_stored(
    tmp_path: Path,
) -> None:
    """The media folder on a small filesystem of its own (a tmpfs) that fills up while the clip
    is encoded: the job fails with a clear reason, no clip appears, nothing is left half-written,
    and the photos already stored are intact."""
    import hashlib
    import subprocess

    from tests.service.conftest import make_world

    media = tmp_path / "data" / "media"
    media.mkdir(parents=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=640k", "tmpfs", str(media)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"mounting a small tmpfs is not permitted here: {mounted.stderr.strip()}")
    try:
        world = make_world(tmp_path / "data")
        ann = world.sign_up("ann")
        first = world.draft(ann).json()["id"]
        kept = world.files.path(first, PHOTO)
        before = hashlib.sha256(kept.read_bytes()).hexdigest()
        second = world.draft(ann, width="720", height="1280", duration="5", fps="30").json()
        world.service.rows.cancel(first, world.clock())  # the second one renders
        world.render()
        state = ann.get(f"/api/drafts/{second['id']}").json()
        assert state["status"] == "failed", state
        assert state["reason"].startswith("The server ran out of disk space")
        folder = world.files.folder(second["id"])
        assert sorted(p.name for p in folder.iterdir()) == [PHOTO]  # no clip, no leftovers
        assert hashlib.sha256(kept.read_bytes()).hexdigest() == before
        assert _rows(world, "SELECT * FROM payload_reservations") == []
        world.service.close()
    finally:
        subprocess.run(["umount", str(media)], capture_output=True)


def test_a_job_whose_worker_died_after_placing_its_clip_makes_no_second_one(
    world: World,
) -> None:
    """The run put its clip in place and died before recording "done": the run again finds
    the clip, its summary, its manifest row and its video decision, and records them."""
    import hashlib

    from vivify.service.jobs import run_job

    ann = world.sign_up("ann")
    draft = world.draft(ann).json()["id"]
    job = world.service.rows.claim_next(world.clock())
    assert job is not None
    original = world.service.rows.finish

    def died(*args: Any, **kw: Any) -> bool:
        raise KeyboardInterrupt  # the process ends here, as SIGKILL would end it

    world.service.rows.finish = died  # type: ignore[method-assign]
    with pytest.raises(KeyboardInterrupt):
        run_job(world.service, job)
    world.service.rows.finish = original  # type: ignore[method-assign]
    clip = world.files.path(draft, CLIP)
    made = hashlib.sha256(clip.read_bytes()).hexdigest()
    assert world.service.rows.requeue_running(world.clock()) == [draft]
    world.render()
    state = ann.get(f"/api/drafts/{draft}").json()
    assert state["status"] == "done" and state["attempts"] == 2
    assert state["clip"]["frames"] == 10
    assert hashlib.sha256(clip.read_bytes()).hexdigest() == made == state_sha(world, draft)
    assert len(_rows(world, f"SELECT payload FROM manifests WHERE job_id = '{draft}'")) == 1


def state_sha(world: World, draft: str) -> str:
    found = world.service.rows.draft(draft)
    assert found is not None and found.clip_sha256 is not None
    return found.clip_sha256
