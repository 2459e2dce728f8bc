"""What the API's answers and query strings look like: the serializers that describe them (they
drive the OpenAPI document), and `Builder`, which makes the items themselves as plain dicts from
prefetched rows (a page of 20 stays fast)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from districts.models import District

from .. import ical, search
from .. import topics as vocabulary
from ..models import (
    SOURCE_LANGUAGE,
    Event,
    Offer,
    Place,
    Status,
    pick_translation,
)
from .selectors import offer_queryset

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
SPOKEN_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")
# Events: the default window after `from`, and the longest window one request may ask for.
DEFAULT_WINDOW_DAYS = 90
MAX_WINDOW_DAYS = 366
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2200, 12, 31)


# --- Query parameters ------------------------------------------------------------------------


class LanguageQuerySerializer(serializers.Serializer):
    lang = serializers.ChoiceField(
        choices=LANGUAGE_CODES,
        required=False,
        help_text="Language of the texts; without it the Accept-Language header decides.",
    )


class PageQuerySerializer(LanguageQuerySerializer):
    page = serializers.IntegerField(min_value=1, max_value=1_000_000, required=False)
    page_size = serializers.IntegerField(
        min_value=1, max_value=1000, required=False, help_text="20 by default, at most 100."
    )


class OfferQuerySerializer(PageQuerySerializer):
    q = serializers.CharField(
        required=False, max_length=200, help_text="Search words (typos are forgiven)."
    )
    topic = serializers.CharField(
        required=False, max_length=50, help_text="A topic code (see …/topics/)."
    )
    target_group = serializers.CharField(
        required=False, max_length=50, help_text="A target group code of the district."
    )
    language = serializers.RegexField(
        SPOKEN_LANGUAGE,
        required=False,
        max_length=12,
        help_text="A language help is given in (CLDR code, e.g. ar, uk, fa-af).",
    )
    municipality = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, required=False, help_text="Id of a municipality."
    )
    free_of_charge = serializers.BooleanField(required=False, allow_null=True, default=None)
    barrier_free = serializers.BooleanField(required=False, allow_null=True, default=None)
    format = serializers.ChoiceField(choices=Offer.Format.choices, required=False)

    def _known(self, value: str, field: str) -> str:
        district = self.context.get("district")
        if district is not None:
            labels = vocabulary.labels(district)
            known = labels.topic_label if field == "topic" else labels.target_group_label
            if value not in known:
                raise serializers.ValidationError(f'"{value}" is not a valid choice.')
        return value

    def validate_topic(self, value: str) -> str:
        return self._known(value, "topic")

    def validate_target_group(self, value: str) -> str:
        return self._known(value, "target_group")


class PlaceQuerySerializer(PageQuerySerializer):
    municipality = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, required=False, help_text="Id of a municipality."
    )


class EventQuerySerializer(PageQuerySerializer):
    to = serializers.DateField(
        required=False, help_text=f"Last day (inclusive); at most {MAX_WINDOW_DAYS} days on."
    )
    offer = serializers.IntegerField(min_value=1, max_value=2**63 - 1, required=False)

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        # `from` is a Python keyword, hence declared here.
        fields["from"] = serializers.DateField(
            required=False, help_text="First day (inclusive); today by default."
        )
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        first = attrs.get("from") or timezone.localdate()
        last = attrs.get("to") or first + dt.timedelta(days=DEFAULT_WINDOW_DAYS)
        if not (EARLIEST <= first <= LATEST and EARLIEST <= last <= LATEST):
            raise ValidationError(_("Das Datum liegt außerhalb des möglichen Bereichs."))
        if last < first:
            raise ValidationError({"to": [_("Das Ende liegt vor dem Anfang.")]})
        if (last - first).days > MAX_WINDOW_DAYS:
            raise ValidationError({"to": [_("Höchstens %d Tage auf einmal.") % MAX_WINDOW_DAYS]})
        attrs["from"], attrs["to"] = first, last
        return attrs


def parse(
    serializer_class: type[serializers.Serializer],
    request: Request,
    district: District | None = None,
) -> dict[str, Any]:
    """The validated query parameters; codes of topics and target groups are checked against
    the district's vocabulary (`district`)."""
    serializer = serializer_class(data=request.query_params, context={"district": district})
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


# --- Output: schema serializers and the item builder -------------------------------------------


class NamedRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class TextStateMixin(serializers.Serializer):
    language = serializers.CharField(help_text="Language of the texts in this item.")
    translation_state = serializers.ChoiceField(
        choices=["original", "machine", "reviewed", "outdated"], allow_null=True
    )
    fallback = serializers.BooleanField(
        help_text="True when the German original stands in for the requested language."
    )


class PlaceBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    street = serializers.CharField()
    postcode = serializers.CharField()
    city = serializers.CharField()
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    municipality = NamedRefSerializer(allow_null=True)
    barrier_free = serializers.BooleanField(allow_null=True)
    url = serializers.URLField()


class PlaceSerializer(TextStateMixin, PlaceBriefSerializer):
    description = serializers.CharField()
    directions = serializers.CharField()
    opening_hours = serializers.CharField()
    updated_at = serializers.DateTimeField()


class OfferSerializer(TextStateMixin):
    id = serializers.IntegerField()
    url = serializers.URLField()
    kind = serializers.ChoiceField(choices=Offer.Kind.choices)
    topics = serializers.ListField(child=serializers.CharField(), help_text="Topic codes.")
    target_groups = serializers.ListField(child=serializers.CharField())
    languages = serializers.ListField(
        child=serializers.CharField(), help_text="Languages help is given in (CLDR codes)."
    )
    format = serializers.ChoiceField(choices=Offer.Format.choices)
    free_of_charge = serializers.BooleanField()
    barrier_free = serializers.BooleanField(allow_null=True)
    childcare = serializers.BooleanField()
    meeting_link = serializers.CharField()
    booking_link = serializers.CharField()
    contact_email = serializers.CharField()
    contact_phone = serializers.CharField()
    valid_from = serializers.DateField(allow_null=True)
    valid_until = serializers.DateField(allow_null=True)
    is_stale = serializers.BooleanField(help_text="Past its review date.")
    organisation = NamedRefSerializer(allow_null=True)
    place = PlaceBriefSerializer(allow_null=True)
    title = serializers.CharField()
    summary = serializers.CharField()
    description = serializers.CharField()
    eligibility = serializers.CharField()
    cost_note = serializers.CharField()
    accessibility_note = serializers.CharField()
    easy_language = serializers.CharField(help_text="Leichte Sprache (German), if written.")
    updated_at = serializers.DateTimeField()


class EventSerializer(TextStateMixin):
    id = serializers.IntegerField()
    url = serializers.URLField()
    starts_at = serializers.DateTimeField(help_text="Start of this occurrence.")
    ends_at = serializers.DateTimeField(allow_null=True)
    all_day = serializers.BooleanField()
    recurring = serializers.BooleanField()
    rrule = serializers.CharField(help_text="iCalendar RRULE as stored, empty if one-off.")
    exdates = serializers.ListField(child=serializers.CharField())
    free_of_charge = serializers.BooleanField()
    offer = serializers.IntegerField(allow_null=True)
    place = PlaceBriefSerializer(allow_null=True)
    title = serializers.CharField()
    description = serializers.CharField()
    updated_at = serializers.DateTimeField()


class OccurrenceSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(allow_null=True)


class EventDetailSerializer(EventSerializer):
    occurrences = OccurrenceSerializer(many=True, help_text="The next dates (up to 20, 1 year).")


class DistrictSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    ags = serializers.CharField(help_text="Amtlicher Gemeindeschlüssel of the Kreis (5 digits).")
    languages = serializers.ListField(child=serializers.CharField())
    data_licence = serializers.CharField()
    url = serializers.URLField()


class TopicSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


class TopicListSerializer(serializers.Serializer):
    language = serializers.CharField()
    results = TopicSerializer(many=True)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


def iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def coordinate(value: Any) -> float | None:
    return float(value) if value is not None else None


