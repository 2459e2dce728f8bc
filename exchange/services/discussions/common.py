"""What threads and replies share: the checks of title and text, the organisation a person
writes for, and the guards for a visible and an open thread."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from core.richtext import from_user_input, plain_text
from districts.models import District, Organisation, Role
from districts.roles import roles_of

from ...models.discussions import Thread

TITLE_MAX = 200
BODY_MAX = 50_000  # characters of HTML: a long post, never a pasted database dump


def clean_body(raw: str, *, field: str = "body") -> tuple[str, str]:
    """(sanitised HTML, plain text) of a post; text typed without the toolbar (or without
    JavaScript) keeps its paragraphs."""
    raw = (raw or "").strip()
    if len(raw) > BODY_MAX:
        raise ValidationError(
            {field: _("Der Text ist zu lang (höchstens %(max)s Zeichen).") % {"max": BODY_MAX}}
        )
    html = from_user_input(raw)
    text = plain_text(html).strip()
    if not text:
        raise ValidationError({field: _("Bitte schreiben Sie einen Text.")})
    return html, text


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": _("Bitte geben Sie einen Titel ein.")})
    if len(title) > TITLE_MAX:
        raise ValidationError(
            {"title": _("Der Titel ist zu lang (höchstens %(max)s Zeichen).") % {"max": TITLE_MAX}}
        )
    return title


def _acting_organisation(actor: Any, district: District) -> Organisation | None:
    """The organisation a person writes for: a professional membership first."""
    roles = roles_of(actor, district).by_organisation()
    if not roles:
        return None
    ranked = sorted(roles.items(), key=lambda item: (item[1] == Role.VOLUNTEER, item[0]))
    return Organisation.objects.filter(pk=ranked[0][0]).first()


def _require_visible(actor: Any, thread: Thread) -> None:
    if not Thread.objects.visible_to(actor).filter(pk=thread.pk).exists():
        raise PermissionDenied(_("Diese Diskussion ist für Sie nicht sichtbar."))


def _require_open(thread: Thread) -> None:
    if not thread.is_open:
        raise ValidationError(
            _("Diese Diskussion ist geschlossen. Antworten und Änderungen sind nicht mehr möglich.")
        )


def _name(actor: Any) -> str:
    return str(actor)
