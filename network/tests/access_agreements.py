"""Access-matrix rows for the agreements and the outreach log (merged by `access.py`).

Members of the district (coordinators, staff, organisation admins) read everything; volunteers
and the operator are refused (403). Agreements are edited by coordinators and by the admins of a
party, outreach entries by coordinators and the entry's owner; an object the person may see but
not edit looks missing (404), as does everything of another district.
"""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from core.tests.access_matrix import (
    MANAGERS,
    OWN_DISTRICT,
    OWN_DISTRICT_POST,
    OWN_ORG_ONLY,
    OWN_ORG_ONLY_POST,
    Case,
    Expectation,
    Target,
    named,
    roles,
    scoped,
)
from districts.tests.factories import OrganisationFactory
from network.models import Agreement, AgreementDocument
from network.tests.factories import AgreementFactory, ContactFactory, OutreachEntryFactory
from network.tests.test_agreements_documents import minimal_pdf


def targets(organisation: Any) -> dict[str, Any]:
    """An agreement with `organisation` as a party (and a document), and an outreach entry about
    it owned by the organisation's admin, if it has one."""
    partner = OrganisationFactory(district=organisation.district)
    contact = ContactFactory(organisation=organisation)
    agreement: Any = AgreementFactory(
        parties=[organisation, partner],
        status=Agreement.Status.DRAFT,
        signed_on=None,
        responsible=contact,
    )
    document = AgreementDocument(
        district=agreement.district,
        agreement=agreement,
        version=1,
        original_name="vereinbarung.pdf",
        size=len(minimal_pdf()),
        sha256="0" * 64,
    )
    document.file.save("v1.pdf", ContentFile(minimal_pdf()), save=True)
    admin = organisation.memberships.filter(is_org_admin=True, is_active=True).first()
    entry = OutreachEntryFactory(
        organisation=organisation,
        owner=admin.user if admin else None,
        next_step="Einladung zum Netzwerktreffen schicken",
        next_step_due=timezone.localdate(),
    )
    return {"agreement": agreement, "agreement_document": document, "outreach_entry": entry}


def network_members(members: Expectation, **overrides: Expectation) -> dict[str, Expectation]:
    """Signed-in members of the district; volunteers and the operator 403."""
    return roles(anonymous=302, members=members, volunteer=403, operator=403, **overrides)


def _url(name: str, key: str) -> Any:
    return lambda t: reverse(name, args=[t.more[key].pk])


NOT_YOURS = scoped(404, 404, 404)
EDITORS = network_members(NOT_YOURS, org_admin=OWN_ORG_ONLY, coordinator=OWN_DISTRICT)
EDITORS_POST = network_members(
    NOT_YOURS, org_admin=OWN_ORG_ONLY_POST, coordinator=OWN_DISTRICT_POST
)


def _organisation_url(t: Target) -> str:
    return reverse("network:outreach_organisation", args=[t.organisation.pk])


ENTRIES: dict[str, Case] = {
    # --- agreements -----------------------------------------------------------------------------
    "network:agreement_list": Case(named("network:agreement_list"), network_members(200)),
    "network:agreement_create": Case(
        named("network:agreement_create"),
        MANAGERS,
        note="coordinators, and organisation admins for agreements of their organisation",
    ),
    "network:agreement_detail": Case(
        _url("network:agreement_detail", "agreement"), network_members(OWN_DISTRICT)
    ),
    "network:agreement_edit": Case(_url("network:agreement_edit", "agreement"), EDITORS),
    "network:agreement_status": Case(
        _url("network:agreement_status", "agreement"),
        EDITORS_POST,
        method="POST",
        data=lambda t: {"status": Agreement.Status.NEGOTIATION},
    ),
    "network:agreement_document_upload": Case(
        _url("network:agreement_document_upload", "agreement"), EDITORS
    ),
    "network:agreement_document_download": Case(
        _url("network:agreement_document_download", "agreement_document"),
        network_members(OWN_DISTRICT),
        note="through the view only; the file is never linked as a media URL",
    ),
    # --- outreach log ---------------------------------------------------------------------------
    "network:outreach_list": Case(named("network:outreach_list"), network_members(200)),
    "network:outreach_create": Case(named("network:outreach_create"), network_members(200)),
    "network:outreach_not_reached": Case(
        named("network:outreach_not_reached"), network_members(200)
    ),
    "network:outreach_due": Case(named("network:outreach_due"), network_members(200)),
    "network:outreach_organisation": Case(_organisation_url, network_members(OWN_DISTRICT)),
    "network:outreach_edit": Case(
        _url("network:outreach_edit", "outreach_entry"),
        EDITORS,
        note="coordinators, and the entry's owner (the organisation admin in the world)",
    ),
    "network:outreach_step_done": Case(
        _url("network:outreach_step_done", "outreach_entry"), EDITORS_POST, method="POST"
    ),
}
