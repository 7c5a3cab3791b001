"""Checking uploaded attachments: allowed types, size limits, and clean image copies."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

IMAGE_TYPES = {
    "JPEG": ("image/jpeg", ".jpg"),
    "PNG": ("image/png", ".png"),
    "WEBP": ("image/webp", ".webp"),
    "GIF": ("image/gif", ".gif"),
}
# Documents people share at work. Office files are zip containers; PDFs start with %PDF.
FILE_TYPES = {
    ".pdf": "application/pdf",
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".csv": "text/csv",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
}
MAX_PIXELS = 40_000_000
MAX_FILES = 4


@dataclass
class CheckedUpload:
    content: ContentFile
    name: str
    content_type: str
    size: int
    is_image: bool
    width: int | None = None
    height: int | None = None


def _limit(upload: UploadedFile, limit: int) -> None:
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s MB; the limit is %(limit)s MB.")
            % {
                "name": upload.name,
                "size": round(upload.size / 1_048_576, 1),
                "limit": round(limit / 1_048_576),
            }
        )


def check_upload(upload: UploadedFile) -> CheckedUpload:
    """Validate one upload by its content (not its claimed type) and return what to store."""
    name = get_valid_filename(PurePath(upload.name or "file").name)[:150] or "file"
    suffix = PurePath(name).suffix.lower()
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if suffix in FILE_TYPES:
        _limit(upload, settings.KNOWFLOW_ATTACHMENT_MAX_BYTES)
        data = upload.read()
        ok = True
        if suffix == ".pdf":
            ok = head.startswith(b"%PDF")
        elif suffix in (".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp"):
            ok = zipfile.is_zipfile(io.BytesIO(data))
        else:  # text formats must really be text
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                ok = False
        if not ok:
            raise ValidationError(
                _("“%(name)s” is not a valid %(ext)s file.") % {"name": name, "ext": suffix}
            )
        return CheckedUpload(ContentFile(data), name, FILE_TYPES[suffix], len(data), is_image=False)
    _limit(upload, settings.KNOWFLOW_IMAGE_MAX_BYTES)
    try:
        with Image.open(upload) as probe:
            fmt, (width, height) = probe.format, probe.size
            probe.verify()
        if fmt not in IMAGE_TYPES:
            raise UnidentifiedImageError
        if width * height > MAX_PIXELS:
            raise ValidationError(_("“%(name)s” has too many pixels.") % {"name": name})
        upload.seek(0)
        if fmt == "GIF":
            data = upload.read()  # keep animations; GIFs carry no location metadata
        else:
            # Re-encode so camera metadata (such as GPS position) never leaves the uploader's device.
            with Image.open(upload) as img:
                img = ImageOps.exif_transpose(img)
                width, height = img.size
                out = io.BytesIO()
                if fmt == "JPEG":
                    img.convert("RGB").save(out, format="JPEG", quality=88, optimize=True)
                else:
                    img.save(out, format=fmt)
                data = out.getvalue()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        allowed = ", ".join(sorted(FILE_TYPES))
        raise ValidationError(
            _(
                "“%(name)s” can't be attached. Use an image (JPEG, PNG, WebP, GIF) or a document (%(types)s)."
            )
            % {"name": name, "types": allowed}
        ) from None
    content_type, ext = IMAGE_TYPES[fmt]
    stem = PurePath(name).stem or "image"
    return CheckedUpload(
        ContentFile(data), f"{stem}{ext}", content_type, len(data), True, width, height
    )
