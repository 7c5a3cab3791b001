"""The search page and GET /api/v1/search: results, filters, bad input, visibility."""

from __future__ import annotations

import pytest

from knowflow.help.actions import answer_question, ask_question
from knowflow.posts.actions import create_post
from knowflow.posts.models import Audience


@pytest.fixture
def content(alice, bob, charlie, engineering):
    question = ask_question(alice, title="Which runbook covers failover drills?", topics=["sre"])
    answer_question(bob, question, body="The failover runbook lives in the SRE handbook.")
    secret = create_post(
        alice,
        body="Failover drill for the payments cluster, Engineering only",
        audience=Audience.DEPARTMENT,
        department=engineering,
    )
    public = create_post(charlie, body="Sales had its own failover drill of the CRM today")
    return {"question": question.post, "secret": secret, "public": public}


def test_the_page_shows_results_counts_and_highlights(client, bob, content):
    client.force_login(bob)
    response = client.get("/search/", {"q": "failover"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>failover</mark>" in html.lower()
    assert "Which runbook covers" in html and "payments cluster" in html
    assert 'aria-current="page">Everything <span class="count">4</span>' in html
    response = client.get("/search/", {"q": "failover", "kind": "answer"})
    assert "SRE handbook" in response.content.decode()
    assert "payments cluster" not in response.content.decode()


def test_the_search_box_is_on_every_page(client, bob):
    client.force_login(bob)
    assert 'action="/search/"' in client.get("/").content.decode()


def test_htmx_gets_only_the_results(client, bob, content):
    client.force_login(bob)
    response = client.get(
        "/search/", {"q": "failover", "partial": "1"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html and "search-result" in html


def test_someone_outside_the_department_never_sees_it(client, charlie, content):
    client.force_login(charlie)
    html = client.get("/search/", {"q": "failover"}).content.decode()
    assert "payments cluster" not in html
    assert 'Everything <span class="count">3</span>' in html  # not 4: counts are of visible posts
    data = client.get("/api/v1/search", {"q": "failover"}).json()
    assert content["secret"].pk not in [r["id"] for r in data["results"]]
    assert data["total"] == 3 and sum(data["facets"].values()) == 3
    data = client.get("/api/v1/search", {"q": "payments"}).json()
    assert data["results"] == [] and data["total"] == 0


@pytest.mark.parametrize(
    "params",
    [
        {"q": '"unbalanced'},
        {"q": "the of and"},
        {"q": "x" * 10_000},
        {"q": "日本語 🚀"},
        {"q": "-onlyexcluded"},
        {"q": "#no-such-topic"},
        {"q": "@nobody"},
        {"q": "OR NOT ( * ^"},
        {"q": ""},
    ],
)
def test_odd_queries_give_results_or_a_message(client, bob, content, params):
    client.force_login(bob)
    assert client.get("/search/", params).status_code == 200
    response = client.get("/api/v1/search", params)
    assert response.status_code == 200, response.content


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": "x", "since": "2025-13-40"}, "since"),
        ({"q": "x", "since": "2025-03-02", "until": "2025-03-01"}, "until"),
        ({"q": "x", "topic": "no-such-topic"}, "topic"),
        ({"q": "x", "department": "nowhere"}, "department"),
        ({"q": "x", "kind": "bogus"}, "kind"),
        ({"q": "x", "page": "abc"}, "page"),
        ({"q": "y" * 20_000}, "q"),
        ({"q": "x", "until": "9999-12-31"}, "until"),
        ({"q": "x", "since": "0001-01-01"}, "since"),
    ],
)
def test_bad_filters_are_field_errors(client, bob, params, field):
    client.force_login(bob)
    assert client.get("/search/", params).status_code == 400


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x", "since": "2025-13-40"},
        {"q": "x", "kind": "bogus"},
        {"q": "x", "topic": "no-such-topic"},
        {"q": "x", "department": "nowhere"},
        {"q": "x", "cursor": "abc"},
        {"q": "x", "cursor": "²"},
        {"q": "x", "until": "9999-12-31"},
        {"q": "x", "since": "0001-01-01"},
        {"q": "x", "since": "2025-03-02", "until": "2025-03-01"},
    ],
)
def test_the_api_gives_structured_errors(client, bob, params):
    client.force_login(bob)
    response = client.get("/api/v1/search", params)
    assert response.status_code in (400, 422)
    assert response.json()["code"] == "invalid"


def test_the_api_pages_with_a_cursor(client, bob, alice, monkeypatch):
    from knowflow.search import queries

    monkeypatch.setattr(queries, "PER_PAGE", 2)
    for i in range(5):
        create_post(alice, body=f"Incident review {i}")
    client.force_login(bob)
    seen, cursor = [], ""
    while True:
        data = client.get("/api/v1/search", {"q": "incident", "cursor": cursor}).json()
        seen += [r["id"] for r in data["results"]]
        if not data["next_cursor"]:
            break
        cursor = data["next_cursor"]
    assert len(seen) == 5 == len(set(seen))


def test_people_and_topics_are_found_by_name(client, bob, alice, content):
    client.force_login(bob)
    data = client.get("/api/v1/search", {"q": "alice"}).json()
    assert [p["id"] for p in data["people"]] == [alice.pk]
    data = client.get("/api/v1/search", {"q": "Alcie Archer"}).json()  # a typo is forgiven
    assert [p["id"] for p in data["people"]] == [alice.pk]
    html = client.get("/search/", {"q": "sre"}).content.decode()
    assert 'href="/topics/sre/"' in html


def test_signed_out_people_are_sent_to_sign_in(client):
    assert client.get("/search/", {"q": "x"}).status_code == 302
    assert client.get("/api/v1/search", {"q": "x"}).status_code == 401


def test_the_author_filter(client, alice, bob, charlie, content):
    client.force_login(bob)
    handle = charlie.email.split("@")[0]
    for value in (f"@{handle}", "Charlie Chen", "Charlei Chen"):  # a typo is forgiven
        html = client.get("/search/", {"q": "failover", "author": value}).content.decode()
        assert "Sales had its own" in html and "payments cluster" not in html, value
    assert client.get("/search/", {"q": "failover", "author": "Nobody Atall"}).status_code == 400
    data = client.get("/api/v1/search", {"q": "failover", "author": charlie.pk}).json()
    assert [r["id"] for r in data["results"]] == [content["public"].pk]
    response = client.get("/api/v1/search", {"q": "failover", "author": 999999})
    assert response.status_code == 400 and response.json()["errors"]["author"]
