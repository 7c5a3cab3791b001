"""The help API: structured 4xx errors, visibility, anonymity, the seven endpoints."""

import pytest
from django.test import Client

from knowflow.accounts.actions import create_api_token
from knowflow.help import actions
from knowflow.org.actions import update_organization


def api(user) -> Client:
    _token, secret = create_api_token(user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def post_json(client, url, data):
    return client.post(url, data, content_type="application/json")


@pytest.mark.django_db
def test_ask_answer_vote_accept_through_the_api(alice, bob, charlie):
    a, b, c = api(alice), api(bob), api(charlie)
    r = post_json(
        a,
        "/api/v1/questions",
        {"title": "Which linter do we use?", "body": "For Python.", "topics": ["python"]},
    )
    assert r.status_code == 201, r.content
    question = r.json()
    assert question["status"] == "open" and question["topics"] == ["python"]
    assert question["asker_id"] == alice.pk and question["asked_by_me"] is True
    qid = question["id"]
    r = post_json(b, f"/api/v1/questions/{qid}/answers", {"body": "ruff."})
    assert r.status_code == 201
    answer_id = r.json()["id"]
    r = post_json(c, f"/api/v1/answers/{answer_id}/votes", {})
    assert r.json() == {"answer_id": answer_id, "vote_count": 1, "voted": True}
    assert post_json(b, f"/api/v1/answers/{answer_id}/votes", {}).status_code == 400  # own
    r = post_json(c, f"/api/v1/answers/{answer_id}/accept", {})
    assert r.status_code == 403 and r.json()["code"] == "forbidden"
    r = post_json(a, f"/api/v1/answers/{answer_id}/accept", {})
    assert r.status_code == 200 and r.json()["status"] == "accepted"
    detail = c.get(f"/api/v1/questions/{qid}").json()
    assert detail["accepted_answer_id"] == answer_id
    assert detail["answers"][0]["accepted"] is True and detail["answers"][0]["voted"] is True
    listed = c.get("/api/v1/questions?topic=python").json()
    assert [q["id"] for q in listed["results"]] == [qid]
    assert c.get("/api/v1/questions?status=unanswered").json()["results"] == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({"title": ""}, 400, "title"),
        ({"title": "x" * 201}, 422, None),
        ({"title": "ok", "topics": ["a", "b", "c", "d", "e", "f"]}, 422, None),
        ({"title": "ok", "audience": "galaxy"}, 422, None),
        ({"title": "ok", "audience": "department"}, 400, "department"),
        ({"title": "ok", "audience": "department", "department": "nowhere"}, 400, "department"),
        ({"title": "ok", "anonymous": True}, 400, "anonymous"),
    ],
)
def test_bad_input_is_a_structured_error(alice, payload, status, field):
    r = post_json(api(alice), "/api/v1/questions", payload)
    assert r.status_code == status, r.content
    body = r.json()
    assert "detail" in body
    if field:
        assert field in body["errors"]


@pytest.mark.django_db
def test_lists_reject_bad_filters(alice):
    c = api(alice)
    assert c.get("/api/v1/questions?topic=nonexistent").status_code == 400
    assert c.get("/api/v1/questions?status=bogus").status_code == 422
    assert c.get("/api/v1/questions?limit=1000").status_code == 422
    assert c.get("/api/v1/questions?department=nowhere").status_code == 404
    assert c.get("/api/v1/questions/999999").status_code == 404


@pytest.mark.django_db
def test_private_and_anonymous_questions_in_the_api(alice, bob, charlie, engineering):
    private = actions.ask_question(
        alice, title="Team offsite?", audience="department", department=engineering
    )
    assert api(charlie).get(f"/api/v1/questions/{private.pk}").status_code == 404
    assert api(charlie).get("/api/v1/questions").json()["results"] == []
    assert (
        post_json(
            api(charlie), f"/api/v1/questions/{private.pk}/answers", {"body": "x"}
        ).status_code
        == 404
    )
    assert api(bob).get(f"/api/v1/questions/{private.pk}").status_code == 200
    update_organization(allow_anonymous_questions=True)
    r = post_json(api(alice), "/api/v1/questions", {"title": "Salary bands?", "anonymous": True})
    qid = r.json()["id"]
    seen_by_bob = api(bob).get(f"/api/v1/questions/{qid}").json()
    assert seen_by_bob["anonymous"] is True and seen_by_bob["asker_id"] is None
    assert seen_by_bob["asker_name"] is None and "Alice" not in str(seen_by_bob)
    assert api(alice).get(f"/api/v1/questions/{qid}").json()["asker_id"] == alice.pk


@pytest.mark.django_db
def test_similar_questions_while_asking_page_and_api(alice, bob, charlie, engineering):
    actions.ask_question(
        alice, title="How do I renew the staging TLS certificate?", topics=["security"]
    )
    private = actions.ask_question(
        alice,
        title="How do I renew the engineering VPN certificate?",
        audience="department",
        department=engineering,
    )
    c = Client()
    c.force_login(charlie)
    r = c.post("/help/similar/", {"title": "renew certificate", "body": "", "topics": ""})
    page = r.content.decode()
    assert r.status_code == 200 and "staging TLS certificate" in page
    assert "engineering VPN" not in page  # a department's question never reaches outsiders
    r = api(bob).get("/api/v1/questions/similar?title=renew+certificate")
    titles = [h["title"] for h in r.json()["results"]]
    assert r.status_code == 200 and any("VPN" in t for t in titles) and len(titles) == 2
    assert private.pk in [h["id"] for h in r.json()["results"]]
    # Short or empty drafts ask nothing; weird input is not an error.
    assert c.post("/help/similar/", {"title": "ab"}).content.decode().strip() == ""
    assert c.get("/help/similar/").status_code == 405
    r = api(bob).get("/api/v1/questions/similar?title=%22OR+NOT+*+NEAR(&body=" + "x" * 5000)
    assert r.status_code == 200
    assert api(bob).get("/api/v1/questions/similar?title=" + "y" * 201).status_code == 422


@pytest.mark.django_db
def test_a_duplicate_does_not_reveal_an_original_the_reader_cannot_see(alice, charlie, engineering):
    private = actions.ask_question(
        alice, title="Team thing", audience="department", department=engineering
    )
    public = actions.ask_question(alice, title="Public thing")
    actions.mark_duplicate(alice, public, original=private)
    seen = api(charlie).get(f"/api/v1/questions/{public.pk}").json()
    assert seen["status"] == "duplicate" and seen["duplicate_of_id"] is None
    assert api(alice).get(f"/api/v1/questions/{public.pk}").json()["duplicate_of_id"] == private.pk
    r = post_json(api(alice), f"/api/v1/posts/{public.pk}/replies", {"body": "plain reply"})
    assert r.status_code == 400
