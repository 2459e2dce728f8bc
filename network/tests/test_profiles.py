import io

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from core.audit import audit
from core.models import AuditEvent
from districts.tests.factories import MunicipalityFactory, OrganisationFactory
from network.models import Audience, Contact, Profile
from network.selectors.profiles import profile_of
from network.services.profiles import (
    contact_create,
    contact_delete,
    contact_update,
    profile_get_or_create,
    profile_update,
)

from .factories import ContactFactory, ProfileFactory, TargetGroupFactory, TopicFactory

pytestmark = pytest.mark.django_db

INTERNAL, VOLUNTEERS, PUBLIC = Audience.INTERNAL, Audience.VOLUNTEERS, Audience.PUBLIC


def png(size=(10, 10), fmt="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, fmt)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def page(client, user, organisation):
    client.force_login(user)
    response = client.get(reverse("network:organisation", args=[organisation.pk]))
    assert response.status_code == 200
    return response.content.decode()


# --- Visibility of the parts --------------------------------------------------------------


PARTS = [
    ("description_audience", {"description": "Geheime Beschreibung"}),
    ("address_audience", {"street": "Verborgene Gasse 7"}),
    ("opening_hours_audience", {"opening_hours": "Dienstags 13–15 Uhr"}),
    ("topics_audience", {"languages": ["ti"]}),
]


@pytest.mark.parametrize(("audience_field", "values"), PARTS)
@pytest.mark.parametrize(
    ("audience", "volunteer_sees"), [(INTERNAL, False), (VOLUNTEERS, True), (PUBLIC, True)]
)
def test_each_part_is_shown_by_its_audience(
    client, network, audience_field, values, audience, volunteer_sees
):
    ProfileFactory(organisation=network.office, **values, **{audience_field: audience})
    marker = "Tigrinya" if "languages" in values else next(iter(values.values()))
    assert marker in page(client, network.staff, network.office)
    assert marker in page(client, network.org_admin, network.office)
    assert marker in page(client, network.coordinator, network.office)
    assert (marker in page(client, network.volunteer, network.office)) is volunteer_sees


def test_contact_details_follow_their_audience(client, network):
    network.office.email = "buero@example.org"
    network.office.save()
    ProfileFactory(organisation=network.office, contact_audience=INTERNAL)
    assert "buero@example.org" in page(client, network.staff, network.office)
    assert "buero@example.org" not in page(client, network.volunteer, network.office)


def test_volunteers_see_only_public_contacts(client, network):
    ContactFactory(organisation=network.office, name="Frau Intern", is_public=False)
    ContactFactory(organisation=network.office, name="Herr Offen", is_public=True)
    staff_html = page(client, network.staff, network.office)
    assert "Frau Intern" in staff_html and "Herr Offen" in staff_html
    volunteer_html = page(client, network.volunteer, network.office)
    assert "Herr Offen" in volunteer_html
    assert "Frau Intern" not in volunteer_html


def test_topics_and_target_groups_and_language_names(client, network):
    topic = TopicFactory(district=network.district, name="Wohnen")
    group = TargetGroupFactory(district=network.district, name="Geflüchtete Frauen")
    ProfileFactory(
        organisation=network.office,
        languages=["ar", "fa-af"],
        topics=[topic],
        target_groups=[group],
    )
    html = page(client, network.staff, network.office)
    assert "Wohnen" in html and "Geflüchtete Frauen" in html
    assert "Arabisch" in html and "Dari" in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert (
        "Arabic"
        in client.get(reverse("network:organisation", args=[network.office.pk])).content.decode()
    )


def test_history_shows_who_changed_which_fields_but_not_to_volunteers(client, network):
    profile = profile_get_or_create(actor=network.coordinator, organisation=network.office)
    profile_update(actor=network.coordinator, profile=profile, data={"opening_hours": "Mo 9–12"})
    html = page(client, network.staff, network.office)
    assert "Änderungsverlauf" in html
    assert network.coordinator.name in html
    assert "Öffnungszeiten" in html
    assert "Änderungsverlauf" not in page(client, network.volunteer, network.office)


def test_history_entries_made_by_the_system_show_system(client, network):
    # The demo and imports write history without a person; the page showed a 500 for them.
    profile = profile_get_or_create(actor=network.coordinator, organisation=network.office)
    audit(actor=None, action="profile.update", obj=profile, district=network.district, changes={})
    client.force_login(network.staff)
    response = client.get(reverse("network:organisation", args=[network.office.pk]))
    assert response.status_code == 200
    assert "System" in response.content.decode()


@pytest.mark.parametrize("who", ["volunteer", "staff", "org_admin", "coordinator"])
def test_reading_a_steckbrief_nobody_saved_creates_nothing(client, network, who):
    user = getattr(network, who)
    organisation = network.other_org
    events = AuditEvent.objects.count()
    html = page(client, user, organisation)
    assert organisation.name in html
    client.get(reverse("network:organisation_pdf", args=[organisation.pk]))
    if who in {"org_admin", "coordinator"}:
        edit = reverse("network:profile_edit", args=[organisation.pk])
        assert client.get(edit).status_code == 200
        translation = reverse("network:profile_translation_edit", args=[organisation.pk, "en"])
        assert client.get(translation).status_code == 200
    assert not Profile.objects.filter(organisation=organisation).exists()
    assert AuditEvent.objects.count() == events


def test_the_first_edit_creates_the_steckbrief_once(client, network):
    page(client, network.staff, network.other_org)
    client.force_login(network.org_admin)
    url = reverse("network:profile_edit", args=[network.other_org.pk])
    assert client.post(url, edit_data()).status_code == 302
    assert client.post(url, edit_data(description="Zweite Fassung")).status_code == 302
    profile = Profile.objects.get(organisation=network.other_org)
    assert profile.description == "Zweite Fassung"
    created = AuditEvent.objects.get(action="profile.create")
    assert created.actor == network.org_admin
    assert created.object_id == str(profile.pk)
    assert AuditEvent.objects.filter(action="profile.update").count() == 2


def test_a_refused_first_edit_stores_no_steckbrief(client, network):
    events = AuditEvent.objects.count()
    client.force_login(network.org_admin)
    url = reverse("network:profile_edit", args=[network.other_org.pk])
    response = client.post(url, edit_data(longitude=""))
    assert response.status_code == 200
    assert not Profile.objects.filter(organisation=network.other_org).exists()
    assert AuditEvent.objects.count() == events
    unsaved = profile_of(network.other_org)
    with pytest.raises(ValidationError):
        profile_update(
            actor=network.org_admin, profile=unsaved, data={"latitude": "40", "longitude": "7"}
        )
    assert not Profile.objects.filter(organisation=network.other_org).exists()
    assert AuditEvent.objects.count() == events


def test_steckbrief_has_print_stylesheet_and_one_h1(client, network):
    html = page(client, network.staff, network.office)
    assert "network/print.css" in html
    assert html.count("<h1") == 1


def test_other_district_is_not_found(client, network, other_network):
    client.force_login(network.staff)
    url = reverse("network:organisation", args=[other_network.office.pk])
    assert client.get(url).status_code == 404


# --- Editing --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "target", "status"),
    [
        ("org_admin", "other_org", 200),
        ("org_admin", "office", 404),
        ("coordinator", "office", 200),
        ("coordinator", "other_org", 200),
        ("staff", "other_org", 403),
        ("volunteer", "other_org", 403),
    ],
)
def test_who_may_open_the_edit_page(client, network, who, target, status):
    client.force_login(getattr(network, who))
    url = reverse("network:profile_edit", args=[getattr(network, target).pk])
    assert client.get(url).status_code == status


