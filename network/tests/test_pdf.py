"""Printing: the Steckbrief on one A4 page and the network directory as PDF.

Rendering a PDF takes a moment: most tests look at the HTML that becomes the PDF, a few make
real PDFs (one full Steckbrief, one Arabic one, the directory and the access checks).
"""

import io
import re
import socket
import zlib

import pytest
from django.test import RequestFactory
from django.urls import reverse
from PIL import Image

from core.pdf import LocalFetcher, RefusedURL, ascii_filename, render_pdf
from districts.models import Organisation
from districts.tests.factories import OrganisationFactory
from network.models import Audience, Relation
from network.views.pdf import directory_html, steckbrief_document, steckbrief_html

from .factories import (
    ContactFactory,
    ProfileFactory,
    RelationFactory,
    TargetGroupFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

INTERNAL, VOLUNTEERS, PUBLIC = Audience.INTERNAL, Audience.VOLUNTEERS, Audience.PUBLIC
ARABIC = "نقدم الاستشارة للعائلات القادمة حديثاً في اللغة العربية"
FARSI = "ما به خانواده‌ها در پیدا کردن کلاس زبان کمک می‌کنیم"  # with zero-width non-joiners


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _request(user, district, path="/netzwerk/", data=None):
    request = RequestFactory().get(path, data or {})
    request.user = user
    request.district = district
    return request


def _inflated(pdf: bytes) -> bytes:
    """The PDF with its compressed streams (object streams, font programs) unpacked."""
    parts = [pdf]
    # The end-of-line before "endstream" stays in the match: a compressed stream may itself
    # end in a carriage return, and cutting it off made the stream unreadable now and then.
    # A decompressor object stops at the end of the zlib data and leaves the rest unused.
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.DOTALL):
        try:
            parts.append(zlib.decompressobj().decompress(stream))
        except zlib.error:
            continue
    return b"\n".join(parts)


def _fonts(pdf: bytes) -> set[str]:
    """The embedded fonts, without their subset prefix ("ABCDEF+Noto-Sans" → "Noto-Sans")."""
    names = re.findall(rb"/BaseFont\s*/([^\s/<>\[\]()]+)", _inflated(pdf))
    return {name.decode().partition("+")[2] or name.decode() for name in names}


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 30), "navy").save(buffer, "PNG")
    return buffer.getvalue()


def _full_profile(network, **overrides):
    """A Steckbrief with every part filled to the brim."""
    district = network.district
    organisation = network.other_org
    organisation.email = "info@beispiel-verein.de"
    organisation.phone = "0261 123456"
    organisation.website = "https://beispiel-verein.de"
    organisation.save()
    values = {
        "description": "Wir beraten Familien, begleiten zu Behörden und vermitteln Sprachkurse. "
        * 80,
        "opening_hours": "Mo–Fr 9–12 Uhr, Di und Do 14–18 Uhr nach Vereinbarung.\n" * 12,
        "languages": ["de", "ar", "fa", "fa-af", "uk", "ru", "tr", "en", "fr", "ti"],
        "description_audience": PUBLIC,
        "contact_audience": INTERNAL,
        "address_audience": VOLUNTEERS,
        "opening_hours_audience": PUBLIC,
        "topics_audience": PUBLIC,
    }
    values.update(overrides)
    profile = ProfileFactory(organisation=organisation, **values)
    profile.topics.set([TopicFactory(district=district) for _ in range(10)])
    profile.target_groups.set([TargetGroupFactory(district=district) for _ in range(8)])
    for index in range(9):
        ContactFactory(
            organisation=organisation,
            name=f"Kontakt {index}",
            function="Migrationsberatung und Begleitung zu Ämtern",
            is_public=index % 2 == 0,
        )
    kinds = list(Relation.Kind)
    for index in range(14):
        partner = OrganisationFactory(district=district, name=f"Partnerorganisation {index}")
        RelationFactory(source=organisation, target=partner, kind=kinds[index % len(kinds)])
    return profile


# --- What the Steckbrief shows ------------------------------------------------------------


def test_the_steckbrief_shows_every_part_to_staff(network):
    profile = _full_profile(network)
    html = steckbrief_html(_request(network.staff, network.district), profile.organisation)
    organisation = profile.organisation
    assert organisation.name in html
    assert organisation.get_kind_display() in html
    assert "info@beispiel-verein.de" in html
    assert "Hauptstraße 1" in html
    assert "Mo–Fr 9–12 Uhr" in html
    assert "Arabisch" in html and "Ukrainisch" in html  # language names, not codes
    assert "Kontakt 1" in html  # an internal contact
    assert "Partnerorganisation 0" in html
    assert network.district.name in html
    assert "gedruckt am" in html


def test_a_volunteer_gets_no_internal_parts(network):
    profile = _full_profile(network, address_audience=INTERNAL)
    html = steckbrief_html(_request(network.volunteer, network.district), profile.organisation)
    assert profile.organisation.name in html
    assert "Wir beraten Familien" in html  # public description
    assert "info@beispiel-verein.de" not in html  # contact data: internal
    assert "Hauptstraße 1" not in html  # address: internal here
    assert "Kontakt 0" in html  # public contact
    assert "Kontakt 1" not in html  # internal contact


def test_the_steckbrief_pdf_is_one_page(network):
    profile = _full_profile(network)
    profile.logo.save("logo.png", io.BytesIO(_png()))
    request = _request(network.coordinator, network.district)
    document = steckbrief_document(request, profile.organisation)
    assert len(document.pages) == 1
    pdf = document.write_pdf()
    assert pdf.startswith(b"%PDF-")
    # Every glyph comes from the shipped fonts, none from the system's.
    assert _fonts(pdf) == {"Noto-Sans", "Noto-Sans-Bold"}


