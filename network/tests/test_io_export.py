"""Exports: CSV that German Excel opens, XLSX, formulas neutralised, per role and district."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from core.models import AuditEvent
from districts.tests.factories import OrganisationFactory
from network.io.exporter import neutralise
from network.io.readers import read_table

from .factories import AgreementFactory, ContactFactory, ProfileFactory, RelationFactory


def get(user, dataset, fmt):
    client = Client()
    client.force_login(user)
    return client.get(reverse("network:export_download", args=[dataset, fmt]))


@pytest.mark.parametrize("value", ["=1+1", "+49 261", "-5", "@SUM(A1)", "\tx", "\rx"])
def test_formula_starts_are_neutralised(value):
    assert neutralise(value) == "'" + value


def test_plain_values_stay():
    assert neutralise("Caritas") == "Caritas"
    assert neutralise(5) == 5


def test_csv_has_bom_semicolons_and_neutralised_cells(network):
    OrganisationFactory(district=network.district, name='=HYPERLINK("http://evil.example")')
    response = get(network.staff, "organisationen", "csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Name;Art;Gemeinde")
    assert "'=HYPERLINK" in text
    assert "\n=HYPERLINK" not in text
    assert AuditEvent.objects.filter(action="network.export").exists()


def test_xlsx_cells_are_text_not_formulas(network):
    OrganisationFactory(district=network.district, name="=1+2", phone="+49 261 1")
    response = get(network.coordinator, "organisationen", "xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    formulas = [cell for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
    assert not formulas
    assert "'=1+2" in values
    assert "'+49 261 1" in values


def test_exported_organisations_can_be_imported_again(network):
    ProfileFactory(organisation=network.other_org, street="Am Markt 1", postcode="56068")
    table = read_table(get(network.coordinator, "organisationen", "csv").content, "x.csv")
    names = {cells[0] for _n, cells in table.rows}
    assert network.other_org.name in names


@pytest.mark.parametrize("dataset", ["ansprechpersonen", "beziehungen", "vereinbarungen"])
def test_other_datasets_hold_the_districts_rows_only(network, other_network, dataset):
    for net, label in ((network, "hier"), (other_network, "dort")):
        ContactFactory(organisation=net.other_org, name=f"Person {label}")
        RelationFactory(source=net.office, target=net.other_org, note=f"Notiz {label}")
        AgreementFactory(parties=[net.office, net.other_org], title=f"Vereinbarung {label}")
    for fmt in ("csv", "xlsx"):
        response = get(network.staff, dataset, fmt)
        assert response.status_code == 200
        table = read_table(response.content, f"x.{fmt}")
        text = repr(table.rows)
        assert "hier" in text
        assert "dort" not in text


def test_export_access_by_role(network, other_network):
    assert get(network.volunteer, "organisationen", "csv").status_code == 403
    assert get(network.org_admin, "organisationen", "csv").status_code == 200
    assert get(network.staff, "unbekannt", "csv").status_code == 404
    assert get(network.staff, "organisationen", "pdf").status_code == 404
    anonymous = Client().get(reverse("network:export_download", args=["organisationen", "csv"]))
    assert anonymous.status_code == 302
    # Each person exports the district they are working in, never another one.
    text = get(other_network.staff, "organisationen", "csv").content.decode("utf-8-sig")
    assert network.other_org.name not in text
