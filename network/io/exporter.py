"""Export of organisations, contacts, relations and agreements as CSV (UTF-8 with BOM,
semicolon: what German Excel opens) and XLSX. Cells that a spreadsheet would run as a formula
are neutralised with a leading apostrophe."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit
from districts.models import District, Organisation
from network.permissions import can_export_network

from ..models import Agreement, Contact, Profile, Relation

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
Table = tuple[list[str], list[list[Any]]]


def neutralise(value: Any) -> Any:
    """Text that starts like a formula gets a leading apostrophe; other values stay as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    return value


def _date(value: Any) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def organisations(district: District) -> Table:
    headers = [
        _("Name"),
        _("Art"),
        _("Gemeinde"),
        _("Mitglied"),
        _("Status"),
        _("E-Mail"),
        _("Telefon"),
        _("Website"),
        _("Straße"),
        _("PLZ"),
        _("Ort"),
        _("Beschreibung"),
        _("Handlungsfelder"),
    ]
    profiles = Profile.objects.prefetch_related("topics")
    rows = []
    queryset = (
        Organisation.objects.for_district(district)
        .select_related("municipality")
        .prefetch_related(Prefetch("profile", queryset=profiles))
        .order_by("name")
    )
    for org in queryset:
        profile = getattr(org, "profile", None)
        rows.append(
            [
                org.name,
                org.get_kind_display(),
                org.municipality.name if org.municipality else "",
                _text(org.is_member),
                _("aktiv") if org.is_active else _("ruhend"),
                org.email,
                org.phone,
                org.website,
                profile.street if profile else "",
                profile.postcode if profile else "",
                profile.city if profile else "",
                profile.description if profile else "",
                ", ".join(t.name for t in profile.topics.all()) if profile else "",
            ]
        )
    return headers, rows


def contacts(district: District) -> Table:
    headers = [
        _("Organisation"),
        _("Ansprechperson"),
        _("Funktion"),
        _("Kontakt-E-Mail"),
        _("Kontakt-Telefon"),
        _("Sprachen"),
        _("Handlungsfelder"),
        _("öffentlich"),
    ]
    queryset = (
        Contact.objects.for_district(district)
        .select_related("organisation")
        .prefetch_related("topics")
        .order_by("organisation__name", "name")
    )
    rows = [
        [
            c.organisation.name,
            c.name,
            c.function,
            c.email,
            c.phone,
            ", ".join(str(code) for code in c.languages or []),
            ", ".join(t.name for t in c.topics.all()),
            _text(c.is_public),
        ]
        for c in queryset
    ]
    return headers, rows


def relations(district: District) -> Table:
    headers = [_("Von"), _("Zu"), _("Art"), _("gerichtet"), _("seit"), _("Notiz")]
    queryset = (
        Relation.objects.for_district(district)
        .select_related("source", "target")
        .order_by("source__name", "target__name", "kind")
    )
    rows = [
        [
            r.source.name,
            r.target.name,
            r.get_kind_display(),
            _text(r.is_directed),
            _date(r.since),
            r.note,
        ]
        for r in queryset
    ]
    return headers, rows


def agreements(district: District) -> Table:
    headers = [
        _("Titel"),
        _("Vertragsparteien"),
        _("Status"),
        _("Handlungsfelder"),
        _("unterzeichnet am"),
        _("gültig ab"),
        _("gültig bis"),
        _("Überprüfung am"),
        _("verantwortlich"),
        _("Gegenstand"),
    ]
    queryset = (
        Agreement.objects.for_district(district)
        .select_related("responsible")
        .prefetch_related("parties", "topics")
        .order_by("title")
    )
    rows = [
        [
            a.title,
            ", ".join(sorted(p.name for p in a.parties.all())),
            a.get_status_display(),
            ", ".join(t.name for t in a.topics.all()),
            _date(a.signed_on),
            _date(a.valid_from),
            _date(a.valid_until),
            _date(a.review_on),
            a.responsible.name if a.responsible else "",
            a.subject,
        ]
        for a in queryset
    ]
    return headers, rows


DATASETS: dict[str, tuple[Callable[[District], Table], Any]] = {
    "organisationen": (organisations, _("Organisationen")),
    "ansprechpersonen": (contacts, _("Ansprechpersonen")),
    "beziehungen": (relations, _("Beziehungen")),
    "vereinbarungen": (agreements, _("Kooperationsvereinbarungen")),
}


def to_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in headers])
    for row in rows:
        writer.writerow([neutralise(_text(value)) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(headers: Sequence[str], rows: Iterable[Sequence[Any]], title: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([neutralise(h) for h in headers])
    for row in rows:
        sheet.append([neutralise(_text(value)) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def network_export(
    *, actor: Any, district: District, dataset: str, fmt: str
) -> tuple[str, str, bytes]:
    """(file name, content type, content); the export of personal data is recorded."""
    if not can_export_network(actor, district):
        raise PermissionDenied(_("Exporte stehen der Koordination und den Fachkräften offen."))
    if dataset not in DATASETS or fmt not in FORMATS:
        raise LookupError(dataset)
    build, label = DATASETS[dataset]
    headers, rows = build(district)
    content = to_csv(headers, rows) if fmt == "csv" else to_xlsx(headers, rows, str(label))
    audit(
        actor=actor,
        action="network.export",
        district=district,
        changes={"dataset": dataset, "format": fmt, "rows": len(rows)},
    )
    stamp = timezone.localdate().isoformat()
    return f"{district.slug}-{dataset}-{stamp}.{fmt}", FORMATS[fmt], content
