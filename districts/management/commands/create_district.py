"""`manage.py create_district`: set up the network of one Kreis and invite its first coordinator.

    manage.py create_district --ags 07137 --slug mayen-koblenz \
        --coordinator-email koordination@example.org --office-name "Integrationsbüro …"
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.audit import audit
from districts.models import District, Invitation, Kreis, Organisation, Role


def invitation_link(invitation: Invitation) -> str:
    path = reverse("districts:invitation_accept", args=[invitation.token])
    return f"{settings.SITE_URL}{path}"


@transaction.atomic
def district_provision(
    *,
    actor: Any,
    kreis: Kreis,
    slug: str,
    name: str,
    office_name: str,
    coordinator_email: str,
    coordinator_name: str = "",
) -> tuple[District, Organisation, Invitation]:
    """The district, its integration office and the first coordinator's invitation, or nothing."""
    district = District(kreis=kreis, slug=slug, name=name)
    district.full_clean()
    district.save()
    audit(actor=actor, action="district.create", obj=district, district=district)

    office = Organisation(
        district=district,
        name=office_name,
        kind=Organisation.Kind.AUTHORITY,
        is_integration_office=True,
    )
    office.full_clean()
    office.save()
    audit(actor=actor, action="organisation.create", obj=office)

    invitation = Invitation(
        district=district,
        organisation=office,
        email=coordinator_email.strip().lower(),
        name=coordinator_name,
        role=Role.COORDINATOR,
        expires_at=timezone.now() + dt.timedelta(days=settings.LOTSE_INVITATION_DAYS),
    )
    # invited_by is empty: the system invites (the model field is not declared blank=True).
    invitation.full_clean(exclude=["invited_by"])
    invitation.save()
    audit(
        actor=actor,
        action="invitation.create",
        obj=invitation,
        changes={"email": invitation.email, "role": invitation.role},
    )
    return district, office, invitation


class Command(BaseCommand):
    help = (
        "Creates the network (District) of a Kreis with its integration office and an "
        "invitation for the first coordinator; prints the invitation link."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--ags", required=True, help="5-digit Kreisschlüssel, e.g. 07137")
        parser.add_argument("--slug", required=True, help="short name in addresses")
        parser.add_argument("--name", default="", help="default: the Kreis's display name")
        parser.add_argument("--coordinator-email", required=True)
        parser.add_argument("--coordinator-name", default="")
        parser.add_argument("--office-name", required=True, help="the integration office")

    def handle(self, *args: Any, **options: Any) -> None:
        ags = options["ags"].strip()
        kreis = Kreis.objects.defer("outline").filter(ags=ags).first()
        if kreis is None:
            raise CommandError(f"Unbekannter Kreisschlüssel / unknown Kreis code (AGS): {ags!r}")
        if District.objects.filter(kreis=kreis).exists():
            raise CommandError(
                f"Für {kreis} gibt es schon ein Netzwerk / this Kreis already has a district."
            )
        slug = options["slug"].strip()
        if District.objects.filter(slug=slug).exists():
            raise CommandError(f"Kurzname vergeben / slug already taken: {slug!r}")
        try:
            district, office, invitation = district_provision(
                actor=None,
                kreis=kreis,
                slug=slug,
                name=options["name"].strip() or kreis.display_name,
                office_name=options["office_name"].strip(),
                coordinator_email=options["coordinator_email"],
                coordinator_name=options["coordinator_name"].strip(),
            )
        except ValidationError as exc:
            raise CommandError(_format(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Netzwerk angelegt / district created: {district} ({district.slug})"
            )
        )
        self.stdout.write(f"Integrationsstelle / integration office: {office}")
        until = timezone.localtime(invitation.expires_at)
        self.stdout.write(
            f"Einladung für / invitation for {invitation.email} "
            f"(gültig bis / valid until {until:%d.%m.%Y %H:%M}):"
        )
        self.stdout.write(invitation_link(invitation))


def _format(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())
    return " ".join(exc.messages)
