"""Staff pages of the directory under /angebote/: offers, places, events, their translations,
machine translation, the moderation queue of community submissions and the settings.

Coordinators manage the whole district, organisation admins and staff their organisation's
entries; volunteers and people without a membership are refused (403). Single entries outside
what the person may edit look missing (404).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Exists, OuterRef
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.scoping import get_visible_or_404
from districts.models import District, Organisation
from districts.permissions import is_member_of_district
from network.geo_forms import OutsideKreisConfirmationMixin

from . import services
from .forms import (
    DecisionForm,
    DirectorySettingsForm,
    EventForm,
    OfferFilterForm,
    OfferForm,
    PlaceForm,
    TranslationForm,
)
from .models import (
    SOURCE_LANGUAGE,
    Event,
    Offer,
    OfferTranslation,
    Place,
    Status,
    Submission,
    TranslationJob,
    TranslationState,
)
from .permissions import (
    can_edit_entry,
    can_manage_directory_settings,
    can_moderate,
    can_use_directory_editing,
    editable_organisation_ids,
)
from .services import TEXT_KINDS

M = TypeVar("M", bound=models.Model)
View = Callable[..., HttpResponse]
LANGUAGE_NAMES = dict(settings.LANGUAGES)


def _district(request: HttpRequest) -> District | None:
    district = getattr(request, "district", None)
    return district if district else None


def _guarded(check: Callable[[Any, District | None], bool]) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not check(request.user, _district(request)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapper)

    return decorator


editors = _guarded(can_use_directory_editing)
moderators = _guarded(can_moderate)
coordinators = _guarded(can_manage_directory_settings)


def _entry(model: type[M], request: HttpRequest, pk: int) -> M:
    """404 alike for missing, other district and "visible but not yours to edit"."""
    obj = get_visible_or_404(model, request.user, pk=pk, district=_district(request))
    if not can_edit_entry(request.user, obj):
        raise Http404
    return obj


def _organisations(request: HttpRequest) -> Any:
    district = _district(request)
    allowed = editable_organisation_ids(request.user, district)
    queryset = Organisation.objects.for_district(district).active()
    return queryset if allowed is None else queryset.filter(pk__in=allowed)


def _apply_errors(form: BaseForm, exc: ValidationError | PermissionDenied) -> None:
    if isinstance(exc, PermissionDenied):
        form.add_error(None, str(exc) or _("Das dürfen Sie nicht."))
    elif hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _submitted(request: HttpRequest, form: BaseForm, call: Callable[[], Any]) -> Any:
    """The service's result once a valid POSTed form went through it; else None."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return call()
    except (ValidationError, PermissionDenied) as exc:
        _apply_errors(form, exc)
        return None


def _act(request: HttpRequest, call: Callable[[], Any], success: str) -> bool:
    try:
        call()
    except (ValidationError, PermissionDenied) as exc:
        if isinstance(exc, ValidationError):
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.error(request, str(exc) or _("Das dürfen Sie nicht."))
        return False
    messages.success(request, success)
    return True


def _render(request: HttpRequest, template: str, context: dict[str, Any]) -> TemplateResponse:
    district = _district(request)
    context.setdefault("can_moderate", can_moderate(request.user, district))
    context.setdefault("is_coordinator", can_manage_directory_settings(request.user, district))
    return TemplateResponse(request, template, context)


def _original(entry: Any) -> Any:
    kind = TEXT_KINDS[services.kind_of(entry)]
    return kind.translation_model._default_manager.filter(
        **{kind.parent_field: entry, "language": SOURCE_LANGUAGE}
    ).first()


def _coverage(entry: Any, languages: list[str]) -> list[dict[str, Any]]:
    """Per language of the district: the state of the entry's row (or missing)."""
    rows = {row.language: row for row in entry.translations.all()}
    kind = services.kind_of(entry)
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


def _languages(district: District | None) -> list[str]:
    if district is None:
        return []
    return list(services.settings_for(district).languages)


def _editable(queryset: Any, request: HttpRequest) -> Any:
    allowed = editable_organisation_ids(request.user, _district(request))
    queryset = queryset.visible_to(request.user).for_district(_district(request))
    return queryset if allowed is None else queryset.filter(organisation_id__in=allowed)


