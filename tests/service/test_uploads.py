"""Bad input at the door: each gets a 4xx with a reason in the body, never a 500, and nothing
already stored is lost. Uploads are limited while they stream in."""

from __future__ import annotations

import io
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from tests.service.conftest import EXAMPLES, SMALL, User, World, make_world

JPEG = (EXAMPLES / "china.jpg").read_bytes()


def _png_bomb(side: int = 30_000) -> bytes:
    """A PNG whose header claims side x side grey pixels, in a few hundred KB."""
    import struct

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (side + 1) * 64, 9)  # the first rows; the rest is missing
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows)


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.fromarray(np.full((height, width, 3), 120, np.uint8)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def door(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[World, User, str]]:
    """A service with one good draft already stored, which no bad input may disturb."""
    world = make_world(tmp_path_factory.mktemp("uploads"))
    ann = world.sign_up("ann")
    good = world.draft(ann).json()["id"]
    yield world, ann, good
    world.service.close()


PLAN = json.dumps({"prompt": "wind", "effects": [{"name": "wind", "strength": 0.5}], "duration": 1})
CASES: list[tuple[str, dict[str, Any], int, str]] = [
    # (name, what is sent, status, words in the reason)
    ("not an image", {"photo": b"just some text, not a photo"}, 422, "not an image"),
    ("a GIF", {"photo": b"GIF89a" + b"\x00" * 64}, 422, "not an image"),
    ("a PDF", {"photo": b"%PDF-1.4\n" + b"0" * 100}, 422, "not an image"),
    ("a truncated JPEG", {"photo": JPEG[: len(JPEG) // 3]}, 422, ""),
    ("an empty file", {"photo": b""}, 422, ""),
    ("a decompression bomb", {"photo": _png_bomb()}, 422, ""),
    ("a tiny image", {"photo": _png(8, 8)}, 422, ""),
    ("an unknown field", {"data": {"colour": "red"}}, 422, "does not know: 'colour'"),
    ("an over-long prompt", {"data": {"prompt": "wind " * 200}}, 422, "500"),
    ("an odd width", {"data": {"width": "241"}}, 422, "even"),
    ("a width too large", {"data": {"width": "100000"}}, 422, "width"),
    ("a NaN duration", {"data": {"duration": "nan"}}, 422, "duration"),
    ("a word for a number", {"data": {"fps": "fast"}}, 422, "fps"),
    ("a bad boolean", {"data": {"loop": "maybe"}}, 422, "loop"),
    ("a framing unknown", {"data": {"framing": "sideways"}}, 422, "framing"),
    ("an invalid plan", {"data": {"plan": "{not json", "prompt": ""}}, 422, "not valid JSON"),
    (
        "a plan with an unknown effect",
        {"data": {"plan": PLAN.replace("wind", "lava"), "prompt": ""}},
        422,
        "",
    ),
    ("a plan and a prompt", {"data": {"plan": PLAN}}, 422, "either a prompt or a plan"),
    (
        "a plan with a mask path",
        {
            "data": {
                "prompt": "",
                "plan": json.dumps(
                    {
                        "prompt": "wind",
                        "effects": [{"name": "wind", "region": {"mask": "/etc/passwd"}}],
                    }
                ),
            }
        },
        422,
        "polygons",
    ),
    ("no photo", {"no_photo": True}, 422, "photo"),
    ("two photos", {"two_photos": True}, 422, "exactly one photo"),
]


@pytest.mark.parametrize(("name", "sent", "status", "words"), CASES, ids=[c[0] for c in CASES])
def test_bad_uploads_get_a_4xx_with_a_reason(
    door: tuple[World, User, str], name: str, sent: dict[str, Any], status: int, words: str
) -> None:
    world, ann, good = door
    before = world.service.media.read(good, "photo")
    data = {"prompt": "make it a windy day", **SMALL}
    data.update(sent.get("data", {}))
    data = {k: v for k, v in data.items() if v != ""}
    photo = sent.get("photo", JPEG)
    files: list[tuple[str, tuple[str, bytes, str]]] = [("photo", ("p.jpg", photo, "image/jpeg"))]
    if sent.get("two_photos"):
        files.append(files[0])
    if sent.get("no_photo"):
        files = []
    answer = ann.post("/api/drafts", files=files or None, data=data)
    assert answer.status_code == status, answer.text
    detail = answer.json()["detail"]
    assert isinstance(detail, str) and detail.endswith((".", ")")), detail
    assert words.lower() in detail.lower()
    assert world.service.media.read(good, "photo") == before  # nothing stored was touched
    assert ann.get(f"/api/drafts/{good}").json()["status"] == "queued"


def test_a_body_over_the_limit_is_refused_before_it_is_read(door: tuple[World, User, str]) -> None:
    _world, ann, _good = door
    answer = ann.client.post(
        "/api/drafts",
        headers={**ann.headers, "content-length": str(60 * 1024 * 1024)},
        content=b"x" * 10,
    )
    assert answer.status_code == 413 and "larger than" in answer.json()["detail"]


def test_a_streamed_body_is_cut_off_at_the_limit(door: tuple[World, User, str]) -> None:
    world, ann, good = door
    sent = 0

    def endless() -> Iterator[bytes]:  # no Content-Length: chunked, as a phone may send
        nonlocal sent
        yield (
            b'--abc\r\nContent-Disposition: form-data; name="photo"; filename="p.jpg"\r\n'
            b"Content-Type: image/jpeg\r\n\r\n"
        )
        block = b"x" * (1 << 20)
        for _ in range(200):
            sent += len(block)
            yield block

    answer = ann.client.post(
        "/api/drafts",
        headers={**ann.headers, "content-type": "multipart/form-data; boundary=abc"},
        content=endless(),
    )
    assert answer.status_code == 413 and sent > 52 * (1 << 20)
    drafts = world.files.root / "drafts"
    assert sorted(p.name for p in drafts.iterdir()) == [good]  # nothing of it was kept


@pytest.mark.parametrize(
    ("url", "body", "words"),
    [
        ("/api/accounts", b'{"username": "x"', "not the json object"),
        (
            "/api/accounts",
            b'{"username": "dan", "password": "long enough", "admin": true}',
            "admin",
        ),
        ("/api/accounts", b'{"username": "A B", "password": "long enough"}', "username"),
        ("/api/accounts", b'{"username": "dan", "password": "short"}', "8 to 256"),
        ("/api/accounts", b'["a list"]', ""),
        ("/api/session", b'{"username": "ann", "password": "wrong password"}', "wrong"),
        ("/api/accounts", b"x" * (70 * 1024), "larger than"),
    ],
)
def test_bad_json_gets_a_4xx_with_a_reason(
    door: tuple[World, User, str], url: str, body: bytes, words: str
) -> None:
    world, _, _ = door
    answer = world.anonymous.post(url, content=body, headers={"content-type": "application/json"})
    assert 400 <= answer.status_code < 500, answer.text
    assert words.lower() in answer.json()["detail"].lower()


def test_a_taken_username_is_a_conflict(door: tuple[World, User, str]) -> None:
    world, _, _ = door
    again = world.anonymous.post("/api/accounts", json={"username": "ann", "password": "x" * 9})
    assert again.status_code == 409 and "taken" in again.json()["detail"]


def test_a_blocked_prompt_is_answered_at_once_with_its_sentence(
    door: tuple[World, User, str],
) -> None:
    world, ann, _ = door
    answer = world.draft(ann, prompt="make her bleed to death, slit her throat")
    body = answer.json()
    assert answer.status_code == 422 and body["blocked"] is True and body["stage"] == "prompt"
    assert body["detail"].startswith("The prompt check stopped")
    kept = ann.get(f"/api/drafts/{body['draft']}").json()
    assert kept["status"] == "blocked" and kept["reason"] == body["detail"]
    assert ann.get(f"/api/drafts/{body['draft']}/photo").status_code == 404  # no photo kept


def test_making_drafts_is_rate_limited_per_account(tmp_path: Path) -> None:
    world = make_world(tmp_path / "limits", max_drafts_per_hour=2)
    ann, ben = world.sign_up("ann"), world.sign_up("ben")
    assert [world.draft(ann).status_code for _ in range(3)] == [202, 202, 429]
    assert "last hour" in world.draft(ann).json()["detail"]
    assert world.draft(ben).status_code == 202  # per account
    world.clock.advance(hours=1, seconds=1)
    assert world.draft(ann).status_code == 202
    world.service.close()


def test_publishing_is_rate_limited_by_the_policy(tmp_path: Path) -> None:
    from vivify.moderation.policy import default_policy

    policy = default_policy()
    policy = policy.model_copy(
        update={"publish": policy.publish.model_copy(update={"max_per_hour": 1})}
    )
    world = make_world(tmp_path / "publish", policy=policy)
    ann = world.sign_up("ann")
    first, second = (world.draft(ann).json()["id"] for _ in range(2))
    world.render()
    assert ann.post(f"/api/drafts/{first}/publish").status_code == 201
    refused = ann.post(f"/api/drafts/{second}/publish")
    assert refused.status_code == 429 and "too many" in refused.json()["detail"]
    assert ann.get(f"/api/drafts/{second}").json()["story"] is None
    world.service.close()


def test_verify_takes_any_video_and_refuses_what_is_not_one(door: tuple[World, User, str]) -> None:
    world, _, _ = door
    junk = world.anonymous.post("/api/verify", files={"video": ("v.mp4", b"\x00" * 4096)})
    assert 400 <= junk.status_code < 500 and junk.json()["detail"]
    empty = world.anonymous.post("/api/verify", files={"video": ("v.mp4", b"")})
    assert empty.status_code == 400 and "empty" in empty.json()["detail"]
    assert not list((world.service.config.data_dir / "tmp").iterdir())  # nothing kept
