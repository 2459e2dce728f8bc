"""Access-matrix rows of the exchange (merged into core/tests/access_matrix.py).

Each area keeps its rows in its own module; `build_targets` gathers the objects of this app that
belong to an organisation, for the matrix's `Target.more`.
"""

from typing import Any

from core.tests.access_matrix import Case, named, roles

from . import access_discussions, access_library, access_meetings, access_news

_AREAS = (access_news, access_discussions, access_library, access_meetings)

# Members of the district (volunteers included) open the start page; the operator, who holds no
# membership, is refused.
HOME = {
    "exchange:index": Case(named("exchange:index"), roles(anonymous=302, members=200, operator=403))
}

ENTRIES = {**HOME, **{key: case for area in _AREAS for key, case in area.ENTRIES.items()}}


def build_targets(organisation: Any) -> dict[str, Any]:
    return {key: obj for area in _AREAS for key, obj in area.targets(organisation).items()}
