"""Community submissions: a visitor proposes an offer or an event, a moderator decides."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.audit import audit
from core.mail import send_rendered_mail
from districts.models import District

from ..models import (
    SOURCE_LANGUAGE,
    Event,
    Offer,
    Status,
    Submission,
)
from ..permissions import (
    can_moderate,
)
from .entries import (
    TEXT_KINDS,
    kind_of,
)
from .events import event_update
from .offers import offer_update
from .translations import save_original


@transaction.atomic
def submission_create(
    *,
    district: District,
    kind: str,
    title: str,
    description: str,
    when: str,
    where: str,
    starts_at: dt.datetime | None,
    email: str,
    name: str,
    language: str,
) -> Submission:
    """A visitor proposes an offer or an event; it waits as `submitted` for moderation."""
    details = [description.strip()]
    if when.strip():
        details.append(_("Wann: %(when)s") % {"when": when.strip()})
    if where.strip():
        details.append(_("Wo: %(where)s") % {"where": where.strip()})
    texts = {"title": title.strip(), "description": "\n\n".join(d for d in details if d)}
    submission = Submission(
        district=district, email=email.strip(), name=name.strip(), language=language
    )
    if kind == "event":
        if starts_at is None:
            raise ValidationError({"starts_at": _("Bitte geben Sie an, wann es stattfindet.")})
        event = Event(district=district, status=Status.SUBMITTED, starts_at=starts_at)
        event.full_clean()
        event.save()
        save_original(event, texts)
        submission.event = event
        entry: Any = event
    else:
        offer = Offer(district=district, status=Status.SUBMITTED, kind=Offer.Kind.ACTIVITY)
        offer.full_clean()
        offer.save()
        save_original(offer, texts)
        submission.offer = offer
        entry = offer
    submission.full_clean()
    submission.save()
    audit(actor=None, action=f"{kind_of(entry)}.submit", obj=entry, district=district)
    return submission


def _notify_submitter(submission: Submission, entry: Any, published: bool) -> None:
    kind = TEXT_KINDS[kind_of(entry)]
    original = kind.translation_model._default_manager.filter(
        **{kind.parent_field: entry, "language": SOURCE_LANGUAGE}
    ).first()
    context = {
        "title": getattr(original, "title", ""),
        "published": published,
        "message": submission.message_to_submitter,
        "name": submission.name,
        "district": submission.district,
    }
    with translation.override(submission.language):
        subject = render_to_string("directory/email/submission_subject.txt", context)
        body = render_to_string("directory/email/submission_body.txt", context)
    send_rendered_mail.enqueue(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
        body=body,
        to=[submission.email],
        from_email=settings.DEFAULT_FROM_EMAIL,
    )


def _decide(actor: Any, submission: Submission, status: str, message: str) -> Submission:
    if not can_moderate(actor, submission.district):
        raise PermissionDenied(_("Vorschläge prüfen Koordinierende und Organisationsadmins."))
    if submission.decided_at is not None:
        raise ValidationError(_("Über diesen Vorschlag ist schon entschieden."))
    entry: Any = submission.offer or submission.event
    if entry is None:
        raise ValidationError(_("Zu diesem Vorschlag gibt es keinen Eintrag mehr."))
    entry.status = status
    entry.full_clean()
    entry.save()
    submission.message_to_submitter = message.strip()
    submission.decided_at = timezone.now()
    submission.decided_by = actor
    if submission.email:
        _notify_submitter(submission, entry, status == Status.PUBLISHED)
    # Data minimisation: once the submitter is told, their name and address are gone.
    submission.email = ""
    submission.name = ""
    submission.save()
    audit(
        actor=actor,
        action=f"{kind_of(entry)}.{'publish' if status == Status.PUBLISHED else 'reject'}",
        obj=entry,
        changes={"submission": submission.pk, "status": [Status.SUBMITTED, status]},
    )
    return submission


@transaction.atomic
def submission_publish(*, actor: Any, submission: Submission, message: str = "") -> Submission:
    entry: Any = submission.offer or submission.event
    kind = TEXT_KINDS[kind_of(entry)] if entry is not None else None
    if (
        kind is not None
        and not kind.translation_model._default_manager.filter(
            **{kind.parent_field: entry, "language": SOURCE_LANGUAGE}
        )
        .exclude(**{"title": ""})
        .exists()
    ):
        raise ValidationError(_("Ohne deutschen Titel lässt sich nichts veröffentlichen."))
    return _decide(actor, submission, Status.PUBLISHED, message)


@transaction.atomic
def submission_reject(*, actor: Any, submission: Submission, message: str) -> Submission:
    if not message.strip():
        raise ValidationError(
            {"message": _("Bitte schreiben Sie der Person kurz, warum der Vorschlag nicht passt.")}
        )
    return _decide(actor, submission, Status.REJECTED, message)


@transaction.atomic
def submission_update(
    *, actor: Any, submission: Submission, data: Mapping[str, Any], texts: Mapping[str, Any]
) -> Any:
    """Moderators edit the proposed entry before deciding."""
    if not can_moderate(actor, submission.district):
        raise PermissionDenied(_("Vorschläge prüfen Koordinierende und Organisationsadmins."))
    if submission.offer is not None:
        return offer_update(actor=actor, offer=submission.offer, data=data, texts=texts)
    if submission.event is not None:
        return event_update(actor=actor, event=submission.event, data=data, texts=texts)
    raise ValidationError(_("Zu diesem Vorschlag gibt es keinen Eintrag mehr."))
