"""The import runs in the background (django_tasks; the database backend in production)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_import(*, job_id: int) -> None:
    from .services import import_job_run

    import_job_run(job_id=job_id)
