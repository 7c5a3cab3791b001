"""Fixtures for the real-browser tests (docs/testing.md): one Chromium and one server for the
whole tests/browser package, a fresh browser context (cookies, storage) for each person in a
test.

Without Chromium the tests are skipped with one line, unless KNOWFLOW_REQUIRE_BROWSER=1 (CI),
where they fail instead.
"""

from __future__ import annotations

import os
import re

import pytest

from .helpers import sign_in
from .server import CHROMIUM, CHROMIUM_ARGS, running_server

REQUIRE_BROWSER = os.environ.get("KNOWFLOW_REQUIRE_BROWSER") == "1"
# gunicorn's access log ('"GET /path HTTP/1.1" 500 ...') and Django's error log; a missing
# static file or icon is a broken page too.
SERVER_ERROR = re.compile(
    r'HTTP/1\.[01]" 5\d\d |Internal Server Error|Traceback|"GET /(static/|favicon)\S* HTTP/1\.[01]" 404 '
)


def pytest_runtest_setup(item):
    # Here rather than in a fixture: pytest reports a fixture's skip at each test's line, and
    # a skip raised here at this one line, so the summary folds them into one.
    if not CHROMIUM.exists():
        reason = f"no Chromium at {CHROMIUM}: browser tests skipped (apt-get install chromium)"
        if REQUIRE_BROWSER:
            pytest.fail(f"{reason}, but KNOWFLOW_REQUIRE_BROWSER=1", pytrace=False)
        pytest.skip(reason)


@pytest.fixture(scope="package")
def browser():
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=10_000)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


def _first_server_of_the_run(config, tmp_path_factory) -> None:
    """Under `--dist loadgroup` every browser test runs on one worker (their xdist_group), so
    the run seeds one server. A second one means the grouping silently stopped working, as it
    does with pytest 9.2 and pytest-xdist 3.8 (pytest-dev/pytest-xdist#1386): each worker
    would seed its own server, about half a minute of the suite's time."""
    if not os.environ.get("PYTEST_XDIST_WORKER") or not getattr(config.option, "loadgroup", False):
        return
    # A worker's base folder is inside the run's own: the run's folder is shared by its workers.
    marker = tmp_path_factory.getbasetemp().parent / "browser-server-started"
    try:
        os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        pytest.fail(
            "a second worker started a browser-test server: --dist loadgroup did not keep the "
            "xdist_group('browser') tests on one worker (see the pytest pin in pyproject.toml)",
            pytrace=False,
        )


@pytest.fixture(scope="package")
def server(tmp_path_factory, pytestconfig):
    _first_server_of_the_run(pytestconfig, tmp_path_factory)
    with running_server(tmp_path_factory.mktemp("browser-server")) as running:
        yield running
    # A page can look fine while a part loaded after it failed: no request may have ended in
    # a server error or missed a static file.
    errors = [line for line in running.log.read_text().splitlines() if SERVER_ERROR.search(line)]
    assert not errors, "the server answered with errors:\n" + "\n".join(errors[:20])


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    server = getattr(item, "funcargs", {}).get("server")
    if report.failed and server is not None and server.log.exists():
        tail = server.log.read_text().splitlines()[-40:]
        report.sections.append(("server log (last 40 lines)", "\n".join(tail)))
    return report


@pytest.fixture
def open_page(browser, server):
    """open_page() -> a page in a new, signed-out context; open_page("felix") -> signed in
    through the sign-in form as that persona. Contexts close when the test ends."""
    contexts = []

    def open_page(who: str | None = None, *, width: int = 1280, height: int = 800):
        context = browser.new_context(
            base_url=server.url, viewport={"width": width, "height": height}
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        if who is not None:
            sign_in(page, server.people[who])
        return page

    yield open_page
    for context in contexts:
        context.close()
