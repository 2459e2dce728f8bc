"""Access-matrix rows of the Integreat import (coordinators of the district only).

Every member role is refused (403) before the stored upload is looked up; a coordinator reaches
the previews of the district and gets 404 for another district's.
"""

from pathlib import Path
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
from directory.views.integreat import store_upload

DATA = Path(__file__).parent / "data" / "integreat"


def _preview_url(name: str) -> Any:
    return lambda t: reverse(name, args=[t.more["integreat_upload"]])


ENTRIES: dict[str, Case] = {
    "directory:integreat_upload": Case(named("directory:integreat_upload"), COORDINATORS),
    "directory:integreat_preview": Case(
        _preview_url("directory:integreat_preview"),
        managers(org_admin=403, coordinator=OWN_DISTRICT),
    ),
    "directory:integreat_run": Case(
        _preview_url("directory:integreat_run"),
        managers(org_admin=403, coordinator=OWN_DISTRICT_POST),
        method="POST",
    ),
}


def targets(organisation: Any) -> dict[str, Any]:
    """An uploaded (not yet imported) Integreat region of the organisation's district."""
    files = [(name, (DATA / name).read_bytes()) for name in ("locations-de.json", "events-de.json")]
    token = store_upload(district=organisation.district, region="matrix", files=files)
    return {"integreat_upload": token}
