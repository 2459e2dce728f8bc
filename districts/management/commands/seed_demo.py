"""`manage.py seed_demo`: the demo networks of Mayen-Koblenz and Koblenz (see districts/demo.py).

Idempotent: rows are looked up by their natural keys and only missing ones are created, so a
second run changes nothing (and edits made while trying the demo survive).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.apps import apps
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models, transaction

from accounts.models import User
from core.audit import audit
from districts.demo import (
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    DISTRICTS,
    DistrictSpec,
    MunicipalitySpec,
    OrganisationSpec,
    PersonSpec,
)
from districts.models import District, Kreis, Membership, Municipality, Organisation

SOURCE = {"source": "seed_demo"}


def _create(obj: models.Model, *, action: str, district: District, created: Counter[str]) -> None:
    obj.full_clean()
    obj.save()
    audit(actor=None, action=action, obj=obj, district=district, changes=SOURCE)
    created[str(obj._meta.verbose_name_plural)] += 1


def _district(spec: DistrictSpec, created: Counter[str]) -> District:
    district = District.objects.filter(kreis_id=spec.ags).first()
    if district is None:
        kreis = Kreis.objects.defer("outline").get(ags=spec.ags)
        district = District(kreis=kreis, slug=spec.slug, name=spec.name)
        district.full_clean()
        district.save()
        audit(actor=None, action="district.create", obj=district, district=district, changes=SOURCE)
        created[str(District._meta.verbose_name_plural)] += 1
    return district


def _municipality(district: District, spec: MunicipalitySpec, created: Counter[str]) -> Any:
    found = Municipality.objects.for_district(district).filter(name=spec.name).first()
    if found is not None:
        return found
    obj = Municipality(district=district, name=spec.name, kind=spec.kind, postcodes=spec.postcodes)
    _create(obj, action="municipality.create", district=district, created=created)
    return obj


def _organisation(
    district: District,
    spec: OrganisationSpec,
    municipalities: dict[str, Municipality],
    created: Counter[str],
) -> Any:
    found = Organisation.objects.for_district(district).filter(name=spec.name).first()
    if found is not None:
        return found
    obj = Organisation(
        district=district,
        name=spec.name,
        short_name=spec.short_name,
        kind=spec.kind,
        municipality=municipalities.get(spec.municipality),
        is_integration_office=spec.is_integration_office,
        is_member=spec.is_member,
        email=spec.email,
        phone=spec.phone,
    )
    _create(obj, action="organisation.create", district=district, created=created)
    return obj


def _person(
    district: District,
    spec: PersonSpec,
    organisations: dict[str, Organisation],
    created: Counter[str],
) -> None:
    user = User.objects.filter(email__iexact=spec.email).first()
    if user is None:
        user = User(email=spec.email, name=spec.name)
        validate_password(DEMO_PASSWORD, user)
        user.set_password(DEMO_PASSWORD)
        _create(user, action="user.create", district=district, created=created)
    # Sign-in requires a verified address (ACCOUNT_EMAIL_VERIFICATION = "mandatory").
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    organisation = organisations[spec.organisation]
    if not Membership.objects.filter(user=user, organisation=organisation).exists():
        membership = Membership(
            district=district,
            user=user,
            organisation=organisation,
            role=spec.role,
            is_org_admin=spec.is_org_admin,
            can_casework=spec.can_casework,
        )
        _create(membership, action="membership.create", district=district, created=created)
    if (
        spec.totp
        and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    ):
        TOTP.activate(user, DEMO_TOTP_SECRET)
        audit(
            actor=None, action="authenticator.create", obj=user, district=district, changes=SOURCE
        )
        created["TOTP"] += 1


def app_demo_seeders() -> list[Callable[[], Counter[str]]]:
    """`seed()` of each other project app's optional `demo` module, in INSTALLED_APPS order.

    Apps building on the districts add their demo content this way; districts imports none.
    """
    seeders = []
    for config in apps.get_app_configs():
        if Path(config.path).parent != settings.BASE_DIR or config.name == "districts":
            continue
        if find_spec(f"{config.name}.demo") is None:
            continue
        seed = getattr(import_module(f"{config.name}.demo"), "seed", None)
        if callable(seed):
            seeders.append(seed)
    return seeders


@transaction.atomic
def demo_seed() -> Counter[str]:
    """Create whatever of the demo content is missing; returns what was created, by kind."""
    created: Counter[str] = Counter()
    for spec in DISTRICTS:
        district = _district(spec, created)
        municipalities = {m.name: _municipality(district, m, created) for m in spec.municipalities}
        organisations = {
            o.name: _organisation(district, o, municipalities, created) for o in spec.organisations
        }
        for person in spec.people:
            _person(district, person, organisations, created)
    for seed in app_demo_seeders():
        created.update(seed())
    return +created


class Command(BaseCommand):
    help = "Creates the demo networks (Landkreis Mayen-Koblenz, Stadt Koblenz) with demo people."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing when any district exists already",
        )
        parser.add_argument(
            "--force", action="store_true", help="run even when LOTSE_ENV=production"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION and not options["force"]:
            raise CommandError(
                "Keine Demo-Daten im Produktivbetrieb / refusing to seed demo data in "
                "production (use --force if you really mean it)."
            )
        if options["if_empty"] and District.objects.exists():
            self.stdout.write(
                "Es gibt schon Kreis-Netzwerke, keine Demo-Daten angelegt / "
                "districts exist, demo data not seeded."
            )
            return
        try:
            created = demo_seed()
        except ValidationError as exc:
            raise CommandError(f"Demo-Daten ungültig / invalid demo data: {exc}") from exc
        if not created:
            self.stdout.write("Demo-Daten vollständig / demo data complete, nothing to do.")
            return
        summary = ", ".join(f"{count} {kind}" for kind, count in created.items())
        self.stdout.write(self.style.SUCCESS(f"Angelegt / created: {summary}"))
        self.stdout.write("Zugänge anzeigen / show sign-ins: manage.py demo_signins")
