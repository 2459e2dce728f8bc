"""Background work of the directory: machine translation of an offer, a place or an event."""

from __future__ import annotations

from django_tasks import task

from .models import TranslationJob


@task()
def translate_entry(*, job_id: int) -> None:
    """Translate the entry of a queued job; the outcome is written to the job for staff."""
    from .services.machine_translation import machine_translation_run

    job = (
        TranslationJob.objects.select_related(
            "offer__district", "place__district", "event__district"
        )
        .filter(pk=job_id)
        .first()
    )
    if job is None or job.state != TranslationJob.State.QUEUED:
        return
    machine_translation_run(job=job)


@task()
def translate_offer(*, job_id: int) -> None:
    """The former name: tasks queued before places and events could be translated name it."""
    translate_entry.call(job_id=job_id)
