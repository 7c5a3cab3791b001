import re

import pytest
from django.core import mail
from django.utils import timezone

from knowflow.accounts import actions
from knowflow.accounts.models import Invitation, User
from knowflow.core.testing import PASSWORD, make_person
from knowflow.org.actions import update_organization


def test_sign_in_and_out_with_email(client, alice):
    r = client.post("/accounts/login/", {"login": alice.email.upper(), "password": PASSWORD})
    assert r.status_code == 302
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302


def test_wrong_password_is_a_form_error(client, alice):
    r = client.post("/accounts/login/", {"login": alice.email, "password": "nope"})
    assert r.status_code == 200
    assert "not correct" in r.content.decode() or "incorrect" in r.content.decode().lower()


def test_repeated_failed_sign_ins_are_refused(client, alice, settings):
    # The suite runs with rate limits off (KNOWFLOW_DISABLE_RATE_LIMITS); production's apply.
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
    pages = [
        client.post("/accounts/login/", {"login": alice.email, "password": "nope"})
        for _ in range(7)
    ]
    assert all("Too many failed" not in p.content.decode() for p in pages[:5])
    assert "Too many failed" in pages[6].content.decode()
    # Even the right password is refused until the limit expires.
    right = client.post("/accounts/login/", {"login": alice.email, "password": PASSWORD})
    assert right.status_code != 302


def test_rate_limits_can_be_switched_off_for_tests_and_benchmarks(client, alice):
    for _ in range(12):
        r = client.post("/accounts/login/", {"login": alice.email, "password": "nope"})
        assert "Too many failed" not in r.content.decode()
    r = client.post("/accounts/login/", {"login": alice.email, "password": PASSWORD})
    assert r.status_code == 302


def test_password_reset_by_email(client, alice):
    r = client.post("/accounts/password/reset/", {"email": alice.email})
    assert r.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/accounts/password/reset/key/\S+", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    r = client.get("/" + path, follow=True)
    form_url = r.redirect_chain[-1][0] if r.redirect_chain else "/" + path
    r = client.post(
        form_url, {"password1": "a-new-long-password-9", "password2": "a-new-long-password-9"}
    )
    assert r.status_code == 302
    assert client.login(email=alice.email, password="a-new-long-password-9")


def test_invite_only_closes_sign_up(client, db):
    r = client.get("/accounts/signup/")
    assert "closed" in r.content.decode().lower()
    r = client.post(
        "/accounts/signup/",
        {
            "email": "x@example.com",
            "password1": "Long-pass-123",
            "password2": "Long-pass-123",
            "full_name": "X",
        },
    )
    assert not User.objects.filter(email="x@example.com").exists()


def test_sign_up_open_to_listed_domains(client, db):
    update_organization(signup_mode="domains", allowed_domains=["northwind.example"])
    r = client.post(
        "/accounts/signup/",
        {
            "email": "eve@elsewhere.example",
            "password1": "Long-pass-123!",
            "password2": "Long-pass-123!",
            "full_name": "Eve",
        },
    )
    assert r.status_code == 200 and "northwind.example" in r.content.decode()
    assert not User.objects.filter(email="eve@elsewhere.example").exists()
    r = client.post(
        "/accounts/signup/",
        {
            "email": "Fay@Northwind.example",
            "password1": "Long-pass-123!",
            "password2": "Long-pass-123!",
            "full_name": "Fay Field",
        },
    )
    assert r.status_code == 302
    fay = User.objects.get(email__iexact="fay@northwind.example")
    assert fay.full_name == "Fay Field"
    assert fay.profile is not None


