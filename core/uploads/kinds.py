"""The kinds of file an upload may be, their labels, and the refusal that names the allowed
ones."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PDF = "pdf"
OFFICE = "office"
ODF = "odf"
IMAGE = "image"
TEXT = "text"
CSV = "csv"
ALL_KINDS = frozenset({PDF, OFFICE, ODF, IMAGE, TEXT, CSV})
DOCUMENT_KINDS = frozenset({PDF, OFFICE, ODF, TEXT, CSV})

KIND_LABELS = {
    PDF: gettext_lazy("PDF"),
    OFFICE: gettext_lazy("Word, Excel oder PowerPoint (docx, xlsx, pptx)"),
    ODF: gettext_lazy("OpenDocument (odt, ods, odp)"),
    IMAGE: gettext_lazy("Bilder (PNG, JPEG, GIF, WebP)"),
    TEXT: gettext_lazy("Text (txt)"),
    CSV: gettext_lazy("Tabellen als CSV"),
}


def _not_allowed(kinds: Iterable[str]) -> ValidationError:
    allowed = ", ".join(str(KIND_LABELS[kind]) for kind in sorted(kinds) if kind in KIND_LABELS)
    return ValidationError(
        _("Dieser Dateityp wird nicht angenommen. Erlaubt sind: %(kinds)s.") % {"kinds": allowed},
        code="file_type",
    )
