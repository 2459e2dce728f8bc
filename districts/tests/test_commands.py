import datetime as dt
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from core.models import AuditEvent
from districts.models import District, Invitation, Kreis, Organisation, Role
from districts.tests.factories import DistrictFactory


def run(*args, **options):
    out = StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
def test_load_kreise_command_reports_nothing_to_change():
    output = run("load_kreise")
    assert "0 neu / created, 0 aktualisiert / updated, 400 unverändert" in output


@pytest.mark.django_db
def test_create_district_sets_up_office_and_invites_the_coordinator():
    output = run(
        "create_district",
        "--ags=07137",
        "--slug=mayen-koblenz",
        "--coordinator-email=Koordination@Example.org",
        "--office-name=Integrationsbüro der Kreisverwaltung",
    )

    district = District.objects.get(slug="mayen-koblenz")
    assert district.kreis_id == "07137"
    assert district.name == "Landkreis Mayen-Koblenz"
    office = Organisation.objects.for_district(district).get()
    assert office.is_integration_office
    assert office.name == "Integrationsbüro der Kreisverwaltung"
    invitation = Invitation.objects.for_district(district).get()
    assert invitation.organisation == office
    assert invitation.email == "koordination@example.org"
    assert invitation.role == Role.COORDINATOR
    assert invitation.is_usable
    expected = timezone.now() + dt.timedelta(days=settings.LOTSE_INVITATION_DAYS)
    assert abs(invitation.expires_at - expected) < dt.timedelta(minutes=1)
    assert f"{settings.SITE_URL}/einladung/{invitation.token}/" in output
    actions = set(AuditEvent.objects.filter(district=district).values_list("action", flat=True))
    # Creating a district also gives it the default topics and target groups (network app).
    assert actions == {
        "district.create",
        "organisation.create",
        "invitation.create",
        "vocabulary.seed_defaults",
    }


@pytest.mark.django_db
def test_create_district_takes_a_given_name():
    run(
        "create_district",
        "--ags=07111",
        "--slug=koblenz",
        "--name=Stadt Koblenz",
        "--coordinator-email=k@example.org",
        "--office-name=Integrationsbüro",
    )
    assert District.objects.get(slug="koblenz").name == "Stadt Koblenz"


@pytest.mark.parametrize(
    ("ags", "slug", "email", "office", "message"),
    [
        ("99999", "neu", "k@example.org", "Büro", "unknown Kreis code"),
        ("7137", "neu", "k@example.org", "Büro", "unknown Kreis code"),
        ("07137", "vergeben", "k@example.org", "Büro", "slug already taken"),
        ("07138", "neu", "k@example.org", "Büro", "already has a district"),
        ("07137", "kein slug", "k@example.org", "Büro", "slug"),
        ("07137", "neu", "keine-adresse", "Büro", "email"),
        ("07137", "neu", "k@example.org", " ", "name"),
    ],
)
@pytest.mark.django_db
def test_create_district_refuses_bad_input_and_creates_nothing(ags, slug, email, office, message):
    DistrictFactory(slug="vergeben", kreis=Kreis.objects.get(ags="07138"))
    counts = (District.objects.count(), Organisation.objects.count(), Invitation.objects.count())
    audit_before = AuditEvent.objects.count()

    with pytest.raises(CommandError, match=message):
        run(
            "create_district",
            f"--ags={ags}",
            f"--slug={slug}",
            f"--coordinator-email={email}",
            f"--office-name={office}",
        )

    after = (District.objects.count(), Organisation.objects.count(), Invitation.objects.count())
    assert after == counts
    assert AuditEvent.objects.count() == audit_before
