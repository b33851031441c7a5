"""Who may see what, endpoint by endpoint: anonymous, the owner, a follower and a stranger.
A draft is its owner's only (anyone else gets 404, not 403: it does not exist for them); a
story for followers is seen by the owner and followers; one for everyone by any account."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.service.conftest import User, World, make_world


@dataclass
class Stage:
    world: World
    owner: User
    follower: User
    stranger: User
    draft: str  # published for followers
    story: str
    public_story: str


@pytest.fixture(scope="module")
def stage(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stage]:
    world = make_world(tmp_path_factory.mktemp("access"))
    owner, follower, stranger = (world.sign_up(n) for n in ("ann", "ben", "cat"))
    assert follower.put("/api/follows/ann").status_code == 204
    first = world.draft(owner).json()["id"]
    second = world.draft(owner, prompt="make it rain").json()["id"]
    world.render()
    story = owner.post(f"/api/drafts/{first}/publish", json={"visibility": "followers"})
    public = owner.post(f"/api/drafts/{second}/publish", json={"visibility": "everyone"})
    assert story.status_code == public.status_code == 201, (story.text, public.text)
    yield Stage(world, owner, follower, stranger, first, story.json()["id"], public.json()["id"])
    world.service.close()


def _status(stage: Stage, who: str, method: str, url: str, body: Any = None) -> int:
    if who == "anonymous":
        return stage.world.anonymous.request(method, url, json=body).status_code
    user: User = getattr(stage, who)
    return user.client.request(method, url, headers=user.headers, json=body).status_code


ROLES = ("anonymous", "owner", "follower", "stranger")


@pytest.mark.parametrize(
    ("method", "url", "expected", "body"),
    [
        ("GET", "/api/drafts/{draft}", (401, 200, 404, 404), None),
        ("GET", "/api/drafts/{draft}/video", (401, 200, 404, 404), None),
        ("GET", "/api/drafts/{draft}/photo", (401, 200, 404, 404), None),
        ("GET", "/api/drafts/{draft}/events", (401, 200, 404, 404), None),
        ("POST", "/api/drafts/{draft}/cancel", (401, 409, 404, 404), None),  # the owner's has ended
        ("POST", "/api/drafts/{draft}/publish", (401, 409, 404, 404), None),  # a story already
        ("GET", "/api/stories/{story}", (401, 200, 200, 404), None),
        ("GET", "/api/stories/{story}/video", (401, 200, 200, 404), None),
        ("GET", "/api/stories/{public_story}", (401, 200, 200, 200), None),
        ("GET", "/api/stories/{public_story}/video", (401, 200, 200, 200), None),
        ("GET", "/api/feed", (401, 200, 200, 200), None),
        ("GET", "/api/drafts", (401, 200, 200, 200), None),
        ("GET", "/api/me", (401, 200, 200, 200), None),
        ("GET", "/api/me/export", (401, 200, 200, 200), None),
        ("DELETE", "/api/stories/{story}", (401, None, 404, 404), None),  # the owner's: elsewhere
        ("DELETE", "/api/drafts/{draft}", (401, None, 404, 404), None),
        ("POST", "/api/drafts", (401, 422, 422, 422), None),  # signed in, but no photo sent
        ("POST", "/api/tokens", (401, 201, 201, 201), None),
        ("PUT", "/api/me/consent", (401, 200, 200, 200), {"training": False}),
        ("DELETE", "/api/me", (401, 403, 403, 403), {"password": "not theirs"}),
        ("PUT", "/api/follows/cat", (401, 204, 204, 422), None),  # cat can't follow herself
        ("DELETE", "/api/follows/cat", (401, 204, 204, 204), None),
        ("DELETE", "/api/session", (401, 204, 204, 204), None),  # no session cookie: nothing to end
        ("POST", "/api/verify", (422, 422, 422, 422), None),  # anyone may; no video sent
        ("GET", "/api/health", (200, 200, 200, 200), None),
        ("GET", "/docs", (200, 200, 200, 200), None),
    ],
)
def test_each_endpoint_answers_each_role(
    stage: Stage, method: str, url: str, expected: tuple[int | None, ...], body: Any
) -> None:
    url = url.format(draft=stage.draft, story=stage.story, public_story=stage.public_story)
    for who, want in zip(ROLES, expected, strict=True):
        if want is not None:
            assert _status(stage, who, method, url, body) == want, (who, method, url)


def test_the_feed_shows_followed_accounts_only(stage: Stage) -> None:
    def authors(user: User) -> list[str]:
        return [story["author"] for story in user.get("/api/feed").json()]

    assert authors(stage.follower) == ["ann", "ann"]
    assert authors(stage.owner) == ["ann", "ann"]
    assert authors(stage.stranger) == []  # "everyone" may watch, but it is not their feed


def test_another_users_list_of_drafts_is_their_own(stage: Stage) -> None:
    assert [d["id"] for d in stage.stranger.get("/api/drafts").json()] == []
    mine = {d["id"] for d in stage.owner.get("/api/drafts").json()}
    assert stage.draft in mine


def test_a_story_says_what_its_credentials_prove(stage: Stage) -> None:
    story = stage.follower.get(f"/api/stories/{stage.story}").json()
    assert story["author"] == "ann" and story["visibility"] == "followers"
    assert story["provenance"]["ai_generated"] is True
    assert story["provenance"]["c2pa"]["state"] == "Trusted"
    assert "file" not in story["provenance"]
    assert 0 < story["remaining_seconds"] <= 24 * 3600


def test_a_story_file_can_be_read_in_ranges(stage: Stage) -> None:
    url = f"/api/stories/{stage.story}/video"
    whole = stage.follower.get(url)
    part = stage.follower.client.get(url, headers={**stage.follower.headers, "Range": "bytes=8-"})
    assert whole.headers["content-type"] == "video/mp4"
    assert part.status_code == 206 and part.content == whole.content[8:]
    assert part.headers["content-range"] == f"bytes 8-{len(whole.content) - 1}/{len(whole.content)}"


def test_unfollowing_hides_the_followers_story(stage: Stage, tmp_path: Path) -> None:
    ben = stage.follower
    assert ben.delete("/api/follows/ann").status_code == 204
    try:
        assert ben.get(f"/api/stories/{stage.story}").status_code == 404
        assert ben.get(f"/api/stories/{stage.public_story}").status_code == 200
    finally:
        assert ben.put("/api/follows/ann").status_code == 204


def test_following_needs_a_real_other_account(stage: Stage) -> None:
    assert stage.owner.put("/api/follows/nobody-here").status_code == 404
    assert stage.owner.put("/api/follows/ann").status_code == 422


def test_verify_by_upload_reads_a_story_and_traces_a_stripped_copy(
    stage: Stage, tmp_path: Path
) -> None:
    from tests.conftest import remux

    clip = stage.follower.get(f"/api/stories/{stage.story}/video").content
    anyone = stage.world.anonymous  # no account needed
    report = anyone.post("/api/verify", files={"video": ("clip.mp4", clip)}).json()
    assert report["c2pa"]["state"] == "Trusted" and report["ai_generated"] is True
    assert "file" not in report  # no server path
    (tmp_path / "story.mp4").write_bytes(clip)
    remux(tmp_path / "story.mp4", tmp_path / "stripped.mp4")  # its credentials are gone
    copy = (tmp_path / "stripped.mp4").read_bytes()
    traced = anyone.post("/api/verify", files={"video": ("copy.mp4", copy)}).json()
    assert traced["c2pa"]["state"] == "None"
    assert traced["recovered"] is not None and traced["ai_generated"] is True
