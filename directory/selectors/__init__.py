"""Reads of the directory. The public ones (what a visitor of /<district>/<lang>/ may see) are
importable from here as one namespace; the staff pages read through `selectors.staff`.

Every function costs a fixed number of queries however many offers a district has: lists come
with their translation rows prefetched (only the page language and the German original), and
the search's facet counts come from the district's facet index (`directory.search`).
"""

from .districts import (
    PUBLIC_DISTRICT_SECONDS,
    district_languages,
    forget_public_district,
    language_name,
    public_directory,
    public_district,
    public_district_key,
)
from .events import (
    CALENDAR_WEEKS,
    Occurrence,
    by_day,
    calendar_window,
    occurrences,
    public_event,
    published_events,
    upcoming,
)
from .facets import active_filters, page_links, search_facets, suggestion_links
from .filters import (
    FORMATS,
    PAGE_SIZE,
    Facets,
    Filters,
    Results,
    Suggestion,
    filter_query,
    parse_filters,
    search,
)
from .offers import (
    MunicipalityChoice,
    located_offers,
    municipalities,
    offers_in_order,
    public_offer,
    public_place,
    published_offers,
    topic_counts,
)
from .texts import Text, event_translations, offer_translations, place_translations, text_of

__all__ = [
    "CALENDAR_WEEKS",
    "FORMATS",
    "PAGE_SIZE",
    "PUBLIC_DISTRICT_SECONDS",
    "Facets",
    "Filters",
    "MunicipalityChoice",
    "Occurrence",
    "Results",
    "Suggestion",
    "Text",
    "active_filters",
    "by_day",
    "calendar_window",
    "district_languages",
    "event_translations",
    "filter_query",
    "forget_public_district",
    "language_name",
    "located_offers",
    "municipalities",
    "occurrences",
    "offer_translations",
    "offers_in_order",
    "page_links",
    "parse_filters",
    "place_translations",
    "public_directory",
    "public_district",
    "public_district_key",
    "public_event",
    "public_offer",
    "public_place",
    "published_events",
    "published_offers",
    "search",
    "search_facets",
    "suggestion_links",
    "text_of",
    "topic_counts",
    "upcoming",
]
