"""Registrations: registering oneself or someone else, the waiting list and who moves up
from it, cancelling a registration and recording attendance."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.audit import audit
from districts.audience import audience_members
from districts.models import Organisation, Role
from districts.roles import roles_of
from exchange.notify import Category
from notifications.services import notify

from ...models.meetings import Meeting, Registration, RegistrationStatus
from ...permissions import can_register_for_meeting
from .common import _ensure_manager, _params, _registered


def _registration_organisation(actor: Any, meeting: Meeting) -> Organisation | None:
    """The organisation a person registers for: a professional membership first."""
    roles = roles_of(actor, meeting.district_id).by_organisation()
    ordered = sorted(roles, key=lambda org: (roles[org] == Role.VOLUNTEER, org))
    return Organisation.objects.filter(pk__in=ordered[:1]).first()


def _refusal(meeting: Meeting, now: dt.datetime) -> str:
    if meeting.is_cancelled:
        return _("Das Treffen ist abgesagt; eine Anmeldung ist nicht möglich.")
    if meeting.has_started(now):
        return _(
            "Das Treffen hat schon begonnen oder ist vorbei; eine Anmeldung ist nicht möglich."
        )
    if not meeting.registration_open(now):
        return _("Die Anmeldefrist ist abgelaufen.")
    return ""


@transaction.atomic
def meeting_register(*, actor: Any, meeting: Meeting) -> Registration:
    """Register `actor`; when every seat is taken they join the waiting list."""
    return _register(actor=actor, meeting=meeting, person=actor)


@transaction.atomic
def meeting_register_person(*, actor: Any, meeting: Meeting, person: Any) -> Registration:
    """An organiser registers someone else (say, a colleague who called), under the same rules
    as registering oneself; the person is told at once, since they did not do it themself."""
    _ensure_manager(actor, meeting)
    registration = _register(actor=actor, meeting=meeting, person=person)
    if registration.status == RegistrationStatus.WAITING:
        message = gettext_noop(
            "%(actor)s hat Sie auf die Warteliste für %(title)s am %(date)s gesetzt."
        )
    else:
        message = gettext_noop("%(actor)s hat Sie für %(title)s am %(date)s angemeldet.")
    notify(
        recipients=audience_members(registration.meeting).filter(pk=person.pk),
        category=Category.MEETINGS,
        message=message,
        params={**_params(registration.meeting), "actor": str(actor)},
        target=registration.meeting,
        url=registration.meeting.get_absolute_url(),
        actor=actor,
        important=True,
    )
    return registration


def _register(*, actor: Any, meeting: Meeting, person: Any) -> Registration:
    """Register `person` on behalf of `actor` (the same person when registering oneself).

    The meeting row is locked so that two people cannot take the last seat at the same time;
    the caller holds the transaction.
    """
    locked = Meeting.objects.visible_to(person).select_for_update().filter(pk=meeting.pk).first()
    if locked is None or not can_register_for_meeting(person, locked):
        raise ValidationError(_cannot_register(actor, person))
    refusal = _refusal(locked, timezone.now())
    if refusal:
        raise ValidationError(refusal)
    registration = Registration.objects.filter(meeting=locked, person=person).first()
    if registration is not None and registration.status != RegistrationStatus.CANCELLED:
        raise ValidationError(_already_registered(actor, person, registration))
    if registration is None:
        registration = Registration(district=locked.district, meeting=locked, person=person)
    registration.organisation = _registration_organisation(person, locked)
    registration.created_at = timezone.now()
    registration.attended = False
    full = locked.capacity is not None and _registered(locked).count() >= locked.capacity
    if full:
        last = Registration.objects.filter(
            meeting=locked, status=RegistrationStatus.WAITING
        ).aggregate(last=Max("position"))["last"]
        registration.status = RegistrationStatus.WAITING
        registration.position = (last or 0) + 1
    else:
        registration.status = RegistrationStatus.REGISTERED
        registration.position = None
    registration.save()
    changes: dict[str, Any] = {"registration": [None, registration.status]}
    if person.pk != actor.pk:
        changes["person"] = [None, person.pk]
    audit(actor=actor, action="meeting.register", obj=locked, changes=changes)
    return registration


def _cannot_register(actor: Any, person: Any) -> str:
    if person.pk == actor.pk:
        return _("Für dieses Treffen können Sie sich nicht anmelden.")
    return _(
        "%(name)s kann dieses Treffen nicht sehen und deshalb nicht dafür angemeldet werden."
    ) % {"name": str(person)}


def _already_registered(actor: Any, person: Any, registration: Registration) -> str:
    waiting = registration.status == RegistrationStatus.WAITING
    if person.pk == actor.pk:
        return (
            _("Sie stehen bereits auf der Warteliste.")
            if waiting
            else _("Sie sind bereits angemeldet.")
        )
    name = {"name": str(person)}
    if waiting:
        return _("%(name)s steht bereits auf der Warteliste.") % name
    return _("%(name)s ist bereits angemeldet.") % name


@transaction.atomic
def meeting_unregister(*, actor: Any, meeting: Meeting) -> Registration:
    """Cancel `actor`'s registration; a freed seat goes to the first on the waiting list."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    registration = Registration.objects.filter(
        meeting=locked,
        person=actor,
        status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITING],
    ).first()
    if registration is None:
        raise ValidationError(_("Sie sind für dieses Treffen nicht angemeldet."))
    if locked.has_started():
        raise ValidationError(
            _("Das Treffen hat schon begonnen; eine Abmeldung ist nicht mehr möglich.")
        )
    previous = registration.status
    registration.status = RegistrationStatus.CANCELLED
    registration.position = None
    registration.save(update_fields=["status", "position", "updated_at"])
    audit(
        actor=actor,
        action="meeting.unregister",
        obj=locked,
        changes={"registration": [previous, RegistrationStatus.CANCELLED]},
    )
    if previous == RegistrationStatus.REGISTERED:
        _promote_waiting(locked, actor=actor)
    return registration


