"""Writes of the directory: offers, places, events, their translations, machine translation,
community submissions and the directory settings.

Each function checks the permission with `directory/permissions.py`, validates (`full_clean`),
saves and writes the audit record in one transaction. A change of the German original marks
every other language of the entry `outdated` in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrulestr
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.tasks import send_rendered_mail
from core.audit import audit, diff, snapshot
from districts.models import District, Organisation
from network.geo import check_in_district
from network.selectors import LANGUAGE_CODES

from . import search
from .models import (
    SOURCE_LANGUAGE,
    DirectorySettings,
    Event,
    EventTranslation,
    Offer,
    OfferTranslation,
    Place,
    PlaceTranslation,
    Status,
    Submission,
    TargetGroup,
    Topic,
    TranslationJob,
    TranslationState,
)
from .permissions import (
    can_edit_entry,
    can_manage_directory_settings,
    can_moderate,
    editable_organisation_ids,
)
from .translation import TranslationError, provider_for

OFFER_FIELDS = [
    "organisation",
    "kind",
    "topics",
    "target_groups",
    "languages",
    "place",
    "format",
    "meeting_link",
    "booking_link",
    "free_of_charge",
    "barrier_free",
    "childcare",
    "contact_email",
    "contact_phone",
    "valid_from",
    "valid_until",
    "review_on",
]
PLACE_FIELDS = [
    "name",
    "organisation",
    "street",
    "postcode",
    "city",
    "municipality",
    "latitude",
    "longitude",
    "barrier_free",
]
EVENT_FIELDS = [
    "offer",
    "place",
    "organisation",
    "starts_at",
    "ends_at",
    "all_day",
    "rrule",
    "exdates",
    "free_of_charge",
]
SETTINGS_FIELDS = [
    "languages",
    "mt_provider",
    "mt_url",
    "mt_api_key",
    "mt_monthly_characters",
    "data_licence",
]
REVIEW_INTERVAL_MONTHS = 12


@dataclass(frozen=True)
class TextKind:
    """One kind of directory entry with its translation rows."""

    model: type[models.Model]
    translation_model: type[models.Model]
    parent_field: str
    fields: tuple[str, ...]  # translated text fields
    machine_fields: tuple[str, ...]  # those a machine translates (not "Leichte Sprache")
    german_only: tuple[str, ...] = ()


TEXT_KINDS: dict[str, TextKind] = {
    "offer": TextKind(
        Offer,
        OfferTranslation,
        "offer",
        (
            "title",
            "summary",
            "description",
            "eligibility",
            "cost_note",
            "accessibility_note",
            "easy_language",
        ),
        ("title", "summary", "description", "eligibility", "cost_note", "accessibility_note"),
        german_only=("easy_language",),
    ),
    "place": TextKind(
        Place,
        PlaceTranslation,
        "place",
        ("name", "description", "directions", "opening_hours"),
        ("name", "description", "directions", "opening_hours"),
    ),
    "event": TextKind(
        Event, EventTranslation, "event", ("title", "description"), ("title", "description")
    ),
}


def kind_of(entry: models.Model) -> str:
    for name, kind in TEXT_KINDS.items():
        if isinstance(entry, kind.model):
            return name
    raise TypeError(f"Not a directory entry: {entry!r}")


def _take(data: Mapping[str, Any], allowed: list[str] | tuple[str, ...]) -> dict[str, Any]:
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    return dict(data)


def _require_editor(actor: Any, entry: Any) -> None:
    if not can_edit_entry(actor, entry):
        raise PermissionDenied(_("Diesen Eintrag dürfen Sie nicht bearbeiten."))


def _check_organisation(actor: Any, district: District, organisation: Organisation | None) -> None:
    """The organisation of an entry: one of the district, and one the actor may edit for."""
    allowed = editable_organisation_ids(actor, district)
    if organisation is None:
        if allowed is not None:
            raise ValidationError({"organisation": _("Bitte wählen Sie Ihre Organisation.")})
        return
    if organisation.district_id != district.pk:
        raise ValidationError(
            {"organisation": _("Diese Organisation gehört nicht zu Ihrem Kreis.")}
        )
    if allowed is not None and organisation.pk not in allowed:
        raise ValidationError(
            {"organisation": _("Für diese Organisation dürfen Sie keine Einträge anlegen.")}
        )


def _check_codes(values: Any, allowed: list[str] | tuple[str, ...], field: str) -> list[str]:
    if not isinstance(values, list | tuple) or not all(isinstance(v, str) for v in values):
        raise ValidationError({field: _("Bitte wählen Sie aus der Liste.")})
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise ValidationError(
            {field: _("Unbekannte Werte: %(values)s") % {"values": ", ".join(unknown)}}
        )
    return [v for v in allowed if v in set(values)]


def _same_district(obj: Any, district: District, field: str) -> None:
    if obj is not None and obj.district_id != district.pk:
        raise ValidationError({field: _("Dieser Eintrag gehört nicht zu Ihrem Kreis.")})


def _validate_offer(offer: Offer) -> None:
    offer.topics = _check_codes(offer.topics, Topic.values, "topics")
    offer.target_groups = _check_codes(offer.target_groups, TargetGroup.values, "target_groups")
    offer.languages = _check_codes(offer.languages, LANGUAGE_CODES, "languages")
    _same_district(offer.place, offer.district, "place")
    if offer.valid_from and offer.valid_until and offer.valid_until < offer.valid_from:
        raise ValidationError({"valid_until": _("Das Ende liegt vor dem Beginn.")})
    if offer.format != Offer.Format.IN_PERSON and not offer.meeting_link:
        raise ValidationError(
            {"meeting_link": _("Für Online-Angebote braucht es einen Link zur Teilnahme.")}
        )
    offer.full_clean()


# --- Texts and translation states --------------------------------------------------------------


def _clean_texts(kind: TextKind, texts: Mapping[str, Any], language: str) -> dict[str, str]:
    texts = _take(texts, kind.fields)
    cleaned = {name: str(texts.get(name) or "").strip() for name in kind.fields}
    if language != SOURCE_LANGUAGE:
        for name in kind.german_only:
            cleaned[name] = ""
    return cleaned


def _save_row(
    entry: Any, kind: TextKind, language: str, texts: dict[str, str], state: str
) -> tuple[Any, dict[str, Any]]:
    """Create or update one language row; returns it with the changed fields."""
    lookup = {kind.parent_field: entry, "language": language}
    row = kind.translation_model._default_manager.filter(**lookup).first()
    if row is None:
        row = kind.translation_model(**lookup)
        before: dict[str, Any] = {}
    else:
        before = snapshot(row, [*kind.fields, "state"])
    for name, value in texts.items():
        setattr(row, name, value)
    row.state = state  # type: ignore[attr-defined]
    try:
        row.full_clean()
    except ValidationError as exc:
        # The parent is saved in the same transaction; its foreign key is valid.
        if hasattr(exc, "error_dict"):
            errors = {k: v for k, v in exc.error_dict.items() if k != kind.parent_field}
            if errors:
                raise ValidationError(errors) from None
        else:
            raise
    row.save()
    return row, diff(row, [*kind.fields, "state"], before)


def _save_original(entry: Any, texts: Mapping[str, Any]) -> dict[str, Any]:
    """Write the German original; if its text changed, every other language becomes outdated."""
    kind = TEXT_KINDS[kind_of(entry)]
    cleaned = _clean_texts(kind, texts, SOURCE_LANGUAGE)
    existed = kind.translation_model._default_manager.filter(
        **{kind.parent_field: entry, "language": SOURCE_LANGUAGE}
    ).exists()
    _row, changes = _save_row(entry, kind, SOURCE_LANGUAGE, cleaned, TranslationState.ORIGINAL)
    text_changed = any(name in changes for name in kind.machine_fields)
    if existed and text_changed:
        outdated = (
            kind.translation_model._default_manager.filter(**{kind.parent_field: entry})
            .exclude(language=SOURCE_LANGUAGE)
            .exclude(state=TranslationState.OUTDATED)
            .update(state=TranslationState.OUTDATED)
        )
        if outdated:
            changes["outdated_languages"] = outdated
            if isinstance(entry, Offer):
                # A bulk update sends no signals; outdated texts leave the search index.
                search.index_offer(entry.pk)
    return changes


@transaction.atomic
def translation_save(
    *, actor: Any, entry: Any, language: str, texts: Mapping[str, Any], reviewed: bool
) -> Any:
    """A translator writes one language of an entry.

    Marked `reviewed`, the row counts as current. Without the mark a machine translation stays
    `machine`, anything else stays `outdated` (not shown publicly) until someone reviews it.
    """
    _require_editor(actor, entry)
    if language == SOURCE_LANGUAGE or language not in directory_language_codes():
        raise ValidationError(_("Diese Sprache lässt sich hier nicht übersetzen."))
    kind = TEXT_KINDS[kind_of(entry)]
    cleaned = _clean_texts(kind, texts, language)
    current = (
        kind.translation_model._default_manager.filter(
            **{kind.parent_field: entry, "language": language}
        )
        .values_list("state", flat=True)
        .first()
    )
    if reviewed:
        state = TranslationState.REVIEWED
    elif current == TranslationState.MACHINE:
        state = TranslationState.MACHINE
    else:
        state = TranslationState.OUTDATED
    row, changes = _save_row(entry, kind, language, cleaned, state)
    audit(
        actor=actor,
        action=f"{kind_of(entry)}.translation_save",
        obj=entry,
        changes={"language": language, **changes},
    )
    return row


@transaction.atomic
def translation_review(*, actor: Any, entry: Any, language: str) -> Any:
    """Confirm a machine or outdated translation as it stands."""
    _require_editor(actor, entry)
    kind = TEXT_KINDS[kind_of(entry)]
    row = kind.translation_model._default_manager.filter(
        **{kind.parent_field: entry, "language": language}
    ).first()
    if row is None or language == SOURCE_LANGUAGE:
        raise ValidationError(_("Für diese Sprache gibt es noch keine Übersetzung."))
    row.state = TranslationState.REVIEWED  # type: ignore[attr-defined]
    row.save(update_fields=["state", "updated_at"])
    audit(
        actor=actor,
        action=f"{kind_of(entry)}.translation_review",
        obj=entry,
        changes={"language": language},
    )
    return row


def directory_language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


# --- Offers -------------------------------------------------------------------------------------


@transaction.atomic
def offer_create(
    *, actor: Any, district: District, data: Mapping[str, Any], texts: Mapping[str, Any]
) -> Offer:
    values = _take(data, OFFER_FIELDS)
    _check_organisation(actor, district, values.get("organisation"))
    offer = Offer(district=district, status=Status.DRAFT, **values)
    if offer.review_on is None:
        offer.review_on = _months_later(timezone.localdate(), REVIEW_INTERVAL_MONTHS)
    _validate_offer(offer)
    offer.save()
    changes = _save_original(offer, texts)
    audit(actor=actor, action="offer.create", obj=offer, changes=changes)
    return offer


@transaction.atomic
def offer_update(
    *, actor: Any, offer: Offer, data: Mapping[str, Any], texts: Mapping[str, Any]
) -> Offer:
    _require_editor(actor, offer)
    values = _take(data, OFFER_FIELDS)
    if "organisation" in values and values["organisation"] != offer.organisation:
        _check_organisation(actor, offer.district, values["organisation"])
    before = snapshot(offer, OFFER_FIELDS)
    for name, value in values.items():
        setattr(offer, name, value)
    _validate_offer(offer)
    offer.save()
    changes = diff(offer, OFFER_FIELDS, before)
    changes.update(_save_original(offer, texts))
    audit(actor=actor, action="offer.update", obj=offer, changes=changes)
    return offer


STATUS_ACTIONS = {
    "publish": Status.PUBLISHED,
    "unpublish": Status.DRAFT,
    "archive": Status.ARCHIVED,
}


def _set_status(actor: Any, entry: Any, action: str) -> Any:
    _require_editor(actor, entry)
    if action not in STATUS_ACTIONS:
        raise ValidationError(_("Unbekannte Aktion."))
    status = STATUS_ACTIONS[action]
    kind = TEXT_KINDS[kind_of(entry)]
    if status == Status.PUBLISHED:
        has_original = kind.translation_model._default_manager.filter(
            **{kind.parent_field: entry, "language": SOURCE_LANGUAGE}
        ).exists()
        if not has_original and kind_of(entry) != "place":
            raise ValidationError(_("Ohne deutschen Text lässt sich nichts veröffentlichen."))
    before = entry.status
    entry.status = status
    entry.full_clean()
    entry.save()
    audit(
        actor=actor,
        action=f"{kind_of(entry)}.{action}",
        obj=entry,
        changes={"status": [before, status]},
    )
    return entry


@transaction.atomic
def offer_set_status(*, actor: Any, offer: Offer, action: str) -> Offer:
    if offer.status == Status.SUBMITTED:
        raise ValidationError(_("Vorschläge werden in der Prüfliste entschieden."))
    result: Offer = _set_status(actor, offer, action)
    return result


def _months_later(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - day 28 exists in every month


@transaction.atomic
def offer_confirm_current(*, actor: Any, offer: Offer) -> Offer:
    """ "Still current": the next review is due twelve months from today."""
    _require_editor(actor, offer)
    before = offer.review_on
    offer.review_on = _months_later(timezone.localdate(), REVIEW_INTERVAL_MONTHS)
    offer.save(update_fields=["review_on", "updated_at"])
    audit(
        actor=actor,
        action="offer.confirm_current",
        obj=offer,
        changes={"review_on": [before, offer.review_on]},
    )
    return offer


# --- Places ---------------------------------------------------------------------------------


def _validate_place(place: Place, *, moved: bool, confirm_outside: bool) -> None:
    """`moved`: the coordinates are new or changed; only then does a point outside the Kreis
    need `confirm_outside` (a place confirmed once is not asked about again)."""
    _same_district(place.municipality, place.district, "municipality")
    if (place.latitude is None) != (place.longitude is None):
        raise ValidationError(
            {"latitude": _("Bitte geben Sie Breite und Länge an – oder keins von beiden.")}
        )
    place.full_clean()
    if moved:
        check_in_district(
            place.district, place.latitude, place.longitude, confirmed=confirm_outside
        )


def _moved(before: Mapping[str, Any], place: Place) -> bool:
    def point(latitude: Any, longitude: Any) -> tuple[Any, ...]:
        return tuple(None if v is None else Decimal(str(v)) for v in (latitude, longitude))

    return point(before["latitude"], before["longitude"]) != point(place.latitude, place.longitude)


def _place_texts(place: Place, texts: Mapping[str, Any]) -> dict[str, Any]:
    return {**texts, "name": place.name}


@transaction.atomic
def place_create(
    *,
    actor: Any,
    district: District,
    data: Mapping[str, Any],
    texts: Mapping[str, Any],
    confirm_outside: bool = False,
) -> Place:
    values = _take(data, PLACE_FIELDS)
    _check_organisation(actor, district, values.get("organisation"))
    place = Place(district=district, status=Status.PUBLISHED, **values)
    _validate_place(place, moved=True, confirm_outside=confirm_outside)
    place.save()
    changes = _save_original(place, _place_texts(place, texts))
    audit(actor=actor, action="place.create", obj=place, changes=changes)
    return place


@transaction.atomic
def place_update(
    *,
    actor: Any,
    place: Place,
    data: Mapping[str, Any],
    texts: Mapping[str, Any],
    confirm_outside: bool = False,
) -> Place:
    _require_editor(actor, place)
    values = _take(data, PLACE_FIELDS)
    if "organisation" in values and values["organisation"] != place.organisation:
        _check_organisation(actor, place.district, values["organisation"])
    before = snapshot(place, PLACE_FIELDS)
    for name, value in values.items():
        setattr(place, name, value)
    _validate_place(place, moved=_moved(before, place), confirm_outside=confirm_outside)
    place.save()
    changes = diff(place, PLACE_FIELDS, before)
    changes.update(_save_original(place, _place_texts(place, texts)))
    audit(actor=actor, action="place.update", obj=place, changes=changes)
    return place


@transaction.atomic
def place_set_status(*, actor: Any, place: Place, action: str) -> Place:
    result: Place = _set_status(actor, place, action)
    return result


# --- Events ---------------------------------------------------------------------------------


def parse_exdates(value: Any) -> list[str]:
    """ISO dates, one per line or separated by commas."""
    if isinstance(value, list | tuple):
        items = [str(v) for v in value]
    else:
        items = str(value or "").replace(",", "\n").split()
    dates = []
    for item in items:
        try:
            dates.append(dt.date.fromisoformat(item.strip()).isoformat())
        except ValueError:
            raise ValidationError(
                {
                    "exdates": _("„%(value)s“ ist kein Datum im Format JJJJ-MM-TT.")
                    % {"value": item[:20]}
                }
            ) from None
    return sorted(set(dates))


ALLOWED_FREQUENCIES = (DAILY, WEEKLY, MONTHLY, YEARLY)


def validate_rrule(rule: str, starts_at: dt.datetime | None) -> str:
    rule = (rule or "").strip()
    if rule.upper().startswith("RRULE:"):
        rule = rule[6:]
    if not rule:
        return ""
    if "\n" in rule or "DTSTART" in rule.upper():
        raise ValidationError({"rrule": _("Bitte nur die Regel angeben, ohne DTSTART.")})
    try:
        start = starts_at or timezone.now()
        parsed: Any = rrulestr(rule, dtstart=start, forceset=False)
        if parsed._freq not in ALLOWED_FREQUENCIES:
            raise ValidationError(
                {
                    "rrule": _(
                        "Termine wiederholen sich täglich, wöchentlich, monatlich oder jährlich."
                    )
                }
            )
        # Look for the first date within a few years only, so that no rule keeps us busy.
        horizon = start + dt.timedelta(days=365 * 5)
        until = parsed._until if parsed._until and parsed._until < horizon else horizon
        first = next(iter(parsed.replace(count=None, until=until)), None)
    except ValidationError:
        raise
    except (ValueError, TypeError, OverflowError, KeyError, IndexError):
        raise ValidationError(
            {"rrule": _("Die Wiederholungsregel ist ungültig, z. B. FREQ=WEEKLY;BYDAY=TU.")}
        ) from None
    if first is None:
        raise ValidationError({"rrule": _("Nach dieser Regel gibt es keinen einzigen Termin.")})
    return rule.upper()


def _validate_event(event: Event) -> None:
    _same_district(event.offer, event.district, "offer")
    _same_district(event.place, event.district, "place")
    if event.starts_at and event.ends_at and event.ends_at < event.starts_at:
        raise ValidationError({"ends_at": _("Das Ende liegt vor dem Beginn.")})
    event.rrule = validate_rrule(event.rrule, event.starts_at)
    event.exdates = parse_exdates(event.exdates)
    event.full_clean()


@transaction.atomic
def event_create(
    *, actor: Any, district: District, data: Mapping[str, Any], texts: Mapping[str, Any]
) -> Event:
    values = _take(data, EVENT_FIELDS)
    _check_organisation(actor, district, values.get("organisation"))
    event = Event(district=district, status=Status.DRAFT, **values)
    _validate_event(event)
    event.save()
    changes = _save_original(event, texts)
    audit(actor=actor, action="event.create", obj=event, changes=changes)
    return event


@transaction.atomic
def event_update(
    *, actor: Any, event: Event, data: Mapping[str, Any], texts: Mapping[str, Any]
) -> Event:
    _require_editor(actor, event)
    values = _take(data, EVENT_FIELDS)
    if "organisation" in values and values["organisation"] != event.organisation:
        _check_organisation(actor, event.district, values["organisation"])
    before = snapshot(event, EVENT_FIELDS)
    for name, value in values.items():
        setattr(event, name, value)
    _validate_event(event)
    event.save()
    changes = diff(event, EVENT_FIELDS, before)
    changes.update(_save_original(event, texts))
    audit(actor=actor, action="event.update", obj=event, changes=changes)
    return event


@transaction.atomic
def event_set_status(*, actor: Any, event: Event, action: str) -> Event:
    if event.status == Status.SUBMITTED:
        raise ValidationError(_("Vorschläge werden in der Prüfliste entschieden."))
    result: Event = _set_status(actor, event, action)
    return result


# --- Directory settings and machine translation ------------------------------------------------


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
    values = _take(data, [*SETTINGS_FIELDS, "clear_api_key"])
    row, _created = DirectorySettings.objects.select_for_update().get_or_create(district=district)
    before = snapshot(row, SETTINGS_FIELDS)
    clear = bool(values.pop("clear_api_key", False))
    if not values.get("mt_api_key"):
        values.pop("mt_api_key", None)
    if clear:
        values["mt_api_key"] = ""
    codes = _check_codes(
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


def _current_period() -> str:
    return timezone.localdate().strftime("%Y-%m")


def budget_left(row: DirectorySettings) -> int:
    used = row.mt_used_characters if row.mt_period == _current_period() else 0
    return max(row.mt_monthly_characters - used, 0)


@transaction.atomic
def machine_translation_request(*, actor: Any, entry: Offer | Place | Event) -> TranslationJob:
    """Queue a machine translation of an offer, place or event into the district's languages."""
    _require_editor(actor, entry)
    name = kind_of(entry)
    kind = TEXT_KINDS[name]
    row = settings_for(entry.district)
    if provider_for(row) is None:
        raise ValidationError(_("Für Ihren Kreis ist keine maschinelle Übersetzung eingerichtet."))
    if not kind.translation_model._default_manager.filter(
        **{kind.parent_field: entry, "language": SOURCE_LANGUAGE}
    ).exists():
        raise ValidationError(_("Ohne deutschen Text gibt es nichts zu übersetzen."))
    job = TranslationJob.objects.create(
        district=entry.district, requested_by=actor if actor else None, **{name: entry}
    )
    audit(actor=actor, action=f"{name}.machine_translation_request", obj=entry)
    from .tasks import translate_entry

    # With the database task backend the queued task is part of this transaction.
    translate_entry.enqueue(job_id=job.pk)
    job.refresh_from_db()
    return job


