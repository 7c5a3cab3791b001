"""Garbage in any parameter gets a clear 4xx (or the page with an error), never a 500."""

import pytest

URLS = [
    "/people/?page=-1",
    "/people/?page=abc",
    "/people/?page=99999999999999999999",
    "/people/?department=%3Cscript%3E&location=%00",
    "/people/?skill=" + "x" * 5000,
    "/people/?q=%00%01",
    "/people/abc/",
    "/topics/%F0%9F%98%80/",
    "/topics/autocomplete/?q=%00",
    "/org/departments/%00/",
    "/media/photos/none.jpg",
    "/media/%2e%2e/%2e%2e/etc/passwd",
    "/accounts/invite/%00/",
    "/api/v1/people?page=abc",
    "/api/v1/people?page=-5",
    "/api/v1/people/abc",
    "/api/v1/people/99999999999999999999999",
    "/api/v1/topics?limit=abc",
    "/api/v1/topics?limit=-1",
    "/api/v1/topics/%00",
    "/api/v1/org/departments?x=1",
    "/experts/?topic=%00",
    "/experts/?topic=" + "x" * 5000,
    "/experts/?q=" + "x" * 5000,
    "/experts/?topic=%23&q=%23%23",
    "/experts/questions/99999999999999999999/helpers/",
]


@pytest.mark.parametrize("url", URLS)
def test_no_server_errors(alice_client, url):
    r = alice_client.get(url)
    assert r.status_code < 500, (url, r.status_code)


@pytest.mark.parametrize(
    "url, data",
    [
        ("/people/me/edit/", {"full_name": "A" * 1000}),
        ("/people/me/timeline/", {"kind": "x", "title": "", "started_on": "2024-13-45"}),
        ("/people/me/photo/", {}),
        ("/network/people/99999/follow/", {}),
        ("/network/topics/%00/follow/", {}),
        ("/accounts/tokens/", {"name": "x" * 500}),
        ("/experts/invitations/99999999999999999999/decline/", {}),
        ("/experts/invitations/1/forward/", {"to": "x" * 5000}),
        ("/experts/people/99999/endorse/%00/", {}),
    ],
)
def test_no_server_errors_on_post(alice_client, url, data):
    r = alice_client.post(url, data)
    assert r.status_code < 500, (url, r.status_code)


def test_api_bad_json_is_structured(alice_client, bob):
    r = alice_client.post(
        f"/api/v1/people/{bob.pk}/follow", data="{not json", content_type="application/json"
    )
    assert r.status_code < 500
    r = alice_client.get("/api/v1/people?page=abc")
    assert r.status_code == 422 and r.json()["code"] == "invalid" and "page" in r.json()["errors"]
