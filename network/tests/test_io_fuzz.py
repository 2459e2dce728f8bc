"""The importer fuzzed: arbitrary bytes and arbitrary CSV text never raise anything but a
clear validation message, and an import is either complete or absent."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from districts.models import Organisation
from network.io import services
from network.io.readers import ReaderError, read_table
from network.models import ImportJob

FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

cell = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=30)
csv_text = st.builds(
    lambda header, rows, delimiter: "\n".join(delimiter.join(cells) for cells in [header, *rows]),
    st.lists(
        st.sampled_from(
            [
                "Name",
                "E-Mail",
                "Website",
                "PLZ",
                "Art",
                "Ansprechperson",
                "Funktion",
                "Handlungsfelder",
                "Träger",
                "x",
            ]
        ),
        min_size=1,
        max_size=6,
    ),
    st.lists(st.lists(cell, max_size=7), max_size=8),
    st.sampled_from([";", ",", "\t"]),
)


def _attempt(network, data: bytes, skip_invalid: bool) -> None:
    before = set(Organisation.objects.values_list("pk", flat=True))
    try:
        job = services.import_job_create(
            actor=network.coordinator, district=network.district, file_name="f.csv", data=data
        )
    except ValidationError as exc:
        assert exc.messages
        assert set(Organisation.objects.values_list("pk", flat=True)) == before
        return
    try:
        services.import_job_start(
            actor=network.coordinator, job=job, decisions={}, skip_invalid=skip_invalid
        )
    except ValidationError as exc:
        assert exc.messages
        assert set(Organisation.objects.values_list("pk", flat=True)) == before
        return
    job.refresh_from_db()
    after = set(Organisation.objects.values_list("pk", flat=True))
    assert job.status in {ImportJob.Status.DONE, ImportJob.Status.FAILED}
    if job.status == ImportJob.Status.FAILED:
        assert after == before
    else:
        assert len(after - before) == job.report["created"]


@FUZZ
@given(data=st.binary(max_size=3000))
def test_arbitrary_bytes_read_or_refused(data):
    try:
        read_table(data, "f.csv")
    except ReaderError as exc:
        assert exc.message


@pytest.mark.django_db
@FUZZ
@given(data=st.binary(max_size=2000), skip_invalid=st.booleans())
def test_arbitrary_bytes_never_break_the_import(network, data, skip_invalid):
    _attempt(network, data, skip_invalid)


@pytest.mark.django_db
@FUZZ
@given(
    text=csv_text,
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
    skip_invalid=st.booleans(),
)
def test_arbitrary_csv_text_never_breaks_the_import(network, text, encoding, skip_invalid):
    _attempt(network, text.encode(encoding, errors="replace"), skip_invalid)
