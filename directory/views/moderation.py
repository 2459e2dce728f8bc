"""The moderation queue of community submissions: coordinators and organisation admins edit a
proposed offer or event, then publish or reject it (the person who proposed it is told)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.scoping import get_visible_or_404
from districts.models import Organisation
from ui.kit import act, current_district, submitted

from ..forms.entries import EventForm, OfferForm
from ..forms.staff import DecisionForm
from ..models import SOURCE_LANGUAGE, Submission
from ..selectors.staff import open_submissions
from ..services import submissions as services
from .staff import DENIAL, LANGUAGE_NAMES, moderators, original, render


def _submission(request: HttpRequest, pk: int) -> Submission:
    return get_visible_or_404(Submission, request.user, pk=pk, district=current_district(request))


@moderators
def submission_list(request: HttpRequest) -> HttpResponse:
    rows = []
    for submission in open_submissions(request.user, current_district(request)):
        entry: Any = submission.offer or submission.event
        text = (
            next((r for r in entry.translations.all() if r.language == SOURCE_LANGUAGE), None)
            if entry
            else None
        )
        rows.append(
            {
                "submission": submission,
                "title": text.title if text else "–",
                "kind": _("Veranstaltung") if submission.event_id else _("Angebot"),
                "language": LANGUAGE_NAMES.get(submission.language, submission.language),
            }
        )
    return render(request, "directory/staff/submission_list.html", {"rows": rows})


@moderators
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _submission(request, pk)
    entry: Any = submission.offer or submission.event
    if submission.decided_at is not None or entry is None:
        raise Http404
    form_class = OfferForm if submission.offer is not None else EventForm
    form = form_class(
        request.POST or None,
        district=submission.district,
        organisations=Organisation.objects.for_district(submission.district).active(),
        initial=form_class.initial_for(entry, original(entry)),
    )
    if submitted(
        request,
        form,
        lambda: services.submission_update(
            actor=request.user,
            submission=submission,
            data=form.entry_data(),
            texts=form.texts(),
        ),
        _("Der Vorschlag ist gespeichert."),
        denial=DENIAL,
    ):
        return redirect("directory:submission_detail", submission.pk)
    context = {
        "form": form,
        "submission": submission,
        "decision": DecisionForm(),
        "language": LANGUAGE_NAMES.get(submission.language, submission.language),
    }
    return render(request, "directory/staff/submission_detail.html", context)


@moderators
@require_POST
def submission_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    submission = _submission(request, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Die Nachricht ist zu lang (höchstens 2000 Zeichen)."))
        return redirect("directory:submission_detail", submission.pk)
    message = form.cleaned_data["message"]
    if decision == "publish":
        decided = act(
            request,
            lambda: services.submission_publish(
                actor=request.user, submission=submission, message=message
            ),
            _("Der Vorschlag ist veröffentlicht; die Person wird per E-Mail informiert."),
            denial=DENIAL,
        )
    else:
        decided = act(
            request,
            lambda: services.submission_reject(
                actor=request.user, submission=submission, message=message
            ),
            _("Der Vorschlag ist abgelehnt; die Person wird per E-Mail informiert."),
            denial=DENIAL,
        )
    if decided or submission.decided_at is not None:
        return redirect("directory:submission_list")
    return redirect("directory:submission_detail", submission.pk)
