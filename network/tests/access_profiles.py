"""Access-matrix rows of the organisation list, the Steckbrief and its editing pages.

Every member of the district (volunteers included) reads the list and the Steckbriefe; the
operator has no membership and is refused (403). Editing is for coordinators (all organisations
of their district) and organisation admins (their own); staff and volunteers are refused (403),
other organisations' objects look missing (404).
"""

from __future__ import annotations

import io
from typing import Any

from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from core.tests.access_matrix import (
    OWN_DISTRICT,
    OWN_DISTRICT_POST,
    OWN_ORG_ONLY,
    OWN_ORG_ONLY_POST,
    Case,
    managers,
    named,
    roles,
    scoped,
)
from districts.tests.factories import OrganisationFactory

from .factories import ContactFactory, ProfileFactory, ProfileTranslationFactory, RelationFactory

# One small file shared by every world of the matrix, so runs do not pile up uploads.
MATRIX_LOGO = "logos/access-matrix.png"

READERS = roles(anonymous=302, members=scoped(200, 200, 404), operator=403)
EDITORS = managers(org_admin=OWN_ORG_ONLY, coordinator=OWN_DISTRICT)
EDITORS_POST = managers(org_admin=OWN_ORG_ONLY_POST, coordinator=OWN_DISTRICT_POST)


def _matrix_logo() -> str:
    if not default_storage.exists(MATRIX_LOGO):
        buffer = io.BytesIO()
        Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
        default_storage.save(MATRIX_LOGO, buffer)
    return MATRIX_LOGO


def targets(organisation: Any) -> dict[str, Any]:
    profile: Any = ProfileFactory(organisation=organisation)
    profile.logo.name = _matrix_logo()
    profile.save(update_fields=["logo"])
    partner = OrganisationFactory(district=organisation.district)
    return {
        "profile": profile,
        "profile_translation": ProfileTranslationFactory(profile=profile, language="en"),
        "contact": ContactFactory(organisation=organisation),
        "relation": RelationFactory(source=organisation, target=partner),
    }


def _org(name: str) -> Any:
    return lambda t: reverse(name, args=[t.organisation.pk])


def _translation(name: str) -> Any:
    return lambda t: reverse(name, args=[t.organisation.pk, t.more["profile_translation"].language])


def _more(name: str, key: str) -> Any:
    return lambda t: reverse(name, args=[t.more[key].pk])


ENTRIES: dict[str, Case] = {
    "network:index": Case(named("network:index"), roles(anonymous=302, members=200, operator=403)),
    "network:organisation": Case(_org("network:organisation"), READERS),
    "network:organisation_logo": Case(_org("network:organisation_logo"), READERS),
    "network:profile_edit": Case(_org("network:profile_edit"), EDITORS),
    "network:profile_translation_edit": Case(
        _translation("network:profile_translation_edit"), EDITORS
    ),
    "network:profile_translation_delete": Case(
        _translation("network:profile_translation_delete"), EDITORS_POST, method="POST"
    ),
    "network:contact_create": Case(_org("network:contact_create"), EDITORS),
    "network:contact_edit": Case(_more("network:contact_edit", "contact"), EDITORS),
    "network:contact_delete": Case(
        _more("network:contact_delete", "contact"), EDITORS_POST, method="POST"
    ),
    "network:relation_create": Case(_org("network:relation_create"), EDITORS),
    "network:relation_edit": Case(_more("network:relation_edit", "relation"), EDITORS),
    "network:relation_delete": Case(
        _more("network:relation_delete", "relation"), EDITORS_POST, method="POST"
    ),
}
