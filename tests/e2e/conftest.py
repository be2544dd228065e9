"""Browser journeys: Playwright driving Debian's Chromium against the live gunicorn server.

Screenshots of every step are kept in test-artifacts/screenshots/.
"""

import os
import re
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Browser journeys skipped: no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Journey:
    """A browser context on the live server that names and keeps a screenshot of each step."""

    def __init__(self, browser, base_url: str, name: str, viewport: dict, language: str):
        self.base_url, self.name, self.language = base_url, name, language
        self.context = browser.new_context(viewport=viewport, locale=language)
        self.page = self.context.new_page()
        self.steps = 0
        self.console_errors = []
        self.page.on("console", lambda msg: msg.type == "error" and self.console_errors.append(msg.text))
        self.failed_responses = []
        self.page.on("response", lambda r: r.status >= 400 and self.failed_responses.append(f"{r.status} {r.url}"))
        self.page.goto(f"{base_url}/language/{language}")

    def goto(self, path: str):
        return self.page.goto(self.base_url + path)

    def shot(self, label: str) -> Path:
        self.steps += 1
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{self.name}-{self.language}-{self.steps:02d}-{re.sub(r'[^a-z0-9]+', '-', label.lower())}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def confirm(self, label: str):
        """An action that moves or emails people first says so on a confirmation page: look, then agree."""
        self.page.wait_for_selector("section.confirm")
        self.shot(f"{label} asks first")
        self.page.click("section.confirm button[type=submit]")

    def sign_in(self, email: str, password: str):
        """Password, then the authenticator code when the account has two-factor sign-in."""
        self.goto("/account/login")
        self.page.fill("#email", email)
        self.page.fill("#password", password)
        self.page.click("main button[type=submit]")
        if "/account/login/code" in self.page.url:
            from tests.helpers import find_user_code

            self.page.fill("#code", find_user_code(email))
            self.page.click("main button[type=submit]")

    def close(self):
        self.context.close()


@pytest.fixture
def journey(browser, live_server, request):
    opened = []

    def start(viewport=PHONE, language="ar", name=None) -> Journey:
        j = Journey(browser, live_server, name or request.node.name, viewport, language)
        opened.append(j)
        return j

    yield start
    for j in opened:
        j.close()
