"""Keep the search index current whoever writes an offer or a translation (services, admin,
imports). Staff services may also call `directory.search.index_offer` themselves.

Every save or delete of an offer, place or event or of one of their texts also renews the
district's change stamp (`directory.search.bump_district`): the cached facet rows and API
versions of the district are then computed afresh."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import search
from .models import Event, EventTranslation, Offer, OfferTranslation, Place, PlaceTranslation


@receiver(post_save, sender=Offer, dispatch_uid="directory_search_offer_saved")
def offer_saved(sender: Any, instance: Offer, raw: bool = False, **kwargs: Any) -> None:
    search.bump_district(instance.district_id)
    if not raw:
        search.index_offer(instance.pk)


@receiver(post_delete, sender=Offer, dispatch_uid="directory_search_offer_deleted")
def offer_deleted(sender: Any, instance: Offer, **kwargs: Any) -> None:
    search.bump_district(instance.district_id)
    search.unindex_offer(instance.pk)


@receiver(post_save, sender=OfferTranslation, dispatch_uid="directory_search_text_saved")
def translation_saved(
    sender: Any, instance: OfferTranslation, raw: bool = False, **kwargs: Any
) -> None:
    search.bump_district(_parent_district(instance, "offer"))
    if not raw:
        search.index_offer(instance.offer_id)


@receiver(post_delete, sender=OfferTranslation, dispatch_uid="directory_search_text_deleted")
def translation_deleted(
    sender: Any, instance: OfferTranslation, origin: Any = None, **kwargs: Any
) -> None:
    # When the offer (or its district) is being deleted, the translations go first: indexing
    # the offer again then would write documents for a row about to disappear.
    deleted_directly = isinstance(origin, OfferTranslation) or (
        isinstance(origin, QuerySet) and origin.model is OfferTranslation
    )
    if deleted_directly:
        search.bump_district(_parent_district(instance, "offer"))
        search.index_offer(instance.offer_id)


def _parent_district(instance: Any, parent: str) -> int | None:
    """The district of a text row's offer, place or event (None when that is gone)."""
    field = type(instance)._meta.get_field(parent)
    if field.is_cached(instance):
        return getattr(instance, parent).district_id
    model = field.related_model
    return (
        model._default_manager.filter(pk=getattr(instance, f"{parent}_id"))
        .values_list("district_id", flat=True)
        .first()
    )


@receiver(post_save, sender=Place, dispatch_uid="directory_stamp_place_saved")
@receiver(post_delete, sender=Place, dispatch_uid="directory_stamp_place_deleted")
@receiver(post_save, sender=Event, dispatch_uid="directory_stamp_event_saved")
@receiver(post_delete, sender=Event, dispatch_uid="directory_stamp_event_deleted")
def district_row_changed(sender: Any, instance: Place | Event, **kwargs: Any) -> None:
    search.bump_district(instance.district_id)


@receiver(post_save, sender=PlaceTranslation, dispatch_uid="directory_stamp_place_text_saved")
@receiver(post_delete, sender=PlaceTranslation, dispatch_uid="directory_stamp_place_text_deleted")
def place_text_changed(sender: Any, instance: PlaceTranslation, **kwargs: Any) -> None:
    search.bump_district(_parent_district(instance, "place"))


@receiver(post_save, sender=EventTranslation, dispatch_uid="directory_stamp_event_text_saved")
@receiver(post_delete, sender=EventTranslation, dispatch_uid="directory_stamp_event_text_deleted")
def event_text_changed(sender: Any, instance: EventTranslation, **kwargs: Any) -> None:
    search.bump_district(_parent_district(instance, "event"))
