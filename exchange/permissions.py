"""Who may do what in the exchange. Views, templates and services use these predicates.

Visibility of single items is the audience rule (`AudienceQuerySet.visible_to`); the predicates
here answer what a person may *do* in the district they are working in. Each area keeps its rules
in its own section below.
"""

from __future__ import annotations

from typing import Any

from districts.audience import AudienceModel
from districts.models import District, Role
from districts.roles import roles_of


def _roles(user: Any, district: District | None) -> dict[int, str]:
    """{organisation_id: role} of the person's active memberships in `district`."""
    return roles_of(user, district).by_organisation()


def is_exchange_member(user: Any, district: District | None) -> bool:
    """Anyone with an active membership in the district, volunteers included."""
    return roles_of(user, district).member


def is_professional(user: Any, district: District | None) -> bool:
    """Staff, organisation admins and coordinators: everyone but volunteers."""
    return roles_of(user, district).staff


def is_exchange_coordinator(user: Any, district: District | None) -> bool:
    return roles_of(user, district).coordinator


def administered_organisation_ids(user: Any, district: District | None) -> set[int]:
    return set(roles_of(user, district).administered)


def can_manage_item(user: Any, item: AudienceModel) -> bool:
    """Edit or delete an item: its author, an admin of the author's organisation, or a
    coordinator of the district."""
    district = item.district
    if is_exchange_coordinator(user, district):
        return True
    if not is_exchange_member(user, district):
        return False
    if item.author_id and item.author_id == user.pk:
        return True
    return bool(
        item.author_organisation_id
        and item.author_organisation_id in administered_organisation_ids(user, district)
    )


def authoring_organisations(user: Any, district: District | None) -> list[int]:
    """Organisations the person may publish for (their own memberships in the district)."""
    return sorted(_roles(user, district))


# --- news -------------------------------------------------------------------------------------


def can_publish_news(user: Any, district: District | None) -> bool:
    """Coordinators and organisation admins publish news."""
    return is_exchange_coordinator(user, district) or bool(
        administered_organisation_ids(user, district)
    )


def can_pin_news(user: Any, district: District | None) -> bool:
    """Coordinators pin posts and mark them important (sent by e-mail at once)."""
    return is_exchange_coordinator(user, district)


def news_organisations(user: Any, district: District | None) -> list[int]:
    """Organisations a person may publish news for: a coordinator their own organisations in
    the district, an organisation admin the organisations they administer."""
    if is_exchange_coordinator(user, district):
        return authoring_organisations(user, district)
    return sorted(administered_organisation_ids(user, district))


def can_edit_news(user: Any, post: AudienceModel) -> bool:
    """The author, the admins of the author's organisation and the coordinators."""
    return can_manage_item(user, post)


def can_comment_news(user: Any, post: AudienceModel) -> bool:
    """Everyone who can see a post comments on it (the caller has checked visibility)."""
    return is_exchange_member(user, post.district)


def can_edit_news_comment(user: Any, comment: Any) -> bool:
    """A comment is personal: its author changes it."""
    return (
        bool(comment.author_id)
        and comment.author_id == user.pk
        and is_exchange_member(user, comment.district)
    )


def can_delete_news_comment(user: Any, comment: Any) -> bool:
    """Its author, and the coordinators (moderation)."""
    return can_edit_news_comment(user, comment) or is_exchange_coordinator(user, comment.district)


# --- discussions ------------------------------------------------------------------------------


def can_start_thread(user: Any, district: District | None) -> bool:
    """Every member; a thread a volunteer opens is always open to volunteers."""
    return is_exchange_member(user, district)


def writes_for_volunteers(user: Any, district: District | None) -> bool:
    """A member who is only a volunteer: what they start is always open to volunteers."""
    return is_exchange_member(user, district) and not is_professional(user, district)


def _author_or_coordinator(user: Any, district: District | None, author_id: Any) -> bool:
    if is_exchange_coordinator(user, district):
        return True
    return bool(author_id) and author_id == user.pk and is_exchange_member(user, district)


def can_edit_thread(user: Any, thread: Any) -> bool:
    """A conversation is personal: its author and the coordinators edit it, not colleagues."""
    return _author_or_coordinator(user, thread.district, thread.author_id)


def can_close_thread(user: Any, thread: Any) -> bool:
    """Coordinators close any thread; the author closes their own."""
    return _author_or_coordinator(user, thread.district, thread.author_id)


def can_mark_solution(user: Any, thread: Any) -> bool:
    """The person who asked and the coordinators mark (and unmark) the solution."""
    return _author_or_coordinator(user, thread.district, thread.author_id)


def can_reply(user: Any, thread: Any) -> bool:
    """Members who see the thread reply while it is open."""
    return thread.is_open and is_exchange_member(user, thread.district)


def can_edit_reply(user: Any, reply: Any) -> bool:
    return _author_or_coordinator(user, reply.district, reply.author_id)


# --- library ----------------------------------------------------------------------------------


def can_upload_document(user: Any, district: District | None) -> bool:
    """Professionals upload; volunteers only read what is opened to them."""
    return is_professional(user, district)


def can_manage_folders(user: Any, district: District | None) -> bool:
    return is_exchange_coordinator(user, district)


def can_manage_document(user: Any, document: AudienceModel) -> bool:
    """Edit, delete and add versions: the uploader, admins of the uploader's organisation and
    the coordinators (the caller has checked visibility). An uploader who is now only a
    volunteer in the district no longer may."""
    return can_upload_document(user, document.district) and can_manage_item(user, document)


def upload_organisations(user: Any, district: District | None) -> list[int]:
    """Organisations the person uploads for: those where they are not only a volunteer."""
    return sorted(org for org, role in _roles(user, district).items() if role != Role.VOLUNTEER)


# --- meetings ---------------------------------------------------------------------------------


def can_organise_meeting(user: Any, district: District | None) -> bool:
    """Coordinators and organisation admins plan meetings and workshops."""
    return can_publish_news(user, district)


def organiser_organisations(user: Any, district: District | None) -> list[int]:
    """Organisations the person may organise meetings for: a coordinator their own
    organisations in the district, an organisation admin the organisations they administer."""
    if is_exchange_coordinator(user, district):
        return authoring_organisations(user, district)
    return sorted(administered_organisation_ids(user, district))


def can_manage_meeting(user: Any, meeting: AudienceModel) -> bool:
    """Edit, cancel, keep attendance, minutes and tasks: the meeting's author, the admins of the
    organiser organisation and the coordinators of the district."""
    return can_manage_item(user, meeting)


def can_register_for_meeting(user: Any, meeting: AudienceModel) -> bool:
    """Everyone who can see a meeting may register (volunteers only see meetings opened to
    them); the caller has checked visibility through `Meeting.objects.visible_to`."""
    return is_exchange_member(user, meeting.district)
