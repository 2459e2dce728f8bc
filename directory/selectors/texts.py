"""The texts of offers, places and events as the public pages show them: the row of the page's
language, or the German original standing in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch

from ..models import (
    SOURCE_LANGUAGE,
    EventTranslation,
    OfferTranslation,
    PlaceTranslation,
    TranslationState,
    pick_translation,
)


@dataclass(frozen=True)
class Text:
    """A translation row as a page shows it: the row, whether German stands in, machine-made."""

    row: Any
    fallback: bool

    @property
    def machine(self) -> bool:
        return self.row is not None and self.row.state == TranslationState.MACHINE

    @property
    def language(self) -> str:
        return str(self.row.language) if self.row is not None else SOURCE_LANGUAGE

    def __bool__(self) -> bool:
        return self.row is not None


def text_of(obj: Any, language: str) -> Text:
    row, fallback = pick_translation(obj.translations.all(), language)
    return Text(row=row, fallback=bool(fallback and row is not None))


def _languages_for_rows(language: str) -> list[str]:
    return sorted({language, SOURCE_LANGUAGE})


def offer_translations(language: str) -> Prefetch:
    return Prefetch(
        "translations",
        queryset=OfferTranslation.objects.filter(language__in=_languages_for_rows(language)),
    )


def place_translations(language: str, prefix: str = "") -> Prefetch:
    return Prefetch(
        f"{prefix}translations",
        queryset=PlaceTranslation.objects.filter(language__in=_languages_for_rows(language)),
    )


def event_translations(language: str, prefix: str = "") -> Prefetch:
    return Prefetch(
        f"{prefix}translations",
        queryset=EventTranslation.objects.filter(language__in=_languages_for_rows(language)),
    )
