"""The web app's flow over the API, step by step: a photo (checked at once, with a preview and
an overlay of what vivify sees), a plan for a wish, then making it from the edited plan."""

from __future__ import annotations

import io
import json

import numpy as np
from PIL import Image

from tests.service.conftest import EXAMPLES, World


def _photo(world: World, user: object, name: str = "china.jpg") -> dict[str, object]:
    data = (EXAMPLES / name).read_bytes()
    answer = user.post("/api/photos", files={"photo": (name, data)})  # type: ignore[attr-defined]
    assert answer.status_code == 201, answer.text
    body: dict[str, object] = answer.json()
    return body


def test_a_photo_step_gives_a_preview_and_what_vivify_sees(world: World) -> None:
    ann, ben = world.sign_up("ann"), world.sign_up("ben")
    found = _photo(world, ann)
    assert found["status"] == "new"
    sees = found["sees"]
    assert isinstance(sees, dict) and sees["sky"] > 0.1 and sees["faces"] == 0
    preview = ann.get(str(found["preview"]))
    assert preview.headers["content-type"] == "image/jpeg"
    image = Image.open(io.BytesIO(preview.content))
    assert max(image.size) <= 1280 and not image.info.get("exif")
    overlay = Image.open(io.BytesIO(ann.get(str(found["overlay"])).content))
    alpha = np.asarray(overlay)[..., 3]
    assert overlay.mode == "RGBA" and alpha[: alpha.shape[0] // 5].mean() > alpha.mean() * 0.5
    for url in (found["preview"], found["overlay"], f"/api/drafts/{found['id']}"):
        assert ben.get(str(url)).status_code == 404  # another's draft does not exist
    assert world.anonymous.get(str(found["preview"])).status_code == 401
    world.render()  # a new draft is not a job
    assert ann.get(f"/api/drafts/{found['id']}").json()["status"] == "new"


def test_a_plan_is_made_for_the_wish_and_made_into_a_clip(world: World) -> None:
    ann = world.sign_up("ann")
    draft = str(_photo(world, ann)["id"])
    plan = ann.post(f"/api/drafts/{draft}/plan", json={"prompt": "make it rain"}).json()["plan"]
    assert "rain" in [e["name"] for e in plan["effects"]]
    assert any("rain" in e["because"] for e in plan["effects"])
    default = ann.post(f"/api/drafts/{draft}/plan", json={}).json()["plan"]
    assert default["prompt"] == "" and default["effects"]  # the photo's own motion
    plan.update(duration=1, width=240, height=426, fps=10)
    plan["effects"] = [
        {**e, "region": {"polygon": [[0, 0], [1, 0], [1, 0.5]]}} if e["name"] == "rain" else e
        for e in plan["effects"]
    ]
    queued = ann.post(f"/api/drafts/{draft}/make", json={"plan": plan})
    assert queued.status_code == 202 and queued.json()["status"] == "queued"
    again = ann.post(f"/api/drafts/{draft}/make", json={"plan": plan})
    assert again.status_code == 409
    assert ann.post(f"/api/drafts/{draft}/plan", json={"prompt": "x"}).status_code == 409
    world.render()
    made = ann.get(f"/api/drafts/{draft}").json()
    assert made["status"] == "done" and made["clip"]["frames"] == 10
    assert made["request"]["plan"]["effects"][0]["region"]["polygon"]


def test_a_blocked_wish_leaves_the_draft_to_try_again(world: World) -> None:
    ann = world.sign_up("ann")
    draft = str(_photo(world, ann)["id"])
    refused = ann.post(
        f"/api/drafts/{draft}/plan", json={"prompt": "make her bleed to death, slit her throat"}
    )
    assert refused.status_code == 422 and refused.json()["stage"] == "prompt"
    assert ann.get(f"/api/drafts/{draft}").json()["status"] == "new"
    assert ann.post(f"/api/drafts/{draft}/plan", json={"prompt": "snow"}).status_code == 200


def test_an_edited_plan_is_checked_like_any_other(world: World) -> None:
    ann = world.sign_up("ann")
    draft = str(_photo(world, ann)["id"])
    plan = ann.post(f"/api/drafts/{draft}/plan", json={"prompt": "wind"}).json()["plan"]
    cases = [
        ({**plan, "effects": [{"name": "lava"}]}, "lava"),
        ({**plan, "width": 241}, "even"),
        ({**plan, "effects": [{"name": "wind", "region": {"mask": "/etc/passwd"}}]}, "polygons"),
        ({**plan, "prompt": "make her bleed to death, slit her throat"}, "prompt check"),
        ({**plan, "bogus": 1}, "bogus"),
    ]
    for edited, words in cases:
        answer = ann.post(f"/api/drafts/{draft}/make", json={"plan": edited})
        assert answer.status_code == 422, (words, answer.text)
        assert words in answer.json()["detail"], answer.json()
    assert ann.get(f"/api/drafts/{draft}").json()["status"] == "new"
    big = {"plan": {**plan, "notes": ["x" * 1000] * 1200}}
    assert ann.post(f"/api/drafts/{draft}/make", content=json.dumps(big)).status_code == 413


def test_the_catalogue_and_my_stories(world: World) -> None:
    ann = world.sign_up("ann")
    catalogue = world.anonymous.get("/api/effects").json()
    assert catalogue["smile"]["faces"] is True and catalogue["wind"]["faces"] is False
    assert catalogue["wind"]["params"]["strength"]["max"] > 1
    assert ann.get("/api/me/stories").json() == []
    draft = world.draft(ann).json()["id"]
    world.render()
    story = ann.post(f"/api/drafts/{draft}/publish").json()["id"]
    world.clock.advance(hours=1)
    mine = ann.get("/api/me/stories").json()
    assert [s["id"] for s in mine] == [story] and mine[0]["remaining_seconds"] == 23 * 3600
