"""Invitations into an organisation: create, resend and revoke them, and accept one (creating
the account when the address has none)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.audit import audit, diff, snapshot
from core.mail import send_rendered_mail

from ..models import Invitation, Membership, Organisation, Role
from ..permissions import can_grant_role, can_invite_to, can_manage_invitation
from .common import _deny
from .memberships import MEMBERSHIP_FIELDS


class InvitationUnavailable(Exception):
    """The link is unknown, expired, revoked or used; `gone` tells the first from the others."""

    def __init__(self, *, gone: bool) -> None:
        super().__init__("invitation unavailable")
        self.gone = gone


def _invitation_link(invitation: Invitation) -> str:
    path = reverse("districts:invitation_accept", kwargs={"token": invitation.token})
    return f"{settings.SITE_URL}{path}"


def _send_invitation_mail(invitation: Invitation, inviter: Any) -> None:
    context = {
        "invitation": invitation,
        "organisation": invitation.organisation,
        "district": invitation.district,
        "inviter": inviter,
        "link": _invitation_link(invitation),
        "expires_at": timezone.localtime(invitation.expires_at),
    }
    # The invitation goes out in German whatever language the inviter's page is in.
    with translation.override("de"):
        subject = render_to_string("districts/email/invitation_subject.txt", context)
        body = render_to_string("districts/email/invitation_body.txt", context)
    # With the database task backend the queued mail is part of this transaction: a rollback
    # takes it back, so nobody receives a link that does not exist.
    send_rendered_mail.enqueue(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
        body=body,
        to=[invitation.email],
        from_email=settings.DEFAULT_FROM_EMAIL,
    )


def _check_invitable(organisation: Organisation, email: str, exclude: Invitation | None) -> None:
    pending = Invitation.objects.pending().filter(organisation=organisation, email__iexact=email)
    if exclude is not None:
        pending = pending.exclude(pk=exclude.pk)
    if pending.exists():
        raise ValidationError(
            {"email": _("An diese Adresse ist schon eine offene Einladung unterwegs.")}
        )
    member = organisation.memberships.filter(user__email__iexact=email).first()
    if member is not None:
        message = (
            _("Diese Person ist bereits Mitglied der Organisation.")
            if member.is_active
            else _(
                "Diese Person war bereits Mitglied der Organisation; "
                "reaktivieren Sie die Mitgliedschaft in der Mitgliederliste."
            )
        )
        raise ValidationError({"email": message})


def _expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=settings.LOTSE_INVITATION_DAYS)


@transaction.atomic
def invitation_create(
    *,
    actor: Any,
    organisation: Organisation,
    email: str,
    name: str = "",
    role: str = Role.STAFF,
    is_org_admin: bool = False,
    can_casework: bool = False,
) -> Invitation:
    if not can_invite_to(actor, organisation):
        raise _deny(_("Sie dürfen in diese Organisation nicht einladen."))
    if not can_grant_role(actor, organisation.district, role):
        raise _deny(_("Nur die Koordination kann die Rolle Koordination vergeben."))
    if not organisation.is_active:
        raise ValidationError(
            {"organisation": _("In eine deaktivierte Organisation kann niemand eingeladen werden.")}
        )
    email = (email or "").strip().lower()
    invitation = Invitation(
        district=organisation.district,
        organisation=organisation,
        email=email,
        name=(name or "").strip(),
        role=role,
        is_org_admin=is_org_admin,
        can_casework=can_casework,
        invited_by=actor,
        expires_at=_expiry(),
    )
    invitation.full_clean()
    _check_invitable(organisation, email, None)
    invitation.save()
    fields = ["email", "name", "organisation", "role", "is_org_admin", "can_casework"]
    audit(
        actor=actor,
        action="invitation.create",
        obj=invitation,
        changes={name: [None, value] for name, value in snapshot(invitation, fields).items()},
    )
    _send_invitation_mail(invitation, actor)
    return invitation


def _check_open_invitation(actor: Any, invitation: Invitation, revoked_message: str) -> None:
    """Resend and revoke act only on a not yet accepted or revoked invitation the actor manages."""
    if not can_manage_invitation(actor, invitation):
        raise _deny(_("Sie dürfen diese Einladung nicht verwalten."))
    if invitation.accepted_at is not None:
        raise ValidationError(_("Diese Einladung wurde bereits angenommen."))
    if invitation.revoked_at is not None:
        raise ValidationError(revoked_message)


@transaction.atomic
def invitation_resend(*, actor: Any, invitation: Invitation) -> Invitation:
    _check_open_invitation(actor, invitation, _("Diese Einladung wurde zurückgezogen."))
    if not invitation.organisation.is_active:
        raise ValidationError(_("Die Organisation ist deaktiviert."))
    _check_invitable(invitation.organisation, invitation.email, invitation)
    before = snapshot(invitation, ["expires_at"])
    # A new token makes the link in the earlier e-mail useless.
    invitation.token = Invitation._meta.get_field("token").get_default()
    invitation.expires_at = _expiry()
    # The inviter may have left since (SET_NULL); that does not make the invitation invalid.
    invitation.full_clean(exclude=["invited_by"])
    invitation.save(update_fields=["token", "expires_at"])
    audit(
        actor=actor,
        action="invitation.resend",
        obj=invitation,
        changes={**diff(invitation, ["expires_at"], before), "token": ["*", "*"]},
    )
    _send_invitation_mail(invitation, actor)
    return invitation


@transaction.atomic
def invitation_revoke(*, actor: Any, invitation: Invitation) -> Invitation:
    _check_open_invitation(actor, invitation, _("Diese Einladung wurde bereits zurückgezogen."))
    invitation.revoked_at = timezone.now()
    invitation.full_clean(exclude=["invited_by"])
    invitation.save(update_fields=["revoked_at"])
    audit(
        actor=actor,
        action="invitation.revoke",
        obj=invitation,
        changes={"revoked_at": [None, invitation.revoked_at]},
    )
    return invitation


def _lock_usable_invitation(token: str) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("organisation", "district")
        .filter(token=token)
        .first()
    )
    if invitation is None:
        raise InvitationUnavailable(gone=False)
    if not invitation.is_usable or not invitation.organisation.is_active:
        raise InvitationUnavailable(gone=True)
    return invitation


def _create_invited_user(invitation: Invitation, name: str, password: str) -> Any:
    user_model = get_user_model()
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Bitte geben Sie Ihren Namen an.")})
    user = user_model(email=invitation.email, name=name)
    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    user.set_password(password)
    user.full_clean()
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    audit(
        actor=user,
        action="user.create",
        obj=user,
        district=invitation.district,
        changes={"email": [None, user.email], "name": [None, user.name]},
    )
    return user


@transaction.atomic
def invitation_accept(*, actor: Any, token: str, name: str = "", password: str = "") -> Membership:
    """Turn an invitation into a membership, creating the account when the address has none.

    Raises `InvitationUnavailable` for an unknown, expired, revoked or used link; the row is
    locked so that a double submit cannot create two memberships.
    """
    invitation = _lock_usable_invitation(token)
    user_model = get_user_model()
    user = user_model.objects.filter(email__iexact=invitation.email).first()
    signed_in = getattr(actor, "is_authenticated", False)
    if user is not None:
        if not signed_in or actor.pk != user.pk:
            raise _deny(_("Bitte melden Sie sich mit der eingeladenen E-Mail-Adresse an."))
        if invitation.organisation.memberships.filter(user=user).exists():
            raise ValidationError(_("Sie sind bereits Mitglied dieser Organisation."))
    else:
        if signed_in:
            raise _deny(_("Diese Einladung gilt für eine andere E-Mail-Adresse."))
        user = _create_invited_user(invitation, name, password)
    membership = Membership(
        district=invitation.district,
        user=user,
        organisation=invitation.organisation,
        role=invitation.role,
        is_org_admin=invitation.is_org_admin,
        can_casework=invitation.can_casework,
    )
    membership.full_clean()
    membership.save()
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit(
        actor=user,
        action="invitation.accept",
        obj=invitation,
        changes={"accepted_at": [None, invitation.accepted_at]},
    )
    audit(
        actor=user,
        action="membership.create",
        obj=membership,
        changes={
            name: [None, value]
            for name, value in snapshot(membership, ["organisation", *MEMBERSHIP_FIELDS]).items()
        },
    )
    return membership
