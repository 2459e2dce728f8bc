"""Which languages a page is offered in.

The public shell (everything a visitor sees before signing in, the legal pages and the error
pages) exists in all of `settings.LANGUAGES`. The internal pages exist only in
`settings.STAFF_LANGUAGES`: a signed-in person who chose, say, Arabic sees them in German, while
the chosen language stays in the cookie and the public shell keeps using it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

# Pages that belong to the public shell even for a signed-in person.
PUBLIC_SHELL_PREFIXES = ("/rechtliches/",)


def is_public_shell(request: HttpRequest) -> bool:
    user: Any = getattr(request, "user", None)
    if request.path.startswith(PUBLIC_SHELL_PREFIXES):
        return True
    return not getattr(user, "is_authenticated", False)


def use_language(request: HttpRequest, language: str) -> None:
    translation.activate(language)
    request.LANGUAGE_CODE = language


def enter_public_shell(request: HttpRequest) -> None:
    """For pages that are public whatever the path (error pages): back to the chosen language."""
    request.lotse_public_shell = True  # type: ignore[attr-defined]
    chosen = getattr(request, "lotse_chosen_language", None)
    if chosen:
        use_language(request, chosen)


def offered_languages(request: HttpRequest | None) -> list[str]:
    """Codes for the language switch of this page."""
    if request is not None and not getattr(request, "lotse_public_shell", True):
        return list(settings.STAFF_LANGUAGES)
    return [code for code, _name in settings.LANGUAGES]


class StaffLanguageMiddleware:
    """Runs after LocaleMiddleware and AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = translation.get_language()
        request.lotse_chosen_language = chosen  # type: ignore[attr-defined]
        public = is_public_shell(request)
        request.lotse_public_shell = public  # type: ignore[attr-defined]
        if not public and chosen not in settings.STAFF_LANGUAGES:
            use_language(request, settings.LANGUAGE_CODE)
        return self.get_response(request)
