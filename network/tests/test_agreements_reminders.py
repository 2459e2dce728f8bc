"""Reminder e-mails before review and expiry: 60 and 14 days ahead, each threshold once."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from core.models import AuditEvent
from districts.models import Role
from districts.tests.factories import MembershipFactory
from network.models import Agreement
from network.services.agreements import agreement_reminders_send
from network.tasks import send_agreement_reminders
from network.tests.factories import AgreementFactory, ContactFactory

TODAY = dt.date(2026, 3, 2)


def day(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@pytest.fixture
def contact(network):
    return ContactFactory(organisation=network.other_org, email="partner@example.org")


def agreement_for(network, contact, **kwargs):
    values = {
        "parties": [network.office, network.other_org],
        "responsible": contact,
        "review_on": day(400),
        "valid_until": day(800),
        "title": "Sprachkurse im Rathaus",
    }
    values.update(kwargs)
    return AgreementFactory(**values)


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_the_contact_and_the_coordinators_get_one_german_mail_each(network, contact):
    second = MembershipFactory(organisation=network.office, role=Role.COORDINATOR).user
    agreement = agreement_for(network, contact, review_on=day(50))
    assert agreement_reminders_send(today=TODAY) == 1
    assert recipients() == sorted(["partner@example.org", network.coordinator.email, second.email])
    message = mail.outbox[0]
    assert (
        message.subject == "[Lotse] Erinnerung: Kooperationsvereinbarung „Sprachkurse im Rathaus“"
    )
    assert "Überprüfung am 21.04.2026 (in 50 Tagen)" in message.body
    assert f"/netzwerk/vereinbarungen/{agreement.pk}/" in message.body
    assert network.office.name in message.body
    agreement.refresh_from_db()
    assert agreement.reminded_on == TODAY
    assert AuditEvent.objects.filter(
        action="agreement.remind", object_id=str(agreement.pk)
    ).exists()


def test_a_threshold_is_never_reminded_twice(network, contact):
    agreement_for(network, contact, review_on=day(55))
    assert agreement_reminders_send(today=TODAY) == 1
    sent = len(mail.outbox)
    for offset in range(1, 40):  # every day until just before the 14-day threshold
        assert agreement_reminders_send(today=day(offset)) == 0
    assert len(mail.outbox) == sent


def test_again_at_14_days_and_then_not_again(network, contact):
    agreement_for(network, contact, review_on=day(55))
    agreement_reminders_send(today=TODAY)
    first = len(mail.outbox)
    assert agreement_reminders_send(today=day(41)) == 1  # 14 days before the review
    assert "(in 14 Tagen)" in mail.outbox[-1].body
    assert len(mail.outbox) == 2 * first
    assert agreement_reminders_send(today=day(42)) == 0
    assert agreement_reminders_send(today=day(60)) == 0  # past the date: no third mail
    assert len(mail.outbox) == 2 * first


def test_expiry_is_reminded_too(network, contact):
    agreement_for(network, contact, valid_until=day(60), review_on=None)
    assert agreement_reminders_send(today=TODAY) == 1
    assert "Die Vereinbarung gilt bis 01.05.2026 (in 60 Tagen)" in mail.outbox[0].body


def test_a_date_later_than_60_days_is_not_reminded(network, contact):
    agreement_for(network, contact, review_on=day(61), valid_until=day(61))
    assert agreement_reminders_send(today=TODAY) == 0
    assert mail.outbox == []


def test_closed_agreements_are_not_reminded(network, contact):
    agreement_for(network, contact, review_on=day(10), status=Agreement.Status.TERMINATED)
    assert agreement_reminders_send(today=TODAY) == 0
    assert mail.outbox == []


def test_a_moved_review_date_is_reminded_again(network, contact):
    agreement = agreement_for(network, contact, review_on=day(10))
    agreement_reminders_send(today=TODAY)
    sent = len(mail.outbox)
    agreement.review_on = day(300)
    agreement.save()
    assert agreement_reminders_send(today=day(250)) == 1
    assert len(mail.outbox) == 2 * sent


def test_only_coordinators_of_the_agreements_district(network, other_network, contact):
    agreement_for(network, contact, review_on=day(30))
    agreement_reminders_send(today=TODAY)
    assert other_network.coordinator.email not in recipients()


def test_without_a_responsible_contact_the_coordinators_are_reminded(network):
    agreement_for(network, None, review_on=day(30))
    agreement_reminders_send(today=TODAY)
    assert recipients() == [network.coordinator.email]


def test_the_task_and_the_command_send_and_the_second_run_sends_nothing(network, contact):
    today = timezone.localdate()
    agreement_for(network, contact, review_on=today + dt.timedelta(days=20))
    assert send_agreement_reminders.call() == 1
    sent = len(mail.outbox)
    out = StringIO()
    call_command("send_agreement_reminders", stdout=out)
    assert "0 agreement" in out.getvalue()
    assert len(mail.outbox) == sent
