"""Forms of the network pages. They parse and check input; the services write.

Model forms validate against a fresh instance (the views pass the current values as `initial`),
so a form never changes a stored object.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.forms import ModelForm, SafeModelChoiceField
from core.languages import language_choices
from districts.geo import CONFIRM_OUTSIDE
from districts.geo_forms import OutsideKreisConfirmationMixin
from districts.models import Municipality, Organisation, TargetGroup, Topic
from ui.forms import KernWidgetsMixin

from ..models import Contact, Profile, Relation
from ..services.profiles import validate_logo
from ..services.relations import INCOMING, OUTGOING


class OrganisationFilterForm(KernWidgetsMixin, forms.Form):
    q = forms.CharField(label=_("Suche"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Art"), required=False, choices=[("", _("alle")), *Organisation.Kind.choices]
    )
    topic = SafeModelChoiceField(
        label=_("Handlungsfeld"),
        required=False,
        queryset=Topic.objects.none(),
        empty_label=_("alle"),
    )
    language = forms.ChoiceField(label=_("Sprache"), required=False)
    municipality = SafeModelChoiceField(
        label=_("Gemeinde"),
        required=False,
        queryset=Municipality.objects.none(),
        empty_label=_("alle"),
    )
    member = forms.ChoiceField(
        label=_("Mitglied im Netzwerk"),
        required=False,
        choices=[("", _("alle")), ("yes", _("Mitglied")), ("no", _("kein Mitglied"))],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("alle")), ("active", _("aktiv")), ("dormant", _("ruhend"))],
    )

    def __init__(
        self,
        *args: Any,
        topics: QuerySet[Topic],
        municipalities: QuerySet[Municipality],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = topics  # type: ignore[attr-defined]
        self.fields["municipality"].queryset = municipalities  # type: ignore[attr-defined]
        self.fields["language"].choices = [("", _("alle")), *language_choices()]  # type: ignore[attr-defined]
        self.fields["q"].widget.input_type = "search"


class ProfileForm(OutsideKreisConfirmationMixin, KernWidgetsMixin, ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Gesprochene Sprachen"),
        required=False,
        help_text=_("Mehrere mit Strg (Mac: Cmd) auswählen."),
    )
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG, JPEG oder WebP, höchstens 2 MB und 2000 × 2000 Pixel."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    remove_logo = forms.BooleanField(label=_("Logo entfernen"), required=False)
    use_postcode = forms.BooleanField(
        label=_("Ortsangabe aus der Postleitzahl übernehmen"),
        required=False,
        help_text=_(
            "Entfernt einen auf der Karte gesetzten Ort; Breite und Länge kommen dann wieder "
            "aus der Postleitzahl."
        ),
    )

    class Meta:
        model = Profile
        fields = [
            "description",
            "description_audience",
            "topics",
            "target_groups",
            "languages",
            "topics_audience",
            "street",
            "postcode",
            "city",
            "latitude",
            "longitude",
            "address_audience",
            "opening_hours",
            "opening_hours_audience",
            "contact_audience",
        ]
        help_texts = {
            "latitude": _("Dezimalgrad, z. B. 50,35603. Leer lassen: Ort aus der Postleitzahl."),
            "longitude": _("Dezimalgrad, z. B. 7,59978."),
            "contact_audience": _("E-Mail, Telefon und Website der Organisation."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "opening_hours": forms.Textarea(attrs={"rows": 3}),
            # Text, not type="number": a number input drops the German "50,35603" (and with it
            # the pin) instead of showing it.
            "latitude": forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            "longitude": forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        }

    def __init__(self, *args: Any, district: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        profile = self.instance
        self.fields["topics"].queryset = Topic.objects.for_district(district).choosable(  # type: ignore[attr-defined]
            profile.topics.values_list("pk", flat=True) if profile.pk else ()
        )
        self.fields["target_groups"].queryset = TargetGroup.objects.for_district(  # type: ignore[attr-defined]
            district
        ).choosable(profile.target_groups.values_list("pk", flat=True) if profile.pk else ())
        self.fields["languages"].choices = language_choices()  # type: ignore[attr-defined]
        self.fields["latitude"].localize = True
        self.fields["longitude"].localize = True
        self.fields["latitude"].widget.is_localized = True
        self.fields["longitude"].widget.is_localized = True
        use_postcode = self.is_bound and self["use_postcode"].value()
        self.offer_outside_confirmation(district, skip=bool(use_postcode))

    def clean_postcode(self) -> str:
        postcode = self.cleaned_data.get("postcode", "").strip()
        if postcode and not (postcode.isascii() and postcode.isdigit() and len(postcode) == 5):
            raise ValidationError(_("Eine Postleitzahl hat genau fünf Ziffern."))
        return postcode

    def clean_logo(self) -> Any:
        logo = self.cleaned_data.get("logo")
        if logo:
            try:
                validate_logo(logo)
            except ValidationError as exc:
                raise ValidationError(exc.message_dict["logo"]) from None
        return logo

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("use_postcode"):
            # Empty coordinates: the service takes the place from the postcode again.
            data["latitude"] = data["longitude"] = None
            return data
        half = (data.get("latitude") is None) != (data.get("longitude") is None)
        if half and "latitude" not in self.errors and "longitude" not in self.errors:
            self.add_error(
                "latitude", _("Bitte geben Sie Breite und Länge an – oder keins von beiden.")
            )
        return data

    def service_data(self) -> dict[str, Any]:
        """What `profile_update` takes: the cleaned values without the form's own switches."""
        return {
            k: v for k, v in self.cleaned_data.items() if k not in {"use_postcode", CONFIRM_OUTSIDE}
        }


