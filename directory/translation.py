"""Machine translation: one provider interface, DeepL and LibreTranslate over plain HTTP.

A provider turns a list of German texts into the same number of texts in the target language.
Every failure (unsupported language, timeout, HTTP error, an answer that makes no sense) is a
`TranslationError` with a message for the staff page; nothing here raises anything else.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Protocol

from django.utils.translation import gettext as _

TIMEOUT_SECONDS = 20.0


class TranslationError(Exception):
    """A translation did not happen; `str(exc)` is a message for people."""


class UnsupportedLanguage(TranslationError):
    pass


class Provider(Protocol):
    name: str

    def supports(self, target: str) -> bool: ...

    def translate(self, texts: list[str], source: str, target: str) -> list[str]: ...


def _post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> Any:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            raw = response.read()
    except urllib.error.HTTPError as exc:
        if exc.code in (401, 403):
            raise TranslationError(
                _("Der Übersetzungsdienst hat den API-Schlüssel abgelehnt (HTTP %(code)s).")
                % {"code": exc.code}
            ) from None
        if exc.code == 456:
            raise TranslationError(
                _("Das Kontingent beim Übersetzungsdienst ist aufgebraucht (HTTP 456).")
            ) from None
        raise TranslationError(
            _("Der Übersetzungsdienst hat mit einem Fehler geantwortet (HTTP %(code)s).")
            % {"code": exc.code}
        ) from None
    except TimeoutError:
        raise TranslationError(
            _("Der Übersetzungsdienst hat nicht rechtzeitig geantwortet.")
        ) from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError):
            raise TranslationError(
                _("Der Übersetzungsdienst hat nicht rechtzeitig geantwortet.")
            ) from None
        raise TranslationError(
            _("Der Übersetzungsdienst ist nicht erreichbar (%(reason)s).") % {"reason": reason}
        ) from None
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise TranslationError(
            _("Der Übersetzungsdienst hat eine unverständliche Antwort geschickt.")
        ) from None


def _check_count(result: Any, expected: int) -> list[str]:
    if (
        not isinstance(result, list)
        or len(result) != expected
        or not all(isinstance(text, str) for text in result)
    ):
        raise TranslationError(
            _("Der Übersetzungsdienst hat eine unverständliche Antwort geschickt.")
        )
    return result


class DeepLProvider:
    """DeepL API v2 (`POST /v2/translate`); the free and the paid API differ only by host."""

    name = "deepl"
    DEFAULT_URL = "https://api-free.deepl.com"
    TARGETS = {
        "de": "DE",
        "en": "EN-GB",
        "ar": "AR",
        "uk": "UK",
        "tr": "TR",
        "ru": "RU",
    }

    def __init__(self, *, url: str, api_key: str, timeout: float = TIMEOUT_SECONDS) -> None:
        self.url = (url or self.DEFAULT_URL).rstrip("/")
        self.api_key = api_key
        self.timeout = timeout

    def supports(self, target: str) -> bool:
        return target in self.TARGETS

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        if not self.supports(target):
            raise UnsupportedLanguage(
                _("DeepL übersetzt nicht in die Sprache „%(language)s“.") % {"language": target}
            )
        if not texts:
            return []
        body = json.dumps(
            {
                "text": texts,
                "source_lang": source.split("-")[0].upper(),
                "target_lang": self.TARGETS[target],
            }
        ).encode("utf-8")
        headers = {
            "Authorization": f"DeepL-Auth-Key {self.api_key}",
            "Content-Type": "application/json",
        }
        answer = _post(f"{self.url}/v2/translate", body, headers, self.timeout)
        try:
            result = [item["text"] for item in answer["translations"]]
        except (KeyError, TypeError):
            raise TranslationError(
                _("Der Übersetzungsdienst hat eine unverständliche Antwort geschickt.")
            ) from None
        return _check_count(result, len(texts))


class LibreTranslateProvider:
    """LibreTranslate (`POST /translate`, JSON); `q` may be a list of texts."""

    name = "libretranslate"
    # Dari is written in the Persian script and understood through Farsi; LibreTranslate has
    # one model for both.
    TARGETS = {
        "de": "de",
        "en": "en",
        "ar": "ar",
        "uk": "uk",
        "fa": "fa",
        "fa-af": "fa",
        "tr": "tr",
        "ru": "ru",
    }

    def __init__(self, *, url: str, api_key: str, timeout: float = TIMEOUT_SECONDS) -> None:
        self.url = url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout

    def supports(self, target: str) -> bool:
        return target in self.TARGETS

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        if not self.supports(target):
            raise UnsupportedLanguage(
                _("LibreTranslate übersetzt nicht in die Sprache „%(language)s“.")
                % {"language": target}
            )
        if not self.url:
            raise TranslationError(_("Für LibreTranslate fehlt die Adresse des Dienstes."))
        if not texts:
            return []
        payload: dict[str, Any] = {
            "q": texts,
            "source": source,
            "target": self.TARGETS[target],
            "format": "text",
        }
        if self.api_key:
            payload["api_key"] = self.api_key
        headers = {"Content-Type": "application/json"}
        answer = _post(
            f"{self.url}/translate", json.dumps(payload).encode("utf-8"), headers, self.timeout
        )
        if isinstance(answer, dict) and "error" in answer:
            raise TranslationError(
                _("Der Übersetzungsdienst meldet: %(error)s") % {"error": answer["error"]}
            )
        try:
            result = answer["translatedText"]
        except (KeyError, TypeError):
            raise TranslationError(
                _("Der Übersetzungsdienst hat eine unverständliche Antwort geschickt.")
            ) from None
        return _check_count(result, len(texts))


def provider_for(settings_row: Any) -> Provider | None:
    """The provider configured in a district's `DirectorySettings`, or None."""
    kind = settings_row.mt_provider
    if kind == "deepl":
        return DeepLProvider(url=settings_row.mt_url, api_key=settings_row.mt_api_key)
    if kind == "libretranslate":
        return LibreTranslateProvider(url=settings_row.mt_url, api_key=settings_row.mt_api_key)
    return None
