"""The library demo: Mayen-Koblenz's toolkit after the "Willkommensbehörde" structure with
generated documents; the job centre's staff member is told about the guide's new version, the
volunteer sees only what is opened to volunteers; seeding twice changes nothing."""

from __future__ import annotations

import time
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from accounts.models import User
from core.uploads import check_bytes
from districts.models import District
from exchange import demo
from exchange.demo import library
from exchange.models import Document, DocumentVersion, Folder
from exchange.notify import Category
from exchange.selectors.library import recent_activity
from notifications.models import Notification


@pytest.fixture
def seeded(db: Any, monkeypatch: Any) -> float:
    # Only this area: the other areas' demos are tested by their own tests.
    monkeypatch.setattr(demo, "AREAS", (library,))
    started = time.monotonic()
    call_command("seed_demo", stdout=StringIO())
    return time.monotonic() - started


def test_demo_library(seeded: float) -> None:
    myk = District.objects.get(slug="mayen-koblenz")
    tops = list(Folder.objects.for_district(myk).filter(parent=None).values_list("name", flat=True))
    assert tops == [name for name, _description, _children in library.TOOLKIT]
    guide = Document.objects.get(district=myk, title=library.GUIDE)
    assert guide.folder.name == "Verweisberatung"
    assert guide.current_version is not None and guide.current_version.number == 2
    for version in DocumentVersion.objects.filter(document__district=myk):
        checked = check_bytes(version.file.read(), name=version.original_name)
        assert (checked.kind, checked.sha256) == (version.kind, version.sha256)
    kinds = set(
        DocumentVersion.objects.filter(document__district=myk).values_list("kind", flat=True)
    )
    assert kinds == {"pdf", "text", "csv", "odf"}

    staff = User.objects.get(email="fachkraft@mayen-koblenz.example.org")  # job centre
    assert Notification.objects.filter(
        recipient=staff, category=Category.DOCUMENTS, target_id=guide.pk
    ).exists()
    assert recent_activity(staff, myk, limit=1)[0].summary == "Neue Version 2"
    volunteer = User.objects.get(email="lotsin@mayen-koblenz.example.org")
    seen = set(Document.objects.visible_to(volunteer).values_list("title", flat=True))
    assert seen == {library.CHECKLIST, library.SIGNS}
    assert library.MISSION not in set(
        Document.objects.visible_to(staff).values_list("title", flat=True)
    )
    koblenz = District.objects.get(slug="koblenz")
    assert Document.objects.for_district(koblenz).count() == 1

    counts = (Folder.objects.count(), Document.objects.count(), DocumentVersion.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert counts == (
        Folder.objects.count(),
        Document.objects.count(),
        DocumentVersion.objects.count(),
    )
