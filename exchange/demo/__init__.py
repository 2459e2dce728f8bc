"""Demo content of the exchange for `manage.py seed_demo`.

Mayen-Koblenz gets the full picture of the issue's story: the toolkit after the BAMF
"Willkommensbehörde" structure, a news post from the integration office, the discussion
"Anerkennung ausländischer Abschlüsse" that mentions the job centre, and the next
Netzwerktreffen with registration. Koblenz gets a little of each so that switching districts
shows separated content. Idempotent: every area looks its rows up by natural keys.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from districts.models import District, Organisation

from . import discussions, library, meetings, news

# Library first: news and meetings may point at documents.
AREAS = (library, meetings, news, discussions)


class DemoPeople:
    """The demo people and organisations of one district, by e-mail and by name."""

    def __init__(self, district: District) -> None:
        self.district = district
        self.organisations = {o.name: o for o in Organisation.objects.for_district(district)}
        self.users = {
            u.email: u for u in User.objects.filter(memberships__district=district).distinct()
        }

    def user(self, email: str) -> Any:
        return self.users.get(email)

    def organisation(self, name: str) -> Any:
        return self.organisations.get(name)


@transaction.atomic
def seed(*, today: dt.date | None = None) -> Counter[str]:
    today = today or timezone.localdate()
    created: Counter[str] = Counter()
    for district in District.objects.filter(slug__in=["mayen-koblenz", "koblenz"]):
        people = DemoPeople(district)
        for area in AREAS:
            area.seed(district, people, today=today, created=created)
    return +created