def _promote_waiting(meeting: Meeting, *, actor: Any) -> list[Registration]:
    """Move people up from the waiting list while seats are free; they are told at once. The
    caller holds the lock on the meeting."""
    if meeting.is_cancelled or meeting.has_started():
        return []
    # Someone who can no longer see the meeting (membership ended) keeps waiting.
    waiting = Registration.objects.filter(
        meeting=meeting,
        status=RegistrationStatus.WAITING,
        person__in=audience_members(meeting),
    ).order_by("position", "created_at", "pk")
    if meeting.capacity is not None:
        free = meeting.capacity - _registered(meeting).count()
        waiting = waiting[: max(free, 0)]
    promoted = list(waiting)
    for registration in promoted:
        registration.status = RegistrationStatus.REGISTERED
        registration.position = None
        registration.save(update_fields=["status", "position", "updated_at"])
        audit(
            actor=actor,
            action="meeting.promote",
            obj=meeting,
            changes={"registration": [RegistrationStatus.WAITING, RegistrationStatus.REGISTERED]},
        )
        notify(
            recipients=audience_members(meeting).filter(pk=registration.person_id),
            category=Category.MEETINGS,
            message=gettext_noop(
                "Ein Platz ist frei geworden: Sie sind jetzt für %(title)s am %(date)s angemeldet."
            ),
            params=_params(meeting),
            target=meeting,
            url=meeting.get_absolute_url(),
            actor=actor,
            important=True,
        )
    return promoted


@transaction.atomic
def registration_set_attended(*, actor: Any, registration: Registration, attended: bool) -> None:
    _ensure_manager(actor, registration.meeting)
    if registration.status != RegistrationStatus.REGISTERED:
        raise ValidationError(_("Nur angemeldete Personen können als anwesend markiert werden."))
    if attended and not registration.meeting.has_started():
        raise ValidationError(_("Die Anwesenheit lässt sich erst ab Beginn des Treffens erfassen."))
    before = registration.attended
    registration.attended = attended
    registration.save(update_fields=["attended", "updated_at"])
    audit(
        actor=actor,
        action="meeting.attendance",
        obj=registration.meeting,
        changes={"attended": [before, attended]},
    )