@transaction.atomic
def _finish(
    job: TranslationJob, state: str, message: str, *, provider: str, requested: list[str]
) -> TranslationJob:
    job.state = state
    job.message = message
    job.finished_at = timezone.now()
    job.save()
    _audit_run(job, provider=provider, requested=requested)
    return job


def _audit_run(job: TranslationJob, *, provider: str, requested: list[str]) -> None:
    """One record per run, failed or not: who asked, which provider, which languages were asked
    for and which came back, how many characters were sent (they count against the budget)."""
    entry = job.entry
    name = kind_of(entry)
    audit(
        actor=job.requested_by,
        action=f"{name}.machine_translation",
        obj=entry,
        district=job.district,
        changes={
            "provider": provider,
            "state": job.state,
            "languages_requested": requested,
            "languages": list(job.languages),
            "translated_count": len(job.languages),
            "failed_count": len(set(requested) - set(job.languages)),
            "characters": job.characters,
            "message": job.message,
        },
    )


def machine_translation_run(*, job: TranslationJob) -> TranslationJob:
    """Run a queued job (the background task calls this); every failure ends up in `job`, and
    every run in the audit trail."""
    entry = job.entry
    name = kind_of(entry)
    kind = TEXT_KINDS[name]
    texts_of = kind.translation_model._default_manager.filter(**{kind.parent_field: entry})
    with transaction.atomic():
        row = DirectorySettings.objects.select_for_update().filter(district=entry.district).first()
        provider = provider_for(row) if row is not None else None
        if row is None or provider is None:
            return _finish(
                job,
                TranslationJob.State.FAILED,
                _("Für Ihren Kreis ist keine maschinelle Übersetzung eingerichtet."),
                provider="",
                requested=[],
            )
        provider_name = row.mt_provider
        if row.mt_period != _current_period():
            row.mt_period = _current_period()
            row.mt_used_characters = 0
            row.save(update_fields=["mt_period", "mt_used_characters"])
        original = texts_of.filter(language=SOURCE_LANGUAGE).first()
        if original is None:
            return _finish(
                job,
                TranslationJob.State.FAILED,
                _("Ohne deutschen Text gibt es nichts zu übersetzen."),
                provider=provider_name,
                requested=[],
            )
        sources = [(f, getattr(original, f)) for f in kind.machine_fields if getattr(original, f)]
        reviewed = set(
            texts_of.filter(state=TranslationState.REVIEWED).values_list("language", flat=True)
        )
        targets = [
            code for code in row.languages if code != SOURCE_LANGUAGE and code not in reviewed
        ]
        requested = list(targets)
        unsupported = [code for code in targets if not provider.supports(code)]
        targets = [code for code in targets if provider.supports(code)]
        per_language = sum(len(text) for _name, text in sources)
        needed = per_language * len(targets)
        left = budget_left(row)
        if needed > left:
            return _finish(
                job,
                TranslationJob.State.FAILED,
                _(
                    "Das Zeichenkontingent dieses Monats reicht nicht: gebraucht %(needed)s "
                    "Zeichen, übrig %(left)s. Es wurde nichts übersetzt."
                )
                % {"needed": needed, "left": left},
                provider=provider_name,
                requested=requested,
            )
    done: list[str] = []
    problems: list[str] = []
    used = 0
    if unsupported:
        problems.append(
            _("Nicht unterstützte Sprachen: %(codes)s.") % {"codes": ", ".join(unsupported)}
        )
    for code in targets:
        try:
            result = provider.translate([text for _n, text in sources], SOURCE_LANGUAGE, code)
        except TranslationError as exc:
            problems.append(f"{code}: {exc}")
            continue
        texts = dict.fromkeys(kind.fields, "")
        texts.update({f: value for (f, _t), value in zip(sources, result, strict=True)})
        with transaction.atomic():
            try:
                # For offers the text row's signal renews the search index.
                _save_row(
                    entry, kind, code, _clean_texts(kind, texts, code), TranslationState.MACHINE
                )
            except ValidationError as exc:
                problems.append(f"{code}: {'; '.join(exc.messages)}")
                continue
            DirectorySettings.objects.filter(pk=row.pk).update(
                mt_used_characters=models.F("mt_used_characters") + per_language
            )
        used += per_language
        done.append(code)
    job.languages = done
    job.characters = used
    if done and problems:
        state = TranslationJob.State.PARTIAL
    elif done:
        state = TranslationJob.State.DONE
    else:
        state = TranslationJob.State.FAILED
    if not targets and not unsupported:
        problems.append(_("Alle Sprachen sind bereits geprüft übersetzt."))
        state = TranslationJob.State.DONE
    summary = _("Übersetzt: %(codes)s.") % {"codes": ", ".join(done)} if done else ""
    return _finish(
        job,
        state,
        " ".join([summary, *problems]).strip(),
        provider=provider_name,
        requested=requested,
    )


