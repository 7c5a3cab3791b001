"""Validation and resizing of uploaded images (profile photos now, attachments later)."""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
# Refuse decompression bombs well before Pillow's own (warning-only) threshold.
MAX_PIXELS = 40_000_000


def square_photo(upload: UploadedFile, *, max_bytes: int, size: int = 512) -> ContentFile:
    """Check that `upload` is a real, reasonably sized image and return a square JPEG of it."""
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            _("The photo is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(upload.size / 1_048_576, 1), "limit": round(max_bytes / 1_048_576, 1)}
        )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            fmt = probe.format
            width, height = probe.size
            probe.verify()
        if fmt not in ACCEPTED_FORMATS:
            raise ValidationError(_("Use a JPEG, PNG, WebP or GIF image."))
        if width * height > MAX_PIXELS:
            raise ValidationError(
                _("The image is too large (%(w)s × %(h)s pixels).") % {"w": width, "h": height}
            )
        upload.seek(0)
        with Image.open(upload) as img:
            img = ImageOps.exif_transpose(img)
            img = img.convert("RGB")
            img = ImageOps.fit(img, (size, size), method=Image.Resampling.LANCZOS)
            out = io.BytesIO()
            img.save(out, format="JPEG", quality=85, optimize=True)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("That file is not an image we can read. Use a JPEG, PNG, WebP or GIF.")
        ) from None
    return ContentFile(out.getvalue())
