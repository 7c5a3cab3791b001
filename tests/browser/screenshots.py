"""`make screenshots`: the main pages of the demo organization, as Maria (a member) sees them,
at a desktop's and a phone's size, into docs/screenshots/ (PNG).

Needs Debian's Chromium (apt-get install chromium); starts its own server over a throwaway
database with the demo organization, like the browser tests.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from .server import CHROMIUM, CHROMIUM_ARGS, ROOT, running_server

OUT = ROOT / "docs" / "screenshots"
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 812}}
MARIA = {"email": "maria.santos@northwind.example", "password": "knowflow-demo"}


def find_question_with_helpers(page) -> str:
    from .helpers import settled

    """The address of a demo question whose "people who may know" list is not empty."""
    from playwright.sync_api import expect

    page.goto("/help/")
    links = page.locator(".question-title a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(min(links.count(), 12))]
    for href in hrefs:
        page.goto(href)
        settled(page)
        helpers = page.get_by_role("region", name="People who may know")
        if helpers.count():
            expect(helpers).to_be_visible()
            return href
    raise SystemExit("no demo question shows people who may know")


def shoot(page, name: str, address: str, *, region: str | None = None) -> None:
    """The page's first screen, or the screen showing the named region."""
    from .helpers import settled

    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        page.goto(address)
        settled(page)
        if region:
            page.get_by_role("region", name=region).evaluate(
                "e => e.scrollIntoView({block: 'center'})"
            )
        path = OUT / f"{name}-{size}.png"
        page.screenshot(path=str(path))
        print(f"  {path.relative_to(ROOT)}")


def main() -> None:
    if not CHROMIUM.exists():
        sys.exit(f"No Chromium at {CHROMIUM}: apt-get install chromium, then run this again.")
    from playwright.sync_api import sync_playwright

    from .helpers import sign_in

    OUT.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(prefix="knowflow-screenshots-") as folder,
        running_server(Path(folder), demo_people=200, personas=False) as server,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        context = browser.new_context(base_url=server.url, viewport=SIZES["desktop"])
        page = context.new_page()
        sign_in(page, MARIA)
        question = find_question_with_helpers(page)
        helper = page.get_by_role("region", name="People who may know").get_by_role("link")
        profile = helper.first.get_attribute("href")
        print("Screenshots of the demo organization:")
        shoot(page, "home", "/")
        shoot(page, "question", question)
        shoot(page, "question-helpers", question, region="People who may know")
        shoot(page, "profile", profile)
        shoot(page, "directory", "/people/?skill=python")
        shoot(page, "search", "/search/?q=kubernetes")
        browser.close()


if __name__ == "__main__":
    main()
