"""The main navigation: "Meine Übersicht", the seven capabilities and, for those who manage,
"Verwaltung".

A capability whose app is not built yet opens an honest "kommt bald" page from `COMING_SOON`.
When an app arrives, delete its entry from `COMING_SOON` and point the capability's `url_name`
in `CAPABILITIES` at the app's own page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from districts.models import District
from districts.permissions import can_see_management


@dataclass(frozen=True)
class ComingSoon:
    """A capability that exists only as an announcement so far."""

    slug: str
    path: str
    title: Promise
    summary: Promise

    @property
    def url_name(self) -> str:
        return f"ui:{self.slug}"


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: Promise


@dataclass(frozen=True)
class NavLink:
    """One rendered entry of the navigation."""

    label: Promise
    url: str
    current: bool


COMING_SOON: tuple[ComingSoon, ...] = (
    ComingSoon(
        "referrals",
        "verweisungen/",
        _("Verweisungen"),
        _(
            "Verweisberatung: Eine Fachkraft hält fest, was eine Person braucht; Lotse schlägt "
            "die zuständigen Stellen und passende Angebote vor. Die Verweisung geht erst an "
            "die aufnehmende Stelle, wenn die Einwilligung der Person vorliegt, und "
            "durchläuft die Schritte gesendet, angenommen oder abgelehnt, abgeschlossen. "
            "Nur Fachkräfte mit Berechtigung zur Fallarbeit in den beiden beteiligten "
            "Organisationen sehen sie."
        ),
    ),
    ComingSoon(
        "monitoring",
        "monitoring/",
        _("Monitoring"),
        _(
            "Integrationsmonitoring und Integrationskonzept: ein Katalog von Kennzahlen, "
            "Messwerte je Gebiet und Zeitraum (aus Daten der Statistikämter oder aus Lotse "
            "selbst), Ziele mit Ampelstatus, die Maßnahmen des Integrationskonzepts, der "
            "Vergleich mit den Nachbarkreisen und ein Statusbericht als PDF. Gruppen mit "
            "weniger als fünf Personen werden nie ausgewiesen."
        ),
    ),
    ComingSoon(
        "surveys",
        "befragungen/",
        _("Befragungen"),
        _(
            "Mehrsprachige Fragebögen, auch in Sprachen mit Schrift von rechts nach links, "
            "mit anonymen Links und QR-Codes für Aushänge, Ergebnisse als Diagramme und "
            "Tabellen sowie Export. Gruppen mit weniger als fünf Antworten werden nicht "
            "ausgewiesen; gespeichert werden weder IP-Adresse noch Browserkennung."
        ),
    ),
    ComingSoon(
        "trainings",
        "schulungen/",
        _("Schulungen"),
        _(
            "Interkulturelle Schulungen für Mitarbeitende der Mitgliedsorganisationen mit "
            "Terminen, Anmeldung, Anwesenheit, Teilnahmebescheinigungen und Auswertung je "
            "Organisation, Schulungen für Ehrenamtliche sowie die Kursgruppen der "
            "Integrationskurse mit Teilnehmenden, Niveau, Fortschritt und Abschlüssen."
        ),
    ),
)

# The seven capabilities in the order of the navigation.
CAPABILITIES: tuple[NavItem, ...] = (
    NavItem("network:index", _("Netzwerk")),
    NavItem("exchange:index", _("Austausch")),
    NavItem("directory:index", _("Angebote")),
    NavItem("ui:referrals", _("Verweisungen")),
    NavItem("ui:monitoring", _("Monitoring")),
    NavItem("ui:surveys", _("Befragungen")),
    NavItem("ui:trainings", _("Schulungen")),
)

DASHBOARD = NavItem("ui:dashboard", _("Meine Übersicht"))
MANAGEMENT = NavItem("districts:manage", _("Verwaltung"))


def request_district(request: HttpRequest) -> District | None:
    """The district set by `CurrentDistrictMiddleware`; its lazy wrapper is falsy for none."""
    return getattr(request, "district", None) or None


def coming_soon(slug: str) -> ComingSoon:
    return next(page for page in COMING_SOON if page.slug == slug)


def _link(item: NavItem, path: str, *, exact: bool = False) -> NavLink:
    url = reverse(item.url_name)
    current = path == url if exact else path.startswith(url)
    return NavLink(label=item.label, url=url, current=current)


def build_navigation(request: HttpRequest) -> list[NavLink]:
    """The entries a signed-in person sees; nothing for visitors who are not signed in."""
    user: Any = request.user
    if not user.is_authenticated:
        return []
    path = request.path
    items = [_link(DASHBOARD, path, exact=True)]
    items += [_link(item, path) for item in CAPABILITIES]
    if can_see_management(user, request_district(request)):
        items.append(_link(MANAGEMENT, path))
    return items
