"""Media storage: one contract for the local folder and an S3-compatible object store (a real
S3 server on loopback, spoken to over HTTP), and the service with its media in a bucket:
a clip made, published and watched through signed URLs with range requests, a worker killed at
each step of putting its clip away, and the store going down while a clip is delivered."""

from __future__ import annotations

import hashlib
import io
import os
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.servers import S3Server, _free_port
from tests.service.conftest import World, make_world
from tests.service.test_lifecycle import _rows
from vivify.errors import VivifyError
from vivify.service.media import (
    CLIP,
    LINK_LIFETIME,
    PHOTO,
    LocalMediaStore,
    MediaStore,
    MediaUnavailable,
    S3MediaStore,
    TooLarge,
    open_media,
)

A = "a" * 32
B = "b" * 32


@pytest.fixture(params=["local", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> MediaStore:
    if request.param == "local":
        return open_media(tmp_path)
    media = request.getfixturevalue("s3_media")
    return open_media(tmp_path, media["media_url"], media["s3_endpoint_url"])


def _fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, Any, bytes]:
    """The status, the headers (any case) and the body of a GET."""
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return answer.status, answer.headers, answer.read()


def _objects(s3_server: S3Server, bucket: str) -> list[str]:
    client: Any = s3_server.client()
    listed = client.list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in listed.get("Contents", []))


# --- the contract, for both stores


def test_a_file_written_reads_back_and_is_listed_as_there(store: MediaStore) -> None:
    assert not store.exists(A, PHOTO)
    assert store.write(A, PHOTO, [b"abc", b"def"], 100) == 6
    assert store.exists(A, PHOTO) and store.read(A, PHOTO) == b"abcdef"
    assert store.sha256(A, PHOTO) == hashlib.sha256(b"abcdef").hexdigest()
    with store.local(A, PHOTO) as path:
        assert path.read_bytes() == b"abcdef"
    with pytest.raises(FileNotFoundError):
        store.read(A, CLIP)
    with pytest.raises(FileNotFoundError), store.local(A, CLIP):
        pass


def test_an_upload_over_its_limit_or_broken_off_leaves_the_earlier_file(
    store: MediaStore,
) -> None:
    store.write(A, PHOTO, [b"kept"], 100)
    with pytest.raises(TooLarge, match="larger than"):
        store.write(A, PHOTO, [b"x" * 60, b"y" * 60], 100)

    def broken() -> Iterator[bytes]:
        yield b"half a photo"
        raise ConnectionResetError("the client left")

    with pytest.raises(ConnectionResetError):
        store.write(A, PHOTO, broken(), 100)
    assert store.read(A, PHOTO) == b"kept"
    assert not store.exists(B, PHOTO)


def test_removing_and_deleting_take_exactly_what_they_name(store: MediaStore) -> None:
    for name in (PHOTO, CLIP):
        store.write(A, name, [name.encode()], 100)
    store.write(B, PHOTO, [b"other"], 100)
    store.remove(A, CLIP)
    store.remove(A, CLIP)  # twice is fine
    assert store.exists(A, PHOTO) and not store.exists(A, CLIP)
    store.delete(A)
    store.delete(A)
    assert not store.exists(A, PHOTO) and store.read(B, PHOTO) == b"other"


def test_a_clip_made_in_the_workspace_is_delivered_whole(store: MediaStore) -> None:
    work = store.workspace(A)
    clip = work / CLIP
    clip.write_bytes(b"\x00" * 100_000)
    store.deliver(A, CLIP, clip)
    assert store.sha256(A, CLIP) == hashlib.sha256(b"\x00" * 100_000).hexdigest()
    store.clear_workspace(A)
    assert store.exists(A, CLIP)  # the local store's workspace is the draft's own folder


def test_the_sweep_removes_files_without_a_draft_once_old(store: MediaStore) -> None:
    store.write(A, PHOTO, [b"a draft's"], 100)
    store.write(B, PHOTO, [b"an orphan"], 100)
    assert store.sweep({A}, older_than=3600) == []  # too young
    time.sleep(1.1)  # S3 keeps whole seconds
    assert store.sweep({A}, older_than=1) == [B]
    assert store.exists(A, PHOTO) and not store.exists(B, PHOTO)


def test_only_draft_ids_and_plain_names_reach_the_store(store: MediaStore) -> None:
    for draft_id, name in [("../etc", PHOTO), (A, "../photo"), (A.upper(), PHOTO), (A, "")]:
        with pytest.raises(ValueError):
            store.write(draft_id, name, [b"x"], 10)


def test_the_local_store_serves_its_files_from_disk(tmp_path: Path) -> None:
    store = open_media(tmp_path)
    assert isinstance(store, LocalMediaStore) and store.origin() is None
    store.write(A, CLIP, [b"clip"], 10)
    assert store.target(A, CLIP, "video/mp4") == tmp_path / "media" / "drafts" / A / CLIP
    assert os.stat(tmp_path / "media").st_mode & 0o777 == 0o700


