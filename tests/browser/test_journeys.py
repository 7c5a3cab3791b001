"""Journeys through the product in a real browser, done the way a person does them: the start
page is typed, everything after it is clicked and typed. Each journey acts as its own personas
(seed.py), so none depends on another's traces."""

from __future__ import annotations

import re

import pytest
from PIL import Image
from playwright.sync_api import expect

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("browser")]


def open_user_menu(page):
    """The account menu in the header (a disclosure), opened; returns it."""
    menu = page.locator(".user-menu")
    menu.locator("summary").click()
    return menu


def test_sign_in_and_out(open_page, server):
    page = open_page()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    ines = server.people["ines"]
    page.get_by_label("Email").fill(ines["email"])
    page.get_by_label("Password").fill("not her password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("not correct")).to_be_visible()

    page.get_by_label("Password").fill(ines["password"])
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_text("Successfully signed in as Ines Isaksen")).to_be_visible()

    open_user_menu(page).get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_complete_ones_profile(open_page, tmp_path):
    page = open_page("ines")
    open_user_menu(page).get_by_role("link", name="Edit profile").click()
    expect(page.get_by_role("heading", name="Edit your profile")).to_be_visible()

    page.get_by_label("Job title").fill("Field engineer")
    page.get_by_label("Skills", exact=True).fill("Kubernetes, Incident response")
    page.get_by_label("Can mentor", exact=True).fill("Incident response")
    page.get_by_role("button", name="Save profile").click()

    expect(page.get_by_role("heading", name="Ines Isaksen")).to_be_visible()
    expect(page.get_by_role("link", name="Incident response").first).to_be_visible()
    expect(page.get_by_text("Can mentor").first).to_be_visible()

    photo = tmp_path / "ines.png"
    Image.new("RGB", (240, 240), (40, 120, 180)).save(photo)
    open_user_menu(page).get_by_role("link", name="Edit profile").click()
    page.get_by_role("region", name="Photo").get_by_label("Photo").set_input_files(photo)
    page.get_by_role("button", name="Upload photo").click()
    avatar = page.locator("#photo-section img.avatar")
    expect(avatar).to_be_visible()
    # The picture really arrived: the browser decoded it.
    expect(avatar).to_have_js_property("complete", True)
    assert avatar.evaluate("img => img.naturalWidth") > 0


def test_find_a_colleague_by_skill_and_follow_them(open_page):
    page = open_page("omar")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    page.get_by_label("Skill", exact=True).fill("Chaos engineering")
    results = page.locator("#results")
    expect(results.get_by_role("link", name="Priya Pillai")).to_be_visible()
    expect(page).to_have_url(re.compile(r"skill=Chaos"))
    results.get_by_role("link", name="Priya Pillai").click()

    expect(page.get_by_role("heading", name="Priya Pillai")).to_be_visible()
    page.get_by_role("button", name="Follow", exact=True).click()
    expect(page.get_by_role("button", name="Following")).to_have_attribute("aria-pressed", "true")
    page.reload()
    expect(page.get_by_role("button", name="Following")).to_be_visible()


def test_a_post_reaches_followers_feed_and_mentions_notify(open_page):
    paula = open_page("paula")
    composer = paula.get_by_label("Share what you're working on, learned or need")
    composer.press_sequentially("Canary first, then the rest: our rollout runbook. #kubernetes ")
    composer.press_sequentially("Thanks @felix.fischer for the review")
    paula.get_by_role("button", name="Post", exact=True).click()
    feed = paula.locator("#feed")
    expect(feed.get_by_text("our rollout runbook")).to_be_visible()

    felix = open_page("felix")
    post = felix.locator("#feed article, #feed .post").filter(has_text="our rollout runbook")
    expect(post.first).to_be_visible()
    expect(post.first.get_by_role("link", name="#kubernetes").first).to_be_visible()
    felix.get_by_role("link", name=re.compile("Notifications")).click()
    mention = felix.locator(".notification").filter(has_text="Paula Pereira mentioned you")
    expect(mention.get_by_role("link", name=re.compile("Paula Pereira"))).to_be_visible()


def test_ask_answer_accept_and_thank(open_page):
    quinn = open_page("quinn")
    quinn.get_by_role("navigation", name="Main").get_by_role("link", name="Help").click()
    quinn.get_by_role("link", name="Ask a question").click()
    quinn.get_by_label("Your question").press_sequentially(
        "How should CI pipelines rotate Vault tokens?"
    )
    asked_before = quinn.get_by_role("complementary", name="Asked before?")
    expect(
        asked_before.get_by_role("link", name="How do we rotate Vault tokens used by CI pipelines?")
    ).to_be_visible()
    quinn.get_by_label("Topics").fill("Vault")
    quinn.get_by_role("button", name="Ask", exact=True).click()

    title = "How should CI pipelines rotate Vault tokens?"
    expect(quinn.get_by_role("heading", level=1, name=title)).to_be_visible()
    helpers = quinn.get_by_role("region", name="People who may know")
    hana = helpers.get_by_role("listitem").filter(has_text="Hana Hoffmann")
    expect(hana).to_be_visible()
    # A reason in words, never a score.
    expect(hana.locator(".muted")).to_have_text(re.compile(r"\w+ \w+"))

    hana_page = open_page("hana")
    hana_page.get_by_role("navigation", name="Main").get_by_role("link", name="Help").click()
    hana_page.get_by_role("link", name="How should CI pipelines rotate Vault tokens?").first.click()
    hana_page.get_by_label("Your answer").fill("Log in per run with AppRole: tokens live minutes.")
    hana_page.get_by_role("button", name="Post your answer").click()
    expect(hana_page.get_by_text("tokens live minutes")).to_be_visible()

    quinn.reload()  # a person reloads to see the answer
    quinn.get_by_role("button", name="Accept this answer").click()
    expect(quinn.locator("#answers").get_by_text("✓ Accepted answer")).to_be_visible()
    quinn.get_by_role("button", name="Thank Hana").click()
    expect(quinn.get_by_text("You thanked Hana")).to_be_visible()


