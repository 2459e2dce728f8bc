"""What folders and documents share: the limits and the check of their texts, the text the
search looks in, and the notification of a document's audience."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from core.uploads import ALL_KINDS
from districts.audience import audience_members
from exchange.notify import Category
from notifications.services import notify

from ...models.library import Document

TITLE_MAX = 200
DESCRIPTION_MAX = 5000
FOLDER_NAME_MAX = 120
FOLDER_DESCRIPTION_MAX = 2000
NOTE_MAX = 500
LIBRARY_KINDS = ALL_KINDS


def _text(value: Any, *, field: str, label: str, max_length: int, required: bool) -> str:
    text = str(value or "").strip()
    if "\x00" in text:
        raise ValidationError({field: _("Der Text enthält ungültige Zeichen.")})
    if required and not text:
        raise ValidationError({field: _("Bitte geben Sie %(label)s an.") % {"label": label}})
    if len(text) > max_length:
        raise ValidationError({field: _("Höchstens %(max)d Zeichen.") % {"max": max_length}})
    return text


def search_text(document: Document) -> str:
    """The case-folded text the portable search looks in."""
    return "\n".join([document.title, document.description, document.folder.name]).casefold()


def _notify(
    *,
    actor: Any,
    document: Document,
    message: str,
    params: dict[str, str],
    recipients: QuerySet[Any] | None = None,
) -> None:
    """Tell `recipients` (by default the document's whole audience) about `document`."""
    notify(
        recipients=audience_members(document) if recipients is None else recipients,
        category=Category.DOCUMENTS,
        message=message,
        params=params,
        target=document,
        url=document.get_absolute_url(),
        actor=actor,
    )
