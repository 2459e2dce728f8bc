"""Machine translation of offers, places and events into the district's languages: queued by a
person, run by a background task, within the district's monthly budget of characters."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit

from ..models import (
    SOURCE_LANGUAGE,
    DirectorySettings,
    Event,
    Offer,
    Place,
    TranslationJob,
    TranslationState,
)
from ..translation import TranslationError, provider_for
from .directory_settings import budget_left, current_period, settings_for
from .entries import (
    TEXT_KINDS,
    kind_of,
    require_editor,
)
from .translations import clean_texts, save_row


@transaction.atomic
def machine_translation_request(*, actor: Any, entry: Offer | Place | Event) -> TranslationJob:
    """Queue a machine translation of an offer, place or event into the district's languages."""
    require_editor(actor, entry)
    name = kind_of(entry)
    kind = TEXT_KINDS[name]
    row = settings_for(entry.district)
    if provider_for(row) is None:
        raise ValidationError(_("Für Ihren Kreis ist keine maschinelle Übersetzung eingerichtet."))
    if not kind.translation_model._default_manager.filter(
        **{kind.parent_field: entry, "language": SOURCE_LANGUAGE}
    ).exists():
        raise ValidationError(_("Ohne deutschen Text gibt es nichts zu übersetzen."))
    job = TranslationJob.objects.create(
        district=entry.district, requested_by=actor if actor else None, **{name: entry}
    )
    audit(actor=actor, action=f"{name}.machine_translation_request", obj=entry)
    from ..tasks import translate_entry

    # With the database task backend the queued task is part of this transaction.
    translate_entry.enqueue(job_id=job.pk)
    job.refresh_from_db()
    return job


@transaction.atomic
def _finish(
    job: TranslationJob, state: str, message: str, *, provider: str, requested: list[str]
) -> TranslationJob:
    job.state = state
    job.message = message
    job.finished_at = timezone.now()
    job.save()
    _audit_run(job, provider=provider, requested=requested)
    return job


def _audit_run(job: TranslationJob, *, provider: str, requested: list[str]) -> None:
    """One record per run, failed or not: who asked, which provider, which languages were asked
    for and which came back, how many characters were sent (they count against the budget)."""
    entry = job.entry
    name = kind_of(entry)
    audit(
        actor=job.requested_by,
        action=f"{name}.machine_translation",
        obj=entry,
        district=job.district,
        changes={
            "provider": provider,
            "state": job.state,
            "languages_requested": requested,
            "languages": list(job.languages),
            "translated_count": len(job.languages),
            "failed_count": len(set(requested) - set(job.languages)),
            "characters": job.characters,
            "message": job.message,
        },
    )


def machine_translation_run(*, job: TranslationJob) -> TranslationJob:
    """Run a queued job (the background task calls this); every failure ends up in `job`, and
    every run in the audit trail."""
    entry = job.entry
    name = kind_of(entry)
    kind = TEXT_KINDS[name]
    texts_of = kind.translation_model._default_manager.filter(**{kind.parent_field: entry})
    with transaction.atomic():
        row = DirectorySettings.objects.select_for_update().filter(district=entry.district).first()
        provider = provider_for(row) if row is not None else None
        if row is None or provider is None:
            return _finish(
                job,
                TranslationJob.State.FAILED,
                _("Für Ihren Kreis ist keine maschinelle Übersetzung eingerichtet."),
                provider="",
                requested=[],
            )
        provider_name = row.mt_provider
        if row.mt_period != current_period():
            row.mt_period = current_period()
            row.mt_used_characters = 0
            row.save(update_fields=["mt_period", "mt_used_characters"])
        original = texts_of.filter(language=SOURCE_LANGUAGE).first()
        if original is None:
            return _finish(
                job,
                TranslationJob.State.FAILED,
                _("Ohne deutschen Text gibt es nichts zu übersetzen."),
                provider=provider_name,
                requested=[],
            )
        sources = [(f, getattr(original, f)) for f in kind.machine_fields if getattr(original, f)]
        reviewed = set(
            texts_of.filter(state=TranslationState.REVIEWED).values_list("language", flat=True)
        )
        targets = [
            code for code in row.languages if code != SOURCE_LANGUAGE and code not in reviewed
        ]
        requested = list(targets)
        unsupported = [code for code in targets if not provider.supports(code)]
        targets = [code for code in targets if provider.supports(code)]
        per_language = sum(len(text) for _name, text in sources)
        needed = per_language * len(targets)
        left = budget_left(row)
        if needed > left:
            return _finish(
                job,
                TranslationJob.State.FAILED,
                _(
                    "Das Zeichenkontingent dieses Monats reicht nicht: gebraucht %(needed)s "
                    "Zeichen, übrig %(left)s. Es wurde nichts übersetzt."
                )
                % {"needed": needed, "left": left},
                provider=provider_name,
                requested=requested,
            )
    done: list[str] = []
    problems: list[str] = []
    used = 0
    if unsupported:
        problems.append(
            _("Nicht unterstützte Sprachen: %(codes)s.") % {"codes": ", ".join(unsupported)}
        )
    for code in targets:
        try:
            result = provider.translate([text for _n, text in sources], SOURCE_LANGUAGE, code)
        except TranslationError as exc:
            problems.append(f"{code}: {exc}")
            continue
        texts = dict.fromkeys(kind.fields, "")
        texts.update({f: value for (f, _t), value in zip(sources, result, strict=True)})
        with transaction.atomic():
            try:
                # For offers the text row's signal renews the search index.
                save_row(
                    entry, kind, code, clean_texts(kind, texts, code), TranslationState.MACHINE
                )
            except ValidationError as exc:
                problems.append(f"{code}: {'; '.join(exc.messages)}")
                continue
            DirectorySettings.objects.filter(pk=row.pk).update(
                mt_used_characters=models.F("mt_used_characters") + per_language
            )
        used += per_language
        done.append(code)
    job.languages = done
    job.characters = used
    if done and problems:
        state = TranslationJob.State.PARTIAL
    elif done:
        state = TranslationJob.State.DONE
    else:
        state = TranslationJob.State.FAILED
    if not targets and not unsupported:
        problems.append(_("Alle Sprachen sind bereits geprüft übersetzt."))
        state = TranslationJob.State.DONE
    summary = _("Übersetzt: %(codes)s.") % {"codes": ", ".join(done)} if done else ""
    return _finish(
        job,
        state,
        " ".join([summary, *problems]).strip(),
        provider=provider_name,
        requested=requested,
    )