# --- Community submissions ----------------------------------------------------------------------


@transaction.atomic
def submission_create(
    *,
    district: District,
    kind: str,
    title: str,
    description: str,
    when: str,
    where: str,
    starts_at: dt.datetime | None,
    email: str,
    name: str,
    language: str,
) -> Submission:
    """A visitor proposes an offer or an event; it waits as `submitted` for moderation."""
    details = [description.strip()]
    if when.strip():
        details.append(_("Wann: %(when)s") % {"when": when.strip()})
    if where.strip():
        details.append(_("Wo: %(where)s") % {"where": where.strip()})
    texts = {"title": title.strip(), "description": "\n\n".join(d for d in details if d)}
    submission = Submission(
        district=district, email=email.strip(), name=name.strip(), language=language
    )
    if kind == "event":
        if starts_at is None:
            raise ValidationError({"starts_at": _("Bitte geben Sie an, wann es stattfindet.")})
        event = Event(district=district, status=Status.SUBMITTED, starts_at=starts_at)
        event.full_clean()
        event.save()
        _save_original(event, texts)
        submission.event = event
        entry: Any = event
    else:
        offer = Offer(district=district, status=Status.SUBMITTED, kind=Offer.Kind.ACTIVITY)
        offer.full_clean()
        offer.save()
        _save_original(offer, texts)
        submission.offer = offer
        entry = offer
    submission.full_clean()
    submission.save()
    audit(actor=None, action=f"{kind_of(entry)}.submit", obj=entry, district=district)
    return submission


