"""The exchange's guard: every member of the current district, volunteers included (the view kit
is `ui.kit`)."""

from __future__ import annotations

from ui.kit import guarded

from ..permissions import is_exchange_member

member_required = guarded(is_exchange_member)
