from typing import Any

from core.tests.access_matrix import Case, named, roles

# Members of the district see the actor map (volunteers a narrower set); the operator, who holds
# no membership, is refused; anonymous people are sent to sign in.
_MAP_ACCESS = roles(anonymous=302, members=200, operator=403)

# --- network map (Netzwerkkarte): every member of the current district (volunteers without
# agreements, which the matrix does not tell apart); no objects, the same status in every scope.
GRAPH_ENTRIES: dict[str, Any] = {
    "network:graph": Case(named("network:graph"), _MAP_ACCESS),
    "network:graph_data": Case(named("network:graph_data"), _MAP_ACCESS),
    "network:graph_export_csv": Case(named("network:graph_export_csv"), _MAP_ACCESS),
    "network:graph_export_graphml": Case(named("network:graph_export_graphml"), _MAP_ACCESS),
}

# --- actor map (Akteurslandkarte): every member of the current district; no objects -------
MAP_ENTRIES: dict[str, Any] = {
    "network:actor_map": Case(named("network:actor_map"), _MAP_ACCESS),
    "network:actor_map_data": Case(named("network:actor_map_data"), _MAP_ACCESS),
}

ENTRIES: dict[str, Any] = {**GRAPH_ENTRIES, **MAP_ENTRIES}


def targets(organisation: Any) -> dict[str, Any]:
    return {}
