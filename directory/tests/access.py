"""Access-matrix rows of the directory app (merged into core/tests/access_matrix.py).

Each area keeps its rows in its own module; `build_targets` gathers this app's objects that
belong to an organisation, for the matrix's `Target.more`.
"""

from typing import Any

from . import access_api, access_integreat, access_public, access_staff

_AREAS = (access_public, access_staff, access_api, access_integreat)

ENTRIES = {key: case for area in _AREAS for key, case in area.ENTRIES.items()}


def build_targets(organisation: Any) -> dict[str, Any]:
    return {key: obj for area in _AREAS for key, obj in area.targets(organisation).items()}
