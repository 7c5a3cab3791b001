from knowflow.network.models import Follow, TrustedColleague


def test_follow_and_unfollow_person_with_htmx(alice_client, alice, bob):
    r = alice_client.post(
        f"/network/people/{bob.pk}/follow/", {"action": "follow"}, HTTP_HX_REQUEST="true"
    )
    assert r.status_code == 200 and "Following" in r.content.decode()
    assert Follow.objects.filter(follower=alice, user=bob).count() == 1
    alice_client.post(f"/network/people/{bob.pk}/follow/", {"action": "follow"})  # idempotent
    assert Follow.objects.filter(follower=alice, user=bob).count() == 1
    r = alice_client.post(
        f"/network/people/{bob.pk}/follow/", {"action": "unfollow", "next": "https://evil.example/"}
    )
    assert r.status_code == 302 and r["Location"] == f"/people/{bob.pk}/"
    assert not Follow.objects.filter(follower=alice, user=bob).exists()


def test_cannot_follow_or_trust_self(alice_client, alice):
    alice_client.post(f"/network/people/{alice.pk}/follow/", {"action": "follow"})
    alice_client.post(f"/network/people/{alice.pk}/trust/", {"action": "trust"})
    assert not Follow.objects.exists() and not TrustedColleague.objects.exists()
    r = alice_client.post(f"/api/v1/people/{alice.pk}/follow")
    assert r.status_code == 400 and r.json()["code"] == "invalid"


def test_follow_topic_and_my_network(alice_client, alice, bob):
    from knowflow.topics.actions import create_topic

    create_topic(name="Observability")
    alice_client.post("/network/topics/observability/follow/", {"action": "follow"})
    alice_client.post(f"/network/people/{bob.pk}/trust/", {"action": "trust"})
    html = alice_client.get("/network/").content.decode()
    assert "Observability" in html and "Bob Baker" in html
    data = alice_client.get("/api/v1/me/following").json()
    assert data == {"people": [], "topics": ["observability"]}
    assert alice_client.post("/network/topics/nope/follow/").status_code == 404


def test_trusted_list_is_private(client, alice, bob, charlie):
    from knowflow.network.actions import trust_colleague

    trust_colleague(alice, colleague=bob, note="knows our deploys")
    client.force_login(charlie)
    for url in (
        f"/people/{alice.pk}/",
        f"/people/{bob.pk}/",
        "/network/",
        f"/api/v1/people/{alice.pk}",
    ):
        body = client.get(url).content.decode()
        assert "knows our deploys" not in body and "On my trusted list" not in body
    client.force_login(alice)
    assert "On my trusted list" in client.get(f"/people/{bob.pk}/").content.decode()


def test_api_follow_person(alice_client, alice, bob):
    r = alice_client.post(f"/api/v1/people/{bob.pk}/follow")
    assert r.json() == {"following": True}
    r = alice_client.delete(f"/api/v1/people/{bob.pk}/follow")
    assert r.json() == {"following": False}
    assert alice_client.post("/api/v1/people/999999/follow").status_code == 404


def test_every_button_turns_on_and_off_with_and_without_htmx(alice_client, alice, bob, engineering):
    from knowflow.topics.actions import create_topic

    create_topic(name="Observability")
    buttons = [
        (f"/network/people/{bob.pk}/follow/", "unfollow", lambda: Follow.objects.filter(user=bob)),
        (f"/network/people/{bob.pk}/trust/", "untrust", lambda: TrustedColleague.objects.all()),
        (
            "/network/topics/observability/follow/",
            "unfollow",
            lambda: Follow.objects.filter(topic__slug="observability"),
        ),
        (
            f"/network/departments/{engineering.slug}/follow/",
            "unfollow",
            lambda: Follow.objects.filter(department=engineering),
        ),
    ]
    for url, off, rows in buttons:
        r = alice_client.post(url, {"action": "on"}, HTTP_HX_REQUEST="true")
        assert r.status_code == 200 and rows().count() == 1, url
        assert "<form" in r.content.decode()  # the button again, for htmx to swap in
        r = alice_client.post(url, {"action": off, "next": "/network/"})
        assert r.status_code == 302 and r["Location"] == "/network/" and not rows().exists(), url
