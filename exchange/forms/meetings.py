"""Forms of the meetings area."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core.forms import SafeModelChoiceField
from districts.audience import audience_members
from districts.audience_forms import AudienceFields
from districts.models import District, Organisation
from ui.forms import KernWidgetsMixin

from ..models.meetings import (
    Meeting,
    MeetingKind,
    Registration,
    RegistrationStatus,
    WorkshopPhase,
)
from .news import RichTextarea

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
# Dates outside these years are typing mistakes (and would overflow time-zone arithmetic).
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _check_year(value: dt.date | dt.datetime | None) -> None:
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise forms.ValidationError(
            _("Bitte ein Datum zwischen %(first)d und %(last)d angeben.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )


class MeetingForm(AudienceFields, KernWidgetsMixin, forms.Form):
    organisation = SafeModelChoiceField(
        label=_("Veranstaltende Organisation"), queryset=Organisation.objects.none()
    )
    kind = forms.ChoiceField(label=_("Art"), choices=MeetingKind.choices)
    phase = forms.ChoiceField(
        label=_("Workshop-Phase"),
        choices=[("", _("keine")), *WorkshopPhase.choices],
        required=False,
        help_text=_("Nur für Workshops einer Reihe: Bedarfsanalyse bis Abschluss."),
    )
    title = forms.CharField(label=_("Titel"), max_length=200)
    description = forms.CharField(
        label=_("Beschreibung"),
        required=False,
        max_length=20000,
        widget=RichTextarea(attrs={"rows": 5}),
        help_text=_("Absätze, Hervorhebungen, Listen und Links sind möglich."),
    )
    agenda = forms.CharField(
        label=_("Tagesordnung"),
        required=False,
        max_length=20000,
        widget=RichTextarea(attrs={"rows": 6}),
    )
    starts_at = forms.DateTimeField(
        label=_("Beginn"), widget=DATETIME, input_formats=DATETIME_FORMATS
    )
    ends_at = forms.DateTimeField(label=_("Ende"), widget=DATETIME, input_formats=DATETIME_FORMATS)
    place = forms.CharField(
        label=_("Ort"),
        required=False,
        max_length=300,
        help_text=_("Raum und Anschrift. Ort oder Online-Link – oder beides."),
    )
    online_url = forms.URLField(
        label=_("Online-Link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Link zur Videokonferenz (http:// oder https://)."),
    )
    capacity = forms.IntegerField(
        label=_("Plätze"),
        required=False,
        min_value=1,
        max_value=100000,
        help_text=_("Leer lassen, wenn die Zahl der Plätze nicht begrenzt ist."),
    )
    registration_until = forms.DateTimeField(
        label=_("Anmeldung bis"),
        required=False,
        widget=DATETIME,
        input_formats=DATETIME_FORMATS,
        help_text=_("Leer lassen: Anmeldung bis zum Beginn."),
    )

    field_order = [
        "organisation",
        "kind",
        "phase",
        "title",
        "description",
        "agenda",
        "starts_at",
        "ends_at",
        "place",
        "online_url",
        "capacity",
        "registration_until",
        "audience",
        "organisations",
        "include_volunteers",
    ]

    def __init__(
        self,
        *args: Any,
        district: District,
        organiser_ids: list[int],
        organisation_fixed: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.setup_audience(district)
        field: Any = self.fields["organisation"]
        field.queryset = Organisation.objects.for_district(district).filter(pk__in=organiser_ids)
        if len(organiser_ids) == 1:
            field.initial = organiser_ids[0]
        # The organiser of an existing meeting stays; the field only shows it.
        field.disabled = organisation_fixed

    def clean_starts_at(self) -> dt.datetime:
        value = self.cleaned_data["starts_at"]
        _check_year(value)
        return value

    def clean_ends_at(self) -> dt.datetime:
        value = self.cleaned_data["ends_at"]
        _check_year(value)
        return value

    def clean_registration_until(self) -> dt.datetime | None:
        value = self.cleaned_data.get("registration_until")
        _check_year(value)
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("Das Ende muss nach dem Beginn liegen."))
        if not cleaned.get("place", "").strip() and not cleaned.get("online_url"):
            self.add_error("place", _("Geben Sie einen Ort oder einen Online-Link an."))
        if cleaned.get("phase") and cleaned.get("kind") != MeetingKind.WORKSHOP:
            self.add_error("phase", _("Eine Phase gibt es nur bei Workshops."))
        return cleaned

    def meeting_data(self) -> dict[str, Any]:
        names = [
            "kind",
            "phase",
            "title",
            "description",
            "agenda",
            "starts_at",
            "ends_at",
            "place",
            "online_url",
            "capacity",
            "registration_until",
        ]
        return {name: self.cleaned_data.get(name) for name in names}


class MinutesForm(KernWidgetsMixin, forms.Form):
    file = forms.FileField(
        label=_("Protokoll"),
        help_text=_(
            "PDF, Office-Dokument (ohne Makros), OpenDocument, Text oder CSV, höchstens 20 MB. "
            "Frühere Versionen bleiben erhalten."
        ),
    )


class TaskForm(KernWidgetsMixin, forms.Form):
    title = forms.CharField(label=_("Aufgabe"), max_length=300)
    owner = SafeModelChoiceField(
        label=_("Verantwortliche Person"),
        queryset=get_user_model().objects.none(),
        required=False,
    )
    owner_organisation = SafeModelChoiceField(
        label=_("Verantwortliche Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
    )
    due_on = forms.DateField(label=_("fällig am"), widget=DATE)

    def __init__(self, *args: Any, district: District, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner: Any = self.fields["owner"]
        owner.queryset = (
            get_user_model()
            .objects.filter(
                memberships__district=district,
                memberships__is_active=True,
                is_active=True,
            )
            .distinct()
            .order_by("name", "pk")
        )
        organisation: Any = self.fields["owner_organisation"]
        organisation.queryset = Organisation.objects.for_district(district).order_by("name")

    def clean_due_on(self) -> dt.date:
        value = self.cleaned_data["due_on"]
        _check_year(value)
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("owner") and not cleaned.get("owner_organisation"):
            self.add_error("owner", _("Nennen Sie eine verantwortliche Person oder Organisation."))
        return cleaned


class KindFilterForm(KernWidgetsMixin, forms.Form):
    art = forms.ChoiceField(
        label=_("Art"), required=False, choices=[("", _("alle")), *MeetingKind.choices]
    )


class RegisterPersonForm(KernWidgetsMixin, forms.Form):
    """An organiser registers someone else: the choice is everyone who may see the meeting
    (and so register for it) and is neither registered nor waiting."""

    person = SafeModelChoiceField(label=_("Person"), queryset=get_user_model().objects.none())

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person: Any = self.fields["person"]
        person.queryset = registrable_people(meeting)


def registrable_people(meeting: Meeting) -> Any:
    # `audience_members` mirrors `Meeting.objects.visible_to` in one query, and everyone in it
    # holds an active membership in the district, which is all `can_register_for_meeting` asks.
    taken = Registration.objects.filter(
        meeting=meeting,
        status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITING],
    ).values("person_id")
    return audience_members(meeting).exclude(pk__in=taken).order_by("name", "pk")
