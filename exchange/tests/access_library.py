"""Access-matrix rows of the library area (merged by `access.py`).

The targets of an organisation: a folder of its district and a document uploaded by a staff
member of the organisation for the whole network (without volunteers), with one version. So
volunteers never see the document; staff see it but may not change it (someone else uploaded
it); organisation admins manage it in their own organisation; coordinators in their district.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from core.tests.access_matrix import Case, named, roles, scoped
from districts.models import Role
from districts.tests.factories import MembershipFactory

SEE = scoped(200, 200, 404)
HIDDEN = scoped(404, 404, 404)


def _folder(name: str) -> Any:
    return lambda t: reverse(name, args=[t.more["library_folder"].pk])


def _document(name: str) -> Any:
    return lambda t: reverse(name, args=[t.more["library_document"].pk])


# Visible to every member who sees the document; volunteers do not see it.
READ = roles(anonymous=302, members=SEE, operator=403, volunteer=HIDDEN)
# The uploader, the admins of the uploader's organisation and the coordinators.
MANAGE = roles(
    anonymous=302,
    members=HIDDEN,
    operator=403,
    org_admin=scoped(200, 404, 404),
    coordinator=SEE,
)
FOLDERS = roles(anonymous=302, members=403, operator=403, coordinator=SEE)

ENTRIES: dict[str, Case] = {
    "exchange:library": Case(
        named("exchange:library"), roles(anonymous=302, members=200, operator=403)
    ),
    "exchange:folder_detail": Case(
        _folder("exchange:folder_detail"), roles(anonymous=302, members=SEE, operator=403)
    ),
    "exchange:folder_create": Case(
        named("exchange:folder_create"),
        roles(anonymous=302, members=403, operator=403, coordinator=200),
    ),
    "exchange:folder_edit": Case(_folder("exchange:folder_edit"), FOLDERS),
    "exchange:folder_delete": Case(_folder("exchange:folder_delete"), FOLDERS),
    "exchange:document_create": Case(
        named("exchange:document_create"),
        roles(anonymous=302, members=200, operator=403, volunteer=403),
    ),
    "exchange:document_detail": Case(_document("exchange:document_detail"), READ),
    "exchange:document_download": Case(
        lambda t: reverse(
            "exchange:document_download",
            args=[t.more["library_document"].pk, t.more["library_version"].number],
        ),
        READ,
    ),
    "exchange:document_edit": Case(_document("exchange:document_edit"), MANAGE),
    "exchange:document_delete": Case(_document("exchange:document_delete"), MANAGE),
    "exchange:document_version_add": Case(_document("exchange:document_version_add"), MANAGE),
}


def targets(organisation: Any) -> dict[str, Any]:
    from .factories_library import FolderFactory, make_document

    folder = FolderFactory(district=organisation.district)
    uploader = MembershipFactory(organisation=organisation, role=Role.STAFF).user
    document = make_document(
        folder=folder, author=uploader, organisation=organisation, title="Arbeitshilfe"
    )
    return {
        "library_folder": folder,
        "library_document": document,
        "library_version": document.current_version,
    }
