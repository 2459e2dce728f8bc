"""Review findings of the news area: each test failed before its fix."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.richtext import sanitize_html
from exchange.models import Audience, NewsComment
from exchange.services import news as services
from exchange.tests.factories_news import NewsCommentFactory, NewsPostFactory


def test_detail_queries_do_not_grow_with_comments(client: Any, network: Any) -> None:
    post: Any = NewsPostFactory(author_organisation=network.office, author=network.coordinator)
    client.force_login(network.staff)

    def add(count: int) -> int:
        for index in range(count):
            NewsCommentFactory(post=post, author=network.staff if index % 2 else network.org_admin)
        client.get(post.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            assert client.get(post.get_absolute_url()).status_code == 200
        return len(queries)

    assert add(2) == add(18)


def test_embedded_images_cannot_leave_the_post_with_encoded_dot_segments() -> None:
    """Browsers read "%2e%2e" as "..": such a source would load any address of the site with
    the reader's cookies (an image of another post, or a GET of some other page)."""
    prefix = "/austausch/neuigkeiten/5/bilder/"
    for src in (
        f"{prefix}%2e%2e/%2e%2e/6/bilder/1/",
        f"{prefix}%2E%2E/%2E%2E/6/bilder/1/",
        f"{prefix}.%2e/.%2e/6/bilder/1/",
        f"{prefix}%2e./x/",
    ):
        html = f'<p>a</p><img src="{src}" alt="x">'
        assert sanitize_html(html, image_src_prefixes=(prefix,)) == "<p>a</p>"
    kept = f'<img src="{prefix}7/" alt="x">'
    assert sanitize_html(kept, image_src_prefixes=(prefix,)) == kept


def test_comment_author_who_lost_sight_of_the_post_cannot_change_the_comment(
    network: Any,
) -> None:
    """The services check visibility themselves, not only the pages: once the post is narrowed
    away from the commenter, their comment cannot be edited or deleted through the service."""
    post: Any = NewsPostFactory(author_organisation=network.office, author=network.coordinator)
    comment: Any = NewsCommentFactory(post=post, author=network.staff)
    post.audience = Audience.ORGANISATIONS
    post.save()
    post.organisations.set([network.office])
    with pytest.raises(PermissionDenied):
        services.news_comment_update(actor=network.staff, comment=comment, body="Geändert")
    with pytest.raises(PermissionDenied):
        services.news_comment_delete(actor=network.staff, comment=comment)
    assert NewsComment.objects.get(pk=comment.pk).body == comment.body
