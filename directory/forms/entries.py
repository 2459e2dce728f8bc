"""The edit forms of offers, places and events: structured fields and the German texts in one
form, split for the services by `entry_data()` and `texts()`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.forms import SafeModelChoiceField
from core.languages import language_choices
from districts.geo_forms import OutsideKreisConfirmationMixin
from districts.models import Municipality, Organisation, TargetGroup, Topic
from ui.forms import KernWidgetsMixin

from ..models import (
    Event,
    Offer,
    Place,
    Status,
)
from ..services.entries import EVENT_FIELDS, OFFER_FIELDS, PLACE_FIELDS, TEXT_KINDS

BIDI_LANGUAGES = set(settings.LANGUAGES_BIDI)


def vocabulary_choices(model: Any, district: Any, carried: Any = ()) -> list[tuple[str, str]]:
    """(code, name) of the district's entries the directory offers, in their order, plus those
    the offer already carries (an entry taken out of the directory stays on it when saved)."""
    entries = model.objects.for_district(district).filter(
        Q(is_active=True, in_directory=True) | Q(code__in=list(carried))
    )
    return list(entries.order_by("position", "name", "pk").values_list("code", "name"))


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
TRI_STATE = [("", _("unbekannt")), ("true", _("ja")), ("false", _("nein"))]


def _tri_state(value: Any) -> bool | None:
    return {"true": True, "false": False}.get(str(value))


class DirectoryForm(KernWidgetsMixin, forms.Form):
    """Splits the cleaned data into the entry's fields and its German texts."""

    entry_fields: list[str] = []
    text_kind = "offer"

    def entry_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.entry_fields}

    def texts(self) -> dict[str, Any]:
        fields = TEXT_KINDS[self.text_kind].fields
        return {name: self.cleaned_data.get(name, "") for name in fields if name in self.fields}


# --- Offers -------------------------------------------------------------------------------------


class OfferForm(DirectoryForm):
    entry_fields = OFFER_FIELDS
    text_kind = "offer"

    title = forms.CharField(label=_("Titel"), max_length=200)
    summary = forms.CharField(label=_("Kurzbeschreibung"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Beschreibung"), max_length=10000, required=False, widget=forms.Textarea
    )
    eligibility = forms.CharField(
        label=_("Wer kann teilnehmen?"),
        max_length=500,
        required=False,
        help_text=_("z. B. Voraussetzungen zum Aufenthaltsstatus"),
    )
    cost_note = forms.CharField(label=_("Kosten"), max_length=300, required=False)
    accessibility_note = forms.CharField(
        label=_("Hinweise zur Barrierefreiheit"), max_length=500, required=False
    )
    easy_language = forms.CharField(
        label=_("Leichte Sprache"),
        max_length=5000,
        required=False,
        widget=forms.Textarea,
        help_text=_("Der Text in Leichter Sprache (nur Deutsch)."),
    )
    organisation = SafeModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False
    )
    kind = forms.ChoiceField(label=_("Art"), choices=Offer.Kind.choices)
    topics = forms.MultipleChoiceField(
        label=_("Themen"),
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Zielgruppen"),
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Sprachen, in denen geholfen wird"), choices=(), required=False
    )
    place = SafeModelChoiceField(label=_("Ort"), queryset=Place.objects.none(), required=False)
    format = forms.ChoiceField(label=_("Form"), choices=Offer.Format.choices)
    meeting_link = forms.URLField(label=_("Link zur Online-Teilnahme"), required=False)
    booking_link = forms.URLField(label=_("Link zur Anmeldung oder Terminbuchung"), required=False)
    free_of_charge = forms.BooleanField(label=_("kostenlos"), required=False)
    barrier_free = forms.TypedChoiceField(
        label=_("barrierefrei"), choices=TRI_STATE, coerce=_tri_state, required=False
    )
    childcare = forms.BooleanField(label=_("mit Kinderbetreuung"), required=False)
    contact_email = forms.EmailField(label=_("E-Mail für Anfragen"), required=False)
    contact_phone = forms.CharField(label=_("Telefon für Anfragen"), max_length=40, required=False)
    valid_from = forms.DateField(label=_("gültig ab"), required=False, widget=DATE)
    valid_until = forms.DateField(label=_("gültig bis"), required=False, widget=DATE)
    review_on = forms.DateField(
        label=_("prüfen bis"),
        required=False,
        widget=DATE,
        help_text=_("Leer: in zwölf Monaten. Danach gilt der Eintrag als zu prüfen."),
    )

    def __init__(self, *args: Any, district: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["organisation"].queryset = organisations
        fields["place"].queryset = Place.objects.for_district(district).exclude(
            status__in=[Status.ARCHIVED, Status.REJECTED]
        )
        fields["languages"].choices = language_choices()
        for name, model in (("topics", Topic), ("target_groups", TargetGroup)):
            carried = self.initial.get(name) or ()
            fields[name].choices = vocabulary_choices(model, district, carried)

    def clean_barrier_free(self) -> bool | None:
        return _tri_state(self.data.get(self.add_prefix("barrier_free")))

    @staticmethod
    def initial_for(offer: Offer, original: Any) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(offer, name) for name in OFFER_FIELDS}
        initial["barrier_free"] = {True: "true", False: "false"}.get(offer.barrier_free, "")  # type: ignore[arg-type]
        if original is not None:
            initial.update({name: getattr(original, name) for name in TEXT_KINDS["offer"].fields})
        return initial


