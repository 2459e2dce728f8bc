"""Factories of the library area: folders, and documents with versions stored as real files."""

from __future__ import annotations

import hashlib
from typing import Any

import factory
from django.core.files.base import ContentFile

from core.tests.test_uploads import minimal_pdf
from districts.tests.factories import DistrictFactory
from exchange.models import Audience, Document, DocumentVersion, Folder
from exchange.services.library import search_text


class FolderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Folder

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"Ordner {n}")


def make_document(
    *,
    folder: Any,
    author: Any = None,
    organisation: Any = None,
    title: str = "Leitfaden",
    description: str = "",
    audience: str = Audience.NETWORK,
    organisations: list[Any] | None = None,
    include_volunteers: bool = False,
    data: bytes | None = None,
    versions: int = 1,
    topics: list[Any] | None = None,
) -> Document:
    """A document with `versions` stored PDF versions, written without the services (no
    notifications, no permission checks) for tests that need content in place."""
    document = Document(
        district=folder.district,
        folder=folder,
        title=title,
        description=description,
        audience=audience,
        include_volunteers=include_volunteers,
        author=author,
        author_organisation=organisation,
    )
    document.search_text = search_text(document)
    document.save()
    if organisations:
        document.organisations.set(organisations)
    if topics:
        document.topics.set(topics)
    for number in range(1, versions + 1):
        content = data if data is not None and number == 1 else minimal_pdf(f"{title} {number}")
        version = DocumentVersion(
            district=folder.district,
            document=document,
            number=number,
            original_name=f"leitfaden-v{number}.pdf",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            content_type="application/pdf",
            kind="pdf",
            uploaded_by=author,
        )
        version.file.save(f"v{number}.pdf", ContentFile(content), save=False)
        version.save()
        document.current_version = version
    document.save(update_fields=["current_version"])
    return document
