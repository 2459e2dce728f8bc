"""Pages of the news area: the audience holds for pages and files, the list keeps a constant
number of queries, comments work with and without htmx, edits keep a history."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from districts.models import Role
from districts.tests.factories import MembershipFactory, OrganisationFactory
from exchange.models import Audience, NewsComment, NewsPost
from exchange.tests.factories_news import (
    NewsCommentFactory,
    NewsPostFactory,
    news_attachment,
    news_image,
    png_bytes,
)


@pytest.fixture
def third(network: Any) -> Any:
    org = OrganisationFactory(district=network.district)
    return MembershipFactory(organisation=org, role=Role.STAFF).user


@pytest.fixture
def restricted(network: Any) -> NewsPost:
    """A post for the integration office only, with an image and an attachment."""
    post: Any = NewsPostFactory(
        author_organisation=network.office,
        author=network.coordinator,
        audience=Audience.ORGANISATIONS,
        organisations=[network.office],
        title="Nur für das Integrationsbüro",
    )
    news_image(post)
    news_attachment(post)
    return post


def _urls(post: NewsPost) -> list[str]:
    return [
        post.get_absolute_url(),
        reverse("exchange:news_history", args=[post.pk]),
        post.images.get().get_absolute_url(),
        post.attachments.get().get_absolute_url(),
    ]


def test_restricted_post_and_its_files_look_missing(
    client, network, third, other_network, restricted
):
    for user in (network.volunteer, network.staff, third, other_network.coordinator):
        client.force_login(user)
        for url in _urls(restricted):
            assert client.get(url).status_code == 404, (user, url)
        assert restricted.title not in client.get(reverse("exchange:news_list")).text
        response = client.post(
            reverse("exchange:news_comment_create", args=[restricted.pk]), {"body": "Hallo"}
        )
        assert response.status_code == 404
    assert not NewsComment.objects.exists()


def test_files_are_served_safely_to_the_audience(client, network, restricted):
    client.force_login(network.coordinator)
    image = client.get(restricted.images.get().get_absolute_url())
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert image["X-Content-Type-Options"] == "nosniff"
    attachment = client.get(restricted.attachments.get().get_absolute_url())
    assert attachment["Content-Disposition"].startswith("attachment;")
    assert b"".join(attachment.streaming_content).startswith(b"Merkblatt")
    # An image id of another post does not work under this post's address.
    other = NewsPostFactory(author_organisation=network.office)
    url = reverse("exchange:news_image", args=[other.pk, restricted.images.get().pk])
    assert client.get(url).status_code == 404


def test_volunteer_sees_posts_opened_to_volunteers(client, network):
    opened = NewsPostFactory(author_organisation=network.office, include_volunteers=True)
    closed = NewsPostFactory(author_organisation=network.office)
    client.force_login(network.volunteer)
    page = client.get(reverse("exchange:news_list")).text
    assert opened.title in page and closed.title not in page
    assert client.get(opened.get_absolute_url()).status_code == 200
    assert client.get(closed.get_absolute_url()).status_code == 404


def test_list_pins_first_and_keeps_queries_constant(client, network):
    client.force_login(network.staff)
    url = reverse("exchange:news_list")

    def make(count: int) -> None:
        for _ in range(count):
            post = NewsPostFactory(
                author_organisation=network.office,
                audience=Audience.ORGANISATIONS,
                organisations=[network.other_org, network.office],
            )
            NewsCommentFactory(post=post, author=network.staff)

    make(2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    make(18)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many) == len(few)
    assert response.context["page"].paginator.count == 20
    pinned = NewsPostFactory(author_organisation=network.office, pinned=True, title="Angeheftet!")
    assert client.get(url).context["posts"][0] == pinned


def test_create_edit_history_delete(client, network):
    client.force_login(network.coordinator)
    response = client.post(
        reverse("exchange:news_create"),
        {
            "title": "Neue Sprechzeiten",
            "body": "<p>Montags <script>alert(1)</script>offen.</p>",
            "audience": Audience.NETWORK,
            "include_volunteers": "on",
            "pinned": "on",
        },
    )
    post = NewsPost.objects.get()
    assert response.status_code == 302 and response["Location"] == post.get_absolute_url()
    assert post.body == "<p>Montags offen.</p>" and post.pinned and post.include_volunteers
    edit = reverse("exchange:news_edit", args=[post.pk])
    assert client.get(edit).status_code == 200
    client.post(
        edit, {"title": "Neue Sprechzeiten ab Mai", "body": "Dienstags", "audience": "network"}
    )
    history = client.get(reverse("exchange:news_history", args=[post.pk]))
    assert "Montags offen." in history.text and "Dienstags" in history.text
    delete = reverse("exchange:news_delete", args=[post.pk])
    assert "Endgültig löschen" in client.get(delete).text
    assert client.post(delete).status_code == 302
    assert not NewsPost.objects.exists()


def test_form_refuses_bad_input_with_messages(client, network):
    client.force_login(network.coordinator)
    response = client.post(
        reverse("exchange:news_create"),
        {"title": "", "body": "", "audience": Audience.ORGANISATIONS},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not NewsPost.objects.exists()


def test_staff_may_not_publish_or_edit(client, network):
    post = NewsPostFactory(author_organisation=network.office, author=network.coordinator)
    client.force_login(network.staff)
    assert client.get(reverse("exchange:news_create")).status_code == 403
    assert client.get(reverse("exchange:news_edit", args=[post.pk])).status_code == 404
    response = client.post(reverse("exchange:news_pin", args=[post.pk]), {"pinned": "1"})
    assert response.status_code == 404


def test_comment_with_and_without_htmx(client, network):
    post = NewsPostFactory(author_organisation=network.office, author=network.coordinator)
    url = reverse("exchange:news_comment_create", args=[post.pk])
    client.force_login(network.staff)
    plain = client.post(url, {"body": "Ohne JavaScript"})
    assert plain.status_code == 302 and "#kommentar-" in plain["Location"]
    swapped = client.post(url, {"body": "Mit <em>htmx</em>"}, headers={"HX-Request": "true"})
    assert swapped.status_code == 200
    assert "<em>htmx</em>" in swapped.text and "Ohne JavaScript" in swapped.text
    assert "<html" not in swapped.text
    empty = client.post(url, {"body": " "}, headers={"HX-Request": "true"})
    assert empty.status_code == 200 and NewsComment.objects.count() == 2


def test_image_upload_and_inline_use(client, network):
    post = NewsPostFactory(author_organisation=network.office, author=network.coordinator)
    client.force_login(network.coordinator)
    files = reverse("exchange:news_files", args=[post.pk])
    response = client.post(
        files,
        {
            "kind": "image",
            "bild-alt": "Plan des Wartebereichs",
            "bild-file": SimpleUploadedFile("plan.png", png_bytes()),
        },
    )
    assert response.status_code == 302
    image = post.images.get()
    disguised = client.post(
        files,
        {
            "kind": "attachment",
            "anhang-file": SimpleUploadedFile("x.pdf", b"<script>alert(1)</script>"),
        },
    )
    assert disguised.status_code == 200 and not post.attachments.exists()
    edit = client.get(reverse("exchange:news_edit", args=[post.pk])).text
    assert "data-richtext-images" in edit and image.get_absolute_url() in edit
    # Not embedded in the text: shown below the post.
    assert f'src="{image.get_absolute_url()}"' in client.get(post.get_absolute_url()).text
