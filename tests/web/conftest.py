"""The web app in a real browser: `vivify serve` started as a process in a fresh data folder, and
Debian's Chromium (the apt package `chromium`, installed by scripts/install) driven by
Playwright, in a phone's viewport unless a test asks for a desktop."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.servers import _free_port
from tests.service.test_server import _server

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def chromium_path() -> str:
    found = os.environ.get("VIVIFY_CHROMIUM") or shutil.which("chromium")
    if not found:
        raise RuntimeError(
            "The web tests need Chromium: scripts/install installs Debian's package 'chromium' "
            "(or set VIVIFY_CHROMIUM to a Chromium binary)."
        )
    return found


@dataclass
class Site:
    base: str
    data: Path


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    data, port = tmp_path_factory.mktemp("web") / "data", _free_port()
    with _server(data, port):
        yield Site(f"http://127.0.0.1:{port}", data)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_path(),
            args=["--no-sandbox", "--autoplay-policy=no-user-gesture-required"],
        )
        yield launched
        launched.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(**PHONE, locale="en-US")  # type: ignore[arg-type]
    yield context
    context.close()


def sign_up(page: Page, site: Site, name: str, password: str = "correct horse") -> None:
    page.goto(site.base + "/")
    page.get_by_label("Username").nth(1).fill(name)
    page.get_by_label("Password").nth(1).fill(password)
    page.get_by_role("button", name="Create an account").click()
    page.wait_for_selector("#follow-form")
