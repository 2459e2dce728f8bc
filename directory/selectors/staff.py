"""Reads of the staff pages under /angebote/: the entries a person may edit, the offer list
with its filters, the moderation queue."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from districts.models import District

from ..models import (
    SOURCE_LANGUAGE,
    Event,
    Offer,
    OfferTranslation,
    Place,
    Status,
    Submission,
    TranslationState,
)
from ..permissions import editable_organisation_ids

OFFER_LIST_LIMIT = 200
PLACE_LIST_LIMIT = 300
EVENT_LIST_LIMIT = 300


def editable(queryset: Any, user: Any, district: District | None) -> Any:
    """The entries (offers, places or events) of the district that `user` may edit."""
    allowed = editable_organisation_ids(user, district)
    queryset = queryset.visible_to(user).for_district(district)
    return queryset if allowed is None else queryset.filter(organisation_id__in=allowed)


def staff_offers(user: Any, district: District | None, values: Mapping[str, Any]) -> Any:
    """The offer list's rows for the filters `values` (the cleaned OfferFilterForm: status,
    stale, q, missing): without a status, archived and rejected offers are left out, and
    community submissions always are (they wait in the moderation queue)."""
    offers = editable(Offer.objects, user, district).exclude(status=Status.SUBMITTED)
    if values.get("status"):
        offers = offers.filter(status=values["status"])
    else:
        offers = offers.exclude(status__in=[Status.ARCHIVED, Status.REJECTED])
    if values.get("stale"):
        offers = offers.filter(review_on__lt=timezone.localdate())
    if values.get("q"):
        offers = offers.filter(
            translations__language=SOURCE_LANGUAGE, translations__title__icontains=values["q"]
        )
    if values.get("missing"):
        current = OfferTranslation.objects.filter(
            offer=OuterRef("pk"), language=values["missing"]
        ).exclude(state=TranslationState.OUTDATED)
        offers = offers.filter(~Exists(current))
    return offers.select_related("organisation").prefetch_related("translations")[:OFFER_LIST_LIMIT]


def staff_places(user: Any, district: District | None) -> Any:
    return (
        editable(Place.objects, user, district)
        .select_related("organisation", "municipality")
        .prefetch_related("translations")[:PLACE_LIST_LIMIT]
    )


def staff_events(user: Any, district: District | None) -> Any:
    return (
        editable(Event.objects, user, district)
        .exclude(status=Status.SUBMITTED)
        .select_related("organisation", "place")
        .prefetch_related("translations")
        .order_by("-starts_at")[:EVENT_LIST_LIMIT]
    )


def open_submissions(user: Any, district: District | None) -> QuerySet[Submission]:
    """Community submissions of the district not decided yet, with their entry's texts."""
    return (
        Submission.objects.visible_to(user)
        .for_district(district)
        .filter(decided_at__isnull=True)
        .select_related("offer", "event")
        .prefetch_related("offer__translations", "event__translations")
    )
