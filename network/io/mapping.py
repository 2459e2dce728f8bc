"""Which column of an uploaded table feeds which field: suggested from the headers (German and
English synonyms), then corrected by the coordinator."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

from django.utils.translation import gettext_lazy as _

IGNORE = ""

# The fields an import can fill, in the order the mapping form shows them.
FIELDS: dict[str, object] = {
    "name": _("Name der Organisation"),
    "kind": _("Art der Organisation"),
    "sponsor": _("Träger"),
    "email": _("E-Mail der Organisation"),
    "phone": _("Telefon der Organisation"),
    "website": _("Website"),
    "street": _("Straße und Hausnummer"),
    "postcode": _("Postleitzahl"),
    "city": _("Ort"),
    "municipality": _("Gemeinde"),
    "description": _("Beschreibung"),
    "topics": _("Handlungsfelder"),
    "contact_name": _("Ansprechperson"),
    "contact_function": _("Funktion der Ansprechperson"),
    "contact_email": _("E-Mail der Ansprechperson"),
    "contact_phone": _("Telefon der Ansprechperson"),
}
CONTACT_FIELDS = ("contact_name", "contact_function", "contact_email", "contact_phone")

# Header spellings seen in real lists, compared after `normalise_header`.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": (
        "name",
        "organisation",
        "organization",
        "name der organisation",
        "organisationsname",
        "einrichtung",
        "institution",
        "akteur",
        "verein",
        "bezeichnung",
    ),
    "kind": ("art", "typ", "type", "kind", "art der organisation", "organisationstyp", "kategorie"),
    "sponsor": ("trager", "traeger", "sponsor", "provider", "tragerschaft"),
    "email": ("e mail", "email", "mail", "e mail adresse", "email address", "e mail organisation"),
    "phone": (
        "telefon",
        "tel",
        "telefonnummer",
        "phone",
        "telephone",
        "fon",
        "telefon organisation",
    ),
    "website": ("website", "webseite", "homepage", "internet", "internetseite", "url", "web"),
    "street": ("strasse", "straße", "street", "adresse", "anschrift", "strasse und hausnummer"),
    "postcode": ("plz", "postleitzahl", "postcode", "zip", "postal code", "zip code"),
    "city": ("ort", "stadt", "city", "town", "wohnort"),
    "municipality": ("gemeinde", "kommune", "municipality", "verbandsgemeinde"),
    "description": ("beschreibung", "description", "angebot", "kurzbeschreibung", "info"),
    "topics": (
        "handlungsfelder",
        "handlungsfeld",
        "themen",
        "thema",
        "topics",
        "topic",
        "fields of action",
    ),
    "contact_name": (
        "ansprechperson",
        "ansprechpartner",
        "ansprechpartnerin",
        "ansprechpartner in",
        "kontaktperson",
        "kontakt",
        "contact",
        "contact person",
        "contact name",
    ),
    "contact_function": ("funktion", "position", "rolle", "function", "role", "job title"),
    "contact_email": (
        "kontakt e mail",
        "kontakt email",
        "e mail ansprechperson",
        "e mail ansprechpartner",
        "contact e mail",
        "contact email",
    ),
    "contact_phone": (
        "kontakt telefon",
        "telefon ansprechperson",
        "telefon ansprechpartner",
        "contact phone",
        "contact telephone",
    ),
}
_LOOKUP = {synonym: key for key, synonyms in SYNONYMS.items() for synonym in synonyms}


def normalise_header(header: str) -> str:
    """Lower case, umlauts folded (ä → a, ß → ss), punctuation and '*' as spaces."""
    text = header.strip().lower().replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def field_for_header(header: str) -> str:
    return _LOOKUP.get(normalise_header(header), IGNORE)


def suggest_mapping(headers: Sequence[str]) -> dict[str, str]:
    """{column index: field}; each field at most once (the first matching column wins)."""
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for index, header in enumerate(headers):
        key = field_for_header(header)
        if key and key not in used:
            mapping[str(index)] = key
            used.add(key)
    return mapping


def clean_mapping(mapping: Mapping[str, str], width: int) -> dict[str, str]:
    """Only known fields and existing columns; raises ValueError when a field is used twice."""
    cleaned: dict[str, str] = {}
    for index, key in mapping.items():
        if key == IGNORE:
            continue
        if key not in FIELDS or not str(index).isdigit() or int(index) >= width:
            raise ValueError(key)
        if key in cleaned.values():
            raise ValueError(key)
        cleaned[str(int(index))] = key
    return cleaned


def header_for(headers: Sequence[str], mapping: Mapping[str, str], key: str) -> str:
    """The header of the column mapped to `key` (for messages), else the field's label."""
    for index, field in mapping.items():
        if field == key and int(index) < len(headers):
            return headers[int(index)]
    return str(FIELDS.get(key, key))


def pick(cells: Sequence[str], mapping: Mapping[str, str]) -> dict[str, str]:
    """The row's values by field; unmapped fields are absent."""
    values = {}
    for index, key in mapping.items():
        position = int(index)
        values[key] = cells[position].strip() if position < len(cells) else ""
    return values
