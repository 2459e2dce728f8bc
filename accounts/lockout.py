"""Sign-in lockout: who is behind an attempt, which rules stop guessing, and the page people see.

django-axes records every wrong password in `AccessAttempt`, one row per address, IP and
browser, and locks an address from one IP after AXES_FAILURE_LIMIT failures (the strict rule).
Axes knows only one limit for all its lockout parameters, but spraying needs other limits than
the strict rule: one network trying a password on many accounts, and many networks trying one
account. `LockoutHandler` counts those two rules (`spraying_rules`) over the same rows, so that
`axes_reset_*` and the admin lift them too. Wrong second-factor codes are counted per person in
`CodeAttempt` (see `code_failure_record`). Everything lives in the database, which every process
on every machine shares.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .models import CodeAttempt, User


def username_for_axes(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    """allauth's sign-in form posts the address as `login` but authenticates with `email=`;
    axes itself calls back with `login=` (AXES_USERNAME_FORM_FIELD) after a successful sign-in.
    All three must count as the same person, so the address is read from wherever it is and
    lower-cased."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get(settings.AXES_USERNAME_FORM_FIELD)
    if not value and request is not None:
        data = getattr(request, "data", None) or request.POST
        value = data.get(settings.AXES_USERNAME_FORM_FIELD)
    return str(value or "").strip().lower()[:255]


@dataclass(frozen=True)
class Rule:
    """One way to be locked out: after `limit` failures within `cool_off`.

    `name` picks the explanation on the lockout page: "address" (this address from this
    network, axes' own rule), "network" (many addresses from this network), "account" (this
    address from many networks) or "code" (wrong second-factor codes)."""

    name: str
    limit: int
    cool_off: dt.timedelta


def strict_rule() -> Rule:
    return Rule("address", settings.AXES_FAILURE_LIMIT, _cool_off())


def code_rule() -> Rule:
    # The same limit and waiting time as for passwords, but counted per person.
    return Rule("code", settings.AXES_FAILURE_LIMIT, _cool_off())


def _cool_off() -> dt.timedelta:
    cool_off = get_cool_off()
    assert cool_off is not None, "Lotse always sets AXES_COOLOFF_TIME"  # noqa: S101
    return cool_off


# --- Wrong passwords: the rules beside axes' strict one ----------------------------------------


def spraying_rules() -> list[tuple[Rule, str]]:
    """The rules beside the strict one, each with the AccessAttempt field it groups by.

    The account rule has a short cool-off: anyone can make it trip for a colleague's address,
    so it must not keep her out for long."""
    account_cool_off = min(
        dt.timedelta(minutes=settings.LOCKOUT_ACCOUNT_COOLOFF_MINUTES), _cool_off()
    )
    return [
        (Rule("account", settings.LOCKOUT_ACCOUNT_FAILURE_LIMIT, account_cool_off), "username"),
        (Rule("network", settings.LOCKOUT_NETWORK_FAILURE_LIMIT, _cool_off()), "ip_address"),
    ]


def failures_within(*, rule: Rule, field: str, value: str | None) -> int:
    """Failed passwords recorded for one address (`username`) or one IP (`ip_address`) whose
    last failure lies within the rule's cool-off.

    For one address, each network counts with less than the rule's limit at most: one network
    alone only ever trips the strict rule, which locks that network out and nobody else."""
    if not value:
        return 0
    attempts = AccessAttempt.objects.filter(
        **{field: value}, attempt_time__gte=timezone.now() - rule.cool_off
    )
    if field != "username":
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
    per_network = (
        attempts.order_by().values("ip_address").annotate(failures=Sum("failures_since_start"))
    )
    cap = min(settings.AXES_FAILURE_LIMIT, rule.limit - 1)
    return sum(min(row["failures"], cap) for row in per_network)


