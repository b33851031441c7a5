"""Every page: in English and German, on a 360 px phone and a desktop, with a label on every
control, readable contrast, and keyboard operation; and the pages beside the main flow
(drafts, my stories, privacy, verify) doing what they say."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, expect

from tests.conftest import EXAMPLES
from tests.servers import S3Server, _free_port
from tests.service.conftest import SMALL
from tests.service.test_server import _server
from tests.web.conftest import DESKTOP, PHONE, Site, sign_up
from vivify.web.i18n import LANGUAGES, negotiate

WORDS = Path(__file__).resolve().parents[2] / "src" / "vivify" / "web" / "words"
PAGES = ["/", "/make", "/drafts", "/mine", "/privacy", "/verify"]

# For each visible element with text of its own: its colour against the first opaque
# background behind it (WCAG 2 relative luminance), and whether it is large text.
CONTRAST = """() => {
  const lum = (c) => {
    const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map((v) => {
      v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const alpha = (c) => { const p = c.match(/[\\d.]+/g); return p.length > 3 ? Number(p[3]) : 1; };
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.checkVisibility()) continue;
    const style = getComputedStyle(el);
    let bg = null;
    for (let p = el; p; p = p.parentElement) {
      const c = getComputedStyle(p).backgroundColor;
      if (alpha(c) > 0.5) { bg = c; break; }
    }
    bg = bg || "rgb(255, 255, 255)";
    const [a, b] = [lum(style.color), lum(bg)].sort((x, y) => y - x);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    out.push({ text: el.textContent.trim().slice(0, 40), ratio: (a + 0.05) / (b + 0.05), large });
  }
  return out;
}"""

UNLABELLED = """() => [...document.querySelectorAll("input, select, textarea, button, video")]
  .filter((el) => el.checkVisibility() || el.id === "photo-input")
  .filter((el) => {
    const named = el.getAttribute("aria-label") || el.getAttribute("aria-labelledby")
      || (el.labels && el.labels.length) || el.title
      || (el.tagName === "BUTTON" && el.textContent.trim());
    return !named;
  })
  .map((el) => el.outerHTML.slice(0, 80))"""


def test_every_word_exists_in_every_language() -> None:
    words = {lang: json.loads((WORDS / f"{lang}.json").read_text("utf-8")) for lang in LANGUAGES}
    for part in ("text", "params"):
        keys = {lang: set(data[part]) for lang, data in words.items()}
        assert keys["de"] == keys["en"] or part == "params"
    from vivify.effects import registry

    assert set(words["de"]["effects"]) == set(registry())  # every effect has a German title
    assert set(words["de"]["params"]) >= {
        p for cls in registry().values() for p in cls.parameter_docs()
    }


@pytest.mark.parametrize(
    ("asked", "cookie", "header", "expected"),
    [
        (None, None, "de-DE,de;q=0.9,en;q=0.8", "de"),
        (None, None, "fr-FR,fr;q=0.9,de;q=0.5,en;q=0.4", "de"),
        (None, None, "en-GB,de;q=0.9", "en"),
        (None, None, "fr, es", "en"),
        (None, None, None, "en"),
        (None, "de", "en-US", "de"),
        ("en", "de", "de", "en"),
        ("xx", None, "de;q=0", "en"),
    ],
)
def test_the_language_is_negotiated(
    asked: str | None, cookie: str | None, header: str | None, expected: str
) -> None:
    assert negotiate(asked, cookie, header) == expected


@pytest.fixture(scope="module")
def user_site(site: Site, browser: Browser) -> Iterator[tuple[Site, BrowserContext]]:
    context = browser.new_context(**PHONE, locale="en-US")  # type: ignore[arg-type]
    page = context.new_page()
    sign_up(page, site, "pat")
    page.close()
    yield site, context
    context.close()


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_each_page_is_labelled_readable_and_fits(
    user_site: tuple[Site, BrowserContext], browser: Browser, path: str, device: str
) -> None:
    site, phone = user_site
    context = phone
    if device == "desktop":
        context = browser.new_context(**DESKTOP, storage_state=phone.storage_state())  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(site.base + path)
    assert page.evaluate(UNLABELLED) == []
    weak = [c for c in page.evaluate(CONTRAST) if c["ratio"] < (3.0 if c["large"] else 4.5)]
    assert weak == []
    width = page.viewport_size["width"]  # type: ignore[index]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.locator("h1").count() == 1
    page.close()
    if device == "desktop":
        context.close()


def test_pages_speak_german_when_the_browser_does(site: Site, browser: Browser) -> None:
    context = browser.new_context(**PHONE, locale="de-DE")  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(site.base + "/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("button", name="Konto erstellen")).to_be_visible()
    page.get_by_role("link", name="English").click()  # the switch, remembered
    expect(page.get_by_role("button", name="Create an account")).to_be_visible()
    page.goto(site.base + "/verify")
    expect(page.locator("h1")).to_have_text("Verify a video")
    context.close()


def test_the_make_page_is_in_german_down_to_the_effects(
    user_site: tuple[Site, BrowserContext],
) -> None:
    site, context = user_site
    page = context.new_page()
    page.goto(site.base + "/make?lang=de")
    expect(page.locator("h1")).to_have_text("Story erstellen")
    catalogue = json.loads(page.locator("#catalogue").inner_text())
    assert catalogue["wind"]["title"] == "Wind" and catalogue["rain"]["title"] == "Regen"
    assert catalogue["clouds"]["params"]["speed"]["title"] == "Tempo"
    chips = page.locator(".chip").all_inner_texts()
    assert "lass es regnen" in chips
    page.goto(site.base + "/make?lang=en")
    page.close()


def test_the_keyboard_reaches_the_photo_picker_and_the_menu(
    user_site: tuple[Site, BrowserContext],
) -> None:
    site, context = user_site
    page = context.new_page()
    page.goto(site.base + "/make")
    reached = []
    for _ in range(20):
        page.keyboard.press("Tab")
        reached.append(
            page.evaluate("document.activeElement.id || document.activeElement.textContent")
        )
    assert "photo-input" in reached and "Privacy" in reached
    page.close()


def test_privacy_page_saves_consent_with_its_time_and_exports(
    user_site: tuple[Site, BrowserContext],
) -> None:
    site, context = user_site
    page = context.new_page()
    page.goto(site.base + "/privacy")
    box = page.get_by_label("Allow AI training on my clips")
    expect(box).not_to_be_checked()  # off by default
    box.check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#toast")).to_have_text("Saved.")
    page.reload()
    expect(page.get_by_label("Allow AI training on my clips")).to_be_checked()
    expect(page.locator("#consent-since")).to_contain_text("UTC")
    with page.expect_download() as download:
        page.get_by_role("link", name="Export my data").click()
    assert download.value.suggested_filename == "vivify-pat.zip"
    page.get_by_label("Allow AI training on my clips").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#toast")).to_have_text("Saved.")
    page.close()


def test_a_blocked_photo_shows_the_gates_sentence_and_nothing_else(
    user_site: tuple[Site, BrowserContext], tmp_path: Path
) -> None:
    site, context = user_site
    page = context.new_page()
    page.goto(site.base + "/make")
    (tmp_path / "notes.jpg").write_text("not a photo at all")
    page.set_input_files("#photo-input", str(tmp_path / "notes.jpg"))
    expect(page.locator("#photo-error")).to_have_text(
        "The file is not an image vivify can read (use JPEG, PNG, WebP or HEIC)."
    )
    expect(page.locator("#step-wish")).to_be_hidden()
    page.set_input_files("#photo-input", str(EXAMPLES / "coffee.png"))
    expect(page.locator("#step-wish")).to_be_visible(timeout=60_000)
    page.get_by_label("What should happen?").fill("make her bleed to death, slit her throat")
    page.get_by_role("button", name="Show the plan").click()
    expect(page.locator("#wish-error")).to_contain_text("The prompt check stopped")
    expect(page.locator("#step-plan")).to_be_hidden()
    page.close()


def test_verify_page_reports_an_unmarked_video_in_plain_words(
    site: Site, phone: BrowserContext, tmp_path: Path
) -> None:
    import numpy as np

    from vivify.media.encode import ClipWriter

    clip = tmp_path / "plain.mp4"
    with ClipWriter(clip, 240, 320, 10, None) as writer:
        for n in range(10):
            writer.write(np.full((320, 240, 3), 20 * n, np.uint8))
    page = phone.new_page()  # no account needed
    page.goto(site.base + "/verify")
    page.set_input_files("#verify-file", str(clip))
    page.get_by_role("button", name="Check it").click()
    result = page.locator("#verify-list")
    expect(result).to_contain_text("carries no Content Credentials", timeout=60_000)
    expect(result).to_contain_text("No invisible watermark was found")
    page.close()


def test_a_heic_photo_is_shown_from_the_servers_preview(
    user_site: tuple[Site, BrowserContext], tmp_path: Path
) -> None:
    """Chromium can't draw HEIC itself: the page shows the server's JPEG preview."""
    import pillow_heif
    from PIL import Image

    pillow_heif.register_heif_opener()
    Image.open(EXAMPLES / "china.jpg").convert("RGB").save(tmp_path / "photo.heic", "HEIF")
    site, context = user_site
    page = context.new_page()
    page.goto(site.base + "/make")
    page.set_input_files("#photo-input", str(tmp_path / "photo.heic"))
    expect(page.locator("#step-wish")).to_be_visible(timeout=60_000)
    expect(page.locator("#photo")).to_have_attribute("src", re.compile(r"/preview$"))
    assert page.locator("#photo").evaluate("img => img.complete && img.naturalWidth") > 0
    page.close()


def test_faces_and_a_face_effect_ask_for_consent_before_making(
    user_site: tuple[Site, BrowserContext],
) -> None:
    site, context = user_site
    page = context.new_page()
    page.goto(site.base + "/make")
    photo = Path(__file__).resolve().parents[1] / "photos" / "dev" / "grace_hopper.jpg"
    page.set_input_files("#photo-input", str(photo))
    expect(page.locator("#sees")).to_contain_text("face", timeout=60_000)
    page.get_by_label("What should happen?").fill("make her smile")
    page.get_by_role("button", name="Show the plan").click()
    smile = page.get_by_role("article", name="Smile", exact=True)
    expect(smile).to_be_visible(timeout=60_000)
    consent = page.get_by_label("I may animate the people shown in this photo.")
    expect(consent).to_be_visible()
    expect(consent).not_to_be_checked()
    page.get_by_role("button", name="Make the clip").click()
    expect(page.locator("#plan-error")).to_contain_text("confirm that you may animate them")
    expect(page.locator("#step-make")).to_be_hidden()
    for name in ("Smile", "Blink", "Head"):  # no face effect left: no question
        card = page.get_by_role("article", name=name, exact=True)
        if card.count():
            card.get_by_label("Use this effect").uncheck()
    expect(page.locator("#consent-box")).to_be_hidden()
    page.close()


def test_my_drafts_and_my_stories_pages(site: Site, browser: Browser) -> None:
    context = browser.new_context(**PHONE, locale="en-US")  # type: ignore[arg-type]
    page = context.new_page()
    sign_up(page, site, "quinn")
    made = {"id": _made_via_api(page, site, "make it snow")}
    page.goto(site.base + "/drafts")
    item = page.locator(".list li")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("make it snow")
    expect(item).to_contain_text("ready")
    expect(item.locator("video")).to_have_attribute("src", f"/api/drafts/{made['id']}/video")
    item.get_by_role("link", name="Open").click()
    expect(page.locator("#step-post")).to_be_visible(timeout=30_000)
    page.get_by_role("button", name="Post as a story").click()
    expect(page.locator(".story-ring")).to_have_count(1, timeout=30_000)
    page.goto(site.base + "/mine")
    expect(page.locator(".list li")).to_contain_text("23 h 59 min left")
    page.get_by_role("button", name="Delete now").click()
    expect(page.locator(".list li")).to_have_count(0)
    page.goto(site.base + "/drafts")
    expect(page.locator(".list li")).to_have_count(0)  # the story took its draft with it
    context.close()


def _made_via_api(page: Any, site: Site, prompt: str) -> str:
    """A small clip made through the API, as the signed-in page's user: its draft id."""
    api = page.request
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "vivify_csrf")
    headers = {"x-csrf-token": csrf}
    made = api.post(
        f"{site.base}/api/drafts",
        multipart={
            "photo": {
                "name": "c.jpg",
                "mimeType": "image/jpeg",
                "buffer": (EXAMPLES / "china.jpg").read_bytes(),
            },
            "prompt": prompt,
            **{k: str(v) for k, v in SMALL.items()},
        },
        headers=headers,
    ).json()
    deadline = time.monotonic() + 120
    while api.get(f"{site.base}/api/drafts/{made['id']}").json()["status"] != "done":
        assert time.monotonic() < deadline
        time.sleep(0.3)
    return str(made["id"])


