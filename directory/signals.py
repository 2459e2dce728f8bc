"""Keep the search index current whoever writes an offer or a translation (services, admin,
imports). Staff services may also call `directory.search.index_offer` themselves."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import search
from .models import Offer, OfferTranslation


@receiver(post_save, sender=Offer, dispatch_uid="directory_search_offer_saved")
def offer_saved(sender: Any, instance: Offer, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        search.index_offer(instance.pk)


@receiver(post_delete, sender=Offer, dispatch_uid="directory_search_offer_deleted")
def offer_deleted(sender: Any, instance: Offer, **kwargs: Any) -> None:
    search.unindex_offer(instance.pk)


@receiver(post_save, sender=OfferTranslation, dispatch_uid="directory_search_text_saved")
def translation_saved(
    sender: Any, instance: OfferTranslation, raw: bool = False, **kwargs: Any
) -> None:
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
        search.index_offer(instance.offer_id)
