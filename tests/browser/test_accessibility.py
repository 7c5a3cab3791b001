"""Every page of the product, checked with axe-core in Chromium (WCAG 2.x A and AA rules,
zero serious or critical violations), and for horizontal scrolling at a phone's and a
desktop's width.

The pages are those of the urls.py files that answer a GET with HTML. Left out: the Django
admin and the API's OpenAPI page (third-party pages), and the endpoints that return fragments
for htmx (they are checked inside the pages that load them: the home page's side column, a
question's helpers and related questions, the ask page's suggestions, the notifications badge).
"""

from __future__ import annotations

from pathlib import Path

import axe_playwright_python
import pytest
from playwright.sync_api import expect

from .helpers import settled, sign_in

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("browser")]

AXE_SCRIPT = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations", "incomplete"],
}
# Rules axe leaves for review ("incomplete") although their findings are facts here: an id that
# ARIA or a label points at used twice, an aria-label on an element without a role.
REVIEWED_AS_VIOLATIONS = {"duplicate-id-aria", "aria-prohibited-attr"}
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}

# (page, address with {people}/{objects} fields); all as omar, who owns the objects.
SIGNED_IN = [
    ("home", "/"),
    ("home, most helpful", "/?order=helpful"),
    ("directory", "/people/?skill=Vault"),
    ("my profile", "/people/me/"),
    ("edit profile", "/people/me/edit/"),
    ("a profile", "/people/{people[priya][pk]}/"),
    ("topics", "/topics/"),
    ("a topic", "/topics/{objects[topic]}/"),
    ("departments", "/org/departments/"),
    ("a department", "/org/departments/{objects[department]}/"),
    ("my network", "/network/"),
    ("notifications", "/notifications/"),
    ("notification settings", "/notifications/settings/"),
    ("a post", "/posts/{objects[post]}/"),
    ("edit a post", "/posts/{objects[post]}/edit/"),
    ("a post's history", "/posts/{objects[post]}/history/"),
    ("a person's posts", "/posts/by/{people[sam][pk]}/"),
    ("questions", "/help/"),
    ("my questions", "/help/?view=mine"),
    ("ask", "/help/ask/"),
    ("a question", "/help/questions/{objects[question]}/"),
    ("edit a question", "/help/questions/{objects[question]}/edit/"),
    ("search", "/search/?q=vault"),
    ("search, nothing found", "/search/?q=zzyzx"),
    ("who knows", "/experts/?q=vault"),
    ("invitations to help", "/experts/invitations/"),
    ("questions I could answer", "/experts/could-answer/"),
    ("how questions fare", "/experts/answers/"),
    ("API tokens", "/accounts/tokens/"),
    ("change password", "/accounts/password/change/"),
    ("sign out", "/accounts/logout/"),
    ("e-mail addresses", "/accounts/email/"),
    ("confirm it is you", "/accounts/reauthenticate/"),
    ("set a password", "/accounts/password/set/"),
    ("not found", "/no/such/page/"),
]
SIGNED_OUT = [
    ("sign in", "/accounts/login/"),
    ("sign up (closed)", "/accounts/signup/"),
    ("password reset", "/accounts/password/reset/"),
    ("password reset sent", "/accounts/password/reset/done/"),
    ("password reset done", "/accounts/password/reset/key/done/"),
    ("confirmation sent", "/accounts/confirm-email/"),
    ("account inactive", "/accounts/inactive/"),
    ("an invitation", "/accounts/invite/{objects[invitation]}/"),
    ("a used-up invitation", "/accounts/invite/no-such-token/"),
]


@pytest.fixture(scope="module")
def omar_page(browser, server):
    context = browser.new_context(base_url=server.url, viewport=DESKTOP)
    page = context.new_page()
    sign_in(page, server.people["omar"])
    yield page
    context.close()


@pytest.fixture(scope="module")
def visitor_page(browser, server):
    context = browser.new_context(base_url=server.url, viewport=DESKTOP)
    yield context.new_page()
    context.close()


def serious_violations(page) -> list[str]:
    page.evaluate(AXE_SCRIPT)
    results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in results["violations"]
        + [v for v in results["incomplete"] if v["id"] in REVIEWED_AS_VIOLATIONS]
        if v["impact"] in ("serious", "critical")
    ]


def horizontal_overflow(page) -> int:
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def check(page, address: str) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto(address)
    settled(page)
    expect(page.locator("main")).to_be_visible()
    assert serious_violations(page) == []
    assert horizontal_overflow(page) <= 0, "scrolls sideways at 1280 px"
    page.set_viewport_size(PHONE)
    assert horizontal_overflow(page) <= 0, "scrolls sideways at 375 px"
    assert serious_violations(page) == []


@pytest.mark.parametrize("address", [a for _, a in SIGNED_IN], ids=[n for n, _ in SIGNED_IN])
def test_signed_in_page(omar_page, server, address):
    check(omar_page, address.format(people=server.people, objects=server.objects))


@pytest.mark.parametrize("address", [a for _, a in SIGNED_OUT], ids=[n for n, _ in SIGNED_OUT])
def test_signed_out_page(visitor_page, server, address):
    check(visitor_page, address.format(people=server.people, objects=server.objects))


def test_ask_page_with_its_suggestions(omar_page):
    """What htmx adds while a question is typed: questions asked before, topics to add."""
    page = omar_page
    page.set_viewport_size(DESKTOP)
    page.goto("/help/ask/")
    page.get_by_label("Your question").press_sequentially("How do I rotate Vault tokens?")
    expect(page.get_by_role("heading", name="Asked before?")).to_be_visible()
    assert serious_violations(page) == []
    page.set_viewport_size(PHONE)
    assert horizontal_overflow(page) <= 0


FOCUS_STATE = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e);
  const shown = s.boxShadow !== 'none' || (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0);
  const r = e.getBoundingClientRect();
  return {shown, visible: r.width > 0 && r.height > 0,
          what: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' ' + (e.innerText || e.value || e.getAttribute('aria-label') || '').trim().slice(0, 40)};
}"""


@pytest.mark.parametrize(
    "address",
    ["/", "/help/questions/{objects[question]}/", "/people/{people[priya][pk]}/", "/people/"],
    ids=["home", "a question", "a profile", "directory"],
)
def test_focus_is_always_visible(omar_page, server, address):
    """Tab through the page: whatever has the focus shows it, and is on screen."""
    page = omar_page
    page.set_viewport_size(DESKTOP)
    page.goto(address.format(people=server.people, objects=server.objects))
    settled(page)
    unseen = []
    for _ in range(60):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state is None:  # past the last element
            break
        if not (state["shown"] and state["visible"]):
            unseen.append(state["what"])
    assert unseen == []


def test_htmx_updates_are_announced(omar_page, server):
    """What htmx swaps in while people type or wait is inside a live region, so screen
    readers announce it."""
    page = omar_page
    page.set_viewport_size(DESKTOP)
    for address, targets in (
        ("/", ["#new-banner", "#body-suggestions", ".notifications-nav"]),
        ("/help/ask/", ["#similar"]),
        ("/people/", ["#results"]),
        ("/search/?q=vault", ["#results"]),
    ):
        page.goto(address)
        for target in targets:
            live = page.locator(target).evaluate("e => !!e.closest('[aria-live]')")
            assert live, f"{target} on {address} is not in a live region"
