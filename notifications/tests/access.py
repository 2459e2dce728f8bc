"""Access-matrix rows of the notifications (merged into core/tests/access_matrix.py).

The target notification of each organisation belongs to the extra staff member the matrix adds
to every organisation (the newest membership when `build_targets` runs), so for every role it is
somebody else's notification: opening it answers 404 in every scope, like a missing one.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from core.tests.access_matrix import SIGNED_IN, Case, named, roles
from districts.models import Membership
from notifications.models import Notification
from notifications.tokens import make_token

from .factories import notify_about


def _notification(target: Any) -> Notification:
    return target.more["notification"]


ENTRIES = {
    "notifications:list": Case(named("notifications:list"), SIGNED_IN),
    "notifications:settings": Case(named("notifications:settings"), SIGNED_IN),
    "notifications:badge": Case(
        named("notifications:badge"),
        roles(anonymous=204, members=200),
        htmx=True,
        note="no redirect for htmx after the session ended",
    ),
    "notifications:mark_all_read": Case(
        named("notifications:mark_all_read"), roles(anonymous=302, members=302), method="POST"
    ),
    "notifications:open": Case(
        lambda t: reverse("notifications:open", args=[_notification(t).pk]),
        roles(anonymous=302, members=404),
        method="POST",
        note="somebody else's notification looks missing",
    ),
    "notifications:follow": Case(
        lambda t: reverse("notifications:follow", args=[_notification(t).pk]),
        roles(anonymous=302, members=404),
        note="the e-mail link; somebody else's notification looks missing",
    ),
    "notifications:unsubscribe": Case(
        lambda t: reverse(
            "notifications:unsubscribe",
            args=[make_token(_notification(t).recipient_id, "digest")],
        ),
        roles(anonymous=200, members=200),
        note="public: the signed token is the authentication; GET changes nothing",
    ),
}


def build_targets(organisation: Any) -> dict[str, Any]:
    newest = (
        Membership.objects.filter(organisation=organisation).select_related("user").latest("pk")
    )
    [notification] = notify_about(organisation, [newest.user])
    return {"notification": notification}
