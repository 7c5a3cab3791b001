"""What the browser tests and the screenshots do the same way."""

from __future__ import annotations

import re

from playwright.sync_api import expect


def sign_in(page, person: dict) -> None:
    """Sign in through the form, from the start page a person types."""
    page.goto("/")
    page.get_by_label("Email").fill(person["email"])
    page.get_by_label("Password").fill(person["password"])
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()


def settled(page) -> None:
    """Parts loaded after the page (htmx, hx-trigger="load", swapped out when they arrive) are
    part of what people meet: wait until they are in."""
    page.wait_for_function("() => !document.querySelector('[hx-trigger=\"load\"], .htmx-request')")
