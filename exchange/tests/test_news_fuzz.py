"""Arbitrary input to the news forms never causes a server error; refused input changes nothing,
and whatever is accepted is stored sanitised."""

from __future__ import annotations

import os
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from exchange.models import NewsComment, NewsImage, NewsPost
from exchange.tests.factories_news import NewsPostFactory

FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
text = st.text(alphabet=st.characters(codec="utf-8"), max_size=200)
html = st.one_of(
    text,
    st.lists(
        st.sampled_from(
            [
                "<p>",
                "</p>",
                "<script>alert(1)</script>",
                "<img src=x onerror=alert(1)>",
                '<a href="javascript:alert(1)">',
                "<svg onload=alert(1)>",
                "Text",
                "&amp;",
                "\n\n",
                "<b>",
                "<",
            ]
        ),
        max_size=12,
    ).map("".join),
)
choice = st.one_of(st.sampled_from(["network", "organisations", ""]), text)
pks = st.lists(st.one_of(st.integers(min_value=-5, max_value=2**70), text), max_size=3)
EXECUTABLE = re.compile(r"<script|\son[a-z]+\s*=|javascript:", re.IGNORECASE)


@pytest.fixture
def coordinator_client(client, network):
    client.force_login(network.coordinator)
    return client


@FUZZ
@given(title=text, body=html, audience=choice, organisations=pks, important=text, pinned=text)
@example(
    title="Neu",
    body="<p>x</p>",
    audience="organisations",
    organisations=[str(2**63)],
    important="",
    pinned="",
)
def test_post_form(
    coordinator_client, network, title, body, audience, organisations, important, pinned
):
    before = NewsPost.objects.count()
    response = coordinator_client.post(
        reverse("exchange:news_create"),
        {
            "title": title,
            "body": body,
            "audience": audience,
            "organisations": [network.other_org.pk, *organisations],
            "include_volunteers": important,
            "important": important,
            "pinned": pinned,
        },
    )
    assert response.status_code in {200, 302}
    if response.status_code == 200:
        assert response.context["form"].errors
        assert NewsPost.objects.count() == before
    else:
        post = NewsPost.objects.order_by("-pk").first()
        assert post is not None
        assert not EXECUTABLE.search(post.body)


@FUZZ
@given(body=html)
def test_comment_form(coordinator_client, network, body):
    post = NewsPostFactory(author_organisation=network.office)
    response = coordinator_client.post(
        reverse("exchange:news_comment_create", args=[post.pk]),
        {"body": body},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    for comment in NewsComment.objects.filter(post=post):
        assert not EXECUTABLE.search(comment.body)


@FUZZ
@given(content=st.binary(max_size=2048), name=text, alt=text)
def test_image_upload(coordinator_client, network, content, name, alt):
    post = NewsPostFactory(author_organisation=network.office, author=network.coordinator)
    base = os.path.basename(name)
    response = coordinator_client.post(
        reverse("exchange:news_files", args=[post.pk]),
        {
            "kind": "image",
            "bild-alt": alt,
            "bild-file": SimpleUploadedFile(
                base if base not in {"", ".", ".."} else "x.png", content
            ),
        },
    )
    assert response.status_code in {200, 302}
    assert not NewsImage.objects.filter(post=post).exists()  # no bytes here are a real image
