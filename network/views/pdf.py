"""Printing: the Steckbrief on one A4 page and the network directory, as PDF (WeasyPrint).

Both show exactly what the person sees on the pages: the same predicates
(`audiences_for`, `visible_parts`) and selectors (`contacts_of`, `relations_of`,
`organisation_list`) decide, the templates only lay it out.
"""

from __future__ import annotations

import mimetypes
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.pdf import (
    ascii_filename,
    base_url_for,
    pdf_response,
    render_document,
    render_html,
    render_pdf,
)
from districts.models import District, Municipality, Organisation, Topic
from ui.kit import current_district

from ..forms.profiles import OrganisationFilterForm
from ..models import Contact, Profile
from ..permissions import audiences_for, visible_parts
from ..selectors import profiles as selectors
from .profiles import _organisation, network_member

# What fits on one page next to the rest; the online Steckbrief has everything.
MAX_DESCRIPTION = 1200
MAX_OPENING_HOURS = 300
MAX_CONTACTS = 6
MAX_PARTNERS = 6

Resources = dict[str, tuple[bytes, str]]


def _printed_context(district: District) -> dict[str, Any]:
    return {"district": district, "printed_on": timezone.localdate()}


# --- The Steckbrief -------------------------------------------------------------------------


@dataclass
class RelationGroup:
    label: str
    partners: list[str]
    more: int = 0


def relation_summary(relations: dict[str, Any]) -> list[RelationGroup]:
    """Ties grouped by kind and direction, with at most MAX_PARTNERS names each."""
    groups: dict[str, list[str]] = defaultdict(list)
    directions = {"outgoing": _("ausgehend"), "incoming": _("eingehend")}
    for key, other in (("outgoing", "target"), ("incoming", "source")):
        for relation in relations[key]:
            label = str(relation.get_kind_display())
            if relation.is_directed:
                label = f"{label} ({directions[key]})"
            groups[label].append(getattr(relation, other).name)
    return [
        RelationGroup(label, names[:MAX_PARTNERS], max(0, len(names) - MAX_PARTNERS))
        for label, names in sorted(groups.items())
    ]


def _logo(request: HttpRequest, organisation: Organisation, profile: Profile) -> Resources:
    """The logo, read from storage here and handed to WeasyPrint under its page URL."""
    if not profile.logo:
        return {}
    try:
        with profile.logo.open("rb") as handle:
            body = handle.read()
    except (FileNotFoundError, OSError):
        return {}
    url = request.build_absolute_uri(reverse("network:organisation_logo", args=[organisation.pk]))
    content_type = mimetypes.guess_type(profile.logo.name or "")[0] or "application/octet-stream"
    return {url: (body, content_type)}


def steckbrief_context(request: HttpRequest, organisation: Organisation) -> dict[str, Any]:
    district = current_district(request)
    assert district is not None  # noqa: S101 - guaranteed by @network_member
    profile = selectors.profile_of(organisation)
    audiences = audiences_for(request.user, district)
    parts = visible_parts(profile, audiences)
    contacts = list(selectors.contacts_of(request.user, organisation)[: MAX_CONTACTS + 1])
    context: dict[str, Any] = {
        **_printed_context(district),
        "organisation": organisation,
        "profile": profile,
        "parts": parts,
        "contacts": contacts[:MAX_CONTACTS],
        "more_contacts": len(contacts) > MAX_CONTACTS,
        "relations": relation_summary(selectors.relations_of(request.user, organisation)),
        "max_description": MAX_DESCRIPTION,
        "max_opening_hours": MAX_OPENING_HOURS,
        "page_url": request.build_absolute_uri(
            reverse("network:organisation", args=[organisation.pk])
        ),
    }
    if "description" in parts:
        # The same choice as on the page: a current translation in the UI language, or German.
        context["description"] = selectors.profile_description(profile)
    if "topics" in parts:
        context.update(selectors.profile_vocabulary(profile))
    return context


def steckbrief_html(request: HttpRequest, organisation: Organisation) -> str:
    context = steckbrief_context(request, organisation)
    return render_html("network/pdf/steckbrief.html", context, request)


def steckbrief_document(request: HttpRequest, organisation: Organisation) -> Any:
    """The laid-out Steckbrief (WeasyPrint document), with the logo if there is one."""
    html = steckbrief_html(request, organisation)
    resources = _logo(request, organisation, selectors.profile_of(organisation))
    return render_document(html, base_url=base_url_for(request), resources=resources)


@network_member
def organisation_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation(request, pk)
    pdf = steckbrief_document(request, organisation).write_pdf()
    filename = ascii_filename(f"steckbrief-{organisation.name}", f"steckbrief-{organisation.pk}")
    return pdf_response(pdf, filename)


# --- The directory --------------------------------------------------------------------------


@dataclass
class DirectoryEntry:
    organisation: Organisation
    parts: frozenset[str]
    contacts: list[Contact]
    profile: Profile | None


@dataclass
class DirectoryGroup:
    kind: str
    label: str
    entries: list[DirectoryEntry] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"kind-{self.kind}"


def _filters(request: HttpRequest, district: District) -> selectors.OrganisationFilters:
    """The list page's query parameters, read the same way as there."""
    form = OrganisationFilterForm(
        request.GET or None,
        topics=Topic.objects.for_district(district).filter(is_active=True),
        municipalities=Municipality.objects.for_district(district),
    )
    values = form.cleaned_data if form.is_valid() else {}
    return selectors.OrganisationFilters(**{k: v for k, v in values.items() if v not in (None, "")})


def directory_groups(request: HttpRequest) -> list[DirectoryGroup]:
    district = current_district(request)
    assert district is not None  # noqa: S101 - guaranteed by @network_member
    audiences = audiences_for(request.user, district)
    chosen = selectors.organisation_list(
        request.user, district, _filters(request, district), audiences
    )
    organisations = list(chosen)
    contacts: dict[int, list[Contact]] = defaultdict(list)
    for contact in Contact.objects.visible_to(request.user).filter(
        organisation__in=chosen.values("pk")
    ):
        contacts[contact.organisation_id].append(contact)
    groups = {kind: DirectoryGroup(kind, str(label)) for kind, label in Organisation.Kind.choices}
    for organisation in organisations:
        profile = getattr(organisation, "profile", None)
        parts = visible_parts(profile, audiences) if profile is not None else frozenset()
        group = groups.setdefault(
            organisation.kind, DirectoryGroup(organisation.kind, organisation.get_kind_display())
        )
        group.entries.append(
            DirectoryEntry(organisation, parts, contacts[organisation.pk], profile)
        )
    return [group for group in groups.values() if group.entries]


def directory_html(request: HttpRequest) -> str:
    district = current_district(request)
    assert district is not None  # noqa: S101 - guaranteed by @network_member
    groups = directory_groups(request)
    context = {
        **_printed_context(district),
        "groups": groups,
        "count": sum(len(group.entries) for group in groups),
        "filtered": bool(request.GET),
    }
    return render_html("network/pdf/directory.html", context, request)


@network_member
def directory_pdf(request: HttpRequest) -> HttpResponse:
    district = current_district(request)
    assert district is not None  # noqa: S101 - guaranteed by @network_member
    pdf = render_pdf(directory_html(request), base_url=base_url_for(request))
    filename = ascii_filename(f"netzwerk-{district.name}", f"netzwerk-{district.pk}")
    return pdf_response(pdf, filename)


urlpatterns = [
    path("organisationen/<int:pk>/steckbrief.pdf", organisation_pdf, name="organisation_pdf"),
    path("verzeichnis.pdf", directory_pdf, name="directory_pdf"),
]