class Builder:
    """Turns prefetched rows into the API's items."""

    def __init__(self, request: Request, district: District, language: str) -> None:
        self.request = request
        self.district = district
        self.language = language
        self.base = request.build_absolute_uri("/").rstrip("/")
        self._by_pk: dict[str, tuple[str, str]] = {}

    def url(self, name: str, **kwargs: Any) -> str:
        if set(kwargs) == {"pk"}:
            # One reverse() per route and response; the pk is put into its place (a page of
            # offers names a hundred URLs).
            parts = self._by_pk.get(name)
            if parts is None:
                sample = reverse(f"api:{name}", kwargs={"slug": self.district.slug, "pk": 0})
                head, _zero, tail = sample.rpartition("/0/")
                parts = self._by_pk[name] = (f"{self.base}{head}/", f"/{tail}")
            return f"{parts[0]}{int(kwargs['pk'])}{parts[1]}"
        return self.base + reverse(f"api:{name}", kwargs={"slug": self.district.slug, **kwargs})

    def text_state(self, row: Any, fallback: bool) -> dict[str, Any]:
        return {
            "language": row.language if row is not None else self.language,
            "translation_state": row.state if row is not None else None,
            "fallback": fallback,
        }

    def place_brief(self, place: Place | None) -> dict[str, Any] | None:
        if place is None or place.status != Status.PUBLISHED:
            return None
        row, _fallback = pick_translation(getattr(place, "api_translations", []), self.language)
        municipality = place.municipality
        return {
            "id": place.pk,
            "name": row.name if row is not None else place.name,
            "street": place.street,
            "postcode": place.postcode,
            "city": place.city,
            "latitude": coordinate(place.latitude),
            "longitude": coordinate(place.longitude),
            "municipality": {"id": municipality.pk, "name": municipality.name}
            if municipality
            else None,
            "barrier_free": place.barrier_free,
            "url": self.url("place_detail", pk=place.pk),
        }

    def place(self, place: Place) -> dict[str, Any]:
        row, fallback = pick_translation(place.api_translations, self.language)  # type: ignore[attr-defined]
        item = self.place_brief(place) or {}
        item.update(self.text_state(row, fallback))
        item.update(
            {
                "description": row.description if row is not None else "",
                "directions": row.directions if row is not None else "",
                "opening_hours": row.opening_hours if row is not None else "",
                "updated_at": iso(place.updated_at),
            }
        )
        return item

    def offer(self, offer: Offer) -> dict[str, Any]:
        rows = offer.api_translations  # type: ignore[attr-defined]
        row, fallback = pick_translation(rows, self.language)
        german = next((r for r in rows if r.language == SOURCE_LANGUAGE), None)
        organisation = offer.organisation

        def text(field: str) -> str:
            return getattr(row, field) if row is not None else ""

        return {
            "id": offer.pk,
            "url": self.url("offer_detail", pk=offer.pk),
            "kind": offer.kind,
            "topics": list(offer.topics or []),
            "target_groups": list(offer.target_groups or []),
            "languages": list(offer.languages or []),
            "format": offer.format,
            "free_of_charge": offer.free_of_charge,
            "barrier_free": offer.barrier_free,
            "childcare": offer.childcare,
            "meeting_link": offer.meeting_link,
            "booking_link": offer.booking_link,
            "contact_email": offer.contact_email,
            "contact_phone": offer.contact_phone,
            "valid_from": iso(offer.valid_from),
            "valid_until": iso(offer.valid_until),
            "is_stale": offer.is_stale,
            "organisation": {"id": organisation.pk, "name": organisation.name}
            if organisation
            else None,
            "place": self.place_brief(offer.place),
            **self.text_state(row, fallback),
            "title": text("title"),
            "summary": text("summary"),
            "description": text("description"),
            "eligibility": text("eligibility"),
            "cost_note": text("cost_note"),
            "accessibility_note": text("accessibility_note"),
            "easy_language": german.easy_language if german is not None else "",
            "updated_at": iso(offer.updated_at),
        }

    def event(
        self, event: Event, starts_at: dt.datetime | None = None, ends_at: dt.datetime | None = None
    ) -> dict[str, Any]:
        row, fallback = pick_translation(event.api_translations, self.language)  # type: ignore[attr-defined]
        start = starts_at or event.starts_at
        end = ends_at if starts_at is not None else event.ends_at
        return {
            "id": event.pk,
            "url": self.url("event_detail", pk=event.pk),
            "starts_at": iso(timezone.localtime(start, ical.BERLIN)),
            "ends_at": iso(timezone.localtime(end, ical.BERLIN)) if end else None,
            "all_day": event.all_day,
            "recurring": bool(event.rrule),
            "rrule": event.rrule,
            "exdates": [str(value) for value in event.exdates or []],
            "free_of_charge": event.free_of_charge,
            "offer": event.offer_id,
            "place": self.place_brief(event.place),
            **self.text_state(row, fallback),
            "title": row.title if row is not None else "",
            "description": row.description if row is not None else "",
            "updated_at": iso(event.updated_at),
        }


def offer_items(builder: Builder, ids: list[int]) -> list[dict[str, Any]]:
    """The API items of the published offers `ids`, in that order (ids no longer published
    are left out). Each item is kept per offer (`search.per_offer`), language and host: a new
    search or page over offers already served builds only those not seen yet."""
    district, language = builder.district, builder.language

    def build(missing: list[int]) -> dict[int, Any]:
        offers = offer_queryset(district, language).filter(pk__in=missing)
        return {offer.pk: builder.offer(offer) for offer in offers}

    return search.per_offer(district, "api-offer", ids, build, language, builder.base)
