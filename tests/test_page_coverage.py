"""Every page of the product is checked in the browser (tests/browser/test_accessibility.py):
a new URL must join that list, or be named here with the reason it is not a page."""

from __future__ import annotations

from django.urls import Resolver404, URLResolver, get_resolver, resolve

from tests.browser.test_accessibility import SIGNED_IN, SIGNED_OUT

NOT_PAGES = {
    # Not HTML: health, files.
    "healthz": "JSON for load balancers",
    "hello": "a bare response for benchmarks",
    "media": "uploaded files",
    "posts:attachment": "attached files",
    # Fragments htmx loads into a page; checked inside the pages that load them.
    "people:autocomplete": "options for a datalist",
    "topics:autocomplete": "options for a datalist",
    "notifications:badge": "the header's badge",
    "notifications:open": "redirects to what the notification is about",
    "posts:new_banner": "the home page's banner",
    "posts:for_you": "the home page's side column",
    "posts:suggest": "the composer's #topic and @name suggestions",
    "help:similar": "the ask page's suggestions (checked there)",
    "help:related": "a question's related questions",
    "expertise:question_helpers": "a question's people who may know",
    # Answers to forms (POST), which redirect or return a fragment.
    "revoke_api_token": "POST",
    "people:upload_photo": "POST",
    "people:remove_photo": "POST",
    "people:add_timeline": "POST",
    "people:delete_timeline": "POST",
    "network:follow_person": "POST",
    "network:trust": "POST",
    "network:follow_topic": "POST",
    "network:follow_department": "POST",
    "notifications:read": "POST",
    "posts:mute": "POST",
    "posts:delete": "POST",
    "posts:react": "POST",
    "posts:thank": "POST",
    "posts:dismiss": "POST",
    "help:answer": "POST",
    "help:duplicate": "POST",
    "help:comment": "POST",
    "help:accept": "POST",
    "help:vote": "POST",
    "expertise:decline": "POST",
    "expertise:forward": "POST",
    "expertise:endorse": "POST",
    # allauth's pages for what this installation does not use (sign-in by code, e-mail
    # confirmation links, reset links); each renders our layout like its checked siblings.
    "account_confirm_login_code": "sign-in by code is off",
    "account_confirm_email": "needs a key from an e-mail",
    "account_reset_password_from_key": "needs a key from an e-mail",
}
# The Django admin and the API (its OpenAPI page is Swagger's).
THIRD_PARTY = ("admin:", "api:")


def url_names(patterns, prefix: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from url_names(pattern.url_patterns, namespace)
        elif pattern.name:
            yield prefix + pattern.name


def view_name(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:  # the not-found page
        return None


def test_every_page_is_checked_in_the_browser():
    checked = {
        view_name(address.format_map(_Placeholders()).split("?")[0])
        for _, address in SIGNED_IN + SIGNED_OUT
    }
    names = {n for n in url_names(get_resolver().url_patterns) if not n.startswith(THIRD_PARTY)}
    missing = names - checked - NOT_PAGES.keys()
    assert not missing, f"add these pages to tests/browser/test_accessibility.py: {missing}"
    assert not (NOT_PAGES.keys() - names), "NOT_PAGES names a URL that no longer exists"


class _Placeholders(dict):
    """Stands in for the browser tests' people and objects: any key, any index, gives 1."""

    def __missing__(self, key):
        return _One()


class _One:
    def __getitem__(self, key):
        return self

    def __format__(self, spec):
        return "1"
