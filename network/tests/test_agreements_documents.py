"""The signed document: PDF checked by content, size limit, versions, download with access."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import AuditEvent
from network.models import AgreementDocument
from network.services import agreements as services
from network.tests.factories import AgreementFactory


def minimal_pdf(text: str = "Kooperationsvereinbarung") -> bytes:
    """A small but well-formed PDF: header, objects, a cross-reference table with the real byte
    offsets, trailer, startxref and %%EOF."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def agreement(network):
    return AgreementFactory(parties=[network.office, network.other_org])


def upload(client, agreement, content, name="vereinbarung.pdf", content_type="application/pdf"):
    return client.post(
        reverse("network:agreement_document_upload", args=[agreement.pk]),
        {"file": SimpleUploadedFile(name, content, content_type=content_type)},
    )


def test_a_text_file_named_pdf_is_refused_and_nothing_is_stored(client, network, agreement):
    client.force_login(network.coordinator)
    response = upload(client, agreement, b"Nur Text.\n" * 50)
    assert response.status_code == 200
    assert "kein gültiges PDF-Dokument" in response.content.decode()
    assert not AgreementDocument.objects.exists()


def test_a_real_pdf_is_stored_with_its_checksum_as_version_1(client, network, agreement):
    client.force_login(network.coordinator)
    content = minimal_pdf()
    # The declared type is not trusted either way: a PDF sent as text/plain is still a PDF.
    response = upload(
        client, agreement, content, name="../../Vertrag 2024.pdf", content_type="text/plain"
    )
    assert response.status_code == 302
    document = AgreementDocument.objects.get()
    assert document.version == 1
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.size == len(content)
    assert document.original_name == "Vertrag 2024.pdf"
    assert document.file.name.startswith(f"agreements/{agreement.district_id}/{agreement.pk}/")
    assert AuditEvent.objects.filter(action="agreement.document_add").count() == 1


def test_each_upload_is_a_new_version_and_the_same_file_twice_is_refused(
    client, network, agreement
):
    client.force_login(network.coordinator)
    assert upload(client, agreement, minimal_pdf("erste Fassung")).status_code == 302
    response = upload(client, agreement, minimal_pdf("erste Fassung"))
    assert "bereits als Version 1 gespeichert" in response.content.decode()
    assert upload(client, agreement, minimal_pdf("zweite Fassung")).status_code == 302
    versions = list(agreement.documents.order_by("version").values_list("version", flat=True))
    assert versions == [1, 2]
    page = client.get(reverse("network:agreement_detail", args=[agreement.pk])).content.decode()
    assert page.count("herunterladen") == 2


def test_a_pdf_without_cross_reference_is_refused_on_the_file_field(network, agreement):
    # The shared check of core.uploads; once accepted by the laxer check of other uploads.
    content = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
    with pytest.raises(ValidationError) as caught:
        services.agreement_document_add(
            actor=network.coordinator,
            agreement=agreement,
            upload=SimpleUploadedFile("v.pdf", content, content_type="application/pdf"),
        )
    assert caught.value.message_dict == {"file": ["Die Datei ist kein gültiges PDF-Dokument."]}
    assert not AgreementDocument.objects.exists()


def test_files_over_10_mb_are_refused(client, network, agreement):
    client.force_login(network.coordinator)
    pdf = minimal_pdf()
    # Still a well-formed PDF: the padding sits in a comment before the objects.
    padding = b"%" + b"x" * (services.MAX_DOCUMENT_BYTES) + b"\n"
    content = pdf[:9] + padding + pdf[9:]
    response = upload(client, agreement, content)
    assert response.status_code == 200
    assert "größer als 10 MB" in response.content.decode()
    assert not AgreementDocument.objects.exists()


def test_an_empty_upload_is_refused(client, network, agreement):
    client.force_login(network.coordinator)
    response = upload(client, agreement, b"")
    assert response.status_code == 200
    assert not AgreementDocument.objects.exists()


def test_staff_may_not_upload(client, network, agreement):
    client.force_login(network.staff)
    assert upload(client, agreement, minimal_pdf()).status_code == 404
    assert not AgreementDocument.objects.exists()


def test_an_org_admin_uploads_for_an_agreement_of_their_organisation(client, network, agreement):
    client.force_login(network.org_admin)
    assert upload(client, agreement, minimal_pdf()).status_code == 302
    assert AgreementDocument.objects.get().uploaded_by == network.org_admin


@pytest.fixture
def stored(network, agreement):
    return services.agreement_document_add(
        actor=network.coordinator,
        agreement=agreement,
        upload=SimpleUploadedFile("v.pdf", minimal_pdf(), content_type="application/pdf"),
    )


def test_members_download_the_version_as_an_attachment(client, network, stored):
    client.force_login(network.staff)
    response = client.get(reverse("network:agreement_document_download", args=[stored.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == minimal_pdf()


@pytest.mark.parametrize(
    ("role", "status"), [("volunteer", 403), ("coordinator", 200), ("org_admin", 200)]
)
def test_download_by_role(client, network, stored, role, status):
    client.force_login(getattr(network, role))
    url = reverse("network:agreement_document_download", args=[stored.pk])
    assert client.get(url).status_code == status


def test_download_from_another_district_looks_missing(client, other_network, stored):
    client.force_login(other_network.coordinator)
    url = reverse("network:agreement_document_download", args=[stored.pk])
    assert client.get(url).status_code == 404


def test_download_needs_sign_in(client, stored):
    url = reverse("network:agreement_document_download", args=[stored.pk])
    assert client.get(url).status_code == 302


def test_the_file_is_not_linked_by_its_media_url(client, network, stored):
    client.force_login(network.coordinator)
    page = client.get(reverse("network:agreement_detail", args=[stored.agreement_id]))
    assert stored.file.url not in page.content.decode()
