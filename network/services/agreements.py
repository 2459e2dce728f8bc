"""Cooperation agreements: who may do what, every write, the signed documents and the reminders.

Each write checks the permission with the predicates below, validates, saves and writes the
audit record in one transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.audit import audit, diff, snapshot
from core.mail import send_rendered_mail
from core.uploads import check_pdf, read_upload
from districts.models import District, Membership, Organisation, Role, Topic
from districts.permissions import is_coordinator
from districts.roles import roles_of
from network.models import Agreement, AgreementDocument, Contact
from network.permissions import (
    can_create_agreement,
    can_edit_agreement,
)

from ..selectors.agreements import Alert, agreement_alerts

REMINDER_DAYS = (60, 14)  # a reminder when a date comes this close, each threshold once
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
AGREEMENT_FIELDS = [
    "title",
    "subject",
    "status",
    "signed_on",
    "valid_from",
    "valid_until",
    "review_on",
    "responsible",
]
RELATED_FIELDS = ["parties", "topics"]
# Statuses an agreement can only reach once it has been signed.
SIGNED_STATES = {Agreement.Status.SIGNED, Agreement.Status.EXPIRED, Agreement.Status.TERMINATED}


# --- Validation -------------------------------------------------------------------------------


def _add(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _date_errors(values: Mapping[str, Any], today: dt.date) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    status = values.get("status")
    signed_on = values.get("signed_on")
    valid_from = values.get("valid_from")
    valid_until = values.get("valid_until")
    review_on = values.get("review_on")
    if status == Agreement.Status.SIGNED and signed_on is None:
        _add(
            errors, "signed_on", _("Bitte geben Sie an, wann die Vereinbarung unterzeichnet wurde.")
        )
    if signed_on is not None and status not in SIGNED_STATES:
        _add(
            errors,
            "signed_on",
            _("Entwürfe und Vereinbarungen in Verhandlung haben kein Unterzeichnungsdatum."),
        )
    if signed_on is not None and signed_on > today:
        _add(errors, "signed_on", _("Das Unterzeichnungsdatum darf nicht in der Zukunft liegen."))
    if valid_from and valid_until and valid_from > valid_until:
        _add(
            errors, "valid_until", _("Das Ende der Gültigkeit darf nicht vor ihrem Beginn liegen.")
        )
    if valid_from and review_on and review_on < valid_from:
        _add(errors, "review_on", _("Die Überprüfung darf nicht vor Beginn der Gültigkeit liegen."))
    if status == Agreement.Status.EXPIRED and (valid_until is None or valid_until >= today):
        _add(
            errors,
            "valid_until",
            _("Eine abgelaufene Vereinbarung braucht ein Gültigkeitsende vor dem heutigen Tag."),
        )
    return errors


def _relation_errors(
    actor: Any,
    district: District,
    parties: list[Organisation],
    topics: list[Topic],
    responsible: Contact | None,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    party_ids = {party.pk for party in parties}
    if any(party.district_id != district.pk for party in parties):
        _add(errors, "parties", _("Alle Vertragsparteien müssen zu Ihrem Kreis gehören."))
    if len(party_ids) < 2:
        _add(errors, "parties", _("Bitte wählen Sie mindestens zwei Vertragsparteien."))
    if not is_coordinator(actor, district) and not (
        party_ids & roles_of(actor, district).administered
    ):
        _add(
            errors,
            "parties",
            _("Ihre eigene Organisation muss eine der Vertragsparteien sein."),
        )
    if any(topic.district_id != district.pk for topic in topics):
        _add(errors, "topics", _("Dieses Handlungsfeld gehört nicht zu Ihrem Kreis."))
    if responsible is not None and (
        responsible.district_id != district.pk or responsible.organisation_id not in party_ids
    ):
        _add(
            errors,
            "responsible",
            _("Die verantwortliche Person muss zu einer der Vertragsparteien gehören."),
        )
    return errors


def _validated(
    actor: Any, district: District, data: Mapping[str, Any]
) -> tuple[dict[str, Any], list[Organisation], list[Topic]]:
    unknown = set(data) - set(AGREEMENT_FIELDS) - set(RELATED_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    values = {name: data[name] for name in AGREEMENT_FIELDS if name in data}
    parties = list(data.get("parties") or [])
    topics = list(data.get("topics") or [])
    errors = _date_errors(values, timezone.localdate())
    for field, messages in _relation_errors(
        actor, district, parties, topics, values.get("responsible")
    ).items():
        errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return values, parties, topics


def _names(objects: Iterable[Any]) -> list[str]:
    return sorted(str(obj) for obj in objects)


# --- Writes -----------------------------------------------------------------------------------


@transaction.atomic
def agreement_create(*, actor: Any, district: District, data: Mapping[str, Any]) -> Agreement:
    if not can_create_agreement(actor, district):
        raise PermissionDenied(_("Sie dürfen keine Kooperationsvereinbarungen anlegen."))
    values, parties, topics = _validated(actor, district, data)
    agreement = Agreement(district=district, **values)
    agreement.full_clean()
    agreement.save()
    agreement.parties.set(parties)
    agreement.topics.set(topics)
    changes = {name: [None, value] for name, value in snapshot(agreement, list(values)).items()}
    changes["parties"] = [None, _names(parties)]
    changes["topics"] = [None, _names(topics)]
    audit(actor=actor, action="agreement.create", obj=agreement, changes=changes)
    return agreement


@transaction.atomic
def agreement_update(*, actor: Any, agreement: Agreement, data: Mapping[str, Any]) -> Agreement:
    if not can_edit_agreement(actor, agreement):
        raise PermissionDenied(_("Sie dürfen diese Vereinbarung nicht bearbeiten."))
    values, parties, topics = _validated(actor, agreement.district, data)
    before = snapshot(agreement, list(values))
    parties_before = _names(agreement.parties.all())
    topics_before = _names(agreement.topics.all())
    for name, value in values.items():
        setattr(agreement, name, value)
    agreement.full_clean()
    changes = diff(agreement, list(values), before)
    if changes:
        agreement.save(update_fields=list(changes))
    if "parties" in data and _names(parties) != parties_before:
        agreement.parties.set(parties)
        changes["parties"] = [parties_before, _names(parties)]
    if "topics" in data and _names(topics) != topics_before:
        agreement.topics.set(topics)
        changes["topics"] = [topics_before, _names(topics)]
    if changes:
        audit(actor=actor, action="agreement.update", obj=agreement, changes=changes)
    return agreement


@transaction.atomic
def agreement_set_status(
    *, actor: Any, agreement: Agreement, status: str, signed_on: dt.date | None = None
) -> Agreement:
    """Change the status; signing needs the date, an earlier signing date is kept."""
    if not can_edit_agreement(actor, agreement):
        raise PermissionDenied(_("Sie dürfen diese Vereinbarung nicht bearbeiten."))
    if status not in Agreement.Status.values:
        raise ValidationError({"status": _("Diesen Status gibt es nicht.")})
    fields = ["status", "signed_on"]
    before = snapshot(agreement, fields)
    agreement.status = status
    if signed_on is not None:
        agreement.signed_on = signed_on
    errors = _date_errors(snapshot(agreement, AGREEMENT_FIELDS), timezone.localdate())
    if errors:
        agreement.status, agreement.signed_on = before["status"], before["signed_on"]
        raise ValidationError(errors)
    agreement.full_clean()
    changes = diff(agreement, fields, before)
    if changes:
        agreement.save(update_fields=list(changes))
        audit(actor=actor, action="agreement.set_status", obj=agreement, changes=changes)
    return agreement


# --- Documents --------------------------------------------------------------------------------


def _check_pdf(data: bytes) -> None:
    """A PDF by `core.uploads.check_pdf`, with the error on the form's file field."""
    try:
        check_pdf(data)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}, code=exc.code) from exc