def test_invitation_flow(client, admin_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = actions.invite_person(
            email="Gus@Example.com", full_name="Gus Green", invited_by=admin_user
        )
    assert len(mail.outbox) == 1 and invitation.token in mail.outbox[0].body
    url = f"/accounts/invite/{invitation.token}/"
    r = client.post(url, {"full_name": "Gus Green", "password1": "short", "password2": "short"})
    assert r.status_code == 400
    r = client.post(
        url,
        {"full_name": "Gus Green", "password1": "Long-pass-123!", "password2": "Long-pass-123!"},
    )
    assert r.status_code == 302
    gus = User.objects.get(email="gus@example.com")
    assert gus.check_password("Long-pass-123!")
    assert client.get(url).status_code == 410  # used up


def test_imported_person_joins_through_invitation(client, admin_user):
    imported = actions.create_person(email="hana@example.com", full_name="Hana Ito")
    assert not imported.has_usable_password()
    assert not client.login(email="hana@example.com", password="")
    invitation = actions.invite_person(email="hana@example.com", invited_by=admin_user)
    assert invitation.full_name == "Hana Ito"
    actions.accept_invitation(invitation, full_name="Hana Ito", password="Long-pass-123!")
    assert client.login(email="hana@example.com", password="Long-pass-123!")
    assert User.objects.filter(email="hana@example.com").count() == 1


def test_expired_or_unknown_invitation(client, admin_user):
    invitation = actions.invite_person(email="ivy@example.com", invited_by=admin_user)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timezone.timedelta(days=1)
    )
    assert client.get(f"/accounts/invite/{invitation.token}/").status_code == 410
    assert client.get("/accounts/invite/not-a-token/").status_code == 404


def test_cannot_invite_someone_who_can_sign_in(alice, admin_user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        actions.invite_person(email=alice.email, invited_by=admin_user)
    with pytest.raises(ValidationError):
        actions.invite_person(email="not an email", invited_by=admin_user)


def test_admin_invites_from_django_admin(client, admin_user):
    client.force_login(admin_user)
    r = client.post(
        "/admin/accounts/invitation/add/", {"email": "jo@example.com", "full_name": "Jo"}
    )
    assert r.status_code == 302
    assert Invitation.objects.filter(email="jo@example.com").exists()


def test_api_tokens(client, alice):
    client.force_login(alice)
    r = client.post("/accounts/tokens/", {"name": "my script"})
    secret = re.search(r"kf_[\w-]+", r.content.decode()).group(0)
    client.logout()
    r = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert r.status_code == 200 and r.json()["email"] == alice.email
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer kf_wrong").status_code == 401
    client.force_login(alice)
    r = client.post("/accounts/tokens/", {"name": "  "})
    assert r.status_code == 400
    token = alice.api_tokens.get()
    client.post(f"/accounts/tokens/{token.pk}/revoke/")
    client.logout()
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_api_post_with_session_needs_csrf(alice, charlie):
    from django.test import Client

    c = Client(enforce_csrf_checks=True)
    c.force_login(alice)
    r = c.post(f"/api/v1/people/{charlie.pk}/follow")
    assert r.status_code in (401, 403)


def test_createsuperuser_gets_a_profile(db, monkeypatch):
    from django.core.management import call_command

    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Long-pass-123!")
    call_command("createsuperuser", "--no-input", email="root@example.com", full_name="Root")
    root = User.objects.get(email="root@example.com")
    assert root.is_superuser and root.profile.pk == root.pk


def test_every_account_has_a_profile(db):
    u = make_person("Kim Kale")
    assert u.profile.user_id == u.pk


def test_openapi_schema_and_docs(alice_client):
    schema = alice_client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    for path in ("/api/v1/people", "/api/v1/people/{person_id}", "/api/v1/topics", "/api/v1/me"):
        assert path in paths
    assert alice_client.get("/api/v1/docs").status_code == 200


def test_token_command(alice, client, capsys):
    from django.core.management import CommandError, call_command

    call_command("token", "create", alice.email.upper(), "--name", "ci")
    secret = capsys.readouterr().out.strip()
    assert secret.startswith("kf_")
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").json()["id"] == alice.pk
    with pytest.raises(CommandError, match="No active person"):
        call_command("token", "create", "nobody@example.com")
