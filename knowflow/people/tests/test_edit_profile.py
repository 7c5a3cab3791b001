import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from knowflow.people.models import OPTIONAL_FIELDS, ProfileTopic


def form_data(**overrides):
    data = {
        "full_name": "Alice Archer",
        "title": "Principal engineer",
        "department": "",
        "location": "",
        "manager": "",
        "timezone": "Europe/Lisbon",
        "bio": "Hello *world*",
        "aspirations": "",
        "skills": "Kubernetes, #Python, kubernetes",
        "ask_me_about": "",
        "want_to_learn": "Negotiation",
        "can_mentor": "",
        "suggested": "on",
        **{f"visibility_{f}": "everyone" for f in OPTIONAL_FIELDS},
    }
    data.update(overrides)
    return data


def test_edit_profile_saves_everything(alice_client, alice, bob):
    r = alice_client.post(
        "/people/me/edit/",
        form_data(manager=f"Bob Baker <{bob.email}>", visibility_skills="department"),
    )
    assert r.status_code == 302
    alice.refresh_from_db()
    assert alice.timezone == "Europe/Lisbon"
    assert alice.profile.title == "Principal engineer"
    assert alice.profile.manager == bob
    assert alice.profile.bio_html == "<p>Hello <em>world</em></p>\n"
    assert alice.profile.visibility_skills == "department"
    skills = set(
        ProfileTopic.objects.filter(user=alice, kind="skill").values_list("topic__slug", flat=True)
    )
    assert skills == {"kubernetes", "python"}
    # Saving again with fewer skills removes the dropped one.
    alice_client.post("/people/me/edit/", form_data(skills="Python"))
    assert list(
        ProfileTopic.objects.filter(user=alice, kind="skill").values_list("topic__slug", flat=True)
    ) == ["python"]


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"full_name": "  "}, "full_name"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"manager": "Nobody <nobody@example.com>"}, "manager"),
        ({"skills": "x" * 81}, "skills"),
        ({"visibility_bio": "world"}, "visibility_bio"),
        ({"department": "999999"}, "department"),
    ],
)
def test_bad_input_shows_field_errors_and_saves_nothing(alice_client, alice, overrides, field):
    r = alice_client.post("/people/me/edit/", form_data(**overrides))
    assert r.status_code == 400
    assert field in r.context["form"].errors
    alice.refresh_from_db()
    assert alice.profile.title == "Staff engineer"


def test_cannot_be_own_manager(alice_client, alice):
    r = alice_client.post("/people/me/edit/", form_data(manager=alice.email))
    assert r.status_code == 400


def test_markdown_is_sanitized(alice_client, alice):
    alice_client.post(
        "/people/me/edit/",
        form_data(
            bio="<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>"
        ),
    )
    alice.refresh_from_db()
    html = alice.profile.bio_html
    assert "<script" not in html and 'href="javascript' not in html and "<img" not in html
    assert "&lt;script&gt;" in html  # shown as text, not dropped silently


def image_bytes(fmt="PNG", size=(900, 600), color=(200, 30, 30)):
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, format=fmt)
    return buf.getvalue()


def test_photo_upload_is_squared_and_served_to_members_only(client, alice_client, alice):
    upload = SimpleUploadedFile("me.png", image_bytes(), content_type="image/png")
    r = alice_client.post("/people/me/photo/", {"photo": upload})
    assert r.status_code == 302
    alice.refresh_from_db()
    name = alice.profile.photo.name
    assert name.startswith("photos/") and name.endswith(".jpg")
    with Image.open(alice.profile.photo.path) as img:
        assert img.size == (512, 512) and img.format == "JPEG"
    r = alice_client.get(f"/media/{name}")
    assert r.status_code == 200 and r["Content-Type"] == "image/jpeg"
    client.logout()
    assert client.get(f"/media/{name}").status_code == 302
    # A path escaping the media directory is not served.
    alice_client.force_login(alice)
    assert alice_client.get("/media/../secret_key").status_code == 404


