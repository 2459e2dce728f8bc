import importlib

import pytest
from django.apps import apps as django_apps

from core.models import AuditEvent
from districts.models import District, TargetGroup, Topic
from districts.tests.factories import DistrictFactory
from districts.vocabulary import (
    DEFAULT_TARGET_GROUPS,
    DEFAULT_TOPICS,
    vocabulary_seed_defaults,
)

migration = importlib.import_module("network.migrations.0002_default_vocabulary")
# 0002 seeded its frozen lists; districts 0006 adds what the shared vocabulary has gained since.
codes_migration = importlib.import_module("districts.migrations.0006_vocabulary_codes_filled")


def names(model, district):
    return list(model.objects.for_district(district).values_list("name", flat=True))


@pytest.mark.django_db
def test_a_new_district_starts_with_the_default_topics_and_target_groups():
    district = DistrictFactory()

    assert names(Topic, district) == list(DEFAULT_TOPICS)
    assert names(TargetGroup, district) == list(DEFAULT_TARGET_GROUPS)
    assert "Anerkennung ausländischer Abschlüsse" in names(Topic, district)
    assert "Geflüchtete" in names(TargetGroup, district)
    event = AuditEvent.objects.get(action="vocabulary.seed_defaults", district=district)
    assert event.changes["topics"] == list(DEFAULT_TOPICS)


@pytest.mark.django_db
def test_seeding_again_adds_nothing_and_keeps_the_districts_own_choices():
    district = DistrictFactory()
    other = DistrictFactory()
    Topic.objects.for_district(district).filter(name="Wohnen").update(is_active=False)
    Topic.objects.create(district=district, name="Mobilität im ländlichen Raum", position=15)
    events = AuditEvent.objects.count()

    assert vocabulary_seed_defaults(district=district) == 0

    assert AuditEvent.objects.count() == events
    assert Topic.objects.for_district(district).count() == len(DEFAULT_TOPICS) + 1
    assert not Topic.objects.for_district(district).get(name="Wohnen").is_active
    assert names(Topic, district)[:2] == ["Sprache & Bildung", "Mobilität im ländlichen Raum"]
    # The other district's lists are its own.
    assert not Topic.objects.for_district(other).filter(name__startswith="Mobilität").exists()


@pytest.mark.django_db
def test_seeding_fills_gaps_only(operator):
    district = DistrictFactory()
    TargetGroup.objects.for_district(district).filter(name__in=["Frauen", "Ältere"]).delete()

    assert vocabulary_seed_defaults(district=district, actor=operator) == 2

    assert sorted(names(TargetGroup, district)) == sorted(DEFAULT_TARGET_GROUPS)
    event = AuditEvent.objects.filter(action="vocabulary.seed_defaults").latest("id")
    assert event.actor == operator
    assert sorted(event.changes["target_groups"]) == ["Frauen", "Ältere"]
    assert event.changes["topics"] == []


@pytest.mark.django_db
def test_the_data_migration_seeds_the_districts_that_existed_before():
    before, partial, complete = DistrictFactory(), DistrictFactory(), DistrictFactory()
    # As if the network app had not been there when these districts were created:
    Topic.objects.filter(district=before).delete()
    TargetGroup.objects.filter(district=before).delete()
    Topic.objects.filter(district=partial, name="Beratung").delete()

    added = migration.seed_existing_districts(District, Topic, TargetGroup, AuditEvent)
    codes_migration.forwards(django_apps, None)

    assert added == len(migration.TOPICS) + len(migration.TARGET_GROUPS) + 1
    for district in (before, partial, complete):
        assert sorted(names(Topic, district)) == sorted(DEFAULT_TOPICS)
        assert sorted(names(TargetGroup, district)) == sorted(DEFAULT_TARGET_GROUPS)
    assert names(Topic, before) == list(DEFAULT_TOPICS)  # positions follow the list
    migrated = AuditEvent.objects.filter(
        action="vocabulary.seed_defaults", changes__source="migration"
    )
    assert set(migrated.values_list("district", flat=True)) == {before.pk, partial.pk}
    assert migration.seed_existing_districts(District, Topic, TargetGroup, AuditEvent) == 0
