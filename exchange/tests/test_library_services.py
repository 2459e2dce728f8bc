"""Services of the library: uploads checked by content, versions, duplicates refused, the
audience decides who sees and who is notified, folders stay consistent."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import AuditEvent
from core.tests.test_uploads import docx_bytes, minimal_pdf
from districts.models import Role
from districts.tests.factories import MembershipFactory, OrganisationFactory
from exchange.models import Audience, Document, DocumentVersion, Folder
from exchange.notify import Category
from exchange.selectors.library import document_search, folder_tree, recent_activity
from exchange.services import library as services
from notifications.models import Notification


def pdf(text: str = "Leitfaden", name: str = "leitfaden.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, minimal_pdf(text), content_type="application/pdf")


@pytest.fixture
def folder(network: Any) -> Folder:
    return services.folder_create(
        actor=network.coordinator, district=network.district, name="Kompetenzen"
    )


@pytest.fixture
def third(network: Any) -> Any:
    """A third organisation with one staff member: never chosen in these tests."""
    org = OrganisationFactory(district=network.district)
    return MembershipFactory(organisation=org, role=Role.STAFF).user


def upload(network: Any, folder: Folder, **kwargs: Any) -> Document:
    values: dict[str, Any] = {
        "actor": network.staff,
        "district": network.district,
        "folder": folder,
        "title": "Leitfaden Verweisberatung",
        "upload": pdf(),
    }
    values.update(kwargs)
    return services.document_create(**values)


def notified(document: Document) -> set[int]:
    return set(
        Notification.objects.filter(target_id=document.pk, category=Category.DOCUMENTS).values_list(
            "recipient_id", flat=True
        )
    )


def visible(user: Any) -> set[int]:
    return set(Document.objects.visible_to(user).values_list("pk", flat=True))


def test_a_document_for_chosen_organisations_stays_with_them(network, folder, third):
    document = upload(
        network,
        folder,
        audience=Audience.ORGANISATIONS,
        organisations=[network.office],
        description="Nur für Ämter",
    )
    # the uploader's organisation is always among the chosen ones
    assert set(document.organisations.all()) == {network.office, network.other_org}
    insiders = {network.coordinator.pk, network.org_admin.pk, network.caseworker.pk}
    assert notified(document) == insiders  # the uploader is not told about their own upload
    for outsider in (third, network.volunteer):
        assert document.pk not in visible(outsider)
        assert not DocumentVersion.objects.visible_to(outsider).exists()
        assert not document_search(outsider, network.district, query="Leitfaden").exists()
        assert not recent_activity(outsider, network.district, limit=5)
        assert sum(node.count for node in folder_tree(outsider, network.district)) == 0
    assert document.pk in visible(network.coordinator)


def test_volunteers_see_only_what_is_opened_to_them(network, folder):
    closed = upload(network, folder, title="Intern")
    opened = upload(network, folder, title="Für Lotsinnen", include_volunteers=True)
    assert visible(network.volunteer) == {opened.pk}
    assert network.volunteer.pk in notified(opened)
    assert network.volunteer.pk not in notified(closed)


def test_versions_count_up_and_identical_uploads_are_refused(network, folder, third):
    document = upload(network, folder, note="Erste Fassung")
    Notification.objects.all().delete()
    version = services.document_version_add(
        actor=network.org_admin, document=document, upload=pdf("Neu"), note="Stand März"
    )
    document.refresh_from_db()
    assert (version.number, document.current_version) == (2, version)
    assert version.note == "Stand März" and version.uploaded_by == network.org_admin
    assert third.pk in notified(document) and network.org_admin.pk not in notified(document)
    with pytest.raises(ValidationError, match="bereits als Version 2"):
        services.document_version_add(actor=network.staff, document=document, upload=pdf("Neu"))
    assert document.versions.count() == 2
    activity = recent_activity(third, network.district, limit=5)
    assert [row.summary for row in activity] == ["Neue Version 2"]
    assert AuditEvent.objects.filter(action="library.document_version_add").count() == 1


def test_the_stored_file_takes_the_detected_kind(network, folder):
    document = upload(
        network, folder, upload=SimpleUploadedFile("vorlage.pdf", docx_bytes(), "text/html")
    )
    version = document.current_version
    assert (version.kind, version.original_name) == ("office", "vorlage.docx")
    assert version.file.name.endswith("/v1.docx")
    assert version.file.read() == docx_bytes()


def test_disguised_files_change_nothing(network, folder):
    html = SimpleUploadedFile("bericht.pdf", b"<html><script>alert(1)</script>", "application/pdf")
    with pytest.raises(ValidationError) as caught:
        upload(network, folder, upload=html)
    assert "file" in caught.value.error_dict
    assert not Document.objects.exists()


def test_who_may_do_what(network, folder, third):
    with pytest.raises(PermissionDenied):
        upload(network, folder, actor=network.volunteer)
    document = upload(network, folder)
    for outsider in (third, network.volunteer):
        with pytest.raises(PermissionDenied):
            services.document_update(
                actor=outsider, document=document, folder=folder, title="Anders"
            )
    # the admin of the uploader's organisation and the coordinators may
    services.document_update(actor=network.org_admin, document=document, folder=folder, title="B")
    with pytest.raises(PermissionDenied):
        services.folder_create(actor=network.staff, district=network.district, name="X")
    services.document_delete(actor=network.coordinator, document=document)
    assert not Document.objects.exists() and not DocumentVersion.objects.exists()


def test_folders_nest_move_and_only_empty_ones_go(network, folder):
    actor = network.coordinator
    child = services.folder_create(
        actor=actor, district=network.district, name="Verweisberatung", parent=folder
    )
    with pytest.raises(ValidationError):
        services.folder_create(actor=actor, district=network.district, name="kompetenzen")
    with pytest.raises(ValidationError):
        services.folder_move(actor=actor, folder=folder, parent=child)
    upload(network, child)
    with pytest.raises(ValidationError, match="leere Ordner"):
        services.folder_delete(actor=actor, folder=child)
    with pytest.raises(ValidationError, match="leere Ordner"):
        services.folder_delete(actor=actor, folder=folder)
    services.folder_update(actor=actor, folder=child, name="Weiterleiten", parent=None)
    child.refresh_from_db()
    assert child.parent is None
    assert document_search(network.staff, network.district, query="weiterleiten").count() == 1
    services.folder_delete(actor=actor, folder=folder)
    assert not Folder.objects.filter(pk=folder.pk).exists()


def test_other_district_folders_are_refused(network, other_network, folder):
    elsewhere = services.folder_create(
        actor=other_network.coordinator, district=other_network.district, name="Fremd"
    )
    with pytest.raises(ValidationError):
        upload(network, elsewhere)
    with pytest.raises(ValidationError):
        services.folder_move(actor=network.coordinator, folder=folder, parent=elsewhere)
