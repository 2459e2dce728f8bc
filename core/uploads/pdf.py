"""The structural check of a PDF."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_PDF_HEADER = re.compile(rb"%PDF-[12]\.\d")
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF")
_XREF_STREAM = re.compile(rb"\s*\d+\s+\d+\s+obj\b")
PDF_TAIL_BYTES = 2048


def check_pdf(data: bytes) -> None:
    """Refuse anything that is not structurally a PDF, whatever its name or declared type.

    A PDF starts with its version header (`%PDF-1.x` or `%PDF-2.x`); its last 2 KB hold
    `startxref <offset> %%EOF`; the offset lies inside the file and points at a cross-reference
    table (`xref`) or a cross-reference stream object (`12 0 obj`); and it has objects (`obj` …
    `endobj`). Raises `ValidationError` with code `invalid_pdf`.
    """
    invalid = ValidationError(_("Die Datei ist kein gültiges PDF-Dokument."), code="invalid_pdf")
    if not _PDF_HEADER.match(data[:16]):
        raise invalid
    matches = list(_STARTXREF.finditer(data[-PDF_TAIL_BYTES:]))
    if not matches:
        raise invalid
    offset = int(matches[-1].group(1))
    if offset <= 0 or offset >= len(data):
        raise invalid
    at = data[offset : offset + 64]
    if not (at.lstrip().startswith(b"xref") or _XREF_STREAM.match(at)):
        raise invalid
    if b"obj" not in data or b"endobj" not in data:
        raise invalid
