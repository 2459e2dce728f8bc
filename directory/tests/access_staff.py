"""Access-matrix rows of the directory's staff pages (/angebote/) and the public submission form.

Editing: coordinators the whole district, organisation admins and staff their organisation's
entries (another organisation's entry looks missing: 404), volunteers and the operator 403.
Moderation: coordinators and organisation admins of the district. Settings: coordinators.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from core.tests.access_matrix import (
    OWN_DISTRICT,
    OWN_DISTRICT_POST,
    OWN_ORG_ONLY,
    OWN_ORG_ONLY_POST,
    PUBLIC,
    Case,
    Target,
    named,
    roles,
)
from directory.models import Status, Submission
from directory.tests.factories import EventFactory, OfferFactory, PlaceFactory

# Staff and organisation admins: own organisation; coordinators: own district.
EDITORS = roles(
    anonymous=302,
    members=OWN_ORG_ONLY,
    volunteer=403,
    operator=403,
    coordinator=OWN_DISTRICT,
)
EDITORS_POST = roles(
    anonymous=302,
    members=OWN_ORG_ONLY_POST,
    volunteer=403,
    operator=403,
    coordinator=OWN_DISTRICT_POST,
)
EDITORS_PAGE = roles(anonymous=302, members=200, volunteer=403, operator=403)
MODERATORS = roles(anonymous=302, members=403, org_admin=OWN_DISTRICT, coordinator=OWN_DISTRICT)
MODERATORS_POST = roles(
    anonymous=302, members=403, org_admin=OWN_DISTRICT_POST, coordinator=OWN_DISTRICT_POST
)
MODERATORS_PAGE = roles(anonymous=302, members=403, org_admin=200, coordinator=200)
COORDINATORS_PAGE = roles(anonymous=302, members=403, coordinator=200)


def _url(name: str, key: str, *extra: Any) -> Any:
    return lambda t: reverse(name, args=[t.more[key].pk, *extra])


def _status(action: str) -> Any:
    return lambda t: {"action": action}


def _public(name: str) -> Any:
    def url(t: Target) -> str:
        return reverse(name, kwargs={"district_slug": t.district.slug, "lang": "de"})

    return url


ENTRIES: dict[str, Case] = {
    # Volunteers are sent on to the public directory of their district.
    "directory:index": Case(named("directory:index"), {**EDITORS_PAGE, "volunteer": 302}),
    "directory:offer_create": Case(named("directory:offer_create"), EDITORS_PAGE),
    "directory:offer_edit": Case(_url("directory:offer_edit", "staff_offer"), EDITORS),
    "directory:offer_status": Case(
        _url("directory:offer_status", "staff_offer"),
        EDITORS_POST,
        method="POST",
        data=_status("unpublish"),
    ),
    "directory:offer_confirm": Case(
        _url("directory:offer_confirm", "staff_offer"), EDITORS_POST, method="POST"
    ),
    "directory:offer_machine_translate": Case(
        _url("directory:offer_machine_translate", "staff_offer"),
        EDITORS_POST,
        method="POST",
        note="no provider configured: the page says so",
    ),
    "directory:offer_translation": Case(
        _url("directory:offer_translation", "staff_offer", "en"), EDITORS
    ),
    "directory:offer_translation_review": Case(
        _url("directory:offer_translation_review", "staff_offer", "en"),
        EDITORS_POST,
        method="POST",
    ),
    "directory:place_list": Case(named("directory:place_list"), EDITORS_PAGE),
    "directory:place_create": Case(named("directory:place_create"), EDITORS_PAGE),
    "directory:place_edit": Case(_url("directory:place_edit", "staff_place"), EDITORS),
    "directory:place_status": Case(
        _url("directory:place_status", "staff_place"),
        EDITORS_POST,
        method="POST",
        data=_status("archive"),
    ),
    "directory:place_machine_translate": Case(
        _url("directory:place_machine_translate", "staff_place"),
        EDITORS_POST,
        method="POST",
        note="no provider configured: the page says so",
    ),
    "directory:place_translation": Case(
        _url("directory:place_translation", "staff_place", "ar"), EDITORS
    ),
    "directory:place_translation_review": Case(
        _url("directory:place_translation_review", "staff_place", "ar"),
        EDITORS_POST,
        method="POST",
    ),
    "directory:event_list": Case(named("directory:event_list"), EDITORS_PAGE),
    "directory:event_create": Case(named("directory:event_create"), EDITORS_PAGE),
    "directory:event_edit": Case(_url("directory:event_edit", "staff_event"), EDITORS),
    "directory:event_status": Case(
        _url("directory:event_status", "staff_event"),
        EDITORS_POST,
        method="POST",
        data=_status("unpublish"),
    ),
    "directory:event_machine_translate": Case(
        _url("directory:event_machine_translate", "staff_event"),
        EDITORS_POST,
        method="POST",
        note="no provider configured: the page says so",
    ),
    "directory:event_translation": Case(
        _url("directory:event_translation", "staff_event", "uk"), EDITORS
    ),
    "directory:event_translation_review": Case(
        _url("directory:event_translation_review", "staff_event", "uk"),
        EDITORS_POST,
        method="POST",
    ),
    "directory:submission_list": Case(named("directory:submission_list"), MODERATORS_PAGE),
    "directory:submission_detail": Case(
        _url("directory:submission_detail", "staff_submission"), MODERATORS
    ),
    "directory:submission_publish": Case(
        _url("directory:submission_publish", "staff_submission"), MODERATORS_POST, method="POST"
    ),
    "directory:submission_reject": Case(
        _url("directory:submission_reject", "staff_submission"),
        MODERATORS_POST,
        method="POST",
        data=lambda t: {"message": "Das passt leider nicht in unser Verzeichnis."},
    ),
    "directory:settings": Case(named("directory:settings"), COORDINATORS_PAGE),
    # The public submission form: anyone, no account.
    "public:submit": Case(_public("public:submit"), PUBLIC),
    "public:submit_thanks": Case(_public("public:submit_thanks"), PUBLIC),
}


def targets(organisation: Any) -> dict[str, Any]:
    district = organisation.district
    offer = OfferFactory(district=district, organisation=organisation, title="Beratung")
    proposed: Any = OfferFactory(
        district=district, organisation=None, status=Status.SUBMITTED, title="Sprachcafé"
    )
    return {
        "staff_offer": offer,
        "staff_place": PlaceFactory(district=district, organisation=organisation),
        "staff_event": EventFactory(district=district, organisation=organisation, offer=offer),
        "staff_submission": Submission.objects.create(
            district=district, offer=proposed, email="jemand@example.org", name="Jemand"
        ),
    }