def test_coordinator_cannot_edit_another_district(client, network, other_network):
    client.force_login(network.coordinator)
    url = reverse("network:profile_edit", args=[other_network.other_org.pk])
    assert client.get(url).status_code == 404


def edit_data(**overrides):
    data = {
        "description": "Beratung für Zugewanderte",
        "description_audience": PUBLIC,
        "topics_audience": PUBLIC,
        "languages": ["de", "ar"],
        "street": "Markt 1",
        "postcode": "56068",
        "city": "Koblenz",
        "latitude": "50,35603",
        "longitude": "7,59978",
        "address_audience": PUBLIC,
        "opening_hours": "Mo–Do 9–12",
        "opening_hours_audience": VOLUNTEERS,
        "contact_audience": INTERNAL,
    }
    data.update(overrides)
    return data


def test_org_admin_edits_own_profile_and_it_is_audited(client, network):
    topic = TopicFactory(district=network.district)
    client.force_login(network.org_admin)
    url = reverse("network:profile_edit", args=[network.other_org.pk])
    response = client.post(url, edit_data(topics=[topic.pk]))
    assert response.status_code == 302
    profile = Profile.objects.get(organisation=network.other_org)
    assert profile.languages == ["de", "ar"]
    assert profile.location_pinned
    assert list(profile.topics.all()) == [topic]
    event = AuditEvent.objects.get(action="profile.update")
    assert event.actor == network.org_admin
    assert {"description", "languages", "latitude", "topics"} <= set(event.changes)


