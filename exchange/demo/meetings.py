"""Demo content of the meetings area (see the package docstring).

Mayen-Koblenz: the next Netzwerktreffen in two weeks (the job centre's staff member is not yet
registered, so they see "Anmelden"), a workshop series after the phases of the Emsland pilot (the
needs assessment is past, with minutes and follow-up tasks; the initiation is ahead), and a
Fachtagung whose seats are taken, with a waiting list. Koblenz: one Netzwerktreffen. Places and
people are fictional. Everything goes through the services; a meeting whose title exists
already is left alone.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from districts.audience import Audience

from ..models.meetings import Meeting, MeetingKind, Registration, WorkshopPhase
from ..services import meetings as services

MYK_OFFICE = "Integrationsbüro der Kreisverwaltung Mayen-Koblenz"
MYK_CARITAS = "Caritas-Migrationsberatung Mayen"
MYK_JOBCENTRE = "Jobcenter Mayen-Koblenz"
MYK_DIAKONIE = "Diakonie-Migrationsdienst Andernach"

NETWORK_MEETING = "Netzwerktreffen Integration Mayen-Koblenz"
WORKSHOP_NEEDS = "Workshopreihe Willkommenskultur (1): Bedarfsanalyse"
WORKSHOP_INITIATION = "Workshopreihe Willkommenskultur (2): Initiierung"
CONFERENCE = "Fachtagung Arbeitsmarktintegration Geflüchteter"


def seed(district: Any, people: Any, *, today: dt.date, created: Counter[str]) -> None:
    """Create what is missing of this area's demo in `district`; count it in `created`."""
    if district.slug == "mayen-koblenz":
        _mayen_koblenz(district, people, today, created)
    elif district.slug == "koblenz":
        _koblenz(district, people, today, created)


def _at(today: dt.date, days: int, hour: int, minute: int = 0) -> dt.datetime:
    day = today + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _exists(district: Any, title: str) -> bool:
    return Meeting.objects.for_district(district).filter(title=title).exists()


def _data(**fields: Any) -> dict[str, Any]:
    data = {
        "kind": MeetingKind.NETWORK,
        "phase": "",
        "description": "",
        "agenda": "",
        "place": "",
        "online_url": "",
        "capacity": None,
        "registration_until": None,
    }
    data.update(fields)
    return data


def _register(meeting: Meeting, *people: Any) -> None:
    for person in people:
        if person is not None:
            services.meeting_register(actor=person, meeting=meeting)


def _mayen_koblenz(district: Any, people: Any, today: dt.date, created: Counter[str]) -> None:
    coordinator = people.user("koordination@mayen-koblenz.example.org")
    caritas_admin = people.user("orga-admin@mayen-koblenz.example.org")
    caseworker = people.user("fallarbeit@mayen-koblenz.example.org")
    guide = people.user("lotsin@mayen-koblenz.example.org")
    office = people.organisation(MYK_OFFICE)
    if coordinator is None or office is None:
        return

    if not _exists(district, NETWORK_MEETING):
        meeting = services.meeting_create(
            actor=coordinator,
            district=district,
            organisation=office,
            data=_data(
                title=NETWORK_MEETING,
                description=(
                    "<p>Das Netzwerktreffen bringt zweimal im Jahr alle Organisationen des "
                    "Integrationsnetzwerks zusammen: Behörden, Beratungsstellen, Träger, "
                    "Migrantenorganisationen und Ehrenamt.</p>"
                ),
                agenda=(
                    "<ol><li>Begrüßung und Vorstellungsrunde neuer Mitglieder</li>"
                    "<li>Bericht aus dem Integrationsbüro: Stand des Integrationskonzepts</li>"
                    "<li>Neue Terminregeln der Ausländerbehörde – Fragen aus der Praxis</li>"
                    "<li>Verweisberatung: Erfahrungen mit dem gemeinsamen Leitfaden</li>"
                    "<li>Verschiedenes und Termine</li></ol>"
                ),
                starts_at=_at(today, 14, 14),
                ends_at=_at(today, 14, 17),
                place="Sitzungssaal im Demo-Kreishaus, Am Beispielplatz 3, 56727 Mayen",
                capacity=30,
                registration_until=_at(today, 12, 23, 59),
            ),
            audience=Audience.NETWORK,
        )
        # The job centre's staff member is left out on purpose: they see "Anmelden".
        _register(meeting, caritas_admin, caseworker)
        created[str(Meeting._meta.verbose_name_plural)] += 1

    _workshops(district, people, today, created, coordinator, office)

    if not _exists(district, CONFERENCE):
        meeting = services.meeting_create(
            actor=coordinator,
            district=district,
            organisation=office,
            data=_data(
                kind=MeetingKind.CONFERENCE,
                title=CONFERENCE,
                description=(
                    "<p>Eine Fachtagung mit Beispielen aus Betrieben, Kammern und dem Jobcenter: "
                    "Wie gelingt der Weg von der Anerkennung bis zur Beschäftigung?</p>"
                ),
                agenda=(
                    "<ul><li>Impuls: Anerkennung ausländischer Berufsabschlüsse</li>"
                    "<li>Praxisforum: Ausbildung in der Pflege</li>"
                    "<li>Podium mit Betrieben aus dem Kreis</li></ul>"
                ),
                starts_at=_at(today, 42, 9, 30),
                ends_at=_at(today, 42, 16),
                place="Demo-Stadthalle, Beispielweg 12, 56727 Mayen",
                online_url="https://konferenz.example.org/fachtagung-myk",
                capacity=2,
            ),
            audience=Audience.NETWORK,
            include_volunteers=True,
        )
        # Two seats, both taken; the volunteer guide waits for a seat.
        _register(meeting, caritas_admin, caseworker, guide)
        created[str(Meeting._meta.verbose_name_plural)] += 1


