"""How the meeting pages fetch what they act on: a visible meeting, or a row of a meeting
the person manages."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest

from core.scoping import get_visible_or_404
from ui.kit import current_district

from ...models.meetings import Meeting
from ...permissions import can_manage_meeting


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    return get_visible_or_404(Meeting, request.user, pk=pk, district=current_district(request))


def _child(request: HttpRequest, model: Any, pk: int) -> Any:
    row = get_visible_or_404(model, request.user, pk=pk, district=current_district(request))
    if not can_manage_meeting(request.user, row.meeting):
        raise Http404
    return row
