"""Reading an upload and deciding its kind from its content.

`check_upload` reads an upload in chunks up to a size limit and decides its kind from the bytes
alone – never from the file name or the content type the browser sent: PDF, Office (docx, xlsx,
pptx), OpenDocument (odt, ods, odp), images (PNG, JPEG, GIF, WebP, opened with Pillow) and plain
text or CSV. Office and OpenDocument files are zip archives: they are opened with limits against
zip bombs, path tricks and nested archives, and documents with macros are refused. The stored name
takes the extension of the detected kind.

The checks of each kind are in `pdf`, `office`, `images` and `text`; names in `downloads`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .downloads import safe_filename
from .images import _check_image, _looks_like_image
from .kinds import ALL_KINDS, CSV, PDF, TEXT, _not_allowed
from .office import _check_zip
from .pdf import check_pdf
from .text import _check_text

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed the checks, with everything needed to store it."""

    data: bytes
    kind: str
    content_type: str
    extension: str
    safe_name: str
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)


def upload_limit(max_bytes: int | None = None) -> int:
    """The effective size limit: the setting, lowered by the caller's limit if that is smaller."""
    limit = int(getattr(settings, "LOTSE_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))
    return min(limit, max_bytes) if max_bytes else limit


def read_upload(upload: Any, *, max_bytes: int | None = None) -> bytes:
    """The bytes of an upload, read in chunks; refuses missing, empty and oversized files without
    reading more than the limit."""
    limit = upload_limit(max_bytes)
    too_large = ValidationError(
        _("Die Datei ist größer als %(limit)s.") % {"limit": _size_label(limit)},
        code="file_too_large",
    )
    if upload is None:
        raise ValidationError(_("Bitte wählen Sie eine Datei aus."), code="required")
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise too_large
    chunks, total = [], 0
    for chunk in _chunks(upload):
        total += len(chunk)
        if total > limit:
            raise too_large
        chunks.append(chunk)
    data = b"".join(chunks)
    if not data:
        raise ValidationError(_("Die Datei ist leer."), code="empty")
    return data


def _size_label(limit: int) -> str:
    megabyte = 1024 * 1024
    if limit % megabyte == 0:
        return f"{limit // megabyte} MB"
    return str(filesizeformat(limit))


def _chunks(upload: Any) -> Iterable[bytes]:
    if isinstance(upload, bytes | bytearray):
        return [bytes(upload)]
    if hasattr(upload, "chunks"):
        return upload.chunks()
    return iter(lambda: upload.read(64 * 1024), b"")


def check_upload(
    upload: Any, *, kinds: frozenset[str] = ALL_KINDS, max_bytes: int | None = None
) -> CheckedFile:
    """Read and check an upload; raise `ValidationError` with a German message if it is not one
    of `kinds` or breaks a limit."""
    data = read_upload(upload, max_bytes=max_bytes)
    return check_bytes(data, name=getattr(upload, "name", "") or "", kinds=kinds)


def check_bytes(data: bytes, *, name: str = "", kinds: frozenset[str] = ALL_KINDS) -> CheckedFile:
    """`check_upload` for bytes already in memory (demo documents, imports)."""
    if not data:
        raise ValidationError(_("Die Datei ist leer."), code="empty")
    kind, extension, content_type = _detect(data, name, kinds)
    if kind not in kinds:
        raise _not_allowed(kinds)
    return CheckedFile(
        data=data,
        kind=kind,
        content_type=content_type,
        extension=extension,
        safe_name=safe_filename(name, extension),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _detect(data: bytes, name: str, kinds: frozenset[str]) -> tuple[str, str, str]:
    if data.startswith(b"%PDF-"):
        check_pdf(data)
        return PDF, "pdf", "application/pdf"
    if data.startswith(b"PK\x03\x04"):
        return _check_zip(data)
    if _looks_like_image(data):
        return _check_image(data)
    if kinds & {TEXT, CSV}:
        return _check_text(data, name, kinds)
    raise _not_allowed(kinds)
