"""Signal receivers of the network app (connected in `NetworkConfig.ready`)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from districts.models import District

from .vocabulary import vocabulary_seed_defaults


def seed_vocabulary_of_new_district(
    sender: type[District], instance: District, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    """A new district starts with the default Handlungsfelder and target groups."""
    if created and not raw:
        vocabulary_seed_defaults(district=instance)


def connect() -> None:
    post_save.connect(
        seed_vocabulary_of_new_district,
        sender=District,
        dispatch_uid="network.seed_vocabulary_of_new_district",
    )
