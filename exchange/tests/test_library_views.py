"""Pages of the library: they render, downloads are safe attachments, restricted documents look
missing, lists keep their query count, and free input never causes an error page."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from conftest import build_network
from core.tests.test_uploads import minimal_pdf
from exchange.models import Audience, Document
from exchange.tests.factories_library import FolderFactory, make_document


@pytest.fixture
def folder(network: Any) -> Any:
    return FolderFactory(district=network.district, name="Selbstverständnis")


@pytest.fixture
def document(network: Any, folder: Any) -> Document:
    return make_document(
        folder=folder,
        author=network.staff,
        organisation=network.other_org,
        title="Leitfaden Verweisberatung",
        description="Wer hilft wobei",
        versions=2,
    )


def test_pages_render_for_a_member(client, network, folder, document):
    client.force_login(network.staff)
    for url in (
        reverse("exchange:library"),
        reverse("exchange:library") + "?q=verweis",
        folder.get_absolute_url(),
        document.get_absolute_url(),
        reverse("exchange:document_create"),
        reverse("exchange:document_edit", args=[document.pk]),
        reverse("exchange:document_version_add", args=[document.pk]),
        reverse("exchange:document_delete", args=[document.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(document.get_absolute_url()).content.decode()
    assert "Leitfaden Verweisberatung" in page and "Versionen" in page
    assert reverse("exchange:document_download", args=[document.pk, 1]) in page
    assert network.staff.name in page


def test_download_is_an_attachment_that_is_never_rendered(client, network, document):
    client.force_login(network.org_admin)
    response = client.get(reverse("exchange:document_download", args=[document.pk, 1]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="leitfaden-v1.pdf"')
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert b"".join(response.streaming_content) == document.versions.get(number=1).file.read()


def test_restricted_documents_look_missing(client, network, folder):
    restricted = make_document(
        folder=folder,
        author=network.coordinator,
        organisation=network.office,
        audience=Audience.ORGANISATIONS,
        organisations=[network.office],
        title="Nur Amt",
    )
    urls = [
        restricted.get_absolute_url(),
        reverse("exchange:document_download", args=[restricted.pk, 1]),
        reverse("exchange:document_edit", args=[restricted.pk]),
    ]
    for user in (network.staff, network.volunteer):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404
        assert "Nur Amt" not in client.get(reverse("exchange:library") + "?q=amt").content.decode()
        assert "Nur Amt" not in client.get(folder.get_absolute_url()).content.decode()
    client.force_login(build_network().coordinator)
    assert client.get(urls[0]).status_code == 404


def test_upload_and_new_version_through_the_pages(client, network, folder):
    client.force_login(network.staff)
    response = client.post(
        reverse("exchange:document_create"),
        {
            "title": "Checkliste Erstgespräch",
            "folder": folder.pk,
            "audience": Audience.NETWORK,
            "file": SimpleUploadedFile("liste.pdf", minimal_pdf("A"), "application/pdf"),
        },
    )
    document = Document.objects.get()
    assert response.status_code == 302 and response.url == document.get_absolute_url()
    url = reverse("exchange:document_version_add", args=[document.pk])
    same = client.post(url, {"file": SimpleUploadedFile("x.pdf", minimal_pdf("A"))})
    assert same.status_code == 200 and "bereits als Version 1" in same.content.decode()
    fake = client.post(url, {"file": SimpleUploadedFile("x.pdf", b"<html>nope</html>")})
    assert fake.status_code == 200 and "HTML" in fake.content.decode()
    ok = client.post(url, {"file": SimpleUploadedFile("y.pdf", minimal_pdf("B")), "note": "neu"})
    assert ok.status_code == 302
    assert document.versions.count() == 2


def test_volunteers_cannot_upload(client, network):
    client.force_login(network.volunteer)
    assert client.get(reverse("exchange:document_create")).status_code == 403
    assert client.get(reverse("exchange:library")).status_code == 200


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize("page", ["library", "folder", "search"])
def test_query_count_does_not_grow_with_documents(client, network, folder, page):
    client.force_login(network.staff)
    other = FolderFactory(district=network.district, name="Vernetzung")
    url = {
        "library": reverse("exchange:library"),
        "folder": folder.get_absolute_url(),
        "search": reverse("exchange:library") + "?q=leitfaden",
    }[page]

    def add(count: int) -> None:
        for index in range(count):
            make_document(
                folder=folder if index % 2 else other,
                author=network.staff,
                organisation=network.other_org,
                title=f"Leitfaden {index}",
            )

    add(2)
    _queries(client, url)  # warm-up: sessions and caches
    few = _queries(client, url)
    add(18)
    assert _queries(client, url) == few


def test_query_count_of_a_document_does_not_grow_with_versions(client, network, folder):
    client.force_login(network.staff)
    small = make_document(folder=folder, author=network.staff, title="A", versions=2)
    large = make_document(folder=folder, author=network.staff, title="B", versions=20)
    _queries(client, small.get_absolute_url())
    assert _queries(client, small.get_absolute_url()) == _queries(client, large.get_absolute_url())


class FormFuzz(HypothesisTestCase):
    """Whatever is posted to the forms, the answer is a page or a redirect, never an error."""

    net: Any
    folder: Any
    document: Any

    @classmethod
    def setUpTestData(cls) -> None:
        cls.net = build_network()
        cls.folder = FolderFactory(district=cls.net.district, name="Fuzz")
        cls.document = make_document(
            folder=cls.folder, author=cls.net.staff, organisation=cls.net.other_org
        )

    @settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        title=st.text(max_size=300),
        description=st.text(max_size=300),
        folder=st.one_of(st.text(max_size=12), st.integers(-(2**70), 2**70).map(str)),
        audience=st.sampled_from(["network", "organisations", "x", ""]),
        organisations=st.lists(st.text(max_size=12), max_size=3),
        content=st.binary(max_size=300),
        name=st.text(max_size=40),
    )
    @example(
        title="Leitfaden",
        description="",
        folder=str(2**63),
        audience="organisations",
        organisations=[str(2**63)],
        content=b"x",
        name="f.txt",
    )
    def test_upload_and_edit_forms(
        self, title, description, folder, audience, organisations, content, name
    ):
        self.client.force_login(self.net.staff)
        data = {
            "title": title,
            "description": description,
            "folder": folder,
            "audience": audience,
            "organisations": organisations,
            "topics": organisations,
        }
        # A browser sends a bare file name; Django itself refuses "", "." and ".." as one.
        base = name.replace("\x00", "").replace("\\", "/").rsplit("/", 1)[-1]
        upload = SimpleUploadedFile(base if base not in {"", ".", ".."} else "f", content)
        response = self.client.post(reverse("exchange:document_create"), {**data, "file": upload})
        assert response.status_code in (200, 302)
        edit = reverse("exchange:document_edit", args=[self.document.pk])
        assert self.client.post(edit, data).status_code in (200, 302)
        search = self.client.get(reverse("exchange:library"), {"q": title, "topic": folder})
        assert search.status_code == 200


class FolderFormFuzz(HypothesisTestCase):
    """The coordinators' folder form: any input gives a page or a redirect."""

    net: Any
    folder: Any

    @classmethod
    def setUpTestData(cls) -> None:
        cls.net = build_network()
        cls.folder = FolderFactory(district=cls.net.district, name="Oben")

    @settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        name=st.text(max_size=200),
        description=st.text(max_size=100),
        parent=st.one_of(st.text(max_size=8), st.integers(-(2**40), 2**40).map(str)),
        position=st.one_of(st.text(max_size=6), st.integers(-(2**40), 2**40).map(str)),
    )
    @example(name="Neu", description="", parent=str(2**63), position=str(2**63))
    def test_folder_forms(self, name, description, parent, position):
        self.client.force_login(self.net.coordinator)
        data = {"name": name, "description": description, "parent": parent, "position": position}
        created = self.client.post(reverse("exchange:folder_create"), data)
        assert created.status_code in (200, 302)
        edit = reverse("exchange:folder_edit", args=[self.folder.pk])
        assert self.client.post(edit, data).status_code in (200, 302)
