"""The district of a public address and its directory's languages."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from babel import Locale, UnknownLocaleError
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.http import Http404

from districts.models import District

from ..models import SOURCE_LANGUAGE, DirectorySettings

# Every public page and API call starts by resolving the district and its languages: both are
# kept in the cache under the slug until the district or its directory settings are saved
# (`directory.signals`), at most PUBLIC_DISTRICT_SECONDS (a write that sends no signal).
PUBLIC_DISTRICT_SECONDS = 300


def public_district_key(slug: str) -> str:
    return f"directory:public-district:{slug}"


# slug -> id of the districts this process has served: their change stamp is then read in the
# same round trip as the district (a renamed slug simply misses once).
_SLUG_IDS: dict[str, int] = {}


def public_directory(slug: str) -> tuple[District, list[str]]:
    """The active district with this slug and its directory's languages, else 404 (unknown
    and inactive look the same)."""
    from .. import search  # noqa: PLC0415 - search imports the models this package serves

    key = public_district_key(slug)
    known = _SLUG_IDS.get(slug)
    if known is None:
        found = cache.get(key)
    else:
        both = cache.get_many([key, search.stamp_key(known)])
        found = both.get(key)
        if found is not None and found[0].pk == known:
            search.remember_stamp(known, both.get(search.stamp_key(known)))
    if found is None:
        chosen = DirectorySettings.objects.filter(district=OuterRef("pk")).order_by("pk")
        district = (
            District.objects.filter(slug=slug, is_active=True)
            .select_related("kreis")
            .defer("kreis__outline")
            # the directory's languages in the same query
            .annotate(chosen_languages=Subquery(chosen.values("languages")[:1]))
            .first()
        )
        if district is None:
            raise Http404
        found = (district, _languages(district.chosen_languages))
        cache.set(key, found, PUBLIC_DISTRICT_SECONDS)
    _SLUG_IDS[slug] = found[0].pk
    return found


def public_district(slug: str) -> District:
    """The active district with this slug, else 404 (see `public_directory`)."""
    return public_directory(slug)[0]


def forget_public_district(*slugs: str) -> None:
    """The district's row or directory settings changed: resolve it afresh, now and again when
    the transaction commits (a reader may have cached the old row in between)."""
    keys = [public_district_key(slug) for slug in slugs if slug]
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))


def district_languages(district: District) -> list[str]:
    """The languages the district's directory is offered in (all by default), German first."""
    chosen = (
        DirectorySettings.objects.filter(district=district)
        .values_list("languages", flat=True)
        .first()
    )
    return _languages(chosen)


def _languages(chosen: Any) -> list[str]:
    if isinstance(chosen, str):  # a JSON column read through a subquery on some databases
        chosen = json.loads(chosen)
    known = [code for code, _name in settings.LANGUAGES]
    wanted = set(chosen or known) | {SOURCE_LANGUAGE}
    return [code for code in known if code in wanted]


@lru_cache(maxsize=1024)
def language_name(code: str, in_language: str) -> str:
    """The name of the language `code` written in `in_language` (CLDR, through babel)."""
    try:
        locale = Locale.parse(in_language, sep="-")
    except (ValueError, UnknownLocaleError):
        locale = Locale.parse(SOURCE_LANGUAGE)
    normalised = code.replace("-", "_")
    parts = normalised.split("_")
    candidates = [normalised, f"{parts[0]}_{parts[1].upper()}" if len(parts) > 1 else "", parts[0]]
    for candidate in candidates:
        name = locale.languages.get(candidate) if candidate else None
        if name:
            return str(name)
    return code
