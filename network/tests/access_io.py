"""Access-matrix rows of the import (coordinators of the district) and the export
(coordinators and staff)."""

from typing import Any

from django.urls import reverse

from core.tests.access_matrix import COORDINATORS, OWN_DISTRICT, Case, managers, named, roles
from districts.models import Membership, Role
from network.models import ImportJob

# Every member role is refused (403) before any job is looked up; a coordinator reaches the jobs
# of the district and gets 404 for another district's.
JOB = managers(org_admin=403, coordinator=OWN_DISTRICT)
# Exports: staff and organisation admins (role staff) and coordinators; volunteers and the
# operator (no membership) are refused.
EXPORTERS = roles(anonymous=302, members=200, operator=403, volunteer=403)


def _job_url(name: str) -> Any:
    return lambda t: reverse(name, args=[t.more["import_job"].pk])


ENTRIES: dict[str, Case] = {
    "network:import_upload": Case(named("network:import_upload"), COORDINATORS),
    "network:import_preview": Case(_job_url("network:import_preview"), JOB),
    "network:import_check": Case(_job_url("network:import_check"), JOB),
    "network:import_status": Case(_job_url("network:import_status"), JOB),
    "network:import_discard": Case(
        _job_url("network:import_discard"),
        managers(
            org_admin=403, coordinator={"own_org": 302, "other_org": 302, "other_district": 404}
        ),
        method="POST",
    ),
    "network:export": Case(named("network:export"), EXPORTERS),
    "network:export_download": Case(
        named("network:export_download", dataset="organisationen", fmt="csv"), EXPORTERS
    ),
}


def targets(organisation: Any) -> dict[str, Any]:
    """A draft import of the organisation's district, started by one of its coordinators."""
    coordinator = (
        Membership.objects.filter(district=organisation.district, role=Role.COORDINATOR)
        .select_related("user")
        .first()
    )
    job = ImportJob.objects.create(
        district=organisation.district,
        created_by=coordinator.user if coordinator else None,
        file_name="organisationen.csv",
        source="csv",
        headers=["Name", "E-Mail"],
        rows=[[2, ["Beratungsstelle Nord", "nord@example.org"]]],
        mapping={"0": "name", "1": "email"},
        total=1,
    )
    return {"import_job": job}
