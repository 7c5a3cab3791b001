"""GET /api/v1/experts and /api/v1/questions/{id}/suggested-helpers."""

from __future__ import annotations

from django.test import Client

from knowflow.accounts.actions import create_api_token
from knowflow.core.testing import make_person
from knowflow.expertise.actions import endorse
from knowflow.help.actions import accept_answer, answer_question, ask_question
from knowflow.topics.models import Topic


def api(user) -> Client:
    _token, raw = create_api_token(user, name="test")
    return Client(headers={"authorization": f"Bearer {raw}"})


def test_experts_on_a_topic_with_why_and_evidence(alice, bob, charlie, engineering):
    asked = ask_question(alice, title="Vacuum settings for a busy table", topics=["PostgreSQL"])
    answer = answer_question(bob, asked, body="Lower the scale factor for that table.")
    accept_answer(alice, answer)
    endorse(alice, bob, Topic.objects.get(slug="postgresql"))
    dana = make_person("Dana Diaz", department=engineering)
    response = api(dana).get("/api/v1/experts", {"topic": "postgresql"})
    assert response.status_code == 200
    data = response.json()
    assert data["topics"] == [{"slug": "postgresql", "name": "PostgreSQL"}]
    (first,) = data["people"]
    assert first["id"] == bob.pk and "score" not in first
    assert first["reason"].startswith("1 accepted answer on #postgresql, last in ")
    assert "endorsed by 1 colleague" in first["reason"]
    assert first["evidence"] == [
        {
            "title": "Vacuum settings for a busy table",
            "url": f"/help/questions/{asked.pk}/#post-{answer.pk}",
        }
    ]
    assert first["trust_path"] == [{"id": bob.pk, "full_name": "Bob Baker", "how": "worked_with"}]
    # In words: the topics the words name, and the people.
    data = api(dana).get("/api/v1/experts", {"q": "who knows postgresql vacuum?"}).json()
    assert data["topics"][0]["slug"] == "postgresql"
    assert [p["id"] for p in data["people"]] == [bob.pk]


def test_bad_requests_are_4xx(alice):
    client = api(alice)
    assert client.get("/api/v1/experts").status_code == 400
    assert client.get("/api/v1/experts", {"topic": "no-such-topic"}).status_code == 400
    assert client.get("/api/v1/experts", {"topic": "x", "limit": 500}).status_code in (400, 422)
    assert client.get("/api/v1/questions/999999/suggested-helpers").status_code == 404
    assert Client().get("/api/v1/experts", {"topic": "x"}).status_code == 401


def test_suggested_helpers_leave_out_hidden_evidence_and_who_answered(
    alice, bob, charlie, engineering
):
    hidden = ask_question(
        alice,
        title="Vacuum settings for the billing cluster",
        topics=["PostgreSQL"],
        audience="department",
        department=engineering,
    )
    answer_question(bob, hidden, body="Lower the scale factor.")
    dana = make_person("Dana Diaz", department=engineering)
    question = ask_question(dana, title="Autovacuum never finishes", topics=["PostgreSQL"])
    got = api(alice).get(f"/api/v1/questions/{question.pk}/suggested-helpers").json()
    assert [p["id"] for p in got] == [bob.pk]
    # Charlie (Sales) sees the question but not the department's thread: nobody to suggest,
    # and nothing of it in any reason.
    assert api(charlie).get(f"/api/v1/questions/{question.pk}/suggested-helpers").json() == []
    answer_question(bob, question, body="Check for long transactions.")
    assert api(alice).get(f"/api/v1/questions/{question.pk}/suggested-helpers").json() == []


def test_my_invitations_and_declining_them(alice, bob, charlie):
    from knowflow.expertise.models import Invitation
    from knowflow.expertise.routing import route_question

    asked = ask_question(alice, title="Vacuum settings", topics=["PostgreSQL"])
    answer_question(bob, asked, body="Lower the scale factor.")
    question = ask_question(charlie, title="Autovacuum never finishes", topics=["PostgreSQL"])
    route_question(question)
    mine = api(bob).get("/api/v1/invitations").json()
    assert [i["question_id"] for i in mine] == [question.pk] and mine[0]["status"] == "open"
    invitation_id = mine[0]["id"]
    # Only the invitee: someone else's invitation is absent.
    response = api(alice).post(
        f"/api/v1/invitations/{invitation_id}/decline", {}, content_type="application/json"
    )
    assert response.status_code == 404
    response = api(bob).post(
        f"/api/v1/invitations/{invitation_id}/decline",
        {"not_my_area": True},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == "declined"
    assert Invitation.objects.get(pk=invitation_id).not_my_area
    again = api(bob).post(
        f"/api/v1/invitations/{invitation_id}/decline", {}, content_type="application/json"
    )
    assert again.status_code == 400
    assert api(bob).get("/api/v1/invitations").json() == []


def test_could_answer_through_the_api(alice, bob, charlie):
    asked = ask_question(alice, title="Vacuum settings", topics=["PostgreSQL"])
    answer_question(bob, asked, body="Lower the scale factor.")
    fresh = ask_question(charlie, title="Autovacuum never finishes", topics=["PostgreSQL"])
    got = api(bob).get("/api/v1/questions/could-answer").json()
    assert [q["question_id"] for q in got] == [fresh.pk]
    assert got[0]["url"] == f"/help/questions/{fresh.pk}/" and got[0]["invited"] is False


def test_answer_insights_are_aggregate_with_a_minimum_group_size(
    asked_five_days_ago, alice, bob, charlie, engineering
):
    from datetime import timedelta

    start = asked_five_days_ago
    hidden = ask_question(
        alice,
        title="Secret vacuum",
        topics=["PostgreSQL"],
        audience="department",
        department=engineering,
        created_at=start,
    )
    answer_question(bob, hidden, body="An answer.", created_at=start + timedelta(hours=1))
    figures = {f["key"]: f for f in api(charlie).get("/api/v1/insights/answers").json()}
    assert figures["postgresql"] == {
        "key": "postgresql",
        "label": "PostgreSQL",
        "questions": 5,  # the department's question is not counted for Charlie
        "answered_share": 0.8,
        "median_hours_to_first_answer": 2.5,
    }
    assert figures["expenses"]["questions"] == 1
    assert figures["expenses"]["answered_share"] is None  # under the minimum group size
    by_department = api(alice).get("/api/v1/insights/answers", {"by": "department"}).json()
    assert by_department[0]["key"] == engineering.slug and by_department[0]["questions"] == 7
    assert api(alice).get("/api/v1/insights/answers", {"by": "person"}).status_code in (400, 422)
