"""Writing a checked bundle: places, offers and events matched by `external_id`, translations
marked "reviewed", what the region no longer has archived."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from districts.geo import is_near_district
from districts.models import District, Municipality, Organisation

from ..models import (
    SOURCE_LANGUAGE,
    Event,
    EventTranslation,
    Offer,
    OfferTranslation,
    Place,
    PlaceTranslation,
    Status,
    TranslationState,
)
from .files import (
    EVENTS,
    LOCATIONS,
)
from .items import EventItem, LocationItem
from .mapping import map_category
from .report import Report
from .text import (
    shorten,
    summary_of,
)


class Writer:
    def __init__(self, district: District, region: str, report: Report) -> None:
        self.district, self.region, self.report = district, region, report
        self.prefix = f"integreat:{region}:"
        self.places = {
            p.external_id: p
            for p in Place.objects.for_district(district).filter(
                external_id__startswith=self.prefix
            )
        }
        self.offers = {
            o.external_id: o
            for o in Offer.objects.for_district(district).filter(
                external_id__startswith=self.prefix
            )
        }
        self.events = {
            e.external_id: e
            for e in Event.objects.for_district(district).filter(
                external_id__startswith=self.prefix
            )
        }
        self.seen: dict[str, set[str]] = {"place": set(), "offer": set(), "event": set()}
        self.municipalities = list(Municipality.objects.for_district(district))
        self.organisations = {
            o.name.casefold(): o for o in Organisation.objects.for_district(district)
        }
        self.places_by_location: dict[int, Place] = {}

    def _municipality(self, postcode: str, town: str) -> Municipality | None:
        for municipality in self.municipalities:
            if postcode and postcode in (municipality.postcodes or ""):
                return municipality
        for municipality in self.municipalities:
            if town and municipality.name.casefold() == town.casefold():
                return municipality
        return None

    def _point(self, latitude: Any, longitude: Any, file: str, item: str) -> tuple[Any, Any]:
        if is_near_district(self.district, latitude, longitude) is False:
            self.report.notes.append(
                _(
                    "%(file)s, %(item)s: Die Koordinaten liegen weit außerhalb des Kreises und "
                    "wurden nicht übernommen."
                )
                % {"file": file, "item": item}
            )
            return None, None
        return latitude, longitude

    def _save(self, obj: Any, kind: str, file: str, item: str) -> bool:
        created = obj.pk is None
        try:
            obj.full_clean()
        except ValidationError as exc:
            for message in exc.messages:
                self.report.problem(file, item, message)
            return False
        obj.save()
        self.seen[kind].add(obj.external_id)
        self.report.counts[f"{kind}.{'new' if created else 'updated'}"] += 1
        return True

    def _translations(
        self,
        model: Any,
        owner_field: str,
        owner: Any,
        values: dict[str, dict[str, Any]],
        file: str,
        item: str,
    ) -> None:
        rows = {row.language: row for row in model.objects.filter(**{owner_field: owner})}
        german_changed = False
        for language, fields in values.items():
            row = rows.get(language) or model(**{owner_field: owner, "language": language})
            if language == SOURCE_LANGUAGE and any(
                getattr(row, k, None) != v for k, v in fields.items()
            ):
                german_changed = row.pk is not None
            for key, value in fields.items():
                setattr(row, key, value)
            row.state = (
                TranslationState.ORIGINAL
                if language == SOURCE_LANGUAGE
                else TranslationState.REVIEWED
            )
            try:
                row.full_clean()
            except ValidationError as exc:
                for message in exc.messages:
                    self.report.problem(file, f"{item} [{language}]", message)
                continue
            row.save()
            self.report.translations[language] += 1
        if german_changed:  # texts made in Lotse for languages the region has not published
            for language, row in rows.items():
                if language not in values and row.state != TranslationState.OUTDATED:
                    row.state = TranslationState.OUTDATED
                    row.save(update_fields=["state", "updated_at"])

    def location(self, item: LocationItem) -> None:
        file, label = f"{LOCATIONS}-{SOURCE_LANGUAGE}.json", f"id {item.german_id}"
        external_id = f"{self.prefix}{item.german_id}"
        place = self.places.get(external_id) or Place(
            district=self.district, external_id=external_id
        )
        organisation = (
            self.organisations.get(item.organisation.casefold()) if item.organisation else None
        )
        place.name = item.title
        place.street, place.postcode, place.city = item.address, item.postcode, item.town
        place.latitude, place.longitude = self._point(item.latitude, item.longitude, file, label)
        place.barrier_free = item.barrier_free
        place.municipality = self._municipality(item.postcode, item.town)
        place.organisation = organisation or place.organisation
        place.status = Status.PUBLISHED
        if not self._save(place, "place", file, label):
            return
        if item.location_id is not None:
            self.places_by_location[item.location_id] = place
        self._translations(
            PlaceTranslation,
            "place",
            place,
            {
                lang: {
                    "name": shorten(texts.title, 200),
                    "description": shorten(texts.text, 5000),
                    "opening_hours": texts.opening_hours,
                }
                for lang, texts in item.texts.items()
            },
            file,
            label,
        )
        offer = self.offers.get(external_id) or Offer(
            district=self.district, external_id=external_id
        )
        kind, topics = map_category(item.category)
        if offer.pk is None or offer.kind == Offer.Kind.OTHER:
            offer.kind = kind
        offer.topics = sorted(set(offer.topics or []) | set(topics)) if offer.pk else topics
        offer.place = place
        offer.organisation = organisation or offer.organisation
        offer.barrier_free = item.barrier_free
        offer.contact_email, offer.contact_phone = item.email, item.phone
        offer.booking_link = item.booking_link
        offer.status = Status.PUBLISHED
        if not self._save(offer, "offer", file, label):
            return
        self._translations(
            OfferTranslation,
            "offer",
            offer,
            {
                lang: {
                    "title": shorten(texts.title, 200),
                    "summary": summary_of(texts.text, texts.title),
                    "description": shorten(texts.text, 10000),
                }
                for lang, texts in item.texts.items()
            },
            file,
            label,
        )

    def _event_place(self, location: dict[str, Any] | None, file: str, label: str) -> Place | None:
        if not location:
            return None
        location_id = location.get("id")
        if isinstance(location_id, int) and location_id in self.places_by_location:
            return self.places_by_location[location_id]
        external_id = f"{self.prefix}ort-{location_id}" if isinstance(location_id, int) else ""
        if not external_id:
            return None
        place = self.places.get(external_id)
        if place is not None and external_id in self.seen["place"]:
            return place
        place = place or Place(district=self.district, external_id=external_id)
        name = shorten(str(location.get("name") or location.get("address") or _("Ort")), 200)
        postcode = str(location.get("postcode") or "")
        place.name = name
        place.street = shorten(str(location.get("address") or ""), 200)
        place.postcode = postcode if re.fullmatch(r"\d{5}", postcode) else ""
        place.city = shorten(str(location.get("town") or ""), 100)
        place.latitude, place.longitude = self._point(
            location.get("latitude"), location.get("longitude"), file, label
        )
        place.municipality = self._municipality(place.postcode, place.city)
        place.status = Status.PUBLISHED
        if not self._save(place, "place", file, label):
            return None
        self.places[external_id] = place
        self._translations(
            PlaceTranslation, "place", place, {SOURCE_LANGUAGE: {"name": name}}, file, label
        )
        return place

    def event(self, item: EventItem) -> None:
        file, label = (
            f"{EVENTS}-{SOURCE_LANGUAGE}.json",
            (
                _("Serie %(id)s") % {"id": item.key[1:]}
                if item.key.startswith("r")
                else f"id {item.key}"
            ),
        )
        external_id = (
            f"{self.prefix}{'serie-' + item.key[1:] if item.key.startswith('r') else item.key}"
        )
        event = self.events.get(external_id) or Event(
            district=self.district, external_id=external_id
        )
        event.starts_at, event.ends_at, event.all_day = item.starts_at, item.ends_at, item.all_day
        event.rrule, event.exdates = item.rrule, item.exdates
        event.place = self._event_place(item.location, file, label)
        event.status = Status.PUBLISHED
        if not self._save(event, "event", file, label):
            return
        self._translations(
            EventTranslation,
            "event",
            event,
            {
                lang: {
                    "title": shorten(texts.title, 200),
                    "description": shorten(texts.text, 10000),
                }
                for lang, texts in item.texts.items()
            },
            file,
            label,
        )

    def archive_missing(self, *, locations: bool, events: bool) -> None:
        groups: list[tuple[str, dict[str, Any]]] = []
        if locations:
            groups += [("place", self.places), ("offer", self.offers)]
        if events:
            groups.append(("event", self.events))
        for kind, existing in groups:
            for external_id, obj in existing.items():
                if external_id in self.seen[kind] or obj.status == Status.ARCHIVED:
                    continue
                if kind == "place" and external_id.startswith(f"{self.prefix}ort-") and not events:
                    continue  # places of events are only judged when events come along
                obj.status = Status.ARCHIVED
                obj.save(update_fields=["status", "updated_at"])
                self.report.counts[f"{kind}.archived"] += 1