def _story_via_api(page: Any, site: Site, prompt: str) -> str:
    draft = _made_via_api(page, site, prompt)
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "vivify_csrf")
    url = f"{site.base}/api/drafts/{draft}/publish"
    answer = page.request.post(url, headers={"x-csrf-token": csrf}, data={"visibility": "everyone"})
    return str(answer.json()["id"])


def test_the_viewer_moves_on_by_tap_and_key_with_a_bar_per_story(
    site: Site, browser: Browser
) -> None:
    context = browser.new_context(**PHONE, locale="en-US")  # type: ignore[arg-type]
    page = context.new_page()
    sign_up(page, site, "rob")
    first = _story_via_api(page, site, "make it snow")
    second = _story_via_api(page, site, "make it rain")
    page.goto(site.base + "/")
    expect(page.locator(".story-ring")).to_have_count(2)
    page.locator(".story-ring").first.click()
    video = page.locator("#viewer-video")
    expect(page.locator("#segments span")).to_have_count(2)
    expect(video).to_have_attribute("src", f"/api/stories/{second}/video")  # newest first
    page.get_by_role("button", name="Next story").click()
    expect(video).to_have_attribute("src", f"/api/stories/{first}/video")
    page.keyboard.press("ArrowLeft")
    expect(video).to_have_attribute("src", f"/api/stories/{second}/video")
    expect(page.locator("#ai-label")).to_be_visible()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # past the last one: the viewer closes
    expect(page.locator("#viewer")).to_be_hidden()
    context.close()


