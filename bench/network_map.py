"""Time the network map's JSON (and page) for 2,000 organisations and 10,000 relations.

    .venv/bin/python bench/network_map.py [--organisations 2000] [--relations 10000] [--runs 5]

Uses a temporary SQLite database unless DATABASE_URL is set (then use a throwaway database:
the script migrates it and adds a bench district). Builds the data with bulk_create, then
requests /netzwerk/karte/daten.json as a signed-in member through Django's test client and
prints the median time, the size of the answer and the number of SQL queries; the same for the
page with the table alternative. Prints figures, asserts nothing; stops after two minutes.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

LIMIT_SECONDS = 120


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


def build(organisations: int, relations: int, agreements: int) -> Any:
    """A district with `organisations`, `relations` distinct ties and `agreements` (2–4 parties,
    signed); returns a staff member of it."""
    from districts.models import Organisation, Role
    from districts.tests.factories import DistrictFactory, MembershipFactory
    from network.models import Agreement, Relation

    rng = random.Random(2024)  # noqa: S311 - reproducible test data, not a secret
    district: Any = DistrictFactory()
    kinds = list(Organisation.Kind.values)
    orgs = Organisation.objects.bulk_create(
        Organisation(district=district, name=f"Organisation {i:05d}", kind=rng.choice(kinds))
        for i in range(organisations)
    )
    relation_kinds = list(Relation.Kind.values)
    seen: set[tuple[int, int, str]] = set()
    ties: list[Any] = []
    while len(ties) < relations:
        source, target = rng.sample(orgs, 2)
        key = (source.pk, target.pk, rng.choice(relation_kinds))
        if key in seen:
            continue
        seen.add(key)
        ties.append(Relation(district=district, source=source, target=target, kind=key[2]))
    Relation.objects.bulk_create(ties, batch_size=2_000)
    made = Agreement.objects.bulk_create(
        Agreement(district=district, title=f"Vereinbarung {i}", status=Agreement.Status.SIGNED)
        for i in range(agreements)
    )
    through = Agreement.parties.through
    through.objects.bulk_create(
        through(agreement_id=agreement.pk, organisation_id=party.pk)
        for agreement in made
        for party in rng.sample(orgs, rng.randint(2, 4))
    )
    return MembershipFactory(organisation=orgs[0], role=Role.STAFF).user


def measure(client: Any, url: str, runs: int) -> tuple[float, int, int]:
    """Median seconds, bytes of the answer and SQL queries of one request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    size = queries = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        if response.status_code != 200:
            print(f"  {url}: HTTP {response.status_code}")
        size, queries = len(response.content), len(captured)
    return statistics.median(times), size, queries


def run(organisations: int, relations: int, agreements: int, runs: int) -> None:
    from django.test import Client
    from django.urls import reverse

    started = time.perf_counter()
    user = build(organisations, relations, agreements)
    print(
        f"data: {organisations} organisations, {relations} relations, "
        f"{agreements} agreements in {time.perf_counter() - started:.1f} s"
    )
    client = Client()
    client.force_login(user)
    for label, name, count in (
        ("network-map JSON", "network:graph_data", runs),
        ("network-map page (with table)", "network:graph", max(1, runs // 2)),
    ):
        url = reverse(name)
        client.get(url)  # warm up: templates, translations, URL patterns
        seconds, size, queries = measure(client, url, count)
        print(
            f"{label}: median {seconds * 1000:.0f} ms over {count} runs, "
            f"{size / 1024:.0f} KiB, {queries} SQL queries"
        )


if __name__ == "__main__":
    main()
