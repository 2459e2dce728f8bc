"""Images (PNG, JPEG, GIF, WebP), opened with Pillow within a pixel limit."""

from __future__ import annotations

import io
import struct
import warnings

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .kinds import IMAGE

IMAGE_MAX_PIXELS = 40_000_000

IMAGE_TYPES = {
    "PNG": ("png", "image/png"),
    "JPEG": ("jpg", "image/jpeg"),
    "GIF": ("gif", "image/gif"),
    "WEBP": ("webp", "image/webp"),
}


def _looks_like_image(data: bytes) -> bool:
    return (
        data.startswith(b"\x89PNG\r\n\x1a\n")
        or data.startswith(b"\xff\xd8\xff")
        or data.startswith((b"GIF87a", b"GIF89a"))
        or (data.startswith(b"RIFF") and data[8:12] == b"WEBP")
    )


def _check_image(data: bytes) -> tuple[str, str, str]:
    from PIL import Image, UnidentifiedImageError

    broken = ValidationError(
        _("Das Bild ist beschädigt oder kann nicht gelesen werden."), code="invalid_image"
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                found = IMAGE_TYPES.get(image.format or "")
                width, height = image.size
                if found is None:
                    raise broken
                if width * height > IMAGE_MAX_PIXELS:
                    raise ValidationError(
                        _("Das Bild ist zu groß (höchstens %(limit)d Megapixel).")
                        % {"limit": IMAGE_MAX_PIXELS // 1_000_000},
                        code="image_too_large",
                    )
                image.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
        IndexError,
        TypeError,
        struct.error,
        MemoryError,
    ) as exc:
        raise broken from exc
    extension, mime = found
    return IMAGE, extension, mime