def _read_upload(upload: Any) -> bytes:
    try:
        return read_upload(upload, max_bytes=MAX_DOCUMENT_BYTES)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}, code=exc.code) from exc


def _original_name(name: str | None) -> str:
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(char for char in base if char.isprintable()).strip()
    return base[:255] or "dokument.pdf"


@transaction.atomic
def agreement_document_add(*, actor: Any, agreement: Agreement, upload: Any) -> AgreementDocument:
    """Store a new version of the signed document after checking that it is a PDF."""
    if not can_edit_agreement(actor, agreement):
        raise PermissionDenied(_("Sie dürfen diese Vereinbarung nicht bearbeiten."))
    data = _read_upload(upload)
    _check_pdf(data)
    # The lock makes two simultaneous uploads take consecutive version numbers.
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    documents = AgreementDocument.objects.filter(agreement=locked)
    digest = hashlib.sha256(data).hexdigest()
    latest = documents.order_by("-version").first()
    if latest is not None and latest.sha256 == digest:
        raise ValidationError(
            {"file": _("Diese Datei ist bereits als Version %d gespeichert.") % latest.version}
        )
    version = (documents.aggregate(last=Max("version"))["last"] or 0) + 1
    document = AgreementDocument(
        district=locked.district,
        agreement=locked,
        version=version,
        original_name=_original_name(getattr(upload, "name", "")),
        size=len(data),
        sha256=digest,
        uploaded_by=actor,
    )
    document.full_clean(exclude=["file"])
    document.file.save(f"v{version}.pdf", ContentFile(data), save=False)
    try:
        document.save()
    except Exception:
        document.file.delete(save=False)
        raise
    audit(
        actor=actor,
        action="agreement.document_add",
        obj=locked,
        changes={"version": [None, version], "sha256": [None, digest], "size": [None, len(data)]},
    )
    return document


