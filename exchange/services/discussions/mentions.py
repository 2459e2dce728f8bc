"""Mentions of organisations and people in a thread or reply: checked against the audience,
stored, and the newly mentioned notified."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from districts.audience import Audience, audience_members
from districts.models import Membership, Organisation
from exchange.notify import Category
from notifications import services as notifications

from ...models.discussions import Reply, Thread
from .common import _name


def _check_mentions(
    thread: Thread, organisations: Iterable[Organisation], people: Iterable[Any]
) -> None:
    """Refuse mentions of organisations and people who cannot see the thread."""
    errors: dict[str, list[str]] = {}
    chosen = set(thread.organisations.values_list("pk", flat=True))
    for org in organisations:
        outside = org.district_id != thread.district_id or (
            thread.audience == Audience.ORGANISATIONS and org.pk not in chosen
        )
        if outside:
            errors.setdefault("mentioned_organisations", []).append(
                _(
                    "„%(name)s“ kann diese Diskussion nicht sehen und wird nicht benachrichtigt. "
                    "Nehmen Sie die Organisation in den Kreis der Empfänger auf oder entfernen "
                    "Sie die Erwähnung."
                )
                % {"name": org.name}
            )
    people = list(people)
    reach = set(
        audience_members(thread).filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True)
    )
    for person in people:
        if person.pk not in reach:
            errors.setdefault("mentioned_people", []).append(
                _(
                    "„%(name)s“ kann diese Diskussion nicht sehen und wird nicht benachrichtigt. "
                    "Erweitern Sie den Kreis der Empfänger oder entfernen Sie die Erwähnung."
                )
                % {"name": str(person)}
            )
    if errors:
        raise ValidationError(errors)


def mention_recipients(
    thread: Thread, organisations: Iterable[Organisation], people: Iterable[Any]
) -> QuerySet[Any]:
    """The mentioned people and the active members of the mentioned organisations, narrowed to
    the people who may see the thread."""
    org_ids = [org.pk for org in organisations]
    person_ids = [person.pk for person in people]
    if not org_ids and not person_ids:
        return get_user_model().objects.none()
    members = Membership.objects.filter(
        organisation_id__in=org_ids, is_active=True, organisation__is_active=True
    ).values("user_id")
    return audience_members(thread).filter(Q(pk__in=person_ids) | Q(pk__in=members))


def _notify_mentions(thread: Thread, actor: Any, recipients: QuerySet[Any], url: str) -> None:
    notifications.notify(
        recipients=recipients,
        category=Category.MENTIONS,
        message=gettext_noop("%(name)s hat Sie oder Ihre Organisation erwähnt: %(title)s"),
        params={"name": _name(actor), "title": thread.title},
        target=thread,
        url=url,
        actor=actor,
        important=True,
    )


def _set_mentions(item: Thread | Reply, organisations: list[Any], people: list[Any]) -> set[int]:
    """Store the mentions; returns the ids of the people newly reached by them."""
    thread = item if isinstance(item, Thread) else item.thread
    before = set(
        mention_recipients(
            thread, item.mentioned_organisations.all(), item.mentioned_people.all()
        ).values_list("pk", flat=True)
        if item.pk
        else []
    )
    item.mentioned_organisations.set(organisations)
    item.mentioned_people.set(people)
    after = set(mention_recipients(thread, organisations, people).values_list("pk", flat=True))
    return after - before