def test_profile_edit_rejects_foreign_topics_and_half_coordinates(client, network, other_network):
    foreign = TopicFactory(district=other_network.district)
    client.force_login(network.coordinator)
    url = reverse("network:profile_edit", args=[network.office.pk])
    response = client.post(url, edit_data(topics=[foreign.pk], longitude=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Breite und Länge" in html
    assert not Profile.objects.filter(
        organisation=network.office, description__contains="Beratung"
    ).exists()


@pytest.mark.parametrize(
    ("latitude", "longitude", "message"),
    [("40", "7", "Die Breite muss in Deutschland liegen"), ("50", "20", "Die Länge muss")],
)
def test_coordinates_outside_germany_are_refused(network, latitude, longitude, message):
    profile = profile_get_or_create(actor=network.coordinator, organisation=network.office)
    with pytest.raises(ValidationError, match=message):
        profile_update(
            actor=network.coordinator,
            profile=profile,
            data={"latitude": latitude, "longitude": longitude},
        )


def test_service_refuses_staff_and_unknown_languages(network):
    profile = profile_get_or_create(actor=network.coordinator, organisation=network.other_org)
    with pytest.raises(PermissionDenied):
        profile_update(actor=network.staff, profile=profile, data={"description": "x"})
    with pytest.raises(ValidationError, match="Unbekannte Sprachcodes"):
        profile_update(actor=network.org_admin, profile=profile, data={"languages": ["xx"]})
    assert not AuditEvent.objects.filter(action="profile.update").exists()


def test_an_unchanged_save_writes_no_audit_row(network):
    profile = profile_get_or_create(actor=network.coordinator, organisation=network.office)
    profile_update(actor=network.coordinator, profile=profile, data={"description": ""})
    assert not AuditEvent.objects.filter(action="profile.update").exists()


# --- The logo -------------------------------------------------------------------------------


def post_logo(client, network, content, name):
    client.force_login(network.coordinator)
    url = reverse("network:profile_edit", args=[network.office.pk])
    upload = SimpleUploadedFile(name, content, content_type="image/png")
    return client.post(url, {**edit_data(), "logo": upload})


def test_a_valid_logo_is_stored_and_served(client, network):
    response = post_logo(client, network, png(), "logo.png")
    assert response.status_code == 302
    profile = Profile.objects.get(organisation=network.office)
    assert profile.logo.name.endswith(".png")
    logo = client.get(reverse("network:organisation_logo", args=[network.office.pk]))
    assert logo.status_code == 200
    assert b"".join(logo.streaming_content).startswith(b"\x89PNG")


def test_a_webp_logo_gets_its_real_extension(client, network):
    assert post_logo(client, network, png(fmt="WEBP"), "logo.png").status_code == 302
    assert Profile.objects.get(organisation=network.office).logo.name.endswith(".webp")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.4 this is not an image at all", "kein lesbares Bild"),
        (png(size=(2001, 20)), "höchstens 2000 × 2000 Pixel"),
        (png(fmt="GIF"), "PNG, JPEG oder WebP"),
        (png()[:60], "kein lesbares Bild"),
        (b"\x89PNG" + b"0" * (2 * 1024 * 1024 + 1), "höchstens 2 MB"),
    ],
    ids=["not-an-image", "too-wide", "gif", "truncated", "too-big"],
)
def test_bad_logos_are_refused_with_a_german_message(client, network, content, message):
    # A refused first edit stores no Steckbrief at all (test_a_refused_first_edit_...); here the
    # Steckbrief exists and keeps no logo.
    ProfileFactory(organisation=network.office)
    response = post_logo(client, network, content, "logo.png")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Profile.objects.get(organisation=network.office).logo


