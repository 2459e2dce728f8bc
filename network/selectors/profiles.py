"""Reads of the network app that need more than one line.

Lists keep a constant number of queries however many rows they have: related rows come with
`select_related`/`prefetch_related`, language names are computed in Python.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, Prefetch, Q, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.languages import language_name, language_names, ui_locale
from core.models import AuditEvent
from districts.models import District, Organisation, OrganisationQuerySet, Topic

from ..models import Contact, Profile, ProfileTranslation, Relation, translation_languages
from ..permissions import visible_parts

# --- The list of organisations ----------------------------------------------------------------


@dataclass(frozen=True)
class OrganisationFilters:
    q: str = ""
    kind: str = ""
    topic: Topic | None = None
    language: str = ""
    municipality: Any = None
    member: str = ""  # "yes" / "no"
    status: str = ""  # "active" / "dormant"


def organisation_list(
    user: Any, district: District, filters: OrganisationFilters, audiences: frozenset[str]
) -> OrganisationQuerySet:
    """The district's organisations; searches and filters only look into parts the viewer may
    read, so a filter never reveals an internal part."""
    organisations = (
        Organisation.objects.visible_to(user)
        .for_district(district)
        .select_related("municipality", "profile")
        .prefetch_related(Prefetch("profile__topics", queryset=Topic.objects.order_by("name")))
    )
    if filters.q:
        organisations = organisations.filter(
            Q(name__icontains=filters.q)
            | Q(short_name__icontains=filters.q)
            | Q(
                profile__description__icontains=filters.q,
                profile__description_audience__in=audiences,
            )
        )
    if filters.kind:
        organisations = organisations.filter(kind=filters.kind)
    if filters.topic is not None:
        organisations = organisations.filter(
            profile__topics=filters.topic, profile__topics_audience__in=audiences
        )
    if filters.language:
        # JSON "contains" is not portable to SQLite; the quoted code matches one list element.
        organisations = organisations.filter(
            profile__languages__icontains=f'"{filters.language}"',
            profile__topics_audience__in=audiences,
        )
    if filters.municipality is not None:
        organisations = organisations.filter(municipality=filters.municipality)
    if filters.member:
        organisations = organisations.filter(is_member=filters.member == "yes")
    if filters.status:
        organisations = organisations.filter(is_active=filters.status == "active")
    return organisations.order_by("name")


@dataclass(frozen=True)
class OrganisationRow:
    organisation: Organisation
    topics: list[str]
    languages: list[str]


def organisation_rows(
    organisations: Iterable[Organisation], audiences: frozenset[str]
) -> list[OrganisationRow]:
    """Rows for the list page, with only the parts the viewer may read."""
    rows = []
    for organisation in organisations:
        profile = getattr(organisation, "profile", None)
        shown = profile is not None and "topics" in visible_parts(profile, audiences)
        rows.append(
            OrganisationRow(
                organisation=organisation,
                topics=[t.name for t in profile.topics.all()] if shown else [],  # type: ignore[union-attr]
                languages=language_names(profile.languages) if shown else [],  # type: ignore[union-attr]
            )
        )
    return rows


# --- The Steckbrief -------------------------------------------------------------------------


def text_direction(code: str) -> str:
    """ "rtl" for the languages written from right to left (ar, fa, fa-af, …), else "ltr"."""
    return "rtl" if code in settings.LANGUAGES_BIDI else "ltr"


def profile_of(organisation: Organisation) -> Profile:
    """The organisation's Steckbrief, or an empty one that is not saved: reading never writes.
    The first edit stores it (`profile_update`)."""
    try:
        return organisation.profile
    except Profile.DoesNotExist:
        return Profile(organisation=organisation, district=organisation.district)


def profile_vocabulary(profile: Profile) -> dict[str, Any]:
    """Topics, target groups and the names of the spoken languages, for the Steckbrief page and
    its PDF alike; a Steckbrief nobody has saved yet has none."""
    if profile.pk is None:
        return {"topics": [], "target_groups": [], "languages": []}
    return {
        "topics": profile.topics.order_by("name"),
        "target_groups": profile.target_groups.order_by("name"),
        "languages": language_names(profile.languages),
    }


@dataclass(frozen=True)
class Description:
    """The description of a Steckbrief as one viewer reads it."""

    text: str
    language: str  # the language of `text`
    translated: bool  # a translation, not the German original
    machine: bool  # a machine translation nobody has reviewed yet

    @property
    def direction(self) -> str:
        return text_direction(self.language)


def profile_description(profile: Profile, language: str | None = None) -> Description:
    """The description in `language` (default: the current UI language) where a translation in
    it exists and is not outdated; otherwise the German original. Used by the Steckbrief page and
    its PDF alike."""
    original = Description(profile.description, settings.LANGUAGE_CODE, False, False)
    language = (language or get_language() or settings.LANGUAGE_CODE).lower()
    if language == settings.LANGUAGE_CODE or not profile.description:
        return original
    found = (
        ProfileTranslation.objects.filter(profile=profile, language=language)
        .exclude(state=ProfileTranslation.State.OUTDATED)
        .values_list("description", "state")
        .first()
    )
    if found is None or not found[0]:
        return original
    text, state = found
    return Description(text, language, True, state == ProfileTranslation.State.MACHINE)


@dataclass(frozen=True)
class TranslationRow:
    language: str
    name: str
    direction: str
    translation: ProfileTranslation | None


def translation_rows(profile: Profile) -> list[TranslationRow]:
    """Every language the description can be translated into, with its translation if any."""
    existing = {t.language: t for t in profile.translations.all()} if profile.pk else {}
    locale = ui_locale()
    return [
        TranslationRow(code, language_name(code, locale), text_direction(code), existing.get(code))
        for code in translation_languages()
    ]


def contacts_of(user: Any, organisation: Organisation) -> QuerySet[Contact]:
    return (
        Contact.objects.visible_to(user)
        .filter(organisation=organisation)
        .select_related("user")
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("name")))
        .order_by("name")
    )


def relations_of(user: Any, organisation: Organisation) -> dict[str, QuerySet[Relation]]:
    relations = Relation.objects.visible_to(user).select_related("source", "target")
    return {
        "outgoing": relations.filter(source=organisation).order_by("target__name", "kind"),
        "incoming": relations.filter(target=organisation).order_by("source__name", "kind"),
    }


def profile_history(profile: Profile, *, limit: int = 50) -> QuerySet[AuditEvent]:
    """Changes of the profile and of the organisation's own record, newest first."""
    return (
        AuditEvent.objects.filter(district=profile.district_id)
        .filter(
            Q(object_type="network.profile", object_id=str(profile.pk))
            | Q(object_type="districts.organisation", object_id=str(profile.organisation_id))
        )
        .select_related("actor")
        .order_by("-created_at", "-id")[:limit]
    )


