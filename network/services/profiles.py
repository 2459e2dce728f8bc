"""Writes of Steckbriefe and contacts.

Each function checks the permission with the predicates of `network/permissions.py`, validates,
saves and writes the audit record (the profile's change history) in one transaction.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from core.audit import audit, diff, snapshot
from core.languages import LANGUAGE_CODES
from districts.geo import check_in_district, coordinates_for_postcode
from districts.models import Organisation, Topic

from ..models import Contact, Profile, ProfileTranslation, translation_languages
from ..permissions import can_edit_contact, can_edit_profile

PROFILE_FIELDS = [
    "description",
    "languages",
    "street",
    "postcode",
    "city",
    "latitude",
    "longitude",
    "opening_hours",
    "description_audience",
    "contact_audience",
    "address_audience",
    "opening_hours_audience",
    "topics_audience",
]
PROFILE_M2M = ["topics", "target_groups"]
PROFILE_FILE = ["logo", "remove_logo"]
CONTACT_FIELDS = ["name", "function", "email", "phone", "languages", "user", "is_public"]

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_SIDE = 2000
LOGO_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}

# A rough box around Germany: coordinates outside it are almost always a typo or swapped values.
GERMANY_LAT = (Decimal("47.2"), Decimal("55.1"))
GERMANY_LON = (Decimal("5.8"), Decimal("15.1"))


def _take(data: Mapping[str, Any], allowed: list[str]) -> dict[str, Any]:
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    return dict(data)


def _check_languages(codes: Any, field: str = "languages") -> list[str]:
    if not isinstance(codes, list | tuple) or not all(isinstance(c, str) for c in codes):
        raise ValidationError({field: _("Bitte wählen Sie Sprachen aus der Liste.")})
    unknown = sorted(set(codes) - set(LANGUAGE_CODES))
    if unknown:
        raise ValidationError(
            {field: _("Unbekannte Sprachcodes: %(codes)s") % {"codes": ", ".join(unknown)}}
        )
    return sorted(set(codes), key=LANGUAGE_CODES.index)


def _check_vocabulary(items: Iterable[Any], district_id: int, field: str) -> list[Any]:
    items = list(items)
    if any(item.district_id != district_id for item in items):
        raise ValidationError({field: _("Dieser Eintrag gehört nicht zu Ihrem Kreis.")})
    return items


def _check_coordinates(latitude: Any, longitude: Any) -> None:
    if (latitude is None) != (longitude is None):
        raise ValidationError(
            {"latitude": _("Bitte geben Sie Breite und Länge an – oder keins von beiden.")}
        )
    if latitude is None:
        return
    latitude, longitude = Decimal(latitude), Decimal(longitude)
    if not (GERMANY_LAT[0] <= latitude <= GERMANY_LAT[1]):
        raise ValidationError(
            {"latitude": _("Die Breite muss in Deutschland liegen (zwischen 47,2 und 55,1).")}
        )
    if not (GERMANY_LON[0] <= longitude <= GERMANY_LON[1]):
        raise ValidationError(
            {"longitude": _("Die Länge muss in Deutschland liegen (zwischen 5,8 und 15,1).")}
        )


def validate_logo(upload: UploadedFile) -> str:
    """Check an uploaded logo by its content; returns the file extension for its format."""
    if upload.size is None or upload.size > LOGO_MAX_BYTES:
        raise ValidationError({"logo": _("Das Logo darf höchstens 2 MB groß sein.")})
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image_format = image.format or ""
            width, height = image.size
            if image_format not in LOGO_FORMATS:
                raise ValidationError(
                    {"logo": _("Bitte laden Sie ein Bild im Format PNG, JPEG oder WebP hoch.")}
                )
            if width > LOGO_MAX_SIDE or height > LOGO_MAX_SIDE:
                raise ValidationError(
                    {
                        "logo": _(
                            "Das Logo darf höchstens 2000 × 2000 Pixel groß sein "
                            "(dieses: %(width)s × %(height)s)."
                        )
                        % {"width": width, "height": height}
                    }
                )
            image.verify()
        # verify() leaves the image unusable; decoding it fully finds truncated files.
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            {"logo": _("Die Datei ist kein lesbares Bild (PNG, JPEG oder WebP).")}
        ) from None
    finally:
        upload.seek(0)
    return LOGO_FORMATS[image_format]


def _m2m_names(profile: Profile) -> dict[str, list[str]]:
    return {
        name: sorted(str(item) for item in getattr(profile, name).all()) for name in PROFILE_M2M
    }


def profile_locate(profile: Profile) -> bool:
    """Set the profile's latitude/longitude from its postcode, unless a pin was set on the map.

    Changes the instance only (the calling service saves it); returns whether anything changed.
    An unknown or empty postcode clears coordinates that came from an earlier postcode.
    """
    if profile.location_pinned:
        return False
    found = coordinates_for_postcode(profile.postcode)
    latitude, longitude = found if found else (None, None)
    if (profile.latitude, profile.longitude) == (latitude, longitude):
        return False
    profile.latitude, profile.longitude = latitude, longitude
    return True


# --- Profiles -------------------------------------------------------------------------------


@transaction.atomic
def profile_get_or_create(*, actor: Any, organisation: Organisation) -> Profile:
    """Every organisation has at most one Steckbrief; it is stored by the first write (pages
    that only read show `selectors.profile_of`, which saves nothing)."""
    profile, created = Profile.objects.get_or_create(
        organisation=organisation, defaults={"district": organisation.district}
    )
    if created:
        audit(actor=actor, action="profile.create", obj=profile, changes={})
    return profile


def _store_first(actor: Any, profile: Profile) -> None:
    """The first edit of a Steckbrief nobody has saved: the unsaved `profile` becomes the stored
    row (the one someone else may have stored a moment ago)."""
    stored = profile_get_or_create(actor=actor, organisation=profile.organisation)
    profile.pk = stored.pk
    profile._state.adding = False
    profile.refresh_from_db()


def _is_pinned(profile: Profile, before: tuple[Any, Any], was_pinned: bool) -> bool:
    """Coordinates moved by hand (typed or set on the map) are a pin and win over the postcode;
    coordinates sent back unchanged keep the previous state; cleared ones follow the postcode."""
    if profile.latitude is None or profile.longitude is None:
        return False
    now = (_decimal(profile.latitude), _decimal(profile.longitude))
    if now != (_decimal(before[0]), _decimal(before[1])):
        return True
    return was_pinned


def _point(profile: Profile) -> tuple[Decimal | None, Decimal | None]:
    return _decimal(profile.latitude), _decimal(profile.longitude)


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.00001"))


@transaction.atomic
def profile_update(
    *, actor: Any, profile: Profile, data: Mapping[str, Any], confirm_outside: bool = False
) -> Profile:
    """`confirm_outside`: the person confirmed that a point they set outside the Kreis is
    right; a point from the postcode needs no confirmation (the view warns about it)."""
    if not can_edit_profile(actor, profile.organisation):
        raise PermissionDenied(_("Sie dürfen diesen Steckbrief nicht bearbeiten."))
    if profile.pk is None:
        _store_first(actor, profile)
    values = _take(data, PROFILE_FIELDS + PROFILE_M2M + PROFILE_FILE)
    m2m = {name: values.pop(name) for name in PROFILE_M2M if name in values}
    upload, remove_logo = values.pop("logo", None), values.pop("remove_logo", False)
    if "languages" in values:
        values["languages"] = _check_languages(values["languages"])
    for name, items in m2m.items():
        m2m[name] = _check_vocabulary(items, profile.district_id, name)
    _check_coordinates(
        values.get("latitude", profile.latitude), values.get("longitude", profile.longitude)
    )
    extension = validate_logo(upload) if upload else None

    fields = [*values, "location_pinned", "logo"]
    before = snapshot(profile, fields)
    before_m2m = _m2m_names(profile)
    located_at, was_pinned = (profile.latitude, profile.longitude), profile.location_pinned
    for name, value in values.items():
        setattr(profile, name, value)
    profile.location_pinned = _is_pinned(profile, located_at, was_pinned)
    if profile.location_pinned and _point(profile) != (
        _decimal(located_at[0]),
        _decimal(located_at[1]),
    ):
        check_in_district(
            profile.district, profile.latitude, profile.longitude, confirmed=confirm_outside
        )
    profile_locate(profile)
    old_logo = profile.logo.name if profile.logo else ""
    if upload:
        name = f"{profile.organisation_id}-{secrets.token_hex(6)}.{extension}"
        profile.logo.save(name, ContentFile(upload.read()), save=False)
    elif remove_logo:
        profile.logo = None
    profile.full_clean()
    profile.save()
    for name, items in m2m.items():
        getattr(profile, name).set(items)

    changes = diff(profile, fields, before)
    if "logo" in changes:
        changes["logo"] = [old_logo or None, profile.logo.name or None]
    after_m2m = _m2m_names(profile)
    changes.update({n: [before_m2m[n], after_m2m[n]] for n in m2m if before_m2m[n] != after_m2m[n]})
    if changes:
        audit(actor=actor, action="profile.update", obj=profile, changes=changes)
    if "description" in changes:
        _outdate_translations(actor, profile)
    if old_logo and old_logo != (profile.logo.name or ""):
        # Only once the transaction holds: a rolled-back update keeps the old file.
        storage = profile.logo.storage
        transaction.on_commit(lambda: storage.delete(old_logo))
    return profile


# --- Translations of the description ------------------------------------------------------


def _outdate_translations(actor: Any, profile: Profile) -> None:
    """The German original changed: every translation of it is outdated now."""
    current = profile.translations.exclude(state=ProfileTranslation.State.OUTDATED)
    languages = sorted(current.values_list("language", flat=True))
    if not languages:
        return
    current.update(state=ProfileTranslation.State.OUTDATED)
    audit(
        actor=actor,
        action="profile.translations_outdated",
        obj=profile,
        changes={"languages": languages},
    )


@transaction.atomic
def profile_translation_save(
    *, actor: Any, profile: Profile, language: str, description: str, reviewed: bool
) -> ProfileTranslation:
    """Add or replace the description of `profile` in `language`: "reviewed" when the person
    confirms they checked it, otherwise an unreviewed (machine) translation."""
    if not can_edit_profile(actor, profile.organisation):
        raise PermissionDenied(_("Sie dürfen diesen Steckbrief nicht bearbeiten."))
    if language not in translation_languages():
        raise ValidationError({"language": _("Für diese Sprache gibt es keine Übersetzung.")})
    if not profile.description.strip():
        raise ValidationError(
            {
                "description": _(
                    "Bitte tragen Sie zuerst die deutsche Beschreibung im Steckbrief ein."
                )
            }
        )
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": _("Bitte geben Sie die Übersetzung ein.")})
    state = ProfileTranslation.State.REVIEWED if reviewed else ProfileTranslation.State.MACHINE
    translation = (
        ProfileTranslation.objects.select_for_update()
        .filter(profile=profile, language=language)
        .first()
    )
    if translation is None:
        translation = ProfileTranslation(
            profile=profile, district_id=profile.district_id, language=language
        )
    before = {"description": translation.description or None, "state": translation.state}
    if translation.pk is None:
        before["state"] = None
    translation.description, translation.state = description, state
    translation.full_clean()
    translation.save()
    after = {"description": translation.description, "state": translation.state}
    changes: dict[str, Any] = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if changes:
        changes["languages"] = [language]
        audit(actor=actor, action="profile.translation_save", obj=profile, changes=changes)
    return translation


@transaction.atomic
def profile_translation_delete(*, actor: Any, translation: ProfileTranslation) -> None:
    profile = translation.profile
    if not can_edit_profile(actor, profile.organisation):
        raise PermissionDenied(_("Sie dürfen diesen Steckbrief nicht bearbeiten."))
    audit(
        actor=actor,
        action="profile.translation_delete",
        obj=profile,
        changes={
            "languages": [translation.language],
            "description": [translation.description, None],
            "state": [translation.state, None],
        },
    )
    translation.delete()


# --- Contacts -------------------------------------------------------------------------------


def _check_contact(organisation: Organisation, values: dict[str, Any]) -> None:
    if "languages" in values:
        values["languages"] = _check_languages(values["languages"])
    user = values.get("user")
    if (
        user is not None
        and not user.memberships.active().filter(organisation=organisation).exists()
    ):
        raise ValidationError(
            {"user": _("Nur Mitglieder dieser Organisation können verknüpft werden.")}
        )


def _contact_snapshot(contact: Contact) -> dict[str, Any]:
    values = snapshot(contact, CONTACT_FIELDS)
    values["topics"] = sorted(str(t) for t in contact.topics.all()) if contact.pk else []
    return values


def _save_contact(contact: Contact, values: dict[str, Any], topics: list[Topic] | None) -> None:
    for name, value in values.items():
        setattr(contact, name, value)
    contact.full_clean()
    contact.save()
    if topics is not None:
        contact.topics.set(topics)


@transaction.atomic
def contact_create(*, actor: Any, organisation: Organisation, data: Mapping[str, Any]) -> Contact:
    if not can_edit_profile(actor, organisation):
        raise PermissionDenied(
            _("Sie dürfen für diese Organisation keine Ansprechpersonen anlegen.")
        )
    values = _take(data, [*CONTACT_FIELDS, "topics"])
    topics = _check_vocabulary(values.pop("topics", []), organisation.district_id, "topics")
    _check_contact(organisation, values)
    contact = Contact(organisation=organisation, district=organisation.district)
    _save_contact(contact, values, topics)
    after = _contact_snapshot(contact)
    audit(
        actor=actor,
        action="contact.create",
        obj=contact,
        changes={name: [None, value] for name, value in after.items()},
    )
    return contact


@transaction.atomic
def contact_update(*, actor: Any, contact: Contact, data: Mapping[str, Any]) -> Contact:
    if not can_edit_contact(actor, contact):
        raise PermissionDenied(_("Sie dürfen diese Ansprechperson nicht bearbeiten."))
    values = _take(data, [*CONTACT_FIELDS, "topics"])
    topics = values.pop("topics", None)
    if topics is not None:
        topics = _check_vocabulary(topics, contact.district_id, "topics")
    _check_contact(contact.organisation, values)
    before = _contact_snapshot(contact)
    _save_contact(contact, values, topics)
    after = _contact_snapshot(contact)
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if changes:
        audit(actor=actor, action="contact.update", obj=contact, changes=changes)
    return contact


@transaction.atomic
def contact_delete(*, actor: Any, contact: Contact) -> None:
    if not can_edit_contact(actor, contact):
        raise PermissionDenied(_("Sie dürfen diese Ansprechperson nicht löschen."))
    before = _contact_snapshot(contact)
    audit(
        actor=actor,
        action="contact.delete",
        obj=contact,
        changes={name: [value, None] for name, value in before.items()},
    )
    contact.delete()
