"""Rebuild the directory's search documents, e.g. after a bulk import or the bench seed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from directory.search import rebuild_index
from districts.models import District


class Command(BaseCommand):
    help = "Baut den Suchindex des Verzeichnisses neu auf (alle Kreise oder einen)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--district", metavar="SLUG", help="nur diesen Kreis")

    def handle(self, *args: Any, district: str | None = None, **options: Any) -> None:
        scope = None
        if district:
            scope = District.objects.filter(slug=district).first()
            if scope is None:
                raise CommandError(f"Kein Kreis mit dem Kurznamen {district!r}.")
        count = rebuild_index(scope)
        self.stdout.write(f"{count} Angebote indexiert.")
