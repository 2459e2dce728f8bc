"""`manage.py load_kreise`: (re)load the Kreis reference data from districts/data/."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from districts.models import Kreis
from districts.reference import ReferenceDataError, load_kreise


class Command(BaseCommand):
    help = (
        "Loads the 400 German Kreise (names, figures, outlines, neighbours) from districts/data/."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = load_kreise(Kreis)
        except (OSError, ReferenceDataError) as exc:
            raise CommandError(
                f"Kreise konnten nicht geladen werden / could not load: {exc}"
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Kreise: {result.created} neu / created, {result.updated} aktualisiert / updated, "
                f"{result.unchanged} unverändert / unchanged; Nachbarschaften / neighbour links: "
                f"+{result.neighbour_links_added} −{result.neighbour_links_removed}"
            )
        )
