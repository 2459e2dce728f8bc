"""Reads for "Meine Übersicht": the panels the apps registered (`ui.registry`), each with its
context for this request; a panel that is not for this person is left out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from . import registry


@dataclass(frozen=True)
class ShownPanel:
    slug: str
    template: str
    context: dict[str, Any]


def dashboard_panels(request: HttpRequest) -> list[ShownPanel]:
    shown = []
    for panel in registry.panels():
        context = panel.context(request)
        if context is not None:
            shown.append(ShownPanel(panel.slug, panel.template, context))
    return shown