def test_a_signed_url_serves_ranges_of_the_object_for_five_minutes(
    tmp_path: Path, s3_media: dict[str, str], s3_server: S3Server
) -> None:
    store = open_media(tmp_path, s3_media["media_url"], s3_media["s3_endpoint_url"])
    assert isinstance(store, S3MediaStore) and store.origin() == s3_server.url
    data = bytes(range(256)) * 400
    store.write(A, CLIP, [data], len(data))
    url = store.target(A, CLIP, "video/mp4")
    assert isinstance(url, str)
    query = parse_qs(urlsplit(url).query)
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]  # SigV4: what every store accepts
    assert query["X-Amz-Expires"] == [str(LINK_LIFETIME)] and LINK_LIFETIME == 300
    assert "X-Amz-Signature" in query and s3_server.SECRET_KEY not in url
    status, headers, body = _fetch(url, {"Range": "bytes=1000-1999"})
    assert status == 206 and body == data[1000:2000]
    assert headers["Content-Range"] == f"bytes 1000-1999/{len(data)}"
    assert headers["Content-Type"] == "video/mp4"


def test_a_public_address_for_browsers_signs_the_urls_with_that_host(
    tmp_path: Path, s3_media: dict[str, str], s3_server: S3Server
) -> None:
    public = s3_server.url.replace("127.0.0.1", "localhost")
    store = open_media(tmp_path, s3_media["media_url"], s3_media["s3_endpoint_url"], public)
    store.write(A, CLIP, [b"0123456789"], 10)
    url = store.target(A, CLIP, "video/mp4")
    assert isinstance(url, str) and url.startswith(public + "/")
    assert store.origin() == public
    assert _fetch(url, {"Range": "bytes=2-4"})[2] == b"234"


def test_bad_media_settings_and_an_unreachable_store_are_one_sentence(tmp_path: Path) -> None:
    for url in ("https://bucket/x", "s3://", "bucket"):
        with pytest.raises(VivifyError, match="media_url must look like s3://bucket"):
            open_media(tmp_path, url)
    closed = f"http://127.0.0.1:{_free_port()}"  # nothing listens there
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "x")  # the client needs some credentials
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "x")
    store = open_media(tmp_path, "s3://vivify-media", closed)
    started = time.monotonic()
    with pytest.raises(MediaUnavailable, match="could not be reached to store a file"):
        store.write(A, PHOTO, [b"x"], 10)
    assert time.monotonic() - started < 30  # a few quick tries, not a hang


# --- the service with its media in a bucket


def _bucket(world: World) -> str:
    media = world.service.media
    assert isinstance(media, S3MediaStore)
    return media.bucket


@pytest.mark.parametrize("world", ["s3"], indirect=True)
def test_a_story_made_and_watched_with_its_media_in_object_storage(
    world: World, s3_server: S3Server
) -> None:
    ann = world.sign_up("ann")
    draft = world.draft(ann).json()["id"]
    world.render()
    made = ann.get(f"/api/drafts/{draft}").json()
    assert made["status"] == "done", made
    keys = _objects(s3_server, _bucket(world))
    prefix = f"media/drafts/{draft}/"
    assert keys == [prefix + "clip.json", prefix + CLIP, prefix + PHOTO]
    scratch = world.service.config.data_dir / "scratch"
    assert list(scratch.iterdir()) == []  # the render's workspace is gone
    assert not (world.service.config.data_dir / "media").exists()

    story = ann.post(f"/api/drafts/{draft}/publish")
    assert story.status_code == 201, story.text
    assert story.json()["provenance"]["c2pa"]["state"] == "Trusted"
    answer = ann.get(f"/api/stories/{story.json()['id']}/video", follow_redirects=False)
    assert answer.status_code == 307 and answer.headers["cache-control"] == "no-store"
    status, headers, body = _fetch(answer.headers["location"], {"Range": "bytes=0-99"})
    stored = world.service.media.read(draft, CLIP)
    assert status == 206 and body == stored[:100] and headers["Content-Type"] == "video/mp4"
    row = world.service.rows.draft(draft)
    assert row is not None and hashlib.sha256(stored).hexdigest() == row.clip_sha256
    # The preview and the owner's views of the draft go the same way.
    for path in ("video", "photo"):
        owner = ann.get(f"/api/drafts/{draft}/{path}", follow_redirects=False)
        assert owner.status_code == 307
    stranger = world.sign_up("bob").get(f"/api/stories/{story.json()['id']}/video")
    assert stranger.status_code == 404  # followers only: no URL is signed for a stranger
    page = ann.client.get("/", headers=ann.headers)
    assert f"media-src 'self' {s3_server.url} blob:" in page.headers["content-security-policy"]

    export = zipfile.ZipFile(io.BytesIO(ann.get("/api/me/export").content))
    assert export.read(f"drafts/{draft}/{CLIP}") == stored
    assert ann.delete(f"/api/stories/{story.json()['id']}").status_code == 204
    assert _objects(s3_server, _bucket(world)) == []


