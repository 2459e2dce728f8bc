"""The human-readable page at /api/: the routes, their parameters and an example."""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from districts.models import District

from .. import export
from .. import topics as vocabulary
from ..models import Offer
from .serializers import LANGUAGE_CODES


class Endpoint:
    def __init__(
        self, path: str, summary: Any, parameters: tuple[str, ...] = (), fmt: str = "JSON"
    ) -> None:
        self.path = path
        self.summary = summary
        self.parameters = parameters
        self.format = fmt


COMMON = ("lang", "page", "page_size")
ENDPOINTS = (
    Endpoint("/api/v1/districts/", _("Kreise mit öffentlichem Verzeichnis"), ("page", "page_size")),
    Endpoint("/api/v1/districts/{slug}/topics/", _("Die festen Themen mit Bezeichnung"), ("lang",)),
    Endpoint(
        "/api/v1/districts/{slug}/offers/",
        _("Veröffentlichte Angebote, mit Suche und Filtern"),
        (
            *COMMON,
            "q",
            "topic",
            "target_group",
            "language",
            "municipality",
            "free_of_charge",
            "barrier_free",
            "format",
        ),
    ),
    Endpoint("/api/v1/districts/{slug}/offers/{id}/", _("Ein Angebot"), ("lang",)),
    Endpoint(
        "/api/v1/districts/{slug}/offers/{id}/events.ics",
        _("Termine eines Angebots als Kalender"),
        ("lang",),
        "iCalendar",
    ),
    Endpoint(
        "/api/v1/districts/{slug}/places/", _("Veröffentlichte Orte"), (*COMMON, "municipality")
    ),
    Endpoint("/api/v1/districts/{slug}/places/{id}/", _("Ein Ort"), ("lang",)),
    Endpoint(
        "/api/v1/districts/{slug}/events/",
        _("Termine in einem Zeitraum; Wiederholungen sind aufgelöst"),
        (*COMMON, "from", "to", "offer"),
    ),
    Endpoint(
        "/api/v1/districts/{slug}/events/{id}/",
        _("Eine Veranstaltung mit ihren nächsten Terminen"),
        ("lang",),
    ),
    Endpoint(
        "/api/v1/districts/{slug}/events.ics",
        _("Alle Veranstaltungen als Kalender"),
        ("lang",),
        "iCalendar",
    ),
    Endpoint(
        "/api/v1/districts/{slug}/export.json",
        _("Offene Daten: das ganze Verzeichnis in allen Sprachen"),
        (),
    ),
    Endpoint(
        "/api/v1/districts/{slug}/export.csv",
        _("Offene Daten: eine Zeile je Angebot und Sprache"),
        (),
        "CSV",
    ),
)

PARAMETERS = (
    ("lang", _("Sprache der Texte: %s. Ohne Angabe entscheidet der Accept-Language-Header.")),
    ("page", _("Seite, ab 1.")),
    ("page_size", _("Einträge je Seite: 20, höchstens 100.")),
    ("q", _("Suchwörter; Tippfehler werden verziehen.")),
    ("topic", _("Thema: %s.")),
    ("target_group", _("Zielgruppe: %s.")),
    ("language", _("Sprache, in der geholfen wird (CLDR-Code, z. B. ar, uk, fa-af).")),
    ("municipality", _("Kennung einer Gemeinde.")),
    ("free_of_charge", _("kostenlos: true oder false.")),
    ("barrier_free", _("barrierefrei: true oder false.")),
    ("format", _("Form: %s.")),
    ("from", _("Erster Tag (JJJJ-MM-TT), sonst heute.")),
    ("to", _("Letzter Tag (JJJJ-MM-TT), sonst 90 Tage später; höchstens 366 Tage.")),
    ("offer", _("Nur Termine dieses Angebots.")),
)

EXAMPLE_OFFER = {
    "count": 1,
    "next": None,
    "previous": None,
    "results": [
        {
            "id": 17,
            "kind": "language_course",
            "topics": ["language"],
            "languages": ["de", "ar"],
            "free_of_charge": True,
            "language": "de",
            "translation_state": "original",
            "fallback": True,
            "title": "Sprachcafé",
            "summary": "Deutsch üben bei Kaffee und Tee",
        }
    ],
}


class ApiDocsView(TemplateView):
    template_name = "directory/api_docs.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        example = District.objects.filter(is_active=True).order_by("name").first()
        slug = example.slug if example else "beispielkreis"
        labels = vocabulary.labels(example) if example else vocabulary.EMPTY
        values = {
            "lang": ", ".join(LANGUAGE_CODES),
            "topic": ", ".join(code for code, _label in labels.topics),
            "target_group": ", ".join(code for code, _label in labels.target_groups),
            "format": ", ".join(Offer.Format.values),
        }
        context.update(
            {
                "endpoints": ENDPOINTS,
                "parameters": [
                    (name, text % values[name] if name in values else text)
                    for name, text in PARAMETERS
                ],
                "example_slug": slug,
                "example_request": f"/api/v1/districts/{slug}/offers/?lang=ar&topic=language",
                "example_response": json.dumps(EXAMPLE_OFFER, ensure_ascii=False, indent=2),
                "default_licence": export.DEFAULT_LICENCE,
            }
        )
        return context
