import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Max
from django.utils import timezone

from core.models import AuditEvent
from districts.models import District, Organisation, TargetGroup, Topic
from network import demo
from network.models import Agreement, Contact, OutreachEntry, Profile, Relation

NETWORK_MODELS = (Profile, Contact, Relation, Agreement, OutreachEntry, Topic, TargetGroup)


def seed_demo():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def snapshot():
    rows = {m.__name__: m.objects.count() for m in (*NETWORK_MODELS, Organisation, AuditEvent)}
    rows["agreement parties"] = Agreement.parties.through.objects.count()
    rows["profile topics"] = Profile.topics.through.objects.count()
    return rows


@pytest.fixture
def myk(db):
    seed_demo()
    return District.objects.get(slug="mayen-koblenz")


def test_demo_network_of_mayen_koblenz_is_full(myk):
    today = timezone.localdate()
    organisations = Organisation.objects.for_district(myk)
    assert 38 <= organisations.count() <= 42
    # Every organisation has a Steckbrief with an address in the Kreis and coordinates nearby.
    profiles = Profile.objects.for_district(myk)
    assert profiles.count() == organisations.count()
    assert not profiles.filter(description="").exists()
    assert not profiles.filter(topics=None).exists()
    for profile in profiles:
        assert profile.postcode.startswith("56")
        assert 50.2 < float(profile.latitude) < 50.5
        assert 7.1 < float(profile.longitude) < 7.7
    languages = {code for p in profiles for code in p.languages}
    assert {"de", "en", "ar", "fa", "uk", "ru", "tr", "ti", "ku"} <= languages
    assert len(set(profiles.values_list("description_audience", flat=True))) == 3

    contacts = Contact.objects.for_district(myk)
    assert 55 <= contacts.count() <= 65
    assert 0 < contacts.public().count() < contacts.count()
    assert contacts.filter(user__email="koordination@mayen-koblenz.example.org").exists()

    relations = Relation.objects.for_district(myk)
    assert 75 <= relations.count() <= 85
    assert set(relations.values_list("kind", flat=True)) == set(Relation.Kind.values)
    tied = set(relations.values_list("source", flat=True)) | set(
        relations.values_list("target", flat=True)
    )
    isolated = organisations.exclude(pk__in=tied)
    assert 1 <= isolated.count() <= 5
    office = organisations.get(is_integration_office=True)
    assert relations.filter(source=office).count() + relations.filter(target=office).count() > 20

    agreements = Agreement.objects.for_district(myk)
    assert agreements.count() == 27
    assert set(agreements.values_list("status", flat=True)) == set(Agreement.Status.values)
    assert not agreements.annotate(n=Count("parties")).filter(n__lt=2).exists()
    due = agreements.due_for_review(within_days=60)
    upcoming = due.filter(review_on__gte=today)
    overdue = due.filter(review_on__lt=today)
    assert upcoming.count() >= 4 and overdue.count() >= 2
    assert not agreements.filter(status=Agreement.Status.SIGNED, signed_on=None).exists()
    assert not agreements.filter(status=Agreement.Status.EXPIRED, valid_until__gte=today).exists()
    assert not due.filter(responsible=None).exists()
    assert not agreements.filter(parties__in=isolated).exists()


def test_outreach_history_of_the_migrant_organisations(myk):
    today = timezone.localdate()
    half_a_year_ago = today - datetime.timedelta(days=182)
    migrant = Organisation.objects.for_district(myk).filter(kind=Organisation.Kind.MIGRANT_ORG)
    last = dict(migrant.annotate(last=Max("outreach_entries__date")).values_list("name", "last"))
    recent = [name for name, day in last.items() if day and day >= today - datetime.timedelta(30)]
    stale = [name for name, day in last.items() if day and day < half_a_year_ago]
    never = [name for name, day in last.items() if day is None]
    assert len(recent) >= 2 and len(stale) >= 2 and len(never) >= 1
    entries = OutreachEntry.objects.for_district(myk)
    open_steps = entries.exclude(next_step="").filter(next_step_done=False)
    assert open_steps.filter(next_step_due__gte=today).exists()
    assert open_steps.filter(next_step_due__lt=today).exists()
    assert not entries.filter(owner=None).exists()


def test_second_run_even_a_week_later_changes_nothing(myk):
    first = snapshot()

    assert "nothing to do" in seed_demo()
    assert not demo.seed(today=timezone.localdate() + datetime.timedelta(days=7))

    assert snapshot() == first


def test_the_demo_is_reproducible():
    # The same seed gives the same people, whatever the day.
    first = demo.contact_plans(demo.PLANS[0], _specs(), demo.random.Random(1))
    second = demo.contact_plans(demo.PLANS[0], _specs(), demo.random.Random(1))
    assert first == second
    assert len({c.name for c in first}) == len(first)
    assert all(c.email.isascii() and c.email.endswith("example.org") for c in first)


def _specs():
    return {
        org.alias: (Organisation.Kind.OTHER, "info@demo.example.org", "0261 555-1000")
        for org in demo.PLANS[0].organisations
    }


def test_deleted_contacts_come_back_the_same(myk):
    contacts = Contact.objects.for_district(myk)
    before = sorted(contacts.values_list("organisation__name", "name", "email"))
    contacts.delete()

    demo.seed()

    assert sorted(contacts.values_list("organisation__name", "name", "email")) == before


def test_koblenz_has_its_own_small_network(myk):
    koblenz = District.objects.get(slug="koblenz")
    own = set(Organisation.objects.for_district(koblenz).values_list("pk", flat=True))

    assert Profile.objects.for_district(koblenz).count() == len(own)
    assert Agreement.objects.for_district(koblenz).count() == 2
    assert Agreement.objects.for_district(koblenz).due_for_review().exists()
    for model, fields in [
        (Profile, ["organisation"]),
        (Contact, ["organisation"]),
        (Relation, ["source", "target"]),
        (Agreement, ["parties"]),
        (OutreachEntry, ["organisation"]),
    ]:
        rows = model.objects.for_district(koblenz)
        for name in fields:
            assert set(rows.values_list(name, flat=True)) <= own, (model, name)
        # … and nothing of Mayen-Koblenz points at Koblenz's organisations.
        assert not model.objects.for_district(myk).filter(**{f"{fields[0]}__in": own}).exists()
    topics = Topic.objects.for_district(koblenz)
    assert not Profile.topics.through.objects.filter(
        profile__district=myk, topic__in=topics
    ).exists()


@pytest.mark.django_db
def test_network_demo_skips_districts_that_do_not_exist():
    assert demo.seed() == {}
    assert not Profile.objects.exists()
