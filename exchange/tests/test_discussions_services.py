"""Services of the discussions area: who is notified (never anyone outside the audience),
mentions, subscriptions, the solution, closing, sanitising."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import AuditEvent
from districts.models import Role
from districts.tests.factories import MembershipFactory, OrganisationFactory
from exchange.models import Audience, Reply, Thread, ThreadSubscription
from exchange.notify import Category
from exchange.services import discussions as services


@dataclass
class Sent:
    """The calls of `notify`, with the actor already left out (as `notify` does)."""

    calls: list[dict[str, Any]] = field(default_factory=list)

    def to(self, category: str) -> set[Any]:
        return {pk for call in self.calls if call["category"] == category for pk in call["ids"]}

    def clear(self) -> None:
        self.calls.clear()


@pytest.fixture(name="sent")
def sent_fixture(monkeypatch: pytest.MonkeyPatch) -> Sent:
    record = Sent()

    def fake_notify(*, recipients: Any, actor: Any = None, **kwargs: Any) -> int:
        ids = {getattr(r, "pk", r) for r in recipients} - {getattr(actor, "pk", None)}
        record.calls.append({"ids": ids, **kwargs})
        return len(ids)

    monkeypatch.setattr("notifications.services.notify", fake_notify)
    return record


def start(network: Any, **kwargs: Any) -> Thread:
    values: dict[str, Any] = {
        "actor": network.staff,
        "district": network.district,
        "title": "Anerkennung ausländischer Abschlüsse",
        "body": "<p>Wer kennt sich mit der Anerkennung aus?</p>",
    }
    values.update(kwargs)
    return services.thread_create(**values)


def ids(*people: Any) -> set[int]:
    return {person.pk for person in people}


def test_new_thread_notifies_its_audience_and_the_mentioned_organisation(network, sent):
    thread = start(network, mentioned_organisations=[network.office])

    mentions = sent.to(Category.MENTIONS)
    assert mentions == ids(network.coordinator)
    assert all(c["important"] for c in sent.calls if c["category"] == Category.MENTIONS)
    # Everyone else who may see it hears of the new thread, once; volunteers may not see it.
    assert sent.to(Category.DISCUSSIONS) == ids(network.org_admin, network.caseworker)
    assert thread.reply_count == 0 and thread.author_organisation == network.other_org
    assert ThreadSubscription.objects.get(thread=thread).user == network.staff
    assert AuditEvent.objects.filter(action="thread.create", object_id=str(thread.pk)).exists()


def test_members_of_a_mentioned_organisation_outside_the_audience_are_not_notified(network, sent):
    start(network, actor=network.coordinator, mentioned_organisations=[network.other_org])
    # The volunteer of the mentioned organisation cannot see the thread: no notification.
    assert sent.to(Category.MENTIONS) == ids(network.org_admin, network.staff, network.caseworker)
    assert network.volunteer.pk not in sent.to(Category.DISCUSSIONS)


def test_mentions_of_those_who_cannot_see_are_refused_and_nothing_is_written(network, sent):
    outsider_org = OrganisationFactory(district=network.district, name="Jobcenter Testkreis")
    outsider = MembershipFactory(organisation=outsider_org, role=Role.STAFF).user
    with pytest.raises(ValidationError) as refused:
        start(
            network,
            audience=Audience.ORGANISATIONS,
            organisations=[network.other_org],
            mentioned_organisations=[outsider_org],
            mentioned_people=[outsider, network.volunteer],
        )
    errors = refused.value.message_dict
    assert (
        "„Jobcenter Testkreis“ kann diese Diskussion nicht sehen"
        in errors["mentioned_organisations"][0]
    )
    assert len(errors["mentioned_people"]) == 2
    assert not Thread.objects.exists()
    assert not sent.calls


def test_restricted_thread_reaches_only_the_chosen_organisations(network, sent):
    third = OrganisationFactory(district=network.district)
    third_staff = MembershipFactory(organisation=third, role=Role.STAFF).user
    start(
        network,
        actor=network.coordinator,
        audience=Audience.ORGANISATIONS,
        organisations=[third],
        include_volunteers=True,
    )
    assert sent.to(Category.DISCUSSIONS) == ids(third_staff)


def test_reply_notifies_followers_subscribes_the_replier_and_counts(network, sent):
    thread = start(network)
    services.thread_unsubscribe(actor=network.staff, thread=thread)
    services.thread_subscribe(actor=network.caseworker, thread=thread)
    sent.clear()

    reply = services.reply_create(
        actor=network.org_admin, thread=thread, body="Fragen Sie die Kammer."
    )

    assert sent.to(Category.DISCUSSIONS) == ids(network.caseworker)
    thread.refresh_from_db()
    assert thread.reply_count == 1 and thread.last_activity_at == reply.created_at
    assert reply.body == "<p>Fragen Sie die Kammer.</p>"
    assert ThreadSubscription.objects.get(thread=thread, user=network.org_admin).subscribed
    # An explicit opt-out stays when the person replies later.
    services.reply_create(actor=network.staff, thread=thread, body="Danke!")
    assert not ThreadSubscription.objects.get(thread=thread, user=network.staff).subscribed


def test_a_mention_in_a_reply_is_important_and_not_doubled(network, sent):
    thread = start(network)
    services.thread_subscribe(actor=network.coordinator, thread=thread)
    sent.clear()
    services.reply_create(
        actor=network.staff,
        thread=thread,
        body="Was meint die Koordination?",
        mentioned_people=[network.coordinator],
    )
    assert sent.to(Category.MENTIONS) == ids(network.coordinator)
    assert network.coordinator.pk not in sent.to(Category.DISCUSSIONS)
    sent.clear()
    # Editing the reply does not notify the same people again.
    reply = Reply.objects.get()
    services.reply_update(
        actor=network.staff, reply=reply, body="Neu", mentioned_people=[network.coordinator]
    )
    assert not sent.calls
    assert Reply.objects.get().edited


def test_closed_thread_takes_no_replies(network, sent):
    thread = start(network)
    with pytest.raises(PermissionDenied):
        services.thread_close(actor=network.org_admin, thread=thread)
    services.thread_close(actor=network.coordinator, thread=thread)
    with pytest.raises(ValidationError, match="geschlossen"):
        services.reply_create(actor=network.staff, thread=thread, body="Noch etwas")
    with pytest.raises(ValidationError):
        services.thread_close(actor=network.staff, thread=thread)
    services.thread_reopen(actor=network.staff, thread=thread)
    services.reply_create(actor=network.staff, thread=thread, body="Noch etwas")
    assert Reply.objects.count() == 1


def test_replies_of_a_closed_thread_stay_unless_a_coordinator_removes_them(network, sent):
    thread = start(network)
    reply = services.reply_create(actor=network.org_admin, thread=thread, body="Meine Antwort")
    services.thread_close(actor=network.coordinator, thread=thread)
    with pytest.raises(ValidationError, match="geschlossen"):
        services.reply_delete(actor=network.org_admin, reply=reply)
    assert Reply.objects.filter(pk=reply.pk).exists()
    services.reply_delete(actor=network.coordinator, reply=reply)
    assert not Reply.objects.filter(pk=reply.pk).exists()


def test_solution_is_marked_by_the_author_or_a_coordinator(network, sent):
    thread = start(network)
    other = start(network, title="Andere Frage")
    answer = services.reply_create(actor=network.org_admin, thread=thread, body="So geht es.")
    foreign = services.reply_create(actor=network.org_admin, thread=other, body="Anderswo")
    sent.clear()

    with pytest.raises(PermissionDenied):
        services.reply_mark_solution(actor=network.caseworker, thread=thread, reply=answer)
    with pytest.raises(ValidationError):
        services.reply_mark_solution(actor=network.staff, thread=thread, reply=foreign)
    services.reply_mark_solution(actor=network.staff, thread=thread, reply=answer)
    assert Thread.objects.with_status("solved").get() == thread
    assert sent.to(Category.DISCUSSIONS) == ids(network.org_admin)

    services.reply_mark_solution(actor=network.coordinator, thread=thread, reply=None)
    thread.refresh_from_db()
    assert thread.solution is None

    services.reply_mark_solution(actor=network.staff, thread=thread, reply=answer)
    thread = services.reply_delete(actor=network.org_admin, reply=answer)
    assert thread.solution is None and thread.reply_count == 0


def test_a_volunteers_thread_is_always_open_to_volunteers(network, sent):
    thread = start(network, actor=network.volunteer, include_volunteers=False)
    assert thread.include_volunteers
    assert network.volunteer.pk not in sent.to(Category.DISCUSSIONS)  # the author
    assert network.staff.pk in sent.to(Category.DISCUSSIONS)


def test_text_is_sanitised_and_must_not_be_empty(network, sent):
    thread = start(
        network,
        body='<p onclick="x()">Hallo <script>alert(1)</script><a href="javascript:x">x</a></p>',
    )
    assert "script" not in thread.body and "onclick" not in thread.body
    assert "javascript" not in thread.body
    assert thread.body_text == "Hallo x"
    with pytest.raises(ValidationError):
        start(network, body="<script>alert(1)</script>")
    with pytest.raises(ValidationError):
        start(network, title="   ")


def test_only_the_author_and_coordinators_edit(network, sent):
    thread = start(network)
    values = {"title": "Neu", "body": "Text"}
    with pytest.raises(PermissionDenied):
        services.thread_update(actor=network.org_admin, thread=thread, **values)
    services.thread_update(actor=network.coordinator, thread=thread, **values)
    thread.refresh_from_db()
    assert thread.title == "Neu"
    reply = services.reply_create(actor=network.staff, thread=thread, body="Antwort")
    with pytest.raises(PermissionDenied):
        services.reply_update(actor=network.caseworker, reply=reply, body="fremd")
    with pytest.raises(PermissionDenied):
        services.reply_delete(actor=network.caseworker, reply=reply)


def test_people_outside_the_audience_cannot_reply_or_follow(network, other_network, sent):
    thread = start(network)
    for outsider in (network.volunteer, other_network.staff):
        with pytest.raises(PermissionDenied):
            services.reply_create(actor=outsider, thread=thread, body="Hallo")
        with pytest.raises(PermissionDenied):
            services.thread_subscribe(actor=outsider, thread=thread)


def test_notifications_are_stored_only_for_people_who_may_see_the_thread(network):
    """Without the stand-in: the real `notify` writes rows for the audience only."""
    from notifications.models import Notification

    thread = start(
        network,
        actor=network.coordinator,
        audience=Audience.ORGANISATIONS,
        organisations=[network.office],
        mentioned_people=[],
    )
    services.reply_create(actor=network.coordinator, thread=thread, body="Nur intern.")
    assert not Notification.objects.filter(
        recipient__in=[network.staff, network.volunteer, network.org_admin]
    ).exists()
    visible = start(network, mentioned_organisations=[network.other_org])
    mentioned = set(
        Notification.objects.filter(category=Category.MENTIONS, target_id=visible.pk).values_list(
            "recipient_id", flat=True
        )
    )
    assert mentioned == ids(network.org_admin, network.caseworker)


def test_followers_who_lost_sight_of_a_thread_hear_nothing(network, sent):
    thread = start(network, include_volunteers=True)
    services.thread_subscribe(actor=network.volunteer, thread=thread)
    services.thread_update(
        actor=network.staff,
        thread=thread,
        title=thread.title,
        body=thread.body,
        audience=Audience.ORGANISATIONS,
        organisations=[network.office],
        include_volunteers=False,
    )
    sent.clear()
    services.reply_create(actor=network.coordinator, thread=thread, body="Jetzt intern.")
    assert sent.to(Category.DISCUSSIONS) == ids(network.staff)  # the author still sees it
