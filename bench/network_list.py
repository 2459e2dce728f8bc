"""Time the organisation list and a Steckbrief for 2,000 organisations and 10,000 relations.

    .venv/bin/python bench/network_list.py [--organisations 2000] [--relations 10000] [--runs 5]

Uses a temporary SQLite database unless DATABASE_URL is set (then use a throwaway database:
the script migrates it and adds a bench district). The organisations, relations and agreements
come from `bench/network_map.py`'s `build`; this script adds a profile to every organisation
(topics, target groups, languages, address, municipality). Then, signed in as a staff member
through Django's test client, it requests the first page of /netzwerk/, the same list filtered
and searched, and the Steckbrief of the organisation with the most ties, and prints the median
time and the number of SQL queries of each. Prints figures, asserts nothing; stops after two
minutes.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

# The data builder and the timing of the network-map benchmark, shared rather than copied.
from network_map import LIMIT_SECONDS, build, measure

LANGUAGES = ["de", "en", "ar", "uk", "ru", "tr", "fa", "fr", "pl", "ro", "ku", "ti"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=2_000)
    parser.add_argument("--relations", type=int, default=10_000)
    parser.add_argument("--agreements", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    workdir = tempfile.mkdtemp(prefix="lotse-bench-")
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ.setdefault("LOTSE_DATA_DIR", workdir)
    os.environ["LOTSE_ENV"] = "test"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")

    import django

    django.setup()

    from django.core.management import call_command

    def stop(_signum: int, _frame: object) -> None:
        raise TimeoutError

    signal.signal(signal.SIGALRM, stop)
    signal.alarm(LIMIT_SECONDS)
    try:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"database: {os.environ['DATABASE_URL'].split('@')[-1]}")
        print(f"migrate: {time.perf_counter() - started:.1f} s")
        run(args.organisations, args.relations, args.agreements, args.runs)
    except TimeoutError:
        print(f"stopped: longer than {LIMIT_SECONDS} s")
    finally:
        signal.alarm(0)
        shutil.rmtree(workdir, ignore_errors=True)


def add_profiles(district: Any) -> None:
    """A Steckbrief for every organisation of the district, with 1–3 topics, 1–2 target groups,
    1–4 languages, an address and a municipality; a few organisations dormant or not members."""
    from districts.models import Municipality, Organisation
    from network.models import Profile, TargetGroup, Topic

    rng = random.Random(2025)  # noqa: S311 - reproducible test data, not a secret
    municipalities = Municipality.objects.bulk_create(
        Municipality(district=district, name=f"Gemeinde {i:02d}") for i in range(20)
    )
    organisations = list(Organisation.objects.filter(district=district))
    for org in organisations:
        org.municipality = rng.choice(municipalities)
        org.is_member = rng.random() < 0.8
        org.is_active = rng.random() < 0.9
    Organisation.objects.bulk_update(
        organisations, ["municipality", "is_member", "is_active"], batch_size=1_000
    )
    profiles = Profile.objects.bulk_create(
        (
            Profile(
                district=district,
                organisation=org,
                description=f"{org.name} berät und begleitet Zugewanderte im Kreis.",
                languages=rng.sample(LANGUAGES, rng.randint(1, 4)),
                street=f"Hauptstraße {rng.randint(1, 200)}",
                postcode="56068",
                city=org.municipality.name if org.municipality else "",
                opening_hours="Mo–Fr 9–12 Uhr",
            )
            for org in organisations
        ),
        batch_size=1_000,
    )
    topics = list(Topic.objects.filter(district=district))
    groups = list(TargetGroup.objects.filter(district=district))
    topic_links = Profile.topics.through
    group_links = Profile.target_groups.through
    topic_links.objects.bulk_create(
        (
            topic_links(profile_id=profile.pk, topic_id=topic.pk)
            for profile in profiles
            for topic in rng.sample(topics, rng.randint(1, 3))
        ),
        batch_size=2_000,
    )
    group_links.objects.bulk_create(
        (
            group_links(profile_id=profile.pk, targetgroup_id=group.pk)
            for profile in profiles
            for group in rng.sample(groups, rng.randint(1, 2))
        ),
        batch_size=2_000,
    )


def best_connected(district: Any) -> tuple[Any, int]:
    """The organisation with the most relations (either side) and how many it has."""
    from collections import Counter

    from districts.models import Organisation
    from network.models import Relation

    ties: Counter[int] = Counter()
    for source, target in Relation.objects.filter(district=district).values_list(
        "source_id", "target_id"
    ):
        ties[source] += 1
        ties[target] += 1
    pk, count = ties.most_common(1)[0]
    return Organisation.objects.get(pk=pk), count


def run(organisations: int, relations: int, agreements: int, runs: int) -> None:
    from django.test import Client
    from django.urls import reverse

    from network.models import Topic

    started = time.perf_counter()
    user = build(organisations, relations, agreements)
    district = user.memberships.get().district
    add_profiles(district)
    print(
        f"data: {organisations} organisations with profiles, {relations} relations, "
        f"{agreements} agreements in {time.perf_counter() - started:.1f} s"
    )
    hub, ties = best_connected(district)
    topic = Topic.objects.filter(district=district).order_by("position").first()
    index = reverse("network:index")
    filtered = f"{index}?" + urlencode(
        {
            "q": "Organisation 01",
            "topic": topic.pk if topic else "",
            "language": "ar",
            "status": "active",
        }
    )
    steckbrief = reverse("network:organisation", args=[hub.pk])
    client = Client()
    client.force_login(user)
    for label, url in (
        ("organisation list, first page", index),
        ("organisation list, filtered and searched", filtered),
        (f"Steckbrief of the organisation with the most ties ({ties})", steckbrief),
    ):
        client.get(url)  # warm up: templates, translations, URL patterns
        seconds, size, queries = measure(client, url, runs)
        found = re.search(r"(\d[\d.]*) Organisation", client.get(url).content.decode())
        matches = f", {found.group(1)} organisations found" if url != steckbrief and found else ""
        print(
            f"{label}: median {seconds * 1000:.0f} ms over {runs} runs, "
            f"{size / 1024:.0f} KiB, {queries} SQL queries{matches}"
        )


if __name__ == "__main__":
    main()
