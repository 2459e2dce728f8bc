"""Reads of the news area."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from districts.models import Organisation

from ..activity import Activity
from ..models.news import NewsAttachment, NewsComment, NewsImage, NewsPost, NewsRevision

SUMMARY_WORDS = 30


def news_posts(user: Any, district: Any) -> QuerySet[NewsPost]:
    """The posts the person may see in `district`: pinned first, then the newest, with what a
    list row shows – in a fixed number of queries however many posts there are."""
    return (
        NewsPost.objects.visible_to(user)
        .for_district(district)
        .select_related("author", "author_organisation")
        .prefetch_related(Prefetch("organisations", queryset=Organisation.objects.order_by("name")))
        .annotate(comment_total=Count("comments", distinct=True))
        .listed()
    )


def news_post_detail(post: NewsPost) -> dict[str, Any]:
    """What the detail page shows beside the post: comments, images, attachments."""
    comments = news_comments(post)
    images = list(NewsImage.objects.filter(post=post))
    embedded = [image for image in images if image.get_absolute_url() in post.body]
    return {
        "comments": comments,
        "images": [image for image in images if image not in embedded],
        "attachments": list(NewsAttachment.objects.filter(post=post)),
        "revision_count": NewsRevision.objects.filter(post=post).count(),
    }


def news_comments(post: NewsPost) -> list[NewsComment]:
    # `district` too: the permission checks per comment read it.
    return list(
        NewsComment.objects.filter(post=post).select_related(
            "author", "author_organisation", "district"
        )
    )


def news_revisions(post: NewsPost) -> list[NewsRevision]:
    return list(NewsRevision.objects.filter(post=post).select_related("written_by", "replaced_by"))


def summary(post: NewsPost, words: int = SUMMARY_WORDS) -> str:
    return Truncator(" ".join(post.body_text.split())).words(words)


def recent_activity(user: Any, district: Any, *, limit: int = 10) -> list[Activity]:
    """What is new in this area for the person: pinned posts first, then the newest, in a fixed
    number of queries."""
    posts = (
        NewsPost.objects.visible_to(user)
        .for_district(district)
        .select_related("author_organisation")
        .order_by("-pinned", "-published_at", "-pk")[:limit]
    )
    return [
        Activity(
            kind=_("Neuigkeit"),
            title=post.title,
            url=post.get_absolute_url(),
            when=post.published_at,
            summary=Truncator(" ".join(post.body_text.split())).words(20),
            organisation=post.author_organisation.name if post.author_organisation else "",
        )
        for post in posts
    ]
