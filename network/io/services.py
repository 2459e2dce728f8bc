"""Every write of the import: upload, mapping, start, the background run, discard.

Each function checks the permission, validates, saves and writes the audit record in one
transaction; the background run keeps its writes in one transaction of their own.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.audit import audit
from districts.models import District
from districts.permissions import can_manage_district

from ..models import ImportJob
from .importer import MERGE, NEW, SKIP, ImportAborted, Plan, apply_plan, build_plan
from .mapping import clean_mapping, suggest_mapping
from .readers import ReaderError, read_table
from .validation import Problem

logger = logging.getLogger(__name__)

MAX_PROBLEMS_IN_REPORT = 500
STALE_DRAFTS_AFTER = dt.timedelta(days=1)
DECISIONS = {MERGE, SKIP, NEW}


def _check(actor: Any, district: District) -> None:
    if not can_manage_district(actor, district):
        raise PermissionDenied(_("Nur die Koordination kann Organisationen importieren."))


def _check_draft(job: ImportJob) -> None:
    if job.status != ImportJob.Status.DRAFT:
        raise ValidationError(_("Dieser Import wurde bereits gestartet."))


def progress_key(job: ImportJob | int) -> str:
    pk = job if isinstance(job, int) else job.pk
    return f"network:import:{pk}:written"


@transaction.atomic
def import_job_create(*, actor: Any, district: District, file_name: str, data: bytes) -> ImportJob:
    """Read the upload into a draft job; the file itself is not kept."""
    _check(actor, district)
    try:
        table = read_table(data, file_name)
    except ReaderError as exc:
        raise ValidationError({"file": exc.message}) from exc
    # Drafts nobody finished do not keep people's data around.
    ImportJob.objects.for_district(district).filter(
        status=ImportJob.Status.DRAFT, created_at__lt=timezone.now() - STALE_DRAFTS_AFTER
    ).delete()
    job = ImportJob(
        district=district,
        created_by=actor,
        file_name=PurePath(file_name or "import").name[:255],
        source=table.source,
        headers=table.headers,
        rows=table.rows_as_json(),
        mapping=suggest_mapping(table.headers),
        total=len(table.rows),
    )
    job.full_clean()
    job.save()
    audit(
        actor=actor,
        action="import.upload",
        obj=job,
        changes={"file_name": [None, job.file_name], "rows": [None, job.total]},
    )
    return job


@transaction.atomic
def import_job_set_mapping(*, actor: Any, job: ImportJob, mapping: Mapping[str, str]) -> ImportJob:
    _check(actor, job.district)
    _check_draft(job)
    try:
        cleaned = clean_mapping(mapping, len(job.headers))
    except ValueError as exc:
        raise ValidationError(_("Jedes Feld darf nur einer Spalte zugeordnet werden.")) from exc
    if "name" not in cleaned.values():
        raise ValidationError(_("Ordnen Sie eine Spalte dem Feld „Name der Organisation“ zu."))
    if cleaned != job.mapping:
        audit(
            actor=actor, action="import.map", obj=job, changes={"mapping": [job.mapping, cleaned]}
        )
        job.mapping = cleaned
        job.save(update_fields=["mapping"])
    return job


def import_job_plan(*, job: ImportJob, decisions: Mapping[str, str] | None = None) -> Plan:
    """What the import would do with the data as it is now (for the check page)."""
    return build_plan(
        district=job.district,
        headers=job.headers,
        rows=job.rows,
        mapping=job.mapping,
        decisions=job.decisions if decisions is None else decisions,
    )


@transaction.atomic
def import_job_start(
    *, actor: Any, job: ImportJob, decisions: Mapping[str, str], skip_invalid: bool
) -> ImportJob:
    from .tasks import run_import

    _check(actor, job.district)
    _check_draft(job)
    if "name" not in job.mapping.values():
        raise ValidationError(_("Ordnen Sie eine Spalte dem Feld „Name der Organisation“ zu."))
    cleaned = {str(k): v for k, v in decisions.items() if v in DECISIONS and str(k).isdigit()}
    plan = import_job_plan(job=job, decisions=cleaned)
    if plan.problems and not skip_invalid:
        raise ValidationError(
            ngettext(
                "Die Tabelle enthält %(n)d Fehler. Korrigieren Sie die Datei oder die Zuordnung, "
                "oder überspringen Sie die fehlerhafte Zeile.",
                "Die Tabelle enthält %(n)d Fehler. Korrigieren Sie die Datei oder die Zuordnung, "
                "oder überspringen Sie die fehlerhaften Zeilen.",
                len(plan.problems),
            )
            % {"n": len(plan.problems)}
        )
    job.decisions = cleaned
    job.skip_invalid = skip_invalid
    job.status = ImportJob.Status.QUEUED
    job.processed = 0
    job.save(update_fields=["decisions", "skip_invalid", "status", "processed"])
    audit(
        actor=actor,
        action="import.start",
        obj=job,
        changes={"decisions": cleaned, "skip_invalid": skip_invalid},
    )
    # With the database backend the queued task is part of this transaction.
    run_import.enqueue(job_id=job.pk)
    return job


@transaction.atomic
def import_job_discard(*, actor: Any, job: ImportJob) -> None:
    _check(actor, job.district)
    if job.is_running:
        raise ValidationError(_("Ein laufender Import kann nicht verworfen werden."))
    audit(
        actor=actor,
        action="import.discard",
        obj=job,
        changes={"file_name": [job.file_name, None]},
    )
    job.delete()


def import_job_run(*, job_id: int) -> None:
    """The background run: check again against today's data, then write all or nothing."""
    job = ImportJob.objects.select_related("district", "created_by").filter(pk=job_id).first()
    if job is None or job.status != ImportJob.Status.QUEUED:
        return
    actor = job.created_by
    if actor is None or not can_manage_district(actor, job.district):
        _finish_failed(
            job, [], _("Die Person, die den Import gestartet hat, koordiniert nicht mehr.")
        )
        return
    _set_status(job, ImportJob.Status.CHECKING)

    def checked(n: int) -> None:
        job.processed = n
        job.save(update_fields=["processed"])

    try:
        plan = build_plan(
            district=job.district,
            headers=job.headers,
            rows=job.rows,
            mapping=job.mapping,
            decisions=job.decisions,
            progress=checked,
        )
    except Exception:  # whatever happens, the job must not stay "running"
        logger.exception("import %s: checking failed", job.pk)
        _finish_failed(job, [], _("Beim Prüfen ist ein unerwarteter Fehler aufgetreten."))
        return
    if plan.problems and not job.skip_invalid:
        _finish_failed(job, plan.problems, _("Die Tabelle enthält Fehler."))
        return
    _set_status(job, ImportJob.Status.WRITING)
    try:
        with transaction.atomic():
            outcome = apply_plan(
                plan=plan,
                district=job.district,
                actor=actor,
                progress=lambda n: cache.set(progress_key(job), n, 3600),
            )
            audit(actor=actor, action="import.run", obj=job, changes=outcome.as_json())
    except ImportAborted as exc:
        _finish_failed(job, exc.problems, _("Eine Zeile konnte nicht gespeichert werden."))
        return
    except Exception:  # a rollback has happened; the report must say so instead of a 500
        logger.exception("import %s: writing failed", job.pk)
        _finish_failed(job, [], _("Beim Speichern ist ein unerwarteter Fehler aufgetreten."))
        return
    job.status = ImportJob.Status.DONE
    job.processed = job.total
    job.report = {
        **outcome.as_json(),
        "rolled_back": False,
        "problems": [p.as_json() for p in plan.problems[:MAX_PROBLEMS_IN_REPORT]],
        "problem_count": len(plan.problems),
    }
    _end(job)


def _set_status(job: ImportJob, status: str) -> None:
    job.status = status
    job.processed = 0
    job.save(update_fields=["status", "processed"])


def _finish_failed(job: ImportJob, problems: list[Problem], reason: str) -> None:
    job.status = ImportJob.Status.FAILED
    job.report = {
        "rolled_back": True,
        "message": reason,
        "failed": len({p.row for p in problems}),
        "problems": [p.as_json() for p in problems[:MAX_PROBLEMS_IN_REPORT]],
        "problem_count": len(problems),
    }
    _end(job)


def _end(job: ImportJob) -> None:
    """The cells leave with the job's end; the counts and the problems stay as the report."""
    job.rows = []
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "processed", "report", "rows", "finished_at"])
    cache.delete(progress_key(job))