def test_removing_the_logo(client, network):
    post_logo(client, network, png(), "logo.png")
    response = client.post(
        reverse("network:profile_edit", args=[network.office.pk]),
        {**edit_data(), "remove_logo": "on"},
    )
    assert response.status_code == 302
    assert not Profile.objects.get(organisation=network.office).logo
    url = reverse("network:organisation_logo", args=[network.office.pk])
    assert client.get(url).status_code == 404


# --- Contacts -------------------------------------------------------------------------------


def test_contact_lifecycle_is_audited(network):
    topic = TopicFactory(district=network.district)
    contact = contact_create(
        actor=network.org_admin,
        organisation=network.other_org,
        data={
            "name": "Alex Muster",
            "email": "alex@example.org",
            "topics": [topic],
            "languages": ["uk"],
        },
    )
    assert contact.district == network.district
    contact_update(actor=network.org_admin, contact=contact, data={"is_public": True})
    contact_delete(actor=network.org_admin, contact=contact)
    assert not Contact.objects.exists()
    events = AuditEvent.objects.filter(action__startswith="contact.").order_by("id")
    actions = list(events.values_list("action", flat=True))
    assert actions == ["contact.create", "contact.update", "contact.delete"]
    assert AuditEvent.objects.get(action="contact.update").changes == {"is_public": [False, True]}


def test_contact_rules(network, other_network):
    with pytest.raises(PermissionDenied):
        contact_create(actor=network.org_admin, organisation=network.office, data={"name": "X"})
    with pytest.raises(ValidationError, match="Mitglieder dieser Organisation"):
        contact_create(
            actor=network.coordinator,
            organisation=network.office,
            data={"name": "X", "user": other_network.staff},
        )
    with pytest.raises(ValidationError):
        contact_create(
            actor=network.coordinator,
            organisation=network.office,
            data={"name": "X", "topics": [TopicFactory(district=other_network.district)]},
        )
    assert not Contact.objects.exists()


