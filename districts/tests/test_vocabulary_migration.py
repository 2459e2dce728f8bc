"""The move of topics and target groups into the district's shared vocabulary (migrations
districts 0004/0005, network 0005, exchange 0003) keeps every entry, every link and every code an
offer carries, on SQLite and on PostgreSQL alike."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("districts", "0003_alter_district_slug"),
    ("network", "0004_profiletranslation"),
    ("exchange", "0002_meeting_reminded_at"),
    ("directory", "0006_search_scope_indexes"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_move_keeps_every_entry_link_and_code():
    old = _migrate(BEFORE)
    district = old.get_model("districts", "District").objects.create(
        kreis_id="07137", name="Altkreis", slug="altkreis"
    )
    topic = old.get_model("network", "Topic")
    group = old.get_model("network", "TargetGroup")
    topic.objects.filter(district=district).delete()  # no signals here: the lists by hand
    housing = topic.objects.create(district=district, name="Wohnen", position=10)
    own = topic.objects.create(district=district, name="Mobilität im ländlichen Raum", position=20)
    sprache = topic.objects.create(district=district, name="Sprache", position=30)  # old wording
    refugees = group.objects.create(district=district, name="Geflüchtete", position=10)
    organisation = old.get_model("districts", "Organisation").objects.create(
        district=district, name="Migrationsberatung"
    )
    profile = old.get_model("network", "Profile").objects.create(
        district=district, organisation=organisation
    )
    profile.topics.set([housing, own])
    profile.target_groups.set([refugees])
    offer = old.get_model("directory", "Offer").objects.create(
        district=district,
        topics=["language", "leisure", "housing"],
        target_groups=["everyone", "refugees"],
    )

    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    _migrate(leaves)

    from directory.models import Offer
    from districts.models import TargetGroup, Topic
    from network.models import Profile

    entries = {t.name: t for t in Topic.objects.filter(district_id=district.pk)}
    # the same rows, with their ids, now with codes; the old directory wording is matched
    assert entries["Wohnen"].pk == housing.pk and entries["Wohnen"].code == "housing"
    assert entries["Sprache"].pk == sprache.pk and entries["Sprache"].code == "language"
    assert entries["Mobilität im ländlichen Raum"].code == "mobilitat-im-landlichen-raum"
    assert entries["Mobilität im ländlichen Raum"].in_directory is False
    # every code an offer carried is an entry of the district, offered in the directory
    codes = {t.code: t for t in entries.values()}
    assert {"language", "leisure", "housing"} <= set(codes)
    assert all(codes[code].in_directory for code in ("language", "leisure", "housing"))
    groups = set(TargetGroup.objects.filter(district_id=district.pk).values_list("code", flat=True))
    assert {"everyone", "refugees"} <= groups
    # links and offers untouched
    migrated = Profile.objects.get(pk=profile.pk)
    assert sorted(t.pk for t in migrated.topics.all()) == sorted([housing.pk, own.pk])
    assert [t.pk for t in migrated.target_groups.all()] == [refugees.pk]
    assert Offer.objects.get(pk=offer.pk).topics == ["language", "leisure", "housing"]