def test_search_and_filter(open_page):
    page = open_page("kai")
    box = page.get_by_role("search", name="Search").get_by_label("Search")
    box.fill("vault tokens")
    box.press("Enter")
    expect(page.get_by_role("heading", name="Search", exact=True)).to_be_visible()
    results = page.locator("#results")
    question = results.get_by_role("link", name=re.compile("rotate Vault tokens used by CI"))
    expect(question).to_be_visible()

    kinds = page.get_by_role("navigation", name="Kinds of results")
    kinds.get_by_role("link", name=re.compile("^Questions")).click()
    expect(kinds.get_by_role("link", name=re.compile("^Questions"))).to_have_attribute(
        "aria-current", "page"
    )
    expect(question).to_be_visible()
    page.get_by_label("Questions", exact=True).select_option(label="Answered")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"answered="))
    expect(question).to_be_visible()
    page.get_by_label("Topic", exact=True).fill("kubernetes")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(question).to_have_count(0)


def test_new_posts_banner(open_page):
    nora = open_page("nora")
    # The banner asks every 30 seconds: the page's clock is driven by the test instead.
    nora.clock.install()
    nora.reload()
    expect(nora.locator("#feed").get_by_text("the staging cluster is back")).to_be_visible()

    sam = open_page("sam")
    sam.get_by_label("Share what you're working on, learned or need").fill(
        "Release notes for 4.2 are out, comments welcome."
    )
    sam.get_by_role("button", name="Post", exact=True).click()
    expect(sam.locator("#feed").get_by_text("Release notes for 4.2")).to_be_visible()

    nora.clock.run_for("00:31")
    banner = nora.get_by_role("link", name="1 new post — show")
    expect(banner).to_be_visible()
    banner.click()
    expect(nora.locator("#feed").get_by_text("Release notes for 4.2")).to_be_visible()


def tab_to(page, name: str | re.Pattern, *, limit: int = 60) -> None:
    """Press Tab until the focused element's accessible text is `name` (as a person tabs
    through a page); fails when it never arrives."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        text = page.evaluate(
            "() => { const e = document.activeElement;"
            " const label = e.labels && e.labels.length ? e.labels[0].innerText : '';"
            " return (e.getAttribute('aria-label') || label || e.innerText || e.value || '').trim(); }"
        )
        if name.search(text) if isinstance(name, re.Pattern) else text == name:
            return
    raise AssertionError(f"Tab never reached {name!r}")


def focus_is_visible(page) -> bool:
    return page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return s.boxShadow !== 'none' || (s.outlineStyle !== 'none' && s.outlineWidth !== '0px'); }"
    )


def test_keyboard_only(open_page):
    page = open_page("kai")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    composer = page.get_by_label("Share what you're working on, learned or need")
    page.keyboard.press("Tab")
    expect(composer).to_be_focused()
    assert focus_is_visible(page)
    page.keyboard.type("Typed without a mouse. #accessibility")
    tab_to(page, "Post")
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(page.locator("#feed").get_by_text("Typed without a mouse.")).to_be_visible()

    tab_to(page, "Help")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/help/"))
    tab_to(page, "Ask a question")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Ask a question")).to_be_visible()
    page.keyboard.press("Tab")  # skip link
    tab_to(page, "Search")  # the header's search box
    page.keyboard.type("rollout")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=rollout"))

    # The account menu is a disclosure: Enter opens it, and signing out is a Tab away.
    tab_to(page, re.compile(r"Account menu for\s+Kai"))
    page.keyboard.press("Enter")
    expect(page.locator(".user-menu")).to_have_attribute("open", "")
    tab_to(page, "Sign out")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_react_reply_endorse_and_read_notifications(open_page):
    """The small actions around a post and a profile, each answered in place by htmx."""
    rita = open_page("rita")
    post = rita.locator("#feed .post").filter(has_text="the staging cluster is back").first
    insightful = post.get_by_role("button", name=re.compile("^Insightful"))
    insightful.click()
    expect(insightful).to_have_attribute("aria-pressed", "true")
    expect(insightful).to_have_text(re.compile("Insightful 1"))

    post.get_by_role("link", name="Reply").click()
    rita.get_by_label("Your reply").fill("Thanks Sam, deploys are green again here.")
    rita.get_by_role("button", name=re.compile("^Reply")).click()
    expect(rita.get_by_text("deploys are green again")).to_be_visible()

    rita.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    rita.get_by_label("Skill", exact=True).fill("Vault")
    rita.locator("#results").get_by_role("link", name="Hana Hoffmann").click()
    rita.get_by_role("button", name="Endorse Hana Hoffmann on Vault").click()
    expect(rita.get_by_role("button", name=re.compile("Withdraw endorsement"))).to_be_visible()
    expect(rita.get_by_text("endorsed by 1 colleague")).to_be_visible()

    sam = open_page("sam")
    sam.get_by_role("link", name=re.compile("Notifications")).click()
    expect(sam.locator(".notification.is-unread").first).to_be_visible()
    sam.get_by_role("button", name="Mark all as read").click()
    expect(sam.locator(".notification.is-unread")).to_have_count(0)
    expect(sam.locator(".notification-badge")).to_have_count(0)
