"""`manage.py import_integreat --district <slug> --region <name> FILE…`: import an Integreat region.

FILE are the region's API v3 responses, one per endpoint and language (`locations-de.json`,
`locations-ar.json`, `events-de.json`, `location-categories-de.json`, …) or a zip archive of
them. All or nothing: any problem refuses the whole import and lists every problem.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from directory.integreat.report import IntegreatImportError
from directory.services.imports import integreat_import
from districts.models import District


class Command(BaseCommand):
    help = "Importiert eine Integreat-Region (API v3, JSON je Sprache) in das Verzeichnis."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--district", required=True, help="Kürzel des Kreises (slug)")
        parser.add_argument("--region", required=True, help="Name der Region in Integreat")
        parser.add_argument(
            "--dry-run", action="store_true", help="nur prüfen und zählen, nichts speichern"
        )
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        district = District.objects.filter(slug=options["district"]).first()
        if district is None:
            raise CommandError(f"Kreis „{options['district']}“ gibt es nicht / unknown district.")
        uploads = []
        for path in options["files"]:
            try:
                uploads.append((path.name, path.read_bytes()))
            except OSError as exc:
                raise CommandError(f"{path}: {exc.strerror}") from exc
        try:
            report = integreat_import(
                actor=None,
                district=district,
                region=options["region"],
                files=uploads,
                dry_run=options["dry_run"],
            )
        except IntegreatImportError as exc:
            lines = [str(problem) for problem in exc.report.problems]
            raise CommandError(
                "Import abgelehnt, nichts wurde geändert / import refused, nothing changed:\n"
                + "\n".join(f"  - {line}" for line in lines)
            ) from exc
        heading = "Probelauf, nichts gespeichert" if report.dry_run else "Importiert"
        self.stdout.write(self.style.SUCCESS(f"{heading}: {district.name}, Region {report.region}"))
        for label, new, updated, archived in report.summary():
            self.stdout.write(
                f"  {label}: {new} neu, {updated} aktualisiert, {archived} archiviert"
            )
        languages = ", ".join(f"{lang} {n}" for lang, n in sorted(report.translations.items()))
        self.stdout.write(f"  Übersetzungen: {languages}")
        for note in report.notes:
            self.stdout.write(f"  Hinweis: {note}")
