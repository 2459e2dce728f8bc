import pytest
from django.db import DatabaseError, connection, transaction

from core.audit import record_access
from core.models import AccessRecord, AppendOnlyError


@pytest.fixture
def record(network):
    return record_access(
        actor=network.caseworker, obj=network.other_org, kind="read", purpose="Test"
    )


def test_access_record_cannot_be_changed_through_the_model(record):
    record.purpose = "anders"
    with pytest.raises(AppendOnlyError):
        record.save()
    with pytest.raises(AppendOnlyError):
        record.delete()
    with pytest.raises(AppendOnlyError):
        AccessRecord.objects.all().update(purpose="x")
    with pytest.raises(AppendOnlyError):
        AccessRecord.objects.all().delete()


def test_database_refuses_raw_update_and_delete(record):
    table = AccessRecord._meta.db_table
    for sql in (f"UPDATE {table} SET purpose = 'x'", f"DELETE FROM {table}"):  # noqa: S608
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql)
    record.refresh_from_db()
    assert record.purpose == "Test"