def _workshops(
    district: Any,
    people: Any,
    today: dt.date,
    created: Counter[str],
    coordinator: Any,
    office: Any,
) -> None:
    caritas = people.organisation(MYK_CARITAS)
    jobcentre = people.organisation(MYK_JOBCENTRE)
    diakonie = people.organisation(MYK_DIAKONIE)
    description = (
        "<p>Die Workshopreihe folgt den Phasen des Emsland-Modells: Bedarfsanalyse, "
        "Initiierung, Planung, Umsetzung und Abschluss. Fachkräfte der Behörden und "
        "Beratungsstellen erarbeiten gemeinsam, wie Neuzugewanderte schneller und "
        "verlässlicher an die richtige Stelle kommen.</p>"
    )
    if not _exists(district, WORKSHOP_NEEDS):
        past = services.meeting_create(
            actor=coordinator,
            district=district,
            organisation=office,
            data=_data(
                kind=MeetingKind.WORKSHOP,
                phase=WorkshopPhase.NEEDS,
                title=WORKSHOP_NEEDS,
                description=description,
                agenda=(
                    "<ol><li>Wo hakt es heute? Sammlung aus der Praxis</li>"
                    "<li>Wege von Neuzugewanderten durch die Behörden</li>"
                    "<li>Prioritäten für die Reihe</li></ol>"
                ),
                starts_at=_at(today, -35, 9),
                ends_at=_at(today, -35, 13),
                place="Besprechungsraum 2, Demo-Kreishaus, Am Beispielplatz 3, 56727 Mayen",
                capacity=20,
            ),
            audience=Audience.NETWORK,
        )
        # The workshop lies in the past, when registration is closed: the demo records who
        # was there directly, the way the organisers' attendance list would show it.
        for email in (
            "orga-admin@mayen-koblenz.example.org",
            "fachkraft@mayen-koblenz.example.org",
        ):
            person = people.user(email)
            if person is None:
                continue
            membership = person.memberships.filter(district=district, is_active=True).first()
            registration = Registration.objects.create(
                district=district,
                meeting=past,
                person=person,
                organisation=membership.organisation if membership else None,
                created_at=past.starts_at - dt.timedelta(days=10),
            )
            services.registration_set_attended(
                actor=coordinator, registration=registration, attended=True
            )
        services.minutes_upload(
            actor=coordinator,
            meeting=past,
            upload=ContentFile(_minutes_text(past).encode(), name="Protokoll Bedarfsanalyse.txt"),
        )
        tasks = (
            ("Übersicht der Anlaufstellen für Neuzugewanderte abstimmen", caritas, -20, True),
            ("Wartezeiten bei der Ausländerbehörde für drei Monate erfassen", None, -3, False),
            ("Kurzbefragung der Fachkräfte zum Verweisweg vorbereiten", jobcentre, 14, False),
            ("Ideen für einen gemeinsamen Erstberatungstag sammeln", diakonie, 28, False),
        )
        for title, organisation, days, done in tasks:
            task = services.task_create(
                actor=coordinator,
                meeting=past,
                data={
                    "title": title,
                    "owner": None if organisation else coordinator,
                    "owner_organisation": organisation or office,
                    "due_on": today + dt.timedelta(days=days),
                },
            )
            if done:
                services.task_set_done(actor=coordinator, task=task, done=True)
        created[str(Meeting._meta.verbose_name_plural)] += 1

    if not _exists(district, WORKSHOP_INITIATION):
        services.meeting_create(
            actor=coordinator,
            district=district,
            organisation=office,
            data=_data(
                kind=MeetingKind.WORKSHOP,
                phase=WorkshopPhase.INITIATION,
                title=WORKSHOP_INITIATION,
                description=description,
                agenda=(
                    "<ol><li>Ergebnisse der Bedarfsanalyse</li>"
                    "<li>Ziele und Arbeitsgruppen festlegen</li>"
                    "<li>Verabredungen bis zur Planungsphase</li></ol>"
                ),
                starts_at=_at(today, 30, 9),
                ends_at=_at(today, 30, 13),
                place="Besprechungsraum 2, Demo-Kreishaus, Am Beispielplatz 3, 56727 Mayen",
                online_url="https://konferenz.example.org/workshop-willkommen",
                capacity=20,
            ),
            audience=Audience.NETWORK,
        )
        created[str(Meeting._meta.verbose_name_plural)] += 1


