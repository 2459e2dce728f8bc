"""The import as a coordinator goes through it: upload, mapping, check, start, report."""

import os
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from conftest import enrol_totp
from core.models import AuditEvent
from districts.models import Membership, Organisation, Role
from districts.tests.factories import MembershipFactory, MunicipalityFactory, OrganisationFactory
from network.io import services
from network.models import Contact, ImportJob, Profile, Relation

from .factories import TopicFactory
from .io_helpers import ROWS, csv_bytes, xlsx_bytes


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def upload(client, data, name="liste.csv"):
    return client.post(reverse("network:import_upload"), {"file": SimpleUploadedFile(name, data)})


def run_through(client, data, name="liste.csv", decisions=None, skip_invalid=False):
    """Upload, accept the suggested mapping, start; returns the job afterwards."""
    response = upload(client, data, name)
    assert response.status_code == 302, response.content.decode()[:2000]
    job = ImportJob.objects.latest("pk")
    preview = client.get(reverse("network:import_preview", args=[job.pk]))
    assert preview.status_code == 200
    form = preview.context["form"]
    mapping = {name: form[name].value() or "" for name in form.fields}
    response = client.post(reverse("network:import_preview", args=[job.pk]), mapping)
    assert response.status_code == 302
    data = dict(decisions or {})
    if skip_invalid:
        data["skip_invalid"] = "on"
    response = client.post(reverse("network:import_check", args=[job.pk]), data)
    job.refresh_from_db()
    return job, response


def district_orgs(network):
    return Organisation.objects.for_district(network.district)


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (csv_bytes(), "liste.csv"),
        (csv_bytes(encoding="cp1252"), "liste.csv"),
        (b"\xef\xbb\xbf" + csv_bytes(delimiter=","), "liste.csv"),
        (xlsx_bytes(), "liste.xlsx"),
    ],
    ids=["semicolon-utf8", "windows-1252", "bom-comma", "xlsx"],
)
def test_happy_path_creates_organisations_profiles_and_contacts(network, data, name):
    client = client_for(network.coordinator)
    job, response = run_through(client, data, name)
    assert response.status_code == 302
    assert job.status == ImportJob.Status.DONE
    assert job.report["created"] == 2
    caritas = district_orgs(network).get(name="Caritasverband Koblenz e.V.")
    assert caritas.kind == Organisation.Kind.WELFARE
    assert caritas.website == "https://www.caritas-ko.example"
    assert caritas.profile.street == "Hohenzollernstraße 118"
    assert caritas.profile.postcode == "56068"
    contact = Contact.objects.get(organisation=caritas)
    assert (contact.name, contact.email) == ("Jürgen Müller", "mueller@caritas-ko.example")
    verein = district_orgs(network).get(name="Türkisch-Deutscher Kulturverein Mayen")
    assert verein.kind == Organisation.Kind.INITIATIVE
    assert Contact.objects.get(organisation=verein).name == "Aylin Öztürk"
    assert AuditEvent.objects.filter(action="organisation.import").count() == 2
    status = client.get(reverse("network:import_status", args=[job.pk]))
    assert "Der Import ist abgeschlossen." in status.content.decode()
    # The uploaded cells do not outlive the job.
    assert job.rows == []


def test_preview_shows_columns_and_suggested_mapping(network):
    client = client_for(network.coordinator)
    upload(client, csv_bytes())
    job = ImportJob.objects.get()
    response = client.get(reverse("network:import_preview", args=[job.pk]))
    page = response.content.decode()
    assert "Hohenzollernstraße 118" in page
    form = response.context["form"]
    assert form["column_0"].value() == "name"
    assert form["column_11"].value() == "contact_email"


