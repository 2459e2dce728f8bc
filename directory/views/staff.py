"""What the staff pages of the directory under /angebote/ share, and the settings page.

Coordinators manage the whole district, organisation admins and staff their organisation's
entries; volunteers and people without a membership are refused (403). Single entries outside
what the person may edit look missing (404). A service's refusal lands on the form or in the
messages (`denial="error"`), as everywhere on these pages.

The pages themselves: `offers`, `translations`, `entries` (places and events), `moderation`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from django.conf import settings
from django.contrib import messages
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from districts.geo_forms import OutsideKreisConfirmationMixin
from districts.models import District, Organisation
from ui.kit import Notice, act, current_district, guarded, submitted

from ..forms.staff import DirectorySettingsForm
from ..models import SOURCE_LANGUAGE, TranslationJob
from ..permissions import (
    can_manage_directory_settings,
    can_moderate,
    can_use_directory_editing,
    editable_organisation_ids,
)
from ..services.directory_settings import budget_left, directory_settings_update, settings_for
from ..services.entries import TEXT_KINDS, kind_of
from ..services.machine_translation import machine_translation_request

LANGUAGE_NAMES = dict(settings.LANGUAGES)
DENIAL: Final = "error"  # a refusal by a service is shown on the page, never a bare 403

editors = guarded(can_use_directory_editing)
moderators = guarded(can_moderate)
coordinators = guarded(can_manage_directory_settings)


def organisations(request: HttpRequest) -> Any:
    """The active organisations of the district the person may make entries for."""
    district = current_district(request)
    allowed = editable_organisation_ids(request.user, district)
    queryset = Organisation.objects.for_district(district).active()
    return queryset if allowed is None else queryset.filter(pk__in=allowed)


def render(request: HttpRequest, template: str, context: dict[str, Any]) -> TemplateResponse:
    district = current_district(request)
    context.setdefault("can_moderate", can_moderate(request.user, district))
    context.setdefault("is_coordinator", can_manage_directory_settings(request.user, district))
    return TemplateResponse(request, template, context)


def original(entry: Any) -> Any:
    """The German text row of an offer, place or event (None while there is none)."""
    kind = TEXT_KINDS[kind_of(entry)]
    return kind.translation_model._default_manager.filter(
        **{kind.parent_field: entry, "language": SOURCE_LANGUAGE}
    ).first()


def coverage(entry: Any, languages: list[str]) -> list[dict[str, Any]]:
    """Per language of the district: the state of the entry's row (or missing)."""
    rows = {row.language: row for row in entry.translations.all()}
    kind = kind_of(entry)
    result = []
    for code in languages:
        if code == SOURCE_LANGUAGE:
            continue
        row = rows.get(code)
        result.append(
            {
                "code": code,
                "name": LANGUAGE_NAMES.get(code, code),
                "state": row.state if row else "",
                "state_label": row.get_state_display() if row else _("fehlt"),
                "url": reverse(f"directory:{kind}_translation", args=[entry.pk, code]),
            }
        )
    return result


def languages_of(district: District | None) -> list[str]:
    if district is None:
        return []
    return list(settings_for(district).languages)


def edit_entry(
    request: HttpRequest,
    entry: Any,
    form_class: Any,
    update: Callable[..., Any],
    *,
    key: str,
    saved: str,
) -> HttpResponse:
    """The edit page of a place or an event: German original and structured fields in one form,
    saved through the entry's update service, then the language coverage beside it."""
    form = form_class(
        request.POST or None,
        district=entry.district,
        organisations=organisations(request),
        initial=form_class.initial_for(entry, original(entry)),
    )
    if submitted(
        request,
        form,
        lambda: update(
            actor=request.user,
            data=form.entry_data(),
            texts=form.texts(),
            **{key: entry},
            **_confirmations(form),
        ),
        saved,
        denial=DENIAL,
    ):
        return redirect(f"directory:{key}_edit", entry.pk)
    entry = type(entry).objects.prefetch_related("translations").get(pk=entry.pk)
    context = {
        "form": form,
        key: entry,
        "coverage": coverage(entry, languages_of(entry.district)),
        **machine_translation_context(entry, key=key),
    }
    return render(request, f"directory/staff/{key}_form.html", context)


def _confirmations(form: BaseForm) -> dict[str, bool]:
    """What the person confirmed on the form, for the services that ask (a point outside the
    Kreis)."""
    if isinstance(form, OutsideKreisConfirmationMixin):
        return {"confirm_outside": form.confirmed_outside()}
    return {}


def machine_translation_context(entry: Any, *, key: str) -> dict[str, Any]:
    """What `_machine_translation.html` shows on an edit page: the button and the last jobs."""
    return {
        "jobs": TranslationJob.objects.filter(**{key: entry})[:5],
        "mt_enabled": bool(settings_for(entry.district).mt_provider),
        "mt_url": reverse(f"directory:{key}_machine_translate", args=[entry.pk]),
    }


def machine_translate(request: HttpRequest, entry: Any, *, key: str) -> HttpResponse:
    """Request a machine translation of an offer, place or event; back to its edit page."""

    def said(job: TranslationJob) -> str | Notice:
        if job.state == TranslationJob.State.FAILED:
            return Notice(job.message, messages.ERROR)
        if job.state == TranslationJob.State.QUEUED:
            return Notice(_("Die maschinelle Übersetzung läuft im Hintergrund."))
        if job.state == TranslationJob.State.PARTIAL:
            return Notice(job.message, messages.WARNING)
        return job.message

    act(
        request,
        lambda: machine_translation_request(actor=request.user, entry=entry),
        said,
        denial="error",
    )
    return redirect(f"directory:{key}_edit", entry.pk)


# --- Settings -----------------------------------------------------------------------------------


@coordinators
def directory_settings(request: HttpRequest) -> HttpResponse:
    district = current_district(request)
    assert district is not None  # noqa: S101 - guaranteed by @coordinators
    row = settings_for(district)
    form = DirectorySettingsForm(
        request.POST or None,
        stored_key=row.mt_api_key,
        initial={
            "languages": row.languages,
            "mt_provider": row.mt_provider,
            "mt_url": row.mt_url,
            "mt_monthly_characters": row.mt_monthly_characters,
            "data_licence": row.data_licence,
        },
    )
    if submitted(
        request,
        form,
        lambda: directory_settings_update(
            actor=request.user, district=district, data=form.cleaned_data
        ),
        _("Die Einstellungen sind gespeichert."),
        denial=DENIAL,
    ):
        return redirect("directory:settings")
    context = {
        "form": form,
        "budget_left": budget_left(row),
        "budget_used": row.mt_monthly_characters - budget_left(row),
        "settings_row": row,
    }
    return render(request, "directory/staff/settings.html", context)
