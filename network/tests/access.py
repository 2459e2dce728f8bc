"""Access-matrix rows of the network app (merged into core/tests/access_matrix.py).

Each area keeps its rows in its own module; `build_targets` gathers the objects of this app that
belong to an organisation, for the matrix's `Target.more`.
"""

from typing import Any

from . import (
    access_agreements,
    access_io,
    access_maps,
    access_pdf,
    access_profiles,
    access_vocabulary,
)

_AREAS = (
    access_profiles,
    access_agreements,
    access_maps,
    access_io,
    access_pdf,
    access_vocabulary,
)

ENTRIES = {key: case for area in _AREAS for key, case in area.ENTRIES.items()}


def build_targets(organisation: Any) -> dict[str, Any]:
    return {key: obj for area in _AREAS for key, obj in area.targets(organisation).items()}
