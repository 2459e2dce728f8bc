"""Access-matrix rows of the printed Steckbrief and the network directory (PDF).

The same people as the pages themselves: every member of the district (volunteers included)
prints; the operator has no membership (403); other districts' organisations look missing (404).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from core.tests.access_matrix import Case, named, roles

from .access_profiles import READERS


def targets(organisation: Any) -> dict[str, Any]:
    """The PDFs need no objects of their own: the Steckbrief's come from access_profiles."""
    return {}


ENTRIES: dict[str, Case] = {
    "network:organisation_pdf": Case(
        lambda t: reverse("network:organisation_pdf", args=[t.organisation.pk]), READERS
    ),
    "network:directory_pdf": Case(
        named("network:directory_pdf"), roles(anonymous=302, members=200, operator=403)
    ),
}
