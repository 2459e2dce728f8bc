"""Per-row validation of an import: clean values, or messages naming the row and the column."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _

from districts.models import District, Municipality, Organisation, Topic

from .mapping import CONTACT_FIELDS, header_for, normalise_header, pick

MAX_LENGTHS = {
    "name": 200,
    "sponsor": 200,
    "email": 254,
    "phone": 40,
    "website": 200,
    "street": 200,
    "city": 100,
    "description": 5000,
    "contact_name": 150,
    "contact_function": 150,
    "contact_email": 254,
    "contact_phone": 40,
}
LIST_SEPARATORS = re.compile(r"[;,|\n]+")

# Spellings of the kinds of organisation seen in lists, after `normalise_header`.
KIND_SYNONYMS: dict[str, str] = {
    "behorde": Organisation.Kind.AUTHORITY,
    "amt": Organisation.Kind.AUTHORITY,
    "verwaltung": Organisation.Kind.AUTHORITY,
    "authority": Organisation.Kind.AUTHORITY,
    "jobcenter": Organisation.Kind.JOBCENTRE,
    "agentur fur arbeit": Organisation.Kind.JOBCENTRE,
    "arbeitsagentur": Organisation.Kind.JOBCENTRE,
    "kammer": Organisation.Kind.CHAMBER,
    "ihk": Organisation.Kind.CHAMBER,
    "hwk": Organisation.Kind.CHAMBER,
    "handwerkskammer": Organisation.Kind.CHAMBER,
    "gemeinde": Organisation.Kind.MUNICIPALITY,
    "stadt": Organisation.Kind.MUNICIPALITY,
    "kommune": Organisation.Kind.MUNICIPALITY,
    "wohlfahrtsverband": Organisation.Kind.WELFARE,
    "trager": Organisation.Kind.WELFARE,
    "wohlfahrt": Organisation.Kind.WELFARE,
    "migrantenorganisation": Organisation.Kind.MIGRANT_ORG,
    "migrant innenorganisation": Organisation.Kind.MIGRANT_ORG,
    "migrantinnenorganisation": Organisation.Kind.MIGRANT_ORG,
    "mso": Organisation.Kind.MIGRANT_ORG,
    "mo": Organisation.Kind.MIGRANT_ORG,
    "religionsgemeinschaft": Organisation.Kind.RELIGIOUS,
    "kirche": Organisation.Kind.RELIGIOUS,
    "moschee": Organisation.Kind.RELIGIOUS,
    "gemeinde religios": Organisation.Kind.RELIGIOUS,
    "bildung": Organisation.Kind.EDUCATION,
    "bildungseinrichtung": Organisation.Kind.EDUCATION,
    "schule": Organisation.Kind.EDUCATION,
    "volkshochschule": Organisation.Kind.EDUCATION,
    "vhs": Organisation.Kind.EDUCATION,
    "unternehmen": Organisation.Kind.COMPANY,
    "firma": Organisation.Kind.COMPANY,
    "betrieb": Organisation.Kind.COMPANY,
    "company": Organisation.Kind.COMPANY,
    "initiative": Organisation.Kind.INITIATIVE,
    "verein": Organisation.Kind.INITIATIVE,
    "ev": Organisation.Kind.INITIATIVE,
    "sonstige": Organisation.Kind.OTHER,
    "sonstiges": Organisation.Kind.OTHER,
    "other": Organisation.Kind.OTHER,
}
for _value, _label in Organisation.Kind.choices:
    KIND_SYNONYMS.setdefault(normalise_header(str(_value)), _value)
    KIND_SYNONYMS.setdefault(normalise_header(str(_label)), _value)

_email = EmailValidator()
_url = URLValidator(schemes=["http", "https"])


@dataclass
class Problem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Zeile %(row)d, Spalte „%(column)s“: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }

    def as_json(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class Row:
    """One row after validation: `values` are clean where `problems` is empty."""

    number: int
    values: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def has_contact(self) -> bool:
        return bool(self.values.get("contact_name"))


class Vocabulary:
    """What a row is checked against: the district's municipalities and topics."""

    def __init__(self, district: District) -> None:
        self.municipalities = {
            normalise_header(m.name): m for m in Municipality.objects.for_district(district)
        }
        self.topics = {
            normalise_header(t.name): t for t in Topic.objects.for_district(district).choosable()
        }