def broken_spraying_rule(request: HttpRequest, credentials: dict[str, Any] | None) -> Rule | None:
    values = {
        "username": get_client_username(request, credentials),
        "ip_address": getattr(request, "axes_ip_address", None),
    }
    for rule, field in spraying_rules():
        if failures_within(rule=rule, field=field, value=values[field]) >= rule.limit:
            return rule
    return None


class LockoutHandler(AxesDatabaseHandler):
    """axes' database handler, plus the spraying rules.

    The strict rule stays axes' own (username and IP, AXES_FAILURE_LIMIT). With
    AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT off, attempts during a lockout are not
    recorded, so nobody can stretch a lockout by hammering on, and every lockout ends when its
    page says it does."""

    def is_locked(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
        if super().is_locked(request, credentials):
            return True
        rule = broken_spraying_rule(request, credentials)
        if rule is None:
            return False
        request.lotse_lockout_rule = rule  # type: ignore[attr-defined]
        return True

    def user_login_failed(
        self, sender: Any, credentials: dict, request: HttpRequest | None = None, **kwargs: Any
    ) -> None:
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or getattr(request, "axes_locked_out", False):
            return
        if self.is_whitelisted(request, credentials):
            return
        rule = broken_spraying_rule(request, credentials)
        if rule is None:
            return
        # The failure that reaches a limit is already refused with the lockout page, as axes
        # does for its own rule.
        request.lotse_lockout_rule = rule  # type: ignore[attr-defined]
        request.axes_locked_out = True  # type: ignore[attr-defined]
        request.axes_credentials = credentials  # type: ignore[attr-defined]
        user_locked_out.send(
            "axes",
            request=request,
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,  # type: ignore[attr-defined]
        )

    def reset_attempts(
        self,
        *,
        ip_address: str | None = None,
        username: str | None = None,
        ip_or_username: bool = False,
    ) -> int:
        # `axes_reset` and `axes_reset_username` lift a second-factor lockout too.
        count = super().reset_attempts(
            ip_address=ip_address, username=username, ip_or_username=ip_or_username
        )
        codes = CodeAttempt.objects.all()
        if username:
            codes = codes.filter(user__email__iexact=username)
        elif ip_address:
            return count
        deleted, _ = codes.delete()
        return count + deleted


# --- Wrong second-factor codes ---------------------------------------------------------------


def code_entry_locked(*, user: User) -> bool:
    """True while `user` may not enter a code at all, not even the right one."""
    rule = code_rule()
    return CodeAttempt.objects.filter(
        user=user,
        failures__gte=rule.limit,
        last_failure_at__gt=timezone.now() - rule.cool_off,
    ).exists()


@transaction.atomic
def code_failure_record(*, user: User) -> bool:
    """Count one wrong code of `user`; True when this one locks the code entry.

    Like axes for passwords: the count starts again once the last wrong code is older than
    the cool-off, and the lockout lasts the cool-off from the last counted code."""
    rule = code_rule()
    now = timezone.now()
    CodeAttempt.objects.filter(last_failure_at__lte=now - rule.cool_off).delete()
    attempt, created = CodeAttempt.objects.select_for_update().get_or_create(
        user=user, defaults={"failures": 1, "last_failure_at": now}
    )
    if not created:
        attempt.failures += 1
        attempt.last_failure_at = now
        attempt.save(update_fields=["failures", "last_failure_at"])
    return attempt.failures >= rule.limit


def code_failures_reset(*, user: User) -> None:
    CodeAttempt.objects.filter(user=user).delete()


# --- The page ---------------------------------------------------------------------------------


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
    *,
    rule: Rule | None = None,
) -> HttpResponse:
    """The lockout page (AXES_LOCKOUT_CALLABLE), explaining the rule that locked and how long
    to wait."""
    rule = rule or getattr(request, "lotse_lockout_rule", None) or strict_rule()
    context = {
        "rule": rule.name,
        "failure_limit": rule.limit,
        "cooloff_minutes": max(1, round(rule.cool_off.total_seconds() / 60)),
    }
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=429)