def test_a_photo_can_be_dropped_on_the_page_on_a_desktop(
    user_site: tuple[Site, BrowserContext], browser: Browser
) -> None:
    site, phone = user_site
    context = browser.new_context(**DESKTOP, storage_state=phone.storage_state())  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(site.base + "/make")
    data = list((EXAMPLES / "coffee.png").read_bytes())
    transfer = page.evaluate_handle(
        """(bytes) => {
          const transfer = new DataTransfer();
          const file = new File([new Uint8Array(bytes)], "coffee.png", { type: "image/png" });
          transfer.items.add(file);
          return transfer;
        }""",
        data,
    )
    page.dispatch_event("#drop", "drop", {"dataTransfer": transfer})
    expect(page.locator("#step-wish")).to_be_visible(timeout=60_000)
    expect(page.locator("#photo")).to_have_attribute("src", re.compile(r"/preview$"))
    context.close()


def test_a_story_plays_from_object_storage_through_its_signed_url(
    browser: Browser, tmp_path: Path, s3_media: dict[str, str], s3_server: S3Server
) -> None:
    """A server whose media are in an S3-compatible store: the viewer's video is redirected to
    a signed URL on the store, the page's policy lets it load, and it plays."""
    port = _free_port()
    with _server(tmp_path / "data", port, s3_media):
        site = Site(f"http://127.0.0.1:{port}", tmp_path / "data")
        context = browser.new_context(**PHONE, locale="en-US")  # type: ignore[arg-type]
        page = context.new_page()
        refused: list[str] = []
        page.on("console", lambda m: refused.append(m.text) if "Security" in m.text else None)
        from_store: list[int] = []
        page.on(
            "response",
            lambda r: from_store.append(r.status) if r.url.startswith(s3_server.url) else None,
        )
        sign_up(page, site, "sam")
        _story_via_api(page, site, "make it snow")
        page.goto(site.base + "/")
        page.locator(".story-ring").first.click()
        video = page.locator("#viewer-video")
        deadline = time.monotonic() + 30
        while not video.evaluate("v => v.currentTime > 0.2"):
            assert time.monotonic() < deadline, "the story did not play"
            time.sleep(0.2)
        assert from_store and set(from_store) <= {200, 206}
        assert refused == []
        context.close()
