"""Services of the news area: the audience decides who sees and who is notified, bodies are
stored sanitised, pinning and editing follow the roles, comments and the history work."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import AuditEvent
from districts.audience import audience_members
from districts.models import Role
from districts.roles import forget_roles
from districts.tests.factories import MembershipFactory, OrganisationFactory
from exchange.models import Audience, NewsComment, NewsImage, NewsPost, NewsRevision
from exchange.notify import Category
from exchange.selectors.news import recent_activity
from exchange.services import news as services
from exchange.tests.factories_news import NewsPostFactory, png_bytes
from notifications.models import Notification


@pytest.fixture
def third(network: Any) -> Any:
    """A third organisation with one staff member: never chosen in these tests."""
    org = OrganisationFactory(district=network.district)
    return MembershipFactory(organisation=org, role=Role.STAFF).user


def publish(network: Any, **kwargs: Any) -> NewsPost:
    values: dict[str, Any] = {
        "actor": network.coordinator,
        "district": network.district,
        "title": "Neue Terminvergabe bei der Ausländerbehörde",
        "body": "<p>Ab März nur noch mit Termin.</p>",
    }
    values.update(kwargs)
    return services.news_post_create(**values)


def notified(post: NewsPost) -> set[int]:
    return set(
        Notification.objects.filter(target_id=post.pk, category=Category.NEWS).values_list(
            "recipient_id", flat=True
        )
    )


def visible(user: Any) -> set[int]:
    return set(NewsPost.objects.visible_to(user).values_list("pk", flat=True))


def test_network_post_reaches_professionals_not_volunteers(network, third):
    post = publish(network)
    members = {network.org_admin.pk, network.staff.pk, network.caseworker.pk, third.pk}
    assert notified(post) == members  # the coordinator wrote it and is not told
    assert post.pk not in visible(network.volunteer)
    assert all(post.pk in visible(user) for user in (network.staff, third))
    assert AuditEvent.objects.filter(action="news.create", object_id=str(post.pk)).exists()


def test_chosen_organisations_only_and_volunteers(network, third, other_network):
    post = publish(
        network,
        audience=Audience.ORGANISATIONS,
        organisations=[network.other_org],
        include_volunteers=True,
    )
    assert post.pk in visible(network.volunteer)
    assert post.pk not in visible(third)
    assert post.pk not in visible(other_network.coordinator)
    assert third.pk not in notified(post)
    assert network.volunteer.pk in notified(post)
    assert notified(post) == set(
        audience_members(post).exclude(pk=network.coordinator.pk).values_list("pk", flat=True)
    )
    assert post.pk not in {a.url for a in recent_activity(third, network.district, limit=5)}
    assert [a.title for a in recent_activity(network.volunteer, network.district, limit=5)] == [
        post.title
    ]


def test_important_post_is_marked_important(network):
    post = publish(network, important=True)
    assert Notification.objects.filter(target_id=post.pk, important=True).count() == len(
        notified(post)
    )


def test_body_is_stored_sanitised(network):
    post = publish(
        network,
        body='<p onclick="x()">Hallo<script>alert(1)</script> <a href="javascript:alert(1)">a</a>'
        '<img src="x" onerror="alert(1)"></p>',
    )
    assert "script" not in post.body
    assert "onclick" not in post.body and "onerror" not in post.body
    assert "javascript" not in post.body
    assert "<img" not in post.body
    assert post.body_text == "Hallo a"


def test_plain_text_body_keeps_paragraphs(network):
    post = publish(network, body="Erster Absatz\n\nZweiter & letzter")
    assert post.body == "<p>Erster Absatz</p>\n\n<p>Zweiter &amp; letzter</p>"


def test_refuses_empty_and_wrong_input(network):
    with pytest.raises(ValidationError):
        publish(network, title="  ")
    with pytest.raises(ValidationError):
        publish(network, body="<script>nur das</script>")
    with pytest.raises(ValidationError):
        publish(network, audience=Audience.ORGANISATIONS, organisations=[])
    assert not NewsPost.objects.exists()


def test_who_publishes_pins_and_marks_important(network):
    with pytest.raises(PermissionDenied):
        publish(network, actor=network.staff)
    with pytest.raises(PermissionDenied):
        publish(network, actor=network.volunteer)
    with pytest.raises(PermissionDenied):
        publish(network, actor=network.org_admin, pinned=True)
    post = publish(network, actor=network.org_admin)
    assert post.author_organisation == network.other_org
    with pytest.raises(PermissionDenied):
        services.news_post_pin(actor=network.org_admin, post=post, pinned=True)
    services.news_post_pin(actor=network.coordinator, post=post, pinned=True)
    post.refresh_from_db()
    assert post.pinned
    with pytest.raises(ValidationError):
        publish(network, actor=network.org_admin, organisation=network.office)


def test_editors_and_history(network):
    post = publish(network)
    with pytest.raises(PermissionDenied):
        services.news_post_update(
            actor=network.staff, post=post, title="x", body="y", audience=Audience.NETWORK
        )
    services.news_post_update(
        actor=network.coordinator,
        post=post,
        title="Geänderte Terminvergabe",
        body="<p>Neu: auch donnerstags.</p>",
        audience=Audience.NETWORK,
    )
    post.refresh_from_db()
    revision = NewsRevision.objects.get(post=post)
    assert revision.title == "Neue Terminvergabe bei der Ausländerbehörde"
    assert revision.written_by == network.coordinator
    assert revision.replaced_by == network.coordinator
    assert post.title == "Geänderte Terminvergabe" and post.edited_by == network.coordinator
    # The admin of the author's organisation edits that organisation's posts.
    own = publish(network, actor=network.org_admin)
    services.news_post_update(
        actor=network.org_admin, post=own, title="T", body="B", audience=Audience.NETWORK
    )
    assert NewsRevision.objects.filter(post=own).count() == 1


def test_widening_the_audience_tells_only_the_newly_reached(network, third):
    post = publish(network, audience=Audience.ORGANISATIONS, organisations=[network.other_org])
    before = notified(post)
    assert third.pk not in before
    services.news_post_update(
        actor=network.coordinator,
        post=post,
        title=post.title,
        body=post.body,
        audience=Audience.NETWORK,
    )
    assert Notification.objects.filter(target_id=post.pk, recipient=third).count() == 1
    assert Notification.objects.filter(target_id=post.pk, recipient=network.staff).count() == 1


def test_comments_notify_author_and_earlier_commenters_who_see_it(network):
    post = publish(network, audience=Audience.ORGANISATIONS, organisations=[network.other_org])
    services.news_comment_create(actor=network.staff, post=post, body="<p>Danke!</p>")
    Notification.objects.all().delete()
    comment = services.news_comment_create(
        actor=network.org_admin, post=post, body="Gilt das auch für <b>Familien</b>?"
    )
    recipients = set(Notification.objects.values_list("recipient_id", flat=True))
    assert recipients == {network.coordinator.pk, network.staff.pk}
    assert comment.author_organisation == network.other_org
    with pytest.raises(PermissionDenied):
        services.news_comment_create(actor=network.volunteer, post=post, body="Hallo")
    with pytest.raises(PermissionDenied):
        services.news_comment_delete(actor=network.staff, comment=comment)
    services.news_comment_update(actor=network.org_admin, comment=comment, body="<p>Neu</p>")
    comment.refresh_from_db()
    assert comment.edited and comment.body == "<p>Neu</p>"
    services.news_comment_delete(actor=network.coordinator, comment=comment)
    assert not NewsComment.objects.filter(pk=comment.pk).exists()


def test_images_need_description_and_real_image(network):
    post = publish(network)
    upload = SimpleUploadedFile("bild.png", png_bytes(), content_type="image/png")
    with pytest.raises(ValidationError):
        services.news_image_add(actor=network.coordinator, post=post, upload=upload, alt=" ")
    fake = SimpleUploadedFile("bild.png", b"<html><script>x</script>", content_type="image/png")
    with pytest.raises(ValidationError):
        services.news_image_add(actor=network.coordinator, post=post, upload=fake, alt="Bild")
    upload.seek(0)
    image = services.news_image_add(
        actor=network.coordinator, post=post, upload=upload, alt="Wegweiser"
    )
    assert "bild" not in image.file.name and image.file.name.endswith(".png")
    services.news_post_update(
        actor=network.coordinator,
        post=post,
        title=post.title,
        body=f'<p>Siehe</p><img src="{image.get_absolute_url()}" alt="Wegweiser">'
        '<img src="/austausch/neuigkeiten/999/bilder/1/" alt="fremd">',
        audience=Audience.NETWORK,
    )
    post.refresh_from_db()
    assert image.get_absolute_url() in post.body and "/999/" not in post.body
    services.news_image_remove(actor=network.coordinator, image=image)
    post.refresh_from_db()
    assert "<img" not in post.body and not NewsImage.objects.exists()


def test_recent_activity_in_constant_queries(network):
    def count() -> int:
        forget_roles(network.staff)  # as in a fresh request
        with CaptureQueriesContext(connection) as queries:
            rows = recent_activity(network.staff, network.district, limit=10)
        assert all(row.organisation == network.office.name for row in rows)
        return len(queries)

    NewsPostFactory.create_batch(2, author_organisation=network.office)
    few = count()
    NewsPostFactory.create_batch(12, author_organisation=network.office)
    assert count() == few
    assert len(recent_activity(network.staff, network.district, limit=10)) == 10


def test_deleting_a_post_removes_its_files(network, django_capture_on_commit_callbacks):
    post = publish(network)
    upload = SimpleUploadedFile("bild.png", png_bytes(), content_type="image/png")
    image = services.news_image_add(actor=network.coordinator, post=post, upload=upload, alt="A")
    storage, name = image.file.storage, image.file.name
    assert storage.exists(name)
    with pytest.raises(PermissionDenied):
        services.news_post_delete(actor=network.staff, post=post)
    with django_capture_on_commit_callbacks(execute=True):
        services.news_post_delete(actor=network.coordinator, post=post)
    assert not storage.exists(name) and not NewsPost.objects.exists()
