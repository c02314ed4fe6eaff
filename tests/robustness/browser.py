"""Driving Debian's Chromium with Playwright for the explorer's browser tests.

`open_explorer(path)` launches /usr/bin/chromium (never a browser Playwright downloads), opens the
page and waits for `body[data-ready="1"]`; the `Session` it gives records every request the page
attempts, every console error and page error, and saves screenshots under ARTIFACTS (printed).
Skips when Chromium or Playwright is missing, except under CI (env CI set), where that fails.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("CK_ARTIFACTS", Path(__file__).resolve().parents[1] / "artifacts" / "explorer"))
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


def require_browser() -> None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("the playwright package is missing in CI (pip install -e '.[test]')")
        pytest.skip("the playwright package is not installed")
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing in CI: run .ci/install-browser")
        pytest.skip(f"{CHROMIUM} is not installed (.ci/install-browser installs it)")


@dataclass
class Session:
    page: object
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def remote_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(LOCAL_SCHEMES)]

    def shot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path))
        print(f"screenshot: {path}")
        return path


def watch(page) -> Session:
    session = Session(page)
    page.on("request", lambda request: session.requests.append(request.url))
    page.on("console", lambda message: session.errors.append(message.text) if message.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: session.errors.append(str(error)))
    return session


def launch(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])


def open_page(browser, url: str, width: int = 1366, height: int = 768) -> Session:
    context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
    context.set_default_timeout(8_000)
    session = watch(context.new_page())
    session.page.goto(url)
    session.page.wait_for_selector("body[data-ready='1']", timeout=30_000)
    return session
