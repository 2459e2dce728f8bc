"""Reads of the discussions area: the list with search and filters, a thread's replies, the
choices for mentions, and what is new for a person."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from districts.models import District, Membership, Organisation
from districts.roles import roles_of

from ..activity import Activity
from ..models.discussions import Reply, Thread, ThreadSubscription

SEARCH_MAX_TERMS = 8


def threads_for(
    user: Any,
    district: District,
    *,
    q: str = "",
    topic: Any = None,
    status: str = "",
) -> QuerySet[Thread]:
    """Threads the person may see in `district`, filtered and searched. Title hits come first,
    then the most recently active; every row carries what the list shows (no query per row)."""
    threads = (
        Thread.objects.visible_to(user)
        .for_district(district)
        .select_related("author", "author_organisation", "topic")
    )
    if topic is not None:
        threads = threads.filter(topic=topic)
    if status:
        threads = threads.with_status(status)
    if q.strip():
        return search(threads, q)
    return threads.order_by("-last_activity_at", "-pk")


def _terms(q: str) -> list[str]:
    return [term for term in q.split() if term][:SEARCH_MAX_TERMS]


def search(threads: QuerySet[Thread], q: str) -> QuerySet[Thread]:
    """Match `q` against the titles and texts of threads and their replies.

    Every word must occur somewhere in the thread (title, text or a reply), also as part of a
    longer word. On PostgreSQL a German full-text match counts too, so "Abschluss" finds
    "Abschlüsse"; both databases rank title hits first.
    """
    terms = _terms(q)
    if not terms:
        return threads
    everywhere = Q()
    in_title = Q()
    for term in terms:
        in_replies = Reply.objects.filter(thread=OuterRef("pk"), body_text__icontains=term)
        everywhere &= (
            Q(title__icontains=term) | Q(body_text__icontains=term) | Q(Exists(in_replies))
        )
        in_title &= Q(title__icontains=term)
    if connection.vendor == "postgresql":
        return _postgres_search(threads, " ".join(terms), everywhere, in_title)
    return (
        threads.filter(everywhere)
        .annotate(
            title_hit=Case(
                When(in_title, then=Value(1)), default=Value(0), output_field=IntegerField()
            )
        )
        .order_by("-title_hit", "-last_activity_at", "-pk")
    )


def _postgres_search(
    threads: QuerySet[Thread], q: str, everywhere: Q, in_title: Q
) -> QuerySet[Thread]:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    query = SearchQuery(q, config="german", search_type="websearch")
    vector = SearchVector("title", weight="A", config="german") + SearchVector(
        "body_text", weight="B", config="german"
    )
    title_vector = SearchVector("title", config="german")
    reply_match = Reply.objects.annotate(
        document=SearchVector("body_text", config="german")
    ).filter(thread=OuterRef("pk"), document=query)
    return (
        threads.annotate(document=vector, title_document=title_vector)
        .filter(everywhere | Q(document=query) | Q(Exists(reply_match)))
        .annotate(
            title_hit=Case(
                When(in_title | Q(title_document=query), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            rank=Coalesce(SearchRank(vector, query), Value(0.0)),
        )
        .order_by("-title_hit", "-rank", "-last_activity_at", "-pk")
    )


def thread_replies(thread: Thread) -> list[Reply]:
    """The replies of a thread, oldest first, with their authors and mentions."""
    replies = list(
        thread.replies.select_related("author", "author_organisation").prefetch_related(
            Prefetch("mentioned_organisations", queryset=Organisation.objects.order_by("name")),
            Prefetch("mentioned_people", queryset=get_user_model().objects.order_by("name")),
        )
    )
    for reply in replies:  # the permission checks read these; no query per reply
        reply.thread = thread
        reply.district = thread.district
    return replies


def is_subscribed(user: Any, thread: Thread) -> bool:
    return ThreadSubscription.objects.filter(thread=thread, user=user, subscribed=True).exists()


def mention_organisations(district: District) -> QuerySet[Organisation]:
    return Organisation.objects.for_district(district).active().order_by("name")


def mention_people(district: District) -> QuerySet[Any]:
    """Active people with an active membership in the district, each with one organisation's
    name for the label."""
    memberships = Membership.objects.filter(
        district=district, is_active=True, organisation__is_active=True
    )
    first_org = memberships.filter(user_id=OuterRef("pk")).order_by("organisation__name")
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Exists(memberships.filter(user_id=OuterRef("pk"))))
        .annotate(organisation_name=Subquery(first_org.values("organisation__name")[:1]))
        .order_by("name", "email")
    )


def _mentions_me(user: Any, district: District) -> Q:
    """Threads where the person or one of their organisations is mentioned, in the question or
    in a reply."""
    organisations = sorted(roles_of(user, district).organisation_ids)
    thread_orgs = Thread.mentioned_organisations.through.objects.filter(
        thread_id=OuterRef("pk"), organisation_id__in=organisations
    )
    thread_people = Thread.mentioned_people.through.objects.filter(
        thread_id=OuterRef("pk"), user_id=user.pk
    )
    reply_orgs = Reply.mentioned_organisations.through.objects.filter(
        reply__thread_id=OuterRef("pk"), organisation_id__in=organisations
    )
    reply_people = Reply.mentioned_people.through.objects.filter(
        reply__thread_id=OuterRef("pk"), user_id=user.pk
    )
    return (
        Q(Exists(thread_orgs))
        | Q(Exists(thread_people))
        | Q(Exists(reply_orgs))
        | Q(Exists(reply_people))
    )


def recent_activity(user: Any, district: Any, *, limit: int = 10) -> list[Activity]:
    """What is new in this area for the person, in a fixed number of queries: threads that
    mention them or their organisation first, then the most recently active threads they may
    see."""
    if district is None or not getattr(user, "is_authenticated", False):
        return []
    threads = (
        Thread.objects.visible_to(user)
        .for_district(district)
        .select_related("author_organisation")
        .annotate(
            mentions_me=Case(
                When(_mentions_me(user, district), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("-mentions_me", "-last_activity_at", "-pk")[:limit]
    )
    rows = []
    for thread in threads:
        if thread.reply_count:
            summary = ngettext("%(count)s Antwort", "%(count)s Antworten", thread.reply_count) % {
                "count": thread.reply_count
            }
        else:
            summary = str(_("Neue Frage"))
        if thread.solution_id:
            summary = f"{summary} · {_('gelöst')}"
        if thread.mentions_me:
            summary = f"{_('Erwähnt Sie oder Ihre Organisation')} · {summary}"
        rows.append(
            Activity(
                kind=_("Diskussion"),
                title=thread.title,
                url=thread.get_absolute_url(),
                when=thread.last_activity_at,
                summary=summary,
                organisation=thread.author_organisation.name if thread.author_organisation else "",
            )
        )
    return rows