def _notify_submitter(submission: Submission, entry: Any, published: bool) -> None:
    kind = TEXT_KINDS[kind_of(entry)]
    original = kind.translation_model._default_manager.filter(
        **{kind.parent_field: entry, "language": SOURCE_LANGUAGE}
    ).first()
    context = {
        "title": getattr(original, "title", ""),
        "published": published,
        "message": submission.message_to_submitter,
        "name": submission.name,
        "district": submission.district,
    }
    with translation.override(submission.language):
        subject = render_to_string("directory/email/submission_subject.txt", context)
        body = render_to_string("directory/email/submission_body.txt", context)
    send_rendered_mail.enqueue(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
        body=body,
        to=[submission.email],
        from_email=settings.DEFAULT_FROM_EMAIL,
    )


def _decide(actor: Any, submission: Submission, status: str, message: str) -> Submission:
    if not can_moderate(actor, submission.district):
        raise PermissionDenied(_("Vorschläge prüfen Koordinierende und Organisationsadmins."))
    if submission.decided_at is not None:
        raise ValidationError(_("Über diesen Vorschlag ist schon entschieden."))
    entry: Any = submission.offer or submission.event
    if entry is None:
        raise ValidationError(_("Zu diesem Vorschlag gibt es keinen Eintrag mehr."))
    entry.status = status
    entry.full_clean()
    entry.save()
    submission.message_to_submitter = message.strip()
    submission.decided_at = timezone.now()
    submission.decided_by = actor
    if submission.email:
        _notify_submitter(submission, entry, status == Status.PUBLISHED)
    # Data minimisation: once the submitter is told, their name and address are gone.
    submission.email = ""
    submission.name = ""
    submission.save()
    audit(
        actor=actor,
        action=f"{kind_of(entry)}.{'publish' if status == Status.PUBLISHED else 'reject'}",
        obj=entry,
        changes={"submission": submission.pk, "status": [Status.SUBMITTED, status]},
    )
    return submission


