import pytest
from django.contrib.auth.models import Permission

from knowflow.core.testing import make_person
from knowflow.network.actions import follow_person
from knowflow.posts import actions
from knowflow.posts.models import Post


def test_compose_and_see_in_feed(alice_client, alice):
    r = alice_client.post("/", {"body": "Hello #onboarding", "audience": "everyone"})
    assert r.status_code == 302
    html = alice_client.get("/").content.decode()
    assert "Hello" in html and "#onboarding" in html


def test_compose_errors_are_field_errors(alice_client):
    r = alice_client.post("/", {"body": "  ", "audience": "everyone"})
    assert r.status_code == 400 and "field-error" in r.content.decode()
    r = alice_client.post("/", {"body": "x", "audience": "department:99999"})
    assert r.status_code == 400
    assert not Post.objects.exists()


def test_department_audience_from_form(alice_client, alice, charlie, engineering):
    alice_client.post("/", {"body": "team only", "audience": f"department:{engineering.pk}"})
    post = Post.objects.get()
    assert post.audience == "department" and post.department == engineering
    alice_client.force_login(charlie)
    assert alice_client.get(f"/posts/{post.pk}/").status_code == 404
    assert alice_client.get(f"/api/v1/posts/{post.pk}").status_code == 404


def test_feed_query_count_is_constant(client, alice, bob, django_assert_max_num_queries):
    follow_person(alice, person=bob)
    client.force_login(alice)
    for i in range(3):
        actions.create_post(bob, body=f"#t{i} small")
    with django_assert_max_num_queries(40) as few:
        client.get("/")
    for i in range(30):
        p = actions.create_post(bob, body=f"#t{i} more @alice.archer")
        actions.add_reaction(alice, p, kind="plus_one")
    with django_assert_max_num_queries(len(few.captured_queries)):
        r = client.get("/")
    assert r.content.decode().count('class="post card') == 20


def test_load_more_with_htmx(alice_client, alice, bob):
    follow_person(alice, person=bob)
    for i in range(25):
        actions.create_post(bob, body=f"item {i:02d}")
    html = alice_client.get("/").content.decode()
    next_url = (
        html.split('class="load-more"><a class="button button-quiet" href="')[1]
        .split('"')[0]
        .replace("&amp;", "&")
    )
    r = alice_client.get("/" + next_url, HTTP_HX_REQUEST="true")
    part = r.content.decode()
    assert "<html" not in part and part.count('class="post card') == 5


def test_thread_reply_edit_history_delete(client, alice, bob):
    post = actions.create_post(alice, body="Question about flaky tests")
    client.force_login(bob)
    r = client.post(f"/posts/{post.pk}/", {"body": "Quarantine them first", "parent": post.pk})
    assert r.status_code == 302
    reply = Post.objects.get(root=post)
    r = client.get(f"/posts/{post.pk}/")
    assert "Quarantine them first" in r.content.decode()
    r = client.post(f"/posts/{reply.pk}/edit/", {"body": "Quarantine them, then fix"})
    assert r.status_code == 302
    assert "Quarantine them first" in client.get(f"/posts/{reply.pk}/history/").content.decode()
    client.force_login(alice)
    assert client.get(f"/posts/{reply.pk}/edit/").status_code == 404  # not hers
    client.post(f"/posts/{post.pk}/delete/")
    r = client.get(f"/posts/{post.pk}/")
    assert r.status_code == 200 and "This post was deleted." in r.content.decode()
    assert "Quarantine them, then fix" in r.content.decode()


