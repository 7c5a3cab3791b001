"""Expertise pages: "who knows about…?", a question's likely helpers, invitations to help,
endorsing on profiles, and opting out of suggestions in the profile form."""

from __future__ import annotations

import re

import pytest

from knowflow.core.testing import make_person
from knowflow.expertise.models import Endorsement, Invitation, InvitationStatus, NotSuggested
from knowflow.expertise.routing import route_question
from knowflow.help.actions import accept_answer, answer_question, ask_question
from knowflow.people.actions import set_profile_topics
from knowflow.people.models import OPTIONAL_FIELDS

HTMX = {"HTTP_HX_REQUEST": "true"}


def results(response) -> str:
    """The who-knows page's results (the header links to the viewer's own profile)."""
    return response.content.decode().partition('id="results"')[2]


def suggested_box(html: str) -> str:
    """The opt-out checkbox's <input> tag on the profile form."""
    return re.search(r'<input[^>]*name="suggested"[^>]*>', html).group(0)


@pytest.fixture
def answered(alice, bob):
    """Bob answered a public PostgreSQL question, and Alice accepted it."""
    asked = ask_question(alice, title="Vacuum settings for a busy table", topics=["PostgreSQL"])
    accept_answer(alice, answer_question(bob, asked, body="Lower the scale factor."))
    return asked


@pytest.fixture
def dana(engineering):
    return make_person("Dana Diaz", department=engineering)


@pytest.fixture
def invitation(answered, alice, bob, engineering):
    """Bob invited to an Engineering-only question (Charlie, in Sales, cannot see it)."""
    question = ask_question(
        alice,
        title="Autovacuum never finishes on billing",
        topics=["PostgreSQL"],
        audience="department",
        department=engineering,
    )
    route_question(question)
    return Invitation.objects.get(question=question, person=bob)


