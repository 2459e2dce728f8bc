"""Access-matrix rows of Themen und Zielgruppen: coordinators of the district only."""

from typing import Any

from django.urls import reverse

from core.tests.access_matrix import (
    COORDINATORS,
    OWN_DISTRICT,
    OWN_DISTRICT_POST,
    Case,
    managers,
    named,
)
from districts.models import Topic

# Every other member role, and the operator, is refused (403) before any entry is looked up; a
# coordinator reaches the entries of the district and gets 404 for another district's.
ENTRY = managers(org_admin=403, coordinator=OWN_DISTRICT)
ENTRY_POST = managers(org_admin=403, coordinator=OWN_DISTRICT_POST)


def _entry_url(name: str) -> Any:
    return lambda t: reverse(name, kwargs={"kind": "handlungsfelder", "pk": t.more["topic"].pk})


ENTRIES: dict[str, Case] = {
    "network:vocabulary": Case(named("network:vocabulary"), COORDINATORS),
    "network:vocabulary_create": Case(
        named("network:vocabulary_create", kind="zielgruppen"), COORDINATORS
    ),
    "network:vocabulary_edit": Case(_entry_url("network:vocabulary_edit"), ENTRY),
    "network:vocabulary_move": Case(
        _entry_url("network:vocabulary_move"),
        ENTRY_POST,
        method="POST",
        data=lambda t: {"direction": "up"},
    ),
    "network:vocabulary_set_active": Case(
        _entry_url("network:vocabulary_set_active"),
        ENTRY_POST,
        method="POST",
        data=lambda t: {"active": "0"},
    ),
    "network:vocabulary_delete": Case(
        _entry_url("network:vocabulary_delete"), ENTRY_POST, method="POST"
    ),
}


def targets(organisation: Any) -> dict[str, Any]:
    """A topic of the organisation's district, used by nothing."""
    topic = Topic.objects.create(
        district=organisation.district, name=f"Thema der Organisation {organisation.pk}"
    )
    return {"topic": topic}