@pytest.mark.parametrize("world", ["s3"], indirect=True)
def test_the_sweep_empties_the_bucket_of_expired_and_orphaned_drafts(
    world: World, s3_server: S3Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    ann = world.sign_up("ann")
    draft = world.draft(ann).json()["id"]
    world.render()
    orphan = "c" * 32  # a photo stored by a server killed before its draft's row was added
    world.service.media.write(orphan, PHOTO, [b"photo"], 10)
    (world.service.config.data_dir / "scratch" / orphan).mkdir()  # a killed render's workspace
    world.service.sweep()
    assert len(_objects(s3_server, _bucket(world))) == 4  # the orphan is too young yet
    world.clock.advance(hours=24)
    # The bucket's clock is real, and an orphan goes once an hour old (the contract tests
    # check that age): here, at once.
    media = world.service.media
    monkeypatch.setattr(media, "sweep", partial(media.sweep, older_than=0))
    swept = world.service.sweep()
    assert swept == {"expired": 1, "orphans": 1}
    assert _objects(s3_server, _bucket(world)) == []
    assert list((world.service.config.data_dir / "scratch").iterdir()) == []
    assert _rows(world, f"SELECT * FROM drafts WHERE id = '{draft}'") == []


def _killed_at(world: World, obj: Any, method: str, name: str | None = None) -> str:
    """ann's draft, whose job's process ended (as SIGKILL would end it) when it called
    `obj.method` (for file `name`, when given); the job is queued again, as the sweep queues
    a silent one."""
    from vivify.service.jobs import run_job

    ann = world.sign_up("ann")
    draft = world.draft(ann).json()["id"]
    job = world.service.rows.claim_next(world.clock())
    assert job is not None
    original = getattr(obj, method)

    def died(*args: Any, **kw: Any) -> Any:
        if name is None or name in args:
            raise KeyboardInterrupt
        return original(*args, **kw)

    setattr(obj, method, died)
    try:
        with pytest.raises(KeyboardInterrupt):
            run_job(world.service, job)
    finally:
        setattr(obj, method, original)
    assert world.service.rows.requeue_running(world.clock()) == [draft]
    return draft


@pytest.mark.parametrize("world", ["s3"], indirect=True)
@pytest.mark.parametrize(
    "where",
    ["delivering", "keeping its manifest row", "writing its summary", "recording done"],
)
def test_a_worker_killed_while_putting_its_clip_away_ends_with_one_clip_and_one_row(
    world: World, s3_server: S3Server, where: str
) -> None:
    """Killed before the upload, between the upload and the manifest row's placing, before
    the summary, or before "done" was recorded: the run again ends with one clip in the
    bucket, its summary, one manifest row of the job and no reservation."""
    from vivify.provenance.store import ManifestStore
    from vivify.service.jobs import SUMMARY

    media = world.service.media
    what: tuple[Any, str, str | None] = {
        "delivering": (media, "deliver", None),
        "keeping its manifest row": (ManifestStore, "placed", None),
        "writing its summary": (media, "write", SUMMARY),
        "recording done": (world.service.rows, "finish", None),
    }[where]
    draft = _killed_at(world, *what)
    world.render()
    state = world.service.rows.draft(draft)
    assert state is not None and state.status == "done" and state.attempts == 2
    assert media.sha256(draft, CLIP) == state.clip_sha256
    prefix = f"media/drafts/{draft}/"
    assert _objects(s3_server, _bucket(world)) == [prefix + SUMMARY, prefix + CLIP, prefix + PHOTO]
    rows = _rows(world, f"SELECT clip_sha256 FROM manifests WHERE job_id = '{draft}'")
    assert rows == [(state.clip_sha256,)]
    assert _rows(world, "SELECT * FROM payload_reservations") == []


def test_the_store_going_down_while_a_clip_is_delivered_fails_the_job_plainly(
    tmp_path: Path, s3_server: S3Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store of its own, stopped as the clip is handed over: the job fails with a sentence,
    its payload is free again, no manifest row stays, nothing stays in the workspace, and the
    API says the store is unreachable (503) instead of failing."""
    own = S3Server()
    own.start()
    try:
        for name, value in own.environment().items():
            monkeypatch.setenv(name, value)
        bucket = own.bucket("vivify-down")
        world = make_world(
            tmp_path / "service", media_url=f"s3://{bucket}", s3_endpoint_url=own.url
        )
        ann = world.sign_up("ann")
        draft = world.draft(ann).json()["id"]
        media = world.service.media
        assert isinstance(media, S3MediaStore)
        deliver = media.deliver

        def down(*args: Any) -> None:
            own.stop()
            deliver(*args)

        monkeypatch.setattr(media, "deliver", down)
        world.render()
        state = ann.get(f"/api/drafts/{draft}").json()
        assert state["status"] == "failed"
        assert state["reason"].startswith("The media store could not be reached to store the clip")
        assert _rows(world, "SELECT * FROM manifests") == []
        assert _rows(world, "SELECT * FROM payload_reservations") == []
        down_now = ann.get(f"/api/drafts/{draft}/photo")
        assert down_now.status_code == 503 and "not reachable" in down_now.json()["detail"]
        assert list((tmp_path / "service" / "scratch").iterdir()) == []
        world.service.close()
    finally:
        own.stop()
