"""Forms of the library area. They parse and check input; the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import SafeModelChoiceField, SafeModelMultipleChoiceField
from core.uploads import KIND_LABELS
from districts.audience_forms import AudienceFields
from districts.models import District, Organisation, Topic
from ui.forms import KernWidgetsMixin

from ..models.library import Folder
from ..selectors.library import QUERY_MAX, FolderNode, flatten
from ..services.library import (
    DESCRIPTION_MAX,
    FOLDER_DESCRIPTION_MAX,
    FOLDER_NAME_MAX,
    NOTE_MAX,
    TITLE_MAX,
)

FILE_HELP = _(
    "PDF, Word, Excel, PowerPoint, OpenDocument, Bilder (PNG, JPEG, GIF, WebP), Text oder CSV. "
    "Die Datei wird nach ihrem Inhalt geprüft."
)


class FolderChoiceField(forms.ChoiceField):
    """Folders of the district as an indented tree; cleans to a `Folder` (or None)."""

    def __init__(self, *args: Any, empty_label: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.empty_label = empty_label
        self.folders: dict[str, Folder] = {}

    def set_tree(self, tree: list[FolderNode], *, exclude: Folder | None = None) -> None:
        rows = flatten(tree)
        if exclude is not None:
            # A folder cannot move into itself or below itself.
            hidden = {exclude.pk}
            for node in rows:
                if node.folder.pk == exclude.pk:
                    hidden |= {child.folder.pk for child in flatten(node.children)}
            rows = [node for node in rows if node.folder.pk not in hidden]
        self.folders = {str(node.folder.pk): node.folder for node in rows}
        choices = [("", self.empty_label)] if self.empty_label is not None else []
        choices += [
            (str(node.folder.pk), "\u2003" * node.depth + node.folder.name) for node in rows
        ]
        self.choices = choices

    def clean(self, value: Any) -> Folder | None:
        value = super().clean(value)
        return self.folders.get(str(value)) if value else None


class FolderForm(KernWidgetsMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=FOLDER_NAME_MAX)
    description = forms.CharField(
        label=_("Beschreibung"),
        max_length=FOLDER_DESCRIPTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    parent = FolderChoiceField(
        label=_("Liegt in"),
        required=False,
        empty_label=_("– oberste Ebene –"),
    )
    position = forms.IntegerField(
        label=_("Reihenfolge"),
        min_value=0,
        max_value=10_000,
        required=False,
        help_text=_("Kleinere Zahlen stehen weiter oben. Leer lassen: ans Ende."),
    )

    def __init__(
        self, *args: Any, tree: list[FolderNode], folder: Folder | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        parent: Any = self.fields["parent"]
        parent.set_tree(tree, exclude=folder)

    def service_data(self) -> dict[str, Any]:
        return {
            "name": self.cleaned_data["name"],
            "description": self.cleaned_data.get("description") or "",
            "parent": self.cleaned_data.get("parent"),
            "position": self.cleaned_data.get("position"),
        }


class DocumentForm(AudienceFields, KernWidgetsMixin, forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=TITLE_MAX)
    description = forms.CharField(
        label=_("Beschreibung"),
        max_length=DESCRIPTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Wofür ist das Dokument da, für wen, was steht darin?"),
    )
    folder = FolderChoiceField(label=_("Ordner"))
    topics = SafeModelMultipleChoiceField(
        label=_("Handlungsfelder"),
        queryset=Topic.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    organisation = SafeModelChoiceField(
        label=_("Hochladen für"), queryset=Organisation.objects.none(), empty_label=None
    )
    organisations = SafeModelMultipleChoiceField(
        label=_("Ausgewählte Organisationen"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Nur wenn das Dokument für ausgewählte Organisationen bestimmt ist. Ihre eigene "
            "Organisation gehört immer dazu."
        ),
    )
    file = forms.FileField(label=_("Datei"), help_text=FILE_HELP)
    note = forms.CharField(
        label=_("Hinweis zur Version"),
        max_length=NOTE_MAX,
        required=False,
        help_text=_("Zum Beispiel: „Erste Fassung“ oder „Stand März“."),
    )

    field_order = [
        "title",
        "description",
        "folder",
        "topics",
        "organisation",
        "audience",
        "organisations",
        "include_volunteers",
        "file",
        "note",
    ]

    def __init__(
        self,
        *args: Any,
        district: District,
        tree: list[FolderNode],
        organisation_ids: list[int],
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.setup_audience(district)
        organisations: Any = self.fields["organisations"]
        organisations.queryset = (
            Organisation.objects.for_district(district).active().order_by("name")
        )
        folder: Any = self.fields["folder"]
        folder.set_tree(tree)
        topics: Any = self.fields["topics"]
        topics.queryset = Topic.objects.filter(district=district).order_by("name")
        if editing:
            for name in ("file", "note", "organisation"):
                del self.fields[name]
        elif len(organisation_ids) < 2:
            del self.fields["organisation"]
        else:
            organisation: Any = self.fields["organisation"]
            organisation.queryset = Organisation.objects.filter(pk__in=organisation_ids).order_by(
                "name"
            )

    def service_data(self) -> dict[str, Any]:
        data = {
            "title": self.cleaned_data["title"],
            "description": self.cleaned_data.get("description") or "",
            "folder": self.cleaned_data["folder"],
            "topics": list(self.cleaned_data.get("topics") or []),
            **self.audience_data(),
        }
        for name in ("organisation", "note"):
            if name in self.fields:
                data[name] = self.cleaned_data.get(name)
        if "file" in self.fields:
            data["upload"] = self.cleaned_data["file"]
        return data


class VersionForm(KernWidgetsMixin, forms.Form):
    file = forms.FileField(label=_("Neue Fassung"), help_text=FILE_HELP)
    note = forms.CharField(
        label=_("Was hat sich geändert?"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SearchForm(KernWidgetsMixin, forms.Form):
    q = forms.CharField(label=_("Suchbegriff"), max_length=QUERY_MAX, required=False)
    topic = SafeModelChoiceField(
        label=_("Handlungsfeld"),
        queryset=Topic.objects.none(),
        required=False,
        empty_label=_("Alle Handlungsfelder"),
    )
    kind = forms.ChoiceField(label=_("Dateiart"), required=False)

    def __init__(self, *args: Any, district: District, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        topic: Any = self.fields["topic"]
        topic.queryset = Topic.objects.filter(district=district).order_by("name")
        kind: Any = self.fields["kind"]
        kind.choices = [("", _("Alle Dateiarten")), *KIND_LABELS.items()]

    @property
    def active(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.get(key) for key in ("q", "topic", "kind"))
