"""Keep the search index current whoever writes an offer or a translation (services, admin,
imports). Staff services may also call `directory.search.index_offer` themselves.

Every save or delete of an offer, place or event, of one of their texts or of a municipality
also renews the district's change stamp (`directory.search.bump_district`): the district's
cached facet rows, API versions, pages, cards and items are then computed afresh. A save of a
district or of its directory settings makes its public address resolve afresh
(`selectors.public_directory`)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from districts.models import District, Municipality, TargetGroup, Topic

from . import search, selectors
from .models import (
    DirectorySettings,
    Event,
    EventTranslation,
    Offer,
    OfferTranslation,
    Place,
    PlaceTranslation,
)


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


@receiver(pre_save, sender=District, dispatch_uid="directory_public_district_renamed")
def district_saving(sender: Any, instance: District, raw: bool = False, **kwargs: Any) -> None:
    # A new slug leaves the old address cached: forget it too.
    if instance.pk and not raw:
        old = District.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
        if old and old != instance.slug:
            selectors.forget_public_district(old)


@receiver(post_save, sender=District, dispatch_uid="directory_public_district_saved")
@receiver(post_delete, sender=District, dispatch_uid="directory_public_district_deleted")
def district_changed(sender: Any, instance: District, **kwargs: Any) -> None:
    selectors.forget_public_district(instance.slug)


@receiver(post_save, sender=DirectorySettings, dispatch_uid="directory_settings_saved")
@receiver(post_delete, sender=DirectorySettings, dispatch_uid="directory_settings_deleted")
def directory_settings_changed(sender: Any, instance: DirectorySettings, **kwargs: Any) -> None:
    slug = District.objects.filter(pk=instance.district_id).values_list("slug", flat=True).first()
    selectors.forget_public_district(slug or "")


@receiver(post_save, sender=Municipality, dispatch_uid="directory_stamp_municipality_saved")
@receiver(post_delete, sender=Municipality, dispatch_uid="directory_stamp_municipality_deleted")
def municipality_changed(sender: Any, instance: Municipality, **kwargs: Any) -> None:
    # Its name is a search filter and shows in cached pages.
    search.bump_district(instance.district_id)


@receiver(post_save, sender=Topic, dispatch_uid="directory_stamp_topic_saved")
@receiver(post_delete, sender=Topic, dispatch_uid="directory_stamp_topic_deleted")
@receiver(post_save, sender=TargetGroup, dispatch_uid="directory_stamp_target_group_saved")
@receiver(post_delete, sender=TargetGroup, dispatch_uid="directory_stamp_target_group_deleted")
def vocabulary_changed(
    sender: Any, instance: Topic | TargetGroup, raw: bool = False, **kwargs: Any
) -> None:
    """An entry of the district's vocabulary is the label of tiles, filters and offers: cached
    pages go, and the offers carrying it are found by its new wording."""
    search.bump_district(instance.district_id)
    update_fields = kwargs.get("update_fields")
    saved_again = "created" in kwargs and not kwargs["created"]  # not on a delete
    if (
        raw
        or not saved_again
        or (update_fields and {"name", "public_labels"}.isdisjoint(update_fields))
    ):
        return
    field = "topics" if isinstance(instance, Topic) else "target_groups"
    offers = Offer.objects.for_district(instance.district_id).published()
    with search.bulk_indexing():
        for pk, codes in offers.values_list("pk", field):
            if instance.code in (codes or ()):
                search.index_offer(pk)
