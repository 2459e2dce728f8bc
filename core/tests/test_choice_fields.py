"""Every model choice field of every form refuses ids the database cannot hold, negative and
non-numeric ones with a form error, never a server error (issue 10).

`test_form_choice_fields` walks every form class defined in the project's apps, and
`test_admin_choice_fields` every form the admin builds for them: a new form whose choice field is
not one of `core.forms`' breaks the build, and so does a form this module cannot build (add its
constructor's argument to `constructor_values`).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.http import QueryDict
from django.test import RequestFactory
from django.urls import reverse

from core.forms import ModelForm, SafeModelChoiceField, SafeModelMultipleChoiceField
from districts.models import Kreis, Municipality, Organisation, Role, Topic
from exchange.models import Thread
from exchange.tests.factories_meetings import MeetingFactory
from network.models import Agreement

HUGE = str(2**63)  # one past the largest BigAutoField; SQLite raised OverflowError on it
BAD_IDS = [
    HUGE,
    str(2**63 - 1 + 10**6),
    str(2**64),
    str(2**31),  # past a 32-bit AutoField (PostgreSQL `integer`), e.g. auth's groups
    "9" * 40,
    "-1",
    str(-(2**63) - 1),
    "abc",
    "1e3",
    "1.5",
    " ",
]


def project_apps() -> list[str]:
    base = Path(settings.BASE_DIR).resolve()
    return [
        config.name
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(base) and ".venv" not in config.path
    ]


def _import_all(app: str) -> None:
    package = importlib.import_module(app)
    for info in pkgutil.walk_packages(package.__path__, f"{app}."):
        parts = info.name.split(".")
        if "tests" not in parts and "migrations" not in parts:
            importlib.import_module(info.name)


def _subclasses(cls: type) -> Iterator[type]:
    subclasses: list[type] = cls.__subclasses__()
    for sub in subclasses:
        yield sub
        yield from _subclasses(sub)


def project_forms() -> list[type[forms.BaseForm]]:
    names = project_apps()
    for app in names:
        _import_all(app)
    found = {
        cls
        for cls in _subclasses(forms.BaseForm)
        if cls.__module__.split(".")[0] in names and ".tests" not in cls.__module__
    }
    # Model forms without a model are bases for the admin; the admin test builds them.
    buildable = [cls for cls in found if getattr(getattr(cls, "_meta", None), "model", True)]
    return sorted(buildable, key=label)


def label(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


# Arguments that a form's signature hides behind **kwargs.
HIDDEN_ARGUMENTS = {
    "accounts.forms.AuthenticateForm": ["user"],
    "accounts.forms.ReauthenticateForm": ["user"],
}


def constructor_values(network: Any) -> dict[str, Any]:
    district = network.district
    two = [network.office.pk, network.other_org.pk]
    return {
        "district": district,
        "organisation": network.other_org,
        "organisations": Organisation.objects.for_district(district),
        "municipalities": Municipality.objects.for_district(district),
        "topics": Topic.objects.for_district(district),
        "entry": Topic.objects.for_district(district).first(),
        "organisation_ids": two,
        "organiser_ids": two,
        "coordinator": True,
        "with_status": True,
        "with_agreements": True,
        "can_assign": True,
        "roles": list(Role.choices),
        "email": "neu@example.org",
        "user": network.staff,
        "language": "en",
        "direction": "ltr",
        "kind": "offer",
        "headers": ["Name"],
        "samples": [],
        "mapping": {},
        "tree": [],
        "meeting": MeetingFactory(author_organisation=network.office),
    }


def constructor_kwargs(form_class: type, values: dict[str, Any]) -> dict[str, Any]:
    parameters = inspect.signature(form_class).parameters.values()
    required = [
        p.name
        for p in parameters
        if p.kind is p.KEYWORD_ONLY and p.default is inspect.Parameter.empty
    ]
    required += HIDDEN_ARGUMENTS.get(label(form_class), [])
    missing = [name for name in required if name not in values]
    assert not missing, f"{label(form_class)} needs {missing}: add them to constructor_values"
    return {name: values[name] for name in required}


def check_choice_fields(build: Any) -> None:
    """`build(data)` makes the form; every enabled model choice field gets each bad id."""
    for name, field in build(None).fields.items():
        if not isinstance(field, forms.ModelChoiceField):
            continue
        multiple = isinstance(field, forms.ModelMultipleChoiceField)
        shared = SafeModelMultipleChoiceField if multiple else SafeModelChoiceField
        assert isinstance(field, shared), f"{name} is a {type(field).__name__}, not {shared}"
        if field.disabled:
            continue
        for bad in BAD_IDS:
            data = QueryDict(mutable=True)
            data.setlist(name, [bad])
            form = build(data)
            assert not form.is_valid(), (name, bad)
            codes = {error.code for error in form.errors.as_data().get(name, [])}
            assert codes & {"invalid_choice", "required"}, (name, bad, form.errors)


@pytest.mark.parametrize("form_class", project_forms(), ids=label)
def test_form_choice_fields(form_class, network):
    kwargs = constructor_kwargs(form_class, constructor_values(network))
    check_choice_fields(lambda data: form_class(data=data, **kwargs))


def project_admins() -> list[admin.ModelAdmin]:
    names = project_apps()
    return sorted(
        (ma for ma in admin.site._registry.values() if ma.__module__.split(".")[0] in names),
        key=lambda ma: label(type(ma)),
    )


@pytest.mark.parametrize("model_admin", project_admins(), ids=lambda ma: label(type(ma)))
def test_admin_choice_fields(model_admin, network, operator):
    request = RequestFactory().get("/admin/")
    request.user = operator
    instance = model_admin.model._default_manager.first()
    for obj in {None, instance}:
        if not model_admin.has_change_permission(request, obj):
            continue
        form_class = model_admin.get_form(request, obj, change=obj is not None)
        check_choice_fields(lambda data, f=form_class, o=obj: f(data=data, instance=o))


def test_the_walks_reach_the_forms_of_issue_10(network):
    """(and so do not pass by finding nothing)."""
    values = constructor_values(network)
    reached = {
        label(cls)
        for cls in project_forms()
        if any(
            isinstance(f, forms.ModelChoiceField)
            for f in cls(**constructor_kwargs(cls, values)).fields.values()
        )
    }
    assert {
        "exchange.forms.discussions.ThreadForm",
        "network.forms.agreements.AgreementForm",
        "directory.forms.entries.EventForm",
        "districts.forms.InvitationForm",
    } <= reached
    admins = {label(type(model_admin)) for model_admin in project_admins()}
    assert {"network.admin.AgreementAdmin", "accounts.admin.UserAdmin"} <= admins


# --- The fields themselves ------------------------------------------------------------------------


@pytest.mark.django_db
def test_valid_ids_still_choose(network):
    single = SafeModelChoiceField(queryset=Organisation.objects.all())
    multiple = SafeModelMultipleChoiceField(queryset=Organisation.objects.all())
    pk = network.office.pk
    assert single.clean(str(pk)) == network.office
    assert single.clean(f" {pk} ") == network.office
    assert single.clean(pk) == network.office
    assert single.clean(network.office) == network.office
    chosen = multiple.clean([str(pk), network.other_org.pk])
    assert set(chosen) == {network.office, network.other_org}


@pytest.mark.django_db
@pytest.mark.parametrize("bad", BAD_IDS)
def test_fields_refuse_bad_ids(bad):
    for field in (
        SafeModelChoiceField(queryset=Organisation.objects.all()),
        SafeModelMultipleChoiceField(queryset=Organisation.objects.all()),
        SafeModelChoiceField(queryset=Group.objects.all()),  # a 32-bit AutoField
        SafeModelMultipleChoiceField(queryset=Group.objects.all()),
    ):
        value = [bad] if isinstance(field, forms.ModelMultipleChoiceField) else bad
        with pytest.raises(forms.ValidationError) as refused:
            field.clean(value)
        assert refused.value.code in {"invalid_choice", "required"}


@pytest.mark.django_db
def test_other_keys_go_to_the_lookup(network):
    """A `to_field_name` that is no integer column is looked up as posted; an integer one gets
    its own column's range."""
    by_slug = SafeModelMultipleChoiceField(
        queryset=type(network.district).objects.all(), to_field_name="slug"
    )
    assert list(by_slug.clean([network.district.slug])) == [network.district]
    for bad in (HUGE, "-1", "abc"):
        with pytest.raises(forms.ValidationError):
            by_slug.clean([bad])
    kreis = network.district.kreis
    by_population = SafeModelChoiceField(queryset=Kreis.objects.all(), to_field_name="population")
    assert by_population.clean(str(kreis.population)).population == kreis.population
    for bad in (HUGE, str(2**31), "-1", "abc"):
        with pytest.raises(forms.ValidationError):
            by_population.clean(bad)
    by_ags = SafeModelChoiceField(queryset=Kreis.objects.all())  # a text primary key
    for bad in (HUGE, "abc"):
        with pytest.raises(forms.ValidationError):
            by_ags.clean(bad)