def _minutes_text(meeting: Meeting) -> str:
    day = timezone.localtime(meeting.starts_at).strftime("%d.%m.%Y")
    return (
        f"Protokoll: {meeting.title}\n"
        f"Datum: {day}, 9:00 bis 13:00 Uhr\n\n"
        "TOP 1 – Wo hakt es heute?\n"
        "Die Teilnehmenden sammelten Stellen, an denen Neuzugewanderte zwischen den Behörden "
        "verloren gehen: lange Wartezeiten auf Termine, unklare Zuständigkeiten beim Wechsel "
        "vom Asylbewerberleistungsgesetz ins SGB II, fehlende Übersetzungen von Bescheiden.\n\n"
        "TOP 2 – Wege durch die Behörden\n"
        "An drei typischen Fällen wurde der Weg von der Ankunft bis zur ersten Beschäftigung "
        "nachgezeichnet. Ergebnis: Eine gemeinsame Übersicht der Anlaufstellen fehlt.\n\n"
        "TOP 3 – Prioritäten\n"
        "1. Übersicht der Anlaufstellen, 2. Wartezeiten erfassen, 3. Verweisweg verbessern.\n\n"
        "Die Folgeaufgaben stehen im Austausch beim Treffen.\n"
    )


def _koblenz(district: Any, people: Any, today: dt.date, created: Counter[str]) -> None:
    coordinator = people.user("koordination@koblenz.example.org")
    office = people.organisation("Integrationsbüro der Stadtverwaltung Koblenz")
    title = "Netzwerktreffen Integration Koblenz"
    if coordinator is None or office is None or _exists(district, title):
        return
    meeting = services.meeting_create(
        actor=coordinator,
        district=district,
        organisation=office,
        data=_data(
            title=title,
            description="<p>Austausch der Koblenzer Beratungsstellen und Behörden.</p>",
            starts_at=_at(today, 21, 15),
            ends_at=_at(today, 21, 17),
            place="Demo-Rathaus, Raum 101, Beispielstraße 1, 56068 Koblenz",
            capacity=25,
        ),
        audience=Audience.NETWORK,
    )
    _register(meeting, people.user("fachkraft@koblenz.example.org"))
    created[str(Meeting._meta.verbose_name_plural)] += 1