def validate_row(
    number: int,
    cells: Sequence[str],
    headers: Sequence[str],
    mapping: Mapping[str, str],
    vocabulary: Vocabulary,
) -> Row:
    row = Row(number=number)
    raw = pick(cells, mapping)

    def problem(key: str, message: str) -> None:
        row.problems.append(Problem(number, header_for(headers, mapping, key), message))

    for key, value in raw.items():
        limit = MAX_LENGTHS.get(key)
        if limit and len(value) > limit:
            problem(
                key,
                _("Höchstens %(limit)d Zeichen (hier %(n)d).") % {"limit": limit, "n": len(value)},
            )
            raw[key] = ""
    values: dict[str, Any] = {}
    name = " ".join(raw.get("name", "").split())
    if not name:
        problem("name", _("Der Name der Organisation fehlt."))
    values["name"] = name
    if raw.get("kind"):
        kind = KIND_SYNONYMS.get(normalise_header(raw["kind"]))
        if kind is None:
            problem(
                "kind",
                _("„%(value)s“ ist keine bekannte Art. Möglich sind: %(choices)s.")
                % {
                    "value": raw["kind"],
                    "choices": ", ".join(str(label) for _v, label in Organisation.Kind.choices),
                },
            )
        values["kind"] = kind or ""
    for key in ("email", "contact_email"):
        if raw.get(key):
            address = raw[key].strip().lower()
            try:
                _email(address)
            except ValidationError:
                problem(
                    key, _("„%(value)s“ ist keine gültige E-Mail-Adresse.") % {"value": raw[key]}
                )
            values[key] = address
    if raw.get("website"):
        url = raw["website"].strip()
        if not re.match(r"^https?://", url, re.IGNORECASE):
            url = "https://" + url
        try:
            _url(url)
        except ValidationError:
            problem(
                "website",
                _("„%(value)s“ ist keine gültige Website-Adresse.") % {"value": raw["website"]},
            )
        if len(url) > MAX_LENGTHS["website"]:
            problem("website", _("Die Adresse ist zu lang."))
        values["website"] = url
    if raw.get("postcode"):
        postcode = raw["postcode"].replace(" ", "")
        if postcode.isdigit() and len(postcode) == 4:
            postcode = "0" + postcode  # Excel drops the leading zero of Saxon postcodes
        if not (postcode.isdigit() and len(postcode) == 5):
            problem(
                "postcode",
                _("„%(value)s“ ist keine Postleitzahl (fünf Ziffern).")
                % {"value": raw["postcode"]},
            )
        values["postcode"] = postcode
    if raw.get("municipality"):
        municipality = vocabulary.municipalities.get(normalise_header(raw["municipality"]))
        if municipality is None:
            problem(
                "municipality",
                _("Die Gemeinde „%(value)s“ gibt es in diesem Kreis nicht.")
                % {"value": raw["municipality"]},
            )
        values["municipality"] = municipality
    if raw.get("topics"):
        topics = []
        for part in LIST_SEPARATORS.split(raw["topics"]):
            if not part.strip():
                continue
            topic = vocabulary.topics.get(normalise_header(part))
            if topic is None:
                problem(
                    "topics",
                    _("Das Handlungsfeld „%(value)s“ ist nicht bekannt. Bekannt sind: %(known)s.")
                    % {
                        "value": part.strip(),
                        "known": ", ".join(t.name for t in vocabulary.topics.values()) or "–",
                    },
                )
            else:
                topics.append(topic)
        values["topics"] = topics
    for key in ("phone", "street", "city", "description", "sponsor", *CONTACT_FIELDS):
        if key in raw and key not in values:
            values[key] = raw[key] if key == "description" else " ".join(raw[key].split())
    has_contact_data = any(values.get(key) for key in CONTACT_FIELDS if key != "contact_name")
    if has_contact_data and not values.get("contact_name"):
        problem("contact_name", _("Zu den Kontaktangaben fehlt der Name der Ansprechperson."))
    if values.get("sponsor") and normalise_header(values["sponsor"]) == normalise_header(name):
        problem("sponsor", _("Eine Organisation kann nicht ihr eigener Träger sein."))
    row.values = values
    return row
