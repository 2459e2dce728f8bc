"""The import of an Integreat region (its API v3 JSON) into places, offers and events.

Input: one file per endpoint and language, named as Integreat serves them, e.g.
`locations-de.json`, `locations-ar.json`, `events-de.json`, `location-categories-de.json`
(optionally `languages.json`), uploaded singly or as a zip archive. The German files are the
originals; every other language becomes a translation row marked "reviewed", because the
region published it. Objects are matched by `external_id` (`integreat:<region>:<id of the German
object>`), so a second import updates instead of duplicating; objects of the region that are no
longer in the source are archived, never deleted.

Checking comes first and is complete (`directory.integreat.checks`): every problem is reported
with its file and item, and then nothing is written. Writing happens in one transaction with one
audit record.

Coordinates: nobody is there to confirm a point outside the Kreis, and the outline is
simplified, so a point within a few kilometres of the Kreis (`districts.geo.is_near_district`) is
kept; one farther away ((0, 0), swapped values, another continent) is dropped with a note, and
the place is imported without coordinates.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit
from districts.models import District
from districts.permissions import can_manage_district

from ..integreat.checks import check
from ..integreat.files import REGION, unpack
from ..integreat.items import Bundle
from ..integreat.report import IntegreatImportError, Report
from ..integreat.writing import Writer
from ..models import SOURCE_LANGUAGE
from ..search import bulk_indexing


def integreat_import(
    *,
    actor: Any,
    district: District,
    region: str,
    files: Iterable[tuple[str, bytes]],
    dry_run: bool = False,
) -> Report:
    """Check and import one Integreat region; all or nothing.

    `actor` None is the command line. Raises `IntegreatImportError` (nothing written) when any
    file or item is refused; with `dry_run` everything is written and rolled back, so the
    report shows exactly what an import would do.
    """
    if actor is not None and not can_manage_district(actor, district):
        raise PermissionDenied(_("Nur die Koordination kann aus Integreat importieren."))
    report = Report(region=region, dry_run=dry_run)
    if not REGION.match(region or ""):
        report.problem(
            _("Region"),
            "",
            _("Der Name der Region besteht aus Kleinbuchstaben, Ziffern und Bindestrichen."),
        )
    unpacked = unpack(files, report)
    bundle = check(unpacked, report)
    if not report.ok:
        raise IntegreatImportError(report)
    with transaction.atomic():
        with bulk_indexing():
            _write(actor, district, region, bundle, report)
        if not report.ok:
            raise IntegreatImportError(report)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _write(actor: Any, district: District, region: str, bundle: Bundle, report: Report) -> None:
    writer = Writer(district, region, report)
    for location in bundle.locations:
        writer.location(location)
    for event in bundle.events:
        writer.event(event)
    writer.archive_missing(locations=bool(bundle.locations), events=bool(bundle.events))
    others = [lang for lang in bundle.languages if lang != SOURCE_LANGUAGE]
    if others:
        report.notes.append(
            _(
                "Die Übersetzungen (%(languages)s) sind als „geprüft“ übernommen, weil die Region "
                "sie in Integreat veröffentlicht hat. Deutsch ist das Original."
            )
            % {"languages": ", ".join(others)}
        )
    audit(
        actor=actor,
        action="directory.integreat_import",
        district=district,
        changes={"source": "integreat", **report.as_json()},
    )