@dataclass(frozen=True)
class HistoryRow:
    event: AuditEvent
    action: str
    fields: list[str]


_ACTIONS = {
    "profile.create": _("Steckbrief angelegt"),
    "profile.update": _("Steckbrief geändert"),
    "profile.translation_save": _("Übersetzung der Beschreibung gespeichert"),
    "profile.translation_delete": _("Übersetzung der Beschreibung gelöscht"),
    "profile.translations_outdated": _("Übersetzungen der Beschreibung veraltet"),
    "organisation.create": _("Organisation angelegt"),
    "organisation.update": _("Organisation geändert"),
    "organisation.activate": _("Organisation aktiviert"),
    "organisation.deactivate": _("Organisation deaktiviert"),
}


_TRANSLATION_ACTIONS = {
    "profile.translation_save",
    "profile.translation_delete",
    "profile.translations_outdated",
}


def _field_label(model: type[Model], name: str) -> str:
    try:
        field = model._meta.get_field(name)
        return str(getattr(field, "verbose_name", name))
    except FieldDoesNotExist:
        return name


def history_rows(events: Iterable[AuditEvent]) -> list[HistoryRow]:
    """Who changed what and when, with the fields' names in the UI language (no values)."""
    models: dict[str, type[Model]] = {
        "network.profile": Profile,
        "districts.organisation": Organisation,
    }
    rows = []
    for event in events:
        model = models.get(event.object_type, Profile)
        changes = event.changes or {}
        if event.action in _TRANSLATION_ACTIONS:
            # These name languages, not fields: "Englisch", "Arabisch".
            fields = language_names(changes.get("languages") or [])
        else:
            fields = [_field_label(model, name) for name in changes]
        rows.append(HistoryRow(event, str(_ACTIONS.get(event.action, event.action)), fields))
    return rows