def test_mapping_can_be_corrected(network):
    client = client_for(network.coordinator)
    upload(client, csv_bytes([["A-Verein", "x"]], ["Bezeichnung", "Anmerkung"]))
    job = ImportJob.objects.get()
    response = client.post(
        reverse("network:import_preview", args=[job.pk]),
        {"column_0": "name", "column_1": "description"},
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.mapping == {"0": "name", "1": "description"}
    twice = client.post(
        reverse("network:import_preview", args=[job.pk]),
        {"column_0": "name", "column_1": "name"},
    )
    assert "nur einer Spalte" in twice.content.decode()


def test_every_problem_is_named_by_row_and_column(network):
    rows = [
        ["Verein A", "Verein", "keine-adresse", "", "", "", "5606", "", "", "", "", ""],
        ["", "Raumschiff", "", "", "nicht eine url", "", "ABCDE", "", "", "", "Leitung", ""],
    ]
    client = client_for(network.coordinator)
    upload(client, csv_bytes(rows))
    job = ImportJob.objects.get()
    client.post(
        reverse("network:import_preview", args=[job.pk]),
        {
            f"column_{i}": v
            for i, v in enumerate(
                [
                    "name",
                    "kind",
                    "email",
                    "phone",
                    "website",
                    "street",
                    "postcode",
                    "city",
                    "description",
                    "contact_name",
                    "contact_function",
                    "contact_email",
                ]
            )
        },
    )
    page = client.get(reverse("network:import_check", args=[job.pk])).content.decode()
    plan = services.import_job_plan(job=job)
    found = {(p.row, p.column) for p in plan.problems}
    assert found == {
        (2, "E-Mail"),
        (3, "Name"),
        (3, "Art"),
        (3, "Website"),
        (3, "PLZ"),
        (3, "Ansprechperson"),
    }
    assert "„keine-adresse“ ist keine gültige E-Mail-Adresse." in page
    assert "Zeile 2, Spalte „E-Mail“" in str(plan.problems[0])
    # Four digits are a postcode whose leading zero Excel dropped.
    assert plan.rows[0].row.values["postcode"] == "05606"
    response = client.post(reverse("network:import_check", args=[job.pk]), {})
    assert "Die Tabelle enthält 6 Fehler" in response.content.decode()
    assert not district_orgs(network).filter(name="Verein A").exists()


def test_invalid_rows_can_be_skipped_deliberately(network):
    data = csv_bytes([["Verein A", "a@x.example"], ["", "b@x.example"]], ["Name", "E-Mail"])
    client = client_for(network.coordinator)
    job, _ = run_through(client, data, skip_invalid=True)
    assert job.status == ImportJob.Status.DONE
    assert (job.report["created"], job.report["failed"]) == (1, 1)
    assert job.report["problems"][0]["row"] == 3


def test_municipality_and_topics_are_matched_in_the_district(network):
    MunicipalityFactory(district=network.district, name="Andernach")
    TopicFactory(district=network.district, name="Sprache & Bildung")
    TopicFactory(district=network.district, name="Wohnen")
    data = csv_bytes(
        [["Verein A", "Andernach", "Wohnen; sprache & bildung"], ["Verein B", "Atlantis", "Mond"]],
        ["Name", "Gemeinde", "Handlungsfelder"],
    )
    client = client_for(network.coordinator)
    job, _ = run_through(client, data, skip_invalid=True)
    verein = district_orgs(network).get(name="Verein A")
    assert verein.municipality.name == "Andernach"
    assert {t.name for t in verein.profile.topics.all()} == {"Sprache & Bildung", "Wohnen"}
    messages = [p["message"] for p in job.report["problems"]]
    assert any("Atlantis" in m for m in messages)
    assert any("Mond" in m for m in messages)


def test_sponsor_column_creates_a_sponsorship(network):
    data = csv_bytes(
        [["Caritas Mayen", ""], ["Migrationsberatung Mayen", "Caritas Mayen"]],
        ["Einrichtung", "Träger"],
    )
    job, _ = run_through(client_for(network.coordinator), data)
    assert job.report["relations"] == 1
    relation = Relation.objects.get()
    assert (relation.source.name, relation.target.name) == (
        "Caritas Mayen",
        "Migrationsberatung Mayen",
    )
    assert relation.kind == Relation.Kind.SPONSORSHIP


def test_reimporting_the_same_file_changes_nothing(network):
    client = client_for(network.coordinator)
    first, _ = run_through(client, csv_bytes())
    counts = (
        district_orgs(network).count(),
        Contact.objects.count(),
        Profile.objects.count(),
        AuditEvent.objects.filter(action__in=["organisation.import", "contact.import"]).count(),
    )
    second, _ = run_through(client, csv_bytes())
    assert second.status == ImportJob.Status.DONE
    assert (second.report["created"], second.report["merged"], second.report["unchanged"]) == (
        0,
        0,
        2,
    )
    assert counts == (
        district_orgs(network).count(),
        Contact.objects.count(),
        Profile.objects.count(),
        AuditEvent.objects.filter(action__in=["organisation.import", "contact.import"]).count(),
    )


def test_duplicates_by_email_are_merged_or_skipped(network):
    existing = OrganisationFactory(
        district=network.district, name="Caritas KO", email="info@caritas-ko.example", phone=""
    )
    client = client_for(network.coordinator)
    upload(client, csv_bytes())
    job = ImportJob.objects.get()
    page = client.get(reverse("network:import_check", args=[job.pk])).content.decode()
    assert "gleiche E-Mail-Adresse" in page
    assert 'name="row_2" value="skip"' in page
    client.post(reverse("network:import_check", args=[job.pk]), {"row_2": "skip"})
    job.refresh_from_db()
    existing.refresh_from_db()
    assert (job.report["skipped"], job.report["created"]) == (1, 1)
    assert existing.phone == ""
    assert not Contact.objects.filter(organisation=existing).exists()

    merged, _ = run_through(client, csv_bytes())
    existing.refresh_from_db()
    assert merged.report["merged"] == 1
    assert existing.phone == "0261 1234"
    assert existing.name == "Caritas KO"  # merging never renames
    assert Contact.objects.filter(organisation=existing, name="Jürgen Müller").exists()


def test_similar_names_are_offered_as_duplicates(network):
    OrganisationFactory(district=network.district, name="Caritas-Verband Koblenz")
    data = csv_bytes([["Caritasverband Koblenz e.V."]], ["Name"])
    client = client_for(network.coordinator)
    upload(client, data)
    job = ImportJob.objects.get()
    plan = services.import_job_plan(job=job)
    assert plan.rows[0].match.reason == "similar"
    client.post(reverse("network:import_check", args=[job.pk]), {"row_2": "new"})
    job.refresh_from_db()
    assert job.report["created"] == 1
    assert district_orgs(network).filter(name__startswith="Caritas").count() == 2


def test_same_name_within_the_file_is_one_organisation(network):
    data = csv_bytes([["Verein A e.V.", "a@x.example"], ["VEREIN A", ""]], ["Name", "E-Mail"])
    job, _ = run_through(client_for(network.coordinator), data)
    assert (job.report["created"], job.report["unchanged"]) == (1, 1)


def test_a_failure_while_writing_rolls_everything_back(network):
    before = district_orgs(network).count()
    real = services.apply_plan

    def failing(**kwargs):
        real(**kwargs)  # writes everything, then something goes wrong
        raise ValidationError("kaputt")

    with mock.patch.object(services, "apply_plan", failing):
        job, _ = run_through(client_for(network.coordinator), csv_bytes())
    assert job.status == ImportJob.Status.FAILED
    assert job.report["rolled_back"] is True
    assert district_orgs(network).count() == before
    assert not Contact.objects.exists()
    assert not AuditEvent.objects.filter(action="organisation.import").exists()
    page = client_for(network.coordinator).get(reverse("network:import_status", args=[job.pk]))
    assert "Es wurde nichts importiert." in page.content.decode()


def test_a_row_rejected_by_the_database_rolls_everything_back(network):
    rows = [*ROWS, ["Verein C", "", "", "0" * 41, "", "", "", "", "", "", "", ""]]
    with mock.patch.dict("network.io.validation.MAX_LENGTHS", {"phone": 100}):
        job, _ = run_through(client_for(network.coordinator), csv_bytes(rows))
    assert job.status == ImportJob.Status.FAILED
    assert job.report["problems"][0]["row"] == 4
    assert not district_orgs(network).filter(name__in=["Verein C", ROWS[0][0]]).exists()


@pytest.mark.parametrize(
    ("data", "name", "fragment"),
    [
        (os.urandom(10 * 1024 * 1024), "zufall.csv", "Zeichenkodierung"),
        (os.urandom(10 * 1024 * 1024 + 1), "zufall.xlsx", "größer als 10 MB"),
        (b"PK\x03\x04" + os.urandom(5000), "kaputt.xlsx", "beschädigt"),
        ("Name\nVerein".encode("utf-16"), "utf16.csv", "UTF-16"),
    ],
    ids=["random-10mb", "too-large", "broken-zip", "utf16"],
)
def test_broken_uploads_get_a_message_not_a_500(network, data, name, fragment):
    response = upload(client_for(network.coordinator), data, name)
    assert response.status_code == 200
    assert fragment in response.content.decode()
    assert not ImportJob.objects.exists()


def test_status_page_polls_while_running(network):
    job = ImportJob.objects.create(
        district=network.district,
        created_by=network.coordinator,
        file_name="x.csv",
        status=ImportJob.Status.CHECKING,
        total=10,
        processed=4,
    )
    client = client_for(network.coordinator)
    page = client.get(reverse("network:import_status", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in page
    fragment = client.get(
        reverse("network:import_status", args=[job.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert "<h1" not in fragment and 'value="40"' in fragment
    discard = client.post(reverse("network:import_discard", args=[job.pk]))
    assert discard.status_code == 302
    assert ImportJob.objects.filter(pk=job.pk).exists()  # a running job is not discarded


def test_jobs_are_seen_by_the_district_coordinators_only(network, other_network):
    upload(client_for(network.coordinator), csv_bytes())
    job = ImportJob.objects.get()
    url = reverse("network:import_status", args=[job.pk])
    colleague = MembershipFactory(organisation=network.office, role=Role.COORDINATOR).user
    enrol_totp(colleague)
    assert client_for(colleague).get(url).status_code == 200
    assert client_for(other_network.coordinator).get(url).status_code == 404
    assert client_for(network.org_admin).get(url).status_code == 403
    # A coordinator who steps down no longer reaches the pages.
    Membership.objects.filter(user=network.coordinator).update(role=Role.STAFF)
    assert client_for(network.coordinator).get(url).status_code == 403


def test_discarding_a_draft_deletes_the_data(network):
    client = client_for(network.coordinator)
    upload(client, csv_bytes())
    job = ImportJob.objects.get()
    response = client.post(reverse("network:import_discard", args=[job.pk]))
    assert response.status_code == 302
    assert not ImportJob.objects.exists()
    assert AuditEvent.objects.filter(action="import.discard").exists()
