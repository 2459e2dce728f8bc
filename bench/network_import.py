"""Time the import of 10,000 organisation rows (with contacts) from a generated CSV file.

    .venv/bin/python bench/network_import.py [--rows 10000]

Uses a temporary SQLite database unless DATABASE_URL is set (then use a throwaway database:
the script migrates it and adds a bench district, removed again at the end). Prints the time
of each step; stops after three minutes at the latest.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

LIMIT_SECONDS = 180


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()

    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    workdir = tempfile.mkdtemp(prefix="lotse-bench-")
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ.setdefault("LOTSE_DATA_DIR", workdir)
    # The import task runs in this process (immediate backend), so the time is the whole run.
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
        run(args.rows)
    except TimeoutError:
        print(f"stopped: longer than {LIMIT_SECONDS} s")
    finally:
        signal.alarm(0)
        shutil.rmtree(workdir, ignore_errors=True)


def generate(rows: int) -> bytes:
    lines = [
        "Name;Art;E-Mail;Telefon;Website;Straße;PLZ;Ort;Beschreibung;Ansprechperson;Funktion;Kontakt-E-Mail"
    ]
    for i in range(rows):
        lines.append(
            f"Verein für Integration Nr. {i} e.V.;Verein;info{i}@verein.example;0261 {i:06d};"
            f"www.verein{i}.example;Hauptstraße {i % 200 + 1};{56000 + i % 999:05d};Koblenz;"
            f"Beratung und Begegnung, Gruppe {i};Person {i};Vorsitz;person{i}@verein.example"
        )
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def run(rows: int) -> None:
    from accounts.tests.factories import UserFactory
    from districts.models import Organisation, Role
    from districts.tests.factories import DistrictFactory, MembershipFactory, OrganisationFactory
    from network.io import services
    from network.models import Contact, ImportJob

    district: Any = DistrictFactory()
    office = OrganisationFactory(district=district, name="Integrationsbüro Bench")
    coordinator = UserFactory()
    MembershipFactory(user=coordinator, organisation=office, role=Role.COORDINATOR)
    data = generate(rows)
    print(f"file: {rows} rows, {len(data) / 1024 / 1024:.1f} MB (Windows-1252, semicolon)")
    try:
        for label in ("first import", "re-import (nothing changes)"):
            t0 = time.perf_counter()
            job = services.import_job_create(
                actor=coordinator, district=district, file_name="bench.csv", data=data
            )
            t1 = time.perf_counter()
            services.import_job_start(actor=coordinator, job=job, decisions={}, skip_invalid=False)
            t2 = time.perf_counter()
            job.refresh_from_db()
            report = job.report
            print(
                f"{label}: {t2 - t0:.1f} s (read {t1 - t0:.1f} s, check + write {t2 - t1:.1f} s) "
                f"status={job.status} created={report.get('created')} "
                f"unchanged={report.get('unchanged')} contacts={report.get('contacts')}"
            )
        organisations = Organisation.objects.for_district(district).count()
        contacts = Contact.objects.for_district(district).count()
        print(f"in the district now: {organisations} organisations, {contacts} contacts")
    finally:
        ImportJob.objects.for_district(district).delete()
        district.delete()


if __name__ == "__main__":
    main()