def test_contact_pages(client, network):
    client.force_login(network.org_admin)
    url = reverse("network:contact_create", args=[network.other_org.pk])
    response = client.post(url, {"name": "Sam Beispiel", "email": "kein-email"})
    assert response.status_code == 200
    assert not Contact.objects.exists()
    response = client.post(
        url, {"name": "Sam Beispiel", "email": "sam@example.org", "languages": ["tr"]}
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    edit = reverse("network:contact_edit", args=[contact.pk])
    assert client.post(edit, {"name": "Sam B.", "is_public": "on"}).status_code == 302
    contact.refresh_from_db()
    assert contact.is_public and contact.name == "Sam B."
    assert client.post(reverse("network:contact_delete", args=[contact.pk])).status_code == 302
    assert not Contact.objects.exists()


# --- The list -------------------------------------------------------------------------------


def list_names(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("network:index"), params)
    assert response.status_code == 200
    return {row.organisation.name for row in response.context["rows"]}


def test_list_filters(client, network):
    municipality = MunicipalityFactory(district=network.district, name="Andernach")
    topic = TopicFactory(district=network.district, name="Sprache")
    mso = OrganisationFactory(
        district=network.district,
        name="Kulturverein",
        kind="migrant_org",
        municipality=municipality,
    )
    dormant = OrganisationFactory(
        district=network.district, name="Alte Initiative", is_active=False
    )
    outsider = OrganisationFactory(district=network.district, name="Betrieb", is_member=False)
    ProfileFactory(organisation=mso, languages=["ar", "fa-af"], topics=[topic])
    ProfileFactory(organisation=dormant, languages=["fa"], description="Sprachcafé")
    everyone = {network.office.name, network.other_org.name, mso.name, dormant.name, outsider.name}
    assert list_names(client, network.staff) == everyone
    assert list_names(client, network.staff, kind="migrant_org") == {mso.name}
    assert list_names(client, network.staff, topic=topic.pk) == {mso.name}
    assert list_names(client, network.staff, language="fa") == {dormant.name}
    assert list_names(client, network.staff, language="fa-af") == {mso.name}
    assert list_names(client, network.staff, municipality=municipality.pk) == {mso.name}
    assert list_names(client, network.staff, member="no") == {outsider.name}
    assert list_names(client, network.staff, status="dormant") == {dormant.name}
    assert list_names(client, network.staff, q="sprachcafé") == {dormant.name}
    assert list_names(client, network.staff, status="unbekannt") == everyone


def test_list_filters_do_not_reveal_internal_parts_to_volunteers(client, network):
    topic = TopicFactory(district=network.district)
    ProfileFactory(
        organisation=network.office,
        topics=[topic],
        topics_audience=INTERNAL,
        description="Geheimsache",
        description_audience=INTERNAL,
    )
    assert list_names(client, network.staff, topic=topic.pk) == {network.office.name}
    assert list_names(client, network.volunteer, topic=topic.pk) == set()
    assert list_names(client, network.volunteer, q="Geheimsache") == set()


def test_list_never_shows_another_district(client, network, other_network):
    assert other_network.office.name not in list_names(client, network.coordinator)


def test_htmx_request_renders_only_the_rows(client, network):
    client.force_login(network.staff)
    response = client.get(reverse("network:index"), {"q": "Integ"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<table" in html and "<h1" not in html
    assert network.office.name in html and network.other_org.name not in html


def make_organisations(district, count):
    topics = [TopicFactory(district=district) for _ in range(3)]
    for _ in range(count):
        organisation = OrganisationFactory(
            district=district, municipality=MunicipalityFactory(district=district)
        )
        ProfileFactory(organisation=organisation, topics=topics, languages=["ar", "ru"])


@pytest.mark.parametrize("count", [1, 50])
def test_list_query_count_is_constant(client, network, django_assert_max_num_queries, count):
    make_organisations(network.district, count)
    client.force_login(network.staff)
    # The same budget at 1 and at 50 rows: session, user, district, navigation, filters, rows.
    # 20 for the list itself, 1 for the sub-navigation (which sections the person may open).
    with django_assert_max_num_queries(21):
        response = client.get(reverse("network:index"))
    assert len(response.context["rows"]) == min(count + 2, 50)


def test_coordinates_follow_the_postcode_unless_pinned(network):
    profile = ProfileFactory(organisation=network.other_org)
    profile_update(
        actor=network.coordinator,
        profile=profile,
        data={"postcode": "56626", "latitude": None, "longitude": None},
    )
    profile.refresh_from_db()
    assert not profile.location_pinned
    assert 50.3 < profile.latitude < 50.5 and 7.3 < profile.longitude < 7.5  # Andernach

    # Saving the form again with the coordinates the postcode gave is not a pin.
    profile_update(
        actor=network.coordinator,
        profile=profile,
        data={"latitude": profile.latitude, "longitude": profile.longitude, "postcode": "56727"},
    )
    profile.refresh_from_db()
    assert not profile.location_pinned
    assert 50.2 < profile.latitude < 50.4  # now Mayen

    # A point set by hand wins over the postcode.
    profile_update(
        actor=network.coordinator,
        profile=profile,
        data={"latitude": "50.35000", "longitude": "7.40000", "postcode": "56626"},
    )
    profile.refresh_from_db()
    assert profile.location_pinned
    assert str(profile.latitude) == "50.35000" and str(profile.longitude) == "7.40000"


def test_deactivated_topic_is_not_offered_but_stays_on_profiles_that_carry_it(network):
    from network.forms.profiles import ProfileForm

    kept = TopicFactory(district=network.district, name="Alte Förderlinie")
    unused = TopicFactory(district=network.district, name="Ausgelaufen")
    profile = ProfileFactory(organisation=network.other_org)
    profile.topics.add(kept)
    kept.is_active = unused.is_active = False
    kept.save()
    unused.save()

    choices = ProfileForm(instance=profile, district=network.district).fields["topics"].queryset
    assert kept in choices and unused not in choices
    fresh = ProfileForm(
        instance=ProfileFactory(organisation=network.office), district=network.district
    )
    assert kept not in fresh.fields["topics"].queryset
