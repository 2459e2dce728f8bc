"""Staff pages of the directory's places and events: lists, create, edit, status and machine
translation."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ui.forms import saved_through
from ui.kit import act, current_district, owned_or_404

from ..forms.entries import EventForm, PlaceForm
from ..models import SOURCE_LANGUAGE, Event, Place
from ..permissions import can_edit_entry
from ..selectors.staff import staff_events, staff_places
from ..services import events as event_services
from ..services import places as place_services
from .staff import (
    DENIAL,
    coverage,
    edit_entry,
    editors,
    languages_of,
    machine_translate,
    organisations,
    render,
)

# --- Places -------------------------------------------------------------------------------------


@editors
def place_list(request: HttpRequest) -> HttpResponse:
    places = staff_places(request.user, current_district(request))
    languages = languages_of(current_district(request))
    rows = [{"place": place, "coverage": coverage(place, languages)} for place in places]
    return render(request, "directory/staff/place_list.html", {"rows": rows})


@editors
def place_create(request: HttpRequest) -> HttpResponse:
    district = current_district(request)
    assert district is not None  # noqa: S101 - guaranteed by @editors
    form = PlaceForm(request.POST or None, district=district, organisations=organisations(request))
    place = saved_through(
        form,
        lambda: place_services.place_create(
            actor=request.user,
            district=district,
            data=form.entry_data(),
            texts=form.texts(),
            confirm_outside=form.confirmed_outside(),
        ),
    )
    if place is not None:
        messages.success(request, _("Der Ort ist angelegt."))
        return redirect("directory:place_edit", place.pk)
    return render(request, "directory/staff/place_form.html", {"form": form, "place": None})


@editors
def place_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return edit_entry(
        request,
        owned_or_404(Place, request, pk, can_edit_entry),
        PlaceForm,
        place_services.place_update,
        key="place",
        saved=_("Der Ort ist gespeichert."),
    )


@editors
@require_POST
def place_status(request: HttpRequest, pk: int) -> HttpResponse:
    place = owned_or_404(Place, request, pk, can_edit_entry)
    action = request.POST.get("action", "")
    act(
        request,
        lambda: place_services.place_set_status(actor=request.user, place=place, action=action),
        _("Der Status des Orts ist geändert."),
        denial=DENIAL,
    )
    return redirect("directory:place_edit", place.pk)


@editors
@require_POST
def place_machine_translate(request: HttpRequest, pk: int) -> HttpResponse:
    return machine_translate(request, owned_or_404(Place, request, pk, can_edit_entry), key="place")


# --- Events -------------------------------------------------------------------------------------


@editors
def event_list(request: HttpRequest) -> HttpResponse:
    languages = languages_of(current_district(request))
    rows = []
    for event in staff_events(request.user, current_district(request)):
        text = next((r for r in event.translations.all() if r.language == SOURCE_LANGUAGE), None)
        rows.append(
            {
                "event": event,
                "title": text.title if text else str(event),
                "coverage": coverage(event, languages),
            }
        )
    return render(request, "directory/staff/event_list.html", {"rows": rows})


@editors
def event_create(request: HttpRequest) -> HttpResponse:
    district = current_district(request)
    assert district is not None  # noqa: S101 - guaranteed by @editors
    form = EventForm(
        request.POST or None,
        district=district,
        organisations=organisations(request),
        initial={"free_of_charge": True},
    )
    event = saved_through(
        form,
        lambda: event_services.event_create(
            actor=request.user, district=district, data=form.entry_data(), texts=form.texts()
        ),
    )
    if event is not None:
        messages.success(request, _("Die Veranstaltung ist als Entwurf angelegt."))
        return redirect("directory:event_edit", event.pk)
    return render(request, "directory/staff/event_form.html", {"form": form, "event": None})


@editors
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return edit_entry(
        request,
        owned_or_404(Event, request, pk, can_edit_entry),
        EventForm,
        event_services.event_update,
        key="event",
        saved=_("Die Veranstaltung ist gespeichert."),
    )


@editors
@require_POST
def event_status(request: HttpRequest, pk: int) -> HttpResponse:
    event = owned_or_404(Event, request, pk, can_edit_entry)
    action = request.POST.get("action", "")
    act(
        request,
        lambda: event_services.event_set_status(actor=request.user, event=event, action=action),
        _("Der Status der Veranstaltung ist geändert."),
        denial=DENIAL,
    )
    return redirect("directory:event_edit", event.pk)


@editors
@require_POST
def event_machine_translate(request: HttpRequest, pk: int) -> HttpResponse:
    return machine_translate(request, owned_or_404(Event, request, pk, can_edit_entry), key="event")
