import pytest

from knowflow.accounts.actions import create_api_token
from knowflow.notifications.actions import notify
from knowflow.notifications.models import NotificationKind
from knowflow.notifications.queries import unread_count


def tell(recipient, actor, summary="Bob mentioned you", **kw):
    return notify(
        recipient=recipient,
        kind=NotificationKind.MENTION,
        actor=actor,
        summary=summary,
        target_url="/people/",
        **kw,
    )


def test_list_my_notifications(alice_client, alice, bob, charlie):
    old = tell(alice, bob, "Older")
    new = tell(alice, None, "Newer")
    tell(charlie, bob, "Not for Alice")
    r = alice_client.get("/api/v1/notifications")
    assert r.status_code == 200
    data = r.json()
    assert data["page"] == 1 and data["has_next"] is False and data["unread"] == 2
    assert [row["id"] for row in data["results"]] == [new.pk, old.pk]
    row = data["results"][1]
    assert set(row) == {
        "id",
        "kind",
        "summary",
        "actor_id",
        "target_url",
        "created_at",
        "read",
        "count",
    }
    assert row["kind"] == "mention" and row["actor_id"] == bob.pk and row["read"] is False
    assert row["summary"] == "Older" and row["target_url"] == "/people/" and row["count"] == 1
    assert data["results"][0]["actor_id"] is None


def test_pages_and_unread_only(alice_client, alice, bob):
    for i in range(55):
        tell(alice, bob, f"N{i}")
    first = alice_client.get("/api/v1/notifications").json()
    second = alice_client.get("/api/v1/notifications", {"page": 2}).json()
    assert len(first["results"]) == 50 and first["has_next"] is True
    assert len(second["results"]) == 5 and second["has_next"] is False
    ids = [r["id"] for r in first["results"] + second["results"]]
    assert len(set(ids)) == 55
    alice_client.post(
        "/api/v1/notifications/read", {"ids": ids[:50]}, content_type="application/json"
    )
    data = alice_client.get("/api/v1/notifications", {"unread_only": "true"}).json()
    assert [r["id"] for r in data["results"]] == ids[50:] and data["unread"] == 5


def test_mark_some_then_all_read(alice_client, alice, bob, charlie):
    one, two, three = (tell(alice, bob) for _ in range(3))
    theirs = tell(charlie, bob)
    r = alice_client.post(
        "/api/v1/notifications/read",
        {"ids": [one.pk, theirs.pk]},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json() == {"marked": 1, "unread": 2}
    assert unread_count(charlie) == 1
    rows = alice_client.get("/api/v1/notifications").json()["results"]
    assert {r["id"]: r["read"] for r in rows} == {one.pk: True, two.pk: False, three.pk: False}
    r = alice_client.post("/api/v1/notifications/read", {}, content_type="application/json")
    assert r.json() == {"marked": 2, "unread": 0}
    r = alice_client.post("/api/v1/notifications/read", "", content_type="application/json")
    assert r.status_code == 200 and r.json() == {"marked": 0, "unread": 0}  # no body: all
    # A form body instead of JSON is the client's mistake, not a server error.
    r = alice_client.post("/api/v1/notifications/read")
    assert r.status_code == 400 and r.json()["code"] == "invalid"


@pytest.mark.parametrize(
    "body",
    ['{"ids": ["x"]}', '{"ids": 5}', '{"ids": [0]}', '{"ids": [99999999999999999999999]}'],
)
def test_bad_bodies_are_structured_errors(alice_client, alice, bob, body):
    tell(alice, bob)
    r = alice_client.post("/api/v1/notifications/read", body, content_type="application/json")
    assert 400 <= r.status_code < 500 and r.json()["code"] == "invalid"
    assert unread_count(alice) == 1


def test_broken_json_is_a_400(alice_client):
    r = alice_client.post("/api/v1/notifications/read", "{not", content_type="application/json")
    assert r.status_code == 400


def test_bearer_token_and_anonymous(client, alice, bob):
    tell(alice, bob)
    assert client.get("/api/v1/notifications").status_code == 401
    assert client.post("/api/v1/notifications/read").status_code == 401
    _token, secret = create_api_token(alice, name="script")
    r = client.get("/api/v1/notifications", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert r.status_code == 200 and r.json()["unread"] == 1


def test_list_query_count_is_capped(alice_client, alice, bob, django_assert_max_num_queries):
    for i in range(30):
        tell(alice, bob, f"N{i}")
    with django_assert_max_num_queries(5):
        r = alice_client.get("/api/v1/notifications")
    assert len(r.json()["results"]) == 30
