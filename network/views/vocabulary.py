"""Themen und Zielgruppen under /netzwerk/themen/: the coordinators keep the district's
Handlungsfelder and target groups (add, rename, reorder, deactivate, delete while unused)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.scoping import get_visible_or_404
from districts.models import Vocabulary
from network.permissions import can_manage_vocabulary
from network.selectors import vocabulary as reads
from network.services import vocabulary as services
from ui.kit import act, current_district, guarded, submitted

from ..forms.vocabulary import EntryForm, NameForm

coordination = guarded(can_manage_vocabulary)


def _kind(slug: str) -> reads.Kind:
    try:
        return reads.KINDS[slug]
    except KeyError as exc:
        raise Http404 from exc


def _entry(request: HttpRequest, kind: reads.Kind, pk: int) -> Vocabulary:
    return get_visible_or_404(kind.model, request.user, pk=pk, district=current_district(request))


def _list_url(kind: reads.Kind) -> str:
    return f"{reverse('network:vocabulary')}#{kind.slug}"


@coordination
def vocabulary_list(request: HttpRequest) -> HttpResponse:
    district = current_district(request)
    assert district is not None  # noqa: S101 - guaranteed by @coordination
    sections: list[dict[str, Any]] = []
    for kind in reads.KINDS.values():
        usages = kind.usages
        sections.append(
            {
                "kind": kind,
                "entries": reads.vocabulary_entries(request.user, district, kind),
                "labels": [usage.label for usage in usages],
                "colspan": 3 + len(usages),
            }
        )
    return TemplateResponse(request, "network/vocabulary_list.html", {"sections": sections})


@coordination
def vocabulary_create(request: HttpRequest, kind: str) -> HttpResponse:
    district = current_district(request)
    assert district is not None  # noqa: S101
    vocabulary = _kind(kind)
    form = NameForm(request.POST if request.method == "POST" else None)
    if submitted(
        request,
        form,
        lambda: services.vocabulary_create(
            actor=request.user,
            district=district,
            kind=vocabulary,
            name=form.cleaned_data["name"],
        ),
        _("Der Eintrag wurde angelegt."),
        denial="error",
    ):
        return redirect(_list_url(vocabulary))
    return TemplateResponse(
        request, "network/vocabulary_form.html", {"form": form, "kind": vocabulary}
    )


@coordination
def vocabulary_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    vocabulary = _kind(kind)
    entry = _entry(request, vocabulary, pk)
    form = EntryForm(request.POST if request.method == "POST" else None, entry=entry)
    if submitted(
        request,
        form,
        lambda: services.vocabulary_update(
            actor=request.user,
            entry=entry,
            name=form.cleaned_data["name"],
            in_directory=form.cleaned_data["in_directory"],
            public_labels=form.public_labels(),
        ),
        _("Die Änderungen wurden gespeichert."),
        denial="error",
    ):
        return redirect(_list_url(vocabulary))
    context: dict[str, Any] = {
        "form": form,
        "kind": vocabulary,
        "entry": entry,
        "usages": reads.usage_counts(entry),
    }
    context["in_use"] = any(count for _label, count in context["usages"])
    return TemplateResponse(request, "network/vocabulary_form.html", context)


@require_POST
@coordination
def vocabulary_move(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    vocabulary = _kind(kind)
    entry = _entry(request, vocabulary, pk)
    direction: services.Direction = "up" if request.POST.get("direction") == "up" else "down"
    act(
        request,
        lambda: services.vocabulary_move(actor=request.user, entry=entry, direction=direction),
        _("„%s“ steht jetzt weiter oben.") % entry.name
        if direction == "up"
        else _("„%s“ steht jetzt weiter unten.") % entry.name,
    )
    return redirect(_list_url(vocabulary))


@require_POST
@coordination
def vocabulary_set_active(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    vocabulary = _kind(kind)
    entry = _entry(request, vocabulary, pk)
    is_active = request.POST.get("active") == "1"
    act(
        request,
        lambda: services.vocabulary_set_active(
            actor=request.user, entry=entry, is_active=is_active
        ),
        _("„%s“ steht wieder zur Auswahl.") % entry.name
        if is_active
        else _(
            "„%s“ wurde deaktiviert: Es steht nicht mehr zur Auswahl, bleibt aber bei den "
            "bestehenden Einträgen erhalten."
        )
        % entry.name,
    )
    return redirect(_list_url(vocabulary))


@require_POST
@coordination
def vocabulary_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    vocabulary = _kind(kind)
    entry = _entry(request, vocabulary, pk)
    name = entry.name
    act(
        request,
        lambda: services.vocabulary_delete(actor=request.user, entry=entry),
        _("„%s“ wurde gelöscht.") % name,
    )
    if entry.pk is not None:  # refused while in use: the page that offers deactivation
        return redirect("network:vocabulary_edit", kind=vocabulary.slug, pk=entry.pk)
    return redirect(_list_url(vocabulary))


urlpatterns: list[URLPattern] = [
    path("themen/", vocabulary_list, name="vocabulary"),
    path("themen/<slug:kind>/neu/", vocabulary_create, name="vocabulary_create"),
    path("themen/<slug:kind>/<int:pk>/", vocabulary_edit, name="vocabulary_edit"),
    path("themen/<slug:kind>/<int:pk>/verschieben/", vocabulary_move, name="vocabulary_move"),
    path("themen/<slug:kind>/<int:pk>/aktiv/", vocabulary_set_active, name="vocabulary_set_active"),
    path("themen/<slug:kind>/<int:pk>/loeschen/", vocabulary_delete, name="vocabulary_delete"),
]
