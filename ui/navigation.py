"""The main navigation: "Meine Übersicht", the capabilities in their order and the entries only
some people see (such as "Verwaltung"), all read from the registry (`ui.registry`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import registry


@dataclass(frozen=True)
class NavLink:
    """One rendered entry of the navigation."""

    label: Promise | str
    url: str
    current: bool


DASHBOARD_URL_NAME = "ui:dashboard"
DASHBOARD_LABEL = _("Meine Übersicht")


def _link(label: Promise | str, url_name: str, path: str, *, exact: bool = False) -> NavLink:
    url = reverse(url_name)
    current = path == url if exact else path.startswith(url)
    return NavLink(label=label, url=url, current=current)


def build_navigation(request: HttpRequest) -> list[NavLink]:
    """The entries a signed-in person sees; nothing for visitors who are not signed in."""
    user: Any = request.user
    if not user.is_authenticated:
        return []
    path = request.path
    items = [_link(DASHBOARD_LABEL, DASHBOARD_URL_NAME, path, exact=True)]
    items += [_link(c.label, c.route_name, path) for c in registry.capabilities()]
    items += [
        _link(entry.label, entry.url_name, path)
        for entry in registry.nav_entries()
        if entry.visible(request)
    ]
    return items
