import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from knowflow.posts.models import Attachment, Post


def jpeg_with_gps() -> bytes:
    img = Image.new("RGB", (300, 200), (10, 120, 200))
    exif = Image.Exif()
    exif[0x8825] = {2: (48, 51, 24)}  # GPSInfo: latitude
    exif[0x010F] = "PhoneMaker"
    buf = io.BytesIO()
    img.save(buf, format="JPEG", exif=exif)
    return buf.getvalue()


def test_image_and_pdf_attachments(alice_client, alice, charlie, engineering, client):
    files = [
        SimpleUploadedFile("whiteboard.jpg", jpeg_with_gps(), content_type="image/jpeg"),
        SimpleUploadedFile("notes.pdf", b"%PDF-1.7\n...", content_type="application/pdf"),
    ]
    r = alice_client.post(
        "/",
        {
            "body": "Sketch from today",
            "audience": f"department:{engineering.pk}",
            "attachments": files,
        },
    )
    assert r.status_code == 302
    image, pdf = Attachment.objects.order_by("id")
    assert image.is_image and (image.width, image.height) == (300, 200)
    with Image.open(image.file.path) as stored:
        assert not stored.getexif()  # location and camera data are gone
    html = alice_client.get("/").content.decode()
    assert f"/posts/files/{image.pk}/whiteboard.jpg" in html and "notes.pdf" in html
    assert 'width="300" height="200"' in html  # the image keeps its size in the page
    assert "notes.pdf</a> <span" in html and 'alt="Attached image notes.pdf"' not in html
    r = alice_client.get(f"/posts/files/{pdf.pk}/notes.pdf")
    assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment")
    assert "sandbox" in r["Content-Security-Policy"]
    client.force_login(charlie)  # not in engineering
    assert client.get(f"/posts/files/{image.pk}/whiteboard.jpg").status_code == 404
    assert client.get(f"/media/{image.file.name}").status_code == 404  # no side door


def test_bad_attachments_lose_nothing(alice_client):
    cases = [
        [SimpleUploadedFile("evil.pdf", b"<script>alert(1)</script>")],
        [SimpleUploadedFile("run.exe", b"MZ\x90\x00")],
        [SimpleUploadedFile("sheet.xlsx", b"not a zip")],
        [SimpleUploadedFile("notes.txt", b"\xff\xfe\x00bad")],
        [SimpleUploadedFile(f"n{i}.txt", b"hi") for i in range(5)],
    ]
    for files in cases:
        r = alice_client.post(
            "/", {"body": "with files", "audience": "everyone", "attachments": files}
        )
        assert r.status_code == 400, files
        assert "field-error" in r.content.decode()
    assert not Post.objects.exists() and not Attachment.objects.exists()


def test_size_limit(alice_client, settings):
    settings.KNOWFLOW_ATTACHMENT_MAX_BYTES = 10
    r = alice_client.post(
        "/",
        {
            "body": "big",
            "audience": "everyone",
            "attachments": [SimpleUploadedFile("a.txt", b"x" * 100)],
        },
    )
    assert r.status_code == 400 and "limit" in r.content.decode()


def test_deleting_post_deletes_files(alice_client, alice, django_capture_on_commit_callbacks):
    import os

    alice_client.post(
        "/",
        {
            "body": "temp",
            "audience": "everyone",
            "attachments": [SimpleUploadedFile("a.txt", b"hello")],
        },
    )
    attachment = Attachment.objects.get()
    path = attachment.file.path
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(f"/posts/{attachment.post_id}/delete/")
    assert not os.path.exists(path) and not Attachment.objects.exists()
