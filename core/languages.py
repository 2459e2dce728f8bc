"""The languages people speak: the codes a district's network and its directory offer for
"spoken languages", and their names in the page's language (CLDR through babel)."""

from __future__ import annotations

from collections.abc import Iterable

from babel import Locale, UnknownLocaleError
from django.utils.translation import get_language

# Languages people in German districts' networks commonly speak, as lower-case BCP 47 / CLDR
# codes (the same spelling as settings.LANGUAGES, so "fa-af" is Dari).
LANGUAGE_CODES: tuple[str, ...] = (
    "de", "en", "ar", "fa", "fa-af", "ps", "ku", "ckb", "tr", "ru", "uk", "pl", "ro", "bg",
    "sq", "sr", "hr", "bs", "mk", "el", "it", "es", "pt", "fr", "so", "ti", "am", "ur", "hi",
    "bn", "ta", "vi", "zh", "sw", "ha", "yo", "hy", "ka", "az", "rom", "ln", "ff", "tk", "uz",
    "tg", "he", "nl", "hu", "cs", "lt", "lv",
)  # fmt: skip


def ui_locale() -> Locale:
    """The CLDR locale of the language the page is shown in (German where babel has none)."""
    try:
        return Locale.parse((get_language() or "de").replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale("de")


def _cldr_key(code: str) -> str:
    language, _sep, region = code.partition("-")
    return f"{language}_{region.upper()}" if region else language


def language_name(code: str, locale: Locale | None = None) -> str:
    """The name of a language in the UI language, e.g. "ar" → "Arabisch"."""
    names = (locale or ui_locale()).languages
    return names.get(_cldr_key(code)) or names.get(code.partition("-")[0]) or code


def language_names(codes: Iterable[str]) -> list[str]:
    locale = ui_locale()
    return sorted((language_name(code, locale) for code in codes), key=str.casefold)


def language_choices() -> list[tuple[str, str]]:
    """(code, name) of the known languages, sorted by name in the UI language."""
    locale = ui_locale()
    pairs = {code: language_name(code, locale) for code in LANGUAGE_CODES}
    return sorted(pairs.items(), key=lambda pair: pair[1].casefold())
