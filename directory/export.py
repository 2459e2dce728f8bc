"""Open-data export of a district's published directory: JSON (everything, all languages) and CSV
(one row per offer and language), each with the district's data licence and an attribution.

Nothing about people is exported: no submitters, no accounts; only what the public pages show.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch, Q
from django.http import HttpResponse
from django.utils import timezone

from districts.models import District

from .models import (
    SOURCE_LANGUAGE,
    DirectorySettings,
    Event,
    Offer,
    OfferTranslation,
    Place,
    PlaceTranslation,
    Status,
)

DEFAULT_LICENCE = "CC BY 4.0"
# A spreadsheet treats a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

OFFER_TEXT_FIELDS = (
    "title",
    "summary",
    "description",
    "eligibility",
    "cost_note",
    "accessibility_note",
    "easy_language",
)
CSV_COLUMNS = (
    "offer_id",
    "language",
    "translation_state",
    *OFFER_TEXT_FIELDS,
    "kind",
    "topics",
    "target_groups",
    "languages_spoken",
    "format",
    "free_of_charge",
    "barrier_free",
    "childcare",
    "organisation",
    "place",
    "street",
    "postcode",
    "city",
    "municipality",
    "latitude",
    "longitude",
    "meeting_link",
    "booking_link",
    "contact_email",
    "contact_phone",
    "valid_from",
    "valid_until",
    "updated_at",
    "licence",
    "attribution",
)


def licence_of(district: District) -> str:
    own = DirectorySettings.objects.filter(district=district).values_list("data_licence", flat=True)
    return (own.first() or "").strip() or DEFAULT_LICENCE


def attribution_of(district: District) -> str:
    return f"{district.name} – Verzeichnis für Zugewanderte, {settings.SITE_URL}/{district.slug}/"


def neutralise(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _offers(district: District) -> list[Offer]:
    return list(
        Offer.objects.for_district(district)
        .published()
        .select_related("organisation", "place", "place__municipality")
        .prefetch_related(
            Prefetch("translations", queryset=OfferTranslation.objects.order_by("language"))
        )
        .order_by("pk")
    )


def _place_dict(place: Place) -> dict[str, Any]:
    return {
        "id": place.pk,
        "name": place.name,
        "street": place.street,
        "postcode": place.postcode,
        "city": place.city,
        "municipality": place.municipality.name if place.municipality else None,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "barrier_free": place.barrier_free,
        "updated_at": place.updated_at,
        "translations": {
            row.language: {
                "state": row.state,
                "name": row.name,
                "description": row.description,
                "directions": row.directions,
                "opening_hours": row.opening_hours,
            }
            for row in place.translations.all()
        },
    }


def _offer_dict(offer: Offer) -> dict[str, Any]:
    return {
        "id": offer.pk,
        "kind": offer.kind,
        "topics": offer.topics,
        "target_groups": offer.target_groups,
        "languages_spoken": offer.languages,
        "format": offer.format,
        "free_of_charge": offer.free_of_charge,
        "barrier_free": offer.barrier_free,
        "childcare": offer.childcare,
        "organisation": offer.organisation.name if offer.organisation else None,
        "place_id": offer.place_id
        if offer.place and offer.place.status == Status.PUBLISHED
        else None,
        "meeting_link": offer.meeting_link,
        "booking_link": offer.booking_link,
        "contact_email": offer.contact_email,
        "contact_phone": offer.contact_phone,
        "valid_from": offer.valid_from,
        "valid_until": offer.valid_until,
        "updated_at": offer.updated_at,
        "translations": {
            row.language: {"state": row.state, **{f: getattr(row, f) for f in OFFER_TEXT_FIELDS}}
            for row in offer.translations.all()
        },
    }


def _event_dict(event: Event) -> dict[str, Any]:
    return {
        "id": event.pk,
        "offer_id": event.offer_id,
        "place_id": event.place_id
        if event.place and event.place.status == Status.PUBLISHED
        else None,
        "starts_at": timezone.localtime(event.starts_at),
        "ends_at": timezone.localtime(event.ends_at) if event.ends_at else None,
        "all_day": event.all_day,
        "rrule": event.rrule,
        "exdates": event.exdates,
        "free_of_charge": event.free_of_charge,
        "updated_at": event.updated_at,
        "translations": {
            row.language: {"state": row.state, "title": row.title, "description": row.description}
            for row in event.translations.all()
        },
    }


def export_data(district: District) -> dict[str, Any]:
    places = (
        Place.objects.for_district(district)
        .published()
        .select_related("municipality")
        .prefetch_related(
            Prefetch("translations", queryset=PlaceTranslation.objects.order_by("language"))
        )
        .order_by("pk")
    )
    events = (
        Event.objects.for_district(district)
        .published()
        .filter(Q(offer__isnull=True) | Q(offer__status=Status.PUBLISHED))
        .select_related("place")
        .prefetch_related("translations")
        .order_by("pk")
    )
    return {
        "licence": licence_of(district),
        "attribution": attribution_of(district),
        "generated_at": timezone.now(),
        "source_language": SOURCE_LANGUAGE,
        "district": {"slug": district.slug, "name": district.name, "ags": district.kreis_id},
        "offers": [_offer_dict(offer) for offer in _offers(district)],
        "places": [_place_dict(place) for place in places],
        "events": [_event_dict(event) for event in events],
    }


def export_json(district: District) -> HttpResponse:
    body = json.dumps(export_data(district), cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{district.slug}-verzeichnis.json"'
    return response


def csv_rows(district: District) -> list[list[Any]]:
    licence, attribution = licence_of(district), attribution_of(district)
    rows: list[list[Any]] = []
    for offer in _offers(district):
        place = offer.place if offer.place and offer.place.status == Status.PUBLISHED else None
        for row in offer.translations.all():
            values = {
                "offer_id": offer.pk,
                "language": row.language,
                "translation_state": row.state,
                **{f: getattr(row, f) for f in OFFER_TEXT_FIELDS},
                "kind": offer.kind,
                "topics": " ".join(offer.topics or []),
                "target_groups": " ".join(offer.target_groups or []),
                "languages_spoken": " ".join(offer.languages or []),
                "format": offer.format,
                "free_of_charge": offer.free_of_charge,
                "barrier_free": "" if offer.barrier_free is None else offer.barrier_free,
                "childcare": offer.childcare,
                "organisation": offer.organisation.name if offer.organisation else "",
                "place": place.name if place else "",
                "street": place.street if place else "",
                "postcode": place.postcode if place else "",
                "city": place.city if place else "",
                "municipality": place.municipality.name if place and place.municipality else "",
                "latitude": place.latitude if place and place.latitude is not None else "",
                "longitude": place.longitude if place and place.longitude is not None else "",
                "meeting_link": offer.meeting_link,
                "booking_link": offer.booking_link,
                "contact_email": offer.contact_email,
                "contact_phone": offer.contact_phone,
                "valid_from": offer.valid_from or "",
                "valid_until": offer.valid_until or "",
                "updated_at": offer.updated_at.isoformat(),
                "licence": licence,
                "attribution": attribution,
            }
            rows.append([neutralise(values[column]) for column in CSV_COLUMNS])
    return rows


def export_csv(district: District) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_rows(district))
    # With a byte order mark, spreadsheet programs read the file as UTF-8.
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{district.slug}-verzeichnis.csv"'
    return response
