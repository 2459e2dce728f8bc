"""The public directory for newcomers: offers, places and events, each with one translation row
per language, community submissions under moderation, and each district's directory settings.

One module per concept: `places`, `offers`, `events`, their `translations`, `submissions`,
`directory_settings`, `translation_jobs` and the `search_index`, with the shared status and
languages in `common`; every model and helper is importable from here.
"""

# isort: off
# Imported in the order the models were declared in one module before, so Django registers them
# in the same order (the app registry's order is what dumpdata and new migrations follow).
from .common import SOURCE_LANGUAGE, PublishableQuerySet, Status, directory_languages
from .places import Place
from .offers import Offer
from .events import Event
from .translations import (
    EventTranslation,
    OfferTranslation,
    PlaceTranslation,
    TranslationBase,
    TranslationState,
    pick_translation,
)
from .submissions import Submission
from .directory_settings import DirectorySettings
from .translation_jobs import TranslationJob
from .search_index import OfferSearchDocument, SearchWord
# isort: on

__all__ = [
    "SOURCE_LANGUAGE",
    "DirectorySettings",
    "Event",
    "EventTranslation",
    "Offer",
    "OfferSearchDocument",
    "OfferTranslation",
    "Place",
    "PlaceTranslation",
    "PublishableQuerySet",
    "SearchWord",
    "Status",
    "Submission",
    "TranslationBase",
    "TranslationJob",
    "TranslationState",
    "directory_languages",
    "pick_translation",
]
