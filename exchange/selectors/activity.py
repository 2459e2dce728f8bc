"""Everything new for a person across the exchange: the areas' selectors merged by time."""

from __future__ import annotations

from typing import Any

from ..activity import Activity
from . import discussions, library, meetings, news

AREAS = (news, discussions, library, meetings)


def exchange_activity(user: Any, district: Any, *, limit: int = 12) -> list[Activity]:
    """The newest items of all areas the person may see; a fixed number of queries."""
    if district is None:
        return []
    by_area = [area.recent_activity(user, district, limit=limit) for area in AREAS]
    # A busy discussion must not push the new document out of sight: every area keeps its
    # fair share of the places first, the rest go to whatever is newest.
    share = -(-limit // len(AREAS))
    chosen = [row for rows in by_area for row in rows[:share]]
    rest = sorted(
        (row for rows in by_area for row in rows[share:]), key=lambda row: row.when, reverse=True
    )
    chosen = sorted(chosen, key=lambda row: row.when, reverse=True)[:limit]
    chosen += rest[: limit - len(chosen)]
    return sorted(chosen, key=lambda row: row.when, reverse=True)
