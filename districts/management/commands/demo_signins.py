"""`manage.py demo_signins`: the demo sign-ins as a table, with the current authenticator codes.

`scripts/serve.sh` prints it before starting the server. It shows nothing but a note in
production or when the demo data have not been seeded.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.models import User
from districts.demo import DEMO_PASSWORD, all_people


@dataclass(frozen=True)
class SignIn:
    role: str
    email: str
    district: str
    totp_secret: str


def current_code(secret: str, at: float | None = None) -> tuple[str, int]:
    """The code an authenticator app shows now, and how many seconds it stays valid."""
    now = time.time() if at is None else at
    period = mfa_settings.TOTP_PERIOD
    code = format_hotp_value(hotp_value(secret, int(now) // period))
    return code, period - int(now) % period


def demo_signins() -> list[SignIn]:
    people = all_people()
    users = {u.email: u for u in User.objects.filter(email__in=[p.email for _, p in people])}
    secrets = {
        a.user_id: decrypt(a.data["secret"])
        for a in Authenticator.objects.filter(user__in=users.values(), type=Authenticator.Type.TOTP)
    }
    rows = []
    for district, person in people:
        user = users.get(person.email)
        if user is not None:
            rows.append(SignIn(person.label, user.email, district.name, secrets.get(user.pk, "")))
    return rows


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    line = "  ".join("-" * w for w in widths)
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return [fmt.format(*headers).rstrip(), line, *(fmt.format(*r).rstrip() for r in rows)]


class Command(BaseCommand):
    help = "Prints the demo sign-ins (e-mail, password, district, authenticator code)."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            self.stdout.write(
                "Produktivbetrieb: keine Demo-Zugänge / production: no demo sign-ins."
            )
            return
        signins = demo_signins()
        if not signins:
            self.stdout.write(
                "Keine Demo-Daten / no demo data – anlegen mit / create with: manage.py seed_demo"
            )
            return
        rows = []
        for s in signins:
            code = ""
            if s.totp_secret:
                value, left = current_code(s.totp_secret)
                code = f"{value} ({left} s)"
            rows.append([s.role, s.email, DEMO_PASSWORD, s.district, s.totp_secret, code])
        headers = [
            "Rolle / role",
            "E-Mail",
            "Passwort / password",
            "Kreis / district",
            "TOTP-Geheimnis / secret",
            "Code jetzt / now",
        ]
        self.stdout.write("Demo-Zugänge für Lotse / Lotse demo sign-ins")
        self.stdout.write("")
        for line in _table(headers, rows):
            self.stdout.write(line)
        self.stdout.write("")
        digits, period = mfa_settings.TOTP_DIGITS, mfa_settings.TOTP_PERIOD
        self.stdout.write(
            "Zweiter Faktor: jede Authenticator-App akzeptiert das TOTP-Geheimnis "
            f"(Schlüssel manuell eingeben, zeitbasiert, {digits} Ziffern, {period} s).\n"
            "Second factor: any authenticator app accepts the TOTP secret "
            f"(enter the setup key manually, time-based, {digits} digits, {period} s). "
            "The code shown is valid now; each code works once."
        )
