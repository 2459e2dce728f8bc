"""The directory settings of a district: its languages, machine translation, data licence."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit, diff, snapshot
from districts.models import District

from ..models import (
    SOURCE_LANGUAGE,
    DirectorySettings,
)
from ..permissions import (
    can_manage_directory_settings,
)
from .entries import (
    check_codes,
    only_fields,
)
from .translations import directory_language_codes

SETTINGS_FIELDS = [
    "languages",
    "mt_provider",
    "mt_url",
    "mt_api_key",
    "mt_monthly_characters",
    "data_licence",
]


def settings_for(district: District) -> DirectorySettings:
    """The district's settings, or the defaults (unsaved) while nobody has saved any: reading
    never writes; `directory_settings_update` stores the row."""
    stored = DirectorySettings.objects.filter(district=district).first()
    return stored if stored is not None else DirectorySettings(district=district)


@transaction.atomic
def directory_settings_update(
    *, actor: Any, district: District, data: Mapping[str, Any]
) -> DirectorySettings:
    """An empty API key keeps the stored one; `clear_api_key` removes it."""
    if not can_manage_directory_settings(actor, district):
        raise PermissionDenied(_("Die Einstellungen ändern Koordinierende."))
    values = only_fields(data, [*SETTINGS_FIELDS, "clear_api_key"])
    row, _created = DirectorySettings.objects.select_for_update().get_or_create(district=district)
    before = snapshot(row, SETTINGS_FIELDS)
    clear = bool(values.pop("clear_api_key", False))
    if not values.get("mt_api_key"):
        values.pop("mt_api_key", None)
    if clear:
        values["mt_api_key"] = ""
    codes = check_codes(
        values.get("languages", row.languages), directory_language_codes(), "languages"
    )
    if SOURCE_LANGUAGE not in codes:
        codes.insert(0, SOURCE_LANGUAGE)
    values["languages"] = codes
    for name, value in values.items():
        setattr(row, name, value)
    if row.mt_provider == DirectorySettings.Provider.LIBRETRANSLATE and not row.mt_url:
        raise ValidationError({"mt_url": _("LibreTranslate braucht die Adresse des Dienstes.")})
    if row.mt_provider == DirectorySettings.Provider.DEEPL and not row.mt_api_key:
        raise ValidationError({"mt_api_key": _("DeepL braucht einen API-Schlüssel.")})
    row.full_clean()
    row.save()
    changes = diff(row, SETTINGS_FIELDS, before)
    if "mt_api_key" in changes:
        changes["mt_api_key"] = ["…", "…"]  # never the key itself in the audit trail
    audit(
        actor=actor, action="directory_settings.update", obj=row, district=district, changes=changes
    )
    return row


def current_period() -> str:
    return timezone.localdate().strftime("%Y-%m")


def budget_left(row: DirectorySettings) -> int:
    used = row.mt_used_characters if row.mt_period == current_period() else 0
    return max(row.mt_monthly_characters - used, 0)