def _edit_entry(
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
        organisations=_organisations(request),
        initial=form_class.initial_for(entry, _original(entry)),
    )
    if _submitted(
        request,
        form,
        lambda: update(
            actor=request.user,
            data=form.entry_data(),
            texts=form.texts(),
            **{key: entry},
            **_confirmations(form),
        ),
    ):
        messages.success(request, saved)
        return redirect(f"directory:{key}_edit", entry.pk)
    entry = type(entry).objects.prefetch_related("translations").get(pk=entry.pk)
    context = {
        "form": form,
        key: entry,
        "coverage": _coverage(entry, _languages(entry.district)),
        **_machine_translation_context(entry, key=key),
    }
    return _render(request, f"directory/staff/{key}_form.html", context)


def _confirmations(form: BaseForm) -> dict[str, bool]:
    """What the person confirmed on the form, for the services that ask (a point outside the
    Kreis)."""
    if isinstance(form, OutsideKreisConfirmationMixin):
        return {"confirm_outside": form.confirmed_outside()}
    return {}


def _machine_translation_context(entry: Any, *, key: str) -> dict[str, Any]:
    """What `_machine_translation.html` shows on an edit page: the button and the last jobs."""
    return {
        "jobs": TranslationJob.objects.filter(**{key: entry})[:5],
        "mt_enabled": bool(services.settings_for(entry.district).mt_provider),
        "mt_url": reverse(f"directory:{key}_machine_translate", args=[entry.pk]),
    }


# --- Offers -------------------------------------------------------------------------------------


@login_required
def offer_list(request: HttpRequest) -> HttpResponse:
    district = _district(request)
    if not can_use_directory_editing(request.user, district):
        # "Angebote" in the navigation: volunteers of the district read the public directory.
        if district is not None and is_member_of_district(request.user, district):
            return redirect(
                "public:home", district_slug=district.slug, lang=translation.get_language()
            )
        raise PermissionDenied
    filters = OfferFilterForm(request.GET or None)
    values = filters.cleaned_data if filters.is_valid() else {}
    offers = _editable(Offer.objects, request).exclude(status=Status.SUBMITTED)
    if values.get("status"):
        offers = offers.filter(status=values["status"])
    else:
        offers = offers.exclude(status__in=[Status.ARCHIVED, Status.REJECTED])
    if values.get("stale"):
        offers = offers.filter(review_on__lt=timezone.localdate())
    if values.get("q"):
        offers = offers.filter(
            translations__language=SOURCE_LANGUAGE, translations__title__icontains=values["q"]
        )
    if values.get("missing"):
        current = OfferTranslation.objects.filter(
            offer=OuterRef("pk"), language=values["missing"]
        ).exclude(state=TranslationState.OUTDATED)
        offers = offers.filter(~Exists(current))
    offers = offers.select_related("organisation").prefetch_related("translations")[:200]
    languages = _languages(district)
    rows = []
    for offer in offers:
        original = next((r for r in offer.translations.all() if r.language == "de"), None)
        rows.append(
            {
                "offer": offer,
                "title": original.title if original else str(offer),
                "coverage": _coverage(offer, languages),
            }
        )
    template = "directory/staff/offer_list.html"
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        template += "#rows"
    return _render(request, template, {"filters": filters, "rows": rows})


@editors
def offer_create(request: HttpRequest) -> HttpResponse:
    district = _district(request)
    assert district is not None  # noqa: S101 - guaranteed by @editors
    form = OfferForm(
        request.POST or None,
        district=district,
        organisations=_organisations(request),
        initial={"free_of_charge": True},
    )
    offer = _submitted(
        request,
        form,
        lambda: services.offer_create(
            actor=request.user, district=district, data=form.entry_data(), texts=form.texts()
        ),
    )
    if offer is not None:
        messages.success(request, _("Das Angebot ist als Entwurf angelegt."))
        return redirect("directory:offer_edit", offer.pk)
    return _render(request, "directory/staff/offer_form.html", {"form": form, "offer": None})