# --- Reminders --------------------------------------------------------------------------------


def _pending_reminders(agreement: Agreement, today: dt.date) -> list[Alert]:
    """Dates whose next reminder threshold has been reached since the last reminder."""
    pending = []
    for alert in agreement_alerts(agreement, today=today, within_days=max(REMINDER_DAYS)):
        opened = [alert.date - dt.timedelta(days=days) for days in REMINDER_DAYS]
        reached = max(opens for opens in opened if opens <= today)
        if agreement.reminded_on is None or agreement.reminded_on < reached:
            pending.append(alert)
    return pending


def _coordinator_emails(district_ids: Iterable[int]) -> dict[int, list[str]]:
    rows = (
        Membership.objects.active()
        .filter(district_id__in=list(district_ids), role=Role.COORDINATOR, user__is_active=True)
        .values_list("district_id", "user__email")
    )
    emails: dict[int, list[str]] = defaultdict(list)
    for district_id, email in rows:
        if email and email not in emails[district_id]:
            emails[district_id].append(email)
    return emails


def _send_reminder(agreement: Agreement, alerts: list[Alert], recipients: list[str]) -> None:
    path = reverse("network:agreement_detail", kwargs={"pk": agreement.pk})
    context = {
        "agreement": agreement,
        "parties": list(agreement.parties.all()),
        "alerts": alerts,
        "link": f"{settings.SITE_URL}{path}",
    }
    with translation.override("de"):
        subject = render_to_string("network/email/agreement_reminder_subject.txt", context)
        body = render_to_string("network/email/agreement_reminder_body.txt", context)
    for recipient in recipients:
        # One mail per person: the coordinators and the partner's contact do not see each
        # other's addresses.
        send_rendered_mail.enqueue(
            subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
            body=body,
            to=[recipient],
            from_email=settings.DEFAULT_FROM_EMAIL,
        )


@transaction.atomic
def agreement_remind(*, agreement: Agreement, today: dt.date, coordinators: list[str]) -> bool:
    """Send the reminder for one agreement if a threshold was reached; True if one went out."""
    locked = (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("responsible", "district")
        .get(pk=agreement.pk)
    )
    alerts = _pending_reminders(locked, today)
    if not alerts:
        return False
    recipients = list(coordinators)
    responsible = locked.responsible
    if responsible is not None and responsible.email and responsible.email not in recipients:
        recipients.insert(0, responsible.email)
    if recipients:
        _send_reminder(locked, alerts, recipients)
    before = locked.reminded_on
    locked.reminded_on = today
    locked.save(update_fields=["reminded_on"])
    audit(
        actor=None,
        action="agreement.remind",
        obj=locked,
        changes={
            "reminded_on": [before, today],
            "dates": [f"{alert.kind}:{alert.date.isoformat()}" for alert in alerts],
            "recipients": len(recipients),
        },
    )
    return True


def agreement_reminders_send(*, today: dt.date | None = None) -> int:
    """Remind about every agreement of every district whose review or expiry comes close.

    Each agreement is handled in its own transaction, so one failure does not hold back the
    others' reminders, and a second run on the same day sends nothing new.
    """
    today = today or timezone.localdate()
    candidates = list(
        Agreement.objects.due_for_review(within_days=max(REMINDER_DAYS), today=today).filter(
            district__is_active=True
        )
    )
    coordinators = _coordinator_emails({agreement.district_id for agreement in candidates})
    sent = 0
    for agreement in candidates:
        if agreement_remind(
            agreement=agreement,
            today=today,
            coordinators=coordinators.get(agreement.district_id, []),
        ):
            sent += 1
    return sent
