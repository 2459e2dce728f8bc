"""E-mail: the daily digest, failures and retries, the operator's view of given-up e-mails."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from districts.tests.factories import MembershipFactory
from exchange.notify import Category
from notifications import delivery as delivery_module
from notifications.delivery import MAX_ATTEMPTS, deliveries_retry, digests_schedule
from notifications.models import EmailDelivery, NotificationPreference

from .factories import notify_about

pytestmark = pytest.mark.django_db


def _run_digest(capture) -> list[int]:
    with capture(execute=True):
        return digests_schedule()


def test_digest_groups_visible_items_by_category(
    network, other_network, client, settings, django_capture_on_commit_callbacks
):
    notify_about(network.other_org, [network.staff, other_network.staff])
    notify_about(network.office, [network.staff], category=Category.MEETINGS)
    NotificationPreference.objects.create(user=network.volunteer, email_documents=False)
    notify_about(network.office, [network.volunteer], category=Category.DOCUMENTS)

    _run_digest(django_capture_on_commit_callbacks)

    # The person of another district cannot see the organisation: no digest at all. The
    # volunteer switched documents off: nothing either.
    assert [m.to for m in mail.outbox] == [[network.staff.email]]
    message = mail.outbox[0]
    assert "2" in message.subject
    html = message.alternatives[0][0]
    for part in (message.body, html):
        assert f"Neues von {network.other_org.name}" in part
        assert f"Neues von {network.office.name}" in part
        assert part.index("Neuigkeiten") < part.index("Treffen")
    assert message.alternatives[0][1] == "text/html"
    assert '<html lang="de">' in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    delivery = EmailDelivery.objects.get(status=EmailDelivery.Status.SENT)
    assert (delivery.kind, delivery.digest_date) == ("digest", timezone.localdate())
    assert EmailDelivery.objects.get(recipient=other_network.staff).status == "skipped"

    # The one-click address of the header switches the digest off; the body offers a link per
    # category too.
    assert message.body.count("/benachrichtigungen/abmelden/") == 3
    one_click = message.extra_headers["List-Unsubscribe"].strip("<>")
    response = client.post(one_click.removeprefix(settings.SITE_URL))
    assert response.status_code == 200
    preference = NotificationPreference.objects.get(user=network.staff)
    assert not preference.daily_digest and preference.email_meetings


def test_digest_is_in_the_recipients_language(network, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=network.staff, language="en")
    # A message id Django itself translates, so the test does not need Lotse's compiled catalog.
    notify_about(network.other_org, [network.staff, network.org_admin], message="January")

    _run_digest(django_capture_on_commit_callbacks)

    by_address = {m.to[0]: m for m in mail.outbox}
    english, german = by_address[network.staff.email], by_address[network.org_admin.email]
    assert "January" in english.body and '<html lang="en">' in english.alternatives[0][0]
    assert "Januar\n" in german.body and '<html lang="de">' in german.alternatives[0][0]


def test_no_digest_when_nothing_is_new_and_never_twice_a_day(
    network, django_capture_on_commit_callbacks
):
    assert _run_digest(django_capture_on_commit_callbacks) == []
    notify_about(network.other_org, [network.staff])
    assert len(_run_digest(django_capture_on_commit_callbacks)) == 1
    notify_about(network.office, [network.staff])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_notification_digests", stdout=mock.MagicMock())
    assert len(mail.outbox) == 1


def test_digest_skips_people_who_switched_it_off_and_read_items(
    network, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(user=network.staff, daily_digest=False)
    notify_about(network.other_org, [network.staff, network.org_admin])
    network.org_admin.notifications.update(read_at=timezone.now())

    assert _run_digest(django_capture_on_commit_callbacks) == []


def test_digest_query_count_does_not_grow_with_recipients(network, django_assert_max_num_queries):
    people = [MembershipFactory(organisation=network.other_org).user for _ in range(15)]
    notify_about(network.other_org, people)
    with django_assert_max_num_queries(6):
        assert len(digests_schedule()) == 15


def test_failure_is_retried_and_finally_given_up(
    network, operator, client, django_capture_on_commit_callbacks
):
    broken = mock.patch(
        "django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("SMTP weg")
    )
    with broken, django_capture_on_commit_callbacks(execute=True):
        notify_about(network.other_org, [network.staff], important=True)
    delivery = EmailDelivery.objects.get()
    assert delivery.status == EmailDelivery.Status.PENDING
    assert delivery.attempts == 1
    assert "SMTP weg" in delivery.last_error
    assert delivery.next_attempt_at > timezone.now() + timedelta(minutes=4)

    # Not due yet: the cron command leaves it alone.
    assert deliveries_retry() == 0
    for attempt in range(2, MAX_ATTEMPTS + 1):
        EmailDelivery.objects.update(next_attempt_at=timezone.now())
        with broken:
            assert deliveries_retry() == 1
        delivery.refresh_from_db()
        assert delivery.attempts == attempt
    assert delivery.status == EmailDelivery.Status.GIVEN_UP
    assert mail.outbox == []

    client.force_login(operator)
    changelist = reverse("admin:notifications_emaildelivery_changelist")
    page = client.get(changelist, {"status__exact": "given_up"})
    assert page.status_code == 200
    assert network.staff.email in page.text and "SMTP weg" in page.text

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            changelist, {"action": "retry_now", "_selected_action": [delivery.pk]}
        )
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == EmailDelivery.Status.SENT
    assert [m.to for m in mail.outbox] == [[network.staff.email]]


def test_a_stale_claim_is_released(network, django_capture_on_commit_callbacks):
    broken = mock.patch.object(delivery_module, "build_message", side_effect=RuntimeError("x"))
    with broken, django_capture_on_commit_callbacks(execute=True):
        notify_about(network.other_org, [network.staff], important=True)
    EmailDelivery.objects.update(
        status=EmailDelivery.Status.SENDING,
        claimed_at=timezone.now() - timedelta(hours=1),
        next_attempt_at=timezone.now(),
    )
    call_command("notifications_retry", stdout=mock.MagicMock())
    assert EmailDelivery.objects.get().status == EmailDelivery.Status.SENT


def test_retry_is_deferred_by_the_database_task_backend(
    network, settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        notify_about(network.other_org, [network.staff], important=True)
    assert mail.outbox == []  # queued for the worker, not sent in the request
    first = DBTaskResult.objects.get()
    delivery = EmailDelivery.objects.get()

    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("x")):
        assert delivery_module.delivery_send(delivery_id=delivery.pk) == "pending"

    delivery.refresh_from_db()
    retry = DBTaskResult.objects.exclude(pk=first.pk).get()
    assert retry.run_after == delivery.next_attempt_at
    assert retry.args_kwargs["kwargs"] == {"delivery_id": delivery.pk}
