"""Access-matrix rows of the public directory: every page is open to everyone (anonymous and
every role) for published objects of the target district. Unpublished objects and objects of
another district under this district's address are 404 — see test_public.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from core.tests.access_matrix import PUBLIC, Case, Target

from .factories import EventFactory, OfferFactory, PlaceFactory


def _public(name: str, key: str | None = None) -> Case:
    def path(target: Target) -> str:
        kwargs: dict[str, Any] = {"district_slug": target.district.slug, "lang": "de"}
        if key is not None:
            kwargs["pk"] = target.more[key].pk
        return reverse(f"public:{name}", kwargs=kwargs)

    return Case(path, PUBLIC)


ENTRIES: dict[str, Case] = {
    "public:home": _public("home"),
    "public:search": _public("search"),
    "public:offer": _public("offer", "public_offer"),
    "public:offer_print": _public("offer_print", "public_offer"),
    "public:offer_qr": _public("offer_qr", "public_offer"),
    "public:place": _public("place", "public_place"),
    "public:events": _public("events"),
    "public:event": _public("event", "public_event"),
    "public:map": _public("map"),
    "public:map_data": _public("map_data"),
}


def targets(organisation: Any) -> dict[str, Any]:
    district = organisation.district
    place = PlaceFactory(district=district, organisation=organisation)
    offer = OfferFactory(
        district=district, organisation=organisation, place=place, title="Sprachcafé"
    )
    event = EventFactory(
        district=district,
        offer=offer,
        place=place,
        organisation=organisation,
        starts_at=timezone.now() + dt.timedelta(days=2),
        title="Sprachcafé am Dienstag",
    )
    return {"public_place": place, "public_offer": offer, "public_event": event}