@transaction.atomic
def submission_publish(*, actor: Any, submission: Submission, message: str = "") -> Submission:
    entry: Any = submission.offer or submission.event
    kind = TEXT_KINDS[kind_of(entry)] if entry is not None else None
    if (
        kind is not None
        and not kind.translation_model._default_manager.filter(
            **{kind.parent_field: entry, "language": SOURCE_LANGUAGE}
        )
        .exclude(**{"title": ""})
        .exists()
    ):
        raise ValidationError(_("Ohne deutschen Titel lässt sich nichts veröffentlichen."))
    return _decide(actor, submission, Status.PUBLISHED, message)


@transaction.atomic
def submission_reject(*, actor: Any, submission: Submission, message: str) -> Submission:
    if not message.strip():
        raise ValidationError(
            {"message": _("Bitte schreiben Sie der Person kurz, warum der Vorschlag nicht passt.")}
        )
    return _decide(actor, submission, Status.REJECTED, message)


@transaction.atomic
def submission_update(
    *, actor: Any, submission: Submission, data: Mapping[str, Any], texts: Mapping[str, Any]
) -> Any:
    """Moderators edit the proposed entry before deciding."""
    if not can_moderate(actor, submission.district):
        raise PermissionDenied(_("Vorschläge prüfen Koordinierende und Organisationsadmins."))
    if submission.offer is not None:
        return offer_update(actor=actor, offer=submission.offer, data=data, texts=texts)
    if submission.event is not None:
        return event_update(actor=actor, event=submission.event, data=data, texts=texts)
    raise ValidationError(_("Zu diesem Vorschlag gibt es keinen Eintrag mehr."))