@pytest.mark.parametrize(
    "content, name, message",
    [
        (b"this is not an image", "cv.png", "not an image"),
        (b"%PDF-1.4 fake", "cv.pdf", "not an image"),
    ],
)
def test_bad_photos_are_refused(alice_client, alice, content, name, message):
    r = alice_client.post("/people/me/photo/", {"photo": SimpleUploadedFile(name, content)})
    assert r.status_code == 400
    assert message in r.content.decode()
    alice.refresh_from_db()
    assert not alice.profile.photo


def test_oversized_photo_is_refused(alice_client, alice, settings):
    settings.KNOWFLOW_PHOTO_MAX_BYTES = 1000
    upload = SimpleUploadedFile("big.png", image_bytes(size=(400, 400)), content_type="image/png")
    r = alice_client.post("/people/me/photo/", {"photo": upload})
    assert r.status_code == 400
    assert "limit" in r.content.decode()


def test_replacing_and_removing_photo_deletes_old_files(
    alice_client, alice, django_capture_on_commit_callbacks
):
    import os

    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(
            "/people/me/photo/", {"photo": SimpleUploadedFile("a.png", image_bytes())}
        )
    alice.refresh_from_db()
    first = alice.profile.photo.path
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(
            "/people/me/photo/", {"photo": SimpleUploadedFile("b.jpg", image_bytes("JPEG"))}
        )
    alice.refresh_from_db()
    assert not os.path.exists(first) and os.path.exists(alice.profile.photo.path)
    second = alice.profile.photo.path
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post("/people/me/photo/remove/")
    alice.refresh_from_db()
    assert not alice.profile.photo and not os.path.exists(second)


def test_timeline_add_and_delete_with_htmx(alice_client, alice):
    r = alice_client.post(
        "/people/me/timeline/",
        {"kind": "learned", "title": "Finished the CKA", "started_on": "2024-05-01"},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 200
    assert "Finished the CKA" in r.content.decode() and "<html" not in r.content.decode()
    entry = alice.timeline.get()
    r = alice_client.post(f"/people/me/timeline/{entry.pk}/delete/", HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and not alice.timeline.exists()


def test_timeline_bad_dates(alice_client, alice):
    r = alice_client.post(
        "/people/me/timeline/",
        {"kind": "role", "title": "Engineer", "started_on": "2024-05-01", "ended_on": "2023-01-01"},
    )
    assert r.status_code == 400 and not alice.timeline.exists()
    r = alice_client.post(
        "/people/me/timeline/", {"kind": "role", "title": "Engineer", "started_on": "yesterday"}
    )
    assert r.status_code == 400


def test_cannot_delete_someone_elses_timeline_entry(client, alice, bob):
    import datetime as dt

    from knowflow.people.actions import add_timeline_entry

    entry = add_timeline_entry(
        alice, kind="milestone", title="Shipped", started_on=dt.date(2024, 1, 1)
    )
    client.force_login(bob)
    client.post(f"/people/me/timeline/{entry.pk}/delete/")
    assert alice.timeline.filter(pk=entry.pk).exists()


def test_manager_autocomplete(alice_client, bob):
    r = alice_client.get("/people/autocomplete/", {"manager": "bob"})
    assert f"Bob Baker &lt;{bob.email}&gt;" in r.content.decode()


def test_dates_follow_the_viewers_time_zone(alice_client, alice):
    from knowflow.accounts.actions import create_api_token, update_account

    token, _secret = create_api_token(alice, name="script")
    from django.utils import timezone

    created = token.created_at
    update_account(alice, full_name=alice.full_name, timezone_name="Asia/Tokyo")
    html = alice_client.get("/accounts/tokens/").content.decode()
    tokyo = timezone.localtime(created, timezone=__import__("zoneinfo").ZoneInfo("Asia/Tokyo"))
    assert tokyo.strftime("%H:%M") in html


def test_edit_page_ids_are_unique(alice_client):
    # The profile form and the timeline form both have a "title": each label must point at
    # its own field.
    html = alice_client.get("/people/me/edit/").content.decode()
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(i for i in set(ids) if ids.count(i) > 1)
    assert 'for="timeline-title"' in html and 'id="timeline-title"' in html
