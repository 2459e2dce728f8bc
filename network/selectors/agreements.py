"""Reads of the agreements area (the writes are in `network.services.agreements`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from districts.models import District, Organisation, Topic
from network.models import Agreement, AgreementDocument

# Reviews and expiries this close are highlighted, in the list and on the detail page.
HIGHLIGHT_DAYS = 60
CLOSED_STATES = {Agreement.Status.EXPIRED, Agreement.Status.TERMINATED}


@dataclass(frozen=True)
class Alert:
    """A date of an agreement that is coming close (or has passed)."""

    kind: str  # "review" or "expiry"
    date: dt.date
    days_left: int

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)

    @property
    def label(self) -> str:
        if self.kind == "review":
            return _("Überprüfung überfällig") if self.overdue else _("Überprüfung fällig")
        return _("abgelaufen") if self.overdue else _("läuft bald ab")


def agreement_alerts(
    agreement: Agreement, *, today: dt.date | None = None, within_days: int = HIGHLIGHT_DAYS
) -> list[Alert]:
    """The review and expiry dates within `within_days` (or past) of an open agreement."""
    today = today or timezone.localdate()
    if agreement.status in CLOSED_STATES:
        return []
    alerts = []
    for kind, when in (("review", agreement.review_on), ("expiry", agreement.valid_until)):
        if when is not None and (when - today).days <= within_days:
            alerts.append(Alert(kind, when, (when - today).days))
    return alerts


def agreement_list(
    user: Any,
    district: District,
    *,
    status: str = "",
    topic: Topic | None = None,
    party: Organisation | None = None,
    due_only: bool = False,
) -> QuerySet[Agreement]:
    """The district's agreements with everything a row shows, in a constant number of queries."""
    agreements = (
        Agreement.objects.visible_to(user)
        .for_district(district)
        .select_related("responsible__organisation")
        .prefetch_related(
            Prefetch("parties", queryset=Organisation.objects.order_by("name")),
            Prefetch("topics", queryset=Topic.objects.order_by("position", "name")),
        )
        .annotate(document_count=Count("documents", distinct=True))
    )
    if status:
        agreements = agreements.filter(status=status)
    if topic is not None:
        agreements = agreements.filter(topics=topic)
    if party is not None:
        agreements = agreements.filter(parties=party)
    if due_only:
        agreements = agreements.filter(
            pk__in=Agreement.objects.for_district(district).due_for_review(
                within_days=HIGHLIGHT_DAYS
            )
        )
    return agreements.order_by("title", "pk")


def agreement_overview(district: District) -> dict[str, Any]:
    """Counts by status and by topic, and how many are due for review, for the district."""
    agreements = Agreement.objects.for_district(district)
    by_status = dict(agreements.values_list("status").annotate(n=Count("pk")).order_by())
    topics = (
        Topic.objects.for_district(district)
        .annotate(agreement_count=Count("agreement", distinct=True))
        .filter(agreement_count__gt=0)
        .order_by("-agreement_count", "name")
    )
    return {
        "total": sum(by_status.values()),
        "by_status": [
            (value, label, by_status.get(value, 0)) for value, label in Agreement.Status.choices
        ],
        "by_topic": list(topics),
        "without_topic": agreements.filter(topics=None).count(),
        "due": agreements.due_for_review(within_days=HIGHLIGHT_DAYS).count(),
    }


def agreement_documents(agreement: Agreement) -> QuerySet[AgreementDocument]:
    return agreement.documents.select_related("uploaded_by").order_by("-version")