def test_pages_ask_anonymous_visitors_to_sign_in(client, answered, invitation, bob):
    for url in (
        "/experts/",
        "/experts/?topic=postgresql",
        "/experts/invitations/",
        f"/experts/questions/{answered.pk}/helpers/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    for url in (
        f"/experts/invitations/{invitation.pk}/decline/",
        f"/experts/invitations/{invitation.pk}/forward/",
        f"/experts/people/{bob.pk}/endorse/postgresql/",
    ):
        response = client.post(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    assert Invitation.objects.get(pk=invitation.pk).status == InvitationStatus.OPEN


def test_pages_render_for_a_signed_in_person(client, answered, bob):
    client.force_login(bob)
    for url in ("/experts/", "/experts/invitations/", f"/experts/questions/{answered.pk}/helpers/"):
        assert client.get(url).status_code == 200, url
    # Linked from the people directory and the help section.
    assert "/experts/" in client.get("/people/").content.decode()
    help_page = client.get("/help/").content.decode()
    assert 'href="/experts/"' in help_page and 'href="/experts/invitations/"' in help_page


def test_who_knows_lists_people_with_why_and_evidence_never_a_score(
    client, answered, alice, bob, charlie, django_assert_max_num_queries
):
    client.force_login(charlie)
    # 7 of them the trust paths, 2 posts and thanks on the topic, whatever the number of
    # people.
    with django_assert_max_num_queries(29):
        response = client.get("/experts/", {"topic": "PostgreSQL"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="/people/{bob.pk}/"' in html and "Engineer" in html and "Engineering" in html
    assert "1 accepted answer on #postgresql, last in " in html
    answer = answered.post.children.get()  # Bob's answer
    assert f'href="/help/questions/{answered.pk}/#post-{answer.pk}"' in html
    assert "Vacuum settings for a busy table" in html
    # A plain list: no ranks, no scores.
    assert "<ol" not in html and "score" not in html.lower()
    assert f'href="/people/{alice.pk}/"' not in html  # she asked; she has no answers
    # In words: the topics the words name, and the people.
    html = client.get("/experts/", {"q": "who knows postgresql vacuum?"}).content.decode()
    assert "PostgreSQL" in html and f'href="/people/{bob.pk}/"' in html
    # The viewer is never listed as knowing.
    client.force_login(bob)
    html = results(client.get("/experts/", {"topic": "postgresql"}))
    assert f'href="/people/{bob.pk}/"' not in html and "No one we can point you to yet." in html


def test_who_knows_errors_are_shown_on_the_form(alice_client):
    response = alice_client.get("/experts/", {"topic": "no-such-topic"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Unknown topic “no-such-topic”." in html and 'aria-invalid="true"' in html
    response = alice_client.get("/experts/", {"topic": "", "q": "  "})
    assert response.status_code == 200
    assert "Give a topic or say what you need to know." in response.content.decode()
    # The first visit is just the form.
    assert "Give a topic" not in alice_client.get("/experts/").content.decode()


def test_who_knows_uses_only_evidence_the_viewer_may_see(client, alice, bob, charlie, dana):
    hidden = ask_question(
        alice,
        title="Vacuum settings for the billing cluster",
        topics=["PostgreSQL"],
        audience="department",
        department=alice.profile.department,
    )
    answer_question(bob, hidden, body="Lower the scale factor.")
    client.force_login(charlie)  # Sales: cannot see the Engineering thread
    html = client.get("/experts/", {"topic": "postgresql"}).content.decode()
    assert f'href="/people/{bob.pk}/"' not in html and "billing cluster" not in html
    client.force_login(dana)  # Engineering: can
    html = client.get("/experts/", {"topic": "postgresql"}).content.decode()
    assert f'href="/people/{bob.pk}/"' in html and "billing cluster" in html


def test_a_questions_helpers_load_after_its_page(client, answered, alice, bob, charlie, dana):
    question = ask_question(dana, title="Autovacuum never finishes", topics=["PostgreSQL"])
    client.force_login(dana)
    page = client.get(f"/help/questions/{question.pk}/").content.decode()
    assert f'hx-get="/experts/questions/{question.pk}/helpers/"' in page
    html = client.get(f"/experts/questions/{question.pk}/helpers/").content.decode()
    assert "People who may know" in html and f'href="/people/{bob.pk}/"' in html
    assert "1 accepted answer on #postgresql" in html
    # Nobody to suggest: nothing at all (the page stays as it was).
    answer_question(bob, question, body="Check for long transactions.")
    html = client.get(f"/experts/questions/{question.pk}/helpers/").content.decode()
    assert html.strip() == ""
    # A question the viewer cannot see is absent.
    hidden = ask_question(
        alice, title="Billing", audience="department", department=alice.profile.department
    )
    client.force_login(charlie)
    assert client.get(f"/experts/questions/{hidden.pk}/helpers/").status_code == 404


def test_my_invitations_list_the_question_and_the_reason(
    client, invitation, bob, alice, django_assert_max_num_queries
):
    client.force_login(bob)
    with django_assert_max_num_queries(8):
        html = client.get("/experts/invitations/").content.decode()
    assert "Autovacuum never finishes on billing" in html
    assert f'href="/help/questions/{invitation.question_id}/"' in html
    assert invitation.reason and invitation.reason in html
    assert (
        "Decline: not my area" in html and f"/experts/invitations/{invitation.pk}/forward/" in html
    )
    client.force_login(alice)
    html = client.get("/experts/invitations/").content.decode()
    assert "Autovacuum" not in html and "No one is waiting for you right now." in html


def test_the_help_request_notification_links_to_the_invitations(
    client, answered, bob, dana, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ask_question(dana, title="Autovacuum never finishes", topics=["PostgreSQL"])
    client.force_login(bob)
    html = client.get("/notifications/").content.decode()
    assert "Could you help with" in html and 'href="/experts/invitations/"' in html


def test_declining_an_invitation(client, invitation, bob):
    client.force_login(bob)
    url = f"/experts/invitations/{invitation.pk}/decline/"
    response = client.post(url, {"not_my_area": "0"})
    assert response.status_code == 302 and response["Location"] == "/experts/invitations/"
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED and not invitation.not_my_area
    html = client.get("/experts/invitations/").content.decode()
    assert "Declined. Thank you for saying so." in html and "Autovacuum" not in html
    # Dealt with already: said so, nothing changes.
    response = client.post(url, {"not_my_area": "1"}, follow=True)
    assert "This invitation has been dealt with already." in response.content.decode()
    invitation.refresh_from_db()
    assert not invitation.not_my_area


def test_declining_as_not_my_area_with_htmx_swaps_the_item(client, invitation, bob):
    client.force_login(bob)
    response = client.post(
        f"/experts/invitations/{invitation.pk}/decline/", {"not_my_area": "1"}, **HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="invitation-{invitation.pk}"' in html and "not your area" in html
    assert "<html" not in html and 'name="not_my_area"' not in html
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED and invitation.not_my_area


def test_forwarding_an_invitation(client, invitation, bob, charlie, dana):
    client.force_login(bob)
    url = f"/experts/invitations/{invitation.pk}/forward/"
    # Charlie (Sales) cannot see the Engineering question: a field error, nothing changes.
    response = client.post(url, {"to": f"Charlie Chen <{charlie.email}>"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "They can&#x27;t see this question." in html
    assert f'id="forward-{invitation.pk}-to"' in html and 'aria-invalid="true"' in html
    response = client.post(url, {"to": "Nobody Known"}, **HTMX)
    assert response.status_code == 200  # htmx swaps only successful responses
    assert "Pick a colleague from the suggestions" in response.content.decode()
    response = client.post(url, {"to": f"Bob Baker <{bob.email}>"})
    assert "Forward it to someone else." in response.content.decode()
    assert Invitation.objects.get(pk=invitation.pk).status == InvitationStatus.OPEN
    # Dana (Engineering) can: she is invited, told who thought of her.
    response = client.post(url, {"to": f"Dana Diaz <{dana.email}>"})
    assert response.status_code == 302
    assert Invitation.objects.get(pk=invitation.pk).status == InvitationStatus.FORWARDED
    forwarded = Invitation.objects.get(question=invitation.question, person=dana)
    assert forwarded.invited_by == bob and forwarded.reason == "Bob Baker thought of you."
    assert "Forwarded to Dana Diaz." in client.get("/experts/invitations/").content.decode()


def test_the_forward_picker_suggests_colleagues(client, bob, dana):
    client.force_login(bob)
    html = client.get("/people/autocomplete/", {"to": "Dan"}).content.decode()
    assert f"Dana Diaz &lt;{dana.email}&gt;" in html


def test_someone_elses_invitation_is_absent(client, invitation, alice, dana):
    client.force_login(alice)
    assert client.post(f"/experts/invitations/{invitation.pk}/decline/").status_code == 404
    response = client.post(
        f"/experts/invitations/{invitation.pk}/forward/", {"to": f"Dana Diaz <{dana.email}>"}
    )
    assert response.status_code == 404
    assert client.post("/experts/invitations/999999/decline/").status_code == 404
    assert Invitation.objects.get(pk=invitation.pk).status == InvitationStatus.OPEN
    assert not Invitation.objects.filter(person=dana).exists()


def test_endorsing_on_a_profile_toggles_and_is_idempotent(client, alice, bob, charlie):
    set_profile_topics(bob, kind="skill", names=["PostgreSQL"])
    set_profile_topics(bob, kind="want_to_learn", names=["Kafka"])
    url = f"/experts/people/{bob.pk}/endorse/postgresql/"
    client.force_login(alice)
    html = client.get(f"/people/{bob.pk}/").content.decode()
    assert f'hx-post="{url}"' in html and "Endorse" in html
    assert "/endorse/kafka/" not in html  # only what they say they know
    for _ in range(2):  # a second click is a no-op
        response = client.post(url, {"action": "endorse"}, **HTMX)
        assert response.status_code == 200
    html = response.content.decode()
    assert "endorsed by 1 colleague" in html and "Withdraw endorsement" in html
    assert 'value="withdraw"' in html and "<html" not in html
    assert Endorsement.objects.filter(person=bob).count() == 1
    client.force_login(charlie)
    response = client.post(url, {"action": "endorse"})  # without htmx: back to the profile
    assert response.status_code == 302 and response["Location"] == f"/people/{bob.pk}/"
    html = client.get(f"/people/{bob.pk}/").content.decode()
    assert "endorsed by 2 colleagues" in html and "Withdraw endorsement" in html
    client.force_login(alice)
    html = client.post(url, {"action": "withdraw"}, **HTMX).content.decode()
    assert "endorsed by 1 colleague" in html and 'value="endorse"' in html
    assert list(Endorsement.objects.values_list("endorser_id", flat=True)) == [charlie.pk]
    assert client.post(f"/experts/people/{bob.pk}/endorse/no-such-topic/").status_code == 404
    # A topic not on the profile, or hidden from the viewer, has no button and no count.
    from knowflow.people.actions import set_visibility
    from knowflow.topics.actions import create_topic

    create_topic(name="Kafka Streams")
    assert client.post(f"/experts/people/{bob.pk}/endorse/kafka-streams/").status_code == 404
    set_visibility(bob, choices={"skills": "only_me"})
    assert client.post(url, {"action": "endorse"}, **HTMX).status_code == 404


def test_no_endorse_button_on_ones_own_profile(client, alice, bob):
    set_profile_topics(bob, kind="ask_me_about", names=["PostgreSQL"])
    client.force_login(alice)
    client.post(f"/experts/people/{bob.pk}/endorse/postgresql/")
    client.force_login(bob)
    html = client.get(f"/people/{bob.pk}/").content.decode()
    assert "endorsed by 1 colleague" in html  # the count, not a button
    assert "/endorse/" not in html and "Withdraw endorsement" not in html
    # Posting anyway changes nothing.
    client.post(f"/experts/people/{bob.pk}/endorse/postgresql/")
    assert not Endorsement.objects.filter(endorser=bob).exists()


def _profile_form(user, **overrides) -> dict:
    data = {
        "full_name": user.full_name,
        "title": user.profile.title,
        "department": user.profile.department_id or "",
        "timezone": "",
        **{f"visibility_{f}": "everyone" for f in OPTIONAL_FIELDS},
    }
    data.update(overrides)
    return data


def test_opting_out_of_suggestions_in_the_profile_form(client, answered, bob, charlie):
    client.force_login(bob)
    html = client.get("/people/me/edit/").content.decode()
    assert "checked" in suggested_box(html)
    assert "Your answers stay" in html
    response = client.post("/people/me/edit/", _profile_form(bob))  # unticked
    assert response.status_code == 302
    assert NotSuggested.objects.filter(user=bob).exists()
    html = client.get("/people/me/edit/").content.decode()
    assert "checked" not in suggested_box(html)
    client.force_login(charlie)
    html = client.get("/experts/", {"topic": "postgresql"}).content.decode()
    assert f'href="/people/{bob.pk}/"' not in html
    # Ticked again: suggested again.
    client.force_login(bob)
    client.post("/people/me/edit/", _profile_form(bob, suggested="on"))
    assert not NotSuggested.objects.filter(user=bob).exists()
    client.force_login(charlie)
    html = client.get("/experts/", {"topic": "postgresql"}).content.decode()
    assert f'href="/people/{bob.pk}/"' in html


def test_who_knows_shows_the_trust_path(client, answered, charlie, bob):
    from knowflow.core.testing import make_person
    from knowflow.network.actions import trust_colleague

    priya = make_person("Priya Patel", department=bob.profile.department)
    trust_colleague(charlie, colleague=priya)
    client.force_login(charlie)
    page = client.get("/experts/", {"topic": "postgresql"}).content.decode()
    assert "How to reach them:" in page and "Priya Patel</a> &rarr; Bob Baker" in page


def test_questions_i_could_answer_page(client, answered, bob, charlie):
    from knowflow.help.actions import ask_question as ask

    fresh = ask(charlie, title="Autovacuum never finishes", topics=["PostgreSQL"])
    client.force_login(bob)
    page = client.get("/experts/could-answer/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Autovacuum never finishes" in html and f"/help/questions/{fresh.pk}/" in html
    assert "#postgresql" in html and "No answer yet" in html
    assert "/experts/could-answer/" in client.get("/experts/invitations/").content.decode()
    client.force_login(charlie)
    assert "Nothing for you right now." in client.get("/experts/could-answer/").content.decode()
    client.logout()
    assert client.get("/experts/could-answer/").status_code == 302


def test_the_figures_page_shows_groups_never_people(
    client, asked_five_days_ago, bob, charlie, engineering
):
    client.force_login(charlie)
    html = client.get("/experts/answers/").content.decode()
    row = html.partition('href="/topics/postgresql/"')[2].partition("</tr>")[0]
    assert (
        "#postgresql" in row and "<td>5</td>" in row and "80%" in row and "2 hours" in row
    )  # median 2.5
    expenses = html.partition('href="/topics/expenses/"')[2].partition("</tr>")[0]
    assert "<td>1</td>" in expenses and "too few to say" in expenses
    assert bob.full_name not in html  # who answered is never shown
    by_department = client.get("/experts/answers/", {"by": "department", "days": "30"})
    assert by_department.status_code == 200 and engineering.name in by_department.content.decode()
    # Nonsense is a field error on the form, with the default figures beside it.
    wrong = client.get("/experts/answers/", {"by": "person", "days": "7000"})
    assert wrong.status_code == 200
    assert "Select a valid choice" in wrong.content.decode()
    assert "/experts/answers/" in client.get("/experts/").content.decode()
    client.logout()
    assert client.get("/experts/answers/").status_code == 302
