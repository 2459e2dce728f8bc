"""Access-matrix rows of the open API (/api/…): everything is public and read-only, so every role
(anonymous included) gets 200 for published objects of any district. Unknown districts and
unpublished objects are 404 JSON — see test_api.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from core.tests.access_matrix import PUBLIC, Case, Target, named

from .factories import EventFactory, OfferFactory, PlaceFactory


def _api(name: str, key: str | None = None) -> Case:
    def path(target: Target) -> str:
        kwargs: dict[str, Any] = {"slug": target.district.slug}
        if key is not None:
            kwargs["pk"] = target.more[key].pk
        return reverse(f"api:{name}", kwargs=kwargs)

    return Case(path, PUBLIC)


ENTRIES: dict[str, Case] = {
    "api:docs": Case(named("api:docs"), PUBLIC),
    "api:schema": Case(named("api:schema"), PUBLIC),
    "api:district_list": Case(named("api:district_list"), PUBLIC),
    "api:topic_list": _api("topic_list"),
    "api:offer_list": _api("offer_list"),
    "api:offer_detail": _api("offer_detail", "api_offer"),
    "api:offer_events_ics": _api("offer_events_ics", "api_offer"),
    "api:place_list": _api("place_list"),
    "api:place_detail": _api("place_detail", "api_place"),
    "api:event_list": _api("event_list"),
    "api:event_detail": _api("event_detail", "api_event"),
    "api:events_ics": _api("events_ics"),
    "api:export_json": _api("export_json"),
    "api:export_csv": _api("export_csv"),
}


def targets(organisation: Any) -> dict[str, Any]:
    district = organisation.district
    place = PlaceFactory(district=district, organisation=organisation)
    offer = OfferFactory(district=district, organisation=organisation, place=place)
    event = EventFactory(
        district=district,
        offer=offer,
        place=place,
        organisation=organisation,
        starts_at=timezone.now() + dt.timedelta(days=2),
        rrule="FREQ=WEEKLY;COUNT=4",
    )
    return {"api_place": place, "api_offer": offer, "api_event": event}