def test_react_and_thank_with_htmx(client, alice, bob):
    post = actions.create_post(alice, body="Docs are up")
    client.force_login(bob)
    r = client.post(f"/posts/{post.pk}/react/", {"kind": "celebrate"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and 'aria-pressed="true"' in r.content.decode()
    r = client.post(f"/posts/{post.pk}/react/", {"kind": "nope"})
    assert r.status_code == 400
    # The card's buttons: one form, the button says what it does.
    page = client.get(f"/posts/{post.pk}/").content.decode()
    assert 'name="react" value="remove:celebrate"' in page
    assert 'name="react" value="add:insightful"' in page
    r = client.post(
        f"/posts/{post.pk}/react/", {"react": "remove:celebrate"}, HTTP_HX_REQUEST="true"
    )
    assert 'aria-pressed="true"' not in r.content.decode()
    r = client.post(f"/posts/{post.pk}/react/", {"react": "add:insightful"}, HTTP_HX_REQUEST="true")
    assert r.content.decode().count('aria-pressed="true"') == 1
    for bad in ("add:nope", "drop:insightful", ":", ""):
        assert client.post(f"/posts/{post.pk}/react/", {"react": bad}).status_code == 400
    r = client.post(f"/posts/{post.pk}/thank/", HTTP_HX_REQUEST="true")
    assert "You thanked" in r.content.decode()


def test_mute_person_from_thread(client, alice, bob):
    follow_person(alice, person=bob)
    post = actions.create_post(bob, body="noisy")
    client.force_login(alice)
    client.post("/posts/mute/", {"person": bob.pk, "next": "/"})
    assert "noisy" not in client.get("/").content.decode()
    client.post("/posts/mute/", {"person": bob.pk, "action": "unmute"})
    assert "noisy" in client.get("/").content.decode()
    assert client.post("/posts/mute/", {}).status_code == 400
    assert post


def test_announcements_need_permission_and_can_be_dismissed(client, alice, bob, charlie):
    client.force_login(alice)
    client.post("/", {"body": "All hands at 3", "audience": "everyone", "is_announcement": "on"})
    assert not Post.objects.filter(is_announcement=True).exists()
    alice.user_permissions.add(Permission.objects.get(codename="announce"))
    client.force_login(alice)
    client.post("/", {"body": "All hands at 3", "audience": "everyone", "is_announcement": "on"})
    post = Post.objects.get(is_announcement=True)
    client.force_login(charlie)
    assert "All hands at 3" in client.get("/").content.decode()  # pinned even though not followed
    client.post(f"/posts/{post.pk}/dismiss/")
    assert "All hands at 3" not in client.get("/").content.decode()


def test_new_posts_banner(client, alice, bob):
    follow_person(alice, person=bob)
    actions.create_post(bob, body="one")
    client.force_login(alice)
    html = client.get("/").content.decode()
    since = html.split("since=")[1].split("&")[0]
    actions.create_post(bob, body="two")
    r = client.get(f"/posts/new/?since={since}&show=all")
    assert "1 new post" in r.content.decode()
    assert client.get("/posts/new/?since=garbage").status_code == 200


def test_suggestions(alice_client, bob):
    from knowflow.topics.actions import create_topic

    create_topic(name="Observability")
    r = alice_client.get("/posts/suggest/", {"body": "Working on #obs"})
    assert 'data-complete="#observability"' in r.content.decode()
    r = alice_client.get("/posts/suggest/", {"body": "cc @bob"})
    assert 'data-complete="@bob.baker"' in r.content.decode()


def test_api(alice_client, alice, bob):
    r = alice_client.post(
        "/api/v1/posts", {"body": "via API #api"}, content_type="application/json"
    )
    assert r.status_code == 201, r.content
    post_id = r.json()["id"]
    assert r.json()["topics"] == ["api"]
    r = alice_client.post(
        f"/api/v1/posts/{post_id}/replies", {"body": "self reply"}, content_type="application/json"
    )
    assert r.status_code == 201 and r.json()["root_id"] == post_id
    r = alice_client.post(
        f"/api/v1/posts/{post_id}/reactions", {"kind": "plus_one"}, content_type="application/json"
    )
    assert r.json()["reactions"] == {"plus_one": 1}
    r = alice_client.post(
        f"/api/v1/posts/{post_id}/reactions", {"kind": "bogus"}, content_type="application/json"
    )
    assert r.status_code == 400 and r.json()["code"] == "invalid"
    r = alice_client.post("/api/v1/posts", {"body": ""}, content_type="application/json")
    assert r.status_code == 400
    r = alice_client.post(
        "/api/v1/posts", {"body": "x", "audience": "department"}, content_type="application/json"
    )
    assert r.status_code == 400
    alice_client.post("/api/v1/posts", {"body": "second"}, content_type="application/json")
    feed = alice_client.get("/api/v1/feed", {"limit": 1}).json()
    assert len(feed["results"]) == 1 and feed["next_cursor"]
    more = alice_client.get("/api/v1/feed", {"limit": 1, "cursor": feed["next_cursor"]}).json()
    assert more["results"][0]["id"] != feed["results"][0]["id"]
    assert alice_client.get("/api/v1/feed", {"limit": 1000}).status_code == 422


@pytest.mark.parametrize(
    "url", ["/posts/999999/", "/posts/abc/", "/posts/999999/history/", "/api/v1/posts/999999"]
)
def test_missing_posts_are_404(alice_client, url):
    assert alice_client.get(url).status_code == 404


def test_xss_rendered_inert_in_page(alice_client, alice):
    make_person("Eve Evil")
    alice_client.post(
        "/",
        {"body": "<b onmouseover=alert(1)>hi</b> <svg/onload=alert(1)>", "audience": "everyone"},
    )
    html = alice_client.get("/").content.decode()
    assert (
        "onmouseover=alert" not in html.replace("&lt;", "<").split("<textarea")[0]
        or "&lt;b onmouseover" in html
    )
    assert "<svg" not in html


def test_announcers_group_grants_announcing(alice):
    from django.contrib.auth.models import Group

    from knowflow.accounts.models import User

    Group.objects.get(name="Announcers").user_set.add(alice)
    alice = User.objects.get(pk=alice.pk)  # fresh permission cache
    post = actions.create_post(alice, body="Town hall moved to Friday", is_announcement=True)
    assert post.is_announcement


def test_side_column_loads_after_the_page(alice_client, django_assert_max_num_queries):
    page = alice_client.get("/").content.decode()
    assert 'hx-get="/posts/for-you/"' in page and "People who can help you learn" not in page
    with django_assert_max_num_queries(15):
        side = alice_client.get("/posts/for-you/", HTTP_HX_REQUEST="true")
    assert side.status_code == 200
    assert "People who can help you learn" in side.content.decode()
    assert "<html" not in side.content.decode()


def test_composer_keeps_the_chosen_audience_after_an_error(alice_client, engineering):
    r = alice_client.post("/", {"body": " ", "audience": f"department:{engineering.pk}"})
    html = r.content.decode()
    assert r.status_code == 400
    assert f'<option value="department:{engineering.pk}" selected>' in html
    assert '<option value="everyone">' in html


def test_page_titles_are_plain_text(alice_client, alice, engineering):
    import re

    from knowflow.topics.actions import create_topic

    create_topic(name="Observability")
    post = actions.create_post(alice, body="Hello #observability")
    for url in (
        "/",
        f"/posts/{post.pk}/",
        "/topics/observability/",
        f"/org/departments/{engineering.slug}/",
        f"/people/{alice.pk}/",
        "/network/",
        "/notifications/",
    ):
        html = alice_client.get(url).content.decode()
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        assert "<" not in title and "\n" not in title.strip(), (url, title)


def test_home_page_reads_each_fact_about_its_reader_once(
    alice_client, alice, bob, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    alice.user_permissions.add(Permission.objects.get(codename="announce"))
    follow_person(alice, person=bob)
    with django_capture_on_commit_callbacks(execute=True):
        actions.create_post(bob, body="ping @alice.archer")  # one unread notification
    with CaptureQueriesContext(connection) as captured:
        html = alice_client.get("/").content.decode()
    sqls = [q["sql"] for q in captured.captured_queries]
    assert sum("notifications_notification" in s for s in sqls) == 1
    assert sum("auth_permission" in s for s in sqls) == 1
    assert sum("network_follow" in s for s in sqls) == 1
    assert not any('"people_profile"."user_id"' in s for s in sqls)  # no separate profile load
    assert "Pin as an announcement" in html and "ping" in html
    assert "Notifications, 1 unread" in html
