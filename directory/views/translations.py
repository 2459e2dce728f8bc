"""Staff pages of one language of an offer, a place or an event: edit it beside the German
original, or confirm it as it stands."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ui.kit import act, owned_or_404, submitted

from ..forms.staff import TranslationForm
from ..models import SOURCE_LANGUAGE, Event, Offer, Place, TranslationState
from ..permissions import can_edit_entry
from ..services.entries import TEXT_KINDS
from ..services.translations import translation_review as review_translation
from ..services.translations import translation_save
from .staff import DENIAL, LANGUAGE_NAMES, editors, original, render

MODELS: dict[str, type[models.Model]] = {"offer": Offer, "place": Place, "event": Event}


def _translation_language(lang: str) -> str:
    if lang == SOURCE_LANGUAGE or lang not in LANGUAGE_NAMES:
        raise Http404
    return lang


@editors
def translation_edit(request: HttpRequest, pk: int, lang: str, kind: str) -> HttpResponse:
    entry: Any = owned_or_404(MODELS[kind], request, pk, can_edit_entry)
    lang = _translation_language(lang)
    text_kind = TEXT_KINDS[kind]
    row = text_kind.translation_model._default_manager.filter(
        **{text_kind.parent_field: entry, "language": lang}
    ).first()
    german = original(entry)
    initial: dict[str, Any] = {"reviewed": row is None or row.state == TranslationState.REVIEWED}  # type: ignore[attr-defined]
    if row is not None:
        initial.update({name: getattr(row, name) for name in text_kind.fields})
    form = TranslationForm(request.POST or None, kind=kind, language=lang, initial=initial)
    if submitted(
        request,
        form,
        lambda: translation_save(
            actor=request.user,
            entry=entry,
            language=lang,
            texts=form.texts(),
            reviewed=form.cleaned_data["reviewed"],
        ),
        _("Die Übersetzung ist gespeichert."),
        denial=DENIAL,
    ):
        return redirect(f"directory:{kind}_translation", entry.pk, lang)
    originals = []
    if german is not None:
        for name in form.fields:
            if name != "reviewed":
                originals.append((form[name].label, getattr(german, name)))
    context = {
        "form": form,
        "entry": entry,
        "kind": kind,
        "row": row,
        "language": lang,
        "language_name": LANGUAGE_NAMES[lang],
        "originals": originals,
        "title": getattr(german, "title", None) or getattr(german, "name", ""),
        "back_url": reverse(f"directory:{kind}_edit", args=[entry.pk]),
        "review_url": reverse(f"directory:{kind}_translation_review", args=[entry.pk, lang]),
    }
    return render(request, "directory/staff/translation_form.html", context)


@editors
@require_POST
def translation_review(request: HttpRequest, pk: int, lang: str, kind: str) -> HttpResponse:
    entry: Any = owned_or_404(MODELS[kind], request, pk, can_edit_entry)
    lang = _translation_language(lang)
    act(
        request,
        lambda: review_translation(actor=request.user, entry=entry, language=lang),
        _("Die Übersetzung ist als geprüft markiert."),
        denial=DENIAL,
    )
    return redirect(f"directory:{kind}_translation", entry.pk, lang)
