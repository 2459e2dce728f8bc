"""The sub-navigation of the exchange pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

register = template.Library()

# (route, label, route-name prefixes that mark it current)
SECTIONS = (
    ("exchange:index", _("Neu für mich"), ("index",)),
    ("exchange:news_list", _("Neuigkeiten"), ("news",)),
    ("exchange:thread_list", _("Diskussionen"), ("thread",)),
    ("exchange:library", _("Werkzeugkoffer"), ("library", "folder", "document")),
    ("exchange:meeting_list", _("Treffen"), ("meeting",)),
)


@register.inclusion_tag("exchange/_subnav.html", takes_context=True)
def exchange_subnav(context: dict[str, Any]) -> dict[str, Any]:
    request = context["request"]
    match = getattr(request, "resolver_match", None)
    current = match.url_name if match and match.namespace == "exchange" else ""
    items = []
    for route, label, prefixes in SECTIONS:
        try:
            url = reverse(route)
        except NoReverseMatch:  # an area whose pages are not wired yet
            continue
        items.append({"url": url, "label": label, "current": current.startswith(prefixes)})
    return {"items": items}