def test_model_forms_generate_the_shared_fields():
    class AgreementForm(ModelForm):
        class Meta:
            model = Agreement
            fields = ["parties", "responsible"]

    fields = AgreementForm.base_fields
    assert type(fields["parties"]) is SafeModelMultipleChoiceField
    assert type(fields["responsible"]) is SafeModelChoiceField


# --- End to end -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_thread_form_refuses_a_huge_organisation_id(client, network):
    client.force_login(network.coordinator)
    response = client.post(
        reverse("exchange:thread_create"),
        {
            "title": "Frage",
            "body": "<p>Text</p>",
            "audience": "organisations",
            "organisations": [HUGE],
            "mentioned_organisations": [HUGE],
            "mentioned_people": [HUGE],
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"organisations", "mentioned_organisations", "mentioned_people"} <= set(errors)
    assert not Thread.objects.exists()


@pytest.mark.django_db
def test_agreement_form_refuses_a_huge_party_id(client, network):
    client.force_login(network.coordinator)
    response = client.post(
        reverse("network:agreement_create"),
        {
            "title": "Kooperation",
            "status": Agreement.Status.DRAFT,
            "parties": [network.office.pk, network.other_org.pk, HUGE],
            "topics": [HUGE],
            "responsible": HUGE,
        },
    )
    assert response.status_code == 200
    assert {"parties", "topics", "responsible"} <= set(response.context["form"].errors)
    assert not Agreement.objects.exists()