def test_arabic_text_is_set_in_the_arabic_font(client, network):
    network.office.name = "Інтеграційний центр Gökçeşehir"  # Ukrainian and Turkish letters
    network.office.save()
    ProfileFactory(
        organisation=network.office,
        description=f"{ARABIC}\n{FARSI}",
        description_audience=PUBLIC,
    )
    client.force_login(network.volunteer)
    response = client.get(reverse("network:organisation_pdf", args=[network.office.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    fonts = _fonts(response.content)
    assert "Noto-Sans-Arabic" in fonts
    assert all(name.startswith("Noto-Sans") for name in fonts), fonts


def test_the_file_name_is_plain_ascii(client, network):
    network.office.name = "مركز الاندماج Köln"
    network.office.save()
    client.force_login(network.staff)
    response = client.get(reverse("network:organisation_pdf", args=[network.office.pk]))
    disposition = response["Content-Disposition"]
    assert disposition == 'inline; filename="steckbrief-koln.pdf"'
    assert ascii_filename("مركز", "steckbrief-7") == "steckbrief-7.pdf"
    assert ascii_filename('a"b\r\nc/../d', "x") == "ab-cd.pdf"


# --- The directory ------------------------------------------------------------------------


def test_the_directory_groups_the_visible_organisations_by_type(network, other_network):
    network.office.kind = Organisation.Kind.AUTHORITY
    network.office.save()
    ProfileFactory(organisation=network.other_org, contact_audience=INTERNAL)
    network.other_org.email = "verborgen@example.org"
    network.other_org.save()
    ContactFactory(organisation=network.other_org, name="Öffentliche Person", is_public=True)
    ContactFactory(organisation=network.other_org, name="Interne Person", is_public=False)
    elsewhere = OrganisationFactory(district=other_network.district, name="Anderswo e. V.")

    staff = directory_html(_request(network.staff, network.district))
    volunteer = directory_html(_request(network.volunteer, network.district))

    for html in (staff, volunteer):
        assert network.office.name in html and network.other_org.name in html
        assert str(Organisation.Kind.AUTHORITY.label) in html
        assert "Öffentliche Person" in html
        assert elsewhere.name not in html
    assert "Interne Person" in staff and "verborgen@example.org" in staff
    assert "Interne Person" not in volunteer and "verborgen@example.org" not in volunteer


def test_the_directory_takes_the_list_filters(network):
    network.office.is_member = True
    network.office.save()
    network.other_org.is_member = False
    network.other_org.save()
    html = directory_html(_request(network.staff, network.district, data={"member": "yes"}))
    assert network.office.name in html
    assert network.other_org.name not in html


def test_the_directory_pdf_has_numbered_pages(client, network):
    for index in range(25):
        organisation = OrganisationFactory(district=network.district, name=f"Verein {index:02}")
        ContactFactory(organisation=organisation, is_public=True)
    client.force_login(network.volunteer)
    response = client.get(reverse("network:directory_pdf"))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"].startswith('inline; filename="netzwerk-')
    assert len(re.findall(rb"/Type\s*/Page\b", _inflated(response.content))) > 1


# --- No network while printing ------------------------------------------------------------


def test_the_fetcher_refuses_everything_but_local_static_files(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("a PDF opened a connection")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    fetcher = LocalFetcher("http://lotse.test/")
    for url in (
        "http://example.org/x.png",
        "https://lotse.test.example.org/static/network/pdf.css",
        "http://lotse.test/media/logos/secret.png",
        "http://lotse.test/static/../../etc/passwd",
        "file:///etc/passwd",
        "ftp://lotse.test/static/network/pdf.css",
    ):
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)
    assert fetcher.fetch("http://lotse.test/static/network/pdf.css").read().startswith(b"/*")

    html = '<p>x</p><img src="http://example.org/x.png"><link rel="stylesheet" href="https://example.org/a.css">'
    assert render_pdf(html, base_url="http://lotse.test/").startswith(b"%PDF-")


# --- Who may print what -------------------------------------------------------------------


def test_members_print_steckbriefe_of_their_district_only(client, network, other_network):
    """Every role is in the access matrix; here the district boundary once more."""
    client.force_login(network.volunteer)
    own = client.get(reverse("network:organisation_pdf", args=[network.other_org.pk]))
    foreign = client.get(reverse("network:organisation_pdf", args=[other_network.other_org.pk]))
    assert own.status_code == 200
    assert foreign.status_code == 404


def test_people_outside_the_network_print_nothing(client, network, operator):
    url = reverse("network:organisation_pdf", args=[network.office.pk])
    assert client.get(url).status_code == 302
    assert client.get(reverse("network:directory_pdf")).status_code == 302
    client.force_login(operator)
    assert client.get(url).status_code == 403
    assert client.get(reverse("network:directory_pdf")).status_code == 403


def test_the_pages_link_to_the_pdfs(client, network):
    client.force_login(network.volunteer)
    detail = client.get(reverse("network:organisation", args=[network.office.pk]))
    listing = client.get(reverse("network:index"), {"member": "yes"})
    assert reverse("network:organisation_pdf", args=[network.office.pk]) in detail.content.decode()
    assert f"{reverse('network:directory_pdf')}?member=yes" in listing.content.decode()
