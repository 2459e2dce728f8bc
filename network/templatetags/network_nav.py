"""The sub-navigation of the network pages, showing only what the person may open."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from network.permissions import network_access
from ui.kit import current_district

register = template.Library()

# (route, label, who may open it, route-name prefixes that mark it current)
SECTIONS = (
    (
        "network:index",
        _("Organisationen"),
        "member",
        ("index", "organisation", "profile", "contact", "relation"),
    ),
    ("network:graph", _("Netzwerkkarte"), "member", ("graph",)),
    ("network:actor_map", _("Akteurslandkarte"), "member", ("actor_map",)),
    ("network:agreement_list", _("Kooperationsvereinbarungen"), "staff", ("agreement",)),
    ("network:outreach_list", _("Dialog"), "staff", ("outreach",)),
    ("network:import_upload", _("Import"), "coordinator", ("import",)),
    ("network:vocabulary", _("Themen und Zielgruppen"), "coordinator", ("vocabulary",)),
    ("network:export", _("Export"), "export", ("export",)),
)


@register.inclusion_tag("network/_subnav.html", takes_context=True)
def network_subnav(context: dict[str, Any]) -> dict[str, Any]:
    request = context["request"]
    user, district = request.user, current_district(request)
    access = network_access(user, district)
    allowed = {
        "member": access.member,
        "staff": access.professional,
        "coordinator": access.coordinator,
        "export": access.exporter,
    }
    match = getattr(request, "resolver_match", None)
    current = match.url_name if match and match.namespace == "network" else ""
    items = [
        {"route": route, "label": label, "current": current.startswith(prefixes)}
        for route, label, audience, prefixes in SECTIONS
        if allowed[audience]
    ]
    return {"items": items}