# --- Places and events --------------------------------------------------------------------------


class PlaceForm(OutsideKreisConfirmationMixin, DirectoryForm):
    entry_fields = PLACE_FIELDS
    text_kind = "place"

    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Beschreibung"), max_length=5000, required=False, widget=forms.Textarea
    )
    directions = forms.CharField(label=_("Anfahrt"), max_length=500, required=False)
    opening_hours = forms.CharField(label=_("Öffnungszeiten"), max_length=500, required=False)
    organisation = SafeModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False
    )
    street = forms.CharField(label=_("Straße und Hausnummer"), max_length=200, required=False)
    postcode = forms.RegexField(
        label=_("Postleitzahl"),
        regex=r"^\d{5}$",
        required=False,
        error_messages={"invalid": _("Eine Postleitzahl hat fünf Ziffern.")},
    )
    city = forms.CharField(label=pgettext_lazy("Adresse", "Ort"), max_length=100, required=False)
    municipality = SafeModelChoiceField(
        label=_("Gemeinde"), queryset=Municipality.objects.none(), required=False
    )
    latitude = forms.DecimalField(
        label=_("Breite"),
        required=False,
        max_digits=8,
        decimal_places=5,
        min_value=-90,
        max_value=90,
    )
    longitude = forms.DecimalField(
        label=_("Länge"),
        required=False,
        max_digits=8,
        decimal_places=5,
        min_value=-180,
        max_value=180,
    )
    barrier_free = forms.TypedChoiceField(
        label=_("barrierefrei erreichbar"), choices=TRI_STATE, coerce=_tri_state, required=False
    )

    def __init__(self, *args: Any, district: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["organisation"].queryset = organisations
        fields["municipality"].queryset = Municipality.objects.for_district(district)
        self.offer_outside_confirmation(district)

    def clean_barrier_free(self) -> bool | None:
        return _tri_state(self.data.get(self.add_prefix("barrier_free")))

    @staticmethod
    def initial_for(place: Place, original: Any) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(place, name) for name in PLACE_FIELDS}
        initial["barrier_free"] = {True: "true", False: "false"}.get(place.barrier_free, "")  # type: ignore[arg-type]
        if original is not None:
            initial.update(
                {n: getattr(original, n) for n in ("description", "directions", "opening_hours")}
            )
        return initial


class EventForm(DirectoryForm):
    entry_fields = EVENT_FIELDS
    text_kind = "event"

    title = forms.CharField(label=_("Titel"), max_length=200)
    description = forms.CharField(
        label=_("Beschreibung"), max_length=10000, required=False, widget=forms.Textarea
    )
    organisation = SafeModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False
    )
    offer = SafeModelChoiceField(label=_("Angebot"), queryset=Offer.objects.none(), required=False)
    place = SafeModelChoiceField(label=_("Ort"), queryset=Place.objects.none(), required=False)
    starts_at = forms.DateTimeField(
        label=_("Beginn"), widget=DATETIME, input_formats=DATETIME_FORMATS
    )
    ends_at = forms.DateTimeField(
        label=_("Ende"), required=False, widget=DATETIME, input_formats=DATETIME_FORMATS
    )
    all_day = forms.BooleanField(label=_("ganztägig"), required=False)
    rrule = forms.CharField(
        label=_("Wiederholung (RRULE)"),
        max_length=500,
        required=False,
        help_text=_(
            "iCalendar-Regel, z. B. FREQ=WEEKLY;INTERVAL=2;BYDAY=TU für jeden zweiten Dienstag."
        ),
    )
    exdates = forms.CharField(
        label=_("Ausnahmen"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Termine, die ausfallen: ein Datum je Zeile, z. B. 2025-12-23."),
    )
    free_of_charge = forms.BooleanField(label=_("kostenlos"), required=False)

    def __init__(self, *args: Any, district: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["organisation"].queryset = organisations
        fields["place"].queryset = Place.objects.for_district(district)
        fields["offer"].queryset = (
            Offer.objects.for_district(district)
            .exclude(status__in=[Status.SUBMITTED, Status.REJECTED])
            .prefetch_related("translations")
        )
        fields["offer"].label_from_instance = _offer_label

    @staticmethod
    def initial_for(event: Event, original: Any) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(event, name) for name in EVENT_FIELDS}
        initial["exdates"] = "\n".join(event.exdates or [])
        if event.starts_at:
            initial["starts_at"] = timezone.localtime(event.starts_at)
        if event.ends_at:
            initial["ends_at"] = timezone.localtime(event.ends_at)
        if original is not None:
            initial.update({"title": original.title, "description": original.description})
        return initial


def _offer_label(offer: Offer) -> str:
    for row in offer.translations.all():
        if row.language == "de":
            return row.title
    return str(offer)
