"""The whole flow on a phone, in a real Chromium: sign up, upload a real photo, type a wish,
edit the plan (switch an effect off, move a slider, paint where another happens), make the clip,
post it, watch it in the viewer with its label and Content Credentials, then delete the account
and see that everything is gone."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, expect

from tests.conftest import EXAMPLES
from tests.web.conftest import Site, sign_up

pytestmark = pytest.mark.slow


def _until(check: Callable[[], object], seconds: float = 30) -> None:
    """Poll `check` (the page's CSP allows no eval, which page.wait_for_function needs)."""
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, f"waited {seconds} s"
        time.sleep(0.1)


def test_photo_to_story_and_back_to_nothing(site: Site, phone: BrowserContext) -> None:
    page = phone.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_up(page, site, "ann")

    # 1. Photo: shown at once, with what vivify sees as an overlay that can be switched on.
    page.get_by_role("link", name="Make a story").click()
    page.wait_for_url("**/make")
    page.set_input_files("#photo-input", str(EXAMPLES / "china.jpg"))
    expect(page.locator("#step-wish")).to_be_visible(timeout=60_000)
    expect(page.locator("#sees")).to_contain_text("sky")
    overlay = page.locator("#overlay")
    expect(overlay).to_be_hidden()
    page.get_by_label("Show what vivify sees").check()
    expect(overlay).to_be_visible()
    assert overlay.evaluate("img => img.naturalWidth") > 0

    # 2. Wish, from a suggestion chip.
    page.get_by_role("button", name="windy day").click()  # a chip fills the box
    wish = page.get_by_label("What should happen?")
    expect(wish).to_have_value("windy day")
    wish.fill("")
    wish.press_sequentially("make it a windy day")  # typed, key by key
    page.get_by_role("button", name="Show the plan").click()
    cards = page.locator("#cards article")
    expect(cards.first).to_be_visible(timeout=60_000)
    names = cards.locator("h4").all_inner_texts()
    assert "Wind" in names and len(names) >= 2, names
    expect(page.get_by_role("article", name="Wind", exact=True)).to_contain_text("because of")

    # 3. Edit: the other effect off, wind's strength up, and paint where wind blows.
    other = next(n for n in names if n != "Wind")
    page.get_by_role("article", name=other, exact=True).get_by_label("Use this effect").uncheck()
    wind = page.get_by_role("article", name="Wind", exact=True)
    strength = wind.get_by_label("Strength")
    strength.fill("1.5")  # a range input takes fill()
    wind.get_by_role("button", name="Paint where").click()
    brush = page.locator("#brush")
    expect(brush).to_be_visible()
    box = brush.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.5)
    page.mouse.down()
    for x, y in [(0.95, 0.5), (0.95, 0.95), (0.6, 0.95), (0.6, 0.55)]:
        page.mouse.move(box["x"] + box["width"] * x, box["y"] + box["height"] * y, steps=5)
    page.mouse.up()
    page.get_by_role("button", name="Done painting").click()
    expect(wind.get_by_role("button", name="Paint where (painted)")).to_be_visible()

    # 4. Make: live progress that names the stage, then the preview with its badge, looping.
    page.get_by_role("button", name="Make the clip").click()
    expect(page.locator("#stage-name")).not_to_be_empty(timeout=30_000)
    expect(page.locator("#step-post")).to_be_visible(timeout=240_000)
    preview = page.locator("#preview")
    expect(preview).to_have_attribute("loop", "")
    _until(lambda: preview.evaluate("video => video.readyState >= 2"))
    expect(page.locator("#preview-box .ai-label")).to_have_text("AI-generated")
    draft_id = preview.get_attribute("src").split("/")[3]  # type: ignore[union-attr]
    made = page.request.get(f"{site.base}/api/drafts/{draft_id}").json()
    effects = {e["name"]: e for e in made["request"]["plan"]["effects"]}
    assert set(effects) == {"wind"}  # the other one was switched off
    assert effects["wind"]["params"]["strength"] == 1.5
    polygon = effects["wind"]["region"]["polygons"][0]
    assert len(polygon) >= 3 and all(0.55 <= x <= 1 and 0.45 <= y <= 1 for x, y in polygon)

    # 5. Post: the story shows up in the row of stories.
    page.get_by_role("button", name="Post as a story").click()
    ring = page.locator(".story-ring")
    expect(ring).to_have_count(1, timeout=60_000)

    # Watching: full screen, labelled before and during playback, sound toggle, credentials.
    ring.click()
    viewer = page.locator("#viewer")
    expect(viewer).to_be_visible()
    expect(page.locator("#ai-label")).to_have_text("AI-generated")
    _until(lambda: page.locator("#viewer-video").evaluate("video => video.currentTime > 0.2"))
    expect(page.locator("#ai-label")).to_be_visible()
    sound = page.get_by_role("button", name="Sound off")
    sound.click()
    expect(page.get_by_role("button", name="Sound on")).to_have_attribute("aria-pressed", "true")
    page.get_by_role("button", name="Content Credentials").click()
    panel = page.locator("#cr-panel")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("Made with AI")
    expect(panel).to_contain_text("wind 1.")  # which effects, by version
    expect(panel).to_contain_text("vivify 0.1.0")  # by what
    expect(panel).to_contain_text("Signed on")  # when
    expect(panel).to_contain_text("unchanged since it was signed")
    page.keyboard.press("Escape")
    expect(viewer).to_be_hidden()

    # Privacy: delete the account; everything of it is gone.
    page.get_by_role("link", name="Privacy").click()
    page.get_by_label("Password").fill("correct horse")
    page.get_by_role("button", name="Delete my account and everything of it").click()
    expect(page.get_by_role("button", name="Create an account")).to_be_visible()
    assert page.request.get(f"{site.base}/api/drafts/{draft_id}").status == 401
    assert not (site.data / "media" / "drafts" / draft_id).exists()
    with sqlite3.connect(site.data / "manifests.sqlite3") as db:
        for table in ("accounts", "drafts", "stories", "credentials"):
            assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
        assert db.execute("SELECT count(*) FROM decisions").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM manifests").fetchone()[0] == 1  # the trace
    assert errors == []