@editors
def offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _entry(Offer, request, pk)
    form = OfferForm(
        request.POST or None,
        district=offer.district,
        organisations=_organisations(request),
        initial=OfferForm.initial_for(offer, _original(offer)),
    )
    if (
        offer.organisation_id
        and not form.fields["organisation"]
        .queryset.filter(  # type: ignore[attr-defined]
            pk=offer.organisation_id
        )
        .exists()
    ):
        form.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            pk=offer.organisation_id
        )
    if _submitted(
        request,
        form,
        lambda: services.offer_update(
            actor=request.user, offer=offer, data=form.entry_data(), texts=form.texts()
        ),
    ):
        messages.success(request, _("Das Angebot ist gespeichert."))
        return redirect("directory:offer_edit", offer.pk)
    offer = Offer.objects.prefetch_related("translations").get(pk=offer.pk)
    context = {
        "form": form,
        "offer": offer,
        "coverage": _coverage(offer, _languages(offer.district)),
        **_machine_translation_context(offer, key="offer"),
    }
    return _render(request, "directory/staff/offer_form.html", context)


@editors
@require_POST
def offer_status(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _entry(Offer, request, pk)
    action = request.POST.get("action", "")
    labels = {
        "publish": _("Das Angebot ist veröffentlicht."),
        "unpublish": _("Das Angebot ist wieder ein Entwurf."),
        "archive": _("Das Angebot ist archiviert."),
    }
    _act(
        request,
        lambda: services.offer_set_status(actor=request.user, offer=offer, action=action),
        labels.get(action, ""),
    )
    return redirect("directory:offer_edit", offer.pk)


@editors
@require_POST
def offer_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _entry(Offer, request, pk)
    _act(
        request,
        lambda: services.offer_confirm_current(actor=request.user, offer=offer),
        _("Danke – der Eintrag gilt für weitere zwölf Monate als aktuell."),
    )
    return redirect("directory:offer_edit", offer.pk)


@editors
@require_POST
def offer_machine_translate(request: HttpRequest, pk: int) -> HttpResponse:
    return _machine_translate(request, _entry(Offer, request, pk), key="offer")


def _machine_translate(request: HttpRequest, entry: Any, *, key: str) -> HttpResponse:
    """Request a machine translation of an offer, place or event; back to its edit page."""
    try:
        job = services.machine_translation_request(actor=request.user, entry=entry)
    except (ValidationError, PermissionDenied) as exc:
        for message in getattr(exc, "messages", [str(exc)]):
            messages.error(request, message)
        return redirect(f"directory:{key}_edit", entry.pk)
    if job.state == TranslationJob.State.FAILED:
        messages.error(request, job.message)
    elif job.state == TranslationJob.State.QUEUED:
        messages.info(request, _("Die maschinelle Übersetzung läuft im Hintergrund."))
    elif job.state == TranslationJob.State.PARTIAL:
        messages.warning(request, job.message)
    else:
        messages.success(request, job.message)
    return redirect(f"directory:{key}_edit", entry.pk)


# --- Translations (offers, places, events) -------------------------------------------------------


MODELS: dict[str, type[models.Model]] = {"offer": Offer, "place": Place, "event": Event}


def _translation_language(lang: str) -> str:
    if lang == SOURCE_LANGUAGE or lang not in LANGUAGE_NAMES:
        raise Http404
    return lang


@editors
def translation_edit(request: HttpRequest, pk: int, lang: str, kind: str) -> HttpResponse:
    entry: Any = _entry(MODELS[kind], request, pk)
    lang = _translation_language(lang)
    text_kind = TEXT_KINDS[kind]
    row = text_kind.translation_model._default_manager.filter(
        **{text_kind.parent_field: entry, "language": lang}
    ).first()
    original = _original(entry)
    initial: dict[str, Any] = {"reviewed": row is None or row.state == TranslationState.REVIEWED}  # type: ignore[attr-defined]
    if row is not None:
        initial.update({name: getattr(row, name) for name in text_kind.fields})
    form = TranslationForm(request.POST or None, kind=kind, language=lang, initial=initial)
    if _submitted(
        request,
        form,
        lambda: services.translation_save(
            actor=request.user,
            entry=entry,
            language=lang,
            texts=form.texts(),
            reviewed=form.cleaned_data["reviewed"],
        ),
    ):
        messages.success(request, _("Die Übersetzung ist gespeichert."))
        return redirect(f"directory:{kind}_translation", entry.pk, lang)
    originals = []
    if original is not None:
        for name in form.fields:
            if name != "reviewed":
                originals.append((form[name].label, getattr(original, name)))
    context = {
        "form": form,
        "entry": entry,
        "kind": kind,
        "row": row,
        "language": lang,
        "language_name": LANGUAGE_NAMES[lang],
        "originals": originals,
        "title": getattr(original, "title", None) or getattr(original, "name", ""),
        "back_url": reverse(f"directory:{kind}_edit", args=[entry.pk]),
        "review_url": reverse(f"directory:{kind}_translation_review", args=[entry.pk, lang]),
    }
    return _render(request, "directory/staff/translation_form.html", context)


@editors
@require_POST
def translation_review(request: HttpRequest, pk: int, lang: str, kind: str) -> HttpResponse:
    entry: Any = _entry(MODELS[kind], request, pk)
    lang = _translation_language(lang)
    _act(
        request,
        lambda: services.translation_review(actor=request.user, entry=entry, language=lang),
        _("Die Übersetzung ist als geprüft markiert."),
    )
    return redirect(f"directory:{kind}_translation", entry.pk, lang)


# --- Places -------------------------------------------------------------------------------------


@editors
def place_list(request: HttpRequest) -> HttpResponse:
    places = (
        _editable(Place.objects, request)
        .select_related("organisation", "municipality")
        .prefetch_related("translations")[:300]
    )
    languages = _languages(_district(request))
    rows = [{"place": place, "coverage": _coverage(place, languages)} for place in places]
    return _render(request, "directory/staff/place_list.html", {"rows": rows})


@editors
def place_create(request: HttpRequest) -> HttpResponse:
    district = _district(request)
    assert district is not None  # noqa: S101
    form = PlaceForm(request.POST or None, district=district, organisations=_organisations(request))
    place = _submitted(
        request,
        form,
        lambda: services.place_create(
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
    return _render(request, "directory/staff/place_form.html", {"form": form, "place": None})


@editors
def place_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit_entry(
        request,
        _entry(Place, request, pk),
        PlaceForm,
        services.place_update,
        key="place",
        saved=_("Der Ort ist gespeichert."),
    )


@editors
@require_POST
def place_status(request: HttpRequest, pk: int) -> HttpResponse:
    place = _entry(Place, request, pk)
    action = request.POST.get("action", "")
    _act(
        request,
        lambda: services.place_set_status(actor=request.user, place=place, action=action),
        _("Der Status des Orts ist geändert."),
    )
    return redirect("directory:place_edit", place.pk)


@editors
@require_POST
def place_machine_translate(request: HttpRequest, pk: int) -> HttpResponse:
    return _machine_translate(request, _entry(Place, request, pk), key="place")


# --- Events -------------------------------------------------------------------------------------


@editors
def event_list(request: HttpRequest) -> HttpResponse:
    events = (
        _editable(Event.objects, request)
        .exclude(status=Status.SUBMITTED)
        .select_related("organisation", "place")
        .prefetch_related("translations")
        .order_by("-starts_at")[:300]
    )
    languages = _languages(_district(request))
    rows = []
    for event in events:
        original = next((r for r in event.translations.all() if r.language == "de"), None)
        rows.append(
            {
                "event": event,
                "title": original.title if original else str(event),
                "coverage": _coverage(event, languages),
            }
        )
    return _render(request, "directory/staff/event_list.html", {"rows": rows})


@editors
def event_create(request: HttpRequest) -> HttpResponse:
    district = _district(request)
    assert district is not None  # noqa: S101
    form = EventForm(
        request.POST or None,
        district=district,
        organisations=_organisations(request),
        initial={"free_of_charge": True},
    )
    event = _submitted(
        request,
        form,
        lambda: services.event_create(
            actor=request.user, district=district, data=form.entry_data(), texts=form.texts()
        ),
    )
    if event is not None:
        messages.success(request, _("Die Veranstaltung ist als Entwurf angelegt."))
        return redirect("directory:event_edit", event.pk)
    return _render(request, "directory/staff/event_form.html", {"form": form, "event": None})


@editors
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit_entry(
        request,
        _entry(Event, request, pk),
        EventForm,
        services.event_update,
        key="event",
        saved=_("Die Veranstaltung ist gespeichert."),
    )


@editors
@require_POST
def event_status(request: HttpRequest, pk: int) -> HttpResponse:
    event = _entry(Event, request, pk)
    action = request.POST.get("action", "")
    _act(
        request,
        lambda: services.event_set_status(actor=request.user, event=event, action=action),
        _("Der Status der Veranstaltung ist geändert."),
    )
    return redirect("directory:event_edit", event.pk)


@editors
@require_POST
def event_machine_translate(request: HttpRequest, pk: int) -> HttpResponse:
    return _machine_translate(request, _entry(Event, request, pk), key="event")


# --- Moderation ---------------------------------------------------------------------------------


def _submission(request: HttpRequest, pk: int) -> Submission:
    return get_visible_or_404(Submission, request.user, pk=pk, district=_district(request))


@moderators
def submission_list(request: HttpRequest) -> HttpResponse:
    submissions = (
        Submission.objects.visible_to(request.user)
        .for_district(_district(request))
        .filter(decided_at__isnull=True)
        .select_related("offer", "event")
        .prefetch_related("offer__translations", "event__translations")
    )
    rows = []
    for submission in submissions:
        entry: Any = submission.offer or submission.event
        original = (
            next((r for r in entry.translations.all() if r.language == "de"), None)
            if entry
            else None
        )
        rows.append(
            {
                "submission": submission,
                "title": original.title if original else "–",
                "kind": _("Veranstaltung") if submission.event_id else _("Angebot"),
                "language": LANGUAGE_NAMES.get(submission.language, submission.language),
            }
        )
    return _render(request, "directory/staff/submission_list.html", {"rows": rows})


@moderators
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _submission(request, pk)
    entry: Any = submission.offer or submission.event
    if submission.decided_at is not None or entry is None:
        raise Http404
    district = submission.district
    form: OfferForm | EventForm
    if submission.offer is not None:
        form = OfferForm(
            request.POST or None,
            district=district,
            organisations=Organisation.objects.for_district(district).active(),
            initial=OfferForm.initial_for(submission.offer, _original(submission.offer)),
        )
    else:
        form = EventForm(
            request.POST or None,
            district=district,
            organisations=Organisation.objects.for_district(district).active(),
            initial=EventForm.initial_for(entry, _original(entry)),
        )
    if _submitted(
        request,
        form,
        lambda: services.submission_update(
            actor=request.user,
            submission=submission,
            data=form.entry_data(),
            texts=form.texts(),
        ),
    ):
        messages.success(request, _("Der Vorschlag ist gespeichert."))
        return redirect("directory:submission_detail", submission.pk)
    context = {
        "form": form,
        "submission": submission,
        "decision": DecisionForm(),
        "language": LANGUAGE_NAMES.get(submission.language, submission.language),
    }
    return _render(request, "directory/staff/submission_detail.html", context)


@moderators
@require_POST
def submission_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    submission = _submission(request, pk)
    form = DecisionForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    if not form.is_valid():
        messages.error(request, _("Die Nachricht ist zu lang (höchstens 2000 Zeichen)."))
        return redirect("directory:submission_detail", submission.pk)
    if decision == "publish":
        ok = _act(
            request,
            lambda: services.submission_publish(
                actor=request.user, submission=submission, message=message
            ),
            _("Der Vorschlag ist veröffentlicht; die Person wird per E-Mail informiert."),
        )
    else:
        ok = _act(
            request,
            lambda: services.submission_reject(
                actor=request.user, submission=submission, message=message
            ),
            _("Der Vorschlag ist abgelehnt; die Person wird per E-Mail informiert."),
        )
    if ok:
        return redirect("directory:submission_list")
    if submission.decided_at is not None:
        return redirect("directory:submission_list")
    return redirect("directory:submission_detail", submission.pk)


# --- Settings -----------------------------------------------------------------------------------


@coordinators
def directory_settings(request: HttpRequest) -> HttpResponse:
    district = _district(request)
    assert district is not None  # noqa: S101
    row = services.settings_for(district)
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
    if _submitted(
        request,
        form,
        lambda: services.directory_settings_update(
            actor=request.user, district=district, data=form.cleaned_data
        ),
    ):
        messages.success(request, _("Die Einstellungen sind gespeichert."))
        return redirect("directory:settings")
    context = {
        "form": form,
        "budget_left": services.budget_left(row),
        "budget_used": row.mt_monthly_characters - services.budget_left(row),
        "settings_row": row,
    }
    return _render(request, "directory/staff/settings.html", context)
