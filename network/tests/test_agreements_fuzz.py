"""Arbitrary input to the agreement forms never causes a server error; refused input changes
nothing, and whatever is accepted obeys the date rules."""

from __future__ import annotations

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from network.models import Agreement, AgreementDocument
from network.tests.factories import AgreementFactory

FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
text = st.text(alphabet=st.characters(codec="utf-8"), max_size=200)
date_text = st.one_of(
    st.just(""),
    st.dates().map(lambda d: d.isoformat()),
    st.from_regex(r"\A\d{1,4}-\d{1,2}-\d{1,2}\Z"),
    text,
)
status = st.one_of(st.sampled_from([*Agreement.Status.values, ""]), text)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def coordinator_client(client, network):
    client.force_login(network.coordinator)
    return client


def _dates_are_consistent(agreement: Agreement) -> bool:
    if agreement.status == Agreement.Status.SIGNED and agreement.signed_on is None:
        return False
    if agreement.valid_from and agreement.valid_until:
        return agreement.valid_from <= agreement.valid_until
    return True


@FUZZ
@given(
    title=text,
    subject=text,
    status=status,
    signed_on=date_text,
    valid_from=date_text,
    valid_until=date_text,
    review_on=date_text,
    parties=st.lists(st.one_of(st.integers(min_value=-5, max_value=10**6), text), max_size=4),
)
@example(  # past the largest id: SQLite raised OverflowError (issue 10)
    title="Kooperation",
    subject="",
    status="draft",
    signed_on="",
    valid_from="",
    valid_until="",
    review_on="",
    parties=[2**63],
)
def test_agreement_form(
    coordinator_client,
    network,
    title,
    subject,
    status,
    signed_on,
    valid_from,
    valid_until,
    review_on,
    parties,
):
    choices = [network.office.pk, network.other_org.pk, *parties]
    before = Agreement.objects.count()
    response = coordinator_client.post(
        reverse("network:agreement_create"),
        {
            "title": title,
            "subject": subject,
            "parties": choices,
            "status": status,
            "signed_on": signed_on,
            "valid_from": valid_from,
            "valid_until": valid_until,
            "review_on": review_on,
        },
    )
    assert response.status_code in {200, 302}
    if response.status_code == 200:
        assert response.context["form"].errors
        assert Agreement.objects.count() == before
    else:
        created = Agreement.objects.order_by("-pk").first()
        assert created is not None
        assert _dates_are_consistent(created)
        assert created.parties.count() >= 2


@FUZZ
@given(status=status, signed_on=date_text)
def test_status_form(coordinator_client, network, status, signed_on):
    agreement = AgreementFactory(parties=[network.office, network.other_org])
    response = coordinator_client.post(
        reverse("network:agreement_status", args=[agreement.pk]),
        {"status": status, "signed_on": signed_on},
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert _dates_are_consistent(agreement)


@FUZZ
@given(content=st.binary(max_size=4096), name=text)
def test_document_upload(coordinator_client, network, content, name):
    agreement = AgreementFactory(parties=[network.office, network.other_org])
    response = coordinator_client.post(
        reverse("network:agreement_document_upload", args=[agreement.pk]),
        {"file": SimpleUploadedFile(_file_name(name), content, content_type="application/pdf")},
    )
    assert response.status_code in {200, 302}
    if not content.startswith(b"%PDF-"):
        assert response.status_code == 200
        assert not AgreementDocument.objects.filter(agreement=agreement).exists()


def _file_name(name: str) -> str:
    """Browsers send only a base name; Django refuses to build an upload without one."""
    base = os.path.basename(name)
    return base if base not in {"", ".", ".."} else "x.pdf"
