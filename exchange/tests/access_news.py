"""Access-matrix rows of the news area (merged by `access.py`).

The target post belongs to the organisation: written by its admin (or, in the integration
office, by the coordinator), for the whole network without volunteers, with an image, an
attachment and a comment by the same person. So members of the district see it and volunteers do
not; the author, the admins of the author's organisation and the coordinators edit it; the
coordinators pin it. What a person may see but not change looks missing (404), as does everything
of another district; the operator, who holds no membership, is refused (403).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from core.tests.access_matrix import Case, Expectation, named, roles, scoped
from districts.models import Role
from exchange.models import Audience, NewsComment

from .factories_news import NewsPostFactory, news_attachment, news_image


def _author(organisation: Any) -> Any:
    memberships = organisation.memberships.filter(is_active=True)
    chosen = (
        memberships.filter(is_org_admin=True).first()
        or memberships.filter(role=Role.COORDINATOR).first()
        or memberships.first()
    )
    return chosen.user if chosen else None


def targets(organisation: Any) -> dict[str, Any]:
    author = _author(organisation)
    post: Any = NewsPostFactory(
        author_organisation=organisation,
        author=author,
        audience=Audience.NETWORK,
        include_volunteers=False,
        title=f"Neuigkeit von {organisation.name}",
    )
    comment = NewsComment.objects.create(
        district=post.district,
        post=post,
        author=author,
        author_organisation=organisation,
        body="<p>Ergänzung: bitte Unterlagen mitbringen.</p>",
    )
    return {
        "news_post": post,
        "news_image": news_image(post),
        "news_attachment": news_attachment(post),
        "news_comment": comment,
    }


def members(expect: Expectation, **overrides: Expectation) -> dict[str, Expectation]:
    """Signed-in members; the operator (no membership) 403."""
    return roles(anonymous=302, members=expect, operator=403, **overrides)


NOT_YOURS = scoped(404, 404, 404)
SEE = scoped(200, 200, 404)
# Volunteers do not see a post that is not opened to volunteers.
READERS = members(SEE, volunteer=NOT_YOURS)
EDITORS = members(NOT_YOURS, org_admin=scoped(200, 404, 404), coordinator=SEE)
EDITORS_POST = members(
    NOT_YOURS, org_admin=scoped(302, 404, 404), coordinator=scoped(302, 302, 404)
)


def _post(name: str) -> Any:
    return lambda t: reverse(name, args=[t.more["news_post"].pk])


def _child(name: str, key: str) -> Any:
    return lambda t: reverse(name, args=[t.more[key].post_id, t.more[key].pk])


ENTRIES: dict[str, Case] = {
    "exchange:news_list": Case(named("exchange:news_list"), members(200)),
    "exchange:news_create": Case(
        named("exchange:news_create"),
        members(403, org_admin=200, coordinator=200),
        note="coordinators and organisation admins publish",
    ),
    "exchange:news_detail": Case(_post("exchange:news_detail"), READERS),
    "exchange:news_history": Case(_post("exchange:news_history"), READERS),
    "exchange:news_edit": Case(_post("exchange:news_edit"), EDITORS),
    "exchange:news_delete": Case(_post("exchange:news_delete"), EDITORS),
    "exchange:news_files": Case(_post("exchange:news_files"), EDITORS),
    "exchange:news_pin": Case(
        _post("exchange:news_pin"),
        members(NOT_YOURS, coordinator=scoped(302, 302, 404)),
        method="POST",
        data=lambda t: {"pinned": "1"},
        note="coordinators only",
    ),
    "exchange:news_image": Case(
        _child("exchange:news_image", "news_image"),
        READERS,
        note="served only through the view, after the post's audience is checked",
    ),
    "exchange:news_attachment": Case(
        _child("exchange:news_attachment", "news_attachment"), READERS
    ),
    "exchange:news_image_remove": Case(
        _child("exchange:news_image_remove", "news_image"), EDITORS_POST, method="POST"
    ),
    "exchange:news_attachment_remove": Case(
        _child("exchange:news_attachment_remove", "news_attachment"), EDITORS_POST, method="POST"
    ),
    "exchange:news_comment_create": Case(
        _post("exchange:news_comment_create"),
        members(scoped(302, 302, 404), volunteer=NOT_YOURS),
        method="POST",
        data=lambda t: {"body": "Danke für den Hinweis."},
    ),
    "exchange:news_comment_edit": Case(
        _child("exchange:news_comment_edit", "news_comment"),
        members(NOT_YOURS, org_admin=scoped(200, 404, 404), coordinator=scoped(200, 404, 404)),
        note="only the comment's author",
    ),
    "exchange:news_comment_delete": Case(
        _child("exchange:news_comment_delete", "news_comment"),
        members(NOT_YOURS, org_admin=scoped(200, 404, 404), coordinator=SEE),
        note="the comment's author and the coordinators",
    ),
}
