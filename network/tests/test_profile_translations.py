"""Translations of a Steckbrief's description: states, who may edit them, which text a viewer
reads on the page and in the PDF, and random input to the form."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.models import AuditEvent
from network.models import ProfileTranslation
from network.selectors.profiles import profile_description
from network.services.profiles import (
    profile_translation_delete,
    profile_translation_save,
    profile_update,
)
from network.views.pdf import steckbrief_html

from .factories import ProfileFactory, ProfileTranslationFactory

pytestmark = pytest.mark.django_db

GERMAN = "Wir beraten Familien in allen Lebenslagen."
ENGLISH = "We advise families in every situation of life."
ARABIC = "نقدم المشورة للعائلات في جميع مواقف الحياة."
State = ProfileTranslation.State


def edit_url(organisation: Any, language: str) -> str:
    return reverse("network:profile_translation_edit", args=[organisation.pk, language])


def delete_url(organisation: Any, language: str) -> str:
    return reverse("network:profile_translation_delete", args=[organisation.pk, language])


def signed_in(user: Any, language: str | None = None) -> Client:
    client = Client()
    client.force_login(user)
    if language:
        client.cookies["lotse_language"] = language
    return client


def steckbrief(client: Client, organisation: Any) -> str:
    response = client.get(reverse("network:organisation", args=[organisation.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def profile(network: Any) -> Any:
    return ProfileFactory(organisation=network.office, description=GERMAN)


# --- States ---------------------------------------------------------------------------------


def test_saving_sets_machine_or_reviewed_and_is_audited(network, profile):
    saved = profile_translation_save(
        actor=network.coordinator, profile=profile, language="en", description=ENGLISH,
        reviewed=False,
    )  # fmt: skip
    assert saved.state == State.MACHINE
    saved = profile_translation_save(
        actor=network.coordinator, profile=profile, language="en", description=ENGLISH,
        reviewed=True,
    )  # fmt: skip
    assert saved.state == State.REVIEWED
    assert ProfileTranslation.objects.filter(profile=profile).count() == 1
    events = AuditEvent.objects.filter(action="profile.translation_save", object_id=profile.pk)
    assert events.count() == 2


def test_a_change_of_the_german_text_outdates_every_translation(network, profile):
    ProfileTranslationFactory(profile=profile, language="en", state=State.REVIEWED)
    ProfileTranslationFactory(profile=profile, language="ar", state=State.MACHINE)

    profile_update(actor=network.coordinator, profile=profile, data={"description": "Neu."})

    states = set(ProfileTranslation.objects.filter(profile=profile).values_list("state", flat=True))
    assert states == {State.OUTDATED}
    assert AuditEvent.objects.filter(action="profile.translations_outdated").count() == 1


def test_other_changes_keep_the_translations_current(network, profile):
    ProfileTranslationFactory(profile=profile, language="en", state=State.REVIEWED)

    profile_update(
        actor=network.coordinator, profile=profile, data={"description": GERMAN, "city": "Mayen"}
    )

    assert ProfileTranslation.objects.get(profile=profile).state == State.REVIEWED


def test_saving_an_outdated_translation_makes_it_current_again(network, profile):
    ProfileTranslationFactory(profile=profile, language="en", state=State.OUTDATED)
    profile_translation_save(
        actor=network.coordinator, profile=profile, language="en", description=ENGLISH,
        reviewed=True,
    )  # fmt: skip
    assert ProfileTranslation.objects.get(profile=profile).state == State.REVIEWED


@pytest.mark.parametrize("language", ["de", "xx", "fr", ""])
def test_only_the_ui_languages_but_german_can_be_translated(network, profile, language):
    with pytest.raises(ValidationError):
        profile_translation_save(
            actor=network.coordinator, profile=profile, language=language,
            description=ENGLISH, reviewed=True,
        )  # fmt: skip
    assert not ProfileTranslation.objects.exists()


def test_no_translation_without_a_german_original(network):
    empty = ProfileFactory(organisation=network.office, description="")
    with pytest.raises(ValidationError):
        profile_translation_save(
            actor=network.coordinator, profile=empty, language="en", description=ENGLISH,
            reviewed=True,
        )  # fmt: skip


# --- Which text a viewer reads --------------------------------------------------------------


def test_the_steckbrief_shows_the_translation_in_the_ui_language(network, profile):
    ProfileTranslationFactory(profile=profile, language="en", description=ENGLISH)

    english = steckbrief(signed_in(network.staff, "en"), network.office)
    german = steckbrief(signed_in(network.staff), network.office)

    assert ENGLISH in english and GERMAN not in english
    assert 'lang="en"' in english
    assert re.search(r'kern-label--small">(übersetzt|translated)<', english)
    assert GERMAN in german and ENGLISH not in german
    assert not re.search(r'kern-label--small">übersetzt<', german)


def test_an_outdated_translation_is_not_shown(network, profile):
    ProfileTranslationFactory(
        profile=profile, language="en", description=ENGLISH, state=State.OUTDATED
    )
    page = steckbrief(signed_in(network.staff, "en"), network.office)
    assert GERMAN in page and ENGLISH not in page


def test_a_machine_translation_is_marked_as_unreviewed(network, profile):
    ProfileTranslationFactory(
        profile=profile, language="en", description=ENGLISH, state=State.MACHINE
    )
    with translation.override("de"):
        found = profile_description(profile, "en")
    assert found.translated and found.machine and found.text == ENGLISH


def test_the_choice_follows_the_active_language(network, profile):
    ProfileTranslationFactory(profile=profile, language="ar", description=ARABIC)
    with translation.override("ar"):
        arabic = profile_description(profile)
    with translation.override("en"):
        english = profile_description(profile)
    assert (arabic.text, arabic.direction, arabic.translated) == (ARABIC, "rtl", True)
    assert (english.text, english.language, english.translated) == (GERMAN, "de", False)


def test_internal_pages_in_arabic_fall_back_to_german_and_so_does_the_description(network, profile):
    ProfileTranslationFactory(profile=profile, language="ar", description=ARABIC)
    page = steckbrief(signed_in(network.staff, "ar"), network.office)
    assert GERMAN in page and ARABIC not in page


def _pdf_html(user: Any, district: Any, organisation: Any, language: str) -> str:
    request = RequestFactory().get("/")
    request.user = user
    request.district = district  # type: ignore[attr-defined]
    with translation.override(language):
        return steckbrief_html(request, organisation)


def test_the_pdf_makes_the_same_choice(network, profile):
    ProfileTranslationFactory(profile=profile, language="en", description=ENGLISH)
    assert ENGLISH in _pdf_html(network.staff, network.district, network.office, "en")
    assert GERMAN in _pdf_html(network.staff, network.district, network.office, "de")

    ProfileTranslation.objects.update(state=State.OUTDATED)
    html = _pdf_html(network.staff, network.district, network.office, "en")
    assert GERMAN in html and ENGLISH not in html


def test_volunteers_get_no_internal_description_in_any_language(network):
    internal = ProfileFactory(
        organisation=network.office, description=GERMAN, description_audience="internal"
    )
    ProfileTranslationFactory(profile=internal, language="en", description=ENGLISH)
    page = steckbrief(signed_in(network.volunteer, "en"), network.office)
    assert GERMAN not in page and ENGLISH not in page


# --- The pages ------------------------------------------------------------------------------


def test_the_edit_page_lists_the_languages_with_their_state_as_text(network, profile):
    ProfileTranslationFactory(profile=profile, language="en", state=State.REVIEWED)
    ProfileTranslationFactory(profile=profile, language="ar", state=State.OUTDATED)
    client = signed_in(network.coordinator)

    page = client.get(reverse("network:profile_edit", args=[network.office.pk])).content.decode()

    assert "Übersetzungen der Beschreibung" in page
    assert "geprüft" in page and "veraltet" in page and "keine Übersetzung" in page
    assert edit_url(network.office, "uk") in page
    assert delete_url(network.office, "en") in page


def test_adding_a_translation_through_the_form(network, profile):
    client = signed_in(network.coordinator)
    url = edit_url(network.office, "ar")

    page = client.get(url).content.decode()
    assert 'lang="ar"' in page and 'dir="rtl"' in page
    assert GERMAN in page  # the original to translate from

    response = client.post(url, {"description": ARABIC, "reviewed": "on"})

    assert response.status_code == 302
    saved = ProfileTranslation.objects.get(profile=profile, language="ar")
    assert (saved.description, saved.state) == (ARABIC, State.REVIEWED)


def test_left_to_right_languages_get_ltr(network, profile):
    page = signed_in(network.coordinator).get(edit_url(network.office, "uk")).content.decode()
    assert 'lang="uk"' in page and 'dir="ltr"' in page


def test_an_empty_translation_is_refused_with_a_message(network, profile):
    response = signed_in(network.coordinator).post(edit_url(network.office, "en"), {})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not ProfileTranslation.objects.exists()


def test_deleting_a_translation(network, profile):
    ProfileTranslationFactory(profile=profile, language="en")
    response = signed_in(network.coordinator).post(delete_url(network.office, "en"))
    assert response.status_code == 302
    assert not ProfileTranslation.objects.exists()
    assert AuditEvent.objects.filter(action="profile.translation_delete").exists()


def test_the_history_names_the_languages(network, profile):
    profile_translation_save(
        actor=network.coordinator, profile=profile, language="uk", description="Текст",
        reviewed=False,
    )  # fmt: skip
    page = steckbrief(signed_in(network.coordinator), network.office)
    assert "Übersetzung der Beschreibung gespeichert" in page
    assert "Ukrainisch" in page


# --- Permissions ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["volunteer", "staff"])
def test_volunteers_and_staff_are_refused(network, profile, role):
    ProfileTranslationFactory(profile=profile, language="en")
    client = signed_in(getattr(network, role))
    assert client.get(edit_url(network.office, "en")).status_code == 403
    assert client.post(edit_url(network.office, "en"), {"description": "x"}).status_code == 403
    assert client.post(delete_url(network.office, "en")).status_code == 403
    with pytest.raises(PermissionDenied):
        profile_translation_save(
            actor=getattr(network, role), profile=profile, language="ar", description="x",
            reviewed=False,
        )  # fmt: skip
    assert ProfileTranslation.objects.get(profile=profile).language == "en"


def test_an_org_admin_edits_only_their_own_organisation(network, profile):
    ProfileTranslationFactory(profile=profile, language="en")
    ProfileFactory(organisation=network.other_org, description=GERMAN)
    client = signed_in(network.org_admin)

    assert client.get(edit_url(network.office, "en")).status_code == 404
    assert client.post(delete_url(network.office, "en")).status_code == 404
    assert client.get(edit_url(network.other_org, "en")).status_code == 200
    with pytest.raises(PermissionDenied):
        profile_translation_delete(
            actor=network.org_admin, translation=ProfileTranslation.objects.get()
        )


def test_other_districts_look_missing(network, other_network, profile):
    ProfileTranslationFactory(profile=profile, language="en")
    client = signed_in(other_network.coordinator)
    assert client.get(edit_url(network.office, "en")).status_code == 404
    assert client.post(edit_url(network.office, "en"), {"description": "x"}).status_code == 404
    assert client.post(delete_url(network.office, "en")).status_code == 404
    assert ProfileTranslation.objects.get().description != "x"


def test_unknown_languages_and_missing_translations_are_404(network, profile):
    client = signed_in(network.coordinator)
    assert client.get(edit_url(network.office, "de")).status_code == 404
    assert client.get(edit_url(network.office, "xx")).status_code == 404
    assert client.post(delete_url(network.office, "en")).status_code == 404


# --- Random input ---------------------------------------------------------------------------

FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
field_values = st.one_of(
    st.text(max_size=80),
    st.text(min_size=4990, max_size=5020, alphabet="ab "),
    st.sampled_from(["", " ", "on", "true", "0", "\x00", "ع" * 10]),
)


@FUZZ
@given(
    data=st.fixed_dictionaries(
        {},
        optional={
            "description": st.one_of(field_values, st.lists(field_values, max_size=3)),
            "reviewed": st.one_of(field_values, st.lists(field_values, max_size=3)),
        },
    ),
    language=st.sampled_from(["en", "ar", "fa-af", "de", "xx", "EN"]),
)
def test_the_translation_form_never_fails(client, network, data, language):
    profile = ProfileFactory(organisation=network.office, description=GERMAN)
    before = list(ProfileTranslation.objects.values_list("language", "description", "state"))
    client.force_login(network.coordinator)

    response = client.post(edit_url(network.office, language), data)

    assert response.status_code in (200, 302, 404)
    if response.status_code != 302:
        after = list(ProfileTranslation.objects.values_list("language", "description", "state"))
        assert after == before
    else:
        assert ProfileTranslation.objects.filter(profile=profile, language=language).exists()
