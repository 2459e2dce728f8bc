"""Texts and translation states: the German original and the other languages of an entry.

A change of the German original marks every other language of the entry `outdated` in the
same transaction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit, diff, snapshot

from .. import search
from ..models import (
    SOURCE_LANGUAGE,
    Offer,
    TranslationState,
)
from .entries import (
    TEXT_KINDS,
    TextKind,
    kind_of,
    only_fields,
    require_editor,
)


def clean_texts(kind: TextKind, texts: Mapping[str, Any], language: str) -> dict[str, str]:
    texts = only_fields(texts, kind.fields)
    cleaned = {name: str(texts.get(name) or "").strip() for name in kind.fields}
    if language != SOURCE_LANGUAGE:
        for name in kind.german_only:
            cleaned[name] = ""
    return cleaned


def save_row(
    entry: Any, kind: TextKind, language: str, texts: dict[str, str], state: str
) -> tuple[Any, dict[str, Any]]:
    """Create or update one language row; returns it with the changed fields."""
    lookup = {kind.parent_field: entry, "language": language}
    row = kind.translation_model._default_manager.filter(**lookup).first()
    if row is None:
        row = kind.translation_model(**lookup)
        before: dict[str, Any] = {}
    else:
        before = snapshot(row, [*kind.fields, "state"])
    for name, value in texts.items():
        setattr(row, name, value)
    row.state = state  # type: ignore[attr-defined]
    try:
        row.full_clean()
    except ValidationError as exc:
        # The parent is saved in the same transaction; its foreign key is valid.
        if hasattr(exc, "error_dict"):
            errors = {k: v for k, v in exc.error_dict.items() if k != kind.parent_field}
            if errors:
                raise ValidationError(errors) from None
        else:
            raise
    row.save()
    return row, diff(row, [*kind.fields, "state"], before)


def save_original(entry: Any, texts: Mapping[str, Any]) -> dict[str, Any]:
    """Write the German original; if its text changed, every other language becomes outdated."""
    kind = TEXT_KINDS[kind_of(entry)]
    cleaned = clean_texts(kind, texts, SOURCE_LANGUAGE)
    existed = kind.translation_model._default_manager.filter(
        **{kind.parent_field: entry, "language": SOURCE_LANGUAGE}
    ).exists()
    _row, changes = save_row(entry, kind, SOURCE_LANGUAGE, cleaned, TranslationState.ORIGINAL)
    text_changed = any(name in changes for name in kind.machine_fields)
    if existed and text_changed:
        outdated = (
            kind.translation_model._default_manager.filter(**{kind.parent_field: entry})
            .exclude(language=SOURCE_LANGUAGE)
            .exclude(state=TranslationState.OUTDATED)
            .update(state=TranslationState.OUTDATED)
        )
        if outdated:
            changes["outdated_languages"] = outdated
            if isinstance(entry, Offer):
                # A bulk update sends no signals; outdated texts leave the search index.
                search.index_offer(entry.pk)
    return changes


@transaction.atomic
def translation_save(
    *, actor: Any, entry: Any, language: str, texts: Mapping[str, Any], reviewed: bool
) -> Any:
    """A translator writes one language of an entry.

    Marked `reviewed`, the row counts as current. Without the mark a machine translation stays
    `machine`, anything else stays `outdated` (not shown publicly) until someone reviews it.
    """
    require_editor(actor, entry)
    if language == SOURCE_LANGUAGE or language not in directory_language_codes():
        raise ValidationError(_("Diese Sprache lässt sich hier nicht übersetzen."))
    kind = TEXT_KINDS[kind_of(entry)]
    cleaned = clean_texts(kind, texts, language)
    current = (
        kind.translation_model._default_manager.filter(
            **{kind.parent_field: entry, "language": language}
        )
        .values_list("state", flat=True)
        .first()
    )
    if reviewed:
        state = TranslationState.REVIEWED
    elif current == TranslationState.MACHINE:
        state = TranslationState.MACHINE
    else:
        state = TranslationState.OUTDATED
    row, changes = save_row(entry, kind, language, cleaned, state)
    audit(
        actor=actor,
        action=f"{kind_of(entry)}.translation_save",
        obj=entry,
        changes={"language": language, **changes},
    )
    return row


@transaction.atomic
def translation_review(*, actor: Any, entry: Any, language: str) -> Any:
    """Confirm a machine or outdated translation as it stands."""
    require_editor(actor, entry)
    kind = TEXT_KINDS[kind_of(entry)]
    row = kind.translation_model._default_manager.filter(
        **{kind.parent_field: entry, "language": language}
    ).first()
    if row is None or language == SOURCE_LANGUAGE:
        raise ValidationError(_("Für diese Sprache gibt es noch keine Übersetzung."))
    row.state = TranslationState.REVIEWED  # type: ignore[attr-defined]
    row.save(update_fields=["state", "updated_at"])
    audit(
        actor=actor,
        action=f"{kind_of(entry)}.translation_review",
        obj=entry,
        changes={"language": language},
    )
    return row


def directory_language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]
