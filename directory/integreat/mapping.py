"""Integreat's location categories as the directory's kinds of offer and topics."""

from __future__ import annotations

from districts.vocabulary import DirectoryTopic as Topic

from ..models import (
    Offer,
)

# German category names seen in Integreat regions → (kind, topics); first match wins.
CATEGORY_RULES: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = (
    (("integrationskurs",), Offer.Kind.INTEGRATION_COURSE, (Topic.LANGUAGE,)),
    (("sprach", "deutsch"), Offer.Kind.LANGUAGE_COURSE, (Topic.LANGUAGE,)),
    (("anerkennung",), Offer.Kind.COUNSELLING, (Topic.WORK, Topic.COUNSELLING)),
    (
        ("ausbildung", "arbeit", "job", "beruf", "schule", "bildung"),
        Offer.Kind.SERVICE,
        (Topic.WORK,),
    ),
    (("wohn", "unterkunft"), Offer.Kind.SERVICE, (Topic.HOUSING,)),
    (
        ("gesund", "arzt", "ärzt", "kranken", "klinik", "apothek"),
        Offer.Kind.SERVICE,
        (Topic.HEALTH,),
    ),
    (("famil", "kind", "kita", "jugend", "eltern"), Offer.Kind.SERVICE, (Topic.FAMILY,)),
    (
        ("ausländer", "aufenthalt", "recht", "landratsamt", "behörde", "amt", "bürgerbüro"),
        Offer.Kind.SERVICE,
        (Topic.RESIDENCE,),
    ),
    (("beratung", "migration"), Offer.Kind.COUNSELLING, (Topic.COUNSELLING,)),
    (
        ("freizeit", "sport", "café", "cafe", "treff", "begegnung", "ehrenamt", "kultur"),
        Offer.Kind.ACTIVITY,
        (Topic.LEISURE,),
    ),
    (("integration",), Offer.Kind.COUNSELLING, (Topic.COUNSELLING,)),
)  # fmt: skip


def map_category(name: str) -> tuple[str, list[str]]:
    lowered = name.lower()
    for words, kind, topics in CATEGORY_RULES:
        if any(word in lowered for word in words):
            return str(kind), [str(t) for t in topics]
    return str(Offer.Kind.OTHER), []