class ProfileTranslationForm(KernWidgetsMixin, forms.Form):
    """The description of a Steckbrief in one language; the textarea is marked with the
    language and its writing direction, so screen readers and the browser set it right."""

    description = forms.CharField(
        label=_("Beschreibung"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    reviewed = forms.BooleanField(
        label=_("Die Übersetzung ist geprüft"),
        required=False,
        help_text=_(
            "Ohne Haken gilt sie als maschinell übersetzt und ungeprüft; "
            "sie wird dann mit diesem Hinweis angezeigt."
        ),
    )

    def __init__(self, *args: Any, language: str, direction: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["description"].widget.attrs.update({"lang": language, "dir": direction})


class ContactForm(KernWidgetsMixin, ModelForm):
    languages = forms.MultipleChoiceField(label=_("Sprachen"), required=False)

    class Meta:
        model = Contact
        fields = ["name", "function", "email", "phone", "languages", "topics", "user", "is_public"]
        help_texts = {
            "is_public": _("Sonst sehen nur Fachkräfte im Netzwerk diese Ansprechperson."),
            "user": _("Wenn die Person ein Konto in Lotse hat."),
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        contact = self.instance
        self.fields["topics"].queryset = Topic.objects.for_district(  # type: ignore[attr-defined]
            organisation.district
        ).choosable(contact.topics.values_list("pk", flat=True) if contact.pk else ())
        members = organisation.memberships.active().values("user_id")
        self.fields["user"].queryset = get_user_model().objects.filter(pk__in=members)  # type: ignore[attr-defined]
        self.fields["languages"].choices = language_choices()  # type: ignore[attr-defined]


class RelationForm(KernWidgetsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Art der Beziehung"), choices=Relation.Kind.choices)
    direction = forms.ChoiceField(
        label=_("Richtung"),
        choices=[
            (OUTGOING, _("von dieser Organisation zur anderen")),
            (INCOMING, _("von der anderen Organisation zu dieser")),
        ],
        initial=OUTGOING,
        help_text=_(
            "Nur bei gerichteten Arten (Förderung, Mitgliedschaft, Trägerschaft / Patenschaft, "
            "Verweispartner): z. B. „fördert“ oder „ist Mitglied bei“."
        ),
    )
    other = SafeModelChoiceField(
        label=_("andere Organisation"), queryset=Organisation.objects.none()
    )
    since = forms.DateField(
        label=_("seit"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(label=_("Notiz"), required=False, max_length=500)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = Organisation.objects.for_district(organisation.district).exclude(
            pk=organisation.pk
        )
        self.fields["other"].queryset = others.order_by("name")  # type: ignore[attr-defined]
